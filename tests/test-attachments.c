/* Attachments: copies by content, odd names, huge files in flat memory, and clean-up. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <utime.h>

#include "gk-attachment.h"
#include "gk-blob-store.h"
#include "gk-context-private.h"
#include "gk-item.h"
#include "gk-masked-copy.h"
#include "gk-privacy-report.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-test-util.h"

typedef struct
{
  char      *dir;
  GkContext *context;
  GkStore   *store;
  GkItem    *item;
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

  gk_profile_set_unit (profile, "市民政局");
  gk_context_save_profile (fixture->context, profile, &error);
  fixture->item = gk_context_create_item (fixture->context, "hms.shjz.cxdb", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->item);
  g_clear_object (&fixture->context);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static GkAttachment *
attach (Fixture *fixture,
        GFile   *file)
{
  g_autoptr(GError) error = NULL;
  GkAttachment *attachment = gk_store_attach_file (fixture->store, gk_item_get_uuid (fixture->item), file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (attachment);

  return attachment;
}

static gboolean
blob_exists (Fixture      *fixture,
             GkAttachment *attachment)
{
  g_autofree char *path = gk_store_dup_attachment_path (fixture->store, attachment);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
test_dedup_and_cleanup (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GFile) a = write_file (fixture, "低保名单.csv", "姓名,金额\n张三,300\n");
  g_autoptr(GFile) b = write_file (fixture, "copy.csv", "姓名,金额\n张三,300\n");
  g_autoptr(GkAttachment) first = attach (fixture, a);
  g_autoptr(GkAttachment) second = attach (fixture, b);
  g_autoptr(GkItem) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpstr (gk_attachment_get_sha256 (first), ==, gk_attachment_get_sha256 (second));
  g_assert_cmpstr (gk_attachment_get_name (first), ==, "低保名单.csv");
  g_assert_cmpstr (gk_attachment_get_content_type (first), ==, "text/csv");
  g_assert_cmpuint (gk_attachment_get_size (first), ==, strlen ("姓名,金额\n张三,300\n"));

  /* The original may vanish: the copy is what counts. */
  g_file_delete (a, NULL, NULL);
  path = gk_store_dup_attachment_path (fixture->store, first);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "姓名,金额\n张三,300\n");

  stored = gk_store_dup_item (fixture->store, gk_item_get_uuid (fixture->item), &error);
  g_assert_cmpuint (gk_item_get_attachments (stored)->len, ==, 2);

  /* One reference left: the copy stays. None left: it goes. */
  g_assert_true (gk_store_detach (fixture->store, gk_item_get_uuid (fixture->item), gk_attachment_get_id (first), &error));
  g_assert_true (blob_exists (fixture, second));
  g_assert_true (gk_store_detach (fixture->store, gk_item_get_uuid (fixture->item), gk_attachment_get_id (second), &error));
  g_assert_no_error (error);
  g_assert_false (blob_exists (fixture, second));

  g_assert_false (gk_store_detach (fixture->store, gk_item_get_uuid (fixture->item), 999, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND);
}

static void
test_revision_keeps_blob (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "公示.pdf", "%PDF-1.4\n% fake\n");
  g_autoptr(GkAttachment) attachment = attach (fixture, file);
  g_autoptr(GkItem) stored = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = gk_item_get_uuid (fixture->item);

  g_assert_cmpstr (gk_attachment_get_content_type (attachment), ==, "application/pdf");

  gk_item_set_field (fixture->item, GK_ITEM_TITLE, "低保公示");
  gk_item_set_field (fixture->item, GK_ITEM_REVIEWER, "李主任");
  gk_item_set_field (fixture->item, GK_ITEM_REVIEWED_ON, "2026-11-01");
  gk_context_save_item (fixture->context, fixture->item, &error);
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_READY, NULL, &error);
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_QUEUED, NULL, &error);
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_SUBMITTED, NULL, &error);
  gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_PUBLISHED, NULL, &error);
  g_assert_no_error (error);

  /* Removing the attachment of a published item starts revision 2; revision 1 keeps its copy. */
  g_assert_true (gk_store_detach (fixture->store, uuid, gk_attachment_get_id (attachment), &error));
  g_assert_no_error (error);
  stored = gk_store_dup_item (fixture->store, uuid, &error);
  g_assert_cmpuint (gk_item_get_revision (stored), ==, 2);
  g_assert_cmpint (gk_item_get_state (stored), ==, GK_ITEM_STATE_DRAFT);
  g_assert_cmpuint (gk_item_get_attachments (stored)->len, ==, 0);
  g_assert_true (blob_exists (fixture, attachment));

  revisions = gk_store_list_revisions (fixture->store, uuid, &error);
  g_assert_cmpuint (revisions->len, ==, 1);
  g_assert_cmpuint (gk_item_get_attachments (g_ptr_array_index (revisions, 0))->len, ==, 1);

  /* Removed for good: every revision and the copy go. */
  gk_store_trash_item (fixture->store, uuid, &error);
  gk_store_empty_trash (fixture->store, -G_TIME_SPAN_MINUTE, &error);
  g_assert_no_error (error);
  g_assert_false (blob_exists (fixture, attachment));
}

static void
test_odd_names (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* "城乡低保.xls" in GBK, as a Windows share hands it over. */
  static const char gbk_name[] = "\xb3\xc7\xcf\xe7\xb5\xcd\xb1\xa3.xls";
  g_autofree char *gbk_path = g_build_filename (fixture->dir, gbk_name, NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "\xff\xfe\xff.txt", NULL);
  g_autofree char *odd_path = g_build_filename (fixture->dir, "名单 (最终版)\t'$x'.docx", NULL);
  g_autoptr(GFile) gbk = g_file_new_for_path (gbk_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) odd = g_file_new_for_path (odd_path);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GFile) empty = write_file (fixture, "empty.txt", "");
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/x.pdf");
  g_autoptr(GkAttachment) converted = NULL;
  g_autoptr(GkAttachment) kept = NULL;
  g_autoptr(GkAttachment) refused = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = gk_item_get_uuid (fixture->item);

  g_file_set_contents (gbk_path, "xls", -1, NULL);
  g_file_set_contents (bad_path, "x", -1, NULL);
  g_file_set_contents (odd_path, "docx", -1, NULL);

  converted = attach (fixture, gbk);
  g_assert_cmpstr (gk_attachment_get_name (converted), ==, "城乡低保.xls");
  kept = attach (fixture, odd);
  g_assert_cmpstr (gk_attachment_get_name (kept), ==, "名单 (最终版)\t'$x'.docx");

  refused = gk_store_attach_file (fixture->store, uuid, bad, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rename"));
  g_clear_error (&error);

  g_assert_null (gk_store_attach_file (fixture->store, uuid, folder, NULL, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (gk_store_attach_file (fixture->store, uuid, empty, NULL, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (gk_store_attach_file (fixture->store, uuid, missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static gsize
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  line = status != NULL ? strstr (status, "VmHWM:") : NULL;

  return line != NULL ? (gsize) g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) : 0;
}

static void
test_huge_file (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "会议录像.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GkAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;
  const goffset size = (goffset) 2 * 1024 * 1024 * 1024 + 12345;
  gsize before, after;
  int fd;

  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GFileInfo) fs = g_file_query_filesystem_info (folder, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);

  if (!g_test_slow () && g_getenv ("GK_TEST_HUGE") == NULL)
    {
      g_test_skip ("Set GK_TEST_HUGE=1 or pass -m slow to copy a 2 GB file");
      return;
    }

  /* The copy is real data: 2 GB must fit with room to spare. */
  if (fs == NULL || g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < (guint64) 3 << 30)
    {
      g_test_skip ("Less than 3 GB free in the temporary folder for the 2 GB copy");
      return;
    }

  /* Sparse: 2 GB to read, almost nothing on disk until the copy is written. */
  fd = g_open (path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  g_assert_cmpint (pwrite (fd, "END", 3, size - 3), ==, 3);
  close (fd);

  before = peak_rss_kib ();
  attachment = gk_store_attach_file (fixture->store, gk_item_get_uuid (fixture->item), file, NULL, &error);
  after = peak_rss_kib ();

  g_assert_no_error (error);
  g_assert_cmpuint (gk_attachment_get_size (attachment), ==, (guint64) size);
  g_test_message ("peak RSS before %zu KiB, after %zu KiB", before, after);
  g_assert_cmpuint (after - before, <, 16 * 1024);
}

typedef struct
{
  GMainLoop    *loop;
  GkAttachment *attachment;
  GError       *error;
} AsyncResult;

static void
on_attached_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->attachment = gk_store_attach_file_finish (GK_STORE (object), result, &out->error);
  g_main_loop_quit (out->loop);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "通知.txt", "通知正文");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncResult out = { loop, NULL, NULL };

  gk_store_attach_file_async (fixture->store, gk_item_get_uuid (fixture->item), file, NULL, on_attached_cb, &out);
  g_main_loop_run (loop);

  g_assert_no_error (out.error);
  g_assert_cmpstr (gk_attachment_get_name (out.attachment), ==, "通知.txt");
  g_assert_true (blob_exists (fixture, out.attachment));
  gk_attachment_unref (out.attachment);
}

/* A generated identity number (check digit right), not a real person's. */
#define MASK_ID "430602198001011230"

static void
on_masked_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->attachment = gk_context_replace_with_masked_copy_finish (GK_CONTEXT (object), result, &out->error);
  g_main_loop_quit (out->loop);
}

/* The context's masked copy, as the editor asks for it: written in a worker, attached, the original gone. */
static void
test_masked_copy (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "低保名单.csv", "姓名,身份证号\n张某," MASK_ID "\n");
  g_autoptr(GkAttachment) original = attach (fixture, file);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *masked = NULL;
  AsyncResult out = { loop, NULL, NULL };
  GPtrArray *attachments;

  gk_context_replace_with_masked_copy_async (fixture->context, gk_item_get_uuid (fixture->item),
                                             gk_attachment_get_id (original), NULL, on_masked_cb, &out);
  g_main_loop_run (loop);

  g_assert_no_error (out.error);
  g_assert_cmpstr (gk_attachment_get_name (out.attachment), ==, "低保名单（已脱敏）.csv");
  path = gk_context_dup_attachment_path (fixture->context, out.attachment);
  g_assert_true (g_file_get_contents (path, &masked, NULL, NULL));
  g_assert_null (strstr (masked, MASK_ID));
  g_assert_nonnull (strstr (masked, "430602"));

  item = gk_context_dup_item (fixture->context, gk_item_get_uuid (fixture->item), &error);
  g_assert_no_error (error);
  attachments = gk_item_get_attachments (item);
  g_assert_cmpuint (attachments->len, ==, 1);
  g_assert_cmpint (gk_attachment_get_id (g_ptr_array_index (attachments, 0)), ==, gk_attachment_get_id (out.attachment));
  gk_attachment_unref (out.attachment);

  /* The original is gone: asking again names the number, and changes nothing. */
  g_assert_null (gk_context_replace_with_masked_copy (fixture->context, gk_item_get_uuid (fixture->item),
                                                      gk_attachment_get_id (original), NULL, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND);
}

/* An item on its way to the portal cannot change: the copy is refused and the original stays. */
static void
test_masked_copy_refused (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "名单.csv", "张某," MASK_ID "\n");
  g_autoptr(GkAttachment) original = attach (fixture, file);
  const char *uuid = gk_item_get_uuid (fixture->item);
  g_autoptr(GkAttachment) copy = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  gk_item_set_field (fixture->item, GK_ITEM_TITLE, "低保名单");
  gk_item_set_field (fixture->item, GK_ITEM_BODY, "名单见附件。");
  gk_item_set_field (fixture->item, GK_ITEM_REVIEWER, "周科长");
  gk_item_set_field (fixture->item, GK_ITEM_REVIEWED_ON, "2026-11-20");
  g_assert_true (gk_context_save_item (fixture->context, fixture->item, &error));
  g_assert_true (gk_context_mark_item_ready (fixture->context, uuid, &error));
  g_assert_true (gk_store_set_item_state (fixture->store, uuid, GK_ITEM_STATE_QUEUED, NULL, &error));
  g_assert_no_error (error);

  copy = gk_context_replace_with_masked_copy (fixture->context, uuid, gk_attachment_get_id (original), NULL, &error);
  g_assert_null (copy);
  g_assert_nonnull (error);

  item = gk_context_dup_item (fixture->context, uuid, NULL);
  g_assert_cmpuint (gk_item_get_attachments (item)->len, ==, 1);
  g_assert_cmpstr (gk_attachment_get_name (g_ptr_array_index (gk_item_get_attachments (item), 0)), ==, "名单.csv");
}

typedef struct
{
  GMainLoop *loop;
  gboolean   queued;
  GError    *error;
} SubmitResult;

static void
on_submitted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SubmitResult *out = user_data;

  out->queued = gk_context_submit_item_finish (GK_CONTEXT (object), result, &out->error);
  g_main_loop_quit (out->loop);
}

static void
submit_async (Fixture      *fixture,
              GHashTable   *known,
              SubmitResult *out)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  out->loop = loop;
  gk_context_submit_item_async (fixture->context, gk_item_get_uuid (fixture->item), NULL, NULL, FALSE, known, NULL,
                                on_submitted_cb, out);
  g_main_loop_run (loop);
  out->loop = NULL;
}

/*
 * The editor's Submit: the attachments are scanned in a worker, and a report
 * the editor already has of the same content (its digest) is not made again.
 */
static void
test_submit_async (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GFile) clean = write_file (fixture, "通知.txt", "通知正文");
  g_autoptr(GFile) dirty = write_file (fixture, "名单.csv", "张某," MASK_ID "\n");
  g_autoptr(GkAttachment) attachment = attach (fixture, clean);
  g_autoptr(GkPrivacyReport) report = gk_privacy_scan_file (dirty, NULL, NULL);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) gk_privacy_report_unref);
  const char *uuid = gk_item_get_uuid (fixture->item);
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  SubmitResult out = { NULL, FALSE, NULL };

  gk_item_set_field (fixture->item, GK_ITEM_TITLE, "通知");
  gk_item_set_field (fixture->item, GK_ITEM_BODY, "见附件。");
  gk_item_set_field (fixture->item, GK_ITEM_REVIEWER, "周科长");
  gk_item_set_field (fixture->item, GK_ITEM_REVIEWED_ON, "2026-11-20");
  g_assert_true (gk_context_save_item (fixture->context, fixture->item, &error));
  g_assert_true (gk_context_mark_item_ready (fixture->context, uuid, &error));
  g_assert_no_error (error);

  /* What the editor's row found in this content is what the gate goes by. */
  g_assert_nonnull (report);
  g_hash_table_insert (known, g_strdup (gk_attachment_get_sha256 (attachment)), gk_privacy_report_ref (report));
  submit_async (fixture, known, &out);
  g_assert_false (out.queued);
  g_assert_error (out.error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_PRIVACY);
  g_assert_nonnull (strstr (out.error->message, "通知.txt"));
  g_clear_error (&out.error);

  /* Without it, the worker scans the stored copy, which is clean. */
  submit_async (fixture, NULL, &out);
  g_assert_no_error (out.error);
  g_assert_true (out.queued);
  item = gk_context_dup_item (fixture->context, uuid, &error);
  g_assert_cmpint (gk_item_get_state (item), ==, GK_ITEM_STATE_QUEUED);
}

static void
test_sweep (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "keep.txt", "keep");
  g_autoptr(GkAttachment) kept = attach (fixture, file);
  g_autofree char *orphan = g_build_filename (fixture->dir, "blobs", "ab",
                                              "ab00000000000000000000000000000000000000000000000000000000000000", NULL);
  g_autofree char *folder = g_path_get_dirname (orphan);
  g_autoptr(GError) error = NULL;
  struct utimbuf old = { 0, 0 };

  /* What a crash between copying and recording leaves: a blob nobody refers to. */
  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (orphan, "orphan", -1, NULL);
  g_assert_cmpint (gk_store_sweep_blobs (fixture->store, &error), ==, 0);
  g_assert_true (g_file_test (orphan, G_FILE_TEST_EXISTS));

  g_utime (orphan, &old);
  g_assert_cmpint (gk_store_sweep_blobs (fixture->store, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_true (blob_exists (fixture, kept));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/attachments/dedup-and-cleanup", Fixture, NULL, fixture_set_up, test_dedup_and_cleanup, fixture_tear_down);
  g_test_add ("/attachments/revision-keeps-blob", Fixture, NULL, fixture_set_up, test_revision_keeps_blob, fixture_tear_down);
  g_test_add ("/attachments/odd-names", Fixture, NULL, fixture_set_up, test_odd_names, fixture_tear_down);
  g_test_add ("/attachments/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/attachments/sweep", Fixture, NULL, fixture_set_up, test_sweep, fixture_tear_down);
  g_test_add ("/attachments/masked-copy", Fixture, NULL, fixture_set_up, test_masked_copy, fixture_tear_down);
  g_test_add ("/attachments/submit-async", Fixture, NULL, fixture_set_up, test_submit_async, fixture_tear_down);
  g_test_add ("/attachments/masked-copy-refused", Fixture, NULL, fixture_set_up, test_masked_copy_refused,
              fixture_tear_down);
  g_test_add ("/attachments/huge-file", Fixture, NULL, fixture_set_up, test_huge_file, fixture_tear_down);

  return g_test_run ();
}
