/*
 * The client against the reference portal over loopback: login, delivery with
 * attachments, verdicts read back, and every fault the portal can be told to
 * make — with the promise kept each time: nothing lost, nothing twice.
 */
#define _GNU_SOURCE /* memmem: the database is searched as bytes */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sqlite3.h>

#include "gk-test-portal.h"
#include "gk-test-util.h"

#define TOKENS "tok-mz\t市民政局\ntok-cz\t市财政局\n"

typedef struct
{
  GkTestPortal *portal;
  char         *dir;
  char         *out;
  char         *err;
} Fixture;

static int
cli (Fixture    *fixture,
     const char *input,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list list;

  va_start (list, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);

  return gk_test_run_cli_argv (fixture->dir, input, &fixture->out, &fixture->err, (const char * const *) args->pdata);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->portal = gk_test_portal_start (TOKENS);
  fixture->dir = gk_test_make_data_dir ();

  g_assert_cmpint (cli (fixture, NULL, "profile", "set", "--unit", "市民政局", "--liaison", "张丽",
                        "--phone", "0730-8882003", "--leader", "刘副局长", "--office", "办公室", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, "tok-mz\n", "login", "--portal", fixture->portal->url, NULL), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gk_test_portal_stop (fixture->portal);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->out);
  g_free (fixture->err);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            gsize       size)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (path, (const char *) data, (gssize) size, NULL);

  return g_steal_pointer (&path);
}

/* A signed-off item of 城乡低保 queued for upload, with @attachment if given. */
static char *
queue_item (Fixture    *fixture,
            const char *title,
            const char *attachment)
{
  g_autofree char *id = NULL;

  g_assert_cmpint (cli (fixture, "城乡低保对象名单如下。\n", "item", "add", "--column", "hms.shjz.cxdb", "--title", title,
                        "--reviewer", "周科长", "--reviewed-on", "2026-11-20",
                        "--body-file", "-", attachment != NULL ? "--attach" : NULL, attachment, NULL), ==, 0);
  id = g_strstrip (g_strdup (fixture->out));
  g_assert_cmpint (cli (fixture, NULL, "item", "ready", id, NULL), ==, 0);
  /* The random attachments cannot be scanned for personal information: an approver lets them through. */
  if (attachment != NULL)
    g_assert_cmpint (cli (fixture, NULL, "submit", id, "--override-by", "刘副局长", "--reason", "录像，无名单", NULL), ==, 0);
  else
    g_assert_cmpint (cli (fixture, NULL, "submit", id, NULL), ==, 0);

  return g_steal_pointer (&id);
}

static char *
local_state (Fixture    *fixture,
             const char *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpint (cli (fixture, NULL, "item", "show", id, "--format", "json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, fixture->out, -1, NULL));

  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "state"));
}

static guint
portal_item_count (Fixture *fixture)
{
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (gk_test_portal_call (fixture->portal, "GET", "api/v1/items?limit=1000", "tok-mz", NULL, NULL, &reply),
                    ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "items"));
}

static void
set_faults (Fixture    *fixture,
            const char *json)
{
  g_assert_cmpuint (gk_test_portal_call (fixture->portal, "POST", "_test/faults", NULL, "application/json", json, NULL),
                    <, 300);
}

static void
decide (Fixture    *fixture,
        const char *id,
        const char *verdict,
        const char *form)
{
  g_assert_cmpuint (gk_test_portal_decide (fixture->portal, id, verdict, form), <, 400);
}

/* Where the client says an attachment's upload is, from its own store. */
static char *
upload_location (Fixture *fixture)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "gongkai.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *location = NULL;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT location FROM uploads WHERE location IS NOT NULL LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    location = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return location;
}

static gint64
portal_offset (Fixture    *fixture,
               const char *location)
{
  g_autoptr(SoupMessage) message = soup_message_new ("HEAD", location);
  g_autoptr(GBytes) body = NULL;
  const char *offset;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", "Bearer tok-mz");
  soup_message_headers_replace (soup_message_get_request_headers (message), "Tus-Resumable", "1.0.0");
  body = soup_session_send_and_read (fixture->portal->session, message, NULL, NULL);
  offset = soup_message_headers_get_one (soup_message_get_response_headers (message), "Upload-Offset");

  return offset != NULL ? g_ascii_strtoll (offset, NULL, 10) : -1;
}

static void
test_login (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *token_file = g_build_filename (fixture->dir, "portal-tokens", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  /* Kept in a private file here (no Secret Service runs), never printed. */
  g_assert_cmpint (g_stat (token_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  g_assert_null (strstr (fixture->err, "tok-mz"));
  g_assert_null (strstr (fixture->out, "tok-mz"));

  g_assert_cmpint (cli (fixture, "wrong-token\n", "login", "--portal", fixture->portal->url, NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "token"));
  g_assert_null (strstr (fixture->err, "wrong-token"));

  g_assert_cmpint (cli (fixture, "tok-cz\n", "login", "--portal", fixture->portal->url, NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "市财政局"));

  g_assert_cmpint (cli (fixture, "", "login", "--portal", fixture->portal->url, NULL), ==, 1);
  g_assert_cmpint (cli (fixture, "tok-mz\n", "login", "--portal", fixture->portal->url, "tok-mz", NULL), ==, 2);

  /* The right token is still the one kept. */
  g_file_get_contents (token_file, &contents, NULL, NULL);
  g_assert_nonnull (strstr (contents, "\ttok-mz\n"));

  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "profile", "submit", NULL), ==, 0);

  /* Nor is it in the debug log while it is used, nor anywhere in the database. */
  gk_test_set_cli_environment ("G_MESSAGES_DEBUG", "all");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  gk_test_set_cli_environment ("G_MESSAGES_DEBUG", NULL);
  /* GLib writes debug messages to standard output: the log was on. */
  g_assert_nonnull (strstr (fixture->out, "-DEBUG: "));
  g_assert_null (strstr (fixture->err, "tok-mz"));
  g_assert_null (strstr (fixture->out, "tok-mz"));
  for (guint i = 0; i < 3; i++)
    {
      static const char * const names[] = { "gongkai.db", "gongkai.db-wal", "gongkai.db-shm" };
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;

      /* The WAL and its index may have been checkpointed away; the database itself may not. */
      if (!g_file_get_contents (path, &bytes, &length, NULL))
        {
          g_assert_cmpuint (i, >, 0);
          continue;
        }
      g_assert_null (memmem (bytes, length, "tok-mz", strlen ("tok-mz")));
      /* The right file was read: the profile's unit is in it. */
      if (i == 0)
        g_assert_nonnull (memmem (bytes, length, "市民政局", strlen ("市民政局")));
    }
}

static void
test_deliver_and_verdicts (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *big = write_file (fixture, "低保名单.xlsx", 9 * 1024 * 1024 + 17);
  g_autofree char *first = queue_item (fixture, "2026年11月城乡低保名单", big);
  /* Quotes and comment marks reach the portal's own SQL as typed. */
  g_autofree char *second = queue_item (fixture, "低保标准调整说明'); DELETE FROM items; --", NULL);
  g_autofree char *second_path = g_strconcat ("api/v1/items/", second, NULL);
  g_autoptr(JsonNode) second_status = NULL;
  g_autofree char *state = NULL;
  g_autofree char *location = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *path = g_strconcat ("api/v1/items/", first, NULL);

  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  state = local_state (fixture, first);
  g_assert_cmpstr (state, ==, "submitted");
  g_clear_pointer (&state, g_free);

  g_assert_cmpuint (gk_test_portal_call (fixture->portal, "GET", path, "tok-mz", NULL, NULL, &status), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "status"), ==, "received");
  g_assert_cmpuint (portal_item_count (fixture), ==, 2);
  g_assert_cmpuint (gk_test_portal_call (fixture->portal, "GET", second_path, "tok-mz", NULL, NULL, &second_status), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (second_status), "title"), ==,
                   "低保标准调整说明'); DELETE FROM items; --");

  /* The bytes arrived whole: the portal holds the whole upload. */
  location = upload_location (fixture);
  g_assert_nonnull (location);
  g_assert_cmpint (portal_offset (fixture, location), ==, 9 * 1024 * 1024 + 17);

  decide (fixture, first, "approve", "");
  decide (fixture, second, "reject", "reason=%E7%BC%BA%E5%B0%91%E5%90%8D%E5%8D%95");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  /* The verdicts are printed as they arrive. */
  g_assert_nonnull (strstr (fixture->out, first));

  state = local_state (fixture, first);
  g_assert_cmpstr (state, ==, "published");
  g_clear_pointer (&state, g_free);
  state = local_state (fixture, second);
  g_assert_cmpstr (state, ==, "rejected");
  g_assert_cmpint (cli (fixture, NULL, "item", "show", second, NULL), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "reject-reason\t缺少名单"));

  /* Editing the rejected item makes revision 2, sent as a revision of the same item. */
  g_assert_cmpint (cli (fixture, NULL, "item", "edit", second, "--title", "低保标准调整说明（附名单）", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "item", "ready", second, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "submit", second, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  g_assert_cmpuint (portal_item_count (fixture), ==, 2);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *id = queue_item (fixture, "重试后送达", NULL);
  g_autofree char *state = NULL;

  set_faults (fixture, "{\"fail_next\": 2, \"status\": 503, \"retry_after\": 1}");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_cmpuint (portal_item_count (fixture), ==, 1);
}

static void
test_lost_response (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *id = queue_item (fixture, "回复丢失也只建一条", NULL);
  g_autofree char *state = NULL;

  /* The portal stores the item and the answer never arrives: the retry must create nothing new. */
  set_faults (fixture, "{\"drop_response\": true}");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_cmpuint (portal_item_count (fixture), ==, 1);
}

/* One `sync --once` with per-chunk checksums under @faults: @id is submitted, all @size bytes arrived. */
static void
sync_with_checksums (Fixture    *fixture,
                     const char *id,
                     const char *faults,
                     gint64      size)
{
  g_autofree char *state = NULL;
  g_autofree char *location = NULL;

  g_setenv ("GK_TUS_CHECKSUMS", "always", TRUE);
  set_faults (fixture, faults);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  g_unsetenv ("GK_TUS_CHECKSUMS");
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "submitted");
  location = upload_location (fixture);
  g_assert_cmpint (portal_offset (fixture, location), ==, size);
}

static void
test_dropped_upload (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *file = write_file (fixture, "录像.mp4", 12 * 1024 * 1024);
  g_autofree char *id = queue_item (fixture, "断线续传", file);

  /* With per-chunk checksums, as over plain HTTP on a real network. */
  sync_with_checksums (fixture, id, "{\"drop_after_bytes\": 3000000}", 12 * 1024 * 1024);
}

static void
test_refused_chunks (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *file = write_file (fixture, "分块.mp4", 12 * 1024 * 1024);
  g_autofree char *id = queue_item (fixture, "分块被拒后重发", file);
  g_autofree char *state = NULL;

  /* Two damaged chunks (460) are sent again; a refused offset (409) is asked for with HEAD. */
  sync_with_checksums (fixture, id, "{\"refuse_patches\": 2, \"patch_status\": 460}", 12 * 1024 * 1024);
  g_clear_pointer (&file, g_free);
  g_clear_pointer (&id, g_free);

  file = write_file (fixture, "另一段.mp4", 10 * 1024 * 1024 + 5);
  id = queue_item (fixture, "偏移被拒后重新询问", file);
  set_faults (fixture, "{\"refuse_patches\": 1, \"patch_status\": 409}");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_cmpuint (portal_item_count (fixture), ==, 2);
}

static void
test_crashed_client_resumes (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *file = write_file (fixture, "全年会议录像.mp4", 48 * 1024 * 1024);
  g_autofree char *id = queue_item (fixture, "客户端被杀后续传", file);
  g_autofree char *location = NULL;
  g_autofree char *after = NULL;
  g_autofree char *state = NULL;
  g_autofree char *out_path = g_build_filename (fixture->dir, "crash-stdout.txt", NULL);
  g_autofree char *err_path = g_build_filename (fixture->dir, "crash-stderr.txt", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) sync = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("GONGKAI_CLI");
  gint64 offset = -1;

  /* Slow answers stretch the upload over seconds, so the crash lands in the middle. It is a
   * crash, SIGSEGV, with the debug log on: what a crash prints must not hold the token. */
  set_faults (fixture, "{\"delay_ms\": 400}");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  sync = g_subprocess_launcher_spawn (launcher, &error, program, "sync", "--once", "--data-dir", fixture->dir, NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 600 && (offset <= 0); i++)
    {
      g_usleep (50 * 1000);
      g_clear_pointer (&location, g_free);
      location = upload_location (fixture);
      if (location != NULL)
        offset = portal_offset (fixture, location);
    }

  g_subprocess_send_signal (sync, SIGSEGV);
  g_subprocess_wait (sync, NULL, NULL);
  set_faults (fixture, "{}");
  g_assert_false (g_subprocess_get_if_exited (sync) && g_subprocess_get_exit_status (sync) == 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *printed = NULL;

      g_assert_true (g_file_get_contents (i == 0 ? out_path : err_path, &printed, NULL, NULL));
      g_assert_null (strstr (printed, "tok-mz"));
      if (i == 0)
        g_assert_nonnull (strstr (printed, "-DEBUG: "));
    }

  offset = portal_offset (fixture, location);
  g_test_message ("crashed with %" G_GINT64_FORMAT " of %d bytes at the portal", offset, 48 * 1024 * 1024);
  g_assert_cmpint (offset, >, 0);
  g_assert_cmpint (offset, <, 48 * 1024 * 1024);

  /* The restart continues the same upload: same location, which only a resume can complete. */
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  after = upload_location (fixture);
  g_assert_cmpstr (after, ==, location);
  g_assert_cmpint (portal_offset (fixture, location), ==, 48 * 1024 * 1024);
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_cmpuint (portal_item_count (fixture), ==, 1);
}

/* Nothing to send, and the portal busy when the statuses are read: the run waits and reads again. */
static void
test_busy_status_read (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JsonNode) faults = NULL;

  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  set_faults (fixture, "{\"fail_next\": 2, \"status\": 503, \"retry_after\": 1}");

  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  /* Both refusals were met, not avoided: none is left to give. */
  g_assert_cmpuint (gk_test_portal_call (fixture->portal, "GET", "_test/faults", NULL, NULL, NULL, &faults), ==, 200);
  g_assert_false (json_object_has_member (json_node_get_object (faults), "fail_next"));
}

static void
replace_token (Fixture    *fixture,
               const char *token)
{
  g_autofree char *path = g_build_filename (fixture->dir, "portal-tokens", NULL);
  g_autofree char *line = g_strdup_printf ("%s\t%s\n", fixture->portal->url, token);

  g_file_set_contents (path, line, -1, NULL);
}

static void
test_bad_tokens (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *id = queue_item (fixture, "令牌失效", NULL);
  g_autofree char *state = NULL;

  /* Expired or revoked: one clear sentence, and the item waits, untouched. */
  replace_token (fixture, "revoked");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "log in again"));
  g_assert_null (strstr (fixture->err, "revoked"));
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "queued");
  g_clear_pointer (&state, g_free);

  /* Another unit's token: the portal refuses to file it under that unit. */
  replace_token (fixture, "tok-cz");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "queued");
  g_clear_pointer (&state, g_free);

  /* With the right token again, a stopped item needs the liaison: withdraw, then submit again. */
  replace_token (fixture, "tok-mz");
  g_assert_cmpint (cli (fixture, NULL, "item", "ready", id, NULL), !=, 2);
  g_assert_cmpuint (portal_item_count (fixture), ==, 0);
}

static guint
portal_count_for (Fixture    *fixture,
                  const char *token)
{
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (gk_test_portal_call (fixture->portal, "GET", "api/v1/items?limit=1000", token, NULL, NULL, &reply),
                    ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "items"));
}

static void
forget_token_unit (Fixture *fixture)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "gongkai.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM settings WHERE key LIKE 'portal-unit:%'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/*
 * Issue 12: after the unit in the liaison details changed from 市民政局 to 市财政局, the next
 * item was created on the portal under 市民政局's token. Now the old token is not used, the
 * liaison is told to log in for the new unit, and nothing is created under either unit until then.
 */
static void
test_unit_switch (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *old_unit_item = queue_item (fixture, "民政局的信息", NULL);
  g_autofree char *id = NULL;
  g_autofree char *state = NULL;

  g_assert_cmpint (cli (fixture, NULL, "profile", "set", "--unit", "市财政局", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, "财政资金情况。\n", "item", "add", "--column", "wzz.jsjf.zcwj", "--title", "减税降费政策",
                        "--reviewer", "王科长", "--reviewed-on", "2026-11-20", "--body-file", "-", NULL), ==, 0);
  id = g_strstrip (g_strdup (fixture->out));
  g_assert_cmpint (cli (fixture, NULL, "item", "ready", id, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "submit", id, NULL), ==, 0);

  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "市民政局"));
  g_assert_nonnull (strstr (fixture->err, "市财政局"));
  g_assert_nonnull (strstr (fixture->err, "log in"));
  g_assert_cmpuint (portal_count_for (fixture, "tok-mz"), ==, 0);
  g_assert_cmpuint (portal_count_for (fixture, "tok-cz"), ==, 0);

  /* A token kept by an older version, with no unit recorded: the portal's whoami decides. */
  forget_token_unit (fixture);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "市财政局"));
  g_assert_cmpuint (portal_count_for (fixture, "tok-mz"), ==, 0);
  g_assert_cmpuint (portal_count_for (fixture, "tok-cz"), ==, 0);

  /* Logged in for the new unit: its item goes out under it; the old unit's item waits for its own token. */
  g_assert_cmpint (cli (fixture, "tok-cz\n", "login", "--portal", fixture->portal->url, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "市民政局"));
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_cmpuint (portal_count_for (fixture, "tok-cz"), ==, 1);
  g_assert_cmpuint (portal_count_for (fixture, "tok-mz"), ==, 0);
}

static void
test_insecure_http (Fixture       *fixture,
                    gconstpointer  user_data)
{
  /* 192.0.2.1 is TEST-NET-1: the refusal must come before any connection is tried. */
  g_assert_cmpint (cli (fixture, "tok-mz\n", "login", "--portal", "http://192.0.2.1:8080/", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "https"));
  g_assert_nonnull (strstr (fixture->err, "--allow-insecure-http"));
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", "--portal", "http://192.0.2.1:8080/", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "--allow-insecure-http"));

  /* The portal logged in to before is still the one used. */
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
}

static void
test_submit_again (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *id = queue_item (fixture, "一次拒收之后再报送", NULL);
  g_autofree char *state = NULL;

  /* Another unit's token slipped into the token file: the portal refuses (403) and the item stops. */
  replace_token (fixture, "tok-cz");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  replace_token (fixture, "tok-mz");
  g_assert_cmpuint (portal_item_count (fixture), ==, 0);

  /* Stopped: the next sync leaves it alone, until the liaison submits it again as it is. */
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "still waiting"));
  g_assert_cmpuint (portal_item_count (fixture), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "submit", id, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_cmpuint (portal_item_count (fixture), ==, 1);
}

static void
test_conflict_from_another_pc (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *id = queue_item (fixture, "两台电脑同时修改", NULL);
  g_autofree char *path = g_strconcat ("api/v1/items/", id, NULL);
  g_autofree char *body = NULL;
  g_autofree char *state = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;

  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  decide (fixture, id, "reject", "reason=%E8%AF%B7%E4%BF%AE%E6%94%B9");
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);

  /* Another PC revises the item on the portal first, with the ETag it read. */
  url = g_strconcat (fixture->portal->url, path, NULL);
  message = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", "Bearer tok-mz");
  reply = soup_session_send_and_read (fixture->portal->session, message, NULL, NULL);
  etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  g_assert_nonnull (etag);
  body = g_strdup_printf ("{\"id\": \"%s\", \"column_id\": \"hms.shjz.cxdb\", \"kind\": \"list\", \"revision\": 2, "
                          "\"title\": \"另一台电脑的修改\", \"body\": \"x\", \"attachments\": []}", id);
  g_clear_object (&message);
  g_clear_pointer (&reply, g_bytes_unref);
  message = soup_message_new ("PUT", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", "Bearer tok-mz");
  soup_message_headers_replace (soup_message_get_request_headers (message), "If-Match", etag);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Idempotency-Key", "6f1c5d0e-0000-4000-8000-000000000001");
  {
    g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
    soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  }
  reply = soup_session_send_and_read (fixture->portal->session, message, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  /* This PC's own revision 2 must not overwrite it: a visible conflict, nothing lost. */
  g_assert_cmpint (cli (fixture, NULL, "item", "edit", id, "--title", "本机的修改", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "item", "ready", id, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "submit", id, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "another PC"));
  state = local_state (fixture, id);
  g_assert_cmpstr (state, ==, "queued");
}

static void
test_newer_catalog (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autofree char *catalog = NULL;
  g_autofree char *tokens = g_build_filename (fixture->dir, "tokens", NULL);

  /* The portal's catalog moves on; the client installs it on its next sync. */
  gk_test_portal_stop (fixture->portal);
  json_object_set_string_member (json_node_get_object (root), "version", "2099.1");
  catalog = gk_test_write_catalog (fixture->dir, "newer.json", root);
  fixture->portal = gk_test_portal_start_with_catalog (TOKENS, catalog);

  g_assert_cmpint (cli (fixture, "tok-mz\n", "login", "--portal", fixture->portal->url, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "catalog", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "version\t2099.1\n"));

  /* Unchanged on the portal: 304, nothing installed again. */
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
}

static void
test_tls_certificate (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GkTestPortal) https = gk_test_portal_start_tls (TOKENS);
  g_autofree char *other_ca = g_build_filename (fixture->dir, "other-ca.pem", NULL);
  g_autofree char *other_key = g_build_filename (fixture->dir, "other-key.pem", NULL);
  g_autoptr(JsonNode) reply = NULL;

  /* Self-signed, so no system authority vouches for it: refused, and the
   * login to the first portal is kept. */
  g_assert_cmpint (cli (fixture, "tok-mz\n", "login", "--portal", https->url, NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "could not prove who it is"));
  g_assert_nonnull (strstr (fixture->err, "CA certificate"));

  /* Trusting another authority does not help. */
  gk_test_make_certificate (other_ca, other_key);
  g_assert_cmpint (cli (fixture, "tok-mz\n", "login", "--portal", https->url, "--ca-file", other_ca, NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "could not prove who it is"));
  g_assert_cmpint (cli (fixture, NULL, "profile", "submit", NULL), ==, 0);
  g_assert_cmpuint (gk_test_portal_call (https, "GET", "api/v1/registration", "tok-mz", NULL, NULL, NULL), ==, 404);

  /* With its authority configured it is trusted, and stays so for later runs. */
  g_assert_cmpint (cli (fixture, "tok-mz\n", "login", "--portal", https->url, "--ca-file", https->ca_file, NULL), ==, 0);
  g_assert_cmpint (cli (fixture, NULL, "profile", "submit", NULL), ==, 0);
  g_assert_cmpuint (gk_test_portal_call (https, "GET", "api/v1/registration", "tok-mz", NULL, NULL, &reply), ==, 200);
  g_assert_cmpint (cli (fixture, NULL, "sync", "--once", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("GONGKAI_CLI") == NULL || g_getenv ("GONGKAI_PORTAL") == NULL)
    g_error ("Set GONGKAI_CLI and GONGKAI_PORTAL to the programs to test");

  g_test_add ("/sync/login", Fixture, NULL, fixture_set_up, test_login, fixture_tear_down);
  g_test_add ("/sync/deliver-and-verdicts", Fixture, NULL, fixture_set_up, test_deliver_and_verdicts, fixture_tear_down);
  g_test_add ("/sync/retry-after", Fixture, NULL, fixture_set_up, test_retry_after, fixture_tear_down);
  g_test_add ("/sync/lost-response", Fixture, NULL, fixture_set_up, test_lost_response, fixture_tear_down);
  g_test_add ("/sync/dropped-upload", Fixture, NULL, fixture_set_up, test_dropped_upload, fixture_tear_down);
  g_test_add ("/sync/refused-chunks", Fixture, NULL, fixture_set_up, test_refused_chunks, fixture_tear_down);
  g_test_add ("/sync/crashed-client-resumes", Fixture, NULL, fixture_set_up, test_crashed_client_resumes, fixture_tear_down);
  g_test_add ("/sync/busy-status-read", Fixture, NULL, fixture_set_up, test_busy_status_read, fixture_tear_down);
  g_test_add ("/sync/bad-tokens", Fixture, NULL, fixture_set_up, test_bad_tokens, fixture_tear_down);
  g_test_add ("/sync/conflict-from-another-pc", Fixture, NULL, fixture_set_up, test_conflict_from_another_pc, fixture_tear_down);
  g_test_add ("/sync/newer-catalog", Fixture, NULL, fixture_set_up, test_newer_catalog, fixture_tear_down);
  g_test_add ("/sync/unit-switch", Fixture, NULL, fixture_set_up, test_unit_switch, fixture_tear_down);
  g_test_add ("/sync/insecure-http", Fixture, NULL, fixture_set_up, test_insecure_http, fixture_tear_down);
  g_test_add ("/sync/submit-again", Fixture, NULL, fixture_set_up, test_submit_again, fixture_tear_down);
  g_test_add ("/sync/tls-certificate", Fixture, NULL, fixture_set_up, test_tls_certificate, fixture_tear_down);

  return g_test_run ();
}
