/* Delivers the outbox to the portal and brings the portal's verdicts back into the store. */
#pragma once

#include <gio/gio.h>

#include "gk-portal-client.h"
#include "gk-sync-host.h"
#include "gk-types.h"

G_BEGIN_DECLS

/* What one engine is doing; GkSync turns it into what the liaison sees. */
typedef enum {
  GK_SYNC_ENGINE_IDLE,
  GK_SYNC_ENGINE_SYNCING,
  GK_SYNC_ENGINE_OFFLINE,
  GK_SYNC_ENGINE_ERROR,
} GkSyncEngineStatus;

#define GK_TYPE_SYNC_ENGINE (gk_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (GkSyncEngine, gk_sync_engine, GK, SYNC_ENGINE, GObject)

GkSyncEngine *gk_sync_engine_new             (GkSyncHost     *host,
                                              GkPortalClient *client);
GkSyncEngineStatus gk_sync_engine_get_status (GkSyncEngine  *self);
const GError *gk_sync_engine_get_problem     (GkSyncEngine   *self);
void          gk_sync_engine_run_async       (GkSyncEngine   *self,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
gboolean      gk_sync_engine_run_finish      (GkSyncEngine   *self,
                                              GAsyncResult   *result,
                                              GError        **error);
void          gk_sync_engine_register_async  (GkSyncEngine   *self,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
gboolean      gk_sync_engine_register_finish (GkSyncEngine   *self,
                                              GAsyncResult   *result,
                                              GError        **error);
void          gk_sync_engine_start           (GkSyncEngine   *self);
void          gk_sync_engine_stop            (GkSyncEngine   *self);

G_END_DECLS
