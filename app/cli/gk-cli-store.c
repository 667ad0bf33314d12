/* `gongkai store …`: the database's health, its backups, and the way back from damage. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-cli.h"
#include "gk-context.h"

static int
store_check (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;

  if (!gk_cli_parse ("store check", NULL, _("Read the whole database and report whether it is intact."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if (!gk_context_check_store (context, &path, &error))
    return gk_cli_report_error (error);

  g_print (_("The database “%s” is intact.\n"), path);

  return GK_CLI_OK;
}

static int
store_backup (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  g_autofree char *dest = NULL;

  if (!gk_cli_parse ("store backup", "[FILE]",
                     _("Write a consistent copy of the database to FILE, or today’s backup if none is given."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 2)
    return gk_cli_usage_error ("store backup", _("give at most one file"));

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if (argc == 2)
    dest = g_canonicalize_filename (argv[1], NULL);
  if ((made = gk_context_back_up (context, dest, &error)) == NULL && error != NULL)
    return gk_cli_report_error (error);

  if (made != NULL)
    g_print ("%s\n", made);
  else
    g_print (_("Today’s backup exists already.\n"));

  return GK_CLI_OK;
}

static int
store_backups (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  if (!gk_cli_parse ("store backups", NULL, _("List the backups, newest first."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  backups = gk_context_list_backups (data_dir);
  for (guint i = 0; i < backups->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (backups, i));

  return GK_CLI_OK;
}

/* Deliberately without opening the store: it is the damaged file being replaced. */
static int
store_restore (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *moved_aside = NULL;
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("store restore", "[FILE]",
                     _("Replace the database with the newest backup, or with FILE; the replaced file is kept beside it. "
                       "Close Gongkai Liaison first."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 2)
    return gk_cli_usage_error ("store restore", _("give at most one backup file"));

  if (!gk_context_restore_backup (data_dir, argc == 2 ? argv[1] : NULL, &moved_aside, &error))
    return gk_cli_report_error (error);

  if (moved_aside != NULL)
    g_print (_("Restored; the replaced database is kept as “%s”.\n"), moved_aside);
  else
    g_print (_("Restored.\n"));

  return GK_CLI_OK;
}

int
gk_cli_store (int    argc,
              char **argv)
{
  static const GkCliCommand commands[] = {
    { "check", NULL, N_("Check that the database is intact"), store_check },
    { "backup", "[FILE]", N_("Back up the database"), store_backup },
    { "backups", NULL, N_("List the backups"), store_backups },
    { "restore", "[FILE]", N_("Restore the newest backup, or FILE"), store_restore },
    { NULL }
  };

  return gk_cli_dispatch ("store", commands, argc, argv);
}
