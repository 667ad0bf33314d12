/* The store creates and migrates its schema, keeps the profile, and refuses damaged files untouched. */
#include "config.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "gk-blob-store.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-timestamp.h"
#include "gk-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = gk_test_make_data_dir ();
  fixture->path = g_build_filename (fixture->dir, "sub", "gongkai.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = gk_store_open (fixture->path, &error);
  g_autoptr(GkProfile) profile = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (gk_store_get_schema_version (store), ==, gk_store_get_latest_schema_version ());

  profile = gk_store_dup_profile (store);
  g_assert_null (gk_profile_get_unit (profile));
  g_assert_false (gk_profile_is_complete (profile));
}

static void
on_profile_changed_cb (GkStore *store,
                       guint   *count)
{
  (*count)++;
}

static void
test_profile_roundtrip (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = gk_store_open (fixture->path, &error);
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GkProfile) again = NULL;
  g_autoptr(GkStore) reopened = NULL;
  guint changes = 0;

  g_assert_no_error (error);
  g_signal_connect (store, "profile-changed", G_CALLBACK (on_profile_changed_cb), &changes);

  g_object_set (profile, "unit", "市财政局", "liaison", "  李明 ", "phone", "0730-8882003",
                "leader", "王副局长", "office", "办公室", NULL);
  g_assert_cmpstr (gk_profile_get_liaison (profile), ==, "李明");
  g_assert_true (gk_profile_is_complete (profile));
  g_assert_true (gk_store_save_profile (store, profile, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);

  gk_profile_set_office (profile, "");
  g_assert_null (gk_profile_get_office (profile));
  g_assert_true (gk_store_save_profile (store, profile, &error));
  g_clear_object (&store);

  reopened = gk_store_open (fixture->path, &error);
  g_assert_no_error (error);
  again = gk_store_dup_profile (reopened);
  g_assert_cmpstr (gk_profile_get_unit (again), ==, "市财政局");
  g_assert_cmpstr (gk_profile_get_liaison (again), ==, "李明");
  g_assert_cmpstr (gk_profile_get_phone (again), ==, "0730-8882003");
  g_assert_cmpstr (gk_profile_get_leader (again), ==, "王副局长");
  g_assert_null (gk_profile_get_office (again));
}

static void
test_phone_shapes (void)
{
  g_assert_true (gk_profile_is_valid_phone ("8882003"));
  g_assert_true (gk_profile_is_valid_phone ("0730-8882003"));
  g_assert_true (gk_profile_is_valid_phone ("13507308877"));
  g_assert_true (gk_profile_is_valid_phone ("+86 135 0730 8877"));
  g_assert_false (gk_profile_is_valid_phone ("12345"));
  g_assert_false (gk_profile_is_valid_phone ("0730-888200三"));
  g_assert_false (gk_profile_is_valid_phone ("135+07308877"));
  g_assert_false (gk_profile_is_valid_phone ("1234567890123456"));
}

static void
test_corrupt_untouched (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  /* Not a database at all: the first page is garbage, as after a failed copy. */
  g_mkdir_with_parents (dir, 0700);
  before = g_strnfill (8192, 'x');
  g_file_set_contents (fixture->path, before, 8192, &error);
  g_assert_no_error (error);

  store = gk_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));

  g_file_get_contents (fixture->path, &after, &after_len, NULL);
  before_len = 8192;
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_newer_refused (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = gk_store_open (fixture->path, &error);
  g_autoptr(GkStore) again = NULL;
  sqlite3 *db;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", gk_store_get_latest_schema_version () + 1);

  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  again = gk_store_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NEWER);
  g_assert_nonnull (strstr (error->message, "newer"));
}

/* A store exactly as schema 1 left it, with a profile in it. */
static void
test_migrate_from_1 (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GkProfile) profile = NULL;
  g_autoptr(GPtrArray) items = NULL;
  sqlite3 *db;

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE profile (id INTEGER PRIMARY KEY CHECK (id = 1), unit TEXT, "
                                 "liaison TEXT, phone TEXT, leader TEXT, office TEXT, updated_at TEXT NOT NULL "
                                 "DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
                                 "INSERT INTO profile (id, unit, liaison) VALUES (1, '市审计局', '周敏');"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = gk_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gk_store_get_schema_version (store), ==, gk_store_get_latest_schema_version ());
  profile = gk_store_dup_profile (store);
  g_assert_cmpstr (gk_profile_get_unit (profile), ==, "市审计局");
  g_assert_cmpstr (gk_profile_get_liaison (profile), ==, "周敏");
  items = gk_store_list_items (store, "市审计局", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
}

static void
test_backup_and_restore (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = gk_store_open (fixture->path, &error);
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GkProfile) restored_profile = NULL;
  g_autoptr(GkStore) restored = NULL;
  g_autoptr(GkStore) damaged = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *made = NULL;
  g_autofree char *again = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *aside_contents = NULL;

  gk_profile_set_unit (profile, "市统计局");
  gk_store_save_profile (store, profile, &error);

  made = gk_store_backup_if_due (store, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  again = gk_store_backup_if_due (store, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (again);
  backups = gk_store_list_backups (fixture->path);
  g_assert_cmpuint (backups->len, ==, 1);
  g_clear_object (&store);

  /* Damage the store the way a failed disk write would. */
  g_file_set_contents (fixture->path, "garbage", -1, NULL);
  damaged = gk_store_open (fixture->path, &error);
  g_assert_null (damaged);
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "restore"));
  g_clear_error (&error);

  g_assert_true (gk_store_restore_backup (fixture->path, NULL, &aside, &error));
  g_assert_no_error (error);
  g_assert_nonnull (aside);
  g_file_get_contents (aside, &aside_contents, NULL, NULL);
  g_assert_cmpstr (aside_contents, ==, "garbage");

  restored = gk_store_open (fixture->path, &error);
  g_assert_no_error (error);
  restored_profile = gk_store_dup_profile (restored);
  g_assert_cmpstr (gk_profile_get_unit (restored_profile), ==, "市统计局");
}

static void
test_restore_without_backup (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gk_store_restore_backup (fixture->path, NULL, NULL, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NO_BACKUP);
}

/* §1: the portal's timestamps are values; kept in one form, SQLite orders them as moments. */
static void
test_portal_timestamps (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "2026-11-26T08:30:00Z", "2026-11-26T08:30:00.000000Z" },
    { "2026-11-26T08:30:00.123456Z", "2026-11-26T08:30:00.123456Z" },
    { "2026-11-26T16:30:00.5+08:00", "2026-11-26T08:30:00.500000Z" },
    { "2026-11-27T01:00:00+08:00", "2026-11-26T17:00:00.000000Z" },
    { "2026-11-26t08:30:00z", "2026-11-26T08:30:00.000000Z" },
    { "2026-11-26", NULL },
    { "yesterday", NULL },
    { NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gk_timestamp_dup_utc (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static guint
get_mode (const char *path)
{
  struct stat buf;

  g_assert_cmpint (stat (path, &buf), ==, 0);
  return buf.st_mode & 07777;
}

/* What a liaison keeps is theirs: under the usual umask 022, nothing is readable by others. */
static void
test_private_files (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GkBlobStore) blobs = NULL;
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_data ("附件", strlen ("附件"), NULL);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *blob_folder = g_build_filename (folder, "blobs", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *blob = NULL;
  guint64 size;
  mode_t old_umask = umask (022);

  store = gk_store_open (fixture->path, &error);
  g_assert_no_error (error);
  gk_profile_set_unit (profile, "市统计局");
  gk_store_save_profile (store, profile, &error);
  g_assert_no_error (error);
  backup = gk_store_backup_if_due (store, 3, NULL, &error);
  g_assert_no_error (error);
  blobs = gk_blob_store_new (blob_folder);
  gk_blob_store_add (blobs, source, &sha256, &size, NULL, &error);
  g_assert_no_error (error);
  blob = gk_blob_store_dup_path (blobs, sha256);
  umask (old_umask);

  g_assert_cmpuint (get_mode (folder), ==, 0700);
  g_assert_cmpuint (get_mode (fixture->path), ==, 0600);
  g_assert_cmpuint (get_mode (wal), ==, 0600);
  g_assert_nonnull (backup);
  g_assert_cmpuint (get_mode (backup), ==, 0600);
  g_assert_cmpuint (get_mode (blob), ==, 0600);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/create", Fixture, NULL, fixture_set_up, test_create, fixture_tear_down);
  g_test_add ("/store/profile", Fixture, NULL, fixture_set_up, test_profile_roundtrip, fixture_tear_down);
  g_test_add_func ("/store/phone-shapes", test_phone_shapes);
  g_test_add_func ("/store/portal-timestamps", test_portal_timestamps);
  g_test_add ("/store/corrupt", Fixture, NULL, fixture_set_up, test_corrupt_untouched, fixture_tear_down);
  g_test_add ("/store/newer", Fixture, NULL, fixture_set_up, test_newer_refused, fixture_tear_down);
  g_test_add ("/store/migrate-from-1", Fixture, NULL, fixture_set_up, test_migrate_from_1, fixture_tear_down);
  g_test_add ("/store/backup-and-restore", Fixture, NULL, fixture_set_up, test_backup_and_restore, fixture_tear_down);
  g_test_add ("/store/private-files", Fixture, NULL, fixture_set_up, test_private_files, fixture_tear_down);
  g_test_add ("/store/restore-without-backup", Fixture, NULL, fixture_set_up, test_restore_without_backup, fixture_tear_down);

  return g_test_run ();
}
