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

int       gk_test_run_cli            (const char  *data_dir,
                                      const char  *input,
                                      char       **out,
                                      char       **err,
                                      const char  *first,
                                      ...) G_GNUC_NULL_TERMINATED;
void      gk_test_set_cli_environment (const char  *variable,
                                       const char  *value);
void      gk_test_set_cli_file_size_limit (goffset bytes);
int       gk_test_run_cli_argv       (const char  *data_dir,
                                      const char  *input,
                                      char       **out,
                                      char       **err,
                                      const char * const *args);
void      gk_test_make_certificate   (const char  *cert_path,
                                      const char  *key_path);

G_END_DECLS
