/* Opens, checks and migrates the SQLite store, and keeps the liaison's profile in it. */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "gk-disk.h"
#include "gk-profile.h"
#include "gk-store-private.h"

G_DEFINE_FINAL_TYPE (GkStore, gk_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (gk-store-error-quark, gk_store_error)

enum {
  ITEM_ADDED = GK_STORE_ITEM_ADDED,
  ITEM_CHANGED = GK_STORE_ITEM_CHANGED,
  ITEM_REMOVED = GK_STORE_ITEM_REMOVED,
  PROFILE_CHANGED,
  OUTBOX_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Ordered migrations: entry N brings the schema from version N to N + 1.
 * Never edit a released entry; append a new one.
 */
static const char * const migrations[] = {
  /* 1: the liaison's registration */
  "CREATE TABLE profile ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  unit TEXT,"
  "  liaison TEXT,"
  "  phone TEXT,"
  "  leader TEXT,"
  "  office TEXT,"
  "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
  ");",

  /* 2: items, their earlier revisions, attachments and the search index */
  "CREATE TABLE items ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  unit TEXT NOT NULL,"
  "  column_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN"
  "    ('draft', 'ready', 'queued', 'submitted', 'published', 'rejected')),"
  "  revision INTEGER NOT NULL DEFAULT 1,"
  "  title TEXT, doc_number TEXT, issuer TEXT, written_on TEXT, publish_on TEXT, body TEXT,"
  "  interprets TEXT REFERENCES items (uuid) ON DELETE SET NULL,"
  "  reviewer TEXT, reviewed_on TEXT, reject_reason TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  deleted_at TEXT"
  ");"
  "CREATE INDEX items_by_column ON items (unit, column_id, created_at);"
  "CREATE INDEX items_by_interprets ON items (interprets);"
  "CREATE TABLE item_revisions ("
  "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
  "  revision INTEGER NOT NULL,"
  "  state TEXT NOT NULL, kind TEXT NOT NULL,"
  "  title TEXT, doc_number TEXT, issuer TEXT, written_on TEXT, publish_on TEXT, body TEXT,"
  "  interprets TEXT, reviewer TEXT, reviewed_on TEXT, reject_reason TEXT,"
  "  archived_at TEXT NOT NULL,"
  "  PRIMARY KEY (item_id, revision)"
  ");"
  "CREATE TABLE blobs ("
  "  sha256 TEXT PRIMARY KEY,"
  "  size INTEGER NOT NULL"
  ");"
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
  "  revision INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL REFERENCES blobs (sha256),"
  "  name TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  added_at TEXT NOT NULL"
  ");"
  "CREATE INDEX attachments_by_item ON attachments (item_id, revision);"
  "CREATE INDEX attachments_by_blob ON attachments (sha256);"
  /* Trigram splits CJK text into searchable pieces, which unicode61 does not. */
  "CREATE VIRTUAL TABLE items_fts USING fts5 ("
  "  title, doc_number, body, content='items', content_rowid='id', tokenize='trigram'"
  ");"
  "CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN"
  "  INSERT INTO items_fts (rowid, title, doc_number, body)"
  "    VALUES (new.id, new.title, new.doc_number, new.body);"
  "END;"
  "CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
  "  INSERT INTO items_fts (items_fts, rowid, title, doc_number, body)"
  "    VALUES ('delete', old.id, old.title, old.doc_number, old.body);"
  "END;"
  "CREATE TRIGGER items_fts_update AFTER UPDATE OF title, doc_number, body ON items BEGIN"
  "  INSERT INTO items_fts (items_fts, rowid, title, doc_number, body)"
  "    VALUES ('delete', old.id, old.title, old.doc_number, old.body);"
  "  INSERT INTO items_fts (rowid, title, doc_number, body)"
  "    VALUES (new.id, new.title, new.doc_number, new.body);"
  "END;",

  /* 3: the portal: what is on its way out, resumable uploads, and what the portal reports */
  "ALTER TABLE items ADD COLUMN portal_etag TEXT;"
  "ALTER TABLE items ADD COLUMN submitted_at TEXT;"
  "CREATE TABLE outbox ("
  "  item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
  "  revision INTEGER NOT NULL,"
  "  idempotency_key TEXT NOT NULL,"
  "  if_match TEXT,"
  "  sending INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at TEXT,"
  "  last_error TEXT,"
  "  stopped INTEGER NOT NULL DEFAULT 0,"
  "  queued_at TEXT NOT NULL"
  ");"
  "CREATE TABLE uploads ("
  "  portal TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL REFERENCES blobs (sha256) ON DELETE CASCADE,"
  "  idempotency_key TEXT NOT NULL,"
  "  location TEXT,"
  "  completed INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (portal, sha256)"
  ");"
  "CREATE TABLE portal_items ("
  "  id TEXT PRIMARY KEY,"
  "  unit TEXT NOT NULL,"
  "  column_id TEXT NOT NULL,"
  "  kind TEXT,"
  "  title TEXT,"
  "  revision INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  reason TEXT,"
  "  publish_on TEXT,"
  "  received_at TEXT,"
  "  published_at TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  interprets TEXT,"
  "  interpreted_by TEXT"
  ");"
  "CREATE INDEX portal_items_by_column ON portal_items (unit, column_id, published_at);"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ");",

  /* 4: the rectification log (整改台账) of the self-check's findings */
  "CREATE TABLE check_log ("
  "  key TEXT NOT NULL,"
  "  unit TEXT NOT NULL,"
  "  rule TEXT NOT NULL,"
  "  severity TEXT NOT NULL,"
  "  column_id TEXT,"
  "  item_id TEXT,"
  "  title TEXT,"
  "  explanation TEXT NOT NULL,"
  "  first_seen TEXT NOT NULL,"
  "  last_seen TEXT NOT NULL,"
  "  measure TEXT,"
  "  due_on TEXT,"
  "  fixed_on TEXT,"
  "  PRIMARY KEY (unit, key)"
  ");",

  /* 5: the wording check's result per item, so a self-check reads bodies only when they changed */
  "ALTER TABLE items ADD COLUMN wording_checked TEXT;"
  "ALTER TABLE items ADD COLUMN wording_hits TEXT;"
  "ALTER TABLE items ADD COLUMN wording_sensitive INTEGER NOT NULL DEFAULT 0;",

  /* 6: the personal-information gate: what the scan found at submission, and who overrode it */
  "ALTER TABLE items ADD COLUMN privacy_checked TEXT;"
  "ALTER TABLE items ADD COLUMN privacy_summary TEXT;"
  "ALTER TABLE items ADD COLUMN privacy_problems INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE items ADD COLUMN privacy_override_by TEXT;"
  "ALTER TABLE items ADD COLUMN privacy_override_reason TEXT;",

  /* 7: what lets the self-check read only the rows that can give a finding
   * (check/gk-check-store.c, docs/performance.md): the candidate items, each
   * column's newest publications, the policies whose interpretation is not yet
   * settled, and a count of changes to the portal's items that says when the
   * settled ones must be worked out again. */
  "CREATE INDEX items_check_candidates ON items (unit) WHERE " GK_STORE_CHECK_CANDIDATES ";"
  "CREATE INDEX portal_items_published ON portal_items (unit, column_id, status, published_at);"
  "ALTER TABLE portal_items ADD COLUMN interpretation_ok_on TEXT;"
  "CREATE INDEX portal_items_policies ON portal_items (unit, kind, status, interpretation_ok_on);"
  "CREATE TRIGGER portal_items_inserted AFTER INSERT ON portal_items BEGIN"
  "  INSERT INTO settings (key, value) VALUES ('portal-generation', 1)"
  "    ON CONFLICT (key) DO UPDATE SET value = value + 1;"
  "END;"
  "CREATE TRIGGER portal_items_updated AFTER UPDATE OF id, unit, column_id, kind, title, revision, status, reason,"
  "  publish_on, received_at, published_at, updated_at, interprets, interpreted_by ON portal_items BEGIN"
  "  INSERT INTO settings (key, value) VALUES ('portal-generation', 1)"
  "    ON CONFLICT (key) DO UPDATE SET value = value + 1;"
  "END;"
  "CREATE TRIGGER portal_items_deleted AFTER DELETE ON portal_items BEGIN"
  "  INSERT INTO settings (key, value) VALUES ('portal-generation', 1)"
  "    ON CONFLICT (key) DO UPDATE SET value = value + 1;"
  "END;",

  /* 8: the sidebar's counts per column and state from the index alone, not from every item's row */
  "CREATE INDEX items_by_state ON items (unit, column_id, state, deleted_at);",

  /* 9: search finds one unit's live items inside the index (a "shelf" column, "|unit|" or empty
   * in the bin), newest first, so that neither the other units' matches nor the bin's are read
   * and ranked; the short words' fallback walks the same shelf */
  "DROP TRIGGER items_fts_insert;"
  "DROP TRIGGER items_fts_delete;"
  "DROP TRIGGER items_fts_update;"
  "DROP TABLE items_fts;"
  "CREATE VIEW items_fts_source AS"
  "  SELECT id, CASE WHEN deleted_at IS NULL THEN '|' || unit || '|' END AS shelf, title, doc_number, body"
  "  FROM items;"
  "CREATE VIRTUAL TABLE items_fts USING fts5 ("
  "  shelf, title, doc_number, body, content='items_fts_source', content_rowid='id', tokenize='trigram'"
  ");"
  "CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN"
  "  INSERT INTO items_fts (rowid, shelf, title, doc_number, body)"
  "    VALUES (new.id, CASE WHEN new.deleted_at IS NULL THEN '|' || new.unit || '|' END,"
  "            new.title, new.doc_number, new.body);"
  "END;"
  "CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
  "  INSERT INTO items_fts (items_fts, rowid, shelf, title, doc_number, body)"
  "    VALUES ('delete', old.id, CASE WHEN old.deleted_at IS NULL THEN '|' || old.unit || '|' END,"
  "            old.title, old.doc_number, old.body);"
  "END;"
  "CREATE TRIGGER items_fts_update AFTER UPDATE OF unit, deleted_at, title, doc_number, body ON items BEGIN"
  "  INSERT INTO items_fts (items_fts, rowid, shelf, title, doc_number, body)"
  "    VALUES ('delete', old.id, CASE WHEN old.deleted_at IS NULL THEN '|' || old.unit || '|' END,"
  "            old.title, old.doc_number, old.body);"
  "  INSERT INTO items_fts (rowid, shelf, title, doc_number, body)"
  "    VALUES (new.id, CASE WHEN new.deleted_at IS NULL THEN '|' || new.unit || '|' END,"
  "            new.title, new.doc_number, new.body);"
  "END;"
  "INSERT INTO items_fts (items_fts) VALUES ('rebuild');",

  /* 10: 需解读 per policy: the liaison's choice and reason (NULL: the default of
   * gk_check_needs_interpretation()), and what the self-check settled for each portal item */
  "ALTER TABLE items ADD COLUMN needs_interpretation INTEGER;"
  "ALTER TABLE items ADD COLUMN needs_interpretation_reason TEXT;"
  "ALTER TABLE portal_items ADD COLUMN needs_interpretation INTEGER;"
  /* the 解读率's count of settled policies from the index alone (check/gk-check-store.c) */
  "CREATE INDEX portal_items_settled ON portal_items "
  "  (unit, kind, status, needs_interpretation, interpretation_ok_on, published_at);"
  /* and the 更正说明 of a revision of a published item */
  "ALTER TABLE items ADD COLUMN correction TEXT;"
  "ALTER TABLE item_revisions ADD COLUMN correction TEXT;",

  /* 11: the register of requests for disclosure and the annual report's corrections and texts
   * (gk-store-requests.c); applicants' data stays in these tables, never in the outbox */
  "CREATE TABLE requests ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  received_on TEXT NOT NULL,"
  "  channel TEXT,"
  "  applicant_type TEXT NOT NULL,"
  "  applicant TEXT,"
  "  content TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX requests_by_received ON requests (received_on);"
  "CREATE TABLE request_events ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  on_date TEXT NOT NULL,"
  "  days INTEGER,"
  "  by_whom TEXT,"
  "  outcome TEXT,"
  "  result TEXT,"
  "  after_review INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT,"
  "  recorded_at TEXT NOT NULL"
  ");"
  "CREATE INDEX request_events_by_request ON request_events (request_id, on_date);"
  "CREATE TABLE request_attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,"
  "  sha256 TEXT NOT NULL REFERENCES blobs (sha256),"
  "  name TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  added_at TEXT NOT NULL"
  ");"
  "CREATE INDEX request_attachments_by_request ON request_attachments (request_id);"
  "CREATE INDEX request_attachments_by_blob ON request_attachments (sha256);"
  "CREATE TABLE report_corrections ("
  "  year INTEGER NOT NULL,"
  "  cell TEXT NOT NULL,"
  "  value REAL NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  corrected_at TEXT NOT NULL,"
  "  PRIMARY KEY (year, cell)"
  ");"
  "CREATE TABLE report_texts ("
  "  year INTEGER NOT NULL,"
  "  section TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (year, section)"
  ");",

  /* 12: a page of a column's live items, newest first, at any offset (gk_store_list_items_page):
   * the rows skipped are counted in the index, not each read from the table to see whether it is
   * in the bin (the last page of 20,000 items: 7 ms without, 0.6 ms with); the column first, so
   * that the self-check's queries of a whole unit keep their own index */
  "CREATE INDEX items_live_by_column ON items (column_id, unit, created_at, id) WHERE deleted_at IS NULL;",
};

static gboolean
set_corrupt_error (const char *path,
                   const char *detail,
                   GError    **error)
{
  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_CORRUPT,
               _("The database “%s” is damaged (%s) and was left untouched; run “gongkai store restore” or choose Restore to go back to the last backup."),
               path, detail);
  return FALSE;
}

static void
on_open_failed (const char *path,
                const char *reason,
                GError    **error)
{
  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_OPEN,
               _("The database “%s” could not be opened (%s); check the file’s permissions."),
               path, reason);
}

/* SQLite codes turned into sentences a person can act on. */
static void
on_failed (GkSqlite *sqlite,
           GError  **error)
{
  sqlite3 *db = gk_sqlite_get_db (sqlite);
  const char *path = gk_sqlite_get_path (sqlite);
  int code = sqlite3_errcode (db);

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    {
      set_corrupt_error (path, sqlite3_errmsg (db), error);
      return;
    }

  /* SQLite says SQLITE_FULL only for ENOSPC; a full quota or a size limit comes as an I/O error. */
  if ((code & 0xff) == SQLITE_FULL || ((code & 0xff) == SQLITE_IOERR && gk_disk_errno_is_full (sqlite3_system_errno (db))))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("The disk is full: the database “%s” could not be written. Free some space and try again."),
                   path);
      return;
    }

  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
               _("The database “%s” could not be read or written (%s); check that the disk is not full and the file is writable."),
               path, sqlite3_errmsg (db));
}

static void
on_too_new (GkSqlite *sqlite,
            int       version,
            GError  **error)
{
  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NEWER,
               _("The database “%s” was written by a newer version of Gongkai Liaison (schema %d); install that version again to use it."),
               gk_sqlite_get_path (sqlite), version);
}

static const GkSqliteErrors store_errors = { on_open_failed, on_failed, on_too_new };

void
gk_store_emit_item (GkStore    *self,
                    guint       which,
                    const char *uuid)
{
  g_assert (which <= GK_STORE_ITEM_REMOVED);

  g_signal_emit (self, signals[which], 0, uuid);
}

void
gk_store_emit_outbox_changed (GkStore *self)
{
  g_signal_emit (self, signals[OUTBOX_CHANGED], 0);
}

/* UTC with a Z, so timestamps sort as text and mean the same on every PC. */
char *
gk_store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * gk_store_check_integrity:
 *
 * Reads every page; slow on a large store, so it runs before backups, not at open.
 */
gboolean
gk_store_check_integrity (GkStore *self,
                          GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *verdict;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if ((stmt = gk_sqlite_prepare (self->sqlite, "PRAGMA quick_check", error)) == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_sqlite_fail (self->sqlite, error);

  verdict = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (verdict, "ok") != 0)
    return set_corrupt_error (self->path, verdict, error);

  return TRUE;
}

static void
gk_store_finalize (GObject *object)
{
  GkStore *self = (GkStore *)object;

  g_clear_pointer (&self->sqlite, gk_sqlite_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->blobs);

  G_OBJECT_CLASS (gk_store_parent_class)->finalize (object);
}

static void
gk_store_class_init (GkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_store_finalize;

  /**
   * GkStore::item-added:
   * @uuid: the new item
   */
  signals[ITEM_ADDED] =
    g_signal_new ("item-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * GkStore::item-changed:
   * @uuid: the item whose fields, state or attachments changed
   */
  signals[ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * GkStore::item-removed:
   * @uuid: the item moved to the bin or restored from it
   */
  signals[ITEM_REMOVED] =
    g_signal_new ("item-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * GkStore::profile-changed:
   *
   * Emitted after the profile was saved, by this process.
   */
  signals[PROFILE_CHANGED] =
    g_signal_new ("profile-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * GkStore::outbox-changed:
   *
   * Emitted after an item entered or left the outbox, or a delivery attempt
   * was recorded, by this process.
   */
  signals[OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gk_store_init (GkStore *self)
{
}

/**
 * gk_store_open:
 * @path: the database file; it is created with its folder when missing
 *
 * Opens the store, refusing a damaged file or one from a newer version
 * without writing to it, and brings an older schema up to date.
 * Attachment copies live in a `blobs` folder beside the file.
 */
GkStore *
gk_store_open (const char *path,
               GError    **error)
{
  g_autoptr(GkStore) self = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *blobs = NULL;
  int saved_errno;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_OPEN,
                   _("The data folder “%s” could not be created (%s); choose another folder with --data-dir."),
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (GK_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  blobs = g_build_filename (folder, "blobs", NULL);
  self->blobs = gk_blob_store_new (blobs);

  if ((self->sqlite = gk_sqlite_open (path, &store_errors, error)) == NULL ||
      !gk_sqlite_migrate (self->sqlite, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
gk_store_get_path (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->path;
}

/**
 * gk_store_get_blobs:
 *
 * Returns: (transfer none): the folder of attachment copies
 */
GkBlobStore *
gk_store_get_blobs (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->blobs;
}

int
gk_store_get_schema_version (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), -1);

  return gk_sqlite_get_user_version (self->sqlite, NULL);
}

int
gk_store_get_latest_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/**
 * gk_store_dup_profile:
 *
 * Returns: (transfer full): the saved profile, empty before the first save
 */
GkProfile *
gk_store_dup_profile (GkStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GkProfile *profile;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  profile = gk_profile_new ();

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT unit, liaison, phone, leader, office FROM profile WHERE id = 1", &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return profile;
    }

  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_object_set (profile,
                  "unit", (const char *) sqlite3_column_text (stmt, 0),
                  "liaison", (const char *) sqlite3_column_text (stmt, 1),
                  "phone", (const char *) sqlite3_column_text (stmt, 2),
                  "leader", (const char *) sqlite3_column_text (stmt, 3),
                  "office", (const char *) sqlite3_column_text (stmt, 4),
                  NULL);

  return profile;
}

gboolean
gk_store_save_profile (GkStore   *self,
                       GkProfile *profile,
                       GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO profile (id, unit, liaison, phone, leader, office) "
                            "VALUES (1, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (id) DO UPDATE SET unit = excluded.unit, "
                            "liaison = excluded.liaison, phone = excluded.phone, "
                            "leader = excluded.leader, office = excluded.office, "
                            "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                            error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, gk_profile_get_unit (profile));
  gk_sqlite_bind_text (stmt, 2, gk_profile_get_liaison (profile));
  gk_sqlite_bind_text (stmt, 3, gk_profile_get_phone (profile));
  gk_sqlite_bind_text (stmt, 4, gk_profile_get_leader (profile));
  gk_sqlite_bind_text (stmt, 5, gk_profile_get_office (profile));

  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  g_signal_emit (self, signals[PROFILE_CHANGED], 0);

  return TRUE;
}
