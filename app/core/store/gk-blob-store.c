/*
 * Attachment copies live in blobs/ab/abcdef… under the data folder. A copy is
 * streamed through SHA-256 into a temporary file, synced and renamed into place,
 * so a crash leaves either no blob or a whole one, never a torn file.
 */
#define G_LOG_DOMAIN "gk-blobs"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "gk-blob-store.h"
#include "gk-disk.h"
#include "gk-sha256.h"

/* Large enough for disk throughput, small enough that memory stays flat on a 2 GB video. */
#define CHUNK_SIZE (256 * 1024)
#define TEMP_PREFIX "incoming-"

struct _GkBlobStore
{
  GObject  parent_instance;

  char    *folder;
};

G_DEFINE_FINAL_TYPE (GkBlobStore, gk_blob_store, G_TYPE_OBJECT)

static gboolean
is_sha256_name (const char *name)
{
  if (strlen (name) != 64)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
set_io_error (GkBlobStore *self,
              GError     **error,
              const char  *path,
              int          saved_errno)
{
  /* The folder, not the temporary file: it says which disk needs the space. */
  if (gk_disk_errno_is_full (saved_errno))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("The disk is full: the copy of the attachment could not be saved in “%s”. Free some space and try again."),
                 self->folder);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("The attachment copy “%s” could not be written (%s); check that the disk is not full."),
                 path, g_strerror (saved_errno));
  return FALSE;
}

static void
gk_blob_store_finalize (GObject *object)
{
  GkBlobStore *self = (GkBlobStore *)object;

  g_clear_pointer (&self->folder, g_free);

  G_OBJECT_CLASS (gk_blob_store_parent_class)->finalize (object);
}

static void
gk_blob_store_class_init (GkBlobStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_blob_store_finalize;
}

static void
gk_blob_store_init (GkBlobStore *self)
{
}

GkBlobStore *
gk_blob_store_new (const char *folder)
{
  GkBlobStore *self;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (GK_TYPE_BLOB_STORE, NULL);
  self->folder = g_strdup (folder);

  return self;
}

const char *
gk_blob_store_get_folder (GkBlobStore *self)
{
  g_return_val_if_fail (GK_IS_BLOB_STORE (self), NULL);

  return self->folder;
}

char *
gk_blob_store_dup_path (GkBlobStore *self,
                        const char  *sha256)
{
  char fan[3] = { 0, };

  g_return_val_if_fail (GK_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL && is_sha256_name (sha256), NULL);

  memcpy (fan, sha256, 2);

  return g_build_filename (self->folder, fan, sha256, NULL);
}

gboolean
gk_blob_store_contains (GkBlobStore *self,
                        const char  *sha256)
{
  g_autofree char *path = gk_blob_store_dup_path (self, sha256);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/**
 * gk_blob_store_add:
 * @sha256: (out): the hex digest naming the blob
 * @size: (out): the number of bytes copied
 *
 * Copies @source into the folder in chunks; identical content is stored once.
 */
gboolean
gk_blob_store_add (GkBlobStore   *self,
                   GInputStream  *source,
                   char         **sha256,
                   guint64       *size,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GkSha256) checksum = gk_sha256_new ();
  g_autofree char *temp_path = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *dest_dir = NULL;
  g_autofree guint8 *buffer = NULL;
  guint64 copied = 0;
  int fd, saved_errno;

  g_return_val_if_fail (GK_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (source), FALSE);

  if (g_mkdir_with_parents (self->folder, 0700) != 0)
    return set_io_error (self, error, self->folder, errno);

  temp_path = g_build_filename (self->folder, TEMP_PREFIX "XXXXXX", NULL);
  if ((fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0600)) < 0)
    return set_io_error (self, error, temp_path, errno);

  buffer = g_malloc (CHUNK_SIZE);

  for (;;)
    {
      gssize n = g_input_stream_read (source, buffer, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        goto failed;
      if (n == 0)
        break;

      gk_sha256_update (checksum, buffer, (gsize) n);
      if (!gk_disk_write_all (fd, buffer, (gsize) n, &saved_errno))
        {
          set_io_error (self, error, temp_path, saved_errno);
          goto failed;
        }
      copied += (guint64) n;
    }

  /* The rename below must not outrun the data it publishes. */
  if (fsync (fd) != 0)
    {
      set_io_error (self, error, temp_path, errno);
      goto failed;
    }

  saved_errno = close (fd) != 0 ? errno : 0;
  fd = -1;
  if (saved_errno != 0)
    {
      set_io_error (self, error, temp_path, saved_errno);
      goto failed;
    }

  dest = gk_blob_store_dup_path (self, gk_sha256_get_string (checksum));
  dest_dir = g_path_get_dirname (dest);

  if (g_file_test (dest, G_FILE_TEST_IS_REGULAR))
    {
      g_unlink (temp_path);
    }
  else if (g_mkdir_with_parents (dest_dir, 0700) != 0 || g_rename (temp_path, dest) != 0)
    {
      set_io_error (self, error, dest, errno);
      goto failed;
    }

  *sha256 = g_strdup (gk_sha256_get_string (checksum));
  *size = copied;

  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (temp_path);
  return FALSE;
}

void
gk_blob_store_remove (GkBlobStore *self,
                      const char  *sha256)
{
  g_autofree char *path = gk_blob_store_dup_path (self, sha256);

  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("Could not remove the unused attachment copy %s: %s", path, g_strerror (errno));
}

static gboolean
is_older_than (const char *path,
               GTimeSpan   min_age)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;

  return (g_get_real_time () / G_USEC_PER_SEC) - (gint64) st.st_mtime >= min_age / G_USEC_PER_SEC;
}

/**
 * gk_blob_store_sweep:
 * @keep: (element-type utf8 utf8): set of digests still referenced
 * @min_age: files younger than this may belong to a copy still being recorded
 *
 * Removes what a crash left behind: blobs no record refers to and abandoned
 * temporary files.
 *
 * Returns: how many files were removed
 */
guint
gk_blob_store_sweep (GkBlobStore *self,
                     GHashTable  *keep,
                     GTimeSpan    min_age)
{
  g_autoptr(GDir) top = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (GK_IS_BLOB_STORE (self), 0);

  if ((top = g_dir_open (self->folder, 0, NULL)) == NULL)
    return 0;

  while ((name = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->folder, name, NULL);
      g_autoptr(GDir) fan = NULL;
      const char *blob;

      if (g_str_has_prefix (name, TEMP_PREFIX))
        {
          if (is_older_than (path, min_age) && g_unlink (path) == 0)
            removed++;
          continue;
        }

      if (strlen (name) != 2 || (fan = g_dir_open (path, 0, NULL)) == NULL)
        continue;

      while ((blob = g_dir_read_name (fan)) != NULL)
        {
          g_autofree char *blob_path = g_build_filename (path, blob, NULL);

          if (is_sha256_name (blob) && !g_hash_table_contains (keep, blob)
              && is_older_than (blob_path, min_age) && g_unlink (blob_path) == 0)
            removed++;
        }
    }

  return removed;
}
