/* The reference portal: an HTTP(S) server that routes requests to the API, the uploads and the office pages. */
#pragma once

#include <gio/gio.h>

#include "gk-catalog.h"
#include "gk-portal-tokens.h"

G_BEGIN_DECLS

/* docs/portal-api.md §9: --max-upload's default. */
#define GK_PORTAL_DEFAULT_MAX_UPLOAD (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024)

#define GK_TYPE_PORTAL_SERVER (gk_portal_server_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalServer, gk_portal_server, GK, PORTAL_SERVER, GObject)

GkPortalServer *gk_portal_server_new         (const char       *data_dir,
                                              GkPortalTokens   *tokens,
                                              GkCatalog        *catalog,
                                              guint64           max_upload,
                                              GTlsCertificate  *certificate,
                                              GError          **error);
void            gk_portal_server_enable_test_faults (GkPortalServer *self);
gboolean        gk_portal_server_reload_accounts (GkPortalServer *self,
                                                  GError        **error);
void            gk_portal_server_set_public_names (GkPortalServer     *self,
                                                   const char * const *names);
void            gk_portal_server_set_connection_limits (GkPortalServer *self,
                                                        guint           max_connections,
                                                        guint           idle_timeout);
void            gk_portal_server_set_max_chunk (GkPortalServer *self,
                                                guint64         bytes);
void            gk_portal_server_set_upload_quota (GkPortalServer *self,
                                                   guint64         count,
                                                   guint64         bytes);
void            gk_portal_server_set_clock_offset (GkPortalServer *self,
                                                   gint64          seconds);
guint           gk_portal_server_sweep_uploads (GkPortalServer *self);
gboolean        gk_portal_server_listen      (GkPortalServer   *self,
                                              const char       *host_port,
                                              GError          **error);
char           *gk_portal_server_dup_uri     (GkPortalServer   *self);
gboolean        gk_portal_server_accept_stream (GkPortalServer *self,
                                              GIOStream        *stream,
                                              GSocketAddress   *remote,
                                              GError          **error);
guint           gk_portal_server_publish_due (GkPortalServer   *self);

G_END_DECLS
