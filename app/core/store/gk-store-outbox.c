/*
 * The store's side of synchronisation: the outbox of queued items with their
 * idempotency keys, the resumable uploads, what the portal reports about the
 * unit's items, and a few settings (portal address, the last change seen).
 */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gk-item-private.h"
#include "gk-protocol.h"
#include "gk-store-private.h"
#include "gk-timestamp.h"

void
gk_outbox_entry_free (GkOutboxEntry *entry)
{
  g_free (entry->uuid);
  g_free (entry->idempotency_key);
  g_free (entry->if_match);
  g_free (entry->next_attempt_at);
  g_free (entry->last_error);
  g_free (entry);
}

/* Called inside gk_store_set_item_state()'s transaction, before anything is sent. */
gboolean
gk_store_outbox_add (GkStore    *self,
                     const char *uuid,
                     GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *now = gk_store_now ();

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT OR REPLACE INTO outbox (item_id, revision, idempotency_key, if_match, queued_at) "
                            "SELECT id, revision, ?, portal_etag, ? FROM items WHERE uuid = ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, key);
  gk_sqlite_bind_text (stmt, 2, now);
  gk_sqlite_bind_text (stmt, 3, uuid);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/*
 * Once the item itself has been sent, the portal may hold it even if no answer
 * came back: withdrawing then could only leave the two sides disagreeing.
 */
gboolean
gk_store_outbox_remove (GkStore    *self,
                        const char *uuid,
                        gboolean    withdrawing,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (withdrawing)
    {
      check = gk_sqlite_prepare (self->sqlite,
                                 "SELECT o.sending AND NOT o.stopped, i.title FROM outbox o "
                                 "JOIN items i ON i.id = o.item_id WHERE i.uuid = ?",
                                 error);
      if (check == NULL)
        return FALSE;

      gk_sqlite_bind_text (check, 1, uuid);
      if (sqlite3_step (check) == SQLITE_ROW && sqlite3_column_int (check, 0))
        {
          g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
                       _("The item “%s” is being delivered to the portal and cannot be withdrawn now; wait for the portal’s answer."),
                       (const char *) sqlite3_column_text (check, 1));
          return FALSE;
        }
    }

  stmt = gk_sqlite_prepare (self->sqlite, "DELETE FROM outbox WHERE item_id = (SELECT id FROM items WHERE uuid = ?)", error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, uuid);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/**
 * gk_store_list_outbox:
 *
 * Returns: (transfer full) (element-type GkOutboxEntry): queued items, oldest first
 */
GPtrArray *
gk_store_list_outbox (GkStore *self,
                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_outbox_entry_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT i.uuid, o.revision, o.idempotency_key, o.if_match, o.sending, o.attempts, "
                            "o.next_attempt_at, o.last_error, o.stopped FROM outbox o "
                            "JOIN items i ON i.id = o.item_id ORDER BY o.queued_at, o.item_id",
                            error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkOutboxEntry *entry = g_new0 (GkOutboxEntry, 1);

      entry->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      entry->revision = (guint) sqlite3_column_int (stmt, 1);
      entry->idempotency_key = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->if_match = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->sending = sqlite3_column_int (stmt, 4) != 0;
      entry->attempts = (guint) sqlite3_column_int (stmt, 5);
      entry->next_attempt_at = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      entry->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      entry->stopped = sqlite3_column_int (stmt, 8) != 0;
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/**
 * gk_store_dup_refused:
 *
 * The queued items the portal refused, for which delivery stopped: what a column's list
 * marks and the editor explains. A query of its own, since the whole outbox can hold
 * thousands of items waiting for the network.
 *
 * Returns: (transfer full) (element-type utf8 utf8) (nullable): uuid → the portal's
 *   reason (empty when it gave none)
 */
GHashTable *
gk_store_dup_refused (GkStore *self,
                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT i.uuid, coalesce (o.last_error, '') FROM outbox o "
                            "JOIN items i ON i.id = o.item_id WHERE o.stopped",
                            error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (refused, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&refused);
}

/* Recorded before the item's own request goes out; see gk_store_outbox_remove(). */
gboolean
gk_store_outbox_mark_sending (GkStore    *self,
                              const char *uuid,
                              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE outbox SET sending = 1 "
                            "WHERE item_id = (SELECT id FROM items WHERE uuid = ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, uuid);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/**
 * gk_store_outbox_retry:
 *
 * Sends a queued item at the next run with a fresh count of attempts, even one
 * the portal stopped: the liaison asks for it after fixing what was wrong, or
 * once a refusal that may have been passing (a portal still checking an upload).
 * The idempotency key stays: the portal may already hold the item under it.
 */
gboolean
gk_store_outbox_retry (GkStore    *self,
                       const char *uuid,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE outbox SET stopped = 0, attempts = 0, next_attempt_at = NULL, last_error = NULL "
                            "WHERE item_id = (SELECT id FROM items WHERE uuid = ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, uuid);
  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, uuid);
  gk_store_emit_outbox_changed (self);

  return TRUE;
}

/**
 * gk_store_outbox_record_failure:
 * @next_attempt_at: (nullable): when to try again, or %NULL with @stopped
 * @stopped: the portal refused in a way retrying cannot fix
 */
gboolean
gk_store_outbox_record_failure (GkStore    *self,
                                const char *uuid,
                                const char *message,
                                const char *next_attempt_at,
                                gboolean    stopped,
                                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE outbox SET last_error = ?, next_attempt_at = ?, stopped = ?, attempts = attempts + 1 "
                            "WHERE item_id = (SELECT id FROM items WHERE uuid = ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, message);
  gk_sqlite_bind_text (stmt, 2, next_attempt_at);
  sqlite3_bind_int (stmt, 3, stopped);
  gk_sqlite_bind_text (stmt, 4, uuid);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  /* An open editor shows the portal's refusal at once. The engine ignores this while it runs. */
  gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, uuid);
  gk_store_emit_outbox_changed (self);

  return TRUE;
}

/**
 * gk_store_mark_submitted:
 * @etag: the portal's ETag of the revision it now holds
 *
 * The portal confirmed the item: it leaves the outbox and becomes submitted.
 */
gboolean
gk_store_mark_submitted (GkStore    *self,
                         const char *uuid,
                         const char *etag,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = gk_store_now ();

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE items SET state = 'submitted', portal_etag = ?, submitted_at = ?, "
                            "updated_at = ? WHERE uuid = ? AND state = 'queued'",
                            error);
  if (stmt == NULL)
    goto failed;

  gk_sqlite_bind_text (stmt, 1, etag);
  gk_sqlite_bind_text (stmt, 2, now);
  gk_sqlite_bind_text (stmt, 3, now);
  gk_sqlite_bind_text (stmt, 4, uuid);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error) ||
      !gk_store_outbox_remove (self, uuid, FALSE, error) ||
      !gk_sqlite_commit (self->sqlite, error))
    goto failed;

  gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, uuid);
  gk_store_emit_outbox_changed (self);

  return TRUE;

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_store_dup_portal_etag:
 *
 * Returns: (transfer full) (nullable): the ETag of the revision the portal holds
 */
char *
gk_store_dup_portal_etag (GkStore    *self,
                          const char *uuid)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return gk_sqlite_dup_text (self->sqlite, "SELECT portal_etag FROM items WHERE uuid = ?", uuid);
}

/**
 * gk_store_ensure_upload:
 * @key: (out): the idempotency key of the upload's creation, stored before first use
 * @location: (out) (nullable): where the upload is, once the portal said so
 * @completed: (out): whether the portal holds every byte
 */
gboolean
gk_store_ensure_upload (GkStore     *self,
                        const char  *portal,
                        const char  *sha256,
                        char       **key,
                        char       **location,
                        gboolean    *completed,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autofree char *fresh = g_uuid_string_random ();

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if ((insert = gk_sqlite_prepare (self->sqlite,
                                   "INSERT OR IGNORE INTO uploads (portal, sha256, idempotency_key) VALUES (?, ?, ?)",
                                   error)) == NULL)
    return FALSE;

  gk_sqlite_bind_text (insert, 1, portal);
  gk_sqlite_bind_text (insert, 2, sha256);
  gk_sqlite_bind_text (insert, 3, fresh);
  if (!gk_sqlite_step_done (self->sqlite, insert, error))
    return FALSE;

  if ((select = gk_sqlite_prepare (self->sqlite,
                                   "SELECT idempotency_key, location, completed FROM uploads WHERE portal = ? AND sha256 = ?",
                                   error)) == NULL)
    return FALSE;

  gk_sqlite_bind_text (select, 1, portal);
  gk_sqlite_bind_text (select, 2, sha256);
  if (sqlite3_step (select) != SQLITE_ROW)
    return gk_sqlite_fail (self->sqlite, error);

  *key = g_strdup ((const char *) sqlite3_column_text (select, 0));
  *location = g_strdup ((const char *) sqlite3_column_text (select, 1));
  *completed = sqlite3_column_int (select, 2) != 0;

  return TRUE;
}

/**
 * gk_store_update_upload:
 * @location: (nullable): the upload's address, or %NULL to start over with a new key
 *
 * Records what the portal said about an upload. Starting over (the portal lost
 * or discarded it) needs a new idempotency key, or the creation would replay.
 */
gboolean
gk_store_update_upload (GkStore    *self,
                        const char *portal,
                        const char *sha256,
                        const char *location,
                        gboolean    completed,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *fresh = g_uuid_string_random ();

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            location != NULL
                            ? "UPDATE uploads SET location = ?3, completed = ?4 WHERE portal = ?1 AND sha256 = ?2"
                            : "UPDATE uploads SET location = NULL, completed = 0, idempotency_key = ?5 "
                              "WHERE portal = ?1 AND sha256 = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, portal);
  gk_sqlite_bind_text (stmt, 2, sha256);
  if (location != NULL)
    {
      gk_sqlite_bind_text (stmt, 3, location);
      sqlite3_bind_int (stmt, 4, completed);
    }
  else
    {
      gk_sqlite_bind_text (stmt, 5, fresh);
    }

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/*
 * Brings a local item in line with the portal's verdict on the revision it
 * sent; a verdict on an older revision says nothing about the current one.
 */
static gboolean
apply_verdict (GkStore    *self,
               const char *uuid,
               gint64      revision,
               const char *status,
               const char *reason,
               gboolean   *changed,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = gk_store_now ();
  const char *state;

  if (g_strcmp0 (status, "published") == 0)
    state = "published";
  else if (g_strcmp0 (status, "rejected") == 0)
    state = "rejected";
  else
    return TRUE;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE items SET state = ?1, reject_reason = ?2, updated_at = ?3 "
                            "WHERE uuid = ?4 AND revision = ?5 AND state IN ('submitted', 'published', 'rejected') "
                            "AND (state IS NOT ?1 OR reject_reason IS NOT ?2)",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, state);
  gk_sqlite_bind_text (stmt, 2, g_str_equal (state, "rejected") ? (reason != NULL ? reason : "") : NULL);
  gk_sqlite_bind_text (stmt, 3, now);
  gk_sqlite_bind_text (stmt, 4, uuid);
  sqlite3_bind_int64 (stmt, 5, revision);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  *changed = sqlite3_changes (gk_sqlite_get_db (self->sqlite)) > 0;

  return TRUE;
}

/* The ids of the interpretations, as the JSON array the self-check reads back. */
static char *
dup_interpreted_by (const GkProtocolStatus *status)
{
  g_autoptr(JsonArray) ids = json_array_sized_new (status->interpreted_by->len);
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < status->interpreted_by->len; i++)
    json_array_add_string_element (ids, g_ptr_array_index (status->interpreted_by, i));

  node = json_node_init_array (json_node_alloc (), ids);
  return json_to_string (node, FALSE);
}

/**
 * gk_store_record_portal_item:
 * @status: a status document of docs/portal-api.md §6.4
 * @changed_uuid: (out) (optional) (nullable): set when a local item's state changed
 *
 * Keeps what the portal reports about one of the unit's items, ours or not,
 * so the self-check sees the real newest publication of every column.
 */
gboolean
gk_store_record_portal_item (GkStore     *self,
                             const char  *unit,
                             JsonObject  *status,
                             char       **changed_uuid,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GkProtocolStatus) parsed = { NULL, };
  g_autofree char *interpreted_by = NULL;
  g_autofree char *updated_at = NULL;
  g_autofree char *received_at = NULL;
  g_autofree char *published_at = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (changed_uuid != NULL)
    *changed_uuid = NULL;

  if (!gk_protocol_status_read (status, &parsed, NULL))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
                   _("The portal sent an item status without its id, column, status, revision or time; tell the portal’s administrators."));
      return FALSE;
    }

  /* Kept in UTC, so that times compare as text in SQL. */
  updated_at = gk_timestamp_dup_utc (parsed.updated_at);
  received_at = gk_timestamp_dup_utc (parsed.received_at);
  published_at = gk_timestamp_dup_utc (parsed.published_at);
  if (parsed.interpreted_by != NULL)
    interpreted_by = dup_interpreted_by (&parsed);

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT OR REPLACE INTO portal_items (id, unit, column_id, kind, title, revision, status, "
                            "reason, publish_on, received_at, published_at, updated_at, interprets, interpreted_by) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    goto failed;

  gk_sqlite_bind_text (stmt, 1, parsed.id);
  gk_sqlite_bind_text (stmt, 2, unit);
  gk_sqlite_bind_text (stmt, 3, parsed.column_id);
  gk_sqlite_bind_text (stmt, 4, parsed.kind);
  gk_sqlite_bind_text (stmt, 5, parsed.title);
  sqlite3_bind_int64 (stmt, 6, parsed.revision);
  gk_sqlite_bind_text (stmt, 7, parsed.status);
  gk_sqlite_bind_text (stmt, 8, parsed.reason);
  gk_sqlite_bind_text (stmt, 9, parsed.publish_on);
  gk_sqlite_bind_text (stmt, 10, received_at);
  gk_sqlite_bind_text (stmt, 11, published_at);
  gk_sqlite_bind_text (stmt, 12, updated_at);
  gk_sqlite_bind_text (stmt, 13, parsed.interprets);
  gk_sqlite_bind_text (stmt, 14, interpreted_by);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error) ||
      !apply_verdict (self, parsed.id, parsed.revision, parsed.status, parsed.reason, &changed, error) ||
      !gk_sqlite_commit (self->sqlite, error))
    goto failed;

  if (changed)
    {
      gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, parsed.id);
      if (changed_uuid != NULL)
        *changed_uuid = g_strdup (parsed.id);
    }

  return TRUE;

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_store_dup_setting:
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when unset
 */
char *
gk_store_dup_setting (GkStore    *self,
                      const char *key)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return gk_sqlite_dup_text (self->sqlite, "SELECT value FROM settings WHERE key = ?", key);
}

gboolean
gk_store_set_setting (GkStore    *self,
                      const char *key,
                      const char *value,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            value != NULL ? "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"
                                          : "DELETE FROM settings WHERE key = ? AND ?2 IS NULL",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, key);
  gk_sqlite_bind_text (stmt, 2, value);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}
