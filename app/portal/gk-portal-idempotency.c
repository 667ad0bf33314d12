/* Idempotency-Key handling (docs/portal-api.md §4) shared by every POST and PUT. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-portal-idempotency.h"

#define MAX_KEY_LENGTH 255

static gboolean
is_key_valid (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > MAX_KEY_LENGTH)
    return FALSE;

  for (const char *p = key; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f)
      return FALSE;

  return TRUE;
}

static GkPortalResponse *
run_in_transaction (GkPortalDb      *db,
                    GkPortalRequest *request,
                    const char      *key,
                    const char      *fingerprint,
                    GkPortalAction   action,
                    gpointer         user_data,
                    GError         **error)
{
  g_autoptr(GkPortalResponse) stored = NULL;
  g_autoptr(GkPortalResponse) response = NULL;
  g_autofree char *stored_fingerprint = NULL;
  const char *unit = gk_portal_request_get_unit (request);

  if (key != NULL &&
      !gk_portal_db_lookup_idempotency (db, unit, key, &stored_fingerprint, &stored, error))
    return NULL;

  if (stored != NULL)
    {
      if (!g_str_equal (stored_fingerprint, fingerprint))
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "The Idempotency-Key %s was already used with another request; send a new key for a new request.",
                       key);
          return NULL;
        }

      /* Nothing is done again: the first answer is the answer. */
      return g_steal_pointer (&stored);
    }

  if ((response = action (request, user_data, error)) == NULL)
    return NULL;

  /* Only successes are kept: a refused request may be corrected and sent again with its key. */
  if (key != NULL && SOUP_STATUS_IS_SUCCESSFUL (response->status) &&
      !gk_portal_db_save_idempotency (db, unit, key, fingerprint, response, error))
    return NULL;

  return g_steal_pointer (&response);
}

/**
 * gk_portal_idempotency_run:
 * @fingerprint_extra: (nullable): request headers that shape the result besides the body
 * @key_required: whether a request without Idempotency-Key is refused
 *
 * Replays the stored response of a repeated key, refuses a key reused for
 * another request, or runs @action and stores its response with the key in
 * the same transaction; then answers @request (or drops the connection when
 * the `drop_response` fault switch is set).
 */
void
gk_portal_idempotency_run (GkPortalDb      *db,
                           GkPortalFaults  *faults,
                           GkPortalRequest *request,
                           const char      *fingerprint_extra,
                           gboolean         key_required,
                           GkPortalAction   action,
                           gpointer         user_data)
{
  g_autoptr(GkPortalResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  const char *key;

  key = gk_portal_request_get_header (request, "Idempotency-Key");
  if (key == NULL && key_required)
    {
      error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                                   "The request has no Idempotency-Key header; send a new UUID with every POST and PUT.");
      gk_portal_request_respond_error (request, error);
      return;
    }

  if (key != NULL && !is_key_valid (key))
    {
      error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The Idempotency-Key must be 1 to %d printable ASCII characters without spaces; send a UUID.",
                           MAX_KEY_LENGTH);
      gk_portal_request_respond_error (request, error);
      return;
    }

  fingerprint = gk_portal_request_dup_fingerprint (request, fingerprint_extra);

  if (!gk_portal_db_begin (db, &error))
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  response = run_in_transaction (db, request, key, fingerprint, action, user_data, &error);
  if (response == NULL)
    {
      gk_portal_db_rollback (db);
      gk_portal_request_respond_error (request, error);
      return;
    }

  if (!gk_portal_db_commit (db, &error))
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  gk_portal_request_respond_stored (request, response);

  if (gk_portal_faults_take_drop_response (faults))
    gk_portal_request_drop_connection (request, "fault switch drop_response");
}
