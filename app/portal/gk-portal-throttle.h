/* Counts failures per key (an address, an account) and holds a key back once it has too many in a window. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GK_TYPE_PORTAL_THROTTLE (gk_portal_throttle_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalThrottle, gk_portal_throttle, GK, PORTAL_THROTTLE, GObject)

GkPortalThrottle *gk_portal_throttle_new            (guint             max_failures,
                                                     guint             window_seconds);
guint             gk_portal_throttle_get_wait       (GkPortalThrottle *self,
                                                     const char       *key);
void              gk_portal_throttle_record_failure (GkPortalThrottle *self,
                                                     const char       *key);
void              gk_portal_throttle_forget         (GkPortalThrottle *self,
                                                     const char       *key);

G_END_DECLS
