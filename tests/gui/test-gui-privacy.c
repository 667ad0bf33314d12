/* The editor's personal-information guard on load and on attachments: marks without typing, badges, Replace with Masked Copy. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "gk-attachment.h"
#include "gk-attachment-row.h"
#include "gk-context-private.h"
#include "gk-gui-test-util.h"
#include "gk-item.h"
#include "gk-item-editor.h"
#include "gk-privacy-marks.h"
#include "gk-privacy-report.h"
#include "gk-store.h"
#include "gk-wording-marks.h"

#define UNIT "市民政局"

/* A generated identity number (never a real person's): 430602, 1980-01-01, GB 11643 check digit. */
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

static char *
create_item (GkGuiFixture *fixture,
             const char   *body)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  gk_gui_test_save_profile (fixture, UNIT);
  item = gk_context_create_item (fixture->context, "hms.shjz.cxdb", &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, "2017年低保名单");
  if (body != NULL)
    gk_item_set_field (item, GK_ITEM_BODY, body);
  g_assert_true (gk_context_save_item (fixture->context, item, &error));

  return g_strdup (gk_item_get_uuid (item));
}

/* Attaches a file named @name holding @contents through the core, as Add would. */
static void
attach (GkGuiFixture *fixture,
        const char   *uuid,
        const char   *name,
        const char   *contents)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GkAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  attachment = gk_store_attach_file (gk_context_get_store (fixture->context), uuid, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);
}

static GkItemEditor *
open_editor (GkGuiFixture  *fixture,
             const char    *uuid,
             GtkWidget    **window)
{
  GkItemEditor *editor = GK_ITEM_EDITOR (gk_item_editor_new (fixture->context));

  *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_resize (GTK_WINDOW (*window), 1000, 760);
  gtk_container_add (GTK_CONTAINER (*window), GTK_WIDGET (editor));
  gtk_widget_show_all (*window);
  g_assert_true (gk_item_editor_set_uuid (editor, uuid));

  return editor;
}

static GkAttachmentRow *
first_row (GkItemEditor *editor)
{
  GtkListBox *list = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "attachment_list");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);

  return row != NULL ? GK_ATTACHMENT_ROW (row) : NULL;
}

/* Iterates the main loop until the first row's scan is done, for at most ten seconds. */
static GkAttachmentRow *
wait_for_scan (GkItemEditor *editor)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GkAttachmentRow *row;

  while ((row = first_row (editor)) == NULL || gk_attachment_row_get_report (row) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gk_gui_test_drain_events ();

  return row;
}

static void
test_marks_on_load (GkGuiFixture  *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *id = make_id ();
  g_autofree char *body = g_strdup_printf ("低保对象：张某，身份证号%s。", id);
  g_autofree char *uuid = create_item (fixture, body);
  GtkWidget *window;
  GkItemEditor *editor = open_editor (fixture, uuid, &window);
  GkPrivacyMarks *marks = gk_item_editor_get_privacy_marks (editor);
  GtkInfoBar *bar = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "privacy_bar");

  /* At once: no typing, no autosave pause. */
  g_assert_cmpuint (gk_privacy_marks_get_n_findings (marks), ==, 1);
  g_assert_true (gk_privacy_marks_is_marked (marks, (int) g_utf8_strlen ("低保对象：张某，身份证号", -1)));
  g_assert_true (gtk_info_bar_get_revealed (bar));

  gtk_widget_destroy (window);
}

/* 易错词 and markings underlined in the title and body as typed, explained on hover. */
static void
test_wording_marks (GkGuiFixture  *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *uuid = create_item (fixture, "本通知为内部资料。");
  GtkWidget *window;
  GkItemEditor *editor = open_editor (fixture, uuid, &window);
  GkWordingMarks *marks = gk_item_editor_get_wording_marks (editor);
  GtkEntry *title = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "title_entry");
  GtkTextBuffer *body = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "body_buffer");

  g_assert_cmpuint (gk_wording_marks_get_n_marks (marks), ==, 1);
  g_assert_true (gk_wording_marks_is_marked (marks, (int) g_utf8_strlen ("本通知为", -1)));
  g_assert_false (gk_wording_marks_is_marked (marks, 0));
  g_assert_null (gk_wording_marks_get_title_hint (marks));

  /* Typed, then the autosave pause: the title's slip is underlined and named in its tooltip. */
  gtk_entry_set_text (title, "关于以经公布名单的说明");
  gtk_text_buffer_set_text (body, "名单截止到目前无误。", -1);
  gk_gui_test_wait (1500);
  g_assert_cmpuint (gk_wording_marks_get_n_marks (marks), ==, 2);
  g_assert_nonnull (gtk_entry_get_attributes (title));
  g_assert_nonnull (strstr (gk_wording_marks_get_title_hint (marks), "已经"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (title)), ==, gk_wording_marks_get_title_hint (marks));
  g_assert_true (gk_wording_marks_is_marked (marks, (int) g_utf8_strlen ("名单", -1)));
  gk_gui_test_snap ("wording-marks");

  gtk_widget_destroy (window);
}

/* A wrong check digit is underlined too, and named for what it is. */
static void
test_suspect_marked (GkGuiFixture  *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *uuid = create_item (fixture, "申请人李某，身份证号430602199003071234。");
  GtkWidget *window;
  GkItemEditor *editor = open_editor (fixture, uuid, &window);
  GkPrivacyMarks *marks = gk_item_editor_get_privacy_marks (editor);

  g_assert_cmpuint (gk_privacy_marks_get_n_findings (marks), ==, 1);
  g_assert_true (gk_privacy_marks_is_marked (marks, (int) g_utf8_strlen ("申请人李某，身份证号", -1)));
  g_assert_true (gtk_info_bar_get_revealed (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "privacy_bar")));

  gtk_widget_destroy (window);
}

/* Removing an attachment can be taken back; left alone, the removal reaches the store. */
static void
test_attachment_removal_undo (GkGuiFixture  *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *uuid = create_item (fixture, NULL);
  g_autoptr(GkItem) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GkItemEditor *editor;
  GkAttachmentRow *row;
  GActionGroup *actions;
  gint64 id;

  attach (fixture, uuid, "低保名单.csv", "姓名\n张三\n");
  editor = open_editor (fixture, uuid, &window);
  actions = gtk_widget_get_action_group (GTK_WIDGET (editor), "editor");
  row = wait_for_scan (editor);
  id = gk_attachment_get_id (gk_attachment_row_get_attachment (row));

  g_action_group_activate_action (actions, "remove-attachment", g_variant_new_int64 (id));
  gk_gui_test_drain_events ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "removed_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "removed_label")), "低保名单.csv"));

  g_action_group_activate_action (actions, "undo-remove-attachment", NULL);
  gk_gui_test_drain_events ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_false (gtk_widget_get_visible (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "removed_box")));
  stored = gk_store_dup_item (gk_context_get_store (fixture->context), uuid, &error);
  g_assert_cmpuint (gk_item_get_attachments (stored)->len, ==, 1);
  g_clear_object (&stored);

  /* Not taken back: gone from the store once the editor leaves the item. */
  g_action_group_activate_action (actions, "remove-attachment", g_variant_new_int64 (id));
  gk_item_editor_set_uuid (editor, NULL);
  stored = gk_store_dup_item (gk_context_get_store (fixture->context), uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gk_item_get_attachments (stored)->len, ==, 0);

  gtk_widget_destroy (window);
}

static void
test_badge_and_masked_copy (GkGuiFixture  *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *id = make_id ();
  g_autofree char *csv = g_strdup_printf ("姓名,身份证号,金额\n张某,%s,320\n", id);
  g_autofree char *uuid = create_item (fixture, NULL);
  GkStore *store = gk_context_get_store (fixture->context);
  GtkWidget *window;
  GkItemEditor *editor;
  GkAttachmentRow *row;
  GtkWidget *badge;
  g_autofree char *tooltip = NULL;
  const char *description;
  g_autoptr(GkItem) stored = NULL;
  GkAttachment *copy;
  g_autofree char *path = NULL;
  g_autoptr(GFile) blob = NULL;
  g_autoptr(GkPrivacyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  /* Built from the same messages, so the test holds in Chinese too (for the screenshot). */
  g_autofree char *line = g_strdup_printf (_("line %u"), 2);
  g_autofree char *masked = g_strdup_printf ("430602********%s", id + 14);
  g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unmasked number (first: %s, %s)",
                                                            "%u unmasked numbers (first: %s, %s)", 1),
                                               1, line, masked);

  attach (fixture, uuid, "低保名单.csv", csv);
  editor = open_editor (fixture, uuid, &window);
  row = wait_for_scan (editor);

  badge = gk_gui_test_get_child (row, GK_TYPE_ATTACHMENT_ROW, "badge");
  g_assert_true (gtk_widget_get_visible (badge));
  tooltip = gtk_widget_get_tooltip_text (badge);
  g_test_message ("%s", tooltip);
  g_assert_cmpstr (tooltip, ==, expected);
  description = atk_object_get_description (gtk_widget_get_accessible (GTK_WIDGET (row)));
  g_assert_true (g_str_has_prefix (description, "低保名单.csv: "));
  g_assert_true (g_str_has_suffix (description, expected));
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (row, GK_TYPE_ATTACHMENT_ROW, "mask_button")));
  gk_gui_test_snap ("editor-attachment-badge");

  g_action_group_activate_action (gtk_widget_get_action_group (GTK_WIDGET (editor), "editor"), "replace-masked",
                                  g_variant_new_int64 (gk_attachment_get_id (gk_attachment_row_get_attachment (row))));

  /* The copy is written and attached in the background, then the original goes. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gk_item_editor_get_n_attaching (editor) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gk_gui_test_drain_events ();
  g_assert_false (gtk_info_bar_get_revealed (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "error_bar")));

  stored = gk_store_dup_item (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gk_item_get_attachments (stored)->len, ==, 1);
  copy = g_ptr_array_index (gk_item_get_attachments (stored), 0);
  g_assert_cmpstr (gk_attachment_get_name (copy), ==, "低保名单（已脱敏）.csv");

  path = gk_store_dup_attachment_path (store, copy);
  blob = g_file_new_for_path (path);
  report = gk_privacy_scan_file_named (blob, "copy", gk_attachment_get_name (copy), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gk_privacy_report_is_clean (report));

  /* The new row scans clean: no badge, nothing to replace. */
  row = wait_for_scan (editor);
  g_assert_cmpstr (gk_attachment_get_name (gk_attachment_row_get_attachment (row)), ==, "低保名单（已脱敏）.csv");
  g_assert_false (gtk_widget_get_visible (gk_gui_test_get_child (row, GK_TYPE_ATTACHMENT_ROW, "badge")));
  g_assert_false (gtk_widget_get_visible (gk_gui_test_get_child (row, GK_TYPE_ATTACHMENT_ROW, "mask_button")));

  gtk_widget_destroy (window);
}

/* A format the scanner cannot read is said so, never passed. */
static void
test_badge_not_scanned (GkGuiFixture  *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *uuid = create_item (fixture, NULL);
  GtkWidget *window;
  GkItemEditor *editor;
  GkAttachmentRow *row;
  g_autofree char *tooltip = NULL;
  g_autofree char *prefix = g_strdup_printf (_("Not scanned — check by hand: %s"), "");

  /* An OLE2 header: a legacy Word document. */
  attach (fixture, uuid, "名单.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy");
  editor = open_editor (fixture, uuid, &window);
  row = wait_for_scan (editor);

  tooltip = gtk_widget_get_tooltip_text (gk_gui_test_get_child (row, GK_TYPE_ATTACHMENT_ROW, "badge"));
  g_test_message ("%s", tooltip);
  g_assert_true (g_str_has_prefix (tooltip, prefix));
  g_assert_false (gtk_widget_get_visible (gk_gui_test_get_child (row, GK_TYPE_ATTACHMENT_ROW, "mask_button")));

  /* Switching item destroys the row, and its scan with it. */
  g_assert_true (gk_item_editor_set_uuid (editor, NULL));
  gtk_widget_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  if (!gk_gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add ("/gui/privacy/marks-on-load", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_marks_on_load, gk_gui_fixture_tear_down);
  g_test_add ("/gui/privacy/suspect-marked", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_suspect_marked, gk_gui_fixture_tear_down);
  g_test_add ("/gui/privacy/wording-marks", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_wording_marks, gk_gui_fixture_tear_down);
  g_test_add ("/gui/privacy/attachment-removal-undo", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_attachment_removal_undo, gk_gui_fixture_tear_down);
  g_test_add ("/gui/privacy/badge-and-masked-copy", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_badge_and_masked_copy, gk_gui_fixture_tear_down);
  g_test_add ("/gui/privacy/badge-not-scanned", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_badge_not_scanned, gk_gui_fixture_tear_down);

  return g_test_run ();
}
