/* Submitting despite the personal-information gate: who approved it and why, both required. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GK_TYPE_OVERRIDE_DIALOG (gk_override_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkOverrideDialog, gk_override_dialog, GK, OVERRIDE_DIALOG, GtkDialog)

GtkWidget *gk_override_dialog_new          (GtkWindow        *parent,
                                            const char       *refusal);
char      *gk_override_dialog_dup_approver (GkOverrideDialog *self);
char      *gk_override_dialog_dup_reason   (GkOverrideDialog *self);

G_END_DECLS
