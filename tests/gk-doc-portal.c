/* A second portal for the tests, written from docs/portal-api.md and portal-api.yaml alone (not
 * from app/portal): an in-process SoupServer on 127.0.0.1 with its state in memory, on the
 * thread-default main context of the test, plus switches that make it odd or hostile. */
#define G_LOG_DOMAIN "gk-doc-portal"

#include "gk-doc-portal.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#define PROBLEM_BASE "https://gongkai.invalid/problems/"
#define JSON_TYPE "application/json; charset=utf-8"
#define MAX_JSON_BODY (1024 * 1024)
#define DEFAULT_LIMIT 100
#define UNSAFE_CURSOR_PREFIX "a+b/c=d&e%f?g#h i:"
#define LONG_CURSOR_FILL "long-cursor-"

typedef struct {
  char       *id;
  char       *unit;
  guint64     length;
  GByteArray *data;
  char       *sha256;  /* from Upload-Metadata, NULL if not sent */
  char       *digest;  /* of the whole file, once complete */
} Upload;

typedef struct {
  char      *id;
  char      *unit;
  gint64     revision;
  char      *etag;
  char      *column_id;
  char      *kind;
  char      *title;
  char      *publish_on;
  char      *interprets;
  char      *status;
  char      *reason;
  gint64     received_at;
  gint64     published_at;  /* 0: null */
  gint64     updated_at;
  GPtrArray *interpreted_by;
} Item;

/* A successful response kept with its Idempotency-Key (§4). */
typedef struct {
  char   *fingerprint;
  guint   status;
  char   *location;
  char   *etag;
  char   *content_type;
  GBytes *body;
} Replay;

typedef struct {
  char  *method;
  char  *prefix;
  guint  count;
  guint  status;
  char  *retry_after;
} FailRule;

typedef struct {
  char   *method;
  char   *prefix;
  guint   status;
  char   *content_type;
  GBytes *body;
} RawReply;

typedef struct {
  char     *prefix;
  guint     bytes_per_second;
  gboolean  endless;
} TrickleRule;

/* One response being written slowly; it ends when the message finishes or the portal is freed. */
typedef struct {
  GkDocPortal       *portal;
  SoupServerMessage *msg;
  GBytes            *body;
  gsize              sent;
  gsize              chunk;
  gboolean           endless;
  guint              source;
} Trickle;

struct _GkDocPortal {
  GMainContext      *context;
  SoupServer        *server;
  char              *url;
  GHashTable        *tokens;          /* token → unit */
  GHashTable        *expired;         /* token set */
  GBytes            *catalog;
  char              *catalog_etag;
  GHashTable        *column_units;    /* column id → GHashTable set of units */
  guint64            max_upload;
  guint              page_size;
  GkDocCursorStyle   cursor_style;
  GkDocPageHook      page_hook;
  gpointer           page_hook_data;
  guint              page_number;
  GHashTable        *snapshots;       /* "unit\nsince" → GPtrArray of status JsonNodes */
  GkDocLocationForm  location_form;
  char              *location_override;
  gboolean           upload_verifying;
  GList             *fail_rules;
  GList             *raw_replies;
  GList             *trickle_rules;
  GList             *trickles;
  GHashTable        *uploads;         /* id → Upload */
  GHashTable        *items;           /* id → Item */
  GHashTable        *replays;         /* "unit\nkey" → Replay */
  GHashTable        *registrations;   /* unit → JsonNode */
  GkDocQuirks        quirks;
  gboolean           close_after_204;  /* as libsoup 3.2 servers do, silently */
  gint64             last_timestamp;
  GPtrArray         *requests;
  guint              authorized_requests;
  char              *max_chunk;       /* Tus-Max-Chunk-Size as sent, or NULL: the doc's default is not to */
  GArray            *patch_sizes;     /* guint64: the body length of every PATCH */
  GArray            *patch_ports;     /* guint16: the client's port of every PATCH, one per connection */
};

/* What one request handler needs to know. */
typedef struct {
  GkDocPortal       *self;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GHashTable        *query;
  const char        *unit;
} Request;

/* ---------------------------------------------------------------------------------------------
 * Freeing */

static void
upload_free (gpointer data)
{
  Upload *upload = data;

  g_free (upload->id);
  g_free (upload->unit);
  g_byte_array_unref (upload->data);
  g_free (upload->sha256);
  g_free (upload->digest);
  g_free (upload);
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->id);
  g_free (item->unit);
  g_free (item->etag);
  g_free (item->column_id);
  g_free (item->kind);
  g_free (item->title);
  g_free (item->publish_on);
  g_free (item->interprets);
  g_free (item->status);
  g_free (item->reason);
  g_ptr_array_unref (item->interpreted_by);
  g_free (item);
}

static void
replay_free (gpointer data)
{
  Replay *replay = data;

  g_free (replay->fingerprint);
  g_free (replay->location);
  g_free (replay->etag);
  g_free (replay->content_type);
  g_bytes_unref (replay->body);
  g_free (replay);
}

static void
fail_rule_free (gpointer data)
{
  FailRule *rule = data;

  g_free (rule->method);
  g_free (rule->prefix);
  g_free (rule->retry_after);
  g_free (rule);
}

static void
raw_reply_free (gpointer data)
{
  RawReply *raw = data;

  g_free (raw->method);
  g_free (raw->prefix);
  g_free (raw->content_type);
  g_bytes_unref (raw->body);
  g_free (raw);
}

static void
trickle_rule_free (gpointer data)
{
  TrickleRule *rule = data;

  g_free (rule->prefix);
  g_free (rule);
}

/* ---------------------------------------------------------------------------------------------
 * Small helpers */

/* §1: every change gets a later updated_at than the one before, with microseconds. */
static gint64
next_timestamp (GkDocPortal *self)
{
  gint64 now = g_get_real_time ();

  self->last_timestamp = MAX (now, self->last_timestamp + 1);
  return self->last_timestamp;
}

static char *
format_timestamp (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%06dZ", seconds, (int) (usec % G_USEC_PER_SEC));
}

static gboolean
parse_timestamp (const char *text,
                 gint64     *usec)
{
  g_autoptr(GDateTime) time = NULL;

  /* No default zone: RFC 3339 requires an offset. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static gboolean
matches_rule (const char *rule_method,
              const char *rule_prefix,
              const char *method,
              const char *path)
{
  return (rule_method == NULL || g_ascii_strcasecmp (rule_method, method) == 0) &&
         (rule_prefix == NULL || g_str_has_prefix (path, rule_prefix));
}

static char *
make_etag (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("\"rev-%s\"", uuid);
}

static gboolean
is_lower_hex_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
parse_decimal (const char *text,
               guint64     max,
               guint64    *value)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

/* Base64 as tus and §5.3 use it: the standard alphabet with padding, nothing else. */
static guchar *
decode_strict_base64 (const char *text,
                      gsize      *length)
{
  gsize n = strlen (text);

  if (n % 4 != 0)
    return NULL;
  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];
      if (!g_ascii_isalnum (c) && c != '+' && c != '/' && !(c == '=' && i >= n - 2))
        return NULL;
      if (i > 0 && text[i - 1] == '=' && c != '=')
        return NULL;
    }
  return g_base64_decode (text, length);
}

static const char *
upload_id_from_path (const char *path)
{
  return path + strlen ("/api/v1/uploads/");
}

/* ---------------------------------------------------------------------------------------------
 * Replies */

static void
set_body (SoupServerMessage *msg,
          const char        *content_type,
          const char        *data,
          gsize              length)
{
  if (g_strcmp0 (soup_server_message_get_method (msg), "HEAD") == 0)
    return;
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, length);
}

static void
reply_problem (Request    *request,
               guint       status,
               const char *type,
               const char *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *type_uri = NULL;

  /* RFC 9457: a status with no type of its own is about:blank. */
  type_uri = type != NULL ? g_strconcat (PROBLEM_BASE, type, NULL) : g_strdup ("about:blank");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type_uri);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, status == 460 ? "Checksum Mismatch" : soup_status_get_phrase (status));
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_set_member_name (builder, "instance");
  json_builder_add_string_value (builder, request->path);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  soup_server_message_set_status (request->msg, status, status == 460 ? "Checksum Mismatch" : NULL);
  set_body (request->msg, "application/problem+json", text, strlen (text));
}

static void
reply_json (Request  *request,
            guint     status,
            JsonNode *root)
{
  g_autofree char *text = json_to_string (root, FALSE);

  soup_server_message_set_status (request->msg, status, NULL);
  set_body (request->msg, JSON_TYPE, text, strlen (text));
}

static void
set_header (Request    *request,
            const char *name,
            const char *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), name, value);
}

static const char *
get_header (Request    *request,
            const char *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), name);
}

static void
reply_method_not_allowed (Request    *request,
                          const char *allow)
{
  set_header (request, "Allow", allow);
  reply_problem (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                 "This method is not defined on this path.");
}

/* ---------------------------------------------------------------------------------------------
 * Request bodies */

static GBytes *
request_body (Request *request)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
}

/* §1, §2: over 1 MiB → 413; not JSON or not an object → 400. Replies itself on failure. */
static JsonObject *
parse_json_object (Request   *request,
                   JsonNode **out_root)
{
  g_autoptr(GBytes) body = request_body (request);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (length > MAX_JSON_BODY)
    {
      reply_problem (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                     "The request body is larger than 1 MiB.");
      return NULL;
    }
  if (length == 0 || !g_utf8_validate (data, length, NULL) ||
      !json_parser_load_from_data (parser, data, length, &error))
    {
      reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid", "The request body is not JSON.");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                     "The request body is not a JSON object.");
      return NULL;
    }
  *out_root = json_node_ref (root);
  return json_node_get_object (root);
}

/* ---------------------------------------------------------------------------------------------
 * Authentication (§3) */

static gboolean
authenticate (Request *request)
{
  const char *header = get_header (request, "Authorization");
  const char *token;

  set_header (request, "WWW-Authenticate", "Bearer realm=\"gongkai\"");
  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    {
      reply_problem (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                     "This request carries no token: log in again.");
      return FALSE;
    }
  token = header + 7;
  while (*token == ' ')
    token++;
  if (g_hash_table_contains (request->self->expired, token))
    {
      reply_problem (request, SOUP_STATUS_UNAUTHORIZED, "token-expired",
                     "This token is no longer valid: ask the office for a new one.");
      return FALSE;
    }
  request->unit = g_hash_table_lookup (request->self->tokens, token);
  if (request->unit == NULL)
    {
      reply_problem (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                     "This token is unknown: ask the office for a new one.");
      return FALSE;
    }
  soup_message_headers_remove (soup_server_message_get_response_headers (request->msg),
                               "WWW-Authenticate");
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Idempotency (§4) */

static char *
request_fingerprint (Request *request)
{
  g_autoptr(GBytes) body = request_body (request);
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  const char *if_match = get_header (request, "If-Match");
  const char *length = get_header (request, "Upload-Length");
  const char *metadata = get_header (request, "Upload-Metadata");

  return g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s", request->method, request->path,
                          if_match ? if_match : "", length ? length : "",
                          metadata ? metadata : "", digest);
}

static gboolean
is_valid_key (const char *key)
{
  gsize n = strlen (key);

  if (n == 0 || n > 255)
    return FALSE;
  for (const char *c = key; *c != '\0'; c++)
    if (*c <= ' ' || *c >= 0x7f)
      return FALSE;
  return TRUE;
}

static void
send_replay (Request *request,
             Replay  *replay)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (replay->body, &length);

  gboolean body_only = request->self->quirks & GK_DOC_QUIRK_REPLAY_BODY_ONLY;

  soup_server_message_set_status (request->msg, replay->status, NULL);
  /* §5.2 promises the upload's Location again; §4 only the status and body. */
  if (replay->location != NULL && (!body_only || strcmp (request->path, "/api/v1/uploads") == 0))
    set_header (request, "Location", replay->location);
  if (replay->etag != NULL && !body_only)
    set_header (request, "ETag", replay->etag);
  if (replay->content_type != NULL)
    set_body (request->msg, replay->content_type, data, length);
}

/* Returns TRUE when the handler should go on, with the key to store under (NULL: none); FALSE
 * when the request has been answered (a replay, or a refusal). */
static gboolean
idempotency_begin (Request  *request,
                   gboolean  required,
                   char    **out_key)
{
  const char *key = get_header (request, "Idempotency-Key");
  g_autofree char *slot = NULL;
  g_autofree char *fingerprint = NULL;
  Replay *replay;

  *out_key = NULL;
  if (key == NULL)
    {
      if (required)
        reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                       "This request needs an Idempotency-Key header.");
      return !required;
    }
  if (!is_valid_key (key))
    {
      reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                     "The Idempotency-Key header is malformed.");
      return FALSE;
    }
  slot = g_strconcat (request->unit, "\n", key, NULL);
  fingerprint = request_fingerprint (request);
  replay = g_hash_table_lookup (request->self->replays, slot);
  if (replay != NULL && g_strcmp0 (replay->fingerprint, fingerprint) == 0)
    {
      send_replay (request, replay);
      return FALSE;
    }
  if (replay != NULL)
    {
      reply_problem (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid",
                     "This Idempotency-Key was used for another request.");
      return FALSE;
    }
  *out_key = g_steal_pointer (&slot);
  return TRUE;
}

static void
idempotency_finish (Request *request,
                    char    *slot)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  guint status = soup_server_message_get_status (request->msg);
  Replay *replay;

  if (slot == NULL || !SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_free (slot);
      return;
    }
  replay = g_new0 (Replay, 1);
  replay->fingerprint = request_fingerprint (request);
  replay->status = status;
  replay->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  replay->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  replay->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  replay->body = soup_message_body_flatten (soup_server_message_get_response_body (request->msg));
  g_hash_table_replace (request->self->replays, slot, replay);
}

/* ---------------------------------------------------------------------------------------------
 * whoami (§3), catalog (§8), registration (§7) */

/* Members a vendor may add that the document does not list; a client must not trip on them. */
static void
add_extra_members (GkDocPortal *self,
                   JsonBuilder *builder)
{
  if (!(self->quirks & GK_DOC_QUIRK_EXTRA_MEMBERS))
    return;
  json_builder_set_member_name (builder, "x_vendor");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "portal");
  json_builder_add_string_value (builder, "gk-doc-portal");
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
handle_whoami (Request *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (strcmp (request->method, "GET") != 0)
    return reply_method_not_allowed (request, "GET");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, request->unit);
  json_builder_set_member_name (builder, "expires_at");
  if (request->self->quirks & GK_DOC_QUIRK_EXPIRES_AT)
    {
      g_autofree char *expires_at = format_timestamp (g_get_real_time () + 365 * G_TIME_SPAN_DAY);
      json_builder_add_string_value (builder, expires_at);
    }
  else
    json_builder_add_null_value (builder);
  add_extra_members (request->self, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (request, SOUP_STATUS_OK, root);
}

/* RFC 9110 §13.1.2: If-None-Match compares weakly and may list several tags, or "*". */
static gboolean
etag_listed (const char *header,
             const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
handle_catalog (Request *request)
{
  GkDocPortal *self = request->self;
  const char *if_none_match = get_header (request, "If-None-Match");
  gsize length = 0;
  const char *data;

  if (strcmp (request->method, "GET") != 0)
    return reply_method_not_allowed (request, "GET");
  if (self->catalog == NULL)
    return reply_problem (request, SOUP_STATUS_NOT_FOUND, "not-found",
                          "This portal has no catalog to give.");
  set_header (request, "ETag", self->catalog_etag);
  if (if_none_match != NULL && etag_listed (if_none_match, self->catalog_etag))
    {
      soup_server_message_set_status (request->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  data = g_bytes_get_data (self->catalog, &length);
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  set_body (request->msg, JSON_TYPE, data, length);
}

static const char *const registration_fields[] = { "unit", "leader", "office", "liaison", "phone" };

static void
put_registration (Request *request)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *slot = NULL;
  g_autofree char *received_at = NULL;
  JsonObject *input;
  JsonObject *output;

  if (!idempotency_begin (request, TRUE, &slot))
    return;
  input = parse_json_object (request, &root);
  if (input == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (registration_fields); i++)
    {
      JsonNode *node = json_object_get_member (input, registration_fields[i]);
      if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        {
          g_autofree char *detail = g_strdup_printf ("The registration needs a non-empty \"%s\".",
                                                     registration_fields[i]);
          return reply_problem (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid", detail);
        }
    }
  if (strcmp (json_object_get_string_member (input, "unit"), request->unit) != 0)
    return reply_problem (request, SOUP_STATUS_FORBIDDEN, "wrong-unit",
                          "The registration names another unit than your token's.");

  stored = json_node_new (JSON_NODE_OBJECT);
  output = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (registration_fields); i++)
    json_object_set_string_member (output, registration_fields[i],
                                   json_object_get_string_member (input, registration_fields[i]));
  received_at = format_timestamp (next_timestamp (request->self));
  json_object_set_string_member (output, "received_at", received_at);
  json_node_take_object (stored, output);
  g_hash_table_replace (request->self->registrations, g_strdup (request->unit), json_node_ref (stored));
  reply_json (request, SOUP_STATUS_OK, stored);
  idempotency_finish (request, g_steal_pointer (&slot));
}

static void
handle_registration (Request *request)
{
  JsonNode *stored;

  if (strcmp (request->method, "PUT") == 0)
    return put_registration (request);
  if (strcmp (request->method, "GET") != 0)
    return reply_method_not_allowed (request, "GET, PUT");
  stored = g_hash_table_lookup (request->self->registrations, request->unit);
  if (stored == NULL)
    return reply_problem (request, SOUP_STATUS_NOT_FOUND, "not-found",
                          "Your unit has not registered yet.");
  reply_json (request, SOUP_STATUS_OK, stored);
}

/* ---------------------------------------------------------------------------------------------
 * tus (§5) */

static gboolean
check_tus_version (Request *request)
{
  if (g_strcmp0 (get_header (request, "Tus-Resumable"), "1.0.0") == 0)
    return TRUE;
  set_header (request, "Tus-Version", "1.0.0");
  reply_problem (request, SOUP_STATUS_PRECONDITION_FAILED, "precondition-failed",
                 "This portal speaks tus 1.0.0 only.");
  return FALSE;
}

static gboolean
is_safe_filename (const char *name)
{
  if (!g_utf8_validate (name, -1, NULL) || *name == '\0' ||
      strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (*c == '/' || *c == '\\' || (guchar) *c < 0x20 || *c == 0x7f)
      return FALSE;
  return TRUE;
}

/* tus Upload-Metadata: comma-separated "key base64" pairs, a key alone allowed. Returns a table
 * key → value, or NULL with *detail set. */
static GHashTable *
parse_upload_metadata (const char  *header,
                       char       **detail)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (header, ",", -1);

  for (guint i = 0; header[0] != '\0' && pairs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (pairs[i]), " ", -1);
      g_autofree guchar *value = NULL;
      gsize length = 0;

      if (parts[0] == NULL || *parts[0] == '\0' || g_strv_length (parts) > 2)
        {
          *detail = g_strdup ("Upload-Metadata is malformed.");
          return NULL;
        }
      if (parts[1] != NULL)
        value = decode_strict_base64 (parts[1], &length);
      if (parts[1] != NULL && (value == NULL || memchr (value, '\0', length) != NULL))
        {
          *detail = g_strdup_printf ("Upload-Metadata's \"%s\" is not base64.", parts[0]);
          return NULL;
        }
      g_hash_table_replace (table, g_strdup (parts[0]),
                            value != NULL ? g_strndup ((char *) value, length) : g_strdup (""));
    }
  return g_steal_pointer (&table);
}

static char *
make_location (GkDocPortal *self,
               const char  *collection,
               const char  *id)
{
  switch (self->location_form)
    {
    case GK_DOC_LOCATION_RELATIVE:
      return g_strdup_printf ("%s/%s", collection, id);
    case GK_DOC_LOCATION_ABSOLUTE_PATH:
      return g_strdup_printf ("/api/v1/%s/%s", collection, id);
    case GK_DOC_LOCATION_ABSOLUTE_URL:
    default:
      return g_strdup_printf ("%sapi/v1/%s/%s", self->url, collection, id);
    }
}

static void
complete_upload (Upload *upload)
{
  upload->digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, upload->data->data,
                                                upload->data->len);
}

static gboolean
upload_is_complete (Upload *upload)
{
  return upload->digest != NULL;
}

static void
create_upload (Request *request)
{
  GkDocPortal *self = request->self;
  g_autofree char *slot = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *location = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GHashTable) metadata = NULL;
  const char *header;
  const char *filename;
  const char *sha256;
  guint64 length = 0;
  Upload *upload;

  if (!check_tus_version (request) || !idempotency_begin (request, FALSE, &slot))
    return;
  if (get_header (request, "Upload-Defer-Length") != NULL)
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "Upload-Defer-Length is not supported: send Upload-Length.");
  if (!parse_decimal (get_header (request, "Upload-Length"), G_MAXINT64, &length))
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "Upload-Length is missing or not a number.");
  if (length > self->max_upload)
    return reply_problem (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                          "The file is larger than this portal accepts.");
  header = get_header (request, "Upload-Metadata");
  metadata = parse_upload_metadata (header != NULL ? header : "", &detail);
  if (metadata == NULL)
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid", detail);
  filename = g_hash_table_lookup (metadata, "filename");
  if (filename != NULL && !is_safe_filename (filename))
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "The file name is not safe: no /, \\, control characters, . or ..");
  sha256 = g_hash_table_lookup (metadata, "sha256");
  if (sha256 != NULL && !is_lower_hex_sha256 (sha256))
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "The sha256 metadata is not 64 lowercase hexadecimal digits.");

  uuid = g_uuid_string_random ();
  upload = g_new0 (Upload, 1);
  upload->id = g_strdup_printf ("up_%s", uuid);
  upload->unit = g_strdup (request->unit);
  upload->length = length;
  upload->data = g_byte_array_new ();
  upload->sha256 = g_strdup (sha256);
  if (length == 0)
    complete_upload (upload);
  g_hash_table_replace (self->uploads, upload->id, upload);

  location = self->location_override != NULL ? g_strdup (self->location_override)
                                              : make_location (self, "uploads", upload->id);
  set_header (request, "Location", location);
  soup_server_message_set_status (request->msg, SOUP_STATUS_CREATED, NULL);
  idempotency_finish (request, g_steal_pointer (&slot));
}

static void
handle_upload_collection (Request *request)
{
  GkDocPortal *self = request->self;
  g_autofree char *max = NULL;

  if (strcmp (request->method, "POST") == 0)
    {
      if (authenticate (request))
        create_upload (request);
      return;
    }
  if (strcmp (request->method, "OPTIONS") != 0)
    return reply_method_not_allowed (request, "OPTIONS, POST");
  max = g_strdup_printf ("%" G_GUINT64_FORMAT, self->max_upload);
  set_header (request, "Tus-Version", "1.0.0");
  /* Listed the other way round from §5.1's text: the order means nothing in tus. */
  set_header (request, "Tus-Extension", "checksum,creation");
  set_header (request, "Tus-Checksum-Algorithm", "sha256");
  set_header (request, "Tus-Max-Size", max);
  if (self->max_chunk != NULL)
    set_header (request, "Tus-Max-Chunk-Size", self->max_chunk);
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Looks the upload up for HEAD and PATCH; answers 404/403 itself. */
static Upload *
find_own_upload (Request *request)
{
  Upload *upload = g_hash_table_lookup (request->self->uploads, upload_id_from_path (request->path));

  if (upload == NULL)
    {
      reply_problem (request, SOUP_STATUS_NOT_FOUND, "not-found",
                     "There is no such upload: create a new one.");
      return NULL;
    }
  if (strcmp (upload->unit, request->unit) != 0)
    {
      reply_problem (request, SOUP_STATUS_FORBIDDEN, "wrong-unit",
                     "This upload belongs to another unit.");
      return NULL;
    }
  return upload;
}

static void
set_offset_header (Request *request,
                   guint64  offset)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);

  set_header (request, "Upload-Offset", text);
}

static void
head_upload (Request *request,
             Upload  *upload)
{
  g_autofree char *length = g_strdup_printf ("%" G_GUINT64_FORMAT, upload->length);

  /* A portal still verifying after a restart claims the whole file (§5.3 forbids that). */
  set_offset_header (request, request->self->upload_verifying ? upload->length : upload->data->len);
  set_header (request, "Upload-Length", length);
  set_header (request, "Cache-Control", "no-store");
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
}

/* Upload-Checksum: "sha256 <base64>". Returns FALSE after answering 400 or 460. */
static gboolean
check_chunk_checksum (Request      *request,
                      const guint8 *data,
                      gsize         length)
{
  const char *header = get_header (request, "Upload-Checksum");
  g_autofree guchar *expected = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 actual[32];
  gsize actual_length = sizeof actual;
  gsize expected_length = 0;

  if (header == NULL)
    return TRUE;
  if (!g_str_has_prefix (header, "sha256 ") ||
      (expected = decode_strict_base64 (header + 7, &expected_length)) == NULL ||
      expected_length != sizeof actual)
    {
      reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                     "Upload-Checksum must be \"sha256 \" and a base64 digest.");
      return FALSE;
    }
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, actual, &actual_length);
  if (memcmp (actual, expected, sizeof actual) != 0)
    {
      reply_problem (request, 460, "checksum-mismatch",
                     "The chunk's checksum does not match its bytes: send it again.");
      return FALSE;
    }
  return TRUE;
}

static void
patch_upload (Request *request,
              Upload  *upload)
{
  g_autoptr(GBytes) body = request_body (request);
  const char *content_type = get_header (request, "Content-Type");
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (body, &length);
  guint64 offset = 0;
  guint64 size = length;
  GSocketAddress *peer = soup_server_message_get_remote_address (request->msg);
  guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (peer));

  g_array_append_val (request->self->patch_sizes, size);
  g_array_append_val (request->self->patch_ports, port);
  if (g_strcmp0 (content_type, "application/offset+octet-stream") != 0)
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "A PATCH needs Content-Type: application/offset+octet-stream.");
  if (!parse_decimal (get_header (request, "Upload-Offset"), G_MAXINT64, &offset))
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "Upload-Offset is missing or not a number.");
  if (offset != upload->data->len)
    return reply_problem (request, SOUP_STATUS_CONFLICT, "conflict",
                          "Upload-Offset is not the upload's offset: ask with HEAD.");
  if (length > upload->length - offset)
    return reply_problem (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                          "The chunk runs past Upload-Length.");
  if (!check_chunk_checksum (request, data, length))
    return;
  g_byte_array_append (upload->data, data, length);
  if (upload->data->len == upload->length && !upload_is_complete (upload))
    {
      complete_upload (upload);
      if (upload->sha256 != NULL && strcmp (upload->sha256, upload->digest) != 0)
        {
          reply_problem (request, 460, "checksum-mismatch",
                         "The file does not match its sha256: the upload was discarded, create a new one.");
          g_hash_table_remove (request->self->uploads, upload->id);
          return;
        }
    }
  set_offset_header (request, upload->data->len);
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_upload (Request *request)
{
  Upload *upload;

  if (strcmp (request->method, "HEAD") != 0 && strcmp (request->method, "PATCH") != 0)
    return reply_method_not_allowed (request, "HEAD, PATCH");
  if (!authenticate (request) || !check_tus_version (request))
    return;
  upload = find_own_upload (request);
  if (upload == NULL)
    return;
  if (strcmp (request->method, "HEAD") == 0)
    head_upload (request, upload);
  else
    patch_upload (request, upload);
}

/* ---------------------------------------------------------------------------------------------
 * Items (§6) */

static const char *const item_kinds[] = { "policy", "interpretation", "news", "list", "statistics", "other", NULL };

static gboolean
is_string_or_null (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) == G_TYPE_STRING;
}

static const char *
get_string_or_null (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? json_node_get_string (node) : NULL;
}

static gboolean
is_date (const char *text)
{
  guint64 year, month, day;
  g_auto(GStrv) parts = NULL;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  parts = g_strsplit (text, "-", 3);
  return parse_decimal (parts[0], 9999, &year) && parse_decimal (parts[1], 12, &month) &&
         parse_decimal (parts[2], 31, &day) && g_date_valid_dmy (day, month, year);
}

static gboolean
is_string_member (JsonObject *object,
                  const char *member,
                  gboolean    non_empty)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING &&
         (!non_empty || *json_node_get_string (node) != '\0');
}

static gboolean
is_integer_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* The last path segment of an attachment's "upload" (§6.1), resolved like any URI reference. */
static char *
upload_id_from_reference (const char *reference)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (NULL, "http://portal.invalid/api/v1/items", G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) resolved = g_uri_parse_relative (uri, reference, G_URI_FLAGS_NONE, NULL);
  const char *path;
  const char *slash;

  if (resolved == NULL)
    return NULL;
  path = g_uri_get_path (resolved);
  slash = strrchr (path, '/');
  return slash != NULL && slash[1] != '\0' ? g_strdup (slash + 1) : NULL;
}

static gboolean
check_attachment (Request    *request,
                  JsonNode   *node,
                  char      **detail)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *id = NULL;
  Upload *upload;

  if (object == NULL || !is_string_member (object, "upload", TRUE) ||
      !is_string_member (object, "name", TRUE) || !is_string_member (object, "content_type", FALSE) ||
      !is_integer_member (object, "size") || json_object_get_int_member (object, "size") < 0 ||
      !is_lower_hex_sha256 (json_object_get_string_member (object, "sha256")))
    {
      *detail = g_strdup ("An attachment needs upload, name, content_type, size and sha256.");
      return FALSE;
    }
  id = upload_id_from_reference (json_object_get_string_member (object, "upload"));
  upload = id != NULL ? g_hash_table_lookup (request->self->uploads, id) : NULL;
  if (upload == NULL || strcmp (upload->unit, request->unit) != 0)
    *detail = g_strdup_printf ("Attachment upload %s is not an upload of your unit.",
                               id != NULL ? id : json_object_get_string_member (object, "upload"));
  else if (request->self->upload_verifying || !upload_is_complete (upload))
    *detail = g_strdup_printf ("upload %s is not complete", id);
  else if ((guint64) json_object_get_int_member (object, "size") != upload->length)
    *detail = g_strdup_printf ("Attachment upload %s does not have the size the item gives.", id);
  else if (strcmp (json_object_get_string_member (object, "sha256"), upload->digest) != 0)
    *detail = g_strdup_printf ("Attachment upload %s does not have the SHA-256 the item gives.", id);
  return *detail == NULL;
}

/* §3: a column whose catalog assignments do not include the unit → wrong-unit. Without a
 * catalog every column is accepted. */
static guint
check_column (Request    *request,
              const char *column_id,
              char      **detail)
{
  GHashTable *units;

  if (request->self->column_units == NULL)
    return SOUP_STATUS_OK;
  units = g_hash_table_lookup (request->self->column_units, column_id);
  if (units == NULL)
    {
      *detail = g_strdup_printf ("Column %s is not in the catalog.", column_id);
      return SOUP_STATUS_UNPROCESSABLE_ENTITY;
    }
  if (!g_hash_table_contains (units, request->unit))
    {
      *detail = g_strdup_printf ("Column %s is not one of %s's columns.", column_id, request->unit);
      return SOUP_STATUS_FORBIDDEN;
    }
  return SOUP_STATUS_OK;
}

static guint
check_item_document (Request     *request,
                     JsonObject  *object,
                     char       **detail)
{
  static const char *const nullable_strings[] = { "doc_number", "issuer", "body", "reviewer" };
  static const char *const nullable_dates[] = { "written_on", "publish_on", "reviewed_on" };
  JsonNode *attachments = json_object_get_member (object, "attachments");
  JsonNode *privacy = json_object_get_member (object, "privacy_override");
  const char *interprets;

  if (!is_string_member (object, "id", TRUE) ||
      !g_uuid_string_is_valid (json_object_get_string_member (object, "id")))
    *detail = g_strdup ("The item's id must be a UUID.");
  else if (!is_string_member (object, "column_id", TRUE))
    *detail = g_strdup ("The item needs a column_id.");
  else if (!is_string_member (object, "kind", TRUE) ||
           !g_strv_contains (item_kinds, json_object_get_string_member (object, "kind")))
    *detail = g_strdup ("The item's kind is not one of the six kinds.");
  else if (!is_integer_member (object, "revision") || json_object_get_int_member (object, "revision") < 1)
    *detail = g_strdup ("The item's revision must be an integer from 1.");
  else if (!is_string_member (object, "title", TRUE))
    *detail = g_strdup ("The item needs a title.");
  if (*detail != NULL)
    return SOUP_STATUS_UNPROCESSABLE_ENTITY;

  for (guint i = 0; i < G_N_ELEMENTS (nullable_strings) && *detail == NULL; i++)
    if (!is_string_or_null (object, nullable_strings[i]))
      *detail = g_strdup_printf ("The item's %s must be a string or null.", nullable_strings[i]);
  for (guint i = 0; i < G_N_ELEMENTS (nullable_dates) && *detail == NULL; i++)
    if (!is_string_or_null (object, nullable_dates[i]) ||
        (get_string_or_null (object, nullable_dates[i]) != NULL &&
         !is_date (get_string_or_null (object, nullable_dates[i]))))
      *detail = g_strdup_printf ("The item's %s must be a date YYYY-MM-DD or null.", nullable_dates[i]);
  if (*detail == NULL && (!is_string_or_null (object, "interprets") ||
                          ((interprets = get_string_or_null (object, "interprets")) != NULL &&
                           !g_uuid_string_is_valid (interprets))))
    *detail = g_strdup ("The item's interprets must be an item id or null.");
  if (*detail == NULL && privacy != NULL && !JSON_NODE_HOLDS_NULL (privacy) && !JSON_NODE_HOLDS_OBJECT (privacy))
    *detail = g_strdup ("The item's privacy_override must be an object.");
  if (*detail == NULL && attachments != NULL && !JSON_NODE_HOLDS_NULL (attachments) &&
      !JSON_NODE_HOLDS_ARRAY (attachments))
    *detail = g_strdup ("The item's attachments must be an array.");
  if (*detail != NULL)
    return SOUP_STATUS_UNPROCESSABLE_ENTITY;

  {
    guint status = check_column (request, json_object_get_string_member (object, "column_id"), detail);
    if (status != SOUP_STATUS_OK)
      return status;
  }
  interprets = get_string_or_null (object, "interprets");
  if (interprets != NULL)
    {
      Item *target = g_hash_table_lookup (request->self->items, interprets);
      if (target != NULL && strcmp (target->unit, request->unit) != 0)
        {
          *detail = g_strdup ("The item interprets an item of another unit.");
          return SOUP_STATUS_UNPROCESSABLE_ENTITY;
        }
    }
  if (attachments != NULL && JSON_NODE_HOLDS_ARRAY (attachments))
    {
      JsonArray *array = json_node_get_array (attachments);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_attachment (request, json_array_get_element (array, i), detail))
          return SOUP_STATUS_UNPROCESSABLE_ENTITY;
    }
  return SOUP_STATUS_OK;
}

static void
set_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
set_timestamp (JsonBuilder *builder,
               const char  *member,
               gint64       usec)
{
  g_autofree char *text = usec != 0 ? format_timestamp (usec) : NULL;

  set_nullable_string (builder, member, text);
}

/* §6.4 */
static JsonNode *
build_status (GkDocPortal *self,
              Item        *item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  set_nullable_string (builder, "id", item->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, item->revision);
  set_nullable_string (builder, "column_id", item->column_id);
  set_nullable_string (builder, "kind", item->kind);
  set_nullable_string (builder, "title", item->title);
  set_nullable_string (builder, "publish_on", item->publish_on);
  set_nullable_string (builder, "status", item->status);
  set_nullable_string (builder, "reason", item->reason);
  set_timestamp (builder, "received_at", item->received_at);
  set_timestamp (builder, "published_at", item->published_at);
  set_timestamp (builder, "updated_at", item->updated_at);
  set_nullable_string (builder, "interprets", item->interprets);
  json_builder_set_member_name (builder, "interpreted_by");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->interpreted_by->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (item->interpreted_by, i));
  json_builder_end_array (builder);
  add_extra_members (self, builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
reply_item (Request *request,
            guint    status,
            Item    *item)
{
  g_autoptr(JsonNode) root = build_status (request->self, item);

  set_header (request, "ETag", item->etag);
  reply_json (request, status, root);
}

/* Takes the members a status document shows from the item document; a new revision, so a new
 * ETag and a fresh "received" status. */
static void
store_revision (GkDocPortal *self,
                Item        *item,
                JsonObject  *object)
{
  g_free (item->column_id);
  item->column_id = g_strdup (json_object_get_string_member (object, "column_id"));
  g_free (item->kind);
  item->kind = g_strdup (json_object_get_string_member (object, "kind"));
  g_free (item->title);
  item->title = g_strdup (json_object_get_string_member (object, "title"));
  g_free (item->publish_on);
  item->publish_on = g_strdup (get_string_or_null (object, "publish_on"));
  g_free (item->interprets);
  item->interprets = g_strdup (get_string_or_null (object, "interprets"));
  item->revision = json_object_get_int_member (object, "revision");
  g_free (item->etag);
  item->etag = make_etag ();
  g_free (item->status);
  item->status = g_strdup ("received");
  g_clear_pointer (&item->reason, g_free);
  item->published_at = 0;
  item->received_at = item->updated_at = next_timestamp (self);
}

static gboolean
ptr_array_has_string (GPtrArray  *array,
                      const char *text)
{
  return g_ptr_array_find_with_equal_func (array, text, g_str_equal, NULL);
}

/* §6.1: the link shows both ways, and the policy's updated_at moves so clients see it. */
static void
link_interpretations (GkDocPortal *self,
                      Item        *item)
{
  GHashTableIter iter;
  Item *other;

  if (item->interprets != NULL)
    {
      Item *policy = g_hash_table_lookup (self->items, item->interprets);
      if (policy != NULL && strcmp (policy->unit, item->unit) == 0 &&
          !ptr_array_has_string (policy->interpreted_by, item->id))
        {
          g_ptr_array_add (policy->interpreted_by, g_strdup (item->id));
          policy->updated_at = next_timestamp (self);
        }
    }
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &other))
    if (g_strcmp0 (other->interprets, item->id) == 0 && strcmp (other->unit, item->unit) == 0 &&
        !ptr_array_has_string (item->interpreted_by, other->id))
      g_ptr_array_add (item->interpreted_by, g_strdup (other->id));
}

static Item *
add_item (GkDocPortal *self,
          const char  *unit,
          const char  *id,
          JsonObject  *object)
{
  Item *item = g_new0 (Item, 1);

  item->id = g_strdup (id);
  item->unit = g_strdup (unit);
  item->interpreted_by = g_ptr_array_new_with_free_func (g_free);
  store_revision (self, item, object);
  g_hash_table_replace (self->items, item->id, item);
  return item;
}

static void
create_item (Request *request)
{
  GkDocPortal *self = request->self;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *slot = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *location = NULL;
  JsonObject *object;
  guint status;
  Item *item;

  if (!idempotency_begin (request, TRUE, &slot))
    return;
  object = parse_json_object (request, &root);
  if (object == NULL)
    return;
  status = check_item_document (request, object, &detail);
  if (status != SOUP_STATUS_OK)
    return reply_problem (request, status, status == SOUP_STATUS_FORBIDDEN ? "wrong-unit" : "invalid", detail);
  if (json_object_get_int_member (object, "revision") != 1)
    return reply_problem (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid",
                          "A new item has revision 1.");
  if (g_hash_table_contains (self->items, json_object_get_string_member (object, "id")))
    return reply_problem (request, SOUP_STATUS_CONFLICT, "conflict",
                          "An item with this id exists already.");

  item = add_item (self, request->unit, json_object_get_string_member (object, "id"), object);
  link_interpretations (self, item);

  location = make_location (self, "items", item->id);
  set_header (request, "Location", location);
  reply_item (request, SOUP_STATUS_CREATED, item);
  idempotency_finish (request, g_steal_pointer (&slot));
}

/* Looks the item up for GET and PUT; answers 404/403 itself. */
static Item *
find_own_item (Request *request)
{
  Item *item = g_hash_table_lookup (request->self->items, request->path + strlen ("/api/v1/items/"));

  if (item == NULL)
    reply_problem (request, SOUP_STATUS_NOT_FOUND, "not-found", "There is no such item.");
  else if (strcmp (item->unit, request->unit) != 0)
    reply_problem (request, SOUP_STATUS_FORBIDDEN, "wrong-unit", "This item belongs to another unit.");
  else
    return item;
  return NULL;
}

static void
revise_item (Request *request)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *slot = NULL;
  g_autofree char *detail = NULL;
  const char *if_match = get_header (request, "If-Match");
  JsonObject *object;
  guint status;
  Item *item;

  if (!idempotency_begin (request, TRUE, &slot))
    return;
  if (if_match == NULL || *if_match == '\0')
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "A revision needs If-Match with the ETag it replaces.");
  object = parse_json_object (request, &root);
  if (object == NULL || (item = find_own_item (request)) == NULL)
    return;
  if (strcmp (if_match, item->etag) != 0)
    return reply_problem (request, SOUP_STATUS_PRECONDITION_FAILED, "precondition-failed",
                          "The item was revised meanwhile: look at the portal's revision first.");
  status = check_item_document (request, object, &detail);
  if (status != SOUP_STATUS_OK)
    return reply_problem (request, status, status == SOUP_STATUS_FORBIDDEN ? "wrong-unit" : "invalid", detail);
  if (strcmp (json_object_get_string_member (object, "id"), item->id) != 0)
    return reply_problem (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid",
                          "The body's id is not the id in the URL.");
  if (json_object_get_int_member (object, "revision") != item->revision + 1)
    return reply_problem (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid",
                          "The revision must be the current one plus 1.");
  store_revision (request->self, item, object);
  link_interpretations (request->self, item);
  reply_item (request, SOUP_STATUS_OK, item);
  idempotency_finish (request, g_steal_pointer (&slot));
}

static void
handle_item (Request *request)
{
  Item *item;

  if (strcmp (request->method, "PUT") == 0)
    return revise_item (request);
  if (strcmp (request->method, "GET") != 0)
    return reply_method_not_allowed (request, "GET, PUT");
  item = find_own_item (request);
  if (item != NULL)
    reply_item (request, SOUP_STATUS_OK, item);
}

/* ---------------------------------------------------------------------------------------------
 * Listing (§6.5) */

static char *
encode_cursor (GkDocCursorStyle style,
               guint            position)
{
  switch (style)
    {
    case GK_DOC_CURSOR_BASE64:
      {
        /* 0xfb 0xff 0xbf encodes as "+/+/"; the length leaves padding. */
        g_autoptr(GString) raw = g_string_new ("\xfb\xff\xbf");
        g_string_append_printf (raw, "%u", position);
        if (raw->len % 3 == 0)
          g_string_append_c (raw, ';');
        return g_base64_encode ((const guchar *) raw->str, raw->len);
      }
    case GK_DOC_CURSOR_UNSAFE:
      return g_strdup_printf ("%s%u", UNSAFE_CURSOR_PREFIX, position);
    case GK_DOC_CURSOR_LONG:
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_string_append_printf (text, "%u.", position);
        while (text->len <= 2100)
          g_string_append (text, LONG_CURSOR_FILL);
        return g_string_free (g_steal_pointer (&text), FALSE);
      }
    case GK_DOC_CURSOR_POSITION:
    default:
      return g_strdup_printf ("%u", position);
    }
}

static gboolean
decode_cursor (GkDocCursorStyle  style,
               const char       *cursor,
               guint            *position)
{
  g_autofree char *digits = NULL;
  guint64 value = 0;

  switch (style)
    {
    case GK_DOC_CURSOR_BASE64:
      {
        gsize length = 0;
        g_autofree guchar *raw = decode_strict_base64 (cursor, &length);
        if (raw == NULL || length < 4 || memcmp (raw, "\xfb\xff\xbf", 3) != 0)
          return FALSE;
        digits = g_strndup ((char *) raw + 3, length - 3);
        if (g_str_has_suffix (digits, ";"))
          digits[strlen (digits) - 1] = '\0';
        break;
      }
    case GK_DOC_CURSOR_UNSAFE:
      if (!g_str_has_prefix (cursor, UNSAFE_CURSOR_PREFIX))
        return FALSE;
      digits = g_strdup (cursor + strlen (UNSAFE_CURSOR_PREFIX));
      break;
    case GK_DOC_CURSOR_LONG:
      {
        const char *dot = strchr (cursor, '.');
        g_autofree char *again = NULL;
        if (dot == NULL)
          return FALSE;
        digits = g_strndup (cursor, dot - cursor);
        /* The whole cursor must come back, not a truncated one. */
        if (!parse_decimal (digits, G_MAXUINT, &value))
          return FALSE;
        again = encode_cursor (style, value);
        if (strcmp (again, cursor) != 0)
          return FALSE;
        break;
      }
    case GK_DOC_CURSOR_POSITION:
    default:
      digits = g_strdup (cursor);
      break;
    }
  if (!parse_decimal (digits, G_MAXUINT, &value))
    return FALSE;
  *position = value;
  return TRUE;
}

static gint
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = *(Item *const *) a;
  const Item *y = *(Item *const *) b;

  if (x->updated_at != y->updated_at)
    return x->updated_at < y->updated_at ? -1 : 1;
  return strcmp (x->id, y->id);
}

/* The unit's status documents changed after `since`, oldest change first, frozen as they are now. */
static GPtrArray *
compute_list (GkDocPortal *self,
              const char  *unit,
              gboolean     has_since,
              gint64       since)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  GHashTableIter iter;
  Item *item;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    if (strcmp (item->unit, unit) == 0 && (!has_since || item->updated_at > since))
      g_ptr_array_add (items, item);
  g_ptr_array_sort (items, compare_items);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (list, build_status (self, g_ptr_array_index (items, i)));
  return list;
}

static void
reply_page (Request   *request,
            GPtrArray *list,
            guint      position,
            guint      count)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *next = NULL;
  guint end = position < list->len ? MIN (list->len, position + count) : list->len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = MIN (position, list->len); i < end; i++)
    json_builder_add_value (builder, json_node_copy (g_ptr_array_index (list, i)));
  json_builder_end_array (builder);
  if (end < list->len ||
      ((request->self->quirks & GK_DOC_QUIRK_EMPTY_LAST_PAGE) && end - MIN (position, end) == count))
    next = encode_cursor (request->self->cursor_style, end);
  set_nullable_string (builder, "next_cursor", next);
  add_extra_members (request->self, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (request, SOUP_STATUS_OK, root);
}

static void
list_items (Request *request)
{
  GkDocPortal *self = request->self;
  const char *since_text = request->query ? g_hash_table_lookup (request->query, "since") : NULL;
  const char *limit_text = request->query ? g_hash_table_lookup (request->query, "limit") : NULL;
  const char *cursor = request->query ? g_hash_table_lookup (request->query, "cursor") : NULL;
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  GPtrArray *list;
  guint64 limit = DEFAULT_LIMIT;
  guint position = 0;
  gint64 since = 0;

  if (since_text != NULL && !parse_timestamp (since_text, &since))
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "since is not an RFC 3339 timestamp.");
  if (limit_text != NULL && (!parse_decimal (limit_text, G_MAXUINT, &limit) || limit == 0))
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid", "limit must be 1 or more.");
  if (cursor != NULL && !decode_cursor (self->cursor_style, cursor, &position))
    return reply_problem (request, SOUP_STATUS_BAD_REQUEST, "invalid",
                          "The cursor is not one this portal gave.");

  self->page_number = cursor == NULL ? 1 : self->page_number + 1;
  if (self->page_hook != NULL)
    self->page_hook (self, self->page_number, self->page_hook_data);

  /* The list is fixed at page 1 for this unit and since; a page asked with another since is cut
   * from a list computed afresh for that since. */
  key = since_text != NULL ? g_strdup_printf ("%s\n%" G_GINT64_FORMAT, request->unit, since)
                           : g_strdup_printf ("%s\n-", request->unit);
  if (cursor == NULL)
    g_hash_table_replace (self->snapshots, g_strdup (key),
                          compute_list (self, request->unit, since_text != NULL, since));
  list = g_hash_table_lookup (self->snapshots, key);
  if (list == NULL)
    list = fresh = compute_list (self, request->unit, since_text != NULL, since);
  reply_page (request, list, position, MIN (limit, self->page_size));
}

static void
handle_item_collection (Request *request)
{
  if (strcmp (request->method, "POST") == 0)
    return create_item (request);
  if (strcmp (request->method, "GET") != 0)
    return reply_method_not_allowed (request, "GET, POST");
  list_items (request);
}

/* ---------------------------------------------------------------------------------------------
 * Trickling responses */

static void
trickle_free (Trickle *trickle)
{
  if (trickle->source != 0)
    g_source_destroy (g_main_context_find_source_by_id (trickle->portal->context, trickle->source));
  g_signal_handlers_disconnect_by_data (trickle->msg, trickle);
  g_object_unref (trickle->msg);
  g_bytes_unref (trickle->body);
  g_free (trickle);
}

static void
on_trickle_message_finished_cb (SoupServerMessage *msg,
                                Trickle           *trickle)
{
  trickle->portal->trickles = g_list_remove (trickle->portal->trickles, trickle);
  trickle_free (trickle);
}

static gboolean
on_trickle_tick_cb (gpointer data)
{
  Trickle *trickle = data;
  SoupMessageBody *body = soup_server_message_get_response_body (trickle->msg);
  gsize total = g_bytes_get_size (trickle->body);

  if (trickle->sent < total)
    {
      gsize n = MIN (trickle->chunk, total - trickle->sent);
      soup_message_body_append (body, SOUP_MEMORY_COPY,
                                (const char *) g_bytes_get_data (trickle->body, NULL) + trickle->sent, n);
      trickle->sent += n;
    }
  else if (trickle->endless)
    {
      /* JSON allows whitespace after the value: a reader waiting for the end waits forever. */
      g_autofree char *spaces = g_strnfill (trickle->chunk, ' ');
      soup_message_body_append (body, SOUP_MEMORY_COPY, spaces, trickle->chunk);
    }
  else
    {
      soup_message_body_complete (body);
      trickle->source = 0;
      soup_server_message_unpause (trickle->msg);
      return G_SOURCE_REMOVE;
    }
  soup_server_message_unpause (trickle->msg);
  return G_SOURCE_CONTINUE;
}

/* On the context the server was made on, which need not be the global default. */
static guint
attach_timeout (GkDocPortal *self,
                guint        interval,
                GSourceFunc  callback,
                gpointer     data)
{
  g_autoptr(GSource) source = g_timeout_source_new (interval);

  g_source_set_callback (source, callback, data, NULL);
  return g_source_attach (source, self->context);
}

static void
start_trickle (GkDocPortal       *self,
               SoupServerMessage *msg,
               TrickleRule       *rule)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  Trickle *trickle = g_new0 (Trickle, 1);
  guint interval = rule->bytes_per_second >= 10 ? 100 : 1000 / MAX (rule->bytes_per_second, 1);

  trickle->portal = self;
  trickle->msg = g_object_ref (msg);
  trickle->body = soup_message_body_flatten (body);
  trickle->chunk = MAX (1, rule->bytes_per_second * interval / 1000);
  trickle->endless = rule->endless;
  soup_message_body_truncate (body);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "finished", G_CALLBACK (on_trickle_message_finished_cb), trickle);
  trickle->source = attach_timeout (self, interval, on_trickle_tick_cb, trickle);
  self->trickles = g_list_prepend (self->trickles, trickle);
  soup_server_message_pause (msg);
}

static gboolean
maybe_trickle (GkDocPortal       *self,
               SoupServerMessage *msg,
               const char        *path)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  guint status = soup_server_message_get_status (msg);

  /* These have no body to trickle. */
  if (g_strcmp0 (soup_server_message_get_method (msg), "HEAD") == 0 ||
      status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    return FALSE;
  for (GList *l = self->trickle_rules; l != NULL; l = l->next)
    {
      TrickleRule *rule = l->data;
      if (g_str_has_prefix (path, rule->prefix) && (body->length > 0 || rule->endless))
        {
          start_trickle (self, msg, rule);
          return TRUE;
        }
    }
  return FALSE;
}

static void
maybe_send_chunked (GkDocPortal       *self,
                    SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (!(self->quirks & GK_DOC_QUIRK_CHUNKED) || body->length == 0 ||
      g_strcmp0 (soup_server_message_get_method (msg), "HEAD") == 0)
    return;
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_message_body_complete (body);
}

/* ---------------------------------------------------------------------------------------------
 * Dispatch */

static gboolean
apply_fail_rule (Request *request)
{
  GkDocPortal *self = request->self;

  for (GList *l = self->fail_rules; l != NULL; l = l->next)
    {
      FailRule *rule = l->data;
      const char *type;

      if (!matches_rule (rule->method, rule->prefix, request->method, request->path))
        continue;
      type = rule->status == 503 ? "unavailable" : rule->status == 500 ? "internal" : NULL;
      if (rule->retry_after != NULL)
        set_header (request, "Retry-After", rule->retry_after);
      reply_problem (request, rule->status, type, "The portal is failing this request on purpose.");
      if (--rule->count == 0)
        {
          self->fail_rules = g_list_delete_link (self->fail_rules, l);
          fail_rule_free (rule);
        }
      return TRUE;
    }
  return FALSE;
}

static gboolean
apply_raw_reply (Request *request)
{
  for (GList *l = request->self->raw_replies; l != NULL; l = l->next)
    {
      RawReply *raw = l->data;
      gsize length = 0;
      const char *data;

      if (!matches_rule (raw->method, raw->prefix, request->method, request->path))
        continue;
      data = g_bytes_get_data (raw->body, &length);
      soup_server_message_set_status (request->msg, raw->status, NULL);
      set_body (request->msg, raw->content_type, data, length);
      return TRUE;
    }
  return FALSE;
}

static void
dispatch (Request *request)
{
  const char *path = request->path;

  if (strcmp (path, "/api/v1/uploads") == 0)
    return handle_upload_collection (request);
  if (g_str_has_prefix (path, "/api/v1/uploads/") && strchr (upload_id_from_path (path), '/') == NULL)
    return handle_upload (request);
  if (!g_str_has_prefix (path, "/api/v1/"))
    return reply_problem (request, SOUP_STATUS_NOT_FOUND, "not-found", "There is nothing at this path.");
  if (!authenticate (request))
    return;
  if (strcmp (path, "/api/v1/whoami") == 0)
    return handle_whoami (request);
  if (strcmp (path, "/api/v1/catalog") == 0)
    return handle_catalog (request);
  if (strcmp (path, "/api/v1/registration") == 0)
    return handle_registration (request);
  if (strcmp (path, "/api/v1/items") == 0)
    return handle_item_collection (request);
  if (g_str_has_prefix (path, "/api/v1/items/") && strchr (path + strlen ("/api/v1/items/"), '/') == NULL)
    return handle_item (request);
  reply_problem (request, SOUP_STATUS_NOT_FOUND, "not-found", "There is nothing at this path.");
}

/* libsoup drops a 204's Content-Length as it writes it, then reads "no length" as "ends with the connection". */
static void
on_no_content_written_cb (SoupServerMessage *msg)
{
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_NONE);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GkDocPortal *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  Request request = {
    .self = self, .msg = msg, .method = soup_server_message_get_method (msg),
    .path = g_uri_get_path (uri), .query = query,
  };

  g_ptr_array_add (self->requests, g_strdup_printf ("%s %s%s%s", request.method, request.path,
                                                    g_uri_get_query (uri) ? "?" : "",
                                                    g_uri_get_query (uri) ? g_uri_get_query (uri) : ""));
  if (get_header (&request, "Authorization") != NULL)
    self->authorized_requests++;
  if (apply_fail_rule (&request))
    return;
  if (!apply_raw_reply (&request))
    dispatch (&request);
  /* §5: every tus response carries Tus-Resumable. */
  if (g_str_has_prefix (request.path, "/api/v1/uploads"))
    set_header (&request, "Tus-Resumable", "1.0.0");
  if (!maybe_trickle (self, msg, request.path))
    maybe_send_chunked (self, msg);
  /* HTTP/1.1 keeps the connection after a 204; libsoup 3.2 would close it. */
  if (soup_server_message_get_status (msg) == SOUP_STATUS_NO_CONTENT && !self->close_after_204)
    g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_no_content_written_cb), NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Public API */

/* Listens on `address` (an IPv4 loopback address such as "127.0.0.2" for a second origin; NULL:
 * 127.0.0.1), a free port, over TLS with `certificate` if given. */
GkDocPortal *
gk_doc_portal_new_full (const char       *address,
                        GTlsCertificate  *certificate,
                        GError          **error)
{
  g_autoptr(GkDocPortal) self = g_new0 (GkDocPortal, 1);
  g_autoptr(GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0;
  GSList *uris;

  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->expired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_upload = 256 * 1024 * 1024;
  self->page_size = 1000;
  self->location_form = GK_DOC_LOCATION_RELATIVE;
  self->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  self->uploads = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, upload_free);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, item_free);
  self->replays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, replay_free);
  self->registrations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) json_node_unref);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->patch_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->patch_ports = g_array_new (FALSE, FALSE, sizeof (guint16));
  self->quirks = GK_DOC_QUIRKS_DEFAULT;
  self->context = g_main_context_ref_thread_default ();

  self->server = soup_server_new ("server-header", "gk-doc-portal ", "tls-certificate", certificate, NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  socket_address = g_inet_socket_address_new_from_string (address != NULL ? address : "127.0.0.1", 0);
  g_return_val_if_fail (socket_address != NULL, NULL);
  if (!soup_server_listen (self->server, socket_address, options, error))
    return NULL;
  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  self->url = g_strdup_printf ("%s://%s:%d/", certificate ? "https" : "http",
                               address != NULL ? address : "127.0.0.1", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&self);
}

/* Plain HTTP on 127.0.0.1, a free port, on the thread-default main context. */
GkDocPortal *
gk_doc_portal_new (GError **error)
{
  return gk_doc_portal_new_full (NULL, NULL, error);
}

/* The same over TLS with this certificate (for 127.0.0.1): "https://127.0.0.1:PORT/". */
GkDocPortal *
gk_doc_portal_new_tls (GTlsCertificate  *certificate,
                       GError          **error)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  return gk_doc_portal_new_full (NULL, certificate, error);
}

void
gk_doc_portal_free (GkDocPortal *self)
{
  if (self == NULL)
    return;
  g_list_free_full (g_steal_pointer (&self->trickles), (GDestroyNotify) trickle_free);
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_object_unref (self->server);
    }
  g_free (self->url);
  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->expired);
  g_clear_pointer (&self->catalog, g_bytes_unref);
  g_free (self->catalog_etag);
  g_clear_pointer (&self->column_units, g_hash_table_unref);
  g_hash_table_unref (self->snapshots);
  g_free (self->location_override);
  g_list_free_full (self->fail_rules, fail_rule_free);
  g_list_free_full (self->raw_replies, raw_reply_free);
  g_list_free_full (self->trickle_rules, trickle_rule_free);
  g_hash_table_unref (self->uploads);
  g_hash_table_unref (self->items);
  g_hash_table_unref (self->replays);
  g_hash_table_unref (self->registrations);
  g_ptr_array_unref (self->requests);
  g_array_unref (self->patch_sizes);
  g_array_unref (self->patch_ports);
  g_free (self->max_chunk);
  g_main_context_unref (self->context);
  g_free (self);
}

const char *
gk_doc_portal_get_url (GkDocPortal *self)
{
  return self->url;
}

void
gk_doc_portal_add_token (GkDocPortal *self,
                         const char  *token,
                         const char  *unit)
{
  g_hash_table_replace (self->tokens, g_strdup (token), g_strdup (unit));
  g_hash_table_remove (self->expired, token);
}

/* From now on the token is answered 401 token-expired. */
void
gk_doc_portal_expire_token (GkDocPortal *self,
                            const char  *token)
{
  g_hash_table_add (self->expired, g_strdup (token));
}

static GHashTable *
index_column_units (JsonNode *root)
{
  GHashTable *columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_hash_table_unref);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (array = json_object_get_array_member (json_node_get_object (root), "columns")) == NULL)
    return columns;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *column = json_array_get_object_element (array, i);
      JsonArray *assignments = json_object_get_array_member (column, "assignments");
      GHashTable *units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint j = 0; assignments != NULL && j < json_array_get_length (assignments); j++)
        g_hash_table_add (units, g_strdup (json_object_get_string_member (
                                     json_array_get_object_element (assignments, j), "unit")));
      g_hash_table_replace (columns, g_strdup (json_object_get_string_member (column, "id")), units);
    }
  return columns;
}

/* The catalog served by GET /api/v1/catalog, byte for byte; its columns' assignments decide
 * wrong-unit (§3). NULL: no catalog (404), and every column is accepted. */
void
gk_doc_portal_set_catalog (GkDocPortal *self,
                           GBytes      *catalog_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *digest = NULL;

  g_clear_pointer (&self->catalog, g_bytes_unref);
  g_clear_pointer (&self->catalog_etag, g_free);
  g_clear_pointer (&self->column_units, g_hash_table_unref);
  if (catalog_json == NULL)
    return;
  self->catalog = g_bytes_ref (catalog_json);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, catalog_json);
  self->catalog_etag = g_strdup_printf ("\"cat-%.16s\"", digest);
  if (json_parser_load_from_data (parser, g_bytes_get_data (catalog_json, NULL),
                                  g_bytes_get_size (catalog_json), NULL))
    self->column_units = index_column_units (json_parser_get_root (parser));
}

void
gk_doc_portal_set_quirks (GkDocPortal *self,
                          GkDocQuirks  quirks)
{
  self->quirks = quirks;
}

void
gk_doc_portal_set_max_upload (GkDocPortal *self,
                              guint64      bytes)
{
  self->max_upload = bytes;
}

/* §5.1: @value (NULL for none, the default) goes out as Tus-Max-Chunk-Size, silly or not. */
void
gk_doc_portal_set_max_chunk (GkDocPortal *self,
                             const char  *value)
{
  g_free (self->max_chunk);
  self->max_chunk = g_strdup (value);
}

/* Whether a 204 ends its connection, without a Connection: close (libsoup 3.2's own way). */
void
gk_doc_portal_set_close_after_204 (GkDocPortal *self,
                                   gboolean     close)
{
  self->close_after_204 = close;
}

/* The body length of every PATCH received, in order (element-type guint64). */
GArray *
gk_doc_portal_get_patch_sizes (GkDocPortal *self)
{
  return self->patch_sizes;
}

/* The client's port of every PATCH received, in order (element-type guint16): one port, one connection. */
GArray *
gk_doc_portal_get_patch_ports (GkDocPortal *self)
{
  return self->patch_ports;
}

void
gk_doc_portal_set_page_size (GkDocPortal *self,
                             guint        max_items)
{
  g_return_if_fail (max_items >= 1);
  self->page_size = max_items;
}

void
gk_doc_portal_set_cursor_style (GkDocPortal      *self,
                                GkDocCursorStyle  style)
{
  self->cursor_style = style;
}

void
gk_doc_portal_set_page_hook (GkDocPortal   *self,
                             GkDocPageHook  hook,
                             gpointer       user_data)
{
  self->page_hook = hook;
  self->page_hook_data = user_data;
}

void
gk_doc_portal_set_location_form (GkDocPortal       *self,
                                 GkDocLocationForm  form)
{
  self->location_form = form;
}

void
gk_doc_portal_set_location_override (GkDocPortal *self,
                                     const char  *location)
{
  g_free (self->location_override);
  self->location_override = g_strdup (location);
}

void
gk_doc_portal_set_upload_verifying (GkDocPortal *self,
                                    gboolean     verifying)
{
  self->upload_verifying = verifying;
}

/* The next `count` requests matching method (NULL: any) and path prefix (NULL: any) get
 * `status` with problem+json, and Retry-After if given; rules apply in the order added. */
void
gk_doc_portal_fail_next (GkDocPortal *self,
                         const char  *method,
                         const char  *path_prefix,
                         guint        count,
                         guint        status,
                         const char  *retry_after)
{
  FailRule *rule;

  if (count == 0)
    return;
  rule = g_new0 (FailRule, 1);
  rule->method = g_strdup (method);
  rule->prefix = g_strdup (path_prefix);
  rule->count = count;
  rule->status = status;
  rule->retry_after = g_strdup (retry_after);
  self->fail_rules = g_list_append (self->fail_rules, rule);
}

/* Replaces any raw reply with the same method and prefix; a NULL body removes it. */
void
gk_doc_portal_set_raw_reply (GkDocPortal *self,
                             const char  *method,
                             const char  *path_prefix,
                             guint        status,
                             const char  *content_type,
                             GBytes      *body)
{
  RawReply *raw;

  for (GList *l = self->raw_replies; l != NULL; l = l->next)
    {
      raw = l->data;
      if (g_strcmp0 (raw->method, method) == 0 && g_strcmp0 (raw->prefix, path_prefix) == 0)
        {
          self->raw_replies = g_list_delete_link (self->raw_replies, l);
          raw_reply_free (raw);
          break;
        }
    }
  if (body == NULL)
    return;
  raw = g_new0 (RawReply, 1);
  raw->method = g_strdup (method);
  raw->prefix = g_strdup (path_prefix);
  raw->status = status;
  raw->content_type = g_strdup (content_type);
  raw->body = g_bytes_ref (body);
  self->raw_replies = g_list_append (self->raw_replies, raw);
}

/* Responses under path_prefix are written at bytes_per_second; `endless`: after the body, spaces
 * follow forever. bytes_per_second 0 removes the rule. */
void
gk_doc_portal_set_trickle (GkDocPortal *self,
                           const char  *path_prefix,
                           guint        bytes_per_second,
                           gboolean     endless)
{
  TrickleRule *rule;

  for (GList *l = self->trickle_rules; l != NULL; l = l->next)
    {
      rule = l->data;
      if (strcmp (rule->prefix, path_prefix) == 0)
        {
          self->trickle_rules = g_list_delete_link (self->trickle_rules, l);
          trickle_rule_free (rule);
          break;
        }
    }
  if (bytes_per_second == 0)
    return;
  rule = g_new0 (TrickleRule, 1);
  rule->prefix = g_strdup (path_prefix);
  rule->bytes_per_second = bytes_per_second;
  rule->endless = endless;
  self->trickle_rules = g_list_append (self->trickle_rules, rule);
}

/* The office's verdict: status and reason change and updated_at moves; an approval whose
 * publish_on lies ahead is "scheduled", published_at is set when "published". */
void
gk_doc_portal_set_verdict (GkDocPortal *self,
                           const char  *item_id,
                           const char  *status,
                           const char  *reason)
{
  Item *item = g_hash_table_lookup (self->items, item_id);

  g_return_if_fail (item != NULL);
  g_return_if_fail (g_strcmp0 (status, "published") == 0 || g_strcmp0 (status, "rejected") == 0 ||
                    g_strcmp0 (status, "scheduled") == 0 || g_strcmp0 (status, "received") == 0);
  g_free (item->status);
  item->status = g_strdup (status);
  g_free (item->reason);
  item->reason = g_strdup (reason);
  item->updated_at = next_timestamp (self);
  item->published_at = strcmp (status, "published") == 0 ? item->updated_at : 0;
}

/* An item that came from elsewhere (another PC, or before the application was installed), as
 * if POSTed by the unit: revision 1, "received". */
void
gk_doc_portal_add_item (GkDocPortal *self,
                        const char  *unit,
                        const char  *item_id,
                        const char  *column_id,
                        const char  *title)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_if_fail (!g_hash_table_contains (self->items, item_id));
  json_object_set_string_member (object, "column_id", column_id);
  json_object_set_string_member (object, "kind", "other");
  json_object_set_string_member (object, "title", title);
  json_object_set_int_member (object, "revision", 1);
  add_item (self, unit, item_id, object);
}

guint
gk_doc_portal_count_items (GkDocPortal *self,
                           const char  *unit)
{
  GHashTableIter iter;
  Item *item;
  guint count = 0;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    if (unit == NULL || strcmp (item->unit, unit) == 0)
      count++;
  return count;
}

guint
gk_doc_portal_count_uploads (GkDocPortal *self,
                             gboolean     complete_only)
{
  GHashTableIter iter;
  Upload *upload;
  guint count = 0;

  g_hash_table_iter_init (&iter, self->uploads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &upload))
    if (!complete_only || upload_is_complete (upload))
      count++;
  return count;
}

/* NULL when there is no such item. */
const char *
gk_doc_portal_get_item_status (GkDocPortal *self,
                               const char  *item_id)
{
  Item *item = g_hash_table_lookup (self->items, item_id);

  return item != NULL ? item->status : NULL;
}

char *
gk_doc_portal_dup_item_unit (GkDocPortal *self,
                             const char  *item_id)
{
  Item *item = g_hash_table_lookup (self->items, item_id);

  return item != NULL ? g_strdup (item->unit) : NULL;
}

/* "METHOD /path?query" of every request received, in order, the query as it came. */
GPtrArray *
gk_doc_portal_get_requests (GkDocPortal *self)
{
  return self->requests;
}

/* How many requests carried an Authorization header of any kind, valid or not. */
guint
gk_doc_portal_count_authorized_requests (GkDocPortal *self)
{
  return self->authorized_requests;
}
