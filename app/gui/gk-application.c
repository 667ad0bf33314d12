/* The gongkai-liaison application: owns the one context and opens the right window. */
#define G_LOG_DOMAIN "gk-application"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-application.h"
#include "gk-catalog.h"
#include "gk-context.h"
#include "gk-item.h"
#include "gk-item-row.h"
#include "gk-bin-window.h"
#include "gk-outbox-window.h"
#include "gk-preferences-window.h"
#include "gk-profile.h"
#include "gk-profile-window.h"
#include "gk-sync.h"
#include "gk-window.h"

struct _GkApplication
{
  GtkApplication  parent_instance;

  char           *data_dir;
  GkContext      *context;
  GkSync         *sync;
  GError         *context_error;
  GkDevSwitches  *dev_switches;  /* main()'s, for the context and the uninstalled guide */
};

G_DEFINE_FINAL_TYPE (GkApplication, gk_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the data folder DIR instead of the user’s (shared with the gongkai command)"), N_("DIR") },
  { NULL }
};

static gpointer
find_window (GkApplication *self,
             GType          type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return l->data;
    }

  return NULL;
}

static void
open_context (GkApplication *self)
{
  self->context = gk_context_new (self->data_dir, &self->context_error);
  if (self->context != NULL)
    gk_context_set_dev_switches (self->context, self->dev_switches);
}

/* The main window needs a unit the catalog knows; anything else starts at the profile form. */
static gboolean
has_usable_profile (GkApplication *self)
{
  g_autoptr(GkProfile) profile = gk_context_dup_profile (self->context);

  return gk_catalog_has_unit (gk_context_get_catalog (self->context), gk_profile_get_unit (profile));
}

static GkWindow *
present_main_window (GkApplication *self)
{
  GkWindow *window = find_window (self, GK_TYPE_WINDOW);

  if (window == NULL)
    window = gk_window_new (GTK_APPLICATION (self), self->context, self->sync);

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* A desktop notification when the office published or rejected an item; clicking it opens the item. */
static void
on_verdict_cb (GkApplication *self,
               const char    *uuid)
{
  g_autoptr(GkItem) item = gk_context_dup_item (self->context, uuid, NULL);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *display_title = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;
  const char *reason;

  if (item == NULL)
    return;

  display_title = gk_item_row_dup_display_title (item);
  switch (gk_item_get_state (item))
    {
    case GK_ITEM_STATE_PUBLISHED:
      title = g_strdup_printf (_("Published: %s"), display_title);
      notification = g_notification_new (title);
      g_notification_set_body (notification, _("The portal published the item."));
      break;

    case GK_ITEM_STATE_REJECTED:
      reason = gk_item_get_field (item, GK_ITEM_REJECT_REASON);
      title = g_strdup_printf (_("Rejected: %s"), display_title);
      notification = g_notification_new (title);
      g_notification_set_body (notification, reason != NULL ? reason : _("The portal gave no reason."));
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      break;

    default:
      return;
    }

  g_notification_set_default_action_and_target (notification, "app.open-item", "s", uuid);
  id = g_strconcat ("verdict-", uuid, NULL);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/* The portal link follows the context: made with it, and made anew when a backup replaces it. */
static void
create_sync (GkApplication *self)
{
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);

  if (self->context == NULL)
    return;

  self->sync = gk_sync_new (GK_SYNC_HOST (self->context), NULL);
  g_signal_connect_object (self->sync, "verdict", G_CALLBACK (on_verdict_cb), self, G_CONNECT_SWAPPED);
  gk_sync_start (self->sync);
}

static void
on_first_run_saved_cb (GkApplication *self)
{
  present_main_window (self);
}

enum {
  RESPONSE_RESTORE_BACKUP = 1,
};

static void show_context_error (GkApplication *self);

/*
 * The core moves the damaged file aside (never over it) and puts the newest
 * backup in its place; then everything starts again as if freshly launched.
 */
static void
restore_last_backup (GkApplication *self)
{
  g_autofree char *moved_aside = NULL;
  g_autoptr(GError) error = NULL;

  if (!gk_context_restore_backup (self->data_dir, NULL, &moved_aside, &error))
    {
      g_clear_error (&self->context_error);
      self->context_error = g_steal_pointer (&error);
      show_context_error (self);
      return;
    }

  g_message ("The damaged database was kept as %s", moved_aside);
  g_clear_error (&self->context_error);
  open_context (self);
  create_sync (self);
  g_application_activate (G_APPLICATION (self));
}

static void
on_context_error_response_cb (GkApplication *self,
                              int            response,
                              GtkDialog     *dialog)
{
  /* Kept alive by the dialog until the next window exists, so the application does not quit in between. */
  g_application_hold (G_APPLICATION (self));
  gtk_widget_destroy (GTK_WIDGET (dialog));

  if (response == RESPONSE_RESTORE_BACKUP)
    restore_last_backup (self);

  g_application_release (G_APPLICATION (self));
}

static void
show_context_error (GkApplication *self)
{
  GtkWidget *dialog;
  gboolean corrupt = g_error_matches (self->context_error, GK_STORE_ERROR, GK_STORE_ERROR_CORRUPT);

  dialog = gtk_message_dialog_new (NULL, 0, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   _("Gongkai Liaison cannot open its data"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s%s%s", self->context_error->message,
                                            corrupt ? "\n\n" : "",
                                            corrupt ? _("Restoring the last backup keeps the damaged file beside it, renamed.") : "");
  if (corrupt)
    {
      gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Restore Last Backup"), RESPONSE_RESTORE_BACKUP);
      gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_RESTORE_BACKUP);
    }
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_context_error_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GkApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Destroyed rather than g_application_quit(), so the main window saves its size on the way out. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GkApplication *self = user_data;
  static const char *authors[] = { "The Gongkai Liaison authors", NULL };
  g_autofree char *comments = NULL;
  GkCatalog *catalog;

  if (self->context == NULL)
    return;

  catalog = gk_context_get_catalog (self->context);
  comments = g_strdup_printf (_("Publishes your department’s government information in the right columns, on time.\n\nCatalog: %s (%s, version %s)"),
                              gk_catalog_get_title (catalog),
                              gk_catalog_get_document_number (catalog),
                              gk_catalog_get_version (catalog));

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "program-name", _("Gongkai Liaison"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", comments,
                         "authors", authors,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
show_help_error (GtkWindow    *parent,
                 const GError *error)
{
  GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                              _("The user guide could not be opened"));

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("It is read in the help viewer Yelp, or as web pages in a browser: install the “yelp” package or a web browser. (%s)"),
                                            error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

/* The guide as HTML (yelp-build at build time) in the default browser: GK_HELP_HTML uninstalled. */
static gboolean
open_html_guide (GkApplication *self,
                 GtkWindow     *window,
                 GError       **error)
{
  const char *folder = self->dev_switches->help_html;
  g_autofree char *index = g_build_filename (folder != NULL && *folder != '\0' ? folder : PKGDATADIR "/help-html",
                                             "index.html", NULL);
  g_autofree char *uri = NULL;

  if (!g_file_test (index, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("neither Yelp nor the guide as HTML (%s) is installed"), index);
      return FALSE;
    }

  if ((uri = g_filename_to_uri (index, NULL, error)) == NULL)
    return FALSE;

  return gtk_show_uri_on_window (window, uri, GDK_CURRENT_TIME, error);
}

/* Installed, the guide is help:gongkai-liaison, which Yelp resolves in the help folders of
 * XDG_DATA_DIRS. Uninstalled, `meson devenv` sets GK_HELPDIR to the pages in the source tree,
 * and Yelp is given that folder, so `tools/run` shows the guide as it is being written. */
static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GkApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *folder = self->dev_switches->helpdir;
  g_autoptr(GError) error = NULL;

  g_autofree char *program = g_find_program_in_path ("yelp");

  /* GLib starts the program through a helper that execs it, so a missing program would
   * fail in the helper, unseen: look for it first, and without it open the HTML guide. */
  if (program == NULL)
    {
      open_html_guide (self, window, &error);
    }
  else if (folder != NULL && *folder != '\0')
    {
      g_autoptr(GAppInfo) yelp = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (folder);
      GList files = { file, NULL, NULL };

      if ((yelp = g_app_info_create_from_commandline (program, NULL, G_APP_INFO_CREATE_NONE, &error)) != NULL)
        g_app_info_launch (yelp, &files, NULL, &error);
    }
  else
    {
      gtk_show_uri_on_window (window, HELP_URI, GDK_CURRENT_TIME, &error);
    }

  if (error != NULL)
    show_help_error (window, error);
}

static void
profile_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GkApplication *self = user_data;
  GkProfileWindow *window;
  GtkWindow *parent;

  if (self->context == NULL)
    return;

  if ((window = find_window (self, GK_TYPE_PROFILE_WINDOW)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  parent = GTK_WINDOW (find_window (self, GK_TYPE_WINDOW));
  window = gk_profile_window_new (GTK_APPLICATION (self), self->context, FALSE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), parent != NULL);
  gtk_window_set_position (GTK_WINDOW (window), GTK_WIN_POS_CENTER_ON_PARENT);
  gtk_window_present (GTK_WINDOW (window));
}

/* One window of @type at a time, over the main window; made by @create when there is none. */
static void
present_dialog_window (GkApplication *self,
                       GType          type,
                       GtkWindow   *(*create) (GkApplication *self))
{
  GtkWindow *window;
  GtkWindow *parent;

  if (self->sync == NULL)
    return;

  if ((window = find_window (self, type)) == NULL)
    {
      parent = GTK_WINDOW (find_window (self, GK_TYPE_WINDOW));
      window = create (self);
      gtk_window_set_transient_for (window, parent);
      gtk_window_set_position (window, GTK_WIN_POS_CENTER_ON_PARENT);
    }

  gtk_window_present (window);
}

static GtkWindow *
create_preferences_window (GkApplication *self)
{
  return GTK_WINDOW (gk_preferences_window_new (GTK_APPLICATION (self), self->context, self->sync));
}

static GtkWindow *
create_outbox_window (GkApplication *self)
{
  return GTK_WINDOW (gk_outbox_window_new (GTK_APPLICATION (self), self->context, self->sync));
}

static GtkWindow *
create_bin_window (GkApplication *self)
{
  return GTK_WINDOW (gk_bin_window_new (GTK_APPLICATION (self), self->context));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  present_dialog_window (user_data, GK_TYPE_PREFERENCES_WINDOW, create_preferences_window);
}

static void
outbox_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  present_dialog_window (user_data, GK_TYPE_OUTBOX_WINDOW, create_outbox_window);
}

static void
bin_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GkApplication *self = user_data;

  if (self->context != NULL && has_usable_profile (self))
    present_dialog_window (self, GK_TYPE_BIN_WINDOW, create_bin_window);
}

static void
on_sent_now_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* What went wrong is GkSync's last-error, which the status indicator shows. */
  if (!gk_sync_send_now_finish (GK_SYNC (object), result, &error))
    g_debug ("Send Now: %s", error->message);
}

static void
send_now_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GkApplication *self = user_data;

  if (self->sync != NULL)
    gk_sync_send_now_async (self->sync, NULL, on_sent_now_cb, NULL);
}

/* The target of a verdict notification: the item, in the main window's editor. */
static void
open_item_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GkApplication *self = user_data;

  if (self->context == NULL || !has_usable_profile (self))
    return;

  gk_window_show_item (present_main_window (self), g_variant_get_string (parameter, NULL));
}

/* The target of the start-up notification about columns to update. */
static void
self_check_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GkApplication *self = user_data;

  if (self->context == NULL || !has_usable_profile (self))
    return;

  gk_window_show_check (present_main_window (self));
}

static void
requests_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GkApplication *self = user_data;

  if (self->context == NULL || !has_usable_profile (self))
    return;

  gk_window_show_requests (present_main_window (self));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "help", help_activated },
  { "profile", profile_activated },
  { "preferences", preferences_activated },
  { "outbox", outbox_activated },
  { "bin", bin_activated },
  { "send-now", send_now_activated },
  { "open-item", open_item_activated, "s" },
  { "self-check", self_check_activated },
  { "requests", requests_activated },
};

static int
gk_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  GkApplication *self = (GkApplication *)application;

  /* Two stores are two liaisons: an explicit folder gets its own instance, not the running one. */
  if (g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir))
    g_application_set_flags (application, g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
gk_application_startup (GApplication *application)
{
  GkApplication *self = (GkApplication *)application;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_item_accels[] = { "<Control>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *outbox_accels[] = { "<Control><Shift>o", NULL };
  static const char *self_check_accels[] = { "<Control>i", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *bin_accels[] = { "<Control>b", NULL };
  static const char *undo_delete_accels[] = { "<Control>z", NULL };
  static const char *show_menu_accels[] = { "F10", NULL };
  static const char *send_now_accels[] = { "F5", NULL };
  static const char *close_item_accels[] = { "<Alt>Left", NULL };
  static const char *help_overlay_accels[] = { "<Control>question", NULL };
  /* Only the secondary windows have win.close: Escape in the main window keeps its own meanings. */
  static const char *close_accels[] = { "Escape", "<Control>w", NULL };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (gk_application_parent_class)->startup (application);

  g_set_application_name (_("Gongkai Liaison"));

  gtk_css_provider_load_from_resource (css, "/io/github/gongkai/Liaison/ui/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  /* Dialogs close with Ctrl+W as well as Escape, as the windows do. */
  gtk_binding_entry_add_signal (gtk_binding_set_by_class (g_type_class_ref (GTK_TYPE_DIALOG)),
                                GDK_KEY_w, GDK_CONTROL_MASK, "close", 0);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-item", new_item_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.outbox", outbox_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.self-check", self_check_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.bin", bin_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.undo-delete", undo_delete_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-menu", show_menu_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.send-now", send_now_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.close-item", close_item_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_overlay_accels);

  open_context (self);
  create_sync (self);
}

static void
gk_application_activate (GApplication *application)
{
  GkApplication *self = (GkApplication *)application;
  GkProfileWindow *setup;

  if (self->context != NULL && (find_window (self, GK_TYPE_WINDOW) != NULL || has_usable_profile (self)))
    {
      present_main_window (self);
      return;
    }

  /* The main window sets the icon after its first frame (gk-window.c); these come first. */
  gtk_window_set_default_icon_name (APP_ID);

  if (self->context == NULL)
    {
      show_context_error (self);
      return;
    }

  if ((setup = find_window (self, GK_TYPE_PROFILE_WINDOW)) == NULL)
    {
      setup = gk_profile_window_new (GTK_APPLICATION (self), self->context, TRUE);
      g_signal_connect_object (setup, "saved", G_CALLBACK (on_first_run_saved_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_window_present (GTK_WINDOW (setup));
}

static void
gk_application_shutdown (GApplication *application)
{
  GkApplication *self = (GkApplication *)application;

  G_APPLICATION_CLASS (gk_application_parent_class)->shutdown (application);

  /* The engine stops before the store it writes to goes away. */
  g_clear_object (&self->sync);
  g_clear_object (&self->context);
}

static void
gk_application_finalize (GObject *object)
{
  GkApplication *self = (GkApplication *)object;

  g_clear_object (&self->sync);
  g_clear_object (&self->context);
  g_clear_error (&self->context_error);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->dev_switches, gk_dev_switches_free);

  G_OBJECT_CLASS (gk_application_parent_class)->finalize (object);
}

static void
close_window_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  gtk_window_close (user_data);
}

/*
 * Every window but the main one closes with Escape and Ctrl+W (win.close, the
 * accelerators set in startup): Preferences, the profile, the outbox, the bin.
 * The main window has no win.close, so Escape keeps its meanings there.
 */
/*
 * The shortcuts window, built the first time a window asks for it. GtkApplication
 * builds it for every window as the window opens when it finds gtk/help-overlay.ui:
 * a twentieth of the instructions before the main window's first frame, and again
 * for each Preferences or Outbox window, for a window few liaisons open.
 */
static void
show_help_overlay_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplicationWindow *window = user_data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/gongkai/Liaison/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_widget_show (GTK_WIDGET (overlay));
}

static void
gk_application_window_added (GtkApplication *application,
                             GtkWindow      *window)
{
  static const GActionEntry help_entries[] = {
    { "show-help-overlay", show_help_overlay_activated },
  };
  static const GActionEntry close_entries[] = {
    { "close", close_window_activated },
  };

  GTK_APPLICATION_CLASS (gk_application_parent_class)->window_added (application, window);

  if (GTK_IS_APPLICATION_WINDOW (window))
    g_action_map_add_action_entries (G_ACTION_MAP (window), help_entries, G_N_ELEMENTS (help_entries), window);
  if (GTK_IS_APPLICATION_WINDOW (window) && !GK_IS_WINDOW (window))
    g_action_map_add_action_entries (G_ACTION_MAP (window), close_entries, G_N_ELEMENTS (close_entries), window);
}

static void
gk_application_class_init (GkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  GTK_APPLICATION_CLASS (klass)->window_added = gk_application_window_added;

  object_class->finalize = gk_application_finalize;

  application_class->handle_local_options = gk_application_handle_local_options;
  application_class->startup = gk_application_startup;
  application_class->activate = gk_application_activate;
  application_class->shutdown = gk_application_shutdown;
}

static void
gk_application_init (GkApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/**
 * gk_application_new:
 * @switches: the program's development switches (gk-dev-switches.h)
 */
GkApplication *
gk_application_new (const GkDevSwitches *switches)
{
  GkApplication *self;

  g_return_val_if_fail (switches != NULL, NULL);

  self = g_object_new (GK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
  self->dev_switches = gk_dev_switches_copy (switches);

  return self;
}

/**
 * gk_application_get_context:
 *
 * Returns: (transfer none) (nullable): the context, once started; %NULL if
 *   the data folder could not be opened
 */
GkContext *
gk_application_get_context (GkApplication *self)
{
  g_return_val_if_fail (GK_IS_APPLICATION (self), NULL);

  return self->context;
}
