/* The self-check page, the sidebar's state dots and the editor's personal-information marks, through GTK itself. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "gk-check-page.h"
#include "gk-column.h"
#include "gk-column-row.h"
#include "gk-context-private.h"
#include "gk-gui-test-util.h"
#include "gk-item.h"
#include "gk-item-editor.h"
#include "gk-override-dialog.h"
#include "gk-store.h"
#include "gk-window.h"

/* 市财政局 has eight columns: five blank ones make the blank-column rule a veto. */
#define VETO_UNIT "市财政局"
#define SMALL_UNIT "市民政局"
#define WHAT_IF "2017-09-13"

static void
size_window (GtkWidget *window)
{
  const char *size = g_getenv ("GK_TEST_SCREENSHOT_SIZE");
  int width = 1280, height = 800;

  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  gtk_window_resize (GTK_WINDOW (window), width, height);
}

/* An item the portal published in @column_id on @date, as the sync engine records it. */
static void
publish (GkGuiFixture *fixture,
         const char   *unit,
         const char   *id,
         const char   *column_id,
         const char   *date)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"column_id\": \"%s\", \"kind\": \"other\", \"title\": \"%s\", "
                                           "\"revision\": 1, \"status\": \"published\", \"published_at\": \"%sT08:00:00Z\", "
                                           "\"updated_at\": \"%sT08:00:00Z\"}", id, column_id, id, date, date);

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (gk_store_record_portal_item (gk_context_get_store (fixture->context), unit,
                                              json_node_get_object (json_parser_get_root (parser)), NULL, &error));
  g_assert_no_error (error);
}

static char *
days_before (const char *date,
             guint       days)
{
  GDate d;
  char text[16];

  g_assert_true (gk_check_parse_date (date, &d));
  g_date_subtract_days (&d, days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &d);

  return g_strdup (text);
}

/* The day a column with @cadence must have been updated on to fall due @days after @date. */
static char *
updated_to_fall_due (const GkCadence *cadence,
                     const char      *date,
                     guint            days)
{
  GDate target, published, until;
  char text[16];

  g_assert_true (gk_check_parse_date (date, &target));
  g_date_add_days (&target, days);
  published = target;
  do
    {
      g_date_subtract_days (&published, 1);
      gk_cadence_add (cadence, &published, &until);
    }
  while (g_date_compare (&until, &target) > 0);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &published);

  return g_strdup (text);
}

/* One column up to date, one due within the warning window, one stale, the other five blank. */
static void
prepare_mixed_store (GkGuiFixture *fixture)
{
  g_autoptr(GkCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GDate as_of;
  GkColumnStatus *status;
  g_autofree char *ok = days_before (WHAT_IF, 1);
  g_autofree char *due = NULL;

  gk_gui_test_save_profile (fixture, VETO_UNIT);
  g_assert_true (gk_check_parse_date (WHAT_IF, &as_of));
  result = gk_check_run (fixture->context, &as_of, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->columns->len, ==, 8);

  publish (fixture, VETO_UNIT, "ok", ((GkColumnStatus *) g_ptr_array_index (result->columns, 0))->column_id, ok);
  status = g_ptr_array_index (result->columns, 1);
  due = updated_to_fall_due (&status->cadence, WHAT_IF, 5);
  publish (fixture, VETO_UNIT, "due", status->column_id, due);
  publish (fixture, VETO_UNIT, "stale", ((GkColumnStatus *) g_ptr_array_index (result->columns, 2))->column_id, "2014-01-01");
}

static GkCheckPage *
show_check (GkGuiFixture  *fixture,
            GtkWidget    **window,
            const char    *as_of)
{
  GtkStack *content;
  GkCheckPage *page;

  *window = GTK_WIDGET (gk_window_new (NULL, fixture->context, NULL));
  size_window (*window);
  gtk_widget_show (*window);
  gk_gui_test_drain_events ();
  gk_window_show_check (GK_WINDOW (*window));

  content = gk_gui_test_get_child (*window, GK_TYPE_WINDOW, "content_stack");
  page = GK_CHECK_PAGE (gtk_stack_get_visible_child (content));
  g_assert_true (GK_IS_CHECK_PAGE (page));
  if (as_of != NULL)
    gtk_entry_set_text (gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "date_entry"), as_of);
  gk_gui_test_wait (300);
  /* The check runs in a worker: its result comes back on the main loop. */
  while (gk_check_page_is_checking (page))
    g_main_context_iteration (NULL, TRUE);
  gk_gui_test_drain_events ();

  return page;
}

static GtkListBox *
get_list (GkCheckPage *page,
          const char  *name)
{
  return gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, name);
}

static gboolean
veto_shown (GkCheckPage *page)
{
  GtkInfoBar *bar = gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "veto_bar");

  return gtk_widget_get_visible (GTK_WIDGET (bar)) && gtk_info_bar_get_revealed (bar);
}

static void
test_page_rows (GkGuiFixture  *fixture,
                gconstpointer  user_data)
{
  GtkWidget *window;
  GkCheckPage *page;
  GkCheckResult *result;
  GtkListBox *sidebar;
  GtkListBoxRow *row;
  const char *scope;
  const char *summary;
  GtkWidget *what_if;

  prepare_mixed_store (fixture);
  page = show_check (fixture, &window, WHAT_IF);
  result = gk_check_page_get_result (page);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->as_of, ==, WHAT_IF);

  g_assert_cmpuint (result->n_by_state[GK_COLUMN_OK], ==, 1);
  g_assert_cmpuint (result->n_by_state[GK_COLUMN_DUE_SOON], ==, 1);
  g_assert_cmpuint (result->n_by_state[GK_COLUMN_STALE], ==, 1);
  g_assert_cmpuint (result->n_by_state[GK_COLUMN_BLANK], ==, 5);
  g_assert_cmpuint (gk_gui_test_count_rows (get_list (page, "column_list"), FALSE), ==, 8);
  g_assert_cmpuint (gk_gui_test_count_rows (get_list (page, "finding_list"), FALSE), ==, result->findings->len);
  g_assert_cmpuint (result->n_by_severity[GK_SEVERITY_VETO], >, 0);
  g_assert_true (veto_shown (page));

  /* The summary says the counts; a date that is not today says it is a "what if". */
  summary = gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "summary_label"));
  g_assert_nonnull (strstr (summary, WHAT_IF));
  g_assert_nonnull (strstr (summary, "5"));
  what_if = gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "what_if_label");
  g_assert_true (gtk_widget_get_visible (what_if));
  /* The 解读率 and how the columns were counted (no portal here: the unit's own only). */
  scope = gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "scope_label"));
  g_assert_nonnull (strstr (scope, "Interpretation rate"));
  g_assert_nonnull (strstr (scope, "this unit’s own columns only"));

  /* Each column row names its state in words, not only in colour. */
  row = gtk_list_box_get_row_at_index (get_list (page, "column_list"), 7);
  g_assert_nonnull (strstr (gk_gui_test_get_row_name (row), gk_column_state_get_label (GK_COLUMN_BLANK)));
  gk_gui_test_snap ("check-page");

  /* A blank column's finding leads to that column in the sidebar. */
  sidebar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "sidebar");
  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);
      g_autofree char *column_id = NULL;

      if (finding->rule != GK_RULE_BLANK || finding->column_id == NULL)
        continue;

      column_id = g_strdup (finding->column_id);
      row = gtk_list_box_get_row_at_index (get_list (page, "finding_list"), (int) i);
      g_signal_emit_by_name (get_list (page, "finding_list"), "row-activated", row);
      gk_gui_test_drain_events ();
      row = gtk_list_box_get_selected_row (sidebar);
      g_assert_cmpstr (gk_column_get_id (gk_column_row_get_column (GK_COLUMN_ROW (row))), ==, column_id);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (gk_gui_test_get_child (window, GK_TYPE_WINDOW, "content_stack")),
                       ==, "column");
      break;
    }

  /* The dots: today every column of this store is stale or blank except none; the dot names it. */
  row = gtk_list_box_get_row_at_index (sidebar, 7);
  g_assert_nonnull (atk_object_get_description (gtk_widget_get_accessible (GTK_WIDGET (row))));
  gk_gui_test_snap ("sidebar-dots");

  gtk_widget_destroy (window);
}

static void
test_no_veto (GkGuiFixture  *fixture,
              gconstpointer  user_data)
{
  GtkWidget *window;
  GkCheckPage *page;

  gk_gui_test_save_profile (fixture, SMALL_UNIT);
  page = show_check (fixture, &window, NULL);
  g_assert_cmpuint (gk_check_page_get_result (page)->n_by_state[GK_COLUMN_BLANK], ==, 3);
  g_assert_cmpuint (gk_check_page_get_result (page)->n_by_severity[GK_SEVERITY_VETO], ==, 0);
  g_assert_false (veto_shown (page));
  g_assert_false (gtk_widget_get_visible (gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "what_if_label")));

  gtk_widget_destroy (window);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *accessible_name)
{
  g_autoptr(GList) children = NULL;

  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)), accessible_name) == 0)
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;

  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = find_button (l->data, accessible_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* As of today the findings are recorded, so a measure can be written for one and is kept. */
static void
test_measure (GkGuiFixture  *fixture,
              gconstpointer  user_data)
{
  GtkWidget *window;
  GkCheckPage *page;
  GtkWidget *button;
  GtkTextView *view;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  GkCheckLogEntry *measured = NULL;
  g_autofree char *measure_name = NULL;

  gk_gui_test_save_profile (fixture, SMALL_UNIT);
  page = show_check (fixture, &window, NULL);

  measure_name = g_strdup_printf (_("Measure for %s"), "城乡低保");
  button = find_button (GTK_WIDGET (get_list (page, "finding_list")), measure_name);
  g_assert_nonnull (button);
  gtk_button_clicked (GTK_BUTTON (button));
  gk_gui_test_drain_events ();
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "measure_popover")));

  view = gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "measure_view");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "9月15日前发布低保名单", -1);
  gtk_entry_set_text (gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "measure_due_entry"), "2099-09-15");
  gk_gui_test_snap ("measure-popover");
  gtk_button_clicked (gk_gui_test_get_child (page, GK_TYPE_CHECK_PAGE, "measure_save_button"));
  gk_gui_test_wait (300);

  log = gk_check_list_log (fixture->context, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_strcmp0 (((GkCheckLogEntry *) g_ptr_array_index (log, i))->key, "blank:hms.shjz.cxdb") == 0)
      measured = g_ptr_array_index (log, i);
  g_assert_nonnull (measured);
  g_assert_cmpstr (measured->measure, ==, "9月15日前发布低保名单");
  g_assert_cmpstr (measured->due_on, ==, "2099-09-15");

  gtk_widget_destroy (window);
}

static void
test_pdf (GkGuiFixture  *fixture,
          gconstpointer  user_data)
{
  GtkWidget *window;
  GkCheckPage *page;
  g_autofree char *path = g_build_filename (fixture->data_dir, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  prepare_mixed_store (fixture);
  page = show_check (fixture, &window, WHAT_IF);
  g_assert_true (gk_check_page_write_pdf (page, path, &error));
  g_assert_no_error (error);

  if (g_find_program_in_path ("pdftotext") == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      gtk_widget_destroy (window);
      return;
    }
  command = g_strdup_printf ("pdftotext '%s' -", path);
  g_assert_true (g_spawn_command_line_sync (command, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, VETO_UNIT));
  g_assert_nonnull (strstr (text, WHAT_IF));

  gtk_widget_destroy (window);
}

/* A generated resident ID (never a real person's): region 430602, born 1980-01-01, ISO 7064 MOD 11-2. */
static char *
make_id (void)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  const char *body = "43060219800101123";
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (body[i] - '0') * weights[i];

  return g_strdup_printf ("%s%c", body, "10X98765432"[sum % 11]);
}

static GkItemEditor *
edit_new_item (GkGuiFixture  *fixture,
               GtkWidget    **window,
               char         **uuid)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  GkItemEditor *editor = GK_ITEM_EDITOR (gk_item_editor_new (fixture->context));

  gk_gui_test_save_profile (fixture, SMALL_UNIT);
  item = gk_context_create_item (fixture->context, "hms.shjz.cxdb", &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, "2017年低保名单");
  gk_item_set_field (item, GK_ITEM_REVIEWER, "王五");
  gk_item_set_field (item, GK_ITEM_REVIEWED_ON, "2017-09-01");
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  *uuid = g_strdup (gk_item_get_uuid (item));

  *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  size_window (*window);
  gtk_container_add (GTK_CONTAINER (*window), GTK_WIDGET (editor));
  gtk_widget_show_all (*window);
  g_assert_true (gk_item_editor_set_uuid (editor, *uuid));
  gk_gui_test_drain_events ();

  return editor;
}

/* Submit scans in a worker: its verdict comes back on the main loop. */
static void
wait_for_submission (GkItemEditor *editor)
{
  while (gk_item_editor_is_submitting (editor))
    g_main_context_iteration (NULL, TRUE);
  gk_gui_test_drain_events ();
}

static void
activate (GkItemEditor *editor,
          const char   *action)
{
  g_action_group_activate_action (gtk_widget_get_action_group (GTK_WIDGET (editor), "editor"), action, NULL);
  gk_gui_test_drain_events ();
  wait_for_submission (editor);
}

static void
test_editor_marks_and_masks (GkGuiFixture  *fixture,
                             gconstpointer  user_data)
{
  GtkWidget *window;
  g_autofree char *uuid = NULL;
  GkItemEditor *editor = edit_new_item (fixture, &window, &uuid);
  GkPrivacyMarks *marks = gk_item_editor_get_privacy_marks (editor);
  GtkTextView *view = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "body_view");
  GtkInfoBar *bar = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "privacy_bar");
  g_autofree char *id = make_id ();
  g_autofree char *body = g_strdup_printf ("低保对象：张某，身份证号%s，住岳阳楼区。", id);
  g_autoptr(GkItem) stored = NULL;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), body, -1);
  g_assert_cmpuint (gk_privacy_marks_get_n_findings (marks), ==, 0);

  /* Marked after the autosave's pause, not at every keystroke. */
  gk_gui_test_wait (1500);
  g_assert_cmpuint (gk_privacy_marks_get_n_findings (marks), ==, 1);
  g_assert_false (gk_privacy_marks_is_marked (marks, 0));
  g_assert_true (gk_privacy_marks_is_marked (marks, (int) g_utf8_strlen ("低保对象：张某，身份证号", -1)));
  g_assert_true (gtk_info_bar_get_revealed (bar));
  gk_gui_test_snap ("editor-marked");

  activate (editor, "mask-all");
  g_assert_cmpuint (gk_privacy_marks_get_n_findings (marks), ==, 0);
  g_assert_false (gtk_info_bar_get_revealed (bar));
  stored = gk_store_dup_item (gk_context_get_store (fixture->context), uuid, NULL);
  g_assert_null (strstr (gk_item_get_body (stored), id));
  g_assert_nonnull (strstr (gk_item_get_body (stored), "430602"));

  gtk_widget_destroy (window);
}

/* The gate refuses; Override… is offered, and the dialog's Submit waits for both answers. */
static void
test_editor_override (GkGuiFixture  *fixture,
                      gconstpointer  user_data)
{
  GtkWidget *window;
  g_autofree char *uuid = NULL;
  GkItemEditor *editor = edit_new_item (fixture, &window, &uuid);
  GtkTextView *view = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "body_view");
  GtkWidget *override = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "override_button");
  g_autofree char *id = make_id ();
  GtkWidget *dialog;
  GtkWidget *submit;
  GtkTextBuffer *reason;
  GtkEntry *approver;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), id, -1);
  activate (editor, "mark-ready");
  activate (editor, "submit");
  g_test_message ("%s", gtk_label_get_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "error_label")));
  g_assert_true (gtk_widget_get_visible (override));

  activate (editor, "override");
  dialog = NULL;
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (GK_IS_OVERRIDE_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);

  submit = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  approver = gk_gui_test_get_child (dialog, GK_TYPE_OVERRIDE_DIALOG, "approver_entry");
  reason = gk_gui_test_get_child (dialog, GK_TYPE_OVERRIDE_DIALOG, "reason_buffer");
  g_assert_false (gtk_widget_is_sensitive (submit));
  gtk_entry_set_text (approver, "李四");
  g_assert_false (gtk_widget_is_sensitive (submit));
  gtk_text_buffer_set_text (reason, "   ", -1);
  g_assert_false (gtk_widget_is_sensitive (submit));
  gtk_text_buffer_set_text (reason, "法律规定须公示", -1);
  g_assert_true (gtk_widget_is_sensitive (submit));
  gk_gui_test_snap ("override-dialog");
  gtk_entry_set_text (approver, " ");
  g_assert_false (gtk_widget_is_sensitive (submit));
  gtk_entry_set_text (approver, "李四");

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gk_gui_test_drain_events ();
  wait_for_submission (editor);
  {
    g_autoptr(GkItem) stored = gk_store_dup_item (gk_context_get_store (fixture->context), uuid, NULL);

    g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_QUEUED);
    g_assert_cmpstr (gk_item_get_field (stored, GK_ITEM_OVERRIDE_BY), ==, "李四");
  }
  g_assert_nonnull (strstr (gtk_label_get_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "state_message_label")),
                            "李四"));
  gk_gui_test_snap ("editor-override-shown");

  gtk_widget_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  if (!gk_gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add ("/gui/check/page-rows", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_page_rows, gk_gui_fixture_tear_down);
  g_test_add ("/gui/check/no-veto", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_no_veto, gk_gui_fixture_tear_down);
  g_test_add ("/gui/check/measure", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_measure, gk_gui_fixture_tear_down);
  g_test_add ("/gui/check/pdf", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_pdf, gk_gui_fixture_tear_down);
  g_test_add ("/gui/editor/privacy-marks", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_editor_marks_and_masks, gk_gui_fixture_tear_down);
  g_test_add ("/gui/editor/override", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_editor_override, gk_gui_fixture_tear_down);

  return g_test_run ();
}
