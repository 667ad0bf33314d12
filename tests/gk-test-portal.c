/* Starts the real gongkai-portal on a free loopback port, for tests that cross the network. */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "gk-test-portal.h"
#include "gk-test-util.h"

static guint16
find_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * gk_test_portal_start:
 * @tokens: the tokens file's contents, `TOKEN<TAB>UNIT` lines
 */
GkTestPortal *
gk_test_portal_start (const char *tokens)
{
  return gk_test_portal_start_with_catalog (tokens, NULL);
}

/* Starts the process on the portal's port and data folder, and waits until it answers. */
static void
spawn_process (GkTestPortal *portal)
{
  g_autofree char *tokens_path = g_build_filename (portal->dir, "tokens", NULL);
  g_autofree char *key_path = g_build_filename (portal->dir, "key.pem", NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", portal->port);
  g_autofree char *max_upload = g_strdup_printf ("%" G_GUINT64_FORMAT, portal->max_upload);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *program = g_getenv ("GONGKAI_PORTAL");

  g_assert_nonnull (program);
  g_assert_null (portal->process);

  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, listen);
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, portal->dir);
  g_ptr_array_add (argv, "--tokens");
  g_ptr_array_add (argv, tokens_path);
  if (portal->catalog != NULL)
    {
      g_ptr_array_add (argv, "--catalog");
      g_ptr_array_add (argv, portal->catalog);
    }
  if (portal->max_upload > 0)
    {
      g_ptr_array_add (argv, "--max-upload");
      g_ptr_array_add (argv, max_upload);
    }
  if (portal->ca_file != NULL)
    {
      g_ptr_array_add (argv, "--tls-cert");
      g_ptr_array_add (argv, portal->ca_file);
      g_ptr_array_add (argv, "--tls-key");
      g_ptr_array_add (argv, key_path);
    }
  g_ptr_array_add (argv, NULL);

  /* Silenced and tied to this test's life: an orphan holding the test's stdout would stall meson. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  portal->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* Ready when it answers; a portal that never does fails the test after 10 s. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("OPTIONS", portal->url);
      g_autoptr(GBytes) body = soup_session_send_and_read (portal->session, message, NULL, NULL);

      if (body != NULL)
        return;
      g_usleep (50 * 1000);
    }

  g_error ("gongkai-portal did not start listening on %s", listen);
}

static GkTestPortal *
portal_spawn (const char *tokens,
              const char *catalog,
              gboolean    tls,
              guint64     max_upload)
{
  GkTestPortal *portal = g_new0 (GkTestPortal, 1);
  g_autofree char *tokens_path = NULL;
  g_autoptr(GError) error = NULL;

  portal->dir = gk_test_make_data_dir ();
  tokens_path = g_build_filename (portal->dir, "tokens", NULL);
  g_file_set_contents (tokens_path, tokens, -1, &error);
  g_assert_no_error (error);

  portal->port = find_free_port ();
  portal->catalog = g_strdup (catalog);
  portal->max_upload = max_upload;
  portal->url = g_strdup_printf ("%s://127.0.0.1:%u/", tls ? "https" : "http", portal->port);
  portal->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 30, NULL);
  if (tls)
    {
      g_autofree char *key_path = g_build_filename (portal->dir, "key.pem", NULL);
      g_autoptr(GTlsDatabase) database = NULL;

      portal->ca_file = g_build_filename (portal->dir, "cert.pem", NULL);
      gk_test_make_certificate (portal->ca_file, key_path);
      database = g_tls_file_database_new (portal->ca_file, &error);
      g_assert_no_error (error);
      soup_session_set_tls_database (portal->session, database);
    }

  spawn_process (portal);

  return portal;
}

/**
 * gk_test_portal_start_with_catalog:
 * @catalog: (nullable): a catalog file for the portal to serve instead of the built-in one
 */
GkTestPortal *
gk_test_portal_start_with_catalog (const char *tokens,
                                   const char *catalog)
{
  return portal_spawn (tokens, catalog, FALSE, 0);
}

/**
 * gk_test_portal_start_tls:
 *
 * Serves HTTPS with a new self-signed certificate for 127.0.0.1, whose file
 * is portal->ca_file.
 */
GkTestPortal *
gk_test_portal_start_tls (const char *tokens)
{
  return portal_spawn (tokens, NULL, TRUE, 0);
}

/**
 * gk_test_portal_halt:
 *
 * Kills the portal with SIGKILL, as a crash or a power cut would, and keeps
 * its data folder: until gk_test_portal_resume(), connections are refused.
 */
void
gk_test_portal_halt (GkTestPortal *portal)
{
  g_assert_nonnull (portal->process);

  g_subprocess_force_exit (portal->process);
  g_subprocess_wait (portal->process, NULL, NULL);
  g_clear_object (&portal->process);
  /* Pooled connections went with the old process. */
  soup_session_abort (portal->session);
}

/**
 * gk_test_portal_resume:
 *
 * Starts a halted portal again on the same port and data folder, so what it
 * had received is still there and clients need not be pointed anywhere else.
 */
void
gk_test_portal_resume (GkTestPortal *portal)
{
  spawn_process (portal);
}

void
gk_test_portal_stop (GkTestPortal *portal)
{
  if (portal == NULL)
    return;

  if (portal->process != NULL)
    {
      g_subprocess_force_exit (portal->process);
      g_subprocess_wait (portal->process, NULL, NULL);
    }
  g_clear_object (&portal->process);
  g_clear_object (&portal->session);
  gk_test_remove_tree (portal->dir);
  g_free (portal->ca_file);
  g_free (portal->catalog);
  g_free (portal->dir);
  g_free (portal->url);
  g_free (portal);
}

/**
 * gk_test_portal_call:
 * @token: (nullable): sent as the bearer token
 * @reply: (out) (optional): the JSON reply, if any
 *
 * Returns: the HTTP status
 */
guint
gk_test_portal_call (GkTestPortal *portal,
                     const char   *method,
                     const char   *path,
                     const char   *token,
                     const char   *content_type,
                     const char   *body,
                     JsonNode    **reply)
{
  g_autofree char *url = g_strconcat (portal->url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, content_type, bytes);
    }

  response = soup_session_send_and_read (portal->session, message, NULL, &error);
  g_assert_no_error (error);

  if (reply != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      *reply = NULL;
      if (g_bytes_get_size (response) > 0 &&
          json_parser_load_from_data (parser, g_bytes_get_data (response, NULL), (gssize) g_bytes_get_size (response), NULL))
        *reply = json_node_copy (json_parser_get_root (parser));
    }

  return soup_message_get_status (message);
}

/**
 * gk_test_portal_start_with_max_upload:
 * @max_upload: the largest attachment the portal accepts, in bytes
 */
GkTestPortal *
gk_test_portal_start_with_max_upload (const char *tokens,
                                      guint64     max_upload)
{
  return portal_spawn (tokens, NULL, FALSE, max_upload);
}
