/* The main window: the unit's columns on the left, what the selected one asks on the right. */
#define G_LOG_DOMAIN "gk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-column-page.h"
#include "gk-context.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-window.h"

struct _GkWindow
{
  GtkApplicationWindow  parent_instance;

  GkContext            *context;
  GSettings            *settings;
  GListModel           *columns;
  char                 *unit;

  /* The last unmaximized size, saved on close (see save_window_state). */
  int                   width;
  int                   height;
  gboolean              maximized;

  GtkHeaderBar         *header_bar;
  GtkStack             *stack;
  GtkPaned             *paned;
  GtkListBox           *sidebar;
  GkColumnPage         *column_page;
  GtkLabel             *empty_label;

  GdkFrameClock        *frame_clock;
  gulong                after_paint_id;
  gboolean              first_frame_seen;
};

G_DEFINE_FINAL_TYPE (GkWindow, gk_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
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
  GkColumn *column = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (gk_column_get_title (column));
  g_autofree char *path = gk_column_dup_path (column);
  AtkObject *accessible = gtk_widget_get_accessible (row);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_container_add (GTK_CONTAINER (row), label);
  gtk_widget_set_tooltip_text (row, path);

  /* Group headers are not part of the accessible tree, so a screen reader hears the path here. */
  atk_object_set_name (accessible, gk_column_get_title (column));
  atk_object_set_description (accessible, path);

  /* 公开制度化 columns have no 三级: they sit directly under their 一级 header. */
  if (gk_column_get_level3 (column) == NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (row), "gk-sidebar-flat");

  gtk_widget_show_all (row);

  return row;
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

/*
 * Everything on screen follows the stored profile and the catalog in use, so
 * this runs at construction and again whenever either changes.
 */
static void
rebuild (GkWindow *self)
{
  GkCatalog *catalog = gk_context_get_catalog (self->context);
  g_autoptr(GkProfile) profile = gk_store_dup_profile (gk_context_get_store (self->context));
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

  gtk_header_bar_set_subtitle (self->header_bar, unit);

  /* Unbound first: the header function must never see old rows with the new model. */
  gtk_list_box_bind_model (self->sidebar, NULL, NULL, NULL, NULL);
  g_clear_object (&self->columns);
  if (unit != NULL)
    self->columns = gk_catalog_dup_columns_for_unit (catalog, unit);

  gk_column_page_set_column (self->column_page, NULL, unit);
  gtk_list_box_bind_model (self->sidebar, self->columns, create_column_row, self, NULL);

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

  gk_column_page_set_column (self->column_page, column, self->unit);
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
 * The first painted frame of the main window. Benchmark hook: with
 * GK_BENCH_QUIT_AFTER_FIRST_FRAME=1 in the environment it prints
 * "first-frame <g_get_monotonic_time() µs>" on stdout and quits, so
 * tools/bench/startup can time exec → first frame.
 */
static void
on_frame_clock_after_paint_cb (GkWindow *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  self->first_frame_seen = TRUE;

  if (g_strcmp0 (g_getenv ("GK_BENCH_QUIT_AFTER_FIRST_FRAME"), "1") == 0)
    {
      g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      fflush (stdout);
      g_application_quit (g_application_get_default ());
    }
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

  g_signal_connect_object (gk_context_get_store (self->context), "profile-changed",
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

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  g_clear_object (&self->columns);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_window_parent_class)->dispose (object);
}

static void
gk_window_finalize (GObject *object)
{
  GkWindow *self = (GkWindow *)object;

  g_clear_pointer (&self->unit, g_free);

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
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The page is named in the template, so its type must exist before the template is parsed. */
  g_type_ensure (GK_TYPE_COLUMN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GkWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, column_page);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
}

static void
gk_window_init (GkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_list_box_set_header_func (self->sidebar, update_sidebar_header, self, NULL);
}

GkWindow *
gk_window_new (GtkApplication *application,
               GkContext      *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  return g_object_new (GK_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
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
