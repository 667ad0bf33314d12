/* The header bar's portal status: online, sending, offline or in trouble, and what to do about it. */
#define G_LOG_DOMAIN "gk-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-portal-problem.h"
#include "gk-sync-indicator.h"

struct _GkSyncIndicator
{
  GtkMenuButton  parent_instance;

  GkSync        *sync;
  char          *summary;
  GkSyncStatus   shown_status;
  GDateTime     *last_synced;   /* when a pass last ended without trouble, local time */

  GtkImage      *image;
  GtkLabel      *label;
  GtkLabel      *title_label;
  GtkLabel      *message_label;
  GtkWidget     *login_button;
  GtkWidget     *outbox_button;
  GtkWidget     *send_button;
};

G_DEFINE_FINAL_TYPE (GkSyncIndicator, gk_sync_indicator, GTK_TYPE_MENU_BUTTON)

enum {
  PROP_0,
  PROP_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What each state looks like: a short label for the header bar, a sentence for the popover. */
typedef struct {
  const char *icon_name;
  const char *label;
  const char *title;
  const char *message;
} StateLook;

static const StateLook state_looks[] = {
  [GK_SYNC_STATUS_SIGNED_OUT] = { "dialog-password-symbolic", N_("Not logged in"), N_("Not logged in to the portal"),
                                  NULL },
  [GK_SYNC_STATUS_IDLE] = { "emblem-ok-symbolic", N_("Online"), N_("Connected to the portal"),
                            N_("Submitted items are sent at once; while the office has one to decide, its verdict is looked for every minute. F5 sends and reads back now.") },
  [GK_SYNC_STATUS_SENDING] = { "emblem-synchronizing-symbolic", N_("Sending…"), N_("Talking to the portal"),
                               N_("Sending queued items and reading the portal’s verdicts.") },
  [GK_SYNC_STATUS_OFFLINE] = { "network-offline-symbolic", N_("Offline"), N_("Waiting for the network"),
                               N_("The portal cannot be reached; queued items are kept and sent when it can be reached again.") },
  /* An item the portal will not take: the fix is in the outbox, not in the login. */
  [GK_SYNC_STATUS_REFUSED] = { "dialog-warning-symbolic", N_("Problem"), N_("The portal refused an item"), NULL },
  [GK_SYNC_STATUS_FAILED] = { "dialog-warning-symbolic", N_("Problem"), N_("Sending stopped"), NULL },
  [GK_SYNC_STATUS_WRONG_UNIT] = { "dialog-warning-symbolic", N_("Problem"), N_("Sending stopped"), NULL },
};

/* A token of another unit before any engine ran reads as not logged in: logging in is the fix. */
static const StateLook *
look_of (GkSync *sync)
{
  return &state_looks[gk_sync_get_logged_in (sync) ? gk_sync_get_status (sync) : GK_SYNC_STATUS_SIGNED_OUT];
}

typedef enum {
  LOOK_ICON,
  LOOK_LABEL,
  LOOK_TITLE,
} LookPart;

/* Binds @target's @property to one part of the look of GkSync:status. */
static gboolean
transform_look_cb (GBinding     *binding,
                   const GValue *from_value,
                   GValue       *to_value,
                   gpointer      user_data)
{
  g_autoptr(GkSync) sync = GK_SYNC (g_binding_dup_source (binding));
  const StateLook *look = look_of (sync);

  switch (GPOINTER_TO_INT (user_data))
    {
    case LOOK_ICON:
      g_value_set_string (to_value, look->icon_name);
      break;

    case LOOK_LABEL:
      g_value_set_string (to_value, _(look->label));
      break;

    case LOOK_TITLE:
    default:
      g_value_set_string (to_value, _(look->title));
      break;
    }

  return TRUE;
}

/* Logging in is offered while not logged in, or when the token or unit stopped sending. */
static gboolean
transform_login_visible_cb (GBinding     *binding,
                            const GValue *from_value,
                            GValue       *to_value,
                            gpointer      user_data)
{
  g_autoptr(GkSync) sync = GK_SYNC (g_binding_dup_source (binding));
  GkSyncStatus status = g_value_get_enum (from_value);

  g_value_set_boolean (to_value, !gk_sync_get_logged_in (sync) ||
                                 status == GK_SYNC_STATUS_FAILED || status == GK_SYNC_STATUS_WRONG_UNIT);

  return TRUE;
}

static gboolean
transform_login_label_cb (GBinding     *binding,
                          const GValue *from_value,
                          GValue       *to_value,
                          gpointer      user_data)
{
  g_value_set_string (to_value, g_value_get_boolean (from_value) ? _("_Log In Again…") : _("_Log In…"));

  return TRUE;
}

static void
set_style_class (GtkWidget  *widget,
                 const char *name,
                 gboolean    set)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  if (set)
    gtk_style_context_add_class (style, name);
  else
    gtk_style_context_remove_class (style, name);
}

/* What bindings cannot say: the sentence with the last sync's time, the highlights, the summary. */
static void
update (GkSyncIndicator *self)
{
  GkSyncStatus status = gk_sync_get_status (self->sync);
  gboolean logged_in = gk_sync_get_logged_in (self->sync);
  const char *last_error = gk_sync_get_last_error (self->sync);
  const StateLook *look = look_of (self->sync);
  AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (self));
  /* Offline and stopped say what happened in the engine's own words; the general sentence otherwise. */
  gboolean specific = last_error != NULL && status != GK_SYNC_STATUS_IDLE && status != GK_SYNC_STATUS_SENDING;
  g_autofree char *detail = NULL;
  g_autofree char *sentence = specific ? gk_portal_problem_split (last_error, &detail) : NULL;
  g_autoptr(GString) message = g_string_new (specific ? sentence : look->message != NULL ? _(look->message) : NULL);

  if (logged_in && self->last_synced != NULL && (status == GK_SYNC_STATUS_IDLE || status == GK_SYNC_STATUS_OFFLINE))
    {
      g_autofree char *at = g_date_time_format (self->last_synced, _("Last synced at %H:%M"));

      g_string_append_printf (message, "%s%s", message->len > 0 ? "\n" : "", at);
    }

  gtk_label_set_text (self->message_label, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message->len > 0);
  set_style_class (self->outbox_button, GTK_STYLE_CLASS_SUGGESTED_ACTION, status == GK_SYNC_STATUS_REFUSED);
  set_style_class (GTK_WIDGET (self), "gk-sync-problem", gk_sync_status_is_stopped (status));

  g_free (self->summary);
  self->summary = g_strdup_printf (_("Portal: %s"), _(look->label));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->summary);
  atk_object_set_description (accessible, message->len > 0 ? message->str : self->summary);
}

static void
on_sync_changed_cb (GkSyncIndicator *self)
{
  GkSyncStatus status = gk_sync_get_status (self->sync);

  /* A pass that ended without trouble both sent and read back: 上次同步 HH:MM. */
  if (self->shown_status == GK_SYNC_STATUS_SENDING && status == GK_SYNC_STATUS_IDLE)
    {
      g_clear_pointer (&self->last_synced, g_date_time_unref);
      self->last_synced = g_date_time_new_now_local ();
    }
  self->shown_status = status;

  update (self);
}

static void
bind_look (GkSyncIndicator *self,
           gpointer         target,
           const char      *property,
           LookPart         part)
{
  g_object_bind_property_full (self->sync, "status", target, property, G_BINDING_SYNC_CREATE,
                               transform_look_cb, NULL, GINT_TO_POINTER (part), NULL);
}

static void
gk_sync_indicator_constructed (GObject *object)
{
  GkSyncIndicator *self = (GkSyncIndicator *)object;

  G_OBJECT_CLASS (gk_sync_indicator_parent_class)->constructed (object);

  g_assert (GK_IS_SYNC (self->sync));

  /* GkSync notifies status after every reload too, when logged-in may have changed with it. */
  bind_look (self, self->image, "icon-name", LOOK_ICON);
  bind_look (self, self->label, "label", LOOK_LABEL);
  bind_look (self, self->title_label, "label", LOOK_TITLE);
  g_object_bind_property_full (self->sync, "status", self->login_button, "visible", G_BINDING_SYNC_CREATE,
                               transform_login_visible_cb, NULL, NULL, NULL);
  g_object_bind_property_full (self->sync, "logged-in", self->login_button, "label", G_BINDING_SYNC_CREATE,
                               transform_login_label_cb, NULL, NULL, NULL);
  g_object_bind_property (self->sync, "logged-in", self->send_button, "sensitive", G_BINDING_SYNC_CREATE);

  self->shown_status = gk_sync_get_status (self->sync);
  g_signal_connect_object (self->sync, "notify::status", G_CALLBACK (on_sync_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::last-error", G_CALLBACK (on_sync_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::logged-in", G_CALLBACK (on_sync_changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
gk_sync_indicator_dispose (GObject *object)
{
  GkSyncIndicator *self = (GkSyncIndicator *)object;

  g_clear_object (&self->sync);

  G_OBJECT_CLASS (gk_sync_indicator_parent_class)->dispose (object);
}

static void
gk_sync_indicator_finalize (GObject *object)
{
  GkSyncIndicator *self = (GkSyncIndicator *)object;

  g_free (self->summary);
  g_clear_pointer (&self->last_synced, g_date_time_unref);

  G_OBJECT_CLASS (gk_sync_indicator_parent_class)->finalize (object);
}

static void
gk_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GkSyncIndicator *self = GK_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GkSyncIndicator *self = GK_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Preferences and the outbox open windows of their own: the popover would stay over the main one. */
static void
on_window_button_clicked_cb (GkSyncIndicator *self)
{
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self)));
}

static void
gk_sync_indicator_class_init (GkSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_sync_indicator_constructed;
  object_class->dispose = gk_sync_indicator_dispose;
  object_class->finalize = gk_sync_indicator_finalize;
  object_class->get_property = gk_sync_indicator_get_property;
  object_class->set_property = gk_sync_indicator_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, GK_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, GkSyncIndicator, image);
  gtk_widget_class_bind_template_child (widget_class, GkSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, GkSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkSyncIndicator, message_label);
  gtk_widget_class_bind_template_child (widget_class, GkSyncIndicator, login_button);
  gtk_widget_class_bind_template_child (widget_class, GkSyncIndicator, outbox_button);
  gtk_widget_class_bind_template_child (widget_class, GkSyncIndicator, send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_window_button_clicked_cb);
}

static void
gk_sync_indicator_init (GkSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gk_sync_indicator_new (GkSync *sync)
{
  g_return_val_if_fail (GK_IS_SYNC (sync), NULL);

  return g_object_new (GK_TYPE_SYNC_INDICATOR, "sync", sync, NULL);
}

/**
 * gk_sync_indicator_get_summary:
 *
 * Returns: the state in a few words, as the tooltip shows it
 */
const char *
gk_sync_indicator_get_summary (GkSyncIndicator *self)
{
  g_return_val_if_fail (GK_IS_SYNC_INDICATOR (self), NULL);

  return self->summary;
}
