/* GET /api/v1/columns/summary and /api/v1/calendar: the site-wide view and the working-day calendar the self-check uses. */
#pragma once

#include "gk-catalog.h"
#include "gk-portal-db.h"
#include "gk-portal-request.h"

G_BEGIN_DECLS

void gk_portal_summary_handle  (GkPortalDb      *db,
                                GkCatalog       *catalog,
                                GkPortalRequest *request);
void gk_portal_calendar_handle (GkPortalDb      *db,
                                GkPortalRequest *request);

G_END_DECLS
