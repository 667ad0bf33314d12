/*
 * This data folder's link to the municipal portal: which portal, with which
 * token, and while a token for the liaison's unit exists, the client and the
 * sync engine delivering with it. The CLI (`gongkai login`, `sync`, `profile
 * submit`…) and the GUI (the header's indicator, the outbox, Preferences)
 * both go through here. A token is checked with the portal (whoami) before it
 * is kept, and a token of another unit than the data folder's is refused.
 *
 * The engine is made anew when the login or the unit changes; the status,
 * last-error and progress properties stay put while engines come and go, so
 * windows bind to them once.
 *
 * For demos, tools/run points a fresh installation at the reference portal on
 * 127.0.0.1 (GK_DEFAULT_PORTAL) and hands over a tokens file with a demo token
 * for every unit (GK_DEMO_TOKENS); the liaison's chosen unit picks its token.
 */
#define G_LOG_DOMAIN "gk-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-core-enums.h"
#include "gk-profile.h"
#include "gk-protocol.h"
#include "gk-store.h"
#include "gk-sync.h"
#include "gk-sync-engine.h"
#include "gk-sync-host.h"
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

struct _GkSync
{
  GObject          parent_instance;

  GkSyncHost      *host;
  char            *portal;        /* given instead of the account's (`--portal`), or NULL */
  GkPortalClient  *client;
  GkSyncEngine    *engine;
  GSignalGroup    *engine_signals;
  gboolean         started;
  char            *unit;          /* the liaison's unit when the engine was made */
  char            *url;
  GError          *login_error;   /* why there is no engine, as the account says it */
  char            *login_problem; /* the same for the liaison, naming where to log in */
  GkSyncStatus     status;

  /* "Send Now" pressed while a background pass runs: one forced pass follows it. */
  GPtrArray       *waiting_tasks;

  /* The attachment being uploaded. */
  char            *current_item;
  char            *current_file;
  guint64          sent_bytes;
  guint64          total_bytes;
};

G_DEFINE_FINAL_TYPE (GkSync, gk_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORTAL,
  PROP_STATUS,
  PROP_LAST_ERROR,
  PROP_LOGGED_IN,
  PROP_URL,
  PROP_CURRENT_ITEM,
  PROP_CURRENT_FILE,
  PROP_SENT_BYTES,
  PROP_TOTAL_BYTES,
  PROP_FRACTION,
  N_PROPS
};

enum {
  PROGRESS,
  VERDICT,
  WAITING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_forced_run (GkSync *self, GTask *task);
static void ask_whoami (GTask *task);
static gboolean on_login_retry_cb (gpointer user_data);

static GkStore *
get_store (GkSync *self)
{
  return gk_sync_host_get_store (self->host);
}

static GkProfile *
dup_profile (GkSync *self)
{
  return gk_store_dup_profile (get_store (self));
}

/* The codes with which the portal refuses one item (the engine stops it): its row in the outbox explains. */
static gboolean
is_item_refusal (const GError *error)
{
  static const GkPortalClientError codes[] = {
    GK_PORTAL_CLIENT_ERROR_REFUSED, GK_PORTAL_CLIENT_ERROR_NOT_FOUND, GK_PORTAL_CLIENT_ERROR_CONFLICT,
    GK_PORTAL_CLIENT_ERROR_PRECONDITION, GK_PORTAL_CLIENT_ERROR_CHECKSUM,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, codes[i]))
      return TRUE;

  return FALSE;
}

static GkSyncStatus
sort_status (GkSync *self)
{
  const GError *problem;

  if (self->engine == NULL)
    return g_error_matches (self->login_error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT)
           ? GK_SYNC_STATUS_WRONG_UNIT : GK_SYNC_STATUS_SIGNED_OUT;

  switch (gk_sync_engine_get_status (self->engine))
    {
    case GK_SYNC_ENGINE_IDLE:
      return GK_SYNC_STATUS_IDLE;
    case GK_SYNC_ENGINE_SYNCING:
      return GK_SYNC_STATUS_SENDING;
    case GK_SYNC_ENGINE_OFFLINE:
      return GK_SYNC_STATUS_OFFLINE;
    case GK_SYNC_ENGINE_ERROR:
    default:
      break;
    }

  problem = gk_sync_engine_get_problem (self->engine);
  if (g_error_matches (problem, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT))
    return GK_SYNC_STATUS_WRONG_UNIT;

  return is_item_refusal (problem) ? GK_SYNC_STATUS_REFUSED : GK_SYNC_STATUS_FAILED;
}

/* @always: after a reload, whose logged-in and last-error changed with it, even when the status did not. */
static void
update_status (GkSync   *self,
               gboolean  always)
{
  GkSyncStatus status = sort_status (self);

  if (status == self->status && !always)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_progress (GkSync     *self,
              const char *uuid,
              const char *sha256,
              guint64     sent,
              guint64     size)
{
  g_object_freeze_notify (G_OBJECT (self));

  g_free (self->current_item);
  self->current_item = g_strdup (uuid);
  g_free (self->current_file);
  self->current_file = g_strdup (sha256);
  self->sent_bytes = sent;
  self->total_bytes = size;

  for (guint prop = PROP_CURRENT_ITEM; prop <= PROP_FRACTION; prop++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_engine_status_cb (GkSync *self)
{
  g_autoptr(GPtrArray) tasks = NULL;

  update_status (self, FALSE);

  if (self->engine == NULL || gk_sync_engine_get_status (self->engine) == GK_SYNC_ENGINE_SYNCING)
    return;

  /* The pass is over: nothing is being uploaded. */
  if (self->current_item != NULL)
    set_progress (self, NULL, NULL, 0, 0);
  if (self->waiting_tasks->len == 0)
    return;

  /* The pass that was running is over: the waiting "Send Now" gets its own, forced one. */
  tasks = g_steal_pointer (&self->waiting_tasks);
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    start_forced_run (self, g_object_ref (g_ptr_array_index (tasks, i)));
}

static void
on_engine_last_error_cb (GkSync *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  /* Another kind of trouble under the same engine status: a refusal after a lost token. */
  update_status (self, FALSE);
}

static void
on_engine_progress_cb (GkSync     *self,
                       const char *uuid,
                       const char *sha256,
                       guint64     sent,
                       guint64     size)
{
  g_signal_emit (self, signals[PROGRESS], 0, uuid, sha256, sent, size);
}

static void
on_engine_verdict_cb (GkSync     *self,
                      const char *uuid)
{
  g_signal_emit (self, signals[VERDICT], 0, uuid);
}

static void
fail_waiting_tasks (GkSync *self)
{
  for (guint i = 0; i < self->waiting_tasks->len; i++)
    g_task_return_new_error (g_ptr_array_index (self->waiting_tasks, i), G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The portal login changed before the items were sent."));
  g_ptr_array_set_size (self->waiting_tasks, 0);
}

static void
on_profile_changed_cb (GkSync *self)
{
  g_autoptr(GkProfile) profile = dup_profile (self);

  /* A demo token belongs to the chosen unit; other profile fields do not matter here. */
  if (g_strcmp0 (gk_profile_get_unit (profile), self->unit) != 0)
    gk_sync_reload (self, NULL);
}

/* A demo token for the data folder's unit, from the file tools/run writes. */
static char *
dup_demo_token (GkSync *self)
{
  const char *path = gk_sync_host_get_dev_switches (self->host)->demo_tokens;
  g_autoptr(GkProfile) profile = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  profile = dup_profile (self);
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

/* The portal logged in to last, else the demo default, else NULL. */
static char *
dup_account_url (GkSync *self)
{
  char *url;

  if ((url = gk_store_dup_setting (get_store (self), URL_SETTING)) != NULL)
    return url;

  return g_strdup (gk_sync_host_get_dev_switches (self->host)->default_portal);
}

/* The portal this object talks to: the one it was made for, else the account's. */
static char *
dup_url (GkSync *self)
{
  return self->portal != NULL ? g_strdup (self->portal) : dup_account_url (self);
}

static GkPortalClientFlags
dup_flags (GkSync     *self,
           const char *base_url)
{
  g_autofree char *key = g_strconcat (INSECURE_SETTING, base_url, NULL);
  g_autofree char *allowed = gk_store_dup_setting (get_store (self), key);

  return g_strcmp0 (allowed, "1") == 0 ? GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP : GK_PORTAL_CLIENT_FLAGS_NONE;
}

/*
 * A client whose token belongs to the unit of the liaison details: a token
 * kept for another unit (the liaison switched units) is not used, so nothing
 * is ever created under the wrong unit. NULL with an error saying how to log in.
 */
static GkPortalClient *
dup_client (GkSync      *self,
            GError     **error)
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

  portal = dup_url (self);
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

  profile = dup_profile (self);
  unit = gk_profile_get_unit (profile);
  unit_key = g_strconcat (GK_PORTAL_UNIT_SETTING, address, NULL);

  token = gk_token_store_lookup (gk_sync_host_get_data_dir (self->host), address);
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

  ca_file = gk_sync_dup_ca_file (self);

  if ((client = gk_portal_client_new (portal, token, ca_file, flags, error)) == NULL)
    return NULL;

  /* A token kept by a version that did not record its unit: the sync engine asks whoami. */
  gk_portal_client_set_unit (client, token_unit);

  return g_steal_pointer (&client);
}

static void
gk_sync_constructed (GObject *object)
{
  GkSync *self = (GkSync *)object;

  G_OBJECT_CLASS (gk_sync_parent_class)->constructed (object);

  g_assert (GK_IS_SYNC_HOST (self->host));

  self->url = dup_url (self);
  g_signal_connect_object (get_store (self), "profile-changed", G_CALLBACK (on_profile_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
gk_sync_dispose (GObject *object)
{
  GkSync *self = (GkSync *)object;

  if (self->waiting_tasks != NULL)
    fail_waiting_tasks (self);
  if (self->engine != NULL)
    gk_sync_engine_stop (self->engine);
  if (self->engine_signals != NULL)
    g_signal_group_set_target (self->engine_signals, NULL);
  g_clear_object (&self->engine_signals);
  g_clear_object (&self->engine);
  g_clear_object (&self->client);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (gk_sync_parent_class)->dispose (object);
}

static void
gk_sync_finalize (GObject *object)
{
  GkSync *self = (GkSync *)object;

  g_clear_pointer (&self->waiting_tasks, g_ptr_array_unref);
  g_free (self->portal);
  g_free (self->unit);
  g_free (self->url);
  g_clear_error (&self->login_error);
  g_free (self->login_problem);
  g_free (self->current_item);
  g_free (self->current_file);

  G_OBJECT_CLASS (gk_sync_parent_class)->finalize (object);
}

static void
gk_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GkSync *self = GK_SYNC (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;

    case PROP_PORTAL:
      g_value_set_string (value, self->portal);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, gk_sync_get_last_error (self));
      break;

    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->engine != NULL);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_CURRENT_ITEM:
      g_value_set_string (value, self->current_item);
      break;

    case PROP_CURRENT_FILE:
      g_value_set_string (value, self->current_file);
      break;

    case PROP_SENT_BYTES:
      g_value_set_uint64 (value, self->sent_bytes);
      break;

    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total_bytes);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->total_bytes > 0 ? (double) self->sent_bytes / (double) self->total_bytes : 0.0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GkSync *self = GK_SYNC (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_object (value);
      break;

    case PROP_PORTAL:
      self->portal = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_class_init (GkSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gk_sync_constructed;
  object_class->dispose = gk_sync_dispose;
  object_class->finalize = gk_sync_finalize;
  object_class->get_property = gk_sync_get_property;
  object_class->set_property = gk_sync_set_property;

  /* Its owner: the store and the rules this link needs (GkContext in the programs). */
  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL, GK_TYPE_SYNC_HOST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Another portal than the account's, as `gongkai sync --portal URL` names one. */
  properties[PROP_PORTAL] =
    g_param_spec_string ("portal", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GK_TYPE_SYNC_STATUS, GK_SYNC_STATUS_SIGNED_OUT, readable);
  /* What went wrong last, or why nothing can be sent, in one sentence. */
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, readable);
  /* Whether an engine delivers: a token for the liaison's unit exists. */
  properties[PROP_LOGGED_IN] = g_param_spec_boolean ("logged-in", NULL, NULL, FALSE, readable);
  /* The portal in use, or the one to log in to. */
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, readable);
  /* The upload under way: the item, the attachment's SHA-256 and how far it got; notified at every report. */
  properties[PROP_CURRENT_ITEM] = g_param_spec_string ("current-item", NULL, NULL, NULL, readable);
  properties[PROP_CURRENT_FILE] = g_param_spec_string ("current-file", NULL, NULL, NULL, readable);
  properties[PROP_SENT_BYTES] = g_param_spec_uint64 ("sent-bytes", NULL, NULL, 0, G_MAXUINT64, 0, readable);
  properties[PROP_TOTAL_BYTES] = g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, readable);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, readable);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkSync::progress:
   * @uuid: the item
   * @sha256: its attachment being uploaded
   * @sent: bytes the portal holds
   * @size: bytes in all
   *
   * GkSyncEngine::progress of whichever engine is current. Its class handler
   * sets the progress properties, so they follow every report.
   */
  signals[PROGRESS] =
    g_signal_new_class_handler ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_FIRST,
                                G_CALLBACK (set_progress), NULL, NULL, NULL,
                                G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);

  /* GkSyncEngine::verdict of whichever engine is current. */
  signals[VERDICT] =
    g_signal_new ("verdict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * GkSync::waiting:
   * @seconds: how long the login waits before asking the portal again
   * @reason: the portal's answer, in one sentence
   */
  signals[WAITING] =
    g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
gk_sync_init (GkSync *self)
{
  self->status = GK_SYNC_STATUS_SIGNED_OUT;
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->engine_signals = g_signal_group_new (GK_TYPE_SYNC_ENGINE);
  g_signal_group_connect_swapped (self->engine_signals, "notify::status", G_CALLBACK (on_engine_status_cb), self);
  g_signal_group_connect_swapped (self->engine_signals, "notify::last-error", G_CALLBACK (on_engine_last_error_cb), self);
  g_signal_group_connect_swapped (self->engine_signals, "progress", G_CALLBACK (on_engine_progress_cb), self);
  g_signal_group_connect_swapped (self->engine_signals, "verdict", G_CALLBACK (on_engine_verdict_cb), self);
}

/**
 * gk_sync_status_is_stopped:
 *
 * Returns: whether nothing is sent until the liaison acts: logs in, or mends
 *   the item the portal refused
 */
gboolean
gk_sync_status_is_stopped (GkSyncStatus status)
{
  return status != GK_SYNC_STATUS_IDLE && status != GK_SYNC_STATUS_SENDING && status != GK_SYNC_STATUS_OFFLINE;
}

/**
 * gk_sync_new:
 * @portal: (nullable): another portal than the account's, for this object's life
 *
 * Nothing is read yet: gk_sync_reload() or gk_sync_start() makes the client.
 */
GkSync *
gk_sync_new (GkSyncHost *host,
             const char *portal)
{
  g_return_val_if_fail (GK_IS_SYNC_HOST (host), NULL);

  return g_object_new (GK_TYPE_SYNC, "host", host, "portal", portal, NULL);
}

GkSyncStatus
gk_sync_get_status (GkSync *self)
{
  g_return_val_if_fail (GK_IS_SYNC (self), GK_SYNC_STATUS_SIGNED_OUT);

  return self->status;
}

/**
 * gk_sync_get_last_error:
 *
 * Returns: (nullable): what went wrong last, or why nothing can be sent, in one sentence
 */
const char *
gk_sync_get_last_error (GkSync *self)
{
  const GError *problem;

  g_return_val_if_fail (GK_IS_SYNC (self), NULL);

  if (self->engine == NULL)
    return self->login_problem;

  problem = gk_sync_engine_get_problem (self->engine);

  return problem != NULL ? problem->message : NULL;
}

gboolean
gk_sync_get_logged_in (GkSync *self)
{
  g_return_val_if_fail (GK_IS_SYNC (self), FALSE);

  return self->engine != NULL;
}

/**
 * gk_sync_get_url:
 *
 * Returns: (nullable): the portal in use, or the one to log in to
 */
const char *
gk_sync_get_url (GkSync *self)
{
  g_return_val_if_fail (GK_IS_SYNC (self), NULL);

  return self->url;
}

/**
 * gk_sync_get_client:
 *
 * Returns: (transfer none) (nullable): the client of the kept token, for the
 *   portal's other services (calendar, site summary); %NULL while not logged in
 */
GkPortalClient *
gk_sync_get_client (GkSync *self)
{
  g_return_val_if_fail (GK_IS_SYNC (self), NULL);

  return self->client;
}

/**
 * gk_sync_dup_ca_file:
 *
 * Returns: (transfer full) (nullable): the CA file trusted for the portal, if one was set
 */
char *
gk_sync_dup_ca_file (GkSync *self)
{
  g_return_val_if_fail (GK_IS_SYNC (self), NULL);

  return gk_store_dup_setting (get_store (self), CA_SETTING);
}

/**
 * gk_sync_dup_token_expiry:
 *
 * Returns: (transfer full) (nullable): when the token kept for the account's
 *   portal expires, as the portal said at login; %NULL when it did not say
 */
GDateTime *
gk_sync_dup_token_expiry (GkSync *self)
{
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  g_autofree char *address = NULL;

  g_return_val_if_fail (GK_IS_SYNC (self), NULL);

  if ((url = dup_account_url (self)) == NULL ||
      (address = gk_portal_client_dup_address (url, GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP, NULL)) == NULL)
    return NULL;

  key = g_strconcat (EXPIRES_SETTING, address, NULL);
  value = gk_store_dup_setting (get_store (self), key);

  return gk_timestamp_parse (value);
}

/**
 * gk_sync_dup_expiry_warning:
 * @now: the moment to judge from
 *
 * Returns: (transfer full) (nullable): a sentence when the token expires within
 *   two weeks of @now, or has expired; %NULL otherwise
 */
char *
gk_sync_dup_expiry_warning (GkSync    *self,
                            GDateTime *now)
{
  g_autoptr(GDateTime) expiry = gk_sync_dup_token_expiry (self);
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

/**
 * gk_sync_reload:
 *
 * Makes the client and the engine anew from the account as stored now: at
 * first, after a login, or when the unit (and so its demo token) changed.
 * The engine delivers in the background once gk_sync_start() was called.
 *
 * Returns: %TRUE when a client was made; otherwise %FALSE with the account's
 *   error, which names the command line (the last-error property names
 *   Preferences instead)
 */
gboolean
gk_sync_reload (GkSync  *self,
                GError **error)
{
  g_autoptr(GkProfile) profile = NULL;

  g_return_val_if_fail (GK_IS_SYNC (self), FALSE);

  profile = dup_profile (self);
  g_free (self->unit);
  self->unit = g_strdup (gk_profile_get_unit (profile));
  g_free (self->url);
  self->url = dup_url (self);
  g_clear_error (&self->login_error);
  g_clear_pointer (&self->login_problem, g_free);

  fail_waiting_tasks (self);
  g_signal_group_set_target (self->engine_signals, NULL);
  if (self->engine != NULL)
    gk_sync_engine_stop (self->engine);
  g_clear_object (&self->engine);
  g_clear_object (&self->client);

  /* The account's own message names the command line; the GUI says where to log in instead,
   * except after a switch of units, whose message names both units and both places. */
  if ((self->client = dup_client (self, &self->login_error)) == NULL)
    {
      g_debug ("No portal client: %s", self->login_error->message);
      if (self->unit == NULL)
        self->login_problem = g_strdup (_("Choose your unit first; then log in to the portal in Preferences."));
      else if (g_error_matches (self->login_error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT))
        self->login_problem = g_strdup (self->login_error->message);
      else
        self->login_problem = g_strdup (_("Not logged in to the portal: open Preferences and log in with the token from the municipal office."));
    }
  else
    {
      self->engine = gk_sync_engine_new (self->host, self->client);
      g_signal_group_set_target (self->engine_signals, self->engine);
      if (self->started)
        gk_sync_engine_start (self->engine);
    }

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  update_status (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->login_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->login_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_sync_start:
 *
 * Keeps delivering in the background (the GUI, `gongkai sync` without
 * --once), with every engine made from now on; reads the account first if
 * gk_sync_reload() has not made a client yet.
 */
void
gk_sync_start (GkSync *self)
{
  g_return_if_fail (GK_IS_SYNC (self));

  self->started = TRUE;
  if (self->engine != NULL)
    gk_sync_engine_start (self->engine);
  else
    gk_sync_reload (self, NULL);
}

void
gk_sync_stop (GkSync *self)
{
  g_return_if_fail (GK_IS_SYNC (self));

  self->started = FALSE;
  if (self->engine != NULL)
    gk_sync_engine_stop (self->engine);
}

typedef gboolean (*EngineFinish) (GkSyncEngine *engine, GAsyncResult *result, GError **error);

/* The engine's answer passed on; the task's data is the engine's _finish function. */
static void
on_engine_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EngineFinish finish = (EngineFinish) g_task_get_task_data (task);
  GError *error = NULL;

  if (!finish (GK_SYNC_ENGINE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A task passing on one call of the engine, whose _finish function is its data. */
static GTask *
new_engine_task (GkSync              *self,
                 gpointer             source_tag,
                 EngineFinish         finish,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, finish, NULL);

  return task;
}

/* Without an engine, @task (taken) ends with why nothing can be sent. */
static gboolean
return_if_logged_out (GkSync *self,
                      GTask  *task)
{
  if (self->engine != NULL)
    return FALSE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s", self->login_problem);
  g_object_unref (task);

  return TRUE;
}

/* Takes @task. */
static void
start_forced_run (GkSync *self,
                  GTask  *task)
{
  if (return_if_logged_out (self, task))
    return;

  if (gk_sync_engine_get_status (self->engine) == GK_SYNC_ENGINE_SYNCING)
    {
      g_ptr_array_add (self->waiting_tasks, task);
      return;
    }

  gk_sync_engine_run_async (self->engine, g_task_get_cancellable (task), on_engine_done_cb, task);
}

/**
 * gk_sync_send_now_async:
 *
 * One forced pass of the engine ("Send Now", `gongkai sync --once`): every
 * queued item that is not stopped is tried at once, whatever its backoff, then
 * statuses and the catalog are read back. While a background pass is running,
 * the forced one follows it.
 */
void
gk_sync_send_now_async (GkSync              *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (GK_IS_SYNC (self));

  start_forced_run (self, new_engine_task (self, gk_sync_send_now_async, gk_sync_engine_run_finish,
                                           cancellable, callback, user_data));
}

/**
 * gk_sync_send_now_finish:
 *
 * Returns: %TRUE when everything queued was delivered and the statuses were
 *   read back; otherwise %FALSE with the first problem in @error
 */
gboolean
gk_sync_send_now_finish (GkSync        *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
accept_unit (GkSync      *self,
             Login       *login,
             const char  *unit,
             const char  *expires_at,
             GError     **error)
{
  g_autoptr(GkProfile) profile = dup_profile (self);
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
      if (!gk_sync_host_save_profile (self->host, profile, error))
        return FALSE;
    }

  unit_key = g_strconcat (GK_PORTAL_UNIT_SETTING, url, NULL);
  insecure_key = g_strconcat (INSECURE_SETTING, url, NULL);
  expires_key = g_strconcat (EXPIRES_SETTING, url, NULL);
  expires = gk_timestamp_dup_utc (expires_at);

  return gk_token_store_save (gk_sync_host_get_data_dir (self->host), url, login->token, error) &&
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
  GkSync *self = g_task_get_source_object (task);
  Login *login = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  GError *error = NULL;
  const char *unit;

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

  if ((unit = gk_protocol_whoami_read (reply->json)) == NULL)
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

  /* The new token delivers from now on. */
  gk_sync_reload (self, NULL);
  g_task_return_pointer (task, g_strdup (unit), g_free);
}

static void
ask_whoami (GTask *task)
{
  Login *login = g_task_get_task_data (task);

  gk_portal_client_call_async (login->client, "GET", GK_PROTOCOL_WHOAMI, NULL, NULL, NULL, g_task_get_cancellable (task),
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
 * gk_sync_login_async:
 * @ca_file: (nullable): trust the CAs of this PEM file instead of the system's
 * @flags: %GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP for an isolated lab only
 *   (`gongkai login --allow-insecure-http`)
 *
 * Checks @token with the portal, keeps it, with @url, for this data folder,
 * and delivers with it from then on.
 */
void
gk_sync_login_async (GkSync              *self,
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

  g_return_if_fail (GK_IS_SYNC (self));
  g_return_if_fail (url != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_login_async);

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
 * gk_sync_login_finish:
 *
 * Returns: (transfer full) (nullable): the unit the token belongs to
 */
char *
gk_sync_login_finish (GkSync        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reports the profile's leader in charge, office, liaison and phone to the portal. */
void
gk_sync_register_async (GkSync              *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_SYNC (self));

  task = new_engine_task (self, gk_sync_register_async, gk_sync_engine_register_finish,
                          cancellable, callback, user_data);
  if (!return_if_logged_out (self, task))
    gk_sync_engine_register_async (self->engine, cancellable, on_engine_done_cb, task);
}

gboolean
gk_sync_register_finish (GkSync        *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
