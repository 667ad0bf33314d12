/* The main window's sidebar: the badges and the self-check's dots, kept current, and the day's reminders. */
#define G_LOG_DOMAIN "gk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-column.h"
#include "gk-column-row.h"
#include "gk-window-private.h"

/* The sidebar's state dots follow item changes once typing pauses, not on every autosave. */
#define STATES_DELAY_MS 1500

/* The warning window of the dots and the start-up notification, as on the self-check page. */
#define STATES_WARN_DAYS 14

/* The sidebar's badges, recounted in one query for the whole unit. */
void
_gk_window_update_counts (GkWindow *self)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;

  g_clear_handle_id (&self->counts_source_id, g_source_remove);

  if (self->unit == NULL)
    return;

  if ((counts = gk_context_count_items (self->context, self->unit, &error)) == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      GkColumn *column = gk_column_row_get_column (GK_COLUMN_ROW (row));

      gk_column_row_set_counts (GK_COLUMN_ROW (row), g_hash_table_lookup (counts, gk_column_get_id (column)));
    }
}

static void
on_bus_names_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkWindow *self = g_task_get_source_object (task);
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  g_autofree const char **names = NULL;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (reply == NULL || application == NULL)
    return;

  g_variant_get (reply, "(^a&s)", &names);
  if (!g_strv_contains (names, "org.freedesktop.Notifications") && !g_strv_contains (names, "org.gtk.Notifications"))
    return;

  g_application_send_notification (G_APPLICATION (application), g_object_get_data (G_OBJECT (task), "gk-id"),
                                   g_task_get_task_data (task));
  g_settings_set_string (self->settings, "check-notified-on", g_object_get_data (G_OBJECT (task), "gk-today"));
}

/*
 * Sent only where a notification server runs: without one GLib warns at every
 * start, and the day is not marked so the reminder comes once one runs.
 */
static void
send_when_shown (GkWindow      *self,
                 const char    *id,
                 GNotification *notification,
                 const char    *today)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  GTask *task;

  if (bus == NULL)
    return;

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (notification), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "gk-today", g_strdup (today), g_free);
  g_object_set_data_full (G_OBJECT (task), "gk-id", g_strdup (id), g_free);
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames",
                          NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          on_bus_names_cb, task);
}

/*
 * The self-check as of today colours the sidebar's dots; after the first frame
 * of the day it also tells the liaison, once, which columns need updating.
 */
static const GkColumnStatus *
lookup_status (GkWindow   *self,
               const char *column_id)
{
  for (guint i = 0; self->check_result != NULL && column_id != NULL && i < self->check_result->columns->len; i++)
    {
      const GkColumnStatus *status = g_ptr_array_index (self->check_result->columns, i);

      if (g_str_equal (status->column_id, column_id))
        return status;
    }

  return NULL;
}

void
_gk_window_show_page_status (GkWindow *self)
{
  GkColumn *column = gk_column_page_get_column (self->column_page);

  gk_column_page_set_status (self->column_page, lookup_status (self, column != NULL ? gk_column_get_id (column) : NULL));
}

/* Today's check in sight: the sidebar's dots, the page's due date, and once a day the reminders. */
static void
show_states (GkWindow      *self,
             GkCheckResult *result,
             gboolean       notify)
{
  g_autoptr(GHashTable) states = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *notified_on = g_settings_get_string (self->settings, "check-notified-on");
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GNotification) requests_notification = NULL;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GtkListBoxRow *row;

  for (guint i = 0; i < result->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (result->columns, i);

      g_hash_table_insert (states, status->column_id, status);
    }

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      GkColumn *column = gk_column_row_get_column (GK_COLUMN_ROW (row));
      GkColumnStatus *status = g_hash_table_lookup (states, gk_column_get_id (column));

      if (status != NULL)
        gk_column_row_set_status (GK_COLUMN_ROW (row), status);
    }

  g_clear_pointer (&self->check_result, gk_check_result_free);
  self->check_result = result;
  _gk_window_show_page_status (self);

  /* Without an application (the GTK-level tests) there is nobody to send it. */
  if (notify && application != NULL && g_strcmp0 (notified_on, today) != 0
      && (notification = gk_check_page_create_notification (self->check_result)) != NULL)
    send_when_shown (self, "self-check", notification, today);
  if (notify && application != NULL && g_strcmp0 (notified_on, today) != 0
      && (requests_notification = gk_request_page_create_notification (self->check_result)) != NULL)
    send_when_shown (self, "requests", requests_notification, today);
}

/* A check's answer, from a worker or not: shown, or said in the log. */
static void
take_states (GkWindow      *self,
             GkCheckResult *check,
             const GError  *error)
{
  gboolean notify = self->states_notify;

  g_clear_object (&self->states_cancellable);
  self->states_notify = FALSE;
  if (check == NULL)
    g_warning ("%s", error->message);
  else
    show_states (self, check, notify);
}

static void
on_states_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GkCheckResult *check = gk_check_run_finish (GK_CONTEXT (source), result, &error);

  /* Cancelled by a newer run, or by closing the window. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    take_states (self, check, error);
}

/*
 * Today's check, in a worker: over a large store it takes seconds, which the
 * window must not freeze for. The window's first starts after the first frame
 * (see on_frame_clock_after_paint_cb()); its dots and the page's due date then
 * change the layout under whatever the liaison is doing, which the lists keep
 * their focus through (gk-item-list.c). A newer run replaces one still going
 * and keeps its wish to notify.
 */
void
_gk_window_update_states (GkWindow *self,
                          gboolean  notify)
{
  g_autoptr(GDate) date = g_date_new ();

  g_clear_handle_id (&self->states_source_id, g_source_remove);

  if (self->unit == NULL || self->columns == NULL || g_list_model_get_n_items (self->columns) == 0)
    return;

  g_cancellable_cancel (self->states_cancellable);
  g_clear_object (&self->states_cancellable);
  self->states_notify |= notify;
  g_date_set_time_t (date, time (NULL));

  self->states_cancellable = g_cancellable_new ();
  gk_check_run_async (self->context, date, STATES_WARN_DAYS, self->states_cancellable,
                      on_states_checked_cb, g_object_ref (self));
}

static gboolean
on_states_timeout_cb (gpointer user_data)
{
  GkWindow *self = user_data;

  self->states_source_id = 0;
  _gk_window_update_states (self, FALSE);
  if (self->check_page != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->check_page)))
    gk_check_page_refresh (self->check_page);

  return G_SOURCE_REMOVE;
}

static gboolean
on_counts_idle_cb (gpointer user_data)
{
  _gk_window_update_counts (user_data);

  return G_SOURCE_REMOVE;
}

/* The badges count items by state: an item added, removed or moved along changes them, an autosave does not. */
static void
queue_counts (GkWindow *self)
{
  if (self->counts_source_id == 0)
    self->counts_source_id = g_idle_add (on_counts_idle_cb, self);
}

static void
queue_states (GkWindow *self)
{
  if (self->states_source_id == 0)
    self->states_source_id = g_timeout_add (STATES_DELAY_MS, on_states_timeout_cb, self);
}

static void
on_context_item_cb (GkWindow *self)
{
  queue_counts (self);
  queue_states (self);
}

/* The badges follow items added, removed and moved along; the dots any change, once typing pauses. */
void
_gk_window_watch_items (GkWindow *self)
{
  g_signal_connect_object (self->context, "item-added",
                           G_CALLBACK (on_context_item_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "item-changed::state",
                           G_CALLBACK (queue_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "item-changed",
                           G_CALLBACK (queue_states), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "item-removed",
                           G_CALLBACK (on_context_item_cb), self, G_CONNECT_SWAPPED);
}
