/* The JSON API of docs/portal-api.md: whoami, catalog, registration and items. */
#pragma once

#include "gk-catalog.h"
#include "gk-portal-db.h"
#include "gk-portal-faults.h"
#include "gk-portal-request.h"
#include "gk-portal-tus.h"
#include "gk-protocol.h"

G_BEGIN_DECLS

#define GK_PORTAL_API_PATH "/" GK_PROTOCOL_API

#define GK_TYPE_PORTAL_API (gk_portal_api_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalApi, gk_portal_api, GK, PORTAL_API, GObject)

GkPortalApi *gk_portal_api_new    (GkPortalDb      *db,
                                   GkPortalFaults  *faults,
                                   GkPortalTus     *tus,
                                   GkCatalog       *catalog);
void         gk_portal_api_handle (GkPortalApi     *self,
                                   GkPortalRequest *request);

G_END_DECLS
