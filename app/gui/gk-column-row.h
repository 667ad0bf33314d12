/* A row of the main window's sidebar: one column with how many items it holds and what needs attention. */
#pragma once

#include <gtk/gtk.h>

#include "gk-check.h"
#include "gk-store-types.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_COLUMN_ROW (gk_column_row_get_type ())

G_DECLARE_FINAL_TYPE (GkColumnRow, gk_column_row, GK, COLUMN_ROW, GtkListBoxRow)

GtkWidget *gk_column_row_new        (GkColumn             *column);
GkColumn  *gk_column_row_get_column (GkColumnRow          *self);
void       gk_column_row_set_counts (GkColumnRow          *self,
                                     const GkColumnCounts *counts);
void       gk_column_row_set_status (GkColumnRow          *self,
                                     const GkColumnStatus *status);

G_END_DECLS
