/* The main window: the unit's columns on the left, what the selected one asks on the right. */
#define G_LOG_DOMAIN "gk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-column-row.h"
#include "gk-item.h"
#include "gk-profile.h"
#include "gk-sync-indicator.h"
#include "gk-window-private.h"

/* How long the "moved to the bin" notification offers Undo. */
#define NOTIFICATION_SECONDS 8

G_DEFINE_FINAL_TYPE (GkWindow, gk_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SYNC,
  PROP_UNIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Returns: (transfer full) (nullable) */
static GkColumn *
dup_row_column (GkWindow      *self,
                GtkListBoxRow *row)
{
  if (row == NULL || self->columns == NULL)
    return NULL;

  return g_list_model_get_item (self->columns, (guint) gtk_list_box_row_get_index (row));
}

static GtkWidget *
create_column_row (gpointer item,
                   gpointer user_data)
{
  return gk_column_row_new (item);
}

static GtkWidget *
create_header_label (const char *text,
                     const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), style_class);
  if (g_str_equal (style_class, "gk-sidebar-level2"))
    gtk_style_context_add_class (gtk_widget_get_style_context (label), GTK_STYLE_CLASS_DIM_LABEL);

  return label;
}

/* Headers repeat the task table's grouping: 一级 when it changes, then 二级 when it changes. */
static void
update_sidebar_header (GtkListBoxRow *row,
                       GtkListBoxRow *before,
                       gpointer       user_data)
{
  GkWindow *self = user_data;
  g_autoptr(GkColumn) column = dup_row_column (self, row);
  g_autoptr(GkColumn) previous = dup_row_column (self, before);
  gboolean new_level1, new_level2;
  GtkWidget *header;

  if (column == NULL)
    return;

  new_level1 = previous == NULL
               || g_strcmp0 (gk_column_get_level1 (column), gk_column_get_level1 (previous)) != 0;
  new_level2 = gk_column_get_level3 (column) != NULL
               && (new_level1 || g_strcmp0 (gk_column_get_level2 (column), gk_column_get_level2 (previous)) != 0);

  if (!new_level1 && !new_level2)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  if (new_level1)
    {
      if (previous != NULL)
        gtk_container_add (GTK_CONTAINER (header), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_container_add (GTK_CONTAINER (header),
                         create_header_label (gk_column_get_level1 (column), "gk-sidebar-level1"));
    }
  if (new_level2)
    gtk_container_add (GTK_CONTAINER (header),
                       create_header_label (gk_column_get_level2 (column), "gk-sidebar-level2"));

  gtk_widget_show_all (header);
  gtk_list_box_row_set_header (row, header);
}

static void
select_column (GkWindow   *self,
               const char *id)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->sidebar, 0);
  GtkListBoxRow *row;

  for (int i = 0; id != NULL && (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      g_autoptr(GkColumn) column = dup_row_column (self, row);

      if (g_str_equal (gk_column_get_id (column), id))
        {
          gtk_list_box_select_row (self->sidebar, row);
          return;
        }
    }

  if (first != NULL)
    gtk_list_box_select_row (self->sidebar, first);
}

/* Built when first shown, as the self-check page is. */
static GkRequestPage *
ensure_request_page (GkWindow *self)
{
  if (self->request_page != NULL)
    return self->request_page;

  self->request_page = GK_REQUEST_PAGE (gk_request_page_new ());
  gk_request_page_set_context (self->request_page, self->context);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->request_page), "requests");

  return self->request_page;
}

static void on_check_page_column_activated_cb (GkWindow *self, const char *column_id);
static void on_check_page_item_activated_cb (GkWindow *self, const char *uuid);

/* Built when first shown: most sessions never open it, and its template costs the first frame. */
static GkCheckPage *
ensure_check_page (GkWindow *self)
{
  if (self->check_page != NULL)
    return self->check_page;

  self->check_page = GK_CHECK_PAGE (gk_check_page_new ());
  gk_check_page_set_context (self->check_page, self->context);
  g_signal_connect_object (self->check_page, "column-activated",
                           G_CALLBACK (on_check_page_column_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->check_page, "item-activated",
                           G_CALLBACK (on_check_page_item_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->check_page), "check");

  return self->check_page;
}

void
_gk_window_hide_notification (GkWindow *self)
{
  g_clear_handle_id (&self->notification_source_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->notification_revealer, FALSE);
}

static gboolean
on_notification_timeout_cb (gpointer user_data)
{
  GkWindow *self = user_data;

  self->notification_source_id = 0;
  _gk_window_hide_notification (self);

  return G_SOURCE_REMOVE;
}

/* An in-app notification, as GNOME applications show them; with Undo after a removal. */
void
_gk_window_show_notification (GkWindow   *self,
                              const char *message,
                              gboolean    offer_undo)
{
  _gk_window_hide_notification (self);

  gtk_label_set_text (self->notification_label, message);
  gtk_widget_set_visible (self->undo_button, offer_undo);
  gtk_revealer_set_reveal_child (self->notification_revealer, TRUE);
  self->notification_source_id = g_timeout_add_seconds (NOTIFICATION_SECONDS, on_notification_timeout_cb, self);
}

void
_gk_window_show_error (GkWindow     *self,
                       const GError *error)
{
  _gk_window_show_notification (self, error->message, FALSE);
}

/* Built on first use: the editor is the largest template, and start-up shows a column. */
static GkItemEditor *
ensure_editor (GkWindow *self)
{
  if (self->editor != NULL)
    return self->editor;

  self->editor = GK_ITEM_EDITOR (gk_item_editor_new (self->context));
  gtk_widget_show (GTK_WIDGET (self->editor));
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->editor), "editor");

  return self->editor;
}

/* Whatever the editor holds goes into the store now, if an item was ever opened. */
void
_gk_window_save_editor (GkWindow *self)
{
  if (self->editor != NULL)
    gk_item_editor_save (self->editor);
}

const char *
_gk_window_get_editor_uuid (GkWindow *self)
{
  return self->editor != NULL ? gk_item_editor_get_uuid (self->editor) : NULL;
}

/* Back to the column's list; the editor saves what it holds first. */
/*
 * A new item left without a word in it is no draft: it goes for good, so the
 * column does not fill with (无标题) drafts nobody meant to keep. Called once
 * the editor holds another item or none, so nothing saves into the removed one.
 */
static void
discard_untouched (GkWindow *self)
{
  g_autofree char *uuid = g_steal_pointer (&self->new_uuid);

  if (uuid == NULL || g_strcmp0 (uuid, _gk_window_get_editor_uuid (self)) == 0)
    {
      self->new_uuid = g_steal_pointer (&uuid);
      return;
    }

  gk_context_discard_blank_item (self->context, uuid);
}

void
_gk_window_close_item (GkWindow *self)
{
  if (self->editor != NULL)
    gk_item_editor_set_uuid (self->editor, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "column");
  discard_untouched (self);
}

void
_gk_window_open_item (GkWindow   *self,
                      const char *uuid)
{
  if (gk_item_editor_set_uuid (ensure_editor (self), uuid))
    gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->editor));
  discard_untouched (self);
}

/*
 * Everything on screen follows the stored profile and the catalog in use, so
 * this runs at construction and again whenever either changes.
 */
static void
rebuild (GkWindow *self)
{
  GkCatalog *catalog = gk_context_get_catalog (self->context);
  g_autoptr(GkProfile) profile = gk_context_dup_profile (self->context);
  const char *unit = gk_profile_get_unit (profile);
  GkColumn *shown = gk_column_page_get_column (self->column_page);
  g_autofree char *shown_id = shown != NULL ? g_strdup (gk_column_get_id (shown)) : NULL;
  g_autofree char *empty = NULL;

  if (g_strcmp0 (self->unit, unit) != 0)
    {
      g_free (self->unit);
      self->unit = g_strdup (unit);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
    }

  /* Unbound first: the header function must never see old rows with the new model. */
  gtk_list_box_bind_model (self->sidebar, NULL, NULL, NULL, NULL);
  g_clear_object (&self->columns);
  if (unit != NULL)
    self->columns = gk_catalog_dup_columns_for_unit (catalog, unit);

  _gk_window_close_item (self);
  gk_column_page_set_column (self->column_page, NULL, unit);
  gtk_list_box_bind_model (self->sidebar, self->columns, create_column_row, self, NULL);
  _gk_window_update_counts (self);
  /* The dots wait for the first frame (the after-paint handler runs the check then): a
   * self-check over a large store must not keep the window from appearing. */
  if (self->first_frame_seen)
    _gk_window_update_states (self, FALSE);

  if (unit == NULL)
    empty = g_strdup (_("Choose your unit to see the columns it is responsible for."));
  else if (!gk_catalog_has_unit (catalog, unit))
    empty = g_strdup_printf (_("Your unit “%s” is not in the catalog %s. Choose your unit again."),
                             unit, gk_catalog_get_version (catalog));
  else if (g_list_model_get_n_items (self->columns) == 0)
    empty = g_strdup_printf (_("The catalog %s gives your unit “%s” no columns."),
                             gk_catalog_get_version (catalog), unit);

  if (empty != NULL)
    {
      gtk_label_set_text (self->empty_label, empty);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "columns");
  select_column (self, shown_id);
}

static void
restore_window_state (GkWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GdkMonitor *monitor = gdk_display_get_primary_monitor (display);

  self->width = g_settings_get_int (self->settings, "window-width");
  self->height = g_settings_get_int (self->settings, "window-height");
  self->maximized = g_settings_get_boolean (self->settings, "window-maximized");

  if (monitor == NULL && gdk_display_get_n_monitors (display) > 0)
    monitor = gdk_display_get_monitor (display, 0);

  /*
   * A size saved on a larger screen (or the default on a 1024×600 netbook) must
   * not push the window off the screen: it is cut to fit and the window maximized.
   */
  if (monitor != NULL)
    {
      GdkRectangle workarea;

      gdk_monitor_get_workarea (monitor, &workarea);
      if (self->width > workarea.width || self->height > workarea.height)
        {
          self->width = MIN (self->width, workarea.width);
          self->height = MIN (self->height, workarea.height);
          self->maximized = TRUE;
        }
    }

  gtk_window_set_default_size (GTK_WINDOW (self), self->width, self->height);
  if (self->maximized)
    gtk_window_maximize (GTK_WINDOW (self));
}

/*
 * GTK 3 does not update GtkWindow:default-width on a user resize, so the size
 * cannot be a g_settings_bind(); it is tracked here and written once when the window goes away.
 */
static void
save_window_state (GkWindow *self)
{
  g_settings_set_int (self->settings, "window-width", self->width);
  g_settings_set_int (self->settings, "window-height", self->height);
  g_settings_set_boolean (self->settings, "window-maximized", self->maximized);
}

static void
on_profile_changed_cb (GkWindow *self)
{
  rebuild (self);
}

static void
on_catalog_changed_cb (GkWindow *self)
{
  rebuild (self);
}

static void
on_sidebar_row_selected_cb (GkWindow      *self,
                            GtkListBoxRow *row)
{
  g_autoptr(GkColumn) column = dup_row_column (self, row);

  _gk_window_close_item (self);
  gk_column_page_set_column (self->column_page, column, self->unit);
  _gk_window_show_page_status (self);
}

static void
on_column_page_item_activated_cb (GkWindow   *self,
                                  const char *uuid)
{
  _gk_window_open_item (self, uuid);
}

/* A finding points at its column: selected in the sidebar, its page shown. */
static void
on_check_page_column_activated_cb (GkWindow   *self,
                                   const char *column_id)
{
  select_column (self, column_id);
  _gk_window_close_item (self);
}

static void
on_check_page_item_activated_cb (GkWindow   *self,
                                 const char *uuid)
{
  gk_window_show_item (self, uuid);
}

static void
on_notification_close_clicked_cb (GkWindow *self)
{
  _gk_window_hide_notification (self);
}

static void
gk_window_size_allocate (GtkWidget     *widget,
                         GtkAllocation *allocation)
{
  GkWindow *self = (GkWindow *)widget;

  GTK_WIDGET_CLASS (gk_window_parent_class)->size_allocate (widget, allocation);

  if (!self->maximized)
    gtk_window_get_size (GTK_WINDOW (self), &self->width, &self->height);
}

static gboolean
gk_window_window_state_event (GtkWidget           *widget,
                              GdkEventWindowState *event)
{
  GkWindow *self = (GkWindow *)widget;

  self->maximized = (event->new_window_state & GDK_WINDOW_STATE_MAXIMIZED) != 0;

  return GTK_WIDGET_CLASS (gk_window_parent_class)->window_state_event (widget, event);
}

/*
 * Escape leaves the editor for the column, when nothing inside the editor
 * (a popover, the search entry) used the key first: a handler on the stack,
 * not an accelerator, which would come before them.
 */
static gboolean
on_content_stack_key_press_event_cb (GkWindow    *self,
                                     GdkEventKey *event)
{
  if (event->keyval != GDK_KEY_Escape || (event->state & gtk_accelerator_get_default_mod_mask ()) != 0
      || self->editor == NULL || gtk_stack_get_visible_child (self->content_stack) != GTK_WIDGET (self->editor))
    return GDK_EVENT_PROPAGATE;

  _gk_window_close_item (self);

  return GDK_EVENT_STOP;
}

static void
on_maintained_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gk_context_maintain_finish (GK_CONTEXT (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s", error->message);
}

/* The first painted frame of the main window (where the start-up benchmark stops it, app/gui/main.c). */
static void
on_frame_clock_after_paint_cb (GkWindow *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  self->first_frame_seen = TRUE;

  /* The icon goes to the window manager, not into the window: loading it at realize
   * was a thirtieth of the instructions before the first frame. The other windows
   * take it as the default. */
  gtk_window_set_default_icon_name (APP_ID);
  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);

  /* The daily backup and clean-up, on its own connection, once the window is on screen. */
  gk_context_maintain_async (self->context, self->cancellable, on_maintained_cb, NULL);
  _gk_window_update_states (self, TRUE);
}

static void
gk_window_map (GtkWidget *widget)
{
  GkWindow *self = (GkWindow *)widget;

  GTK_WIDGET_CLASS (gk_window_parent_class)->map (widget);

  if (!self->first_frame_seen && self->frame_clock == NULL)
    {
      self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
      self->after_paint_id = g_signal_connect_object (self->frame_clock, "after-paint",
                                                      G_CALLBACK (on_frame_clock_after_paint_cb),
                                                      self, G_CONNECT_SWAPPED);
    }
}

static void
gk_window_constructed (GObject *object)
{
  GkWindow *self = (GkWindow *)object;

  G_OBJECT_CLASS (gk_window_parent_class)->constructed (object);

  g_assert (GK_IS_CONTEXT (self->context));

  restore_window_state (self);
  g_settings_bind (self->settings, "sidebar-width", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self, "unit", self->header_bar, "subtitle", G_BINDING_SYNC_CREATE);

  gk_column_page_set_context (self->column_page, self->context);

  /* Without a portal link (the GTK-level tests) there is no portal to show. */
  if (self->sync != NULL)
    {
      GtkWidget *indicator = gk_sync_indicator_new (self->sync);

      gtk_header_bar_pack_end (self->header_bar, indicator);
    }

  _gk_window_watch_items (self);

  g_signal_connect_object (self->context, "profile-changed",
                           G_CALLBACK (on_profile_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::catalog",
                           G_CALLBACK (on_catalog_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild (self);
}

static void
gk_window_dispose (GObject *object)
{
  GkWindow *self = (GkWindow *)object;

  if (self->settings != NULL)
    save_window_state (self);
  if (self->context != NULL && self->editor != NULL)
    {
      gk_item_editor_set_uuid (self->editor, NULL);
      discard_untouched (self);
    }

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->states_cancellable);
  g_clear_object (&self->states_cancellable);
  g_clear_handle_id (&self->counts_source_id, g_source_remove);
  g_clear_handle_id (&self->states_source_id, g_source_remove);
  g_clear_handle_id (&self->notification_source_id, g_source_remove);
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  g_clear_object (&self->columns);
  g_clear_pointer (&self->check_result, gk_check_result_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->sync);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_window_parent_class)->dispose (object);
}

static void
gk_window_finalize (GObject *object)
{
  GkWindow *self = (GkWindow *)object;

  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->removed_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->new_uuid, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gk_window_parent_class)->finalize (object);
}

static void
gk_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GkWindow *self = GK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GkWindow *self = GK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_window_class_init (GkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_window_constructed;
  object_class->dispose = gk_window_dispose;
  object_class->finalize = gk_window_finalize;
  object_class->get_property = gk_window_get_property;
  object_class->set_property = gk_window_set_property;

  widget_class->map = gk_window_map;
  widget_class->size_allocate = gk_window_size_allocate;
  widget_class->window_state_event = gk_window_window_state_event;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, GK_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The page is named in the template, so its type must exist before the template is parsed. */
  g_type_ensure (GK_TYPE_COLUMN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GkWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, legend_grid);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, column_page);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, empty_label);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, search_list);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, notification_revealer);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, notification_label);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, undo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_page_item_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_notification_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_content_stack_key_press_event_cb);

  _gk_window_class_search_init (widget_class);
}

/* What the sidebar's icons mean, two to a line: the same icon and colour as beside each column. */
static void
fill_legend (GkWindow *self)
{
  for (GkColumnState state = GK_COLUMN_OK; state <= GK_COLUMN_BLANK; state++)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (gk_check_page_get_state_icon (state), GTK_ICON_SIZE_MENU);
      GtkWidget *label = gtk_label_new (gk_column_state_get_label (state));
      GtkStyleContext *style = gtk_widget_get_style_context (image);

      gtk_style_context_add_class (style, "gk-state-icon");
      gtk_style_context_add_class (style, gk_check_page_get_state_class (state));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_style_context_add_class (gtk_widget_get_style_context (label), GTK_STYLE_CLASS_DIM_LABEL);
      gtk_grid_attach (self->legend_grid, image, (int) (state % 2) * 2, (int) (state / 2), 1, 1);
      gtk_grid_attach (self->legend_grid, label, (int) (state % 2) * 2 + 1, (int) (state / 2), 1, 1);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_show (image);
      gtk_widget_show (label);
    }
}

static void
gk_window_init (GkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->removed_uuids = g_ptr_array_new_with_free_func (g_free);
  _gk_window_actions_init (self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));
  gtk_list_box_set_header_func (self->sidebar, update_sidebar_header, self, NULL);
  fill_legend (self);
}

/**
 * gk_window_new:
 * @sync: (nullable): the link to the portal, shown in the header bar
 */
GkWindow *
gk_window_new (GtkApplication *application,
               GkContext      *context,
               GkSync         *sync)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (sync == NULL || GK_IS_SYNC (sync), NULL);

  return g_object_new (GK_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       "sync", sync,
                       NULL);
}

/* Opens @uuid in the editor, in its column (from a notification, or the outbox). */
void
gk_window_show_item (GkWindow   *self,
                     const char *uuid)
{
  g_autoptr(GkItem) item = NULL;

  g_return_if_fail (GK_IS_WINDOW (self));
  g_return_if_fail (uuid != NULL);

  if ((item = gk_context_dup_item (self->context, uuid, NULL)) == NULL)
    return;

  _gk_window_save_editor (self);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  select_column (self, gk_item_get_column_id (item));
  _gk_window_open_item (self, uuid);
}

/* The self-check page, run again as of what it shows. */
void
gk_window_show_check (GkWindow *self)
{
  g_return_if_fail (GK_IS_WINDOW (self));

  if (self->unit == NULL || self->columns == NULL)
    return;

  _gk_window_save_editor (self);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (ensure_check_page (self)));
  gk_check_page_refresh (self->check_page);
}

/* The register of requests for disclosure (依申请公开), read again. */
void
gk_window_show_requests (GkWindow *self)
{
  g_return_if_fail (GK_IS_WINDOW (self));

  _gk_window_save_editor (self);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (ensure_request_page (self)));
  gk_request_page_refresh (self->request_page);
}

GkContext *
gk_window_get_context (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), NULL);

  return self->context;
}

/**
 * gk_window_get_unit:
 *
 * Returns: (nullable): the unit whose columns are shown
 */
const char *
gk_window_get_unit (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), NULL);

  return self->unit;
}
