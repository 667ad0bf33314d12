/*
 * The annual report as an A4 PDF: the title, the six sections in the
 * national format's order, its tables drawn by GkPageLayout as the
 * self-check report is. A label the row above already shows is left blank,
 * as the printed format merges those cells.
 */
#define G_LOG_DOMAIN "gk-report"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-annual-report-print.h"
#include "gk-page-layout.h"

static void
add_table (GkPageLayout        *layout,
           const GkReportTable *table)
{
  const double *widths = table->widths;
  GkPageBlock *header = NULL;

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);
      GStrv above = r > 0 ? g_ptr_array_index (table->rows, r - 1) : NULL;
      g_autofree char *kept = NULL;

      if (above != NULL && r >= table->n_header_rows && g_str_equal (row[0], above[0]))
        {
          kept = row[0];
          row[0] = (char *) "";
        }

      if (r < table->n_header_rows)
        header = gk_page_layout_add_cells (layout, GK_PAGE_BLOCK_HEADER_ROW, widths, NULL, (const char * const *) row);
      else
        gk_page_layout_add_cells (layout, GK_PAGE_BLOCK_ROW, widths, header, (const char * const *) row);

      if (kept != NULL)
        row[0] = g_steal_pointer (&kept);
    }
}

static char *
dup_footer (guint    page,
            guint    n_pages,
            gpointer user_data)
{
  const GkAnnualReport *report = user_data;

  /* Translators: the year, then the page numbers */
  return g_strdup_printf (_("Annual report %d — page %u of %u"), report->year, page + 1, n_pages);
}

gboolean
gk_annual_report_write_pdf (const GkAnnualReport *report,
                            const char           *path,
                            GError              **error)
{
  g_autoptr(GkPageLayout) layout = gk_page_layout_new ();
  g_autoptr(GPtrArray) blocks = gk_annual_report_dup_blocks (report);
  const char *title = NULL;

  for (guint i = 0; i < blocks->len; i++)
    {
      GkReportBlock *block = g_ptr_array_index (blocks, i);

      switch (block->kind)
        {
        case GK_REPORT_BLOCK_TITLE:
          title = block->text;
          gk_page_layout_add (layout, GK_PAGE_BLOCK_TITLE, NULL, NULL, block->text, GK_PAGE_END);
          break;
        case GK_REPORT_BLOCK_HEADING:
          gk_page_layout_add (layout, GK_PAGE_BLOCK_HEADING, NULL, NULL, block->text, GK_PAGE_END);
          break;
        case GK_REPORT_BLOCK_TEXT:
          gk_page_layout_add (layout, GK_PAGE_BLOCK_TEXT, NULL, NULL, block->text, GK_PAGE_END);
          break;
        case GK_REPORT_BLOCK_TABLE:
        default:
          add_table (layout, block->table);
          break;
        }
    }

  return gk_page_layout_write_pdf (layout, path, title, dup_footer, (gpointer) report, error);
}
