/* China's working-day calendar as data (data/calendar/cn-workdays.tsv). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GK_TYPE_CALENDAR (gk_calendar_get_type ())

G_DECLARE_FINAL_TYPE (GkCalendar, gk_calendar, GK, CALENDAR, GObject)

#define GK_CALENDAR_ERROR (gk_calendar_error_quark ())

typedef enum {
  GK_CALENDAR_ERROR_UNKNOWN_YEAR,
  GK_CALENDAR_ERROR_INVALID,
} GkCalendarError;

GQuark      gk_calendar_error_quark     (void);
GkCalendar *gk_calendar_get_default     (void);
GkCalendar *gk_calendar_new_from_bytes  (GBytes      *tsv,
                                         GError     **error);
GkCalendar *gk_calendar_new_builtin     (void);
GkCalendar *gk_calendar_load            (const char  *data_dir);
gboolean    gk_calendar_install         (const char  *data_dir,
                                         GBytes      *tsv,
                                         const char  *name,
                                         gboolean    *changed,
                                         GError     **error);
const char *gk_calendar_get_version     (GkCalendar  *self);
GBytes     *gk_calendar_get_bytes       (GkCalendar  *self);
GArray     *gk_calendar_dup_years       (GkCalendar  *self);
const char *gk_calendar_get_source      (GkCalendar  *self,
                                         guint        year);
gboolean    gk_calendar_parse_date      (const char  *text,
                                         GDate       *date);
gboolean    gk_calendar_is_workday      (GkCalendar  *self,
                                         const GDate *day,
                                         gboolean    *workday,
                                         GError     **error);
gboolean    gk_calendar_count_workdays  (GkCalendar  *self,
                                         const GDate *from,
                                         const GDate *to,
                                         guint       *count,
                                         GError     **error);
gboolean    gk_calendar_add_workdays    (GkCalendar  *self,
                                         const GDate *from,
                                         guint        n,
                                         GDate       *result,
                                         GError     **error);

G_END_DECLS
