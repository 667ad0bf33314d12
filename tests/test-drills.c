/*
 * Fault drills (docs/fault-drills.md): a long queue synced through the real
 * gongkai program while the reference portal crashes and comes back, the
 * network drops bodies and answers, and the client is killed with SIGKILL at
 * random points; then the portal must hold each item exactly once with every
 * attachment's bytes intact, and both databases must pass integrity_check.
 * A full disk while attaching or installing the catalog is drilled too.
 *
 * The seed is printed; GK_DRILL_SEED=N runs the same drill again.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "gk-test-portal.h"
#include "gk-test-util.h"

#define TOKENS "tok-mz\t市民政局\n"
#define COLUMN "hms.shjz.cxdb"
#define N_ITEMS 200
#define ATTACHMENTS_PER_ITEM 5
#define CLIENT_KILLS 20
#define PORTAL_RESTARTS 3
/* A sync that takes longer than this once the faults are off counts as a hang. */
#define FINAL_SYNC_TIMEOUT_MS (120 * 1000)

typedef struct
{
  GkTestPortal *portal;
  char         *dir;
  char         *files;
  GRand        *rand;
  /* Per item, in the order made: its id, and its attachments' SHA-256 as made. */
  GPtrArray    *uuids;
  GPtrArray    *digests;
} Drill;

static guint32
drill_seed (void)
{
  const char *given = g_getenv ("GK_DRILL_SEED");
  guint32 seed = given != NULL ? (guint32) g_ascii_strtoull (given, NULL, 10) : (guint32) g_test_rand_int ();

  g_test_message ("drill seed %u (run again with GK_DRILL_SEED=%u)", seed, seed);

  return seed;
}

static void
set_up_client (const char *dir,
               const char *portal_url)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char * const login[] = { "login", "--portal", portal_url, NULL };

  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "profile", "set", "--unit", "市民政局", "--liaison", "张丽", "--phone", "0730-8882003",
                        "--leader", "刘副局长", "--office", "办公室", NULL), ==, 0);
  g_assert_cmpint (gk_test_run_cli_argv (dir, "tok-mz\n", &out, &err, login), ==, 0);
}

/*
 * Letters only, so the personal-information scan finds nothing to hold the
 * item back; the header makes every file distinct.
 */
static char *
write_attachment (Drill  *drill,
                  guint   item,
                  guint   index,
                  gsize   size,
                  char  **sha256)
{
  g_autofree char *path = g_strdup_printf ("%s/第%u条-附件%u.txt", drill->files, item, index);
  g_autofree char *data = g_malloc (size);
  g_autofree char *header = g_strdup_printf ("第%u条信息的第%u个附件\n", item, index);
  gsize header_length = MIN (strlen (header), size);
  g_autoptr(GError) error = NULL;

  memcpy (data, header, header_length);
  for (gsize i = header_length; i < size; i++)
    data[i] = (i % 64 == 63) ? '\n' : (char) ('a' + g_rand_int_range (drill->rand, 0, 26));

  g_file_set_contents (path, data, (gssize) size, &error);
  g_assert_no_error (error);
  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);

  return g_steal_pointer (&path);
}

/* Mostly a few KB; some 256 KB; two over the 8 MiB chunk, so tus sends them in pieces. */
static gsize
attachment_size (Drill *drill,
                 guint  n)
{
  if (n == 137 || n == 733)
    return 9 * 1024 * 1024 + n;
  if (n % 40 == 7)
    return 256 * 1024 + n;
  return (gsize) g_rand_int_range (drill->rand, 1024, 8 * 1024);
}

/* Marks the drafts ready and submits them: one call each, `item ready ID…` and `submit ID…`. */
static void
queue_all (const char *dir,
           GPtrArray  *uuids)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, "item");
  g_ptr_array_add (args, "ready");
  for (guint i = 0; i < uuids->len; i++)
    g_ptr_array_add (args, g_ptr_array_index (uuids, i));
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (gk_test_run_cli_argv (dir, NULL, NULL, NULL, (const char * const *) args->pdata), ==, 0);
  args->pdata[1] = "submit";
  g_assert_cmpint (gk_test_run_cli_argv (dir, NULL, NULL, NULL, (const char * const *) args->pdata + 1), ==, 0);
}

static void
build_queue (Drill *drill)
{
  g_autofree char *body = g_build_filename (drill->files, "正文.txt", NULL);
  g_autoptr(GTimer) timer = g_timer_new ();

  g_file_set_contents (body, "城乡低保资金发放情况如下。\n", -1, NULL);

  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GStrvBuilder) digests = g_strv_builder_new ();
      g_autofree char *out = NULL;

      g_ptr_array_add (args, g_strdup ("item"));
      g_ptr_array_add (args, g_strdup ("add"));
      g_ptr_array_add (args, g_strdup ("--column=" COLUMN));
      g_ptr_array_add (args, g_strdup_printf ("--title=演练第%u条", i));
      g_ptr_array_add (args, g_strdup ("--reviewer=周科长"));
      g_ptr_array_add (args, g_strdup ("--reviewed-on=2026-11-20"));
      g_ptr_array_add (args, g_strconcat ("--body-file=", body, NULL));
      for (guint j = 0; j < ATTACHMENTS_PER_ITEM; j++)
        {
          g_autofree char *sha256 = NULL;
          g_autofree char *path = write_attachment (drill, i, j, attachment_size (drill, i * ATTACHMENTS_PER_ITEM + j), &sha256);

          g_ptr_array_add (args, g_strconcat ("--attach=", path, NULL));
          g_strv_builder_add (digests, sha256);
        }
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (gk_test_run_cli_argv (drill->dir, NULL, &out, NULL, (const char * const *) args->pdata), ==, 0);
      g_ptr_array_add (drill->uuids, g_strstrip (g_steal_pointer (&out)));
      g_ptr_array_add (drill->digests, g_strv_builder_end (digests));
    }

  queue_all (drill->dir, drill->uuids);

  g_test_message ("queue of %u items with %u attachments built in %.1f s",
                  N_ITEMS, N_ITEMS * ATTACHMENTS_PER_ITEM, g_timer_elapsed (timer, NULL));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
on_waited_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Lets @process run for at most @ms, then kills it; returns whether it ended by itself. */
static gboolean
run_for (GSubprocess *process,
         guint        ms)
{
  gboolean exited = FALSE, expired = FALSE;
  guint timeout = g_timeout_add (ms, on_timeout_cb, &expired);

  g_subprocess_wait_async (process, NULL, on_waited_cb, &exited);
  while (!exited && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (timeout);
  if (exited)
    return TRUE;

  /* Killed; and the wait callback points at this frame, so it must run before returning. */
  g_subprocess_force_exit (process);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);

  return FALSE;
}

static GSubprocess *
spawn_sync (Drill      *drill,
            const char *log)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GONGKAI_CLI"), "sync", "--once",
                                         "--data-dir", drill->dir, NULL);
  g_assert_no_error (error);

  return process;
}

static void
set_faults (Drill      *drill,
            const char *json)
{
  g_assert_cmpuint (gk_test_portal_call (drill->portal, "POST", "_test/faults", NULL, "application/json", json, NULL),
                    ==, 200);
}

/* One of the network's misdeeds, or none; written as the portal's fault switches. */
static char *
pick_fault (Drill *drill)
{
  switch (g_rand_int_range (drill->rand, 0, 8))
    {
    case 0:
      /* A body cut off mid-way, the connection closed: small attachments and the big ones. */
      return g_strdup_printf ("{\"drop_after_bytes\": %d}", g_rand_boolean (drill->rand)
                              ? g_rand_int_range (drill->rand, 100, 6000)
                              : g_rand_int_range (drill->rand, 100000, 9 * 1024 * 1024));
    case 1:
      return g_strdup ("{\"drop_response\": true}");
    case 2:
      return g_strdup_printf ("{\"fail_next\": %d, \"status\": 503, \"retry_after\": 1}", g_rand_int_range (drill->rand, 1, 4));
    case 3:
      return g_strdup_printf ("{\"fail_next\": %d, \"status\": 500}", g_rand_int_range (drill->rand, 1, 3));
    case 4:
      /* A slow line. */
      return g_strdup_printf ("{\"delay_ms\": %d}", g_rand_int_range (drill->rand, 5, 40));
    default:
      return g_strdup ("{}");
    }
}

static guint
count_rows (const char *db_path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count = 0;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

static guint
count_submitted (Drill *drill)
{
  g_autofree char *db = g_build_filename (drill->dir, "gongkai.db", NULL);

  return count_rows (db, "SELECT COUNT(*) FROM items WHERE state = 'submitted'");
}

/*
 * How long the next sync lives before it is killed: random, around the time it
 * would take to deliver an even share of what is left, so the kills are spread
 * over the whole queue whether this machine is fast or busy.
 */
static guint
pick_kill_delay (Drill  *drill,
                 guint   kills,
                 double  pace)
{
  guint left = N_ITEMS - count_submitted (drill);
  double share = (double) left / (CLIENT_KILLS - kills) / pace;

  return (guint) g_rand_int_range (drill->rand, 20, 20 + (gint32) MIN (2 * share, 5000.0) + 100);
}

/*
 * The drill proper: rounds of `gongkai sync --once`, each under a random
 * fault and killed after a random while, three of them across a portal
 * crash with a pause in which connections are refused.
 */
static void
run_rounds (Drill *drill)
{
  guint restart_at[PORTAL_RESTARTS];
  guint kills = 0, restarts = 0, finished = 0, submitted = 0;
  /* Items a sync delivers per millisecond, as fast as seen so far; a guess to start. */
  double pace = 0.02;

  for (guint i = 0; i < PORTAL_RESTARTS; i++)
    restart_at[i] = 2 + i * (CLIENT_KILLS / PORTAL_RESTARTS) + (guint) g_rand_int_range (drill->rand, 0, 4);

  for (guint round = 0; kills < CLIENT_KILLS; round++)
    {
      g_autofree char *log = g_strdup_printf ("%s/sync-%u.log", drill->files, round);
      g_autofree char *fault = pick_fault (drill);
      g_autoptr(GSubprocess) sync = NULL;
      g_autoptr(GString) events = g_string_new (fault);
      gboolean restart = restarts < PORTAL_RESTARTS && round == restart_at[restarts];
      guint before_round = submitted;
      guint delay;

      /* A drill whose syncs all finish before the kill proves nothing. */
      g_assert_cmpuint (round, <, 4 * CLIENT_KILLS);

      set_faults (drill, fault);
      sync = spawn_sync (drill, log);

      if (restart)
        {
          guint before = (guint) g_rand_int_range (drill->rand, 20, 400);
          guint outage = (guint) g_rand_int_range (drill->rand, 200, 1500);

          g_usleep (before * 1000);
          gk_test_portal_halt (drill->portal);
          /* The network is cut: connections are refused until the portal is back. */
          g_usleep (outage * 1000);
          gk_test_portal_resume (drill->portal);
          restarts++;
          g_string_append_printf (events, ", portal killed after %u ms and back after %u ms", before, outage);
        }

      delay = pick_kill_delay (drill, kills, pace);
      if (run_for (sync, delay))
        {
          finished++;
          g_string_append_printf (events, ", sync ended by itself with status %d", g_subprocess_get_exit_status (sync));
        }
      else
        {
          kills++;
          g_string_append_printf (events, ", client killed after %u ms", delay);
        }

      submitted = count_submitted (drill);
      if (!restart && submitted > before_round)
        pace = MAX (pace, (double) (submitted - before_round) / delay);
      g_test_message ("round %u: %s; %u of %u items submitted", round, events->str, submitted, N_ITEMS);
    }

  g_test_message ("%u kills, %u portal restarts, %u syncs ended by themselves", kills, restarts, finished);
  g_assert_cmpuint (restarts, ==, PORTAL_RESTARTS);
}

static void
finish_sync (Drill *drill)
{
  g_autoptr(GTimer) timer = g_timer_new ();

  set_faults (drill, "{}");

  for (guint attempt = 0;; attempt++)
    {
      g_autofree char *log = g_strdup_printf ("%s/final-%u.log", drill->files, attempt);
      g_autofree char *err = NULL;
      g_autoptr(GSubprocess) sync = spawn_sync (drill, log);

      if (!run_for (sync, FINAL_SYNC_TIMEOUT_MS))
        g_error ("gongkai sync --once hung for %d s with the portal up and no faults", FINAL_SYNC_TIMEOUT_MS / 1000);

      g_file_get_contents (log, &err, NULL, NULL);
      if (g_subprocess_get_exit_status (sync) == 0)
        break;

      /* A sync may meet a backoff left by the drill; more than a few means items are stuck. */
      g_test_message ("final sync %u: status %d: %s", attempt, g_subprocess_get_exit_status (sync), err);
      g_assert_cmpuint (attempt, <, 3);
    }

  g_test_message ("final sync done in %.1f s", g_timer_elapsed (timer, NULL));
}

static char *
sha256_of_file (const char *path)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (file),
                                      g_mapped_file_get_length (file));
}

static void
assert_integrity (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The local copies: every attachment's blob holds the bytes that were attached. */
static void
verify_client (Drill *drill)
{
  g_autofree char *db_path = g_build_filename (drill->dir, "gongkai.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  assert_integrity (db_path);
  g_assert_cmpuint (count_rows (db_path, "SELECT COUNT(*) FROM outbox"), ==, 0);
  g_assert_cmpuint (count_submitted (drill), ==, N_ITEMS);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT a.sha256 FROM attachments a JOIN items i ON i.id = a.item_id "
                                           "WHERE i.uuid = ? ORDER BY a.id", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < drill->uuids->len; i++)
    {
      char **expected = g_ptr_array_index (drill->digests, i);
      guint n = 0;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (drill->uuids, i), -1, SQLITE_TRANSIENT);
      for (; sqlite3_step (stmt) == SQLITE_ROW; n++)
        {
          const char *sha256 = (const char *) sqlite3_column_text (stmt, 0);
          g_autofree char *fan = g_strndup (sha256, 2);
          g_autofree char *blob = g_build_filename (drill->dir, "blobs", fan, sha256, NULL);
          g_autofree char *actual = sha256_of_file (blob);

          g_assert_cmpuint (n, <, ATTACHMENTS_PER_ITEM);
          g_assert_cmpstr (sha256, ==, expected[n]);
          g_assert_cmpstr (actual, ==, expected[n]);
        }
      g_assert_cmpuint (n, ==, ATTACHMENTS_PER_ITEM);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The portal holds exactly the submitted items, once each, with the uploaded bytes intact. */
static void
verify_portal (Drill *drill)
{
  g_autofree char *db_path = g_build_filename (drill->portal->dir, "portal.db", NULL);
  g_autoptr(JsonNode) reply = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Through the API first, as a client sees it. */
  g_assert_cmpuint (gk_test_portal_call (drill->portal, "GET", "api/v1/items?limit=1000", "tok-mz", NULL, NULL, &reply), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "items")), ==, N_ITEMS);

  /* Then its database and upload files, at rest. */
  gk_test_portal_halt (drill->portal);
  assert_integrity (db_path);
  g_assert_cmpuint (count_rows (db_path, "SELECT COUNT(*) FROM items"), ==, N_ITEMS);
  g_assert_cmpuint (count_rows (db_path, "SELECT COUNT(*) FROM revisions"), ==, N_ITEMS);
  g_assert_cmpuint (count_rows (db_path, "SELECT COUNT(*) FROM attachments"), ==, N_ITEMS * ATTACHMENTS_PER_ITEM);
  g_test_message ("the portal holds %u uploads nothing refers to (left by killed clients; they expire)",
                  count_rows (db_path, "SELECT COUNT(*) FROM uploads WHERE id NOT IN (SELECT upload_id FROM attachments)"));

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT i.revision, i.title, a.upload_id, a.sha256, u.complete "
                                           "FROM items i JOIN attachments a ON a.item_id = i.id "
                                           "JOIN uploads u ON u.id = a.upload_id "
                                           "WHERE i.id = ? ORDER BY a.position", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < drill->uuids->len; i++)
    {
      char **expected = g_ptr_array_index (drill->digests, i);
      g_autofree char *title = g_strdup_printf ("演练第%u条", i);
      guint n = 0;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (drill->uuids, i), -1, SQLITE_TRANSIENT);
      for (; sqlite3_step (stmt) == SQLITE_ROW; n++)
        {
          g_autofree char *upload = g_build_filename (drill->portal->dir, "uploads",
                                                      (const char *) sqlite3_column_text (stmt, 2), NULL);
          g_autofree char *actual = sha256_of_file (upload);

          g_assert_cmpuint (n, <, ATTACHMENTS_PER_ITEM);
          g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, title);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, expected[n]);
          g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, 1);
          g_assert_cmpstr (actual, ==, expected[n]);
        }
      g_assert_cmpuint (n, ==, ATTACHMENTS_PER_ITEM);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_long_queue (void)
{
  Drill drill = { NULL, };
  g_autoptr(GTimer) timer = g_timer_new ();

  drill.rand = g_rand_new_with_seed (drill_seed ());
  drill.portal = gk_test_portal_start (TOKENS);
  drill.dir = gk_test_make_data_dir ();
  drill.files = gk_test_make_data_dir ();
  drill.uuids = g_ptr_array_new_with_free_func (g_free);
  drill.digests = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  set_up_client (drill.dir, drill.portal->url);
  build_queue (&drill);
  run_rounds (&drill);
  finish_sync (&drill);
  verify_client (&drill);
  verify_portal (&drill);
  g_test_message ("drill done in %.1f s", g_timer_elapsed (timer, NULL));

  gk_test_portal_stop (drill.portal);
  gk_test_remove_tree (drill.dir);
  gk_test_remove_tree (drill.files);
  g_free (drill.dir);
  g_free (drill.files);
  g_rand_free (drill.rand);
  g_ptr_array_unref (drill.uuids);
  g_ptr_array_unref (drill.digests);
}

static void
test_portal_unreachable (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *body = g_build_filename (dir, "正文.txt", NULL);
  g_autofree char *db = g_build_filename (dir, "gongkai.db", NULL);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *err = NULL;

  set_up_client (dir, portal->url);
  g_file_set_contents (body, "城乡低保资金发放情况如下。\n", -1, NULL);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *title = g_strdup_printf ("断网第%u条", i);
      char *out = NULL;

      g_assert_cmpint (gk_test_run_cli (dir, NULL, &out, NULL, "item", "add", "--column", COLUMN, "--title", title,
                                        "--reviewer", "周科长", "--reviewed-on", "2026-11-20", "--body-file", body, NULL), ==, 0);
      g_ptr_array_add (uuids, g_strstrip (out));
    }
  queue_all (dir, uuids);

  /* Connections refused: the first item sits out its waits, and then the run ends, not after twenty items' waits. */
  gk_test_portal_halt (portal);
  timer = g_timer_new ();
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, &err, "sync", "--once", NULL), ==, 1);
  g_test_message ("sync --once with the portal unreachable ended after %.1f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 20.0);
  g_assert_nonnull (strstr (err, "could not be reached"));
  g_assert_cmpuint (count_rows (db, "SELECT COUNT(*) FROM outbox"), ==, 20);

  gk_test_portal_resume (portal);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "sync", "--once", NULL), ==, 0);
  g_assert_cmpuint (count_rows (db, "SELECT COUNT(*) FROM items WHERE state = 'submitted'"), ==, 20);

  gk_test_remove_tree (dir);
}

/* One sentence on one line, naming the full disk and the remedy; nothing raw like "File too large". */
static void
assert_disk_full_message (const char *err,
                          const char *names)
{
  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "The disk is full: "));
  g_assert_nonnull (strstr (err, names));
  g_assert_true (g_str_has_suffix (err, " Free some space and try again.\n"));
  /* The only newline ends it. */
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static guint
count_files (const char *folder,
             const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, prefix);

  return n;
}

static void
test_disk_full_attaching (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *small = g_build_filename (dir, "名单.txt", NULL);
  g_autofree char *big = g_build_filename (dir, "全年会议录像.mp4", NULL);
  g_autofree char *blobs = g_build_filename (dir, "blobs", NULL);
  g_autofree char *big_data = g_malloc0 (2 * 1024 * 1024);
  g_autofree char *id = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *db = g_build_filename (dir, "gongkai.db", NULL);
  const char * const add[] = { "item", "add", "--column", COLUMN, "--title", "低保名单", "--attach", small, NULL };
  const char *show[] = { "item", "show", NULL, NULL };

  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "profile", "set", "--unit", "市民政局", NULL), ==, 0);
  g_file_set_contents (small, "第一批名单\n", -1, NULL);
  g_file_set_contents (big, big_data, 2 * 1024 * 1024, NULL);
  g_assert_cmpint (gk_test_run_cli_argv (dir, NULL, &id, NULL, add), ==, 0);
  show[2] = g_strstrip (id);

  /* Room for the database, not for a 2 MiB copy. */
  gk_test_set_cli_file_size_limit (512 * 1024);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, &err, "item", "attach", id, big, NULL), ==, 1);
  assert_disk_full_message (err, blobs);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, &err, "item", "add", "--column", COLUMN, "--title", "录像", "--attach", big, NULL), ==, 1);
  assert_disk_full_message (err, blobs);
  gk_test_set_cli_file_size_limit (0);

  /* Nothing lost, nothing half-made: the item with its first attachment, no second item, no torn copy. */
  assert_integrity (db);
  g_assert_cmpuint (count_rows (db, "SELECT COUNT(*) FROM items"), ==, 1);
  g_assert_cmpuint (count_rows (db, "SELECT COUNT(*) FROM attachments"), ==, 1);
  g_assert_cmpuint (count_files (blobs, "incoming-"), ==, 0);
  g_assert_cmpint (gk_test_run_cli_argv (dir, NULL, &out, NULL, show), ==, 0);
  g_assert_nonnull (strstr (out, "\t名单.txt\t"));
  g_assert_null (strstr (out, "录像"));

  /* With space again, the same command works. */
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "item", "attach", id, big, NULL), ==, 0);
  g_assert_cmpuint (count_rows (db, "SELECT COUNT(*) FROM attachments"), ==, 2);

  gk_test_remove_tree (dir);
}

static void
test_disk_full_catalog (void)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *files = gk_test_make_data_dir ();
  g_autofree char *older = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *installed = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *db = g_build_filename (dir, "gongkai.db", NULL);
  g_autoptr(GkTestPortal) portal = NULL;
  const char * const show[] = { "catalog", "show", NULL };

  /* The client has 2098.1 installed; the portal serves 2099.1. */
  json_object_set_string_member (json_node_get_object (root), "version", "2098.1");
  older = gk_test_write_catalog (files, "older.json", root);
  json_object_set_string_member (json_node_get_object (root), "version", "2099.1");
  newer = gk_test_write_catalog (files, "newer.json", root);
  portal = gk_test_portal_start_with_catalog (TOKENS, newer);
  set_up_client (dir, portal->url);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "catalog", "import", older, NULL), ==, 0);
  g_file_get_contents (installed, &before, NULL, NULL);

  /* Smaller than the catalog (55 KB), larger than what the sync writes before it. */
  gk_test_set_cli_file_size_limit (32 * 1024);
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, &err, "sync", "--once", NULL), ==, 1);
  gk_test_set_cli_file_size_limit (0);
  assert_disk_full_message (err, installed);

  /* The old catalog is whole and in use; no temporary file is left beside it. */
  g_file_get_contents (installed, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_files (dir, "catalog.json."), ==, 0);
  g_assert_cmpint (gk_test_run_cli_argv (dir, NULL, &out, NULL, show), ==, 0);
  g_assert_nonnull (strstr (out, "version\t2098.1\n"));
  assert_integrity (db);

  /* With space again, the next sync installs it. */
  g_assert_cmpint (gk_test_run_cli (dir, NULL, NULL, NULL, "sync", "--once", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_run_cli_argv (dir, NULL, &out, NULL, show), ==, 0);
  g_assert_nonnull (strstr (out, "version\t2099.1\n"));

  gk_test_remove_tree (dir);
  gk_test_remove_tree (files);
}

static SoupMessage *
tus_message (GkTestPortal *portal,
             const char   *method,
             const char   *path)
{
  g_autofree char *url = g_strconcat (portal->url, path + (*path == '/'), NULL);
  SoupMessage *message = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Authorization", "Bearer tok-mz");
  soup_message_headers_replace (headers, "Tus-Resumable", "1.0.0");

  return message;
}

/* Sends @message with @body; returns the status and, if asked, one response header. */
static guint
send_tus (GkTestPortal *portal,
          SoupMessage  *message,
          GBytes       *body,
          const char   *header,
          char        **value)
{
  g_autoptr(GBytes) reply = NULL;

  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/offset+octet-stream", body);
  reply = soup_session_send_and_read (portal->session, message, NULL, NULL);
  if (value != NULL)
    *value = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), header));

  return soup_message_get_status (message);
}

/* A whole upload, sent as a plain tus client would; returns its path. */
static char *
upload_whole (GkTestPortal *portal,
              GBytes       *data,
              const char   *sha256)
{
  g_autoptr(SoupMessage) create = tus_message (portal, "POST", "api/v1/uploads");
  g_autoptr(SoupMessage) patch = NULL;
  g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (data));
  g_autofree char *encoded = g_base64_encode ((const guchar *) sha256, strlen (sha256));
  g_autofree char *metadata = g_strconcat ("filename bWluZ2Rhbi50eHQ=,sha256 ", encoded, NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *location = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (create), "Upload-Length", length);
  soup_message_headers_replace (soup_message_get_request_headers (create), "Upload-Metadata", metadata);
  soup_message_headers_replace (soup_message_get_request_headers (create), "Idempotency-Key", key);
  g_assert_cmpuint (send_tus (portal, create, NULL, "Location", &location), ==, 201);

  patch = tus_message (portal, "PATCH", location);
  soup_message_headers_replace (soup_message_get_request_headers (patch), "Upload-Offset", "0");
  g_assert_cmpuint (send_tus (portal, patch, data, NULL, NULL), ==, 204);

  return g_strdup (location + (*location == '/'));
}

/* What a portal stopped between an upload's last byte and its commit leaves: the bytes, not the record. */
static void
forget_completion (GkTestPortal *portal,
                   const char   *location)
{
  g_autofree char *db_path = g_build_filename (portal->dir, "portal.db", NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE uploads SET complete = 0, sha256 = NULL WHERE id = '%s'",
                                          strrchr (location, '/') + 1);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
test_portal_crash_before_completion (void)
{
  g_autoptr(GkTestPortal) portal = gk_test_portal_start (TOKENS);
  g_autofree char *text = g_strnfill (100 * 1024, 'a');
  g_autoptr(GBytes) data = g_bytes_new_static (text, 100 * 1024);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  g_autofree char *whole = upload_whole (portal, data, sha256);
  g_autofree char *damaged = upload_whole (portal, data, sha256);
  g_autofree char *damaged_path = g_build_filename (portal->dir, "uploads", strrchr (damaged, '/') + 1, NULL);
  g_autofree char *item = g_uuid_string_random ();
  g_autofree char *document = NULL;
  g_autofree char *offset = NULL;
  g_autoptr(SoupMessage) head = NULL;
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;

  gk_test_portal_halt (portal);
  forget_completion (portal, whole);
  forget_completion (portal, damaged);
  /* The second one's bytes were hurt as well: they no longer match the announced SHA-256. */
  text[0] = 'b';
  g_file_set_contents (damaged_path, text, 100 * 1024, NULL);
  gk_test_portal_resume (portal);

  /* Completed at start-up: HEAD says all bytes are in, and the item naming it is accepted. */
  head = tus_message (portal, "HEAD", whole);
  g_assert_cmpuint (send_tus (portal, head, NULL, "Upload-Offset", &offset), ==, 200);
  g_assert_cmpstr (offset, ==, "102400");
  document = g_strdup_printf ("{\"id\": \"%s\", \"column_id\": \"" COLUMN "\", \"kind\": \"list\", \"revision\": 1, "
                              "\"title\": \"断电前刚传完的名单\", \"body\": \"x\", \"attachments\": [{\"upload\": \"/%s\", "
                              "\"name\": \"mingdan.txt\", \"content_type\": \"text/plain\", \"size\": 102400, \"sha256\": \"%s\"}]}",
                              item, whole, sha256);
  post = tus_message (portal, "POST", "api/v1/items");
  soup_message_headers_replace (soup_message_get_request_headers (post), "Idempotency-Key", item);
  body = g_bytes_new (document, strlen (document));
  soup_message_set_request_body_from_bytes (post, "application/json", body);
  reply = soup_session_send_and_read (portal->session, post, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (post), ==, 201);

  /* Discarded at start-up: the client is told to create it anew. */
  g_clear_object (&head);
  head = tus_message (portal, "HEAD", damaged);
  g_assert_cmpuint (send_tus (portal, head, NULL, NULL, NULL), ==, 404);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("GONGKAI_CLI") == NULL || g_getenv ("GONGKAI_PORTAL") == NULL)
    g_error ("Set GONGKAI_CLI and GONGKAI_PORTAL to the programs to test");

  g_test_add_func ("/drills/long-queue", test_long_queue);
  g_test_add_func ("/drills/portal-crash-before-completion", test_portal_crash_before_completion);
  g_test_add_func ("/drills/portal-unreachable", test_portal_unreachable);
  g_test_add_func ("/drills/disk-full-attaching", test_disk_full_attaching);
  g_test_add_func ("/drills/disk-full-catalog", test_disk_full_catalog);

  return g_test_run ();
}
