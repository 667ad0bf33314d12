/* Catalog import is atomic and never downgrades; the profile is checked against the catalog. */
#include "config.h"

#include <glib/gstdio.h>

#include "gk-catalog.h"
#include "gk-context.h"
#include "gk-dev-switches.h"
#include "gk-item.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-test-util.h"
#include "gk-wording.h"

typedef struct
{
  char      *dir;
  GkContext *context;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->dir, &error);
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

static char *
write_version (Fixture    *fixture,
               const char *name,
               const char *version)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();

  json_object_set_string_member (json_node_get_object (root), "version", version);

  return gk_test_write_catalog (fixture->dir, name, root);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_import_newer (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = write_version (fixture, "newer.json", "2099.1");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) reopened = NULL;
  gboolean changed = FALSE;
  guint notified = 0;

  g_signal_connect (fixture->context, "notify::catalog", G_CALLBACK (on_notify_cb), &notified);
  g_assert_true (gk_context_import_catalog (fixture->context, file, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (gk_catalog_get_version (gk_context_get_catalog (fixture->context)), ==, "2099.1");

  /* Importing the same file again is a no-op, not an error. */
  g_assert_true (gk_context_import_catalog (fixture->context, file, &changed, &error));
  g_assert_false (changed);
  g_assert_cmpuint (notified, ==, 1);

  reopened = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_catalog_get_version (gk_context_get_catalog (reopened)), ==, "2099.1");
}

static void
test_import_refused_keeps_old (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *newer = write_version (fixture, "newer.json", "2099.1");
  g_autofree char *older = write_version (fixture, "older.json", "2018.1");
  g_autofree char *same = write_version (fixture, "same.json", "2099.1");
  g_autofree char *broken = g_build_filename (fixture->dir, "broken.json", NULL);
  g_autoptr(GFile) newer_file = g_file_new_for_path (newer);
  g_autoptr(GFile) older_file = g_file_new_for_path (older);
  g_autoptr(GFile) same_file = NULL;
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) reopened = NULL;
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();

  g_assert_true (gk_context_import_catalog (fixture->context, newer_file, NULL, &error));

  g_assert_false (gk_context_import_catalog (fixture->context, older_file, NULL, &error));
  g_assert_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_OLDER);
  g_assert_nonnull (strstr (error->message, "2018.1"));
  g_clear_error (&error);

  /* Same version, other content: someone forgot to bump the version. */
  json_object_set_string_member (json_node_get_object (root), "version", "2099.1");
  json_object_set_string_member (json_node_get_object (root), "title", "另一个目录");
  g_free (same);
  same = gk_test_write_catalog (fixture->dir, "same.json", root);
  same_file = g_file_new_for_path (same);
  g_assert_false (gk_context_import_catalog (fixture->context, same_file, NULL, &error));
  g_assert_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_OLDER);
  g_clear_error (&error);

  /* A half-written catalog, as if copied from a USB stick pulled too early. */
  g_file_set_contents (broken, "{\"schema\": 1, \"version\": \"3000.1\", \"colu", -1, NULL);
  g_assert_false (gk_context_import_catalog (fixture->context, broken_file, NULL, &error));
  g_assert_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  g_assert_nonnull (strstr (error->message, "cut off"));
  g_clear_error (&error);

  g_assert_cmpstr (gk_catalog_get_version (gk_context_get_catalog (fixture->context)), ==, "2099.1");
  reopened = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_catalog_get_version (gk_context_get_catalog (reopened)), ==, "2099.1");
}

static void
test_damaged_installed_falls_back (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *installed = g_build_filename (fixture->dir, "catalog.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) reopened = NULL;
  g_autoptr(GkCatalog) builtin = gk_catalog_new_builtin ();

  g_file_set_contents (installed, "not json", -1, NULL);
  reopened = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  g_test_expect_message ("gk-context", G_LOG_LEVEL_WARNING, "*catalog.json*");
  g_assert_cmpstr (gk_catalog_get_version (gk_context_get_catalog (reopened)), ==,
                   gk_catalog_get_version (builtin));
  g_test_assert_expected_messages ();
}

static void
test_save_profile_checks (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (gk_context_save_profile (fixture->context, profile, &error));
  g_assert_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_UNKNOWN_UNIT);
  g_clear_error (&error);

  gk_profile_set_unit (profile, "市财政厅");
  g_assert_false (gk_context_save_profile (fixture->context, profile, &error));
  g_assert_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_UNKNOWN_UNIT);
  g_assert_nonnull (strstr (error->message, "市财政厅"));
  g_clear_error (&error);

  gk_profile_set_unit (profile, "市财政局");
  gk_profile_set_phone (profile, "电话");
  g_assert_false (gk_context_save_profile (fixture->context, profile, &error));
  g_assert_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_INVALID_PHONE);
  g_clear_error (&error);

  gk_profile_set_phone (profile, "13507308877");
  g_assert_true (gk_context_save_profile (fixture->context, profile, &error));
  g_assert_no_error (error);
}

static void
on_maintained_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_maintain (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = g_build_filename (fixture->dir, "gongkai.db", NULL);

  /* Cancelled before it starts (the window closed at once): nothing is made, nothing is logged. */
  g_cancellable_cancel (cancellable);
  gk_context_maintain_async (fixture->context, cancellable, on_maintained_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gk_context_maintain_finish (fixture->context, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  backups = gk_store_list_backups (store_path);
  g_assert_cmpuint (backups->len, ==, 0);
  g_clear_pointer (&backups, g_ptr_array_unref);
  g_clear_object (&result);
  g_clear_error (&error);

  gk_context_maintain_async (fixture->context, NULL, on_maintained_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gk_context_maintain_finish (fixture->context, result, &error));
  g_assert_no_error (error);
  backups = gk_store_list_backups (store_path);
  g_assert_cmpuint (backups->len, ==, 1);
}

/* The editor's marks and the gate's verdict come from the self-check's lists and matcher. */
static void
test_wording (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GkWording) wording = gk_wording_new (fixture->context);
  const char *text = "本文以经审核。内部资料，截止到目前无误。";
  g_autoptr(GPtrArray) marks = gk_wording_find_marks (wording, text);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GkWording) office = NULL;
  g_autoptr(GPtrArray) office_marks = NULL;
  g_autofree char *hits = NULL;
  g_autofree char *words_path = g_build_filename (fixture->dir, "sensitive-words.txt", NULL);
  GkWordingMark *mark;
  gboolean sensitive = TRUE;

  g_assert_cmpuint (marks->len, ==, 3);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpint (mark->kind, ==, GK_WORDING_MISTAKE);
  g_assert_cmpuint (mark->offset, ==, strlen ("本文"));
  g_assert_cmpstr (mark->word, ==, "以经");
  g_assert_cmpstr (mark->correction, ==, "已经");
  mark = g_ptr_array_index (marks, 1);
  g_assert_cmpint (mark->kind, ==, GK_WORDING_SENSITIVE);
  g_assert_cmpstr (mark->word, ==, "内部资料");
  g_assert_null (mark->correction);
  /* Overlapping entries: the longer one, once. */
  mark = g_ptr_array_index (marks, 2);
  g_assert_cmpstr (mark->word, ==, "截止到目前");

  hits = gk_wording_check (wording, "关于以经公布的通知", NULL, &sensitive);
  g_assert_false (sensitive);
  g_assert_nonnull (strstr (hits, "以经→已经"));
  g_clear_pointer (&hits, g_free);
  hits = gk_wording_check (wording, NULL, "低保标准", &sensitive);
  g_assert_cmpstr (hits, ==, "");

  none = gk_wording_find_marks (wording, "城乡低保标准");
  g_assert_cmpuint (none->len, ==, 0);

  /* The office's own list replaces the shipped one, as in the self-check. */
  g_file_set_contents (words_path, "# 本单位\n工作秘密\n", -1, NULL);
  office = gk_wording_new (fixture->context);
  office_marks = gk_wording_find_marks (office, "工作秘密，内部资料");
  g_assert_cmpuint (office_marks->len, ==, 1);
  g_assert_cmpstr (((GkWordingMark *) g_ptr_array_index (office_marks, 0))->word, ==, "工作秘密");
}

/* What the context's listeners were told: the items as they were handed over, and outbox changes. */
typedef struct
{
  GPtrArray *changed;
  guint      moved;
  guint      outbox;
} Heard;

static void
on_item_changed_cb (GkContext *context,
                    GkItem    *item,
                    Heard     *heard)
{
  g_ptr_array_add (heard->changed, g_object_ref (item));
}

static void
on_item_moved_cb (GkContext *context,
                  GkItem    *item,
                  Heard     *heard)
{
  heard->moved++;
}

static void
on_outbox_changed_cb (GkContext *context,
                      Heard     *heard)
{
  heard->outbox++;
}

static GkItem *
last_changed (Heard *heard)
{
  g_assert_cmpuint (heard->changed->len, >, 0);

  return g_ptr_array_index (heard->changed, heard->changed->len - 1);
}

/* Signals carry the item as stored, so no listener reads it again; the outbox says when it changes. */
static void
test_signals (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  Heard heard = { g_ptr_array_new_with_free_func (g_object_unref), 0, 0 };
  const char *uuid;

  gk_profile_set_unit (profile, "市民政局");
  g_assert_true (gk_context_save_profile (fixture->context, profile, &error));
  item = gk_context_create_item (fixture->context, "hms.shjz.cxdb", &error);
  g_assert_no_error (error);
  uuid = gk_item_get_uuid (item);
  g_signal_connect (fixture->context, "item-changed", G_CALLBACK (on_item_changed_cb), &heard);
  g_signal_connect (fixture->context, "item-changed::state", G_CALLBACK (on_item_moved_cb), &heard);
  g_signal_connect (fixture->context, "outbox-changed", G_CALLBACK (on_outbox_changed_cb), &heard);

  /* An autosave: the item comes with its new text; the outbox did not change. */
  gk_item_set_field (item, GK_ITEM_TITLE, "低保标准调整");
  gk_item_set_field (item, GK_ITEM_BODY, "城市低保标准每人每月提高到560元。");
  gk_item_set_field (item, GK_ITEM_REVIEWER, "李局长");
  gk_item_set_field (item, GK_ITEM_REVIEWED_ON, "2017-09-14");
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  g_assert_cmpstr (gk_item_get_title (last_changed (&heard)), ==, "低保标准调整");
  g_assert_true (last_changed (&heard) != item);
  g_assert_cmpuint (heard.outbox, ==, 0);
  /* Seen for the first time: counted as moved; the next autosave is not. */
  g_assert_cmpuint (heard.moved, ==, 1);
  gk_item_set_field (item, GK_ITEM_ISSUER, "市民政局");
  g_assert_true (gk_context_save_item (fixture->context, item, &error));
  g_assert_cmpuint (heard.changed->len, ==, 2);
  g_assert_cmpuint (heard.moved, ==, 1);

  g_assert_true (gk_context_mark_item_ready (fixture->context, uuid, &error));
  g_assert_cmpint (gk_item_get_state (last_changed (&heard)), ==, GK_ITEM_STATE_READY);
  g_assert_cmpuint (heard.moved, ==, 2);
  g_assert_cmpuint (heard.outbox, ==, 0);

  g_assert_true (gk_context_submit_item (fixture->context, uuid, NULL, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gk_item_get_state (last_changed (&heard)), ==, GK_ITEM_STATE_QUEUED);
  g_assert_cmpuint (heard.outbox, ==, 1);

  g_assert_true (gk_context_withdraw_item (fixture->context, uuid, &error));
  g_assert_cmpint (gk_item_get_state (last_changed (&heard)), ==, GK_ITEM_STATE_READY);
  g_assert_cmpuint (heard.outbox, ==, 2);

  g_ptr_array_unref (heard.changed);
}

/* The switches are read as tools/run and the tests set them, and the context keeps its own copy. */
static void
test_dev_switches (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GkDevSwitches) switches = NULL;
  const GkDevSwitches *kept;

  g_assert_null (gk_context_get_dev_switches (fixture->context)->default_portal);
  g_assert_false (gk_context_get_dev_switches (fixture->context)->tus_checksums);

  g_setenv ("GK_DEFAULT_PORTAL", "http://127.0.0.1:8080/", TRUE);
  g_setenv ("GK_TUS_CHECKSUMS", "always", TRUE);
  g_setenv ("GK_LOCALEDIR", "", TRUE);
  g_setenv ("GK_BENCH_QUIT_AFTER_FIRST_FRAME", "yes", TRUE);
  g_unsetenv ("GK_DEMO_TOKENS");
  switches = gk_dev_switches_new_from_environment ();
  g_unsetenv ("GK_DEFAULT_PORTAL");
  g_unsetenv ("GK_TUS_CHECKSUMS");
  g_unsetenv ("GK_LOCALEDIR");
  g_unsetenv ("GK_BENCH_QUIT_AFTER_FIRST_FRAME");

  g_assert_cmpstr (switches->default_portal, ==, "http://127.0.0.1:8080/");
  g_assert_true (switches->tus_checksums);
  g_assert_null (switches->localedir);
  g_assert_null (switches->demo_tokens);
  g_assert_false (switches->quit_after_first_frame);

  gk_context_set_dev_switches (fixture->context, switches);
  g_clear_pointer (&switches->default_portal, g_free);
  kept = gk_context_get_dev_switches (fixture->context);
  g_assert_cmpstr (kept->default_portal, ==, "http://127.0.0.1:8080/");
  g_assert_true (kept->tus_checksums);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/context/import/newer", Fixture, NULL, fixture_set_up, test_import_newer, fixture_tear_down);
  g_test_add ("/context/import/refused", Fixture, NULL, fixture_set_up, test_import_refused_keeps_old, fixture_tear_down);
  g_test_add ("/context/import/damaged", Fixture, NULL, fixture_set_up, test_damaged_installed_falls_back, fixture_tear_down);
  g_test_add ("/context/profile", Fixture, NULL, fixture_set_up, test_save_profile_checks, fixture_tear_down);
  g_test_add ("/context/wording", Fixture, NULL, fixture_set_up, test_wording, fixture_tear_down);
  g_test_add ("/context/maintain", Fixture, NULL, fixture_set_up, test_maintain, fixture_tear_down);
  g_test_add ("/context/signals", Fixture, NULL, fixture_set_up, test_signals, fixture_tear_down);
  g_test_add ("/context/dev-switches", Fixture, NULL, fixture_set_up, test_dev_switches, fixture_tear_down);

  return g_test_run ();
}
