/*
 * Fuzz target: the client reading the portal's replies (docs/portal-api.md):
 * JSON and application/problem+json bodies, the error a liaison is shown,
 * and a page of item statuses kept in the store, as a sync run does.
 * The input is a raw HTTP response: status line, headers, blank line, body.
 */
#include "config.h"

#include "gk-fuzz.h"
#include "gk-portal-client-private.h"
#include "gk-protocol.h"
#include "gk-store.h"

#define PORTAL "https://portal.invalid/"
#define UNIT "市民政局"

/* One store for the process, in memory: opening one per input would cost more than the input. */
static GkStore *
get_store (void)
{
  static GkStore *store;

  if (store == NULL)
    {
      g_autoptr(GError) error = NULL;

      store = gk_store_open (":memory:", &error);
      g_assert_no_error (error);
    }

  return store;
}

static void
record_statuses (GPtrArray *statuses)
{
  for (guint i = 0; i < statuses->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *changed = NULL;

      if (!gk_store_record_portal_item (get_store (), UNIT, g_ptr_array_index (statuses, i), &changed, &error))
        g_assert (error != NULL && changed == NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;
  const char *cursor;

  gk_fuzz_init ();

  if ((reply = gk_fuzz_read_reply (data, size)) == NULL)
    return 0;

  g_assert (reply->retry_after <= 86400);

  if (!gk_portal_reply_check (reply, PORTAL, &error))
    {
      /* The message is shown to the liaison as it is. */
      g_assert (error->domain == GK_PORTAL_CLIENT_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (gk_portal_client_error_get_retry_after (error) == reply->retry_after);
      return 0;
    }

  if ((statuses = gk_protocol_page_read (reply->json, &cursor)) != NULL)
    record_statuses (statuses);
  else if (reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json))
    {
      /* The answer to POST or PUT of an item is one status document. */
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, json_node_get_object (reply->json));
      record_statuses (one);
    }

  return 0;
}
