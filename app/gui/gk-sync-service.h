/* The application's link to the portal: the account, and a sync engine for it while a login exists. */
#pragma once

#include <gio/gio.h>

#include "gk-portal-account.h"
#include "gk-sync-engine.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_SYNC_SERVICE (gk_sync_service_get_type ())

G_DECLARE_FINAL_TYPE (GkSyncService, gk_sync_service, GK, SYNC_SERVICE, GObject)

GkSyncService   *gk_sync_service_new            (GkContext     *context);
GkContext       *gk_sync_service_get_context    (GkSyncService *self);
GkPortalAccount *gk_sync_service_get_account    (GkSyncService *self);
GkSyncEngine    *gk_sync_service_get_engine     (GkSyncService *self);
GkSyncStatus     gk_sync_service_get_status     (GkSyncService *self);
const char      *gk_sync_service_get_last_error (GkSyncService *self);
gboolean         gk_sync_service_get_logged_in  (GkSyncService *self);
gboolean         gk_sync_service_is_item_refusal (GkSyncService *self);
const char      *gk_sync_service_get_url        (GkSyncService *self);
void             gk_sync_service_reload         (GkSyncService *self);
void             gk_sync_service_send_now_async (GkSyncService *self,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
gboolean         gk_sync_service_send_now_finish (GkSyncService *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
void             gk_sync_service_login_async    (GkSyncService *self,
                                                 const char    *url,
                                                 const char    *token,
                                                 const char    *ca_file,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
char            *gk_sync_service_login_finish   (GkSyncService *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
void             gk_sync_service_register_async (GkSyncService *self,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
gboolean         gk_sync_service_register_finish (GkSyncService *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

G_END_DECLS
