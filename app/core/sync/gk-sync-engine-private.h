/* How the sync engine reads a page of the portal's item statuses: shared with the fuzz targets. */
#pragma once

#include <json-glib/json-glib.h>

#include "gk-sync-engine.h"

G_BEGIN_DECLS

GPtrArray *gk_sync_engine_read_page (JsonNode    *json,
                                     const char **next_cursor);
guint      gk_sync_engine_get_next_wait (GkSyncEngine *self);

G_END_DECLS
