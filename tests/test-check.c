/* The self-check's rules at their boundaries, as pure functions of a snapshot and a date. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "gk-check-private.h"
#include "gk-context.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-test-util.h"

static GkCatalog *catalog;

static GkCheckSnapshot *
new_snapshot (const char *unit)
{
  GkCheckSnapshot *snapshot = gk_check_snapshot_new (catalog, unit);

  snapshot->liaison = g_strdup ("张丽");
  snapshot->phone = g_strdup ("0730-8882003");
  snapshot->leader = g_strdup ("刘副局长");
  snapshot->office = g_strdup ("办公室");
  snapshot->registration_sent = TRUE;

  return snapshot;
}

static GkCheckPortalItem *
publish (GkCheckSnapshot *snapshot,
         const char      *id,
         const char      *column_id,
         GkKind           kind,
         const char      *date)
{
  GkCheckPortalItem *item = gk_check_snapshot_add_portal (snapshot, id, column_id, kind, id, "published");

  g_assert_true (gk_check_parse_date (date, &item->published));
  return item;
}

static GkCheckResult *
evaluate (GkCheckSnapshot *snapshot,
          const char      *as_of,
          guint            warn_days)
{
  GDate date;

  g_assert_true (gk_check_parse_date (as_of, &date));
  return gk_check_evaluate (snapshot, &date, warn_days);
}

static GkColumnStatus *
column_status (GkCheckResult *result,
               const char    *column_id)
{
  for (guint i = 0; i < result->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (result->columns, i);

      if (g_str_equal (status->column_id, column_id))
        return status;
    }

  g_assert_not_reached ();
}

static guint
count_findings (GkCheckResult *result,
                GkRule         rule,
                GkSeverity     severity)
{
  guint n = 0;

  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);

      n += finding->rule == rule && finding->severity == severity;
    }

  return n;
}

static void
test_stale_boundaries (void)
{
  g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市政府办");
  g_autoptr(GkCheckResult) on_time = NULL;
  g_autoptr(GkCheckResult) late = NULL;

  /* 会议公开 is news, every 14 days; 政策文件 is policy, every 180 days. */
  publish (snapshot, "meeting", "wzz.yqyd.hygk", GK_KIND_NEWS, "2017-08-30");
  publish (snapshot, "policy", "wzz.yqyd.zcwj", GK_KIND_POLICY, "2017-03-17");
  publish (snapshot, "reading", "wzz.yqyd.zcjd", GK_KIND_INTERPRETATION, "2017-03-17");

  /* Exactly 14 and exactly 180 days old: still in time, but due. */
  on_time = evaluate (snapshot, "2017-09-13", 14);
  g_assert_cmpint (column_status (on_time, "wzz.yqyd.hygk")->state, ==, GK_COLUMN_DUE_SOON);
  g_assert_cmpint (column_status (on_time, "wzz.yqyd.hygk")->days_left, ==, 0);
  g_assert_cmpint (column_status (on_time, "wzz.yqyd.zcwj")->state, ==, GK_COLUMN_DUE_SOON);
  g_assert_cmpstr (column_status (on_time, "wzz.yqyd.hygk")->newest, ==, "2017-08-30");
  g_assert_cmpuint (count_findings (on_time, GK_RULE_STALE, GK_SEVERITY_DEDUCTION), ==, 0);

  /* One day more: stale. 6 months and a day after 2017-03-17 is far past 180 days. */
  late = evaluate (snapshot, "2017-09-18", 14);
  g_assert_cmpint (column_status (late, "wzz.yqyd.hygk")->state, ==, GK_COLUMN_STALE);
  g_assert_cmpint (column_status (late, "wzz.yqyd.zcwj")->state, ==, GK_COLUMN_STALE);
  g_assert_cmpuint (count_findings (late, GK_RULE_STALE, GK_SEVERITY_DEDUCTION), ==, 3);
  g_assert_true (gk_check_result_has_failures (late));
}

/* 下次应更新: the last day in time, and how far it is, as the column page and the report word it. */
static void
test_next_due (void)
{
  g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市政府办");
  g_autoptr(GkCheckResult) before = NULL;
  g_autoptr(GkCheckResult) after = NULL;
  g_autofree char *ahead = NULL;
  g_autofree char *today = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *never = NULL;
  GkColumnStatus *status;

  publish (snapshot, "meeting", "wzz.yqyd.hygk", GK_KIND_NEWS, "2017-08-30");

  before = evaluate (snapshot, "2017-09-03", 14);
  status = column_status (before, "wzz.yqyd.hygk");
  g_assert_cmpstr (status->due, ==, "2017-09-13");
  g_assert_cmpint (status->days_left, ==, 10);
  ahead = gk_column_status_dup_due_text (status);
  g_assert_cmpstr (ahead, ==, "2017-09-13 (in 10 days)");
  newest = gk_column_status_dup_newest_text (status);
  g_assert_nonnull (strstr (newest, "2017-08-30"));

  g_clear_pointer (&before, gk_check_result_free);
  before = evaluate (snapshot, "2017-09-13", 14);
  today = gk_column_status_dup_due_text (column_status (before, "wzz.yqyd.hygk"));
  g_assert_cmpstr (today, ==, "2017-09-13 (today)");

  after = evaluate (snapshot, "2017-09-20", 14);
  status = column_status (after, "wzz.yqyd.hygk");
  g_assert_cmpint (status->days_left, ==, -7);
  overdue = gk_column_status_dup_due_text (status);
  g_assert_cmpstr (overdue, ==, "2017-09-13 (7 days overdue)");

  status = column_status (after, "wzz.yqyd.zcwj");
  g_assert_null (status->due);
  blank = gk_column_status_dup_due_text (status);
  g_assert_cmpstr (blank, ==, "Now: the column is blank");
  never = gk_column_status_dup_newest_text (status);
  g_assert_cmpstr (never, ==, "Never published");
}

static void
test_blank_veto (void)
{
  /* 市财政局 has 8 columns: 4 blank is a deduction each, the fifth blank one is a veto. */
  g_autoptr(GkCheckSnapshot) four = new_snapshot ("市财政局");
  g_autoptr(GkCheckSnapshot) five = new_snapshot ("市财政局");
  g_autoptr(GkCheckResult) four_result = NULL;
  g_autoptr(GkCheckResult) five_result = NULL;
  const char *columns[] = { "wzz.yqyd.jjyx", "wzz.jsjf.zcwj", "wzz.pppxm.fgzc", "wzz.pppxm.xmss" };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      publish (four, columns[i], columns[i], GK_KIND_OTHER, "2017-09-01");
      if (i < 3)
        publish (five, columns[i], columns[i], GK_KIND_OTHER, "2017-09-01");
    }

  four_result = evaluate (four, "2017-09-13", 14);
  g_assert_cmpuint (four_result->n_by_state[GK_COLUMN_BLANK], ==, 4);
  g_assert_cmpuint (count_findings (four_result, GK_RULE_BLANK, GK_SEVERITY_DEDUCTION), ==, 4);
  g_assert_cmpuint (count_findings (four_result, GK_RULE_BLANK, GK_SEVERITY_VETO), ==, 0);

  five_result = evaluate (five, "2017-09-13", 14);
  g_assert_cmpuint (five_result->n_by_state[GK_COLUMN_BLANK], ==, 5);
  g_assert_cmpuint (count_findings (five_result, GK_RULE_BLANK, GK_SEVERITY_VETO), ==, 1);
  g_assert_cmpint (((GkFinding *) g_ptr_array_index (five_result->findings, 0))->severity, ==, GK_SEVERITY_VETO);
}

static void
test_as_of_and_portal_status (void)
{
  g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市政府办");
  g_autoptr(GkCheckResult) before = NULL;
  g_autoptr(GkCheckResult) after = NULL;
  GkCheckPortalItem *received;

  publish (snapshot, "meeting", "wzz.yqyd.hygk", GK_KIND_NEWS, "2017-09-10");
  /* Sent but not yet published: the portal's status decides, not the PC's. */
  received = gk_check_snapshot_add_portal (snapshot, "pending", "wzz.yqyd.zcwj", GK_KIND_POLICY, "pending", "received");
  gk_check_parse_date ("2017-09-01", &received->received);

  before = evaluate (snapshot, "2017-09-09", 14);
  g_assert_cmpint (column_status (before, "wzz.yqyd.hygk")->state, ==, GK_COLUMN_BLANK);
  g_assert_cmpint (column_status (before, "wzz.yqyd.zcwj")->state, ==, GK_COLUMN_BLANK);

  after = evaluate (snapshot, "2017-09-10", 14);
  g_assert_cmpint (column_status (after, "wzz.yqyd.hygk")->state, ==, GK_COLUMN_OK);
  g_assert_cmpint (column_status (after, "wzz.yqyd.zcwj")->state, ==, GK_COLUMN_BLANK);
}

static void
test_interpretation_working_days (void)
{
  g_autoptr(GkCheckSnapshot) in_time = new_snapshot ("市政府办");
  g_autoptr(GkCheckSnapshot) late = new_snapshot ("市政府办");
  g_autoptr(GkCheckSnapshot) missing = new_snapshot ("市政府办");
  g_autoptr(GkCheckResult) in_time_result = NULL;
  g_autoptr(GkCheckResult) late_result = NULL;
  g_autoptr(GkCheckResult) missing_result = NULL;
  GkCheckPortalItem *policy, *reading;
  GDate friday, wednesday, thursday;

  /* Friday 2017-09-08 to Wednesday 2017-09-13 is three working days across a weekend. */
  gk_check_parse_date ("2017-09-08", &friday);
  gk_check_parse_date ("2017-09-13", &wednesday);
  gk_check_parse_date ("2017-09-14", &thursday);
  g_assert_cmpuint (gk_check_working_days_between (&friday, &wednesday), ==, 3);
  g_assert_cmpuint (gk_check_working_days_between (&friday, &thursday), ==, 4);

  policy = publish (in_time, "policy", "wzz.yqyd.zcwj", GK_KIND_POLICY, "2017-09-08");
  policy->interpreted_by = g_strsplit ("reading", ",", -1);
  reading = publish (in_time, "reading", "wzz.yqyd.zcjd", GK_KIND_INTERPRETATION, "2017-09-13");
  reading->interprets = g_strdup ("policy");
  in_time_result = evaluate (in_time, "2017-09-20", 14);
  g_assert_cmpuint (count_findings (in_time_result, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION), ==, 0);

  policy = publish (late, "policy", "wzz.yqyd.zcwj", GK_KIND_POLICY, "2017-09-08");
  policy->interpreted_by = g_strsplit ("reading", ",", -1);
  reading = publish (late, "reading", "wzz.yqyd.zcjd", GK_KIND_INTERPRETATION, "2017-09-14");
  reading->interprets = g_strdup ("policy");
  late_result = evaluate (late, "2017-09-20", 14);
  g_assert_cmpuint (count_findings (late_result, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION), ==, 1);

  /* Linked one way only counts as not linked; no interpretation at all, too. */
  policy = publish (missing, "policy", "wzz.yqyd.zcwj", GK_KIND_POLICY, "2017-09-08");
  policy->interpreted_by = g_strsplit ("reading", ",", -1);
  publish (missing, "reading", "wzz.yqyd.zcjd", GK_KIND_INTERPRETATION, "2017-09-11");
  missing_result = evaluate (missing, "2017-09-20", 14);
  g_assert_cmpuint (count_findings (missing_result, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION), ==, 1);
}

static void
test_registration_dates_wording_outbox (void)
{
  g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市民政局");
  g_autoptr(GkCheckResult) result = NULL;
  GkCheckLocalItem *item;

  snapshot->registration_sent = FALSE;

  item = gk_check_snapshot_add_local (snapshot, "backdated", "hms.shjz.cxdb", GK_KIND_LIST,
                                      GK_ITEM_STATE_SUBMITTED, "低保名单", "名单");
  gk_check_parse_date ("2017-09-01", &item->publish_on);
  gk_check_parse_date ("2017-09-05", &item->submitted);
  gk_check_parse_date ("2017-08-30", &item->written_on);

  gk_check_snapshot_add_local (snapshot, "draft", "hms.shjz.knjz", GK_KIND_POLICY, GK_ITEM_STATE_DRAFT,
                               "救助政策以经调整", "正文");
  gk_check_snapshot_add_local (snapshot, "secret", "hms.shjz.knjz", GK_KIND_POLICY, GK_ITEM_STATE_DRAFT,
                               "救助办法", "本文件为内部资料");
  gk_check_snapshot_add_local (snapshot, "rejected", "hms.shjz.yljz", GK_KIND_POLICY, GK_ITEM_STATE_REJECTED,
                               "医疗救助办法", "正文");
  item = gk_check_snapshot_add_local (snapshot, "waiting", "hms.shjz.yljz", GK_KIND_POLICY, GK_ITEM_STATE_QUEUED,
                                      "医疗救助通知", "正文");
  gk_check_parse_date ("2017-09-10", &item->queued);

  result = evaluate (snapshot, "2017-09-13", 14);
  g_assert_cmpuint (count_findings (result, GK_RULE_REGISTRATION, GK_SEVERITY_DEDUCTION), ==, 1);
  g_assert_cmpuint (count_findings (result, GK_RULE_DATES, GK_SEVERITY_VETO), ==, 1);
  /* A typo in a draft is advice: it can still be fixed. A classification marking never can be published. */
  g_assert_cmpuint (count_findings (result, GK_RULE_WORDING, GK_SEVERITY_ADVICE), ==, 1);
  g_assert_cmpuint (count_findings (result, GK_RULE_WORDING, GK_SEVERITY_DEDUCTION), ==, 1);
  g_assert_cmpuint (count_findings (result, GK_RULE_OUTBOX, GK_SEVERITY_DEDUCTION), ==, 1);
  g_assert_cmpuint (count_findings (result, GK_RULE_OUTBOX, GK_SEVERITY_ADVICE), ==, 1);
  /* Sent before any scan: check by hand. */
  g_assert_cmpuint (count_findings (result, GK_RULE_PERSONAL_INFO, GK_SEVERITY_ADVICE), ==, 2);
}

static void
test_personal_info (void)
{
  g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市民政局");
  g_autoptr(GkCheckResult) result = NULL;
  GkCheckLocalItem *item;

  item = gk_check_snapshot_add_local (snapshot, "clean", "hms.shjz.cxdb", GK_KIND_LIST, GK_ITEM_STATE_PUBLISHED, "名单", "x");
  item->privacy_checked = TRUE;

  item = gk_check_snapshot_add_local (snapshot, "overridden", "hms.shjz.cxdb", GK_KIND_LIST, GK_ITEM_STATE_SUBMITTED, "公示", "x");
  item->privacy_checked = TRUE;
  item->privacy_problems = 1;
  item->privacy_summary = g_strdup ("名单.pdf was not scanned");
  item->override_by = g_strdup ("刘副局长");
  item->override_reason = g_strdup ("扫描件已人工核对");

  item = gk_check_snapshot_add_local (snapshot, "leaked", "hms.shjz.cxdb", GK_KIND_LIST, GK_ITEM_STATE_PUBLISHED, "救助名单", "x");
  item->privacy_checked = TRUE;
  item->privacy_problems = 2;
  item->privacy_summary = g_strdup ("the text: 2 unmasked numbers");

  /* Drafts are the editor's business, not the inspection's. */
  gk_check_snapshot_add_local (snapshot, "draft", "hms.shjz.cxdb", GK_KIND_LIST, GK_ITEM_STATE_DRAFT, "草稿", "x");

  result = evaluate (snapshot, "2017-09-13", 14);
  g_assert_cmpuint (count_findings (result, GK_RULE_PERSONAL_INFO, GK_SEVERITY_ADVICE), ==, 1);
  g_assert_cmpuint (count_findings (result, GK_RULE_PERSONAL_INFO, GK_SEVERITY_DEDUCTION), ==, 1);

  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);

      if (finding->rule == GK_RULE_PERSONAL_INFO && finding->severity == GK_SEVERITY_ADVICE)
        g_assert_nonnull (strstr (finding->explanation, "刘副局长"));
    }
}

/* From the store: portal statuses as the sync engine records them, and the rectification log. */
static void
test_run_and_log (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(GkContext) context = gk_context_new (dir, NULL);
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GkCheckResult) first = NULL;
  g_autoptr(GkCheckResult) second = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GkStore *store = gk_context_get_store (context);
  GDate as_of;
  GkCheckLogEntry *entry = NULL;

  gk_profile_set_unit (profile, "市民政局");
  gk_context_save_profile (context, profile, &error);
  g_assert_no_error (error);
  gk_check_parse_date ("2017-09-13", &as_of);

  first = gk_check_run (context, &as_of, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->n_by_state[GK_COLUMN_BLANK], ==, 3);
  g_assert_true (gk_check_record (context, first, &error));
  g_assert_true (gk_check_set_measure (context, "blank:hms.shjz.cxdb", "9月15日前发布低保名单", "2017-09-15", &error));
  g_assert_no_error (error);
  g_assert_false (gk_check_set_measure (context, "blank:nowhere", "x", NULL, &error));
  g_clear_error (&error);

  /* The portal publishes an item in 城乡低保: the next check finds it, and the log records the fix. */
  json_parser_load_from_data (parser,
                              "{\"id\": \"p1\", \"column_id\": \"hms.shjz.cxdb\", \"kind\": \"list\", \"title\": \"名单\", "
                              "\"revision\": 1, \"status\": \"published\", \"published_at\": \"2017-09-12T08:00:00Z\", "
                              "\"updated_at\": \"2017-09-12T08:00:00Z\"}", -1, &error);
  g_assert_true (gk_store_record_portal_item (store, "市民政局", json_node_get_object (json_parser_get_root (parser)), NULL, &error));

  second = gk_check_run (context, &as_of, 14, &error);
  g_assert_cmpint (column_status (second, "hms.shjz.cxdb")->state, ==, GK_COLUMN_OK);
  g_assert_true (gk_check_record (context, second, &error));

  log = gk_check_list_log (context, &error);
  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (((GkCheckLogEntry *) g_ptr_array_index (log, i))->key, "blank:hms.shjz.cxdb"))
      entry = g_ptr_array_index (log, i);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->measure, ==, "9月15日前发布低保名单");
  g_assert_cmpstr (entry->fixed_on, ==, "2017-09-13");

  g_clear_object (&context);
  gk_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = gk_catalog_new_builtin ();

  g_test_add_func ("/check/stale-boundaries", test_stale_boundaries);
  g_test_add_func ("/check/next-due", test_next_due);
  g_test_add_func ("/check/blank-veto", test_blank_veto);
  g_test_add_func ("/check/as-of-and-portal-status", test_as_of_and_portal_status);
  g_test_add_func ("/check/interpretation-working-days", test_interpretation_working_days);
  g_test_add_func ("/check/registration-dates-wording-outbox", test_registration_dates_wording_outbox);
  g_test_add_func ("/check/personal-info", test_personal_info);
  g_test_add_func ("/check/run-and-log", test_run_and_log);

  status = g_test_run ();
  g_object_unref (catalog);

  return status;
}
