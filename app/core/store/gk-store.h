/* The liaison's SQLite store: one file per data dir, migrated by PRAGMA user_version. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gk-item.h"
#include "gk-store-types.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_STORE (gk_store_get_type ())

G_DECLARE_FINAL_TYPE (GkStore, gk_store, GK, STORE, GObject)

GkStore      *gk_store_open               (const char   *path,
                                           GError      **error);
const char   *gk_store_get_path           (GkStore      *self);
GkBlobStore  *gk_store_get_blobs          (GkStore      *self);
int           gk_store_get_schema_version (GkStore      *self);
int           gk_store_get_latest_schema_version (void);
gboolean      gk_store_check_integrity    (GkStore      *self,
                                           GError      **error);

GkProfile    *gk_store_dup_profile        (GkStore      *self);
gboolean      gk_store_save_profile       (GkStore      *self,
                                           GkProfile    *profile,
                                           GError      **error);

gboolean      gk_store_add_item           (GkStore      *self,
                                           GkItem       *item,
                                           GPtrArray    *files,
                                           GCancellable *cancellable,
                                           GError      **error);
gboolean      gk_store_save_item          (GkStore      *self,
                                           GkItem       *item,
                                           GError      **error);
GkItem       *gk_store_dup_item           (GkStore      *self,
                                           const char   *uuid,
                                           GError      **error);
char         *gk_store_resolve_uuid       (GkStore      *self,
                                           const char   *unit,
                                           const char   *prefix,
                                           GError      **error);
GPtrArray    *gk_store_list_items         (GkStore      *self,
                                           const char   *unit,
                                           const char   *column_id,
                                           GError      **error);
GPtrArray    *gk_store_list_items_page    (GkStore      *self,
                                           const char   *unit,
                                           const char   *column_id,
                                           guint         offset,
                                           guint         limit,
                                           guint        *n_items,
                                           GError      **error);
GHashTable   *gk_store_count_items        (GkStore      *self,
                                           const char   *unit,
                                           GError      **error);
gboolean      gk_store_set_item_state     (GkStore      *self,
                                           const char   *uuid,
                                           GkItemState   state,
                                           const char   *reason,
                                           GError      **error);
gboolean      gk_store_trash_item         (GkStore      *self,
                                           const char   *uuid,
                                           GError      **error);
gboolean      gk_store_restore_item       (GkStore      *self,
                                           const char   *uuid,
                                           GError      **error);
gboolean      gk_store_purge_item         (GkStore      *self,
                                           const char   *uuid,
                                           GError      **error);
GPtrArray    *gk_store_list_removed       (GkStore      *self,
                                           const char   *unit,
                                           GError      **error);
char         *gk_store_resolve_removed_uuid (GkStore    *self,
                                           const char   *unit,
                                           const char   *prefix,
                                           GError      **error);
guint         gk_store_empty_trash        (GkStore      *self,
                                           GTimeSpan     older_than,
                                           GError      **error);
gboolean      gk_store_set_privacy        (GkStore      *self,
                                           const char   *uuid,
                                           const char   *summary,
                                           guint         problems,
                                           const char   *override_by,
                                           const char   *override_reason,
                                           GError      **error);
GPtrArray    *gk_store_list_revisions     (GkStore      *self,
                                           const char   *uuid,
                                           GError      **error);

GkAttachment *gk_store_attach_file        (GkStore      *self,
                                           const char   *uuid,
                                           GFile        *file,
                                           GCancellable *cancellable,
                                           GError      **error);
void          gk_store_attach_file_async  (GkStore      *self,
                                           const char   *uuid,
                                           GFile        *file,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
GkAttachment *gk_store_attach_file_finish (GkStore      *self,
                                           GAsyncResult *result,
                                           GError      **error);
gboolean      gk_store_detach             (GkStore      *self,
                                           const char   *uuid,
                                           gint64        attachment_id,
                                           GError      **error);
char         *gk_store_dup_attachment_path (GkStore     *self,
                                           GkAttachment *attachment);
int           gk_store_sweep_blobs        (GkStore      *self,
                                           GError      **error);

GPtrArray    *gk_store_search             (GkStore      *self,
                                           const char   *unit,
                                           const char   *query,
                                           guint         offset,
                                           guint         limit,
                                           GError      **error);

char         *gk_store_backup_if_due      (GkStore      *self,
                                           guint         keep,
                                           GCancellable *cancellable,
                                           GError      **error);
char         *gk_store_backup_now         (GkStore      *self,
                                           const char   *dest,
                                           GCancellable *cancellable,
                                           GError      **error);
GPtrArray    *gk_store_list_backups       (const char   *store_path);
gboolean      gk_store_restore_backup     (const char   *store_path,
                                           const char   *backup,
                                           char        **moved_aside,
                                           GError      **error);

GPtrArray    *gk_store_list_outbox        (GkStore      *self,
                                           GError      **error);
GHashTable   *gk_store_dup_refused        (GkStore      *self,
                                           GError      **error);
gboolean      gk_store_outbox_mark_sending (GkStore     *self,
                                           const char   *uuid,
                                           GError      **error);
gboolean      gk_store_outbox_retry  (GkStore    *self,
                                      const char *uuid,
                                      GError    **error);
gboolean      gk_store_outbox_record_failure (GkStore    *self,
                                           const char   *uuid,
                                           const char   *message,
                                           const char   *next_attempt_at,
                                           gboolean      stopped,
                                           GError      **error);
gboolean      gk_store_mark_submitted     (GkStore      *self,
                                           const char   *uuid,
                                           const char   *etag,
                                           GError      **error);
char         *gk_store_dup_portal_etag    (GkStore      *self,
                                           const char   *uuid);
gboolean      gk_store_ensure_upload      (GkStore      *self,
                                           const char   *portal,
                                           const char   *sha256,
                                           char        **key,
                                           char        **location,
                                           gboolean     *completed,
                                           GError      **error);
gboolean      gk_store_update_upload      (GkStore      *self,
                                           const char   *portal,
                                           const char   *sha256,
                                           const char   *location,
                                           gboolean      completed,
                                           GError      **error);
gboolean      gk_store_record_portal_item (GkStore      *self,
                                           const char   *unit,
                                           JsonObject   *status,
                                           char        **changed_uuid,
                                           GError      **error);
char         *gk_store_dup_setting        (GkStore      *self,
                                           const char   *key);
gboolean      gk_store_set_setting        (GkStore      *self,
                                           const char   *key,
                                           const char   *value,
                                           GError      **error);

G_END_DECLS
