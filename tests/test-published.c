/* The portal's site-wide column summary and import-published, with three units on a reference portal. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "gk-check-private.h"
#include "gk-column.h"
#include "gk-test-portal.h"
#include "gk-test-util.h"

#define TOKENS "t-rs\t市人社局\nt-cz\t市财政局\nt-ds\t市地税局\nt-mz\t市民政局\n"

#define GOOD_CSV \
  "column_id,unit,title,published_on,url\r\n" \
  "wzz.jsjf.zcwj,市财政局,\"关于减税降费的通知, 第一号\",2017-09-20,http://www.yueyang.gov.cn/a.html\r\n" \
  "wzz.jsjf.shbx,市人社局,2017年上半年社会保险情况,2017-07-10,https://www.yueyang.gov.cn/b.html\r\n" \
  "wzz.jsjf.zcwj,市人社局,社保降费政策,2016-05-01,https://www.yueyang.gov.cn/c.html\r\n"

static int
import (GkTestPortal *portal,
        const char   *name,
        const char   *contents,
        gssize        length,
        char        **out,
        char        **err)
{
  g_autofree char *path = g_build_filename (portal->dir, name, NULL);
  const char *argv[] = { g_getenv ("GONGKAI_PORTAL"), "--data-dir", portal->dir, "import-published", path, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static JsonObject *
column (JsonNode   *summary,
        const char *id)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (summary), "columns");

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *entry = json_array_get_object_element (columns, i);

      if (g_str_equal (json_object_get_string_member (entry, "column_id"), id))
        return entry;
    }

  g_assert_not_reached ();
}

static JsonNode *
summary (GkTestPortal *portal,
         const char   *token,
         const char   *as_of)
{
  g_autofree char *path = g_strdup_printf ("api/v1/columns/summary?as_of=%s", as_of);
  JsonNode *reply = NULL;

  g_assert_cmpuint (gk_test_portal_call (portal, "GET", path, token, NULL, NULL, &reply), ==, 200);
  return reply;
}

/* Good rows in UTF-8 and in GB18030, the same rows again, and the summary over all units. */
static void
test_import_and_summary (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *gb18030 = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_autofree char *text = NULL;
  gsize length;

  /* With the BOM a spreadsheet writes before UTF-8 text. */
  g_assert_cmpint (import (portal, "good.csv", "\xef\xbb\xbf" GOOD_CSV, -1, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 3 "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same rows saved by a spreadsheet on Chinese Windows: nothing new. */
  gb18030 = g_convert (GOOD_CSV, -1, "GB18030", "UTF-8", NULL, &length, NULL);
  g_assert_nonnull (gb18030);
  g_assert_false (g_utf8_validate (gb18030, (gssize) length, NULL));
  g_assert_cmpint (import (portal, "gb.csv", gb18030, (gssize) length, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 0 "));
  g_assert_nonnull (strstr (out, "3 were already there"));

  before = summary (portal, "t-ds", "2017-09-19");
  g_assert_cmpint (json_object_get_int_member (column (before, "wzz.jsjf.zcwj"), "count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (column (before, "wzz.jsjf.zcwj"), "newest"), ==, "2016-05-01");
  g_assert_true (json_object_get_null_member (column (before, "hms.shjz.cxdb"), "newest"));

  after = summary (portal, "t-ds", "2017-09-20");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (after), "columns")), ==, 91);
  g_assert_cmpint (json_object_get_int_member (column (after, "wzz.jsjf.zcwj"), "count"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (column (after, "wzz.jsjf.zcwj"), "newest"), ==, "2017-09-20");
  g_assert_cmpint (json_object_get_int_member (column (after, "wzz.jsjf.shbx"), "count"), ==, 1);
  /* No item content, only dates and counts. */
  text = json_to_string (after, FALSE);
  g_assert_null (strstr (text, "减税"));
  g_assert_null (strstr (text, "http"));

  /* The importing unit reads its publications back like any other item. */
  g_assert_cmpuint (gk_test_portal_call (portal, "GET", "api/v1/items", "t-cz", NULL, NULL, &listing), ==, 200);
  g_clear_pointer (&text, g_free);
  text = json_to_string (listing, FALSE);
  g_assert_nonnull (strstr (text, "关于减税降费的通知, 第一号"));
  g_assert_nonnull (strstr (text, "\"published\""));
}

/* Every bad row is named by its line and nothing is imported. */
static void
test_import_bad_rows (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  static const struct {
    const char *row;
    const char *problem;
  } rows[] = {
    { "wzz.jsjf.zcwj,市财政局,好的一行,2017-09-20,http://a.gov.cn/1", NULL },
    { "no.such.column,市财政局,t,2017-09-20,http://a.gov.cn/2", "line 3: the column “no.such.column”" },
    { "hms.shjz.cxdb,市财政局,t,2017-09-20,http://a.gov.cn/3", "line 4: the unit “市财政局” is not responsible" },
    { "wzz.jsjf.zcwj,市财政局,,2017-09-20,http://a.gov.cn/4", "line 5: the title is empty" },
    { "wzz.jsjf.zcwj,市财政局,t,2017-02-30,http://a.gov.cn/5", "line 6: published_on “2017-02-30”" },
    { "wzz.jsjf.zcwj,市财政局,t,2017-09-20,ftp://a.gov.cn/6", "line 7: the url" },
    { "wzz.jsjf.zcwj,市财政局,t,2017-09-20", "line 8: 4 fields" },
    { "\"wzz.jsjf.zcwj\",市财政局,\"两行\n的标题\",2017-09-2x,http://a.gov.cn/9", "line 9: published_on" },
    { "wzz.jsjf.zcwj,市财政局,好的一行,2017-09-20,http://a.gov.cn/again", "line 11: the same publication as line 2" },
  };
  g_autoptr(GString) csv = g_string_new ("column_id,unit,title,published_on,url\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) site = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (csv, "%s\n", rows[i].row);

  g_assert_cmpint (import (portal, "bad.csv", csv->str, -1, &out, &err), ==, 1);
  g_test_message ("%s", err);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].problem != NULL)
      g_assert_nonnull (strstr (err, rows[i].problem));
  g_assert_nonnull (strstr (err, "Nothing was imported"));

  site = summary (portal, "t-cz", "2017-12-31");
  g_assert_cmpint (json_object_get_int_member (column (site, "wzz.jsjf.zcwj"), "count"), ==, 0);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (import (portal, "noheader.csv", "wzz.jsjf.zcwj,市财政局,t,2017-09-20,http://a\n", -1, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "header"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (import (portal, "binary.csv", "column_id,unit\xff\xfe\x00", 16, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "GB18030"));
}

static void
test_summary_refusals (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (gk_test_portal_call (portal, "GET", "api/v1/columns/summary?as_of=2017-13-01", "t-cz", NULL, NULL, &reply), ==, 400);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (gk_test_portal_call (portal, "GET", "api/v1/columns/summary", "t-cz", NULL, NULL, &reply), ==, 400);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (gk_test_portal_call (portal, "GET", "api/v1/columns/summary?as_of=2017-09-01", "nobody", NULL, NULL, &reply), ==, 401);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (gk_test_portal_call (portal, "POST", "api/v1/columns/summary?as_of=2017-09-01", "t-cz", "application/json", "{}", &reply), ==, 405);
}

/* The three units' self-checks on the portal's reply: the shared column is filled for all three. */
static void
test_three_units (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autoptr(GkCatalog) catalog = gk_catalog_new_builtin ();
  g_autoptr(JsonNode) reply = NULL;
  const char *units[] = { "市人社局", "市财政局", "市地税局" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GDate as_of;

  g_assert_cmpint (import (portal, "good.csv", GOOD_CSV, -1, &out, &err), ==, 0);
  reply = summary (portal, "t-ds", "2017-09-25");
  gk_check_parse_date ("2017-09-25", &as_of);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autoptr(GkCheckSnapshot) snapshot = gk_check_snapshot_new (catalog, units[i]);
      g_autoptr(GkCheckResult) result = NULL;
      g_autoptr(GError) error = NULL;

      snapshot->site = gk_site_summary_new_from_json (reply, &error);
      g_assert_no_error (error);
      result = gk_check_evaluate (snapshot, &as_of, 14);
      g_assert_true (result->site_wide);

      for (guint j = 0; j < result->columns->len; j++)
        {
          GkColumnStatus *status = g_ptr_array_index (result->columns, j);

          if (g_str_equal (status->column_id, "wzz.jsjf.zcwj"))
            {
              g_test_message ("%s: %s", units[i], gk_column_state_to_string (status->state));
              g_assert_cmpint (status->state, !=, GK_COLUMN_BLANK);
              g_assert_cmpstr (status->newest, ==, "2017-09-20");
            }
        }
    }
}

static JsonNode *
check_json (const char *dir,
            const char *as_of,
            gboolean    site,
            char      **err)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  gk_test_run_cli (dir, NULL, &out, err, "check", "--as-of", as_of, "--format", "json", site ? "--site" : NULL, NULL);
  root = json_from_string (out, &error);
  g_assert_no_error (error);
  return root;
}

static const char *
column_state (JsonNode   *check,
              const char *id)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (check), "columns");

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *entry = json_array_get_object_element (columns, i);

      if (g_str_equal (json_object_get_string_member (entry, "id"), id))
        return json_object_get_string_member (entry, "state");
    }

  g_assert_not_reached ();
}

/* `gongkai check --site`: the portal's summary when reachable, the unit's own view (said so) when not. */
static void
test_check_site (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) site = NULL;
  g_autoptr(JsonNode) kept = NULL;
  g_autoptr(JsonNode) other_day = NULL;
  g_autoptr(JsonNode) offline = NULL;

  g_assert_cmpint (import (portal, "good.csv", GOOD_CSV, -1, &out, &err), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "profile", "set", "--unit", "市地税局", NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, "t-ds\n", NULL, NULL, "login", "--portal", portal->url, NULL), ==, 0);

  site = check_json (dir, "2017-09-25", TRUE, NULL);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (site), "site_wide"));
  g_assert_cmpstr (column_state (site, "wzz.jsjf.zcwj"), !=, "blank");

  /* Kept for that date: a later check of the same date needs no network. */
  kept = check_json (dir, "2017-09-25", FALSE, NULL);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (kept), "site_wide"));
  other_day = check_json (dir, "2017-09-27", FALSE, NULL);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (other_day), "site_wide"));
  g_assert_cmpstr (column_state (other_day, "wzz.jsjf.zcwj"), ==, "blank");

  gk_test_portal_halt (portal);
  g_clear_pointer (&err, g_free);
  offline = check_json (dir, "2017-09-28", TRUE, &err);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (offline), "site_wide"));
  g_assert_nonnull (strstr (err, "own columns"));
  gk_test_portal_resume (portal);
}

/* A correction of a published item carries its 更正说明 to the office, with the item's date kept. */
static void
test_correction (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *page = NULL;
  g_autofree char *shown = NULL;

  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "profile", "set", "--unit", "市民政局", NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, "t-mz\n", NULL, NULL, "login", "--portal", portal->url, NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, "城乡低保标准为每月500元。\n", &out, NULL, "item", "add", "--column", "hms.shjz.cxdb",
                                    "--title", "关于调整城乡低保标准的通知", "--written-on", "2017-09-01",
                                    "--publish-on", "2017-09-05", "--reviewer", "周科长", "--reviewed-on", "2017-09-04",
                                    "--body-file", "-", NULL), ==, 0);
  id = g_strstrip (g_steal_pointer (&out));
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "item", "ready", id, NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "submit", id, NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "sync", "--once", NULL), ==, 0);
  g_assert_cmpuint (gk_test_portal_decide (portal, id, "approve", ""), <, 400);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "sync", "--once", NULL), ==, 0);

  /* The correction: a new revision, its date left as it was, and what changed. */
  g_assert_cmpint (gk_test_run_cli (dir, "城乡低保标准为每月550元。\n", NULL, NULL, "item", "edit", id,
                                    "--body-file", "-", "--correction", "第一段金额500元更正为550元", NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, NULL, "item", "show", id, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "correction\t第一段金额500元更正为550元"));
  g_assert_nonnull (strstr (out, "publish-on\t2017-09-05"));
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "item", "ready", id, NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "submit", id, NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "sync", "--once", NULL), ==, 0);

  /* The office's page of the item shows the 更正说明 with the revision. */
  page = g_strdup_printf ("%soffice/items/%s", portal->url, id);
  {
    g_autoptr(SoupMessage) message = soup_message_new ("GET", page);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;

    body = soup_session_send_and_read (portal->session, message, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 200);
    shown = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    g_assert_nonnull (strstr (shown, "更正说明"));
    g_assert_nonnull (strstr (shown, "第一段金额500元更正为550元"));
  }
}

/* A newer year installed on the portal reaches the liaison with `gongkai calendar update`. */
static void
test_calendar_update (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *newer = g_build_filename (dir, "2027.tsv", NULL);
  const char *argv[] = { g_getenv ("GONGKAI_PORTAL"), "--data-dir", portal->dir, "import-calendar", newer, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_file_set_contents (newer, "version\t2027.1\nyear\t2027\t国办发明电〔2026〕1号\n2027-01-01\t休\t元旦\n", -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "2027.1"));
  g_remove (newer);

  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "profile", "set", "--unit", "市民政局", NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, "t-mz\n", NULL, NULL, "login", "--portal", portal->url, NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "calendar", "due", "2026-12-30", "5", NULL), ==, 1);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, NULL, "calendar", "update", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2027.1"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, NULL, "calendar", "due", "2026-12-30", "5", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2027-01-07\n");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, NULL, "calendar", "update", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "nothing changed"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/published/import-and-summary", test_import_and_summary);
  g_test_add_func ("/published/import-bad-rows", test_import_bad_rows);
  g_test_add_func ("/published/summary-refusals", test_summary_refusals);
  g_test_add_func ("/published/three-units", test_three_units);
  g_test_add_func ("/published/check-site", test_check_site);
  g_test_add_func ("/published/correction", test_correction);
  g_test_add_func ("/published/calendar-update", test_calendar_update);

  return g_test_run ();
}
