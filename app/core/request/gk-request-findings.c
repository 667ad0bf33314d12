/*
 * The register's part of the self-check: an open request due within 5
 * working days is advice (answer or extend it now), an overdue one a
 * deduction (条例 第三十三条; late answers lose lawsuits and inspection
 * points), a 补正 sent after the 7 working days advice. And the annual
 * report's reminder: advice from a few days before its deadline (31 January
 * unless the office set another), a deduction once it is past, until a PDF or
 * DOCX of it was produced. Computed before the pure rules run and handed to
 * them in the snapshot.
 */
#define G_LOG_DOMAIN "gk-request"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "gk-request-clock.h"
#include "gk-request-findings.h"
#include "gk-store.h"
#include "gk-store-requests.h"

/* @aspect: NULL for the answer's deadline, whose one key the rectification log follows from due soon
 * to overdue to answered; else what else is wrong with the request. */
static void
add_finding (GPtrArray       *findings,
             GkSeverity       severity,
             const GkRequest *request,
             const char      *aspect,
             char            *explanation,
             const char      *action)
{
  GkFinding *finding = g_new0 (GkFinding, 1);

  finding->key = g_strdup_printf ("%s:%s%s%s", gk_rule_to_string (GK_RULE_REQUESTS), request->number,
                                  aspect != NULL ? ":" : "", aspect != NULL ? aspect : "");
  finding->rule = GK_RULE_REQUESTS;
  finding->severity = severity;
  finding->title = g_strdup_printf (_("Request %s"), request->number);
  finding->explanation = explanation;
  finding->action = g_strdup (action);
  g_ptr_array_add (findings, finding);
}

static void
assess (GPtrArray            *findings,
        const GkRequest      *request,
        const GkRequestClock *clock)
{
  g_autofree char *due = gk_date_to_iso (&clock->due);
  g_autofree char *deadline = gk_date_to_iso (&clock->supplement_deadline);

  if (clock->state == GK_CLOCK_OVERDUE)
    add_finding (findings, GK_SEVERITY_DEDUCTION, request, NULL,
                 g_strdup_printf (ngettext ("Request %s, received on %s, was due on %s and is %d working day late.",
                                            "Request %s, received on %s, was due on %s and is %d working days late.",
                                            -clock->days_left),
                                  request->number, request->received_on, due, -clock->days_left),
                 _("Answer it now and record the answer; say in the answer why it is late."));
  else if (clock->state == GK_CLOCK_DUE_SOON)
    add_finding (findings, GK_SEVERITY_ADVICE, request, NULL,
                 g_strdup_printf (ngettext ("Request %s is due on %s, in %d working day.",
                                            "Request %s is due on %s, in %d working days.", clock->days_left),
                                  request->number, due, clock->days_left),
                 _("Answer it, or have the head approve one extension of at most 20 working days."));
  else if (clock->supplement_late && gk_clock_state_is_open (clock->state))
    add_finding (findings, GK_SEVERITY_ADVICE, request, GK_REQUEST_FINDING_SUPPLEMENT,
                 g_strdup_printf (_("The 补正 notice of request %s was sent after %s, later than 7 working days after receipt."),
                                  request->number, deadline),
                 _("Keep the reason with the request; the applicant may contest the delay."));
}

/* MM-DD, a day every year has. */
gboolean
gk_report_deadline_parse (const char *text,
                          GDateMonth *month,
                          GDateDay   *day)
{
  guint m, d;
  char end;

  if (text == NULL || sscanf (text, "%2u-%2u%c", &m, &d, &end) != 2 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, 2001))
    return FALSE;

  *month = (GDateMonth) m;
  *day = (GDateDay) d;
  return TRUE;
}

static void
add_report_reminder (GPtrArray   *findings,
                     GkStore     *store,
                     const GDate *as_of)
{
  g_autofree char *deadline_text = gk_store_dup_setting (store, GK_REPORT_DEADLINE_KEY);
  g_autofree char *warn_text = gk_store_dup_setting (store, GK_REPORT_WARN_DAYS_KEY);
  int year = g_date_get_year (as_of) - 1;
  g_autofree char *done_key = g_strdup_printf (GK_REPORT_DONE_KEY_PREFIX "%d", year);
  g_autofree char *done = gk_store_dup_setting (store, done_key);
  g_autofree char *due_text = NULL;
  GDateMonth month = G_DATE_JANUARY;
  GDateDay day = 31;
  int warn_days = warn_text != NULL ? atoi (warn_text) : GK_REPORT_WARN_DAYS_DEFAULT;
  int days_left;
  GkFinding *finding;
  GDate due;

  if (done != NULL)
    return;

  gk_report_deadline_parse (deadline_text != NULL ? deadline_text : GK_REPORT_DEADLINE_DEFAULT, &month, &day);
  g_date_clear (&due, 1);
  g_date_set_dmy (&due, day, month, (GDateYear) (year + 1));
  days_left = g_date_days_between (as_of, &due);
  /* After a month nobody is reminded any more: the report went out some other way. */
  if (days_left > warn_days || days_left < -28)
    return;

  due_text = gk_date_to_iso (&due);
  finding = g_new0 (GkFinding, 1);
  finding->key = g_strdup_printf ("%s:annual-report-%d", gk_rule_to_string (GK_RULE_REQUESTS), year);
  finding->rule = GK_RULE_REQUESTS;
  finding->severity = days_left < 0 ? GK_SEVERITY_DEDUCTION : GK_SEVERITY_ADVICE;
  finding->title = g_strdup_printf (_("Annual report %d"), year);
  finding->explanation = days_left < 0
                         ? g_strdup_printf (_("The annual report on %d was due on %s and has not been produced here."), year, due_text)
                         : g_strdup_printf (ngettext ("The annual report on %d is due on %s, in %d day.",
                                                      "The annual report on %d is due on %s, in %d days.", days_left),
                                            year, due_text, days_left);
  finding->action = g_strdup_printf (_("Produce it with “gongkai report annual --year %d --format pdf” or on the page 依申请公开."), year);
  g_ptr_array_add (findings, finding);
}

/**
 * gk_request_list_findings:
 * @as_of: the inspection date
 *
 * Returns: (transfer full) (element-type GkFinding) (nullable): the findings
 */
GPtrArray *
gk_request_list_findings (GkStore     *store,
                          GkCalendar  *calendar,
                          const GDate *as_of,
                          GError     **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_finding_free);
  g_autofree char *until = gk_date_to_iso (as_of);
  g_autoptr(GPtrArray) requests = gk_store_list_requests (store, until, error);

  if (requests == NULL)
    return NULL;

  for (guint i = 0; i < requests->len; i++)
    {
      const GkRequest *request = g_ptr_array_index (requests, i);
      g_autoptr(GError) clock_error = NULL;
      g_autoptr(GkRequestClock) clock = NULL;

      if (!gk_request_is_open_on (request, until))
        continue;

      clock = gk_request_clock_compute (request, calendar, as_of, &clock_error);
      if (clock == NULL)
        add_finding (findings, GK_SEVERITY_ADVICE, request, NULL,
                     g_strdup_printf (_("The due date of request %s cannot be computed: %s"), request->number, clock_error->message),
                     _("Install a newer working-day calendar with “gongkai calendar import”."));
      else
        assess (findings, request, clock);
    }

  add_report_reminder (findings, store, as_of);

  return g_steal_pointer (&findings);
}
