/*
 * The self-check report as pages: a title, who and when, the summary, a
 * table of every assigned column, every finding with its rectification
 * measure, what was rectified, and lines for the signatures. The same
 * layout is drawn into a cairo PDF surface (`gongkai check --format pdf`)
 * and into GtkPrintOperation's pages, so no office suite is needed.
 *
 * Layout is a list of blocks (a paragraph, or a table row of wrapped cells)
 * measured with Pango and dealt onto pages; a table's header row is repeated
 * at the top of each page it continues on.
 */
#define G_LOG_DOMAIN "gk-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "gk-check-export.h"
#include "gk-check-report.h"

/* A4 in points, and the margins of an ordinary office document. */
#define A4_WIDTH 595.276
#define A4_HEIGHT 841.89
#define MARGIN 56.0
#define CELL_PADDING 3.0
/* A 宋体-style serif, as official documents are set, where one is installed (fonts-arphic-uming
 * or Noto Serif CJK, Recommends of the package); the sans the desktop has otherwise. */
#define FONT "Noto Serif CJK SC, AR PL UMing CN, AR PL SungtiL GB, Noto Sans CJK SC, WenQuanYi Micro Hei, Serif"

typedef enum {
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_TEXT,
  BLOCK_BANNER,
  BLOCK_ROW,
  BLOCK_HEADER_ROW,
  BLOCK_SIGNATURES,
} BlockKind;

typedef struct
{
  BlockKind  kind;
  GPtrArray *cells;      /* char *, markup-free text */
  const double *widths;  /* fractions of the text width, for rows */
  gpointer   header;     /* the Block of the table's header, for rows */
  double     height;     /* measured */
  guint      page;
  double     y;
} Block;

struct _GkCheckReport
{
  GObject        parent_instance;

  GkCheckResult *result;
  GPtrArray     *log;
  GPtrArray     *blocks;
  double         width;
  double         height;
  guint          n_pages;
  PangoContext  *context;
};

G_DEFINE_FINAL_TYPE (GkCheckReport, gk_check_report, G_TYPE_OBJECT)

static const double column_widths[] = { 0.38, 0.10, 0.16, 0.12, 0.24 };
static const double finding_widths[] = { 0.10, 0.20, 0.40, 0.30 };
static const double fixed_widths[] = { 0.25, 0.45, 0.30 };

static void
block_free (Block *block)
{
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block);
}

static Block *
add_block (GkCheckReport *self,
           BlockKind      kind,
           const double  *widths,
           Block         *header,
           const char    *first,
           ...)
{
  Block *block = g_new0 (Block, 1);
  va_list args;

  block->kind = kind;
  block->widths = widths;
  block->header = header;
  block->cells = g_ptr_array_new_with_free_func (g_free);

  va_start (args, first);
  for (const char *cell = first; cell != (const char *) -1; cell = va_arg (args, const char *))
    g_ptr_array_add (block->cells, g_strdup (cell != NULL ? cell : ""));
  va_end (args);

  g_ptr_array_add (self->blocks, block);

  return block;
}

#define END ((const char *) -1)

static void
build_blocks (GkCheckReport *self)
{
  GkCheckResult *r = self->result;
  g_autofree char *who = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *counts = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *report_date = NULL;
  g_autofree char *seal = NULL;
  g_autofree char *dated = NULL;
  Block *header;
  gboolean any_fixed = FALSE;
  g_autoptr(GHashTable) index = gk_check_log_index (self->log);

  g_ptr_array_set_size (self->blocks, 0);

  add_block (self, BLOCK_TITLE, NULL, NULL, _("Self-check Report on Government Information Disclosure"), END);

  who = g_strdup_printf (_("Unit: %s    Inspection date: %s\nLeader in charge: %s    Responsible office: %s\nLiaison: %s    Phone: %s"),
                         r->unit_name != NULL ? r->unit_name : r->unit, r->as_of, r->leader ? r->leader : "—", r->office ? r->office : "—",
                         r->liaison ? r->liaison : "—", r->phone ? r->phone : "—");
  add_block (self, BLOCK_TEXT, NULL, NULL, who, END);

  add_block (self, BLOCK_HEADING, NULL, NULL, _("Summary"), END);
  summary = g_strdup_printf (_("Of %u assigned columns, %u are up to date, %u become stale within %u days, %u are stale and %u are blank."),
                             r->columns->len, r->n_by_state[GK_COLUMN_OK], r->n_by_state[GK_COLUMN_DUE_SOON],
                             r->warn_days, r->n_by_state[GK_COLUMN_STALE], r->n_by_state[GK_COLUMN_BLANK]);
  add_block (self, BLOCK_TEXT, NULL, NULL, summary, END);
  counts = g_strdup_printf (_("Findings: %u veto, %u deduction, %u advice."),
                            r->n_by_severity[GK_SEVERITY_VETO], r->n_by_severity[GK_SEVERITY_DEDUCTION],
                            r->n_by_severity[GK_SEVERITY_ADVICE]);
  add_block (self, BLOCK_TEXT, NULL, NULL, counts, END);

  if (r->n_by_severity[GK_SEVERITY_VETO] > 0)
    add_block (self, BLOCK_BANNER, NULL, NULL,
               _("A veto finding means the unit would fail the inspection outright; rectify it first."), END);

  add_block (self, BLOCK_HEADING, NULL, NULL, _("Columns"), END);
  header = add_block (self, BLOCK_HEADER_ROW, column_widths, NULL,
                      _("Column"), _("State"), _("Newest publication"), _("Update every"), _("Next update due"), END);
  for (guint i = 0; i < r->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (r->columns, i);
      g_autofree char *cadence = g_strdup_printf (ngettext ("%u day", "%u days", status->cadence_days), status->cadence_days);
      g_autofree char *due = gk_column_status_dup_due_text (status);

      add_block (self, BLOCK_ROW, column_widths, header, status->path, gk_column_state_get_label (status->state),
                 status->newest != NULL ? status->newest : "—", cadence, due, END);
    }

  add_block (self, BLOCK_HEADING, NULL, NULL, _("Findings and rectification measures"), END);
  if (r->findings->len == 0)
    add_block (self, BLOCK_TEXT, NULL, NULL, _("None."), END);
  header = add_block (self, BLOCK_HEADER_ROW, finding_widths, NULL,
                      _("Severity"), _("Column or item"), _("Finding"), _("Measure"), END);
  for (guint i = 0; i < r->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (r->findings, i);
      GkCheckLogEntry *entry = g_hash_table_lookup (index, finding->key);
      g_autofree char *measure = NULL;

      if (entry != NULL && entry->measure != NULL)
        measure = entry->due_on != NULL ? g_strdup_printf (_("%s (by %s)"), entry->measure, entry->due_on)
                                        : g_strdup (entry->measure);
      else
        measure = g_strdup_printf (_("To do: %s"), finding->action);

      add_block (self, BLOCK_ROW, finding_widths, header, gk_severity_get_label (finding->severity),
                 finding->title, finding->explanation, measure, END);
    }

  for (guint i = 0; self->log != NULL && i < self->log->len; i++)
    {
      GkCheckLogEntry *entry = g_ptr_array_index (self->log, i);

      if (entry->fixed_on == NULL)
        continue;

      if (!any_fixed)
        {
          add_block (self, BLOCK_HEADING, NULL, NULL, _("Rectified"), END);
          header = add_block (self, BLOCK_HEADER_ROW, fixed_widths, NULL, _("Column or item"), _("Finding"), _("Rectified on"), END);
          any_fixed = TRUE;
        }
      add_block (self, BLOCK_ROW, fixed_widths, header, entry->title, entry->explanation, entry->fixed_on, END);
    }

  now = g_date_time_new_now_local ();
  report_date = g_date_time_format (now, "%Y-%m-%d");
  seal = g_strdup_printf (_("Unit (seal): %s"), r->unit_name != NULL ? r->unit_name : r->unit);
  dated = g_strdup_printf (_("Report date: %s"), report_date);
  add_block (self, BLOCK_SIGNATURES, NULL, NULL,
             _("Leader in charge (signature): ____________________    Date: ______________"),
             _("Liaison (signature): ____________________    Date: ______________"),
             seal, dated, END);
}

static PangoLayout *
new_layout (GkCheckReport *self,
            BlockKind      kind,
            const char    *text,
            double         width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);

  switch (kind)
    {
    case BLOCK_TITLE:
      pango_font_description_set_absolute_size (font, 18 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      break;

    case BLOCK_HEADING:
      pango_font_description_set_absolute_size (font, 13 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case BLOCK_HEADER_ROW:
      pango_font_description_set_absolute_size (font, 9 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case BLOCK_ROW:
      pango_font_description_set_absolute_size (font, 9 * PANGO_SCALE);
      break;

    case BLOCK_BANNER:
      pango_font_description_set_absolute_size (font, 11 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case BLOCK_TEXT:
    case BLOCK_SIGNATURES:
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
measure_block (GkCheckReport *self,
               Block         *block)
{
  double text_width = self->width - 2 * MARGIN;

  if (block->kind == BLOCK_ROW || block->kind == BLOCK_HEADER_ROW)
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

  if (block->kind == BLOCK_SIGNATURES)
    return 30.0 + 40.0 * block->cells->len;

  {
    g_autoptr(PangoLayout) layout = new_layout (self, block->kind, g_ptr_array_index (block->cells, 0), text_width);
    double space = block->kind == BLOCK_TITLE ? 18.0 : block->kind == BLOCK_HEADING ? 14.0 : 6.0;

    return layout_height (layout) + space + (block->kind == BLOCK_BANNER ? 12.0 : 0.0);
  }
}

/**
 * gk_check_report_paginate:
 * @width: the page's width in points (or device units)
 *
 * Lays the report out for pages of @width × @height.
 *
 * Returns: the number of pages
 */
guint
gk_check_report_paginate (GkCheckReport *self,
                          PangoContext  *context,
                          double         width,
                          double         height)
{
  double bottom = height - MARGIN - 20.0;
  double y = MARGIN;
  guint page = 0;

  g_return_val_if_fail (GK_IS_CHECK_REPORT (self), 0);

  g_set_object (&self->context, context);
  self->width = width;
  self->height = height;
  build_blocks (self);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);
      /* A heading with no room for what follows it goes to the next page with it. */
      double keep = block->kind == BLOCK_HEADING ? 60.0 : 0.0;

      block->height = measure_block (self, block);

      if (y + block->height + keep > bottom && y > MARGIN)
        {
          page++;
          y = MARGIN;
          if (block->kind == BLOCK_ROW && block->header != NULL)
            y += ((Block *) block->header)->height;
        }

      block->page = page;
      block->y = y;
      y += block->height;
    }

  self->n_pages = page + 1;

  return self->n_pages;
}

static void
draw_row (GkCheckReport *self,
          cairo_t       *cr,
          Block         *block,
          double         y)
{
  double text_width = self->width - 2 * MARGIN;
  double x = MARGIN;

  if (block->kind == BLOCK_HEADER_ROW)
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

/**
 * gk_check_report_draw_page:
 * @page: counted from 0, below the count gk_check_report_paginate() returned
 */
void
gk_check_report_draw_page (GkCheckReport *self,
                           cairo_t       *cr,
                           guint          page)
{
  double text_width = self->width - 2 * MARGIN;
  gboolean header_drawn = FALSE;
  g_autofree char *footer = NULL;
  g_autoptr(PangoLayout) footer_layout = NULL;

  g_return_if_fail (GK_IS_CHECK_REPORT (self));
  g_return_if_fail (page < self->n_pages);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);

      if (block->page != page)
        continue;

      switch (block->kind)
        {
        case BLOCK_ROW:
          /* A table continued from the previous page gets its header again. */
          if (!header_drawn && block->header != NULL && ((Block *) block->header)->page != page)
            draw_row (self, cr, block->header, block->y - ((Block *) block->header)->height);
          header_drawn = TRUE;
          draw_row (self, cr, block, block->y);
          break;

        case BLOCK_HEADER_ROW:
          header_drawn = TRUE;
          draw_row (self, cr, block, block->y);
          break;

        case BLOCK_SIGNATURES:
          for (guint j = 0; j < block->cells->len; j++)
            {
              g_autoptr(PangoLayout) layout = new_layout (self, BLOCK_TEXT, g_ptr_array_index (block->cells, j), text_width);

              cairo_set_source_rgb (cr, 0, 0, 0);
              cairo_move_to (cr, MARGIN, block->y + 30.0 + 40.0 * j);
              pango_cairo_show_layout (cr, layout);
            }
          break;

        case BLOCK_BANNER:
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

        case BLOCK_TITLE:
        case BLOCK_HEADING:
        case BLOCK_TEXT:
        default:
          {
            g_autoptr(PangoLayout) layout = new_layout (self, block->kind, g_ptr_array_index (block->cells, 0), text_width);
            double above = block->kind == BLOCK_HEADING ? 10.0 : 0.0;

            cairo_set_source_rgb (cr, 0, 0, 0);
            cairo_move_to (cr, MARGIN, block->y + above);
            pango_cairo_show_layout (cr, layout);
          }
          break;
        }
    }

  footer = g_strdup_printf (_("%s self-check report, %s — page %u of %u"),
                            self->result->unit_name != NULL ? self->result->unit_name : self->result->unit,
                            self->result->as_of, page + 1, self->n_pages);
  footer_layout = new_layout (self, BLOCK_ROW, footer, text_width);
  pango_layout_set_alignment (footer_layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  cairo_move_to (cr, MARGIN, self->height - MARGIN + 8.0);
  pango_cairo_show_layout (cr, footer_layout);
}

/**
 * gk_check_report_write_pdf:
 *
 * Writes the report to an A4 PDF file at @path.
 */
gboolean
gk_check_report_write_pdf (GkCheckReport *self,
                           const char    *path,
                           GError       **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoContext *context;
  cairo_status_t status;
  guint pages;

  g_return_val_if_fail (GK_IS_CHECK_REPORT (self), FALSE);

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Self-check Report on Government Information Disclosure"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gongkai Liaison " PACKAGE_VERSION);
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);

  pages = gk_check_report_paginate (self, context, A4_WIDTH, A4_HEIGHT);
  for (guint page = 0; page < pages; page++)
    {
      gk_check_report_draw_page (self, cr, page);
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
gk_check_report_finalize (GObject *object)
{
  GkCheckReport *self = (GkCheckReport *)object;

  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_check_report_parent_class)->finalize (object);
}

static void
gk_check_report_class_init (GkCheckReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_check_report_finalize;
}

static void
gk_check_report_init (GkCheckReport *self)
{
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
}

/**
 * gk_check_report_new:
 * @result: (transfer none): must outlive the report
 * @log: (nullable) (element-type GkCheckLogEntry): the rectification log
 */
GkCheckReport *
gk_check_report_new (GkCheckResult *result,
                     GPtrArray     *log)
{
  GkCheckReport *self;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (GK_TYPE_CHECK_REPORT, NULL);
  self->result = result;
  self->log = log != NULL ? g_ptr_array_ref (log) : NULL;

  return self;
}
