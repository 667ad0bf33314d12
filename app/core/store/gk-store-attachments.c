/*
 * Attaching files to items. The copy into the blob folder runs without the
 * database (in a worker thread for the GUI); recording it is one short
 * transaction afterwards, so a slow 2 GB copy never holds the write lock.
 */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-item-private.h"
#include "gk-store-private.h"

static GkAttachment *
record_attachment (GkStore    *self,
                   const char *uuid,
                   GkCopiedFile *copied,
                   GError    **error)
{
  g_autoptr(GkItem) current = NULL;
  gint64 row_id, attachment_id;

  if (!gk_sqlite_begin (self->sqlite, error))
    return NULL;

  if ((current = gk_store_load_item (self, uuid, FALSE, &row_id, error)) == NULL ||
      !gk_store_begin_content_change (self, current, row_id, error) ||
      !gk_store_insert_attachment (self, row_id, copied, &attachment_id, error))
    goto failed;

  /* A concurrent clean-up may have removed an identical, unused copy meanwhile. */
  if (!gk_blob_store_contains (self->blobs, copied->sha256))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("The copy of “%s” disappeared while it was being attached; attach it again."),
                   copied->name);
      goto failed;
    }

  if (!gk_sqlite_commit (self->sqlite, error))
    goto failed;

  gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, uuid);

  return gk_attachment_new (attachment_id, copied->sha256, copied->name, copied->content_type, copied->size);

failed:
  gk_sqlite_rollback (self->sqlite);
  return NULL;
}

/**
 * gk_store_attach_file:
 *
 * Copies @file into the store and attaches the copy to the item; later
 * changes to @file, or its removal, do not matter.
 *
 * Returns: (transfer full) (nullable): the new attachment
 */
GkAttachment *
gk_store_attach_file (GkStore      *self,
                      const char   *uuid,
                      GFile        *file,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GkCopiedFile) copied = NULL;
  g_autoptr(GkItem) current = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Refuse before a long copy what the transaction would refuse after it. */
  if ((current = gk_store_load_item (self, uuid, FALSE, NULL, error)) == NULL)
    return NULL;

  if ((copied = gk_store_copy_file (self->blobs, file, cancellable, error)) == NULL)
    return NULL;

  return record_attachment (self, uuid, copied, error);
}

static void
copy_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GkBlobStore *blobs = source_object;
  GError *error = NULL;
  GkCopiedFile *copied = gk_store_copy_file (blobs, G_FILE (task_data), cancellable, &error);

  if (copied != NULL)
    g_task_return_pointer (task, copied, (GDestroyNotify) gk_copied_file_free);
  else
    g_task_return_error (task, error);
}

static void
on_copy_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GkCopiedFile) copied = NULL;
  GkStore *self = g_task_get_source_object (task);
  GError *error = NULL;
  GkAttachment *attachment;

  if ((copied = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if ((attachment = record_attachment (self, g_task_get_task_data (task), copied, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, (GDestroyNotify) gk_attachment_unref);
}

/**
 * gk_store_attach_file_async:
 *
 * Like gk_store_attach_file(), with the copy in a worker thread so the
 * window stays responsive while a large video is copied.
 */
void
gk_store_attach_file_async (GkStore             *self,
                            const char          *uuid,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) copy = NULL;

  g_return_if_fail (GK_IS_STORE (self));
  g_return_if_fail (uuid != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_store_attach_file_async);
  g_task_set_task_data (task, g_strdup (uuid), g_free);

  copy = g_task_new (self->blobs, cancellable, on_copy_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (copy, gk_store_attach_file_async);
  g_task_set_task_data (copy, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (copy, copy_file_thread);
}

/**
 * gk_store_attach_file_finish:
 *
 * Returns: (transfer full) (nullable): the new attachment
 */
GkAttachment *
gk_store_attach_file_finish (GkStore      *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static GkAttachment *
find_attachment (GkItem *item,
                 gint64  attachment_id)
{
  GPtrArray *attachments = gk_item_get_attachments (item);

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);

      if (gk_attachment_get_id (attachment) == attachment_id)
        return attachment;
    }

  return NULL;
}

/**
 * gk_store_detach:
 *
 * Removes an attachment from the item's current revision; the copy is
 * deleted when nothing else refers to it.
 */
gboolean
gk_store_detach (GkStore    *self,
                 const char *uuid,
                 gint64      attachment_id,
                 GError    **error)
{
  g_autoptr(GkItem) current = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) unused = NULL;
  GkAttachment *attachment;
  gint64 row_id;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  if ((current = gk_store_load_item (self, uuid, FALSE, &row_id, error)) == NULL)
    goto failed;

  if ((attachment = find_attachment (current, attachment_id)) == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, attachment_id);

      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                   _("The item “%s” has no attachment %s; “gongkai item show” lists its attachments."),
                   gk_store_display_title (current), number);
      goto failed;
    }

  if (!gk_store_begin_content_change (self, current, row_id, error))
    goto failed;

  /* A new revision holds copies of the rows with new ids: find ours by what it is. */
  stmt = gk_sqlite_prepare (self->sqlite,
                            "DELETE FROM attachments WHERE id = (SELECT a.id FROM attachments a "
                            "JOIN items i ON i.id = a.item_id AND i.revision = a.revision "
                            "WHERE a.item_id = ? AND a.sha256 = ? AND a.name = ? ORDER BY a.id LIMIT 1)",
                            error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, row_id);
  gk_sqlite_bind_text (stmt, 2, gk_attachment_get_sha256 (attachment));
  gk_sqlite_bind_text (stmt, 3, gk_attachment_get_name (attachment));

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    goto failed;

  if ((unused = gk_store_forget_unused_blobs (self, error)) == NULL || !gk_sqlite_commit (self->sqlite, error))
    goto failed;

  gk_store_remove_blob_files (self, unused);
  gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, uuid);

  return TRUE;

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_store_dup_attachment_path:
 *
 * Returns: (transfer full): where the copy of @attachment is, to open or upload
 */
char *
gk_store_dup_attachment_path (GkStore      *self,
                              GkAttachment *attachment)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (attachment != NULL, NULL);

  return gk_blob_store_dup_path (self->blobs, gk_attachment_get_sha256 (attachment));
}
