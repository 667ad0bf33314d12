/* A scrolling list of items that builds rows only for the ones on screen, for columns of thousands. */
#pragma once

#include <gtk/gtk.h>

#include "gk-item-row.h"

G_BEGIN_DECLS

#define GK_TYPE_ITEM_LIST (gk_item_list_get_type ())

G_DECLARE_FINAL_TYPE (GkItemList, gk_item_list, GK, ITEM_LIST, GtkBin)

/**
 * GkItemListBindFunc:
 * @row: a row that has just been given an item
 *
 * Adds what the list's owner knows about the row's item beyond the item itself.
 */
typedef void (*GkItemListBindFunc) (GkItemRow *row,
                                    gpointer   user_data);

GtkWidget *gk_item_list_new        (void);
void       gk_item_list_bind_model (GkItemList         *self,
                                    GListModel         *model,
                                    GkItemListBindFunc  bind_func,
                                    gpointer            user_data);

G_END_DECLS
