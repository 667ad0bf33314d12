/*
 * Preferences: the portal's address, its CA file and the liaison's token; the
 * unit's registration. The token entry is write-only: it is never filled in
 * from the keyring and is emptied once the portal accepted it.
 */
#define G_LOG_DOMAIN "gk-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-context.h"
#include "gk-preferences-window.h"
#include "gk-profile.h"

struct _GkPreferencesWindow
{
  GtkApplicationWindow  parent_instance;

  GkContext            *context;
  GkSync               *sync;
  GCancellable         *cancellable;
  char                 *ca_file;

  GtkLabel             *account_label;
  GtkEntry             *url_entry;
  GtkFileChooser       *ca_chooser;
  GtkEntry             *token_entry;
  GtkWidget            *login_button;
  GtkSpinner           *login_spinner;
  GtkLabel             *login_error_label;
  GtkWidget            *register_button;
  GtkSpinner           *register_spinner;
  GtkLabel             *register_label;
};

G_DEFINE_FINAL_TYPE (GkPreferencesWindow, gk_preferences_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (GtkWidget  *button,
          GtkSpinner *spinner,
          gboolean    busy)
{
  gtk_widget_set_sensitive (button, !busy);
  g_object_set (spinner, "active", busy, NULL);
}

static void
update_account (GkPreferencesWindow *self)
{
  g_autoptr(GkProfile) profile = gk_context_dup_profile (self->context);
  g_autofree char *text = NULL;
  gboolean logged_in = gk_sync_get_logged_in (self->sync);

  if (logged_in)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *warning = gk_sync_dup_expiry_warning (self->sync, now);

      text = g_strdup_printf (_("Logged in to %s with the token of %s."),
                              gk_sync_get_url (self->sync), gk_profile_get_unit (profile));
      if (warning != NULL)
        {
          char *both = g_strconcat (text, " ", warning, NULL);

          g_free (text);
          text = both;
        }
    }
  else if (gk_sync_get_status (self->sync) == GK_SYNC_STATUS_SIGNED_OUT && gk_profile_get_unit (profile) != NULL)
    /* The account's own message sends the liaison here; here it says what to fill in. */
    text = g_strdup (_("Not logged in to the portal yet: enter its address and the token from the municipal office, then press Log In."));
  else
    text = g_strdup (gk_sync_get_last_error (self->sync));

  gtk_label_set_text (self->account_label, text);
}

static void
show_login_error (GkPreferencesWindow *self,
                  const char          *message)
{
  gtk_label_set_text (self->login_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->login_error_label), message != NULL);
}

static void
on_logged_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GkPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *unit = NULL;

  unit = gk_sync_login_finish (GK_SYNC (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self->login_button, self->login_spinner, FALSE);

  if (unit == NULL)
    {
      show_login_error (self, error->message);
      return;
    }

  /* Kept in the keyring now; nothing on screen holds it any more. */
  gtk_entry_set_text (self->token_entry, "");
  show_login_error (self, NULL);
  update_account (self);
}

/* A busy portal is asked again a few times; the liaison sees the wait instead of a frozen spinner. */
static void
on_login_waiting_cb (GkPreferencesWindow *self,
                     guint                seconds,
                     const char          *reason)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Trying again in %u second…",
                                                        "%s Trying again in %u seconds…", seconds),
                                           reason, seconds);

  show_login_error (self, text);
}

static void
on_log_in_cb (GkPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_entry_get_text (self->url_entry)));

  if (*url == '\0')
    {
      show_login_error (self, _("Type the portal’s address, as the municipal office gave it."));
      gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
      return;
    }

  show_login_error (self, NULL);
  set_busy (self->login_button, self->login_spinner, TRUE);
  /* Plain http to another host is for isolated labs, set up with `gongkai login --allow-insecure-http`. */
  gk_sync_login_async (self->sync, url, gtk_entry_get_text (self->token_entry), self->ca_file,
                       GK_PORTAL_CLIENT_FLAGS_NONE, self->cancellable, on_logged_in_cb, g_object_ref (self));
}

static void
on_ca_file_set_cb (GkPreferencesWindow *self)
{
  g_free (self->ca_file);
  self->ca_file = gtk_file_chooser_get_filename (self->ca_chooser);
}

static void
on_clear_ca_clicked_cb (GkPreferencesWindow *self)
{
  g_clear_pointer (&self->ca_file, g_free);
  gtk_file_chooser_unselect_all (self->ca_chooser);
}

static void
on_registered_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GkPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (!gk_sync_register_finish (GK_SYNC (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup (error->message);
    }
  else
    {
      now = g_date_time_new_now_local ();
      time = g_date_time_format (now, "%H:%M:%S");
      text = g_strdup_printf (_("The portal received your registration at %s."), time);
    }

  set_busy (self->register_button, self->register_spinner, FALSE);
  gtk_label_set_text (self->register_label, text);
}

static void
on_register_clicked_cb (GkPreferencesWindow *self)
{
  gtk_label_set_text (self->register_label, NULL);
  set_busy (self->register_button, self->register_spinner, TRUE);
  gk_sync_register_async (self->sync, self->cancellable, on_registered_cb, g_object_ref (self));
}

static void
on_sync_changed_cb (GkPreferencesWindow *self)
{
  update_account (self);
}

static void
gk_preferences_window_constructed (GObject *object)
{
  GkPreferencesWindow *self = (GkPreferencesWindow *)object;
  const char *url;

  G_OBJECT_CLASS (gk_preferences_window_parent_class)->constructed (object);

  g_assert (GK_IS_CONTEXT (self->context));
  g_assert (GK_IS_SYNC (self->sync));

  url = gk_sync_get_url (self->sync);
  gtk_entry_set_text (self->url_entry, url != NULL ? url : "");
  self->ca_file = gk_sync_dup_ca_file (self->sync);
  if (self->ca_file != NULL)
    gtk_file_chooser_set_filename (self->ca_chooser, self->ca_file);

  g_object_bind_property (self->sync, "logged-in", self->register_button, "sensitive", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->sync, "waiting", G_CALLBACK (on_login_waiting_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::logged-in", G_CALLBACK (on_sync_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::url", G_CALLBACK (on_sync_changed_cb), self, G_CONNECT_SWAPPED);
  update_account (self);
}

static void
gk_preferences_window_dispose (GObject *object)
{
  GkPreferencesWindow *self = (GkPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_preferences_window_parent_class)->dispose (object);
}

static void
gk_preferences_window_finalize (GObject *object)
{
  GkPreferencesWindow *self = (GkPreferencesWindow *)object;

  g_clear_object (&self->cancellable);
  g_free (self->ca_file);

  G_OBJECT_CLASS (gk_preferences_window_parent_class)->finalize (object);
}

static void
gk_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GkPreferencesWindow *self = GK_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GkPreferencesWindow *self = GK_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_preferences_window_class_init (GkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_preferences_window_constructed;
  object_class->dispose = gk_preferences_window_dispose;
  object_class->finalize = gk_preferences_window_finalize;
  object_class->get_property = gk_preferences_window_get_property;
  object_class->set_property = gk_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, GK_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, account_label);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, url_entry);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, ca_chooser);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, token_entry);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, login_button);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, login_spinner);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, login_error_label);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, register_button);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, register_spinner);
  gtk_widget_class_bind_template_child (widget_class, GkPreferencesWindow, register_label);
  gtk_widget_class_bind_template_callback (widget_class, on_log_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_ca_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_register_clicked_cb);
}

static void
gk_preferences_window_init (GkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

GkPreferencesWindow *
gk_preferences_window_new (GtkApplication *application,
                           GkContext      *context,
                           GkSync         *sync)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (GK_IS_SYNC (sync), NULL);

  return g_object_new (GK_TYPE_PREFERENCES_WINDOW,
                       "application", application,
                       "context", context,
                       "sync", sync,
                       NULL);
}
