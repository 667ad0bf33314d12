/*
 * The client's tus code against an independent tus 1.0 server (@tus/server
 * from npm), so it follows the protocol and not only our own portal's
 * reading of it: creation, resuming after a partial transfer, and a lost upload.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gk-portal-client.h"
#include "gk-test-util.h"
#include "gk-tus-upload.h"

typedef struct
{
  char        *dir;
  char        *store;
  char        *url;
  GSubprocess *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *interop = g_getenv ("GK_INTEROP_DIR");
  g_autofree char *modules = interop != NULL ? g_build_filename (interop, "node_modules", "@tus", "server", NULL) : NULL;
  g_autofree char *script = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  guint64 port;

  fixture->dir = gk_test_make_data_dir ();

  if (node == NULL || modules == NULL || !g_file_test (modules, G_FILE_TEST_IS_DIR))
    return;

  fixture->store = g_build_filename (fixture->dir, "tus", NULL);
  g_mkdir (fixture->store, 0700);
  script = g_build_filename (interop, "tus-server.mjs", NULL);
  /* Port 0: the server takes a free one and says which; a port chosen here could be taken meanwhile. */
  fixture->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, node, script, "0", fixture->store, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "ready "));
  g_assert_true (g_ascii_string_to_unsigned (line + strlen ("ready "), 10, 1, 65535, &port, NULL));
  fixture->url = g_strdup_printf ("http://127.0.0.1:%" G_GUINT64_FORMAT "/", port);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->server != NULL)
    {
      g_subprocess_force_exit (fixture->server);
      g_subprocess_wait (fixture->server, NULL, NULL);
    }
  g_clear_object (&fixture->server);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store);
  g_free (fixture->url);
}

static gboolean
skip_without_server (Fixture *fixture)
{
  if (fixture->server != NULL)
    return FALSE;

  g_test_skip ("No independent tus server: install Node.js ≥ 20.19 and run `npm ci` in tests/interop (tools/test does)");
  return TRUE;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
write_random_file (Fixture *fixture,
                   gsize    size,
                   char   **sha256)
{
  g_autofree char *path = g_build_filename (fixture->dir, "会议录像.mp4", NULL);
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (path, (const char *) data, (gssize) size, NULL);
  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);

  return g_steal_pointer (&path);
}

/* Sends the first @length bytes by hand, as an earlier, interrupted run would have. */
static void
send_partially (const char *location,
                const char *path,
                gsize       length)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("PATCH", location);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) all = g_mapped_file_get_bytes (mapped);
  g_autoptr(GBytes) part = g_bytes_new_from_bytes (all, 0, length);
  g_autoptr(GBytes) reply = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (headers, "Upload-Offset", "0");
  soup_message_set_request_body_from_bytes (message, "application/offset+octet-stream", part);
  reply = soup_session_send_and_read (session, message, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (message), ==, 204);
}

static void
test_create_resume_complete (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GkPortalClient) client = NULL;
  g_autoptr(GkTusUpload) upload = NULL;
  g_autoptr(GAsyncResult) created = NULL;
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *stored_sha = NULL;
  g_autofree char *contents = NULL;
  const gsize size = 20 * 1024 * 1024 + 3;
  gsize length;

  if (skip_without_server (fixture))
    return;

  path = write_random_file (fixture, size, &sha256);
  client = gk_portal_client_new (fixture->url, "not-checked-by-this-server", NULL, GK_PORTAL_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  upload = gk_tus_upload_new (client, path, sha256, "会议录像.mp4", "video/mp4", size);

  gk_tus_upload_create_async (upload, "3b1f0a52-5c4c-4f8e-9a55-2f6e2b7d9c01", NULL, on_done_cb, &created);
  location = gk_tus_upload_create_finish (upload, wait_for (&created), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (location, "http://127.0.0.1:"));

  send_partially (location, path, 3 * 1024 * 1024);

  gk_tus_upload_send_async (upload, location, NULL, on_done_cb, &sent);
  g_assert_true (gk_tus_upload_send_finish (upload, wait_for (&sent), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gk_tus_upload_get_offset (upload), ==, size);

  /* The server's copy is the file, byte for byte. */
  id = g_path_get_basename (location);
  stored = g_build_filename (fixture->store, id, NULL);
  g_file_get_contents (stored, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, size);
  stored_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (stored_sha, ==, sha256);
}

static void
test_lost_upload (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GkPortalClient) client = NULL;
  g_autoptr(GkTusUpload) upload = NULL;
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_server (fixture))
    return;

  path = write_random_file (fixture, 1000, &sha256);
  client = gk_portal_client_new (fixture->url, "t", NULL, GK_PORTAL_CLIENT_FLAGS_NONE, &error);
  upload = gk_tus_upload_new (client, path, sha256, "x.bin", "application/octet-stream", 1000);

  /* An upload the server does not know: the caller must create a new one. */
  location = g_strconcat (fixture->url, "api/v1/uploads/0123456789abcdef", NULL);
  gk_tus_upload_send_async (upload, location, NULL, on_done_cb, &sent);
  g_assert_false (gk_tus_upload_send_finish (upload, wait_for (&sent), &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tus-interop/create-resume-complete", Fixture, NULL, fixture_set_up, test_create_resume_complete, fixture_tear_down);
  g_test_add ("/tus-interop/lost-upload", Fixture, NULL, fixture_set_up, test_lost_upload, fixture_tear_down);

  return g_test_run ();
}
