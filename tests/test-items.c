/* Items through their states, revisions, the bin, and the checks on their fields. */
#include "config.h"

#include "gk-attachment.h"
#include "gk-context-private.h"
#include "gk-item.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-test-util.h"

typedef struct
{
  char      *dir;
  GkContext *context;
  GkStore   *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkProfile) profile = gk_profile_new ();

  fixture->dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->store = gk_context_get_store (fixture->context);

  gk_profile_set_unit (profile, "市财政局");
  gk_context_save_profile (fixture->context, profile, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->context);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* A draft with everything "ready" asks for, in 财政资金. */
static GkItem *
make_complete_item (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GkItem *item = gk_context_create_item (fixture->context, "cgg.cstzgg.czzj", &error);

  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, "2026年市本级部门预算");
  gk_item_set_field (item, GK_ITEM_BODY, "预算说明");
  gk_item_set_field (item, GK_ITEM_REVIEWER, "王科长");
  gk_item_set_field (item, GK_ITEM_REVIEWED_ON, "2026-11-20");
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);

  return item;
}

static GkItemState
stored_state (Fixture    *fixture,
              const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = gk_store_dup_item (fixture->store, uuid, &error);

  g_assert_no_error (error);
  return gk_item_get_state (item);
}

static void
test_create_defaults (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = gk_context_create_item (fixture->context, "cgg.cstzgg.czzj", &error);
  g_autoptr(GkItem) wrong = NULL;
  g_autoptr(GkItem) stored = NULL;

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (gk_item_get_uuid (item)));
  g_assert_cmpstr (gk_item_get_field (item, GK_ITEM_UNIT), ==, "市财政局");
  g_assert_cmpint (gk_item_get_state (item), ==, GK_ITEM_STATE_DRAFT);
  g_assert_cmpuint (gk_item_get_revision (item), ==, 1);
  /* The catalog says 财政资金 holds statistics. */
  g_assert_cmpint (gk_item_get_kind (item), ==, GK_KIND_STATISTICS);

  /* 会议公开 belongs to 市政府办, not to this unit. */
  wrong = gk_context_create_item (fixture->context, "wzz.yqyd.hygk", &error);
  g_assert_null (wrong);
  g_assert_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);

  /* Paste from Word: CRLF and paragraph separators become plain line breaks. */
  gk_item_set_field (item, GK_ITEM_BODY, "第一段\r\n第二段\xe2\x80\xa9第三段");
  gk_item_set_field (item, GK_ITEM_TITLE, "  标题 \t");
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  stored = gk_store_dup_item (fixture->store, gk_item_get_uuid (item), &error);
  g_assert_cmpstr (gk_item_get_body (stored), ==, "第一段\n第二段\n第三段");
  g_assert_cmpstr (gk_item_get_title (stored), ==, "标题");
}

static void
test_field_checks (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GkItem) item = make_complete_item (fixture);
  g_autoptr(GkItem) news = NULL;
  g_autoptr(GError) error = NULL;

  gk_item_set_field (item, GK_ITEM_WRITTEN_ON, "2026-02-30");
  g_assert_false (gk_context_save_item (fixture->context, item, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);
  gk_item_set_field (item, GK_ITEM_WRITTEN_ON, "2026-02-28");

  /* Only interpretations interpret, and only policy documents of the same unit. */
  gk_item_set_field (item, GK_ITEM_INTERPRETS, gk_item_get_uuid (item));
  g_assert_false (gk_context_save_item (fixture->context, item, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  news = make_complete_item (fixture);
  gk_item_set_kind (item, GK_KIND_INTERPRETATION);
  gk_item_set_field (item, GK_ITEM_INTERPRETS, gk_item_get_uuid (news));
  g_assert_false (gk_context_save_item (fixture->context, item, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  gk_item_set_kind (news, GK_KIND_POLICY);
  g_assert_true (gk_context_save_item (fixture->context, news, &error));
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  g_assert_no_error (error);
}

static void
test_transitions (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GkItem) item = make_complete_item (fixture);
  g_autoptr(GkItem) empty = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = gk_item_get_uuid (item);

  /* Draft → queued skips the sign-off: refused. */
  g_assert_false (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_QUEUED, NULL, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE);
  g_clear_error (&error);

  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_READY, NULL, &error));
  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_QUEUED, NULL, &error));
  g_assert_no_error (error);

  /* Queued: no edits, no deletion, until withdrawn. */
  gk_item_set_field (item, GK_ITEM_TITLE, "改了标题");
  g_assert_false (gk_context_save_item (fixture->context, item, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (gk_store_trash_item (fixture->store, uuid, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE);
  g_clear_error (&error);

  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_READY, NULL, &error));
  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_QUEUED, NULL, &error));
  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_SUBMITTED, NULL, &error));

  /* A rejection must carry the portal's reason. */
  g_assert_false (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_REJECTED, NULL, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_DRAFT, NULL, &error));
  g_clear_error (&error);

  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_PUBLISHED, NULL, &error));
  g_assert_cmpint (stored_state (fixture, uuid), ==, GK_ITEM_STATE_PUBLISHED);
  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_REJECTED, "附件缺少盖章页", &error));
  g_assert_no_error (error);

  /* Ready needs a title, content and the sign-off; the message names what is missing. */
  empty = gk_context_create_item (fixture->context, "cgg.cstzgg.czzj", &error);
  gk_item_set_field (empty, GK_ITEM_TITLE, "只有标题");
  gk_context_save_item (fixture->context, empty, &error);
  g_assert_false (gk_store_set_item_state (fixture->store, gk_item_get_uuid (empty), GK_ITEM_STATE_READY, NULL, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "只有标题"));
}

static void
test_revisions (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GkItem) item = make_complete_item (fixture);
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = gk_item_get_uuid (item);
  GkItem *archived;

  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_READY, NULL, &error);
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_QUEUED, NULL, &error);
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_SUBMITTED, NULL, &error);
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_REJECTED, "数据有误", &error);
  g_assert_no_error (error);

  /* Saving unchanged content changes nothing, not even the revision. */
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  g_assert_cmpuint (gk_item_get_revision (item), ==, 1);
  g_assert_cmpint (gk_item_get_state (item), ==, GK_ITEM_STATE_REJECTED);
  g_assert_cmpstr (gk_item_get_field (item, GK_ITEM_REJECT_REASON), ==, "数据有误");

  gk_item_set_field (item, GK_ITEM_BODY, "更正后的预算说明");
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gk_item_get_revision (item), ==, 2);
  g_assert_cmpint (gk_item_get_state (item), ==, GK_ITEM_STATE_DRAFT);
  g_assert_null (gk_item_get_field (item, GK_ITEM_REJECT_REASON));

  revisions = gk_store_list_revisions (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);
  archived = g_ptr_array_index (revisions, 0);
  g_assert_cmpuint (gk_item_get_revision (archived), ==, 1);
  g_assert_cmpint (gk_item_get_state (archived), ==, GK_ITEM_STATE_REJECTED);
  g_assert_cmpstr (gk_item_get_body (archived), ==, "预算说明");
  g_assert_cmpstr (gk_item_get_field (archived, GK_ITEM_REJECT_REASON), ==, "数据有误");

  /* Editing a ready item takes back its sign-off. */
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_READY, NULL, &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, "2026年市本级部门预算（更正）");
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  g_assert_cmpint (gk_item_get_state (item), ==, GK_ITEM_STATE_DRAFT);
  g_assert_cmpuint (gk_item_get_revision (item), ==, 2);
}

static void
on_item_signal_cb (GkStore    *store,
                   const char *uuid,
                   GString    *log)
{
  g_string_append_c (log, 'x');
}

static void
test_bin (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GkItem) item = make_complete_item (fixture);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) removed = g_string_new (NULL);
  g_autoptr(GString) added = g_string_new (NULL);
  g_autoptr(GkItem) gone = NULL;
  const char *uuid = gk_item_get_uuid (item);

  g_signal_connect (fixture->store, "item-removed", G_CALLBACK (on_item_signal_cb), removed);
  g_signal_connect (fixture->store, "item-added", G_CALLBACK (on_item_signal_cb), added);

  g_assert_true (gk_store_trash_item (fixture->store, uuid, &error));
  g_assert_cmpuint (removed->len, ==, 1);
  listed = gk_store_list_items (fixture->store, "市财政局", NULL, &error);
  g_assert_cmpuint (listed->len, ==, 0);

  g_assert_true (gk_store_restore_item (fixture->store, uuid, &error));
  g_assert_cmpuint (added->len, ==, 1);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = gk_store_list_items (fixture->store, "市财政局", "cgg.cstzgg.czzj", &error);
  g_assert_cmpuint (listed->len, ==, 1);

  /* Recent deletions survive emptying the bin; old ones do not. */
  gk_store_trash_item (fixture->store, uuid, &error);
  g_assert_cmpuint (gk_store_empty_trash (fixture->store, G_TIME_SPAN_DAY, &error), ==, 0);
  g_assert_cmpuint (gk_store_empty_trash (fixture->store, -G_TIME_SPAN_MINUTE, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_false (gk_store_restore_item (fixture->store, uuid, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  gone = gk_store_dup_item (fixture->store, uuid, &error);
  g_assert_null (gone);
}

/* The bin's view: what is in it and since when; 彻底删除 of one item and of nothing else. */
static void
test_bin_listing (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GkItem) kept = make_complete_item (fixture);
  g_autoptr(GkItem) first = make_complete_item (fixture);
  g_autoptr(GkItem) second = make_complete_item (fixture);
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  GkRemovedItem *entry;

  g_assert_true (gk_store_trash_item (fixture->store, gk_item_get_uuid (first), &error));
  g_assert_true (gk_store_trash_item (fixture->store, gk_item_get_uuid (second), &error));

  removed = gk_store_list_removed (fixture->store, "市财政局", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 2);
  entry = g_ptr_array_index (removed, 0);
  g_assert_cmpstr (gk_item_get_uuid (entry->item), ==, gk_item_get_uuid (second));
  g_assert_true (g_str_has_suffix (entry->removed_at, "Z"));
  g_clear_pointer (&removed, g_ptr_array_unref);
  removed = gk_store_list_removed (fixture->store, "市民政局", &error);
  g_assert_cmpuint (removed->len, ==, 0);

  /* Only the bin's items resolve there, and only live ones elsewhere. */
  found = gk_store_resolve_removed_uuid (fixture->store, "市财政局", gk_item_get_uuid (first), &error);
  g_assert_cmpstr (found, ==, gk_item_get_uuid (first));
  g_assert_null (gk_store_resolve_removed_uuid (fixture->store, "市财政局", gk_item_get_uuid (kept), &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A live item cannot be purged; a binned one goes for good, the other stays. */
  g_assert_false (gk_store_purge_item (fixture->store, gk_item_get_uuid (kept), &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (gk_store_purge_item (fixture->store, gk_item_get_uuid (first), &error));
  g_assert_false (gk_store_restore_item (fixture->store, gk_item_get_uuid (first), &error));
  g_clear_error (&error);
  g_assert_true (gk_store_restore_item (fixture->store, gk_item_get_uuid (second), &error));
  g_assert_no_error (error);
}

static void
test_counts_and_order (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GkItem) first = make_complete_item (fixture);
  g_autoptr(GkItem) second = make_complete_item (fixture);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strndup (gk_item_get_uuid (first), 8);
  g_autofree char *resolved = NULL;
  GkColumnCounts *entry;

  gk_store_set_item_state (fixture->store, gk_item_get_uuid (second), GK_ITEM_STATE_READY, NULL, &error);
  counts = gk_store_count_items (fixture->store, "市财政局", &error);
  g_assert_no_error (error);
  entry = g_hash_table_lookup (counts, "cgg.cstzgg.czzj");
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->total, ==, 2);
  g_assert_cmpuint (entry->by_state[GK_ITEM_STATE_DRAFT], ==, 1);
  g_assert_cmpuint (entry->by_state[GK_ITEM_STATE_READY], ==, 1);

  listed = gk_store_list_items (fixture->store, "市财政局", NULL, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpstr (gk_item_get_uuid (g_ptr_array_index (listed, 0)), ==, gk_item_get_uuid (second));

  resolved = gk_store_resolve_uuid (fixture->store, "市财政局", prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, gk_item_get_uuid (first));
  g_clear_pointer (&resolved, g_free);

  /* Another unit's liaison does not see this unit's items. */
  resolved = gk_store_resolve_uuid (fixture->store, "市民政局", prefix, &error);
  g_assert_null (resolved);
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND);
}

/* The column page's query: the first items of the full list, and how many there are in all. */
static void
test_newest_items (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items = 0;

  for (guint i = 0; i < 7; i++)
    g_object_unref (make_complete_item (fixture));
  all = gk_store_list_items (fixture->store, "市财政局", "cgg.cstzgg.czzj", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 7);
  g_assert_true (gk_store_trash_item (fixture->store, gk_item_get_uuid (g_ptr_array_index (all, 1)), &error));
  g_ptr_array_remove_index (all, 1);

  newest = gk_store_list_items_page (fixture->store, "市财政局", "cgg.cstzgg.czzj", 0, 4, &n_items, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items, ==, 6);
  g_assert_cmpuint (newest->len, ==, 4);
  for (guint i = 0; i < newest->len; i++)
    g_assert_cmpstr (gk_item_get_uuid (g_ptr_array_index (newest, i)), ==, gk_item_get_uuid (g_ptr_array_index (all, i)));
  g_clear_pointer (&newest, g_ptr_array_unref);

  newest = gk_store_list_items_page (fixture->store, "市财政局", "cgg.cstzgg.czzj", 0, G_MAXUINT, &n_items, &error);
  g_assert_cmpuint (newest->len, ==, 6);
  g_clear_pointer (&newest, g_ptr_array_unref);

  /* Another unit's items, and another column's, are not counted. */
  newest = gk_store_list_items_page (fixture->store, "市民政局", "cgg.cstzgg.czzj", 0, 4, &n_items, &error);
  g_assert_cmpuint (n_items, ==, 0);
  g_assert_cmpuint (newest->len, ==, 0);
  g_clear_pointer (&newest, g_ptr_array_unref);
  newest = gk_store_list_items_page (fixture->store, "市财政局", "zlwzz.yqyd.jjyx", 0, 4, &n_items, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items, ==, 0);
}

/* Pages at any offset, put together, are the full list in its order; past the end is empty. */
static void
test_items_pages (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items = 0;

  for (guint i = 0; i < 7; i++)
    g_object_unref (make_complete_item (fixture));
  all = gk_store_list_items (fixture->store, "市财政局", "cgg.cstzgg.czzj", &error);
  g_assert_no_error (error);

  for (guint offset = 0; offset < all->len; offset += 3)
    {
      g_autoptr(GPtrArray) page = gk_store_list_items_page (fixture->store, "市财政局", "cgg.cstzgg.czzj",
                                                            offset, 3, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, MIN (3, all->len - offset));
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpstr (gk_item_get_uuid (g_ptr_array_index (page, i)), ==,
                         gk_item_get_uuid (g_ptr_array_index (all, offset + i)));
    }

  g_clear_pointer (&all, g_ptr_array_unref);
  all = gk_store_list_items_page (fixture->store, "市财政局", "cgg.cstzgg.czzj", 7, 3, &n_items, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
  g_assert_cmpuint (n_items, ==, 7);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/items/create", Fixture, NULL, fixture_set_up, test_create_defaults, fixture_tear_down);
  g_test_add ("/items/field-checks", Fixture, NULL, fixture_set_up, test_field_checks, fixture_tear_down);
  g_test_add ("/items/transitions", Fixture, NULL, fixture_set_up, test_transitions, fixture_tear_down);
  g_test_add ("/items/revisions", Fixture, NULL, fixture_set_up, test_revisions, fixture_tear_down);
  g_test_add ("/items/bin", Fixture, NULL, fixture_set_up, test_bin, fixture_tear_down);
  g_test_add ("/items/bin-listing", Fixture, NULL, fixture_set_up, test_bin_listing, fixture_tear_down);
  g_test_add ("/items/counts-and-order", Fixture, NULL, fixture_set_up, test_counts_and_order, fixture_tear_down);
  g_test_add ("/items/newest", Fixture, NULL, fixture_set_up, test_newest_items, fixture_tear_down);
  g_test_add ("/items/pages", Fixture, NULL, fixture_set_up, test_items_pages, fixture_tear_down);

  return g_test_run ();
}
