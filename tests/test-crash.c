/*
 * kill -9 at any moment leaves a consistent store: CLI processes that add
 * items with attachments and attach more files are killed at random points,
 * then the store must open, pass an integrity check, hold every item whose
 * id was printed, and have a copy on disk for every attachment it records.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gk-attachment.h"
#include "gk-item.h"
#include "gk-store.h"
#include "gk-test-util.h"

#define ROUNDS 60

static char *
run_maybe_killed (const char * const *argv,
                  GRand              *rand,
                  gint32              window_us,
                  gboolean           *completed)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GInputStream *stdout_pipe;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);

  /* From "not started yet" to "long done". */
  g_usleep (g_rand_int_range (rand, 0, window_us));
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  *completed = g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
  stdout_pipe = g_subprocess_get_stdout_pipe (process);
  bytes = g_input_stream_read_bytes (stdout_pipe, 4096, NULL, NULL);
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    out = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return out != NULL ? g_strstrip (g_steal_pointer (&out)) : NULL;
}

static void
test_kill_loop (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GPtrArray) printed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "gongkai.db", NULL);
  const char *cli = g_getenv ("GONGKAI_CLI");
  guint completed_adds = 0, killed = 0;
  gint32 window_us;
  g_autoptr(GSubprocess) setup = NULL;

  setup = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, cli, "profile", "set", "--unit", "市民政局",
                            "--data-dir", dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (setup, NULL, &error);
  g_assert_no_error (error);

  /* The kill window is twice what a whole command takes on this machine:
   * 10–30 ms on an ordinary build, several times that under the sanitizers. */
  {
    g_autoptr(GSubprocess) timed = NULL;
    gint64 start = g_get_monotonic_time ();

    timed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "item", "list",
                              "--data-dir", dir, NULL);
    g_assert_no_error (error);
    g_subprocess_wait_check (timed, NULL, &error);
    g_assert_no_error (error);
    window_us = (gint32) MAX (40000, 2 * (g_get_monotonic_time () - start));
  }

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *file = g_strdup_printf ("%s/附件-%u.txt", dir, round);
      g_autofree char *title = g_strdup_printf ("第%u批低保名单", round);
      g_autofree char *contents = g_strdup_printf ("名单第%u批\n", round);
      g_autofree char *out = NULL;
      gboolean completed;

      g_file_set_contents (file, contents, -1, NULL);

      if (printed->len > 0 && g_rand_boolean (rand))
        {
          const char *target = g_ptr_array_index (printed, g_rand_int_range (rand, 0, (gint32) printed->len));
          const char *argv[] = { cli, "item", "attach", target, file, "--data-dir", dir, NULL };

          out = run_maybe_killed (argv, rand, window_us, &completed);
        }
      else
        {
          const char *argv[] = { cli, "item", "add", "--column", "hms.shjz.cxdb", "--title", title,
                                 "--attach", file, "--data-dir", dir, NULL };

          out = run_maybe_killed (argv, rand, window_us, &completed);
          if (completed)
            {
              g_assert_true (g_uuid_string_is_valid (out));
              g_ptr_array_add (printed, g_steal_pointer (&out));
              completed_adds++;
            }
          /* Under load an add can take longer than the window measured on a list: widen
           * it until one completes, or the test would prove nothing (it failed so in CI). */
          else if (completed_adds == 0)
            window_us += window_us / 2;
        }

      killed += !completed;
      /* And narrow it while nothing has been killed yet, on a machine that became fast. */
      if (completed && killed == 0)
        window_us = MAX (window_us * 2 / 3, 2000);
    }

  g_test_message ("%u of %u rounds killed within %d ms, %u items added", killed, ROUNDS, window_us / 1000,
                  completed_adds);
  /* Both outcomes must have happened, or the test proved nothing. */
  g_assert_cmpuint (killed, >, 0);
  g_assert_cmpuint (completed_adds, >, 0);

  store = gk_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (gk_store_check_integrity (store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < printed->len; i++)
    {
      g_autoptr(GkItem) item = gk_store_dup_item (store, g_ptr_array_index (printed, i), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (gk_item_get_attachments (item)->len, >=, 1);
    }

  /* Every item, printed or not, came in whole: with its attachment, whose copy exists. */
  items = gk_store_list_items (store, "市民政局", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, >=, printed->len);
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GkItem) item = gk_store_dup_item (store, gk_item_get_uuid (g_ptr_array_index (items, i)), &error);
      GPtrArray *attachments = gk_item_get_attachments (item);

      g_assert_cmpuint (attachments->len, >=, 1);
      for (guint j = 0; j < attachments->len; j++)
        {
          g_autofree char *path = gk_store_dup_attachment_path (store, g_ptr_array_index (attachments, j));

          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        }
    }

  g_clear_object (&store);
  gk_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("GONGKAI_CLI") == NULL)
    g_error ("Set GONGKAI_CLI to the gongkai program to test");

  g_test_add_func ("/crash/kill-loop", test_kill_loop);

  return g_test_run ();
}
