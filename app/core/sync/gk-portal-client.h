/* HTTP access to the municipal portal (docs/portal-api.md): one session, one token. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_PORTAL_CLIENT_ERROR (gk_portal_client_error_quark ())

/* The store setting, followed by the portal's address, that names the unit of the kept token. */
#define GK_PORTAL_UNIT_SETTING "portal-unit:"

/* How the sync engine should react, more than what happened. */
typedef enum {
  GK_PORTAL_CLIENT_ERROR_RETRY,        /* network, timeout, 5xx, 408, 429: try again later */
  GK_PORTAL_CLIENT_ERROR_AUTH,         /* 401: the token is missing, unknown or expired */
  GK_PORTAL_CLIENT_ERROR_REFUSED,      /* other 4xx: retrying cannot fix it */
  GK_PORTAL_CLIENT_ERROR_NOT_FOUND,    /* 404 */
  GK_PORTAL_CLIENT_ERROR_CONFLICT,     /* 409: tus offset, or an id under another key */
  GK_PORTAL_CLIENT_ERROR_PRECONDITION, /* 412: revised on another PC meanwhile */
  GK_PORTAL_CLIENT_ERROR_CHECKSUM,     /* 460: a chunk arrived damaged */
  GK_PORTAL_CLIENT_ERROR_TLS,          /* the certificate could not be verified */
  GK_PORTAL_CLIENT_ERROR_PROTOCOL,     /* the server's answer makes no sense */
  GK_PORTAL_CLIENT_ERROR_INSECURE,     /* plain http to another host, not allowed */
  GK_PORTAL_CLIENT_ERROR_WRONG_UNIT,   /* the token is not the profile's unit's */
} GkPortalClientError;

typedef enum {
  GK_PORTAL_CLIENT_FLAGS_NONE = 0,
  GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP = 1 << 0,  /* an isolated lab: plain http to another host */
} GkPortalClientFlags;

typedef struct
{
  guint       status;
  char       *etag;
  char       *location;
  gint64      upload_offset;  /* -1 when absent */
  guint       retry_after;    /* seconds; 0 when absent */
  JsonNode   *json;           /* NULL unless the body was JSON */
  GError     *json_error;     /* why a JSON body was not read: too deep, too large, malformed */
  GBytes     *body;
  SoupMessageHeaders *headers;
} GkPortalReply;

void gk_portal_reply_free (GkPortalReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPortalReply, gk_portal_reply_free)

#define GK_TYPE_PORTAL_CLIENT (gk_portal_client_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalClient, gk_portal_client, GK, PORTAL_CLIENT, GObject)

GQuark          gk_portal_client_error_quark          (void);
guint           gk_portal_client_error_get_retry_after (const GError  *error);
gboolean        gk_portal_client_error_is_unreachable (const GError  *error);
guint           gk_portal_client_error_get_status (const GError  *error);
const char     *gk_portal_client_error_get_upload_problem (const GError *error);
GkPortalClient *gk_portal_client_new           (const char     *base_url,
                                                const char     *token,
                                                const char     *ca_file,
                                                GkPortalClientFlags flags,
                                                GError        **error);
gboolean        gk_portal_client_is_loopback   (GUri           *uri);
char           *gk_portal_client_dup_address   (const char     *url,
                                                GkPortalClientFlags flags,
                                                GError        **error);
const char     *gk_portal_client_get_base_url  (GkPortalClient *self);
const char     *gk_portal_client_get_unit      (GkPortalClient *self);
void            gk_portal_client_set_unit      (GkPortalClient *self,
                                                const char     *unit);
void            gk_portal_client_set_deadline  (GkPortalClient *self,
                                                guint           seconds);
char           *gk_portal_client_resolve       (GkPortalClient *self,
                                                const char     *base,
                                                const char     *reference,
                                                GError        **error);
SoupMessage    *gk_portal_client_new_message   (GkPortalClient *self,
                                                const char     *method,
                                                const char     *path,
                                                GError        **error);
void            gk_portal_client_send_async    (GkPortalClient *self,
                                                SoupMessage    *message,
                                                gsize           max_body,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
GkPortalReply  *gk_portal_client_send_finish   (GkPortalClient *self,
                                                GAsyncResult   *result,
                                                GError        **error);
void            gk_portal_client_call_async    (GkPortalClient *self,
                                                const char     *method,
                                                const char     *path,
                                                JsonNode       *body,
                                                const char     *idempotency_key,
                                                const char     *if_match,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
GkPortalReply  *gk_portal_client_call_finish   (GkPortalClient *self,
                                                GAsyncResult   *result,
                                                GError        **error);

G_END_DECLS
