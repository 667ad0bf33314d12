/* Helpers shared by the test programs: temporary data folders and catalog fixtures. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char     *gk_test_make_data_dir      (void);
void      gk_test_remove_tree        (const char *path);
JsonNode *gk_test_dup_builtin_json   (void);
GBytes   *gk_test_json_to_bytes      (JsonNode   *root);
char     *gk_test_write_catalog      (const char *dir,
                                      const char *name,
                                      JsonNode   *root);

G_END_DECLS
