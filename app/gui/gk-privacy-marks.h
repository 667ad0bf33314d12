/* Personal-information numbers marked in a text view: underlined, with what they are in a tooltip. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GK_TYPE_PRIVACY_MARKS (gk_privacy_marks_get_type ())

G_DECLARE_FINAL_TYPE (GkPrivacyMarks, gk_privacy_marks, GK, PRIVACY_MARKS, GObject)

GkPrivacyMarks *gk_privacy_marks_new            (GtkTextView    *view);
guint           gk_privacy_marks_update         (GkPrivacyMarks *self);
guint           gk_privacy_marks_get_n_findings (GkPrivacyMarks *self);
gboolean        gk_privacy_marks_is_marked      (GkPrivacyMarks *self,
                                                 int             char_offset);

G_END_DECLS
