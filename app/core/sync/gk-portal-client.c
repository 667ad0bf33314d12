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
#include "gk-protocol.h"

/* A slow government line may take long between bytes; a dead one must not hang forever. */
#define TIMEOUT_SECONDS 120
/* A whole request and its answer, however slowly the bytes come; uploads get more below. */
#define DEADLINE_SECONDS (5 * 60)
/* The slowest line a chunk upload is allowed to take (32 kbit/s), on top of the deadline. */
#define MIN_BYTES_PER_SECOND 4096
#define MAX_RETRY_AFTER (24 * 60 * 60)

struct _GkPortalClient
{
  GObject      parent_instance;

  GUri        *base;
  char        *base_url;
  char        *authorization;
  SoupSession *session;
  guint        deadline_seconds;
  char        *unit;
};

G_DEFINE_FINAL_TYPE (GkPortalClient, gk_portal_client, G_TYPE_OBJECT)

/* Extended so a refusal can carry the Retry-After the portal asked for, or that no connection was made. */
typedef struct
{
  guint    retry_after;
  gboolean unreachable;
  guint    status;
  char    *upload_problem;
} GkPortalClientErrorPrivate;

static void
gk_portal_client_error_private_init (GkPortalClientErrorPrivate *priv)
{
  priv->retry_after = 0;
  priv->unreachable = FALSE;
  priv->status = 0;
  priv->upload_problem = NULL;
}

static void
gk_portal_client_error_private_copy (const GkPortalClientErrorPrivate *src,
                                     GkPortalClientErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
  dest->unreachable = src->unreachable;
  dest->status = src->status;
  dest->upload_problem = g_strdup (src->upload_problem);
}

static void
gk_portal_client_error_private_clear (GkPortalClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->upload_problem, g_free);
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
 * gk_portal_client_error_get_status:
 *
 * Returns: the HTTP status of the portal's refusal, or 0 when no answer came
 */
guint
gk_portal_client_error_get_status (const GError *error)
{
  GkPortalClientErrorPrivate *priv = error != NULL ? gk_portal_client_error_get_private (error) : NULL;

  return priv != NULL ? priv->status : 0;
}

/**
 * gk_portal_client_error_get_upload_problem:
 *
 * Returns: (nullable): what a 422 says is wrong with an attachment's upload
 *   (`incomplete`, `mismatch`, `foreign`, `unknown`: docs/portal-api.md §6.1),
 *   when the portal said
 */
const char *
gk_portal_client_error_get_upload_problem (const GError *error)
{
  GkPortalClientErrorPrivate *priv = error != NULL ? gk_portal_client_error_get_private (error) : NULL;

  return priv != NULL ? priv->upload_problem : NULL;
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

  /* A portal asking for more than a day is capped at a day: a typo there must not silence a PC for weeks. */
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
    return (guint) MIN (seconds, MAX_RETRY_AFTER);

  /* The other form RFC 9110 allows: an HTTP date. */
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  return (guint) CLAMP (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 0, MAX_RETRY_AFTER);
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

      /* The size was bounded while the answer was read; the catalog may be larger than a document. */
      reply->json = gk_json_parse_bounded (data, size, GK_JSON_MAX_DEPTH, G_MAXSIZE, &reply->json_error);
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
    {
      GkPortalClientErrorPrivate *priv = gk_portal_client_error_get_private (*error);
      GkProtocolProblem problem;

      priv->retry_after = reply->retry_after;
      priv->status = reply->status;
      gk_protocol_problem_read (reply->json, &problem);
      priv->upload_problem = g_strdup (problem.upload_problem);
    }

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
  g_clear_pointer (&self->unit, g_free);
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
  self->deadline_seconds = DEADLINE_SECONDS;
}

/**
 * gk_portal_client_is_loopback:
 *
 * Returns: whether @uri names this PC (127.0.0.0/8, ::1 or localhost)
 */
gboolean
gk_portal_client_is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The portal's address, ending in "/", if it is one that may carry the token (see below). */
static GUri *
parse_address (const char           *url,
               GkPortalClientFlags   flags,
               GError              **error)
{
  g_autofree char *normalized = g_str_has_suffix (url, "/") ? g_strdup (url) : g_strconcat (url, "/", NULL);
  /* Encoded: a cursor or an id with %2B or %26 must go back exactly as it came. */
  g_autoptr(GUri) base = g_uri_parse (normalized, G_URI_FLAGS_ENCODED, NULL);

  if (base == NULL ||
      (g_strcmp0 (g_uri_get_scheme (base), "https") != 0 && g_strcmp0 (g_uri_get_scheme (base), "http") != 0) ||
      g_uri_get_host (base) == NULL)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                   _("“%s” is not a portal address; write it as https://host/ or http://127.0.0.1:8080/."),
                   url);
      return NULL;
    }

  /* The token crosses the network in clear over http: only to this PC, or to a lab on request. */
  if (g_ascii_strcasecmp (g_uri_get_scheme (base), "http") == 0 && !gk_portal_client_is_loopback (base) &&
      !(flags & GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP))
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_INSECURE,
                   _("The portal address %s uses plain http, which would send the token unprotected over the network; use its https address (for an isolated test network only: --allow-insecure-http)."),
                   url);
      return NULL;
    }

  return g_steal_pointer (&base);
}

/**
 * gk_portal_client_dup_address:
 * @url: a portal's address as typed or stored
 *
 * The form a client of @url would report as its base URL, under which tokens
 * and settings are kept ("http://host:8080" and "http://host:8080/" are one
 * portal), without making a client.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL with the error a
 *   client made with @flags would give
 */
char *
gk_portal_client_dup_address (const char           *url,
                              GkPortalClientFlags   flags,
                              GError              **error)
{
  g_autoptr(GUri) base = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  if ((base = parse_address (url, flags, error)) == NULL)
    return NULL;

  return g_uri_to_string (base);
}

/**
 * gk_portal_client_new:
 * @base_url: the portal, such as `https://portal.example.gov.cn/`
 * @token: the liaison's bearer token
 * @ca_file: (nullable): a PEM file whose CAs are trusted instead of the system's
 */
GkPortalClient *
gk_portal_client_new (const char           *base_url,
                      const char           *token,
                      const char           *ca_file,
                      GkPortalClientFlags   flags,
                      GError              **error)
{
  g_autoptr(GkPortalClient) self = g_object_new (GK_TYPE_PORTAL_CLIENT, NULL);
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  if ((self->base = parse_address (base_url, flags, error)) == NULL)
    return NULL;

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
 * gk_portal_client_get_unit:
 *
 * Returns: (nullable): the unit the token belongs to, when known
 */
const char *
gk_portal_client_get_unit (GkPortalClient *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_CLIENT (self), NULL);

  return self->unit;
}

void
gk_portal_client_set_unit (GkPortalClient *self,
                           const char     *unit)
{
  g_return_if_fail (GK_IS_PORTAL_CLIENT (self));

  g_free (self->unit);
  self->unit = g_strdup (unit);
}

/* The port a URL really uses, so "https://host/" and "https://host:443/" are one origin. */
static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port != -1)
    return port;

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
is_portal_origin (GkPortalClient *self,
                  GUri           *uri)
{
  return g_uri_get_scheme (uri) != NULL && g_uri_get_host (uri) != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (self->base)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (self->base)) == 0 &&
         effective_port (uri) == effective_port (self->base) &&
         g_uri_get_userinfo (uri) == NULL;
}

/**
 * gk_portal_client_resolve:
 * @base: (nullable): the URL of the request whose answer named @reference, or
 *   %NULL for the portal's own address
 * @reference: a path such as `api/v1/items` or a Location header, relative or absolute
 *
 * Resolves @reference as RFC 3986 §5 says, against the request that returned
 * it, and accepts the result only on the portal's own origin: the token and
 * the attachments never go to another host, another port, or from https to
 * http, whatever a portal answers.
 *
 * Returns: (transfer full) (nullable): the absolute URL, or %NULL with a
 *   %GK_PORTAL_CLIENT_ERROR_PROTOCOL error
 */
char *
gk_portal_client_resolve (GkPortalClient  *self,
                          const char      *base,
                          const char      *reference,
                          GError         **error)
{
  g_autoptr(GUri) base_uri = NULL;
  g_autoptr(GUri) resolved = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_CLIENT (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  if (base != NULL)
    base_uri = g_uri_parse (base, G_URI_FLAGS_ENCODED, NULL);

  resolved = g_uri_parse_relative (base_uri != NULL ? base_uri : self->base, reference, G_URI_FLAGS_ENCODED, NULL);
  if (resolved == NULL || !is_portal_origin (self, resolved))
    {
      g_autofree char *shown = g_utf8_make_valid (reference, MIN (strlen (reference), 200));

      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                   _("The portal %s pointed to “%s”, which is not an address on the portal itself; nothing was sent there. Tell the portal’s administrators."),
                   self->base_url, shown);
      return NULL;
    }

  return g_uri_to_string (resolved);
}

/*
 * libsoup 3.2 judges whether a connection can carry another request from the
 * response headers alone, and takes "no Content-Length" for "a body until the
 * connection closes", even on a 204 or 304, which has no body (RFC 9110 §6.4.1).
 * So it closed the connection after every tus PATCH and OPTIONS: a new TCP and
 * TLS set-up per chunk, on the slow line too. Stating the empty body's length
 * keeps the connection.
 */
static void
on_got_headers_cb (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  guint status = soup_message_get_status (message);

  if ((status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED) &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_EOF)
    soup_message_headers_set_content_length (headers, 0);
}

/**
 * gk_portal_client_new_message:
 * @path: a path under the portal's address, or an absolute URL on it
 *
 * Returns: (transfer full) (nullable): a request with the token and the tus
 *   version set, or %NULL with an error when @path is not on the portal
 */
SoupMessage *
gk_portal_client_new_message (GkPortalClient  *self,
                              const char      *method,
                              const char      *path,
                              GError         **error)
{
  g_autofree char *url = NULL;
  SoupMessage *message;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (GK_IS_PORTAL_CLIENT (self), NULL);

  if ((url = gk_portal_client_resolve (self, NULL, path, error)) == NULL)
    return NULL;

  if ((message = soup_message_new (method, url)) == NULL)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                   _("“%s” is not an address a request can be sent to; tell the portal’s administrators."), url);
      return NULL;
    }

  /* A redirect would carry the token wherever it points; the protocol has none. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (message, "got-headers", G_CALLBACK (on_got_headers_cb), NULL);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  soup_message_headers_replace (headers, "Accept-Language", gk_portal_problem_accept_language ());

  return message;
}

/*
 * One request in flight. The body is read in pieces up to a cap, and the whole
 * exchange has a deadline: the session's timeout only notices silence, so a
 * portal that trickles one byte a minute, or never ends its body, would hold
 * a sync (and its memory) forever.
 */
typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_body;
  GCancellable *cancellable;   /* ours: the caller's, the deadline's, or a cap's */
  GCancellable *caller;
  gulong        caller_handler;
  GSource      *deadline;
  guint         deadline_seconds;
  gboolean      deadline_passed;
  gboolean      too_large;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  if (exchange->deadline != NULL)
    {
      g_source_destroy (exchange->deadline);
      g_source_unref (exchange->deadline);
    }
  if (exchange->caller != NULL)
    g_cancellable_disconnect (exchange->caller, exchange->caller_handler);
  g_clear_object (&exchange->caller);
  g_clear_object (&exchange->cancellable);
  g_clear_object (&exchange->message);
  g_clear_object (&exchange->stream);
  g_clear_pointer (&exchange->body, g_byte_array_unref);
  g_free (exchange);
}

static void
on_caller_cancelled_cb (GCancellable *caller,
                        GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  Exchange *exchange = user_data;

  exchange->deadline_passed = TRUE;
  g_cancellable_cancel (exchange->cancellable);

  return G_SOURCE_REMOVE;
}

static void
exchange_fail (GTask  *task,
               GError *error)
{
  GkPortalClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);

  if (exchange->deadline_passed)
    {
      GError *late = g_error_new (GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY,
                                  _("The portal %s did not finish its answer within %u seconds; the work waits and is sent again later."),
                                  self->base_url, exchange->deadline_seconds);

      g_task_return_error (task, late);
    }
  else if (exchange->too_large)
    {
      g_autofree char *cap = g_format_size (exchange->max_body);

      g_task_return_new_error (task, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                               _("The portal %s sent an answer larger than %s, which no answer of the protocol is; tell the portal’s administrators."),
                               self->base_url, cap);
    }
  else
    {
      GError *classified = NULL;

      classify_transport_error (self, error, &classified);
      g_task_return_error (task, classified);
    }

  g_object_unref (task);
}

static void read_next_piece (GTask *task);

static void
on_piece_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) piece = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  g_autoptr(GBytes) body = NULL;

  if (piece == NULL)
    {
      exchange_fail (task, error);
      return;
    }

  if (g_bytes_get_size (piece) > 0)
    {
      if (exchange->body->len + g_bytes_get_size (piece) > exchange->max_body)
        {
          exchange->too_large = TRUE;
          g_cancellable_cancel (exchange->cancellable);
          exchange_fail (task, NULL);
          return;
        }
      g_byte_array_append (exchange->body, g_bytes_get_data (piece, NULL), g_bytes_get_size (piece));
      read_next_piece (task);
      return;
    }

  body = g_byte_array_free_to_bytes (g_steal_pointer (&exchange->body));
  g_task_return_pointer (task,
                         gk_portal_reply_new (soup_message_get_status (exchange->message),
                                              soup_message_get_response_headers (exchange->message), body),
                         (GDestroyNotify) gk_portal_reply_free);
  g_object_unref (task);
}

static void
read_next_piece (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (exchange->stream, 64 * 1024, G_PRIORITY_DEFAULT, exchange->cancellable,
                                   on_piece_read_cb, task);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if ((exchange->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)) == NULL)
    {
      exchange_fail (task, error);
      return;
    }

  read_next_piece (task);
}

/**
 * gk_portal_client_set_deadline:
 * @seconds: how long one request may take in all, before the time its body needs
 *
 * For tests; the default suits a slow government line.
 */
void
gk_portal_client_set_deadline (GkPortalClient *self,
                               guint           seconds)
{
  g_return_if_fail (GK_IS_PORTAL_CLIENT (self));

  self->deadline_seconds = seconds;
}

/**
 * gk_portal_client_send_async:
 * @max_body: the largest answer accepted, in bytes
 */
void
gk_portal_client_send_async (GkPortalClient      *self,
                             SoupMessage         *message,
                             gsize                max_body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Exchange *exchange;
  goffset request_length;

  g_return_if_fail (GK_IS_PORTAL_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_portal_client_send_async);

  exchange = g_new0 (Exchange, 1);
  exchange->message = g_object_ref (message);
  exchange->body = g_byte_array_new ();
  exchange->max_body = max_body;
  exchange->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);

  if (cancellable != NULL)
    {
      exchange->caller = g_object_ref (cancellable);
      exchange->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                                        exchange->cancellable, NULL);
    }

  /* A chunk on a slow line takes its time: allow it MIN_BYTES_PER_SECOND on top. */
  request_length = soup_message_headers_get_content_length (soup_message_get_request_headers (message));
  exchange->deadline_seconds = self->deadline_seconds + (guint) (MAX (request_length, 0) / MIN_BYTES_PER_SECOND);
  exchange->deadline = g_timeout_source_new_seconds (exchange->deadline_seconds);
  g_source_set_callback (exchange->deadline, on_deadline_cb, exchange, NULL);
  g_source_attach (exchange->deadline, g_main_context_get_thread_default ());

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, exchange->cancellable, on_sent_cb, task);
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
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_return_if_fail (GK_IS_PORTAL_CLIENT (self));

  if ((message = gk_portal_client_new_message (self, method, path, &error)) == NULL)
    {
      g_task_report_error (self, callback, user_data, gk_portal_client_send_async, g_steal_pointer (&error));
      return;
    }
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

  gk_portal_client_send_async (self, message, GK_JSON_MAX_SIZE, cancellable, callback, user_data);
}

GkPortalReply *
gk_portal_client_call_finish (GkPortalClient *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  return gk_portal_client_send_finish (self, result, error);
}
