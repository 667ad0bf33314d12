/* The header bar's portal status: online, sending, offline or in trouble, and what to do about it. */
#pragma once

#include <gtk/gtk.h>

#include "gk-sync.h"

G_BEGIN_DECLS

#define GK_TYPE_SYNC_INDICATOR (gk_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (GkSyncIndicator, gk_sync_indicator, GK, SYNC_INDICATOR, GtkMenuButton)

GtkWidget  *gk_sync_indicator_new         (GkSync          *sync);
const char *gk_sync_indicator_get_summary (GkSyncIndicator *self);

G_END_DECLS
