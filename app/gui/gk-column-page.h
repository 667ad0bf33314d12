/* The right-hand page of the main window: what one column asks of the liaison's unit. */
#pragma once

#include <gtk/gtk.h>

#include "gk-check.h"

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_COLUMN_PAGE (gk_column_page_get_type ())

G_DECLARE_FINAL_TYPE (GkColumnPage, gk_column_page, GK, COLUMN_PAGE, GtkBin)

GtkWidget  *gk_column_page_new        (void);
void        gk_column_page_set_context (GkColumnPage *self,
                                        GkContext    *context);
GkColumn   *gk_column_page_get_column (GkColumnPage *self);
const char *gk_column_page_get_unit   (GkColumnPage *self);
void        gk_column_page_set_column (GkColumnPage *self,
                                       GkColumn     *column,
                                       const char   *unit);

void        gk_column_page_set_status (GkColumnPage         *self,
                                       const GkColumnStatus *status);

G_END_DECLS
