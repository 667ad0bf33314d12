/* The bin (回收站): removed items with the date they were removed, to restore or delete for good. */
#define G_LOG_DOMAIN "gk-bin-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-bin-window.h"
#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-context.h"
#include "gk-item.h"
#include "gk-item-row.h"

struct _GkBinWindow
{
  GtkApplicationWindow  parent_instance;

  GkContext            *context;
  guint                 refresh_source_id;

  GtkWidget            *restore_button;
  GtkWidget            *purge_button;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkListBox           *list;
};

G_DEFINE_FINAL_TYPE (GkBinWindow, gk_bin_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_problem (GkBinWindow  *self,
              const GError *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : NULL);
  gtk_info_bar_set_revealed (self->error_bar, error != NULL);
}

/* The removal time as the liaison reads a clock: local, to the minute. */
static char *
dup_local_time (const char *utc)
{
  g_autoptr(GDateTime) parsed = utc != NULL ? g_date_time_new_from_iso8601 (utc, NULL) : NULL;
  g_autoptr(GDateTime) local = parsed != NULL ? g_date_time_to_local (parsed) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (utc);
}

static GtkWidget *
create_row (GkBinWindow   *self,
            GkRemovedItem *removed)
{
  GkColumn *column = gk_catalog_lookup_column (gk_context_get_catalog (self->context),
                                               gk_item_get_column_id (removed->item));
  g_autofree char *when = dup_local_time (removed->removed_at);
  g_autofree char *place = NULL;

  /* Translators: where a removed item was, and when it was removed: 城乡低保 · 移除于 2026-12-06 09:30 */
  place = g_strdup_printf (_("%s · removed %s"),
                           column != NULL ? gk_column_get_title (column) : gk_item_get_column_id (removed->item),
                           when);

  return gk_item_row_new (removed->item, place);
}

static GkItemRow *
get_selected_row (GkBinWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  return row != NULL ? GK_ITEM_ROW (row) : NULL;
}

static void
update_buttons (GkBinWindow *self)
{
  gboolean selected = get_selected_row (self) != NULL;

  gtk_widget_set_sensitive (self->restore_button, selected);
  gtk_widget_set_sensitive (self->purge_button, selected);
}

void
gk_bin_window_refresh (GkBinWindow *self)
{
  g_autoptr(GList) rows = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unit = NULL;

  g_return_if_fail (GK_IS_BIN_WINDOW (self));

  g_clear_handle_id (&self->refresh_source_id, g_source_remove);

  rows = gtk_container_get_children (GTK_CONTAINER (self->list));
  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  if ((unit = gk_context_dup_unit (self->context, &error)) == NULL
      || (removed = gk_context_list_removed (self->context, unit, &error)) == NULL)
    {
      show_problem (self, error);
      update_buttons (self);
      return;
    }

  for (guint i = 0; i < removed->len; i++)
    gtk_container_add (GTK_CONTAINER (self->list), create_row (self, g_ptr_array_index (removed, i)));

  update_buttons (self);
}

static gboolean
on_refresh_idle_cb (gpointer user_data)
{
  GkBinWindow *self = user_data;

  self->refresh_source_id = 0;
  gk_bin_window_refresh (self);

  return G_SOURCE_REMOVE;
}

/* Removals and restores elsewhere (the main window, Undo) show here at once. */
static void
queue_refresh (GkBinWindow *self)
{
  if (self->refresh_source_id == 0)
    self->refresh_source_id = g_idle_add (on_refresh_idle_cb, self);
}

static void
on_list_row_selected_cb (GkBinWindow *self)
{
  update_buttons (self);
}

static void
on_restore_button_clicked_cb (GkBinWindow *self)
{
  GkItemRow *row = get_selected_row (self);
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return;

  if (!gk_context_restore_item (self->context, gk_item_row_get_uuid (row), &error))
    show_problem (self, error);
}

static void
on_purge_response_cb (GtkDialog *dialog,
                      int        response,
                      gpointer   user_data)
{
  g_autoptr(GkBinWindow) self = user_data;
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "uuid");
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && !gk_context_purge_item (self->context, uuid, &error))
    show_problem (self, error);

  gtk_widget_destroy (GTK_WIDGET (dialog));
  /* The keyboard back on the bin, where Escape closes it; a window manager would do it, not every X session has one. */
  gtk_window_present (GTK_WINDOW (self));
  if (response == GTK_RESPONSE_ACCEPT)
    gk_bin_window_refresh (self);
}

/* For good is for good: asked once, naming the item. */
static void
on_purge_button_clicked_cb (GkBinWindow *self)
{
  GkItemRow *row = get_selected_row (self);
  g_autofree char *title = NULL;
  GtkWidget *dialog;
  GtkWidget *button;

  if (row == NULL)
    return;

  title = gk_item_row_dup_display_title (gk_item_row_get_item (row));
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("Delete “%s” permanently?"), title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("It cannot be brought back, and neither can its attachments."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Delete Permanently"), GTK_RESPONSE_ACCEPT);
  gtk_style_context_add_class (gtk_widget_get_style_context (button), GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "uuid", g_strdup (gk_item_row_get_uuid (row)), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_purge_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gk_bin_window_constructed (GObject *object)
{
  GkBinWindow *self = (GkBinWindow *)object;

  G_OBJECT_CLASS (gk_bin_window_parent_class)->constructed (object);

  g_assert (GK_IS_CONTEXT (self->context));

  g_signal_connect_object (self->context, "item-added", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "item-removed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);

  gk_bin_window_refresh (self);
}

static void
gk_bin_window_dispose (GObject *object)
{
  GkBinWindow *self = (GkBinWindow *)object;

  g_clear_handle_id (&self->refresh_source_id, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_bin_window_parent_class)->dispose (object);
}

static void
gk_bin_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GkBinWindow *self = GK_BIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_bin_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GkBinWindow *self = GK_BIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_bin_window_class_init (GkBinWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_bin_window_constructed;
  object_class->dispose = gk_bin_window_dispose;
  object_class->get_property = gk_bin_window_get_property;
  object_class->set_property = gk_bin_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-bin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GkBinWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, GkBinWindow, purge_button);
  gtk_widget_class_bind_template_child (widget_class, GkBinWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, GkBinWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, GkBinWindow, list);
  gtk_widget_class_bind_template_callback (widget_class, on_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_purge_button_clicked_cb);
}

static void
gk_bin_window_init (GkBinWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GkBinWindow *
gk_bin_window_new (GtkApplication *application,
                   GkContext      *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  return g_object_new (GK_TYPE_BIN_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}
