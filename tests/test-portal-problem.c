/* The portal's problems as the liaison reads them: our sentence in their language, the portal's words apart. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "gk-json.h"
#include "gk-portal-problem.h"
#include "gk-test-portal.h"
#include "gk-test-util.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = gk_json_parse_bounded (text, strlen (text), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_messages (void)
{
  g_autoptr(JsonNode) large = parse ("{\"type\":\"https://gongkai.invalid/problems/too-large\",\"status\":413,"
                                     "\"detail\":\"The file is 25221 bytes, more than this portal's limit of 5000 bytes.\","
                                     "\"size\":25221,\"limit\":5000}");
  g_autoptr(JsonNode) bare = parse ("{\"type\":\"https://gongkai.invalid/problems/too-large\",\"status\":413}");
  g_autoptr(JsonNode) unit = parse ("{\"type\":\"https://portal.example/problems/wrong-unit\",\"title\":\"Not yours\"}");
  g_autoptr(JsonNode) unknown = parse ("{\"type\":\"https://portal.example/problems/teapot\",\"detail\":\"short\\nand stout\"}");
  g_autofree char *sentence = gk_portal_problem_dup_message (413, large);
  g_autofree char *generic = gk_portal_problem_dup_message (413, bare);
  g_autofree char *no_body = gk_portal_problem_dup_message (413, NULL);
  g_autofree char *wrong_unit = gk_portal_problem_dup_message (403, unit);
  g_autofree char *teapot = gk_portal_problem_dup_message (418, unknown);
  g_autofree char *busy = gk_portal_problem_dup_message (503, NULL);
  g_autofree char *title = gk_portal_problem_dup_detail (unit);
  g_autofree char *detail = gk_portal_problem_dup_detail (unknown);
  g_autofree char *joined = gk_portal_problem_join (sentence, detail);
  g_autofree char *alone = gk_portal_problem_join (sentence, NULL);
  g_autofree char *apart = NULL;
  g_autofree char *shown = gk_portal_problem_split (joined, &apart);
  g_autofree char *nothing = NULL;
  g_autofree char *plain = gk_portal_problem_split (alone, &nothing);

  /* Sizes in kB, as the file manager shows them (g_format_size(), with a no-break space), never the portal's bytes. */
  g_assert_cmpstr (sentence, ==, "The attachment is 25.2\u00a0kB, over the portal’s limit of 5.0\u00a0kB; make the file smaller or split it, then submit again.");
  g_assert_null (strstr (generic, "kB"));
  g_assert_cmpstr (generic, ==, no_body);
  g_assert_true (g_str_has_prefix (wrong_unit, "The portal says this belongs to another unit"));
  g_assert_nonnull (strstr (teapot, "HTTP 418"));
  g_assert_nonnull (strstr (busy, "tried again later"));

  /* The portal's words: its detail, else its title, on one line, kept apart for 详情. */
  g_assert_cmpstr (title, ==, "Not yours");
  g_assert_cmpstr (detail, ==, "short and stout");
  g_assert_cmpstr (shown, ==, sentence);
  g_assert_cmpstr (apart, ==, "short and stout");
  g_assert_cmpstr (plain, ==, sentence);
  g_assert_null (nothing);
}

/* POST /api/v1/uploads of @length bytes, in @language; returns the problem document. */
static JsonNode *
create_upload (GkTestPortal *portal,
               guint64       length,
               const char   *language,
               guint        *status)
{
  g_autofree char *url = g_strconcat (portal->url, "api/v1/uploads", NULL);
  g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, length);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gsize n;
  const char *data;

  soup_message_headers_replace (headers, "Authorization", "Bearer tok-mz");
  soup_message_headers_replace (headers, "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (headers, "Upload-Length", size);
  soup_message_headers_replace (headers, "Idempotency-Key", language != NULL ? "k-zh" : "k-en");
  if (language != NULL)
    soup_message_headers_replace (headers, "Accept-Language", language);

  body = soup_session_send_and_read (portal->session, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  data = g_bytes_get_data (body, &n);

  return gk_json_parse_bounded (data, n, GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, NULL);
}

/* The reference portal writes its detail in Chinese when asked, and sends the sizes as numbers. */
static void
test_reference_portal (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start_with_max_upload ("tok-mz\t市民政局\n", 5000);
  g_autoptr(JsonNode) chinese = NULL;
  g_autoptr(JsonNode) english = NULL;
  g_autofree char *sentence = NULL;
  JsonObject *problem;
  guint status;

  chinese = create_upload (portal, 25221, "zh-CN, zh;q=0.9, en;q=0.5", &status);
  g_assert_cmpuint (status, ==, 413);
  problem = json_node_get_object (chinese);
  g_assert_cmpstr (json_object_get_string_member (problem, "detail"), ==, "文件 25221 字节，超过门户网站上限 5000 字节；请发送更小的文件。");
  g_assert_cmpint (json_object_get_int_member (problem, "size"), ==, 25221);
  g_assert_cmpint (json_object_get_int_member (problem, "limit"), ==, 5000);

  sentence = gk_portal_problem_dup_message (status, chinese);
  g_assert_nonnull (strstr (sentence, "25.2\u00a0kB"));
  g_assert_nonnull (strstr (sentence, "5.0\u00a0kB"));

  english = create_upload (portal, 25221, NULL, &status);
  g_assert_cmpuint (status, ==, 413);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (english), "detail"), "The file is 25221 bytes"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/portal-problem/messages", test_messages);
  g_test_add_func ("/portal-problem/reference-portal", test_reference_portal);

  return g_test_run ();
}
