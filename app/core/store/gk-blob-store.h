/* A content-addressed folder of attachment copies, named by their SHA-256. */
#pragma once

#include <gio/gio.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_BLOB_STORE (gk_blob_store_get_type ())

G_DECLARE_FINAL_TYPE (GkBlobStore, gk_blob_store, GK, BLOB_STORE, GObject)

GkBlobStore *gk_blob_store_new      (const char    *folder);
const char  *gk_blob_store_get_folder (GkBlobStore *self);
gboolean     gk_blob_store_add      (GkBlobStore   *self,
                                     GInputStream  *source,
                                     char         **sha256,
                                     guint64       *size,
                                     GCancellable  *cancellable,
                                     GError       **error);
char        *gk_blob_store_dup_path (GkBlobStore   *self,
                                     const char    *sha256);
gboolean     gk_blob_store_contains (GkBlobStore   *self,
                                     const char    *sha256);
void         gk_blob_store_remove   (GkBlobStore   *self,
                                     const char    *sha256);
guint        gk_blob_store_sweep    (GkBlobStore   *self,
                                     GHashTable    *keep,
                                     GTimeSpan      min_age);

G_END_DECLS
