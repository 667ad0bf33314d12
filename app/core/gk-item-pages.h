/* A column's items as a list model that reads them from the store a page at a time. */
#pragma once

#include <gio/gio.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_ITEM_PAGES (gk_item_pages_get_type ())

G_DECLARE_FINAL_TYPE (GkItemPages, gk_item_pages, GK, ITEM_PAGES, GObject)

GkItemPages *gk_item_pages_new    (GkContext   *context,
                                    const char  *unit,
                                    const char  *column_id);
gboolean     gk_item_pages_reload (GkItemPages *self,
                                   GError     **error);

G_END_DECLS
