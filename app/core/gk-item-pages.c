/* A column's items as a list model that reads them from the store a page at a time. */
#define G_LOG_DOMAIN "gk-item-pages"

#include "config.h"

#include "gk-context.h"
#include "gk-item.h"
#include "gk-item-pages.h"

/*
 * A list shows a screenful of rows, and scrolling moves a page at most per frame: a few
 * pages around what is shown are all it reads again and again. Older pages are dropped,
 * so scrolling through 20,000 items holds no more of them than opening the column does.
 */
#define PAGE_SIZE 64
#define MAX_PAGES 8

struct _GkItemPages
{
  GObject     parent_instance;

  GkContext  *context;
  char       *unit;
  char       *column_id;

  guint       n_items;
  /* page number → GPtrArray of GkItem, and the page numbers, most recently read first */
  GHashTable *pages;
  GQueue      recent;
};

static void gk_item_pages_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GkItemPages, gk_item_pages, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, gk_item_pages_list_model_init))

static void
forget_pages (GkItemPages *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->recent);
}

static void
keep_page (GkItemPages *self,
           guint        page,
           GPtrArray   *items)
{
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));

  while (g_queue_get_length (&self->recent) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->recent));
}

static GPtrArray *
lookup_page (GkItemPages *self,
             guint        page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  g_autoptr(GError) error = NULL;

  if (items != NULL)
    {
      g_queue_remove (&self->recent, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
      return items;
    }

  items = gk_context_list_column_items (self->context, self->unit, self->column_id,
                                        page * PAGE_SIZE, PAGE_SIZE, NULL, &error);
  /* The list hides the rows it cannot fill; the page shows the store's sentence on its next reload. */
  if (items == NULL)
    {
      g_warning ("Could not read items %u to %u of column %s: %s", page * PAGE_SIZE, (page + 1) * PAGE_SIZE - 1,
                 self->column_id, error->message);
      return NULL;
    }

  keep_page (self, page, items);

  return items;
}

static GType
gk_item_pages_get_item_type (GListModel *model)
{
  return GK_TYPE_ITEM;
}

static guint
gk_item_pages_get_n_items (GListModel *model)
{
  return GK_ITEM_PAGES (model)->n_items;
}

/* NULL for an item another program removed since the last reload, or when the store failed. */
static gpointer
gk_item_pages_get_item (GListModel *model,
                        guint       position)
{
  GkItemPages *self = GK_ITEM_PAGES (model);
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  items = lookup_page (self, position / PAGE_SIZE);
  if (items == NULL || position % PAGE_SIZE >= items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
gk_item_pages_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gk_item_pages_get_item_type;
  iface->get_n_items = gk_item_pages_get_n_items;
  iface->get_item = gk_item_pages_get_item;
}

static void
gk_item_pages_finalize (GObject *object)
{
  GkItemPages *self = (GkItemPages *)object;

  forget_pages (self);
  g_hash_table_unref (self->pages);
  g_clear_object (&self->context);
  g_free (self->unit);
  g_free (self->column_id);

  G_OBJECT_CLASS (gk_item_pages_parent_class)->finalize (object);
}

static void
gk_item_pages_class_init (GkItemPagesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_item_pages_finalize;
}

static void
gk_item_pages_init (GkItemPages *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->recent);
}

/**
 * gk_item_pages_new:
 *
 * Empty until gk_item_pages_reload().
 */
GkItemPages *
gk_item_pages_new (GkContext  *context,
                   const char *unit,
                   const char *column_id)
{
  GkItemPages *self;

  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (column_id != NULL, NULL);

  self = g_object_new (GK_TYPE_ITEM_PAGES, NULL);
  self->context = g_object_ref (context);
  self->unit = g_strdup (unit);
  self->column_id = g_strdup (column_id);

  return self;
}

/**
 * gk_item_pages_reload:
 *
 * Counts the column's items again and forgets every page read so far, then
 * tells the views that all of them changed: a store change can move items
 * anywhere in the order (a new one goes first, a removed one leaves a gap).
 * On failure the model is empty.
 */
gboolean
gk_item_pages_reload (GkItemPages *self,
                      GError     **error)
{
  GPtrArray *first;
  guint old_n_items;

  g_return_val_if_fail (GK_IS_ITEM_PAGES (self), FALSE);

  old_n_items = self->n_items;
  forget_pages (self);

  first = gk_context_list_column_items (self->context, self->unit, self->column_id,
                                        0, PAGE_SIZE, &self->n_items, error);
  if (first != NULL)
    keep_page (self, 0, first);
  else
    self->n_items = 0;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);

  return first != NULL;
}
