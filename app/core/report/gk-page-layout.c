/*
 * Reports as pages, without an office suite: a list of blocks (a title, a
 * heading, a paragraph, a table row of wrapped cells, lines for signatures)
 * measured with Pango and dealt onto pages; a table's header row is repeated
 * at the top of each page it continues on. The same pages are drawn into a
 * cairo PDF surface and into GtkPrintOperation's pages. Used by the
 * self-check report and the annual report.
 */
#define G_LOG_DOMAIN "gk-report"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "gk-page-layout.h"

/* The margins of an ordinary office document. */
#define MARGIN 56.0
#define CELL_PADDING 3.0
/* A 宋体-style serif, as official documents are set, where one is installed (fonts-arphic-uming
 * or Noto Serif CJK, Recommends of the package); the sans the desktop has otherwise. */
#define FONT "Noto Serif CJK SC, AR PL UMing CN, AR PL SungtiL GB, Noto Sans CJK SC, WenQuanYi Micro Hei, Serif"

struct _GkPageBlock
{
  GkPageBlockKind  kind;
  GPtrArray       *cells;    /* char *, markup-free text */
  const double    *widths;   /* fractions of the text width, for rows */
  GkPageBlock     *header;   /* the table's header, for rows */
  double           height;   /* measured */
  guint            page;
  double           y;
};

struct _GkPageLayout
{
  GObject       parent_instance;

  GPtrArray    *blocks;
  double        width;
  double        height;
  guint         n_pages;
  PangoContext *context;
};

G_DEFINE_FINAL_TYPE (GkPageLayout, gk_page_layout, G_TYPE_OBJECT)

static void
block_free (GkPageBlock *block)
{
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block);
}

static GkPageBlock *
block_new (GkPageLayout    *self,
           GkPageBlockKind  kind,
           const double    *widths,
           GkPageBlock     *header)
{
  GkPageBlock *block = g_new0 (GkPageBlock, 1);

  block->kind = kind;
  block->widths = widths;
  block->header = header;
  block->cells = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->blocks, block);

  return block;
}

/**
 * gk_page_layout_add:
 * @widths: (nullable): for rows, each cell's fraction of the text width; must outlive the layout
 * @header: (nullable): for rows, the table's header row, repeated on the pages the table continues on
 * @first: the first cell, then the others, ended by %GK_PAGE_END; a %NULL cell is empty
 *
 * Returns: (transfer none): the block, to name as the header of the rows that follow
 */
GkPageBlock *
gk_page_layout_add (GkPageLayout    *self,
                    GkPageBlockKind  kind,
                    const double    *widths,
                    GkPageBlock     *header,
                    const char      *first,
                    ...)
{
  GkPageBlock *block = block_new (self, kind, widths, header);
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != GK_PAGE_END; cell = va_arg (args, const char *))
    g_ptr_array_add (block->cells, g_strdup (cell != NULL ? cell : ""));
  va_end (args);

  return block;
}

/**
 * gk_page_layout_add_cells:
 * @cells: (array zero-terminated=1): the cells
 *
 * As gk_page_layout_add(), with the cells in an array.
 */
GkPageBlock *
gk_page_layout_add_cells (GkPageLayout       *self,
                          GkPageBlockKind     kind,
                          const double       *widths,
                          GkPageBlock        *header,
                          const char * const *cells)
{
  GkPageBlock *block = block_new (self, kind, widths, header);

  for (guint i = 0; cells[i] != NULL; i++)
    g_ptr_array_add (block->cells, g_strdup (cells[i]));

  return block;
}

void
gk_page_layout_clear (GkPageLayout *self)
{
  g_return_if_fail (GK_IS_PAGE_LAYOUT (self));

  g_ptr_array_set_size (self->blocks, 0);
}

static PangoLayout *
new_layout (GkPageLayout    *self,
            GkPageBlockKind  kind,
            const char      *text,
            double           width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);

  switch (kind)
    {
    case GK_PAGE_BLOCK_TITLE:
      pango_font_description_set_absolute_size (font, 18 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      break;

    case GK_PAGE_BLOCK_HEADING:
      pango_font_description_set_absolute_size (font, 13 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case GK_PAGE_BLOCK_HEADER_ROW:
      pango_font_description_set_absolute_size (font, 9 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case GK_PAGE_BLOCK_ROW:
      pango_font_description_set_absolute_size (font, 9 * PANGO_SCALE);
      break;

    case GK_PAGE_BLOCK_BANNER:
      pango_font_description_set_absolute_size (font, 11 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case GK_PAGE_BLOCK_TEXT:
    case GK_PAGE_BLOCK_SIGNATURES:
    default:
      pango_font_description_set_absolute_size (font, 10.5 * PANGO_SCALE);
      break;
    }

  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
measure_block (GkPageLayout *self,
               GkPageBlock  *block)
{
  double text_width = self->width - 2 * MARGIN;

  if (block->kind == GK_PAGE_BLOCK_ROW || block->kind == GK_PAGE_BLOCK_HEADER_ROW)
    {
      double tallest = 0;

      for (guint i = 0; i < block->cells->len; i++)
        {
          double cell = text_width * block->widths[i] - 2 * CELL_PADDING;
          g_autoptr(PangoLayout) layout = new_layout (self, block->kind, g_ptr_array_index (block->cells, i), cell);

          tallest = MAX (tallest, layout_height (layout));
        }

      return tallest + 2 * CELL_PADDING;
    }

  if (block->kind == GK_PAGE_BLOCK_SIGNATURES)
    return 30.0 + 40.0 * block->cells->len;

  {
    g_autoptr(PangoLayout) layout = new_layout (self, block->kind, g_ptr_array_index (block->cells, 0), text_width);
    double space = block->kind == GK_PAGE_BLOCK_TITLE ? 18.0 : block->kind == GK_PAGE_BLOCK_HEADING ? 14.0 : 6.0;

    return layout_height (layout) + space + (block->kind == GK_PAGE_BLOCK_BANNER ? 12.0 : 0.0);
  }
}

/**
 * gk_page_layout_paginate:
 * @width: the page's width in points (or device units)
 *
 * Lays the blocks out for pages of @width × @height.
 *
 * Returns: the number of pages
 */
guint
gk_page_layout_paginate (GkPageLayout *self,
                         PangoContext *context,
                         double        width,
                         double        height)
{
  double bottom = height - MARGIN - 20.0;
  double y = MARGIN;
  guint page = 0;

  g_return_val_if_fail (GK_IS_PAGE_LAYOUT (self), 0);

  g_set_object (&self->context, context);
  self->width = width;
  self->height = height;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      GkPageBlock *block = g_ptr_array_index (self->blocks, i);
      /* A heading with no room for what follows it goes to the next page with it. */
      double keep = block->kind == GK_PAGE_BLOCK_HEADING ? 60.0 : 0.0;

      block->height = measure_block (self, block);

      if (y + block->height + keep > bottom && y > MARGIN)
        {
          page++;
          y = MARGIN;
          if (block->kind == GK_PAGE_BLOCK_ROW && block->header != NULL)
            y += block->header->height;
        }

      block->page = page;
      block->y = y;
      y += block->height;
    }

  self->n_pages = page + 1;

  return self->n_pages;
}

static void
draw_row (GkPageLayout *self,
          cairo_t      *cr,
          GkPageBlock  *block,
          double        y)
{
  double text_width = self->width - 2 * MARGIN;
  double x = MARGIN;

  if (block->kind == GK_PAGE_BLOCK_HEADER_ROW)
    {
      cairo_set_source_rgb (cr, 0.90, 0.92, 0.95);
      cairo_rectangle (cr, MARGIN, y, text_width, block->height);
      cairo_fill (cr);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.5);

  for (guint i = 0; i < block->cells->len; i++)
    {
      double cell = text_width * block->widths[i];
      g_autoptr(PangoLayout) layout = new_layout (self, block->kind, g_ptr_array_index (block->cells, i),
                                                  cell - 2 * CELL_PADDING);

      cairo_rectangle (cr, x, y, cell, block->height);
      cairo_stroke (cr);
      cairo_move_to (cr, x + CELL_PADDING, y + CELL_PADDING);
      pango_cairo_show_layout (cr, layout);
      x += cell;
    }
}

static void
draw_block (GkPageLayout *self,
            cairo_t      *cr,
            GkPageBlock  *block)
{
  double text_width = self->width - 2 * MARGIN;

  switch (block->kind)
    {
    case GK_PAGE_BLOCK_ROW:
    case GK_PAGE_BLOCK_HEADER_ROW:
      draw_row (self, cr, block, block->y);
      break;

    case GK_PAGE_BLOCK_SIGNATURES:
      for (guint j = 0; j < block->cells->len; j++)
        {
          g_autoptr(PangoLayout) layout = new_layout (self, GK_PAGE_BLOCK_TEXT, g_ptr_array_index (block->cells, j), text_width);

          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_move_to (cr, MARGIN, block->y + 30.0 + 40.0 * j);
          pango_cairo_show_layout (cr, layout);
        }
      break;

    case GK_PAGE_BLOCK_BANNER:
      {
        g_autoptr(PangoLayout) layout = new_layout (self, block->kind, g_ptr_array_index (block->cells, 0), text_width - 12);

        cairo_set_source_rgb (cr, 0.99, 0.90, 0.90);
        cairo_rectangle (cr, MARGIN, block->y, text_width, block->height - 6);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, 0.65, 0.0, 0.0);
        cairo_move_to (cr, MARGIN + 6, block->y + 6);
        pango_cairo_show_layout (cr, layout);
      }
      break;

    case GK_PAGE_BLOCK_TITLE:
    case GK_PAGE_BLOCK_HEADING:
    case GK_PAGE_BLOCK_TEXT:
    default:
      {
        g_autoptr(PangoLayout) layout = new_layout (self, block->kind, g_ptr_array_index (block->cells, 0), text_width);
        double above = block->kind == GK_PAGE_BLOCK_HEADING ? 10.0 : 0.0;

        cairo_set_source_rgb (cr, 0, 0, 0);
        cairo_move_to (cr, MARGIN, block->y + above);
        pango_cairo_show_layout (cr, layout);
      }
      break;
    }
}

/**
 * gk_page_layout_draw_page:
 * @page: counted from 0, below the count gk_page_layout_paginate() returned
 * @footer: (nullable): centred below the text
 */
void
gk_page_layout_draw_page (GkPageLayout *self,
                          cairo_t      *cr,
                          guint         page,
                          const char   *footer)
{
  double text_width = self->width - 2 * MARGIN;
  gboolean header_drawn = FALSE;

  g_return_if_fail (GK_IS_PAGE_LAYOUT (self));
  g_return_if_fail (page < self->n_pages);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      GkPageBlock *block = g_ptr_array_index (self->blocks, i);

      if (block->page != page)
        continue;

      /* A table continued from the previous page gets its header again. */
      if (block->kind == GK_PAGE_BLOCK_ROW && !header_drawn && block->header != NULL && block->header->page != page)
        draw_row (self, cr, block->header, block->y - block->header->height);
      if (block->kind == GK_PAGE_BLOCK_ROW || block->kind == GK_PAGE_BLOCK_HEADER_ROW)
        header_drawn = TRUE;

      draw_block (self, cr, block);
    }

  if (footer != NULL)
    {
      g_autoptr(PangoLayout) footer_layout = new_layout (self, GK_PAGE_BLOCK_ROW, footer, text_width);

      pango_layout_set_alignment (footer_layout, PANGO_ALIGN_CENTER);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_move_to (cr, MARGIN, self->height - MARGIN + 8.0);
      pango_cairo_show_layout (cr, footer_layout);
    }
}

/**
 * gk_page_layout_write_pdf:
 * @footer: (nullable) (scope call): each page's footer
 *
 * Writes the blocks to an A4 PDF file at @path.
 */
gboolean
gk_page_layout_write_pdf (GkPageLayout     *self,
                          const char       *path,
                          const char       *title,
                          GkPageFooterFunc  footer,
                          gpointer          user_data,
                          GError          **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoContext *context;
  cairo_status_t status;
  guint pages;

  g_return_val_if_fail (GK_IS_PAGE_LAYOUT (self), FALSE);

  surface = cairo_pdf_surface_create (path, GK_PAGE_A4_WIDTH, GK_PAGE_A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gongkai Liaison " PACKAGE_VERSION);
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);

  pages = gk_page_layout_paginate (self, context, GK_PAGE_A4_WIDTH, GK_PAGE_A4_HEIGHT);
  for (guint page = 0; page < pages; page++)
    {
      g_autofree char *text = footer != NULL ? footer (page, pages, user_data) : NULL;

      gk_page_layout_draw_page (self, cr, page, text);
      cairo_show_page (cr);
    }

  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The report “%s” could not be written (%s); check the folder and the free space."),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

static void
gk_page_layout_finalize (GObject *object)
{
  GkPageLayout *self = (GkPageLayout *)object;

  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_page_layout_parent_class)->finalize (object);
}

static void
gk_page_layout_class_init (GkPageLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_page_layout_finalize;
}

static void
gk_page_layout_init (GkPageLayout *self)
{
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
}

GkPageLayout *
gk_page_layout_new (void)
{
  return g_object_new (GK_TYPE_PAGE_LAYOUT, NULL);
}
