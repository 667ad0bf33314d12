/*
 * Fuzz target: the reference portal's request handling. The input is what a
 * client on the network writes on one connection, one request or several in
 * a row (so a creation can be followed by a read): libsoup's server parses
 * it, and the portal routes, authenticates, checks and answers each request
 * (app/portal/gk-portal-server.c, -request.c, -api.c, -tus.c) against a
 * fresh portal with two liaisons' tokens, "fuzz-token" and "fuzz-other".
 */
#include "config.h"

#include "gk-fuzz.h"
#include "gk-fuzz-portal.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GkFuzzPortal) portal = NULL;
  g_autoptr(GBytes) response = NULL;

  gk_fuzz_init ();

  portal = gk_fuzz_portal_new ();
  response = gk_fuzz_portal_serve (portal, data, size);

  return 0;
}
