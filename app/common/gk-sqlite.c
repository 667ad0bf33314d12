/*
 * One SQLite connection as the client's store and the reference portal both
 * use it: opened private and checked, every failure turned into the owner's
 * GError, BEGIN IMMEDIATE transactions and the ordered migrations.
 */
#define G_LOG_DOMAIN "gk-sqlite"

#include "config.h"

#include <errno.h>

#include "gk-disk.h"
#include "gk-sqlite.h"

struct _GkSqlite
{
  char                 *path;
  sqlite3              *db;
  const GkSqliteErrors *errors;
};

/*
 * Reading the schema touches the header and the first page: enough to refuse
 * a file that is not a database before anything writes to it. Deeper damage
 * is found by the query that meets it.
 */
static gboolean
check_readable (GkSqlite *self,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = gk_sqlite_prepare (self, "SELECT count(*) FROM sqlite_schema", error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_sqlite_fail (self, error);

  return TRUE;
}

/**
 * gk_sqlite_open:
 * @path: the database file, created 0600 when missing
 * @errors: (not nullable): how the owner words failures; kept, so static
 *
 * Opens @path in WAL mode with foreign keys on, refusing a file that is not
 * a database before anything is written to it. Migrations are the caller's
 * next step (gk_sqlite_migrate()).
 *
 * Returns: (transfer full) (nullable): the connection
 */
GkSqlite *
gk_sqlite_open (const char           *path,
                const GkSqliteErrors *errors,
                GError              **error)
{
  g_autoptr(GkSqlite) self = NULL;
  int saved_errno;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (errors != NULL, NULL);

  self = g_new0 (GkSqlite, 1);
  self->path = g_strdup (path);
  self->errors = errors;

  /* What a database holds is nobody else's to read. */
  if (!gk_disk_make_private_file (path, &saved_errno))
    {
      errors->open_failed (path, g_strerror (saved_errno), error);
      return NULL;
    }

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      errors->open_failed (path, self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM), error);
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);

  /* Before WAL mode or a migration writes anything into a file that may be damaged. */
  if (!check_readable (self, error) ||
      !gk_sqlite_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !gk_sqlite_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !gk_sqlite_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  return g_steal_pointer (&self);
}

void
gk_sqlite_close (GkSqlite *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_free (self->path);
  g_free (self);
}

sqlite3 *
gk_sqlite_get_db (GkSqlite *self)
{
  return self->db;
}

const char *
gk_sqlite_get_path (GkSqlite *self)
{
  return self->path;
}

/**
 * gk_sqlite_fail:
 *
 * Turns the connection's last SQLite error into the owner's #GError.
 * Always returns %FALSE, for `return gk_sqlite_fail (sqlite, error);`.
 */
gboolean
gk_sqlite_fail (GkSqlite *self,
                GError  **error)
{
  self->errors->failed (self, error);
  return FALSE;
}

gboolean
gk_sqlite_exec (GkSqlite   *self,
                const char *sql,
                GError    **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return gk_sqlite_fail (self, error);

  return TRUE;
}

sqlite3_stmt *
gk_sqlite_prepare (GkSqlite   *self,
                   const char *sql,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      gk_sqlite_fail (self, error);
      return NULL;
    }

  return stmt;
}

gboolean
gk_sqlite_step_done (GkSqlite     *self,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return gk_sqlite_fail (self, error);

  return TRUE;
}

/**
 * gk_sqlite_dup_text:
 * @sql: a query of one column with one parameter, such as a lookup by key
 *
 * Returns: (transfer full) (nullable): the first row's value, %NULL when there
 *   is none, it is NULL, or the query fails
 */
char *
gk_sqlite_dup_text (GkSqlite   *self,
                    const char *sql,
                    const char *parameter)
{
  g_autoptr(sqlite3_stmt) stmt = gk_sqlite_prepare (self, sql, NULL);

  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, parameter);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* IMMEDIATE: take the write lock up front, so the check and the write see the
 * same state and two processes never deadlock mid-change. */
gboolean
gk_sqlite_begin (GkSqlite *self,
                 GError  **error)
{
  return gk_sqlite_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
gk_sqlite_commit (GkSqlite *self,
                  GError  **error)
{
  if (gk_sqlite_exec (self, "COMMIT", error))
    return TRUE;

  gk_sqlite_rollback (self);
  return FALSE;
}

void
gk_sqlite_rollback (GkSqlite *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

void
gk_sqlite_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * gk_sqlite_get_user_version:
 *
 * Returns: the schema version, -1 with @error set when it cannot be read
 */
int
gk_sqlite_get_user_version (GkSqlite *self,
                            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = gk_sqlite_prepare (self, "PRAGMA user_version", error);

  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gk_sqlite_fail (self, error);
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

/**
 * gk_sqlite_migrate:
 * @migrations: (array length=n_migrations): entry N brings the schema from
 *   version N to N + 1; a released entry is never edited, only appended to
 *
 * Brings the schema up to date, one transaction per step, and refuses a file
 * whose schema is newer than @migrations.
 */
gboolean
gk_sqlite_migrate (GkSqlite           *self,
                   const char * const *migrations,
                   guint               n_migrations,
                   GError            **error)
{
  int version = gk_sqlite_get_user_version (self, error);

  if (version < 0)
    return FALSE;

  if (version > (int) n_migrations)
    {
      self->errors->too_new (self, version, error);
      return FALSE;
    }

  for (; version < (int) n_migrations; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      /* Each step commits on its own, so a power cut leaves a schema we know. */
      if (!gk_sqlite_begin (self, error))
        return FALSE;

      if (!gk_sqlite_exec (self, migrations[version], error) ||
          !gk_sqlite_exec (self, bump, error))
        {
          gk_sqlite_rollback (self);
          return FALSE;
        }

      if (!gk_sqlite_commit (self, error))
        return FALSE;
    }

  return TRUE;
}
