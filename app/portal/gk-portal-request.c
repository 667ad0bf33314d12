/* One HTTP request to the portal: its body, its caller's unit, and how it is answered. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-portal-request.h"

#include "gk-json.h"
#include "gk-protocol.h"

struct _GkPortalRequest
{
  GObject            parent_instance;

  /* Not a reference: the request lives as data on the message and dies with it. */
  SoupServerMessage *msg;
  GHashTable        *query;
  GByteArray        *body;
  char              *unit;
  GError            *failure;
  JsonObject        *problem_members;  /* RFC 9457 extension members for the error, if any */
  guint              delay_ms;
  guint64            received;
  guint64            drop_after;
  guint              drop_armed : 1;
  guint              paused : 1;
  guint              delayed : 1;
  guint              dropped : 1;
};

G_DEFINE_FINAL_TYPE (GkPortalRequest, gk_portal_request, G_TYPE_OBJECT)

#define REQUEST_KEY "gk-portal-request"

typedef struct
{
  guint       status;
  const char *type;
  const char *title;
  const char *detail_zh;  /* the detail for a caller asking for Chinese (Accept-Language: zh…) */
} Problem;

/* Indexed by GkPortalError. */
static const Problem problems[] = {
  [GK_PORTAL_ERROR_MALFORMED] = { 400, "invalid", "The request is malformed", "请求格式有误，门户网站无法读取。" },
  [GK_PORTAL_ERROR_UNAUTHORIZED] = { 401, "unauthorized", "A valid token is required", "需要有效的令牌。" },
  [GK_PORTAL_ERROR_WRONG_UNIT] = { 403, "wrong-unit", "The resource belongs to another unit", "该资源属于其他单位。" },
  [GK_PORTAL_ERROR_FORBIDDEN] = { 403, "forbidden", "The page refused the request", "页面拒绝了此请求。" },
  [GK_PORTAL_ERROR_NOT_FOUND] = { 404, "not-found", "No such resource", "没有这个资源。" },
  [GK_PORTAL_ERROR_CONFLICT] = { 409, "conflict", "The request conflicts with the resource's state", "请求与资源的当前状态冲突。" },
  [GK_PORTAL_ERROR_PRECONDITION_FAILED] = { 412, "precondition-failed", "A precondition of the request failed", "请求的前提条件不成立（信息已被修改）。" },
  [GK_PORTAL_ERROR_TOO_LARGE] = { 413, "too-large", "The body or upload is over the limit", "请求或文件超过门户网站的大小上限。" },
  [GK_PORTAL_ERROR_INVALID] = { 422, "invalid", "The request is invalid", "请求内容不符合要求。" },
  [GK_PORTAL_ERROR_CHECKSUM_MISMATCH] = { 460, "checksum-mismatch", "The checksum does not match", "校验和不符，数据在传输中损坏。" },
  [GK_PORTAL_ERROR_INTERNAL] = { 500, "internal", "The portal failed", "门户网站内部出错。" },
  [GK_PORTAL_ERROR_UNAVAILABLE] = { 503, "unavailable", "The portal is unavailable", "门户网站暂时不可用。" },
  [GK_PORTAL_ERROR_METHOD_NOT_ALLOWED] = { 405, "method-not-allowed", "The method is not allowed here", "此处不接受这种请求方法。" },
  [GK_PORTAL_ERROR_MISDIRECTED] = { 421, "misdirected", "The portal does not answer to this host name", "门户网站不响应这个主机名。" },
  [GK_PORTAL_ERROR_TOO_MANY] = { 429, "too-many-requests", "Too many requests or uploads", "请求或上传过多，请稍后再试。" },
};

/* Whether the caller prefers Chinese: the first language of Accept-Language is zh (zh-CN, zh-Hans…). */
static gboolean
wants_chinese (GkPortalRequest *self)
{
  const char *accept = gk_portal_request_get_header (self, "Accept-Language");

  while (accept != NULL && g_ascii_isspace (*accept))
    accept++;

  return accept != NULL && g_ascii_strncasecmp (accept, "zh", 2) == 0;
}

/* The detail in Chinese: the problem's sentence, with the sizes of a too-large one. */
static char *
dup_detail_zh (GkPortalRequest *self,
               const Problem   *problem)
{
  if (problem == &problems[GK_PORTAL_ERROR_TOO_LARGE] && self->problem_members != NULL
      && json_object_has_member (self->problem_members, "size") && json_object_has_member (self->problem_members, "limit"))
    return g_strdup_printf ("文件 %" G_GINT64_FORMAT " 字节，超过门户网站上限 %" G_GINT64_FORMAT " 字节；请发送更小的文件。",
                            json_object_get_int_member (self->problem_members, "size"),
                            json_object_get_int_member (self->problem_members, "limit"));

  return g_strdup (problem->detail_zh);
}

/**
 * gk_portal_request_set_problem_member:
 *
 * Adds a number to the problem document the request's error will be
 * answered with (RFC 9457 extension members), for clients to word it themselves.
 */
void
gk_portal_request_set_problem_member (GkPortalRequest *self,
                                      const char      *name,
                                      gint64           value)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  if (self->problem_members == NULL)
    self->problem_members = json_object_new ();
  json_object_set_int_member (self->problem_members, name, value);
}

static gboolean
on_delay_done_cb (gpointer data)
{
  GkPortalRequest *self = gk_portal_request_from_message (data);

  if (self->paused)
    {
      self->paused = FALSE;
      soup_server_message_unpause (self->msg);
    }

  return G_SOURCE_REMOVE;
}

/* From an idle: stealing the connection inside libsoup's own I/O callbacks would free it under them. */
static gboolean
on_drop_cb (gpointer data)
{
  SoupServerMessage *msg = data;
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);

  return G_SOURCE_REMOVE;
}

static void
gk_portal_request_finalize (GObject *object)
{
  GkPortalRequest *self = (GkPortalRequest *)object;

  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->body, g_byte_array_unref);
  g_clear_pointer (&self->unit, g_free);
  g_clear_error (&self->failure);
  g_clear_pointer (&self->problem_members, json_object_unref);

  G_OBJECT_CLASS (gk_portal_request_parent_class)->finalize (object);
}

static void
gk_portal_request_class_init (GkPortalRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_request_finalize;
}

static void
gk_portal_request_init (GkPortalRequest *self)
{
  self->body = g_byte_array_new ();
}

/**
 * gk_portal_request_new:
 *
 * Creates the request's state and attaches it to @msg, which owns it.
 *
 * Returns: (transfer none): the new request
 */
GkPortalRequest *
gk_portal_request_new (SoupServerMessage *msg)
{
  GkPortalRequest *self;
  const char *query;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  self = g_object_new (GK_TYPE_PORTAL_REQUEST, NULL);
  self->msg = msg;

  query = g_uri_get_query (soup_server_message_get_uri (msg));
  self->query = query != NULL ? soup_form_decode (query)
                              : g_hash_table_new (g_str_hash, g_str_equal);

  g_object_set_data_full (G_OBJECT (msg), REQUEST_KEY, self, g_object_unref);

  return self;
}

/**
 * gk_portal_request_from_message:
 *
 * Returns: (transfer none): the request attached to @msg
 */
GkPortalRequest *
gk_portal_request_from_message (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), REQUEST_KEY);
}

SoupServerMessage *
gk_portal_request_get_message (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return self->msg;
}

const char *
gk_portal_request_get_method (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return soup_server_message_get_method (self->msg);
}

const char *
gk_portal_request_get_path (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return g_uri_get_path (soup_server_message_get_uri (self->msg));
}

const char *
gk_portal_request_get_query (GkPortalRequest *self,
                             const char      *name)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return g_hash_table_lookup (self->query, name);
}

const char *
gk_portal_request_get_header (GkPortalRequest *self,
                              const char      *name)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return soup_message_headers_get_one (soup_server_message_get_request_headers (self->msg), name);
}

gboolean
gk_portal_request_is_loopback (GkPortalRequest *self)
{
  GSocketAddress *address;

  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), FALSE);

  address = soup_server_message_get_remote_address (self->msg);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;

  return g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/**
 * gk_portal_request_dup_peer:
 *
 * Returns: (transfer full): the caller's IP address as text, "-" when it has none
 */
char *
gk_portal_request_dup_peer (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return gk_portal_dup_peer (self->msg);
}

/**
 * gk_portal_dup_peer:
 *
 * Returns: (transfer full): the IP address @msg came from, "-" when it has none
 */
char *
gk_portal_dup_peer (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("-");

  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

const char *
gk_portal_request_get_unit (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return self->unit;
}

void
gk_portal_request_set_unit (GkPortalRequest *self,
                            const char      *unit)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  g_free (self->unit);
  self->unit = g_strdup (unit);
}

void
gk_portal_request_set_delay (GkPortalRequest *self,
                             guint            delay_ms)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  self->delay_ms = delay_ms;
}

/**
 * gk_portal_request_arm_drop:
 * @bytes: how much of the body to let through before the connection is cut
 *
 * Marks the request for the `drop_after_bytes` fault switch.
 */
void
gk_portal_request_arm_drop (GkPortalRequest *self,
                            guint64          bytes)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  self->drop_armed = TRUE;
  self->drop_after = bytes;
}

/**
 * gk_portal_request_count_received:
 * @size: the size of a piece of body that arrived
 *
 * Returns: how many of those bytes to take; fewer than @size means the
 *   connection must be cut after them
 */
gsize
gk_portal_request_count_received (GkPortalRequest *self,
                                  gsize            size)
{
  gsize taken = size;

  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), 0);

  if (self->drop_armed && self->received + size > self->drop_after)
    taken = self->drop_after - self->received;

  self->received += taken;
  return taken;
}

gboolean
gk_portal_request_has_failed (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), FALSE);

  return self->failure != NULL;
}

/**
 * gk_portal_request_set_failure:
 * @error: (transfer full): why the request will be refused
 *
 * Remembers the first reason found before the body has arrived; the
 * handler answers with it once the body is read (and thrown away).
 */
void
gk_portal_request_set_failure (GkPortalRequest *self,
                               GError          *error)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  if (self->failure == NULL)
    self->failure = error;
  else
    g_error_free (error);

  /* A refused body is not kept. */
  g_byte_array_set_size (self->body, 0);
}

/**
 * gk_portal_request_get_failure:
 *
 * Returns: (transfer none) (nullable): the reason set by gk_portal_request_set_failure()
 */
GError *
gk_portal_request_get_failure (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return self->failure;
}

/* Keeps at most GK_PORTAL_MAX_JSON_BODY bytes: libsoup's own accumulation has no limit. */
void
gk_portal_request_collect_body (GkPortalRequest *self,
                                const guint8    *data,
                                gsize            size)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  if (self->failure != NULL)
    return;

  if (self->body->len + size > GK_PORTAL_MAX_JSON_BODY)
    {
      gk_portal_request_set_failure (self,
                                     g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_LARGE,
                                                  "The request body is larger than %d bytes; send a smaller document.",
                                                  GK_PORTAL_MAX_JSON_BODY));
      return;
    }

  g_byte_array_append (self->body, data, size);
}

/* The body as a string; bytes after a NUL are not part of it. */
char *
gk_portal_request_dup_body_text (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  return g_strndup ((const char *) self->body->data, self->body->len) ?: g_strdup ("");
}

/*
 * Whether a JSON text escapes a NUL (\u0000) in a string: json-glib's strings
 * end there, so what the office would read is not what was sent.
 */
static gboolean
has_escaped_nul (const char *data,
                 gsize       size)
{
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      if (!in_string)
        in_string = data[i] == '"';
      else if (data[i] == '"')
        in_string = FALSE;
      else if (data[i] == '\\')
        {
          if (i + 5 < size && data[i + 1] == 'u' && memcmp (data + i + 2, "0000", 4) == 0)
            return TRUE;
          i++;
        }
    }

  return FALSE;
}

/**
 * gk_portal_request_dup_json_object:
 *
 * Returns: (transfer full): the body as a JSON object, or %NULL with a
 *   %GK_PORTAL_ERROR_MALFORMED error
 */
JsonObject *
gk_portal_request_dup_json_object (GkPortalRequest *self,
                                   GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  /* json-glib accepts an empty document; a request without a body is not one. */
  if (self->body->len == 0)
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The request has no body; send a JSON object.");
      return NULL;
    }

  if (!g_utf8_validate ((const char *) self->body->data, self->body->len, NULL))
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The request body is not valid UTF-8; send one JSON object.");
      return NULL;
    }

  if (has_escaped_nul ((const char *) self->body->data, self->body->len))
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The request body has a NUL character (\\u0000) in a string; send text without control characters.");
      return NULL;
    }

  /* The body's size was bounded when it was read; the depth is bounded here. */
  root = gk_json_parse_bounded ((const char *) self->body->data, self->body->len,
                                GK_JSON_MAX_DEPTH, G_MAXSIZE, &local_error);
  if (root == NULL)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                   "The request body is not accepted (%s); send one JSON object.", local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The request body is not a JSON object; send one JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * gk_portal_request_dup_fingerprint:
 * @extra: (nullable): request headers that shape the result, e.g. tus metadata
 *
 * What an Idempotency-Key is bound to: the method, the path and the body.
 */
char *
gk_portal_request_dup_fingerprint (GkPortalRequest *self,
                                   const char      *extra)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *method;
  const char *path;

  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), NULL);

  method = gk_portal_request_get_method (self);
  path = gk_portal_request_get_path (self);

  /* NUL separators: no two different requests hash the same concatenation. */
  g_checksum_update (checksum, (const guchar *) method, strlen (method) + 1);
  g_checksum_update (checksum, (const guchar *) path, strlen (path) + 1);
  if (extra != NULL)
    g_checksum_update (checksum, (const guchar *) extra, strlen (extra) + 1);
  g_checksum_update (checksum, self->body->data, self->body->len);

  return g_strdup (g_checksum_get_string (checksum));
}

void
gk_portal_request_set_header (GkPortalRequest *self,
                              const char      *name,
                              const char      *value)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  soup_message_headers_replace (soup_server_message_get_response_headers (self->msg), name, value);
}

char *
gk_portal_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}

static void
respond_text (GkPortalRequest *self,
              guint            status,
              const char      *content_type,
              const char      *text)
{
  soup_server_message_set_status (self->msg, status, NULL);
  soup_server_message_set_response (self->msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

void
gk_portal_request_respond_json (GkPortalRequest *self,
                                guint            status,
                                JsonNode        *node)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  text = gk_portal_json_to_string (node);
  respond_text (self, status, "application/json; charset=utf-8", text);
}

void
gk_portal_request_respond_empty (GkPortalRequest *self,
                                 guint            status)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  soup_server_message_set_status (self->msg, status, NULL);
}

void
gk_portal_request_respond_html (GkPortalRequest *self,
                                guint            status,
                                const char      *html)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  respond_text (self, status, "text/html; charset=utf-8", html);
}

void
gk_portal_request_respond_stored (GkPortalRequest        *self,
                                  const GkPortalResponse *response)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  if (response->location != NULL)
    gk_portal_request_set_header (self, "Location", response->location);
  if (response->etag != NULL)
    gk_portal_request_set_header (self, "ETag", response->etag);

  if (response->body != NULL)
    respond_text (self, response->status, "application/json; charset=utf-8", response->body);
  else
    soup_server_message_set_status (self->msg, response->status, NULL);
}

/* RFC 9457 problem details; errors from outside our domain are the portal's own fault. */
void
gk_portal_request_respond_error (GkPortalRequest *self,
                                 const GError    *error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *text = NULL;
  GkProtocolProblem written;
  const Problem *problem;

  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));
  g_return_if_fail (error != NULL);

  if (error->domain == GK_PORTAL_ERROR && error->code >= 0 && error->code < (int) G_N_ELEMENTS (problems))
    problem = &problems[error->code];
  else
    problem = &problems[GK_PORTAL_ERROR_INTERNAL];

  if (wants_chinese (self))
    detail = dup_detail_zh (self, problem);

  written = (GkProtocolProblem) {
    .type = problem->type,
    .title = problem->title,
    .status = problem->status,
    .detail = detail != NULL ? detail : error->message,
    .instance = gk_portal_request_get_path (self),
    .size = -1,
    .limit = -1,
  };

  root = gk_protocol_problem_to_json (&written);
  if (self->problem_members != NULL)
    {
      JsonObject *object = json_node_get_object (root);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, self->problem_members);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (object, name, json_node_copy (value));
    }
  text = gk_portal_json_to_string (root);

  if (problem->status == 401)
    gk_portal_request_set_header (self, "WWW-Authenticate", "Bearer realm=\"gongkai\"");
  /* Every "come back later" says when (a fault switch may have set its own). */
  if ((problem->status == 503 || problem->status == 429) &&
      soup_message_headers_get_one (soup_server_message_get_response_headers (self->msg), "Retry-After") == NULL)
    gk_portal_request_set_header (self, "Retry-After", "2");

  respond_text (self, problem->status, "application/problem+json; charset=utf-8", text);
}

/* 303: the browser follows a form's POST with a GET of the page. */
void
gk_portal_request_redirect (GkPortalRequest *self,
                            const char      *path)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  soup_server_message_set_redirect (self->msg, SOUP_STATUS_SEE_OTHER, path);
}

void
gk_portal_request_pause (GkPortalRequest *self)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  if (self->paused)
    return;

  self->paused = TRUE;
  soup_server_message_pause (self->msg);
}

gboolean
gk_portal_request_is_paused (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), FALSE);

  return self->paused;
}

/**
 * gk_portal_request_complete:
 *
 * Sends the response that was set, after the fault switches' delay if any;
 * handlers that paused the request to work asynchronously call this last.
 */
void
gk_portal_request_complete (GkPortalRequest *self)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  if (self->dropped)
    return;

  if (self->delay_ms > 0 && !self->delayed)
    {
      self->delayed = TRUE;
      gk_portal_request_pause (self);
      g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay_ms, on_delay_done_cb,
                          g_object_ref (self->msg), g_object_unref);
      return;
    }

  if (self->paused)
    {
      self->paused = FALSE;
      soup_server_message_unpause (self->msg);
    }
}

/**
 * gk_portal_request_drop_connection:
 * @why: what the log line says instead of a status
 *
 * Closes the connection without a response (a fault switch).
 */
void
gk_portal_request_drop_connection (GkPortalRequest *self,
                                   const char      *why)
{
  g_return_if_fail (GK_IS_PORTAL_REQUEST (self));

  if (self->dropped)
    return;

  self->dropped = TRUE;
  gk_portal_request_pause (self);
  g_message ("%s %s dropped (%s) unit=%s",
             gk_portal_request_get_method (self), gk_portal_request_get_path (self),
             why, self->unit != NULL ? self->unit : "-");
  g_idle_add_full (G_PRIORITY_DEFAULT, on_drop_cb, g_object_ref (self->msg), g_object_unref);
}

gboolean
gk_portal_request_is_dropped (GkPortalRequest *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_REQUEST (self), FALSE);

  return self->dropped;
}
