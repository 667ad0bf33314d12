/* The bin (回收站): removed items with the date they were removed, to restore or delete for good. */
#pragma once

#include <gtk/gtk.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_BIN_WINDOW (gk_bin_window_get_type ())

G_DECLARE_FINAL_TYPE (GkBinWindow, gk_bin_window, GK, BIN_WINDOW, GtkApplicationWindow)

GkBinWindow *gk_bin_window_new     (GtkApplication *application,
                                    GkContext      *context);
void         gk_bin_window_refresh (GkBinWindow    *self);

G_END_DECLS
