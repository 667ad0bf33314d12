/* Opens, checks and migrates the SQLite store, and keeps the liaison's profile in it. */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "gk-profile.h"
#include "gk-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _GkStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (GkStore, gk_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (gk-store-error-quark, gk_store_error)

enum {
  PROFILE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Ordered migrations: entry N brings the schema from version N to N + 1.
 * Never edit a released entry; append a new one.
 */
static const char * const migrations[] = {
  "CREATE TABLE profile ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  unit TEXT,"
  "  liaison TEXT,"
  "  phone TEXT,"
  "  leader TEXT,"
  "  office TEXT,"
  "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
  ");",
};

static gboolean
set_corrupt_error (GkStore    *self,
                   GError    **error,
                   const char *detail)
{
  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_CORRUPT,
               _("The database “%s” is damaged (%s) and was left untouched; move it aside or restore a backup, then start again."),
               self->path, detail);
  return FALSE;
}

static gboolean
set_sqlite_error (GkStore *self,
                  GError **error)
{
  int code = sqlite3_errcode (self->db);

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    return set_corrupt_error (self, error, sqlite3_errmsg (self->db));

  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
               _("The database “%s” could not be read or written (%s); check that the disk is not full and the file is writable."),
               self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (GkStore    *self,
      const char *sql,
      GError    **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error);

  return TRUE;
}

static int
read_user_version (GkStore *self,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (GkStore *self,
         GError **error)
{
  int version = read_user_version (self, error);

  if (version < 0)
    return FALSE;

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NEWER,
                   _("The database “%s” was written by a newer version of Gongkai Liaison (schema %d); install that version again to use it."),
                   self->path, version);
      return FALSE;
    }

  for (; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      /* Each step commits on its own, so a power cut leaves a schema we know. */
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!exec (self, migrations[version], error) ||
          !exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      if (!exec (self, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_integrity (GkStore *self,
                 GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *verdict;

  /* quick_check reads every page once, which on our small stores costs milliseconds. */
  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (self, error);

  verdict = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (verdict, "ok") != 0)
    return set_corrupt_error (self, error, verdict);

  return TRUE;
}

static void
gk_store_finalize (GObject *object)
{
  GkStore *self = (GkStore *)object;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (gk_store_parent_class)->finalize (object);
}

static void
gk_store_class_init (GkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_store_finalize;

  /**
   * GkStore::profile-changed:
   *
   * Emitted after the profile was saved, by this process.
   */
  signals[PROFILE_CHANGED] =
    g_signal_new ("profile-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gk_store_init (GkStore *self)
{
}

/**
 * gk_store_open:
 * @path: the database file; it is created with its folder when missing
 *
 * Opens the store, refusing a damaged file or one from a newer version
 * without writing to it, and brings an older schema up to date.
 */
GkStore *
gk_store_open (const char *path,
               GError    **error)
{
  g_autoptr(GkStore) self = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_OPEN,
                   _("The data folder “%s” could not be created (%s); choose another folder with --data-dir."),
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (GK_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_OPEN,
                   _("The database “%s” could not be opened (%s); check the file’s permissions."),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 0);

  /* Integrity first: WAL mode or a migration would write into a damaged file. */
  if (!check_integrity (self, error))
    return NULL;

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
gk_store_get_path (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->path;
}

int
gk_store_get_schema_version (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), -1);

  return read_user_version (self, NULL);
}

int
gk_store_get_latest_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/**
 * gk_store_dup_profile:
 *
 * Returns: (transfer full): the saved profile, empty before the first save
 */
GkProfile *
gk_store_dup_profile (GkStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GkProfile *profile;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  profile = gk_profile_new ();

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT unit, liaison, phone, leader, office FROM profile WHERE id = 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("Reading the profile failed: %s", sqlite3_errmsg (self->db));
      return profile;
    }

  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_object_set (profile,
                  "unit", (const char *) sqlite3_column_text (stmt, 0),
                  "liaison", (const char *) sqlite3_column_text (stmt, 1),
                  "phone", (const char *) sqlite3_column_text (stmt, 2),
                  "leader", (const char *) sqlite3_column_text (stmt, 3),
                  "office", (const char *) sqlite3_column_text (stmt, 4),
                  NULL);

  return profile;
}

gboolean
gk_store_save_profile (GkStore   *self,
                       GkProfile *profile,
                       GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *values[5];

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  values[0] = gk_profile_get_unit (profile);
  values[1] = gk_profile_get_liaison (profile);
  values[2] = gk_profile_get_phone (profile);
  values[3] = gk_profile_get_leader (profile);
  values[4] = gk_profile_get_office (profile);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO profile (id, unit, liaison, phone, leader, office) "
                          "VALUES (1, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (id) DO UPDATE SET unit = excluded.unit, "
                          "liaison = excluded.liaison, phone = excluded.phone, "
                          "leader = excluded.leader, office = excluded.office, "
                          "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, (int) i + 1, values[i], -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sqlite_error (self, error);

  g_signal_emit (self, signals[PROFILE_CHANGED], 0);

  return TRUE;
}
