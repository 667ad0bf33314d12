/*
 * The legal clock of a request (政府信息公开条例 2019, 第三十条 to 第三十三条,
 * docs/requests.md): 20 working days from receipt, restarted from the day the
 * completed request arrives after a 补正, extended once by at most 20, and
 * not running while a third party is consulted. Counted on the official
 * calendar with its holidays and 调休 days, and explained step by step so a
 * liaison can show an inspector where a due date comes from.
 */
#define G_LOG_DOMAIN "gk-request"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-check.h"
#include "gk-core-enums.h"
#include "gk-enum.h"
#include "gk-request-clock.h"

void
gk_request_clock_free (GkRequestClock *clock)
{
  if (clock == NULL)
    return;

  g_ptr_array_unref (clock->steps);
  g_ptr_array_unref (clock->holidays);
  g_ptr_array_unref (clock->makeup_days);
  g_free (clock);
}

const char *
gk_clock_state_to_string (GkClockState state)
{
  return gk_enum_to_nick (GK_TYPE_CLOCK_STATE, state);
}

const char *
gk_clock_state_get_label (GkClockState state)
{
  switch (state)
    {
    case GK_CLOCK_RUNNING:             return _("In progress");
    case GK_CLOCK_DUE_SOON:            return _("Due soon");
    case GK_CLOCK_OVERDUE:             return _("Overdue");
    case GK_CLOCK_AWAITING_SUPPLEMENT: return _("Waiting for the completed request");
    case GK_CLOCK_PAUSED:              return _("Waiting for the third party");
    case GK_CLOCK_ANSWERED:            return _("Answered");
    case GK_CLOCK_ANSWERED_LATE:       return _("Answered late");
    default:                           g_return_val_if_reached (NULL);
    }
}

gboolean
gk_clock_state_is_open (GkClockState state)
{
  return state != GK_CLOCK_ANSWERED && state != GK_CLOCK_ANSWERED_LATE;
}

char *
gk_date_to_iso (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static void
add_step (GkRequestClock *clock,
          const char     *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_step (GkRequestClock *clock,
          const char     *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (clock->steps, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
set_date (GDate      *date,
          const char *text)
{
  gk_check_parse_date (text, date);
}

/* Waiting for the applicant: 第三十条 says the clock starts again from the completed request. */
static gboolean
find_start (GkRequestClock  *clock,
            const GkRequest *request,
            GkCalendar      *calendar,
            GError         **error)
{
  const GkRequestEvent *sent = gk_request_find_event (request, GK_EVENT_SUPPLEMENT_SENT);
  const GkRequestEvent *received = gk_request_find_event (request, GK_EVENT_SUPPLEMENT_RECEIVED);
  GDate received_on;
  g_autofree char *deadline = NULL;

  set_date (&received_on, request->received_on);
  clock->start = received_on;
  add_step (clock, _("Received on %s: the 20 working days start the next working day."), request->received_on);

  if (!gk_calendar_add_workdays (calendar, &received_on, GK_REQUEST_SUPPLEMENT_DAYS, &clock->supplement_deadline, error))
    return FALSE;
  deadline = gk_date_to_iso (&clock->supplement_deadline);

  if (sent == NULL)
    return TRUE;

  clock->supplement_late = g_strcmp0 (sent->on, deadline) > 0;
  if (clock->supplement_late)
    add_step (clock, _("补正 notice sent on %s, later than the 7 working days allowed (by %s)."), sent->on, deadline);
  else
    add_step (clock, _("补正 notice sent on %s, within the 7 working days allowed (by %s)."), sent->on, deadline);

  if (received == NULL)
    {
      clock->state = GK_CLOCK_AWAITING_SUPPLEMENT;
      add_step (clock, _("The clock stands until the completed request arrives."));
      return TRUE;
    }

  set_date (&clock->start, received->on);
  add_step (clock, _("Completed request received on %s: the clock starts again from that day."), received->on);
  return TRUE;
}

/* 第三十二条: the time a third party takes is not counted; an open consultation pauses until @until. */
static gboolean
count_pauses (GkRequestClock  *clock,
              const GkRequest *request,
              GkCalendar      *calendar,
              const GDate     *until,
              GError         **error)
{
  const GkRequestEvent *started = NULL;

  for (guint i = 0; i < request->events->len; i++)
    {
      const GkRequestEvent *event = g_ptr_array_index (request->events, i);
      GDate from, to;
      guint days;

      if (event->kind == GK_EVENT_CONSULT_STARTED)
        started = event;
      if (event->kind != GK_EVENT_CONSULT_ANSWERED || started == NULL)
        continue;

      set_date (&from, started->on);
      set_date (&to, event->on);
      /* Only the part after the clock's start stops it: before a 补正 came back, it was not running. */
      if (g_date_compare (&from, &clock->start) < 0)
        from = clock->start;
      days = 0;
      if (g_date_compare (&to, &from) > 0 && !gk_calendar_count_workdays (calendar, &from, &to, &days, error))
        return FALSE;
      clock->paused_days += days;
      add_step (clock, ngettext ("Third party consulted from %s to %s: %u working day not counted.",
                                 "Third party consulted from %s to %s: %u working days not counted.", days),
                started->on, event->on, days);
      started = NULL;
    }

  if (started != NULL)
    {
      g_autofree char *deadline = NULL;
      GDate from;
      guint days = 0;

      set_date (&from, started->on);
      if (!gk_calendar_add_workdays (calendar, &from, GK_REQUEST_CONSULT_DAYS, &clock->consult_deadline, error))
        return FALSE;
      if (g_date_compare (&from, &clock->start) < 0)
        from = clock->start;
      if (g_date_compare (until, &from) > 0 && !gk_calendar_count_workdays (calendar, &from, until, &days, error))
        return FALSE;
      clock->paused_days += days;
      clock->state = GK_CLOCK_PAUSED;
      deadline = gk_date_to_iso (&clock->consult_deadline);
      add_step (clock, _("Third party consulted since %s (their answer is due by %s): the clock stands meanwhile."),
                started->on, deadline);
    }

  return TRUE;
}

/* Weekdays that are holidays and weekend days that are working days (调休), between start and due. */
static gboolean
list_special_days (GkRequestClock *clock,
                   GkCalendar     *calendar,
                   GError        **error)
{
  GDate day = clock->start;

  for (g_date_add_days (&day, 1); g_date_compare (&day, &clock->due) <= 0; g_date_add_days (&day, 1))
    {
      GDateWeekday weekday = g_date_get_weekday (&day);
      gboolean weekend = weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;
      gboolean workday;

      if (!gk_calendar_is_workday (calendar, &day, &workday, error))
        return FALSE;
      if (!weekend && !workday)
        g_ptr_array_add (clock->holidays, gk_date_to_iso (&day));
      else if (weekend && workday)
        g_ptr_array_add (clock->makeup_days, gk_date_to_iso (&day));
    }

  return TRUE;
}

static char *
join_days (GPtrArray *days)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < days->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "、" : "", (const char *) g_ptr_array_index (days, i));

  return g_string_free (joined, FALSE);
}

static gboolean
find_due (GkRequestClock  *clock,
          const GkRequest *request,
          GkCalendar      *calendar,
          GError         **error)
{
  const GkRequestEvent *extension = gk_request_find_event (request, GK_EVENT_EXTENSION);
  g_autofree char *start = gk_date_to_iso (&clock->start);
  g_autofree char *due = NULL;

  clock->limit = GK_REQUEST_DAYS;
  if (extension != NULL)
    {
      clock->limit += extension->days;
      add_step (clock, ngettext ("Extended on %s by %u working day, approved by %s.",
                                 "Extended on %s by %u working days, approved by %s.", extension->days),
                extension->on, extension->days, extension->by != NULL ? extension->by : "—");
    }

  if (!gk_calendar_add_workdays (calendar, &clock->start, clock->limit + clock->paused_days, &clock->due, error) ||
      !list_special_days (clock, calendar, error))
    return FALSE;

  due = gk_date_to_iso (&clock->due);
  add_step (clock, _("Due on %s: %u + %u working days after %s."), due, clock->limit, clock->paused_days, start);
  if (clock->holidays->len > 0)
    {
      g_autofree char *days = join_days (clock->holidays);

      add_step (clock, _("Holidays not counted: %s."), days);
    }
  if (clock->makeup_days->len > 0)
    {
      g_autofree char *days = join_days (clock->makeup_days);

      add_step (clock, _("Weekend days counted as working days (调休): %s."), days);
    }

  return TRUE;
}

static gboolean
find_days_left (GkRequestClock *clock,
                GkCalendar     *calendar,
                const GDate    *today,
                GError        **error)
{
  guint days = 0;

  if (g_date_compare (today, &clock->due) <= 0)
    {
      if (!gk_calendar_count_workdays (calendar, today, &clock->due, &days, error))
        return FALSE;
      clock->days_left = (int) days;
    }
  else
    {
      if (!gk_calendar_count_workdays (calendar, &clock->due, today, &days, error))
        return FALSE;
      clock->days_left = -(int) days;
    }

  if (clock->state != GK_CLOCK_RUNNING)
    return TRUE;

  if (clock->days_left < 0)
    clock->state = GK_CLOCK_OVERDUE;
  else if (clock->days_left <= GK_REQUEST_DUE_SOON_DAYS)
    clock->state = GK_CLOCK_DUE_SOON;

  return TRUE;
}

/**
 * gk_request_clock_compute:
 * @today: the day "days left" counts from
 *
 * Returns: (transfer full) (nullable): the clock, or %NULL with the
 *   calendar's error when a year the clock crosses is not in the calendar
 */
GkRequestClock *
gk_request_clock_compute (const GkRequest *request,
                          GkCalendar      *calendar,
                          const GDate     *today,
                          GError         **error)
{
  g_autoptr(GkRequestClock) clock = g_new0 (GkRequestClock, 1);
  const GkRequestEvent *answer;
  g_autofree char *due = NULL;
  GDate until;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (GK_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  clock->steps = g_ptr_array_new_with_free_func (g_free);
  clock->holidays = g_ptr_array_new_with_free_func (g_free);
  clock->makeup_days = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&clock->due, 1);
  g_date_clear (&clock->consult_deadline, 1);
  clock->state = GK_CLOCK_RUNNING;

  if (!find_start (clock, request, calendar, error))
    return NULL;

  answer = gk_request_find_event (request, GK_EVENT_ANSWER);
  if (clock->state == GK_CLOCK_AWAITING_SUPPLEMENT)
    {
      if (answer != NULL)
        clock->state = GK_CLOCK_ANSWERED;
      return g_steal_pointer (&clock);
    }

  until = *today;
  if (answer != NULL)
    set_date (&until, answer->on);

  if (!count_pauses (clock, request, calendar, &until, error) ||
      !find_due (clock, request, calendar, error))
    return NULL;

  if (answer != NULL)
    {
      due = gk_date_to_iso (&clock->due);
      clock->state = g_strcmp0 (answer->on, due) > 0 ? GK_CLOCK_ANSWERED_LATE : GK_CLOCK_ANSWERED;
      add_step (clock, _("Answered on %s (%s)."), answer->on, gk_outcome_get_name (answer->outcome));
      return g_steal_pointer (&clock);
    }

  if (!find_days_left (clock, calendar, today, error))
    return NULL;

  return g_steal_pointer (&clock);
}
