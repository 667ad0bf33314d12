/* The gongkai command: the scripting and administration front end of Gongkai Liaison. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-cli-heavy.h"
#include "gk-i18n.h"

int
main (int    argc,
      char **argv)
{
  const GkCliCommand commands[] = {
    { "catalog", "units|columns|import|show", N_("The columns and the units responsible for them"), gk_cli_catalog },
    { "request", "add|list|show|event|attach|notice", N_("The register of requests for disclosure (依申请公开) and their due dates"), gk_cli_request },
    { "report", "annual|correct|text", N_("The annual report on government information disclosure (年度报告)"), gk_cli_report },
    { "calendar", "workdays|due|import|update|show", N_("Working days by the State Council’s holiday notices"), gk_cli_calendar },
    { "profile", "set|show|submit", N_("The liaison’s unit, name, phone, leader in charge and office"), gk_cli_profile },
    { "item", "add|list|show|edit|rm|restore|search|attach|detach|mask|ready", N_("Draft items and attach files"), gk_cli_item },
    { "submit", "ID…", N_("Queue ready items for upload to the portal"), gk_cli_heavy.submit },
    { "login", "--portal URL", N_("Keep the token (read from standard input) for a portal"), gk_cli_heavy.login },
    { "sync", "[--portal URL] [--once]", N_("Upload the outbox and read the portal’s verdicts back"), gk_cli_heavy.sync },
    { "check", "[--as-of DATE] [--site] [--format text|json|csv|pdf] [-o FILE]", N_("The self-check before an inspection (自查)"), gk_cli_check },
    { "scan", "FILE… [--format text|json] [--mask-into DIR]", N_("Look for resident ID, mobile and bank card numbers in files"), gk_cli_heavy.scan },
    { "store", "check|backup|backups|restore", N_("Check, back up and restore the database"), gk_cli_store },
    { NULL }
  };

  g_autoptr(GkDevSwitches) switches = gk_dev_switches_new_from_environment ();

  gk_i18n_init (switches->localedir);
  if (gk_cli_heavy.set_up != NULL)
    gk_cli_heavy.set_up (switches);
  gk_cli_init (argc, argv, switches);

  if (argc == 2 && g_str_equal (argv[1], "--version"))
    {
      g_print ("gongkai %s\n", PACKAGE_VERSION);
      return 0;
    }

  return gk_cli_dispatch ("", commands, argc, argv);
}
