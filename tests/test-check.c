/* The self-check's rules at their boundaries, as pure functions of a snapshot and a date. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "gk-check-private.h"
#include "gk-column.h"
#include "gk-context-private.h"
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

/* Periods on calendar dates with GLib's arithmetic, end-of-month clamping included. */
static const struct {
  guint         every;
  GkCadenceUnit unit;
  const char   *from;
  const char   *until;
} periods[] = {
  { 1, GK_CADENCE_MONTH, "2017-01-15", "2017-02-15" },
  { 1, GK_CADENCE_MONTH, "2017-01-31", "2017-02-28" },   /* clamped to the shorter month */
  { 1, GK_CADENCE_MONTH, "2020-01-31", "2020-02-29" },   /* leap year */
  { 6, GK_CADENCE_MONTH, "2017-03-31", "2017-09-30" },
  { 6, GK_CADENCE_MONTH, "2017-08-31", "2018-02-28" },
  { 1, GK_CADENCE_QUARTER, "2017-11-30", "2018-02-28" },
  { 1, GK_CADENCE_QUARTER, "2017-12-31", "2018-03-31" },
  { 1, GK_CADENCE_YEAR, "2019-03-01", "2020-03-01" },
  { 1, GK_CADENCE_YEAR, "2020-02-29", "2021-02-28" },    /* 29 February clamped */
  { 4, GK_CADENCE_YEAR, "2020-02-29", "2024-02-29" },
  { 14, GK_CADENCE_DAY, "2017-08-30", "2017-09-13" },
  { 2, GK_CADENCE_WEEK, "2017-12-25", "2018-01-08" },
};

static void
test_cadence_arithmetic (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      GkCadence cadence = { periods[i].every, periods[i].unit };
      GDate from, until;
      char text[16];

      g_assert_true (gk_check_parse_date (periods[i].from, &from));
      gk_cadence_add (&cadence, &from, &until);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &until);
      g_test_message ("%s + %u %s", periods[i].from, periods[i].every, gk_cadence_unit_to_string (periods[i].unit));
      g_assert_cmpstr (text, ==, periods[i].until);
    }
}

/* The stale rule on the cases: in time up to and including the day one period later. */
static const struct {
  const char   *unit;
  const char   *column_id;
  const char   *published;
  const char   *as_of;
  GkColumnState state;
  const char   *due;
} stale_cases[] = {
  /* 效益指标, 按月 */
  { "市国资委", "cgg.gzgq.xyzb", "2017-01-15", "2017-02-15", GK_COLUMN_DUE_SOON, "2017-02-15" },
  { "市国资委", "cgg.gzgq.xyzb", "2017-01-15", "2017-02-16", GK_COLUMN_STALE, "2017-02-15" },
  { "市国资委", "cgg.gzgq.xyzb", "2017-01-31", "2017-02-28", GK_COLUMN_DUE_SOON, "2017-02-28" },
  { "市国资委", "cgg.gzgq.xyzb", "2017-01-31", "2017-03-01", GK_COLUMN_STALE, "2017-02-28" },
  /* 政策文件, 6 months */
  { "市政府办", "wzz.yqyd.zcwj", "2017-03-31", "2017-09-28", GK_COLUMN_DUE_SOON, "2017-09-30" },
  { "市政府办", "wzz.yqyd.zcwj", "2017-03-31", "2017-09-30", GK_COLUMN_DUE_SOON, "2017-09-30" },
  { "市政府办", "wzz.yqyd.zcwj", "2017-03-31", "2017-10-01", GK_COLUMN_STALE, "2017-09-30" },
  { "市政府办", "wzz.yqyd.zcwj", "2017-03-17", "2017-08-01", GK_COLUMN_OK, "2017-09-17" },
  /* 规划计划, 1 year, across 29 February */
  { "市发改委", "wzz.zdjsxm.ghjh", "2019-03-01", "2020-03-01", GK_COLUMN_DUE_SOON, "2020-03-01" },
  { "市发改委", "wzz.zdjsxm.ghjh", "2019-03-01", "2020-03-02", GK_COLUMN_STALE, "2020-03-01" },
  /* 经济运行, 定期 as a quarter */
  { "市财政局", "wzz.yqyd.jjyx", "2017-11-30", "2018-02-28", GK_COLUMN_DUE_SOON, "2018-02-28" },
  { "市财政局", "wzz.yqyd.jjyx", "2017-11-30", "2018-03-01", GK_COLUMN_STALE, "2018-02-28" },
  /* 环保执法, news: 2 weeks */
  { "市环保局", "hms.hjbh.hbzf", "2017-08-30", "2017-09-13", GK_COLUMN_DUE_SOON, "2017-09-13" },
  { "市环保局", "hms.hjbh.hbzf", "2017-08-30", "2017-09-14", GK_COLUMN_STALE, "2017-09-13" },
  /* 会议公开 is judged per item: no period, never stale as a column */
  { "市政府办", "wzz.yqyd.hygk", "2017-01-02", "2017-12-29", GK_COLUMN_OK, NULL },
  /* 行政事业性收费, 实时更新: an unchanged list is in time for a year */
  { "市发改委", "wzz.jsjf.xzsyxsf", "2017-01-16", "2017-09-13", GK_COLUMN_OK, "2018-01-16" },
};

static void
test_stale_boundaries (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (stale_cases); i++)
    {
      g_autoptr(GkCheckSnapshot) snapshot = new_snapshot (stale_cases[i].unit);
      g_autoptr(GkCheckResult) result = NULL;
      GkColumnStatus *status;

      publish (snapshot, "item", stale_cases[i].column_id, GK_KIND_OTHER, stale_cases[i].published);
      result = evaluate (snapshot, stale_cases[i].as_of, 14);
      status = column_status (result, stale_cases[i].column_id);

      g_test_message ("%s %s → %s", stale_cases[i].column_id, stale_cases[i].published, stale_cases[i].as_of);
      g_assert_cmpint (status->state, ==, stale_cases[i].state);
      g_assert_cmpstr (status->due, ==, stale_cases[i].due);
      g_assert_cmpstr (status->newest, ==, stale_cases[i].published);
    }
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

  /* 政策文件: six calendar months, in time up to and including the same date six months on. */
  publish (snapshot, "policy", "wzz.yqyd.zcwj", GK_KIND_POLICY, "2017-03-10");

  before = evaluate (snapshot, "2017-08-31", 14);
  status = column_status (before, "wzz.yqyd.zcwj");
  g_assert_cmpstr (status->due, ==, "2017-09-10");
  g_assert_cmpint (status->days_left, ==, 10);
  ahead = gk_column_status_dup_due_text (status);
  g_assert_cmpstr (ahead, ==, "2017-09-10 (in 10 days)");
  newest = gk_column_status_dup_newest_text (status);
  g_assert_nonnull (strstr (newest, "2017-03-10"));

  g_clear_pointer (&before, gk_check_result_free);
  before = evaluate (snapshot, "2017-09-10", 14);
  today = gk_column_status_dup_due_text (column_status (before, "wzz.yqyd.zcwj"));
  g_assert_cmpstr (today, ==, "2017-09-10 (today)");

  after = evaluate (snapshot, "2017-09-17", 14);
  status = column_status (after, "wzz.yqyd.zcwj");
  g_assert_cmpint (status->days_left, ==, -7);
  overdue = gk_column_status_dup_due_text (status);
  g_assert_cmpstr (overdue, ==, "2017-09-10 (7 days overdue)");

  status = column_status (after, "wzz.yqyd.zcjd");
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

/* Interpretations within 3 working days of the policy, on China's working-day calendar. */
static const struct {
  const char *policy;
  const char *reading;
  guint       deductions;
  guint       advice;
} interpretation_cases[] = {
  { "2017-09-08", "2017-09-13", 0, 0 },  /* Friday to Wednesday: 3 */
  { "2017-09-08", "2017-09-14", 1, 0 },  /* 4 */
  { "2017-09-29", "2017-10-09", 0, 0 },  /* 国庆、中秋 off, Saturday 9-30 worked: 2, not 6 */
  { "2017-09-29", "2017-10-11", 1, 0 },  /* 4 */
  { "2017-01-26", "2017-02-03", 0, 0 },  /* across 春节: 1 */
  { "2024-02-08", "2024-02-19", 0, 0 },  /* Friday 9th and Sunday 18th worked: 3 */
  { "2024-02-08", "2024-02-20", 1, 0 },
  { "2026-12-30", "2027-01-04", 0, 1 },  /* 2027 unknown: not judged, said so */
};

static void
test_interpretation_working_days (void)
{
  g_autoptr(GkCheckSnapshot) missing = new_snapshot ("市政府办");
  g_autoptr(GkCheckResult) missing_result = NULL;
  GkCheckPortalItem *policy;

  for (guint i = 0; i < G_N_ELEMENTS (interpretation_cases); i++)
    {
      g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市政府办");
      g_autoptr(GkCheckResult) result = NULL;
      GkCheckPortalItem *reading;

      policy = publish (snapshot, "policy", "wzz.yqyd.zcwj", GK_KIND_POLICY, interpretation_cases[i].policy);
      policy->interpreted_by = g_strsplit ("reading", ",", -1);
      reading = publish (snapshot, "reading", "wzz.yqyd.zcjd", GK_KIND_INTERPRETATION, interpretation_cases[i].reading);
      reading->interprets = g_strdup ("policy");
      result = evaluate (snapshot, interpretation_cases[i].reading, 14);

      g_test_message ("%s → %s", interpretation_cases[i].policy, interpretation_cases[i].reading);
      g_assert_cmpuint (count_findings (result, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION), ==, interpretation_cases[i].deductions);
      g_assert_cmpuint (count_findings (result, GK_RULE_INTERPRETATION, GK_SEVERITY_ADVICE), ==, interpretation_cases[i].advice);

      /* What is settled agrees: in time from the interpretation's day, else never. */
      gk_check_settle_interpretations (snapshot);
      g_assert_true (g_date_valid (&policy->ok_on) == (interpretation_cases[i].deductions + interpretation_cases[i].advice == 0));
    }

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

/* Backdating is judged on the first submission; a correction keeps the first publication's date. */
static const struct {
  const char *publish_on;
  const char *submitted;
  const char *first_published_on;  /* NULL: never published before */
  guint       vetoes;
} dates_cases[] = {
  { "2017-09-01", "2017-09-05", NULL, 1 },          /* backdated on its first submission */
  { "2017-09-05", "2017-09-05", NULL, 0 },
  { "2017-09-08", "2017-09-05", NULL, 0 },          /* scheduled later */
  { "2017-09-01", "2017-09-20", "2017-09-01", 0 },  /* a correction keeps its date */
  { "2017-09-03", "2017-09-20", "2017-09-01", 0 },
  { "2017-08-25", "2017-09-20", "2017-09-01", 1 },  /* a correction moved before the first publication */
};

static void
test_corrections (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (dates_cases); i++)
    {
      g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市民政局");
      g_autoptr(GkCheckResult) result = NULL;
      GkCheckLocalItem *item;

      item = gk_check_snapshot_add_local (snapshot, "item", "hms.shjz.cxdb", GK_KIND_LIST,
                                          GK_ITEM_STATE_SUBMITTED, "低保名单", "名单");
      gk_check_parse_date ("2017-08-30", &item->written_on);
      gk_check_parse_date (dates_cases[i].publish_on, &item->publish_on);
      gk_check_parse_date (dates_cases[i].submitted, &item->submitted);
      if (dates_cases[i].first_published_on != NULL)
        gk_check_parse_date (dates_cases[i].first_published_on, &item->first_published_on);

      result = evaluate (snapshot, "2017-09-25", 14);
      g_test_message ("%s submitted %s", dates_cases[i].publish_on, dates_cases[i].submitted);
      g_assert_cmpuint (count_findings (result, GK_RULE_DATES, GK_SEVERITY_VETO), ==, dates_cases[i].vetoes);
    }
}

/* Sensitive words with context: exemptions and marking patterns, on the shipped list. */
static const struct {
  const char *text;
  const char *hits;  /* as the wording rule lists them; "" for none */
} sensitive_cases[] = {
  { "关于杜绝密集排队的通知", "" },
  { "拒绝密码泄露", "" },
  { "这是绝密文件", "绝密" },
  { "绝密★一年", "绝密★" },
  { "机密★", "机密★" },
  { "秘密 ☆ 五年", "秘密 ☆" },
  { "机密性", "" },
  { "保守国家秘密", "" },
  { "绝密\n关于调整救助标准的通知", "绝密" },
  { "本文件为内部资料，杜绝密集排队", "内部资料" },
  { "杜绝密集；绝密★", "绝密★" },
};

static void
test_sensitive_context (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sensitive_cases); i++)
    {
      g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市民政局");
      g_autoptr(GkCheckResult) result = NULL;
      GkCheckLocalItem *item;

      item = gk_check_snapshot_add_local (snapshot, "item", "hms.shjz.cxdb", GK_KIND_LIST,
                                          GK_ITEM_STATE_DRAFT, "通知", sensitive_cases[i].text);
      result = evaluate (snapshot, "2017-09-25", 14);
      g_test_message ("%s", sensitive_cases[i].text);
      g_assert_cmpstr (item->wording_hits, ==, sensitive_cases[i].hits);
      g_assert_true (item->wording_sensitive == (*sensitive_cases[i].hits != '\0'));
      g_assert_cmpuint (count_findings (result, GK_RULE_WORDING, GK_SEVERITY_DEDUCTION), ==, *sensitive_cases[i].hits != '\0');
    }
}

/* The office's own list brings its own exemptions; a broken pattern is left out, not fatal. */
static void
test_sensitive_office_list (void)
{
  g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市民政局");
  g_autoptr(GArray) innocent = NULL;
  g_autoptr(GArray) marked = NULL;
  const char *lines[] = { "秘密", "!保守秘密", "~(", NULL };

  g_strfreev (snapshot->sensitive);
  snapshot->sensitive = g_strdupv ((GStrv) lines);

  g_test_expect_message ("gk-check", G_LOG_LEVEL_WARNING, "*(*");
  innocent = gk_check_find_sensitive (snapshot, "做好保守秘密工作");
  g_test_assert_expected_messages ();
  g_assert_cmpuint (innocent->len, ==, 0);

  marked = gk_check_find_sensitive (snapshot, "秘密会议纪要");
  g_assert_cmpuint (marked->len, ==, 1);
  g_assert_cmpuint (g_array_index (marked, GkCheckMatch, 0).offset, ==, 0);
  g_assert_cmpuint (g_array_index (marked, GkCheckMatch, 0).length, ==, strlen ("秘密"));
}

/* 需解读 by default: 规范性文件 yes, reports, lists, fund notices and letters no; the liaison's choice wins. */
static const struct {
  const char *title;
  const char *doc_number;
  int         choice;
  gboolean    needs;
} needs_cases[] = {
  { "关于印发岳阳市城乡低保管理办法的通知", "岳民发〔2017〕3号", -1, TRUE },
  { "关于印发岳阳市城乡低保管理办法的通知", "岳民发[2017]3号", -1, TRUE },
  { "关于做好临时救助工作的通知", NULL, -1, TRUE },
  { "2017年第三季度城乡低保资金发放情况", NULL, -1, FALSE },
  { "城乡低保对象名单", "岳民发〔2017〕9号", -1, FALSE },
  { "2016年度部门决算", NULL, -1, FALSE },
  { "关于低保标准问题的复函", "岳民函〔2017〕5号", -1, FALSE },
  { "救助工作要点", "内部", -1, FALSE },
  { "2017年城乡低保资金分配办法", NULL, 1, TRUE },
  { "关于印发岳阳市城乡低保管理办法的通知", "岳民发〔2017〕3号", 0, FALSE },
};

static void
test_needs_interpretation (void)
{
  g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市民政局");
  g_autoptr(GkCheckResult) result = NULL;
  GkCheckPortalItem *policy, *reading;

  for (guint i = 0; i < G_N_ELEMENTS (needs_cases); i++)
    {
      g_test_message ("%s %s", needs_cases[i].title, needs_cases[i].doc_number);
      g_assert_true (gk_check_needs_interpretation (needs_cases[i].title, needs_cases[i].doc_number,
                                                    needs_cases[i].choice) == needs_cases[i].needs);
    }

  /* Only policies that need one count, for the finding and for the 解读率. */
  publish (snapshot, "fund", "hms.shjz.cxdb", GK_KIND_POLICY, "2017-09-01")->needs_interpretation = FALSE;
  publish (snapshot, "rule", "hms.shjz.cxdb", GK_KIND_POLICY, "2017-09-01");
  policy = publish (snapshot, "done", "hms.shjz.knjz", GK_KIND_POLICY, "2017-09-04");
  policy->interpreted_by = g_strsplit ("reading", ",", -1);
  reading = publish (snapshot, "reading", "hms.shjz.knjz", GK_KIND_INTERPRETATION, "2017-09-05");
  reading->interprets = g_strdup ("done");

  result = evaluate (snapshot, "2017-09-25", 14);
  g_assert_cmpuint (count_findings (result, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION), ==, 1);
  g_assert_cmpuint (result->n_needing_interpretation, ==, 2);
  g_assert_cmpuint (result->n_interpreted, ==, 1);
}

/* 及时: items of 实时/及时 and event columns within 20 working days of their date written. */
static const struct {
  const char *column_id;
  const char *written_on;  /* NULL: not on this PC */
  const char *published;
  guint       deductions;
  guint       advice;
} timely_cases[] = {
  { "wzz.yqyd.hygk", "2017-09-01", "2017-09-29", 0, 0 },  /* 20 working days */
  { "wzz.yqyd.hygk", "2017-09-01", "2017-09-30", 1, 0 },  /* the worked Saturday is the 21st */
  { "wzz.yqyd.hygk", "2017-09-15", "2017-10-19", 0, 0 },  /* across 国庆、中秋 */
  { "wzz.yqyd.hygk", "2017-09-15", "2017-10-20", 1, 0 },
  { "wzz.yqyd.hygk", "2026-12-20", "2027-01-05", 0, 1 },  /* 2027 unknown */
  { "wzz.yqyd.hygk", NULL, "2017-12-30", 0, 0 },
  { "wzz.yqyd.zcwj", "2017-01-03", "2017-09-29", 0, 0 },  /* not judged per item */
};

static void
test_timely (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (timely_cases); i++)
    {
      g_autoptr(GkCheckSnapshot) snapshot = new_snapshot ("市政府办");
      g_autoptr(GkCheckResult) result = NULL;
      GkCheckPortalItem *item = publish (snapshot, "item", timely_cases[i].column_id, GK_KIND_NEWS, timely_cases[i].published);

      if (timely_cases[i].written_on != NULL)
        g_assert_true (gk_check_parse_date (timely_cases[i].written_on, &item->written_on));
      result = evaluate (snapshot, timely_cases[i].published, 14);

      g_test_message ("%s %s → %s", timely_cases[i].column_id, timely_cases[i].written_on, timely_cases[i].published);
      g_assert_cmpuint (count_findings (result, GK_RULE_TIMELY, GK_SEVERITY_DEDUCTION), ==, timely_cases[i].deductions);
      g_assert_cmpuint (count_findings (result, GK_RULE_TIMELY, GK_SEVERITY_ADVICE), ==, timely_cases[i].advice);
    }
}

/* The portal's summary for 2017-09-25: the shared 减税降费/政策文件 filled by 市财政局 alone. */
static GkSiteSummary *
site_summary (guint n_blank_elsewhere)
{
  g_autoptr(GString) json = g_string_new ("{\"as_of\": \"2017-09-25\", \"columns\": [");
  g_autoptr(GError) error = NULL;
  GkSiteSummary *summary;
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *id = gk_column_get_id (column);
      gboolean blank = g_str_equal (id, "wzz.jsjf.xzsyxsf") || (!g_str_equal (id, "wzz.jsjf.zcwj") && n++ < n_blank_elsewhere);

      g_string_append_printf (json, "%s{\"column_id\": \"%s\", \"newest\": %s, \"count\": %u}",
                              i > 0 ? ", " : "", id, blank ? "null" : "\"2017-09-20\"", blank ? 0 : 3);
    }
  g_string_append (json, "]}");

  summary = gk_site_summary_new_from_text (json->str, &error);
  g_assert_no_error (error);
  return summary;
}

/* Shared columns are judged on the whole website; vetoes count the site and name this unit's part. */
static const struct {
  const char *unit;
  gboolean    own_item;      /* published its share of 减税降费/政策文件 */
  guint       blank_elsewhere;
  GkColumnState shared_state;
  guint       share_advice;
  guint       blank_vetoes;
  guint       blank_veto_advice;
} site_cases[] = {
  { "市财政局", TRUE, 0, GK_COLUMN_OK, 1, 0, 0 },   /* its other shared column, 经济运行 */
  { "市人社局", FALSE, 0, GK_COLUMN_OK, 1, 0, 0 },  /* not blank for the co-unit: advice */
  { "市地税局", FALSE, 0, GK_COLUMN_OK, 1, 0, 0 },
  /* 行政事业性收费 plus 4 more columns blank on the site: a veto for a unit with one of them… */
  { "市发改委", FALSE, 4, GK_COLUMN_BLANK, 2, 1, 0 },  /* and 行政权力, 双随机一公开 shared */
  /* …and advice for a unit with none of them. */
  { "市人社局", FALSE, 4, GK_COLUMN_OK, 1, 0, 1 },
};

static void
test_site_wide (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (site_cases); i++)
    {
      g_autoptr(GkCheckSnapshot) snapshot = new_snapshot (site_cases[i].unit);
      g_autoptr(GkCheckResult) result = NULL;
      g_autoptr(GkCheckResult) offline = NULL;
      GkColumn *shared = gk_catalog_lookup_column (catalog, "wzz.jsjf.zcwj");
      const char *column = gk_column_has_unit (shared, site_cases[i].unit) ? "wzz.jsjf.zcwj" : "wzz.jsjf.xzsyxsf";

      if (site_cases[i].own_item)
        publish (snapshot, "own", column, GK_KIND_POLICY, "2017-09-20")->needs_interpretation = FALSE;

      offline = evaluate (snapshot, "2017-09-25", 14);
      g_assert_false (offline->site_wide);

      snapshot->site = site_summary (site_cases[i].blank_elsewhere);
      result = evaluate (snapshot, "2017-09-25", 14);
      g_test_message ("%s", site_cases[i].unit);
      g_assert_true (result->site_wide);
      g_assert_cmpint (column_status (result, column)->state, ==, site_cases[i].shared_state);
      g_assert_cmpuint (count_findings (result, GK_RULE_BLANK, GK_SEVERITY_ADVICE), ==,
                        site_cases[i].share_advice + site_cases[i].blank_veto_advice);
      g_assert_cmpuint (count_findings (result, GK_RULE_BLANK, GK_SEVERITY_VETO), ==, site_cases[i].blank_vetoes);
      /* Offline, the unit's own view: a share nobody of this unit filled is blank. */
      g_assert_cmpint (column_status (offline, column)->state, ==,
                       site_cases[i].own_item ? GK_COLUMN_OK : GK_COLUMN_BLANK);
    }
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

  g_test_add_func ("/check/cadence-arithmetic", test_cadence_arithmetic);
  g_test_add_func ("/check/stale-boundaries", test_stale_boundaries);
  g_test_add_func ("/check/corrections", test_corrections);
  g_test_add_func ("/check/site-wide", test_site_wide);
  g_test_add_func ("/check/timely", test_timely);
  g_test_add_func ("/check/needs-interpretation", test_needs_interpretation);
  g_test_add_func ("/check/sensitive-context", test_sensitive_context);
  g_test_add_func ("/check/sensitive-office-list", test_sensitive_office_list);
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
