/* The one link to the municipal portal: the account (address, token, unit), its client and sync engine. */
#pragma once

#include <gio/gio.h>

#include "gk-portal-client.h"
#include "gk-sync-host.h"
#include "gk-types.h"

G_BEGIN_DECLS

/* What the liaison is shown, sorted by what they can do about it. */
typedef enum {
  GK_SYNC_STATUS_SIGNED_OUT,  /* no unit chosen, or no token for it: log in */
  GK_SYNC_STATUS_WRONG_UNIT,  /* the token is another unit's than the liaison details': log in with the right one */
  GK_SYNC_STATUS_IDLE,        /* connected, nothing under way */
  GK_SYNC_STATUS_SENDING,     /* a pass is sending and reading back */
  GK_SYNC_STATUS_OFFLINE,     /* the portal cannot be reached; items wait */
  GK_SYNC_STATUS_REFUSED,     /* the portal refused an item: the fix is in the outbox */
  GK_SYNC_STATUS_FAILED,      /* sending stopped for another reason: token, certificate, a broken answer */
} GkSyncStatus;

/* Its GType, GK_TYPE_SYNC_STATUS, is in the generated gk-core-enums.h. */
gboolean gk_sync_status_is_stopped (GkSyncStatus status);

#define GK_TYPE_SYNC (gk_sync_get_type ())

G_DECLARE_FINAL_TYPE (GkSync, gk_sync, GK, SYNC, GObject)

GkSync         *gk_sync_new                 (GkSyncHost     *host,
                                             const char     *portal);
GkSyncStatus    gk_sync_get_status          (GkSync         *self);
const char     *gk_sync_get_last_error      (GkSync         *self);
gboolean        gk_sync_get_logged_in       (GkSync         *self);
const char     *gk_sync_get_url             (GkSync         *self);
GkPortalClient *gk_sync_get_client          (GkSync         *self);
char           *gk_sync_dup_ca_file         (GkSync         *self);
GDateTime      *gk_sync_dup_token_expiry    (GkSync         *self);
char           *gk_sync_dup_expiry_warning  (GkSync         *self,
                                             GDateTime      *now);
gboolean        gk_sync_reload              (GkSync         *self,
                                             GError        **error);
void            gk_sync_start               (GkSync         *self);
void            gk_sync_stop                (GkSync         *self);
void            gk_sync_send_now_async      (GkSync         *self,
                                             GCancellable   *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer        user_data);
gboolean        gk_sync_send_now_finish     (GkSync         *self,
                                             GAsyncResult   *result,
                                             GError        **error);
void            gk_sync_login_async         (GkSync         *self,
                                             const char     *url,
                                             const char     *token,
                                             const char     *ca_file,
                                             GkPortalClientFlags flags,
                                             GCancellable   *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer        user_data);
char           *gk_sync_login_finish        (GkSync         *self,
                                             GAsyncResult   *result,
                                             GError        **error);
void            gk_sync_register_async      (GkSync         *self,
                                             GCancellable   *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer        user_data);
gboolean        gk_sync_register_finish     (GkSync         *self,
                                             GAsyncResult   *result,
                                             GError        **error);

G_END_DECLS
