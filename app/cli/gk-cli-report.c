/* `gongkai report`: the annual report (政府信息公开工作年度报告), its hand corrections and its texts. */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>

#include "gk-annual-report.h"
#include "gk-cli-heavy.h"
#include "gk-context-records.h"
#include "gk-request-findings.h"

/* Years the national format applies to, with room for old registers and typos caught. */
static gboolean
check_year (const char *command,
            int         year)
{
  if (year >= 2008 && year <= 2100)
    return TRUE;

  if (year == 0)
    gk_cli_usage_error (command, _("--year is required"));
  else
    gk_cli_usage_error (command, _("the year %d is not one a report can be about"), year);
  return FALSE;
}

static gboolean
write_output (const char *path,
              const char *text,
              GError    **error)
{
  if (path == NULL)
    {
      fwrite (text, 1, strlen (text), stdout);
      return TRUE;
    }

  return g_file_set_contents (path, text, -1, error);
}

static int
report_annual (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *draft_in = NULL;
  int year = 0;
  const GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year the report is about"), N_("YEAR") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("csv (default), json, pdf or docx"), N_("FORMAT") },
    { "draft-in", 0, 0, G_OPTION_ARG_STRING, &draft_in, N_("Also draft an item in the 年度报告 column ID with the PDF or DOCX attached, "
                                                           "to sign off and submit as any item; prints its id"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output (required for pdf and docx)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkAnnualReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!gk_cli_parse ("report annual", "--year YEAR [--format csv|json|pdf|docx] [-o FILE]",
                     _("The annual report’s tables counted from the year’s published items and requests, in the national format "
                       "(国办公开办函〔2021〕30号). Exit 1 when the totals do not add up."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("report annual", _("unexpected argument “%s”"), argv[1]);
  if (!check_year ("report annual", year))
    return GK_CLI_USAGE;
  if (format == NULL)
    format = g_strdup ("csv");
  if (!g_strv_contains ((const char * const[]) { "csv", "json", "pdf", "docx", NULL }, format))
    return gk_cli_usage_error ("report annual", _("the format “%s” is not csv, json, pdf or docx"), format);
  if ((g_str_equal (format, "pdf") || g_str_equal (format, "docx")) && output == NULL)
    return gk_cli_usage_error ("report annual", _("a PDF or DOCX report needs a file: add -o FILE"));
  if (draft_in != NULL && !g_str_equal (format, "pdf") && !g_str_equal (format, "docx"))
    return gk_cli_usage_error ("report annual", _("--draft-in attaches the PDF or DOCX: add --format pdf or docx"));

  /* Drawing and packing the report need Pango, cairo and libarchive (gk-cli-heavy.h). */
  if ((g_str_equal (format, "pdf") || g_str_equal (format, "docx")) && gk_cli_heavy.write_annual_report == NULL)
    return gk_cli_delegate (argc, argv);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;
  if ((report = gk_context_compute_annual_report (context, year, &error)) == NULL)
    return gk_cli_report_error (error);
  report->unit = gk_context_dup_unit (context, NULL);

  for (guint i = 0; i < report->problems->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (report->problems, i));

  if (g_str_equal (format, "pdf") || g_str_equal (format, "docx"))
    {
      if (!gk_cli_heavy.write_annual_report (context, report, format, output, draft_in, &error))
        return gk_cli_report_error (error);
    }
  else
    {
      text = g_str_equal (format, "json") ? gk_annual_report_to_json (report) : gk_annual_report_to_csv (report);
      if (!write_output (output, text, &error))
        return gk_cli_report_error (error);
    }

  return report->problems->len > 0 ? GK_CLI_REFUSED : GK_CLI_OK;
}

static int
report_correct (int    argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *reason = NULL;
  int year = 0;
  const GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year the report is about"), N_("YEAR") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the counted number is wrong (kept with the report)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  double value;

  if (!gk_cli_parse ("report correct", "--year YEAR CELL VALUE --reason TEXT",
                     _("Correct a count of the annual report by hand, with the reason. CELL: 2.NAME (rules-made, rules-abolished, "
                       "rules-valid, normative-made, normative-abolished, normative-valid, licensing, penalty, enforcement, fees), "
                       "3.ROW.TYPE (ROW: received, carried-in, carried-out or an outcome; TYPE: an applicant type) or 4.CASE.RESULT "
                       "(CASE: review, lawsuit-direct, lawsuit-after-review; RESULT: upheld, corrected, other, pending)."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("report correct", _("give the cell and its value"));
  if (!check_year ("report correct", year))
    return GK_CLI_USAGE;
  if (!gk_annual_report_cell_is_known (argv[1]))
    return gk_cli_usage_error ("report correct", _("“%s” is not a cell of the report"), argv[1]);
  value = g_ascii_strtod (argv[2], &end);
  if (end == argv[2] || *end != '\0' || value < 0)
    return gk_cli_usage_error ("report correct", _("“%s” is not a number of zero or more"), argv[2]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;
  if (!gk_context_correct_annual_report (context, year, argv[1], value, reason, &error))
    return gk_cli_report_error (error);

  return GK_CLI_OK;
}

static int
report_text (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  int year = 0;
  const GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year the report is about"), N_("YEAR") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GkReportSection section;

  if (!gk_cli_parse ("report text", "--year YEAR SECTION FILE",
                     _("Set the text of section 一 (overview), 五 (problems) or 六 (other) from FILE (- for standard input). "
                       "A section without text this year shows last year’s, marked to be updated."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("report text", _("give the section and the file"));
  if (!check_year ("report text", year))
    return GK_CLI_USAGE;
  if (!gk_report_section_parse (argv[1], &section))
    return gk_cli_usage_error ("report text", _("“%s” is not a section: use 一, 五 or 六"), argv[1]);

  if (g_str_equal (argv[2], "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
        return gk_cli_report_error (error);
      text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                        g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
    }
  else if (!g_file_get_contents (argv[2], &text, NULL, &error))
    return gk_cli_report_error (error);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_printerr (_("The file “%s” is not UTF-8 text; save it as UTF-8 and try again.\n"), argv[2]);
      return GK_CLI_REFUSED;
    }

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;
  if (!gk_context_set_annual_report_text (context, year, section, g_strstrip (text), &error))
    return gk_cli_report_error (error);

  return GK_CLI_OK;
}

static int
report_deadline (int    argc,
                 char **argv)
{
  g_autofree char *data_dir = NULL;
  int warn_days = -1;
  const GOptionEntry entries[] = {
    { "warn-days", 0, 0, G_OPTION_ARG_INT, &warn_days, N_("Remind this many days before (default 15)"), "N" },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *warn = NULL;
  GDateMonth month;
  GDateDay day;

  if (!gk_cli_parse ("report deadline", "[MM-DD] [--warn-days N]",
                     _("Show or set the annual report’s deadline (default 01-31, 条例 第四十九条; cities often ask earlier) "
                       "and how many days before it the self-check reminds."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 2)
    return gk_cli_usage_error ("report deadline", _("unexpected argument “%s”"), argv[2]);
  if (argc == 2 && !gk_report_deadline_parse (argv[1], &month, &day))
    return gk_cli_usage_error ("report deadline", _("“%s” is not a day of the year written MM-DD"), argv[1]);
  if (warn_days != -1 && (warn_days < 0 || warn_days > 90))
    return gk_cli_usage_error ("report deadline", _("--warn-days must be between 0 and 90"));

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if (argc == 2 && !gk_context_set_setting (context, GK_REPORT_DEADLINE_KEY, argv[1], &error))
    return gk_cli_report_error (error);
  if (warn_days != -1)
    {
      g_autofree char *text = g_strdup_printf ("%d", warn_days);

      if (!gk_context_set_setting (context, GK_REPORT_WARN_DAYS_KEY, text, &error))
        return gk_cli_report_error (error);
    }

  deadline = gk_context_dup_setting (context, GK_REPORT_DEADLINE_KEY);
  warn = gk_context_dup_setting (context, GK_REPORT_WARN_DAYS_KEY);
  g_print ("%s\t%s\n", deadline != NULL ? deadline : GK_REPORT_DEADLINE_DEFAULT,
           warn != NULL ? warn : G_STRINGIFY (GK_REPORT_WARN_DAYS_DEFAULT));

  return GK_CLI_OK;
}

int
gk_cli_report (int    argc,
               char **argv)
{
  static const GkCliCommand commands[] = {
    { "annual", "--year YEAR [--format csv|json|pdf|docx] [-o FILE]", N_("The annual report’s tables, counted"), report_annual },
    { "correct", "--year YEAR CELL VALUE --reason TEXT", N_("Correct a count by hand, with the reason"), report_correct },
    { "text", "--year YEAR SECTION FILE", N_("Set the text of section 一, 五 or 六"), report_text },
    { "deadline", "[MM-DD] [--warn-days N]", N_("The report’s deadline and its reminder"), report_deadline },
    { NULL }
  };

  return gk_cli_dispatch ("report", commands, argc, argv);
}
