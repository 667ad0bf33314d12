/* The page "依申请公开" in zh_CN through GTK itself: the list with its clocks, registering, a refusal, the reminder. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "gk-check.h"
#include "gk-context-private.h"
#include "gk-gui-test-util.h"
#include "gk-report-dialog.h"
#include "gk-request-page.h"
#include "gk-store.h"
#include "gk-store-requests.h"
#include "gk-window.h"

#define UNIT "市财政局"

static void
add_request (GkGuiFixture *fixture,
             const char   *received,
             const char   *content)
{
  g_autoptr(GkRequest) request = gk_request_new ();
  g_autoptr(GError) error = NULL;

  request->received_on = g_strdup (received);
  request->content = g_strdup (content);
  request->applicant_type = GK_APPLICANT_BUSINESS;
  g_assert_true (gk_store_add_request (gk_context_get_store (fixture->context), request, &error));
  g_assert_no_error (error);
}

static GkRequestPage *
show_requests (GkGuiFixture  *fixture,
               GtkWidget    **window)
{
  GtkStack *content;
  GkRequestPage *page;
  GDate today;

  *window = GTK_WIDGET (gk_window_new (NULL, fixture->context, NULL));
  gtk_window_resize (GTK_WINDOW (*window), 1280, 800);
  gtk_widget_show (*window);
  gk_gui_test_drain_events ();
  gk_window_show_requests (GK_WINDOW (*window));

  content = gk_gui_test_get_child (*window, GK_TYPE_WINDOW, "content_stack");
  page = GK_REQUEST_PAGE (gtk_stack_get_visible_child (content));
  g_assert_true (GK_IS_REQUEST_PAGE (page));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 25, G_DATE_OCTOBER, 2017);
  gk_request_page_set_today (page, &today);
  gk_gui_test_drain_events ();

  return page;
}

static char *
dup_cell (GtkTreeModel *model,
          int           row,
          int           column)
{
  GtkTreeIter iter;
  char *text = NULL;

  g_assert_true (gtk_tree_model_iter_nth_child (model, &iter, NULL, row));
  gtk_tree_model_get (model, &iter, column, &text, -1);

  return text;
}

static const char *
accessible_name (gpointer widget)
{
  return atk_object_get_name (gtk_widget_get_accessible (widget));
}

static void
test_list_and_details (GkGuiFixture  *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *window;
  GkRequestPage *page;
  GtkTreeView *view;
  GtkTreeModel *model;
  g_autofree char *number = NULL;
  g_autofree char *state = NULL;
  g_autofree char *due = NULL;
  g_autofree char *left = NULL;
  g_autoptr(GtkTreePath) path = NULL;
  const char *details;

  gk_gui_test_save_profile (fixture, UNIT);
  add_request (fixture, "2017-09-28", "某项目环境影响评价报告");
  add_request (fixture, "2017-10-20", "2017年部门预算执行情况");
  page = show_requests (fixture, &window);

  view = gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "request_view");
  model = gtk_tree_view_get_model (view);
  g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, 2);

  /* Newest first; the older one is due on 1 November, 5 working days after 25 October. */
  number = dup_cell (model, 1, 0);
  state = dup_cell (model, 1, 3);
  due = dup_cell (model, 1, 4);
  left = dup_cell (model, 1, 5);
  g_assert_cmpstr (number, ==, "2017-001");
  g_assert_cmpstr (state, ==, "即将超期");
  g_assert_cmpstr (due, ==, "2017-11-01");
  g_assert_cmpstr (left, ==, "5");

  g_assert_cmpstr (accessible_name (view), ==, "申请列表");
  g_assert_cmpstr (accessible_name (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "content_entry")), ==, "申请内容");
  g_assert_cmpstr (accessible_name (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "type_combo")), ==, "申请人类型");

  path = gtk_tree_path_new_from_string ("1");
  gtk_tree_view_set_cursor (view, path, NULL, FALSE);
  gk_gui_test_drain_events ();
  details = gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "detail_label"));
  g_assert_nonnull (strstr (details, "2017-10-02"));
  g_assert_nonnull (strstr (details, "调休"));

  /* The year shown is the one whose report is due; the summary counts 2017. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "year_spin")), ==, 2016);
  gtk_spin_button_set_value (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "year_spin"), 2017);
  g_assert_nonnull (strstr (gtk_label_get_text (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "report_label")), "新收 2 件"));

  gk_gui_test_snap ("requests-zh_CN");
  gtk_widget_destroy (window);
}

static void
test_register_and_refuse (GkGuiFixture  *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *window;
  GkRequestPage *page;
  GtkTreeView *view;
  GtkLabel *message;
  g_autoptr(GkRequest) stored = NULL;
  g_autoptr(GError) error = NULL;

  gk_gui_test_save_profile (fixture, UNIT);
  page = show_requests (fixture, &window);
  view = gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "request_view");
  message = gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "message_label");

  /* No content: the core's sentence, nothing registered. */
  gtk_button_clicked (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "register_button"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "申请没有内容"));
  g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL), ==, 0);

  gtk_entry_set_text (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "received_entry"), "2017-09-28");
  gtk_combo_box_set_active_id (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "type_combo"), "legal");
  gtk_entry_set_text (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "content_entry"), "行政处罚决定书");
  gtk_button_clicked (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "register_button"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL), ==, 1);

  stored = gk_store_load_request (gk_context_get_store (fixture->context), "2017-001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->applicant_type, ==, GK_APPLICANT_LEGAL);

  /* The new request is selected: answer it, then a 补正 is refused with a sentence. */
  gtk_entry_set_text (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "event_date_entry"), "2017-10-20");
  gtk_button_clicked (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "record_button"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));

  gtk_combo_box_set_active_id (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "event_combo"), "supplement-sent");
  gtk_entry_set_text (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "event_date_entry"), "2017-10-23");
  gtk_button_clicked (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "record_button"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "已于 2017-10-20 答复"));

  gk_gui_test_snap ("requests-refused-zh_CN");
  gtk_widget_destroy (window);
}

static void
test_export (GkGuiFixture  *fixture,
             gconstpointer  user_data)
{
  GtkWidget *window;
  GkRequestPage *page;
  g_autofree char *pdf = g_build_filename (fixture->data_dir, "2017.pdf", NULL);
  g_autofree char *csv = g_build_filename (fixture->data_dir, "2017.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *done = NULL;
  g_autoptr(GError) error = NULL;

  gk_gui_test_save_profile (fixture, UNIT);
  add_request (fixture, "2017-09-28", "某项目环境影响评价报告");
  page = show_requests (fixture, &window);
  gtk_spin_button_set_value (gk_gui_test_get_child (page, GK_TYPE_REQUEST_PAGE, "year_spin"), 2017);

  g_assert_true (gk_request_page_export_report (page, "csv", csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"一、本年新收政府信息公开申请数量\",\"\",\"0\",\"1\""));

  g_assert_true (gk_request_page_export_report (page, "pdf", pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  done = gk_store_dup_setting (gk_context_get_store (fixture->context), "annual-report-done:2017");
  g_assert_cmpstr (done, ==, pdf);

  gtk_widget_destroy (window);
}

static char *
dup_view_text (gpointer view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Last year's text offered as the start, saved for this year; a correction needs its reason. */
static void
test_texts_and_corrections (GkGuiFixture  *fixture,
                            gconstpointer  user_data)
{
  GkStore *store = gk_context_get_store (fixture->context);
  GtkWidget *dialog;
  g_autofree char *offered = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *problems = NULL;
  g_autoptr(GPtrArray) corrections = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *label;

  gk_gui_test_save_profile (fixture, UNIT);
  g_assert_true (gk_store_set_report_text (store, 2016, "overview", "2016年，我局依法做好政府信息公开工作。", &error));

  dialog = gk_report_dialog_new (NULL, fixture->context, 2017);
  gtk_widget_show (dialog);
  gk_gui_test_drain_events ();

  offered = dup_view_text (gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "overview_view"));
  g_assert_cmpstr (offered, ==, "2016年，我局依法做好政府信息公开工作。");
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "hint_label")));

  label = gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "corrections_label");
  gtk_spin_button_set_value (gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "value_spin"), 1.5);
  gtk_button_clicked (gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "correct_button"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "原因"));
  gtk_entry_set_text (gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "reason_entry"), "财务科收费台账");
  gtk_button_clicked (gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "correct_button"));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "行政事业性收费：本年收费金额（万元） = 1.5（财务科收费台账）");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (gk_gui_test_get_child (dialog, GK_TYPE_REPORT_DIALOG, "overview_view")),
                            "2017年，我局……", -1);
  gk_gui_test_snap ("report-dialog-zh_CN");
  g_assert_true (gk_report_dialog_save (GK_REPORT_DIALOG (dialog), &error));
  g_assert_no_error (error);
  gtk_widget_destroy (dialog);

  saved = gk_store_dup_report_text (store, 2017, "overview", &error);
  g_assert_cmpstr (saved, ==, "2017年，我局……");
  problems = gk_store_dup_report_text (store, 2017, "problems", &error);
  g_assert_null (problems);
  corrections = gk_store_list_report_corrections (store, 2017, &error);
  g_assert_cmpuint (corrections->len, ==, 1);
}

/* The start-up reminder names the overdue request and leaves the late-补正 advice out. */
static void
test_notification (GkGuiFixture  *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GkCheckResult) result = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  GDate as_of;

  gk_gui_test_save_profile (fixture, UNIT);
  g_assert_true (gk_check_parse_date ("2017-11-02", &as_of));
  result = gk_check_run (fixture->context, &as_of, 14, &error);
  g_assert_no_error (error);
  g_assert_null (gk_request_page_create_notification (result));
  g_clear_pointer (&result, gk_check_result_free);

  add_request (fixture, "2017-09-28", "某项目环境影响评价报告");
  result = gk_check_run (fixture->context, &as_of, 14, &error);
  g_assert_no_error (error);
  notification = gk_request_page_create_notification (result);
  g_assert_nonnull (notification);
}

int
main (int    argc,
      char **argv)
{
  if (!gk_gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add ("/gui/requests/list-and-details", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_list_and_details, gk_gui_fixture_tear_down);
  g_test_add ("/gui/requests/register-and-refuse", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_register_and_refuse, gk_gui_fixture_tear_down);
  g_test_add ("/gui/requests/export", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_export, gk_gui_fixture_tear_down);
  g_test_add ("/gui/requests/texts-and-corrections", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_texts_and_corrections, gk_gui_fixture_tear_down);
  g_test_add ("/gui/requests/notification", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_notification, gk_gui_fixture_tear_down);

  return g_test_run ();
}
