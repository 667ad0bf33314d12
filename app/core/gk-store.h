/* The liaison's SQLite store: one file per data dir, migrated by PRAGMA user_version. */
#pragma once

#include <gio/gio.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_STORE_ERROR (gk_store_error_quark ())

typedef enum {
  GK_STORE_ERROR_OPEN,
  GK_STORE_ERROR_CORRUPT,
  GK_STORE_ERROR_NEWER,
  GK_STORE_ERROR_IO,
} GkStoreError;

#define GK_TYPE_STORE (gk_store_get_type ())

G_DECLARE_FINAL_TYPE (GkStore, gk_store, GK, STORE, GObject)

GQuark      gk_store_error_quark       (void);
GkStore    *gk_store_open              (const char *path,
                                        GError    **error);
const char *gk_store_get_path          (GkStore    *self);
int         gk_store_get_schema_version (GkStore   *self);
int         gk_store_get_latest_schema_version (void);
GkProfile  *gk_store_dup_profile       (GkStore    *self);
gboolean    gk_store_save_profile      (GkStore    *self,
                                        GkProfile  *profile,
                                        GError    **error);

G_END_DECLS
