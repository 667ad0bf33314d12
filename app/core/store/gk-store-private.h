/* Internals shared by the files that make up GkStore. */
#pragma once

#include "gk-blob-store.h"
#include "gk-sqlite.h"
#include "gk-store.h"

G_BEGIN_DECLS

/*
 * The items that can give the self-check a finding (see the rules in
 * gk-check-rules.c): in the outbox or rejected, wording not yet checked or
 * found wanting, sent without a clean personal-information scan or without
 * both dates, or dated before their submission. Migration 7 indexes exactly
 * this expression (a partial index), and gk_check_store_fill_snapshot() must
 * repeat it word for word for SQLite to use that index: changing it means a
 * new migration with a new index.
 */
#define GK_STORE_CHECK_CANDIDATES \
  "deleted_at IS NULL AND (state IN ('queued', 'rejected') OR wording_checked IS NULL OR wording_hits <> '' " \
  "OR (state IN ('submitted', 'published') AND (privacy_checked IS NULL OR privacy_problems > 0 " \
  "OR coalesce (written_on, '') = '' OR coalesce (publish_on, '') = '')) " \
  "OR publish_on < substr (submitted_at, 1, 10))"


/* The settled policies that needed an interpretation and had it in time by ?2 (published
 * before ?3): the part of the 解读率 the self-check does not read row by row. From the
 * index portal_items_settled alone. */
#define GK_STORE_SETTLED_INTERPRETED \
  "SELECT count (*) FROM portal_items WHERE unit = ?1 AND kind = 'policy' AND status = 'published' " \
  "AND needs_interpretation = 1 AND interpretation_ok_on <= ?2 AND published_at < ?3"

/* An item row in GkItemField order, then kind, state, revision and row id; @p qualifies a join. */
#define GK_STORE_ITEM_COLUMNS(p) GK_STORE_ITEM_COLUMNS_WITH_BODY (p, p "body")
/* A list shows titles, not bodies: leaving the ≈ 1 KB bodies out halves the cost of a row. */
#define GK_STORE_ITEM_SUMMARY_COLUMNS(p) GK_STORE_ITEM_COLUMNS_WITH_BODY (p, "NULL")
#define GK_STORE_ITEM_COLUMNS_WITH_BODY(p, body) \
  p "uuid, " p "column_id, " p "unit, " p "title, " p "doc_number, " p "issuer, " \
  p "written_on, " p "publish_on, " body ", " p "interprets, " p "reviewer, " \
  p "reviewed_on, " p "reject_reason, " p "created_at, " p "updated_at, " p "privacy_summary, " \
  p "privacy_override_by, " p "privacy_override_reason, " p "correction, " p "kind, " p "state, " p "revision, " p "id"

struct _GkStore
{
  GObject      parent_instance;

  char        *path;
  GkSqlite    *sqlite;
  GkBlobStore *blobs;
};

/* A file copied into the blob folder, not yet recorded. */
typedef struct
{
  char    *sha256;
  char    *name;
  char    *content_type;
  guint64  size;
} GkCopiedFile;

void          gk_copied_file_free           (GkCopiedFile *copied);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkCopiedFile, gk_copied_file_free)
GkCopiedFile *gk_store_copy_file            (GkBlobStore   *blobs,
                                             GFile         *file,
                                             GCancellable  *cancellable,
                                             GError       **error);
gboolean      gk_store_insert_blob          (GkStore       *self,
                                             GkCopiedFile  *copied,
                                             GError       **error);
gboolean      gk_store_insert_attachment    (GkStore       *self,
                                             gint64         row_id,
                                             GkCopiedFile  *copied,
                                             gint64        *attachment_id,
                                             GError       **error);
void          gk_store_emit_item            (GkStore    *self,
                                             guint       which,
                                             const char *uuid);
void          gk_store_emit_outbox_changed  (GkStore *self);
char         *gk_store_now                  (void);
GkItem       *gk_store_item_from_row        (sqlite3_stmt *stmt,
                                             gint64       *row_id);
GkItem       *gk_store_load_item            (GkStore     *self,
                                             const char  *uuid,
                                             gboolean     in_bin,
                                             gint64      *row_id,
                                             GError     **error);
gboolean      gk_store_begin_content_change (GkStore  *self,
                                             GkItem   *current,
                                             gint64    row_id,
                                             GError  **error);
GPtrArray    *gk_store_forget_unused_blobs  (GkStore  *self,
                                             GError  **error);
void          gk_store_remove_blob_files    (GkStore   *self,
                                             GPtrArray *unused);
const char   *gk_store_display_title (GkItem      *item);
gboolean      gk_store_outbox_add    (GkStore     *self,
                                      const char  *uuid,
                                      GError     **error);
gboolean      gk_store_outbox_remove (GkStore     *self,
                                      const char  *uuid,
                                      gboolean     withdrawing,
                                      GError     **error);

/* Signal numbers for gk_store_emit_item(). */
enum {
  GK_STORE_ITEM_ADDED,
  GK_STORE_ITEM_CHANGED,
  GK_STORE_ITEM_REMOVED,
};

G_END_DECLS
