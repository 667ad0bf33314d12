/* The annual report's texts and hand corrections for one year. */
#pragma once

#include <gtk/gtk.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_REPORT_DIALOG (gk_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkReportDialog, gk_report_dialog, GK, REPORT_DIALOG, GtkDialog)

GtkWidget *gk_report_dialog_new  (GtkWindow      *parent,
                                  GkContext      *context,
                                  int             year);
gboolean   gk_report_dialog_save (GkReportDialog *self,
                                  GError        **error);

G_END_DECLS
