/*
 * The store behind the context, for the core's own parts (the self-check, the
 * privacy gate) and the tests; the GUI and the CLI go through the context's
 * functions instead, and the sync part through GkSyncHost.
 */
#pragma once

#include "gk-context.h"
#include "gk-store.h"

G_BEGIN_DECLS

GkStore *gk_context_get_store (GkContext *self);

G_END_DECLS
