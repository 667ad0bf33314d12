/* The GUI's windows driven through GTK itself: the unit picker stores a profile, the main window shows its columns. */
#include "config.h"

#include <gtk/gtk.h>

#include "gk-assignment.h"
#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-column-page.h"
#include "gk-context-private.h"
#include "gk-profile.h"
#include "gk-profile-window.h"
#include "gk-store.h"
#include "gk-gui-test-util.h"
#include "gk-item.h"
#include "gk-item-row.h"
#include "gk-test-util.h"
#include "gk-window.h"

/* Counted by hand in the task table of the 2017 notice. */
#define FINANCE_BUREAU "市财政局"
#define FINANCE_BUREAU_N_COLUMNS 8
#define SERVICE_CENTRE "市政务中心"
#define SERVICE_CENTRE_N_COLUMNS 4

static guint
count_columns_for_unit (GkContext  *context,
                        const char *unit)
{
  g_autoptr(GListModel) columns = gk_catalog_dup_columns_for_unit (gk_context_get_catalog (context), unit);

  return g_list_model_get_n_items (columns);
}

static void
on_saved_cb (GkProfileWindow *window,
             guint           *n_saved)
{
  (*n_saved)++;
}

static void
test_profile_window_picks_unit (GkGuiFixture  *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GkProfileWindow) window = g_object_ref_sink (gk_profile_window_new (NULL, fixture->context, TRUE));
  const char * const *units = gk_catalog_get_units (gk_context_get_catalog (fixture->context));
  GtkSearchEntry *search = gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "unit_search");
  GtkListBox *list = gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "unit_list");
  GtkWidget *save = gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "save_button");
  GtkInfoBar *error_bar = gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "error_bar");
  GtkEntry *phone = gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "phone_entry");
  g_autoptr(GkProfile) stored = NULL;
  GtkListBoxRow *row;
  guint n_matching = 0;
  guint n_saved = 0;

  g_signal_connect (window, "saved", G_CALLBACK (on_saved_cb), &n_saved);
  gtk_widget_show (GTK_WIDGET (window));
  gk_gui_test_drain_events ();

  /* Every unit of the catalog is offered, and nothing can be saved before one is chosen. */
  g_assert_cmpuint (gk_gui_test_count_rows (list, FALSE), ==, g_strv_length ((char **) units));
  g_assert_cmpuint (gk_gui_test_count_rows (list, FALSE), ==, 35);
  g_assert_false (gtk_widget_get_sensitive (save));

  for (guint i = 0; units[i] != NULL; i++)
    n_matching += strstr (units[i], "财政") != NULL;
  g_assert_cmpuint (n_matching, >=, 1);

  gtk_entry_set_text (GTK_ENTRY (search), "财政");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (gk_gui_test_count_rows (list, TRUE), ==, n_matching);
  row = gk_gui_test_find_row (list, FINANCE_BUREAU);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (row)));
  g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (gk_gui_test_find_row (list, "市统计局"))));

  /* Pinyin initials, full pinyin and the official name with the city find it too. */
  {
    const char * const searches[] = { "czj", "CaiZheng", "岳阳市财政局" };

    for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
      {
        gtk_entry_set_text (GTK_ENTRY (search), searches[i]);
        g_signal_emit_by_name (search, "search-changed");
        g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (gk_gui_test_find_row (list, FINANCE_BUREAU))));
        g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (gk_gui_test_find_row (list, "市统计局"))));
      }
    gtk_entry_set_text (GTK_ENTRY (search), "财政");
    g_signal_emit_by_name (search, "search-changed");
  }

  gtk_list_box_select_row (list, row);
  g_assert_cmpstr (gk_profile_window_get_unit (window), ==, FINANCE_BUREAU);
  g_assert_true (gtk_widget_get_sensitive (save));

  /* The four the notice asks for are marked required while empty. */
  g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "leader_entry")), "gk-missing"));
  g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (GTK_WIDGET (phone)), "gk-missing"));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "office_entry")), ==, "Required");

  gtk_entry_set_text (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "liaison_entry"), "黄筱丹");
  g_assert_false (gtk_style_context_has_class (gtk_widget_get_style_context (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "liaison_entry")), "gk-missing"));
  gtk_entry_set_text (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "leader_entry"), "李局长");
  gtk_entry_set_text (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "office_entry"), "办公室");

  /* A bad phone number is refused in the window; nothing typed is lost and nothing is stored. */
  gtk_entry_set_text (phone, "88-20");
  gtk_button_clicked (GTK_BUTTON (save));
  g_assert_cmpuint (n_saved, ==, 0);
  g_assert_true (gtk_info_bar_get_revealed (error_bar));
  g_assert_cmpstr (gtk_entry_get_text (phone), ==, "88-20");
  g_assert_cmpstr (gtk_entry_get_text (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "liaison_entry")), ==, "黄筱丹");
  stored = gk_store_dup_profile (gk_context_get_store (fixture->context));
  g_assert_null (gk_profile_get_unit (stored));
  g_clear_object (&stored);

  gtk_entry_set_text (phone, "0730-8882003");
  gtk_button_clicked (GTK_BUTTON (save));
  g_assert_cmpuint (n_saved, ==, 1);

  stored = gk_store_dup_profile (gk_context_get_store (fixture->context));
  g_assert_cmpstr (gk_profile_get_unit (stored), ==, FINANCE_BUREAU);
  g_assert_cmpstr (gk_profile_get_liaison (stored), ==, "黄筱丹");
  g_assert_cmpstr (gk_profile_get_phone (stored), ==, "0730-8882003");
  g_assert_cmpstr (gk_profile_get_leader (stored), ==, "李局长");
  g_assert_cmpstr (gk_profile_get_office (stored), ==, "办公室");
}

/* Editing later starts from the stored profile, with the stored unit chosen. */
static void
test_profile_window_edits_stored_profile (GkGuiFixture  *fixture,
                                          gconstpointer  user_data)
{
  g_autoptr(GkProfileWindow) window = NULL;
  GtkListBox *list;

  gk_gui_test_save_profile (fixture, SERVICE_CENTRE);
  window = g_object_ref_sink (gk_profile_window_new (NULL, fixture->context, FALSE));
  list = gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "unit_list");

  g_assert_cmpstr (gk_profile_window_get_unit (window), ==, SERVICE_CENTRE);
  g_assert_nonnull (gtk_list_box_get_selected_row (list));
  g_assert_cmpstr (gk_gui_test_get_row_name (gtk_list_box_get_selected_row (list)), ==, SERVICE_CENTRE);
  g_assert_cmpstr (gtk_entry_get_text (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "liaison_entry")), ==, "黄筱丹");
  g_assert_true (gtk_widget_get_sensitive (gk_gui_test_get_child (window, GK_TYPE_PROFILE_WINDOW, "save_button")));

  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
assert_sidebar_matches_catalog (GkGuiFixture *fixture,
                                GkWindow   *window,
                                const char *unit)
{
  GtkListBox *sidebar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "sidebar");
  g_autoptr(GListModel) columns = gk_catalog_dup_columns_for_unit (gk_context_get_catalog (fixture->context), unit);
  guint n = g_list_model_get_n_items (columns);

  g_assert_cmpuint (gk_gui_test_count_rows (sidebar, FALSE), ==, n);
  g_assert_cmpstr (gk_window_get_unit (window), ==, unit);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (columns, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (sidebar, (int) i);

      g_assert_cmpstr (gk_gui_test_get_row_name (row), ==, gk_column_get_title (column));
    }

  /* The first row opens its 一级 group. */
  g_assert_nonnull (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (sidebar, 0)));
}

static void
test_window_shows_unit_columns (GkGuiFixture  *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  GtkListBox *sidebar;
  GtkHeaderBar *header_bar;
  GkColumnPage *page;
  GtkListBoxRow *row;
  const char *text;

  gk_gui_test_save_profile (fixture, FINANCE_BUREAU);
  window = g_object_ref_sink (gk_window_new (NULL, fixture->context, NULL));
  gtk_widget_show (GTK_WIDGET (window));
  gk_gui_test_drain_events ();

  sidebar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "sidebar");
  header_bar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "header_bar");
  page = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "column_page");

  g_assert_cmpuint (count_columns_for_unit (fixture->context, FINANCE_BUREAU), ==, FINANCE_BUREAU_N_COLUMNS);
  assert_sidebar_matches_catalog (fixture, window, FINANCE_BUREAU);
  g_assert_cmpstr (gtk_header_bar_get_subtitle (header_bar), ==, FINANCE_BUREAU);
  /* Set once the window is on screen (gk-window.c): the window manager's, not the first frame's. */
  g_assert_cmpstr (gtk_window_get_icon_name (GTK_WINDOW (window)), ==, APP_ID);
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APP_ID);
  for (guint i = 0; i < 4; i++)
    g_assert_nonnull (gk_gui_test_find_row (sidebar, (const char *[]) { "经济运行", "财政资金", "营改增", "地方性债务" }[i]));
  g_assert_null (gk_gui_test_find_row (sidebar, "会议公开"));

  /* 经济运行 has one description per unit: the page shows this unit's, and names the other unit. */
  row = gk_gui_test_find_row (sidebar, "经济运行");
  gtk_list_box_select_row (sidebar, row);
  g_assert_cmpstr (gk_column_get_title (gk_column_page_get_column (page)), ==, "经济运行");
  text = gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_COLUMN_PAGE, "description_label"));
  g_assert_true (g_str_has_prefix (text, "定期公开全市财政收支情况"));
  text = gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_COLUMN_PAGE, "partners_label"));
  g_assert_cmpstr (text, ==, "市统计局");
  text = gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_COLUMN_PAGE, "path_label"));
  g_assert_cmpstr (text, ==, "助力稳增长 / 预期引导 / 经济运行");
  text = gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_COLUMN_PAGE, "cadence_label"));
  g_assert_cmpstr (text, ==, "Every 1 quarter");

  /* A new unit in the store rebuilds the sidebar: 市政务中心's columns have no 三级, so rows are named by 二级. */
  gk_gui_test_save_profile (fixture, SERVICE_CENTRE);
  g_assert_cmpuint (count_columns_for_unit (fixture->context, SERVICE_CENTRE), ==, SERVICE_CENTRE_N_COLUMNS);
  assert_sidebar_matches_catalog (fixture, window, SERVICE_CENTRE);
  g_assert_cmpstr (gtk_header_bar_get_subtitle (header_bar), ==, SERVICE_CENTRE);
  g_assert_nonnull (gk_gui_test_find_row (sidebar, "政策法规"));
  g_assert_null (gk_gui_test_find_row (sidebar, "经济运行"));

  gtk_widget_destroy (GTK_WIDGET (window));
}

/* The uuids of the item rows, top to bottom. */
static GPtrArray *
list_item_rows (GtkListBox *list)
{
  GPtrArray *uuids = g_ptr_array_new ();
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    g_ptr_array_add (uuids, (gpointer) gk_item_row_get_uuid (GK_ITEM_ROW (row)));

  return uuids;
}

/*
 * The rows show a few of @created (newest first), from the top or up to the end: a screenful,
 * however tall the window has become by now.
 */
static void
assert_rows_show (GtkListBox *list,
                  GPtrArray  *created,
                  gboolean    at_end)
{
  g_autoptr(GPtrArray) uuids = list_item_rows (list);
  guint first = at_end ? created->len - uuids->len : 0;

  g_assert_cmpuint (uuids->len, >, 2);
  g_assert_cmpuint (uuids->len, <, created->len);
  for (guint i = 0; i < uuids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (uuids, i), ==, g_ptr_array_index (created, first + i));
}

/*
 * A column of 40 items: rows for a screenful of the newest at once, the same rows showing
 * the oldest once scrolled to the end, and the cursor keys over all 40, not only the rows.
 */
static void
test_window_fills_item_list (GkGuiFixture  *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GtkListBox *sidebar;
  GtkListBox *items_list;
  GtkAdjustment *adjustment;
  GkColumnPage *page;

  gk_gui_test_save_profile (fixture, FINANCE_BUREAU);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GkItem) item = gk_context_create_item (fixture->context, "cgg.cstzgg.czzj", &error);
      g_autofree char *title = g_strdup_printf ("财政资金信息%02u", i);

      g_assert_no_error (error);
      gk_item_set_field (item, GK_ITEM_TITLE, title);
      g_assert_true (gk_context_save_item (fixture->context, item, &error));
      g_ptr_array_insert (created, 0, g_strdup (gk_item_get_uuid (item)));
    }

  window = g_object_ref_sink (gk_window_new (NULL, fixture->context, NULL));
  gtk_widget_show (GTK_WIDGET (window));
  gk_gui_test_drain_events ();
  sidebar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "sidebar");
  page = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "column_page");
  items_list = gk_gui_test_get_child (page, GK_TYPE_COLUMN_PAGE, "items_list");
  adjustment = gtk_scrollable_get_vadjustment (gk_gui_test_get_child (page, GK_TYPE_COLUMN_PAGE, "item_list"));

  gtk_list_box_select_row (sidebar, gk_gui_test_find_row (sidebar, "财政资金"));
  g_assert_cmpstr (gk_column_get_id (gk_column_page_get_column (page)), ==, "cgg.cstzgg.czzj");
  gk_gui_test_drain_events ();
  assert_rows_show (items_list, created, FALSE);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 5 * gtk_adjustment_get_page_size (adjustment));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gk_gui_test_drain_events ();
  assert_rows_show (items_list, created, TRUE);

  /* Home from the last row goes to the newest item, which is then selected. */
  g_signal_emit_by_name (items_list, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, -1);
  gk_gui_test_drain_events ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  assert_rows_show (items_list, created, FALSE);
  g_assert_cmpstr (gk_item_row_get_uuid (GK_ITEM_ROW (gtk_list_box_get_selected_row (items_list))), ==,
                   g_ptr_array_index (created, 0));

  /* Down twice, then End: the selection follows the items, beyond the rows built. */
  g_signal_emit_by_name (items_list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 2);
  gk_gui_test_drain_events ();
  g_assert_cmpstr (gk_item_row_get_uuid (GK_ITEM_ROW (gtk_list_box_get_selected_row (items_list))), ==,
                   g_ptr_array_index (created, 2));
  g_signal_emit_by_name (items_list, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, 1);
  gk_gui_test_drain_events ();
  assert_rows_show (items_list, created, TRUE);
  g_assert_cmpstr (gk_item_row_get_uuid (GK_ITEM_ROW (gtk_list_box_get_selected_row (items_list))), ==,
                   g_ptr_array_index (created, 39));

  gtk_widget_destroy (GTK_WIDGET (window));
}

/* An imported catalog rebuilds the sidebar; one that drops the unit shows the way back to the picker. */
static void
test_window_follows_catalog (GkGuiFixture  *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (root);
  JsonArray *columns = json_object_get_array_member (object, "columns");
  GtkListBox *sidebar;
  GtkStack *stack;

  gk_gui_test_save_profile (fixture, FINANCE_BUREAU);
  window = g_object_ref_sink (gk_window_new (NULL, fixture->context, NULL));
  sidebar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "sidebar");
  stack = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "stack");
  g_assert_cmpuint (gk_gui_test_count_rows (sidebar, FALSE), ==, FINANCE_BUREAU_N_COLUMNS);

  /* Version 2017.3 without the last column (地方性债务, 市财政局's alone). */
  for (guint i = json_array_get_length (columns); i > 0; i--)
    {
      JsonObject *column = json_array_get_object_element (columns, i - 1);

      if (g_str_equal (json_object_get_string_member_with_default (column, "level3", ""), "地方性债务"))
        json_array_remove_element (columns, i - 1);
    }
  json_object_set_string_member (object, "version", "2017.3");
  path = gk_test_write_catalog (fixture->data_dir, "newer.json", root);
  file = g_file_new_for_path (path);
  gk_context_import_catalog (fixture->context, file, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (gk_gui_test_count_rows (sidebar, FALSE), ==, FINANCE_BUREAU_N_COLUMNS - 1);
  g_assert_null (gk_gui_test_find_row (sidebar, "地方性债务"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "columns");

  /* A unit the catalog no longer knows (written past the validation, as an old store could hold it). */
  {
    g_autoptr(GkProfile) profile = gk_profile_new ();

    gk_profile_set_unit (profile, "市已撤销局");
    gk_store_save_profile (gk_context_get_store (fixture->context), profile, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (gk_gui_test_count_rows (sidebar, FALSE), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  gtk_widget_destroy (GTK_WIDGET (window));
}

int
main (int    argc,
      char **argv)
{
  if (!gk_gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add ("/gui/profile-window/picks-unit", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_profile_window_picks_unit, gk_gui_fixture_tear_down);
  g_test_add ("/gui/profile-window/edits-stored-profile", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_profile_window_edits_stored_profile, gk_gui_fixture_tear_down);
  g_test_add ("/gui/window/shows-unit-columns", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_shows_unit_columns, gk_gui_fixture_tear_down);
  g_test_add ("/gui/window/fills-item-list", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_fills_item_list, gk_gui_fixture_tear_down);
  g_test_add ("/gui/window/follows-catalog", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_follows_catalog, gk_gui_fixture_tear_down);

  return g_test_run ();
}
