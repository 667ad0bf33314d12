/*
 * The real gongkai-portal attacked as a hostile liaison and a hostile web page
 * would (issue 13): each test replays one attack, checks that it is refused and
 * that the portal still answers afterwards.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <stdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "gk-test-portal.h"
#include "gk-test-util.h"

#define TOKEN_MZ "token-minzheng"
#define TOKEN_CZ "token-caizheng"
#define TOKENS TOKEN_MZ "\t市民政局\n" TOKEN_CZ "\t市财政局\n"
#define COLUMN_MZ "hms.shjz.cxdb"
#define ITEM_ID "5ec0715a-ad5a-4e84-9733-a84f2025c201"

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  gsize               size;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->body);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* A browser-like session: its own cookie jar, no proxy. */
static SoupSession *
new_browser (void)
{
  SoupSession *session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 30, NULL);

  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  return session;
}

/*
 * Sends a request to @portal with @session (the portal's own when NULL);
 * extra headers are name, value pairs ending with NULL. Redirects are not
 * followed, so a verdict's 303 is seen as such.
 */
static Reply *
send_to (GkTestPortal *portal,
         SoupSession  *session,
         const char   *method,
         const char   *path,
         const char   *token,
         const char   *content_type,
         const void   *body,
         gssize        size,
         ...)
{
  g_autofree char *url = g_strconcat (portal->url, path[0] == '/' ? path + 1 : path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }

  va_start (args, size);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), name, va_arg (args, const char *));
  va_end (args);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, size >= 0 ? (gsize) size : strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  response = soup_session_send_and_read (session != NULL ? session : portal->session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (response, &reply->size), g_bytes_get_size (response));
  return reply;
}

static const char *
header (Reply      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

/* The portal is up and serving its API, on a new connection. */
static void
assert_alive (GkTestPortal *portal)
{
  g_autoptr(SoupSession) session = new_browser ();
  g_autoptr(Reply) reply = send_to (portal, session, "GET", "/api/v1/whoami", TOKEN_MZ, NULL, NULL, 0, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* Sends @text as it is over a new connection and returns everything the portal answers. */
static char *
send_raw (GkTestPortal *portal,
          const char   *text)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  guint8 buffer[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", portal->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);

  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_assert_no_error (error);

  return g_strndup ((const char *) answer->data, answer->len);
}

static char *
item_json (const char *id,
           gint64      revision,
           const char *title,
           const char *body,
           const char *attachment,
           const char *attachment_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "column_id");
  json_builder_add_string_value (builder, COLUMN_MZ);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  if (attachment != NULL)
    {
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, attachment_data, -1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "upload");
      json_builder_add_string_value (builder, attachment);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "名单.html");
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, "text/html");
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, strlen (attachment_data));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static guint
post_item (GkTestPortal *portal,
           const char   *json)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(Reply) reply = send_to (portal, NULL, "POST", "/api/v1/items", TOKEN_MZ, "application/json", json, -1,
                                    "Idempotency-Key", key, NULL);

  return reply->status;
}

static void
create_item (GkTestPortal *portal,
             const char   *id)
{
  g_autofree char *json = item_json (id, 1, "低保名单", "第一段", NULL, NULL);

  g_assert_cmpuint (post_item (portal, json), ==, 201);
}

/* Sends revision @revision of the item, replacing the one before. */
static void
revise_item (GkTestPortal *portal,
             const char   *id,
             gint64        revision,
             const char   *title)
{
  g_autofree char *path = g_strconcat ("/api/v1/items/", id, NULL);
  g_autofree char *json = item_json (id, revision, title, "新的正文", NULL, NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(Reply) current = send_to (portal, NULL, "GET", path, TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(Reply) revised = send_to (portal, NULL, "PUT", path, TOKEN_MZ, "application/json", json, -1,
                                      "Idempotency-Key", key, "If-Match", header (current, "ETag"), NULL);

  g_assert_cmpuint (revised->status, ==, 200);
}

static char *
dup_item_status (GkTestPortal *portal,
                 const char   *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/items/", id, NULL);
  g_autoptr(Reply) reply = send_to (portal, NULL, "GET", path, TOKEN_MZ, NULL, NULL, 0, NULL);
  g_autoptr(JsonNode) root = json_from_string (reply->body, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "status"));
}

/* The value of a hidden field of the form that posts to @action on @html. */
static char *
dup_form_field (const char *html,
                const char *action,
                const char *field)
{
  g_autofree char *form_start = g_strdup_printf ("action=\"%s\"", action);
  g_autofree char *needle = g_strdup_printf ("name=\"%s\" value=\"", field);
  const char *form = strstr (html, form_start);
  const char *value;

  g_assert_nonnull (form);
  value = strstr (form, needle);
  g_assert_nonnull (value);
  value += strlen (needle);
  return g_strndup (value, strcspn (value, "\""));
}

/* The portal's origin, as a browser on its pages sends it. */
static char *
dup_origin (GkTestPortal *portal)
{
  return g_strndup (portal->url, strlen (portal->url) - 1);
}

/* Opens the item's page in @browser and returns the form fields its Approve button would send. */
static char *
dup_verdict_form (GkTestPortal *portal,
                  SoupSession  *browser,
                  const char   *id,
                  const char   *verdict)
{
  g_autofree char *page = g_strconcat ("/office/items/", id, NULL);
  g_autofree char *action = g_strconcat (page, "/", verdict, NULL);
  g_autoptr(Reply) reply = send_to (portal, browser, "GET", page, NULL, NULL, NULL, 0, NULL);
  g_autofree char *token = NULL;
  g_autofree char *revision = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  token = dup_form_field (reply->body, action, "csrf");
  revision = dup_form_field (reply->body, action, "revision");
  return g_strdup_printf ("csrf=%s&revision=%s", token, revision);
}

/* The fault switches are not there unless the portal was started with --test-faults. */
static void
test_faults_absent (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  const char *attack = "{\"fail_next\":2147483647,\"status\":503,\"retry_after\":86400}";
  g_autoptr(Reply) post = send_to (portal, NULL, "POST", "/_test/faults", NULL, "text/plain", attack, -1,
                                   "Origin", "http://evil.example", NULL);
  g_autoptr(Reply) get = send_to (portal, NULL, "GET", "/_test/faults", NULL, NULL, NULL, 0, NULL);

  g_assert_cmpuint (post->status, ==, 404);
  g_assert_cmpuint (get->status, ==, 404);
  assert_alive (portal);
}

/* 100,000 nested arrays through /api/v1/items: refused before json-glib's recursive parser. */
static void
test_deep_json (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(Reply) reply = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, ']');

  reply = send_to (portal, NULL, "POST", "/api/v1/items", TOKEN_MZ, "application/json", body->str, body->len,
                   "Idempotency-Key", "deep", NULL);
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_true (g_str_has_prefix (header (reply, "Content-Type"), "application/problem+json"));
  assert_alive (portal);
}

/* A NUL would hide the rest of a title from the reviewer; other controls are refused too, but not a body's lines. */
static void
test_control_characters (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autofree char *nul_json = item_json (ITEM_ID, 1, "公开名单@", "正文", NULL, NULL);
  g_autofree char *control = item_json (ITEM_ID, 1, "公开\x1b[8m名单", "正文", NULL, NULL);
  g_autofree char *override = item_json (ITEM_ID, 1, "名单\u202e单名", "正文", NULL, NULL);
  g_autofree char *tab_title = item_json (ITEM_ID, 1, "公开\t名单", "正文", NULL, NULL);
  g_autofree char *good = item_json (ITEM_ID, 1, "公开名单", "第一段\n\t第二段\r\n", NULL, NULL);
  char *at;

  /* json-glib's builder cannot hold a NUL: write the escape into the text. */
  at = strchr (nul_json, '@');
  g_assert_nonnull (at);
  {
    g_autofree char *head = g_strndup (nul_json, at - nul_json);
    g_autofree char *with_nul = g_strconcat (head, "\\u0000隐藏的文字", at + 1, NULL);

    g_assert_cmpuint (post_item (portal, with_nul), ==, 400);
  }
  g_assert_cmpuint (post_item (portal, control), ==, 422);
  g_assert_cmpuint (post_item (portal, override), ==, 422);
  g_assert_cmpuint (post_item (portal, tab_title), ==, 422);
  g_assert_cmpuint (post_item (portal, good), ==, 201);
  assert_alive (portal);
}

static char *
create_upload (GkTestPortal *portal,
               gsize         length,
               const char   *filetype,
               guint        *status)
{
  g_autofree char *type64 = g_base64_encode ((const guchar *) filetype, strlen (filetype));
  g_autofree char *name64 = g_base64_encode ((const guchar *) "名单.html", strlen ("名单.html"));
  g_autofree char *metadata = g_strdup_printf ("filename %s,filetype %s", name64, type64);
  g_autofree char *length_text = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(Reply) reply = send_to (portal, NULL, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL, 0,
                                    "Tus-Resumable", "1.0.0", "Upload-Length", length_text,
                                    "Upload-Metadata", metadata, "Idempotency-Key", key, NULL);

  *status = reply->status;
  return g_strdup (header (reply, "Location"));
}

/* `filetype` once went into the download's Content-Type: a CR LF split the response. */
static void
test_filetype_injection (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  const char *data = "<script>alert(document.cookie)</script>";
  g_autofree char *refused = NULL;
  g_autofree char *location = NULL;
  g_autofree char *json = NULL;
  g_autofree char *download = NULL;
  g_autoptr(Reply) patch = NULL;
  g_autoptr(Reply) file = NULL;
  guint status;

  refused = create_upload (portal, 4, "text/html\r\nSet-Cookie: gk_office=0", &status);
  g_assert_cmpuint (status, ==, 400);
  g_free (create_upload (portal, 4, "text/html; charset=utf-8", &status));
  g_assert_cmpuint (status, ==, 400);

  /* A valid but active type is stored, and never sent back as the download's type. */
  location = create_upload (portal, strlen (data), "text/html", &status);
  g_assert_cmpuint (status, ==, 201);
  patch = send_to (portal, NULL, "PATCH", location, TOKEN_MZ, "application/offset+octet-stream", data, -1,
                   "Tus-Resumable", "1.0.0", "Upload-Offset", "0", NULL);
  g_assert_cmpuint (patch->status, ==, 204);
  json = item_json (ITEM_ID, 1, "名单", "正文", location, data);
  g_assert_cmpuint (post_item (portal, json), ==, 201);

  download = g_strconcat ("/office/uploads/", location + strlen ("/api/v1/uploads/"), NULL);
  file = send_to (portal, NULL, "GET", download, NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (file->status, ==, 200);
  g_assert_cmpstr (header (file, "Content-Type"), ==, "application/octet-stream");
  g_assert_cmpstr (header (file, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_cmpstr (header (file, "Content-Disposition"), ==,
                   "attachment; filename=\"__.html\"; filename*=UTF-8''%E5%90%8D%E5%8D%95.html");
  g_assert_null (header (file, "Set-Cookie"));
  assert_alive (portal);
}

/* What a hostile page does: a form posted from another site, with what it can and cannot know. */
static void
test_csrf (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autoptr(SoupSession) office = new_browser ();
  g_autofree char *origin = dup_origin (portal);
  g_autofree char *form = NULL;
  g_autofree char *stale_form = NULL;
  g_autofree char *status = NULL;
  const char *approve = "/office/items/" ITEM_ID "/approve";
  const char *reject = "/office/items/" ITEM_ID "/reject";
  g_autoptr(Reply) foreign = NULL;
  g_autoptr(Reply) plain = NULL;
  g_autoptr(Reply) tokenless = NULL;
  g_autoptr(Reply) no_origin = NULL;
  g_autoptr(Reply) stale = NULL;
  g_autoptr(Reply) own = NULL;

  create_item (portal, ITEM_ID);
  form = dup_verdict_form (portal, office, ITEM_ID, "approve");

  /* The office's browser, on another site's page: its cookie is SameSite, but even sent it does not help. */
  foreign = send_to (portal, office, "POST", approve, NULL, "application/x-www-form-urlencoded", form, -1,
                     "Origin", "http://127.0.0.1:9", NULL);
  g_assert_cmpuint (foreign->status, ==, 403);
  plain = send_to (portal, NULL, "POST", reject, NULL, "text/plain", "reason=x", -1,
                   "Origin", "http://evil.example", NULL);
  g_assert_cmpuint (plain->status, ==, 403);
  tokenless = send_to (portal, office, "POST", approve, NULL, "application/x-www-form-urlencoded", "revision=1", -1,
                       "Origin", origin, NULL);
  g_assert_cmpuint (tokenless->status, ==, 403);
  no_origin = send_to (portal, office, "POST", approve, NULL, "application/x-www-form-urlencoded", form, -1, NULL);
  g_assert_cmpuint (no_origin->status, ==, 403);

  /* A token from before a restart is stale. */
  gk_test_portal_halt (portal);
  gk_test_portal_resume (portal);
  stale_form = g_strdup (form);
  stale = send_to (portal, office, "POST", approve, NULL, "application/x-www-form-urlencoded", stale_form, -1,
                   "Origin", origin, NULL);
  g_assert_cmpuint (stale->status, ==, 403);

  status = dup_item_status (portal, ITEM_ID);
  g_assert_cmpstr (status, ==, "received");

  g_clear_pointer (&form, g_free);
  form = dup_verdict_form (portal, office, ITEM_ID, "approve");
  own = send_to (portal, office, "POST", approve, NULL, "application/x-www-form-urlencoded", form, -1,
                 "Origin", origin, NULL);
  g_assert_cmpuint (own->status, ==, 303);
  g_clear_pointer (&status, g_free);
  status = dup_item_status (portal, ITEM_ID);
  g_assert_cmpstr (status, ==, "published");
}

/* An approval is for the revision the office read; one sent in since is shown, not published. */
static void
test_stale_revision (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autoptr(SoupSession) office = new_browser ();
  g_autofree char *origin = dup_origin (portal);
  g_autofree char *form = NULL;
  g_autofree char *status = NULL;
  g_autoptr(Reply) refused = NULL;

  create_item (portal, ITEM_ID);
  form = dup_verdict_form (portal, office, ITEM_ID, "approve");
  revise_item (portal, ITEM_ID, 2, "换过的标题");

  refused = send_to (portal, office, "POST", "/office/items/" ITEM_ID "/approve", NULL,
                     "application/x-www-form-urlencoded", form, -1, "Origin", origin, NULL);
  g_assert_cmpuint (refused->status, ==, 409);
  g_assert_nonnull (strstr (refused->body, "换过的标题"));
  g_assert_nonnull (strstr (refused->body, "name=\"revision\" value=\"2\""));

  status = dup_item_status (portal, ITEM_ID);
  g_assert_cmpstr (status, ==, "received");
}

/* DNS rebinding sends a foreign Host to a loopback peer; a same-host proxy makes every visitor loopback. */
static void
test_host_and_proxy (void)
{
  const char * const args[] = { "--public-name", "portal.example.gov.cn", NULL };
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, args);
  g_autofree char *rebound = send_raw (portal, "GET /office/ HTTP/1.1\r\nHost: evil.example:8080\r\nConnection: close\r\n\r\n");
  g_autofree char *proxied = send_raw (portal, "GET /office/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n");
  g_autofree char *public = send_raw (portal, "GET /office/ HTTP/1.1\r\nHost: portal.example.gov.cn\r\nConnection: close\r\n\r\n");
  g_autofree char *local = send_raw (portal, "GET /office/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

  g_assert_true (g_str_has_prefix (rebound, "HTTP/1.1 421 "));
  g_assert_true (g_str_has_prefix (proxied, "HTTP/1.1 403 "));
  /* No office account exists: a public name is not enough. */
  g_assert_true (g_str_has_prefix (public, "HTTP/1.1 403 "));
  g_assert_true (g_str_has_prefix (local, "HTTP/1.1 200 "));
}

static void
test_security_headers (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autoptr(Reply) page = NULL;
  const char *policy;

  create_item (portal, ITEM_ID);
  page = send_to (portal, NULL, "GET", "/office/items/" ITEM_ID, NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  policy = header (page, "Content-Security-Policy");
  g_assert_nonnull (policy);
  g_assert_nonnull (strstr (policy, "default-src 'none'"));
  g_assert_nonnull (strstr (policy, "frame-ancestors 'none'"));
  g_assert_null (strstr (policy, "script-src"));
  g_assert_cmpstr (header (page, "X-Frame-Options"), ==, "DENY");
  g_assert_cmpstr (header (page, "Cache-Control"), ==, "no-store");
  g_assert_nonnull (header (page, "Referrer-Policy"));
  g_assert_null (strstr (page->body, "<script"));
}

static guint
whoami (GkTestPortal *portal,
        const char   *token)
{
  g_autoptr(Reply) reply = send_to (portal, NULL, "GET", "/api/v1/whoami", token, NULL, NULL, 0, NULL);

  return reply->status;
}

static void
write_tokens (GkTestPortal *portal,
              const char   *contents)
{
  g_autofree char *path = g_build_filename (portal->dir, "tokens", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A token taken out of the tokens file stops working at SIGHUP, without a restart. */
static void
test_sighup_revocation (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  guint status = 0;

  g_assert_cmpuint (whoami (portal, TOKEN_CZ), ==, 200);
  write_tokens (portal, TOKEN_MZ "\t市民政局\n");
  g_subprocess_send_signal (portal->process, SIGHUP);

  for (guint i = 0; i < 200 && (status = whoami (portal, TOKEN_CZ)) == 200; i++)
    g_usleep (25 * 1000);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpuint (whoami (portal, TOKEN_MZ), ==, 200);

  /* A broken file changes nothing. */
  write_tokens (portal, "no tab here\n");
  g_subprocess_send_signal (portal->process, SIGHUP);
  g_usleep (200 * 1000);
  g_assert_cmpuint (whoami (portal, TOKEN_MZ), ==, 200);
}

/* The third column of the tokens file: until when a token works. */
static void
test_token_expiry (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKEN_MZ "\t市民政局\t2999-12-31\n"
                                                                   TOKEN_CZ "\t市财政局\t2020-01-01T00:00:00+08:00\n",
                                                                   NULL);
  g_autoptr(Reply) expired = send_to (portal, NULL, "GET", "/api/v1/whoami", TOKEN_CZ, NULL, NULL, 0, NULL);

  g_assert_cmpuint (whoami (portal, TOKEN_MZ), ==, 200);
  g_assert_cmpuint (expired->status, ==, 401);
  g_assert_nonnull (strstr (expired->body, "expired"));
}

/* Guessing tokens at the network's speed: after 20 failures in a minute the address waits. */
static void
test_auth_throttle (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autoptr(Reply) held = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *guess = g_strdup_printf ("guess-%u", i);

      g_assert_cmpuint (whoami (portal, guess), ==, 401);
    }

  held = send_to (portal, NULL, "GET", "/api/v1/whoami", "guess-20", NULL, NULL, 0, NULL);
  g_assert_cmpuint (held->status, ==, 429);
  g_assert_cmpuint (g_ascii_strtoull (header (held, "Retry-After"), NULL, 10), >, 0);
  g_assert_cmpuint (g_ascii_strtoull (header (held, "Retry-After"), NULL, 10), <=, 60);
}

/* One line per request: address, method, path, status, bytes and unit; never the token. */
static void
test_access_log (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autofree char *log_path = g_build_filename (portal->dir, "portal.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (whoami (portal, TOKEN_MZ), ==, 200);
  g_assert_cmpuint (whoami (portal, "wrong-token"), ==, 401);
  gk_test_portal_halt (portal);

  g_file_get_contents (log_path, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("127\\.0\\.0\\.1 GET /api/v1/whoami 200 [0-9]+ unit=市民政局", log, 0, 0));
  g_assert_true (g_regex_match_simple ("127\\.0\\.0\\.1 GET /api/v1/whoami 401 [0-9]+ unit=-", log, 0, 0));
  g_assert_null (strstr (log, TOKEN_MZ));
  g_assert_null (strstr (log, "wrong-token"));
}

/* Starts the portal with at most @max_files file descriptors, as systemd's LimitNOFILE= would. */
static GkTestPortal *
start_with_file_limit (rlim_t              max_files,
                       const char * const *args)
{
  struct rlimit saved, limited;
  GkTestPortal *portal;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = max_files;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limited), ==, 0);
  portal = gk_test_portal_start_with_args (TOKENS, args);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);

  return portal;
}

/* Opens @count connections that never send a byte; the connects need not have completed. */
static GPtrArray *
open_idle_connections (GkTestPortal *portal,
                       guint         count)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, portal->port);
  GPtrArray *sockets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

      g_assert_no_error (error);
      g_socket_set_blocking (socket, FALSE);
      if (!g_socket_connect (socket, address, NULL, &error))
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
      g_ptr_array_add (sockets, socket);
    }

  return sockets;
}

/*
 * 1,100 silent connections against 1,024 file descriptors: the portal serves
 * at most --max-connections at once, drops the silent ones after
 * --idle-timeout, and answers a liaison meanwhile and afterwards.
 */
static void
test_idle_connections (void)
{
  const char * const args[] = { "--idle-timeout", "2", NULL };
  g_autoptr(GkTestPortal) portal = start_with_file_limit (1024, args);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) silent = NULL;
  g_autoptr(GPtrArray) idle = NULL;
  g_autoptr(GError) error = NULL;
  char byte;

  /* A silent connection is closed by the portal (it once stayed 130 s). */
  silent = g_socket_client_connect_to_host (client, "127.0.0.1", portal->port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (silent), 10);

  idle = open_idle_connections (portal, 1100);
  assert_alive (portal);
  g_assert_cmpint (g_socket_receive (g_socket_connection_get_socket (silent), &byte, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_pointer (&idle, g_ptr_array_unref);
  assert_alive (portal);
}

/* Asks whoami on a new connection, which the portal keeps after its answer. */
static GSocketConnection *
ask_on_kept_connection (GkTestPortal *portal)
{
  static const char request[] = "GET /api/v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Authorization: Bearer " TOKEN_MZ "\r\n\r\n";
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = g_socket_client_connect_to_host (client, "127.0.0.1", portal->port, NULL, &error);
  g_autoptr(GString) answer = g_string_new (NULL);
  const char *end, *length;

  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 10);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request, strlen (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);

  /* The whole answer, headers and body, however the pieces arrive. */
  while ((end = strstr (answer->str, "\r\n\r\n")) == NULL ||
         (length = strstr (answer->str, "Content-Length: ")) == NULL ||
         answer->str + answer->len < end + 4 + g_ascii_strtoull (length + 16, NULL, 10))
    {
      char piece[4096];
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), piece, sizeof piece,
                                      NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (answer, piece, n);
    }
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200 "));
  g_assert_null (strstr (answer->str, "Connection: close"));

  return connection;
}

/*
 * The connections libsoup keeps after an answer: one whose liaison went away,
 * one left silent. libsoup 3.2 closes neither, ever (CLOSE-WAIT; no timeout):
 * every `gongkai sync` left one behind, and with them all taken the portal
 * answered no one. It closes them itself now, and the slots serve others.
 */
static void
test_kept_connections_end (void)
{
  const char * const args[] = { "--max-connections", "2", "--idle-timeout", "2", NULL };
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, args);
  g_autoptr(GSocketConnection) gone = ask_on_kept_connection (portal);
  g_autoptr(GSocketConnection) silent = ask_on_kept_connection (portal);
  g_autoptr(GError) error = NULL;
  char byte;

  g_io_stream_close (G_IO_STREAM (gone), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_receive (g_socket_connection_get_socket (silent), &byte, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
  assert_alive (portal);
  assert_alive (portal);
}

/*
 * More connections than file descriptors: accept() fails with EMFILE. The
 * portal once stopped accepting for good, alive but unreachable; now it
 * waits a second and accepts again.
 */
static void
test_emfile (void)
{
  const char * const args[] = { "--max-connections", "4096", NULL };
  g_autoptr(GkTestPortal) portal = start_with_file_limit (32, args);
  g_autoptr(GPtrArray) idle = open_idle_connections (portal, 100);

  /* Long enough for the portal to run out of descriptors. */
  g_usleep (1500 * 1000);
  g_clear_pointer (&idle, g_ptr_array_unref);
  assert_alive (portal);
}

/* An upload of @data, all sent; returns its Location. */
static char *
upload_bytes (GkTestPortal *portal,
              const char   *data,
              guint        *status)
{
  g_autofree char *location = create_upload (portal, strlen (data), "text/csv", status);
  g_autoptr(Reply) patch = NULL;

  if (*status != 201)
    return NULL;

  patch = send_to (portal, NULL, "PATCH", location, TOKEN_MZ, "application/offset+octet-stream", data, -1,
                   "Tus-Resumable", "1.0.0", "Upload-Offset", "0", NULL);
  g_assert_cmpuint (patch->status, ==, 204);
  return g_steal_pointer (&location);
}

/* A liaison filling the disk: uploads no item names are limited per unit, in number and bytes. */
static void
test_upload_quota (void)
{
  const char * const args[] = { "--upload-quota-count", "3", "--upload-quota-bytes", "25", NULL };
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, args);
  g_autofree char *first = NULL;
  g_autofree char *json = NULL;
  g_autofree char *other_unit = NULL;
  g_autoptr(Reply) refused = NULL;
  guint status;

  first = upload_bytes (portal, "0123456789", &status);
  g_assert_cmpuint (status, ==, 201);
  g_free (upload_bytes (portal, "0123456789", &status));
  g_assert_cmpuint (status, ==, 201);
  /* 30 bytes would be over 25. */
  g_free (create_upload (portal, 10, "text/csv", &status));
  g_assert_cmpuint (status, ==, 413);
  g_free (upload_bytes (portal, "01234", &status));
  g_assert_cmpuint (status, ==, 201);

  /* A fourth: over the count. */
  refused = send_to (portal, NULL, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL, 0,
                     "Tus-Resumable", "1.0.0", "Upload-Length", "1", "Idempotency-Key", "fourth", NULL);
  g_assert_cmpuint (refused->status, ==, 429);
  g_assert_true (g_str_has_prefix (header (refused, "Content-Type"), "application/problem+json"));
  g_assert_nonnull (header (refused, "Retry-After"));

  /* Once an item names one, there is room again; other units were never held back. */
  json = item_json (ITEM_ID, 1, "名单", "正文", first, "0123456789");
  g_assert_cmpuint (post_item (portal, json), ==, 201);
  g_free (create_upload (portal, 1, "text/csv", &status));
  g_assert_cmpuint (status, ==, 201);
  assert_alive (portal);
}

/* §5.4: an upload no item names is removed after 7 days, at start-up (and daily); one an item names stays. */
static void
test_upload_sweep (void)
{
  const char * const args[] = { "--test-faults", NULL };
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, args);
  g_autofree char *unused = NULL;
  g_autofree char *used = NULL;
  g_autofree char *json = NULL;
  g_autofree char *unused_file = NULL;
  g_autoptr(Reply) unused_head = NULL;
  g_autoptr(Reply) used_head = NULL;
  guint status;

  unused = upload_bytes (portal, "unused", &status);
  used = upload_bytes (portal, "0123456789", &status);
  json = item_json (ITEM_ID, 1, "名单", "正文", used, "0123456789");
  g_assert_cmpuint (post_item (portal, json), ==, 201);

  /* Six days on, nothing goes; eight days on, the unused one does. */
  gk_test_portal_halt (portal);
  g_setenv ("GK_PORTAL_TEST_CLOCK_OFFSET", "518400", TRUE);
  gk_test_portal_resume (portal);
  unused_head = send_to (portal, NULL, "HEAD", unused, TOKEN_MZ, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (unused_head->status, ==, 200);
  g_clear_pointer (&unused_head, reply_free);

  gk_test_portal_halt (portal);
  g_setenv ("GK_PORTAL_TEST_CLOCK_OFFSET", "691200", TRUE);
  gk_test_portal_resume (portal);
  g_unsetenv ("GK_PORTAL_TEST_CLOCK_OFFSET");

  unused_head = send_to (portal, NULL, "HEAD", unused, TOKEN_MZ, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  used_head = send_to (portal, NULL, "HEAD", used, TOKEN_MZ, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (unused_head->status, ==, 404);
  g_assert_cmpuint (used_head->status, ==, 200);
  unused_file = g_build_filename (portal->dir, "uploads", unused + strlen ("/api/v1/uploads/"), NULL);
  g_assert_false (g_file_test (unused_file, G_FILE_TEST_EXISTS));
}

/* `gongkai-portal office-user add NAME` with @password on stdin; returns its exit status. */
static int
add_office_user_in (const char *data_dir,
                    const char *name,
                    const char *password)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strconcat (password, "\n", NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("GONGKAI_PORTAL"), "office-user", "add", name, "--data-dir", data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (process);
}

static int
add_office_user (GkTestPortal *portal,
                 const char   *name,
                 const char   *password)
{
  return add_office_user_in (portal->dir, name, password);
}

/* This machine's first IPv4 address that is not loopback, or NULL. */
static char *
dup_outside_address (void)
{
  struct ifaddrs *addresses = NULL;
  char *found = NULL;

  if (getifaddrs (&addresses) != 0)
    return NULL;

  for (struct ifaddrs *a = addresses; a != NULL && found == NULL; a = a->ifa_next)
    if (a->ifa_addr != NULL && a->ifa_addr->sa_family == AF_INET)
      {
        g_autoptr(GSocketAddress) address = g_socket_address_new_from_native (a->ifa_addr, sizeof (struct sockaddr_in));
        GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

        if (!g_inet_address_get_is_loopback (inet))
          found = g_inet_address_to_string (inet);
      }

  freeifaddrs (addresses);
  return found;
}

/*
 * From another machine over plain HTTP, the office pages are refused with
 * and without accounts (a password must not cross the network in the clear),
 * while the liaisons' API answers.
 */
static void
test_remote_plain_http (void)
{
  g_autofree char *outside = dup_outside_address ();
  g_autofree char *dir = NULL;
  g_autofree char *tokens = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GSocket) probe = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSubprocess) portal = NULL;
  g_autoptr(SoupSession) session = new_browser ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  if (outside == NULL)
    {
      g_test_skip ("this machine has no IPv4 address but loopback");
      return;
    }

  dir = gk_test_make_data_dir ();
  tokens = g_build_filename (dir, "tokens", NULL);
  data_dir = g_build_filename (dir, "data", NULL);
  g_file_set_contents (tokens, TOKENS, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (add_office_user_in (data_dir, "wang", "correct horse battery"), ==, 0);

  probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  any = g_inet_socket_address_new_from_string ("0.0.0.0", 0);
  g_socket_bind (probe, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (probe, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (probe, NULL);

  listen = g_strdup_printf ("0.0.0.0:%u", port);
  portal = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, g_getenv ("GONGKAI_PORTAL"),
                             "--listen", listen, "--data-dir", data_dir, "--tokens", tokens,
                             "--public-name", outside, NULL);
  g_assert_no_error (error);
  base = g_strdup_printf ("http://%s:%u/", outside, port);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *url = g_strconcat (base, "api/v1/whoami", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN_MZ);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      if (body != NULL)
        {
          g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
          break;
        }
      g_usleep (50 * 1000);
    }

  {
    g_autofree char *url = g_strconcat (base, "office/sign-in", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 403);
  }

  g_subprocess_force_exit (portal);
  g_subprocess_wait (portal, NULL, NULL);
  gk_test_remove_tree (dir);
}

/* Posts the sign-in form of a fresh sign-in page in @browser. */
static Reply *
sign_in (GkTestPortal *portal,
         SoupSession  *browser,
         const char   *name,
         const char   *password)
{
  g_autoptr(Reply) page = send_to (portal, browser, "GET", "/office/sign-in", NULL, NULL, NULL, 0, NULL);
  g_autofree char *token = NULL;
  g_autofree char *origin = dup_origin (portal);
  g_autofree char *form = NULL;

  g_assert_cmpuint (page->status, ==, 200);
  token = dup_form_field (page->body, "/office/sign-in", "csrf");
  form = soup_form_encode ("csrf", token, "name", name, "password", password, NULL);
  return send_to (portal, browser, "POST", "/office/sign-in", NULL, "application/x-www-form-urlencoded", form, -1,
                  "Origin", origin, NULL);
}

/*
 * Office accounts: once one exists the pages want a signed-in reviewer, the
 * password is checked against its argon2id hash, wrong ones are throttled,
 * and a verdict is taken from the reviewer's session only.
 */
static void
test_office_sign_in (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autoptr(SoupSession) reviewer = new_browser ();
  g_autoptr(SoupSession) intruder = new_browser ();
  g_autoptr(SoupSession) anonymous = new_browser ();
  g_autofree char *origin = dup_origin (portal);
  g_autofree char *accounts = NULL;
  g_autofree char *form = NULL;
  g_autofree char *status = NULL;
  g_autoptr(Reply) before = NULL;
  g_autoptr(Reply) redirected = NULL;
  g_autoptr(Reply) signed_in = NULL;
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) approved = NULL;
  g_autoptr(Reply) held = NULL;
  g_autoptr(Reply) forged = NULL;
  g_autoptr(GError) error = NULL;
  const char *cookie;

  create_item (portal, ITEM_ID);
  before = send_to (portal, anonymous, "GET", "/office/", NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (before->status, ==, 200);

  g_assert_cmpint (add_office_user (portal, "wang", "short"), ==, 1);
  g_assert_cmpint (add_office_user (portal, "wang", "correct horse battery"), ==, 0);
  accounts = g_build_filename (portal->dir, "office-users", NULL);
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (accounts, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (contents, "wang\t$argon2id$"));
    g_assert_null (strstr (contents, "correct horse"));
  }
  g_subprocess_send_signal (portal->process, SIGHUP);
  for (guint i = 0; i < 200; i++)
    {
      g_clear_pointer (&redirected, reply_free);
      redirected = send_to (portal, anonymous, "GET", "/office/", NULL, NULL, NULL, 0, NULL);
      if (redirected->status != 200)
        break;
      g_usleep (25 * 1000);
    }
  g_assert_cmpuint (redirected->status, ==, 303);
  g_assert_true (g_str_has_suffix (header (redirected, "Location"), "/office/sign-in"));

  signed_in = sign_in (portal, reviewer, "wang", "correct horse battery");
  g_assert_cmpuint (signed_in->status, ==, 303);
  cookie = header (signed_in, "Set-Cookie");
  g_assert_nonnull (strstr (cookie, "HttpOnly"));
  g_assert_nonnull (strstr (cookie, "SameSite=Strict"));
  g_assert_nonnull (strstr (cookie, "Max-Age="));
  list = send_to (portal, reviewer, "GET", "/office/", NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_nonnull (strstr (list->body, "wang"));

  /* Without signing in, even the right form from the right origin does nothing. */
  form = dup_verdict_form (portal, reviewer, ITEM_ID, "approve");
  forged = send_to (portal, anonymous, "POST", "/office/items/" ITEM_ID "/approve", NULL,
                    "application/x-www-form-urlencoded", form, -1, "Origin", origin, NULL);
  g_assert_cmpuint (forged->status, ==, 403);

  approved = send_to (portal, reviewer, "POST", "/office/items/" ITEM_ID "/approve", NULL,
                      "application/x-www-form-urlencoded", form, -1, "Origin", origin, NULL);
  g_assert_cmpuint (approved->status, ==, 303);
  status = dup_item_status (portal, ITEM_ID);
  g_assert_cmpstr (status, ==, "published");

  /* Guessing: five wrong passwords, then even the right one waits. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Reply) wrong = sign_in (portal, intruder, "wang", "guess guess guess");

      g_assert_cmpuint (wrong->status, ==, 401);
    }
  held = sign_in (portal, intruder, "wang", "correct horse battery");
  g_assert_cmpuint (held->status, ==, 429);
  g_assert_nonnull (header (held, "Retry-After"));
}

typedef struct
{
  GkTestPortal *portal;
  const char   *location;
  guint64       offset;
  guint         status;
} LastPatch;

/* The last byte of an upload, in its own thread and session, while the test asks about the upload. */
static gpointer
send_last_patch (gpointer data)
{
  LastPatch *patch = data;
  g_autoptr(SoupSession) session = new_browser ();
  g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, patch->offset);
  g_autoptr(Reply) reply = send_to (patch->portal, session, "PATCH", patch->location, TOKEN_MZ,
                                    "application/offset+octet-stream", "z", 1,
                                    "Tus-Resumable", "1.0.0", "Upload-Offset", offset, NULL);

  patch->status = reply->status;
  return NULL;
}

/*
 * §5.3 after a restart: the last PATCH of an upload begun before it makes the
 * portal hash the whole file in a thread. Meanwhile HEAD once answered
 * offset = length, and the item the client then sent was refused as naming an
 * incomplete upload (422), for good. Now the upload is never said to be done
 * before it is, and an item naming it is asked to come back, never refused.
 */
static void
test_restart_window (void)
{
  const gsize length = 96 * 1024 * 1024;
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_args (TOKENS, NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *length_text = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  g_autofree char *location = NULL;
  g_autofree char *path = NULL;
  g_autofree guint8 *block = g_malloc (1024 * 1024);
  g_autoptr(Reply) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  LastPatch patch = { portal, NULL, length - 1, 0 };
  gboolean saw_wait = FALSE, settled = FALSE;
  FILE *file;

  created = send_to (portal, NULL, "POST", "/api/v1/uploads", TOKEN_MZ, NULL, NULL, 0,
                     "Tus-Resumable", "1.0.0", "Upload-Length", length_text, "Idempotency-Key", "big", NULL);
  g_assert_cmpuint (created->status, ==, 201);
  location = g_strdup (header (created, "Location"));

  /* All but the last byte arrived before the portal was killed: written as its PATCHes would have. */
  gk_test_portal_halt (portal);
  path = g_build_filename (portal->dir, "uploads", location + strlen ("/api/v1/uploads/"), NULL);
  file = fopen (path, "wb");
  g_assert_nonnull (file);
  memset (block, 'z', 1024 * 1024);
  for (gsize done = 0; done < length - 1; )
    {
      gsize n = MIN (1024 * 1024, length - 1 - done);

      g_assert_cmpuint (fwrite (block, 1, n, file), ==, n);
      g_checksum_update (checksum, block, n);
      done += n;
    }
  g_assert_cmpint (fclose (file), ==, 0);
  g_checksum_update (checksum, (const guchar *) "z", 1);
  gk_test_portal_resume (portal);

  patch.location = location;
  thread = g_thread_new ("last-patch", send_last_patch, &patch);

  for (gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
       !settled && g_get_monotonic_time () < deadline; g_usleep (5000))
    {
      g_autoptr(Reply) head = send_to (portal, NULL, "HEAD", location, TOKEN_MZ, NULL, NULL, 0,
                                       "Tus-Resumable", "1.0.0", NULL);

      if (head->status == 503)
        {
          g_assert_nonnull (header (head, "Retry-After"));
          saw_wait = TRUE;
        }
      else if (head->status == 200 && g_ascii_strtoull (header (head, "Upload-Offset"), NULL, 10) == length)
        {
          /* Done means done: the item naming the upload is taken at once. */
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autofree char *json = NULL;
          g_autofree char *key = g_uuid_string_random ();
          g_autoptr(Reply) item = NULL;
          g_autoptr(JsonNode) root = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, ITEM_ID);
          json_builder_set_member_name (builder, "column_id");
          json_builder_add_string_value (builder, COLUMN_MZ);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, "list");
          json_builder_set_member_name (builder, "revision");
          json_builder_add_int_value (builder, 1);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, "名单");
          json_builder_set_member_name (builder, "attachments");
          json_builder_begin_array (builder);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "upload");
          json_builder_add_string_value (builder, location);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, "名单.csv");
          json_builder_set_member_name (builder, "content_type");
          json_builder_add_string_value (builder, "text/csv");
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, length);
          json_builder_set_member_name (builder, "sha256");
          json_builder_add_string_value (builder, g_checksum_get_string (checksum));
          json_builder_end_object (builder);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          json = json_to_string (root, FALSE);

          item = send_to (portal, NULL, "POST", "/api/v1/items", TOKEN_MZ, "application/json", json, -1,
                          "Idempotency-Key", key, NULL);
          g_assert_cmpuint (item->status, ==, 201);
          settled = TRUE;
        }
      else
        g_assert_cmpuint (head->status, ==, 200);
    }

  g_thread_join (g_steal_pointer (&thread));
  g_assert_cmpuint (patch.status, ==, 204);
  g_assert_true (settled);
  g_assert_true (saw_wait);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/portal-security/faults-absent", test_faults_absent);
  g_test_add_func ("/portal-security/deep-json", test_deep_json);
  g_test_add_func ("/portal-security/control-characters", test_control_characters);
  g_test_add_func ("/portal-security/filetype-injection", test_filetype_injection);
  g_test_add_func ("/portal-security/csrf", test_csrf);
  g_test_add_func ("/portal-security/stale-revision", test_stale_revision);
  g_test_add_func ("/portal-security/host-and-proxy", test_host_and_proxy);
  g_test_add_func ("/portal-security/security-headers", test_security_headers);
  g_test_add_func ("/portal-security/restart-window", test_restart_window);
  g_test_add_func ("/portal-security/sighup-revocation", test_sighup_revocation);
  g_test_add_func ("/portal-security/token-expiry", test_token_expiry);
  g_test_add_func ("/portal-security/auth-throttle", test_auth_throttle);
  g_test_add_func ("/portal-security/access-log", test_access_log);
  g_test_add_func ("/portal-security/idle-connections", test_idle_connections);
  g_test_add_func ("/portal-security/kept-connections-end", test_kept_connections_end);
  g_test_add_func ("/portal-security/emfile", test_emfile);
  g_test_add_func ("/portal-security/upload-quota", test_upload_quota);
  g_test_add_func ("/portal-security/upload-sweep", test_upload_sweep);
  g_test_add_func ("/portal-security/office-sign-in", test_office_sign_in);
  g_test_add_func ("/portal-security/remote-plain-http", test_remote_plain_http);

  return g_test_run ();
}
