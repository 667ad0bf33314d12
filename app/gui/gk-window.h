/* The main window: the unit's columns on the left, what the selected one asks on the right. */
#pragma once

#include <gtk/gtk.h>

#include "gk-sync.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_WINDOW (gk_window_get_type ())

G_DECLARE_FINAL_TYPE (GkWindow, gk_window, GK, WINDOW, GtkApplicationWindow)

GkWindow   *gk_window_new         (GtkApplication *application,
                                   GkContext      *context,
                                   GkSync         *sync);
GkContext  *gk_window_get_context (GkWindow       *self);
const char *gk_window_get_unit    (GkWindow       *self);
void        gk_window_show_item   (GkWindow       *self,
                                   const char     *uuid);
void        gk_window_show_check  (GkWindow       *self);
void        gk_window_show_requests (GkWindow     *self);

G_END_DECLS
