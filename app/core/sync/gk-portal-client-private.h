/* How a portal reply is read and judged, apart from the session: shared with the fuzz targets. */
#pragma once

#include "gk-portal-client.h"

G_BEGIN_DECLS

GkPortalReply *gk_portal_reply_new   (guint               status,
                                      SoupMessageHeaders *headers,
                                      GBytes             *body);
gboolean       gk_portal_reply_check (GkPortalReply      *reply,
                                      const char         *portal,
                                      GError            **error);

G_END_DECLS
