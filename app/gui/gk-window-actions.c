/* The main window's actions: new item, search, the bin with Undo, and the pages of the menu. */
#define G_LOG_DOMAIN "gk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-column.h"
#include "gk-item.h"
#include "gk-item-row.h"
#include "gk-window-private.h"

/* Undo works while there is something this window removed, toast or no toast. */
static void
update_undo_action (GkWindow *self)
{
  GAction *undo = g_action_map_lookup_action (G_ACTION_MAP (self), "undo-delete");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (undo), self->removed_uuids->len > 0);
}

static void
new_item_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GkWindow *self = user_data;
  GkColumn *column = gk_column_page_get_column (self->column_page);
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  if (column == NULL)
    return;

  _gk_window_save_editor (self);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  if ((item = gk_context_create_item (self->context, gk_column_get_id (column), &error)) == NULL)
    {
      _gk_window_show_error (self, error);
      return;
    }

  _gk_window_open_item (self, gk_item_get_uuid (item));
  self->new_uuid = g_strdup (gk_item_get_uuid (item));
  gk_item_editor_focus_title (self->editor);
}

static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GkWindow *self = user_data;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
move_to_bin (GkWindow   *self,
             const char *uuid)
{
  g_autofree char *message = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  gboolean editing = g_strcmp0 (uuid, _gk_window_get_editor_uuid (self)) == 0;

  if ((item = gk_context_trash_item (self->context, uuid, &error)) == NULL)
    {
      _gk_window_show_error (self, error);
      return;
    }

  if (editing)
    _gk_window_close_item (self);

  g_ptr_array_add (self->removed_uuids, g_strdup (uuid));
  update_undo_action (self);

  title = gk_item_row_dup_display_title (item);
  message = g_strdup_printf (_("“%s” was moved to the bin."), title);
  _gk_window_show_notification (self, message, TRUE);
}

static void
on_published_removal_response_cb (GtkDialog *dialog,
                                  int        response,
                                  gpointer   user_data)
{
  g_autoptr(GkWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    move_to_bin (self, g_object_get_data (G_OBJECT (dialog), "uuid"));

  gtk_widget_destroy (GTK_WIDGET (dialog));
}

/* The bin is this PC's: the website keeps showing what it published. */
static void
confirm_published_removal (GkWindow *self,
                           GkItem   *item)
{
  g_autofree char *title = gk_item_row_dup_display_title (item);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("“%s” stays on the portal website"), title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Moving it to the bin removes only this PC’s copy. "
                                              "To take it off the website, ask the disclosure office."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Move to Bin"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "uuid", g_strdup (gk_item_get_uuid (item)), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_published_removal_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* To the bin, with Undo: the parameter is the item's uuid (the editor's item when empty). */
static void
delete_item_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GkWindow *self = user_data;
  const char *target = g_variant_get_string (parameter, NULL);
  /* A copy: saving the editor below replaces the item the editor's uuid belongs to. */
  g_autofree char *uuid = g_strdup (*target != '\0' ? target : _gk_window_get_editor_uuid (self));
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  if (uuid == NULL)
    return;

  if (g_strcmp0 (uuid, _gk_window_get_editor_uuid (self)) == 0)
    _gk_window_save_editor (self);

  if ((item = gk_context_dup_item (self->context, uuid, &error)) == NULL)
    {
      _gk_window_show_error (self, error);
      return;
    }

  if (gk_item_state_is_on_portal (gk_item_get_state (item)))
    confirm_published_removal (self, item);
  else
    move_to_bin (self, uuid);
}

/* The last removal back, then the one before; those restored or purged in the bin meanwhile are skipped. */
static void
undo_delete_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GkWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  _gk_window_hide_notification (self);

  while (self->removed_uuids->len > 0)
    {
      g_autofree char *uuid = g_ptr_array_steal_index (self->removed_uuids, self->removed_uuids->len - 1);

      g_clear_error (&error);
      if (gk_context_restore_item (self->context, uuid, &error))
        break;
      if (!g_error_matches (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND))
        {
          _gk_window_show_error (self, error);
          break;
        }
    }

  update_undo_action (self);
}

static void
close_item_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  _gk_window_close_item (user_data);
}

static void
self_check_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  gk_window_show_check (user_data);
}

static void
requests_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  gk_window_show_requests (user_data);
}

/* F10, as in every GNOME application: the main menu, for the keyboard. */
static void
show_menu_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GkWindow *self = user_data;

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->menu_button),
                                !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->menu_button)));
}

static const GActionEntry win_entries[] = {
  { "show-menu", show_menu_activated },
  { "new-item", new_item_activated },
  { "search", search_activated },
  { "delete-item", delete_item_activated, "s" },
  { "undo-delete", undo_delete_activated },
  { "close-item", close_item_activated },
  { "self-check", self_check_activated },
  { "requests", requests_activated },
};

void
_gk_window_actions_init (GkWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  update_undo_action (self);
}
