/* The reference portal's SQLite store: uploads, items and their revisions, registrations, idempotency records. */
#pragma once

#include <json-glib/json-glib.h>

#include "gk-portal-types.h"

G_BEGIN_DECLS

#define GK_TYPE_PORTAL_DB (gk_portal_db_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalDb, gk_portal_db, GK, PORTAL_DB, GObject)

GkPortalDb      *gk_portal_db_open                (const char             *path,
                                                   GError                **error);
gboolean         gk_portal_db_begin               (GkPortalDb             *self,
                                                   GError                **error);
gboolean         gk_portal_db_commit              (GkPortalDb             *self,
                                                   GError                **error);
void             gk_portal_db_rollback            (GkPortalDb             *self);
char            *gk_portal_db_next_timestamp      (GkPortalDb             *self);

gboolean         gk_portal_db_lookup_idempotency  (GkPortalDb             *self,
                                                   const char             *unit,
                                                   const char             *key,
                                                   char                  **fingerprint,
                                                   GkPortalResponse      **response,
                                                   GError                **error);
gboolean         gk_portal_db_save_idempotency    (GkPortalDb             *self,
                                                   const char             *unit,
                                                   const char             *key,
                                                   const char             *fingerprint,
                                                   const GkPortalResponse *response,
                                                   GError                **error);

gboolean         gk_portal_db_insert_upload       (GkPortalDb             *self,
                                                   const GkPortalUpload   *upload,
                                                   GError                **error);
GkPortalUpload  *gk_portal_db_dup_upload          (GkPortalDb             *self,
                                                   const char             *id,
                                                   GError                **error);
gboolean         gk_portal_db_complete_upload     (GkPortalDb             *self,
                                                   const char             *id,
                                                   const char             *sha256,
                                                   GError                **error);
gboolean         gk_portal_db_delete_upload       (GkPortalDb             *self,
                                                   const char             *id,
                                                   GError                **error);
GStrv            gk_portal_db_dup_incomplete_uploads (GkPortalDb          *self,
                                                      GError             **error);
GStrv            gk_portal_db_dup_unreferenced_uploads (GkPortalDb        *self,
                                                   const char             *created_before,
                                                   GError                **error);
gboolean         gk_portal_db_count_pending_uploads (GkPortalDb           *self,
                                                   const char             *unit,
                                                   guint64                *count,
                                                   guint64                *bytes,
                                                   GError                **error);

GkPortalItemRow *gk_portal_db_dup_item            (GkPortalDb             *self,
                                                   const char             *id,
                                                   GError                **error);
gboolean         gk_portal_db_save_item           (GkPortalDb             *self,
                                                   const char             *unit,
                                                   const GkPortalItemDoc  *doc,
                                                   const char             *etag,
                                                   GError                **error);
JsonNode        *gk_portal_db_dup_status          (GkPortalDb             *self,
                                                   const char             *id,
                                                   GError                **error);
JsonArray       *gk_portal_db_list_status         (GkPortalDb             *self,
                                                   const char             *unit,
                                                   const char             *since,
                                                   const char             *after_time,
                                                   const char             *after_id,
                                                   guint                   limit,
                                                   gboolean               *more,
                                                   GError                **error);

gboolean         gk_portal_db_save_registration   (GkPortalDb             *self,
                                                   JsonObject             *registration,
                                                   GError                **error);
JsonNode        *gk_portal_db_dup_registration    (GkPortalDb             *self,
                                                   const char             *unit,
                                                   GError                **error);

GPtrArray       *gk_portal_db_list_items          (GkPortalDb             *self,
                                                   GError                **error);
GPtrArray       *gk_portal_db_list_revisions      (GkPortalDb             *self,
                                                   const char             *id,
                                                   GError                **error);
GPtrArray       *gk_portal_db_list_attachments    (GkPortalDb             *self,
                                                   const char             *id,
                                                   gint64                  revision,
                                                   GError                **error);
gboolean         gk_portal_db_decide              (GkPortalDb             *self,
                                                   const char             *id,
                                                   gint64                  revision,
                                                   gboolean                approve,
                                                   const char             *reason,
                                                   GError                **error);
guint            gk_portal_db_publish_due         (GkPortalDb             *self,
                                                   GError                **error);
char            *gk_portal_db_dup_data_dir        (GkPortalDb             *self);
JsonObject      *gk_portal_db_summarize_columns   (GkPortalDb             *self,
                                                   const char             *before,
                                                   GError                **error);
gboolean         gk_portal_db_insert_published    (GkPortalDb             *self,
                                                   const char             *id,
                                                   const char             *unit,
                                                   const char             *column_id,
                                                   const char             *kind,
                                                   const char             *title,
                                                   const char             *published_at,
                                                   const char             *document,
                                                   gboolean               *inserted,
                                                   GError                **error);

G_END_DECLS
