/* Idempotency-Key handling (docs/portal-api.md §4) shared by every POST and PUT. */
#pragma once

#include "gk-portal-db.h"
#include "gk-portal-faults.h"
#include "gk-portal-request.h"

G_BEGIN_DECLS

/*
 * Does the work of one POST or PUT inside the database transaction that also
 * records its Idempotency-Key. Returns the response to send, or %NULL with an
 * error in GK_PORTAL_ERROR.
 */
typedef GkPortalResponse *(*GkPortalAction) (GkPortalRequest *request,
                                             gpointer         user_data,
                                             GError         **error);

void gk_portal_idempotency_run (GkPortalDb      *db,
                                GkPortalFaults  *faults,
                                GkPortalRequest *request,
                                const char      *fingerprint_extra,
                                gboolean         key_required,
                                GkPortalAction   action,
                                gpointer         user_data);

G_END_DECLS
