/* A date field: YYYY-MM-DD typed or picked from a calendar popover. */
#define G_LOG_DOMAIN "gk-date-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-date-entry.h"

struct _GkDateEntry
{
  GtkEntry     parent_instance;

  GtkPopover  *popover;
  GtkCalendar *calendar;
};

G_DEFINE_FINAL_TYPE (GkDateEntry, gk_date_entry, GTK_TYPE_ENTRY)

/* The store's own rule: empty, or a real calendar day written YYYY-MM-DD. */
static gboolean
parse_date (const char *text,
            guint      *year,
            guint      *month,
            guint      *day)
{
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  *year = (guint) g_ascii_strtoull (text, NULL, 10);
  *month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  *day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year);
}

static void
on_calendar_day_selected_double_click_cb (GkDateEntry *self)
{
  guint year, month, day;
  g_autofree char *text = NULL;

  gtk_calendar_get_date (self->calendar, &year, &month, &day);
  text = g_strdup_printf ("%04u-%02u-%02u", year, month + 1, day);
  gtk_entry_set_text (GTK_ENTRY (self), text);
  gtk_popover_popdown (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_icon_press_cb (GkDateEntry          *self,
                  GtkEntryIconPosition  position)
{
  guint year, month, day;

  if (parse_date (gtk_entry_get_text (GTK_ENTRY (self)), &year, &month, &day))
    {
      gtk_calendar_select_month (self->calendar, month - 1, year);
      gtk_calendar_select_day (self->calendar, day);
    }

  gtk_popover_popup (self->popover);
}

static void
gk_date_entry_changed (GtkEditable *editable)
{
  GkDateEntry *self = (GkDateEntry *)editable;
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (gk_date_entry_is_valid (self))
    gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
  else
    gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
}

static void
gk_date_entry_class_init (GkDateEntryClass *klass)
{
}

static void
gk_date_entry_init (GkDateEntry *self)
{
  GtkEntry *entry = GTK_ENTRY (self);
  GtkWidget *box, *hint;

  gtk_entry_set_placeholder_text (entry, _("YYYY-MM-DD"));
  gtk_entry_set_width_chars (entry, 13);
  gtk_entry_set_max_length (entry, 10);
  gtk_entry_set_input_purpose (entry, GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY, "x-office-calendar-symbolic");
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY, _("Pick a date"));
  gtk_entry_set_icon_activatable (entry, GTK_ENTRY_ICON_SECONDARY, TRUE);

  /* Small enough to build here rather than in a template: a calendar and one hint. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_object_set (box, "margin", 6, NULL);
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->calendar)), _("Calendar"));
  hint = gtk_label_new (_("Double-click a day to choose it."));
  gtk_style_context_add_class (gtk_widget_get_style_context (hint), GTK_STYLE_CLASS_DIM_LABEL);
  gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (self->calendar));
  gtk_container_add (GTK_CONTAINER (box), hint);
  gtk_widget_show_all (box);

  self->popover = GTK_POPOVER (gtk_popover_new (GTK_WIDGET (self)));
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_container_add (GTK_CONTAINER (self->popover), box);

  /* A single click only moves around the month; choosing a day is a double click or Enter. */
  g_signal_connect_object (self->calendar, "day-selected-double-click",
                           G_CALLBACK (on_calendar_day_selected_double_click_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "icon-press", G_CALLBACK (on_icon_press_cb), NULL);
  g_signal_connect (self, "changed", G_CALLBACK (gk_date_entry_changed), NULL);
}

GtkWidget *
gk_date_entry_new (void)
{
  return g_object_new (GK_TYPE_DATE_ENTRY, NULL);
}

/* Whether the text is empty or a real date, i.e. something the store accepts. */
gboolean
gk_date_entry_is_valid (GkDateEntry *self)
{
  const char *text;
  guint year, month, day;

  g_return_val_if_fail (GK_IS_DATE_ENTRY (self), FALSE);

  text = gtk_entry_get_text (GTK_ENTRY (self));

  return *text == '\0' || parse_date (text, &year, &month, &day);
}
