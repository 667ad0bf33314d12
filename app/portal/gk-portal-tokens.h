/* The liaisons' bearer tokens and the unit each one belongs to. */
#pragma once

#include <gio/gio.h>

#include "gk-catalog.h"
#include "gk-portal-types.h"

G_BEGIN_DECLS

#define GK_TYPE_PORTAL_TOKENS (gk_portal_tokens_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalTokens, gk_portal_tokens, GK, PORTAL_TOKENS, GObject)

GkPortalTokens *gk_portal_tokens_new_from_file (const char     *path,
                                                GkCatalog      *catalog,
                                                GError        **error);
gboolean        gk_portal_tokens_reload        (GkPortalTokens *self,
                                                GError        **error);
const char     *gk_portal_tokens_lookup_unit   (GkPortalTokens *self,
                                                const char     *token,
                                                gboolean       *expired);
guint           gk_portal_tokens_get_count     (GkPortalTokens *self);

G_END_DECLS
