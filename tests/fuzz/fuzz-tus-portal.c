/*
 * Fuzz target: the reference portal's tus handling (docs/portal-api.md §5).
 * The input is two header blocks and a body:
 *
 *   creation headers (Upload-Length, Upload-Metadata, Idempotency-Key…)
 *   blank line
 *   PATCH headers (Upload-Offset, Upload-Checksum, Content-Type, Content-Length…)
 *   blank line
 *   PATCH body
 *
 * The target adds the request lines, Host and the token: the creation is
 * POSTed, the PATCH goes to the Location it answered (or to an unknown
 * upload when it refused), and a HEAD then asks where the upload stands.
 */
#include "config.h"

#include "gk-fuzz.h"
#include "gk-fuzz-portal.h"

#define REQUEST_HEADERS "Host: portal.invalid\r\nAuthorization: Bearer " GK_FUZZ_TOKEN "\r\n"

/* The Location of a creation's answer, or NULL. */
static char *
dup_location (GBytes *response)
{
  gsize size;
  const uint8_t *data = g_bytes_get_data (response, &size);
  g_autoptr(GkPortalReply) reply = gk_fuzz_read_reply (data, size);

  if (reply == NULL || reply->status != SOUP_STATUS_CREATED)
    return NULL;

  return g_steal_pointer (&reply->location);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GkFuzzPortal) portal = NULL;
  g_autoptr(GBytes) created = NULL;
  g_autoptr(GBytes) patched = NULL;
  g_autoptr(GString) requests = g_string_new ("POST /api/v1/uploads HTTP/1.1\r\n" REQUEST_HEADERS);
  g_autofree char *location = NULL;
  gsize rest = gk_fuzz_head_length (data, size);

  gk_fuzz_init ();

  portal = gk_fuzz_portal_new ();

  /* The creation's headers; the blank line is added when the input has none. */
  g_string_append_len (requests, (const char *) data, rest);
  if (rest == size)
    g_string_append (requests, "\r\n\r\n");
  created = gk_fuzz_portal_serve (portal, requests->str, requests->len);

  location = dup_location (created);
  g_string_printf (requests, "PATCH %s HTTP/1.1\r\n" REQUEST_HEADERS,
                   location != NULL ? location : "/api/v1/uploads/unknown");
  /* The PATCH's own headers, blank line and body, as given. */
  g_string_append_len (requests, (const char *) data + rest, size - rest);
  g_string_append_printf (requests, "HEAD %s HTTP/1.1\r\n" REQUEST_HEADERS "Tus-Resumable: 1.0.0\r\n\r\n",
                          location != NULL ? location : "/api/v1/uploads/unknown");
  patched = gk_fuzz_portal_serve (portal, requests->str, requests->len);

  return 0;
}
