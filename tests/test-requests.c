/*
 * The register of requests for disclosure: the legal clocks counted on the
 * official calendar (dates worked out by hand from the State Council's
 * holiday notices, docs/requests.md), the refusals, and the annual report
 * of a sample year against a golden CSV whose counts were tallied by hand.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "gk-annual-report.h"
#include "gk-attachment.h"
#include "gk-calendar.h"
#include "gk-check.h"
#include "gk-context-private.h"
#include "gk-request-clock.h"
#include "gk-request-findings.h"
#include "gk-store.h"
#include "gk-store-requests.h"
#include "gk-test-util.h"

static GkRequest *
request_received (const char *received_on)
{
  GkRequest *request = gk_request_new ();

  request->number = g_strdup ("2017-001");
  request->received_on = g_strdup (received_on);
  request->content = g_strdup ("某项目环境影响评价文件");
  return request;
}

/* Adds an event the way the store would: only after gk_request_check_event() allowed it. */
static void
add_event (GkRequest   *request,
           GkEventKind  kind,
           const char  *on)
{
  g_autoptr(GError) error = NULL;
  GkRequestEvent *event = gk_request_event_new (kind, on);

  if (kind == GK_EVENT_ANSWER)
    event->outcome = GK_OUTCOME_DISCLOSED;
  if (kind == GK_EVENT_EXTENSION)
    event->days = 20, event->by = g_strdup ("王局长");

  gk_request_check_event (request, event, &error);
  g_assert_no_error (error);
  g_ptr_array_add (request->events, event);
}

static GkRequestClock *
clock_on (const GkRequest *request,
          const char      *today_text)
{
  g_autoptr(GkCalendar) calendar = gk_calendar_new_builtin ();
  g_autoptr(GError) error = NULL;
  GkRequestClock *clock;
  GDate today;

  g_assert_true (gk_check_parse_date (today_text, &today));
  clock = gk_request_clock_compute (request, calendar, &today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (clock);

  return clock;
}

static void
assert_due (const GkRequestClock *clock,
            const char           *expected)
{
  g_autofree char *due = gk_date_to_iso (&clock->due);

  g_assert_cmpstr (due, ==, expected);
}

/* 2017 国庆: 1-8 October off, Saturday 30 September worked. Day 20 after 28 September is 1 November. */
static void
test_clock_national_day (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-09-28");
  g_autoptr(GkRequestClock) clock = clock_on (request, "2017-10-20");

  assert_due (clock, "2017-11-01");
  g_assert_cmpint (clock->state, ==, GK_CLOCK_RUNNING);
  g_assert_cmpint (clock->days_left, ==, 8);
  g_assert_cmpuint (clock->holidays->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (clock->holidays, 0), ==, "2017-10-02");
  g_assert_cmpuint (clock->makeup_days->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (clock->makeup_days, 0), ==, "2017-09-30");
}

static void
test_clock_due_soon_and_overdue (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-09-28");
  g_autoptr(GkRequestClock) soon = clock_on (request, "2017-10-25");
  g_autoptr(GkRequestClock) due_day = clock_on (request, "2017-11-01");
  g_autoptr(GkRequestClock) late = clock_on (request, "2017-11-02");
  g_autoptr(GkRequestClock) answered = NULL;

  g_assert_cmpint (soon->state, ==, GK_CLOCK_DUE_SOON);
  g_assert_cmpint (soon->days_left, ==, 5);
  g_assert_cmpint (due_day->days_left, ==, 0);
  g_assert_cmpint (late->state, ==, GK_CLOCK_OVERDUE);
  g_assert_cmpint (late->days_left, ==, -1);

  add_event (request, GK_EVENT_ANSWER, "2017-11-02");
  answered = clock_on (request, "2017-12-01");
  g_assert_cmpint (answered->state, ==, GK_CLOCK_ANSWERED_LATE);
}

/* 补正 on day 3 (9 October); the completed request arrives 16 October and 20 days run from there. */
static void
test_clock_supplement_restarts (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-09-28");
  g_autoptr(GkRequestClock) waiting = NULL;
  g_autoptr(GkRequestClock) clock = NULL;

  add_event (request, GK_EVENT_SUPPLEMENT_SENT, "2017-10-09");
  waiting = clock_on (request, "2017-10-12");
  g_assert_cmpint (waiting->state, ==, GK_CLOCK_AWAITING_SUPPLEMENT);
  g_assert_false (g_date_valid (&waiting->due));
  g_assert_false (waiting->supplement_late);

  add_event (request, GK_EVENT_SUPPLEMENT_RECEIVED, "2017-10-16");
  clock = clock_on (request, "2017-10-16");
  assert_due (clock, "2017-11-13");
}

/* A consultation while the applicant was completing the request stops no clock: none was running. */
static void
test_clock_consult_before_restart (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-09-28");
  g_autoptr(GkRequestClock) clock = NULL;

  add_event (request, GK_EVENT_SUPPLEMENT_SENT, "2017-10-09");
  add_event (request, GK_EVENT_CONSULT_STARTED, "2017-10-10");
  add_event (request, GK_EVENT_CONSULT_ANSWERED, "2017-10-18");
  add_event (request, GK_EVENT_SUPPLEMENT_RECEIVED, "2017-10-16");
  clock = clock_on (request, "2017-10-20");
  /* Only 17 and 18 October count as paused. */
  g_assert_cmpuint (clock->paused_days, ==, 2);
  assert_due (clock, "2017-11-15");
}

/* The 补正 deadline is the 7th working day after receipt: 13 October, across the holiday. */
static void
test_clock_supplement_late (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-09-28");
  g_autoptr(GkRequestClock) clock = NULL;
  g_autofree char *deadline = NULL;

  add_event (request, GK_EVENT_SUPPLEMENT_SENT, "2017-10-16");
  clock = clock_on (request, "2017-10-16");
  deadline = gk_date_to_iso (&clock->supplement_deadline);
  g_assert_cmpstr (deadline, ==, "2017-10-13");
  g_assert_true (clock->supplement_late);
}

/* 2017 清明: 2-4 April off, Saturday 1 April worked. Ten working days with the third party add ten. */
static void
test_clock_third_party (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-03-01");
  g_autoptr(GkRequestClock) paused = NULL;
  g_autoptr(GkRequestClock) clock = NULL;

  add_event (request, GK_EVENT_CONSULT_STARTED, "2017-03-10");
  paused = clock_on (request, "2017-03-15");
  g_assert_cmpint (paused->state, ==, GK_CLOCK_PAUSED);
  g_assert_cmpuint (paused->paused_days, ==, 3);

  add_event (request, GK_EVENT_CONSULT_ANSWERED, "2017-03-24");
  clock = clock_on (request, "2017-03-24");
  g_assert_cmpuint (clock->paused_days, ==, 10);
  assert_due (clock, "2017-04-13");
  g_assert_cmpuint (clock->makeup_days->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (clock->makeup_days, 0), ==, "2017-04-01");
}

static void
test_clock_extension (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-09-28");
  g_autoptr(GkRequestClock) clock = NULL;

  add_event (request, GK_EVENT_EXTENSION, "2017-10-30");
  clock = clock_on (request, "2017-10-30");
  g_assert_cmpuint (clock->limit, ==, 40);
  assert_due (clock, "2017-11-29");
}

/* 2018 春节: 15-21 February off, Sunday 11 and Saturday 24 February worked. */
static void
test_clock_spring_festival (void)
{
  g_autoptr(GkRequest) request = request_received ("2018-02-09");
  g_autoptr(GkRequestClock) clock = clock_on (request, "2018-02-09");

  assert_due (clock, "2018-03-14");
  g_assert_cmpuint (clock->makeup_days->len, ==, 2);
}

static void
assert_refused (GkRequest   *request,
                GkEventKind  kind,
                const char  *on,
                guint        days,
                const char  *fragment)
{
  g_autoptr(GkRequestEvent) event = gk_request_event_new (kind, on);
  g_autoptr(GError) error = NULL;

  event->days = days;
  event->by = g_strdup ("王局长");
  event->outcome = kind == GK_EVENT_ANSWER ? GK_OUTCOME_DISCLOSED : GK_N_OUTCOMES;
  g_assert_false (gk_request_check_event (request, event, &error));
  g_assert_error (error, GK_REQUEST_ERROR, GK_REQUEST_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_refusals (void)
{
  g_autoptr(GkRequest) request = request_received ("2017-09-28");

  assert_refused (request, GK_EVENT_ANSWER, NULL, 0, "needs its date");
  assert_refused (request, GK_EVENT_ANSWER, "2017-9-30", 0, "is not a date");
  assert_refused (request, GK_EVENT_SUPPLEMENT_SENT, "2017-09-27", 0, "before request 2017-001 was received");
  assert_refused (request, GK_EVENT_EXTENSION, "2017-10-20", 21, "at most 20 working days");
  assert_refused (request, GK_EVENT_SUPPLEMENT_RECEIVED, "2017-10-20", 0, "has no 补正 notice");
  assert_refused (request, GK_EVENT_REVIEW, "2017-10-20", 0, "has no answer yet");

  add_event (request, GK_EVENT_EXTENSION, "2017-10-20");
  assert_refused (request, GK_EVENT_EXTENSION, "2017-10-21", 5, "allows one extension");

  add_event (request, GK_EVENT_ANSWER, "2017-10-30");
  assert_refused (request, GK_EVENT_SUPPLEMENT_SENT, "2017-10-31", 0, "cannot follow the answer");
  assert_refused (request, GK_EVENT_ANSWER, "2017-10-31", 0, "cannot follow the answer");
  assert_refused (request, GK_EVENT_REVIEW_DECIDED, "2017-11-30", 0, "no pending");
}

static void
test_vocabulary (void)
{
  GkApplicantType type;
  GkOutcome outcome;

  g_assert_true (gk_applicant_type_parse ("法律服务机构", &type));
  g_assert_cmpint (type, ==, GK_APPLICANT_LEGAL);
  g_assert_false (gk_applicant_type_parse ("企业", &type));

  g_assert_true (gk_outcome_parse ("属于国家秘密", &outcome));
  g_assert_cmpint (outcome, ==, GK_OUTCOME_WITHHELD_SECRET);
  g_assert_true (gk_outcome_parse ("无法提供/本机关不掌握相关政府信息", &outcome));
  g_assert_cmpint (outcome, ==, GK_OUTCOME_UNAVAILABLE_NOT_HELD);
  g_assert_true (gk_outcome_parse ("其他处理：其他", &outcome));
  g_assert_cmpint (outcome, ==, GK_OUTCOME_OTHER_OTHER);
  g_assert_false (gk_outcome_parse ("不予公开", &outcome));
}

static GkFinding *
only_finding (GkStore    *store,
              const char *as_of_text)
{
  g_autoptr(GkCalendar) calendar = gk_calendar_new_builtin ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  GDate as_of;

  g_assert_true (gk_check_parse_date (as_of_text, &as_of));
  findings = gk_request_list_findings (store, calendar, &as_of, &error);
  g_assert_no_error (error);
  if (findings->len == 0)
    return NULL;

  g_assert_cmpuint (findings->len, ==, 1);
  return g_ptr_array_steal_index (findings, 0);
}

/* Due within 5 working days is advice, overdue a deduction, answered nothing; one key throughout. */
static void
test_findings (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) context = gk_context_new (dir, &error);
  GkStore *store = gk_context_get_store (context);
  g_autoptr(GkRequest) request = request_received ("2017-09-28");
  g_autoptr(GkRequestEvent) answer = gk_request_event_new (GK_EVENT_ANSWER, "2017-11-03");
  GkFinding *finding;

  g_assert_no_error (error);
  g_assert_true (gk_store_add_request (store, request, &error));

  g_assert_null (only_finding (store, "2017-10-24"));

  finding = only_finding (store, "2017-10-25");
  g_assert_cmpint (finding->severity, ==, GK_SEVERITY_ADVICE);
  g_assert_cmpstr (finding->key, ==, "requests:2017-001");
  gk_finding_free (finding);

  finding = only_finding (store, "2017-11-02");
  g_assert_cmpint (finding->severity, ==, GK_SEVERITY_DEDUCTION);
  g_assert_cmpstr (finding->key, ==, "requests:2017-001");
  g_assert_nonnull (strstr (finding->explanation, "1 working day late"));
  gk_finding_free (finding);

  answer->outcome = GK_OUTCOME_DISCLOSED;
  g_assert_true (gk_store_add_request_event (store, "2017-001", answer, &error));
  g_assert_null (only_finding (store, "2017-11-06"));

  g_clear_object (&context);
  gk_test_remove_tree (dir);
}

/* The built-in receipt, the refusal before the answer exists, and the office's own template in the data folder. */
static void
test_notices (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *notices = g_build_filename (dir, "notices", NULL);
  g_autofree char *own = g_build_filename (notices, "answer.txt", NULL);
  g_autofree char *pdf = g_build_filename (dir, "answer.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "profile", "set", "--unit", "市财政局", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "request", "add", "--received", "2017-09-28",
                                    "--applicant-type", "自然人", "--content", "某项目环评报告", "--applicant", "张三", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "request", "notice", "2017-001", "receipt", "--as-of", "2017-09-29", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "政府信息公开申请登记回执\n张三："));
  g_assert_nonnull (strstr (out, "即2017-11-01前予以答复"));
  g_assert_nonnull (strstr (out, "市财政局\n2017-09-29"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "request", "notice", "2017-001", "answer", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "has no 答复 yet"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "request", "event", "2017-001", "answer", "--on", "2017-10-30",
                                    "--outcome", "不予公开/保护第三方合法权益", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (g_mkdir_with_parents (notices, 0700), ==, 0);
  g_assert_true (g_file_set_contents (own, "答复书\n{{ applicant }}：经审查，{{outcome}}。\n{{unit}} {{event_date}}\n", -1, NULL));
  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "request", "notice", "2017-001", "answer", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "答复书\n张三：经审查，不予公开：保护第三方合法权益。\n市财政局 2017-10-30\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "request", "notice", "2017-001", "answer",
                                    "--format", "pdf", "-o", pdf, NULL), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (own, "{{applicant_id}}\n", -1, NULL));
  g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, "request", "notice", "2017-001", "answer", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "{{applicant_id}}"));

  gk_test_remove_tree (dir);
}

static guint
count_report_reminders (GkStore    *store,
                        const char *as_of_text,
                        GkSeverity *severity)
{
  g_autoptr(GkCalendar) calendar = gk_calendar_new_builtin ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  GDate as_of;

  g_assert_true (gk_check_parse_date (as_of_text, &as_of));
  findings = gk_request_list_findings (store, calendar, &as_of, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->key, "requests:annual-report-2017"))
        n++, *severity = finding->severity;
    }

  return n;
}

/* From 15 days before 31 January (or the office's own day) until a PDF of the report is made. */
static void
test_report_reminder (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) context = gk_context_new (dir, &error);
  GkStore *store = gk_context_get_store (context);
  g_autoptr(GkAnnualReport) report = NULL;
  GkSeverity severity = GK_SEVERITY_VETO;

  g_assert_no_error (error);
  g_assert_cmpuint (count_report_reminders (store, "2018-01-15", &severity), ==, 0);
  g_assert_cmpuint (count_report_reminders (store, "2018-01-16", &severity), ==, 1);
  g_assert_cmpint (severity, ==, GK_SEVERITY_ADVICE);
  g_assert_cmpuint (count_report_reminders (store, "2018-02-01", &severity), ==, 1);
  g_assert_cmpint (severity, ==, GK_SEVERITY_DEDUCTION);

  g_assert_true (gk_store_set_setting (store, GK_REPORT_DEADLINE_KEY, "01-26", &error));
  g_assert_cmpuint (count_report_reminders (store, "2018-01-27", &severity), ==, 1);
  g_assert_cmpint (severity, ==, GK_SEVERITY_DEDUCTION);

  report = gk_annual_report_compute (store, 2017, &error);
  g_assert_no_error (error);
  g_assert_true (gk_annual_report_record_produced (store, report, "/tmp/2017.pdf", &error));
  g_assert_cmpuint (count_report_reminders (store, "2018-01-20", &severity), ==, 0);

  g_clear_object (&context);
  gk_test_remove_tree (dir);
}

/* The command line's contract: the number printed, TSV and JSON, exit 1 on a refusal, 2 on a usage error. */
static void
test_cli (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *object;

#define RUN(status, ...) \
  G_STMT_START { \
    g_clear_pointer (&out, g_free); \
    g_clear_pointer (&err, g_free); \
    g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, __VA_ARGS__, NULL), ==, status); \
  } G_STMT_END

  RUN (0, "request", "add", "--received", "2017-09-28", "--applicant-type", "商业企业", "--content", "某\t项目", "--channel", "信函");
  g_assert_cmpstr (out, ==, "2017-001\n");
  RUN (0, "request", "add", "--received", "2017-10-09", "--applicant-type", "自然人", "--content", "预算");
  g_assert_cmpstr (out, ==, "2017-002\n");

  RUN (2, "request", "add", "--received", "2017-10-09", "--applicant-type", "企业", "--content", "预算");
  g_assert_nonnull (strstr (err, "商业企业"));
  RUN (2, "request", "add", "--received", "2017-10-09", "--applicant-type", "自然人");
  RUN (1, "request", "add", "--received", "2017-13-01", "--applicant-type", "自然人", "--content", "预算");
  RUN (1, "request", "add", "--received", "2017-10-09", "--applicant-type", "自然人", "--content", "x", "--channel", "微信");
  RUN (2, "request", "event", "2017-001", "answer", "--on", "2017-10-20", "--outcome", "不予公开");
  RUN (2, "request", "event", "2017-001", "reply");
  RUN (1, "request", "event", "2017-009", "supplement-sent");
  g_assert_nonnull (strstr (err, "2017-009"));

  RUN (0, "request", "event", "2017-001", "answer", "--on", "2017-10-20", "--outcome", "部分公开");
  RUN (1, "request", "event", "2017-001", "supplement-sent", "--on", "2017-10-23");
  g_assert_nonnull (strstr (err, "cannot follow the answer"));

  RUN (0, "request", "list", "--as-of", "2017-10-25");
  g_assert_cmpstr (out, ==, "2017-001\t2017-09-28\t商业企业\tanswered\t2017-11-01\t\t某 项目\n"
                            "2017-002\t2017-10-09\t自然人\trunning\t2017-11-06\t8\t预算\n");
  RUN (0, "request", "list", "--open", "--as-of", "2017-10-25");
  g_assert_true (g_str_has_prefix (out, "2017-002\t"));

  RUN (0, "request", "show", "2017-002", "--format", "json", "--as-of", "2017-10-25");
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "due"), ==, "2017-11-06");
  g_assert_cmpint (json_object_get_int_member (object, "days_left"), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "running");

  RUN (2, "report", "annual");
  RUN (2, "report", "annual", "--year", "2017", "--format", "pdf");
  RUN (2, "report", "correct", "--year", "2017", "3.received.nobody", "1", "--reason", "x");
  RUN (1, "report", "correct", "--year", "2017", "3.received.natural", "1");
  RUN (0, "report", "correct", "--year", "2017", "3.received.natural", "2", "--reason", "纸质登记漏录");
  RUN (1, "report", "annual", "--year", "2017", "--format", "json");
  g_assert_nonnull (strstr (err, "自然人"));
#undef RUN

  gk_test_remove_tree (dir);
}

/* A request's file shares the blob folder with items: detaching the same file from an item keeps it. */
static void
test_attachments (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *file = g_build_filename (dir, "申请表.txt", NULL);
  g_autofree char *uuid = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *path = NULL;

#define RUN(status, ...) \
  G_STMT_START { \
    g_clear_pointer (&out, g_free); \
    g_clear_pointer (&err, g_free); \
    g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, __VA_ARGS__, NULL), ==, status); \
  } G_STMT_END

  g_assert_true (g_file_set_contents (file, "申请人：张三，身份证号见附件\n", -1, NULL));
  RUN (0, "profile", "set", "--unit", "市民政局");
  RUN (0, "request", "add", "--received", "2017-09-28", "--applicant-type", "自然人", "--content", "低保名单");
  RUN (0, "request", "attach", "2017-001", file);
  RUN (1, "request", "attach", "2017-002", file);
  RUN (0, "item", "add", "--column", "hms.shjz.cxdb", "--title", "名单", "--attach", file);
  uuid = g_strstrip (g_steal_pointer (&out));
  RUN (0, "item", "detach", uuid, "1");
  RUN (0, "store", "check");
  RUN (0, "request", "show", "2017-001");
  g_assert_nonnull (strstr (out, "申请表.txt"));
#undef RUN

  context = gk_context_new (dir, &error);
  g_assert_no_error (error);
  files = gk_store_list_request_attachments (gk_context_get_store (context), "2017-001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  path = gk_store_dup_attachment_path (gk_context_get_store (context), g_ptr_array_index (files, 0));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_clear_object (&context);
  gk_test_remove_tree (dir);
}

/* A catalog with a 年度报告 column (docs/requests.md): the report goes into it as a draft item with its PDF. */
static void
test_report_draft_item (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *pdf = g_build_filename (dir, "2017年报.pdf", NULL);
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *catalog = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *item;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"id\": \"gkzd.ndbg\", \"level1\": \"公开制度化\", \"level2\": \"政府信息公开年报\","
    " \"assignments\": [{\"unit\": \"市财政局\", \"description\": \"本部门上一年度政府信息公开工作年度报告\","
    " \"kind\": \"statistics\", \"cadence\": {\"every\": 1, \"unit\": \"year\"},"
    " \"cadence_source\": \"《中华人民共和国政府信息公开条例》第四十九条：每年1月31日前公布\"}]}", -1, NULL));
  json_array_add_element (json_object_get_array_member (json_node_get_object (root), "columns"),
                          json_node_copy (json_parser_get_root (parser)));
  json_object_set_string_member (json_node_get_object (root), "version", "2099.1");
  catalog = gk_test_write_catalog (dir, "with-report.json", root);

#define RUN(status, ...) \
  G_STMT_START { \
    g_clear_pointer (&out, g_free); \
    g_clear_pointer (&err, g_free); \
    g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, &err, __VA_ARGS__, NULL), ==, status); \
  } G_STMT_END

  RUN (0, "catalog", "import", catalog);
  RUN (0, "profile", "set", "--unit", "市财政局");
  RUN (0, "request", "add", "--received", "2017-03-01", "--applicant-type", "自然人", "--content", "预算", "--applicant", "张三");
  RUN (2, "report", "annual", "--year", "2017", "--draft-in", "gkzd.ndbg");
  RUN (1, "report", "annual", "--year", "2017", "--format", "pdf", "-o", pdf, "--draft-in", "wzz.yqyd.hygk");
  RUN (0, "report", "annual", "--year", "2017", "--format", "pdf", "-o", pdf, "--draft-in", "gkzd.ndbg");
  uuid = g_strstrip (g_steal_pointer (&out));
  g_assert_true (g_uuid_string_is_valid (uuid));

  RUN (0, "item", "show", uuid, "--format", "json");
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  item = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "市财政局2017年政府信息公开工作年度报告");
  g_assert_cmpstr (json_object_get_string_member (item, "column-id"), ==, "gkzd.ndbg");
  g_assert_null (strstr (out, "张三"));
  g_assert_nonnull (strstr (out, "2017年报.pdf"));
#undef RUN

  gk_test_remove_tree (dir);
}

/* ---- the sample year ---- */

typedef struct
{
  const char *received;
  const char *type;
  const char *outcome;       /* NULL: still open */
  const char *answered;
  const char *extra;         /* events after the answer or before it, "KIND@DATE[:RESULT]" separated by spaces */
} SampleRequest;

/* 2 requests carried over from 2016, 30 received in 2017; tallied by hand in the comments of docs/requests.md. */
static const SampleRequest sample_year[] = {
  { "2016-12-20", "自然人", "予以公开", "2017-01-10", NULL },
  { "2016-12-26", "商业企业", "部分公开", "2017-01-16", NULL },
  { "2017-01-05", "自然人", "予以公开", "2017-01-20", NULL },
  { "2017-01-12", "自然人", "本机关不掌握相关政府信息", "2017-02-10", NULL },
  { "2017-02-08", "商业企业", "予以公开", "2017-02-28", NULL },
  { "2017-02-20", "自然人", "部分公开", "2017-03-10", NULL },
  { "2017-03-01", "法律服务机构", "保护第三方合法权益", "2017-04-10", "consult-started@2017-03-10 consult-answered@2017-03-24" },
  { "2017-03-15", "自然人", "予以公开", "2017-04-01", NULL },
  { "2017-03-28", "科研机构", "予以公开", "2017-04-20", NULL },
  { "2017-04-10", "自然人", "补正后申请内容仍不明确", "2017-05-10", "supplement-sent@2017-04-12 supplement-received@2017-04-20" },
  { "2017-04-18", "自然人", "other-no-supplement", "2017-05-31", "supplement-sent@2017-04-20" },
  { "2017-05-02", "社会公益组织", "予以公开", "2017-05-20", NULL },
  { "2017-05-15", "自然人", "信访举报投诉类申请", "2017-06-05", NULL },
  { "2017-05-25", "其他", "重复申请", "2017-06-15", NULL },
  { "2017-06-06", "自然人", "予以公开", "2017-06-26", NULL },
  { "2017-06-20", "商业企业", "属于四类过程性信息", "2017-07-10", NULL },
  { "2017-07-03", "自然人", "没有现成信息需要另行制作", "2017-07-20", NULL },
  { "2017-07-17", "自然人", "予以公开", "2017-08-04", "review@2017-08-20 review-decided@2017-10-10:维持" },
  { "2017-08-01", "法律服务机构", "部分公开", "2017-08-25", "lawsuit@2017-09-05 lawsuit-decided@2017-12-01:纠正" },
  { "2017-08-14", "自然人", "属于三类内部事务信息", "2017-09-01", "review@2017-09-15" },
  { "2017-08-28", "商业企业", "予以公开", "2017-09-20", NULL },
  { "2017-09-11", "自然人", "予以公开", "2017-10-20", "extension@2017-10-09" },
  { "2017-09-25", "自然人", "要求提供公开出版物", "2017-10-25", NULL },
  { "2017-09-28", "自然人", "予以公开", "2017-10-31", NULL },
  { "2017-10-16", "科研机构", "予以公开", "2017-11-06", NULL },
  { "2017-10-30", "自然人", "本机关不掌握相关政府信息", "2017-11-20", NULL },
  { "2017-11-06", "自然人", "予以公开", "2017-11-27",
    "review@2017-12-10 review-decided@2017-12-28:纠正 lawsuit-after-review@2017-12-29" },
  { "2017-11-20", "商业企业", "其他处理/其他", "2017-12-11", NULL },
  { "2017-12-04", "自然人", "予以公开", "2017-12-20", NULL },
  { "2017-12-11", "自然人", NULL, NULL, NULL },
  { "2017-12-18", "社会公益组织", NULL, NULL, "consult-started@2017-12-22" },
  { "2017-12-27", "自然人", "予以公开", "2018-01-10", NULL },
};

static void
record (GkStore    *store,
        const char *number,
        const char *spec)
{
  g_auto(GStrv) parts = g_strsplit_set (spec, "@:", 3);
  g_autoptr(GkRequestEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  GkEventKind kind;
  gboolean after_review = g_str_equal (parts[0], "lawsuit-after-review");

  g_assert_true (gk_event_kind_parse (after_review ? "lawsuit" : parts[0], &kind));
  event = gk_request_event_new (kind, parts[1]);
  event->after_review = after_review;
  event->outcome = GK_N_OUTCOMES;
  if (kind == GK_EVENT_EXTENSION)
    event->days = 10, event->by = g_strdup ("王局长");
  if (parts[2] != NULL)
    g_assert_true (gk_case_result_parse (parts[2], &event->result));

  g_assert_true (gk_store_add_request_event (store, number, event, &error));
  g_assert_no_error (error);
}

static void
record_events (GkStore    *store,
               const char *number,
               const char *extra,
               gboolean    after_answer)
{
  g_auto(GStrv) specs = extra != NULL ? g_strsplit (extra, " ", -1) : g_new0 (char *, 1);

  for (guint i = 0; specs[i] != NULL; i++)
    {
      gboolean follows = g_str_has_prefix (specs[i], "review") || g_str_has_prefix (specs[i], "lawsuit");

      if (follows == after_answer)
        record (store, number, specs[i]);
    }
}

static void
fill_sample_year (GkStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (sample_year); i++)
    {
      const SampleRequest *s = &sample_year[i];
      g_autoptr(GkRequest) request = gk_request_new ();
      g_autoptr(GError) error = NULL;

      request->received_on = g_strdup (s->received);
      request->content = g_strdup_printf ("申请公开第%u项信息", i + 1);
      request->channel = g_strdup ("网络");
      request->applicant = g_strdup ("张三");
      g_assert_true (gk_applicant_type_parse (s->type, &request->applicant_type));
      g_assert_true (gk_store_add_request (store, request, &error));
      g_assert_no_error (error);

      record_events (store, request->number, s->extra, FALSE);
      if (s->outcome != NULL)
        {
          g_autoptr(GkRequestEvent) answer = gk_request_event_new (GK_EVENT_ANSWER, s->answered);

          g_assert_true (gk_outcome_parse (s->outcome, &answer->outcome));
          g_assert_true (gk_store_add_request_event (store, request->number, answer, &error));
          g_assert_no_error (error);
        }
      record_events (store, request->number, s->extra, TRUE);
    }

  g_assert_true (gk_store_set_report_correction (store, 2017, "2.licensing", 12, "许可决定在市政务服务中心网站公开，未经本系统", NULL));
  g_assert_true (gk_store_set_report_correction (store, 2017, "2.fees", 1.25, "财务科提供的收费台账", NULL));
  g_assert_true (gk_store_set_report_text (store, 2016, "overview", "2016年，我局认真贯彻落实《条例》。", NULL));
}

typedef struct
{
  char      *dir;
  GkContext *context;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  fill_sample_year (gk_context_get_store (fixture->context));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->context);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The counts tallied by hand, independent of the golden file: each column balances. */
static void
test_report_counts (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkAnnualReport) report = gk_annual_report_compute (gk_context_get_store (fixture->context), 2017, &error);
  const guint total = GK_N_APPLICANT_TYPES;

  g_assert_no_error (error);
  g_assert_cmpuint (report->received[total], ==, 30);
  g_assert_cmpuint (report->received[GK_APPLICANT_NATURAL], ==, 19);
  g_assert_cmpuint (report->carried_in[total], ==, 2);
  g_assert_cmpuint (report->handled[total], ==, 29);
  g_assert_cmpuint (report->handled[GK_APPLICANT_NATURAL], ==, 18);
  g_assert_cmpuint (report->carried_out[total], ==, 3);
  g_assert_cmpuint (report->outcomes[GK_OUTCOME_DISCLOSED][total], ==, 14);
  g_assert_cmpuint (report->outcomes[GK_OUTCOME_PARTLY][total], ==, 3);
  g_assert_cmpuint (report->cases[GK_CASE_REVIEW][0], ==, 1);
  g_assert_cmpuint (report->cases[GK_CASE_REVIEW][1], ==, 1);
  g_assert_cmpuint (report->cases[GK_CASE_REVIEW][3], ==, 1);
  g_assert_cmpuint (report->cases[GK_CASE_REVIEW][4], ==, 3);
  g_assert_cmpuint (report->cases[GK_CASE_LAWSUIT_DIRECT][1], ==, 1);
  g_assert_cmpuint (report->cases[GK_CASE_LAWSUIT_AFTER_REVIEW][3], ==, 1);
  g_assert_cmpfloat (report->active[GK_ACTIVE_FEES], ==, 1.25);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_true (report->text_from_last_year[GK_REPORT_SECTION_OVERVIEW]);
}

/* A correction that breaks the balance is kept, and the report says which column no longer adds up. */
static void
test_report_unbalanced_correction (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  GkStore *store = gk_context_get_store (fixture->context);
  g_autoptr(GkAnnualReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (gk_store_set_report_correction (store, 2017, "3.received.natural", 20, "  ", &error));
  g_assert_error (error, GK_REQUEST_ERROR, GK_REQUEST_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (gk_store_set_report_correction (store, 2017, "3.received.natural", 20, "一件纸质申请未登记", &error));
  report = gk_annual_report_compute (store, 2017, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->received[GK_N_APPLICANT_TYPES], ==, 31);
  g_assert_cmpuint (report->problems->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "自然人"));
}

/* Published items as the sync engine leaves them: kind, title, 文号, publish date. */
static void
publish_items (const char *dir)
{
  static const char * const rows[][4] = {
    { "policy", "关于加强财政资金管理的通知", "岳财规〔2017〕1号", "2017-03-01" },
    { "policy", "政府采购管理办法", "岳财规〔2017〕2号", "2017-06-01" },
    { "policy", "关于废止《行政事业单位资产管理办法》的决定", "岳财发〔2017〕9号", "2017-08-01" },
    { "policy", "行政事业单位资产管理办法", "岳财规〔2015〕3号", "2015-05-01" },
    { "policy", "市财政资金管理办法", "岳阳市人民政府令第3号", "2017-09-01" },
    { "policy", "2017年财政工作要点", "岳财发〔2017〕1号", "2017-02-01" },
    { "list", "行政处罚决定书（岳财罚〔2017〕1号）", NULL, "2017-04-01" },
    { "list", "行政许可决定（代理记账）", NULL, "2017-05-01" },
    { "list", "行政处罚决定书（岳财罚〔2018〕1号）", NULL, "2018-01-05" },
  };
  g_autofree char *path = gk_context_dup_store_path (dir);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sqlite3_stmt *stmt = NULL;
      g_autofree char *uuid = g_uuid_string_random ();

      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO items (uuid, unit, column_id, kind, state, title, doc_number, "
                                               "publish_on, created_at, updated_at) VALUES (?, '市财政局', 'cgg.cstzgg.czzj', ?, "
                                               "'published', ?, ?, ?, '2017-01-01T00:00:00Z', '2017-01-01T00:00:00Z')",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      for (int j = 0; j < 4; j++)
        sqlite3_bind_text (stmt, 2 + j, rows[i][j], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

/* Table 二 from the items: 规 numbers and 令 numbers, a 废止 decision, earlier documents still in force. */
static void
test_report_active (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) context = gk_context_new (dir, &error);
  g_autoptr(GkAnnualReport) report = NULL;

  g_assert_no_error (error);
  publish_items (dir);
  report = gk_annual_report_compute (gk_context_get_store (context), 2017, &error);
  g_assert_no_error (error);

  g_assert_cmpfloat (report->active[GK_ACTIVE_RULES_MADE], ==, 1);
  g_assert_cmpfloat (report->active[GK_ACTIVE_RULES_VALID], ==, 1);
  g_assert_cmpfloat (report->active[GK_ACTIVE_NORMATIVE_MADE], ==, 2);
  g_assert_cmpfloat (report->active[GK_ACTIVE_NORMATIVE_ABOLISHED], ==, 1);
  /* 2015's and 2017's two, less the one abolished. */
  g_assert_cmpfloat (report->active[GK_ACTIVE_NORMATIVE_VALID], ==, 2);
  g_assert_cmpfloat (report->active[GK_ACTIVE_PENALTY], ==, 1);
  g_assert_cmpfloat (report->active[GK_ACTIVE_LICENSING], ==, 1);
  g_assert_cmpfloat (report->active[GK_ACTIVE_ENFORCEMENT], ==, 0);

  g_clear_object (&context);
  gk_test_remove_tree (dir);
}

static char *
read_golden (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "requests", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
test_report_golden_csv (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *golden = read_golden ("annual-2017.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_clear_object (&fixture->context);
  g_assert_cmpint (gk_test_run_cli (fixture->dir, NULL, &out, &err, "report", "annual", "--year", "2017", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, golden);
}

static char *
find_program (const char *name)
{
  return g_find_program_in_path (name);
}

static void
test_report_pdf (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *pdftotext = find_program ("pdftotext");
  g_autofree char *pdf = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autofree char *txt = g_build_filename (fixture->dir, "report.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  g_clear_object (&fixture->context);
  g_assert_cmpint (gk_test_run_cli (fixture->dir, NULL, &out, &err, "report", "annual", "--year", "2017",
                                    "--format", "pdf", "-o", pdf, NULL), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, pdf, txt, NULL }, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "2017年政府信息公开工作年度报告"));
  g_assert_nonnull (strstr (text, "三、收到和处理政府信息公开申请情况"));
  g_assert_nonnull (strstr (text, "（七）总计"));
  g_assert_nonnull (strstr (text, "1.25"));
}

/* A real OOXML package: LibreOffice opens it and converts it to PDF with the tables' words in it. */
static void
test_report_docx (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *soffice = find_program ("soffice");
  g_autofree char *pdftotext = find_program ("pdftotext");
  g_autofree char *docx = g_build_filename (fixture->dir, "report.docx", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autofree char *txt = g_build_filename (fixture->dir, "report.txt", NULL);
  g_autofree char *profile = g_strdup_printf ("-env:UserInstallation=file://%s/lo-profile", fixture->dir);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_clear_object (&fixture->context);
  g_assert_cmpint (gk_test_run_cli (fixture->dir, NULL, &out, &err, "report", "annual", "--year", "2017",
                                    "--format", "docx", "-o", docx, NULL), ==, 0);
  g_assert_true (g_file_test (docx, G_FILE_TEST_IS_REGULAR));

  if (soffice == NULL || pdftotext == NULL)
    {
      g_test_skip ("LibreOffice (libreoffice-writer-nogui) or pdftotext is not installed: the DOCX was written but not opened");
      return;
    }

  g_assert_true (g_spawn_sync (fixture->dir,
                               (char *[]) { soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", fixture->dir, docx, NULL },
                               NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, pdf, txt, NULL }, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "政府信息公开工作年度报告"));
  g_assert_nonnull (strstr (text, "本年新收"));
  g_assert_nonnull (strstr (text, "行政诉讼"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/requests/clock/national-day", test_clock_national_day);
  g_test_add_func ("/requests/clock/due-soon-and-overdue", test_clock_due_soon_and_overdue);
  g_test_add_func ("/requests/clock/supplement-restarts", test_clock_supplement_restarts);
  g_test_add_func ("/requests/clock/supplement-late", test_clock_supplement_late);
  g_test_add_func ("/requests/clock/consult-before-restart", test_clock_consult_before_restart);
  g_test_add_func ("/requests/clock/third-party", test_clock_third_party);
  g_test_add_func ("/requests/clock/extension", test_clock_extension);
  g_test_add_func ("/requests/clock/spring-festival", test_clock_spring_festival);
  g_test_add_func ("/requests/refusals", test_refusals);
  g_test_add_func ("/requests/findings", test_findings);
  g_test_add_func ("/requests/notices", test_notices);
  g_test_add_func ("/requests/cli", test_cli);
  g_test_add_func ("/requests/attachments", test_attachments);
  g_test_add_func ("/requests/report/draft-item", test_report_draft_item);
  g_test_add_func ("/requests/report/active", test_report_active);
  g_test_add_func ("/requests/report/reminder", test_report_reminder);
  g_test_add_func ("/requests/vocabulary", test_vocabulary);
  g_test_add ("/requests/report/counts", Fixture, NULL, fixture_set_up, test_report_counts, fixture_tear_down);
  g_test_add ("/requests/report/unbalanced-correction", Fixture, NULL, fixture_set_up,
              test_report_unbalanced_correction, fixture_tear_down);
  g_test_add ("/requests/report/golden-csv", Fixture, NULL, fixture_set_up, test_report_golden_csv, fixture_tear_down);
  g_test_add ("/requests/report/pdf", Fixture, NULL, fixture_set_up, test_report_pdf, fixture_tear_down);
  g_test_add ("/requests/report/docx", Fixture, NULL, fixture_set_up, test_report_docx, fixture_tear_down);

  return g_test_run ();
}
