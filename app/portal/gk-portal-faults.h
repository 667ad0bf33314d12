/* Fault switches for tests: failed requests, cut bodies, lost responses, slow answers. */
#pragma once

#include <json-glib/json-glib.h>

#include "gk-portal-types.h"

G_BEGIN_DECLS

#define GK_TYPE_PORTAL_FAULTS (gk_portal_faults_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalFaults, gk_portal_faults, GK, PORTAL_FAULTS, GObject)

GkPortalFaults *gk_portal_faults_new                (void);
gboolean        gk_portal_faults_set_from_json      (GkPortalFaults *self,
                                                     JsonObject     *object,
                                                     GError        **error);
JsonNode       *gk_portal_faults_to_json            (GkPortalFaults *self);
GError         *gk_portal_faults_take_failure       (GkPortalFaults *self,
                                                     char          **retry_after);
gboolean        gk_portal_faults_get_drop_after     (GkPortalFaults *self,
                                                     guint64        *bytes);
void            gk_portal_faults_clear_drop_after   (GkPortalFaults *self);
gboolean        gk_portal_faults_take_drop_response (GkPortalFaults *self);
guint           gk_portal_faults_get_delay          (GkPortalFaults *self);
GError         *gk_portal_faults_take_patch_refusal (GkPortalFaults *self);

G_END_DECLS
