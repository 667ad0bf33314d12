/*
 * Writes that keep errno. GLib's own writers fold EFBIG and EDQUOT into a
 * generic failure ("File too large"), so a liaison whose disk or quota is full
 * would read a riddle; here the caller sees the errno and can say "the disk is
 * full" and what to do.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "gk-disk.h"

/**
 * gk_disk_errno_is_full:
 *
 * ENOSPC is a full disk, EDQUOT a full quota, and EFBIG a file that may grow
 * no further (a file-size limit); to the liaison each means: free some space.
 */
gboolean
gk_disk_errno_is_full (int saved_errno)
{
  return saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG;
}

/* Returns %FALSE with *@saved_errno set when a write fails; short writes are continued. */
gboolean
gk_disk_write_all (int         fd,
                   const void *data,
                   gsize       size,
                   int        *saved_errno)
{
  const char *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          return FALSE;
        }

      p += n;
      size -= (gsize) n;
    }

  return TRUE;
}

/**
 * gk_disk_replace_file:
 * @saved_errno: (out): why it failed
 *
 * Writes @data to a temporary file beside @path, syncs it and renames it over
 * @path: a crash or a full disk leaves the old file or the new one, never a
 * torn one, and no temporary file behind.
 */
gboolean
gk_disk_replace_file (const char *path,
                      const void *data,
                      gsize       size,
                      int        *saved_errno)
{
  g_autofree char *temp = g_strconcat (path, ".XXXXXX", NULL);
  int fd;

  if ((fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      *saved_errno = errno;
      return FALSE;
    }

  if (!gk_disk_write_all (fd, data, size, saved_errno))
    goto failed;

  if (fsync (fd) != 0)
    {
      *saved_errno = errno;
      goto failed;
    }

  /* Closed once, whatever it answers: a second close() could close another thread's file. */
  if (close (fd) != 0)
    {
      *saved_errno = errno;
      fd = -1;
      goto failed;
    }
  fd = -1;

  if (g_rename (temp, path) != 0)
    {
      *saved_errno = errno;
      goto failed;
    }

  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (temp);
  return FALSE;
}

/**
 * gk_disk_make_private_file:
 * @saved_errno: (out): the errno of a failure
 *
 * Creates @path empty with mode 0600 when it is missing, and takes group and
 * other access away from it when it is not: done before SQLite opens a
 * database, which would create it 0644 (its -wal and -shm files follow the
 * database's mode). A liaison's drafts and attachments are theirs alone.
 *
 * An existing file is changed by its path, never opened: closing any
 * descriptor of a database drops every POSIX lock this process holds on it,
 * those of SQLite connections already open included.
 */
gboolean
gk_disk_make_private_file (const char *path,
                           int        *saved_errno)
{
  GStatBuf buf;
  int fd;

  if (g_stat (path, &buf) == 0)
    {
      if ((buf.st_mode & 077) != 0 && g_chmod (path, buf.st_mode & 0700) != 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      return TRUE;
    }

  /* O_EXCL: a file another process created meanwhile is left to it. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      *saved_errno = errno;
      return FALSE;
    }

  if (fd >= 0)
    close (fd);
  return TRUE;
}

/**
 * gk_disk_dup_default_data_dir:
 *
 * Returns: (transfer full): the per-user folder, `$XDG_DATA_HOME/gongkai-liaison`
 */
char *
gk_disk_dup_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "gongkai-liaison", NULL);
}
