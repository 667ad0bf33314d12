/* The right-hand page of the main window: what one column asks of the liaison's unit. */
#define G_LOG_DOMAIN "gk-column-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-assignment.h"
#include "gk-check-page.h"
#include "gk-column.h"
#include "gk-column-page.h"
#include "gk-context.h"
#include "gk-item.h"
#include "gk-item-list.h"
#include "gk-item-pages.h"
#include "gk-item-row.h"

struct _GkColumnPage
{
  GtkBin      parent_instance;

  GkContext  *context;
  GkColumn   *column;
  char       *unit;
  guint       reload_source_id;
  /* An item of the column changed while the page was out of sight (behind the editor): read again when shown. */
  gboolean    stale;

  /* the column's items, read a page at a time as the list scrolls */
  GkItemPages *items;
  /* uuids of queued items the portal refused (stopped in the outbox): shown as refused, not queued */
  GHashTable *refused;

  GkItemList *item_list;
  GtkListBox *items_list;
  GtkLabel   *items_error_label;

  GtkStack  *stack;
  GtkLabel  *path_label;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
  GtkLabel  *kind_label;
  GtkLabel  *cadence_label;
  GtkLabel  *cadence_source_label;
  GtkLabel  *partners_label;
  GtkWidget *newest_heading;
  GtkLabel  *newest_label;
  GtkWidget *due_heading;
  GtkWidget *due_box;
  GtkImage  *state_image;
  GtkLabel  *due_label;
  const char *state_class;
};

G_DEFINE_FINAL_TYPE (GkColumnPage, gk_column_page, GTK_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_COLUMN,
  PROP_UNIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The other units on the column, so the liaison knows whom to coordinate with. */
static char *
dup_partners (GkColumn   *column,
              const char *unit)
{
  GPtrArray *assignments = gk_column_get_assignments (column);
  g_autoptr(GString) partners = g_string_new (NULL);

  for (guint i = 0; i < assignments->len; i++)
    {
      const char *other = gk_assignment_get_unit (g_ptr_array_index (assignments, i));

      if (g_strcmp0 (other, unit) == 0)
        continue;

      if (partners->len > 0)
        g_string_append (partners, "、");
      g_string_append (partners, other);
    }

  if (partners->len == 0)
    return g_strdup (_("None: your unit alone is responsible for this column."));

  return g_string_free (g_steal_pointer (&partners), FALSE);
}

static void
bind_item_row (GkItemRow *row,
               gpointer   user_data)
{
  GkColumnPage *self = user_data;

  if (self->refused != NULL && g_hash_table_contains (self->refused, gk_item_row_get_uuid (row)))
    gk_item_row_set_refused (row);
}

/* The column's items, newest first, as the store has them now; the list keeps its place. */
static void
reload_items (GkColumnPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  if (self->items == NULL)
    return;

  g_clear_pointer (&self->refused, g_hash_table_unref);
  self->refused = gk_context_dup_refused (self->context, NULL);
  gk_item_pages_reload (self->items, &error);
  gtk_label_set_text (self->items_error_label, error != NULL ? error->message : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->items_error_label), error != NULL);
}

/* Another column, unit or context: its items from the top. */
static void
show_items (GkColumnPage *self)
{
  g_clear_object (&self->items);
  if (self->context != NULL && self->column != NULL && self->unit != NULL)
    self->items = gk_item_pages_new (self->context, self->unit, gk_column_get_id (self->column));

  gk_item_list_bind_model (self->item_list, G_LIST_MODEL (self->items), bind_item_row, self);
  gtk_widget_set_visible (GTK_WIDGET (self->items_error_label), FALSE);
  reload_items (self);
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  GkColumnPage *self = user_data;

  self->reload_source_id = 0;
  reload_items (self);

  return G_SOURCE_REMOVE;
}

/*
 * Autosave changes an item every second while someone types: one reload per
 * burst is enough, and none while the editor hides the page.
 */
static void
queue_reload (GkColumnPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  if (self->reload_source_id == 0)
    self->reload_source_id = g_idle_add (on_reload_idle_cb, self);
}

/* An item of another column leaves this page as it is. */
static void
on_context_item_cb (GkColumnPage *self,
                    GkItem       *item)
{
  if (self->column != NULL && g_strcmp0 (gk_item_get_column_id (item), gk_column_get_id (self->column)) == 0)
    queue_reload (self);
}

static void
on_items_list_row_activated_cb (GkColumnPage  *self,
                                GtkListBoxRow *row)
{
  if (GK_IS_ITEM_ROW (row))
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, gk_item_row_get_uuid (GK_ITEM_ROW (row)));
}

/* Delete on a selected item moves it to the bin through the window's win.delete-item. */
static gboolean
on_items_list_key_press_event_cb (GkColumnPage *self,
                                  GdkEventKey  *event)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->items_list);
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (self), "win");

  if ((event->keyval != GDK_KEY_Delete && event->keyval != GDK_KEY_KP_Delete) || !GK_IS_ITEM_ROW (row) || group == NULL)
    return GDK_EVENT_PROPAGATE;

  g_action_group_activate_action (group, "delete-item",
                                  g_variant_new_string (gk_item_row_get_uuid (GK_ITEM_ROW (row))));

  return GDK_EVENT_STOP;
}

static void
update (GkColumnPage *self)
{
  GkAssignment *assignment;
  g_autofree char *path = NULL;
  g_autofree char *cadence = NULL;
  g_autofree char *partners = NULL;

  assignment = self->column != NULL && self->unit != NULL
               ? gk_column_lookup_assignment (self->column, self->unit) : NULL;

  /* A column the unit has no duty on (after an import) is shown as nothing rather than as someone else's duty. */
  show_items (self);

  if (assignment == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  path = gk_column_dup_path (self->column);
  cadence = gk_assignment_dup_cadence_label (assignment);
  partners = dup_partners (self->column, self->unit);

  gtk_label_set_text (self->path_label, path);
  gtk_label_set_text (self->title_label, gk_column_get_title (self->column));
  gtk_label_set_text (self->description_label, gk_assignment_get_description (assignment));
  gtk_label_set_text (self->kind_label, gk_kind_get_label (gk_assignment_get_kind (assignment)));
  gtk_label_set_text (self->cadence_label, cadence);
  gtk_label_set_text (self->cadence_source_label, gk_assignment_get_cadence_source (assignment));
  gtk_label_set_text (self->partners_label, partners);

  gtk_stack_set_visible_child_name (self->stack, "column");
}

static void
gk_column_page_dispose (GObject *object)
{
  GkColumnPage *self = (GkColumnPage *)object;

  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  g_clear_object (&self->items);
  g_clear_pointer (&self->refused, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_column_page_parent_class)->dispose (object);
}

static void
gk_column_page_finalize (GObject *object)
{
  GkColumnPage *self = (GkColumnPage *)object;

  g_clear_object (&self->column);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (gk_column_page_parent_class)->finalize (object);
}

static void
gk_column_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GkColumnPage *self = GK_COLUMN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_COLUMN:
      g_value_set_object (value, self->column);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_column_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GkColumnPage *self = GK_COLUMN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      gk_column_page_set_context (self, g_value_get_object (value));
      break;

    case PROP_COLUMN:
      gk_column_page_set_column (self, g_value_get_object (value), self->unit);
      break;

    case PROP_UNIT:
      gk_column_page_set_column (self, self->column, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_column_page_map (GtkWidget *widget)
{
  GkColumnPage *self = GK_COLUMN_PAGE (widget);

  GTK_WIDGET_CLASS (gk_column_page_parent_class)->map (widget);

  if (self->stale)
    {
      self->stale = FALSE;
      queue_reload (self);
    }
}

static void
gk_column_page_class_init (GkColumnPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_column_page_dispose;
  object_class->finalize = gk_column_page_finalize;
  object_class->get_property = gk_column_page_get_property;
  object_class->set_property = gk_column_page_set_property;
  widget_class->map = gk_column_page_map;

  /* Writable after construction: the window's template makes the page before the window has its context. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMN] =
    g_param_spec_object ("column", NULL, NULL, GK_TYPE_COLUMN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkColumnPage::item-activated:
   * @uuid: the item the liaison chose in the list
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (GK_TYPE_ITEM_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-column-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, cadence_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, cadence_source_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, partners_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, newest_heading);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, newest_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, due_heading);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, due_box);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, state_image);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, due_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, item_list);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, items_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_items_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_items_list_key_press_event_cb);
}

static void
gk_column_page_init (GkColumnPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gk_column_page_new (void)
{
  return g_object_new (GK_TYPE_COLUMN_PAGE, NULL);
}

/**
 * gk_column_page_set_context:
 * @context: (nullable): where the column's items come from
 */
void
gk_column_page_set_context (GkColumnPage *self,
                            GkContext    *context)
{
  g_return_if_fail (GK_IS_COLUMN_PAGE (self));
  g_return_if_fail (context == NULL || GK_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);

  g_set_object (&self->context, context);

  if (context != NULL)
    {
      g_signal_connect_object (context, "item-added", G_CALLBACK (on_context_item_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "item-changed", G_CALLBACK (on_context_item_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "item-removed", G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
  show_items (self);
}

/**
 * gk_column_page_get_column:
 *
 * Returns: (transfer none) (nullable): the column shown
 */
GkColumn *
gk_column_page_get_column (GkColumnPage *self)
{
  g_return_val_if_fail (GK_IS_COLUMN_PAGE (self), NULL);

  return self->column;
}

const char *
gk_column_page_get_unit (GkColumnPage *self)
{
  g_return_val_if_fail (GK_IS_COLUMN_PAGE (self), NULL);

  return self->unit;
}

/**
 * gk_column_page_set_column:
 * @column: (nullable): the column to show, or %NULL for none
 * @unit: (nullable): whose duty on @column to show
 *
 * Both change together: a column's description depends on the unit (经济运行).
 */
void
gk_column_page_set_column (GkColumnPage *self,
                           GkColumn     *column,
                           const char   *unit)
{
  g_return_if_fail (GK_IS_COLUMN_PAGE (self));
  g_return_if_fail (column == NULL || GK_IS_COLUMN (column));

  /* The sidebar selects its row again when it takes the focus at start-up: the page already
   * shows it (the context's signals keep it current), and rebuilding it would double the
   * cost of the first frame. */
  if (self->column == column && g_strcmp0 (self->unit, unit) == 0 && self->column != NULL)
    return;

  if (g_set_object (&self->column, column))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN]);

  if (g_strcmp0 (self->unit, unit) != 0)
    {
      g_free (self->unit);
      self->unit = g_strdup (unit);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
    }

  update (self);
}

/**
 * gk_column_page_set_status:
 * @status: (nullable): the shown column's state on today's self-check, or %NULL while unknown
 *
 * 最近发布 and 下次应更新, with the state as an icon and a word.
 */
void
gk_column_page_set_status (GkColumnPage         *self,
                           const GkColumnStatus *status)
{
  GtkStyleContext *style;
  g_autofree char *newest = NULL;
  g_autofree char *due = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GK_IS_COLUMN_PAGE (self));

  gtk_widget_set_visible (self->newest_heading, status != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->newest_label), status != NULL);
  gtk_widget_set_visible (self->due_heading, status != NULL);
  gtk_widget_set_visible (self->due_box, status != NULL);
  if (status == NULL)
    return;

  newest = gk_column_status_dup_newest_text (status);
  due = gk_column_status_dup_due_text (status);
  gtk_label_set_text (self->newest_label, newest);
  text = g_strdup_printf ("%s · %s", gk_column_state_get_label (status->state), due);
  gtk_label_set_text (self->due_label, text);

  style = gtk_widget_get_style_context (GTK_WIDGET (self->state_image));
  if (self->state_class != NULL)
    gtk_style_context_remove_class (style, self->state_class);
  self->state_class = gk_check_page_get_state_class (status->state);
  gtk_style_context_add_class (style, self->state_class);
  gtk_image_set_from_icon_name (self->state_image, gk_check_page_get_state_icon (status->state), GTK_ICON_SIZE_MENU);
}
