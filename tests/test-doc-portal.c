/* The document-built test portal (gk-doc-portal) checked against docs/portal-api.md with plain
 * SoupSession requests: every endpoint and every switch, so client tests can trust it. */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gk-doc-portal.h"
#include "gk-test-util.h"

#define TOKEN_MZ "doc-token-mz"
#define TOKEN_CZ "doc-token-cz"
#define UNIT_MZ "市民政局"
#define UNIT_CZ "市财政局"
#define COLUMN_MZ "hms.shjz.cxdb"
#define COLUMN_CZ "wzz.yqyd.jjyx"

typedef struct
{
  GkDocPortal *portal;
  SoupSession *session;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  GError             *error;
  gboolean            done;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->portal = gk_doc_portal_new (&error);
  g_assert_no_error (error);
  gk_doc_portal_add_token (fixture->portal, TOKEN_MZ, UNIT_MZ);
  gk_doc_portal_add_token (fixture->portal, TOKEN_CZ, UNIT_CZ);
  /* Loopback traffic must never go through an http_proxy from the environment. */
  fixture->session = g_object_new (SOUP_TYPE_SESSION, "proxy-resolver", NULL, "timeout", 20, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->portal, gk_doc_portal_free);
}

/* ---------------------------------------------------------------------------------------------
 * Requests: asynchronous, since the portal answers on this thread's main context. */

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

static char *
absolute_url (Fixture    *fixture,
              const char *target)
{
  if (g_str_has_prefix (target, "http:"))
    return g_strdup (target);
  return g_strconcat (gk_doc_portal_get_url (fixture->portal), target + (target[0] == '/'), NULL);
}

static Reply *
send_message (Fixture     *fixture,
              SoupMessage *msg,
              GCancellable *cancellable)
{
  Reply *reply = g_new0 (Reply, 1);
  const char *type;

  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, cancellable, on_sent_cb, reply);
  while (!reply->done)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  type = soup_message_headers_get_content_type (reply->headers, NULL);
  /* Not the 100,000-deep raw reply: json-glib's recursive parser would overflow the stack. */
  if (reply->body != NULL && g_bytes_get_size (reply->body) > 0 && g_bytes_get_size (reply->body) < 65536 &&
      (g_strcmp0 (type, "application/json") == 0 || g_strcmp0 (type, "application/problem+json") == 0))
    reply->json = json_from_string (g_bytes_get_data (reply->body, NULL), NULL);
  return reply;
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static Reply *
request_valist (Fixture    *fixture,
                const char *method,
                const char *target,
                const char *token,
                const char *key,
                const char *content_type,
                GBytes     *body,
                va_list     args)
{
  g_autofree char *url = absolute_url (fixture, target);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  const char *name;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  return send_message (fixture, msg, NULL);
}

/* One request: headers as NULL-terminated name, value pairs after the body. */
static Reply *
request (Fixture    *fixture,
         const char *method,
         const char *target,
         const char *token,
         const char *content_type,
         GBytes     *body,
         ...)
{
  Reply *reply;
  va_list args;

  va_start (args, body);
  reply = request_valist (fixture, method, target, token, NULL, content_type, body, args);
  va_end (args);
  return reply;
}

/* A JSON body with an Idempotency-Key (NULL: none), then headers as in request(). */
static Reply *
send_json (Fixture    *fixture,
           const char *method,
           const char *target,
           const char *token,
           const char *key,
           const char *json,
           ...)
{
  g_autoptr(GBytes) body = text_bytes (json);
  Reply *reply;
  va_list args;

  va_start (args, json);
  reply = request_valist (fixture, method, target, token, key, "application/json", body, args);
  va_end (args);
  return reply;
}

static const char *
header (Reply      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

static JsonObject *
object (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

static const char *
member (Reply      *reply,
        const char *name)
{
  return json_object_get_string_member (object (reply), name);
}

/* A problem+json reply of this status and type (§2). */
static void
assert_problem (Reply      *reply,
                guint       status,
                const char *type)
{
  g_autofree char *uri = g_strconcat ("https://gongkai.invalid/problems/", type, NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/problem+json");
  g_assert_cmpstr (member (reply, "type"), ==, uri);
  g_assert_cmpint (json_object_get_int_member (object (reply), "status"), ==, status);
  g_assert_nonnull (member (reply, "detail"));
  g_assert_nonnull (member (reply, "title"));
}

static void
assert_microseconds (const char *timestamp)
{
  g_assert_nonnull (timestamp);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$", timestamp, 0, 0));
}

static char *
new_key (void)
{
  return g_uuid_string_random ();
}

/* ---------------------------------------------------------------------------------------------
 * §3 whoami and tokens */

static void
test_whoami (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Reply) none = request (fixture, "GET", "/api/v1/whoami", NULL, NULL, NULL, NULL);
  g_autoptr(Reply) unknown = request (fixture, "GET", "/api/v1/whoami", "nope", NULL, NULL, NULL);
  g_autoptr(Reply) good = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_autoptr(Reply) post = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) elsewhere = NULL;

  assert_problem (none, 401, "unauthorized");
  g_assert_true (g_str_has_prefix (header (none, "WWW-Authenticate"), "Bearer"));
  assert_problem (unknown, 401, "unauthorized");
  g_assert_cmpuint (good->status, ==, 200);
  g_assert_cmpstr (member (good, "unit"), ==, UNIT_MZ);
  assert_microseconds (member (good, "expires_at"));

  post = request (fixture, "POST", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  assert_problem (post, 405, "method-not-allowed");
  elsewhere = request (fixture, "GET", "/whoami", TOKEN_MZ, NULL, NULL, NULL);
  assert_problem (elsewhere, 404, "not-found");
  gk_doc_portal_expire_token (fixture->portal, TOKEN_MZ);
  expired = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  assert_problem (expired, 401, "token-expired");
  /* 5 requests carried a token: unknown, good, post, elsewhere, expired. */
  g_assert_cmpuint (gk_doc_portal_count_authorized_requests (fixture->portal), ==, 5);
}

/* ---------------------------------------------------------------------------------------------
 * §4 idempotency, on §7 registration */

#define REGISTRATION(unit, leader) \
  "{\"unit\":\"" unit "\",\"leader\":\"" leader "\",\"office\":\"办公室\",\"liaison\":\"李明\",\"phone\":\"0730-1234567\"}"

static void
test_registration_idempotency (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *key = new_key ();
  g_autoptr(Reply) missing = NULL;
  g_autoptr(Reply) absent = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) other_body = NULL;
  g_autoptr(Reply) other_path = NULL;
  g_autoptr(Reply) stored = NULL;
  g_autoptr(Reply) empty = NULL;
  g_autoptr(Reply) corrected = NULL;
  g_autoptr(Reply) wrong_unit = NULL;
  g_autoptr(Reply) not_json = NULL;

  absent = request (fixture, "GET", "/api/v1/registration", TOKEN_MZ, NULL, NULL, NULL);
  assert_problem (absent, 404, "not-found");
  missing = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, NULL, REGISTRATION (UNIT_MZ, "王局长"), NULL);
  assert_problem (missing, 400, "invalid");

  first = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, key, REGISTRATION (UNIT_MZ, "王局长"), NULL);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (member (first, "leader"), ==, "王局长");
  assert_microseconds (member (first, "received_at"));
  again = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, key, REGISTRATION (UNIT_MZ, "王局长"), NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_true (g_bytes_equal (first->body, again->body));
  other_body = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, key, REGISTRATION (UNIT_MZ, "赵局长"), NULL);
  assert_problem (other_body, 422, "invalid");
  other_path = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, REGISTRATION (UNIT_MZ, "王局长"), NULL);
  assert_problem (other_path, 422, "invalid");
  stored = request (fixture, "GET", "/api/v1/registration", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_true (g_bytes_equal (first->body, stored->body));

  /* A refused request is not kept: the same key may carry the corrected body. */
  g_free (key);
  key = new_key ();
  empty = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, key, REGISTRATION (UNIT_MZ, ""), NULL);
  assert_problem (empty, 422, "invalid");
  corrected = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_MZ, key, REGISTRATION (UNIT_MZ, "赵局长"), NULL);
  g_assert_cmpuint (corrected->status, ==, 200);
  g_assert_cmpstr (member (corrected, "leader"), ==, "赵局长");
  wrong_unit = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_CZ, key, REGISTRATION (UNIT_MZ, "王局长"), NULL);
  assert_problem (wrong_unit, 403, "wrong-unit");
  not_json = send_json (fixture, "PUT", "/api/v1/registration", TOKEN_CZ, key, "[1,", NULL);
  assert_problem (not_json, 400, "invalid");
}

/* ---------------------------------------------------------------------------------------------
 * §8 catalog */

static void
test_catalog (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) catalog = text_bytes ("{\"schema\": 1, \"columns\": []}");
  g_autoptr(GBytes) newer = text_bytes ("{\"schema\": 1, \"version\": \"2\", \"columns\": []}");
  g_autoptr(Reply) none = request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, NULL);
  g_autoptr(Reply) full = NULL;
  g_autoptr(Reply) same = NULL;
  g_autoptr(Reply) weak = NULL;
  g_autoptr(Reply) changed = NULL;
  g_autofree char *weak_tag = NULL;

  assert_problem (none, 404, "not-found");
  gk_doc_portal_set_catalog (fixture->portal, catalog);
  full = request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (full->status, ==, 200);
  g_assert_true (g_bytes_equal (full->body, catalog));
  g_assert_true (g_str_has_prefix (header (full, "ETag"), "\""));
  same = request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, "If-None-Match", header (full, "ETag"), NULL);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (same->body), ==, 0);
  weak_tag = g_strconcat ("\"x\", W/", header (full, "ETag"), NULL);
  weak = request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, "If-None-Match", weak_tag, NULL);
  g_assert_cmpuint (weak->status, ==, 304);

  gk_doc_portal_set_catalog (fixture->portal, newer);
  changed = request (fixture, "GET", "/api/v1/catalog", TOKEN_MZ, NULL, NULL, "If-None-Match", header (full, "ETag"), NULL);
  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_true (g_bytes_equal (changed->body, newer));
  g_assert_cmpstr (header (changed, "ETag"), !=, header (full, "ETag"));
}

/* ---------------------------------------------------------------------------------------------
 * §5 tus */

static char *
metadata_for (const char *filename,
              GBytes     *content)
{
  g_autofree char *name64 = g_base64_encode ((const guchar *) filename, strlen (filename));
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  g_autofree char *digest64 = g_base64_encode ((const guchar *) digest, strlen (digest));

  return g_strdup_printf ("filename %s,filetype dGV4dC9wbGFpbg==,sha256 %s", name64, digest64);
}

static Reply *
create_upload (Fixture    *fixture,
               const char *token,
               const char *key,
               GBytes     *content)
{
  g_autofree char *length = g_strdup_printf ("%zu", g_bytes_get_size (content));
  g_autofree char *metadata = metadata_for ("名单.txt", content);

  return request (fixture, "POST", "/api/v1/uploads", token, NULL, NULL,
                  "Tus-Resumable", "1.0.0", "Upload-Length", length, "Upload-Metadata", metadata,
                  key != NULL ? "Idempotency-Key" : NULL, key, NULL);
}

/* The Location resolved as RFC 3986 §5 says: against the request URL. */
static char *
resolve_location (Fixture    *fixture,
                  const char *location)
{
  g_autofree char *request_url = absolute_url (fixture, "/api/v1/uploads");
  g_autoptr(GUri) base = g_uri_parse (request_url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) resolved = g_uri_parse_relative (base, location, G_URI_FLAGS_ENCODED, NULL);

  g_assert_nonnull (resolved);
  return g_uri_to_string (resolved);
}

static Reply *
patch (Fixture    *fixture,
       const char *url,
       const char *token,
       guint64     offset,
       const char *data,
       gsize       length,
       gboolean    bad_checksum)
{
  g_autoptr(GBytes) chunk = g_bytes_new (data, length);
  g_autofree char *offset_text = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  g_autofree char *digest64 = NULL;
  g_autofree char *checksum_header = NULL;

  g_checksum_update (checksum, (const guchar *) data, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  digest[0] ^= bad_checksum ? 1 : 0;
  digest64 = g_base64_encode (digest, sizeof digest);
  checksum_header = g_strconcat ("sha256 ", digest64, NULL);
  return request (fixture, "PATCH", url, token, "application/offset+octet-stream", chunk,
                  "Tus-Resumable", "1.0.0", "Upload-Offset", offset_text,
                  "Upload-Checksum", checksum_header, NULL);
}

static Reply *
head (Fixture    *fixture,
      const char *url,
      const char *token)
{
  return request (fixture, "HEAD", url, token, NULL, NULL, "Tus-Resumable", "1.0.0", NULL);
}

/* A complete upload of `text`; returns its Location as the portal wrote it. */
static char *
upload_file (Fixture    *fixture,
             const char *token,
             const char *text)
{
  g_autoptr(GBytes) content = text_bytes (text);
  g_autofree char *key = new_key ();
  g_autoptr(Reply) created = create_upload (fixture, token, key, content);
  g_autofree char *url = NULL;
  g_autoptr(Reply) patched = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  url = resolve_location (fixture, header (created, "Location"));
  patched = patch (fixture, url, token, 0, text, strlen (text), FALSE);
  g_assert_cmpuint (patched->status, ==, 204);
  return g_strdup (header (created, "Location"));
}

static void
test_tus_options (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Reply) reply = request (fixture, "OPTIONS", "/api/v1/uploads", NULL, NULL, NULL, NULL);
  g_autoptr(Reply) put = NULL;

  g_assert_cmpuint (reply->status, ==, 204);
  g_assert_cmpstr (header (reply, "Tus-Resumable"), ==, "1.0.0");
  g_assert_cmpstr (header (reply, "Tus-Version"), ==, "1.0.0");
  g_assert_cmpstr (header (reply, "Tus-Extension"), ==, "checksum,creation");
  g_assert_cmpstr (header (reply, "Tus-Checksum-Algorithm"), ==, "sha256");
  g_assert_nonnull (header (reply, "Tus-Max-Size"));
  put = request (fixture, "PUT", "/api/v1/uploads", TOKEN_MZ, NULL, NULL, NULL);
  assert_problem (put, 405, "method-not-allowed");
}

static void
check_upload_cycle (Fixture           *fixture,
                    GkDocLocationForm  form,
                    const char        *expected_pattern)
{
  const char *text = "第一行\n第二行\n";
  g_autoptr(GBytes) content = text_bytes (text);
  g_autofree char *key = new_key ();
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) replayed = NULL;
  g_autoptr(Reply) start = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) wrong_offset = NULL;
  g_autoptr(Reply) bad_chunk = NULL;
  g_autoptr(Reply) middle = NULL;
  g_autoptr(Reply) last = NULL;
  g_autoptr(Reply) done = NULL;
  g_autoptr(Reply) past = NULL;
  g_autoptr(Reply) foreign = NULL;
  g_autofree char *url = NULL;
  g_autofree char *length = g_strdup_printf ("%zu", strlen (text));
  guint uploads = gk_doc_portal_count_uploads (fixture->portal, FALSE);

  gk_doc_portal_set_location_form (fixture->portal, form);
  created = create_upload (fixture, TOKEN_MZ, key, content);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (header (created, "Tus-Resumable"), ==, "1.0.0");
  g_assert_true (g_regex_match_simple (expected_pattern, header (created, "Location"), 0, 0));
  replayed = create_upload (fixture, TOKEN_MZ, key, content);
  g_assert_cmpuint (replayed->status, ==, 201);
  g_assert_cmpstr (header (replayed, "Location"), ==, header (created, "Location"));
  g_assert_cmpuint (gk_doc_portal_count_uploads (fixture->portal, FALSE), ==, uploads + 1);

  url = resolve_location (fixture, header (created, "Location"));
  g_assert_true (g_str_has_prefix (url, gk_doc_portal_get_url (fixture->portal)));
  g_assert_nonnull (strstr (url, "/api/v1/uploads/up_"));
  start = head (fixture, url, TOKEN_MZ);
  g_assert_cmpuint (start->status, ==, 200);
  g_assert_cmpstr (header (start, "Upload-Offset"), ==, "0");
  g_assert_cmpstr (header (start, "Upload-Length"), ==, length);
  g_assert_cmpstr (header (start, "Cache-Control"), ==, "no-store");
  foreign = head (fixture, url, TOKEN_CZ);
  g_assert_cmpuint (foreign->status, ==, 403);

  first = patch (fixture, url, TOKEN_MZ, 0, text, 4, FALSE);
  g_assert_cmpuint (first->status, ==, 204);
  g_assert_cmpstr (header (first, "Upload-Offset"), ==, "4");
  wrong_offset = patch (fixture, url, TOKEN_MZ, 0, text, 4, FALSE);
  assert_problem (wrong_offset, 409, "conflict");
  bad_chunk = patch (fixture, url, TOKEN_MZ, 4, text + 4, 4, TRUE);
  assert_problem (bad_chunk, 460, "checksum-mismatch");
  middle = head (fixture, url, TOKEN_MZ);
  g_assert_cmpstr (header (middle, "Upload-Offset"), ==, "4");
  past = patch (fixture, url, TOKEN_MZ, 4, "0123456789012345678901234567890", 31, FALSE);
  assert_problem (past, 413, "too-large");
  last = patch (fixture, url, TOKEN_MZ, 4, text + 4, strlen (text) - 4, FALSE);
  g_assert_cmpuint (last->status, ==, 204);
  g_assert_cmpstr (header (last, "Upload-Offset"), ==, length);
  done = head (fixture, url, TOKEN_MZ);
  g_assert_cmpstr (header (done, "Upload-Offset"), ==, length);
  g_assert_cmpuint (gk_doc_portal_count_uploads (fixture->portal, TRUE), >=, 1);
}

static void
test_tus_location_forms (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *url_pattern = g_strdup_printf ("^%sapi/v1/uploads/up_[-0-9a-f]+$",
                                                  gk_doc_portal_get_url (fixture->portal));
  g_autofree char *text = NULL;
  g_autofree char *wrong_base = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) lost = NULL;
  g_autoptr(GBytes) content = text_bytes ("x");

  check_upload_cycle (fixture, GK_DOC_LOCATION_RELATIVE, "^uploads/up_[-0-9a-f]+$");
  check_upload_cycle (fixture, GK_DOC_LOCATION_ABSOLUTE_PATH, "^/api/v1/uploads/up_[-0-9a-f]+$");
  check_upload_cycle (fixture, GK_DOC_LOCATION_ABSOLUTE_URL, url_pattern);

  /* The relative form resolved against the portal's root (the client's old mistake) is 404. */
  gk_doc_portal_set_location_form (fixture->portal, GK_DOC_LOCATION_RELATIVE);
  created = create_upload (fixture, TOKEN_MZ, NULL, content);
  wrong_base = g_strconcat (gk_doc_portal_get_url (fixture->portal), header (created, "Location"), NULL);
  lost = head (fixture, wrong_base, TOKEN_MZ);
  g_assert_cmpuint (lost->status, ==, 404);
}

static void
test_tus_location_override (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *hostile[] = { "file:///etc/passwd", "http://127.0.0.2:9/x", "data:,x" };
  g_autoptr(GBytes) content = text_bytes ("x");

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(Reply) created = NULL;
      g_autofree char *key = new_key ();
      g_autoptr(Reply) replayed = NULL;

      gk_doc_portal_set_location_override (fixture->portal, hostile[i]);
      created = create_upload (fixture, TOKEN_MZ, key, content);
      g_assert_cmpuint (created->status, ==, 201);
      g_assert_cmpstr (header (created, "Location"), ==, hostile[i]);
      /* The replay keeps the Location given, even after the switch is off. */
      gk_doc_portal_set_location_override (fixture->portal, NULL);
      replayed = create_upload (fixture, TOKEN_MZ, key, content);
      g_assert_cmpstr (header (replayed, "Location"), ==, hostile[i]);
    }
}

static void
test_tus_refusals (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *text = "abc";
  g_autoptr(GBytes) content = text_bytes (text);
  g_autoptr(GBytes) other = text_bytes ("abd");
  g_autofree char *metadata = metadata_for ("a.txt", other);
  g_autoptr(Reply) old_tus = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                                      "Tus-Resumable", "0.2.2", "Upload-Length", "3", NULL);
  g_autoptr(Reply) no_tus = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                                     "Upload-Length", "3", NULL);
  g_autoptr(Reply) no_length = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                                        "Tus-Resumable", "1.0.0", NULL);
  g_autoptr(Reply) deferred = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                                       "Tus-Resumable", "1.0.0", "Upload-Defer-Length", "1", NULL);
  g_autoptr(Reply) not_base64 = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                                         "Tus-Resumable", "1.0.0", "Upload-Length", "3",
                                         "Upload-Metadata", "filename ***", NULL);
  g_autoptr(Reply) unsafe = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                                     "Tus-Resumable", "1.0.0", "Upload-Length", "3",
                                     "Upload-Metadata", "filename Li4=", NULL);
  g_autoptr(Reply) slash = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                                    "Tus-Resumable", "1.0.0", "Upload-Length", "3",
                                    "Upload-Metadata", "filename YS9i", NULL);
  g_autoptr(Reply) no_token = request (fixture, "POST", "/api/v1/uploads", NULL, NULL, NULL,
                                       "Tus-Resumable", "1.0.0", "Upload-Length", "3", NULL);
  g_autoptr(Reply) too_big = NULL;
  g_autoptr(Reply) mismatched = NULL;
  g_autoptr(Reply) completing = NULL;
  g_autoptr(Reply) gone = NULL;
  g_autoptr(Reply) wrong_type = NULL;
  g_autoptr(Reply) fresh = NULL;
  g_autoptr(Reply) no_version_head = NULL;
  g_autofree char *url = NULL;
  g_autofree char *fresh_url = NULL;

  assert_problem (old_tus, 412, "precondition-failed");
  g_assert_cmpstr (header (old_tus, "Tus-Version"), ==, "1.0.0");
  assert_problem (no_tus, 412, "precondition-failed");
  assert_problem (no_length, 400, "invalid");
  assert_problem (deferred, 400, "invalid");
  assert_problem (not_base64, 400, "invalid");
  assert_problem (unsafe, 400, "invalid");
  assert_problem (slash, 400, "invalid");
  assert_problem (no_token, 401, "unauthorized");
  gk_doc_portal_set_max_upload (fixture->portal, 2);
  too_big = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                     "Tus-Resumable", "1.0.0", "Upload-Length", "3", NULL);
  assert_problem (too_big, 413, "too-large");
  gk_doc_portal_set_max_upload (fixture->portal, 1024);

  /* The whole file against its sha256 metadata: 460, discarded, then 404. */
  mismatched = request (fixture, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL,
                        "Tus-Resumable", "1.0.0", "Upload-Length", "3", "Upload-Metadata", metadata, NULL);
  g_assert_cmpuint (mismatched->status, ==, 201);
  url = resolve_location (fixture, header (mismatched, "Location"));
  completing = patch (fixture, url, TOKEN_MZ, 0, text, 3, FALSE);
  assert_problem (completing, 460, "checksum-mismatch");
  gone = head (fixture, url, TOKEN_MZ);
  g_assert_cmpuint (gone->status, ==, 404);
  g_assert_cmpuint (g_bytes_get_size (gone->body), ==, 0);

  fresh = create_upload (fixture, TOKEN_MZ, NULL, content);
  fresh_url = resolve_location (fixture, header (fresh, "Location"));
  wrong_type = request (fixture, "PATCH", fresh_url, TOKEN_MZ, "application/octet-stream", content,
                        "Tus-Resumable", "1.0.0", "Upload-Offset", "0", NULL);
  assert_problem (wrong_type, 400, "invalid");
  no_version_head = request (fixture, "HEAD", fresh_url, TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (no_version_head->status, ==, 412);
}

/* ---------------------------------------------------------------------------------------------
 * §6 items */

static char *
item_json (const char *id,
           int         revision,
           const char *column,
           const char *extra)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"column_id\":\"%s\",\"kind\":\"list\",\"revision\":%d,"
                          "\"title\":\"2026年第三季度城乡低保资金发放情况\",\"publish_on\":\"2026-10-10\","
                          "\"body\":\"第一段\",\"interprets\":null%s%s}",
                          id, column, revision, extra != NULL ? "," : "", extra != NULL ? extra : "");
}

static char *
attachment_json (const char *upload,
                 const char *text)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strdup_printf ("\"attachments\":[{\"upload\":\"%s\",\"name\":\"名单.txt\","
                          "\"content_type\":\"text/plain\",\"size\":%zu,\"sha256\":\"%s\"}]",
                          upload, strlen (text), digest);
}

/* Creates an item of the unit and returns its id. */
static char *
post_item (Fixture    *fixture,
           const char *token)
{
  char *id = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *json = item_json (id, 1, COLUMN_MZ, NULL);
  g_autoptr(Reply) reply = send_json (fixture, "POST", "/api/v1/items", token, key, json, NULL);

  g_assert_cmpuint (reply->status, ==, 201);
  return id;
}

static void
test_items (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *key2 = new_key ();
  g_autofree char *upload = upload_file (fixture, TOKEN_MZ, "名单内容");
  g_autofree char *attachment = attachment_json (upload, "名单内容");
  g_autofree char *json = item_json (id, 1, COLUMN_MZ, attachment);
  g_autofree char *json2 = item_json (id, 2, COLUMN_MZ, NULL);
  g_autofree char *json3 = item_json (id, 3, COLUMN_MZ, NULL);
  g_autofree char *other_id = g_uuid_string_random ();
  g_autofree char *json_other_id = item_json (other_id, 2, COLUMN_MZ, NULL);
  g_autofree char *location = NULL;
  g_autofree char *unit = NULL;
  g_autoptr(Reply) created = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);
  g_autoptr(Reply) replayed = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);
  g_autoptr(Reply) duplicate = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key2, json, NULL);
  g_autoptr(Reply) status = NULL;
  g_autoptr(Reply) foreign = NULL;
  g_autoptr(Reply) unknown = NULL;
  g_autoptr(Reply) no_match = NULL;
  g_autoptr(Reply) stale = NULL;
  g_autoptr(Reply) skipped = NULL;
  g_autoptr(Reply) renamed = NULL;
  g_autoptr(Reply) revised = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) no_key = NULL;
  g_autofree char *unknown_path = NULL;
  g_autofree char *put_path = g_strconcat ("/api/v1/items/", id, NULL);

  g_assert_cmpuint (created->status, ==, 201);
  location = g_strconcat ("items/", id, NULL);
  g_assert_cmpstr (header (created, "Location"), ==, location);
  g_assert_true (g_str_has_prefix (header (created, "ETag"), "\""));
  g_assert_cmpstr (member (created, "id"), ==, id);
  g_assert_cmpstr (member (created, "status"), ==, "received");
  g_assert_cmpstr (member (created, "column_id"), ==, COLUMN_MZ);
  g_assert_cmpint (json_object_get_int_member (object (created), "revision"), ==, 1);
  assert_microseconds (member (created, "received_at"));
  assert_microseconds (member (created, "updated_at"));
  g_assert_true (json_object_get_null_member (object (created), "published_at"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (created), "interpreted_by")), ==, 0);
  g_assert_cmpuint (replayed->status, ==, 201);
  g_assert_true (g_bytes_equal (created->body, replayed->body));
  assert_problem (duplicate, 409, "conflict");
  g_assert_cmpuint (gk_doc_portal_count_items (fixture->portal, UNIT_MZ), ==, 1);
  unit = gk_doc_portal_dup_item_unit (fixture->portal, id);
  g_assert_cmpstr (unit, ==, UNIT_MZ);

  status = request (fixture, "GET", put_path, TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (status->status, ==, 200);
  g_assert_cmpstr (header (status, "ETag"), ==, header (created, "ETag"));
  g_assert_cmpstr (member (status, "updated_at"), ==, member (created, "updated_at"));
  foreign = request (fixture, "GET", put_path, TOKEN_CZ, NULL, NULL, NULL);
  assert_problem (foreign, 403, "wrong-unit");
  unknown_path = g_strconcat ("/api/v1/items/", other_id, NULL);
  unknown = request (fixture, "GET", unknown_path, TOKEN_MZ, NULL, NULL, NULL);
  assert_problem (unknown, 404, "not-found");

  /* §6.3 */
  g_free (key);
  key = new_key ();
  no_match = send_json (fixture, "PUT", put_path, TOKEN_MZ, key, json2, NULL);
  assert_problem (no_match, 400, "invalid");
  stale = send_json (fixture, "PUT", put_path, TOKEN_MZ, key, json2, "If-Match", "\"stale\"", NULL);
  assert_problem (stale, 412, "precondition-failed");
  skipped = send_json (fixture, "PUT", put_path, TOKEN_MZ, key, json3, "If-Match", header (created, "ETag"), NULL);
  assert_problem (skipped, 422, "invalid");
  renamed = send_json (fixture, "PUT", put_path, TOKEN_MZ, key, json_other_id, "If-Match", header (created, "ETag"), NULL);
  assert_problem (renamed, 422, "invalid");
  gk_doc_portal_set_verdict (fixture->portal, id, "rejected", "附件不全");
  g_assert_cmpstr (gk_doc_portal_get_item_status (fixture->portal, id), ==, "rejected");
  revised = send_json (fixture, "PUT", put_path, TOKEN_MZ, key, json2, "If-Match", header (created, "ETag"), NULL);
  g_assert_cmpuint (revised->status, ==, 200);
  g_assert_cmpstr (header (revised, "ETag"), !=, header (created, "ETag"));
  g_assert_cmpstr (member (revised, "status"), ==, "received");
  g_assert_true (json_object_get_null_member (object (revised), "reason"));
  g_assert_cmpint (json_object_get_int_member (object (revised), "revision"), ==, 2);
  after = request (fixture, "GET", put_path, TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpstr (header (after, "ETag"), ==, header (revised, "ETag"));
  no_key = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, NULL, json, NULL);
  assert_problem (no_key, 400, "invalid");
}

static void
test_item_refusals (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) catalog = text_bytes (
    "{\"schema\":1,\"units\":[\"" UNIT_MZ "\",\"" UNIT_CZ "\"],\"columns\":["
    "{\"id\":\"" COLUMN_MZ "\",\"assignments\":[{\"unit\":\"" UNIT_MZ "\"}]},"
    "{\"id\":\"" COLUMN_CZ "\",\"assignments\":[{\"unit\":\"" UNIT_CZ "\"}]}]}");
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *wrong_column = item_json (id, 1, COLUMN_CZ, NULL);
  g_autofree char *unknown_column = item_json (id, 1, "no.such.column", NULL);
  g_autofree char *revision_two = item_json (id, 2, COLUMN_MZ, NULL);
  g_autofree char *huge = g_strnfill (1024 * 1024 + 10, ' ');
  g_autofree char *huge_json = item_json (id, 1, COLUMN_MZ, NULL);
  g_autofree char *key = new_key ();
  g_autoptr(Reply) r1 = NULL;
  g_autoptr(Reply) r2 = NULL;
  g_autoptr(Reply) r3 = NULL;
  g_autoptr(Reply) r4 = NULL;
  g_autoptr(Reply) r5 = NULL;
  g_autoptr(Reply) r6 = NULL;
  g_autoptr(Reply) r7 = NULL;

  gk_doc_portal_set_catalog (fixture->portal, catalog);
  r1 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, wrong_column, NULL);
  assert_problem (r1, 403, "wrong-unit");
  r2 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, unknown_column, NULL);
  assert_problem (r2, 422, "invalid");
  r3 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, revision_two, NULL);
  assert_problem (r3, 422, "invalid");
  r4 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, "{\"id\":\"x\"}", NULL);
  assert_problem (r4, 422, "invalid");
  r5 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, "[]", NULL);
  assert_problem (r5, 400, "invalid");
  memcpy (huge, huge_json, strlen (huge_json));
  r6 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, huge, NULL);
  assert_problem (r6, 413, "too-large");
  r7 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, "{\"id\": ", NULL);
  assert_problem (r7, 400, "invalid");
  g_assert_cmpuint (gk_doc_portal_count_items (fixture->portal, NULL), ==, 0);
}

/* §6.1: an attachment names a complete upload of the unit whose size and SHA-256 match, by the
 * last path segment of any form of its Location. */
static void
test_item_attachments (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) content = text_bytes ("half");
  g_autoptr(Reply) partial = create_upload (fixture, TOKEN_MZ, NULL, content);
  g_autofree char *partial_id = g_path_get_basename (header (partial, "Location"));
  g_autofree char *foreign = upload_file (fixture, TOKEN_CZ, "财政");
  g_autofree char *foreign_id = g_path_get_basename (foreign);
  g_autofree char *good = upload_file (fixture, TOKEN_MZ, "名单");
  g_autofree char *good_id = g_path_get_basename (good);
  struct { const char *upload; const char *text; const char *detail_needle; } refused[] = {
    { header (partial, "Location"), "half", partial_id },
    { foreign, "财政", foreign_id },
    { good, "名单!", good_id },  /* size and hash differ */
    { "uploads/up_missing", "x", "up_missing" },
  };
  g_autofree char *absolute = g_strconcat (gk_doc_portal_get_url (fixture->portal), "api/v1/uploads/", good_id, "?x=1", NULL);
  const char *forms[] = { good, absolute };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *key = new_key ();
      g_autofree char *attachment = attachment_json (refused[i].upload, refused[i].text);
      g_autofree char *json = item_json (id, 1, COLUMN_MZ, attachment);
      g_autoptr(Reply) reply = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);

      assert_problem (reply, 422, "invalid");
      g_assert_nonnull (strstr (member (reply, "detail"), refused[i].detail_needle));
    }

  /* A portal still verifying after a restart: HEAD claims the whole file, items are refused. */
  gk_doc_portal_set_upload_verifying (fixture->portal, TRUE);
  {
    g_autofree char *partial_url = resolve_location (fixture, header (partial, "Location"));
    g_autoptr(Reply) claimed = head (fixture, partial_url, TOKEN_MZ);
    g_autofree char *id = g_uuid_string_random ();
    g_autofree char *key = new_key ();
    g_autofree char *attachment = attachment_json (good, "名单");
    g_autofree char *json = item_json (id, 1, COLUMN_MZ, attachment);
    g_autofree char *expected = g_strdup_printf ("upload %s is not complete", good_id);
    g_autoptr(Reply) refused_now = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);
    g_autoptr(Reply) accepted_later = NULL;

    g_assert_cmpstr (header (claimed, "Upload-Offset"), ==, "4");
    assert_problem (refused_now, 422, "invalid");
    g_assert_cmpstr (member (refused_now, "detail"), ==, expected);
    gk_doc_portal_set_upload_verifying (fixture->portal, FALSE);
    accepted_later = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);
    g_assert_cmpuint (accepted_later->status, ==, 201);
  }

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *key = new_key ();
      g_autofree char *attachment = attachment_json (forms[i], "名单");
      g_autofree char *json = item_json (id, 1, COLUMN_MZ, attachment);
      g_autoptr(Reply) reply = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);

      g_assert_cmpuint (reply->status, ==, 201);
    }
}

static char *
interpretation_json (const char *id,
                     const char *policy)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"column_id\":\"%s\",\"kind\":\"interpretation\",\"revision\":1,"
                          "\"title\":\"解读\",\"interprets\":\"%s\"}", id, COLUMN_MZ, policy);
}

/* §6.1: the link shows both ways, whichever arrives first, and moves the policy's updated_at. */
static void
test_interpretations (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *policy = g_uuid_string_random ();
  g_autofree char *early = g_uuid_string_random ();
  g_autofree char *late = g_uuid_string_random ();
  g_autofree char *foreign = g_uuid_string_random ();
  g_autofree char *early_json = interpretation_json (early, policy);
  g_autofree char *policy_json = item_json (policy, 1, COLUMN_MZ, NULL);
  g_autofree char *late_json = interpretation_json (late, policy);
  g_autofree char *foreign_json = interpretation_json (foreign, policy);
  g_autofree char *policy_path = g_strconcat ("/api/v1/items/", policy, NULL);
  g_autofree char *k1 = new_key (), *k2 = new_key (), *k3 = new_key (), *k4 = new_key ();
  g_autoptr(Reply) r1 = NULL;
  g_autoptr(Reply) r2 = NULL;
  g_autoptr(Reply) r3 = NULL;
  g_autoptr(Reply) r4 = NULL;
  g_autoptr(Reply) status = NULL;
  JsonArray *linked;

  r1 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, k1, early_json, NULL);
  g_assert_cmpuint (r1->status, ==, 201);
  r2 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, k2, policy_json, NULL);
  g_assert_cmpuint (r2->status, ==, 201);
  linked = json_object_get_array_member (object (r2), "interpreted_by");
  g_assert_cmpuint (json_array_get_length (linked), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (linked, 0), ==, early);
  r3 = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, k3, late_json, NULL);
  g_assert_cmpuint (r3->status, ==, 201);
  status = request (fixture, "GET", policy_path, TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (status), "interpreted_by")), ==, 2);
  g_assert_cmpstr (member (status, "updated_at"), >, member (r3, "updated_at"));
  r4 = send_json (fixture, "POST", "/api/v1/items", TOKEN_CZ, k4, foreign_json, NULL);
  assert_problem (r4, 422, "invalid");
}

/* ---------------------------------------------------------------------------------------------
 * §6.5 listing */

typedef struct
{
  GPtrArray *ids;
  char      *last_updated;
  char      *next;
} Page;

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->ids);
  g_free (page->last_updated);
  g_free (page->next);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static Reply *
list_raw (Fixture    *fixture,
          const char *query)
{
  g_autofree char *target = g_strconcat ("/api/v1/items", query, NULL);

  return request (fixture, "GET", target, TOKEN_MZ, NULL, NULL, NULL);
}

static Page *
list_page (Fixture    *fixture,
           const char *since,
           const char *cursor,
           const char *limit)
{
  g_autoptr(GString) query = g_string_new ("?");
  g_autoptr(Reply) reply = NULL;
  Page *page = g_new0 (Page, 1);
  JsonArray *items;
  JsonNode *next;

  if (since != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (since, NULL, FALSE);
      g_string_append_printf (query, "since=%s&", escaped);
    }
  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      g_string_append_printf (query, "cursor=%s&", escaped);
    }
  if (limit != NULL)
    g_string_append_printf (query, "limit=%s&", limit);
  reply = list_raw (fixture, query->str);
  g_assert_cmpuint (reply->status, ==, 200);
  page->ids = g_ptr_array_new_with_free_func (g_free);
  items = json_object_get_array_member (object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_ptr_array_add (page->ids, g_strdup (json_object_get_string_member (item, "id")));
      g_free (page->last_updated);
      page->last_updated = g_strdup (json_object_get_string_member (item, "updated_at"));
    }
  next = json_object_get_member (object (reply), "next_cursor");
  g_assert_nonnull (next);
  page->next = JSON_NODE_HOLDS_NULL (next) ? NULL : g_strdup (json_node_get_string (next));
  return page;
}

/* A whole walk as §6.5 says: the same since on every page. */
static GPtrArray *
walk_with_mark (Fixture    *fixture,
                const char *since,
                const char *limit,
                GPtrArray  *cursors,
                char      **mark)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(Page) page = list_page (fixture, since, cursor, limit);
      for (guint i = 0; i < page->ids->len; i++)
        g_ptr_array_add (ids, g_strdup (g_ptr_array_index (page->ids, i)));
      if (mark != NULL && page->last_updated != NULL)
        {
          g_free (*mark);
          *mark = g_strdup (page->last_updated);
        }
      g_free (cursor);
      cursor = g_steal_pointer (&page->next);
      if (cursor != NULL && cursors != NULL)
        g_ptr_array_add (cursors, g_strdup (cursor));
    }
  while (cursor != NULL);
  return ids;
}

static GPtrArray *
walk (Fixture    *fixture,
      const char *since,
      const char *limit,
      GPtrArray  *cursors)
{
  return walk_with_mark (fixture, since, limit, cursors, NULL);
}

static void
assert_same_ids (GPtrArray *got,
                 char     **expected,
                 guint      n)
{
  g_assert_cmpuint (got->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (got, i), ==, expected[i]);
}

static void
test_listing_walk (Fixture       *fixture,
                   gconstpointer  data)
{
  char *ids[5];
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) cursors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) one_by_one = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(Page) first = NULL;
  g_autoptr(Page) later = NULL;
  g_autoptr(Reply) other_unit = NULL;

  for (guint i = 0; i < 4; i++)
    ids[i] = post_item (fixture, TOKEN_MZ);
  /* One from another PC. */
  ids[4] = g_uuid_string_random ();
  gk_doc_portal_add_item (fixture->portal, UNIT_MZ, ids[4], COLUMN_MZ, "另一台电脑报送的信息");
  g_free (post_item (fixture, TOKEN_CZ));
  gk_doc_portal_set_page_size (fixture->portal, 2);

  all = walk (fixture, NULL, NULL, cursors);
  assert_same_ids (all, ids, 5);
  g_assert_cmpuint (cursors->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (cursors, 0), ==, "2");
  g_assert_cmpstr (g_ptr_array_index (cursors, 1), ==, "4");
  one_by_one = walk (fixture, NULL, "1", NULL);
  assert_same_ids (one_by_one, ids, 5);

  /* since is a time, not text: the same instant at +08:00, without fraction. */
  first = list_page (fixture, NULL, NULL, "2");
  gk_doc_portal_set_verdict (fixture->portal, ids[1], "published", NULL);
  {
    g_autoptr(GDateTime) seen = g_date_time_new_from_iso8601 (first->last_updated, NULL);
    g_autoptr(GDateTime) shanghai_tz_time = NULL;
    g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (8 * 3600);
    g_autofree char *offset_text = NULL;
    g_autofree char *whole_seconds = NULL;
    g_autoptr(GPtrArray) since_offset = NULL;
    g_autoptr(GPtrArray) since_seconds = NULL;

    shanghai_tz_time = g_date_time_to_timezone (seen, shanghai);
    offset_text = g_date_time_format (shanghai_tz_time, "%Y-%m-%dT%H:%M:%S.%f%:z");
    since_offset = walk (fixture, offset_text, NULL, NULL);
    /* ids[2..4] plus ids[1], which the verdict moved to the end. */
    g_assert_cmpuint (since_offset->len, ==, 4);
    g_assert_cmpstr (g_ptr_array_index (since_offset, 0), ==, ids[2]);
    g_assert_cmpstr (g_ptr_array_index (since_offset, 3), ==, ids[1]);
    whole_seconds = g_date_time_format (seen, "%Y-%m-%dT%H:%M:%SZ");
    since_seconds = walk (fixture, whole_seconds, NULL, NULL);
    g_assert_cmpuint (since_seconds->len, >=, 4);
  }
  later = list_page (fixture, first->last_updated, NULL, NULL);
  g_assert_cmpuint (later->ids->len, ==, 2);
  newest = walk (fixture, "2999-01-01T00:00:00Z", NULL, NULL);
  g_assert_cmpuint (newest->len, ==, 0);
  other_unit = request (fixture, "GET", "/api/v1/items", TOKEN_CZ, NULL, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (other_unit), "items")), ==, 1);
  for (guint i = 0; i < 5; i++)
    g_free (ids[i]);
}

static void
test_listing_refusals (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *bad[] = {
    "?since=yesterday", "?since=2026-11-26", "?since=2026-11-26T08:30:00",
    /* An unescaped + reads as a space, as in a form. */
    "?since=2026-11-26T08:30:00+08:00",
    "?limit=0", "?limit=x", "?cursor=abc", "?cursor=-1",
  };
  const char *good[] = {
    "?since=2026-11-26T08:30:00Z", "?since=2026-11-26T08:30:00.5Z",
    "?since=2026-11-26T08:30:00%2B08:00", "?since=2026-11-26T08:30:00.123456-05:00", "?limit=5000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Reply) reply = list_raw (fixture, bad[i]);
      assert_problem (reply, 400, "invalid");
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(Reply) reply = list_raw (fixture, good[i]);
      g_assert_cmpuint (reply->status, ==, 200);
    }
}

typedef struct
{
  GArray      *pages;
  const char  *verdict_item;
} HookData;

static void
on_page_cb (GkDocPortal *portal,
            guint        page_number,
            gpointer     user_data)
{
  HookData *hook = user_data;

  g_array_append_val (hook->pages, page_number);
  if (page_number == 2 && hook->verdict_item != NULL)
    gk_doc_portal_set_verdict (portal, hook->verdict_item, "rejected", "附件不全");
}

static void
make_items (Fixture *fixture,
            char    *ids[5])
{
  for (guint i = 0; i < 5; i++)
    ids[i] = post_item (fixture, TOKEN_MZ);
  gk_doc_portal_set_page_size (fixture->portal, 2);
}

static void
free_items (char *ids[5])
{
  for (guint i = 0; i < 5; i++)
    g_free (ids[i]);
}

/* The verdict on ids[0] arrives between pages 1 and 2. A walk that keeps its since sees every item
 * as it was at page 1, and the next walk, from the greatest updated_at seen, the verdict. */
static void
test_listing_verdict_between_pages (Fixture       *fixture,
                                    gconstpointer  data)
{
  char *ids[5];
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint));
  HookData hook = { pages, NULL };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autofree char *mark = NULL;

  make_items (fixture, ids);
  hook.verdict_item = ids[0];
  gk_doc_portal_set_page_hook (fixture->portal, on_page_cb, &hook);
  first = walk_with_mark (fixture, NULL, NULL, NULL, &mark);
  assert_same_ids (first, ids, 5);
  g_assert_cmpuint (pages->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (g_array_index (pages, guint, i), ==, i + 1);
  g_assert_cmpstr (gk_doc_portal_get_item_status (fixture->portal, ids[0]), ==, "rejected");

  hook.verdict_item = NULL;
  second = walk (fixture, mark, NULL, NULL);
  assert_same_ids (second, ids, 1);
  gk_doc_portal_set_page_hook (fixture->portal, NULL, NULL);
  free_items (ids);
}

/* The client's old mistake: page 2 asked with page 1's cursor and a since moved forward to the
 * greatest updated_at of page 1. The cursor is a position in the list for the since it was
 * given with, so ids[2] and ids[3] are skipped, and the mark moves past them for good. */
static void
test_listing_newer_since_skips (Fixture       *fixture,
                                gconstpointer  data)
{
  char *ids[5];
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint));
  HookData hook = { pages, NULL };
  g_autoptr(Page) page1 = NULL;
  g_autoptr(Page) page2 = NULL;
  g_autoptr(GPtrArray) after = NULL;

  make_items (fixture, ids);
  hook.verdict_item = ids[0];
  gk_doc_portal_set_page_hook (fixture->portal, on_page_cb, &hook);
  page1 = list_page (fixture, NULL, NULL, NULL);
  g_assert_cmpstr (page1->next, ==, "2");
  page2 = list_page (fixture, page1->last_updated, page1->next, NULL);
  g_assert_cmpuint (page2->ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (page2->ids, 0), ==, ids[4]);
  g_assert_cmpstr (g_ptr_array_index (page2->ids, 1), ==, ids[0]);
  hook.verdict_item = NULL;
  after = walk (fixture, page2->last_updated, NULL, NULL);
  g_assert_cmpuint (after->len, ==, 0);
  gk_doc_portal_set_page_hook (fixture->portal, NULL, NULL);
  free_items (ids);
}

static void
check_cursor_style (Fixture          *fixture,
                    GkDocCursorStyle  style,
                    const char       *pattern)
{
  g_autoptr(GPtrArray) cursors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = NULL;

  gk_doc_portal_set_cursor_style (fixture->portal, style);
  all = walk (fixture, NULL, NULL, cursors);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpuint (cursors->len, ==, 2);
  for (guint i = 0; i < cursors->len; i++)
    g_assert_true (g_regex_match_simple (pattern, g_ptr_array_index (cursors, i), G_REGEX_DOTALL, 0));
  /* The cursor sent unescaped, or cut short, does not decode. */
  if (style != GK_DOC_CURSOR_POSITION)
    {
      const char *cursor = g_ptr_array_index (cursors, 0);
      g_autofree char *raw_query = g_strconcat ("?cursor=", cursor, NULL);
      g_autofree char *cut = g_strndup (cursor, strlen (cursor) - 3);
      g_autofree char *cut_escaped = g_uri_escape_string (cut, NULL, FALSE);
      g_autofree char *cut_query = g_strconcat ("?cursor=", cut_escaped, NULL);
      g_autoptr(Reply) truncated = list_raw (fixture, cut_query);

      assert_problem (truncated, 400, "invalid");
      /* Base64's + read as a space (the unsafe style cannot even be put in a URL unescaped). */
      if (style == GK_DOC_CURSOR_BASE64)
        {
          g_autoptr(Reply) raw = list_raw (fixture, raw_query);
          assert_problem (raw, 400, "invalid");
        }
    }
}

static void
test_listing_cursor_styles (Fixture       *fixture,
                            gconstpointer  data)
{
  for (guint i = 0; i < 5; i++)
    g_free (post_item (fixture, TOKEN_MZ));
  gk_doc_portal_set_page_size (fixture->portal, 2);
  check_cursor_style (fixture, GK_DOC_CURSOR_POSITION, "^[0-9]+$");
  check_cursor_style (fixture, GK_DOC_CURSOR_BASE64, "^\\+/\\+/[A-Za-z0-9+/]*=+$");
  check_cursor_style (fixture, GK_DOC_CURSOR_UNSAFE, "^[^ ]*\\+[^ ]*/.*=.*&.*%.*\\?.*#.* ");
  check_cursor_style (fixture, GK_DOC_CURSOR_LONG, "^.{2001,}$");
}

/* ---------------------------------------------------------------------------------------------
 * Switches */

static void
test_fail_next (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) soon = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (soon, 3);
  g_autofree char *http_date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  g_autoptr(Reply) other_method = NULL;
  g_autoptr(Reply) internal = NULL;
  g_autoptr(Reply) dated = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) before_auth = NULL;

  gk_doc_portal_fail_next (fixture->portal, "GET", "/api/v1/whoami", 2, 503, "2");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Reply) reply = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
      assert_problem (reply, 503, "unavailable");
      g_assert_cmpstr (header (reply, "Retry-After"), ==, "2");
    }
  other_method = request (fixture, "GET", "/api/v1/items", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (other_method->status, ==, 200);
  after = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);

  gk_doc_portal_fail_next (fixture->portal, NULL, NULL, 1, 500, NULL);
  gk_doc_portal_fail_next (fixture->portal, NULL, "/api/v1/", 1, 503, http_date);
  internal = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  assert_problem (internal, 500, "internal");
  g_assert_null (header (internal, "Retry-After"));
  /* Before authentication, as §9 says of the reference portal's switch. */
  before_auth = request (fixture, "GET", "/api/v1/whoami", NULL, NULL, NULL, NULL);
  assert_problem (before_auth, 503, "unavailable");
  g_assert_cmpstr (header (before_auth, "Retry-After"), ==, http_date);
  dated = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (dated->status, ==, 200);
}

static void
test_raw_reply (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *open = g_strnfill (100000, '[');
  g_autofree char *close = g_strnfill (100000, ']');
  g_autofree char *deep = g_strconcat (open, close, NULL);
  g_autoptr(GBytes) body = text_bytes (deep);
  g_autoptr(Reply) raw = NULL;
  g_autoptr(Reply) unauthenticated = NULL;
  g_autoptr(Reply) normal = NULL;

  gk_doc_portal_set_raw_reply (fixture->portal, "GET", "/api/v1/whoami", 200, "application/json", body);
  raw = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (raw->status, ==, 200);
  g_assert_true (g_bytes_equal (raw->body, body));
  unauthenticated = request (fixture, "GET", "/api/v1/whoami", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (unauthenticated->status, ==, 200);
  gk_doc_portal_set_raw_reply (fixture->portal, "GET", "/api/v1/whoami", 0, NULL, NULL);
  normal = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpstr (member (normal, "unit"), ==, UNIT_MZ);
}

static gboolean
on_cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_trickle (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(Reply) slow = NULL;
  g_autoptr(Reply) endless = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = absolute_url (fixture, "/api/v1/whoami");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strconcat ("Bearer ", TOKEN_MZ, NULL);
  gint64 start = g_get_monotonic_time ();

  /* The whoami body is 41 bytes: at 100 bytes/s it takes about 0.4 s. */
  gk_doc_portal_set_trickle (fixture->portal, "/api/v1/whoami", 100, FALSE);
  slow = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpstr (member (slow, "unit"), ==, UNIT_MZ);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  /* Endless: the body never ends; only the caller's deadline stops it. */
  gk_doc_portal_set_trickle (fixture->portal, "/api/v1/whoami", 1000, TRUE);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  start = g_get_monotonic_time ();
  g_timeout_add (1500, on_cancel_cb, cancellable);
  endless = send_message (fixture, msg, cancellable);
  g_assert_error (endless->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1400 * 1000);

  gk_doc_portal_set_trickle (fixture->portal, "/api/v1/whoami", 0, FALSE);
}

/* A second origin on another loopback address, to stand for a foreign host. */
static void
test_other_address (void)
{
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  g_autoptr(Reply) reply = NULL;

  fixture.portal = gk_doc_portal_new_full ("127.0.0.2", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (gk_doc_portal_get_url (fixture.portal), "http://127.0.0.2:"));
  fixture.session = g_object_new (SOUP_TYPE_SESSION, "proxy-resolver", NULL, "timeout", 20, NULL);
  reply = request (&fixture, "GET", "/api/v1/whoami", "stolen", NULL, NULL, NULL);
  assert_problem (reply, 401, "unauthorized");
  g_assert_cmpuint (gk_doc_portal_count_authorized_requests (fixture.portal), ==, 1);
  fixture_tear_down (&fixture, NULL);
}

/* A test that runs its own thread-default main context: the portal, trickling included, answers
 * there and needs nothing from the global default context. */
static void
test_thread_default_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Fixture fixture = { 0 };
  g_autoptr(Reply) reply = NULL;

  g_main_context_push_thread_default (context);
  fixture_set_up (&fixture, NULL);
  gk_doc_portal_set_trickle (fixture.portal, "/api/v1/", 200, FALSE);
  reply = request (&fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (member (reply, "unit"), ==, UNIT_MZ);
  fixture_tear_down (&fixture, NULL);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

static gboolean
on_free_portal_cb (gpointer data)
{
  Fixture *fixture = data;

  g_clear_pointer (&fixture->portal, gk_doc_portal_free);
  return G_SOURCE_REMOVE;
}

/* A portal freed while it trickles an endless body: the connection closes (libsoup 3.2 takes a
 * chunked body cut off by EOF as complete), nothing crashes or leaks. */
static void
test_trickle_freed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = absolute_url (fixture, "/api/v1/whoami");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(Reply) reply = NULL;

  gk_doc_portal_set_trickle (fixture->portal, "/api/v1/", 50, TRUE);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN_MZ);
  g_timeout_add (500, on_free_portal_cb, fixture);
  reply = send_message (fixture, msg, NULL);
  g_assert_true (reply->error != NULL || g_str_has_prefix (g_bytes_get_data (reply->body, NULL), "{\"unit\""));
  g_assert_null (fixture->portal);
}

static void
test_requests_log (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Reply) a = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_autoptr(Reply) b = list_raw (fixture, "?since=2026-11-26T08:30:00%2B08:00&cursor=a%2Bb");
  g_autoptr(Reply) c = request (fixture, "OPTIONS", "/api/v1/uploads", NULL, NULL, NULL, NULL);
  GPtrArray *log = gk_doc_portal_get_requests (fixture->portal);

  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, "GET /api/v1/whoami");
  g_assert_cmpstr (g_ptr_array_index (log, 1), ==, "GET /api/v1/items?since=2026-11-26T08:30:00%2B08:00&cursor=a%2Bb");
  g_assert_cmpstr (g_ptr_array_index (log, 2), ==, "OPTIONS /api/v1/uploads");
  g_assert_cmpuint (gk_doc_portal_count_authorized_requests (fixture->portal), ==, 2);
}

/* Each quirk on (the default) and off. */
static void
test_quirks (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *json = item_json (id, 1, COLUMN_MZ, NULL);
  g_autofree char *id2 = g_uuid_string_random ();
  g_autofree char *key2 = new_key ();
  g_autofree char *json2 = item_json (id2, 1, COLUMN_MZ, NULL);
  g_autoptr(Reply) created = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);
  g_autoptr(Reply) replayed = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key, json, NULL);
  g_autoptr(Reply) whoami = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_autoptr(Page) full = list_page (fixture, NULL, NULL, "1");
  g_autoptr(Page) empty = list_page (fixture, NULL, full->next, "1");
  g_autoptr(Reply) plain_created = NULL;
  g_autoptr(Reply) plain_replayed = NULL;
  g_autoptr(Reply) plain_whoami = NULL;
  g_autoptr(Page) plain_full = NULL;

  g_assert_nonnull (header (created, "ETag"));
  g_assert_null (header (replayed, "ETag"));
  g_assert_null (header (replayed, "Location"));
  g_assert_true (json_object_has_member (object (created), "x_vendor"));
  g_assert_cmpstr (header (whoami, "Transfer-Encoding"), ==, "chunked");
  g_assert_null (header (whoami, "Content-Length"));
  g_assert_nonnull (full->next);
  g_assert_cmpuint (empty->ids->len, ==, 0);
  g_assert_null (empty->next);

  gk_doc_portal_set_quirks (fixture->portal, GK_DOC_QUIRK_NONE);
  plain_created = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key2, json2, NULL);
  plain_replayed = send_json (fixture, "POST", "/api/v1/items", TOKEN_MZ, key2, json2, NULL);
  g_assert_cmpstr (header (plain_replayed, "ETag"), ==, header (plain_created, "ETag"));
  g_assert_cmpstr (header (plain_replayed, "Location"), ==, header (plain_created, "Location"));
  g_assert_false (json_object_has_member (object (plain_created), "x_vendor"));
  plain_whoami = request (fixture, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, NULL);
  g_assert_true (json_object_get_null_member (object (plain_whoami), "expires_at"));
  g_assert_nonnull (header (plain_whoami, "Content-Length"));
  plain_full = list_page (fixture, NULL, NULL, "2");
  g_assert_cmpuint (plain_full->ids->len, ==, 2);
  g_assert_null (plain_full->next);
}

static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  return TRUE;
}

static void
test_tls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gk-doc-portal-XXXXXX", NULL);
  g_autofree char *cert_path = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  Fixture fixture = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) reply = NULL;

  gk_test_make_certificate (cert_path, key_path);
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  fixture.portal = gk_doc_portal_new_tls (certificate, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (gk_doc_portal_get_url (fixture.portal), "https://127.0.0.1:"));
  gk_doc_portal_add_token (fixture.portal, TOKEN_MZ, UNIT_MZ);
  fixture.session = g_object_new (SOUP_TYPE_SESSION, "proxy-resolver", NULL, "timeout", 20, NULL);
  url = absolute_url (&fixture, "/api/v1/whoami");
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN_MZ);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), NULL);
  reply = send_message (&fixture, msg, NULL);
  g_assert_no_error (reply->error);
  g_assert_cmpstr (member (reply, "unit"), ==, UNIT_MZ);

  fixture_tear_down (&fixture, NULL);
  g_unlink (cert_path);
  g_unlink (key_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/doc-portal/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("whoami", test_whoami);
  ADD ("registration-idempotency", test_registration_idempotency);
  ADD ("catalog", test_catalog);
  ADD ("tus/options", test_tus_options);
  ADD ("tus/location-forms", test_tus_location_forms);
  ADD ("tus/location-override", test_tus_location_override);
  ADD ("tus/refusals", test_tus_refusals);
  ADD ("items", test_items);
  ADD ("items/refusals", test_item_refusals);
  ADD ("items/attachments", test_item_attachments);
  ADD ("items/interpretations", test_interpretations);
  ADD ("listing/walk", test_listing_walk);
  ADD ("listing/refusals", test_listing_refusals);
  ADD ("listing/verdict-between-pages", test_listing_verdict_between_pages);
  ADD ("listing/newer-since-skips", test_listing_newer_since_skips);
  ADD ("listing/cursor-styles", test_listing_cursor_styles);
  ADD ("fail-next", test_fail_next);
  ADD ("raw-reply", test_raw_reply);
  ADD ("trickle", test_trickle);
  ADD ("trickle-freed", test_trickle_freed);
  ADD ("requests-log", test_requests_log);
  ADD ("quirks", test_quirks);
  g_test_add_func ("/doc-portal/tls", test_tls);
  g_test_add_func ("/doc-portal/thread-default-context", test_thread_default_context);
  g_test_add_func ("/doc-portal/other-address", test_other_address);
#undef ADD

  return g_test_run ();
}
