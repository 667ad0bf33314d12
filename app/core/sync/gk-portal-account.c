/*
 * Which portal this data folder talks to, and with which token. The CLI's
 * `gongkai login` and the GUI's Preferences both log in through here: the
 * token is checked with the portal (whoami) before it is kept, and a token of
 * another unit than the data folder's is refused.
 *
 * For demos, tools/run points a fresh installation at the reference portal on
 * 127.0.0.1 (GK_DEFAULT_PORTAL) and hands over a tokens file with a demo token
 * for every unit (GK_DEMO_TOKENS); the liaison's chosen unit picks its token.
 */
#define G_LOG_DOMAIN "gk-account"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-context-private.h"
#include "gk-portal-account.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-timestamp.h"
#include "gk-token-store.h"

#define URL_SETTING "portal-url"
#define CA_SETTING "portal-ca-file"
/* Per portal: "1" when the liaison allowed plain http to a host of an isolated lab. */
#define INSECURE_SETTING "portal-insecure-http:"
/* Per portal: when the kept token stops working (whoami's expires_at), if the portal said. */
#define EXPIRES_SETTING "portal-token-expires:"

/* §2: a busy portal is asked again, honouring Retry-After, within a bounded wait. */
#define LOGIN_ATTEMPTS 4
#define LOGIN_MAX_WAIT 30
#define EXPIRY_WARNING_DAYS 14

struct _GkPortalAccount
{
  GObject    parent_instance;

  GkContext *context;
};

G_DEFINE_FINAL_TYPE (GkPortalAccount, gk_portal_account, G_TYPE_OBJECT)

enum {
  WAITING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ask_whoami (GTask *task);
static gboolean on_login_retry_cb (gpointer user_data);

static GkStore *
get_store (GkPortalAccount *self)
{
  return gk_context_get_store (self->context);
}

static void
gk_portal_account_finalize (GObject *object)
{
  GkPortalAccount *self = (GkPortalAccount *)object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_portal_account_parent_class)->finalize (object);
}

static void
gk_portal_account_class_init (GkPortalAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_account_finalize;

  /**
   * GkPortalAccount::waiting:
   * @seconds: how long the login waits before asking the portal again
   * @reason: the portal's answer, in one sentence
   */
  signals[WAITING] =
    g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
gk_portal_account_init (GkPortalAccount *self)
{
}

GkPortalAccount *
gk_portal_account_new (GkContext *context)
{
  GkPortalAccount *self;

  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  self = g_object_new (GK_TYPE_PORTAL_ACCOUNT, NULL);
  self->context = g_object_ref (context);

  return self;
}

/**
 * gk_portal_account_dup_url:
 *
 * Returns: (transfer full) (nullable): the portal logged in to last, else the
 *   demo default, else %NULL
 */
char *
gk_portal_account_dup_url (GkPortalAccount *self)
{
  char *url;

  g_return_val_if_fail (GK_IS_PORTAL_ACCOUNT (self), NULL);

  if ((url = gk_store_dup_setting (get_store (self), URL_SETTING)) != NULL)
    return url;

  return g_strdup (gk_context_get_dev_switches (self->context)->default_portal);
}

/**
 * gk_portal_account_dup_ca_file:
 *
 * Returns: (transfer full) (nullable): the CA file trusted for the portal, if one was set
 */
char *
gk_portal_account_dup_ca_file (GkPortalAccount *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_ACCOUNT (self), NULL);

  return gk_store_dup_setting (get_store (self), CA_SETTING);
}

/* A demo token for the data folder's unit, from the file tools/run writes. */
static char *
dup_demo_token (GkPortalAccount *self)
{
  const char *path = gk_context_get_dev_switches (self->context)->demo_tokens;
  g_autoptr(GkProfile) profile = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  profile = gk_store_dup_profile (get_store (self));
  if (gk_profile_get_unit (profile) == NULL)
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 2);

      if (g_strv_length (fields) == 2 && g_str_equal (fields[1], gk_profile_get_unit (profile)))
        return g_strdup (fields[0]);
    }

  return NULL;
}

static GkPortalClientFlags
dup_flags (GkPortalAccount *self,
           const char      *base_url)
{
  g_autofree char *key = g_strconcat (INSECURE_SETTING, base_url, NULL);
  g_autofree char *allowed = gk_store_dup_setting (get_store (self), key);

  return g_strcmp0 (allowed, "1") == 0 ? GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP : GK_PORTAL_CLIENT_FLAGS_NONE;
}

/**
 * gk_portal_account_dup_client:
 * @url: (nullable): another portal than the account's
 *
 * A client whose token belongs to the unit of the liaison details: a token
 * kept for another unit (the liaison switched units) is not used, so nothing
 * is ever created under the wrong unit.
 *
 * Returns: (transfer full) (nullable): a client with the stored token, or
 *   %NULL with an error saying how to log in
 */
GkPortalClient *
gk_portal_account_dup_client (GkPortalAccount  *self,
                              const char       *url,
                              GError          **error)
{
  g_autofree char *portal = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_unit = NULL;
  g_autofree char *unit_key = NULL;
  g_autofree char *other_unit = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GkPortalClient) client = NULL;
  g_autoptr(GkProfile) profile = NULL;
  GkPortalClientFlags flags;
  const char *unit;

  g_return_val_if_fail (GK_IS_PORTAL_ACCOUNT (self), NULL);

  portal = url != NULL ? g_strdup (url) : gk_portal_account_dup_url (self);
  if (portal == NULL)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_AUTH,
                   _("No portal is set up; run “gongkai login --portal URL” with the token from the municipal office."));
      return NULL;
    }

  /* Normalised, so "http://host:8080" and "http://host:8080/" share one token; checked again with
   * the flags kept for that address, to refuse plain http before any token is read. */
  if ((address = gk_portal_client_dup_address (portal, GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP, error)) == NULL)
    return NULL;
  flags = dup_flags (self, address);
  g_free (address);
  if ((address = gk_portal_client_dup_address (portal, flags, error)) == NULL)
    return NULL;

  profile = gk_store_dup_profile (get_store (self));
  unit = gk_profile_get_unit (profile);
  unit_key = g_strconcat (GK_PORTAL_UNIT_SETTING, address, NULL);

  token = gk_token_store_lookup (gk_context_get_data_dir (self->context), address);
  token_unit = gk_store_dup_setting (get_store (self), unit_key);
  if (token != NULL && token_unit != NULL && unit != NULL && g_strcmp0 (token_unit, unit) != 0)
    {
      other_unit = g_steal_pointer (&token_unit);
      g_clear_pointer (&token, g_free);
    }

  if (token == NULL && (token = dup_demo_token (self)) != NULL)
    token_unit = g_strdup (unit);

  if (token == NULL && other_unit != NULL)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT,
                   _("This PC’s token for %s belongs to %s, but the liaison details now name %s; log in with %s’s token (Preferences, or “gongkai login --portal %s”)."),
                   address, other_unit, unit, unit, address);
      return NULL;
    }

  if (token == NULL)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_AUTH,
                   _("This PC has no token for %s; run “gongkai login --portal %s” first."),
                   address, address);
      return NULL;
    }

  ca_file = gk_portal_account_dup_ca_file (self);

  if ((client = gk_portal_client_new (portal, token, ca_file, flags, error)) == NULL)
    return NULL;

  /* A token kept by a version that did not record its unit: the sync engine asks whoami. */
  gk_portal_client_set_unit (client, token_unit);

  return g_steal_pointer (&client);
}

/**
 * gk_portal_account_dup_token_expiry:
 *
 * Returns: (transfer full) (nullable): when the token kept for the account's
 *   portal expires, as the portal said at login; %NULL when it did not say
 */
GDateTime *
gk_portal_account_dup_token_expiry (GkPortalAccount *self)
{
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  g_autofree char *address = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_ACCOUNT (self), NULL);

  if ((url = gk_portal_account_dup_url (self)) == NULL ||
      (address = gk_portal_client_dup_address (url, GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP, NULL)) == NULL)
    return NULL;

  key = g_strconcat (EXPIRES_SETTING, address, NULL);
  value = gk_store_dup_setting (get_store (self), key);

  return gk_timestamp_parse (value);
}

/**
 * gk_portal_account_dup_expiry_warning:
 * @now: the moment to judge from
 *
 * Returns: (transfer full) (nullable): a sentence when the token expires within
 *   two weeks of @now, or has expired; %NULL otherwise
 */
char *
gk_portal_account_dup_expiry_warning (GkPortalAccount *self,
                                      GDateTime       *now)
{
  g_autoptr(GDateTime) expiry = gk_portal_account_dup_token_expiry (self);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;

  if (expiry == NULL || g_date_time_difference (expiry, now) > EXPIRY_WARNING_DAYS * G_TIME_SPAN_DAY)
    return NULL;

  local = g_date_time_to_local (expiry);
  day = g_date_time_format (local, "%Y-%m-%d");
  if (g_date_time_compare (expiry, now) <= 0)
    return g_strdup_printf (_("The portal token expired on %s; ask the municipal office for a new one and log in with it."),
                            day);

  return g_strdup_printf (_("The portal token expires on %s; ask the municipal office for a new one in time."), day);
}

typedef struct
{
  GkPortalClient     *client;
  char               *token;
  char               *ca_file;
  GkPortalClientFlags flags;
  guint               attempts;
  guint               waited;
  guint               retry_id;
} Login;

static void
login_free (Login *login)
{
  g_clear_handle_id (&login->retry_id, g_source_remove);
  g_clear_object (&login->client);
  g_free (login->token);
  g_free (login->ca_file);
  g_free (login);
}

static gboolean
accept_unit (GkPortalAccount *self,
             Login           *login,
             const char      *unit,
             const char      *expires_at,
             GError         **error)
{
  g_autoptr(GkProfile) profile = gk_store_dup_profile (get_store (self));
  GkStore *store = get_store (self);
  const char *url = gk_portal_client_get_base_url (login->client);
  g_autofree char *unit_key = NULL;
  g_autofree char *insecure_key = NULL;
  g_autofree char *expires_key = NULL;
  g_autofree char *expires = NULL;

  if (gk_profile_get_unit (profile) != NULL && g_strcmp0 (gk_profile_get_unit (profile), unit) != 0)
    {
      g_set_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_REFUSED,
                   _("The token belongs to %s, but this data folder is %s’s; use the token of your own unit."),
                   unit, gk_profile_get_unit (profile));
      return FALSE;
    }

  if (gk_profile_get_unit (profile) == NULL)
    {
      gk_profile_set_unit (profile, unit);
      if (!gk_context_save_profile (self->context, profile, error))
        return FALSE;
    }

  unit_key = g_strconcat (GK_PORTAL_UNIT_SETTING, url, NULL);
  insecure_key = g_strconcat (INSECURE_SETTING, url, NULL);
  expires_key = g_strconcat (EXPIRES_SETTING, url, NULL);
  expires = gk_timestamp_dup_utc (expires_at);

  return gk_token_store_save (gk_context_get_data_dir (self->context), url, login->token, error) &&
         gk_store_set_setting (store, unit_key, unit, error) &&
         gk_store_set_setting (store, expires_key, expires, error) &&
         gk_store_set_setting (store, insecure_key, (login->flags & GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP) ? "1" : NULL,
                               error) &&
         gk_store_set_setting (store, URL_SETTING, url, error) &&
         gk_store_set_setting (store, CA_SETTING, login->ca_file, error);
}

static void
on_whoami_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkPortalAccount *self = g_task_get_source_object (task);
  Login *login = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  GError *error = NULL;
  const char *unit = NULL;

  if ((reply = gk_portal_client_call_finish (login->client, result, &error)) == NULL)
    {
      guint delay = MAX (gk_portal_client_error_get_retry_after (error), 1u << login->attempts);

      if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY) &&
          login->attempts + 1 < LOGIN_ATTEMPTS && login->waited + delay <= LOGIN_MAX_WAIT)
        {
          login->attempts++;
          login->waited += delay;
          g_signal_emit (self, signals[WAITING], 0, delay, error->message);
          login->retry_id = g_timeout_add_seconds (delay, on_login_retry_cb, g_steal_pointer (&task));
          g_error_free (error);
          return;
        }

      g_task_return_error (task, error);
      return;
    }

  if (reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json))
    unit = json_object_get_string_member_with_default (json_node_get_object (reply->json), "unit", NULL);

  if (unit == NULL)
    {
      g_task_return_new_error (task, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                               _("The portal %s did not say whose token this is; check the address."),
                               gk_portal_client_get_base_url (login->client));
      return;
    }

  if (!accept_unit (self, login, unit,
                    json_object_get_string_member_with_default (json_node_get_object (reply->json), "expires_at", NULL),
                    &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (unit), g_free);
}

static void
ask_whoami (GTask *task)
{
  Login *login = g_task_get_task_data (task);

  gk_portal_client_call_async (login->client, "GET", "api/v1/whoami", NULL, NULL, NULL, g_task_get_cancellable (task),
                               on_whoami_cb, task);
}

static gboolean
on_login_retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Login *login = g_task_get_task_data (task);

  login->retry_id = 0;
  ask_whoami (task);

  return G_SOURCE_REMOVE;
}

/**
 * gk_portal_account_login_async:
 * @ca_file: (nullable): trust the CAs of this PEM file instead of the system's
 *
 * Checks @token with the portal and keeps it, with @url, for this data folder.
 */
void
gk_portal_account_login_async (GkPortalAccount     *self,
                               const char          *url,
                               const char          *token,
                               const char          *ca_file,
                               GkPortalClientFlags  flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Login *login;
  GError *error = NULL;

  g_return_if_fail (GK_IS_PORTAL_ACCOUNT (self));
  g_return_if_fail (url != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_portal_account_login_async);

  if (*token == '\0')
    {
      g_task_return_new_error (task, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_AUTH,
                               _("No token was given; paste the token from the municipal office."));
      g_object_unref (task);
      return;
    }

  login = g_new0 (Login, 1);
  login->token = g_strdup (token);
  login->ca_file = g_strdup (ca_file);
  login->flags = flags;
  g_task_set_task_data (task, login, (GDestroyNotify) login_free);

  if ((login->client = gk_portal_client_new (url, token, ca_file, flags, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  ask_whoami (task);
}

/**
 * gk_portal_account_login_finish:
 *
 * Returns: (transfer full) (nullable): the unit the token belongs to
 */
char *
gk_portal_account_login_finish (GkPortalAccount  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
