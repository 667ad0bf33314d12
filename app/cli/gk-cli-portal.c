/* `gongkai login`, `sync`, `profile submit`, `calendar update` and `check --site`: talking to the municipal portal. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "gk-calendar.h"
#include "gk-catalog.h"
#include "gk-check.h"
#include "gk-cli-heavy.h"
#include "gk-context.h"
#include "gk-portal-client.h"
#include "gk-profile.h"
#include "gk-protocol.h"
#include "gk-sync.h"

/* Waits for one asynchronous call, as a command-line program does. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static GAsyncResult *
wait_for (Waiter *waiter)
{
  g_main_loop_run (waiter->loop);
  g_main_loop_unref (waiter->loop);

  return waiter->result;
}

/* The token comes from standard input so it never shows in `ps` or the shell's history. */
static char *
read_token (void)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (STDIN_FILENO);
  g_autofree char *line = NULL;
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO);

  if (terminal)
    {
      g_printerr ("%s", _("Token: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  g_io_channel_read_line (channel, &line, NULL, NULL, NULL);

  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }

  return line != NULL ? g_strstrip (g_steal_pointer (&line)) : NULL;
}

/* On stderr, so that scripts reading stdout see nothing new: when the token runs out soon. */
static void
print_expiry (GkSync *sync)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *warning = gk_sync_dup_expiry_warning (sync, now);

  if (warning != NULL)
    g_printerr ("%s\n", warning);
}

/* The link to @portal, or to the account's portal (whose token's expiry is then told). */
static GkSync *
open_sync (GkContext   *context,
           const char  *portal,
           GError     **error)
{
  g_autoptr(GkSync) sync = gk_sync_new (GK_SYNC_HOST (context), portal);

  if (!gk_sync_reload (sync, error))
    return NULL;
  if (portal == NULL)
    print_expiry (sync);

  return g_steal_pointer (&sync);
}

static void
on_login_waiting_cb (GkSync     *sync,
                     guint       seconds,
                     const char *reason,
                     gpointer    user_data)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Trying again in %u second…",
                                                        "%s Trying again in %u seconds…", seconds),
                                           reason, seconds);

  g_printerr ("%s\n", text);
}

static int
portal_login (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *portal = NULL;
  g_autofree char *ca_file = NULL;
  gboolean insecure = FALSE;
  const GOptionEntry entries[] = {
    { "portal", 'p', 0, G_OPTION_ARG_STRING, &portal, N_("The portal’s address, such as https://portal.example.gov.cn/"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("Trust the certificate authorities in PEM FILE instead of the system’s (a municipal intranet CA)"), N_("FILE") },
    { "allow-insecure-http", 0, 0, G_OPTION_ARG_NONE, &insecure, N_("Allow a plain http:// portal on another host, for an isolated test network only: the token then crosses the network unprotected"), NULL },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = NULL;
  g_autofree char *unit = NULL;
  Waiter waiter = { NULL, NULL };

  if (!gk_cli_parse ("login", "--portal URL",
                     _("Check the token given on standard input with the portal and keep it in the keyring."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("login", _("the token is read from standard input, never from the command line"));
  if (portal == NULL)
    return gk_cli_usage_error ("login", _("give the portal’s address with --portal"));

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  token = read_token ();
  sync = gk_sync_new (GK_SYNC_HOST (context), NULL);
  waiter.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (sync, "waiting", G_CALLBACK (on_login_waiting_cb), NULL);
  gk_sync_login_async (sync, portal, token != NULL ? token : "", ca_file,
                       insecure ? GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP : GK_PORTAL_CLIENT_FLAGS_NONE,
                       NULL, on_done_cb, &waiter);
  result = wait_for (&waiter);

  if ((unit = gk_sync_login_finish (sync, result, &error)) == NULL)
    return gk_cli_report_error (error);

  g_print (_("Logged in to %s as %s.\n"), gk_sync_get_url (sync), unit);
  print_expiry (sync);

  return GK_CLI_OK;
}

static void
on_progress_cb (GkSync     *sync,
                const char *uuid,
                const char *sha256,
                guint64     sent,
                guint64     size,
                gpointer    user_data)
{
  /* Progress is for people watching a terminal; scripts read the summary. */
  if (isatty (STDERR_FILENO))
    g_printerr ("\r%.8s %.8s %3u%%", uuid, sha256, size > 0 ? (guint) (sent * 100 / size) : 100u);
}

static void
on_verdict_cb (GkSync     *sync,
               const char *uuid,
               GkContext  *context)
{
  g_autoptr(GkItem) item = gk_context_dup_item (context, uuid, NULL);

  if (item != NULL)
    g_print ("%s\t%s\t%s\n", uuid, gk_item_state_to_string (gk_item_get_state (item)),
             gk_item_get_field (item, GK_ITEM_REJECT_REASON) != NULL ? gk_item_get_field (item, GK_ITEM_REJECT_REASON) : "");
}

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

static int
portal_sync (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *portal = NULL;
  gboolean once = FALSE;
  const GOptionEntry entries[] = {
    { "portal", 'p', 0, G_OPTION_ARG_STRING, &portal, N_("The portal’s address, if not the one logged in to"), N_("URL") },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Deliver and read back once, then exit"), NULL },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;

  if (!gk_cli_parse ("sync", "[--portal URL] [--once]",
                     _("Upload the outbox to the portal and read the portal’s verdicts back; "
                       "with --once, exit 0 only when the outbox is empty and every status was read."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("sync", _("unexpected argument “%s”"), argv[1]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if ((sync = open_sync (context, portal, &error)) == NULL)
    return gk_cli_report_error (error);

  g_signal_connect (sync, "progress", G_CALLBACK (on_progress_cb), NULL);
  g_signal_connect (sync, "verdict", G_CALLBACK (on_verdict_cb), context);

  if (once)
    {
      Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
      g_autoptr(GAsyncResult) result = NULL;
      gboolean ok;

      gk_sync_send_now_async (sync, NULL, on_done_cb, &waiter);
      result = wait_for (&waiter);
      ok = gk_sync_send_now_finish (sync, result, &error);
      if (isatty (STDERR_FILENO))
        g_printerr ("\r");

      left = gk_context_list_outbox (context, NULL);
      if (!ok)
        return gk_cli_report_error (error);
      if (left != NULL && left->len > 0)
        {
          g_printerr (_("%u items are still waiting in the outbox; run “gongkai sync --once” again later.\n"), left->len);
          return GK_CLI_REFUSED;
        }

      return GK_CLI_OK;
    }
  else
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

      g_unix_signal_add (SIGINT, on_signal_cb, loop);
      g_unix_signal_add (SIGTERM, on_signal_cb, loop);
      gk_sync_start (sync);
      g_main_loop_run (loop);
      gk_sync_stop (sync);

      return GK_CLI_OK;
    }
}

int
gk_cli_login (int    argc,
              char **argv)
{
  return portal_login (argc, argv);
}

int
gk_cli_sync (int    argc,
             char **argv)
{
  return portal_sync (argc, argv);
}

/* `gongkai profile submit`: lives here because it needs the portal. */
int
gk_cli_profile_submit (int    argc,
                       char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *portal = NULL;
  const GOptionEntry entries[] = {
    { "portal", 'p', 0, G_OPTION_ARG_STRING, &portal, N_("The portal’s address, if not the one logged in to"), N_("URL") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  if (!gk_cli_parse ("profile submit", "[--portal URL]",
                     _("Report the unit’s leader in charge, responsible office, liaison and phone to the portal."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("profile submit", _("unexpected argument “%s”"), argv[1]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if ((sync = open_sync (context, portal, &error)) == NULL)
    return gk_cli_report_error (error);

  waiter.loop = g_main_loop_new (NULL, FALSE);
  gk_sync_register_async (sync, NULL, on_done_cb, &waiter);
  result = wait_for (&waiter);

  if (!gk_sync_register_finish (sync, result, &error))
    return gk_cli_report_error (error);

  g_print (_("The registration was sent to %s.\n"), gk_portal_client_get_base_url (gk_sync_get_client (sync)));

  return GK_CLI_OK;
}

/*
 * Asks the portal what the whole website shows as of @as_of and keeps it for the
 * check (gk_check_keep_site_summary()). Offline or not logged in, says so: the
 * check then counts the unit's own columns.
 */
void
gk_cli_fetch_site_summary (GkContext   *context,
                           const GDate *as_of)
{
  g_autoptr(GkSync) sync = gk_sync_new (GK_SYNC_HOST (context), NULL);
  GkPortalClient *client;
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  char day[11];

  g_date_strftime (day, sizeof day, "%Y-%m-%d", as_of);
  path = gk_protocol_summary_path (day);

  if (gk_sync_reload (sync, &error))
    {
      Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };

      client = gk_sync_get_client (sync);
      gk_portal_client_call_async (client, "GET", path, NULL, NULL, NULL, NULL, on_done_cb, &waiter);
      result = wait_for (&waiter);
      if ((reply = gk_portal_client_call_finish (client, result, &error)) != NULL)
        {
          json = reply->json != NULL ? json_to_string (reply->json, FALSE) : NULL;
          gk_check_keep_site_summary (context, json, &error);
        }
    }

  if (error != NULL)
    g_printerr (_("The portal could not give the whole website’s columns (%s); the check counts this unit’s own columns.\n"),
                error->message);
}

/* The portal's calendar (GET /api/v1/calendar), installed when it is newer than the one in use. */
int
gk_cli_calendar_update (int    argc,
                        char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkSync) sync = NULL;
  GkPortalClient *client;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GkCalendar) incoming = NULL;
  g_autoptr(GkCalendar) current = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL };
  const char *dir;

  if (!gk_cli_parse ("calendar update", NULL,
                     _("Install the portal’s working-day calendar if it is newer than the one in use."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("calendar update", _("unexpected argument “%s”"), argv[1]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  sync = gk_sync_new (GK_SYNC_HOST (context), NULL);
  if (!gk_sync_reload (sync, &error))
    return gk_cli_report_error (error);
  client = gk_sync_get_client (sync);

  waiter.loop = g_main_loop_new (NULL, FALSE);
  gk_portal_client_call_async (client, "GET", GK_PROTOCOL_CALENDAR, NULL, NULL, NULL, NULL, on_done_cb, &waiter);
  result = wait_for (&waiter);
  if ((reply = gk_portal_client_call_finish (client, result, &error)) == NULL ||
      (incoming = gk_calendar_new_from_bytes (reply->body, &error)) == NULL)
    return gk_cli_report_error (error);

  dir = gk_context_get_data_dir (context);
  current = gk_calendar_load (dir);
  if (gk_catalog_compare_versions (gk_calendar_get_version (incoming), gk_calendar_get_version (current)) <= 0)
    {
      g_print (_("The working-day calendar in use, version %s, is as new as the portal’s; nothing changed.\n"),
               gk_calendar_get_version (current));
      return GK_CLI_OK;
    }

  if (!gk_calendar_install (dir, reply->body, gk_portal_client_get_base_url (client), NULL, &error))
    return gk_cli_report_error (error);

  g_print (_("Installed working-day calendar version %s.\n"), gk_calendar_get_version (incoming));
  return GK_CLI_OK;
}
