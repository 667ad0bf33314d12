/* What the self-check finds in the register of requests: answers due soon, overdue, 补正 sent late. */
#pragma once

#include "gk-calendar.h"
#include "gk-check.h"

G_BEGIN_DECLS

/* The end of the key of a finding about a late 补正 notice, not about the answer's deadline. */
#define GK_REQUEST_FINDING_SUPPLEMENT "supplement"

/* The store's settings of the annual report's reminder (条例 第四十九条: by 31 January). */
#define GK_REPORT_DEADLINE_KEY "annual-report-deadline"
#define GK_REPORT_DEADLINE_DEFAULT "01-31"
#define GK_REPORT_WARN_DAYS_KEY "annual-report-warn-days"
#define GK_REPORT_WARN_DAYS_DEFAULT 15
#define GK_REPORT_DONE_KEY_PREFIX "annual-report-done:"

gboolean   gk_report_deadline_parse  (const char  *text,
                                      GDateMonth  *month,
                                      GDateDay    *day);
GPtrArray *gk_request_list_findings (GkStore     *store,
                                     GkCalendar  *calendar,
                                     const GDate *as_of,
                                     GError     **error);

G_END_DECLS
