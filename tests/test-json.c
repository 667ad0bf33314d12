/* JSON from the wire is parsed within bounds: deep nesting and huge documents are refused
 * with a sentence before json-glib's recursive parser sees them. */
#include "config.h"

#include "gk-json.h"

static char *
nested (guint depth)
{
  g_autofree char *open = g_strnfill (depth, '[');
  g_autofree char *close = g_strnfill (depth, ']');

  return g_strconcat (open, close, NULL);
}

static void
test_depth_counted (void)
{
  static const struct { const char *json; guint depth; } cases[] = {
    { "1", 0 },
    { "{}", 1 },
    { "{\"a\":[1,{\"b\":2}]}", 3 },
    { "[\"[[[[\"]", 1 },             /* brackets in a string do not count */
    { "[\"\\\"[[[\"]", 1 },          /* nor after an escaped quote */
    { "]]]]{", 1 },                  /* stray closers do not go below zero */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (gk_json_nesting_depth (cases[i].json, strlen (cases[i].json)), ==, cases[i].depth);
}

static void
test_deep_refused (void)
{
  /* 100,000 levels crashed both the client and the portal before (issues 12 and 13). */
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autoptr(GError) error = NULL;
  JsonNode *node = gk_json_parse_bounded (deep, strlen (deep), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error);

  g_assert_null (node);
  g_assert_error (error, GK_JSON_ERROR, GK_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "64 levels"));
}

static void
test_limit_is_inclusive (void)
{
  g_autofree char *at_limit = nested (GK_JSON_MAX_DEPTH);
  g_autofree char *over = nested (GK_JSON_MAX_DEPTH + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = gk_json_parse_bounded (at_limit, strlen (at_limit), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_null (gk_json_parse_bounded (over, strlen (over), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error));
  g_assert_error (error, GK_JSON_ERROR, GK_JSON_ERROR_TOO_DEEP);
}

static void
test_size_refused (void)
{
  g_autoptr(GError) error = NULL;
  const char *doc = "{\"title\":\"0123456789\"}";

  g_assert_null (gk_json_parse_bounded (doc, strlen (doc), GK_JSON_MAX_DEPTH, 10, &error));
  g_assert_error (error, GK_JSON_ERROR, GK_JSON_ERROR_TOO_LARGE);
}

static void
test_malformed_and_empty (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gk_json_parse_bounded ("{\"a\":", 5, GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error));
  g_assert_error (error, GK_JSON_ERROR, GK_JSON_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (gk_json_parse_bounded ("", 0, GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error));
  g_assert_error (error, GK_JSON_ERROR, GK_JSON_ERROR_INVALID);
}

static void
test_good_document (void)
{
  g_autoptr(GError) error = NULL;
  const char *doc = "{\"items\":[{\"id\":\"a\",\"status\":\"published\"}],\"next\":\"c1\"}";
  g_autoptr(JsonNode) node = gk_json_parse_bounded (doc, strlen (doc), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "next"), ==, "c1");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/depth-counted", test_depth_counted);
  g_test_add_func ("/json/deep-refused", test_deep_refused);
  g_test_add_func ("/json/limit-is-inclusive", test_limit_is_inclusive);
  g_test_add_func ("/json/size-refused", test_size_refused);
  g_test_add_func ("/json/malformed-and-empty", test_malformed_and_empty);
  g_test_add_func ("/json/good-document", test_good_document);

  return g_test_run ();
}
