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
  g_autofree char *log_path = g_build_filename (portal->dir, "portal.log", NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", portal->port);
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
  for (guint i = 0; portal->args != NULL && portal->args[i] != NULL; i++)
    g_ptr_array_add (argv, portal->args[i]);
  if (portal->ca_file != NULL)
    {
      g_ptr_array_add (argv, "--tls-cert");
      g_ptr_array_add (argv, portal->ca_file);
      g_ptr_array_add (argv, "--tls-key");
      g_ptr_array_add (argv, key_path);
    }
  g_ptr_array_add (argv, NULL);

  /* Kept off the test's output and tied to its life: an orphan holding the test's stdout would stall meson. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* Its log, for the tests that read what it says: portal.log in its folder, anew at each start. */
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
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

/* The tests that switch faults on need them; the portal-security suite starts without. */
static const char * const default_args[] = { "--test-faults", NULL };

static GkTestPortal *
portal_spawn (const char         *tokens,
              const char         *catalog,
              gboolean            tls,
              const char * const *args)
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
  portal->args = g_strdupv ((char **) args);
  portal->url = g_strdup_printf ("%s://127.0.0.1:%u/", tls ? "https" : "http", portal->port);
  portal->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 30, NULL);
  /* The office pages' session cookie, as the office's browser keeps it (gk_test_portal_decide()). */
  soup_session_add_feature_by_type (portal->session, SOUP_TYPE_COOKIE_JAR);
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
  return portal_spawn (tokens, catalog, FALSE, default_args);
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
  return portal_spawn (tokens, NULL, TRUE, default_args);
}

/**
 * gk_test_portal_start_with_args:
 * @args: the options given besides --listen, --data-dir and --tokens; no
 *   fault switches unless they include --test-faults
 */
GkTestPortal *
gk_test_portal_start_with_args (const char         *tokens,
                                const char * const *args)
{
  return portal_spawn (tokens, NULL, FALSE, args);
}

/**
 * gk_test_portal_start_with_max_upload:
 * @max_upload: the largest attachment the portal accepts, in bytes
 */
GkTestPortal *
gk_test_portal_start_with_max_upload (const char *tokens,
                                      guint64     max_upload)
{
  g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, max_upload);
  const char * const args[] = { "--test-faults", "--max-upload", size, NULL };

  return portal_spawn (tokens, NULL, FALSE, args);
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
  g_strfreev (portal->args);
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

/* The value of a hidden field of the form that posts to @action on @html. */
static char *
dup_form_field (const char *html,
                const char *action,
                const char *field)
{
  g_autofree char *form_start = g_strdup_printf ("action=\"%s\"", action);
  g_autofree char *needle = g_strdup_printf ("name=\"%s\" value=\"", field);
  const char *form = strstr (html, form_start);
  const char *value = form != NULL ? strstr (form, needle) : NULL;

  g_assert_nonnull (value);
  value += strlen (needle);
  return g_strndup (value, strcspn (value, "\""));
}

/**
 * gk_test_portal_decide:
 * @verdict: "approve" or "reject"
 * @fields: more form fields, e.g. `reason=…` URL-encoded, or ""
 *
 * Does what the office does in its browser: opens the item's page and posts
 * its Approve or Reject form, with the page's token and revision.
 *
 * Returns: the HTTP status of the answer, after its redirect
 */
guint
gk_test_portal_decide (GkTestPortal *portal,
                       const char   *id,
                       const char   *verdict,
                       const char   *fields)
{
  g_autofree char *page_url = g_strconcat (portal->url, "office/items/", id, NULL);
  g_autofree char *action = g_strdup_printf ("/office/items/%s/%s", id, verdict);
  g_autofree char *action_url = g_strconcat (portal->url, action + 1, NULL);
  g_autofree char *origin = g_strndup (portal->url, strlen (portal->url) - 1);
  g_autoptr(SoupMessage) page = soup_message_new ("GET", page_url);
  g_autoptr(SoupMessage) post = soup_message_new ("POST", action_url);
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *token = NULL;
  g_autofree char *revision = NULL;
  g_autofree char *form = NULL;

  html = soup_session_send_and_read (portal->session, page, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (page), ==, 200);
  text = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));
  token = dup_form_field (text, action, "csrf");
  revision = dup_form_field (text, action, "revision");

  form = g_strdup_printf ("csrf=%s&revision=%s%s%s", token, revision, *fields != '\0' ? "&" : "", fields);
  body = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (post, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (post), "Origin", origin);
  answer = soup_session_send_and_read (portal->session, post, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (post);
}
