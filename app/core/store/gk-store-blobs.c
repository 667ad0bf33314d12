/*
 * Attachment copies: a file copied into the blob folder (checked, named, sniffed) and
 * recorded, and the blobs no record refers to forgotten and swept. Items, attachments
 * and requests all build on this, so none of them imports another for it.
 */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-store-private.h"

/* Enough of a file's start for content sniffing (PDF, OLE, ZIP magic numbers). */
#define SNIFF_SIZE 4096

void
gk_copied_file_free (GkCopiedFile *copied)
{
  g_free (copied->sha256);
  g_free (copied->name);
  g_free (copied->content_type);
  g_free (copied);
}

/*
 * Files copied from a Windows share often carry GBK-encoded names; those are
 * converted, and a name in no encoding we know is refused with a way out.
 */
static char *
dup_attachment_name (GFile   *file,
                     GError **error)
{
  g_autofree char *raw = g_file_get_basename (file);
  g_autofree char *display = NULL;
  char *converted;

  if (raw == NULL)
    raw = g_strdup ("");

  if (g_utf8_validate (raw, -1, NULL))
    return g_steal_pointer (&raw);

  converted = g_convert (raw, -1, "UTF-8", "GB18030", NULL, NULL, NULL);
  if (converted != NULL)
    return converted;

  display = g_filename_display_name (raw);
  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
               _("The file name “%s” is neither UTF-8 nor GBK; rename the file and attach it again."),
               display);
  return NULL;
}

static char *
sniff_content_type (GkBlobStore *blobs,
                    const char  *sha256,
                    const char  *name)
{
  g_autofree char *path = gk_blob_store_dup_path (blobs, sha256);
  g_autoptr(GFile) blob = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = g_file_read (blob, NULL, NULL);
  guint8 sample[SNIFF_SIZE];
  gsize length = 0;
  g_autofree char *guessed = NULL;
  char *mime;

  if (input != NULL)
    g_input_stream_read_all (G_INPUT_STREAM (input), sample, sizeof sample, &length, NULL, NULL);

  guessed = g_content_type_guess (name, length > 0 ? sample : NULL, length, NULL);
  mime = g_content_type_get_mime_type (guessed);

  return mime != NULL ? mime : g_strdup ("application/octet-stream");
}

GkCopiedFile *
gk_store_copy_file (GkBlobStore  *blobs,
                    GFile        *file,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autoptr(GkCopiedFile) copied = g_new0 (GkCopiedFile, 1);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autofree char *shown = g_file_get_parse_name (file);

  if ((copied->name = dup_attachment_name (file, error)) == NULL)
    return NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
                   _("“%s” is not a regular file; attach the documents themselves, not a folder or device."),
                   shown);
      return NULL;
    }

  if (g_file_info_get_size (info) == 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
                   _("The file “%s” is empty; attach the finished document."), shown);
      return NULL;
    }

  if ((input = g_file_read (file, cancellable, error)) == NULL)
    return NULL;

  if (!gk_blob_store_add (blobs, G_INPUT_STREAM (input), &copied->sha256, &copied->size, cancellable, error))
    return NULL;

  copied->content_type = sniff_content_type (blobs, copied->sha256, copied->name);

  return g_steal_pointer (&copied);
}

/* The blob's row, once for every attachment of the same content (an item's or a request's). */
gboolean
gk_store_insert_blob (GkStore      *self,
                      GkCopiedFile *copied,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) blob = NULL;

  if ((blob = gk_sqlite_prepare (self->sqlite, "INSERT OR IGNORE INTO blobs (sha256, size) VALUES (?, ?)", error)) == NULL)
    return FALSE;
  gk_sqlite_bind_text (blob, 1, copied->sha256);
  sqlite3_bind_int64 (blob, 2, (gint64) copied->size);

  return gk_sqlite_step_done (self->sqlite, blob, error);
}

gboolean
gk_store_insert_attachment (GkStore       *self,
                            gint64         row_id,
                            GkCopiedFile  *copied,
                            gint64        *attachment_id,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) row = NULL;
  g_autofree char *now = gk_store_now ();

  if (!gk_store_insert_blob (self, copied, error))
    return FALSE;

  /* The revision is read back: starting a change may just have begun a new one. */
  if ((row = gk_sqlite_prepare (self->sqlite,
                                "INSERT INTO attachments (item_id, revision, sha256, name, content_type, size, added_at) "
                                "SELECT id, revision, ?, ?, ?, ?, ? FROM items WHERE id = ?",
                                error)) == NULL)
    return FALSE;
  gk_sqlite_bind_text (row, 1, copied->sha256);
  gk_sqlite_bind_text (row, 2, copied->name);
  gk_sqlite_bind_text (row, 3, copied->content_type);
  sqlite3_bind_int64 (row, 4, (gint64) copied->size);
  gk_sqlite_bind_text (row, 5, now);
  sqlite3_bind_int64 (row, 6, row_id);
  if (!gk_sqlite_step_done (self->sqlite, row, error))
    return FALSE;

  *attachment_id = sqlite3_last_insert_rowid (gk_sqlite_get_db (self->sqlite));

  return TRUE;
}

/*
 * Forgets blobs no attachment refers to, inside the caller's transaction.
 * Returns their digests, to remove from disk once the transaction commits.
 */
GPtrArray *
gk_store_forget_unused_blobs (GkStore *self,
                              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) unused = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "DELETE FROM blobs WHERE NOT EXISTS "
                            "(SELECT 1 FROM attachments WHERE attachments.sha256 = blobs.sha256) "
                            "AND NOT EXISTS (SELECT 1 FROM request_attachments r WHERE r.sha256 = blobs.sha256) "
                            "RETURNING sha256",
                            error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (unused, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&unused);
}

void
gk_store_remove_blob_files (GkStore   *self,
                            GPtrArray *unused)
{
  for (guint i = 0; i < unused->len; i++)
    gk_blob_store_remove (self->blobs, g_ptr_array_index (unused, i));
}

/**
 * gk_store_sweep_blobs:
 *
 * Removes attachment copies that no record refers to: what a crash between
 * copying and recording, or between forgetting and deleting, left behind.
 *
 * Returns: the number of files removed, or -1 on error
 */
int
gk_store_sweep_blobs (GkStore *self,
                      GError **error)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), -1);

  if ((stmt = gk_sqlite_prepare (self->sqlite, "SELECT sha256 FROM blobs", error)) == NULL)
    return -1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (known, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return -1;
    }

  /* An hour leaves any copy another process is still recording alone. */
  return (int) gk_blob_store_sweep (self->blobs, known, G_TIME_SPAN_HOUR);
}
