/* Option parsing and error reporting shared by every gongkai subcommand. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include <errno.h>
#include <unistd.h>

#include "gk-cli.h"
#include "gk-context.h"

/* The command line as given, for gk_cli_delegate(); subcommands see only their own part. */
static char **original_argv;
/* main()'s development switches, for every context a command opens. */
static GkDevSwitches *dev_switches;

/**
 * gk_cli_parse:
 * @command: the words of the command, such as "catalog columns"
 *
 * Parses @argv with @entries plus the --data-dir every command takes. On a
 * usage error, says so on stderr and returns %FALSE: exit with %GK_CLI_USAGE.
 */
gboolean
gk_cli_parse (const char          *command,
              const char          *parameters,
              const char          *summary,
              const GOptionEntry  *entries,
              int                 *argc,
              char              ***argv,
              char               **data_dir)
{
  const GOptionEntry common[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, data_dir,
      N_("Keep the catalog and database in DIR instead of the user’s data folder"), N_("DIR") },
    { NULL }
  };
  g_autofree char *program = g_strdup_printf ("gongkai %s", command);
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  /* --help prints the program name before its parameters; without this it would be
   * argv[0] of the subcommand, "set" instead of "gongkai profile set". */
  g_set_prgname (program);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      gk_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_cli_open_context:
 *
 * Returns: (transfer full) (nullable): the context, or %NULL after telling
 *   the user why it could not be opened
 */
GkContext *
gk_cli_open_context (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  GkContext *context = gk_context_new (data_dir, &error);

  if (context == NULL)
    gk_cli_report_error (error);
  else
    gk_context_set_dev_switches (context, dev_switches);

  return context;
}

/**
 * gk_cli_init:
 * @switches: the program's development switches (gk-dev-switches.h)
 *
 * Keeps the command line for gk_cli_delegate() and @switches for the contexts
 * the commands open; call it first in main().
 */
void
gk_cli_init (int                  argc,
             char               **argv,
             const GkDevSwitches *switches)
{
  dev_switches = gk_dev_switches_copy (switches);
  original_argv = g_new0 (char *, argc + 1);
  memcpy (original_argv, argv, sizeof (char *) * (gsize) argc);
}

/**
 * gk_cli_delegate:
 *
 * Runs gongkai-full in place of this process with the command line as given
 * (see gk-cli.h): the one built beside this program when it runs from the
 * build tree, else the installed one.
 *
 * Returns: only when gongkai-full cannot be run, %GK_CLI_REFUSED
 */
int
gk_cli_delegate (int    argc,
                 char **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *self_dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = self_dir != NULL ? g_build_filename (self_dir, "gongkai-full", NULL) : NULL;
  g_autofree char *program = NULL;
  int saved_errno;

  g_return_val_if_fail (original_argv != NULL, GK_CLI_REFUSED);

  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    program = g_steal_pointer (&beside);
  else
    program = g_build_filename (PKGLIBEXECDIR, "gongkai-full", NULL);

  execv (program, original_argv);
  saved_errno = errno;
  g_printerr (_("The part of gongkai that talks to the portal, scans files and draws reports, %s, "
                "could not be started (%s); reinstall gongkai-liaison.\n"), program, g_strerror (saved_errno));
  return GK_CLI_REFUSED;
}

/**
 * gk_cli_open_with_unit:
 * @unit: (out): the liaison's unit
 *
 * Opens the context and resolves the liaison's unit.
 *
 * Returns: (transfer full) (nullable): the context, or %NULL after telling the user why not
 */
GkContext *
gk_cli_open_with_unit (const char  *data_dir,
                       char       **unit)
{
  g_autoptr(GkContext) context = gk_cli_open_context (data_dir);
  g_autoptr(GError) error = NULL;

  if (context == NULL)
    return NULL;

  if ((*unit = gk_context_dup_unit (context, &error)) == NULL)
    {
      gk_cli_report_error (error);
      return NULL;
    }

  return g_steal_pointer (&context);
}

/**
 * gk_cli_resolve_uuids:
 * @ids: (array length=n_ids): item ids, or beginnings of them that name one item
 * @in_bin: look among the items in the bin instead of the live ones
 *
 * Resolves every id before the caller changes anything, so that a typo in the
 * third leaves the first two untouched.
 *
 * Returns: (transfer full) (nullable) (element-type utf8): the uuids, or %NULL
 *   after telling the user which id names no item
 */
GPtrArray *
gk_cli_resolve_uuids (GkContext   *context,
                      const char  *unit,
                      char       **ids,
                      int          n_ids,
                      gboolean     in_bin)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < n_ids; i++)
    {
      g_autoptr(GError) error = NULL;
      char *uuid = gk_context_resolve_item (context, unit, ids[i], in_bin, &error);

      if (uuid == NULL)
        {
          gk_cli_report_error (error);
          return NULL;
        }
      g_ptr_array_add (uuids, uuid);
    }

  return g_steal_pointer (&uuids);
}

int
gk_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (*command == '\0')
    g_printerr (_("gongkai: %s; see “gongkai --help”.\n"), message);
  else
    /* Translators: the command, then what was wrong with how it was called */
    g_printerr (_("gongkai %s: %s; see “gongkai %s --help”.\n"), command, message, command);

  return GK_CLI_USAGE;
}

int
gk_cli_report_error (const GError *error)
{
  g_printerr ("%s\n", error->message);

  return GK_CLI_REFUSED;
}

/* `gongkai --data-dir DIR item list` is how people write it from other tools' habits: the
 * option every command takes may come before the command, and is moved behind it so the
 * command's own parser sees it. Returns where the first argument that is not --data-dir now
 * sits, so any other option before the command can be refused by name. */
static int
move_data_dir_behind_command (int    argc,
                              char **argv)
{
  int i = 1;

  while (i < argc)
    {
      if (g_str_equal (argv[i], "--data-dir") && i + 1 < argc)
        i += 2;
      else if (g_str_has_prefix (argv[i], "--data-dir="))
        i += 1;
      else
        break;
    }

  if (i > 1 && i < argc && argv[i][0] != '-')
    {
      char *command = argv[i];

      memmove (argv + 2, argv + 1, (i - 1) * sizeof (char *));
      argv[1] = command;
      return 1;
    }

  return i;
}

static void
append_command_help (GString            *help,
                     const GkCliCommand *c)
{
  g_autofree char *call = g_strdup_printf ("%s %s", c->name, c->parameters ? c->parameters : "");
  const int column = 36;
  /* Padded by characters, not bytes: the parameters hold “…”. */
  long width = g_utf8_strlen (call, -1);

  if (width <= column)
    g_string_append_printf (help, "  %s%*s %s\n", call, (int) (column - width), "", _(c->summary));
  else
    g_string_append_printf (help, "  %s\n  %*s %s\n", call, column, "", _(c->summary));
}

int
gk_cli_dispatch (const char         *group,
                 const GkCliCommand *commands,
                 int                 argc,
                 char              **argv)
{
  GString *help;
  int first = move_data_dir_behind_command (argc, argv);

  if (first < argc && argv[first][0] == '-' && !g_str_equal (argv[first], "--help")
      && !g_str_equal (argv[first], "-h"))
    /* Translators: an option written before the command it belongs to */
    return gk_cli_usage_error (group, _("“%s” belongs after a command, as in “gongkai %s%sCOMMAND %s”"),
                               argv[first], group, *group != '\0' ? " " : "", argv[first]);

  if (argc >= 2 && argv[1][0] != '-')
    {
      for (const GkCliCommand *c = commands; c->name != NULL; c++)
        {
          if (g_str_equal (argv[1], c->name))
            return c->run (argc - 1, argv + 1);
        }

      return gk_cli_usage_error (group, _("“%s” is not a command"), argv[1]);
    }

  help = g_string_new (NULL);
  if (*group != '\0')
    g_string_append_printf (help, _("Usage: gongkai %s COMMAND [OPTION…]\n\nCommands:\n"), group);
  else
    g_string_append (help, _("Usage: gongkai COMMAND [OPTION…]\n\nEvery command takes --data-dir DIR and --help.\n\nCommands:\n"));
  for (const GkCliCommand *c = commands; c->name != NULL; c++)
    append_command_help (help, c);

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s", help->str);
      g_string_free (help, TRUE);
      return GK_CLI_OK;
    }

  g_printerr ("%s", help->str);
  g_string_free (help, TRUE);

  return GK_CLI_USAGE;
}
