/* The portal's listening socket: accepts connections up to a limit, drops idle ones, and outlives EMFILE. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* docs/deploy-portal.md: --max-connections and --idle-timeout defaults. */
#define GK_PORTAL_DEFAULT_MAX_CONNECTIONS 512
#define GK_PORTAL_DEFAULT_IDLE_TIMEOUT 60

#define GK_TYPE_PORTAL_LISTENER (gk_portal_listener_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalListener, gk_portal_listener, GK, PORTAL_LISTENER, GObject)

GkPortalListener *gk_portal_listener_new           (SoupServer       *server,
                                                    GSocketAddress   *address,
                                                    GTlsCertificate  *certificate,
                                                    guint             max_connections,
                                                    guint             idle_timeout,
                                                    GError          **error);
char             *gk_portal_listener_dup_uri       (GkPortalListener *self);
guint             gk_portal_listener_get_open      (GkPortalListener *self);

G_END_DECLS
