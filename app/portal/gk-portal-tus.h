/* Attachment uploads through tus 1.0.0 (core, creation, checksum), streamed to disk. */
#pragma once

#include <gio/gio.h>

#include "gk-portal-db.h"
#include "gk-portal-faults.h"
#include "gk-portal-request.h"
#include "gk-protocol.h"

G_BEGIN_DECLS

#define GK_PORTAL_UPLOADS_PATH "/" GK_PROTOCOL_UPLOADS

/* docs/portal-api.md §5.4 and docs/deploy-portal.md: the sweep and the per-unit quota's defaults. */
#define GK_PORTAL_UPLOAD_LIFETIME_DAYS 7
#define GK_PORTAL_DEFAULT_QUOTA_COUNT 200
#define GK_PORTAL_DEFAULT_QUOTA_BYTES (G_GUINT64_CONSTANT (20) * 1024 * 1024 * 1024)

#define GK_TYPE_PORTAL_TUS (gk_portal_tus_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalTus, gk_portal_tus, GK, PORTAL_TUS, GObject)

GkPortalTus *gk_portal_tus_new           (GkPortalDb      *db,
                                          GkPortalFaults  *faults,
                                          const char      *folder,
                                          guint64          max_size,
                                          GError         **error);
void         gk_portal_tus_begin_patch   (GkPortalTus     *self,
                                          GkPortalRequest *request,
                                          const char      *upload_id);
void         gk_portal_tus_receive       (GkPortalTus     *self,
                                          GkPortalRequest *request,
                                          const guint8    *data,
                                          gsize            size);
void         gk_portal_tus_keep_received (GkPortalTus     *self,
                                          GkPortalRequest *request);
void         gk_portal_tus_handle        (GkPortalTus     *self,
                                          GkPortalRequest *request,
                                          const char      *upload_id);
void         gk_portal_tus_set_quota     (GkPortalTus     *self,
                                          guint64          count,
                                          guint64          bytes);
guint        gk_portal_tus_sweep         (GkPortalTus     *self,
                                          GDateTime       *now);
gboolean     gk_portal_tus_check_settled (GkPortalTus          *self,
                                          const GkPortalUpload *upload,
                                          GError              **error);
GFile       *gk_portal_tus_dup_file      (GkPortalTus     *self,
                                          const char      *upload_id);

G_END_DECLS
