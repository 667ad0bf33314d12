/* The item editor's actions that move an item along: ready, submit through the gates, withdraw. */
#define G_LOG_DOMAIN "gk-item-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-item-editor-private.h"
#include "gk-item-row.h"
#include "gk-override-dialog.h"
#include "gk-privacy-scanner.h"

/* What is on screen is saved and a pending removal done first: the move applies to the item as it looks. */
static void
change_state (GkItemEditor *self,
              gboolean    (*move) (GkContext *, const char *, GError **))
{
  g_autoptr(GError) error = NULL;

  if (!_gk_item_editor_save_now (self))
    return;
  _gk_item_editor_flush_removal (self);

  if (!move (self->context, gk_item_get_uuid (self->item), &error))
    _gk_item_editor_show_error (self, error);
}

/* The fields a sign-off lacks, marked where they are (the refusal names them all). */
void
_gk_item_editor_mark_missing (GkItemEditor *self,
                              gboolean      mark)
{
  GtkWidget *widgets[] = {
    [GK_ITEM_TITLE] = GTK_WIDGET (self->title_entry),
    [GK_ITEM_BODY] = GTK_WIDGET (self->body_view),
    [GK_ITEM_REVIEWER] = GTK_WIDGET (self->reviewer_entry),
    [GK_ITEM_REVIEWED_ON] = GTK_WIDGET (self->reviewed_on_entry),
  };
  GkItemField missing[GK_ITEM_MAX_MISSING_FOR_READY];
  guint n = mark && self->item != NULL ? gk_item_get_missing_for_ready (self->item, missing) : 0;

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (widgets[i] != NULL)
      gtk_style_context_remove_class (gtk_widget_get_style_context (widgets[i]), "gk-missing");

  for (guint i = 0; i < n; i++)
    gtk_style_context_add_class (gtk_widget_get_style_context (widgets[missing[i]]), "gk-missing");
}

static void
mark_ready_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GkItemEditor *self = user_data;

  change_state (self, gk_context_mark_item_ready);
  _gk_item_editor_mark_missing (self, self->item != NULL && gk_item_get_state (self->item) == GK_ITEM_STATE_DRAFT);
}

static void submit_item (GkItemEditor *self,
                         const char   *approver,
                         const char   *reason);

static void
on_wording_response_cb (GtkDialog *dialog,
                        int        response,
                        gpointer   user_data)
{
  GkItemEditor *self = user_data;
  g_autofree char *approver = g_strdup (g_object_get_data (G_OBJECT (dialog), "approver"));
  g_autofree char *reason = g_strdup (g_object_get_data (G_OBJECT (dialog), "reason"));

  gtk_widget_destroy (GTK_WIDGET (dialog));

  if (response != GTK_RESPONSE_ACCEPT || self->item == NULL)
    return;

  self->wording_accepted = TRUE;
  submit_item (self, approver, reason);
}

/* The gate named 易错词: sent only once the liaison says they are meant, naming them again. */
static void
confirm_wording (GkItemEditor *self,
                 const GError *error,
                 const char   *approver,
                 const char   *reason)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  g_autofree char *title = gk_item_row_dup_display_title (self->item);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Submit “%s” with these words?"), title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Correct Them"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Submit As Written"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "approver", g_strdup (approver), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "reason", g_strdup (reason), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_wording_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A submission on its way through the gates: who approved it, for asking about 易错词 afterwards. */
typedef struct {
  GkItemEditor *editor;
  char         *uuid;
  char         *approver;
  char         *reason;
} SubmitCall;

static void
submit_call_free (SubmitCall *call)
{
  g_object_unref (call->editor);
  g_free (call->uuid);
  g_free (call->approver);
  g_free (call->reason);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SubmitCall, submit_call_free)

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SubmitCall) call = user_data;
  GkItemEditor *self = call->editor;
  g_autoptr(GError) error = NULL;
  gboolean queued = gk_context_submit_item_finish (GK_CONTEXT (source), result, &error);

  self->submitting = FALSE;

  /* Cancelled on dispose: the widgets are gone. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  _gk_item_editor_set_action_enabled (self, "submit",
                                      self->item != NULL && gk_item_get_state (self->item) == GK_ITEM_STATE_READY);

  /* The editor moved on to another item meanwhile: the verdict is the outbox's and the item's to show. */
  if (self->item == NULL || !g_str_equal (gk_item_get_uuid (self->item), call->uuid))
    return;

  if (queued)
    _gk_item_editor_hide_error (self);
  else if (g_error_matches (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_WORDING))
    confirm_wording (self, error, call->approver, call->reason);
  else
    _gk_item_editor_show_error (self, error);
}

/*
 * Through the wording and personal-information gates, as `gongkai submit`
 * does; the attachments are scanned in a worker, except those the rows have
 * scanned already.
 */
static void
submit_item (GkItemEditor *self,
             const char   *approver,
             const char   *reason)
{
  g_autoptr(GHashTable) known = NULL;
  SubmitCall *call;

  _gk_item_editor_flush_removal (self);
  known = _gk_item_editor_dup_attachment_reports (self);
  call = g_new0 (SubmitCall, 1);
  call->editor = g_object_ref (self);
  call->uuid = g_strdup (gk_item_get_uuid (self->item));
  call->approver = g_strdup (approver);
  call->reason = g_strdup (reason);

  /* Submit is off while the gates work: a second click would queue nothing new. */
  self->submitting = TRUE;
  _gk_item_editor_set_action_enabled (self, "submit", FALSE);
  gk_context_submit_item_async (self->context, call->uuid, approver, reason,
                                self->wording_accepted, known, self->cancellable, on_submitted_cb, call);
}

static void
submit_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GkItemEditor *self = user_data;

  if (!_gk_item_editor_save_now (self))
    return;

  submit_item (self, NULL, NULL);
}

static void
on_override_response_cb (GkItemEditor     *self,
                         int               response,
                         GkOverrideDialog *dialog)
{
  g_autofree char *approver = gk_override_dialog_dup_approver (dialog);
  g_autofree char *reason = gk_override_dialog_dup_reason (dialog);

  gtk_widget_destroy (GTK_WIDGET (dialog));

  if (response != GTK_RESPONSE_ACCEPT || self->item == NULL)
    return;

  submit_item (self, approver, reason);
}

/* After the gate refused: the approver's name and the reason go to the portal with the item. */
static void
override_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GkItemEditor *self = user_data;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->item == NULL)
    return;

  dialog = gk_override_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   gtk_label_get_text (self->error_label));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_override_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mask_all_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GkItemEditor *self = user_data;
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autofree char *masked = NULL;
  guint n_masked = 0;

  gtk_text_buffer_get_bounds (self->body_buffer, &start, &end);
  body = gtk_text_buffer_get_text (self->body_buffer, &start, &end, FALSE);
  masked = gk_privacy_mask_text (body, -1, &n_masked);
  if (n_masked > 0)
    gtk_text_buffer_set_text (self->body_buffer, masked, -1);

  _gk_item_editor_save_now (self);
  _gk_item_editor_update_marks (self);
}

/* Back from the queue to ready, so the item can change again. */
static void
withdraw_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  change_state (user_data, gk_context_withdraw_item);
}

static const GActionEntry editor_entries[] = {
  { "mark-ready", mark_ready_activated },
  { "submit", submit_activated },
  { "override", override_activated },
  { "mask-all", mask_all_activated },
  { "withdraw", withdraw_activated },
};

void
_gk_item_editor_actions_init (GkItemEditor *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), editor_entries,
                                   G_N_ELEMENTS (editor_entries), self);
}
