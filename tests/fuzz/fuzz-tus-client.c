/*
 * Fuzz target: the client's reading of the portal's tus replies
 * (docs/portal-api.md §5): Location after a creation, Tus-Extension and
 * Tus-Checksum-Algorithm after OPTIONS, Upload-Offset after HEAD and PATCH,
 * Retry-After and the error status. The input is a raw HTTP response; it is
 * read the way each step of an upload would read it.
 */
#include "config.h"

#include "gk-fuzz.h"
#include "gk-portal-client-private.h"
#include "gk-tus-upload-private.h"

/* An upload of 20 MiB, three chunks, of which the portal confirmed the first. */
#define UPLOAD_SIZE (G_GUINT64_CONSTANT (20) * 1024 * 1024)
#define CONFIRMED (G_GUINT64_CONSTANT (8) * 1024 * 1024)

static GkPortalClient *
get_client (void)
{
  static GkPortalClient *client;

  if (client == NULL)
    {
      g_autoptr(GError) error = NULL;

      client = gk_portal_client_new ("http://portal.invalid:8080/", "fuzz-token", NULL,
                                     GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP, &error);
      g_assert_no_error (error);
    }

  return client;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  guint64 offset = 0;

  gk_fuzz_init ();

  if ((reply = gk_fuzz_read_reply (data, size)) == NULL ||
      !gk_portal_reply_check (reply, gk_portal_client_get_base_url (get_client ()), &error))
    return 0;

  /* After POST api/v1/uploads: where the upload is, relative or absolute, and only on the portal. */
  if (reply->location != NULL)
    location = gk_portal_client_resolve (get_client (), "http://portal.invalid:8080/api/v1/uploads",
                                         reply->location, NULL);
  if (location != NULL)
    g_assert (g_ascii_strncasecmp (location, "http://portal.invalid:8080/", strlen ("http://portal.invalid:8080/")) == 0);
  else
    location = gk_portal_client_resolve (get_client (), NULL, "api/v1/uploads/fuzz", NULL);
  g_assert (location != NULL);

  /* After OPTIONS: checksums or not, for that location. */
  gk_tus_upload_wants_checksums (reply->headers, location, FALSE);

  /* After HEAD, then after a PATCH: an offset the upload can continue from, or a refusal. */
  if (gk_tus_upload_read_offset (reply, 0, FALSE, UPLOAD_SIZE, &offset))
    g_assert (offset <= UPLOAD_SIZE);
  if (gk_tus_upload_read_offset (reply, CONFIRMED, TRUE, UPLOAD_SIZE, &offset))
    g_assert (offset > CONFIRMED && offset <= UPLOAD_SIZE);

  return 0;
}
