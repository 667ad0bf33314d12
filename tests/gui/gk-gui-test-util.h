/* What the GTK-level GUI tests share: a context on a fresh data folder and ways to reach widgets. */
#pragma once

#include <gtk/gtk.h>

#include "gk-types.h"

G_BEGIN_DECLS

typedef struct {
  char      *data_dir;
  GkContext *context;
} GkGuiFixture;

void           gk_gui_fixture_set_up    (GkGuiFixture  *fixture,
                                         gconstpointer  user_data);
void           gk_gui_fixture_tear_down (GkGuiFixture  *fixture,
                                         gconstpointer  user_data);
void           gk_gui_test_save_profile (GkGuiFixture  *fixture,
                                         const char    *unit);
gboolean       gk_gui_test_init         (int           *argc,
                                         char        ***argv);
void           gk_gui_test_drain_events (void);
void           gk_gui_test_wait         (guint          milliseconds);
gpointer       gk_gui_test_get_child    (gpointer       widget,
                                         GType          type,
                                         const char    *name);
const char    *gk_gui_test_get_row_name (GtkListBoxRow *row);
GtkListBoxRow *gk_gui_test_find_row     (GtkListBox    *list,
                                         const char    *name);
guint          gk_gui_test_count_rows   (GtkListBox    *list,
                                         gboolean       shown_only);
void           gk_gui_test_snap         (const char    *name);

G_END_DECLS
