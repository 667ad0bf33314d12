/* `gongkai calendar …`: working days by China's holiday notices, and installing a newer calendar. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-calendar.h"
#include "gk-catalog.h"
#include "gk-cli-heavy.h"
#include "gk-context.h"
#include "gk-disk.h"

static GkCalendar *
load_calendar (const char *data_dir)
{
  g_autofree char *dir = data_dir != NULL ? g_strdup (data_dir) : gk_disk_dup_default_data_dir ();

  return gk_calendar_load (dir);
}

static int
calendar_workdays (int    argc,
                   char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  GDate from, to;
  guint count;

  if (!gk_cli_parse ("calendar workdays", "FROM TO",
                     _("Print the number of working days after FROM up to and including TO (dates YYYY-MM-DD), by the State Council’s holiday notices."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("calendar workdays", _("give two dates, FROM and TO"));
  for (int i = 1; i < 3; i++)
    {
      if (!gk_calendar_parse_date (argv[i], i == 1 ? &from : &to))
        return gk_cli_usage_error ("calendar workdays", _("“%s” is not a date written YYYY-MM-DD"), argv[i]);
    }

  calendar = load_calendar (data_dir);
  if (!gk_calendar_count_workdays (calendar, &from, &to, &count, &error))
    return gk_cli_report_error (error);

  g_print ("%u\n", count);
  return GK_CLI_OK;
}

static int
calendar_due (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  GDate from, due;
  guint64 n;

  if (!gk_cli_parse ("calendar due", "FROM N",
                     _("Print the date N working days after FROM (YYYY-MM-DD), such as the last day to publish within 20 working days."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("calendar due", _("give a date and a number of working days"));
  if (!gk_calendar_parse_date (argv[1], &from))
    return gk_cli_usage_error ("calendar due", _("“%s” is not a date written YYYY-MM-DD"), argv[1]);
  if (!g_ascii_string_to_unsigned (argv[2], 10, 0, 3660, &n, NULL))
    return gk_cli_usage_error ("calendar due", _("“%s” is not a number of working days from 0 to 3660"), argv[2]);

  calendar = load_calendar (data_dir);
  if (!gk_calendar_add_workdays (calendar, &from, (guint) n, &due, &error))
    return gk_cli_report_error (error);

  g_print ("%04u-%02u-%02u\n", g_date_get_year (&due), g_date_get_month (&due), g_date_get_day (&due));
  return GK_CLI_OK;
}

static int
calendar_import (int    argc,
                 char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed;

  if (!gk_cli_parse ("calendar import", "FILE",
                     _("Check a working-day calendar file and install it if it is newer than the one in use."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 2)
    return gk_cli_usage_error ("calendar import", _("give exactly one calendar file"));

  dir = data_dir != NULL ? g_canonicalize_filename (data_dir, NULL) : gk_disk_dup_default_data_dir ();
  file = g_file_new_for_commandline_arg (argv[1]);
  name = g_file_get_parse_name (file);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)) == NULL
      || !gk_calendar_install (dir, bytes, name, &changed, &error))
    return gk_cli_report_error (error);

  calendar = gk_calendar_load (dir);
  if (changed)
    g_print (_("Installed working-day calendar version %s.\n"), gk_calendar_get_version (calendar));
  else
    g_print (_("Working-day calendar version %s is already installed; nothing changed.\n"),
             gk_calendar_get_version (calendar));

  return GK_CLI_OK;
}

static int
calendar_show (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  g_autoptr(GArray) years = NULL;

  if (!gk_cli_parse ("calendar show", NULL,
                     _("Print the calendar’s version, then each year it knows with the notice it comes from."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("calendar show", _("unexpected argument “%s”"), argv[1]);

  calendar = load_calendar (data_dir);
  years = gk_calendar_dup_years (calendar);
  g_print ("version\t%s\n", gk_calendar_get_version (calendar));
  for (guint i = 0; i < years->len; i++)
    {
      guint year = g_array_index (years, guint, i);

      g_print ("%u\t%s\n", year, gk_calendar_get_source (calendar, year));
    }

  return GK_CLI_OK;
}

int
gk_cli_calendar (int    argc,
                 char **argv)
{
  const GkCliCommand commands[] = {
    { "workdays", "FROM TO", N_("Working days after FROM up to and including TO"), calendar_workdays },
    { "due", "FROM N", N_("The date N working days after FROM"), calendar_due },
    { "import", "FILE", N_("Install a newer working-day calendar"), calendar_import },
    { "update", NULL, N_("Install the portal’s calendar if it is newer"), gk_cli_heavy.calendar_update },
    { "show", NULL, N_("Print the years the calendar knows and their notices"), calendar_show },
    { NULL }
  };

  return gk_cli_dispatch ("calendar", commands, argc, argv);
}
