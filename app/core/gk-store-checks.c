/* What the self-check reads from the store, gathered in a few queries into a plain snapshot. */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gk-check-private.h"
#include "gk-store-private.h"

static GStrv
parse_id_list (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      const char *id = json_array_get_string_element (json_node_get_array (root), i);

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }

  return g_strv_builder_end (builder);
}

static const char *
text (sqlite3_stmt *stmt,
      int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
fill_portal_items (GkStore         *self,
                   GkCheckSnapshot *snapshot,
                   GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gk_store_prepare (self,
                           "SELECT id, column_id, kind, title, status, published_at, received_at, publish_on, "
                           "interprets, interpreted_by FROM portal_items WHERE unit = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  gk_store_bind_text (stmt, 1, snapshot->unit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkKind kind = GK_KIND_OTHER;
      GkCheckPortalItem *item;

      gk_kind_from_string (text (stmt, 2), &kind);
      item = gk_check_snapshot_add_portal (snapshot, text (stmt, 0), text (stmt, 1), kind, text (stmt, 3), text (stmt, 4));
      gk_check_parse_date (text (stmt, 5), &item->published);
      gk_check_parse_date (text (stmt, 6), &item->received);
      gk_check_parse_date (text (stmt, 7), &item->publish_on);
      item->interprets = g_strdup (text (stmt, 8));
      item->interpreted_by = parse_id_list (text (stmt, 9));
    }

  if (rc != SQLITE_DONE)
    return gk_store_fail (self, error);

  return TRUE;
}

static gboolean
fill_local_items (GkStore         *self,
                  GkCheckSnapshot *snapshot,
                  GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* A body whose wording result is remembered for these word lists is not read at all. */
  stmt = gk_store_prepare (self,
                           "SELECT i.uuid, i.column_id, i.kind, i.state, i.title, "
                           "CASE WHEN i.wording_checked IS ?2 THEN NULL ELSE i.body END, i.written_on, "
                           "i.publish_on, i.submitted_at, o.queued_at, o.stopped, o.last_error, "
                           "CASE WHEN i.wording_checked IS ?2 THEN i.wording_hits END, i.wording_sensitive, "
                           "i.privacy_checked IS NOT NULL, i.privacy_problems, i.privacy_summary, "
                           "i.privacy_override_by, i.privacy_override_reason "
                           "FROM items i LEFT JOIN outbox o ON o.item_id = i.id "
                           "WHERE i.unit = ?1 AND i.deleted_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;

  gk_store_bind_text (stmt, 1, snapshot->unit);
  gk_store_bind_text (stmt, 2, gk_check_snapshot_get_wording_version (snapshot));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkKind kind = GK_KIND_OTHER;
      GkItemState state = GK_ITEM_STATE_DRAFT;
      GkCheckLocalItem *item;

      gk_kind_from_string (text (stmt, 2), &kind);
      gk_item_state_from_string (text (stmt, 3), &state);
      item = gk_check_snapshot_add_local (snapshot, text (stmt, 0), text (stmt, 1), kind, state,
                                          text (stmt, 4), text (stmt, 5));
      gk_check_parse_date (text (stmt, 6), &item->written_on);
      gk_check_parse_date (text (stmt, 7), &item->publish_on);
      gk_check_parse_date (text (stmt, 8), &item->submitted);
      gk_check_parse_date (text (stmt, 9), &item->queued);
      item->stopped = sqlite3_column_int (stmt, 10) != 0;
      item->last_error = g_strdup (text (stmt, 11));
      item->privacy_checked = sqlite3_column_int (stmt, 14) != 0;
      item->privacy_problems = (guint) sqlite3_column_int (stmt, 15);
      item->privacy_summary = g_strdup (text (stmt, 16));
      item->override_by = g_strdup (text (stmt, 17));
      item->override_reason = g_strdup (text (stmt, 18));
      if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
        {
          item->wording_hits = g_strdup (text (stmt, 12) != NULL ? text (stmt, 12) : "");
          item->wording_sensitive = sqlite3_column_int (stmt, 13) != 0;
        }
    }

  if (rc != SQLITE_DONE)
    return gk_store_fail (self, error);

  return TRUE;
}

/**
 * gk_store_remember_wording:
 *
 * Keeps the wording results the last evaluation worked out, with the word
 * lists' version; saving an item forgets its result.
 */
gboolean
gk_store_remember_wording (GkStore         *self,
                           GkCheckSnapshot *snapshot,
                           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_store_begin (self, error))
    return FALSE;

  stmt = gk_store_prepare (self,
                           "UPDATE items SET wording_checked = ?, wording_hits = ?, wording_sensitive = ? WHERE uuid = ?",
                           error);
  if (stmt == NULL)
    goto failed;

  for (guint i = 0; i < snapshot->local_items->len; i++)
    {
      GkCheckLocalItem *item = g_ptr_array_index (snapshot->local_items, i);

      if (!item->wording_fresh)
        continue;

      sqlite3_reset (stmt);
      gk_store_bind_text (stmt, 1, gk_check_snapshot_get_wording_version (snapshot));
      gk_store_bind_text (stmt, 2, item->wording_hits);
      sqlite3_bind_int (stmt, 3, item->wording_sensitive);
      gk_store_bind_text (stmt, 4, item->id);
      if (!gk_store_step_done (self, stmt, error))
        goto failed;
    }

  return gk_store_commit (self, error);

failed:
  gk_store_rollback (self);
  return FALSE;
}

/**
 * gk_store_fill_check_snapshot:
 *
 * Reads the unit's items, the portal's view of them and whether the
 * registration was reported, for gk_check_evaluate().
 */
gboolean
gk_store_fill_check_snapshot (GkStore         *self,
                              GkCheckSnapshot *snapshot,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_store_prepare (self, "SELECT 1 FROM settings WHERE key LIKE 'registration-sent:%' LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  snapshot->registration_sent = sqlite3_step (stmt) == SQLITE_ROW;

  return fill_portal_items (self, snapshot, error) && fill_local_items (self, snapshot, error);
}

/**
 * gk_store_record_check:
 *
 * Keeps every finding of @result in the rectification log, and marks as fixed
 * (on @result's date) what an earlier check found and this one no longer does.
 * Findings keep their key, so what the liaison wrote about one survives.
 */
gboolean
gk_store_record_check (GkStore       *self,
                       GkCheckResult *result,
                       GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *run = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) fixed = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;

  upsert = gk_store_prepare (self,
                             "INSERT INTO check_log (key, unit, rule, severity, column_id, item_id, title, explanation, "
                             "first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                             "ON CONFLICT (unit, key) DO UPDATE SET severity = ?4, title = ?7, explanation = ?8, "
                             "last_seen = ?10, fixed_on = NULL",
                             error);
  if (upsert == NULL)
    goto failed;

  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);

      sqlite3_reset (upsert);
      gk_store_bind_text (upsert, 1, finding->key);
      gk_store_bind_text (upsert, 2, result->unit);
      gk_store_bind_text (upsert, 3, gk_rule_to_string (finding->rule));
      gk_store_bind_text (upsert, 4, gk_severity_to_string (finding->severity));
      gk_store_bind_text (upsert, 5, finding->column_id);
      gk_store_bind_text (upsert, 6, finding->item_id);
      gk_store_bind_text (upsert, 7, finding->title);
      gk_store_bind_text (upsert, 8, finding->explanation);
      gk_store_bind_text (upsert, 9, result->as_of);
      gk_store_bind_text (upsert, 10, run);

      if (!gk_store_step_done (self, upsert, error))
        goto failed;
    }

  fixed = gk_store_prepare (self,
                            "UPDATE check_log SET fixed_on = ? WHERE unit = ? AND fixed_on IS NULL AND last_seen < ?",
                            error);
  if (fixed == NULL)
    goto failed;

  gk_store_bind_text (fixed, 1, result->as_of);
  gk_store_bind_text (fixed, 2, result->unit);
  gk_store_bind_text (fixed, 3, run);

  if (!gk_store_step_done (self, fixed, error) || !gk_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  gk_store_rollback (self);
  return FALSE;
}

/**
 * gk_store_list_check_log:
 *
 * Returns: (transfer full) (element-type GkCheckLogEntry): open entries first, then fixed ones
 */
GPtrArray *
gk_store_list_check_log (GkStore    *self,
                         const char *unit,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_check_log_entry_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_store_prepare (self,
                           "SELECT key, rule, severity, column_id, item_id, title, explanation, "
                           "substr (first_seen, 1, 10), measure, due_on, fixed_on FROM check_log WHERE unit = ? "
                           "ORDER BY fixed_on IS NOT NULL, fixed_on DESC, first_seen, key",
                           error);
  if (stmt == NULL)
    return NULL;

  gk_store_bind_text (stmt, 1, unit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkCheckLogEntry *entry = g_new0 (GkCheckLogEntry, 1);
      const char *rule = text (stmt, 1);
      const char *severity = text (stmt, 2);

      entry->key = g_strdup (text (stmt, 0));
      for (GkRule r = 0; r <= GK_RULE_OUTBOX; r++)
        if (g_strcmp0 (rule, gk_rule_to_string (r)) == 0)
          entry->rule = r;
      for (GkSeverity v = 0; v <= GK_SEVERITY_VETO; v++)
        if (g_strcmp0 (severity, gk_severity_to_string (v)) == 0)
          entry->severity = v;
      entry->column_id = g_strdup (text (stmt, 3));
      entry->item_id = g_strdup (text (stmt, 4));
      entry->title = g_strdup (text (stmt, 5));
      entry->explanation = g_strdup (text (stmt, 6));
      entry->first_seen = g_strdup (text (stmt, 7));
      entry->measure = g_strdup (text (stmt, 8));
      entry->due_on = g_strdup (text (stmt, 9));
      entry->fixed_on = g_strdup (text (stmt, 10));
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      gk_store_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
gk_store_set_check_measure (GkStore    *self,
                            const char *unit,
                            const char *key,
                            const char *measure,
                            const char *due_on,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_store_prepare (self, "UPDATE check_log SET measure = ?, due_on = ? WHERE unit = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;

  gk_store_bind_text (stmt, 1, measure);
  gk_store_bind_text (stmt, 2, due_on);
  gk_store_bind_text (stmt, 3, unit);
  gk_store_bind_text (stmt, 4, key);

  if (!gk_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                   _("There is no finding “%s” in the rectification log; run the self-check first."), key);
      return FALSE;
    }

  return TRUE;
}
