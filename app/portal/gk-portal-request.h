/* One HTTP request to the portal: its body, its caller's unit, and how it is answered. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "gk-portal-types.h"

G_BEGIN_DECLS

/* docs/portal-api.md §1: a JSON request body larger than this is refused with 413. */
#define GK_PORTAL_MAX_JSON_BODY (1024 * 1024)

#define GK_TYPE_PORTAL_REQUEST (gk_portal_request_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalRequest, gk_portal_request, GK, PORTAL_REQUEST, GObject)

GkPortalRequest   *gk_portal_request_new              (SoupServerMessage *msg);
GkPortalRequest   *gk_portal_request_from_message     (SoupServerMessage *msg);
SoupServerMessage *gk_portal_request_get_message      (GkPortalRequest   *self);
const char        *gk_portal_request_get_method       (GkPortalRequest   *self);
const char        *gk_portal_request_get_path         (GkPortalRequest   *self);
const char        *gk_portal_request_get_query        (GkPortalRequest   *self,
                                                       const char        *name);
const char        *gk_portal_request_get_header       (GkPortalRequest   *self,
                                                       const char        *name);
gboolean           gk_portal_request_is_loopback      (GkPortalRequest   *self);
char              *gk_portal_request_dup_peer         (GkPortalRequest   *self);
char              *gk_portal_dup_peer                 (SoupServerMessage *msg);
const char        *gk_portal_request_get_unit         (GkPortalRequest   *self);
void               gk_portal_request_set_unit         (GkPortalRequest   *self,
                                                       const char        *unit);
void               gk_portal_request_set_delay        (GkPortalRequest   *self,
                                                       guint              delay_ms);
void               gk_portal_request_arm_drop         (GkPortalRequest   *self,
                                                       guint64            bytes);
gsize              gk_portal_request_count_received   (GkPortalRequest   *self,
                                                       gsize              size);

gboolean           gk_portal_request_has_failed       (GkPortalRequest   *self);
void               gk_portal_request_set_failure      (GkPortalRequest   *self,
                                                       GError            *error);
GError            *gk_portal_request_get_failure      (GkPortalRequest   *self);

void               gk_portal_request_collect_body     (GkPortalRequest   *self,
                                                       const guint8      *data,
                                                       gsize              size);
char              *gk_portal_request_dup_body_text    (GkPortalRequest   *self);
JsonObject        *gk_portal_request_dup_json_object  (GkPortalRequest   *self,
                                                       GError           **error);
char              *gk_portal_request_dup_fingerprint  (GkPortalRequest   *self,
                                                       const char        *extra);

void               gk_portal_request_set_header       (GkPortalRequest   *self,
                                                       const char        *name,
                                                       const char        *value);
void               gk_portal_request_respond_json     (GkPortalRequest   *self,
                                                       guint              status,
                                                       JsonNode          *node);
void               gk_portal_request_respond_empty    (GkPortalRequest   *self,
                                                       guint              status);
void               gk_portal_request_respond_html     (GkPortalRequest   *self,
                                                       guint              status,
                                                       const char        *html);
void               gk_portal_request_respond_stored   (GkPortalRequest   *self,
                                                       const GkPortalResponse *response);
void               gk_portal_request_respond_error    (GkPortalRequest   *self,
                                                       const GError      *error);
void               gk_portal_request_redirect         (GkPortalRequest   *self,
                                                       const char        *path);

void               gk_portal_request_pause            (GkPortalRequest   *self);
void               gk_portal_request_complete         (GkPortalRequest   *self);
gboolean           gk_portal_request_is_paused        (GkPortalRequest   *self);
void               gk_portal_request_drop_connection  (GkPortalRequest   *self,
                                                       const char        *why);
gboolean           gk_portal_request_is_dropped       (GkPortalRequest   *self);

char              *gk_portal_json_to_string           (JsonNode          *node);

void               gk_portal_request_set_problem_member (GkPortalRequest *self,
                                                         const char      *name,
                                                         gint64           value);

G_END_DECLS
