/*
 * The self-check report as pages: a title, who and when, the summary, a
 * table of every assigned column, every finding with its rectification
 * measure, what was rectified, and lines for the signatures, laid out by
 * GkPageLayout for PDF and for printing.
 */
#define G_LOG_DOMAIN "gk-report"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-check-export.h"
#include "gk-check-report.h"
#include "gk-page-layout.h"

struct _GkCheckReport
{
  GObject        parent_instance;

  GkCheckResult *result;
  GPtrArray     *log;
  GkPageLayout  *layout;
  guint          n_pages;
};

G_DEFINE_FINAL_TYPE (GkCheckReport, gk_check_report, G_TYPE_OBJECT)

static const double column_widths[] = { 0.38, 0.10, 0.16, 0.12, 0.24 };
static const double finding_widths[] = { 0.10, 0.20, 0.40, 0.30 };
static const double fixed_widths[] = { 0.25, 0.45, 0.30 };

static void
build_blocks (GkCheckReport *self)
{
  GkCheckResult *r = self->result;
  g_autofree char *who = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *counts = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *report_date = NULL;
  g_autofree char *seal = NULL;
  g_autofree char *dated = NULL;
  GkPageBlock *header;
  gboolean any_fixed = FALSE;
  g_autoptr(GHashTable) index = gk_check_log_index (self->log);

  gk_page_layout_clear (self->layout);

  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_TITLE, NULL, NULL, _("Self-check Report on Government Information Disclosure"), GK_PAGE_END);

  who = g_strdup_printf (_("Unit: %s    Inspection date: %s\nLeader in charge: %s    Responsible office: %s\nLiaison: %s    Phone: %s"),
                         r->unit_name != NULL ? r->unit_name : r->unit, r->as_of, r->leader ? r->leader : "—", r->office ? r->office : "—",
                         r->liaison ? r->liaison : "—", r->phone ? r->phone : "—");
  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_TEXT, NULL, NULL, who, GK_PAGE_END);

  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_HEADING, NULL, NULL, _("Summary"), GK_PAGE_END);
  summary = g_strdup_printf (_("Of %u assigned columns, %u are up to date, %u become stale within %u days, %u are stale and %u are blank."),
                             r->columns->len, r->n_by_state[GK_COLUMN_OK], r->n_by_state[GK_COLUMN_DUE_SOON],
                             r->warn_days, r->n_by_state[GK_COLUMN_STALE], r->n_by_state[GK_COLUMN_BLANK]);
  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_TEXT, NULL, NULL, summary, GK_PAGE_END);
  counts = g_strdup_printf (_("Findings: %u veto, %u deduction, %u advice."),
                            r->n_by_severity[GK_SEVERITY_VETO], r->n_by_severity[GK_SEVERITY_DEDUCTION],
                            r->n_by_severity[GK_SEVERITY_ADVICE]);
  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_TEXT, NULL, NULL, counts, GK_PAGE_END);
  rate = gk_check_result_dup_interpretation_rate (r);
  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_TEXT, NULL, NULL, rate, GK_PAGE_END);
  scope = gk_check_result_dup_scope (r);
  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_TEXT, NULL, NULL, scope, GK_PAGE_END);

  if (r->n_by_severity[GK_SEVERITY_VETO] > 0)
    gk_page_layout_add (self->layout, GK_PAGE_BLOCK_BANNER, NULL, NULL,
               _("A veto finding means the unit would fail the inspection outright; rectify it first."), GK_PAGE_END);

  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_HEADING, NULL, NULL, _("Columns"), GK_PAGE_END);
  header = gk_page_layout_add (self->layout, GK_PAGE_BLOCK_HEADER_ROW, column_widths, NULL,
                               _("Column"), _("State"), _("Newest publication"), _("Update every"),
                               _("Next update due"), GK_PAGE_END);
  for (guint i = 0; i < r->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (r->columns, i);
      g_autofree char *cadence = gk_cadence_dup_label (&status->cadence);
      g_autofree char *due = gk_column_status_dup_due_text (status);

      gk_page_layout_add (self->layout, GK_PAGE_BLOCK_ROW, column_widths, header, status->path,
                          gk_column_state_get_label (status->state),
                          status->newest != NULL ? status->newest : "—", cadence, due, GK_PAGE_END);
    }

  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_HEADING, NULL, NULL, _("Findings and rectification measures"), GK_PAGE_END);
  if (r->findings->len == 0)
    gk_page_layout_add (self->layout, GK_PAGE_BLOCK_TEXT, NULL, NULL, _("None."), GK_PAGE_END);
  header = gk_page_layout_add (self->layout, GK_PAGE_BLOCK_HEADER_ROW, finding_widths, NULL,
                      _("Severity"), _("Column or item"), _("Finding"), _("Measure"), GK_PAGE_END);
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

      gk_page_layout_add (self->layout, GK_PAGE_BLOCK_ROW, finding_widths, header, gk_severity_get_label (finding->severity),
                 finding->title, finding->explanation, measure, GK_PAGE_END);
    }

  for (guint i = 0; self->log != NULL && i < self->log->len; i++)
    {
      GkCheckLogEntry *entry = g_ptr_array_index (self->log, i);

      if (entry->fixed_on == NULL)
        continue;

      if (!any_fixed)
        {
          gk_page_layout_add (self->layout, GK_PAGE_BLOCK_HEADING, NULL, NULL, _("Rectified"), GK_PAGE_END);
          header = gk_page_layout_add (self->layout, GK_PAGE_BLOCK_HEADER_ROW, fixed_widths, NULL, _("Column or item"), _("Finding"), _("Rectified on"), GK_PAGE_END);
          any_fixed = TRUE;
        }
      gk_page_layout_add (self->layout, GK_PAGE_BLOCK_ROW, fixed_widths, header, entry->title, entry->explanation, entry->fixed_on, GK_PAGE_END);
    }

  now = g_date_time_new_now_local ();
  report_date = g_date_time_format (now, "%Y-%m-%d");
  seal = g_strdup_printf (_("Unit (seal): %s"), r->unit_name != NULL ? r->unit_name : r->unit);
  dated = g_strdup_printf (_("Report date: %s"), report_date);
  gk_page_layout_add (self->layout, GK_PAGE_BLOCK_SIGNATURES, NULL, NULL,
                      _("Leader in charge (signature): ____________________    Date: ______________"),
                      _("Liaison (signature): ____________________    Date: ______________"),
                      seal, dated, GK_PAGE_END);
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
  g_return_val_if_fail (GK_IS_CHECK_REPORT (self), 0);

  build_blocks (self);
  self->n_pages = gk_page_layout_paginate (self->layout, context, width, height);

  return self->n_pages;
}

static char *
dup_footer (guint    page,
            guint    n_pages,
            gpointer user_data)
{
  GkCheckReport *self = user_data;

  return g_strdup_printf (_("%s self-check report, %s — page %u of %u"),
                          self->result->unit_name != NULL ? self->result->unit_name : self->result->unit,
                          self->result->as_of, page + 1, n_pages);
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
  g_autofree char *footer = NULL;

  g_return_if_fail (GK_IS_CHECK_REPORT (self));

  footer = dup_footer (page, self->n_pages, self);
  gk_page_layout_draw_page (self->layout, cr, page, footer);
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
  g_return_val_if_fail (GK_IS_CHECK_REPORT (self), FALSE);

  build_blocks (self);

  return gk_page_layout_write_pdf (self->layout, path, _("Self-check Report on Government Information Disclosure"),
                                   dup_footer, self, error);
}

static void
gk_check_report_finalize (GObject *object)
{
  GkCheckReport *self = (GkCheckReport *)object;

  g_clear_object (&self->layout);
  g_clear_pointer (&self->log, g_ptr_array_unref);

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
  self->layout = gk_page_layout_new ();
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
