/* Items in the store: create, edit (with revisions), states, the bin and attachments. */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-date.h"
#include "gk-item-private.h"
#include "gk-store-private.h"

#define ITEM_COLUMNS GK_STORE_ITEM_COLUMNS ("")

/* Valid state changes other than editing; see docs/items.md. */
static const struct {
  GkItemState from;
  GkItemState to;
} transitions[] = {
  { GK_ITEM_STATE_DRAFT, GK_ITEM_STATE_READY },
  { GK_ITEM_STATE_READY, GK_ITEM_STATE_DRAFT },
  { GK_ITEM_STATE_READY, GK_ITEM_STATE_QUEUED },
  { GK_ITEM_STATE_QUEUED, GK_ITEM_STATE_READY },
  { GK_ITEM_STATE_QUEUED, GK_ITEM_STATE_SUBMITTED },
  { GK_ITEM_STATE_QUEUED, GK_ITEM_STATE_REJECTED },
  { GK_ITEM_STATE_SUBMITTED, GK_ITEM_STATE_PUBLISHED },
  { GK_ITEM_STATE_SUBMITTED, GK_ITEM_STATE_REJECTED },
  { GK_ITEM_STATE_PUBLISHED, GK_ITEM_STATE_REJECTED },
};

const char *
gk_store_display_title (GkItem *item)
{
  const char *title = gk_item_get_title (item);

  return title != NULL ? title : _("(untitled)");
}

GkItem *
gk_store_item_from_row (sqlite3_stmt *stmt,
                        gint64       *row_id)
{
  const char *fields[GK_N_ITEM_FIELDS];
  GkKind kind = GK_KIND_OTHER;
  GkItemState state = GK_ITEM_STATE_DRAFT;

  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    fields[i] = (const char *) sqlite3_column_text (stmt, (int) i);

  gk_kind_from_string ((const char *) sqlite3_column_text (stmt, GK_N_ITEM_FIELDS), &kind);
  gk_item_state_from_string ((const char *) sqlite3_column_text (stmt, GK_N_ITEM_FIELDS + 1), &state);

  if (row_id != NULL)
    *row_id = sqlite3_column_int64 (stmt, GK_N_ITEM_FIELDS + 3);

  return gk_item_new_from_store (fields, kind, state, (guint) sqlite3_column_int (stmt, GK_N_ITEM_FIELDS + 2));
}

static gboolean
load_attachments (GkStore *self,
                  GkItem  *item,
                  gint64   row_id,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_attachment_unref);
  int rc;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT id, sha256, name, content_type, size FROM attachments "
                            "WHERE item_id = ? AND revision = ? ORDER BY id",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int (stmt, 2, (int) gk_item_get_revision (item));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (attachments,
                     gk_attachment_new (sqlite3_column_int64 (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        (const char *) sqlite3_column_text (stmt, 2),
                                        (const char *) sqlite3_column_text (stmt, 3),
                                        (guint64) sqlite3_column_int64 (stmt, 4)));

  if (rc != SQLITE_DONE)
    return gk_sqlite_fail (self->sqlite, error);

  gk_item_set_attachments (item, attachments);

  return TRUE;
}

/* Reads the live item; the bin is invisible to everything but restore. */
GkItem *
gk_store_load_item (GkStore    *self,
                    const char *uuid,
                    gboolean    in_bin,
                    gint64     *row_id,
                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GkItem) item = NULL;
  gint64 id;
  int rc;

  stmt = gk_sqlite_prepare (self->sqlite,
                            in_bin ? "SELECT " ITEM_COLUMNS " FROM items WHERE uuid = ? AND deleted_at IS NOT NULL"
                                   : "SELECT " ITEM_COLUMNS " FROM items WHERE uuid = ? AND deleted_at IS NULL",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                   _("There is no item “%s”; list the items with “gongkai item list”."), uuid);
      return NULL;
    }

  if (rc != SQLITE_ROW)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  item = gk_store_item_from_row (stmt, &id);

  if (!load_attachments (self, item, id, error))
    return NULL;

  if (row_id != NULL)
    *row_id = id;

  return g_steal_pointer (&item);
}

static gboolean
validate_item (GkStore *self,
               GkItem  *item,
               GError **error)
{
  g_autofree char *interprets = gk_item_dup_clean_field (item, GK_ITEM_INTERPRETS);

  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    {
      g_autofree char *value = gk_item_field_is_date (i) ? gk_item_dup_clean_field (item, i) : NULL;
      g_autoptr(GError) date_error = NULL;
      GDate date;

      /* The cleaned field is YYYY-MM-DD whenever it is a date: what is left says what is wrong. */
      if (value != NULL && !gk_date_parse (value, &date, &date_error))
        {
          g_set_error_literal (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID, date_error->message);
          return FALSE;
        }
    }

  if (interprets != NULL)
    {
      g_autoptr(GkItem) policy = NULL;
      g_autoptr(GError) local_error = NULL;

      if (gk_item_get_kind (item) != GK_KIND_INTERPRETATION)
        {
          g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
                       _("Only an interpretation can interpret a policy document; set the kind to interpretation or remove the link."));
          return FALSE;
        }

      policy = gk_store_load_item (self, interprets, FALSE, NULL, &local_error);
      if (policy == NULL ||
          g_strcmp0 (gk_item_get_field (policy, GK_ITEM_UNIT), gk_item_get_field (item, GK_ITEM_UNIT)) != 0 ||
          gk_item_get_kind (policy) != GK_KIND_POLICY)
        {
          g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
                       _("The item “%s” is not a policy document of this unit; link the interpretation to one that is."),
                       interprets);
          return FALSE;
        }
    }

  return TRUE;
}

static void
bind_content (sqlite3_stmt *stmt,
              GkItem       *item)
{
  /* Parameters 1–11: the editable fields, then the kind. */
  static const GkItemField editable[] = {
    GK_ITEM_TITLE, GK_ITEM_DOC_NUMBER, GK_ITEM_ISSUER, GK_ITEM_WRITTEN_ON, GK_ITEM_PUBLISH_ON,
    GK_ITEM_BODY, GK_ITEM_INTERPRETS, GK_ITEM_REVIEWER, GK_ITEM_REVIEWED_ON, GK_ITEM_COLUMN_ID,
    GK_ITEM_CORRECTION,
  };

  for (guint i = 0; i < G_N_ELEMENTS (editable); i++)
    {
      g_autofree char *clean = gk_item_dup_clean_field (item, editable[i]);

      gk_sqlite_bind_text (stmt, (int) i + 1, clean);
    }

  gk_sqlite_bind_text (stmt, G_N_ELEMENTS (editable) + 1, gk_kind_to_string (gk_item_get_kind (item)));
}

/* Copies what the store decided (state, revision, timestamps, attachments) into the caller's object. */
static gboolean
refresh_item (GkStore *self,
              GkItem  *item,
              GError **error)
{
  g_autoptr(GkItem) stored = gk_store_load_item (self, gk_item_get_uuid (item), FALSE, NULL, error);

  if (stored == NULL)
    return FALSE;

  gk_item_set_state (item, gk_item_get_state (stored));
  gk_item_set_revision (item, gk_item_get_revision (stored));
  gk_item_set_field (item, GK_ITEM_UPDATED_AT, gk_item_get_field (stored, GK_ITEM_UPDATED_AT));
  gk_item_set_field (item, GK_ITEM_REJECT_REASON, gk_item_get_field (stored, GK_ITEM_REJECT_REASON));
  gk_item_set_field (item, GK_ITEM_PRIVACY_SUMMARY, gk_item_get_field (stored, GK_ITEM_PRIVACY_SUMMARY));
  gk_item_set_field (item, GK_ITEM_OVERRIDE_BY, gk_item_get_field (stored, GK_ITEM_OVERRIDE_BY));
  gk_item_set_field (item, GK_ITEM_OVERRIDE_REASON, gk_item_get_field (stored, GK_ITEM_OVERRIDE_REASON));
  gk_item_set_attachments (item, gk_item_get_attachments (stored));

  return TRUE;
}

/**
 * gk_store_add_item:
 * @item: a new item with its unit and column set; it receives its uuid
 * @files: (nullable) (element-type GFile): files to attach
 *
 * Stores @item as a draft with copies of @files, all or nothing: the copies
 * are made first, then the item and its attachments are recorded in one
 * transaction, so an interrupted add leaves no half-attached item.
 */
gboolean
gk_store_add_item (GkStore      *self,
                   GkItem       *item,
                   GPtrArray    *files,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_copied_file_free);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = gk_store_now ();
  gint64 row_id, attachment_id;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);
  g_return_val_if_fail (gk_item_get_uuid (item) == NULL, FALSE);
  g_return_val_if_fail (gk_item_get_field (item, GK_ITEM_UNIT) != NULL, FALSE);

  if (!validate_item (self, item, error))
    return FALSE;

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      GkCopiedFile *copied = gk_store_copy_file (self->blobs, g_ptr_array_index (files, i), cancellable, error);

      if (copied == NULL)
        return FALSE;
      g_ptr_array_add (copies, copied);
    }

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO items (title, doc_number, issuer, written_on, publish_on, body, "
                            "interprets, reviewer, reviewed_on, column_id, correction, kind, uuid, unit, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    goto failed;

  bind_content (stmt, item);
  gk_sqlite_bind_text (stmt, 13, uuid);
  gk_sqlite_bind_text (stmt, 14, gk_item_get_field (item, GK_ITEM_UNIT));
  gk_sqlite_bind_text (stmt, 15, now);
  gk_sqlite_bind_text (stmt, 16, now);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    goto failed;

  row_id = sqlite3_last_insert_rowid (gk_sqlite_get_db (self->sqlite));
  for (guint i = 0; i < copies->len; i++)
    {
      if (!gk_store_insert_attachment (self, row_id, g_ptr_array_index (copies, i), &attachment_id, error))
        goto failed;
    }

  if (!gk_sqlite_commit (self->sqlite, error))
    goto failed;

  gk_item_set_field (item, GK_ITEM_UUID, uuid);
  gk_item_set_field (item, GK_ITEM_CREATED_AT, now);
  gk_item_set_field (item, GK_ITEM_UPDATED_AT, now);
  gk_item_set_state (item, GK_ITEM_STATE_DRAFT);
  gk_item_set_revision (item, 1);

  if (!refresh_item (self, item, error))
    return FALSE;

  gk_store_emit_item (self, GK_STORE_ITEM_ADDED, uuid);

  return TRUE;

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/*
 * What the portal has seen stays as it was: the current row is archived with
 * its attachments, and the item continues as a draft of the next revision.
 */
static gboolean
start_revision (GkStore *self,
                GkItem  *current,
                gint64   row_id,
                GError **error)
{
  g_autoptr(sqlite3_stmt) archive = NULL;
  g_autoptr(sqlite3_stmt) copy = NULL;
  g_autoptr(sqlite3_stmt) bump = NULL;
  g_autofree char *now = gk_store_now ();
  int revision = (int) gk_item_get_revision (current);

  if ((archive = gk_sqlite_prepare (self->sqlite,
                                    "INSERT INTO item_revisions (item_id, revision, state, kind, title, doc_number, "
                                    "issuer, written_on, publish_on, body, interprets, reviewer, reviewed_on, "
                                    "reject_reason, correction, archived_at) "
                                    "SELECT id, revision, state, kind, title, doc_number, issuer, written_on, "
                                    "publish_on, body, interprets, reviewer, reviewed_on, reject_reason, correction, ? "
                                    "FROM items WHERE id = ?",
                                    error)) == NULL)
    return FALSE;
  gk_sqlite_bind_text (archive, 1, now);
  sqlite3_bind_int64 (archive, 2, row_id);
  if (!gk_sqlite_step_done (self->sqlite, archive, error))
    return FALSE;

  if ((copy = gk_sqlite_prepare (self->sqlite,
                                 "INSERT INTO attachments (item_id, revision, sha256, name, content_type, size, added_at) "
                                 "SELECT item_id, revision + 1, sha256, name, content_type, size, added_at "
                                 "FROM attachments WHERE item_id = ? AND revision = ? ORDER BY id",
                                 error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (copy, 1, row_id);
  sqlite3_bind_int (copy, 2, revision);
  if (!gk_sqlite_step_done (self->sqlite, copy, error))
    return FALSE;

  if ((bump = gk_sqlite_prepare (self->sqlite,
                                 "UPDATE items SET revision = revision + 1, state = 'draft', reject_reason = NULL, "
                                 "correction = NULL, updated_at = ? WHERE id = ?",
                                 error)) == NULL)
    return FALSE;
  gk_sqlite_bind_text (bump, 1, now);
  sqlite3_bind_int64 (bump, 2, row_id);

  return gk_sqlite_step_done (self->sqlite, bump, error);
}

/*
 * Prepares @current for a change of content, inside the caller's transaction:
 * refuses a queued item, starts a revision of one the portal has seen, and
 * takes back the sign-off of a ready item, which no longer covers the content.
 */
gboolean
gk_store_begin_content_change (GkStore *self,
                               GkItem  *current,
                               gint64   row_id,
                               GError **error)
{
  g_autoptr(sqlite3_stmt) unready = NULL;

  switch (gk_item_get_state (current))
    {
    case GK_ITEM_STATE_QUEUED:
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
                   _("The item “%s” is queued for upload and cannot change; withdraw it first."),
                   gk_store_display_title (current));
      return FALSE;

    case GK_ITEM_STATE_SUBMITTED:
    case GK_ITEM_STATE_PUBLISHED:
    case GK_ITEM_STATE_REJECTED:
      return start_revision (self, current, row_id, error);

    case GK_ITEM_STATE_READY:
      if ((unready = gk_sqlite_prepare (self->sqlite, "UPDATE items SET state = 'draft' WHERE id = ?", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (unready, 1, row_id);
      return gk_sqlite_step_done (self->sqlite, unready, error);

    case GK_ITEM_STATE_DRAFT:
    default:
      return TRUE;
    }
}

/**
 * gk_store_save_item:
 *
 * Saves the editable fields of @item. Saving unchanged content does nothing,
 * so an editor may call this on every pause in typing.
 */
gboolean
gk_store_save_item (GkStore *self,
                    GkItem  *item,
                    GError **error)
{
  g_autoptr(GkItem) current = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = gk_store_now ();
  gint64 row_id;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);
  g_return_val_if_fail (gk_item_get_uuid (item) != NULL, FALSE);

  if ((current = gk_store_load_item (self, gk_item_get_uuid (item), FALSE, &row_id, error)) == NULL)
    return FALSE;

  if (gk_item_same_content (current, item))
    return refresh_item (self, item, error);

  if (!validate_item (self, item, error))
    return FALSE;

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  if (!gk_store_begin_content_change (self, current, row_id, error))
    goto failed;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE items SET title = ?, doc_number = ?, issuer = ?, written_on = ?, "
                            "publish_on = ?, body = ?, interprets = ?, reviewer = ?, reviewed_on = ?, "
                            "column_id = ?, correction = ?, kind = ?, updated_at = ?, wording_checked = NULL, privacy_checked = NULL, "
                            "privacy_summary = NULL, privacy_problems = 0, privacy_override_by = NULL, "
                            "privacy_override_reason = NULL WHERE id = ?",
                            error);
  if (stmt == NULL)
    goto failed;

  bind_content (stmt, item);
  gk_sqlite_bind_text (stmt, 13, now);
  sqlite3_bind_int64 (stmt, 14, row_id);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error) || !gk_sqlite_commit (self->sqlite, error))
    goto failed;

  if (!refresh_item (self, item, error))
    return FALSE;

  gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, gk_item_get_uuid (item));

  return TRUE;

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

/**
 * gk_store_dup_item:
 *
 * Returns: (transfer full) (nullable): the item with its current attachments
 */
GkItem *
gk_store_dup_item (GkStore    *self,
                   const char *uuid,
                   GError    **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return gk_store_load_item (self, uuid, FALSE, NULL, error);
}

/**
 * gk_store_resolve_uuid:
 * @prefix: a whole uuid or its first characters (at least 4), as people type them
 *
 * Returns: (transfer full) (nullable): the one uuid of @unit's items starting with @prefix
 */
static char *
resolve_uuid (GkStore    *self,
              const char *unit,
              const char *prefix,
              gboolean    in_bin,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *found = NULL;
  int rc;

  for (const char *p = prefix; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p) && *p != '-')
        goto not_found;
    }

  if (strlen (prefix) < 4)
    goto not_found;

  pattern = g_strconcat (prefix, "*", NULL);
  stmt = gk_sqlite_prepare (self->sqlite,
                            in_bin
                            ? "SELECT uuid FROM items WHERE uuid GLOB lower(?) AND unit IS ? AND deleted_at IS NOT NULL LIMIT 2"
                            : "SELECT uuid FROM items WHERE uuid GLOB lower(?) AND unit IS ? AND deleted_at IS NULL LIMIT 2",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, pattern);
  gk_sqlite_bind_text (stmt, 2, unit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (found != NULL)
        {
          g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_AMBIGUOUS,
                       _("More than one item starts with “%s”; give more characters of its id."), prefix);
          return NULL;
        }
      found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  if (found != NULL)
    return g_steal_pointer (&found);

not_found:
  if (in_bin)
    g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                 _("There is no item “%s” in the bin; list it with “gongkai item list --removed”."), prefix);
  else
    g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                 _("There is no item “%s”; list the items with “gongkai item list”."), prefix);
  return NULL;
}

char *
gk_store_resolve_uuid (GkStore    *self,
                       const char *unit,
                       const char *prefix,
                       GError    **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  return resolve_uuid (self, unit, prefix, FALSE, error);
}

/**
 * gk_store_resolve_removed_uuid:
 *
 * As gk_store_resolve_uuid(), among the items in the bin.
 */
char *
gk_store_resolve_removed_uuid (GkStore    *self,
                               const char *unit,
                               const char *prefix,
                               GError    **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  return resolve_uuid (self, unit, prefix, TRUE, error);
}

static GPtrArray *
list_items (GkStore    *self,
            const char *unit,
            const char *column_id,
            gint64      offset,
            gint64      limit,
            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = gk_sqlite_prepare (self->sqlite,
                            column_id != NULL
                            ? "SELECT " GK_STORE_ITEM_SUMMARY_COLUMNS ("") " FROM items WHERE unit = ?1 AND column_id = ?2 "
                              "AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4"
                            : "SELECT " GK_STORE_ITEM_SUMMARY_COLUMNS ("") " FROM items WHERE unit = ?1 "
                              "AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, unit);
  if (column_id != NULL)
    gk_sqlite_bind_text (stmt, 2, column_id);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, gk_store_item_from_row (stmt, NULL));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

/**
 * gk_store_list_items:
 * @column_id: (nullable): one column, or %NULL for all of @unit's items
 *
 * Returns: (transfer full) (element-type GkItem): newest first, without bodies or
 *   attachments (gk_store_dup_item() has the whole item)
 */
GPtrArray *
gk_store_list_items (GkStore    *self,
                     const char *unit,
                     const char *column_id,
                     GError    **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  /* A negative LIMIT is no limit in SQLite. */
  return list_items (self, unit, column_id, 0, -1, error);
}

/**
 * gk_store_list_items_page:
 * @offset: how many of the column's items to skip, newest first
 * @limit: how many items at most
 * @n_items: (out) (optional): how many the column holds in all
 *
 * Items @offset to @offset + @limit of gk_store_list_items(), for a list that
 * loads a column of thousands page by page as it scrolls.
 *
 * Returns: (transfer full) (element-type GkItem) (nullable): the items, newest first
 */
GPtrArray *
gk_store_list_items_page (GkStore    *self,
                          const char *unit,
                          const char *column_id,
                          guint       offset,
                          guint       limit,
                          guint      *n_items,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (column_id != NULL, NULL);

  if (n_items != NULL)
    {
      stmt = gk_sqlite_prepare (self->sqlite,
                                "SELECT count(*) FROM items WHERE unit = ? AND column_id = ? AND deleted_at IS NULL",
                                error);
      if (stmt == NULL)
        return NULL;

      gk_sqlite_bind_text (stmt, 1, unit);
      gk_sqlite_bind_text (stmt, 2, column_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          gk_sqlite_fail (self->sqlite, error);
          return NULL;
        }
      *n_items = sqlite3_column_int64 (stmt, 0);
    }

  return list_items (self, unit, column_id, offset, limit, error);
}

/**
 * gk_store_count_items:
 *
 * Returns: (transfer full) (element-type utf8 GkColumnCounts): per column id
 */
GHashTable *
gk_store_count_items (GkStore    *self,
                      const char *unit,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT column_id, state, count(*) FROM items "
                            "WHERE unit = ? AND deleted_at IS NULL GROUP BY column_id, state",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, unit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *column_id = (const char *) sqlite3_column_text (stmt, 0);
      GkColumnCounts *entry = g_hash_table_lookup (counts, column_id);
      GkItemState state;
      guint n = (guint) sqlite3_column_int (stmt, 2);

      if (entry == NULL)
        {
          entry = g_new0 (GkColumnCounts, 1);
          g_hash_table_insert (counts, g_strdup (column_id), entry);
        }

      if (gk_item_state_from_string ((const char *) sqlite3_column_text (stmt, 1), &state))
        entry->by_state[state] += n;
      entry->total += n;
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/* Everything a sign-off still lacks, named at once: one refusal per missing field wears the liaison out. */
static gboolean
check_ready (GkItem  *item,
             GError **error)
{
  GkItemField missing[GK_ITEM_MAX_MISSING_FOR_READY];
  guint n = gk_item_get_missing_for_ready (item, missing);
  g_autoptr(GString) list = g_string_new (NULL);

  if (n == 0)
    return TRUE;

  for (guint i = 0; i < n; i++)
    {
      const char *what = missing[i] == GK_ITEM_TITLE ? _("a title")
                         : missing[i] == GK_ITEM_BODY ? _("a body text or an attachment")
                         : missing[i] == GK_ITEM_REVIEWER ? _("the reviewer who signed it off (审核人)")
                         : _("the date of the sign-off");

      g_string_append_printf (list, "%s%s", i > 0 ? _("; ") : "", what);
    }

  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
               /* Translators: the item's title, then what it lacks */
               _("The item “%s” cannot be marked ready: it needs %s."),
               gk_store_display_title (item), list->str);
  return FALSE;
}

/**
 * gk_store_set_item_state:
 * @reason: (nullable): the portal's words, required when rejecting
 *
 * Moves an item along draft → ready → queued → submitted → published or
 * rejected; editing, not this, brings an item back to draft.
 */
gboolean
gk_store_set_item_state (GkStore     *self,
                         const char  *uuid,
                         GkItemState  state,
                         const char  *reason,
                         GError     **error)
{
  g_autoptr(GkItem) current = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = gk_store_now ();
  gboolean allowed = FALSE;
  GkItemState from;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (state < GK_N_ITEM_STATES, FALSE);

  if ((current = gk_store_load_item (self, uuid, FALSE, NULL, error)) == NULL)
    return FALSE;

  from = gk_item_get_state (current);
  if (from == state)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    allowed |= transitions[i].from == from && transitions[i].to == state;

  if (!allowed)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
                   _("The item “%s” is %s and cannot become %s directly."),
                   gk_store_display_title (current), gk_item_state_get_label (from), gk_item_state_get_label (state));
      return FALSE;
    }

  if (state == GK_ITEM_STATE_READY && from == GK_ITEM_STATE_DRAFT && !check_ready (current, error))
    return FALSE;

  if (state == GK_ITEM_STATE_REJECTED && (reason == NULL || *reason == '\0'))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
                   _("A rejection needs the reason the portal gave."));
      return FALSE;
    }

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE items SET state = ?, reject_reason = ?, updated_at = ? "
                            "WHERE uuid = ? AND state = ?",
                            error);
  if (stmt == NULL)
    goto failed;

  gk_sqlite_bind_text (stmt, 1, gk_item_state_to_string (state));
  gk_sqlite_bind_text (stmt, 2, state == GK_ITEM_STATE_REJECTED ? reason : NULL);
  gk_sqlite_bind_text (stmt, 3, now);
  gk_sqlite_bind_text (stmt, 4, uuid);
  /* Guards against another process having moved the item since we read it. */
  gk_sqlite_bind_text (stmt, 5, gk_item_state_to_string (from));

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    goto failed;

  if (sqlite3_changes (gk_sqlite_get_db (self->sqlite)) != 1)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
                   _("The item “%s” was changed by another window or program meanwhile; try again."),
                   gk_store_display_title (current));
      goto failed;
    }

  /* The outbox row, with its idempotency key, exists exactly while the item is queued. */
  if (state == GK_ITEM_STATE_QUEUED && !gk_store_outbox_add (self, uuid, error))
    goto failed;
  if (from == GK_ITEM_STATE_QUEUED && !gk_store_outbox_remove (self, uuid, state == GK_ITEM_STATE_READY, error))
    goto failed;

  if (!gk_sqlite_commit (self->sqlite, error))
    goto failed;

  gk_store_emit_item (self, GK_STORE_ITEM_CHANGED, uuid);
  if (state == GK_ITEM_STATE_QUEUED || from == GK_ITEM_STATE_QUEUED)
    gk_store_emit_outbox_changed (self);

  return TRUE;

failed:
  gk_sqlite_rollback (self->sqlite);
  return FALSE;
}

static gboolean
set_deleted (GkStore    *self,
             const char *uuid,
             gboolean    deleted,
             GError    **error)
{
  g_autoptr(GkItem) current = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = gk_store_now ();

  if ((current = gk_store_load_item (self, uuid, !deleted, NULL, error)) == NULL)
    return FALSE;

  /* An item on its way to the portal cannot vanish from under the upload. */
  if (deleted && gk_item_get_state (current) == GK_ITEM_STATE_QUEUED)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
                   _("The item “%s” is queued for upload and cannot be deleted; withdraw it first."),
                   gk_store_display_title (current));
      return FALSE;
    }

  stmt = gk_sqlite_prepare (self->sqlite, "UPDATE items SET deleted_at = ? WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, deleted ? now : NULL);
  gk_sqlite_bind_text (stmt, 2, uuid);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  gk_store_emit_item (self, deleted ? GK_STORE_ITEM_REMOVED : GK_STORE_ITEM_ADDED, uuid);

  return TRUE;
}

/**
 * gk_store_trash_item:
 *
 * Moves the item to the bin, from which gk_store_restore_item() brings it back
 * until gk_store_empty_trash() removes it for good.
 */
gboolean
gk_store_trash_item (GkStore    *self,
                     const char *uuid,
                     GError    **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  return set_deleted (self, uuid, TRUE, error);
}

gboolean
gk_store_restore_item (GkStore    *self,
                       const char *uuid,
                       GError    **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  return set_deleted (self, uuid, FALSE, error);
}

/*
 * Deletes the binned items @sql selects (one text parameter) and the blobs
 * only they used, in one transaction. Returns how many, or -1 on error.
 */
static int
delete_from_bin (GkStore    *self,
                 const char *sql,
                 const char *parameter,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) unused = NULL;
  int removed;

  if (!gk_sqlite_begin (self->sqlite, error))
    return -1;

  if ((stmt = gk_sqlite_prepare (self->sqlite, sql, error)) == NULL)
    goto failed;

  gk_sqlite_bind_text (stmt, 1, parameter);
  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    goto failed;

  removed = sqlite3_changes (gk_sqlite_get_db (self->sqlite));

  if ((unused = gk_store_forget_unused_blobs (self, error)) == NULL || !gk_sqlite_commit (self->sqlite, error))
    goto failed;

  gk_store_remove_blob_files (self, unused);

  return removed;

failed:
  gk_sqlite_rollback (self->sqlite);
  return -1;
}

/**
 * gk_store_empty_trash:
 * @older_than: keep what was deleted more recently, so Undo still works
 *
 * Returns: how many items were removed for good
 */
guint
gk_store_empty_trash (GkStore   *self,
                      GTimeSpan  older_than,
                      GError   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff_time = g_date_time_add (now, -older_than);
  g_autofree char *cutoff = g_date_time_format (cutoff_time, "%Y-%m-%dT%H:%M:%SZ");
  int removed;

  g_return_val_if_fail (GK_IS_STORE (self), 0);

  removed = delete_from_bin (self, "DELETE FROM items WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                             cutoff, error);

  return (guint) MAX (removed, 0);
}

/**
 * gk_store_purge_item:
 *
 * Removes one item of the bin for good, with its revisions and the attachment
 * files no other item uses: the liaison's 彻底删除.
 */
gboolean
gk_store_purge_item (GkStore    *self,
                     const char *uuid,
                     GError    **error)
{
  int removed;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  removed = delete_from_bin (self, "DELETE FROM items WHERE uuid = ? AND deleted_at IS NOT NULL", uuid, error);
  if (removed < 0)
    return FALSE;

  if (removed == 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                   _("There is no item “%s” in the bin; list it with “gongkai item list --removed”."), uuid);
      return FALSE;
    }

  return TRUE;
}

void
gk_removed_item_free (GkRemovedItem *removed)
{
  g_clear_object (&removed->item);
  g_free (removed->removed_at);
  g_free (removed);
}

/**
 * gk_store_list_removed:
 *
 * Returns: (transfer full) (element-type GkRemovedItem): @unit's items in the
 *   bin, the most recently removed first, without bodies or attachments
 */
GPtrArray *
gk_store_list_removed (GkStore    *self,
                       const char *unit,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_removed_item_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT " GK_STORE_ITEM_SUMMARY_COLUMNS ("") ", deleted_at FROM items "
                            "WHERE unit = ? AND deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, unit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkRemovedItem *entry = g_new0 (GkRemovedItem, 1);

      entry->item = gk_store_item_from_row (stmt, NULL);
      entry->removed_at = g_strdup ((const char *) sqlite3_column_text (stmt, GK_N_ITEM_FIELDS + 4));
      g_ptr_array_add (removed, entry);
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&removed);
}

/**
 * gk_store_list_revisions:
 *
 * Returns: (transfer full) (element-type GkItem): the archived revisions, oldest first
 */
GPtrArray *
gk_store_list_revisions (GkStore    *self,
                         const char *uuid,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT i.uuid, i.column_id, i.unit, r.title, r.doc_number, r.issuer, r.written_on, "
                            "r.publish_on, r.body, r.interprets, r.reviewer, r.reviewed_on, r.reject_reason, "
                            "i.created_at, r.archived_at, NULL, NULL, NULL, r.correction, r.kind, r.state, r.revision, i.id "
                            "FROM item_revisions r JOIN items i ON i.id = r.item_id "
                            "WHERE i.uuid = ? ORDER BY r.revision",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, uuid);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row_id;
      GkItem *revision = gk_store_item_from_row (stmt, &row_id);

      g_ptr_array_add (revisions, revision);
      if (!load_attachments (self, revision, row_id, error))
        return NULL;
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&revisions);
}

/**
 * gk_store_set_privacy:
 * @summary: (nullable): what the scan found, for people; %NULL when clean
 * @problems: findings plus files that could not be scanned
 * @override_by: (nullable): the approver who let it through anyway
 * @override_reason: (nullable): why
 *
 * Records the personal-information scan of a ready item, just before it is queued.
 */
gboolean
gk_store_set_privacy (GkStore    *self,
                      const char *uuid,
                      const char *summary,
                      guint       problems,
                      const char *override_by,
                      const char *override_reason,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = gk_store_now ();

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE items SET privacy_checked = ?, privacy_summary = ?, privacy_problems = ?, "
                            "privacy_override_by = ?, privacy_override_reason = ? WHERE uuid = ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, now);
  gk_sqlite_bind_text (stmt, 2, summary);
  sqlite3_bind_int (stmt, 3, (int) problems);
  gk_sqlite_bind_text (stmt, 4, override_by);
  gk_sqlite_bind_text (stmt, 5, override_reason);
  gk_sqlite_bind_text (stmt, 6, uuid);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}
