/* A date field: YYYY-MM-DD typed or picked from a calendar popover. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GK_TYPE_DATE_ENTRY (gk_date_entry_get_type ())

G_DECLARE_FINAL_TYPE (GkDateEntry, gk_date_entry, GK, DATE_ENTRY, GtkEntry)

GtkWidget *gk_date_entry_new      (void);
gboolean   gk_date_entry_is_valid (GkDateEntry *self);

GtkCalendar *gk_date_entry_get_calendar (GkDateEntry *self);

G_END_DECLS
