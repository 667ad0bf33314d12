/* `gongkai check`: the self-check before an inspection, as text, JSON, CSV or a PDF report. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gk-check-export.h"
#include "gk-cli-heavy.h"
#include "gk-context.h"

static int
check_measure (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *due = NULL;
  const GOptionEntry entries[] = {
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, N_("By when the measure is to be done, YYYY-MM-DD"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("check measure", "KEY TEXT [--due DATE]",
                     _("Write the rectification measure (整改措施) for a finding, by the key the check printed."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("check measure", _("give the finding’s key and the measure"));

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if (!gk_check_set_measure (context, argv[1], argv[2], due, &error))
    return gk_cli_report_error (error);

  return GK_CLI_OK;
}

static int
check_needs_interpretation (int    argc,
                            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, kept for the inspection (required with yes or no)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int choice;

  if (!gk_cli_parse ("check needs-interpretation", "ID yes|no|default --reason TEXT",
                     _("Say whether a policy needs an interpretation (需解读): only those count for 重大政策不解读 and the interpretation rate."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("check needs-interpretation", _("give the item’s id and yes, no or default"));
  if (g_str_equal (argv[2], "yes"))
    choice = 1;
  else if (g_str_equal (argv[2], "no"))
    choice = 0;
  else if (g_str_equal (argv[2], "default"))
    choice = -1;
  else
    return gk_cli_usage_error ("check needs-interpretation", _("“%s” is not yes, no or default"), argv[2]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if (!gk_check_set_needs_interpretation (context, argv[1], choice, reason, &error))
    return gk_cli_report_error (error);

  return GK_CLI_OK;
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

int
gk_cli_check (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *as_of_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  int warn_days = 14;
  gboolean site = FALSE;
  const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_NONE, &site, N_("Ask the portal for the whole website first, for shared columns and the vetoes"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The inspection date, YYYY-MM-DD (default: today)"), N_("DATE") },
    { "warn-days", 0, 0, G_OPTION_ARG_INT, &warn_days, N_("Warn about columns that become stale within N days (default 14)"), "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("text (default), json, csv or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output (required for pdf)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkCheckResult) result = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  GDate as_of, today;

  if (argc >= 2 && g_str_equal (argv[1], "measure"))
    return check_measure (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "needs-interpretation"))
    return check_needs_interpretation (argc - 1, argv + 1);

  if (!gk_cli_parse ("check", "[--as-of DATE] [--site] [--warn-days N] [--format text|json|csv|pdf] [-o FILE]",
                     _("Check the unit’s columns as an inspection would on a date; exit 1 when anything would cost points. "
                       "“gongkai check measure KEY TEXT” records a rectification measure; "
                       "“gongkai check needs-interpretation ID yes|no|default --reason TEXT” whether a policy needs an interpretation."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("check", _("unexpected argument “%s”"), argv[1]);
  if (format == NULL)
    format = g_strdup ("text");
  if (!g_strv_contains ((const char * const[]) { "text", "json", "csv", "pdf", NULL }, format))
    return gk_cli_usage_error ("check", _("the format “%s” is not text, json, csv or pdf"), format);
  if (g_str_equal (format, "pdf") && output == NULL)
    return gk_cli_usage_error ("check", _("a PDF report needs a file: add -o FILE"));
  if (warn_days < 0 || warn_days > 366)
    return gk_cli_usage_error ("check", _("--warn-days must be between 0 and 366"));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  as_of = today;
  if (as_of_text != NULL && !gk_check_parse_date (as_of_text, &as_of))
    return gk_cli_usage_error ("check", _("the date “%s” is not written as YYYY-MM-DD"), as_of_text);

  /* Drawing the report needs Pango and cairo, asking the portal libsoup (gk-cli-heavy.h). */
  if ((g_str_equal (format, "pdf") && gk_cli_heavy.write_check_pdf == NULL)
      || (site && gk_cli_heavy.fetch_site_summary == NULL))
    return gk_cli_delegate (argc, argv);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if (site)
    gk_cli_heavy.fetch_site_summary (context, &as_of);

  if ((result = gk_check_run (context, &as_of, (guint) warn_days, &error)) == NULL)
    return gk_cli_report_error (error);

  /* Only a check as of today goes into the rectification log; other dates are "what if". */
  if (g_date_compare (&as_of, &today) == 0 && !gk_check_record (context, result, &error))
    return gk_cli_report_error (error);

  if ((log = gk_check_list_log (context, &error)) == NULL)
    return gk_cli_report_error (error);

  if (g_str_equal (format, "pdf"))
    {
      if (!gk_cli_heavy.write_check_pdf (result, log, output, &error))
        return gk_cli_report_error (error);
    }
  else
    {
      if (g_str_equal (format, "json"))
        text = gk_check_export_json (result, log);
      else if (g_str_equal (format, "csv"))
        text = gk_check_export_csv (result, log);
      else
        text = gk_check_export_text (result, log);

      if (!write_output (output, text, &error))
        return gk_cli_report_error (error);
    }

  return gk_check_result_has_failures (result) ? GK_CLI_REFUSED : GK_CLI_OK;
}
