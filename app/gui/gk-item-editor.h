/* The item editor: every field of one item, its attachments, and the buttons that move it along. */
#pragma once

#include <gtk/gtk.h>

#include "gk-privacy-marks.h"
#include "gk-wording-marks.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_ITEM_EDITOR (gk_item_editor_get_type ())

G_DECLARE_FINAL_TYPE (GkItemEditor, gk_item_editor, GK, ITEM_EDITOR, GtkBin)

GtkWidget  *gk_item_editor_new          (GkContext    *context);
GkContext  *gk_item_editor_get_context  (GkItemEditor *self);
GkItem     *gk_item_editor_get_item     (GkItemEditor *self);
const char *gk_item_editor_get_uuid     (GkItemEditor *self);
gboolean    gk_item_editor_set_uuid     (GkItemEditor *self,
                                         const char   *uuid);
gboolean    gk_item_editor_save         (GkItemEditor *self);
void        gk_item_editor_attach_files (GkItemEditor *self,
                                         GPtrArray    *files);
void        gk_item_editor_focus_title  (GkItemEditor *self);
guint       gk_item_editor_get_n_attaching (GkItemEditor *self);
gboolean    gk_item_editor_is_submitting (GkItemEditor *self);
GkPrivacyMarks *gk_item_editor_get_privacy_marks (GkItemEditor *self);
GkWordingMarks *gk_item_editor_get_wording_marks (GkItemEditor *self);

G_END_DECLS
