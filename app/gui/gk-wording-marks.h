/* 易错词 and sensitive words marked in an item's title and body: underlined, explained on hover. */
#pragma once

#include <gtk/gtk.h>

#include "gk-wording.h"

G_BEGIN_DECLS

#define GK_TYPE_WORDING_MARKS (gk_wording_marks_get_type ())

G_DECLARE_FINAL_TYPE (GkWordingMarks, gk_wording_marks, GK, WORDING_MARKS, GObject)

GkWordingMarks *gk_wording_marks_new            (GkWording      *wording,
                                                 GtkEntry       *title,
                                                 GtkTextView    *body);
guint           gk_wording_marks_update         (GkWordingMarks *self);
guint           gk_wording_marks_get_n_marks    (GkWordingMarks *self);
gboolean        gk_wording_marks_is_marked      (GkWordingMarks *self,
                                                 int             char_offset);
const char     *gk_wording_marks_get_title_hint (GkWordingMarks *self);

G_END_DECLS
