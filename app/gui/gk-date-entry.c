/* A date field: typed as office documents write dates (gk-date.c), or picked from a calendar popover. */
#define G_LOG_DOMAIN "gk-date-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-date.h"
#include "gk-date-entry.h"

struct _GkDateEntry
{
  GtkEntry     parent_instance;

  GtkPopover  *popover;
  GtkCalendar *calendar;
  /* The calendar moved to another month in this turn of the main loop (its arrows, or the
   * entry's date): the day-selected that GTK emits with it is no choice. */
  guint        moving_source_id;
};

G_DEFINE_FINAL_TYPE (GkDateEntry, gk_date_entry, GTK_TYPE_ENTRY)

/* One click on a day chooses it, as in every date picker; the arrows only move the month. */
static void
on_calendar_day_selected_cb (GkDateEntry *self)
{
  guint year, month, day;
  g_autofree char *text = NULL;

  if (self->moving_source_id != 0)
    return;

  gtk_calendar_get_date (self->calendar, &year, &month, &day);
  text = g_strdup_printf ("%04u-%02u-%02u", year, month + 1, day);
  gtk_entry_set_text (GTK_ENTRY (self), text);
  gtk_popover_popdown (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static gboolean
on_moved_cb (gpointer user_data)
{
  GkDateEntry *self = user_data;

  self->moving_source_id = 0;

  return G_SOURCE_REMOVE;
}

static void
on_calendar_month_changed_cb (GkDateEntry *self)
{
  if (self->moving_source_id == 0)
    self->moving_source_id = g_idle_add (on_moved_cb, self);
}

static void
on_icon_press_cb (GkDateEntry          *self,
                  GtkEntryIconPosition  position)
{
  GDate date;

  if (gk_date_parse (gtk_entry_get_text (GTK_ENTRY (self)), &date, NULL))
    {
      gtk_calendar_select_month (self->calendar, g_date_get_month (&date) - 1, g_date_get_year (&date));
      on_calendar_month_changed_cb (self);
      gtk_calendar_select_day (self->calendar, g_date_get_day (&date));
    }

  gtk_popover_popup (self->popover);
}

static void
gk_date_entry_changed (GtkEditable *editable)
{
  GkDateEntry *self = (GkDateEntry *)editable;
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  const char *text = gtk_entry_get_text (GTK_ENTRY (self));
  g_autoptr(GError) error = NULL;
  GDate date;

  /* What is wrong, where the liaison looks: a red field and the reason in its tooltip. */
  if (*text == '\0' || gk_date_parse (text, &date, &error))
    gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
  else
    gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), error != NULL ? error->message : NULL);
}

static void
gk_date_entry_dispose (GObject *object)
{
  GkDateEntry *self = (GkDateEntry *)object;

  g_clear_handle_id (&self->moving_source_id, g_source_remove);

  G_OBJECT_CLASS (gk_date_entry_parent_class)->dispose (object);
}

static void
gk_date_entry_class_init (GkDateEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gk_date_entry_dispose;
}

static void
gk_date_entry_init (GkDateEntry *self)
{
  GtkEntry *entry = GTK_ENTRY (self);
  GtkWidget *box, *hint;

  gtk_entry_set_placeholder_text (entry, _("YYYY-MM-DD"));
  /* Wide enough for 2024年12月31日 in a CJK font, whose characters are two columns each. */
  gtk_entry_set_width_chars (entry, 16);
  gtk_entry_set_max_length (entry, 16);
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY, "x-office-calendar-symbolic");
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY, _("Pick a date"));
  gtk_entry_set_icon_activatable (entry, GTK_ENTRY_ICON_SECONDARY, TRUE);

  /* Small enough to build here rather than in a template: a calendar and one hint. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_object_set (box, "margin", 6, NULL);
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->calendar)), _("Calendar"));
  hint = gtk_label_new (_("Click a day to choose it."));
  gtk_style_context_add_class (gtk_widget_get_style_context (hint), GTK_STYLE_CLASS_DIM_LABEL);
  gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (self->calendar));
  gtk_container_add (GTK_CONTAINER (box), hint);
  gtk_widget_show_all (box);

  self->popover = GTK_POPOVER (gtk_popover_new (GTK_WIDGET (self)));
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_container_add (GTK_CONTAINER (self->popover), box);

  g_signal_connect_object (self->calendar, "month-changed", G_CALLBACK (on_calendar_month_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (on_calendar_day_selected_cb), self, G_CONNECT_SWAPPED);
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
  GDate date;

  g_return_val_if_fail (GK_IS_DATE_ENTRY (self), FALSE);

  text = gtk_entry_get_text (GTK_ENTRY (self));

  return *text == '\0' || gk_date_parse (text, &date, NULL);
}

/**
 * gk_date_entry_get_calendar:
 *
 * Returns: (transfer none): the calendar of the popover, where a click chooses a day
 */
GtkCalendar *
gk_date_entry_get_calendar (GkDateEntry *self)
{
  g_return_val_if_fail (GK_IS_DATE_ENTRY (self), NULL);

  return self->calendar;
}
