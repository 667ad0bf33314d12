/* GkItemPages: a column's items as a list model read a page at a time, newest first. */
#include "config.h"

#include "gk-context-private.h"
#include "gk-item.h"
#include "gk-item-pages.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-test-util.h"

#define UNIT "市财政局"
#define COLUMN "cgg.cstzgg.czzj"
/* More than the pages the model keeps (8 of 64), so reading them all drops some and reads them again. */
#define N_ITEMS 600

typedef struct
{
  char      *dir;
  GkContext *context;
  guint      n_changes;
  guint      removed;
  guint      added;
} Fixture;

static void
add_item (Fixture *fixture,
          guint    number)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("财政资金信息%03u", number);

  item = gk_context_create_item (fixture->context, COLUMN, &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, title);
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GError) error = NULL;

  fixture->dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  gk_profile_set_unit (profile, UNIT);
  gk_profile_set_liaison (profile, "黄筱丹");
  gk_profile_set_phone (profile, "0730-8882003");
  g_assert_true (gk_context_save_profile (fixture->context, profile, &error));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->context);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *fixture)
{
  g_assert_cmpuint (position, ==, 0);
  fixture->n_changes++;
  fixture->removed = removed;
  fixture->added = added;
}

static void
assert_same_items (GListModel *model,
                   GPtrArray  *all,
                   guint       position)
{
  g_autoptr(GkItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  g_assert_cmpstr (gk_item_get_uuid (item), ==, gk_item_get_uuid (g_ptr_array_index (all, position)));
}

/* Every position, in any order, is the store's list at that position; a reload sees new items. */
static void
test_item_pages_read (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GkItemPages) pages = gk_item_pages_new (fixture->context, UNIT, COLUMN);
  GListModel *model = G_LIST_MODEL (pages);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_ITEMS; i++)
    add_item (fixture, i);
  all = gk_store_list_items (gk_context_get_store (fixture->context), UNIT, COLUMN, &error);
  g_assert_no_error (error);
  g_signal_connect (pages, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (gk_item_pages_reload (pages, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changes, ==, 1);
  g_assert_cmpuint (fixture->removed, ==, 0);
  g_assert_cmpuint (fixture->added, ==, N_ITEMS);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ITEMS);
  g_assert_true (g_list_model_get_item_type (model) == GK_TYPE_ITEM);

  /* Down to the end, then back to the top: the first pages were dropped on the way and are read again. */
  for (guint i = 0; i < N_ITEMS; i++)
    assert_same_items (model, all, i);
  for (guint i = N_ITEMS; i-- > 0;)
    assert_same_items (model, all, i);
  assert_same_items (model, all, N_ITEMS / 2);
  g_assert_null (g_list_model_get_item (model, N_ITEMS));

  add_item (fixture, N_ITEMS);
  g_assert_true (gk_item_pages_reload (pages, &error));
  g_assert_cmpuint (fixture->n_changes, ==, 2);
  g_assert_cmpuint (fixture->removed, ==, N_ITEMS);
  g_assert_cmpuint (fixture->added, ==, N_ITEMS + 1);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = gk_store_list_items (gk_context_get_store (fixture->context), UNIT, COLUMN, &error);
  assert_same_items (model, all, 0);
  assert_same_items (model, all, N_ITEMS);
}

/* Another unit's items and another column's are not the column's. */
static void
test_item_pages_column_only (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GkItemPages) other_unit = gk_item_pages_new (fixture->context, "市民政局", COLUMN);
  g_autoptr(GkItemPages) other_column = gk_item_pages_new (fixture->context, UNIT, "zlwzz.yqyd.jjyx");
  g_autoptr(GError) error = NULL;

  add_item (fixture, 0);
  g_assert_true (gk_item_pages_reload (other_unit, &error));
  g_assert_true (gk_item_pages_reload (other_column, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other_unit)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other_column)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (other_unit), 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/item-pages/read", Fixture, NULL, fixture_set_up, test_item_pages_read, fixture_tear_down);
  g_test_add ("/item-pages/column-only", Fixture, NULL, fixture_set_up, test_item_pages_column_only,
              fixture_tear_down);

  return g_test_run ();
}
