/* A scrolling list of items that builds rows only for the ones on screen, for columns of thousands. */
#define G_LOG_DOMAIN "gk-item-list"

#include "config.h"

#include "gk-item.h"
#include "gk-item-list.h"

/*
 * The child is a GtkListBox (from the owner's template, with its accessible name, placeholder
 * and signals) that holds a screenful of GkItemRows. Scrolling does not move the rows: it
 * gives them other items of the model and shifts the list box by less than a row, so a
 * column of 20,000 items costs as many widgets as a column of twenty. Every row has the height
 * of the tallest seen, so that a position in the model is a position on the scrollbar.
 *
 * Selection and the keyboard cursor belong to items, not rows: the list keeps their model
 * positions and moves them onto whichever row shows the item, and it handles the list box's
 * own cursor keys (arrows, Page Up/Down, Home/End) and Enter, which would otherwise only know
 * the rows built.
 */

#define NO_POSITION G_MAXUINT

struct _GkItemList
{
  GtkBin              parent_instance;

  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;

  GListModel         *model;
  GkItemListBindFunc  bind_func;
  gpointer            bind_data;

  /* the rows, top to bottom; rows[i] shows the model's item first + i */
  GPtrArray          *rows;
  guint               first;
  int                 row_height;
  guint               cursor;
  guint               selected;
  /* while rows change items, the list box's selection and focus changes are ours, not the user's */
  gboolean            binding;
};

static void gk_item_list_scrollable_init (GtkScrollableInterface *iface);
static void on_vadjustment_value_changed_cb (GkItemList *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (GkItemList, gk_item_list, GTK_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, gk_item_list_scrollable_init))

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

/* Before the first row is measured: about two lines and their margins. */
#define GUESSED_ROW_HEIGHT 48

static guint
get_n_items (GkItemList *self)
{
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static int
get_row_height (GkItemList *self)
{
  return self->row_height > 0 ? self->row_height : GUESSED_ROW_HEIGHT;
}

static GtkListBox *
get_list_box (GkItemList *self)
{
  return GTK_LIST_BOX (gtk_bin_get_child (GTK_BIN (self)));
}

static gboolean
is_shown (GkItemList *self,
          guint       position)
{
  return position != NO_POSITION && position >= self->first && position - self->first < self->rows->len;
}

static GtkListBoxRow *
get_row_at (GkItemList *self,
            guint       position)
{
  return is_shown (self, position) ? g_ptr_array_index (self->rows, position - self->first) : NULL;
}

/* How many rows the list shows at its height, plus one cut at the top and one at the bottom. */
static guint
count_rows_wanted (GkItemList *self)
{
  int height = gtk_widget_get_allocated_height (GTK_WIDGET (self));

  return MIN (get_n_items (self), (guint) (MAX (height, 1) / get_row_height (self)) + 2);
}

static void
bind_row (GkItemList *self,
          GkItemRow  *row,
          GkItem     *item)
{
  if (gk_item_row_get_item (row) != item)
    gk_item_row_set_item (row, item);
  if (self->bind_func != NULL)
    self->bind_func (row, self->bind_data);
}

/* Grows the rows to the ones wanted, each made for its item, or drops the extra ones. */
static void
resize_rows (GkItemList *self,
             guint       n_rows)
{
  GtkListBox *list_box = get_list_box (self);

  while (self->rows->len > n_rows)
    {
      gtk_widget_destroy (g_ptr_array_index (self->rows, self->rows->len - 1));
      g_ptr_array_set_size (self->rows, self->rows->len - 1);
    }

  while (self->rows->len < n_rows)
    {
      g_autoptr(GkItem) item = g_list_model_get_item (self->model, self->first + self->rows->len);
      GtkWidget *row;

      if (item == NULL)
        break;

      row = gk_item_row_new (item, NULL);
      gtk_widget_set_size_request (row, -1, self->row_height > 0 ? self->row_height : -1);
      if (self->bind_func != NULL)
        self->bind_func (GK_ITEM_ROW (row), self->bind_data);
      gtk_container_add (GTK_CONTAINER (list_box), row);
      g_ptr_array_add (self->rows, row);
    }
}

/* The rows all take the height of the tallest (a line of Chinese is taller than one of Latin). */
static gboolean
measure_rows (GkItemList *self)
{
  int tallest = self->row_height;

  for (guint i = 0; i < self->rows->len; i++)
    {
      int height;

      gtk_widget_get_preferred_height (g_ptr_array_index (self->rows, i), NULL, &height);
      tallest = MAX (tallest, height);
    }

  if (tallest == self->row_height)
    return FALSE;

  self->row_height = tallest;
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_set_size_request (g_ptr_array_index (self->rows, i), -1, tallest);

  return TRUE;
}

/* As many rows as fit, starting at the scrollbar's position but never running past the end. */
static void
place_rows (GkItemList *self)
{
  guint n_items = get_n_items (self);
  guint n_rows = count_rows_wanted (self);
  guint first = (guint) (gtk_adjustment_get_value (self->vadjustment) / get_row_height (self));

  self->first = MIN (first, n_items - n_rows);
  resize_rows (self, n_rows);
}

/*
 * Selection and focus follow their items onto the rows that show them now. @had_focus: a row
 * had the keyboard focus before the rows changed, which it keeps even if its row was dropped
 * (the list grew shorter when something else took room, such as the sidebar's dots arriving).
 */
static void
restore_selection (GkItemList *self,
                   gboolean    had_focus)
{
  GtkListBox *list_box = get_list_box (self);
  GtkListBoxRow *selected = get_row_at (self, self->selected);
  GtkWidget *focused = gtk_container_get_focus_child (GTK_CONTAINER (list_box));

  if (selected != NULL)
    gtk_list_box_select_row (list_box, selected);
  else
    gtk_list_box_unselect_all (list_box);

  if (!GTK_IS_LIST_BOX_ROW (focused) && !had_focus)
    return;

  /* Scrolled away with the mouse: the focus stays on its row and so goes with what it shows. */
  if (!is_shown (self, self->cursor) && GTK_IS_LIST_BOX_ROW (focused))
    self->cursor = self->first + gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focused));
  /* Its row dropped and its item no longer on screen: the nearest row shown takes it. */
  else if (!is_shown (self, self->cursor) && self->rows->len > 0)
    self->cursor = self->cursor < self->first ? self->first : self->first + self->rows->len - 1;

  if (is_shown (self, self->cursor) && focused != GTK_WIDGET (get_row_at (self, self->cursor)))
    gtk_widget_grab_focus (GTK_WIDGET (get_row_at (self, self->cursor)));
}

static void
configure_adjustments (GkItemList *self)
{
  int width = gtk_widget_get_allocated_width (GTK_WIDGET (self));
  int height = gtk_widget_get_allocated_height (GTK_WIDGET (self));
  double upper = MAX ((double) get_n_items (self) * get_row_height (self), height);

  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment, 0, 0, width, width * 0.1, width * 0.9, width);

  gtk_adjustment_configure (self->vadjustment,
                            MIN (gtk_adjustment_get_value (self->vadjustment), upper - height),
                            0, upper, get_row_height (self), height * 0.9, height);
}

/* Gives the rows the items at the scrollbar's position. */
static void
update_rows (GkItemList *self)
{
  GtkWidget *focused;
  gboolean had_focus;

  if (get_list_box (self) == NULL || self->model == NULL)
    return;

  focused = gtk_container_get_focus_child (GTK_CONTAINER (get_list_box (self)));
  had_focus = focused != NULL && gtk_widget_has_focus (focused);
  self->binding = TRUE;

  place_rows (self);
  if (measure_rows (self))
    {
      /* Positions are rows of the new height now: the scrollbar's range too. */
      g_signal_handlers_block_by_func (self->vadjustment, on_vadjustment_value_changed_cb, self);
      configure_adjustments (self);
      g_signal_handlers_unblock_by_func (self->vadjustment, on_vadjustment_value_changed_cb, self);
      place_rows (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autoptr(GkItem) item = g_list_model_get_item (self->model, self->first + i);
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      gtk_widget_set_visible (row, item != NULL);
      if (item != NULL)
        bind_row (self, GK_ITEM_ROW (row), item);
    }

  restore_selection (self, had_focus);
  self->binding = FALSE;
}

/* A position fully on screen, scrolling as little as needed. */
static void
scroll_to (GkItemList *self,
           guint       position)
{
  double top = (double) position * get_row_height (self);
  double bottom = top + get_row_height (self);
  double value = gtk_adjustment_get_value (self->vadjustment);
  double page = gtk_adjustment_get_page_size (self->vadjustment);

  if (top < value)
    gtk_adjustment_set_value (self->vadjustment, top);
  else if (bottom > value + page)
    gtk_adjustment_set_value (self->vadjustment, bottom - page);
}

static void
move_cursor (GkItemList *self,
             guint       position,
             gboolean    select)
{
  GtkListBoxRow *row;

  scroll_to (self, position);
  row = get_row_at (self, position);
  if (row == NULL)
    return;

  self->cursor = position;
  gtk_widget_grab_focus (GTK_WIDGET (row));
  if (select)
    gtk_list_box_select_row (get_list_box (self), row);
}

static void
on_vadjustment_value_changed_cb (GkItemList *self)
{
  update_rows (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The list box's cursor keys, over the whole model rather than the rows built. */
static void
on_list_box_move_cursor_cb (GkItemList      *self,
                            GtkMovementStep  step,
                            int              count,
                            GtkListBox      *list_box)
{
  guint n_items = get_n_items (self);
  guint from = self->cursor < n_items ? self->cursor : self->first;
  int page = MAX (1, (int) (gtk_adjustment_get_page_size (self->vadjustment) / get_row_height (self)) - 1);
  GdkModifierType state = 0;
  gint64 target;

  switch (step)
    {
    case GTK_MOVEMENT_DISPLAY_LINES:
      target = (gint64) from + count;
      break;

    case GTK_MOVEMENT_PAGES:
      target = (gint64) from + (gint64) count * page;
      break;

    case GTK_MOVEMENT_BUFFER_ENDS:
      target = count < 0 ? 0 : (gint64) n_items - 1;
      break;

    default:
      return;
    }

  g_signal_stop_emission_by_name (list_box, "move-cursor");
  if (n_items == 0)
    return;

  /* As GtkListBox does: with Ctrl held the cursor moves and the selection stays. */
  gtk_get_current_event_state (&state);
  move_cursor (self, CLAMP (target, 0, (gint64) n_items - 1), (state & GDK_CONTROL_MASK) == 0);
}

/* Enter opens the row with the focus: the list box's own cursor row may show another item by now. */
static void
on_list_box_activate_cursor_row_cb (GkItemList *self,
                                    GtkListBox *list_box)
{
  GtkWidget *focused = gtk_container_get_focus_child (GTK_CONTAINER (list_box));

  g_signal_stop_emission_by_name (list_box, "activate-cursor-row");
  if (focused != NULL)
    gtk_widget_activate (focused);
}

static void
on_list_box_row_selected_cb (GkItemList    *self,
                             GtkListBoxRow *row)
{
  if (!self->binding)
    self->selected = row != NULL ? self->first + gtk_list_box_row_get_index (row) : NO_POSITION;
}

static void
on_list_box_set_focus_child_cb (GkItemList *self,
                                GtkWidget  *child)
{
  if (!self->binding && GTK_IS_LIST_BOX_ROW (child))
    self->cursor = self->first + gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (child));
}

static void
on_model_items_changed_cb (GkItemList *self)
{
  guint n_items = get_n_items (self);

  /* Items may have moved: a position selected before may hold another item now, which a
   * Delete pressed again must not remove. */
  self->selected = NO_POSITION;
  if (self->cursor >= n_items)
    self->cursor = NO_POSITION;

  configure_adjustments (self);
  update_rows (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
set_hadjustment (GkItemList    *self,
                 GtkAdjustment *adjustment)
{
  g_clear_object (&self->hadjustment);
  self->hadjustment = g_object_ref_sink (adjustment != NULL ? adjustment : gtk_adjustment_new (0, 0, 0, 0, 0, 0));
}

static void
set_vadjustment (GkItemList    *self,
                 GtkAdjustment *adjustment)
{
  if (adjustment != NULL && adjustment == self->vadjustment)
    return;

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  self->vadjustment = g_object_ref_sink (adjustment != NULL ? adjustment : gtk_adjustment_new (0, 0, 0, 0, 0, 0));
  g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (on_vadjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/*
 * A GtkListBox in a scrollable takes its vertical adjustment to scroll its cursor row into
 * view, at the row's place among the rows built: a place in the model is ours to scroll to.
 */
static void
on_notify_vadjustment_cb (GkItemList *self)
{
  GtkListBox *list_box = get_list_box (self);

  if (list_box != NULL)
    gtk_list_box_set_adjustment (list_box, NULL);
}

static void
gk_item_list_add (GtkContainer *container,
                  GtkWidget    *child)
{
  GkItemList *self = GK_ITEM_LIST (container);

  g_return_if_fail (GTK_IS_LIST_BOX (child));

  GTK_CONTAINER_CLASS (gk_item_list_parent_class)->add (container, child);
  on_notify_vadjustment_cb (self);

  g_signal_connect_object (child, "move-cursor", G_CALLBACK (on_list_box_move_cursor_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (child, "activate-cursor-row", G_CALLBACK (on_list_box_activate_cursor_row_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (child, "row-selected", G_CALLBACK (on_list_box_row_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (child, "set-focus-child", G_CALLBACK (on_list_box_set_focus_child_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
gk_item_list_realize (GtkWidget *widget)
{
  GtkAllocation allocation;
  GdkWindowAttr attributes = { 0 };
  GdkWindow *window;

  gtk_widget_get_allocation (widget, &allocation);
  gtk_widget_set_realized (widget, TRUE);

  attributes.window_type = GDK_WINDOW_CHILD;
  attributes.x = allocation.x;
  attributes.y = allocation.y;
  attributes.width = allocation.width;
  attributes.height = allocation.height;
  attributes.wclass = GDK_INPUT_OUTPUT;
  attributes.visual = gtk_widget_get_visual (widget);
  /* The wheel over the rows reaches the scrolled window through this window, as through a viewport. */
  attributes.event_mask = gtk_widget_get_events (widget) | GDK_SCROLL_MASK | GDK_SMOOTH_SCROLL_MASK | GDK_TOUCH_MASK;

  /* Our own window clips the list box, which is taller than what is shown. */
  window = gdk_window_new (gtk_widget_get_parent_window (widget), &attributes,
                           GDK_WA_X | GDK_WA_Y | GDK_WA_VISUAL);
  gtk_widget_set_window (widget, window);
  gtk_widget_register_window (widget, window);
}

static void
gk_item_list_size_allocate (GtkWidget     *widget,
                            GtkAllocation *allocation)
{
  GkItemList *self = GK_ITEM_LIST (widget);
  GtkWidget *child = gtk_bin_get_child (GTK_BIN (self));
  GtkAllocation child_allocation;

  gtk_widget_set_allocation (widget, allocation);
  if (gtk_widget_get_realized (widget))
    gdk_window_move_resize (gtk_widget_get_window (widget),
                            allocation->x, allocation->y, allocation->width, allocation->height);

  if (child == NULL)
    return;

  g_signal_handlers_block_by_func (self->vadjustment, on_vadjustment_value_changed_cb, self);
  update_rows (self);
  configure_adjustments (self);
  update_rows (self);
  g_signal_handlers_unblock_by_func (self->vadjustment, on_vadjustment_value_changed_cb, self);

  child_allocation.x = 0;
  child_allocation.y = (int) ((double) self->first * get_row_height (self) - gtk_adjustment_get_value (self->vadjustment));
  child_allocation.width = allocation->width;
  child_allocation.height = MAX ((int) self->rows->len * get_row_height (self), allocation->height - child_allocation.y);
  gtk_widget_size_allocate (child, &child_allocation);
}

static void
gk_item_list_get_preferred_height (GtkWidget *widget,
                                   int       *minimum,
                                   int       *natural)
{
  GkItemList *self = GK_ITEM_LIST (widget);

  *minimum = 0;
  *natural = (int) MIN (get_n_items (self), 8) * get_row_height (self);
}

static void
gk_item_list_dispose (GObject *object)
{
  GkItemList *self = (GkItemList *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  /* The rows go with the list box, which GtkBin destroys. */
  g_ptr_array_set_size (self->rows, 0);

  G_OBJECT_CLASS (gk_item_list_parent_class)->dispose (object);
}

static void
gk_item_list_finalize (GObject *object)
{
  GkItemList *self = (GkItemList *)object;

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (gk_item_list_parent_class)->finalize (object);
}

static void
gk_item_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GkItemList *self = GK_ITEM_LIST (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_item_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GkItemList *self = GK_ITEM_LIST (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_hadjustment (self, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      set_vadjustment (self, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;

    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_item_list_scrollable_init (GtkScrollableInterface *iface)
{
}

static void
gk_item_list_class_init (GkItemListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkContainerClass *container_class = GTK_CONTAINER_CLASS (klass);

  object_class->dispose = gk_item_list_dispose;
  object_class->finalize = gk_item_list_finalize;
  object_class->get_property = gk_item_list_get_property;
  object_class->set_property = gk_item_list_set_property;

  widget_class->realize = gk_item_list_realize;
  widget_class->size_allocate = gk_item_list_size_allocate;
  widget_class->get_preferred_height = gk_item_list_get_preferred_height;

  container_class->add = gk_item_list_add;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");
}

static void
gk_item_list_init (GkItemList *self)
{
  gtk_widget_set_has_window (GTK_WIDGET (self), TRUE);
  self->rows = g_ptr_array_new ();
  self->cursor = NO_POSITION;
  self->selected = NO_POSITION;
  set_vadjustment (self, NULL);
  g_signal_connect_after (self, "notify::vadjustment", G_CALLBACK (on_notify_vadjustment_cb), NULL);
}

GtkWidget *
gk_item_list_new (void)
{
  return g_object_new (GK_TYPE_ITEM_LIST, NULL);
}

/**
 * gk_item_list_bind_model:
 * @model: (nullable): the items to list, of type #GkItem, or %NULL for none
 * @bind_func: (nullable): called each time a row is given an item
 *
 * Lists @model from its top, with nothing selected.
 */
void
gk_item_list_bind_model (GkItemList         *self,
                         GListModel         *model,
                         GkItemListBindFunc  bind_func,
                         gpointer            user_data)
{
  g_return_if_fail (GK_IS_ITEM_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  self->bind_func = bind_func;
  self->bind_data = user_data;
  self->first = 0;
  self->cursor = NO_POSITION;
  self->selected = NO_POSITION;

  resize_rows (self, 0);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_adjustment_set_value (self->vadjustment, 0);
  on_model_items_changed_cb (self);
}
