/* The main window's search: results page by page in place of the column, opened in the editor. */
#define G_LOG_DOMAIN "gk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-item.h"
#include "gk-item-row.h"
#include "gk-window-private.h"

/* A row at the end of a full page: activating it brings the next page. */
static GtkWidget *
new_more_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (_("Show More Results"));

  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_container_add (GTK_CONTAINER (row), label);
  atk_object_set_name (gtk_widget_get_accessible (row), _("Show More Results"));
  gtk_widget_show_all (row);

  return row;
}

/* One page more of the search's results, after those shown: the store ranks no further than that. */
static gboolean
append_search_page (GkWindow *self)
{
  const char *query = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
  GkCatalog *catalog = gk_context_get_catalog (self->context);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (self->search_more_row != NULL)
    {
      gtk_widget_destroy (self->search_more_row);
      self->search_more_row = NULL;
    }

  if ((items = gk_context_search_items (self->context, self->unit, query, self->search_shown,
                                       GK_STORE_SEARCH_PAGE, &error)) == NULL)
    {
      _gk_window_show_error (self, error);
      return FALSE;
    }

  for (guint i = 0; i < items->len; i++)
    {
      GkItem *item = g_ptr_array_index (items, i);
      GkColumn *column = gk_catalog_lookup_column (catalog, gk_item_get_column_id (item));

      gtk_container_add (GTK_CONTAINER (self->search_list),
                         gk_item_row_new (item, column != NULL ? gk_column_get_title (column) : NULL));
    }
  self->search_shown += items->len;

  if (items->len == GK_STORE_SEARCH_PAGE)
    {
      self->search_more_row = new_more_row ();
      gtk_container_add (GTK_CONTAINER (self->search_list), self->search_more_row);
    }

  return TRUE;
}

/* Results replace the right-hand side while the search has text; they open in the editor. */
static void
on_search_changed_cb (GkWindow *self)
{
  const char *query = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->search_list));

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  self->search_more_row = NULL;
  self->search_shown = 0;

  if (*query == '\0' || self->unit == NULL)
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "search") == 0)
        gtk_stack_set_visible_child_name (self->content_stack, "column");
      return;
    }

  if (!append_search_page (self))
    return;

  _gk_window_save_editor (self);
  gtk_stack_set_visible_child_name (self->content_stack, "search");
}

static void
on_search_mode_changed_cb (GkWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
}

static void
on_search_list_row_activated_cb (GkWindow      *self,
                                 GtkListBoxRow *row)
{
  g_autofree char *uuid = NULL;

  if (GTK_WIDGET (row) == self->search_more_row)
    {
      guint first_new = self->search_shown;
      GtkListBoxRow *next;

      /* The keyboard stays where the reading goes on: on the first of the new results. */
      if (append_search_page (self) && (next = gtk_list_box_get_row_at_index (self->search_list, (int) first_new)) != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (next));
      return;
    }

  /* A copy: leaving the search destroys the row. */
  uuid = g_strdup (gk_item_row_get_uuid (GK_ITEM_ROW (row)));
  gk_window_show_item (self, uuid);
}

void
_gk_window_class_search_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_list_row_activated_cb);
}
