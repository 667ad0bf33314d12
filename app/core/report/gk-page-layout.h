/* Printed reports as blocks (paragraphs and table rows) measured with Pango and dealt onto A4 pages. */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* A4 in points. */
#define GK_PAGE_A4_WIDTH 595.276
#define GK_PAGE_A4_HEIGHT 841.89

typedef enum {
  GK_PAGE_BLOCK_TITLE,
  GK_PAGE_BLOCK_HEADING,
  GK_PAGE_BLOCK_TEXT,
  GK_PAGE_BLOCK_BANNER,
  GK_PAGE_BLOCK_ROW,
  GK_PAGE_BLOCK_HEADER_ROW,
  GK_PAGE_BLOCK_SIGNATURES,
} GkPageBlockKind;

typedef struct _GkPageBlock GkPageBlock;

/* Ends the cells of gk_page_layout_add(), where a NULL cell is an empty one. */
#define GK_PAGE_END ((const char *) -1)

/* The footer of a page, counted from 0. */
typedef char *(*GkPageFooterFunc) (guint    page,
                                   guint    n_pages,
                                   gpointer user_data);

#define GK_TYPE_PAGE_LAYOUT (gk_page_layout_get_type ())

G_DECLARE_FINAL_TYPE (GkPageLayout, gk_page_layout, GK, PAGE_LAYOUT, GObject)

GkPageLayout *gk_page_layout_new        (void);
void          gk_page_layout_clear      (GkPageLayout    *self);
GkPageBlock  *gk_page_layout_add        (GkPageLayout    *self,
                                         GkPageBlockKind  kind,
                                         const double    *widths,
                                         GkPageBlock     *header,
                                         const char      *first,
                                         ...);
GkPageBlock  *gk_page_layout_add_cells  (GkPageLayout    *self,
                                         GkPageBlockKind  kind,
                                         const double    *widths,
                                         GkPageBlock     *header,
                                         const char * const *cells);
guint         gk_page_layout_paginate   (GkPageLayout    *self,
                                         PangoContext    *context,
                                         double           width,
                                         double           height);
void          gk_page_layout_draw_page  (GkPageLayout    *self,
                                         cairo_t         *cr,
                                         guint            page,
                                         const char      *footer);
gboolean      gk_page_layout_write_pdf  (GkPageLayout    *self,
                                         const char      *path,
                                         const char      *title,
                                         GkPageFooterFunc footer,
                                         gpointer         user_data,
                                         GError         **error);

G_END_DECLS
