/* The portal status indicator and the outbox rows, driven through GTK against the reference portal and the store. */
#include "config.h"

#include <gtk/gtk.h>

#include "gk-attachment.h"
#include "gk-catalog.h"
#include "gk-column-page.h"
#include "gk-context-private.h"
#include "gk-item-row.h"
#include "gk-gui-test-util.h"
#include "gk-item.h"
#include "gk-outbox-row.h"
#include "gk-outbox-window.h"
#include "gk-portal-problem.h"
#include "gk-store.h"
#include "gk-sync-indicator.h"
#include "gk-sync.h"
#include "gk-test-portal.h"
#include "gk-test-util.h"

#define UNIT "市民政局"
#define COLUMN_ID "hms.shjz.cxdb"
#define TOKEN "token-minzheng"
#define REFUSAL "附件《低保名单》含身份证号码，请删除后重新报送。依据《政府信息公开条例》第十五条，涉及个人隐私的政府信息不得公开。"

static gboolean
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);

  return done (data);
}

static gboolean
is_not_syncing (gpointer data)
{
  GkSync *sync = data;

  return gk_sync_get_status (sync) != GK_SYNC_STATUS_SENDING;
}

typedef struct {
  GkSyncIndicator *indicator;
  GPtrArray       *seen;
} Watch;

/* What the indicator said at each status change, in order. */
static void
on_status_cb (GkSync     *sync,
              GParamSpec *pspec,
              Watch      *watch)
{
  g_ptr_array_add (watch->seen, g_strdup (gk_sync_indicator_get_summary (watch->indicator)));
}

static gboolean
saw (Watch      *watch,
     const char *summary)
{
  return g_ptr_array_find_with_equal_func (watch->seen, summary, g_str_equal, NULL);
}

static void
on_logged_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **unit = user_data;
  g_autoptr(GError) error = NULL;

  *unit = gk_sync_login_finish (GK_SYNC (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *finished = user_data;

  gk_sync_send_now_finish (GK_SYNC (object), result, NULL);
  *finished = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_indicator_states (GkGuiFixture  *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKEN "\t" UNIT "\n");
  g_autofree char *demo_tokens = g_build_filename (fixture->data_dir, "demo-tokens", NULL);
  g_autoptr(GkDevSwitches) switches = g_new0 (GkDevSwitches, 1);
  g_autoptr(GkSync) sync = NULL;
  GkSyncIndicator *indicator;
  GtkWidget *window;
  GtkWidget *login_button;
  GtkLabel *message_label;
  Watch watch = { NULL, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *unit = NULL;
  gboolean finished = FALSE;

  gk_gui_test_save_profile (fixture, UNIT);
  sync = gk_sync_new (GK_SYNC_HOST (fixture->context), NULL);
  gk_sync_start (sync);
  indicator = GK_SYNC_INDICATOR (gk_sync_indicator_new (sync));
  window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (indicator));
  gtk_widget_show (window);
  login_button = gk_gui_test_get_child (indicator, GK_TYPE_SYNC_INDICATOR, "login_button");
  message_label = gk_gui_test_get_child (indicator, GK_TYPE_SYNC_INDICATOR, "message_label");
  watch.indicator = indicator;
  g_signal_connect (sync, "notify::status", G_CALLBACK (on_status_cb), &watch);

  /* No token anywhere: nothing can be sent, and the popover offers to log in. */
  g_assert_false (gk_sync_get_logged_in (sync));
  g_assert_cmpstr (gk_sync_indicator_get_summary (indicator), ==, "Portal: Not logged in");
  g_assert_true (gtk_widget_get_visible (login_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (login_button)), ==, "_Log In…");
  g_assert_nonnull (strstr (gtk_label_get_text (message_label), "Preferences"));

  /* tools/run's demo token, but one the portal does not know: the portal refuses, the fix is to log in again. */
  g_file_set_contents (demo_tokens, "not-a-token\t" UNIT "\n", -1, NULL);
  switches->default_portal = g_strdup (portal->url);
  switches->demo_tokens = g_strdup (demo_tokens);
  gk_context_set_dev_switches (fixture->context, switches);
  gk_sync_reload (sync, NULL);
  g_assert_true (gk_sync_get_logged_in (sync));
  gk_sync_send_now_async (sync, NULL, on_sent_cb, &finished);
  g_assert_true (wait_until (is_true, &finished));
  g_assert_cmpuint (gk_sync_get_status (sync), ==, GK_SYNC_STATUS_FAILED);
  g_assert_cmpstr (gk_sync_indicator_get_summary (indicator), ==, "Portal: Problem");
  g_assert_true (gtk_widget_get_visible (login_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (login_button)), ==, "_Log In Again…");
  /* Our sentence only: the portal's own words are not the liaison's language. */
  {
    g_autofree char *detail = NULL;
    g_autofree char *sentence = gk_portal_problem_split (gk_sync_get_last_error (sync), &detail);

    g_assert_nonnull (strstr (gtk_label_get_text (message_label), sentence));
    g_assert_nonnull (strstr (sentence, "log in again"));
    g_assert_true (detail == NULL || strstr (gtk_label_get_text (message_label), detail) == NULL);
  }
  g_assert_true (saw (&watch, "Portal: Sending…"));

  /* Logging in with the right token makes a new engine, which delivers at once. */
  g_ptr_array_set_size (watch.seen, 0);
  gk_sync_login_async (sync, portal->url, TOKEN, NULL, GK_PORTAL_CLIENT_FLAGS_NONE, NULL, on_logged_in_cb, &unit);
  g_assert_true (wait_until (is_set, &unit));
  g_assert_cmpstr (unit, ==, UNIT);
  finished = FALSE;
  gk_sync_send_now_async (sync, NULL, on_sent_cb, &finished);
  g_assert_true (wait_until (is_true, &finished));
  g_assert_true (wait_until (is_not_syncing, sync));
  g_assert_cmpuint (gk_sync_get_status (sync), ==, GK_SYNC_STATUS_IDLE);
  g_assert_cmpstr (gk_sync_indicator_get_summary (indicator), ==, "Portal: Online");
  g_assert_false (gtk_widget_get_visible (login_button));
  g_assert_true (saw (&watch, "Portal: Sending…"));
  /* 上次同步 HH:MM once a pass has sent and read back. */
  g_assert_nonnull (strstr (gtk_label_get_text (message_label), "Last synced at "));

  /* The portal gone: offline, with the network's words, and nothing to fix by logging in. */
  g_clear_pointer (&portal, gk_test_portal_stop);
  finished = FALSE;
  gk_sync_send_now_async (sync, NULL, on_sent_cb, &finished);
  g_assert_true (wait_until (is_true, &finished));
  g_assert_cmpuint (gk_sync_get_status (sync), ==, GK_SYNC_STATUS_OFFLINE);
  g_assert_cmpstr (gk_sync_indicator_get_summary (indicator), ==, "Portal: Offline");
  g_assert_false (gtk_widget_get_visible (login_button));
  /* Offline, with when it last got through. */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (message_label), gk_sync_get_last_error (sync)));
  g_assert_nonnull (strstr (gtk_label_get_text (message_label), "\nLast synced at "));

  /* The liaison switches units: the kept token is 市民政局's, so the header says not logged in and
   * why, and nothing can be sent under the old unit (issue 12); switching back restores it. */
  gk_gui_test_save_profile (fixture, "市财政局");
  g_assert_false (gk_sync_get_logged_in (sync));
  g_assert_cmpstr (gk_sync_indicator_get_summary (indicator), ==, "Portal: Not logged in");
  g_assert_true (gtk_widget_get_visible (login_button));
  g_assert_nonnull (strstr (gtk_label_get_text (message_label), UNIT));
  g_assert_nonnull (strstr (gtk_label_get_text (message_label), "市财政局"));
  gk_gui_test_save_profile (fixture, UNIT);
  g_assert_true (gk_sync_get_logged_in (sync));

  g_signal_handlers_disconnect_by_data (sync, &watch);
  g_ptr_array_unref (watch.seen);
  gtk_widget_destroy (window);
}

/* A queued item with one attachment of @size bytes; returns its uuid. */
static char *
queue_item (GkGuiFixture *fixture,
            gsize         size,
            char        **sha256)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GkAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->data_dir, "低保名单.xlsx", NULL);
  g_autofree char *contents = g_malloc0 (size);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_file_set_contents (path, contents, (gssize) size, &error);
  g_assert_no_error (error);
  item = gk_context_create_item (fixture->context, COLUMN_ID, &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, "2017年第三季度城乡低保名单");
  gk_item_set_field (item, GK_ITEM_REVIEWER, "李明");
  gk_item_set_field (item, GK_ITEM_REVIEWED_ON, "2017-10-09");
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);
  attachment = gk_store_attach_file (gk_context_get_store (fixture->context), gk_item_get_uuid (item), file, NULL, &error);
  g_assert_no_error (error);
  *sha256 = g_strdup (gk_attachment_get_sha256 (attachment));

  gk_store_set_item_state (gk_context_get_store (fixture->context), gk_item_get_uuid (item), GK_ITEM_STATE_READY, NULL, &error);
  g_assert_no_error (error);
  gk_store_set_item_state (gk_context_get_store (fixture->context), gk_item_get_uuid (item), GK_ITEM_STATE_QUEUED, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (gk_item_get_uuid (item));
}

static void
test_outbox_rows (GkGuiFixture  *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GkSync) sync = NULL;
  g_autoptr(GkItem) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *uuid = NULL;
  GkOutboxWindow *window;
  GtkListBox *list;
  GkOutboxRow *row;
  GtkProgressBar *bar;
  GtkLabel *reason_label;
  GtkWidget *withdraw;
  GtkWidget *retry;
  g_autoptr(GPtrArray) entries = NULL;

  gk_gui_test_save_profile (fixture, UNIT);
  uuid = queue_item (fixture, 3000000, &sha256);
  /* Not logged in: nothing is sent, so the states below are the store's alone. */
  sync = gk_sync_new (GK_SYNC_HOST (fixture->context), NULL);
  gk_sync_start (sync);
  window = gk_outbox_window_new (NULL, fixture->context, sync);
  gtk_widget_show (GTK_WIDGET (window));
  list = gk_outbox_window_get_list (window);

  g_assert_cmpuint (gk_gui_test_count_rows (list, FALSE), ==, 1);
  row = GK_OUTBOX_ROW (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (gk_outbox_row_get_uuid (row), ==, uuid);
  g_assert_cmpstr (gk_gui_test_get_row_name (GTK_LIST_BOX_ROW (row)), ==, "2017年第三季度城乡低保名单");
  g_assert_cmpstr (gk_outbox_row_get_state_text (row), ==, "Waiting to be sent");
  withdraw = gk_gui_test_get_child (row, GK_TYPE_OUTBOX_ROW, "withdraw_button");
  retry = gk_gui_test_get_child (row, GK_TYPE_OUTBOX_ROW, "retry_button");
  reason_label = gk_gui_test_get_child (row, GK_TYPE_OUTBOX_ROW, "reason_label");
  g_assert_true (gtk_widget_get_visible (withdraw));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (reason_label)));

  /* The engine's progress moves the attachment's bar, in bytes. */
  bar = gk_outbox_row_get_progress_bar (row, sha256);
  g_assert_nonnull (bar);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 0.0);
  g_signal_emit_by_name (sync, "progress", uuid, sha256, (guint64) 1500000, (guint64) 3000000);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (bar), 0.5, 0.001);
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, "1.5\u00a0MB / 3.0\u00a0MB");
  g_assert_cmpstr (gk_outbox_row_get_state_text (row), ==, "Sending…");
  g_assert_false (gtk_widget_get_visible (withdraw));

  /* A retry later: when, and what went wrong. */
  gk_store_outbox_record_failure (gk_context_get_store (fixture->context), uuid, "The portal did not answer in time.",
                                  "2030-01-02T03:04:05Z", FALSE, &error);
  g_assert_no_error (error);
  gk_outbox_window_refresh (window);
  g_assert_cmpstr (gk_outbox_row_get_state_text (row), ==, "Waiting: next attempt at 2030-01-02 03:04");
  g_assert_cmpstr (gtk_label_get_text (reason_label), ==, "Last attempt: The portal did not answer in time.");
  g_assert_true (gtk_widget_get_visible (withdraw));

  g_assert_false (gtk_widget_get_visible (retry));

  /* The portal refused it: its message in full, Withdraw, and Submit Again for a refusal that passed. */
  gk_store_outbox_record_failure (gk_context_get_store (fixture->context), uuid, REFUSAL, NULL, TRUE, &error);
  g_assert_no_error (error);
  gk_outbox_window_refresh (window);
  g_assert_true (g_str_has_prefix (gk_outbox_row_get_state_text (row), "Stopped:"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reason_label)));
  g_assert_cmpstr (gtk_label_get_text (reason_label), ==, REFUSAL);
  g_assert_true (gtk_widget_get_visible (withdraw));
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (retry)), ==, "Submit Again");
  gk_gui_test_snap ("outbox-stopped");

  /* Submit Again: queued as it is, no longer stopped, with a fresh count (not logged in, so it waits). */
  gtk_button_clicked (GTK_BUTTON (retry));
  entries = gk_store_list_outbox (gk_context_get_store (fixture->context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_false (((GkOutboxEntry *) g_ptr_array_index (entries, 0))->stopped);
  g_assert_cmpuint (((GkOutboxEntry *) g_ptr_array_index (entries, 0))->attempts, ==, 0);
  gk_outbox_window_refresh (window);
  g_assert_false (gtk_widget_get_visible (retry));

  /* Stopped again, for the withdrawal below. */
  gk_store_outbox_record_failure (gk_context_get_store (fixture->context), uuid, REFUSAL, NULL, TRUE, &error);
  g_assert_no_error (error);
  gk_outbox_window_refresh (window);

  /* Withdraw puts the item back to ready for correction, and it leaves the outbox. */
  gtk_button_clicked (GTK_BUTTON (withdraw));
  stored = gk_store_dup_item (gk_context_get_store (fixture->context), uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_READY);
  gk_gui_test_wait (50);
  g_assert_cmpuint (gk_gui_test_count_rows (list, FALSE), ==, 0);
  /* Nothing queued: Sync is not the suggested action any more. */
  g_assert_false (gtk_style_context_has_class (gtk_widget_get_style_context (gk_gui_test_get_child (window, GK_TYPE_OUTBOX_WINDOW, "send_button")),
                                               GTK_STYLE_CLASS_SUGGESTED_ACTION));

  gtk_widget_destroy (GTK_WIDGET (window));
}

/* A refusal reads as our sentence; the portal's own words, English or not, only under 详情. */
static void
test_outbox_row_details (GkGuiFixture  *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GkSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sha256 = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *stored = NULL;
  GkOutboxWindow *window;
  GkOutboxRow *row;
  GtkLabel *reason_label;
  const char *detail = "The file is 25221 bytes, more than this portal's limit of 5000 bytes; send a smaller file.";

  gk_gui_test_save_profile (fixture, UNIT);
  uuid = queue_item (fixture, 25221, &sha256);
  json_parser_load_from_data (parser, "{\"type\":\"https://gongkai.invalid/problems/too-large\",\"status\":413,"
                              "\"size\":25221,\"limit\":5000}", -1, &error);
  g_assert_no_error (error);
  sentence = gk_portal_problem_dup_message (413, json_parser_get_root (parser));
  stored = gk_portal_problem_join (sentence, detail);
  gk_store_outbox_record_failure (gk_context_get_store (fixture->context), uuid, stored, NULL, TRUE, &error);
  g_assert_no_error (error);

  sync = gk_sync_new (GK_SYNC_HOST (fixture->context), NULL);
  gk_sync_start (sync);
  window = gk_outbox_window_new (NULL, fixture->context, sync);
  gtk_widget_show (GTK_WIDGET (window));
  row = GK_OUTBOX_ROW (gtk_list_box_get_row_at_index (gk_outbox_window_get_list (window), 0));
  reason_label = gk_gui_test_get_child (row, GK_TYPE_OUTBOX_ROW, "reason_label");

  g_assert_cmpstr (gtk_label_get_text (reason_label), ==, sentence);
  g_assert_null (strstr (gtk_label_get_text (reason_label), "bytes"));
  g_assert_true (gtk_widget_get_visible (gk_gui_test_get_child (row, GK_TYPE_OUTBOX_ROW, "detail_expander")));
  g_assert_cmpstr (gtk_label_get_text (gk_gui_test_get_child (row, GK_TYPE_OUTBOX_ROW, "detail_label")), ==, detail);
  gk_gui_test_snap ("outbox-details");

  /* In the column, the refused item wears a red 被拒收 badge, not 排队中. */
  {
    GtkWidget *page = gk_column_page_new ();
    g_autoptr(GkCatalog) catalog = g_object_ref (gk_context_get_catalog (fixture->context));
    GtkListBox *items;
    GtkLabel *badge;

    g_object_ref_sink (page);
    gk_column_page_set_context (GK_COLUMN_PAGE (page), fixture->context);
    gk_column_page_set_column (GK_COLUMN_PAGE (page), gk_catalog_lookup_column (catalog, COLUMN_ID), UNIT);
    gk_gui_test_wait (100);
    items = gk_gui_test_get_child (page, GK_TYPE_COLUMN_PAGE, "items_list");
    badge = gk_gui_test_get_child (gtk_list_box_get_row_at_index (items, 0), GK_TYPE_ITEM_ROW, "state_label");
    g_assert_cmpstr (gtk_label_get_text (badge), ==, "Refused");
    g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (GTK_WIDGET (badge)), "gk-state-refused"));
    g_object_unref (page);
  }

  gtk_widget_destroy (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  /* Tokens go to the data folder's file: the keyring path has its own test, and a locked one would prompt. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "", TRUE);
  g_setenv ("XDG_RUNTIME_DIR", "/nonexistent-gongkai-test", TRUE);

  if (!gk_gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add ("/gui/sync/indicator-states", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_indicator_states, gk_gui_fixture_tear_down);
  g_test_add ("/gui/sync/outbox-row-details", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_outbox_row_details, gk_gui_fixture_tear_down);
  g_test_add ("/gui/sync/outbox-rows", GkGuiFixture, NULL,
              gk_gui_fixture_set_up, test_outbox_rows, gk_gui_fixture_tear_down);

  return g_test_run ();
}
