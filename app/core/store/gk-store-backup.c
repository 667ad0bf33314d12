/*
 * Daily copies of the store in backups/ beside it, made with SQLite's online
 * backup API so they are consistent while the application keeps writing, and
 * the way back from a damaged file that never overwrites the damaged file.
 */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gk-disk.h"
#include "gk-store-private.h"

#define BACKUP_PREFIX "gongkai-"
#define BACKUP_SUFFIX ".db"

static char *
dup_backup_folder (const char *store_path)
{
  g_autofree char *folder = g_path_get_dirname (store_path);

  return g_build_filename (folder, "backups", NULL);
}

/* Pages per step: small enough that a cancelled backup stops within milliseconds. */
#define PAGES_PER_STEP 256

static gboolean
copy_database (sqlite3      *source,
               const char   *dest,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree char *temp = g_strconcat (dest, ".part", NULL);
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int saved_errno = ENOMEM;
  int rc;

  g_unlink (temp);
  if (!gk_disk_make_private_file (temp, &saved_errno) ||
      sqlite3_open_v2 (temp, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    goto failed;

  if ((backup = sqlite3_backup_init (target, "main", source, "main")) == NULL)
    goto failed;

  /* In steps, so the window closing can stop a long backup; the source stays writable between steps. */
  do
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          sqlite3_backup_finish (backup);
          sqlite3_close (target);
          g_unlink (temp);
          return !g_cancellable_set_error_if_cancelled (cancellable, error);
        }
      rc = sqlite3_backup_step (backup, PAGES_PER_STEP);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    goto failed;

  /* One self-contained file: fold the copy's journal back in before it is closed. */
  if (sqlite3_exec (target, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;

  sqlite3_close (target);
  target = NULL;

  if (g_rename (temp, dest) != 0)
    {
      saved_errno = errno;
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("The backup “%s” could not be written (%s); check that the disk is not full."),
                   dest, g_strerror (saved_errno));
      g_unlink (temp);
      return FALSE;
    }

  return TRUE;

failed:
  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
               _("The backup “%s” could not be written (%s); check that the disk is not full."),
               dest, target != NULL ? sqlite3_errmsg (target) : g_strerror (saved_errno));
  sqlite3_close (target);
  g_unlink (temp);
  return FALSE;
}

/**
 * gk_store_backup_now:
 *
 * Returns: (transfer full) (nullable): @dest, once it holds a consistent copy
 */
char *
gk_store_backup_now (GkStore      *self,
                     const char   *dest,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (dest != NULL, NULL);

  folder = g_path_get_dirname (dest);
  g_mkdir_with_parents (folder, 0700);

  if (!copy_database (gk_sqlite_get_db (self->sqlite), dest, cancellable, error))
    return NULL;

  return g_strdup (dest);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * gk_store_list_backups:
 *
 * Returns: (transfer full) (element-type filename): the backups, newest first
 */
GPtrArray *
gk_store_list_backups (const char *store_path)
{
  g_autofree char *folder = dup_backup_folder (store_path);
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, BACKUP_PREFIX) && g_str_has_suffix (name, BACKUP_SUFFIX))
        g_ptr_array_add (backups, g_build_filename (folder, name, NULL));
    }

  /* The names carry the date, so name order is age order. */
  g_ptr_array_sort (backups, compare_newest_first);

  return g_steal_pointer (&backups);
}

/**
 * gk_store_backup_if_due:
 * @keep: how many daily backups to keep
 *
 * Makes today's backup unless there is one, after checking the store, so a
 * damaged store never pushes a good backup out.
 *
 * Returns: (transfer full) (nullable): the new backup, or %NULL when none was
 *   due or on error
 */
char *
gk_store_backup_if_due (GkStore      *self,
                        guint         keep,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *folder = NULL;
  g_autofree char *day = NULL;
  g_autofree char *dest = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  char *made;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (keep > 0, NULL);

  folder = dup_backup_folder (self->path);
  day = g_date_time_format (now, BACKUP_PREFIX "%Y-%m-%d" BACKUP_SUFFIX);
  dest = g_build_filename (folder, day, NULL);

  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    return NULL;

  if (!gk_store_check_integrity (self, error))
    return NULL;

  if ((made = gk_store_backup_now (self, dest, cancellable, error)) == NULL)
    return NULL;

  backups = gk_store_list_backups (self->path);
  for (guint i = keep; i < backups->len; i++)
    g_unlink (g_ptr_array_index (backups, i));

  return made;
}

static gboolean
is_usable_backup (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return ok;
}

/**
 * gk_store_restore_backup:
 * @backup: (nullable): a backup file, or %NULL for the newest one
 * @moved_aside: (out) (optional): where the replaced store file now is
 *
 * Puts a backup in place of the store at @store_path, which must not be open.
 * The replaced file is renamed, never deleted: it may still be rescued.
 */
gboolean
gk_store_restore_backup (const char  *store_path,
                         const char  *backup,
                         char       **moved_aside,
                         GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", store_path, stamp);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) target = NULL;
  static const char * const companions[] = { "-wal", "-shm" };

  g_return_val_if_fail (store_path != NULL, FALSE);

  if (backup == NULL)
    {
      backups = gk_store_list_backups (store_path);
      if (backups->len == 0)
        {
          g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NO_BACKUP,
                       _("There is no backup of “%s” yet; move the damaged file aside and start again with an empty store."),
                       store_path);
          return FALSE;
        }
      backup = g_ptr_array_index (backups, 0);
    }

  if (!is_usable_backup (backup))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_CORRUPT,
                   _("The backup “%s” is damaged too; choose an older one with “gongkai store restore FILE”."),
                   backup);
      return FALSE;
    }

  if (g_file_test (store_path, G_FILE_TEST_EXISTS))
    {
      if (g_rename (store_path, aside) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                       _("The database “%s” could not be moved aside (%s); nothing was restored."),
                       store_path, g_strerror (saved_errno));
          return FALSE;
        }

      /* The damaged file's journal belongs with it, not with the restored copy. */
      for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
        {
          g_autofree char *from = g_strconcat (store_path, companions[i], NULL);
          g_autofree char *to = g_strconcat (aside, companions[i], NULL);

          if (g_file_test (from, G_FILE_TEST_EXISTS))
            g_rename (from, to);
        }
    }

  source = g_file_new_for_path (backup);
  target = g_file_new_for_path (store_path);
  if (!g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
    return FALSE;

  if (moved_aside != NULL)
    *moved_aside = g_file_test (aside, G_FILE_TEST_EXISTS) ? g_steal_pointer (&aside) : NULL;

  return TRUE;
}
