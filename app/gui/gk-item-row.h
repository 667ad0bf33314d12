/* A row of an item list: the item's title, its state badge and what identifies it. */
#pragma once

#include <gtk/gtk.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_ITEM_ROW (gk_item_row_get_type ())

G_DECLARE_FINAL_TYPE (GkItemRow, gk_item_row, GK, ITEM_ROW, GtkListBoxRow)

GtkWidget  *gk_item_row_new      (GkItem     *item,
                                  const char *place);
void        gk_item_row_set_item (GkItemRow  *self,
                                  GkItem     *item);
GkItem     *gk_item_row_get_item (GkItemRow  *self);
const char *gk_item_row_get_uuid (GkItemRow  *self);

char       *gk_item_row_dup_display_title (GkItem *item);
void        gk_item_row_set_refused        (GkItemRow *self);

G_END_DECLS
