/* One attachment's bytes sent to the portal with tus 1.0.0, resuming where the portal stands. */
#pragma once

#include <gio/gio.h>

#include "gk-portal-client.h"

G_BEGIN_DECLS

#define GK_TYPE_TUS_UPLOAD (gk_tus_upload_get_type ())

G_DECLARE_FINAL_TYPE (GkTusUpload, gk_tus_upload, GK, TUS_UPLOAD, GObject)

GkTusUpload *gk_tus_upload_new           (GkPortalClient *client,
                                          const char     *path,
                                          const char     *sha256,
                                          const char     *name,
                                          const char     *content_type,
                                          guint64         size);
void         gk_tus_upload_create_async  (GkTusUpload    *self,
                                          const char     *idempotency_key,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
char        *gk_tus_upload_create_finish (GkTusUpload    *self,
                                          GAsyncResult   *result,
                                          GError        **error);
void         gk_tus_upload_send_async    (GkTusUpload    *self,
                                          const char     *location,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
gboolean     gk_tus_upload_send_finish   (GkTusUpload    *self,
                                          GAsyncResult   *result,
                                          GError        **error);
void         gk_tus_upload_set_checksums_always (GkTusUpload *self,
                                          gboolean        always);
guint64      gk_tus_upload_get_offset    (GkTusUpload    *self);
guint64      gk_tus_upload_get_size      (GkTusUpload    *self);

G_END_DECLS
