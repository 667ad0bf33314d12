/* The outbox: every queued item on its way to the portal, with upload progress and Send Now. */
#define G_LOG_DOMAIN "gk-outbox-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-context.h"
#include "gk-item.h"
#include "gk-outbox-row.h"
#include "gk-outbox-window.h"
#include "gk-portal-problem.h"

struct _GkOutboxWindow
{
  GtkApplicationWindow  parent_instance;

  GkContext            *context;
  GkSync               *sync;
  GCancellable         *cancellable;
  GSimpleActionGroup   *actions;
  /* uuid → GkOutboxRow (owned by the list) */
  GHashTable           *rows;
  guint                 refresh_source_id;
  guint                 n_sending;

  GtkHeaderBar         *header_bar;
  GtkWidget            *send_button;
  GtkSpinner           *spinner;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkWidget            *login_button;
  GtkListBox           *list;
};

G_DEFINE_FINAL_TYPE (GkOutboxWindow, gk_outbox_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_problem (GkOutboxWindow *self,
              const char     *message,
              gboolean        offer_login)
{
  g_autofree char *detail = NULL;
  g_autofree char *sentence = message != NULL ? gk_portal_problem_split (message, &detail) : NULL;

  /* Our sentence; the portal's own words are in the stopped item's 详情. */
  gtk_label_set_text (self->error_label, sentence);
  gtk_widget_set_visible (self->login_button, offer_login);
  gtk_info_bar_set_revealed (self->error_bar, message != NULL);
}

static void
update_status (GkOutboxWindow *self)
{
  GkSyncStatus status = gk_sync_get_status (self->sync);
  /* A refusal is shown in full on its item's row; the bar is for problems no row explains. */
  gboolean trouble = status != GK_SYNC_STATUS_IDLE && status != GK_SYNC_STATUS_SENDING &&
                     status != GK_SYNC_STATUS_REFUSED;

  gtk_widget_set_sensitive (self->send_button, gk_sync_get_logged_in (self->sync) && self->n_sending == 0);
  g_object_set (self->spinner, "active", status == GK_SYNC_STATUS_SENDING || self->n_sending > 0, NULL);
  show_problem (self, trouble ? gk_sync_get_last_error (self->sync) : NULL, gk_sync_status_is_stopped (status));
}

/* Rows follow the store's outbox; a row that stays keeps its progress bars. */
void
gk_outbox_window_refresh (GkOutboxWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gboolean syncing;
  GHashTableIter iter;
  gpointer key, row;

  g_return_if_fail (GK_IS_OUTBOX_WINDOW (self));

  g_clear_handle_id (&self->refresh_source_id, g_source_remove);
  update_status (self);

  if ((entries = gk_context_list_outbox (self->context, &error)) == NULL)
    {
      show_problem (self, error->message, FALSE);
      return;
    }

  syncing = gk_sync_get_status (self->sync) == GK_SYNC_STATUS_SENDING;

  /* The suggested action only while something waits to be sent. */
  if (entries->len > 0)
    gtk_style_context_add_class (gtk_widget_get_style_context (self->send_button), GTK_STYLE_CLASS_SUGGESTED_ACTION);
  else
    gtk_style_context_remove_class (gtk_widget_get_style_context (self->send_button), GTK_STYLE_CLASS_SUGGESTED_ACTION);

  for (guint i = 0; i < entries->len; i++)
    {
      GkOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GkItem) item = gk_context_dup_item (self->context, entry->uuid, NULL);

      if (item == NULL)
        continue;

      if ((row = g_hash_table_lookup (self->rows, entry->uuid)) != NULL)
        {
          gk_outbox_row_update (row, item, entry, syncing);
        }
      else
        {
          row = gk_outbox_row_new (item, entry, syncing);
          gtk_container_add (GTK_CONTAINER (self->list), row);
          g_hash_table_insert (self->rows, g_strdup (entry->uuid), row);
        }
      g_hash_table_add (seen, (gpointer) gk_outbox_row_get_uuid (row));
    }

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      if (!g_hash_table_contains (seen, key))
        {
          gtk_widget_destroy (row);
          g_hash_table_iter_remove (&iter);
        }
    }
}

static gboolean
on_refresh_idle_cb (gpointer user_data)
{
  GkOutboxWindow *self = user_data;

  self->refresh_source_id = 0;
  gk_outbox_window_refresh (self);

  return G_SOURCE_REMOVE;
}

/* Several store signals come in a burst (queued, then submitted); one refresh follows them. */
static void
queue_refresh (GkOutboxWindow *self)
{
  if (self->refresh_source_id == 0)
    self->refresh_source_id = g_idle_add (on_refresh_idle_cb, self);
}

/* GkSync notifies sent-bytes at every report of the upload under way, and once when a pass is over. */
static void
on_progress_cb (GkOutboxWindow *self)
{
  g_autofree char *uuid = NULL;
  g_autofree char *sha256 = NULL;
  guint64 sent, size;
  GkOutboxRow *row;

  g_object_get (self->sync, "current-item", &uuid, "current-file", &sha256, "sent-bytes", &sent,
                "total-bytes", &size, NULL);
  if (uuid != NULL && (row = g_hash_table_lookup (self->rows, uuid)) != NULL)
    gk_outbox_row_set_progress (row, sha256, sent, size);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GkOutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_sending--;

  /* Failures also land in GkSync's last-error, which update_status shows. */
  if (!gk_sync_send_now_finish (GK_SYNC (object), result, &error))
    g_debug ("Send Now: %s", error->message);

  if (!g_cancellable_is_cancelled (self->cancellable))
    gk_outbox_window_refresh (self);
}

static void
on_send_button_clicked_cb (GkOutboxWindow *self)
{
  self->n_sending++;
  update_status (self);
  gk_sync_send_now_async (self->sync, self->cancellable, on_sent_cb, g_object_ref (self));
}

/* Back to ready, so the liaison can correct what the portal refused and submit again. */
static void
withdraw_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GkOutboxWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gk_context_withdraw_item (self->context, g_variant_get_string (parameter, NULL), &error))
    show_problem (self, error->message, FALSE);
}

/* As `gongkai submit ID` on a queued item: sent again at once, with a fresh count of attempts. */
static void
retry_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GkOutboxWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gk_context_submit_item (self->context, g_variant_get_string (parameter, NULL),
                               NULL, NULL, FALSE, &error))
    {
      show_problem (self, error->message, FALSE);
      return;
    }

  on_send_button_clicked_cb (self);
}

static const GActionEntry outbox_entries[] = {
  { "withdraw", withdraw_activated, "s" },
  { "retry", retry_activated, "s" },
};

static void
gk_outbox_window_constructed (GObject *object)
{
  GkOutboxWindow *self = (GkOutboxWindow *)object;

  G_OBJECT_CLASS (gk_outbox_window_parent_class)->constructed (object);

  g_assert (GK_IS_CONTEXT (self->context));
  g_assert (GK_IS_SYNC (self->sync));

  /* The list changes with the outbox, and with the bin (a queued item restored); a draft's autosave reads nothing here. */
  g_signal_connect_object (self->context, "outbox-changed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "item-added", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "item-removed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->sync, "url", self->header_bar, "subtitle", G_BINDING_SYNC_CREATE);
  /* A failed attempt changes only the outbox row, not the item: the end of each pass shows it. */
  g_signal_connect_object (self->sync, "notify::status", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::last-error", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::logged-in", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::sent-bytes", G_CALLBACK (on_progress_cb), self, G_CONNECT_SWAPPED);

  gk_outbox_window_refresh (self);
}

static void
gk_outbox_window_dispose (GObject *object)
{
  GkOutboxWindow *self = (GkOutboxWindow *)object;

  g_cancellable_cancel (self->cancellable);
  /* A Send Now still running keeps this object alive a little longer, without signals. */
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (self->sync, self);
    }
  g_clear_handle_id (&self->refresh_source_id, g_source_remove);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->actions);
  g_clear_object (&self->sync);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_outbox_window_parent_class)->dispose (object);
}

static void
gk_outbox_window_finalize (GObject *object)
{
  GkOutboxWindow *self = (GkOutboxWindow *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gk_outbox_window_parent_class)->finalize (object);
}

static void
gk_outbox_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GkOutboxWindow *self = GK_OUTBOX_WINDOW (object);

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
gk_outbox_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GkOutboxWindow *self = GK_OUTBOX_WINDOW (object);

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
gk_outbox_window_class_init (GkOutboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_outbox_window_constructed;
  object_class->dispose = gk_outbox_window_dispose;
  object_class->finalize = gk_outbox_window_finalize;
  object_class->get_property = gk_outbox_window_get_property;
  object_class->set_property = gk_outbox_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, GK_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-outbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GkOutboxWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxWindow, send_button);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxWindow, login_button);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxWindow, list);
  gtk_widget_class_bind_template_callback (widget_class, on_send_button_clicked_cb);
}

static void
gk_outbox_window_init (GkOutboxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), outbox_entries, G_N_ELEMENTS (outbox_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "outbox", G_ACTION_GROUP (self->actions));
}

GkOutboxWindow *
gk_outbox_window_new (GtkApplication *application,
                      GkContext      *context,
                      GkSync         *sync)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (GK_IS_SYNC (sync), NULL);

  return g_object_new (GK_TYPE_OUTBOX_WINDOW,
                       "application", application,
                       "context", context,
                       "sync", sync,
                       NULL);
}

GtkListBox *
gk_outbox_window_get_list (GkOutboxWindow *self)
{
  g_return_val_if_fail (GK_IS_OUTBOX_WINDOW (self), NULL);

  return self->list;
}
