/* What the self-check finds in the register of requests: answers due soon, overdue, 补正 sent late. */
#pragma once

#include "gk-calendar.h"
#include "gk-check.h"

G_BEGIN_DECLS

GPtrArray *gk_request_list_findings (GkStore     *store,
                                     GkCalendar  *calendar,
                                     const GDate *as_of,
                                     GError     **error);

G_END_DECLS
