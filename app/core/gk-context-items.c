/*
 * The context's door to the liaison's items: reading them, moving them along,
 * the bin, attachments and the outbox. The front ends call these, never the
 * store, so the GUI and the CLI apply the same rules.
 */
#define G_LOG_DOMAIN "gk-context"

#include "config.h"

#include "gk-context-private.h"
#include "gk-item.h"
#include "gk-profile.h"

/**
 * gk_context_dup_profile:
 *
 * Returns: (transfer full): the liaison's profile as stored
 */
GkProfile *
gk_context_dup_profile (GkContext *self)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_dup_profile (gk_context_get_store (self));
}

/**
 * gk_context_dup_item:
 *
 * Returns: (transfer full) (nullable): the item with its attachments
 */
GkItem *
gk_context_dup_item (GkContext  *self,
                     const char *uuid,
                     GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return gk_store_dup_item (gk_context_get_store (self), uuid, error);
}

/**
 * gk_context_resolve_item:
 * @id: a uuid or the start of one, as the CLI prints it
 * @in_bin: look among the items in the bin instead of the others
 *
 * Returns: (transfer full) (nullable): the one uuid @id names in @unit
 */
char *
gk_context_resolve_item (GkContext  *self,
                         const char *unit,
                         const char *id,
                         gboolean    in_bin,
                         GError    **error)
{
  GkStore *store;

  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  store = gk_context_get_store (self);
  return in_bin ? gk_store_resolve_removed_uuid (store, unit, id, error)
                : gk_store_resolve_uuid (store, unit, id, error);
}

/**
 * gk_context_list_items_in_column:
 * @column_id: (nullable): one column, or %NULL for all of @unit's
 *
 * Returns: (transfer container) (element-type GkItem) (nullable): the items, newest first
 */
GPtrArray *
gk_context_list_items_in_column (GkContext  *self,
                                 const char *unit,
                                 const char *column_id,
                                 GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_list_items (gk_context_get_store (self), unit, column_id, error);
}

/**
 * gk_context_count_items:
 *
 * Returns: (transfer full) (nullable): column id → #GkColumnCounts, for the sidebar
 */
GHashTable *
gk_context_count_items (GkContext  *self,
                        const char *unit,
                        GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_count_items (gk_context_get_store (self), unit, error);
}

/**
 * gk_context_search_items:
 *
 * Returns: (transfer container) (element-type GkItem) (nullable): up to
 *   @limit matches after the first @offset, best first
 */
GPtrArray *
gk_context_search_items (GkContext  *self,
                         const char *unit,
                         const char *query,
                         guint       offset,
                         guint       limit,
                         GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_search (gk_context_get_store (self), unit, query, offset, limit, error);
}

/**
 * gk_context_list_revisions:
 *
 * Returns: (transfer container) (element-type GkItem) (nullable): the item's
 *   archived revisions, oldest first
 */
GPtrArray *
gk_context_list_revisions (GkContext  *self,
                           const char *uuid,
                           GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_list_revisions (gk_context_get_store (self), uuid, error);
}

/**
 * gk_context_list_outbox:
 *
 * Returns: (transfer container) (element-type GkOutboxEntry) (nullable): the
 *   queued items, in the order they go
 */
GPtrArray *
gk_context_list_outbox (GkContext *self,
                        GError   **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_list_outbox (gk_context_get_store (self), error);
}

/**
 * gk_context_dup_refused:
 *
 * Returns: (transfer full) (element-type utf8 utf8) (nullable): the queued items the
 *   portal refused, uuid → its reason (empty when it gave none)
 */
GHashTable *
gk_context_dup_refused (GkContext *self,
                        GError   **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_dup_refused (gk_context_get_store (self), error);
}

/**
 * gk_context_mark_item_ready:
 *
 * The sign-off: a draft becomes ready once it has what the refusal names.
 */
gboolean
gk_context_mark_item_ready (GkContext  *self,
                            const char *uuid,
                            GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_set_item_state (gk_context_get_store (self), uuid, GK_ITEM_STATE_READY, NULL, error);
}

/**
 * gk_context_withdraw_item:
 *
 * Takes a queued item out of the outbox, back to ready, so it can change again.
 */
gboolean
gk_context_withdraw_item (GkContext  *self,
                          const char *uuid,
                          GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_set_item_state (gk_context_get_store (self), uuid, GK_ITEM_STATE_READY, NULL, error);
}

/**
 * gk_context_trash_item:
 *
 * Moves an item to the bin.
 *
 * Returns: (transfer full) (nullable): the item as it was, for saying what went
 */
GkItem *
gk_context_trash_item (GkContext  *self,
                       const char *uuid,
                       GError    **error)
{
  g_autoptr(GkItem) item = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  if ((item = gk_store_dup_item (gk_context_get_store (self), uuid, error)) == NULL
      || !gk_store_trash_item (gk_context_get_store (self), uuid, error))
    return NULL;

  return g_steal_pointer (&item);
}

/**
 * gk_context_discard_blank_item:
 *
 * Removes an item for good when not a word was written in it: a new item left
 * blank is no draft, and the column should not fill with them.
 *
 * Returns: whether it was blank and is gone
 */
gboolean
gk_context_discard_blank_item (GkContext  *self,
                               const char *uuid)
{
  GkStore *store;
  g_autoptr(GkItem) item = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  store = gk_context_get_store (self);
  if ((item = gk_store_dup_item (store, uuid, NULL)) == NULL || !gk_item_is_blank (item))
    return FALSE;

  return gk_store_trash_item (store, uuid, NULL) && gk_store_purge_item (store, uuid, NULL);
}

/**
 * gk_context_list_removed:
 *
 * Returns: (transfer container) (element-type GkRemovedItem) (nullable): the bin
 */
GPtrArray *
gk_context_list_removed (GkContext  *self,
                         const char *unit,
                         GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_list_removed (gk_context_get_store (self), unit, error);
}

gboolean
gk_context_restore_item (GkContext  *self,
                         const char *uuid,
                         GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_restore_item (gk_context_get_store (self), uuid, error);
}

/**
 * gk_context_purge_item:
 *
 * Removes an item in the bin for good, with its revisions.
 */
gboolean
gk_context_purge_item (GkContext  *self,
                       const char *uuid,
                       GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_purge_item (gk_context_get_store (self), uuid, error);
}

/**
 * gk_context_attach_file:
 *
 * Copies @file into the store and attaches it; the CLI's way, blocking.
 *
 * Returns: (transfer full) (nullable): the new attachment
 */
GkAttachment *
gk_context_attach_file (GkContext    *self,
                        const char   *uuid,
                        GFile        *file,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_attach_file (gk_context_get_store (self), uuid, file, cancellable, error);
}

static void
on_attached_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GkAttachment *attachment = gk_store_attach_file_finish (GK_STORE (source), result, &error);

  if (attachment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, g_object_unref);
}

/**
 * gk_context_attach_file_async:
 *
 * gk_context_attach_file() with the copy in a worker thread, for the editor.
 */
void
gk_context_attach_file_async (GkContext           *self,
                              const char          *uuid,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GK_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_context_attach_file_async);
  gk_store_attach_file_async (gk_context_get_store (self), uuid, file, cancellable,
                              on_attached_cb, g_steal_pointer (&task));
}

/**
 * gk_context_attach_file_finish:
 *
 * Returns: (transfer full) (nullable): the new attachment
 */
GkAttachment *
gk_context_attach_file_finish (GkContext    *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
gk_context_detach_file (GkContext  *self,
                        const char *uuid,
                        gint64      attachment_id,
                        GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_detach (gk_context_get_store (self), uuid, attachment_id, error);
}

/**
 * gk_context_dup_attachment_path:
 *
 * Returns: (transfer full): where the stored copy is, named by its digest
 */
char *
gk_context_dup_attachment_path (GkContext    *self,
                                GkAttachment *attachment)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_dup_attachment_path (gk_context_get_store (self), attachment);
}
