/* The item editor's attachments: adding, opening, removing with Undo, and masked copies. */
#define G_LOG_DOMAIN "gk-item-editor"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-attachment-row.h"
#include "gk-item-editor-private.h"
#include "gk-masked-copy.h"
#include "gk-privacy-report.h"

/* Whether the rows show these attachments already: autosave emits item-changed, and rebuilding would scan every file again. */
static gboolean
rows_match (GkItemEditor *self,
            GPtrArray    *attachments)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->attachment_list));
  guint i = 0;

  for (GList *l = rows; l != NULL; l = l->next, i++)
    if (i >= attachments->len
        || gk_attachment_get_id (gk_attachment_row_get_attachment (l->data))
           != gk_attachment_get_id (g_ptr_array_index (attachments, i)))
      return FALSE;

  return i == attachments->len;
}

/* Destroying a row cancels its scan, so switching item leaves no scan behind. */
void
_gk_item_editor_update_attachments (GkItemEditor *self)
{
  GPtrArray *attachments = gk_item_get_attachments (self->item);
  g_autoptr(GList) rows = NULL;

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->attachment_list)), attachments->len > 0);
  if (rows_match (self, attachments))
    return;

  rows = gtk_container_get_children (GTK_CONTAINER (self->attachment_list));
  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *path = gk_context_dup_attachment_path (self->context, attachment);

      GtkWidget *row = gk_attachment_row_new (attachment, path);

      gtk_container_add (GTK_CONTAINER (self->attachment_list), row);
      /* Still in the store while its removal can be undone, but gone from sight. */
      if (self->removing_uuid != NULL && gk_attachment_get_id (attachment) == self->removing_id)
        gtk_widget_hide (row);
    }
}

void
_gk_item_editor_update_attach_status (GkItemEditor *self)
{
  g_autofree char *status = NULL;

  if (self->n_attaching > 0)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Copying %u file…", "Copying %u files…",
                                           self->n_attaching), self->n_attaching);

  gtk_widget_set_visible (GTK_WIDGET (self->attach_spinner), self->n_attaching > 0);
  g_object_set (self->attach_spinner, "active", self->n_attaching > 0, NULL);
  gtk_label_set_text (self->attach_status_label,
                      status != NULL ? status : _("Drop files here to attach them."));
}

/* One copy in, or refused: the spinner stops counting it, and a refusal is said. */
static void
end_attaching (GkItemEditor *self,
               GkAttachment *attachment,
               const GError *error)
{
  self->n_attaching--;

  /* Cancelled on dispose: the widgets are gone. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (attachment == NULL)
    _gk_item_editor_show_error (self, error);

  _gk_item_editor_update_attach_status (self);
}

static void
on_attach_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GkItemEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkAttachment) attachment = gk_context_attach_file_finish (GK_CONTEXT (source), result, &error);

  end_attaching (self, attachment, error);
}

static void
on_drag_data_received_cb (GtkWidget        *widget,
                          GdkDragContext   *context,
                          int               x,
                          int               y,
                          GtkSelectionData *selection,
                          guint             info,
                          guint             time_)
{
  GkItemEditor *self = GK_ITEM_EDITOR (widget);
  g_auto(GStrv) uris = gtk_selection_data_get_uris (selection);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));

  gk_item_editor_attach_files (self, files);
}

static void
on_chooser_response_cb (GkItemEditor *self,
                        int           response)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GSList) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response != GTK_RESPONSE_ACCEPT)
    return;

  files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);

  gk_item_editor_attach_files (self, array);
}

static void
add_attachments_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  GkItemEditor *self = user_data;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Attach Files"),
                                               GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static GkAttachment *
lookup_attachment (GkItemEditor *self,
                   gint64        id)
{
  GPtrArray *attachments = gk_item_get_attachments (self->item);

  for (guint i = 0; i < attachments->len; i++)
    if (gk_attachment_get_id (g_ptr_array_index (attachments, i)) == id)
      return g_ptr_array_index (attachments, i);

  return NULL;
}

static void
on_launch_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GkItemEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) && !g_cancellable_is_cancelled (self->cancellable))
    _gk_item_editor_show_error (self, error);
}

static void
on_open_copy_ready_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GkItemEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkAppLaunchContext) launch = NULL;
  g_autoptr(GFile) copy = g_object_steal_data (G_OBJECT (source), "gk-copy");
  g_autofree char *uri = g_file_get_uri (copy);

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        _gk_item_editor_show_error (self, error);
      return;
    }

  launch = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (launch), self->cancellable,
                                           on_launch_ready_cb, g_object_ref (self));
}

/*
 * The stored copy is named by its SHA-256 and must never change, so the
 * default application gets a copy under the attachment's own name in the cache.
 */
static void
open_attachment_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  GkItemEditor *self = user_data;
  GkAttachment *attachment = lookup_attachment (self, g_variant_get_int64 (parameter));
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) copy = NULL;

  if (attachment == NULL)
    return;

  path = gk_context_dup_attachment_path (self->context, attachment);
  dir = g_build_filename (g_get_user_cache_dir (), "gongkai-liaison", "opened",
                          gk_attachment_get_sha256 (attachment), NULL);
  name = g_path_get_basename (gk_attachment_get_name (attachment));
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, g_io_error_from_errno (errno),
                                             _("Could not make the folder %s: %s"), dir, g_strerror (errno));
      _gk_item_editor_show_error (self, error);
      return;
    }

  source = g_file_new_for_path (path);
  copy = g_file_new_build_filename (dir, name, NULL);
  g_object_set_data_full (G_OBJECT (source), "gk-copy", g_object_ref (copy), g_object_unref);
  g_file_copy_async (source, copy, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, self->cancellable,
                     NULL, NULL, on_open_copy_ready_cb, g_object_ref (self));
}

/* How long a removed attachment can be put back before it leaves the store. */
#define REMOVE_UNDO_SECONDS 8

static GtkWidget *
find_attachment_row (GkItemEditor *self,
                     gint64        id)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->attachment_list));

  for (GList *l = rows; l != NULL; l = l->next)
    if (gk_attachment_get_id (gk_attachment_row_get_attachment (l->data)) == id)
      return l->data;

  return NULL;
}

static void
end_removal_offer (GkItemEditor *self)
{
  g_clear_handle_id (&self->removing_source_id, g_source_remove);
  g_clear_pointer (&self->removing_uuid, g_free);
  self->removing_id = 0;
  gtk_widget_hide (self->removed_box);
}

/* The removal the liaison did not take back goes to the store now (before a submission, a switch, closing). */
void
_gk_item_editor_flush_removal (GkItemEditor *self)
{
  g_autofree char *uuid = g_strdup (self->removing_uuid);
  gint64 id = self->removing_id;
  g_autoptr(GError) error = NULL;

  if (uuid == NULL)
    return;

  end_removal_offer (self);
  if (!gk_context_detach_file (self->context, uuid, id, &error))
    _gk_item_editor_show_error (self, error);
}

static gboolean
on_removal_timeout_cb (gpointer user_data)
{
  GkItemEditor *self = user_data;

  self->removing_source_id = 0;
  _gk_item_editor_flush_removal (self);

  return G_SOURCE_REMOVE;
}

/* Removed from sight at once, from the store once the Undo offer ends: a wrong click loses nothing. */
static void
remove_attachment_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GkItemEditor *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  GtkWidget *row;
  g_autofree char *message = NULL;

  _gk_item_editor_flush_removal (self);
  if (self->item == NULL || (row = find_attachment_row (self, id)) == NULL)
    return;

  self->removing_id = id;
  self->removing_uuid = g_strdup (gk_item_get_uuid (self->item));
  self->removing_source_id = g_timeout_add_seconds (REMOVE_UNDO_SECONDS, on_removal_timeout_cb, self);
  message = g_strdup_printf (_("“%s” was removed."),
                             gk_attachment_get_name (gk_attachment_row_get_attachment (GK_ATTACHMENT_ROW (row))));
  gtk_label_set_text (self->removed_label, message);
  gtk_widget_hide (row);
  gtk_widget_show (self->removed_box);
}

static void
undo_remove_attachment_activated (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  GkItemEditor *self = user_data;
  GtkWidget *row = self->removing_uuid != NULL ? find_attachment_row (self, self->removing_id) : NULL;

  if (row != NULL)
    gtk_widget_show (row);
  end_removal_offer (self);
}

static void
on_masked_copy_ready_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GkItemEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkAttachment) attachment = gk_context_replace_with_masked_copy_finish (GK_CONTEXT (source), result,
                                                                                   &error);

  end_attaching (self, attachment, error);
}

/* For a CSV or workbook with numbers in it: a masked copy takes the original's place. */
static void
replace_masked_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GkItemEditor *self = user_data;
  GkAttachment *attachment = lookup_attachment (self, g_variant_get_int64 (parameter));

  if (attachment == NULL)
    return;

  self->n_attaching++;
  _gk_item_editor_update_attach_status (self);
  _gk_item_editor_hide_error (self);

  gk_context_replace_with_masked_copy_async (self->context, gk_item_get_uuid (self->item),
                                             gk_attachment_get_id (attachment), self->cancellable,
                                             on_masked_copy_ready_cb, g_object_ref (self));
}

/* What the rows' scans found, by the attachments' SHA-256, for the submission not to scan them again. */
GHashTable *
_gk_item_editor_dup_attachment_reports (GkItemEditor *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->attachment_list));
  GHashTable *reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) gk_privacy_report_unref);

  for (GList *l = rows; l != NULL; l = l->next)
    {
      GkPrivacyReport *report = gk_attachment_row_get_report (l->data);

      if (report != NULL)
        g_hash_table_replace (reports, g_strdup (gk_attachment_get_sha256 (gk_attachment_row_get_attachment (l->data))),
                              gk_privacy_report_ref (report));
    }

  return reports;
}

/**
 * gk_item_editor_attach_files:
 * @files: (element-type GFile): files to copy into the store and attach
 *
 * What Add and a drop from the file manager both do: each file is copied in a
 * worker thread while a spinner turns, and the list shows it when it is in.
 */
void
gk_item_editor_attach_files (GkItemEditor *self,
                             GPtrArray    *files)
{
  g_return_if_fail (GK_IS_ITEM_EDITOR (self));
  g_return_if_fail (files != NULL);

  if (self->item == NULL || !gk_item_state_is_editable (gk_item_get_state (self->item)))
    return;

  for (guint i = 0; i < files->len; i++)
    {
      self->n_attaching++;
      gk_context_attach_file_async (self->context, gk_item_get_uuid (self->item), g_ptr_array_index (files, i),
                                    self->cancellable, on_attach_ready_cb, g_object_ref (self));
    }

  _gk_item_editor_update_attach_status (self);
}

static const GActionEntry attachment_entries[] = {
  { "add-attachments", add_attachments_activated },
  { "open-attachment", open_attachment_activated, "x" },
  { "remove-attachment", remove_attachment_activated, "x" },
  { "undo-remove-attachment", undo_remove_attachment_activated },
  { "replace-masked", replace_masked_activated, "x" },
};

void
_gk_item_editor_class_attachments_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_drag_data_received_cb);
}

void
_gk_item_editor_attachments_init (GkItemEditor *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), attachment_entries,
                                   G_N_ELEMENTS (attachment_entries), self);

  /* Files dropped from the file manager anywhere on the editor are attached. */
  gtk_drag_dest_set (GTK_WIDGET (self), GTK_DEST_DEFAULT_ALL, NULL, 0, GDK_ACTION_COPY);
  gtk_drag_dest_add_uri_targets (GTK_WIDGET (self));
}
