/* The legal clock of a request for disclosure, on the working-day calendar. */
#pragma once

#include "gk-calendar.h"
#include "gk-request.h"

G_BEGIN_DECLS

/* 条例 (2019) 第三十三条: 20 working days, once extended by at most 20 more. */
#define GK_REQUEST_DAYS 20
/* 第三十条: the 补正 notice within 7 working days of receipt. */
#define GK_REQUEST_SUPPLEMENT_DAYS 7
/* 第三十二条: the third party has 15 working days to give its opinion. */
#define GK_REQUEST_CONSULT_DAYS 15
/* Due within this many working days: a reminder and a self-check finding. */
#define GK_REQUEST_DUE_SOON_DAYS 5

typedef enum {
  GK_CLOCK_RUNNING,
  GK_CLOCK_DUE_SOON,
  GK_CLOCK_OVERDUE,
  GK_CLOCK_AWAITING_SUPPLEMENT,
  GK_CLOCK_PAUSED,
  GK_CLOCK_ANSWERED,
  GK_CLOCK_ANSWERED_LATE,
} GkClockState;

typedef struct
{
  GkClockState state;
  GDate        start;                /* received, or the completed request's arrival */
  GDate        due;                  /* invalid while the applicant is to complete the request */
  guint        limit;                /* 20, plus an extension */
  guint        paused_days;          /* working days spent waiting for a third party */
  int          days_left;            /* working days from today to the due date, negative once overdue */
  GDate        supplement_deadline;  /* received + 7 working days */
  gboolean     supplement_late;
  GDate        consult_deadline;     /* while a third party is consulted: their 15 working days */
  GPtrArray   *steps;                /* char *: how the due date was computed, for people */
  GPtrArray   *holidays;             /* char *: weekdays not counted between start and due, YYYY-MM-DD */
  GPtrArray   *makeup_days;          /* char *: weekend days counted (调休), YYYY-MM-DD */
} GkRequestClock;

GkRequestClock *gk_request_clock_compute   (const GkRequest *request,
                                            GkCalendar      *calendar,
                                            const GDate     *today,
                                            GError         **error);
void            gk_request_clock_free      (GkRequestClock  *clock);
const char     *gk_clock_state_to_string   (GkClockState     state);
const char     *gk_clock_state_get_label   (GkClockState     state);
gboolean        gk_clock_state_is_open     (GkClockState     state);
char           *gk_date_to_iso             (const GDate     *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkRequestClock, gk_request_clock_free)

G_END_DECLS
