/* GET /api/v1/columns/summary: what the whole website shows per column, for the self-check's site-wide view. */
#pragma once

#include "gk-catalog.h"
#include "gk-portal-db.h"
#include "gk-portal-request.h"

G_BEGIN_DECLS

void gk_portal_summary_handle (GkPortalDb      *db,
                               GkCatalog       *catalog,
                               GkPortalRequest *request);

G_END_DECLS
