/* Submitting despite the personal-information gate: who approved it and why, both required. */
#define G_LOG_DOMAIN "gk-override-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-override-dialog.h"

struct _GkOverrideDialog
{
  GtkDialog      parent_instance;

  GtkLabel      *refusal_label;
  GtkEntry      *approver_entry;
  GtkTextBuffer *reason_buffer;
};

G_DEFINE_FINAL_TYPE (GkOverrideDialog, gk_override_dialog, GTK_TYPE_DIALOG)

static char *
dup_reason (GkOverrideDialog *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->reason_buffer, &start, &end);

  return g_strstrip (gtk_text_buffer_get_text (self->reason_buffer, &start, &end, FALSE));
}

/* The portal keeps the approver and the reason with the item: blanks would record nothing. */
static void
on_changed_cb (GkOverrideDialog *self)
{
  g_autofree char *approver = gk_override_dialog_dup_approver (self);
  g_autofree char *reason = dup_reason (self);

  gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, *approver != '\0' && *reason != '\0');
}

static void
gk_override_dialog_class_init (GkOverrideDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-override-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GkOverrideDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, GkOverrideDialog, approver_entry);
  gtk_widget_class_bind_template_child (widget_class, GkOverrideDialog, reason_buffer);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
}

static void
gk_override_dialog_init (GkOverrideDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
  on_changed_cb (self);
}

/**
 * gk_override_dialog_new:
 * @refusal: the gate's sentence: what was found
 */
GtkWidget *
gk_override_dialog_new (GtkWindow  *parent,
                        const char *refusal)
{
  GkOverrideDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (GK_TYPE_OVERRIDE_DIALOG, "transient-for", parent, "use-header-bar", TRUE, NULL);
  gtk_label_set_text (self->refusal_label, refusal);

  return GTK_WIDGET (self);
}

char *
gk_override_dialog_dup_approver (GkOverrideDialog *self)
{
  g_return_val_if_fail (GK_IS_OVERRIDE_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_entry_get_text (self->approver_entry)));
}

char *
gk_override_dialog_dup_reason (GkOverrideDialog *self)
{
  g_return_val_if_fail (GK_IS_OVERRIDE_DIALOG (self), NULL);

  return dup_reason (self);
}
