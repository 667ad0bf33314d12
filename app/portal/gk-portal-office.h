/* The municipal office's HTML pages: received items, their revisions and attachments, Approve and Reject. */
#pragma once

#include "gk-catalog.h"
#include "gk-portal-db.h"
#include "gk-portal-office-guard.h"
#include "gk-portal-request.h"
#include "gk-portal-tus.h"

G_BEGIN_DECLS

#define GK_PORTAL_OFFICE_PATH "/office/"

#define GK_TYPE_PORTAL_OFFICE (gk_portal_office_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalOffice, gk_portal_office, GK, PORTAL_OFFICE, GObject)

GkPortalOffice *gk_portal_office_new    (GkPortalDb          *db,
                                         GkPortalTus         *tus,
                                         GkCatalog           *catalog,
                                         GkPortalOfficeGuard *guard);
void            gk_portal_office_handle (GkPortalOffice  *self,
                                         GkPortalRequest *request);

G_END_DECLS
