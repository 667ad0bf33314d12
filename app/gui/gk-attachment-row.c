/* One attachment in the editor: its name and size, Open and Remove, and what the personal-information scan found in it. */
#define G_LOG_DOMAIN "gk-attachment-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-attachment-row.h"
#include "gk-privacy-finding.h"

struct _GkAttachmentRow
{
  GtkListBoxRow    parent_instance;

  GkAttachment    *attachment;
  char            *blob_path;
  GkPrivacyReport *report;
  GCancellable    *cancellable;

  GtkImage        *icon;
  GtkLabel        *name_label;
  GtkImage        *badge;
  GtkLabel        *size_label;
  GtkWidget       *mask_button;
  GtkWidget       *open_button;
  GtkWidget       *remove_button;
};

G_DEFINE_FINAL_TYPE (GkAttachmentRow, gk_attachment_row, GTK_TYPE_LIST_BOX_ROW)

/* What the scan says, or NULL when the file is clean. */
static char *
dup_badge_text (GkPrivacyReport *report,
                const GError    *error)
{
  GPtrArray *findings;
  GkPrivacyFinding *first;
  g_autofree char *location = NULL;

  /* A file the scanner could not read is never passed silently. */
  if (report == NULL)
    return g_strdup_printf (_("Not scanned — check by hand: %s"), error->message);
  if (gk_privacy_report_get_not_scanned_reason (report) != NULL)
    return g_strdup_printf (_("Not scanned — check by hand: %s"), gk_privacy_report_get_not_scanned_reason (report));

  findings = gk_privacy_report_get_findings (report);
  if (findings == NULL || findings->len == 0)
    return NULL;

  first = g_ptr_array_index (findings, 0);
  location = gk_privacy_finding_dup_location (first);

  /* TRANSLATORS: the count, then where the first number is and how it looks masked */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u unmasked number (first: %s, %s)",
                                       "%u unmasked numbers (first: %s, %s)",
                                       findings->len),
                          findings->len, location, gk_privacy_finding_get_masked (first));
}

static void
show_report (GkAttachmentRow *self,
             const GError    *error)
{
  g_autofree char *text = dup_badge_text (self->report, error);
  const char *name = gk_attachment_get_name (self->attachment);
  g_autofree char *description = NULL;
  gboolean can_mask = self->report != NULL && !gk_privacy_report_is_clean (self->report)
                      && gk_privacy_report_can_mask (self->report)
                      && gk_privacy_report_get_findings (self->report)->len > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->badge), text != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->badge), text);
  gtk_widget_set_visible (self->mask_button, can_mask);

  /* The same words for screen readers, which do not see the icon's tooltip. */
  if (text != NULL)
    description = g_strdup_printf ("%s: %s", name, text);
  else
    description = g_strdup_printf (_("%s: no unmasked numbers found"), name);
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self)), description);
}

static void
on_scan_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GkAttachmentRow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->report = gk_privacy_scan_file_finish (result, &error);

  /* Cancelled when the row went away: the editor switched item or closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  show_report (self, error);
}

static void
gk_attachment_row_dispose (GObject *object)
{
  GkAttachmentRow *self = (GkAttachmentRow *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (gk_attachment_row_parent_class)->dispose (object);
}

static void
gk_attachment_row_finalize (GObject *object)
{
  GkAttachmentRow *self = (GkAttachmentRow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, gk_privacy_report_unref);
  g_clear_pointer (&self->attachment, gk_attachment_unref);
  g_clear_pointer (&self->blob_path, g_free);

  G_OBJECT_CLASS (gk_attachment_row_parent_class)->finalize (object);
}

static void
gk_attachment_row_class_init (GkAttachmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_attachment_row_dispose;
  object_class->finalize = gk_attachment_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-attachment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GkAttachmentRow, icon);
  gtk_widget_class_bind_template_child (widget_class, GkAttachmentRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GkAttachmentRow, badge);
  gtk_widget_class_bind_template_child (widget_class, GkAttachmentRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, GkAttachmentRow, mask_button);
  gtk_widget_class_bind_template_child (widget_class, GkAttachmentRow, open_button);
  gtk_widget_class_bind_template_child (widget_class, GkAttachmentRow, remove_button);
}

static void
gk_attachment_row_init (GkAttachmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * gk_attachment_row_new:
 * @blob_path: the stored copy, named by its digest
 *
 * A row that scans @blob_path in a worker thread and shows a badge when the
 * file holds unmasked numbers or could not be read.
 */
GtkWidget *
gk_attachment_row_new (GkAttachment *attachment,
                       const char   *blob_path)
{
  GkAttachmentRow *self;
  const char *name;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *size = NULL;
  g_autofree char *open_name = NULL;
  g_autofree char *remove_name = NULL;
  g_autoptr(GFile) blob = NULL;
  GVariant *target;

  g_return_val_if_fail (attachment != NULL, NULL);
  g_return_val_if_fail (blob_path != NULL, NULL);

  self = g_object_new (GK_TYPE_ATTACHMENT_ROW, NULL);
  self->attachment = gk_attachment_ref (attachment);
  self->blob_path = g_strdup (blob_path);
  name = gk_attachment_get_name (attachment);

  icon = g_content_type_get_symbolic_icon (gk_attachment_get_content_type (attachment));
  gtk_image_set_from_gicon (self->icon, icon, GTK_ICON_SIZE_BUTTON);
  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
  size = g_format_size (gk_attachment_get_size (attachment));
  gtk_label_set_text (self->size_label, size);

  target = g_variant_ref_sink (g_variant_new_int64 (gk_attachment_get_id (attachment)));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->mask_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->open_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->remove_button), target);
  g_variant_unref (target);

  open_name = g_strdup_printf (_("Open %s"), name);
  remove_name = g_strdup_printf (_("Remove %s"), name);
  atk_object_set_name (gtk_widget_get_accessible (self->open_button), open_name);
  atk_object_set_name (gtk_widget_get_accessible (self->remove_button), remove_name);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), name);

  /* The digest name says nothing: the attachment's own name gives the format. */
  blob = g_file_new_for_path (blob_path);
  gk_privacy_scan_file_named_async (blob, name, name, self->cancellable, on_scan_ready_cb, g_object_ref (self));

  return GTK_WIDGET (self);
}

GkAttachment *
gk_attachment_row_get_attachment (GkAttachmentRow *self)
{
  g_return_val_if_fail (GK_IS_ATTACHMENT_ROW (self), NULL);

  return self->attachment;
}

/**
 * gk_attachment_row_get_report:
 *
 * Returns: (transfer none) (nullable): the scan's report, %NULL until it is done or when it failed
 */
GkPrivacyReport *
gk_attachment_row_get_report (GkAttachmentRow *self)
{
  g_return_val_if_fail (GK_IS_ATTACHMENT_ROW (self), NULL);

  return self->report;
}
