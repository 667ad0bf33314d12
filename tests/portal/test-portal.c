/* The reference portal over loopback: every endpoint and fault switch of docs/portal-api.md. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "gk-portal-server.h"
#include "gk-test-util.h"

#define TOKEN_MZ "token-minzheng"
#define TOKEN_CZ "token-caizheng"
#define UNIT_MZ "市民政局"
#define COLUMN_MZ "hms.shjz.cxdb"
#define COLUMN_MZ_POLICY "hms.shjz.knjz"
#define COLUMN_CZ "wzz.yqyd.jjyx"

typedef struct
{
  char           *dir;
  char           *data_dir;
  char           *tokens_path;
  GkCatalog      *catalog;
  GkPortalServer *server;
  char           *base;
  SoupSession    *session;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GError             *error;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static SoupSession *
new_session (void)
{
  /* Loopback traffic must never go through an http_proxy from the environment. */
  SoupSession *session = g_object_new (SOUP_TYPE_SESSION, "proxy-resolver", NULL, "timeout", 20, NULL);

  /* The office pages' session cookie, as a browser keeps it. */
  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  return session;
}

static void
start_server (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkPortalTokens) tokens = NULL;

  tokens = gk_portal_tokens_new_from_file (fixture->tokens_path, fixture->catalog, &error);
  g_assert_no_error (error);

  fixture->server = gk_portal_server_new (fixture->data_dir, tokens, fixture->catalog,
                                          GK_PORTAL_DEFAULT_MAX_UPLOAD, NULL, &error);
  g_assert_no_error (error);
  gk_portal_server_enable_test_faults (fixture->server);
  gk_portal_server_listen (fixture->server, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  g_free (fixture->base);
  fixture->base = gk_portal_server_dup_uri (fixture->server);
  /* The URI ends with a slash; paths start with one. */
  fixture->base[strlen (fixture->base) - 1] = '\0';
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = gk_test_make_data_dir ();
  fixture->data_dir = g_build_filename (fixture->dir, "portal", NULL);
  fixture->tokens_path = g_build_filename (fixture->dir, "tokens", NULL);
  g_file_set_contents (fixture->tokens_path,
                       "# liaisons\n" TOKEN_MZ "\t" UNIT_MZ "\n" TOKEN_CZ "\t市财政局\n", -1, &error);
  g_assert_no_error (error);

  fixture->catalog = gk_catalog_new_builtin ();
  fixture->session = new_session ();
  start_server (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->catalog);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->tokens_path);
  g_free (fixture->base);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  if (reply->body == NULL && reply->error == NULL)
    reply->body = g_bytes_new (NULL, 0);
}

/*
 * Sends a request with @session and runs the main loop until the answer,
 * as the portal runs on the same loop. Extra headers are name, value pairs
 * ending with NULL.
 */
static Reply *
send_with (SoupSession *session,
           const char  *base,
           const char  *method,
           const char  *path,
           const char  *token,
           const char  *content_type,
           const void  *body,
           gssize       size,
           ...)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  Reply *reply = g_new0 (Reply, 1);
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  va_start (args, size);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  va_end (args);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, size >= 0 ? (gsize) size : strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, reply);
  while (reply->body == NULL && reply->error == NULL)
    g_main_context_iteration (NULL, TRUE);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return reply;
}

#define send_request(fixture, ...) send_with ((fixture)->session, (fixture)->base, __VA_ARGS__)

static const char *
header (Reply      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

static JsonObject *
reply_object (Reply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (reply->body, &size);

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
reply_text (Reply *reply)
{
  gsize size;
  const char *data = g_bytes_get_data (reply->body, &size);

  return g_strndup (data, size);
}

/* A problem+json answer with this status and type. */
static void
assert_problem (Reply      *reply,
                guint       status,
                const char *type)
{
  g_autoptr(JsonObject) problem = NULL;
  g_autofree char *expected = g_strconcat ("https://gongkai.invalid/problems/", type, NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_true (g_str_has_prefix (header (reply, "Content-Type"), "application/problem+json"));
  problem = reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, expected);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (problem, "detail"), !=, "");
}

static Reply *
set_faults (Fixture    *fixture,
            const char *json)
{
  Reply *reply = send_request (fixture, "POST", "/_test/faults", NULL, "application/json", json, -1, NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static char *
sha256_hex (const void *data,
            gsize       size)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
}

static char *
sha256_base64 (const void *data,
               gsize       size)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, data, size);
  g_checksum_get_digest (checksum, digest, &length);

  return g_base64_encode (digest, length);
}

static char *
metadata (const char *name,
          const char *sha256)
{
  g_autofree char *name64 = g_base64_encode ((const guchar *) name, strlen (name));
  g_autofree char *sha64 = g_base64_encode ((const guchar *) sha256, strlen (sha256));

  return g_strdup_printf ("filename %s,filetype dGV4dC9wbGFpbg==,sha256 %s", name64, sha64);
}

/* Creates an upload and returns its Location. */
static char *
create_upload (Fixture    *fixture,
               const char *token,
               gsize       length,
               const char *name,
               const char *sha256)
{
  g_autofree char *meta = metadata (name, sha256);
  g_autofree char *length_text = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(Reply) reply = NULL;

  reply = send_request (fixture, "POST", "/api/v1/uploads", token, NULL, NULL, 0,
                        "Tus-Resumable", "1.0.0", "Upload-Length", length_text,
                        "Upload-Metadata", meta, "Idempotency-Key", key, NULL);
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (header (reply, "Tus-Resumable"), ==, "1.0.0");
  g_assert_true (g_str_has_prefix (header (reply, "Location"), "/api/v1/uploads/"));

  return g_strdup (header (reply, "Location"));
}

static Reply *
patch_with (SoupSession *session,
            Fixture     *fixture,
            const char  *location,
            guint64      offset,
            const void  *data,
            gsize        size,
            const char  *checksum)
{
  g_autofree char *offset_text = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
  g_autofree char *checksum_header = checksum != NULL ? g_strconcat ("sha256 ", checksum, NULL) : NULL;

  return send_with (session, fixture->base, "PATCH", location, TOKEN_MZ,
                    "application/offset+octet-stream", data, size,
                    "Tus-Resumable", "1.0.0", "Upload-Offset", offset_text,
                    checksum_header != NULL ? "Upload-Checksum" : NULL, checksum_header, NULL);
}

static guint64
head_offset (Fixture    *fixture,
             const char *location,
             guint      *status)
{
  g_autoptr(Reply) reply = send_request (fixture, "HEAD", location, TOKEN_MZ, NULL, NULL, 0,
                                         "Tus-Resumable", "1.0.0", NULL);

  g_assert_no_error (reply->error);
  *status = reply->status;
  if (reply->status != 200)
    return 0;

  g_assert_cmpstr (header (reply, "Cache-Control"), ==, "no-store");
  return g_ascii_strtoull (header (reply, "Upload-Offset"), NULL, 10);
}

/* Uploads @data in one PATCH; returns the Location of the complete upload. */
static char *
upload (Fixture    *fixture,
        const char *data,
        const char *name)
{
  g_autofree char *sha256 = sha256_hex (data, strlen (data));
  char *location = create_upload (fixture, TOKEN_MZ, strlen (data), name, sha256);
  g_autoptr(Reply) reply = patch_with (fixture->session, fixture, location, 0, data, strlen (data), NULL);

  g_assert_cmpuint (reply->status, ==, 204);
  return location;
}

/* An item document (§6.1); @attachment is a Location or NULL, @interprets an id or NULL. */
static char *
item_json (const char *id,
           const char *column_id,
           const char *kind,
           gint64      revision,
           const char *title,
           const char *publish_on,
           const char *interprets,
           const char *attachment,
           const char *attachment_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "column_id");
  json_builder_add_string_value (builder, column_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "doc_number");
  json_builder_add_string_value (builder, "岳民发〔2026〕12号");
  json_builder_set_member_name (builder, "written_on");
  json_builder_add_string_value (builder, "2026-10-08");
  json_builder_set_member_name (builder, "publish_on");
  if (publish_on != NULL)
    json_builder_add_string_value (builder, publish_on);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, "第一段\n第二段");
  json_builder_set_member_name (builder, "interprets");
  if (interprets != NULL)
    json_builder_add_string_value (builder, interprets);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  if (attachment != NULL)
    {
      g_autofree char *sha256 = sha256_hex (attachment_data, strlen (attachment_data));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "upload");
      json_builder_add_string_value (builder, attachment);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "名单.txt");
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, "text/plain");
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, strlen (attachment_data));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static Reply *
post_item (Fixture    *fixture,
           const char *token,
           const char *key,
           const char *json)
{
  return send_request (fixture, "POST", "/api/v1/items", token, "application/json", json, -1,
                       "Idempotency-Key", key, NULL);
}

/* Creates an item without attachments and returns its ETag. */
static char *
create_item (Fixture    *fixture,
             const char *id,
             const char *column_id,
             const char *kind,
             const char *publish_on,
             const char *interprets)
{
  g_autofree char *json = item_json (id, column_id, kind, 1, "标题", publish_on, interprets, NULL, NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(Reply) reply = post_item (fixture, TOKEN_MZ, key, json);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (header (reply, "ETag"));
}

static JsonObject *
get_status (Fixture    *fixture,
            const char *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/items/", id, NULL);
  g_autoptr(Reply) reply = send_request (fixture, "GET", path, TOKEN_MZ, NULL, NULL, 0, NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (header (reply, "ETag"));
  return reply_object (reply);
}

static void
test_auth (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(Reply) none = send_request (fixture, "GET", "/api/v1/whoami", NULL, NULL, NULL, 0, NULL);
  g_autoptr(Reply) unknown = send_request (fixture, "GET", "/api/v1/items", "no-such-token", NULL, NULL, 0, NULL);
  g_autoptr(Reply) upload_head = send_request (fixture, "HEAD", "/api/v1/uploads/x", NULL, NULL, NULL, 0, NULL);

  assert_problem (none, 401, "unauthorized");
  g_assert_nonnull (header (none, "WWW-Authenticate"));
  assert_problem (unknown, 401, "unauthorized");
  /* The token is never echoed back. */
  g_assert_null (g_strstr_len (g_bytes_get_data (unknown->body, NULL), g_bytes_get_size (unknown->body), "no-such-token"));
  g_assert_cmpuint (upload_head->status, ==, 401);
}

static void
test_whoami (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(Reply) reply = send_request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  object = reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "unit"), ==, UNIT_MZ);
  g_assert_true (json_object_get_null_member (object, "expires_at"));
}

static void
test_catalog (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(Reply) full = send_request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(Reply) same = NULL;
  g_autoptr(Reply) other = NULL;
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, gk_catalog_get_bytes (fixture->catalog));
  g_autofree char *etag = g_strdup_printf ("\"%s\"", digest);

  g_assert_cmpuint (full->status, ==, 200);
  g_assert_cmpstr (header (full, "ETag"), ==, etag);
  g_assert_true (g_bytes_equal (full->body, gk_catalog_get_bytes (fixture->catalog)));

  same = send_request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, 0, "If-None-Match", etag, NULL);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (same->body), ==, 0);

  other = send_request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, 0, "If-None-Match", "\"old\"", NULL);
  g_assert_cmpuint (other->status, ==, 200);
}

static void
test_registration (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *good = "{\"unit\":\"" UNIT_MZ "\",\"leader\":\"王局长\",\"office\":\"办公室\",\"liaison\":\"李四\",\"phone\":\"0730-1234567\"}";
  const char *other = "{\"unit\":\"市财政局\",\"leader\":\"王局长\",\"office\":\"办公室\",\"liaison\":\"李四\",\"phone\":\"1\"}";
  const char *missing = "{\"unit\":\"" UNIT_MZ "\",\"leader\":\"王局长\",\"office\":\"办公室\",\"liaison\":\"\"}";
  g_autoptr(Reply) before = send_request (fixture, "GET", "/api/v1/registration", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(Reply) wrong = send_request (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, "application/json", other, -1,
                                         "Idempotency-Key", "r1", NULL);
  g_autoptr(Reply) empty = send_request (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, "application/json", missing, -1,
                                         "Idempotency-Key", "r2", NULL);
  g_autoptr(Reply) no_key = send_request (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, "application/json", good, -1, NULL);
  g_autoptr(Reply) saved = send_request (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, "application/json", good, -1,
                                         "Idempotency-Key", "r3", NULL);
  g_autoptr(Reply) after = send_request (fixture, "GET", "/api/v1/registration", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(JsonObject) object = NULL;

  assert_problem (before, 404, "not-found");
  assert_problem (wrong, 403, "wrong-unit");
  assert_problem (empty, 422, "invalid");
  assert_problem (no_key, 400, "invalid");
  g_assert_cmpuint (saved->status, ==, 200);
  g_assert_cmpuint (after->status, ==, 200);
  object = reply_object (after);
  g_assert_cmpstr (json_object_get_string_member (object, "liaison"), ==, "李四");
  g_assert_nonnull (json_object_get_string_member (object, "received_at"));
}

/* §5.1: Tus-Max-Chunk-Size only when the portal is told one (--max-chunk-size). */
static void
test_tus_max_chunk (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(Reply) plain = send_request (fixture, "OPTIONS", "/api/v1/uploads", NULL, NULL, NULL, 0, NULL);
  g_autoptr(Reply) told = NULL;

  g_assert_cmpuint (plain->status, ==, 204);
  g_assert_null (header (plain, "Tus-Max-Chunk-Size"));

  gk_portal_server_set_max_chunk (fixture->server, 64 * 1024 * 1024);
  told = send_request (fixture, "OPTIONS", "/api/v1/uploads", NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (told->status, ==, 204);
  g_assert_cmpstr (header (told, "Tus-Max-Chunk-Size"), ==, "67108864");
}

static void
test_tus_upload (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *data = g_malloc (300000);
  g_autofree char *sha256 = NULL;
  g_autofree char *location = NULL;
  g_autofree char *stored_path = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(Reply) options = send_request (fixture, "OPTIONS", "/api/v1/uploads", NULL, NULL, NULL, 0, NULL);
  gsize stored_size;
  guint status;

  for (guint i = 0; i < 300000; i++)
    data[i] = (char) (i * 7 + i / 251);
  sha256 = sha256_hex (data, 300000);

  g_assert_cmpuint (options->status, ==, 204);
  g_assert_cmpstr (header (options, "Tus-Version"), ==, "1.0.0");
  g_assert_cmpstr (header (options, "Tus-Extension"), ==, "creation,checksum");
  g_assert_cmpstr (header (options, "Tus-Checksum-Algorithm"), ==, "sha256");
  g_assert_nonnull (header (options, "Tus-Max-Size"));

  location = create_upload (fixture, TOKEN_MZ, 300000, "名单 2026.xlsx", sha256);
  g_assert_cmpuint (head_offset (fixture, location, &status), ==, 0);

  /* Three chunks, each with its checksum; a wrong offset and a bad checksum in between. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *checksum = sha256_base64 (data + i * 100000, 100000);
      g_autoptr(Reply) reply = NULL;

      if (i == 1)
        {
          g_autoptr(Reply) conflict = patch_with (fixture->session, fixture, location, 99999, data + 99999, 10, NULL);
          g_autofree char *bad = sha256_base64 ("x", 1);
          g_autoptr(Reply) mismatch = patch_with (fixture->session, fixture, location, 100000, data + 100000, 100000, bad);

          assert_problem (conflict, 409, "conflict");
          g_assert_cmpstr (header (conflict, "Tus-Resumable"), ==, "1.0.0");
          assert_problem (mismatch, 460, "checksum-mismatch");
          g_assert_cmpuint (head_offset (fixture, location, &status), ==, 100000);
        }

      /* The last chunk is answered only once the whole file is on disk (§5.3). */
      if (i == 2)
        g_test_expect_message ("gk-portal", G_LOG_LEVEL_MESSAGE, "Upload * is on disk (fdatasync * ms).");
      reply = patch_with (fixture->session, fixture, location, i * 100000, data + i * 100000, 100000, checksum);
      g_assert_no_error (reply->error);
      g_assert_cmpuint (reply->status, ==, 204);
      g_assert_cmpuint (g_ascii_strtoull (header (reply, "Upload-Offset"), NULL, 10), ==, (i + 1) * 100000);
    }
  g_test_assert_expected_messages ();

  g_assert_cmpuint (head_offset (fixture, location, &status), ==, 300000);
  g_assert_cmpuint (status, ==, 200);

  stored_path = g_build_filename (fixture->data_dir, "uploads", location + strlen ("/api/v1/uploads/"), NULL);
  g_file_get_contents (stored_path, &stored, &stored_size, NULL);
  g_assert_cmpmem (stored, stored_size, data, 300000);
}

static void
test_tus_file_mismatch (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *wrong = sha256_hex ("something else", 14);
  g_autofree char *location = create_upload (fixture, TOKEN_MZ, 11, "a.txt", wrong);
  g_autoptr(Reply) reply = patch_with (fixture->session, fixture, location, 0, "hello world", 11, NULL);
  guint status;

  assert_problem (reply, 460, "checksum-mismatch");
  head_offset (fixture, location, &status);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_tus_unsafe_names (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *names[] = { "../etc/passwd", "a/b.txt", "a\\b.txt", "..", "tab\there", "bell\a", "" };
  g_autofree char *sha256 = sha256_hex ("x", 1);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *meta = metadata (names[i], sha256);
      g_autoptr(Reply) reply = send_request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL, 0,
                                             "Upload-Length", "1", "Upload-Metadata", meta, NULL);

      assert_problem (reply, 400, "invalid");
    }

  {
    g_autoptr(Reply) garbled = send_request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL, 0,
                                             "Upload-Length", "1", "Upload-Metadata", "filename *not-base64*", NULL);
    g_autoptr(Reply) no_length = send_request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL, 0, NULL);

    assert_problem (garbled, 400, "invalid");
    assert_problem (no_length, 400, "invalid");
  }
}

static void
test_tus_drop_resume (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *data = g_strnfill (40000, 'q');
  g_autofree char *sha256 = NULL;
  g_autofree char *location = NULL;
  g_autoptr(Reply) cut = NULL;
  g_autoptr(Reply) rest = NULL;
  g_autoptr(Reply) faults = NULL;
  g_autoptr(SoupSession) session = new_session ();
  guint64 offset;
  guint status;

  data[12345] = 'z';
  sha256 = sha256_hex (data, 40000);
  location = create_upload (fixture, TOKEN_MZ, 40000, "big.bin", sha256);

  g_clear_pointer (&faults, reply_free);
  faults = set_faults (fixture, "{\"drop_after_bytes\": 15000}");

  /* A fresh session: libsoup resends on a reused connection that closed. */
  cut = patch_with (session, fixture, location, 0, data, 40000, NULL);
  g_assert_nonnull (cut->error);

  offset = head_offset (fixture, location, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (offset, ==, 15000);

  rest = patch_with (fixture->session, fixture, location, offset, data + offset, 40000 - offset, NULL);
  g_assert_cmpuint (rest->status, ==, 204);
  g_assert_cmpuint (head_offset (fixture, location, &status), ==, 40000);
}

/* After a restart the running hash is gone; completion hashes the file in a thread. */
static void
test_tus_restart (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *data = g_strnfill (5000, 'r');
  g_autofree char *sha256 = sha256_hex (data, 5000);
  g_autofree char *location = create_upload (fixture, TOKEN_MZ, 5000, "r.bin", sha256);
  g_autoptr(Reply) first = patch_with (fixture->session, fixture, location, 0, data, 2000, NULL);
  g_autoptr(Reply) second = NULL;
  g_autofree char *item = NULL;
  g_autoptr(Reply) created = NULL;
  guint status;

  g_assert_cmpuint (first->status, ==, 204);

  g_clear_object (&fixture->session);
  g_clear_object (&fixture->server);
  fixture->session = new_session ();
  start_server (fixture);

  g_assert_cmpuint (head_offset (fixture, location, &status), ==, 2000);
  second = patch_with (fixture->session, fixture, location, 2000, data + 2000, 3000, NULL);
  g_assert_cmpuint (second->status, ==, 204);

  item = item_json ("0b1e5bfe-3b1a-4d7a-9d59-1b7e6a3e0001", COLUMN_MZ, "list", 1, "重启后", NULL, NULL, location, data);
  created = post_item (fixture, TOKEN_MZ, "restart-key", item);
  g_assert_cmpuint (created->status, ==, 201);
}

static void
test_items_create_replay (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const char *id = "5a1a0715-ad5a-4e84-9733-a84f2025c201";
  g_autofree char *location = upload (fixture, "名单内容", "名单.txt");
  g_autofree char *json = item_json (id, COLUMN_MZ, "list", 1, "2026年第三季度城乡低保资金发放情况", "2026-10-10", NULL, location, "名单内容");
  g_autofree char *changed = item_json (id, COLUMN_MZ, "list", 1, "另一个标题", "2026-10-10", NULL, location, "名单内容");
  g_autofree char *bad_attachment = item_json ("5a1a0715-ad5a-4e84-9733-a84f2025c209", COLUMN_MZ, "list", 1, "t", NULL, NULL, location, "别的内容");
  g_autoptr(Reply) created = post_item (fixture, TOKEN_MZ, "key-1", json);
  g_autoptr(Reply) replayed = post_item (fixture, TOKEN_MZ, "key-1", json);
  g_autoptr(Reply) reused = post_item (fixture, TOKEN_MZ, "key-1", changed);
  g_autoptr(Reply) duplicate = post_item (fixture, TOKEN_MZ, "key-2", json);
  g_autoptr(Reply) mismatched = post_item (fixture, TOKEN_MZ, "key-3", bad_attachment);
  g_autoptr(Reply) list = send_request (fixture, "GET", "/api/v1/items", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) listing = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (header (created, "Location"), ==, "/api/v1/items/5a1a0715-ad5a-4e84-9733-a84f2025c201");
  g_assert_nonnull (header (created, "ETag"));
  status = reply_object (created);
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "received");
  g_assert_cmpint (json_object_get_int_member (status, "revision"), ==, 1);

  g_assert_cmpuint (replayed->status, ==, 201);
  g_assert_true (g_bytes_equal (replayed->body, created->body));
  g_assert_cmpstr (header (replayed, "ETag"), ==, header (created, "ETag"));
  g_assert_cmpstr (header (replayed, "Location"), ==, header (created, "Location"));

  assert_problem (reused, 422, "invalid");
  assert_problem (duplicate, 409, "conflict");
  assert_problem (mismatched, 422, "invalid");

  listing = reply_object (list);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listing, "items")), ==, 1);
}

static void
test_items_wrong_unit (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *id = "6b2b0715-ad5a-4e84-9733-a84f2025c202";
  g_autofree char *foreign = item_json ("6b2b0715-ad5a-4e84-9733-a84f2025c203", COLUMN_CZ, "statistics", 1, "经济运行", NULL, NULL, NULL, NULL);
  g_autoptr(Reply) refused = post_item (fixture, TOKEN_MZ, "w1", foreign);
  g_autofree char *etag = create_item (fixture, id, COLUMN_MZ, "list", NULL, NULL);
  g_autoptr(Reply) peek = send_request (fixture, "GET", "/api/v1/items/6b2b0715-ad5a-4e84-9733-a84f2025c202", TOKEN_CZ, NULL, NULL, 0, NULL);
  g_autofree char *revision = item_json (id, COLUMN_MZ, "list", 2, "改", NULL, NULL, NULL, NULL);
  g_autoptr(Reply) overwrite = send_request (fixture, "PUT", "/api/v1/items/6b2b0715-ad5a-4e84-9733-a84f2025c202", TOKEN_CZ,
                                             "application/json", revision, -1, "Idempotency-Key", "w2", "If-Match", etag, NULL);

  assert_problem (refused, 403, "wrong-unit");
  assert_problem (peek, 403, "wrong-unit");
  assert_problem (overwrite, 403, "wrong-unit");
}

static void
test_items_revise (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *id = "7c3c0715-ad5a-4e84-9733-a84f2025c204";
  const char *path = "/api/v1/items/7c3c0715-ad5a-4e84-9733-a84f2025c204";
  g_autofree char *etag = create_item (fixture, id, COLUMN_MZ, "list", NULL, NULL);
  g_autofree char *second = item_json (id, COLUMN_MZ, "list", 2, "第二稿", NULL, NULL, NULL, NULL);
  g_autofree char *third = item_json (id, COLUMN_MZ, "list", 3, "第三稿", NULL, NULL, NULL, NULL);
  g_autoptr(Reply) revised = send_request (fixture, "PUT", path, TOKEN_MZ, "application/json", second, -1,
                                           "Idempotency-Key", "v2", "If-Match", etag, NULL);
  g_autoptr(Reply) stale = send_request (fixture, "PUT", path, TOKEN_MZ, "application/json", third, -1,
                                         "Idempotency-Key", "v3", "If-Match", etag, NULL);
  g_autoptr(Reply) no_match = send_request (fixture, "PUT", path, TOKEN_MZ, "application/json", third, -1,
                                            "Idempotency-Key", "v4", NULL);
  g_autoptr(JsonObject) status = get_status (fixture, id);

  g_assert_cmpuint (revised->status, ==, 200);
  g_assert_nonnull (header (revised, "ETag"));
  g_assert_cmpstr (header (revised, "ETag"), !=, etag);
  assert_problem (stale, 412, "precondition-failed");
  assert_problem (no_match, 400, "invalid");
  g_assert_cmpint (json_object_get_int_member (status, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (status, "title"), ==, "第二稿");
}

static void
test_items_list_since (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *ids[] = {
    "8d4d0715-ad5a-4e84-9733-a84f2025c205",
    "8d4d0715-ad5a-4e84-9733-a84f2025c206",
    "8d4d0715-ad5a-4e84-9733-a84f2025c207",
  };
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(Reply) since = NULL;
  g_autoptr(Reply) page1 = NULL;
  g_autoptr(Reply) page2 = NULL;
  g_autoptr(Reply) other = send_request (fixture, "GET", "/api/v1/items", TOKEN_CZ, NULL, NULL, 0, NULL);
  g_autoptr(Reply) bad = send_request (fixture, "GET", "/api/v1/items?since=yesterday", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(Reply) zero = send_request (fixture, "GET", "/api/v1/items?limit=0", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(Reply) large = send_request (fixture, "GET", "/api/v1/items?limit=100000", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(JsonObject) since_object = NULL;
  g_autoptr(JsonObject) page1_object = NULL;
  g_autoptr(JsonObject) page2_object = NULL;
  g_autoptr(JsonObject) other_object = NULL;
  g_autofree char *since_path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *page2_path = NULL;
  JsonArray *items;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (create_item (fixture, ids[i], COLUMN_MZ, "list", NULL, NULL));

  first = get_status (fixture, ids[0]);
  escaped = g_uri_escape_string (json_object_get_string_member (first, "updated_at"), NULL, FALSE);
  since_path = g_strconcat ("/api/v1/items?since=", escaped, NULL);
  since = send_request (fixture, "GET", since_path, TOKEN_MZ, NULL, NULL, 0, NULL);
  since_object = reply_object (since);
  items = json_object_get_array_member (since_object, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "id"), ==, ids[1]);
  g_assert_true (json_object_get_null_member (since_object, "next_cursor"));

  page1 = send_request (fixture, "GET", "/api/v1/items?limit=2", TOKEN_MZ, NULL, NULL, 0, NULL);
  page1_object = reply_object (page1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page1_object, "items")), ==, 2);
  g_assert_false (json_object_get_null_member (page1_object, "next_cursor"));

  g_free (escaped);
  escaped = g_uri_escape_string (json_object_get_string_member (page1_object, "next_cursor"), NULL, FALSE);
  page2_path = g_strconcat ("/api/v1/items?limit=2&cursor=", escaped, NULL);
  page2 = send_request (fixture, "GET", page2_path, TOKEN_MZ, NULL, NULL, 0, NULL);
  page2_object = reply_object (page2);
  items = json_object_get_array_member (page2_object, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "id"), ==, ids[2]);

  other_object = reply_object (other);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (other_object, "items")), ==, 0);
  assert_problem (bad, 400, "invalid");
  assert_problem (zero, 400, "invalid");
  g_assert_cmpuint (large->status, ==, 200);
}

static void
test_interprets (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *policy = "9e5e0715-ad5a-4e84-9733-a84f2025c208";
  const char *interpretation = "9e5e0715-ad5a-4e84-9733-a84f2025c209";
  g_autofree char *policy_etag = create_item (fixture, policy, COLUMN_MZ_POLICY, "policy", NULL, NULL);
  g_autoptr(JsonObject) before = get_status (fixture, policy);
  g_autofree char *interpretation_etag = create_item (fixture, interpretation, COLUMN_MZ_POLICY, "interpretation", NULL, policy);
  g_autoptr(JsonObject) after = get_status (fixture, policy);
  g_autoptr(JsonObject) explaining = get_status (fixture, interpretation);
  JsonArray *interpreted_by = json_object_get_array_member (after, "interpreted_by");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (before, "interpreted_by")), ==, 0);
  g_assert_cmpuint (json_array_get_length (interpreted_by), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (interpreted_by, 0), ==, interpretation);
  g_assert_cmpstr (json_object_get_string_member (explaining, "interprets"), ==, policy);
  /* The policy changed for clients that list with `since`. */
  g_assert_cmpstr (json_object_get_string_member (after, "updated_at"), >, json_object_get_string_member (before, "updated_at"));
}

static void
test_fail_next (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(Reply) faults = set_faults (fixture, "{\"fail_next\": 2, \"status\": 503, \"retry_after\": 7}");

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Reply) reply = send_request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, 0, NULL);

      assert_problem (reply, 503, "unavailable");
      g_assert_cmpstr (header (reply, "Retry-After"), ==, "7");
    }

  {
    g_autoptr(Reply) reply = send_request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, 0, NULL);
    g_autoptr(Reply) internal = NULL;
    g_autoptr(Reply) more = set_faults (fixture, "{\"fail_next\": 1, \"status\": 500}");

    g_assert_cmpuint (reply->status, ==, 200);
    internal = send_request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, 0, NULL);
    assert_problem (internal, 500, "internal");
  }
}

static void
test_drop_response (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char *id = "af6f0715-ad5a-4e84-9733-a84f2025c20a";
  g_autofree char *json = item_json (id, COLUMN_MZ, "news", 1, "断线", NULL, NULL, NULL, NULL);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(Reply) faults = set_faults (fixture, "{\"drop_response\": true}");
  g_autoptr(Reply) lost = send_with (session, fixture->base, "POST", "/api/v1/items", TOKEN_MZ, "application/json", json, -1,
                                     "Idempotency-Key", "lost-key", NULL);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(Reply) retry = NULL;
  g_autoptr(Reply) list = NULL;
  g_autoptr(JsonObject) listing = NULL;

  g_assert_nonnull (lost->error);

  /* The item exists; the retry with the same key creates nothing new. */
  status = get_status (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "received");
  retry = post_item (fixture, TOKEN_MZ, "lost-key", json);
  g_assert_cmpuint (retry->status, ==, 201);
  list = send_request (fixture, "GET", "/api/v1/items", TOKEN_MZ, NULL, NULL, 0, NULL);
  listing = reply_object (list);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listing, "items")), ==, 1);
}

static void
test_delay (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(Reply) faults = set_faults (fixture, "{\"delay_ms\": 300}");
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Reply) reply = send_request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(Reply) cleared = set_faults (fixture, "{}");

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
}

static void
test_bad_bodies (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *huge = g_strnfill (1024 * 1024 + 10, ' ');
  g_autoptr(Reply) oversize = NULL;
  g_autoptr(Reply) malformed = post_item (fixture, TOKEN_MZ, "b2", "{\"id\": ");
  g_autoptr(Reply) not_object = post_item (fixture, TOKEN_MZ, "b3", "[1, 2]");
  g_autoptr(Reply) wrong_type = post_item (fixture, TOKEN_MZ, "b4",
                                           "{\"id\":\"b0b00715-ad5a-4e84-9733-a84f2025c20b\",\"column_id\":\"" COLUMN_MZ "\","
                                           "\"kind\":\"list\",\"revision\":\"1\",\"title\":\"t\"}");
  g_autoptr(Reply) bad_date = post_item (fixture, TOKEN_MZ, "b5",
                                         "{\"id\":\"b0b00715-ad5a-4e84-9733-a84f2025c20b\",\"column_id\":\"" COLUMN_MZ "\","
                                         "\"kind\":\"list\",\"revision\":1,\"title\":\"t\",\"publish_on\":\"2026-02-30\"}");
  g_autoptr(Reply) no_key = send_request (fixture, "POST", "/api/v1/items", TOKEN_MZ, "application/json", "{}", -1, NULL);
  g_autoptr(Reply) after = NULL;

  huge[0] = '{';
  huge[strlen (huge) - 1] = '}';
  oversize = post_item (fixture, TOKEN_MZ, "b1", huge);
  assert_problem (oversize, 413, "too-large");
  assert_problem (malformed, 400, "invalid");
  assert_problem (not_object, 400, "invalid");
  assert_problem (wrong_type, 422, "invalid");
  assert_problem (bad_date, 422, "invalid");
  assert_problem (no_key, 400, "invalid");

  /* The connection still serves the next request. */
  after = send_request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, 0, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
set_publish_on (Fixture    *fixture,
                const char *id,
                const char *date)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "portal.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE items SET publish_on = ? WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Opens an item's office page and posts its Approve or Reject form, as the browser would. */
static Reply *
post_verdict (Fixture    *fixture,
              const char *id,
              const char *verdict,
              const char *reason)
{
  g_autofree char *page_path = g_strconcat ("/office/items/", id, NULL);
  g_autofree char *action = g_strconcat (page_path, "/", verdict, NULL);
  g_autoptr(Reply) page = send_request (fixture, "GET", page_path, NULL, NULL, NULL, 0, NULL);
  g_autofree char *html = reply_text (page);
  g_autofree char *token = NULL;
  g_autofree char *revision = NULL;
  g_autofree char *body = NULL;
  const char *field;

  g_assert_cmpuint (page->status, ==, 200);
  field = strstr (html, "name=\"csrf\" value=\"");
  g_assert_nonnull (field);
  token = g_strndup (field + strlen ("name=\"csrf\" value=\""), 64);
  field = strstr (html, "name=\"revision\" value=\"");
  g_assert_nonnull (field);
  revision = g_strndup (field + strlen ("name=\"revision\" value=\""),
                        strcspn (field + strlen ("name=\"revision\" value=\""), "\""));

  body = g_strdup_printf ("csrf=%s&revision=%s%s%s", token, revision, reason != NULL ? "&reason=" : "", reason ?: "");
  return send_request (fixture, "POST", action, NULL, "application/x-www-form-urlencoded", body, -1,
                       "Origin", fixture->base, NULL);
}

static void
test_office (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *past = "c1c10715-ad5a-4e84-9733-a84f2025c20c";
  const char *future = "c1c10715-ad5a-4e84-9733-a84f2025c20d";
  const char *rejected = "c1c10715-ad5a-4e84-9733-a84f2025c20e";
  g_autofree char *location = upload (fixture, "附件正文", "附件.txt");
  g_autofree char *json = item_json (past, COLUMN_MZ, "list", 1, "<script>alert(1)</script>", "2020-01-01", NULL, location, "附件正文");
  g_autoptr(Reply) created = post_item (fixture, TOKEN_MZ, "o1", json);
  g_autofree char *future_etag = create_item (fixture, future, COLUMN_MZ, "list", "2999-12-31", NULL);
  g_autofree char *rejected_etag = create_item (fixture, rejected, COLUMN_MZ, "list", NULL, NULL);
  g_autofree char *download_path = g_strconcat ("/office/uploads/", location + strlen ("/api/v1/uploads/"), NULL);
  g_autoptr(Reply) approve_past = NULL;
  g_autoptr(Reply) approve_future = NULL;
  g_autoptr(Reply) reject_empty = NULL;
  g_autoptr(Reply) reject = NULL;
  g_autoptr(Reply) page = NULL;
  g_autoptr(Reply) item_page = NULL;
  g_autoptr(Reply) download = NULL;
  g_autoptr(JsonObject) past_status = NULL;
  g_autoptr(JsonObject) future_status = NULL;
  g_autoptr(JsonObject) rejected_status = NULL;
  g_autoptr(JsonObject) published_status = NULL;
  g_autofree char *html = NULL;
  g_autofree char *item_html = NULL;

  g_assert_cmpuint (created->status, ==, 201);

  page = send_request (fixture, "GET", "/office/", NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  html = reply_text (page);
  g_assert_nonnull (strstr (html, UNIT_MZ));
  g_assert_nonnull (strstr (html, "&lt;script&gt;"));
  g_assert_null (strstr (html, "<script>"));

  item_page = send_request (fixture, "GET", "/office/items/c1c10715-ad5a-4e84-9733-a84f2025c20c", NULL, NULL, NULL, 0, NULL);
  item_html = reply_text (item_page);
  g_assert_nonnull (strstr (item_html, download_path));
  g_assert_nonnull (strstr (item_html, "action=\"/office/items/c1c10715-ad5a-4e84-9733-a84f2025c20c/reject\""));

  download = send_request (fixture, "GET", download_path, NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (download->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (download->body, NULL), g_bytes_get_size (download->body), "附件正文", strlen ("附件正文"));

  /* libsoup follows the 303 back to the item's page. */
  approve_past = post_verdict (fixture, past, "approve", NULL);
  g_assert_cmpuint (approve_past->status, ==, 200);
  approve_future = post_verdict (fixture, future, "approve", NULL);
  reject_empty = post_verdict (fixture, rejected, "reject", "+");
  g_assert_cmpuint (reject_empty->status, ==, 400);
  reject = post_verdict (fixture, rejected, "reject", "%E7%BC%BA%E5%B0%91%E6%96%87%E5%8F%B7+%26+%E6%97%A5%E6%9C%9F");
  g_assert_cmpuint (reject->status, ==, 200);

  past_status = get_status (fixture, past);
  g_assert_cmpstr (json_object_get_string_member (past_status, "status"), ==, "published");
  g_assert_nonnull (json_object_get_string_member (past_status, "published_at"));
  future_status = get_status (fixture, future);
  g_assert_cmpstr (json_object_get_string_member (future_status, "status"), ==, "scheduled");
  g_assert_true (json_object_get_null_member (future_status, "published_at"));
  rejected_status = get_status (fixture, rejected);
  g_assert_cmpstr (json_object_get_string_member (rejected_status, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (rejected_status, "reason"), ==, "缺少文号 & 日期");

  /* The scheduler publishes the item once its day has come. */
  g_assert_cmpuint (gk_portal_server_publish_due (fixture->server), ==, 0);
  set_publish_on (fixture, future, "2000-01-01");
  g_assert_cmpuint (gk_portal_server_publish_due (fixture->server), ==, 1);
  published_status = get_status (fixture, future);
  g_assert_cmpstr (json_object_get_string_member (published_status, "status"), ==, "published");
}

static void
test_tokens_file_error (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char *program = g_getenv ("GONGKAI_PORTAL");
  g_autofree char *bad = g_build_filename (fixture->dir, "bad-tokens", NULL);
  g_autofree char *unknown = g_build_filename (fixture->dir, "unknown-unit", NULL);
  const char *files[] = { bad, unknown };
  const char *expected[] = { "Line 2 of the tokens file", "not in the catalog" };

  if (program == NULL)
    {
      g_test_skip ("GONGKAI_PORTAL is not set; run through meson test.");
      return;
    }

  g_file_set_contents (bad, "# ok\nsecret-token-without-unit\n", -1, NULL);
  g_file_set_contents (unknown, "t1\t市没有局\n", -1, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  program, "--listen", "127.0.0.1:0", "--data-dir", fixture->data_dir,
                                  "--tokens", files[i], NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);

      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
      g_assert_true (g_str_has_prefix (err, "gongkai-portal: "));
      g_assert_nonnull (strstr (err, expected[i]));
      /* One sentence on one line, and never the token. */
      g_assert_cmpuint (strchr (err, '\n') - err, ==, strlen (err) - 1);
      g_assert_null (strstr (err, "secret-token"));
    }
}

static gboolean
accept_test_certificate_cb (SoupMessage          *msg,
                            GTlsCertificate      *certificate,
                            GTlsCertificateFlags  errors,
                            gpointer              user_data)
{
  /* Only the self-signed certificate made for this test. */
  return g_tls_certificate_is_same (certificate, user_data);
}

static void
test_tls (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autofree char *cert_path = g_build_filename (fixture->dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (fixture->dir, "key.pem", NULL);
  g_autofree char *tls_dir = g_build_filename (fixture->dir, "tls-portal", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GkPortalTokens) tokens = NULL;
  g_autoptr(GkPortalServer) server = NULL;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  gk_test_make_certificate (cert_path, key_path);
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  tokens = gk_portal_tokens_new_from_file (fixture->tokens_path, fixture->catalog, &error);
  g_assert_no_error (error);
  server = gk_portal_server_new (tls_dir, tokens, fixture->catalog, 1024, certificate, &error);
  g_assert_no_error (error);
  gk_portal_server_listen (server, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  uri = gk_portal_server_dup_uri (server);
  g_assert_true (g_str_has_prefix (uri, "https://"));

  url = g_strconcat (uri, "api/v1/whoami", NULL);
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN_MZ);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_test_certificate_cb), certificate);

  {
    Reply reply = { 0 };

    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &reply);
    while (reply.body == NULL && reply.error == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_no_error (reply.error);
    body = g_steal_pointer (&reply.body);
  }

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), UNIT_MZ));
}

int
main (int    argc,
      char **argv)
{
  /* The portal's log lines name units in Chinese. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/portal/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("auth", test_auth);
  ADD ("whoami", test_whoami);
  ADD ("catalog-etag", test_catalog);
  ADD ("registration", test_registration);
  ADD ("tus/upload-in-chunks", test_tus_upload);
  ADD ("tus/max-chunk-size", test_tus_max_chunk);
  ADD ("tus/file-checksum-mismatch", test_tus_file_mismatch);
  ADD ("tus/unsafe-names", test_tus_unsafe_names);
  ADD ("tus/resume-after-drop", test_tus_drop_resume);
  ADD ("tus/resume-after-restart", test_tus_restart);
  ADD ("items/create-and-replay", test_items_create_replay);
  ADD ("items/wrong-unit", test_items_wrong_unit);
  ADD ("items/revise-if-match", test_items_revise);
  ADD ("items/list-since-and-cursor", test_items_list_since);
  ADD ("items/interprets-both-ways", test_interprets);
  ADD ("faults/fail-next", test_fail_next);
  ADD ("faults/drop-response", test_drop_response);
  ADD ("faults/delay", test_delay);
  ADD ("bad-bodies", test_bad_bodies);
  ADD ("office/approve-reject-schedule", test_office);
  ADD ("tls", test_tls);
  ADD ("tokens-file-error", test_tokens_file_error);
#undef ADD

  return g_test_run ();
}
