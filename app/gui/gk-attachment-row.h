/* One attachment in the editor: its name and size, Open and Remove, and what the personal-information scan found in it. */
#pragma once

#include <gtk/gtk.h>

#include "gk-privacy-report.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_ATTACHMENT_ROW (gk_attachment_row_get_type ())

G_DECLARE_FINAL_TYPE (GkAttachmentRow, gk_attachment_row, GK, ATTACHMENT_ROW, GtkListBoxRow)

GtkWidget       *gk_attachment_row_new            (GkAttachment    *attachment,
                                                   const char      *blob_path);
GkAttachment    *gk_attachment_row_get_attachment (GkAttachmentRow *self);
GkPrivacyReport *gk_attachment_row_get_report     (GkAttachmentRow *self);

G_END_DECLS
