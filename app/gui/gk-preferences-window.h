/* Preferences: the portal's address, its CA file and the liaison's token; the unit's registration. */
#pragma once

#include <gtk/gtk.h>

#include "gk-sync.h"

G_BEGIN_DECLS

#define GK_TYPE_PREFERENCES_WINDOW (gk_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GkPreferencesWindow, gk_preferences_window, GK, PREFERENCES_WINDOW, GtkApplicationWindow)

GkPreferencesWindow *gk_preferences_window_new (GtkApplication *application,
                                                GkContext      *context,
                                                GkSync         *sync);

G_END_DECLS
