/* What the self-check reads from the store, gathered in a few queries into a plain snapshot. */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gk-assignment.h"
#include "gk-calendar.h"
#include "gk-check-private.h"
#include "gk-column.h"
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

/* With the item on this PC, if any, for its 文号 and the liaison's 需解读 choice. */
#define PORTAL_COLUMNS \
  "p.id, p.column_id, p.kind, p.title, p.status, p.published_at, p.received_at, p.publish_on, p.interprets, " \
  "p.interpreted_by, i.doc_number, coalesce (i.needs_interpretation, -1), p.interpretation_ok_on, i.written_on"
#define PORTAL_FROM \
  " FROM portal_items p LEFT JOIN items i ON i.uuid = p.id AND i.deleted_at IS NULL "

/* Adds the rows @stmt yields to the snapshot, each id once (@loaded: id → item). */
static gboolean
add_portal_rows (GkStore         *self,
                 GkCheckSnapshot *snapshot,
                 GHashTable      *loaded,
                 sqlite3_stmt    *stmt,
                 GError         **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkKind kind = GK_KIND_OTHER;
      GkCheckPortalItem *item;

      if (loaded != NULL && g_hash_table_contains (loaded, text (stmt, 0)))
        continue;

      gk_kind_from_string (text (stmt, 2), &kind);
      item = gk_check_snapshot_add_portal (snapshot, text (stmt, 0), text (stmt, 1), kind, text (stmt, 3), text (stmt, 4));
      gk_check_parse_date (text (stmt, 5), &item->published);
      gk_check_parse_date (text (stmt, 6), &item->received);
      gk_check_parse_date (text (stmt, 7), &item->publish_on);
      item->interprets = g_strdup (text (stmt, 8));
      item->interpreted_by = parse_id_list (text (stmt, 9));
      gk_check_parse_date (text (stmt, 13), &item->written_on);
      item->needs_interpretation = kind == GK_KIND_POLICY &&
                                   gk_check_needs_interpretation (text (stmt, 3), text (stmt, 10), sqlite3_column_int (stmt, 11));
      /* What was settled counts only when reading by the settled state (gk_check_store_fill_snapshot()). */
      if (loaded != NULL)
        {
          gk_check_parse_date (text (stmt, 12), &item->ok_on);
          g_hash_table_insert (loaded, item->id, item);
        }
    }

  if (rc != SQLITE_DONE)
    return gk_sqlite_fail (self->sqlite, error);

  return TRUE;
}

static gboolean
fill_all_portal_items (GkStore         *self,
                       GkCheckSnapshot *snapshot,
                       GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT " PORTAL_COLUMNS PORTAL_FROM "WHERE p.unit = ?", error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, snapshot->unit);
  snapshot->portal_complete = TRUE;

  return add_portal_rows (self, snapshot, NULL, stmt, error);
}

/*
 * What the rules can use as of @as_of, when the policies' interpretations are
 * settled (gk_check_settle_interpretations()): each assigned column's items
 * published on its newest day of publication, the policies not settled by
 * then, and the interpretations those list. Index searches only; the rest of
 * the unit's items cannot change a finding.
 */
static gboolean
fill_open_portal_items (GkStore         *self,
                        GkCheckSnapshot *snapshot,
                        const GDate     *as_of,
                        GError         **error)
{
  g_autoptr(GHashTable) loaded = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GListModel) columns = gk_catalog_dup_columns_for_unit (snapshot->catalog, snapshot->unit);
  g_autoptr(sqlite3_stmt) newest = NULL;
  g_autoptr(sqlite3_stmt) every = NULL;
  g_autoptr(sqlite3_stmt) policies = NULL;
  g_autoptr(sqlite3_stmt) by_id = NULL;
  g_autoptr(sqlite3_stmt) settled = NULL;
  g_autoptr(GPtrArray) interpretations = g_ptr_array_new_with_free_func (g_free);
  char day[11], next_day[11];
  GDate next = *as_of;

  /* Timestamps compare as text: a day's items are those from "DAY" up to "NEXT-DAY". */
  g_date_add_days (&next, 1);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", as_of);
  g_date_strftime (next_day, sizeof next_day, "%Y-%m-%d", &next);

  newest = gk_sqlite_prepare (self->sqlite,
                              "SELECT " PORTAL_COLUMNS PORTAL_FROM "WHERE p.unit = ?1 AND p.column_id = ?2 "
                              "AND p.status = 'published' AND p.published_at < ?3 AND p.published_at >= "
                              "(SELECT substr (max (published_at), 1, 10) FROM portal_items WHERE unit = ?1 "
                              "AND column_id = ?2 AND status = 'published' AND published_at < ?3)",
                              error);
  every = gk_sqlite_prepare (self->sqlite,
                             "SELECT " PORTAL_COLUMNS PORTAL_FROM "WHERE p.unit = ?1 AND p.column_id = ?2 "
                             "AND p.status = 'published' AND p.published_at < ?3",
                             error);
  policies = gk_sqlite_prepare (self->sqlite,
                                "SELECT " PORTAL_COLUMNS PORTAL_FROM "WHERE p.unit = ?1 AND p.kind = 'policy' "
                                "AND p.status = 'published' AND (p.interpretation_ok_on IS NULL OR p.interpretation_ok_on > ?2) "
                                "AND p.published_at < ?3",
                                error);
  by_id = gk_sqlite_prepare (self->sqlite, "SELECT " PORTAL_COLUMNS PORTAL_FROM "WHERE p.unit = ?1 AND p.id = ?2", error);
  /* The settled policies that needed an interpretation and had it in time: the rest of the 解读率. */
  settled = gk_sqlite_prepare (self->sqlite, GK_STORE_SETTLED_INTERPRETED, error);
  if (newest == NULL || every == NULL || policies == NULL || by_id == NULL || settled == NULL)
    return FALSE;

  gk_sqlite_bind_text (settled, 1, snapshot->unit);
  gk_sqlite_bind_text (settled, 2, day);
  gk_sqlite_bind_text (settled, 3, next_day);
  if (sqlite3_step (settled) != SQLITE_ROW)
    return gk_sqlite_fail (self->sqlite, error);
  snapshot->n_settled_interpreted = (guint) sqlite3_column_int (settled, 0);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (columns, i);
      GkAssignment *assignment = gk_column_lookup_assignment (column, snapshot->unit);
      /* A column judged per item (实时/及时): every item published by then. */
      sqlite3_stmt *query = gk_assignment_get_publish_within (assignment) > 0 ? every : newest;

      sqlite3_reset (query);
      gk_sqlite_bind_text (query, 1, snapshot->unit);
      gk_sqlite_bind_text (query, 2, gk_column_get_id (column));
      gk_sqlite_bind_text (query, 3, next_day);
      if (!add_portal_rows (self, snapshot, loaded, query, error))
        return FALSE;
    }

  gk_sqlite_bind_text (policies, 1, snapshot->unit);
  gk_sqlite_bind_text (policies, 2, day);
  gk_sqlite_bind_text (policies, 3, next_day);
  if (!add_portal_rows (self, snapshot, loaded, policies, error))
    return FALSE;

  for (guint i = 0; i < snapshot->portal_items->len; i++)
    {
      GkCheckPortalItem *item = g_ptr_array_index (snapshot->portal_items, i);

      for (guint j = 0; item->kind == GK_KIND_POLICY && item->interpreted_by != NULL && item->interpreted_by[j] != NULL; j++)
        g_ptr_array_add (interpretations, g_strdup (item->interpreted_by[j]));
    }

  for (guint i = 0; i < interpretations->len; i++)
    {
      sqlite3_reset (by_id);
      gk_sqlite_bind_text (by_id, 1, snapshot->unit);
      gk_sqlite_bind_text (by_id, 2, g_ptr_array_index (interpretations, i));
      if (!add_portal_rows (self, snapshot, loaded, by_id, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
fill_local_items (GkStore         *self,
                  GkCheckSnapshot *snapshot,
                  GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Only the candidates (gk-store-private.h), and of those a body only when its wording
   * result is not remembered for these word lists. */
  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT items.uuid, items.column_id, items.kind, items.state, items.title, "
                            "CASE WHEN items.wording_checked IS ?2 THEN NULL ELSE items.body END, items.written_on, "
                            "items.publish_on, items.submitted_at, o.queued_at, o.stopped, o.last_error, "
                            "CASE WHEN items.wording_checked IS ?2 THEN items.wording_hits END, items.wording_sensitive, "
                            "items.privacy_checked IS NOT NULL, items.privacy_problems, items.privacy_summary, "
                            "items.privacy_override_by, items.privacy_override_reason, "
                            /* A revision of an item already published is a correction (rule_dates()). */
                            "(SELECT min (r.publish_on) FROM item_revisions r "
                            " WHERE r.item_id = items.id AND r.state = 'published') "
                            "FROM items LEFT JOIN outbox o ON o.item_id = items.id "
                            "WHERE items.unit = ?1 AND " GK_STORE_CHECK_CANDIDATES,
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, snapshot->unit);
  gk_sqlite_bind_text (stmt, 2, gk_check_snapshot_get_wording_version (snapshot));
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
      gk_check_parse_date (text (stmt, 19), &item->first_published_on);
      if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
        {
          item->wording_hits = g_strdup (text (stmt, 12) != NULL ? text (stmt, 12) : "");
          item->wording_sensitive = sqlite3_column_int (stmt, 13) != 0;
        }
    }

  if (rc != SQLITE_DONE)
    return gk_sqlite_fail (self->sqlite, error);

  return TRUE;
}

/* New word lists make every remembered wording result stale: forget them, so the
 * items are candidates again, once per change of the lists. */
static gboolean
forget_stale_wording (GkStore         *self,
                      GkCheckSnapshot *snapshot,
                      GError         **error)
{
  const char *version = gk_check_snapshot_get_wording_version (snapshot);
  g_autofree char *known = gk_store_dup_setting (self, "wording-version");

  if (g_strcmp0 (known, version) == 0)
    return TRUE;

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;
  if (!gk_sqlite_exec (self->sqlite, "UPDATE items SET wording_checked = NULL WHERE wording_checked IS NOT NULL", error) ||
      !gk_store_set_setting (self, "wording-version", version, error))
    {
      gk_sqlite_rollback (self->sqlite);
      return FALSE;
    }

  return gk_sqlite_commit (self->sqlite, error);
}

/* Settled with these rules and this working-day calendar only: a newer calendar (or the
 * calendar replacing Monday to Friday) settles every policy again. */
static char *
dup_settled_key (GkCheckSnapshot *snapshot)
{
  return g_strconcat ("interpretations-settled:", snapshot->unit, ":", GK_CHECK_RULES_VERSION, ":",
                      gk_calendar_get_version (snapshot->calendar), NULL);
}

/**
 * gk_check_store_remember_wording:
 *
 * Keeps the wording results the last evaluation worked out, with the word
 * lists' version; saving an item forgets its result.
 */
gboolean
gk_check_store_remember_wording (GkStore         *self,
                                 GkCheckSnapshot *snapshot,
                                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite,
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
      gk_sqlite_bind_text (stmt, 1, gk_check_snapshot_get_wording_version (snapshot));
      gk_sqlite_bind_text (stmt, 2, item->wording_hits);
      sqlite3_bind_int (stmt, 3, item->wording_sensitive);
      gk_sqlite_bind_text (stmt, 4, item->id);
      if (!gk_sqlite_step_done (self->sqlite, stmt, error))
        goto failed;
    }

  return gk_sqlite_commit (self->sqlite, error);

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_check_store_settle_interpretations:
 * @snapshot: a snapshot with every portal item of its unit, after
 *   gk_check_settle_interpretations()
 *
 * Keeps each policy's ok_on, and that they are settled as of the portal's
 * items at the snapshot's reading, for gk_check_store_fill_snapshot().
 */
gboolean
gk_check_store_settle_interpretations (GkStore         *self,
                                       GkCheckSnapshot *snapshot,
                                       GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = dup_settled_key (snapshot);
  g_autofree char *generation = NULL;

  g_return_val_if_fail (snapshot->portal_complete, FALSE);

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE portal_items SET interpretation_ok_on = ?1, needs_interpretation = ?3 "
                            "WHERE id = ?2 AND (interpretation_ok_on IS NOT ?1 OR needs_interpretation IS NOT ?3)",
                            error);
  if (stmt == NULL)
    goto failed;

  for (guint i = 0; i < snapshot->portal_items->len; i++)
    {
      GkCheckPortalItem *item = g_ptr_array_index (snapshot->portal_items, i);
      char ok_on[11];

      if (item->kind != GK_KIND_POLICY)
        continue;

      sqlite3_reset (stmt);
      if (g_date_valid (&item->ok_on))
        {
          g_date_strftime (ok_on, sizeof ok_on, "%Y-%m-%d", &item->ok_on);
          gk_sqlite_bind_text (stmt, 1, ok_on);
        }
      else
        {
          gk_sqlite_bind_text (stmt, 1, NULL);
        }
      gk_sqlite_bind_text (stmt, 2, item->id);
      sqlite3_bind_int (stmt, 3, item->needs_interpretation);
      if (!gk_sqlite_step_done (self->sqlite, stmt, error))
        goto failed;
    }

  /* A sync may have changed the portal's items since the snapshot: then this stays unsettled. */
  generation = gk_store_dup_setting (self, "portal-generation");
  if (g_strcmp0 (generation, snapshot->portal_generation) == 0 &&
      !gk_store_set_setting (self, key, generation != NULL ? generation : "0", error))
    goto failed;

  return gk_sqlite_commit (self->sqlite, error);

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_check_store_fill_snapshot:
 *
 * Reads, in one transaction, whether the registration was reported and the
 * unit's items and the portal's view of them, as far as the rules can use
 * them as of @as_of: every portal item when the policies' interpretations
 * must be settled again (snapshot->portal_complete), else only those the
 * rules can use; of the local items, only those that can give a finding.
 */
gboolean
gk_check_store_fill_snapshot (GkStore         *self,
                              GkCheckSnapshot *snapshot,
                              const GDate     *as_of,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = dup_settled_key (snapshot);
  g_autofree char *settled = NULL;
  gboolean ok;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (as_of != NULL && g_date_valid (as_of), FALSE);

  if (!forget_stale_wording (self, snapshot, error) || !gk_sqlite_exec (self->sqlite, "BEGIN", error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT 1 FROM settings WHERE key LIKE 'registration-sent:%' LIMIT 1", error);
  ok = stmt != NULL;
  if (ok)
    {
      snapshot->registration_sent = sqlite3_step (stmt) == SQLITE_ROW;
      snapshot->portal_generation = gk_store_dup_setting (self, "portal-generation");
      settled = gk_store_dup_setting (self, key);
      if (g_strcmp0 (settled, snapshot->portal_generation != NULL ? snapshot->portal_generation : "0") == 0)
        ok = fill_open_portal_items (self, snapshot, as_of, error);
      else
        ok = fill_all_portal_items (self, snapshot, error);
    }
  ok = ok && fill_local_items (self, snapshot, error);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!ok)
    {
      gk_sqlite_rollback (self->sqlite);
      return FALSE;
    }

  return gk_sqlite_commit (self->sqlite, error);
}

/**
 * gk_check_store_record_check:
 *
 * Keeps every finding of @result in the rectification log, and marks as fixed
 * (on @result's date) what an earlier check found and this one no longer does.
 * Findings keep their key, so what the liaison wrote about one survives.
 */
gboolean
gk_check_store_record_check (GkStore       *self,
                             GkCheckResult *result,
                             GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *run = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) fixed = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  upsert = gk_sqlite_prepare (self->sqlite,
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
      gk_sqlite_bind_text (upsert, 1, finding->key);
      gk_sqlite_bind_text (upsert, 2, result->unit);
      gk_sqlite_bind_text (upsert, 3, gk_rule_to_string (finding->rule));
      gk_sqlite_bind_text (upsert, 4, gk_severity_to_string (finding->severity));
      gk_sqlite_bind_text (upsert, 5, finding->column_id);
      gk_sqlite_bind_text (upsert, 6, finding->item_id);
      gk_sqlite_bind_text (upsert, 7, finding->title);
      gk_sqlite_bind_text (upsert, 8, finding->explanation);
      gk_sqlite_bind_text (upsert, 9, result->as_of);
      gk_sqlite_bind_text (upsert, 10, run);

      if (!gk_sqlite_step_done (self->sqlite, upsert, error))
        goto failed;
    }

  fixed = gk_sqlite_prepare (self->sqlite,
                             "UPDATE check_log SET fixed_on = ? WHERE unit = ? AND fixed_on IS NULL AND last_seen < ?",
                             error);
  if (fixed == NULL)
    goto failed;

  gk_sqlite_bind_text (fixed, 1, result->as_of);
  gk_sqlite_bind_text (fixed, 2, result->unit);
  gk_sqlite_bind_text (fixed, 3, run);

  if (!gk_sqlite_step_done (self->sqlite, fixed, error) || !gk_sqlite_commit (self->sqlite, error))
    goto failed;

  return TRUE;

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_check_store_list_log:
 *
 * Returns: (transfer full) (element-type GkCheckLogEntry): open entries first, then fixed ones
 */
GPtrArray *
gk_check_store_list_log (GkStore    *self,
                         const char *unit,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_check_log_entry_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT key, rule, severity, column_id, item_id, title, explanation, "
                            "substr (first_seen, 1, 10), measure, due_on, fixed_on FROM check_log WHERE unit = ? "
                            "ORDER BY fixed_on IS NOT NULL, fixed_on DESC, first_seen, key",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, unit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkCheckLogEntry *entry = g_new0 (GkCheckLogEntry, 1);
      const char *rule = text (stmt, 1);
      const char *severity = text (stmt, 2);

      entry->key = g_strdup (text (stmt, 0));
      for (GkRule r = 0; r <= GK_RULE_TIMELY; r++)
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
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
gk_check_store_set_measure (GkStore    *self,
                            const char *unit,
                            const char *key,
                            const char *measure,
                            const char *due_on,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite, "UPDATE check_log SET measure = ?, due_on = ? WHERE unit = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, measure);
  gk_sqlite_bind_text (stmt, 2, due_on);
  gk_sqlite_bind_text (stmt, 3, unit);
  gk_sqlite_bind_text (stmt, 4, key);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  if (sqlite3_changes (gk_sqlite_get_db (self->sqlite)) == 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                   _("There is no finding “%s” in the rectification log; run the self-check first."), key);
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_check_store_set_needs_interpretation:
 * @uuid: an item of @unit
 * @choice: 1 needs an interpretation, 0 does not, -1 back to the default
 * @reason: (nullable): why, required with a choice
 *
 * Keeps the liaison's 需解读 choice; every policy of the unit is settled again
 * at the next check, since what was settled counted the old choice.
 */
gboolean
gk_check_store_set_needs_interpretation (GkStore    *self,
                                         const char *unit,
                                         const char *uuid,
                                         int         choice,
                                         const char *reason,
                                         GError    **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) unsettle = NULL;
  g_autofree char *settled = g_strconcat ("interpretations-settled:", unit, ":%", NULL);

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (choice >= -1 && choice <= 1, FALSE);

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  update = gk_sqlite_prepare (self->sqlite,
                              "UPDATE items SET needs_interpretation = ?1, needs_interpretation_reason = ?2 "
                              "WHERE uuid = ?3 AND unit = ?4 AND deleted_at IS NULL",
                              error);
  unsettle = gk_sqlite_prepare (self->sqlite, "DELETE FROM settings WHERE key LIKE ?", error);
  if (update == NULL || unsettle == NULL)
    goto failed;

  if (choice >= 0)
    sqlite3_bind_int (update, 1, choice);
  else
    sqlite3_bind_null (update, 1);
  gk_sqlite_bind_text (update, 2, choice >= 0 ? reason : NULL);
  gk_sqlite_bind_text (update, 3, uuid);
  gk_sqlite_bind_text (update, 4, unit);
  if (!gk_sqlite_step_done (self->sqlite, update, error))
    goto failed;

  if (sqlite3_changes (gk_sqlite_get_db (self->sqlite)) == 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                   _("There is no item “%s” of your unit; “gongkai item list” shows the ids."), uuid);
      goto failed;
    }

  gk_sqlite_bind_text (unsettle, 1, settled);
  if (!gk_sqlite_step_done (self->sqlite, unsettle, error))
    goto failed;

  return gk_sqlite_commit (self->sqlite, error);

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_check_store_dup_site_summary:
 *
 * Returns: (transfer full) (nullable): the portal's site-wide summary kept by
 *   gk_check_keep_site_summary(), when it is for @as_of; %NULL otherwise
 */
GkSiteSummary *
gk_check_store_dup_site_summary (GkStore     *self,
                                 const GDate *as_of)
{
  g_autofree char *text = gk_store_dup_setting (self, "site-summary");
  g_autoptr(GkSiteSummary) summary = NULL;
  char day[11];

  if (text == NULL || (summary = gk_site_summary_new_from_text (text, NULL)) == NULL)
    return NULL;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", as_of);
  if (g_strcmp0 (gk_site_summary_get_as_of (summary), day) != 0)
    return NULL;

  return g_steal_pointer (&summary);
}
