/* The outbox: every queued item on its way to the portal, with upload progress and Send Now. */
#pragma once

#include <gtk/gtk.h>

#include "gk-sync.h"

G_BEGIN_DECLS

#define GK_TYPE_OUTBOX_WINDOW (gk_outbox_window_get_type ())

G_DECLARE_FINAL_TYPE (GkOutboxWindow, gk_outbox_window, GK, OUTBOX_WINDOW, GtkApplicationWindow)

GkOutboxWindow *gk_outbox_window_new     (GtkApplication *application,
                                          GkContext      *context,
                                          GkSync         *sync);
GtkListBox     *gk_outbox_window_get_list (GkOutboxWindow *self);
void            gk_outbox_window_refresh (GkOutboxWindow *self);

G_END_DECLS
