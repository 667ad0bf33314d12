/* The item editor, the column's item list, search and delete-with-undo, driven through GTK itself. */
#include "config.h"

#include <gtk/gtk.h>

#include "gk-attachment.h"
#include "gk-column-page.h"
#include "gk-context-private.h"
#include "gk-gui-test-util.h"
#include "gk-item.h"
#include "gk-date-entry.h"
#include "gk-item-editor.h"
#include "gk-store.h"
#include "gk-window.h"

#define UNIT "市民政局"
#define COLUMN_ID "hms.shjz.cxdb"
#define COLUMN_TITLE "城乡低保"

static GkStore *
get_store (GkGuiFixture *fixture)
{
  return gk_context_get_store (fixture->context);
}

static char *
create_item (GkGuiFixture *fixture,
             const char   *title)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  item = gk_context_create_item (fixture->context, COLUMN_ID, &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, title);
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);

  return g_strdup (gk_item_get_uuid (item));
}

static GkItem *
dup_stored (GkGuiFixture *fixture,
            const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  GkItem *item = gk_store_dup_item (get_store (fixture), uuid, &error);

  g_assert_no_error (error);

  return item;
}

static GkItemEditor *
show_editor (GkGuiFixture *fixture,
             GtkWidget   **window)
{
  GkItemEditor *editor = GK_ITEM_EDITOR (gk_item_editor_new (fixture->context));

  *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_container_add (GTK_CONTAINER (*window), GTK_WIDGET (editor));
  gtk_widget_show_all (*window);
  gk_gui_test_drain_events ();

  return editor;
}

static gboolean
is_offered (GkItemEditor *editor,
            const char   *button)
{
  GtkWidget *widget = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, button);

  return gtk_widget_is_visible (widget) && gtk_widget_is_sensitive (widget);
}

static void
assert_offers (GkItemEditor *editor,
               gboolean      ready,
               gboolean      submit,
               gboolean      withdraw)
{
  g_assert_cmpint (is_offered (editor, "ready_button"), ==, ready);
  g_assert_cmpint (is_offered (editor, "submit_button"), ==, submit);
  g_assert_cmpint (is_offered (editor, "withdraw_button"), ==, withdraw);
}

static void
click (GkItemEditor *editor,
       const char   *button)
{
  gtk_button_clicked (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, button));
  gk_gui_test_drain_events ();
  /* Submit scans in a worker: its verdict comes back on the main loop. */
  while (gk_item_editor_is_submitting (editor))
    g_main_context_iteration (NULL, TRUE);
  gk_gui_test_drain_events ();
}

static void
type_into (gpointer    widget,
           GType       type,
           const char *name,
           const char *text)
{
  gtk_entry_set_text (gk_gui_test_get_child (widget, type, name), text);
}

static void
test_editor_state_buttons (GkGuiFixture  *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *uuid = NULL;
  g_autoptr(GkItem) stored = NULL;
  GtkWidget *window;
  GkItemEditor *editor;
  GtkEntry *title;
  GtkTextView *body;
  GtkLabel *error_label;

  gk_gui_test_save_profile (fixture, UNIT);
  uuid = create_item (fixture, "低保标准调整");
  editor = show_editor (fixture, &window);
  title = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "title_entry");
  body = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "body_view");
  error_label = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "error_label");

  g_assert_true (gk_item_editor_set_uuid (editor, uuid));
  g_assert_cmpstr (gtk_entry_get_text (title), ==, "低保标准调整");
  assert_offers (editor, TRUE, FALSE, FALSE);

  /* Ready needs a body and a sign-off: the refusal is shown, the item stays a draft. */
  click (editor, "ready_button");
  g_assert_true (gtk_info_bar_get_revealed (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "error_bar")));
  g_assert_cmpstr (gtk_label_get_text (error_label), !=, "");
  stored = dup_stored (fixture, uuid);
  g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_DRAFT);
  g_clear_object (&stored);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), "城市低保标准每人每月提高到560元。", -1);
  type_into (editor, GK_TYPE_ITEM_EDITOR, "reviewer_entry", "李局长");
  type_into (editor, GK_TYPE_ITEM_EDITOR, "reviewed_on_entry", "2017-09-14");
  click (editor, "ready_button");
  stored = dup_stored (fixture, uuid);
  g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_READY);
  g_assert_cmpstr (gk_item_get_field (stored, GK_ITEM_REVIEWER), ==, "李局长");
  g_clear_object (&stored);
  assert_offers (editor, FALSE, TRUE, FALSE);
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (title)));

  /* Queued: read-only, only Withdraw; what is forced into a field is not saved. */
  click (editor, "submit_button");
  stored = dup_stored (fixture, uuid);
  g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_QUEUED);
  g_clear_object (&stored);
  assert_offers (editor, FALSE, FALSE, TRUE);
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (title)));
  g_assert_false (gtk_text_view_get_editable (body));
  g_assert_false (gtk_widget_is_sensitive (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "kind_combo")));
  g_assert_false (g_action_group_get_action_enabled (gtk_widget_get_action_group (GTK_WIDGET (editor), "editor"),
                                                     "add-attachments"));
  g_assert_true (gtk_info_bar_get_revealed (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "state_bar")));
  gtk_entry_set_text (title, "排队时改的标题");
  g_assert_true (gk_item_editor_save (editor));
  stored = dup_stored (fixture, uuid);
  g_assert_cmpstr (gk_item_get_title (stored), ==, "低保标准调整");
  g_clear_object (&stored);

  click (editor, "withdraw_button");
  stored = dup_stored (fixture, uuid);
  g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_READY);
  g_clear_object (&stored);
  assert_offers (editor, FALSE, TRUE, FALSE);
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (title)));

  /* Editing a ready item makes it a draft again. */
  gtk_entry_set_text (title, "低保标准调整（修订）");
  g_assert_true (gk_item_editor_save (editor));
  assert_offers (editor, TRUE, FALSE, FALSE);

  gtk_widget_destroy (window);
}

static void
test_editor_autosaves (GkGuiFixture  *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *uuid = NULL;
  g_autoptr(GkItem) stored = NULL;
  GtkWidget *window;
  GkItemEditor *editor;

  gk_gui_test_save_profile (fixture, UNIT);
  uuid = create_item (fixture, NULL);
  editor = show_editor (fixture, &window);
  g_assert_true (gk_item_editor_set_uuid (editor, uuid));

  /* Typed, then left alone: in the store within the autosave delay, with no explicit save. */
  type_into (editor, GK_TYPE_ITEM_EDITOR, "title_entry", "城乡低保资金发放");
  type_into (editor, GK_TYPE_ITEM_EDITOR, "written_on_entry", "2017-13-01");
  gk_gui_test_wait (1500);
  stored = dup_stored (fixture, uuid);
  g_assert_cmpstr (gk_item_get_title (stored), ==, "城乡低保资金发放");
  /* An impossible date is kept on screen and not stored; the rest is saved regardless. */
  g_assert_null (gk_item_get_field (stored, GK_ITEM_WRITTEN_ON));
  g_assert_true (gtk_style_context_has_class (
    gtk_widget_get_style_context (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "written_on_entry")),
    GTK_STYLE_CLASS_ERROR));
  g_clear_object (&stored);

  /* Closing never asks: what is on screen when the window goes is saved. */
  type_into (editor, GK_TYPE_ITEM_EDITOR, "written_on_entry", "2017-09-13");
  type_into (editor, GK_TYPE_ITEM_EDITOR, "doc_number_entry", "岳民发〔2017〕12号");
  gtk_widget_destroy (window);
  stored = dup_stored (fixture, uuid);
  g_assert_cmpstr (gk_item_get_field (stored, GK_ITEM_DOC_NUMBER), ==, "岳民发〔2017〕12号");
  g_assert_cmpstr (gk_item_get_field (stored, GK_ITEM_WRITTEN_ON), ==, "2017-09-13");
}

static void
test_editor_attaches_dropped_files (GkGuiFixture  *fixture,
                                    gconstpointer  user_data)
{
  g_autofree char *uuid = NULL;
  g_autofree char *path = g_build_filename (fixture->data_dir, "低保名单 第九批.xlsx", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GkItem) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GkItemEditor *editor;
  GtkListBox *list;

  gk_gui_test_save_profile (fixture, UNIT);
  uuid = create_item (fixture, "低保对象名单公示");
  g_file_set_contents (path, "名单", -1, &error);
  g_assert_no_error (error);
  editor = show_editor (fixture, &window);
  g_assert_true (gk_item_editor_set_uuid (editor, uuid));
  list = gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "attachment_list");
  g_assert_cmpuint (gk_gui_test_count_rows (list, FALSE), ==, 0);

  /* The same call the drop handler makes with the file manager's text/uri-list. */
  g_ptr_array_add (files, g_file_new_for_path (path));
  gk_item_editor_attach_files (editor, files);
  g_assert_cmpuint (gk_item_editor_get_n_attaching (editor), ==, 1);
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "attach_spinner")));
  while (gk_item_editor_get_n_attaching (editor) > 0)
    g_main_context_iteration (NULL, TRUE);
  gk_gui_test_drain_events ();

  g_assert_nonnull (gk_gui_test_find_row (list, "低保名单 第九批.xlsx"));
  g_assert_false (gtk_widget_get_visible (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "attach_spinner")));
  stored = dup_stored (fixture, uuid);
  g_assert_cmpuint (gk_item_get_attachments (stored)->len, ==, 1);
  g_assert_cmpstr (gk_attachment_get_name (g_ptr_array_index (gk_item_get_attachments (stored), 0)), ==,
                   "低保名单 第九批.xlsx");

  gtk_widget_destroy (window);
}

static GkWindow *
show_window (GkGuiFixture *fixture)
{
  GkWindow *window = g_object_ref_sink (gk_window_new (NULL, fixture->context, NULL));
  GtkListBox *sidebar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "sidebar");

  gtk_widget_show (GTK_WIDGET (window));
  gtk_list_box_select_row (sidebar, gk_gui_test_find_row (sidebar, COLUMN_TITLE));
  gk_gui_test_drain_events ();

  return window;
}

static guint
count_listed (GkGuiFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gk_store_list_items (get_store (fixture), UNIT, COLUMN_ID, &error);

  g_assert_no_error (error);

  return items->len;
}

static void
test_window_delete_undo (GkGuiFixture  *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  GtkStack *content;
  GtkListBox *items;
  GkItemEditor *editor;
  g_autofree char *uuid = NULL;

  gk_gui_test_save_profile (fixture, UNIT);
  window = show_window (fixture);
  content = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "content_stack");
  items = gk_gui_test_get_child (gk_gui_test_get_child (window, GK_TYPE_WINDOW, "column_page"),
                                 GK_TYPE_COLUMN_PAGE, "items_list");

  /* New item (Ctrl+N) opens an empty draft in the editor. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-item", NULL);
  gk_gui_test_drain_events ();
  editor = GK_ITEM_EDITOR (gtk_stack_get_visible_child (content));
  g_assert_true (GK_IS_ITEM_EDITOR (editor));
  uuid = g_strdup (gk_item_editor_get_uuid (editor));
  g_assert_nonnull (uuid);
  type_into (editor, GK_TYPE_ITEM_EDITOR, "title_entry", "要删除的信息");
  g_assert_cmpuint (count_listed (fixture), ==, 1);

  /* The editor's Delete: to the bin, back to the list, a notification with Undo. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-item", g_variant_new_string (""));
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "column");
  g_assert_cmpuint (gk_gui_test_count_rows (items, FALSE), ==, 0);
  g_assert_true (gtk_revealer_get_reveal_child (gk_gui_test_get_child (window, GK_TYPE_WINDOW, "notification_revealer")));
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (window, GK_TYPE_WINDOW, "undo_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (gk_gui_test_get_child (window, GK_TYPE_WINDOW, "notification_label")),
                            "要删除的信息"));

  gtk_button_clicked (gk_gui_test_get_child (window, GK_TYPE_WINDOW, "undo_button"));
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 1);
  g_assert_false (gtk_revealer_get_reveal_child (gk_gui_test_get_child (window, GK_TYPE_WINDOW, "notification_revealer")));
  g_assert_nonnull (gk_gui_test_find_row (items, "要删除的信息"));

  gtk_widget_destroy (GTK_WIDGET (window));
}

/* An item the portal published, as the sync engine leaves it. */
static char *
create_published_item (GkGuiFixture *fixture,
                       const char   *title)
{
  g_autofree char *uuid = create_item (fixture, title);
  g_autoptr(GkItem) item = dup_stored (fixture, uuid);
  g_autoptr(GError) error = NULL;

  gk_item_set_field (item, GK_ITEM_BODY, "正文");
  gk_item_set_field (item, GK_ITEM_REVIEWER, "周科长");
  gk_item_set_field (item, GK_ITEM_REVIEWED_ON, "2026-11-03");
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);
  for (GkItemState state = GK_ITEM_STATE_READY; state <= GK_ITEM_STATE_PUBLISHED; state++)
    {
      gk_store_set_item_state (get_store (fixture), uuid, state, NULL, &error);
      g_assert_no_error (error);
    }

  return g_steal_pointer (&uuid);
}

/* A revision of a published item asks what it corrects (更正说明), which a new draft does not. */
static void
test_editor_correction_note (GkGuiFixture  *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *uuid = NULL;
  g_autofree char *fresh = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GkItem) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GkItemEditor *editor;

  gk_gui_test_save_profile (fixture, UNIT);
  fresh = create_item (fixture, "新起草的信息");
  uuid = create_published_item (fixture, "已发布的低保标准");
  item = dup_stored (fixture, uuid);
  gk_item_set_field (item, GK_ITEM_BODY, "更正后的正文");
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);

  editor = show_editor (fixture, &window);
  g_assert_true (gk_item_editor_set_uuid (editor, fresh));
  g_assert_false (gtk_widget_get_visible (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "correction_entry")));

  g_assert_true (gk_item_editor_set_uuid (editor, uuid));
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "correction_entry")));
  type_into (editor, GK_TYPE_ITEM_EDITOR, "correction_entry", "第二段金额500元更正为550元");
  gtk_widget_destroy (window);
  stored = dup_stored (fixture, uuid);
  g_assert_cmpuint (gk_item_get_revision (stored), ==, 2);
  g_assert_cmpstr (gk_item_get_field (stored, GK_ITEM_CORRECTION), ==, "第二段金额500元更正为550元");
}

static GtkMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (GTK_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        return l->data;
    }

  return NULL;
}

/* The website keeps a published item: removing it asks first, and says so. */
static void
test_window_delete_published_warns (GkGuiFixture  *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *text = NULL;
  GtkMessageDialog *dialog;

  gk_gui_test_save_profile (fixture, UNIT);
  uuid = create_published_item (fixture, "已发布的通知");
  window = show_window (fixture);

  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-item", g_variant_new_string (uuid));
  gk_gui_test_drain_events ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_object_get (dialog, "text", &text, NULL);
  g_assert_nonnull (strstr (text, "已发布的通知"));
  g_assert_nonnull (strstr (text, "portal"));
  gk_gui_test_snap ("delete-published");

  /* Cancel keeps it; confirming moves it to the bin, with Undo. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 1);

  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-item", g_variant_new_string (uuid));
  gk_gui_test_drain_events ();
  gtk_dialog_response (GTK_DIALOG (find_message_dialog ()), GTK_RESPONSE_ACCEPT);
  gk_gui_test_drain_events ();
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (count_listed (fixture), ==, 0);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo-delete"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "undo-delete", NULL);
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 1);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo-delete"));

  gtk_widget_destroy (GTK_WIDGET (window));
}

/* A new item left untouched is not kept; one with a word in it is; an edit that takes a sign-off back says so. */
static void
test_window_new_item_lifecycle (GkGuiFixture  *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  g_autoptr(GkItem) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  GkItemEditor *editor;
  GtkStack *content;

  gk_gui_test_save_profile (fixture, UNIT);
  window = show_window (fixture);
  content = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "content_stack");

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-item", NULL);
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 1);
  g_action_group_activate_action (G_ACTION_GROUP (window), "close-item", NULL);
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 0);

  /* Two New Items in a row: the first, untouched, goes when the second opens. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-item", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-item", NULL);
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 1);

  editor = GK_ITEM_EDITOR (gtk_stack_get_visible_child (content));
  uuid = g_strdup (gk_item_editor_get_uuid (editor));
  type_into (editor, GK_TYPE_ITEM_EDITOR, "title_entry", "留下的信息");
  g_action_group_activate_action (G_ACTION_GROUP (window), "close-item", NULL);
  gk_gui_test_drain_events ();
  g_assert_cmpuint (count_listed (fixture), ==, 1);

  /* Ready, then edited: a draft again, and the editor says why. */
  stored = dup_stored (fixture, uuid);
  gk_item_set_field (stored, GK_ITEM_BODY, "正文");
  gk_item_set_field (stored, GK_ITEM_REVIEWER, "周科长");
  gk_item_set_field (stored, GK_ITEM_REVIEWED_ON, "2026-11-03");
  gk_context_save_item (fixture->context, stored, &error);
  g_assert_no_error (error);
  gk_store_set_item_state (get_store (fixture), uuid, GK_ITEM_STATE_READY, NULL, &error);
  g_assert_no_error (error);
  gk_window_show_item (window, uuid);
  gk_gui_test_drain_events ();
  editor = GK_ITEM_EDITOR (gtk_stack_get_visible_child (content));
  type_into (editor, GK_TYPE_ITEM_EDITOR, "title_entry", "留下的信息（改）");
  gk_item_editor_save (editor);
  gk_gui_test_drain_events ();
  g_clear_object (&stored);
  stored = dup_stored (fixture, uuid);
  g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_DRAFT);
  g_assert_true (gtk_info_bar_get_revealed (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "state_bar")));
  g_assert_nonnull (strstr (gtk_label_get_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "state_message_label")),
                            "took back the sign-off"));

  /* Mark Ready names everything missing at once and marks the fields. */
  gtk_entry_set_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "reviewer_entry"), "");
  gtk_entry_set_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "reviewed_on_entry"), "");
  gk_item_editor_save (editor);
  g_action_group_activate_action (G_ACTION_GROUP (gtk_widget_get_action_group (GTK_WIDGET (editor), "editor")), "mark-ready", NULL);
  gk_gui_test_drain_events ();
  g_assert_nonnull (strstr (gtk_label_get_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "error_label")), "审核人"));
  g_assert_nonnull (strstr (gtk_label_get_text (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "error_label")), "date of the sign-off"));
  g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "reviewer_entry")), "gk-missing"));
  g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "reviewed_on_entry")), "gk-missing"));
  g_assert_false (gtk_style_context_has_class (gtk_widget_get_style_context (gk_gui_test_get_child (editor, GK_TYPE_ITEM_EDITOR, "title_entry")), "gk-missing"));

  gtk_widget_destroy (GTK_WIDGET (window));
}

/* Dates as documents write them; what is wrong in the tooltip; one click on a day chooses it. */
static void
test_date_entry (void)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GkDateEntry *entry = GK_DATE_ENTRY (gk_date_entry_new ());
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (entry));
  GtkCalendar *calendar = gk_date_entry_get_calendar (entry);
  g_autofree char *tooltip = NULL;

  gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (entry));
  gtk_widget_show_all (window);

  gtk_entry_set_text (GTK_ENTRY (entry), "2024年4月16日");
  g_assert_true (gk_date_entry_is_valid (entry));
  g_assert_false (gtk_style_context_has_class (style, GTK_STYLE_CLASS_ERROR));

  gtk_entry_set_text (GTK_ENTRY (entry), "2024-02-30");
  g_assert_false (gk_date_entry_is_valid (entry));
  g_assert_true (gtk_style_context_has_class (style, GTK_STYLE_CLASS_ERROR));
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (entry));
  g_assert_nonnull (strstr (tooltip, "has no day 30"));

  /* The popover opens on the typed month; moving months chooses nothing, one click on a day does. */
  gtk_entry_set_text (GTK_ENTRY (entry), "2024/4/16");
  g_signal_emit_by_name (entry, "icon-press", GTK_ENTRY_ICON_SECONDARY, NULL);
  gk_gui_test_drain_events ();
  gtk_calendar_select_month (calendar, 4, 2024);
  gtk_calendar_select_day (calendar, 16);
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, "2024/4/16");
  gk_gui_test_drain_events ();
  gtk_calendar_select_day (calendar, 20);
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, "2024-05-20");

  gtk_widget_destroy (window);
}

static void
test_window_search_finds_two_characters (GkGuiFixture  *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *other = NULL;
  GtkSearchBar *search_bar;
  GtkListBox *results;
  GtkStack *content;
  GtkListBoxRow *row;

  gk_gui_test_save_profile (fixture, UNIT);
  wanted = create_item (fixture, "城乡低保资金发放情况");
  other = create_item (fixture, "医疗救助办法");
  window = show_window (fixture);
  search_bar = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "search_bar");
  results = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "search_list");
  content = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "content_stack");

  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (search_bar));
  type_into (window, GK_TYPE_WINDOW, "search_entry", "低保");
  gk_gui_test_wait (500);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "search");
  g_assert_cmpuint (gk_gui_test_count_rows (results, FALSE), ==, 1);
  row = gk_gui_test_find_row (results, "城乡低保资金发放情况");
  g_assert_nonnull (row);

  /* A result opens in the editor and closes the search. */
  g_signal_emit_by_name (results, "row-activated", row);
  gk_gui_test_drain_events ();
  g_assert_false (gtk_search_bar_get_search_mode (search_bar));
  g_assert_true (GK_IS_ITEM_EDITOR (gtk_stack_get_visible_child (content)));
  g_assert_cmpstr (gk_item_editor_get_uuid (GK_ITEM_EDITOR (gtk_stack_get_visible_child (content))), ==, wanted);

  gtk_widget_destroy (GTK_WIDGET (window));
}

/* A page of results at a time: the last row brings the next page, and the keyboard lands on it. */
static void
test_window_search_pages (GkGuiFixture  *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GkWindow) window = NULL;
  GtkListBox *results;
  GtkListBoxRow *more;
  guint n = GK_STORE_SEARCH_PAGE + 7;

  gk_gui_test_save_profile (fixture, UNIT);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("第%u期城乡低保资金发放情况", i + 1);
      g_autofree char *uuid = create_item (fixture, title);
    }
  window = show_window (fixture);
  results = gk_gui_test_get_child (window, GK_TYPE_WINDOW, "search_list");

  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  type_into (window, GK_TYPE_WINDOW, "search_entry", "城乡低保");
  gk_gui_test_wait (500);

  /* A full page, newest first, and the row that brings more. */
  g_assert_cmpuint (gk_gui_test_count_rows (results, FALSE), ==, GK_STORE_SEARCH_PAGE + 1);
  more = gtk_list_box_get_row_at_index (results, GK_STORE_SEARCH_PAGE);
  g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (GTK_WIDGET (more))), ==, "Show More Results");
  g_assert_nonnull (gk_gui_test_find_row (results, "第57期城乡低保资金发放情况"));
  g_assert_null (gk_gui_test_find_row (results, "第7期城乡低保资金发放情况"));

  g_signal_emit_by_name (results, "row-activated", more);
  gk_gui_test_drain_events ();
  g_assert_cmpuint (gk_gui_test_count_rows (results, FALSE), ==, n);
  g_assert_nonnull (gk_gui_test_find_row (results, "第1期城乡低保资金发放情况"));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (results, GK_STORE_SEARCH_PAGE))));

  gtk_widget_destroy (GTK_WIDGET (window));
}

int
main (int    argc,
      char **argv)
{
  if (!gk_gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add ("/gui/editor/state-buttons", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_editor_state_buttons, gk_gui_fixture_tear_down);
  g_test_add ("/gui/editor/autosaves", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_editor_autosaves, gk_gui_fixture_tear_down);
  g_test_add ("/gui/editor/attaches-dropped-files", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_editor_attaches_dropped_files, gk_gui_fixture_tear_down);
  g_test_add ("/gui/editor/correction-note", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_editor_correction_note, gk_gui_fixture_tear_down);
  g_test_add ("/gui/window/search-pages", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_search_pages, gk_gui_fixture_tear_down);
  g_test_add ("/gui/window/delete-undo", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_delete_undo, gk_gui_fixture_tear_down);
  g_test_add ("/gui/window/delete-published-warns", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_delete_published_warns, gk_gui_fixture_tear_down);
  g_test_add_func ("/gui/editor/date-entry", test_date_entry);
  g_test_add ("/gui/window/new-item-lifecycle", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_new_item_lifecycle, gk_gui_fixture_tear_down);
  g_test_add ("/gui/window/search-finds-two-characters", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_window_search_finds_two_characters, gk_gui_fixture_tear_down);

  return g_test_run ();
}
