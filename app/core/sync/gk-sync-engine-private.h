/* What the tests ask of the sync engine beyond its public API. */
#pragma once

#include "gk-sync-engine.h"

G_BEGIN_DECLS

guint gk_sync_engine_get_next_wait (GkSyncEngine *self);

G_END_DECLS
