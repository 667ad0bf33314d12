/*
 * The one place that speaks HTTP to the portal. Replies of every status come
 * back as a GkPortalReply; anything but 2xx and 304 also comes back as a
 * classified GError whose message a liaison can read (the problem's detail
 * when the portal sent one). The token goes into a header and nowhere else.
 */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-json.h"
#include "gk-portal-client-private.h"
#include "gk-portal-problem.h"

/* A slow government line may take long between bytes; a dead one must not hang forever. */
#define TIMEOUT_SECONDS 120

struct _GkPortalClient
{
  GObject      parent_instance;

  GUri        *base;
  char        *base_url;
  char        *authorization;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (GkPortalClient, gk_portal_client, G_TYPE_OBJECT)

/* Extended so a refusal can carry the Retry-After the portal asked for, or that no connection was made. */
typedef struct
{
  guint    retry_after;
  gboolean unreachable;
} GkPortalClientErrorPrivate;

static void
gk_portal_client_error_private_init (GkPortalClientErrorPrivate *priv)
{
  priv->retry_after = 0;
  priv->unreachable = FALSE;
}

static void
gk_portal_client_error_private_copy (const GkPortalClientErrorPrivate *src,
                              GkPortalClientErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
  dest->unreachable = src->unreachable;
}

static void
gk_portal_client_error_private_clear (GkPortalClientErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (GkPortalClientError, gk_portal_client_error)

/**
 * gk_portal_client_error_get_retry_after:
 *
 * Returns: the seconds the portal asked to wait before trying again, or 0
 */
guint
gk_portal_client_error_get_retry_after (const GError *error)
{
  GkPortalClientErrorPrivate *priv = error != NULL ? gk_portal_client_error_get_private (error) : NULL;

  return priv != NULL ? priv->retry_after : 0;
}

/**
 * gk_portal_client_error_is_unreachable:
 *
 * Returns: whether no connection to the portal could be made at all (refused,
 *   no route, no such host): every other request would fail the same way now
 */
gboolean
gk_portal_client_error_is_unreachable (const GError *error)
{
  GkPortalClientErrorPrivate *priv = error != NULL ? gk_portal_client_error_get_private (error) : NULL;

  return priv != NULL && priv->unreachable;
}

void
gk_portal_reply_free (GkPortalReply *reply)
{
  g_free (reply->etag);
  g_free (reply->location);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_error (&reply->json_error);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

static guint
parse_retry_after (const char *value)
{
  guint64 seconds;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, 86400, &seconds, NULL))
    return (guint) seconds;

  /* The other form RFC 9110 allows: an HTTP date. */
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  return (guint) CLAMP (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 0, 86400);
}

/**
 * gk_portal_reply_new:
 * @body: (nullable): the whole body
 *
 * Reads what the client needs from a reply's status, headers and body; a
 * body that is not JSON leaves the reply's json %NULL.
 *
 * Returns: (transfer full): the reply
 */
GkPortalReply *
gk_portal_reply_new (guint               status,
                     SoupMessageHeaders *headers,
                     GBytes             *body)
{
  GkPortalReply *reply = g_new0 (GkPortalReply, 1);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  const char *offset = soup_message_headers_get_one (headers, "Upload-Offset");
  guint64 value;

  reply->status = status;
  reply->body = body != NULL ? g_bytes_ref (body) : NULL;
  reply->headers = soup_message_headers_ref (headers);
  reply->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  reply->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  reply->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  reply->upload_offset = offset != NULL && g_ascii_string_to_unsigned (offset, 10, 0, G_MAXINT64, &value, NULL)
                         ? (gint64) value : -1;

  if (body != NULL && g_bytes_get_size (body) > 0 && content_type != NULL &&
      (g_str_equal (content_type, "application/json") || g_str_equal (content_type, "application/problem+json")))
    {
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      reply->json = gk_json_parse_bounded (data, size, GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &reply->json_error);
    }

  return reply;
}

/**
 * gk_portal_reply_check:
 * @portal: the portal's address, for the messages
 *
 * Sets @error from a reply that is not a success; returns %FALSE then.
 */
gboolean
gk_portal_reply_check (GkPortalReply *reply,
                       const char    *portal,
                       GError       **error)
{
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  GkPortalClientError code;

  if ((SOUP_STATUS_IS_SUCCESSFUL (reply->status) || reply->status == SOUP_STATUS_NOT_MODIFIED) &&
      reply->json_error != NULL)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                   _("The portal %s sent an answer that cannot be read (%s); tell the municipal office."),
                   portal, reply->json_error->message);
      return FALSE;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (reply->status) || reply->status == SOUP_STATUS_NOT_MODIFIED)
    return TRUE;

  detail = gk_portal_problem_dup_detail (reply->json);

  if (reply->status >= 500 || reply->status == 408 || reply->status == 429)
    code = GK_PORTAL_CLIENT_ERROR_RETRY;
  else if (reply->status == 401)
    code = GK_PORTAL_CLIENT_ERROR_AUTH;
  else if (reply->status == 404)
    code = GK_PORTAL_CLIENT_ERROR_NOT_FOUND;
  else if (reply->status == 409)
    code = GK_PORTAL_CLIENT_ERROR_CONFLICT;
  else if (reply->status == 412)
    code = GK_PORTAL_CLIENT_ERROR_PRECONDITION;
  else if (reply->status == 460)
    code = GK_PORTAL_CLIENT_ERROR_CHECKSUM;
  else
    code = GK_PORTAL_CLIENT_ERROR_REFUSED;

  /* Our sentence in the liaison's language; the portal's own words only as its detail (详情). */
  message = code == GK_PORTAL_CLIENT_ERROR_AUTH
            ? g_strdup_printf (_("The portal %s did not accept the token; log in again with a new token from the municipal office."), portal)
            : gk_portal_problem_dup_message (reply->status, reply->json);
  text = gk_portal_problem_join (message, detail);
  g_set_error_literal (error, GK_PORTAL_CLIENT_ERROR, code, text);

  if (error != NULL && *error != NULL)
    gk_portal_client_error_get_private (*error)->retry_after = reply->retry_after;

  return FALSE;
}

static void
classify_transport_error (GkPortalClient *self,
                          GError         *in,
                          GError        **error)
{
  if (in->domain == G_TLS_ERROR || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_TLS,
                 _("The portal %s could not prove who it is (%s); check the address, or configure the municipal CA certificate."),
                 self->base_url, in->message);
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (in));
  else
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY,
                   _("The portal %s could not be reached (%s); the work waits and is sent when the network is back."),
                   self->base_url, in->message);
      /* A connection cut mid-way may be this request's own trouble; one never made is not. */
      if (error != NULL && *error != NULL)
        gk_portal_client_error_get_private (*error)->unreachable =
          in->domain == G_RESOLVER_ERROR ||
          g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
          g_error_matches (in, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
          g_error_matches (in, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
    }
}

static void
gk_portal_client_finalize (GObject *object)
{
  GkPortalClient *self = (GkPortalClient *)object;

  g_clear_pointer (&self->base, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->authorization, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (gk_portal_client_parent_class)->finalize (object);
}

static void
gk_portal_client_class_init (GkPortalClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_client_finalize;
}

static void
gk_portal_client_init (GkPortalClient *self)
{
}

/**
 * gk_portal_client_new:
 * @base_url: the portal, such as `https://portal.example.gov.cn/`
 * @token: the liaison's bearer token
 * @ca_file: (nullable): a PEM file whose CAs are trusted instead of the system's
 */
GkPortalClient *
gk_portal_client_new (const char *base_url,
                      const char *token,
                      const char *ca_file,
                      GError    **error)
{
  g_autoptr(GkPortalClient) self = g_object_new (GK_TYPE_PORTAL_CLIENT, NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  normalized = g_str_has_suffix (base_url, "/") ? g_strdup (base_url) : g_strconcat (base_url, "/", NULL);
  self->base = g_uri_parse (normalized, G_URI_FLAGS_NONE, NULL);
  if (self->base == NULL ||
      (g_strcmp0 (g_uri_get_scheme (self->base), "https") != 0 && g_strcmp0 (g_uri_get_scheme (self->base), "http") != 0) ||
      g_uri_get_host (self->base) == NULL)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                   _("“%s” is not a portal address; write it as https://host/ or http://127.0.0.1:8080/."),
                   base_url);
      return NULL;
    }

  if (ca_file != NULL && (database = g_tls_file_database_new (ca_file, error)) == NULL)
    return NULL;

  self->base_url = g_uri_to_string (self->base);
  self->authorization = g_strconcat ("Bearer ", token, NULL);
  /* No proxy: a portal on the intranet or on loopback must not be sent through http_proxy. */
  self->session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                 "timeout", TIMEOUT_SECONDS,
                                                 "user-agent", "gongkai-liaison/" PACKAGE_VERSION,
                                                 database != NULL ? "tls-database" : NULL, database,
                                                 NULL);

  return g_steal_pointer (&self);
}

const char *
gk_portal_client_get_base_url (GkPortalClient *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * gk_portal_client_resolve:
 * @reference: a path such as `api/v1/items` or a Location header, relative or absolute
 *
 * Returns: (transfer full) (nullable): the absolute URL
 */
char *
gk_portal_client_resolve (GkPortalClient *self,
                          const char     *reference)
{
  g_autoptr(GUri) resolved = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_CLIENT (self), NULL);

  resolved = g_uri_parse_relative (self->base, reference, G_URI_FLAGS_NONE, NULL);

  return resolved != NULL ? g_uri_to_string (resolved) : NULL;
}

/**
 * gk_portal_client_new_message:
 *
 * Returns: (transfer full): a request with the token and the tus version set
 */
SoupMessage *
gk_portal_client_new_message (GkPortalClient *self,
                              const char     *method,
                              const char     *path)
{
  g_autofree char *url = gk_portal_client_resolve (self, path);
  SoupMessage *message = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  soup_message_headers_replace (headers, "Accept-Language", gk_portal_problem_accept_language ());

  return message;
}

static void
on_send_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkPortalClient *self = g_task_get_source_object (task);
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (body == NULL)
    {
      GError *classified = NULL;

      classify_transport_error (self, error, &classified);
      g_task_return_error (task, classified);
      return;
    }

  g_task_return_pointer (task,
                         gk_portal_reply_new (soup_message_get_status (message),
                                              soup_message_get_response_headers (message), body),
                         (GDestroyNotify) gk_portal_reply_free);
}

void
gk_portal_client_send_async (GkPortalClient      *self,
                             SoupMessage         *message,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_PORTAL_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_portal_client_send_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    on_send_done_cb, task);
}

/**
 * gk_portal_client_send_finish:
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set for
 *   a transport failure or a reply that is not a success
 */
GkPortalReply *
gk_portal_client_send_finish (GkPortalClient *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_autoptr(GkPortalReply) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if ((reply = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;

  if (!gk_portal_reply_check (reply, self->base_url, error))
    return NULL;

  return g_steal_pointer (&reply);
}

/**
 * gk_portal_client_call_async:
 * @body: (nullable): the JSON request body
 * @idempotency_key: (nullable): required on POST and PUT
 * @if_match: (nullable): the ETag a revision replaces
 *
 * One JSON request of docs/portal-api.md.
 */
void
gk_portal_client_call_async (GkPortalClient      *self,
                             const char          *method,
                             const char          *path,
                             JsonNode            *body,
                             const char          *idempotency_key,
                             const char          *if_match,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  g_return_if_fail (GK_IS_PORTAL_CLIENT (self));

  message = gk_portal_client_new_message (self, method, path);
  headers = soup_message_get_request_headers (message);

  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", if_match);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  gk_portal_client_send_async (self, message, cancellable, callback, user_data);
}

GkPortalReply *
gk_portal_client_call_finish (GkPortalClient *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  return gk_portal_client_send_finish (self, result, error);
}
