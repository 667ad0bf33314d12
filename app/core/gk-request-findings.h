/* What the self-check finds in the register of requests: answers due soon, overdue, 补正 sent late. */
#pragma once

#include "gk-calendar.h"
#include "gk-check.h"

G_BEGIN_DECLS

/* The end of the key of a finding about a late 补正 notice, not about the answer's deadline. */
#define GK_REQUEST_FINDING_SUPPLEMENT "supplement"

GPtrArray *gk_request_list_findings (GkStore     *store,
                                     GkCalendar  *calendar,
                                     const GDate *as_of,
                                     GError     **error);

G_END_DECLS
