/* The main window's instance, shared by gk-window.c and its -actions.c, -search.c and -sidebar.c. */
#pragma once

#include "gk-check.h"
#include "gk-check-page.h"
#include "gk-column-page.h"
#include "gk-context.h"
#include "gk-item-editor.h"
#include "gk-request-page.h"
#include "gk-sync.h"
#include "gk-window.h"

G_BEGIN_DECLS

struct _GkWindow
{
  GtkApplicationWindow  parent_instance;

  GkContext            *context;
  GkSync               *sync;
  GSettings            *settings;
  GListModel           *columns;
  char                 *unit;

  /* The last unmaximized size, saved on close (see save_window_state). */
  int                   width;
  int                   height;
  gboolean              maximized;

  GtkHeaderBar         *header_bar;
  GtkMenuButton        *menu_button;
  GtkStack             *stack;
  GtkPaned             *paned;
  GtkListBox           *sidebar;
  GtkGrid              *legend_grid;
  GkColumnPage         *column_page;
  GtkLabel             *empty_label;
  GtkStack             *content_stack;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkListBox           *search_list;
  GtkWidget            *search_more_row;  /* the last row while more results may follow */
  guint                 search_shown;
  GtkRevealer          *notification_revealer;
  GtkLabel             *notification_label;
  GtkWidget            *undo_button;
  GkItemEditor         *editor;
  GkCheckPage          *check_page;
  GkRequestPage        *request_page;
  /* Today's self-check, for the sidebar's states and the column page's due dates */
  GkCheckResult        *check_result;

  GCancellable         *cancellable;
  guint                 counts_source_id;
  guint                 states_source_id;
  /* Today's check running in a worker for the dots, and whether it is to remind the liaison. */
  GCancellable         *states_cancellable;
  gboolean              states_notify;
  guint                 notification_source_id;
  /* The item New Item made, while it is open and may still be blank. */
  char                 *new_uuid;
  /* What this window moved to the bin, the last last: Ctrl+Z brings them back in turn. */
  GPtrArray            *removed_uuids;

  GdkFrameClock        *frame_clock;
  gulong                after_paint_id;
  gboolean              first_frame_seen;
};

void        _gk_window_show_notification (GkWindow       *self,
                                          const char     *message,
                                          gboolean        offer_undo);
void        _gk_window_hide_notification (GkWindow       *self);
void        _gk_window_show_error        (GkWindow       *self,
                                          const GError   *error);
void        _gk_window_save_editor       (GkWindow       *self);
const char *_gk_window_get_editor_uuid   (GkWindow       *self);
void        _gk_window_open_item         (GkWindow       *self,
                                          const char     *uuid);
void        _gk_window_close_item        (GkWindow       *self);
void        _gk_window_update_counts     (GkWindow       *self);
void        _gk_window_update_states     (GkWindow       *self,
                                          gboolean        notify);
void        _gk_window_show_page_status  (GkWindow       *self);
void        _gk_window_watch_items       (GkWindow       *self);
void        _gk_window_actions_init      (GkWindow       *self);
void        _gk_window_class_search_init (GtkWidgetClass *widget_class);

G_END_DECLS
