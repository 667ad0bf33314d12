/* The item editor's instance, shared by gk-item-editor.c and its -actions.c and -attachments.c. */
#pragma once

#include "gk-context.h"
#include "gk-date-entry.h"
#include "gk-item.h"
#include "gk-item-editor.h"
#include "gk-privacy-marks.h"
#include "gk-wording-marks.h"

G_BEGIN_DECLS

struct _GkItemEditor
{
  GtkBin               parent_instance;

  GkContext           *context;
  GkItem              *item;
  GCancellable        *cancellable;
  GSimpleActionGroup  *actions;
  GtkFileChooserNative *chooser;
  guint                save_source_id;
  guint                n_attaching;
  gboolean             loading;
  char                *state_class;

  GtkLabel            *state_label;
  GtkLabel            *revision_label;
  GtkLabel            *save_status_label;
  GtkWidget           *ready_button;
  GtkWidget           *submit_button;
  GtkWidget           *withdraw_button;
  GtkWidget           *delete_button;
  GtkInfoBar          *error_bar;
  GtkLabel            *error_label;
  GtkWidget           *override_button;
  GtkInfoBar          *privacy_bar;
  GtkLabel            *privacy_label;
  GkPrivacyMarks      *privacy_marks;
  GkWordingMarks      *wording_marks;
  /* The liaison confirmed the 易错词 the gate named, for this item as it stands. */
  gboolean             wording_accepted;
  /* A submission is in the gates: its scan runs in a worker. */
  gboolean             submitting;
  /* An edit took a ready item's sign-off back: said until it is ready again. */
  gboolean             returned_to_draft;
  GtkInfoBar          *state_bar;
  GtkLabel            *state_message_label;
  GtkEntry            *title_entry;
  GtkEntry            *doc_number_entry;
  GtkEntry            *issuer_entry;
  GkDateEntry         *written_on_entry;
  GkDateEntry         *publish_on_entry;
  GtkComboBoxText     *kind_combo;
  GtkWidget           *interprets_label;
  GtkMenuButton       *interprets_button;
  GtkLabel            *interprets_value_label;
  GtkPopover          *interprets_popover;
  GtkSearchEntry      *interprets_search;
  GtkListBox          *interprets_list;
  GtkTextView         *body_view;
  GtkTextBuffer       *body_buffer;
  GtkEntry            *reviewer_entry;
  GtkWidget           *correction_label;
  GtkEntry            *correction_entry;
  GkDateEntry         *reviewed_on_entry;
  GtkListBox          *attachment_list;
  GtkSpinner          *attach_spinner;
  GtkLabel            *attach_status_label;
  GtkWidget           *removed_box;
  GtkLabel            *removed_label;
  /* An attachment removed a moment ago, still in the store until the Undo offer ends. */
  gint64               removing_id;
  char                *removing_uuid;
  guint                removing_source_id;
  GtkWidget           *history_title_label;
  GtkLabel            *history_label;
  /* The archived revisions of the item shown, oldest first (GkItem) */
  GPtrArray           *revisions;
};

void      _gk_item_editor_show_error             (GkItemEditor   *self,
                                                  const GError   *error);
void      _gk_item_editor_hide_error             (GkItemEditor   *self);
void      _gk_item_editor_update_marks           (GkItemEditor   *self);
void      _gk_item_editor_set_action_enabled     (GkItemEditor   *self,
                                                  const char     *name,
                                                  gboolean        enabled);
gboolean  _gk_item_editor_save_now               (GkItemEditor   *self);
void      _gk_item_editor_mark_missing           (GkItemEditor   *self,
                                                  gboolean        mark);
void      _gk_item_editor_update_attachments     (GkItemEditor   *self);
void      _gk_item_editor_update_attach_status   (GkItemEditor   *self);
void      _gk_item_editor_flush_removal          (GkItemEditor   *self);
GHashTable *_gk_item_editor_dup_attachment_reports (GkItemEditor *self);
void      _gk_item_editor_actions_init           (GkItemEditor   *self);
void      _gk_item_editor_class_attachments_init (GtkWidgetClass *widget_class);
void      _gk_item_editor_attachments_init       (GkItemEditor   *self);

G_END_DECLS
