/*
 * The reference portal for the fuzz targets. Each input gets a portal of its
 * own in an empty data folder, so a crash reproduces from that input alone.
 * Requests reach it as raw bytes through gk_portal_server_accept_stream():
 * the whole of libsoup's server, the router, the API and tus run as for a
 * client on the network, without a socket.
 */
#include "config.h"

#include <stdlib.h>

#include "gk-fuzz-portal.h"
#include "gk-portal-server.h"
#include "gk-test-util.h"

/* Room for one upload of a few inputs' size: more would only fill the disk. */
#define MAX_UPLOAD (64 * 1024)

struct _GkFuzzPortal
{
  char           *data_dir;
  GkPortalServer *server;
};

typedef struct
{
  char           *folder;
  GkCatalog      *catalog;
  GkPortalTokens *tokens;
} Shared;

static Shared shared;

static void
remove_folder (void)
{
  gk_test_remove_tree (shared.folder);
}

/* What every portal of the process shares: a temporary folder, the catalog and two liaisons' tokens. */
static Shared *
get_shared (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tokens = NULL;

  if (shared.folder != NULL)
    return &shared;

  shared.folder = g_dir_make_tmp ("gk-fuzz-portal-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_folder);

  shared.catalog = gk_catalog_new_builtin ();
  tokens = g_build_filename (shared.folder, "tokens", NULL);
  g_file_set_contents (tokens, GK_FUZZ_TOKEN "\t市民政局\n" GK_FUZZ_OTHER_TOKEN "\t市财政局\n", -1, &error);
  g_assert_no_error (error);
  shared.tokens = gk_portal_tokens_new_from_file (tokens, shared.catalog, &error);
  g_assert_no_error (error);

  return &shared;
}

GkFuzzPortal *
gk_fuzz_portal_new (void)
{
  Shared *common = get_shared ();
  GkFuzzPortal *portal = g_new0 (GkFuzzPortal, 1);
  g_autoptr(GError) error = NULL;

  portal->data_dir = g_build_filename (common->folder, "data", NULL);
  portal->server = gk_portal_server_new (portal->data_dir, common->tokens, common->catalog, MAX_UPLOAD, NULL, &error);
  g_assert_no_error (error);
  /* The switches are input the fuzzer can reach too (its dictionary names the path). */
  gk_portal_server_enable_test_faults (portal->server);

  return portal;
}

void
gk_fuzz_portal_free (GkFuzzPortal *portal)
{
  g_clear_object (&portal->server);
  /* What the server left for later (a log line, a closed connection's clean-up) runs now. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gk_test_remove_tree (portal->data_dir);
  g_free (portal->data_dir);
  g_free (portal);
}

/**
 * gk_fuzz_portal_serve:
 * @requests: one or more HTTP requests, as a client writes them on a connection
 *
 * Serves one connection that sends @requests and then closes its side, from
 * a remote address: the office pages and the fault switches, served to the
 * portal's own machine only, answer 403 as they would to a stranger.
 *
 * Returns: (transfer full): everything the portal wrote back
 */
GBytes *
gk_fuzz_portal_serve (GkFuzzPortal *portal,
                      const void   *requests,
                      gsize         size)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (g_memdup2 (requests, size), size, g_free);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) stream = g_simple_io_stream_new (input, output);
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new_from_string ("192.0.2.1", 40000);
  g_autoptr(GError) error = NULL;

  gk_portal_server_accept_stream (portal->server, stream, remote, &error);
  g_assert_no_error (error);

  /* libsoup closes the connection once it reads the end of the input; a request never answered hangs here, and the fuzzer reports a timeout. */
  while (!g_io_stream_is_closed (stream))
    g_main_context_iteration (NULL, TRUE);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
}
