/* The liaison's unit and contact details: shown on first run and from the Profile… action. */
#pragma once

#include <gtk/gtk.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_PROFILE_WINDOW (gk_profile_window_get_type ())

G_DECLARE_FINAL_TYPE (GkProfileWindow, gk_profile_window, GK, PROFILE_WINDOW, GtkApplicationWindow)

GkProfileWindow *gk_profile_window_new          (GtkApplication  *application,
                                                 GkContext       *context,
                                                 gboolean         first_run);
GkContext       *gk_profile_window_get_context  (GkProfileWindow *self);
gboolean         gk_profile_window_get_first_run (GkProfileWindow *self);
const char      *gk_profile_window_get_unit     (GkProfileWindow *self);
gboolean         gk_profile_window_save         (GkProfileWindow *self);

G_END_DECLS
