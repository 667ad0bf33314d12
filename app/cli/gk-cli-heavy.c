/* gongkai-full's table of the heavy part (gk-cli-heavy.h): the commands and outputs themselves. */
#include "config.h"

#include "gk-annual-report-print.h"
#include "gk-check-report.h"
#include "gk-cli-heavy.h"
#include "gk-context-records.h"
#include "gk-item.h"
#include "gk-privacy-report.h"
#include "gk-request-notice.h"

static void
set_up (const GkDevSwitches *switches)
{
  gk_privacy_set_documents_module (switches->documents_module);
}

static gboolean
write_check_pdf (GkCheckResult  *result,
                 GPtrArray      *log,
                 const char     *path,
                 GError        **error)
{
  g_autoptr(GkCheckReport) report = gk_check_report_new (result, log);

  return gk_check_report_write_pdf (report, path, error);
}

/* The report as a draft item of the unit's 年度报告 column: counts only, nothing of the applicants. */
static gboolean
draft_report_item (GkContext            *context,
                   const GkAnnualReport *report,
                   const char           *column_id,
                   const char           *path,
                   GError              **error)
{
  g_autoptr(GkItem) item = gk_context_new_item (context, column_id, error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;

  if (item == NULL)
    return FALSE;

  title = g_strdup_printf ("%s%d年政府信息公开工作年度报告", report->unit != NULL ? report->unit : "", report->year);
  gk_item_set_field (item, GK_ITEM_TITLE, title);
  if (report->texts[GK_REPORT_SECTION_OVERVIEW] != NULL && !report->text_from_last_year[GK_REPORT_SECTION_OVERVIEW])
    gk_item_set_field (item, GK_ITEM_BODY, report->texts[GK_REPORT_SECTION_OVERVIEW]);
  g_ptr_array_add (files, g_file_new_for_path (path));

  if (!gk_context_add_item (context, item, files, NULL, error))
    return FALSE;

  g_print ("%s\n", gk_item_get_uuid (item));
  return TRUE;
}

/* The report as PDF or DOCX, recorded as produced and, with @draft_in, drafted into that column. */
static gboolean
write_annual_report (GkContext            *context,
                     const GkAnnualReport *report,
                     const char           *format,
                     const char           *path,
                     const char           *draft_in,
                     GError              **error)
{
  if (!(g_str_equal (format, "pdf") ? gk_annual_report_write_pdf (report, path, error)
                                    : gk_annual_report_write_docx (report, path, error)))
    return FALSE;
  if (!gk_context_record_annual_report (context, report, path, error))
    return FALSE;

  return draft_in == NULL || draft_report_item (context, report, draft_in, path, error);
}

const GkCliHeavy gk_cli_heavy = {
  .set_up = set_up,
  .submit = gk_cli_submit,
  .login = gk_cli_login,
  .sync = gk_cli_sync,
  .scan = gk_cli_scan,
  .profile_submit = gk_cli_profile_submit,
  .calendar_update = gk_cli_calendar_update,
  .item_mask = gk_cli_item_mask,
  .fetch_site_summary = gk_cli_fetch_site_summary,
  .write_check_pdf = write_check_pdf,
  .write_annual_report = write_annual_report,
  .write_notice_pdf = gk_request_notice_write_pdf,
};
