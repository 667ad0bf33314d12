/* Search in Chinese: trigram substrings, two-character words, ranking, and the unit's fence. */
#include "config.h"

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

static GkItem *
add (Fixture    *fixture,
     const char *column,
     const char *title,
     const char *doc_number,
     const char *body)
{
  g_autoptr(GError) error = NULL;
  GkItem *item = gk_context_create_item (fixture->context, column, &error);

  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, title);
  gk_item_set_field (item, GK_ITEM_DOC_NUMBER, doc_number);
  gk_item_set_field (item, GK_ITEM_BODY, body);
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);

  return item;
}

static void
set_unit (Fixture    *fixture,
          const char *unit)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GError) error = NULL;

  gk_profile_set_unit (profile, unit);
  gk_context_save_profile (fixture->context, profile, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->store = gk_context_get_store (fixture->context);

  set_unit (fixture, "市民政局");
  g_object_unref (add (fixture, "hms.shjz.cxdb", "2026年第三季度城乡低保资金发放情况", "岳民发〔2026〕12号",
                       "全市城乡低保对象共计三万人，发放资金如下。"));
  g_object_unref (add (fixture, "hms.shjz.knjz", "临时救助政策解读", NULL,
                       "本文解读临时救助政策，涉及城乡低保边缘家庭。"));
  g_object_unref (add (fixture, "hms.shjz.yljz", "医疗救助“一站式”结算", "岳民函〔2026〕3号",
                       "符合条件的 100% 报销说明。"));

  /* Another unit's item that mentions the same words. */
  set_unit (fixture, "市扶贫办");
  g_object_unref (add (fixture, "hms.jzfp.fpdx", "城乡低保与扶贫对象衔接", NULL, "城乡低保"));
  set_unit (fixture, "市民政局");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->context);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GPtrArray *
search (Fixture    *fixture,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = gk_store_search (fixture->store, "市民政局", query, 0, GK_STORE_SEARCH_PAGE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);

  return found;
}

static const char *
title_at (GPtrArray *items,
          guint      index)
{
  return gk_item_get_title (g_ptr_array_index (items, index));
}

static void
test_trigram_and_ranking (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) found = search (fixture, "城乡低保");

  /* Both of this unit's items, the title match first; never the other unit's. */
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (title_at (found, 0), ==, "2026年第三季度城乡低保资金发放情况");
  g_assert_cmpstr (title_at (found, 1), ==, "临时救助政策解读");
}

static void
test_short_words (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) two = search (fixture, "低保");
  g_autoptr(GPtrArray) one = search (fixture, "保");
  g_autoptr(GPtrArray) mixed = search (fixture, "资金 低保");
  g_autoptr(GPtrArray) none = search (fixture, "低保 医疗");

  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpstr (title_at (two, 0), ==, "2026年第三季度城乡低保资金发放情况");
  g_assert_cmpuint (one->len, ==, 2);
  g_assert_cmpuint (mixed->len, ==, 1);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_doc_number_and_syntax (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) number = search (fixture, "岳民函〔2026〕3号");
  g_autoptr(GPtrArray) quoted = search (fixture, "“一站式”");
  g_autoptr(GPtrArray) percent = search (fixture, "0%");
  g_autoptr(GPtrArray) operators = search (fixture, "AND OR NOT \"*");
  g_autoptr(GPtrArray) blank = search (fixture, "  \t ");

  g_assert_cmpuint (number->len, ==, 1);
  g_assert_cmpstr (title_at (number, 0), ==, "医疗救助“一站式”结算");
  g_assert_cmpuint (quoted->len, ==, 1);
  /* % is a literal percent sign, not a LIKE wildcard. */
  g_assert_cmpuint (percent->len, ==, 1);
  g_assert_cmpuint (operators->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
}

static void
test_follows_edits (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GkItem) item = add (fixture, "hms.shjz.cxdb", "旧标题", NULL, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GError) error = NULL;

  gk_item_set_field (item, GK_ITEM_TITLE, "困难群众基本生活保障");
  gk_context_save_item (fixture->context, item, &error);
  before = search (fixture, "旧标题");
  after = search (fixture, "基本生活");
  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpuint (after->len, ==, 1);

  gk_store_trash_item (fixture->store, gk_item_get_uuid (item), &error);
  trashed = search (fixture, "基本生活");
  g_assert_cmpuint (trashed->len, ==, 0);

  /* Back from the bin, back on the unit's shelf of the index. */
  gk_store_restore_item (fixture->store, gk_item_get_uuid (item), &error);
  g_assert_no_error (error);
  restored = search (fixture, "基本生活");
  g_assert_cmpuint (restored->len, ==, 1);
}

static GPtrArray *
page_of (Fixture    *fixture,
         const char *query,
         guint       offset)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = gk_store_search (fixture->store, "市民政局", query, offset, GK_STORE_SEARCH_PAGE, &error);

  g_assert_no_error (error);
  return found;
}

/*
 * Pages of 50: every word in the title first, then the rest, each newest first; no other unit's
 * item and nothing in the bin, on the index's path (3 characters) and the short words' (2).
 */
static void
test_pages (Fixture       *fixture,
            gconstpointer  user_data)
{
  static const char * const queries[] = { "特困供养", "特困" };
  g_autoptr(GPtrArray) title_hits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) body_hits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("第%u批特困供养人员名单", i + 1);

      g_ptr_array_add (title_hits, add (fixture, "hms.shjz.cxdb", title, NULL, "名单见附件。"));
    }
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *title = g_strdup_printf ("第%u期救助资金发放情况", i + 1);

      g_ptr_array_add (body_hits, add (fixture, "hms.shjz.cxdb", title, NULL, "其中含特困供养人员的资金。"));
    }
  set_unit (fixture, "市扶贫办");
  g_object_unref (add (fixture, "hms.jzfp.fpdx", "特困供养与扶贫衔接", NULL, "特困供养"));
  set_unit (fixture, "市民政局");
  gk_store_trash_item (fixture->store, gk_item_get_uuid (g_ptr_array_index (body_hits, 59)), &error);
  g_assert_no_error (error);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) first = page_of (fixture, queries[q], 0);
      g_autoptr(GPtrArray) second = page_of (fixture, queries[q], GK_STORE_SEARCH_PAGE);
      g_autoptr(GPtrArray) beyond = page_of (fixture, queries[q], 2 * GK_STORE_SEARCH_PAGE);

      g_assert_cmpuint (first->len, ==, GK_STORE_SEARCH_PAGE);
      g_assert_cmpuint (second->len, ==, 3 + 59 - GK_STORE_SEARCH_PAGE);
      g_assert_cmpuint (beyond->len, ==, 0);

      /* Titles first, the newest first; then the bodies, the newest (the 59th: the 60th is in the bin). */
      for (guint i = 0; i < 3; i++)
        g_assert_cmpstr (gk_item_get_uuid (g_ptr_array_index (first, i)), ==,
                         gk_item_get_uuid (g_ptr_array_index (title_hits, 2 - i)));
      for (guint i = 3; i < first->len; i++)
        g_assert_cmpstr (gk_item_get_uuid (g_ptr_array_index (first, i)), ==,
                         gk_item_get_uuid (g_ptr_array_index (body_hits, 58 - (i - 3))));
      g_assert_cmpstr (gk_item_get_uuid (g_ptr_array_index (second, second->len - 1)), ==,
                       gk_item_get_uuid (g_ptr_array_index (body_hits, 0)));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/trigram-and-ranking", Fixture, NULL, fixture_set_up, test_trigram_and_ranking, fixture_tear_down);
  g_test_add ("/search/short-words", Fixture, NULL, fixture_set_up, test_short_words, fixture_tear_down);
  g_test_add ("/search/doc-number-and-syntax", Fixture, NULL, fixture_set_up, test_doc_number_and_syntax, fixture_tear_down);
  g_test_add ("/search/pages", Fixture, NULL, fixture_set_up, test_pages, fixture_tear_down);
  g_test_add ("/search/follows-edits", Fixture, NULL, fixture_set_up, test_follows_edits, fixture_tear_down);

  return g_test_run ();
}
