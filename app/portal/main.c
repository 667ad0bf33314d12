/* gongkai-portal: the reference municipal portal, for pilots, demos and tests. */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "gk-calendar.h"
#include "gk-portal-import.h"
#include "gk-portal-listener.h"
#include "gk-portal-office-accounts.h"
#include "gk-portal-server.h"
#include "gk-portal-tus.h"

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

/* SIGHUP: the tokens file again, so a revoked token stops working without a restart. */
typedef struct
{
  GkPortalTokens *tokens;
  GkPortalServer *server;
} Reloadable;

/* SIGHUP: the tokens file and the office accounts again, so a revoked token or account stops at once. */
static gboolean
on_reload_cb (gpointer user_data)
{
  Reloadable *reloadable = user_data;
  g_autoptr(GError) error = NULL;

  if (gk_portal_tokens_reload (reloadable->tokens, &error))
    g_message ("tokens file read again: %u token(s)", gk_portal_tokens_get_count (reloadable->tokens));
  else
    g_warning ("The tokens were kept as they were: %s", error->message);
  g_clear_error (&error);

  if (!gk_portal_server_reload_accounts (reloadable->server, &error))
    g_warning ("The office accounts were kept as they were: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static int
fail (const GError *error)
{
  g_printerr ("gongkai-portal: %s\n", error->message);
  return 1;
}

/* `gongkai-portal import-published FILE.csv`: publications made before the portal existed. */
static int
import_published (const char *data_dir,
                  GkCatalog  *catalog,
                  const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *db_path = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GkPortalDb) db = NULL;
  g_autoptr(GError) error = NULL;
  guint imported, present;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_printerr ("gongkai-portal: the data folder “%s” could not be created (%s).\n", data_dir, g_strerror (errno));
      return 1;
    }

  db_path = g_build_filename (data_dir, "portal.db", NULL);
  if ((csv = g_file_load_bytes (file, NULL, NULL, &error)) == NULL ||
      (db = gk_portal_db_open (db_path, &error)) == NULL ||
      !gk_portal_import_published (db, catalog, csv, name, &imported, &present, &error))
    return fail (error);

  g_print ("Imported %u publication(s) from “%s”; %u were already there.\n", imported, name, present);
  return 0;
}

/* `gongkai-portal import-calendar FILE`: a newer working-day calendar, served to the clients. */
static int
import_calendar (const char *data_dir,
                 const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GBytes) tsv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  gboolean changed;

  if ((tsv = g_file_load_bytes (file, NULL, NULL, &error)) == NULL ||
      !gk_calendar_install (data_dir, tsv, name, &changed, &error))
    return fail (error);

  calendar = gk_calendar_load (data_dir);
  g_print (changed ? "Installed the working-day calendar version %s; clients get it with “gongkai calendar update”.\n"
                   : "The working-day calendar version %s is already installed.\n",
           gk_calendar_get_version (calendar));
  return 0;
}

/* One line from stdin, never from argv (where `ps` shows it); not echoed on a terminal. */
static char *
read_password (const char *name)
{
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char line[1024];
  char *password = NULL;

  if (terminal)
    {
      g_printerr ("Password for %s: ", name);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  if (fgets (line, sizeof line, stdin) != NULL)
    {
      line[strcspn (line, "\r\n")] = '\0';
      password = g_strdup (line);
    }

  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  explicit_bzero (line, sizeof line);

  return password;
}

/* gongkai-portal office-user add|remove NAME --data-dir DIR */
static int
run_office_user (const char *data_dir,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GkPortalOfficeAccounts) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (argc != 4 || data_dir == NULL || (!g_str_equal (argv[2], "add") && !g_str_equal (argv[2], "remove")))
    {
      g_printerr ("gongkai-portal: give office-user add NAME or office-user remove NAME, with --data-dir DIR; see gongkai-portal --help.\n");
      return 2;
    }

  if ((accounts = gk_portal_office_accounts_new (data_dir, &error)) == NULL)
    return fail (error);

  if (g_str_equal (argv[2], "remove"))
    return gk_portal_office_accounts_remove (accounts, argv[3], &error) ? 0 : fail (error);

  if ((password = read_password (argv[3])) == NULL)
    {
      g_printerr ("gongkai-portal: no password was given; type it, or pipe it in on one line.\n");
      return 2;
    }

  if (!gk_portal_office_accounts_set (accounts, argv[3], password, &error))
    {
      explicit_bzero (password, strlen (password));
      return fail (error);
    }
  explicit_bzero (password, strlen (password));

  g_printerr ("gongkai-portal: the account %s is set; a running portal takes it at its next SIGHUP (systemctl reload gongkai-portal).\n",
              argv[3]);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *tokens_path = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *uri = NULL;
  gint64 max_upload = GK_PORTAL_DEFAULT_MAX_UPLOAD;
  gboolean test_faults = FALSE;
  int max_connections = GK_PORTAL_DEFAULT_MAX_CONNECTIONS;
  int idle_timeout = GK_PORTAL_DEFAULT_IDLE_TIMEOUT;
  gint64 quota_count = GK_PORTAL_DEFAULT_QUOTA_COUNT;
  gint64 quota_bytes = GK_PORTAL_DEFAULT_QUOTA_BYTES;
  gint64 max_chunk = 0;
  g_auto(GStrv) public_names = NULL;
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default 127.0.0.1:8080)", "HOST:PORT" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Folder for portal.db and uploads/", "DIR" },
    { "tokens", 0, 0, G_OPTION_ARG_FILENAME, &tokens_path, "One TOKEN<TAB>UNIT[<TAB>EXPIRES] line per liaison; read again on SIGHUP", "FILE" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Serve HTTPS with this PEM certificate", "PEM" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's PEM private key", "PEM" },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_path, "Serve this catalog instead of the built-in one", "FILE" },
    { "max-upload", 0, 0, G_OPTION_ARG_INT64, &max_upload, "Largest attachment accepted (default 4 GiB)", "BYTES" },
    { "max-chunk-size", 0, 0, G_OPTION_ARG_INT64, &max_chunk, "Largest chunk clients are asked to send per upload request, as a proxy in front allows (default: none asked)", "BYTES" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections, "Connections served at once; more wait (default 512)", "N" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout, "Seconds a silent connection is kept (default 60; 0 for ever)", "SECONDS" },
    { "upload-quota-count", 0, 0, G_OPTION_ARG_INT64, &quota_count, "Uploads no item names yet that one unit may keep (default 200)", "N" },
    { "upload-quota-bytes", 0, 0, G_OPTION_ARG_INT64, &quota_bytes, "Bytes those uploads may hold together (default 20 GiB)", "BYTES" },
    { "public-name", 0, 0, G_OPTION_ARG_STRING_ARRAY, &public_names, "A host name the portal is reached by (repeat for more); the office pages answer to no other but loopback", "NAME" },
    { "test-faults", 0, 0, G_OPTION_ARG_NONE, &test_faults, "Serve the fault switches at /_test/faults, for tests and demos only", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkPortalTokens) tokens = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GkPortalServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Reloadable reloadable;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[office-user add|remove NAME | import-published FILE.csv | import-calendar FILE] — the reference municipal portal");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Receives items and attachments from Gongkai Liaison (docs/portal-api.md) and\n"
                                "serves the municipal office's pages at /office/ (to this machine, or to\n"
                                "signed-in office accounts over HTTPS).\n\n"
                                "gongkai-portal office-user add NAME --data-dir DIR   sets an office account, password on stdin\n"
                                "gongkai-portal office-user remove NAME --data-dir DIR\n\n"
                                "import-published FILE.csv records what the website published before the portal\n"
                                "existed (columns column_id, unit, title, published_on, url; UTF-8 or GB18030),\n"
                                "all rows or none, and exits. import-calendar FILE installs a newer working-day\n"
                                "calendar (the format of data/calendar/cn-workdays.tsv), which clients fetch.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gongkai-portal: %s; see gongkai-portal --help.\n", error->message);
      return 2;
    }

  if (argc > 1 && g_str_equal (argv[1], "office-user"))
    return run_office_user (data_dir, argc, argv);

  if (argc > 1 && !(argc == 3 && data_dir != NULL &&
                    (g_str_equal (argv[1], "import-published") || g_str_equal (argv[1], "import-calendar"))))
    {
      g_printerr ("gongkai-portal: the commands are “office-user add|remove NAME”, “import-published FILE.csv” and “import-calendar FILE”, with --data-dir DIR; see gongkai-portal --help.\n");
      return 2;
    }

  if (argc == 3 && g_str_equal (argv[1], "import-calendar"))
    return import_calendar (data_dir, argv[2]);

  if (argc == 1 && (data_dir == NULL || tokens_path == NULL ||
                    (tls_cert == NULL) != (tls_key == NULL) || max_upload < 0 || max_chunk < 0 || max_connections < 1 ||
                    idle_timeout < 0 || quota_count < 0 || quota_bytes < 0))
    {
      g_printerr ("gongkai-portal: give --data-dir DIR and --tokens FILE (and --tls-cert with --tls-key, a --max-upload and --max-chunk-size of 0 or more, a --max-connections of 1 or more, an --idle-timeout and upload quotas of 0 or more); see gongkai-portal --help.\n");
      return 2;
    }

  if (catalog_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (catalog_path);

      if ((catalog = gk_catalog_new_from_file (file, &error)) == NULL)
        return fail (error);
    }
  else
    catalog = gk_catalog_new_builtin ();

  if (argc == 3)
    return import_published (data_dir, catalog, argv[2]);

  if ((tokens = gk_portal_tokens_new_from_file (tokens_path, catalog, &error)) == NULL)
    return fail (error);

  if (tls_cert != NULL &&
      (certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error)) == NULL)
    {
      g_autoptr(GError) tls_error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                 "The TLS certificate “%s” or key “%s” could not be loaded (%s); give PEM files.",
                                                 tls_cert, tls_key, error->message);
      return fail (tls_error);
    }

  if ((server = gk_portal_server_new (data_dir, tokens, catalog, max_upload, certificate, &error)) == NULL)
    return fail (error);
  if (test_faults)
    {
      const char *offset = g_getenv ("GK_PORTAL_TEST_CLOCK_OFFSET");

      gk_portal_server_enable_test_faults (server);
      /* Tests of the 7-day sweep start the portal a week "later". */
      if (offset != NULL)
        gk_portal_server_set_clock_offset (server, g_ascii_strtoll (offset, NULL, 10));
    }
  gk_portal_server_set_upload_quota (server, quota_count, quota_bytes);
  gk_portal_server_set_max_chunk (server, max_chunk);
  gk_portal_server_set_public_names (server, (const char * const *) public_names);
  gk_portal_server_set_connection_limits (server, max_connections, idle_timeout);
  if (!gk_portal_server_listen (server, listen != NULL ? listen : "127.0.0.1:8080", &error))
    return fail (error);

  uri = gk_portal_server_dup_uri (server);
  g_printerr ("gongkai-portal: listening on %s with %u token(s); the office pages are at %soffice/\n",
              uri, gk_portal_tokens_get_count (tokens), uri);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  reloadable.tokens = tokens;
  reloadable.server = server;
  g_unix_signal_add (SIGHUP, on_reload_cb, &reloadable);
  g_main_loop_run (loop);

  return 0;
}
