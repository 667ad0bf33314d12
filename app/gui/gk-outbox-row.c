/* One queued item in the outbox: where it stands, its attachments' upload progress, the portal's refusal. */
#define G_LOG_DOMAIN "gk-outbox-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-item.h"
#include "gk-item-row.h"
#include "gk-outbox-row.h"
#include "gk-portal-problem.h"

struct _GkOutboxRow
{
  GtkListBoxRow  parent_instance;

  char          *uuid;
  char          *state_text;
  /* sha256 → GtkProgressBar (owned by the grid) */
  GHashTable    *bars;
  /* Progress arrived during the current pass: the engine is on this item now. */
  gboolean       receiving;

  GtkLabel      *title_label;
  GtkWidget     *withdraw_button;
  GtkWidget     *retry_button;
  GtkLabel      *state_label;
  GtkLabel      *reason_label;
  GtkExpander   *detail_expander;
  GtkLabel      *detail_label;
  GtkGrid       *attachment_grid;
};

G_DEFINE_FINAL_TYPE (GkOutboxRow, gk_outbox_row, GTK_TYPE_LIST_BOX_ROW)

static void
show_bytes (GtkProgressBar *bar,
            guint64         sent,
            guint64         size)
{
  g_autofree char *sent_text = g_format_size (sent);
  g_autofree char *size_text = g_format_size (size);
  g_autofree char *text = g_strdup_printf (_("%s / %s"), sent_text, size_text);

  gtk_progress_bar_set_fraction (bar, size > 0 ? CLAMP ((double) sent / (double) size, 0.0, 1.0) : 0.0);
  gtk_progress_bar_set_text (bar, text);
}

static void
add_attachments (GkOutboxRow *self,
                 GkItem      *item)
{
  GPtrArray *attachments = gk_item_get_attachments (item);

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);
      GtkWidget *name = gtk_label_new (gk_attachment_get_name (attachment));
      GtkWidget *bar = gtk_progress_bar_new ();

      gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_width_chars (GTK_LABEL (name), 16);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 28);
      gtk_widget_set_tooltip_text (name, gk_attachment_get_name (attachment));

      gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      atk_object_set_name (gtk_widget_get_accessible (bar), gk_attachment_get_name (attachment));
      show_bytes (GTK_PROGRESS_BAR (bar), 0, gk_attachment_get_size (attachment));

      gtk_grid_attach (self->attachment_grid, name, 0, (int) i, 1, 1);
      gtk_grid_attach (self->attachment_grid, bar, 1, (int) i, 1, 1);
      g_hash_table_replace (self->bars, g_strdup (gk_attachment_get_sha256 (attachment)), bar);
    }

  gtk_widget_show_all (GTK_WIDGET (self->attachment_grid));
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_grid), attachments->len > 0);
}

/* "14:05:31" today, the date too otherwise; the store keeps UTC. */
static char *
dup_local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (utc == NULL)
    return g_strdup (iso);

  local = g_date_time_to_local (utc);
  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now) &&
      g_date_time_get_year (local) == g_date_time_get_year (now))
    return g_date_time_format (local, "%H:%M:%S");

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* The state line, the portal's words below it, and Withdraw unless the item is on its way. */
static void
show_state (GkOutboxRow *self,
            char        *state_text,
            const char  *reason,
            gboolean     can_withdraw,
            gboolean     stopped)
{
  g_autofree char *detail = NULL;
  g_autofree char *sentence = reason != NULL ? gk_portal_problem_split (reason, &detail) : NULL;

  g_free (self->state_text);
  self->state_text = state_text;
  gtk_label_set_text (self->state_label, state_text);
  /* Our sentence in the liaison's language; the portal's own words only under 详情. */
  gtk_label_set_text (self->reason_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), sentence != NULL);
  gtk_label_set_text (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_expander), detail != NULL);
  gtk_widget_set_visible (self->withdraw_button, can_withdraw);
  gtk_widget_set_visible (self->retry_button, stopped);
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self)), state_text);
}

static void
gk_outbox_row_finalize (GObject *object)
{
  GkOutboxRow *self = (GkOutboxRow *)object;

  g_free (self->uuid);
  g_free (self->state_text);
  g_clear_pointer (&self->bars, g_hash_table_unref);

  G_OBJECT_CLASS (gk_outbox_row_parent_class)->finalize (object);
}

static void
gk_outbox_row_class_init (GkOutboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gk_outbox_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-outbox-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, detail_expander);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GkOutboxRow, attachment_grid);
}

static void
gk_outbox_row_init (GkOutboxRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * gk_outbox_row_new:
 * @syncing: whether the engine is in a pass now
 */
GtkWidget *
gk_outbox_row_new (GkItem        *item,
                   GkOutboxEntry *entry,
                   gboolean       syncing)
{
  GkOutboxRow *self;

  g_return_val_if_fail (GK_IS_ITEM (item), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (GK_TYPE_OUTBOX_ROW, NULL);
  self->uuid = g_strdup (entry->uuid);
  /* A queued item cannot change, so its attachments are laid out once. */
  add_attachments (self, item);
  gk_outbox_row_update (self, item, entry, syncing);

  return GTK_WIDGET (self);
}

const char *
gk_outbox_row_get_uuid (GkOutboxRow *self)
{
  g_return_val_if_fail (GK_IS_OUTBOX_ROW (self), NULL);

  return self->uuid;
}

/* Stopped, sending, waiting for a retry, or waiting for its turn: and what the liaison can do. */
void
gk_outbox_row_update (GkOutboxRow   *self,
                      GkItem        *item,
                      GkOutboxEntry *entry,
                      gboolean       syncing)
{
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  char *state_text;
  gboolean sending;

  g_return_if_fail (GK_IS_OUTBOX_ROW (self));
  g_return_if_fail (g_strcmp0 (entry->uuid, self->uuid) == 0);

  if (!syncing)
    self->receiving = FALSE;
  sending = !entry->stopped && (entry->sending || self->receiving);

  if (entry->stopped)
    {
      state_text = g_strdup (_("Stopped: the portal refused this item. Withdraw it, correct it and submit it again; or, if the refusal may have passed, submit it again as it is."));
      reason = g_strdup (entry->last_error != NULL ? entry->last_error : _("The portal gave no reason."));
    }
  else if (sending)
    {
      state_text = g_strdup (_("Sending…"));
    }
  else if (entry->next_attempt_at != NULL)
    {
      g_autofree char *at = dup_local_time (entry->next_attempt_at);

      state_text = g_strdup_printf (_("Waiting: next attempt at %s"), at);
      if (entry->last_error != NULL)
        reason = g_strdup_printf (_("Last attempt: %s"), entry->last_error);
    }
  else
    {
      state_text = g_strdup (_("Waiting to be sent"));
    }

  title = gk_item_row_dup_display_title (item);
  gtk_label_set_text (self->title_label, title);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), title);
  if (entry->stopped)
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self)), "gk-outbox-stopped");
  else
    gtk_style_context_remove_class (gtk_widget_get_style_context (GTK_WIDGET (self)), "gk-outbox-stopped");

  /* Once the item itself is on its way the portal may hold it: the core refuses a withdrawal then. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->withdraw_button), "s", self->uuid);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "s", self->uuid);
  show_state (self, state_text, reason, !sending, entry->stopped);
}

/* GkSyncEngine::progress for this item: @sent of @size bytes of the attachment @sha256. */
void
gk_outbox_row_set_progress (GkOutboxRow *self,
                            const char  *sha256,
                            guint64      sent,
                            guint64      size)
{
  GtkProgressBar *bar;

  g_return_if_fail (GK_IS_OUTBOX_ROW (self));

  if ((bar = g_hash_table_lookup (self->bars, sha256)) == NULL)
    return;

  show_bytes (bar, sent, size);

  if (!self->receiving)
    {
      self->receiving = TRUE;
      show_state (self, g_strdup (_("Sending…")), NULL, FALSE, FALSE);
    }
}

const char *
gk_outbox_row_get_state_text (GkOutboxRow *self)
{
  g_return_val_if_fail (GK_IS_OUTBOX_ROW (self), NULL);

  return self->state_text;
}

/**
 * gk_outbox_row_get_progress_bar:
 *
 * Returns: (transfer none) (nullable): the bar of the attachment @sha256
 */
GtkProgressBar *
gk_outbox_row_get_progress_bar (GkOutboxRow *self,
                                const char  *sha256)
{
  g_return_val_if_fail (GK_IS_OUTBOX_ROW (self), NULL);

  return g_hash_table_lookup (self->bars, sha256);
}
