/* The reference portal's SQLite store: uploads, items and their revisions, registrations, idempotency records. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-json.h"
#include "gk-portal-db.h"
#include "gk-protocol.h"
#include "gk-sqlite.h"

struct _GkPortalDb
{
  GObject  parent_instance;

  GkSqlite *sqlite;
  gint64    last_timestamp;
};

G_DEFINE_FINAL_TYPE (GkPortalDb, gk_portal_db, G_TYPE_OBJECT)

/*
 * Ordered migrations: entry N brings the schema from version N to N + 1.
 * Never edit a released entry; append a new one.
 */
static const char * const migrations[] = {
  /* 1: the whole protocol of docs/portal-api.md version 1 */
  "CREATE TABLE uploads ("
  "  id TEXT PRIMARY KEY,"
  "  unit TEXT NOT NULL,"
  "  length INTEGER NOT NULL,"
  "  filename TEXT, filetype TEXT,"
  "  expected_sha256 TEXT,"
  "  sha256 TEXT,"
  "  complete INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE items ("
  "  id TEXT PRIMARY KEY,"
  "  unit TEXT NOT NULL,"
  "  column_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  title TEXT NOT NULL,"
  "  publish_on TEXT,"
  "  interprets TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('received', 'scheduled', 'published', 'rejected')),"
  "  reason TEXT,"
  "  etag TEXT NOT NULL,"
  "  received_at TEXT NOT NULL,"
  "  published_at TEXT,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX items_by_unit ON items (unit, updated_at, id);"
  "CREATE INDEX items_by_interprets ON items (interprets);"
  "CREATE INDEX items_by_status ON items (status, publish_on);"
  "CREATE TABLE revisions ("
  "  item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
  "  revision INTEGER NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  document TEXT NOT NULL,"
  "  received_at TEXT NOT NULL,"
  "  PRIMARY KEY (item_id, revision)"
  ");"
  "CREATE TABLE attachments ("
  "  item_id TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  upload_id TEXT NOT NULL REFERENCES uploads (id),"
  "  name TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  PRIMARY KEY (item_id, revision, position),"
  "  FOREIGN KEY (item_id, revision) REFERENCES revisions (item_id, revision) ON DELETE CASCADE"
  ");"
  "CREATE INDEX attachments_by_upload ON attachments (upload_id);"
  "CREATE TABLE registrations ("
  "  unit TEXT PRIMARY KEY,"
  "  leader TEXT NOT NULL, office TEXT NOT NULL, liaison TEXT NOT NULL, phone TEXT NOT NULL,"
  "  received_at TEXT NOT NULL"
  ");"
  "CREATE TABLE idempotency ("
  "  unit TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  fingerprint TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  location TEXT, etag TEXT, body TEXT,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (unit, key)"
  ");",
};

static const char *item_columns =
  "id, unit, column_id, kind, revision, title, publish_on, interprets, status, reason, "
  "etag, received_at, published_at, updated_at";

enum {
  COL_ID, COL_UNIT, COL_COLUMN_ID, COL_KIND, COL_REVISION, COL_TITLE, COL_PUBLISH_ON,
  COL_INTERPRETS, COL_STATUS, COL_REASON, COL_ETAG, COL_RECEIVED_AT, COL_PUBLISHED_AT,
  COL_UPDATED_AT,
};

static void
on_open_failed (const char *path,
                const char *reason,
                GError    **error)
{
  g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
               "The portal database “%s” could not be opened (%s); check the folder given with --data-dir.",
               path, reason);
}

static void
on_failed (GkSqlite *sqlite,
           GError  **error)
{
  g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
               "The portal database “%s” could not be read or written (%s); check the disk and the file's permissions.",
               gk_sqlite_get_path (sqlite), sqlite3_errmsg (gk_sqlite_get_db (sqlite)));
}

static void
on_too_new (GkSqlite *sqlite,
            int       version,
            GError  **error)
{
  g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
               "The portal database “%s” was written by a newer gongkai-portal (schema %d); run that version.",
               gk_sqlite_get_path (sqlite), version);
}

static const GkSqliteErrors portal_errors = { on_open_failed, on_failed, on_too_new };

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup (column_text (stmt, column));
}

static void
add_column (JsonBuilder  *builder,
            const char   *name,
            sqlite3_stmt *stmt,
            int           column)
{
  gk_json_add_string_or_null (builder, name, column_text (stmt, column));
}

static char *
dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The item row's status document (§6.4), with the interpretations that point at it. */
static JsonNode *
build_status (GkPortalDb   *self,
              sqlite3_stmt *row,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GkProtocolStatus) status = {
    .id = column_text (row, COL_ID),
    .revision = sqlite3_column_int64 (row, COL_REVISION),
    .column_id = column_text (row, COL_COLUMN_ID),
    .kind = column_text (row, COL_KIND),
    .title = column_text (row, COL_TITLE),
    .publish_on = column_text (row, COL_PUBLISH_ON),
    .status = column_text (row, COL_STATUS),
    .reason = column_text (row, COL_REASON),
    .received_at = column_text (row, COL_RECEIVED_AT),
    .published_at = column_text (row, COL_PUBLISHED_AT),
    .updated_at = column_text (row, COL_UPDATED_AT),
    .interprets = column_text (row, COL_INTERPRETS),
    .interpreted_by = g_ptr_array_new_with_free_func (g_free),
  };
  int rc;

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT id FROM items WHERE interprets = ? AND unit = ? ORDER BY received_at, id", error);
  if (stmt == NULL)
    return NULL;
  gk_sqlite_bind_text (stmt, 1, status.id);
  gk_sqlite_bind_text (stmt, 2, column_text (row, COL_UNIT));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (status.interpreted_by, g_strdup (column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return gk_protocol_status_to_json (&status);
}

static gpointer
item_row_from_stmt (sqlite3_stmt *stmt)
{
  GkPortalItemRow *row = g_new0 (GkPortalItemRow, 1);

  row->id = dup_column (stmt, COL_ID);
  row->unit = dup_column (stmt, COL_UNIT);
  row->column_id = dup_column (stmt, COL_COLUMN_ID);
  row->title = dup_column (stmt, COL_TITLE);
  row->status = dup_column (stmt, COL_STATUS);
  row->reason = dup_column (stmt, COL_REASON);
  row->publish_on = dup_column (stmt, COL_PUBLISH_ON);
  row->updated_at = dup_column (stmt, COL_UPDATED_AT);
  row->etag = dup_column (stmt, COL_ETAG);
  row->revision = sqlite3_column_int64 (stmt, COL_REVISION);

  return row;
}

/* Turns each row of @stmt into an element with @row_func; %NULL with an error when a step fails. */
static GPtrArray *
collect_rows (GkPortalDb     *self,
              sqlite3_stmt   *stmt,
              gpointer      (*row_func) (sqlite3_stmt *stmt),
              GDestroyNotify  free_func,
              GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_func (stmt));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

static gpointer
revision_from_stmt (sqlite3_stmt *stmt)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *revision = json_object_new ();

  json_object_set_int_member (revision, "revision", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (revision, "etag", (const char *) sqlite3_column_text (stmt, 1));
  json_object_set_string_member (revision, "received_at", (const char *) sqlite3_column_text (stmt, 2));
  /* Stored only after it parsed as an object, so it parses again. */
  if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 3), -1, NULL))
    json_object_set_member (revision, "document", json_node_copy (json_parser_get_root (parser)));

  return revision;
}

static gpointer
attachment_from_stmt (sqlite3_stmt *stmt)
{
  GkPortalAttachment *attachment = g_new0 (GkPortalAttachment, 1);

  attachment->upload_id = dup_column (stmt, 0);
  attachment->name = dup_column (stmt, 1);
  attachment->content_type = dup_column (stmt, 2);
  attachment->size = sqlite3_column_int64 (stmt, 3);
  attachment->sha256 = dup_column (stmt, 4);

  return attachment;
}

/* So clients listing with `since` see the new link in the policy's interpreted_by. */
static gboolean
touch_interpreted (GkPortalDb  *self,
                   const char  *unit,
                   const char  *id,
                   const char  *now,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (id == NULL)
    return TRUE;

  stmt = gk_sqlite_prepare (self->sqlite, "UPDATE items SET updated_at = ? WHERE id = ? AND unit = ?", error);
  if (stmt == NULL)
    return FALSE;
  gk_sqlite_bind_text (stmt, 1, now);
  gk_sqlite_bind_text (stmt, 2, id);
  gk_sqlite_bind_text (stmt, 3, unit);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

static void
gk_portal_db_finalize (GObject *object)
{
  GkPortalDb *self = (GkPortalDb *)object;

  g_clear_pointer (&self->sqlite, gk_sqlite_close);

  G_OBJECT_CLASS (gk_portal_db_parent_class)->finalize (object);
}

static void
gk_portal_db_class_init (GkPortalDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_db_finalize;
}

static void
gk_portal_db_init (GkPortalDb *self)
{
}

GkPortalDb *
gk_portal_db_open (const char *path,
                   GError    **error)
{
  g_autoptr(GkPortalDb) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GK_TYPE_PORTAL_DB, NULL);
  if ((self->sqlite = gk_sqlite_open (path, &portal_errors, error)) == NULL ||
      !gk_sqlite_migrate (self->sqlite, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
gk_portal_db_begin (GkPortalDb *self,
                    GError    **error)
{
  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  return gk_sqlite_begin (self->sqlite, error);
}

gboolean
gk_portal_db_commit (GkPortalDb *self,
                     GError    **error)
{
  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  return gk_sqlite_commit (self->sqlite, error);
}

void
gk_portal_db_rollback (GkPortalDb *self)
{
  g_return_if_fail (GK_IS_PORTAL_DB (self));

  gk_sqlite_rollback (self->sqlite);
}

/**
 * gk_portal_db_next_timestamp:
 *
 * RFC 3339 in UTC with microseconds, strictly increasing within the process:
 * a client that passes the greatest `updated_at` it has seen as `since`
 * can never miss a change made in the same second.
 */
char *
gk_portal_db_next_timestamp (GkPortalDb *self)
{
  g_autoptr(GDateTime) second = NULL;
  g_autoptr(GDateTime) time = NULL;
  gint64 now;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  now = MAX (g_get_real_time (), self->last_timestamp + 1);
  self->last_timestamp = now;
  /* g_date_time_add() returns a new value and leaves its argument to the caller. */
  second = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  time = g_date_time_add (second, now % G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/**
 * gk_portal_db_lookup_idempotency:
 * @fingerprint: (out): what the key was first used with
 * @response: (out): the stored response, %NULL for a new key
 */
gboolean
gk_portal_db_lookup_idempotency (GkPortalDb        *self,
                                 const char        *unit,
                                 const char        *key,
                                 char             **fingerprint,
                                 GkPortalResponse **response,
                                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  *fingerprint = NULL;
  *response = NULL;

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT fingerprint, status, location, etag, body FROM idempotency WHERE unit = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;
  gk_sqlite_bind_text (stmt, 1, unit);
  gk_sqlite_bind_text (stmt, 2, key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return gk_sqlite_fail (self->sqlite, error);

  *fingerprint = dup_column (stmt, 0);
  *response = gk_portal_response_new (sqlite3_column_int (stmt, 1),
                                      (const char *) sqlite3_column_text (stmt, 2),
                                      (const char *) sqlite3_column_text (stmt, 3),
                                      (const char *) sqlite3_column_text (stmt, 4));
  return TRUE;
}

gboolean
gk_portal_db_save_idempotency (GkPortalDb             *self,
                               const char             *unit,
                               const char             *key,
                               const char             *fingerprint,
                               const GkPortalResponse *response,
                               GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO idempotency (unit, key, fingerprint, status, location, etag, body, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  now = gk_portal_db_next_timestamp (self);
  gk_sqlite_bind_text (stmt, 1, unit);
  gk_sqlite_bind_text (stmt, 2, key);
  gk_sqlite_bind_text (stmt, 3, fingerprint);
  sqlite3_bind_int (stmt, 4, response->status);
  gk_sqlite_bind_text (stmt, 5, response->location);
  gk_sqlite_bind_text (stmt, 6, response->etag);
  gk_sqlite_bind_text (stmt, 7, response->body);
  gk_sqlite_bind_text (stmt, 8, now);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

gboolean
gk_portal_db_insert_upload (GkPortalDb           *self,
                            const GkPortalUpload *upload,
                            GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO uploads (id, unit, length, filename, filetype, expected_sha256, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  now = gk_portal_db_next_timestamp (self);
  gk_sqlite_bind_text (stmt, 1, upload->id);
  gk_sqlite_bind_text (stmt, 2, upload->unit);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) upload->length);
  gk_sqlite_bind_text (stmt, 4, upload->filename);
  gk_sqlite_bind_text (stmt, 5, upload->filetype);
  gk_sqlite_bind_text (stmt, 6, upload->expected_sha256);
  gk_sqlite_bind_text (stmt, 7, now);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/**
 * gk_portal_db_dup_upload:
 *
 * Returns: (transfer full) (nullable): the upload, or %NULL without an error when there is none
 */
GkPortalUpload *
gk_portal_db_dup_upload (GkPortalDb *self,
                         const char *id,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GkPortalUpload *upload;
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT id, unit, length, filename, filetype, expected_sha256, sha256, complete "
                            "FROM uploads WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  gk_sqlite_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  upload = g_new0 (GkPortalUpload, 1);
  upload->id = dup_column (stmt, 0);
  upload->unit = dup_column (stmt, 1);
  upload->length = sqlite3_column_int64 (stmt, 2);
  upload->filename = dup_column (stmt, 3);
  upload->filetype = dup_column (stmt, 4);
  upload->expected_sha256 = dup_column (stmt, 5);
  upload->sha256 = dup_column (stmt, 6);
  upload->complete = sqlite3_column_int (stmt, 7) != 0;

  return upload;
}

gboolean
gk_portal_db_complete_upload (GkPortalDb *self,
                              const char *id,
                              const char *sha256,
                              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite, "UPDATE uploads SET complete = 1, sha256 = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  gk_sqlite_bind_text (stmt, 1, sha256);
  gk_sqlite_bind_text (stmt, 2, id);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

gboolean
gk_portal_db_delete_upload (GkPortalDb *self,
                            const char *id,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite, "DELETE FROM uploads WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  gk_sqlite_bind_text (stmt, 1, id);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/* The first column of every row @stmt gives, or NULL with @error set. */
static GStrv
collect_ids (GkPortalDb    *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_strv_builder_end (ids);
}

/**
 * gk_portal_db_dup_incomplete_uploads:
 *
 * Returns: (transfer full) (nullable): the ids of the uploads not yet complete,
 *   or %NULL with @error set
 */
GStrv
gk_portal_db_dup_incomplete_uploads (GkPortalDb *self,
                                     GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  if ((stmt = gk_sqlite_prepare (self->sqlite, "SELECT id FROM uploads WHERE complete = 0", error)) == NULL)
    return NULL;

  return collect_ids (self, stmt, error);
}

/**
 * gk_portal_db_dup_unreferenced_uploads:
 * @created_before: an RFC 3339 UTC timestamp as gk_portal_db_next_timestamp() writes them
 *
 * Returns: (transfer full) (nullable): the ids of the uploads created before
 *   @created_before that no item revision names (§5.4), or %NULL with @error set
 */
GStrv
gk_portal_db_dup_unreferenced_uploads (GkPortalDb *self,
                                       const char *created_before,
                                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  if ((stmt = gk_sqlite_prepare (self->sqlite,
                                 "SELECT id FROM uploads WHERE created_at < ? "
                                 "AND id NOT IN (SELECT upload_id FROM attachments)", error)) == NULL)
    return NULL;
  gk_sqlite_bind_text (stmt, 1, created_before);

  return collect_ids (self, stmt, error);
}

/**
 * gk_portal_db_count_pending_uploads:
 * @count: (out): how many of the unit's uploads no item names yet
 * @bytes: (out): their announced lengths added up
 */
gboolean
gk_portal_db_count_pending_uploads (GkPortalDb *self,
                                    const char *unit,
                                    guint64    *count,
                                    guint64    *bytes,
                                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  if ((stmt = gk_sqlite_prepare (self->sqlite,
                                 "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM uploads WHERE unit = ? "
                                 "AND id NOT IN (SELECT upload_id FROM attachments)", error)) == NULL)
    return FALSE;
  gk_sqlite_bind_text (stmt, 1, unit);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_sqlite_fail (self->sqlite, error);

  *count = sqlite3_column_int64 (stmt, 0);
  *bytes = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static sqlite3_stmt *
select_item (GkPortalDb *self,
             const char *id,
             GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM items WHERE id = ?", item_columns);
  sqlite3_stmt *stmt = gk_sqlite_prepare (self->sqlite, sql, error);

  if (stmt != NULL)
    gk_sqlite_bind_text (stmt, 1, id);

  return stmt;
}

/**
 * gk_portal_db_dup_item:
 *
 * Returns: (transfer full) (nullable): the item, or %NULL without an error when there is none
 */
GkPortalItemRow *
gk_portal_db_dup_item (GkPortalDb *self,
                       const char *id,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  if ((stmt = select_item (self, id, error)) == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return item_row_from_stmt (stmt);
  if (rc != SQLITE_DONE)
    gk_sqlite_fail (self->sqlite, error);

  return NULL;
}

/**
 * gk_portal_db_save_item:
 *
 * Records @doc as the item's first revision or as its next one; a new
 * revision waits for the office again (§6.3). Call inside a transaction.
 */
gboolean
gk_portal_db_save_item (GkPortalDb            *self,
                        const char            *unit,
                        const GkPortalItemDoc *doc,
                        const char            *etag,
                        GError               **error)
{
  g_autoptr(sqlite3_stmt) item = NULL;
  g_autoptr(sqlite3_stmt) revision = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  now = gk_portal_db_next_timestamp (self);

  item = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO items (id, unit, column_id, kind, revision, title, publish_on, interprets, "
                            "                   status, etag, received_at, updated_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received', ?9, ?10, ?10) "
                            "ON CONFLICT (id) DO UPDATE SET column_id = ?3, kind = ?4, revision = ?5, title = ?6, "
                            "  publish_on = ?7, interprets = ?8, status = 'received', reason = NULL, "
                            "  published_at = NULL, etag = ?9, received_at = ?10, updated_at = ?10",
                            error);
  if (item == NULL)
    return FALSE;
  gk_sqlite_bind_text (item, 1, doc->id);
  gk_sqlite_bind_text (item, 2, unit);
  gk_sqlite_bind_text (item, 3, doc->column_id);
  gk_sqlite_bind_text (item, 4, doc->kind);
  sqlite3_bind_int64 (item, 5, doc->revision);
  gk_sqlite_bind_text (item, 6, doc->title);
  gk_sqlite_bind_text (item, 7, doc->publish_on);
  gk_sqlite_bind_text (item, 8, doc->interprets);
  gk_sqlite_bind_text (item, 9, etag);
  gk_sqlite_bind_text (item, 10, now);
  if (!gk_sqlite_step_done (self->sqlite, item, error))
    return FALSE;

  revision = gk_sqlite_prepare (self->sqlite,
                                "INSERT INTO revisions (item_id, revision, etag, document, received_at) VALUES (?, ?, ?, ?, ?)",
                                error);
  if (revision == NULL)
    return FALSE;
  gk_sqlite_bind_text (revision, 1, doc->id);
  sqlite3_bind_int64 (revision, 2, doc->revision);
  gk_sqlite_bind_text (revision, 3, etag);
  gk_sqlite_bind_text (revision, 4, doc->document);
  gk_sqlite_bind_text (revision, 5, now);
  if (!gk_sqlite_step_done (self->sqlite, revision, error))
    return FALSE;

  for (guint i = 0; i < doc->attachments->len; i++)
    {
      const GkPortalAttachment *attachment = g_ptr_array_index (doc->attachments, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      stmt = gk_sqlite_prepare (self->sqlite,
                                "INSERT INTO attachments (item_id, revision, position, upload_id, name, content_type, size, sha256) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      gk_sqlite_bind_text (stmt, 1, doc->id);
      sqlite3_bind_int64 (stmt, 2, doc->revision);
      sqlite3_bind_int (stmt, 3, i);
      gk_sqlite_bind_text (stmt, 4, attachment->upload_id);
      gk_sqlite_bind_text (stmt, 5, attachment->name);
      gk_sqlite_bind_text (stmt, 6, attachment->content_type);
      sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) attachment->size);
      gk_sqlite_bind_text (stmt, 8, attachment->sha256);
      if (!gk_sqlite_step_done (self->sqlite, stmt, error))
        return FALSE;
    }

  return touch_interpreted (self, unit, doc->interprets, now, error);
}

/**
 * gk_portal_db_dup_status:
 *
 * Returns: (transfer full) (nullable): the status document, or %NULL without an error when there is none
 */
JsonNode *
gk_portal_db_dup_status (GkPortalDb *self,
                         const char *id,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  if ((stmt = select_item (self, id, error)) == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return build_status (self, stmt, error);
  if (rc != SQLITE_DONE)
    gk_sqlite_fail (self->sqlite, error);

  return NULL;
}

/**
 * gk_portal_db_list_status:
 * @since: (nullable): only items changed later than this
 * @after_time: (nullable): the cursor: only items after (@after_time, @after_id)
 * @more: (out): whether more items follow the page
 *
 * Returns: (transfer full): status documents, oldest change first
 */
JsonArray *
gk_portal_db_list_status (GkPortalDb *self,
                          const char *unit,
                          const char *since,
                          const char *after_time,
                          const char *after_id,
                          guint       limit,
                          gboolean   *more,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  /* Timestamps are fixed-width UTC text, so they compare as text. */
  sql = g_strdup_printf ("SELECT %s FROM items WHERE unit = ?1 "
                         "AND (?2 IS NULL OR updated_at > ?2) "
                         "AND (?3 IS NULL OR (updated_at, id) > (?3, ?4)) "
                         "ORDER BY updated_at, id LIMIT ?5",
                         item_columns);
  if ((stmt = gk_sqlite_prepare (self->sqlite, sql, error)) == NULL)
    return NULL;
  gk_sqlite_bind_text (stmt, 1, unit);
  gk_sqlite_bind_text (stmt, 2, since);
  gk_sqlite_bind_text (stmt, 3, after_time);
  gk_sqlite_bind_text (stmt, 4, after_id);
  /* One more than asked, to know whether a next page exists. */
  sqlite3_bind_int (stmt, 5, limit + 1);

  *more = FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonNode *status;

      if (json_array_get_length (items) == limit)
        {
          *more = TRUE;
          break;
        }

      if ((status = build_status (self, stmt, error)) == NULL)
        return NULL;
      json_array_add_element (items, status);
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

/* Call with an object already checked by the caller: unit and the four fields as strings. */
gboolean
gk_portal_db_save_registration (GkPortalDb  *self,
                                JsonObject  *registration,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO registrations (unit, leader, office, liaison, phone, received_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                            "ON CONFLICT (unit) DO UPDATE SET leader = ?2, office = ?3, liaison = ?4, phone = ?5, received_at = ?6",
                            error);
  if (stmt == NULL)
    return FALSE;

  now = gk_portal_db_next_timestamp (self);
  gk_sqlite_bind_text (stmt, 1, json_object_get_string_member (registration, "unit"));
  gk_sqlite_bind_text (stmt, 2, json_object_get_string_member (registration, "leader"));
  gk_sqlite_bind_text (stmt, 3, json_object_get_string_member (registration, "office"));
  gk_sqlite_bind_text (stmt, 4, json_object_get_string_member (registration, "liaison"));
  gk_sqlite_bind_text (stmt, 5, json_object_get_string_member (registration, "phone"));
  gk_sqlite_bind_text (stmt, 6, now);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/**
 * gk_portal_db_dup_registration:
 *
 * Returns: (transfer full) (nullable): the unit's registration, or %NULL without an error when there is none
 */
JsonNode *
gk_portal_db_dup_registration (GkPortalDb *self,
                               const char *unit,
                               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const names[] = { "unit", "leader", "office", "liaison", "phone", "received_at" };
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT unit, leader, office, liaison, phone, received_at FROM registrations WHERE unit = ?", error);
  if (stmt == NULL)
    return NULL;
  gk_sqlite_bind_text (stmt, 1, unit);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_column (builder, names[i], stmt, i);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * gk_portal_db_list_items:
 *
 * Returns: (transfer full) (element-type GkPortalItemRow): every item, by unit, column and newest change
 */
GPtrArray *
gk_portal_db_list_items (GkPortalDb *self,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  sql = g_strdup_printf ("SELECT %s FROM items ORDER BY unit, column_id, updated_at DESC", item_columns);
  if ((stmt = gk_sqlite_prepare (self->sqlite, sql, error)) == NULL)
    return NULL;

  return collect_rows (self, stmt, item_row_from_stmt, (GDestroyNotify) gk_portal_item_row_free, error);
}

/**
 * gk_portal_db_list_revisions:
 *
 * Returns: (transfer full) (element-type JsonObject): the item's revisions, newest
 *   first, each with `revision`, `etag`, `received_at` and the `document` as sent
 */
GPtrArray *
gk_portal_db_list_revisions (GkPortalDb *self,
                             const char *id,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT revision, etag, received_at, document FROM revisions "
                            "WHERE item_id = ? ORDER BY revision DESC", error);
  if (stmt == NULL)
    return NULL;
  gk_sqlite_bind_text (stmt, 1, id);

  return collect_rows (self, stmt, revision_from_stmt, (GDestroyNotify) json_object_unref, error);
}

/**
 * gk_portal_db_list_attachments:
 *
 * Returns: (transfer full) (element-type GkPortalAttachment): the revision's attachments in order
 */
GPtrArray *
gk_portal_db_list_attachments (GkPortalDb *self,
                               const char *id,
                               gint64      revision,
                               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT upload_id, name, content_type, size, sha256 FROM attachments "
                            "WHERE item_id = ? AND revision = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  gk_sqlite_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, revision);

  return collect_rows (self, stmt, attachment_from_stmt, (GDestroyNotify) gk_portal_attachment_free, error);
}

/**
 * gk_portal_db_decide:
 * @revision: the revision the office read and decides on
 * @approve: %TRUE to approve, %FALSE to reject
 * @reason: (nullable): why, for a rejection
 *
 * The office's verdict. An approved item is published at once when its
 * `publish_on` is absent or not in the future, else scheduled for that day.
 * A verdict on a revision that is no longer the latest changes nothing and
 * fails with %GK_PORTAL_ERROR_CONFLICT: what was approved must be what is published.
 */
gboolean
gk_portal_db_decide (GkPortalDb *self,
                     const char *id,
                     gint64      revision,
                     gboolean    approve,
                     const char *reason,
                     GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GkPortalItemRow) item = NULL;
  g_autofree char *now = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  if (approve)
    stmt = gk_sqlite_prepare (self->sqlite,
                              "UPDATE items SET reason = NULL, updated_at = ?1, "
                              "  status = CASE WHEN publish_on IS NULL OR publish_on <= ?2 THEN 'published' ELSE 'scheduled' END, "
                              "  published_at = CASE WHEN publish_on IS NULL OR publish_on <= ?2 THEN ?1 ELSE NULL END "
                              "WHERE id = ?3 AND revision = ?5", error);
  else
    stmt = gk_sqlite_prepare (self->sqlite,
                              "UPDATE items SET status = 'rejected', reason = ?4, published_at = NULL, updated_at = ?1 "
                              "WHERE id = ?3 AND revision = ?5", error);
  if (stmt == NULL)
    return FALSE;

  now = gk_portal_db_next_timestamp (self);
  today = dup_today ();
  gk_sqlite_bind_text (stmt, 1, now);
  if (approve)
    gk_sqlite_bind_text (stmt, 2, today);
  gk_sqlite_bind_text (stmt, 3, id);
  if (!approve)
    gk_sqlite_bind_text (stmt, 4, reason);
  sqlite3_bind_int64 (stmt, 5, revision);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  if (sqlite3_changes (gk_sqlite_get_db (self->sqlite)) > 0)
    return TRUE;

  if ((item = gk_portal_db_dup_item (self, id, error)) == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                     "There is no item %s; go back to the list of items.", id);
      return FALSE;
    }

  g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_CONFLICT,
               "The item is now at revision %" G_GINT64_FORMAT ", not the revision %" G_GINT64_FORMAT " this verdict was given for; read the new revision below and decide again.",
               item->revision, revision);
  return FALSE;
}

/**
 * gk_portal_db_publish_due:
 *
 * Publishes the scheduled items whose day has come.
 *
 * Returns: how many were published
 */
guint
gk_portal_db_publish_due (GkPortalDb *self,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), 0);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "UPDATE items SET status = 'published', published_at = ?1, updated_at = ?1 "
                            "WHERE status = 'scheduled' AND publish_on <= ?2", error);
  if (stmt == NULL)
    return 0;

  now = gk_portal_db_next_timestamp (self);
  today = dup_today ();
  gk_sqlite_bind_text (stmt, 1, now);
  gk_sqlite_bind_text (stmt, 2, today);

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return 0;

  return sqlite3_changes (gk_sqlite_get_db (self->sqlite));
}

/**
 * gk_portal_db_summarize_columns:
 * @before: a timestamp; only what was published before it counts
 *
 * For the site-wide view of docs/portal-api.md §8.1: per column, over all
 * units, the newest day of publication and how many items are published.
 *
 * Returns: (transfer full) (nullable): column id → {"newest": "YYYY-MM-DD", "count": N},
 *   for the columns with anything published
 */
JsonObject *
gk_portal_db_summarize_columns (GkPortalDb *self,
                                const char *before,
                                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) columns = json_object_new ();
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT column_id, substr (max (published_at), 1, 10), count (*) FROM items "
                            "WHERE status = 'published' AND published_at < ?1 GROUP BY column_id",
                            error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, before);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *column = json_object_new ();

      json_object_set_string_member (column, "newest", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (column, "count", sqlite3_column_int64 (stmt, 2));
      json_object_set_object_member (columns, (const char *) sqlite3_column_text (stmt, 0), column);
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&columns);
}

/**
 * gk_portal_db_insert_published:
 * @document: the revision's document, with the publication's address
 * @inserted: (out): %FALSE when an item with @id is already there
 *
 * Records a publication made before the portal existed
 * (`gongkai-portal import-published`) as a published item of @unit, so the
 * unit's liaison reads it back like any other. Call inside a transaction.
 */
gboolean
gk_portal_db_insert_published (GkPortalDb  *self,
                               const char  *id,
                               const char  *unit,
                               const char  *column_id,
                               const char  *kind,
                               const char  *title,
                               const char  *published_at,
                               const char  *document,
                               gboolean    *inserted,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) item = NULL;
  g_autoptr(sqlite3_stmt) revision = NULL;
  g_autofree char *now = gk_portal_db_next_timestamp (self);
  g_autofree char *etag = g_strdup_printf ("\"imported-%s\"", id);

  g_return_val_if_fail (GK_IS_PORTAL_DB (self), FALSE);

  item = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO items (id, unit, column_id, kind, revision, title, publish_on, status, etag, "
                            "                   received_at, published_at, updated_at) "
                            "VALUES (?1, ?2, ?3, ?4, 1, ?5, substr (?6, 1, 10), 'published', ?7, ?8, ?6, ?8) "
                            "ON CONFLICT (id) DO NOTHING",
                            error);
  revision = gk_sqlite_prepare (self->sqlite,
                                "INSERT INTO revisions (item_id, revision, etag, document, received_at) VALUES (?1, 1, ?2, ?3, ?4)",
                                error);
  if (item == NULL || revision == NULL)
    return FALSE;

  gk_sqlite_bind_text (item, 1, id);
  gk_sqlite_bind_text (item, 2, unit);
  gk_sqlite_bind_text (item, 3, column_id);
  gk_sqlite_bind_text (item, 4, kind);
  gk_sqlite_bind_text (item, 5, title);
  gk_sqlite_bind_text (item, 6, published_at);
  gk_sqlite_bind_text (item, 7, etag);
  gk_sqlite_bind_text (item, 8, now);
  if (!gk_sqlite_step_done (self->sqlite, item, error))
    return FALSE;

  *inserted = sqlite3_changes (gk_sqlite_get_db (self->sqlite)) > 0;
  if (!*inserted)
    return TRUE;

  gk_sqlite_bind_text (revision, 1, id);
  gk_sqlite_bind_text (revision, 2, etag);
  gk_sqlite_bind_text (revision, 3, document);
  gk_sqlite_bind_text (revision, 4, now);
  return gk_sqlite_step_done (self->sqlite, revision, error);
}

/**
 * gk_portal_db_dup_data_dir:
 *
 * Returns: (transfer full): the portal's data folder, where portal.db lies
 */
char *
gk_portal_db_dup_data_dir (GkPortalDb *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_DB (self), NULL);

  return g_path_get_dirname (gk_sqlite_get_path (self->sqlite));
}
