/*
 * The application's link to the portal. It owns the one GkPortalAccount and,
 * while a client can be made (a stored token, or tools/run's demo token), one
 * GkSyncEngine delivering in the background. The engine is made anew when the
 * login or the unit changes; windows follow this object's properties and
 * signals, which stay put while engines come and go.
 */
#define G_LOG_DOMAIN "gk-sync-service"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-context.h"
#include "gk-profile.h"
#include "gk-sync-service.h"

struct _GkSyncService
{
  GObject          parent_instance;

  GkContext       *context;
  GkPortalAccount *account;
  GkSyncEngine    *engine;
  GSignalGroup    *engine_signals;
  char            *unit;
  char            *url;
  char            *login_problem;

  /* "Send Now" pressed while a background pass runs: one forced pass follows it. */
  GPtrArray       *waiting_tasks;
};

G_DEFINE_FINAL_TYPE (GkSyncService, gk_sync_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ENGINE,
  PROP_STATUS,
  PROP_LAST_ERROR,
  PROP_LOGGED_IN,
  PROP_URL,
  N_PROPS
};

enum {
  PROGRESS,
  VERDICT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_forced_run (GkSyncService *self, GTask *task);

static void
notify_state (GkSyncService *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
on_engine_status_cb (GkSyncService *self)
{
  g_autoptr(GPtrArray) tasks = NULL;

  notify_state (self);

  if (self->engine == NULL || gk_sync_engine_get_status (self->engine) == GK_SYNC_STATUS_SYNCING ||
      self->waiting_tasks->len == 0)
    return;

  /* The pass that was running is over: the waiting "Send Now" gets its own, forced one. */
  tasks = g_steal_pointer (&self->waiting_tasks);
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    start_forced_run (self, g_object_ref (g_ptr_array_index (tasks, i)));
}

static void
on_engine_last_error_cb (GkSyncService *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
on_engine_progress_cb (GkSyncService *self,
                       const char    *uuid,
                       const char    *sha256,
                       guint64        sent,
                       guint64        size)
{
  g_signal_emit (self, signals[PROGRESS], 0, uuid, sha256, sent, size);
}

static void
on_engine_verdict_cb (GkSyncService *self,
                      const char    *uuid)
{
  g_signal_emit (self, signals[VERDICT], 0, uuid);
}

static void
fail_waiting_tasks (GkSyncService *self)
{
  for (guint i = 0; i < self->waiting_tasks->len; i++)
    g_task_return_new_error (g_ptr_array_index (self->waiting_tasks, i), G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The portal login changed before the items were sent."));
  g_ptr_array_set_size (self->waiting_tasks, 0);
}

static void
on_profile_changed_cb (GkSyncService *self)
{
  g_autoptr(GkProfile) profile = gk_context_dup_profile (self->context);

  /* A demo token belongs to the chosen unit; other profile fields do not matter here. */
  if (g_strcmp0 (gk_profile_get_unit (profile), self->unit) != 0)
    gk_sync_service_reload (self);
}

static void
gk_sync_service_constructed (GObject *object)
{
  GkSyncService *self = (GkSyncService *)object;

  G_OBJECT_CLASS (gk_sync_service_parent_class)->constructed (object);

  g_assert (GK_IS_CONTEXT (self->context));

  self->account = gk_portal_account_new (self->context);
  g_signal_connect_object (self->context, "profile-changed",
                           G_CALLBACK (on_profile_changed_cb), self, G_CONNECT_SWAPPED);
  gk_sync_service_reload (self);
}

static void
gk_sync_service_dispose (GObject *object)
{
  GkSyncService *self = (GkSyncService *)object;

  if (self->waiting_tasks != NULL)
    fail_waiting_tasks (self);
  if (self->engine != NULL)
    gk_sync_engine_stop (self->engine);
  if (self->engine_signals != NULL)
    g_signal_group_set_target (self->engine_signals, NULL);
  g_clear_object (&self->engine_signals);
  g_clear_object (&self->engine);
  g_clear_object (&self->account);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_sync_service_parent_class)->dispose (object);
}

static void
gk_sync_service_finalize (GObject *object)
{
  GkSyncService *self = (GkSyncService *)object;

  g_clear_pointer (&self->waiting_tasks, g_ptr_array_unref);
  g_free (self->unit);
  g_free (self->url);
  g_free (self->login_problem);

  G_OBJECT_CLASS (gk_sync_service_parent_class)->finalize (object);
}

static void
gk_sync_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GkSyncService *self = GK_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_STATUS:
      g_value_set_uint (value, gk_sync_service_get_status (self));
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, gk_sync_service_get_last_error (self));
      break;

    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->engine != NULL);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_service_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GkSyncService *self = GK_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_service_class_init (GkSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gk_sync_service_constructed;
  object_class->dispose = gk_sync_service_dispose;
  object_class->finalize = gk_sync_service_finalize;
  object_class->get_property = gk_sync_service_get_property;
  object_class->set_property = gk_sync_service_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, GK_TYPE_SYNC_ENGINE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL, GK_SYNC_STATUS_IDLE, GK_SYNC_STATUS_ERROR, GK_SYNC_STATUS_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* GkSyncEngine::progress of whichever engine is current. */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);

  /* GkSyncEngine::verdict of whichever engine is current. */
  signals[VERDICT] =
    g_signal_new ("verdict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gk_sync_service_init (GkSyncService *self)
{
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->engine_signals = g_signal_group_new (GK_TYPE_SYNC_ENGINE);
  g_signal_group_connect_swapped (self->engine_signals, "notify::status", G_CALLBACK (on_engine_status_cb), self);
  g_signal_group_connect_swapped (self->engine_signals, "notify::last-error", G_CALLBACK (on_engine_last_error_cb), self);
  g_signal_group_connect_swapped (self->engine_signals, "progress", G_CALLBACK (on_engine_progress_cb), self);
  g_signal_group_connect_swapped (self->engine_signals, "verdict", G_CALLBACK (on_engine_verdict_cb), self);
}

GkSyncService *
gk_sync_service_new (GkContext *context)
{
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  return g_object_new (GK_TYPE_SYNC_SERVICE, "context", context, NULL);
}

GkContext *
gk_sync_service_get_context (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->context;
}

GkPortalAccount *
gk_sync_service_get_account (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->account;
}

/**
 * gk_sync_service_get_engine:
 *
 * Returns: (transfer none) (nullable): the engine delivering now; %NULL while not logged in
 */
GkSyncEngine *
gk_sync_service_get_engine (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->engine;
}

/* Without a login nothing can be sent: that is an error the liaison must act on. */
GkSyncStatus
gk_sync_service_get_status (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), GK_SYNC_STATUS_IDLE);

  return self->engine != NULL ? gk_sync_engine_get_status (self->engine) : GK_SYNC_STATUS_ERROR;
}

/**
 * gk_sync_service_get_last_error:
 *
 * Returns: (nullable): what went wrong last, or why nothing can be sent, in one sentence
 */
const char *
gk_sync_service_get_last_error (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->engine != NULL ? gk_sync_engine_get_last_error (self->engine) : self->login_problem;
}

gboolean
gk_sync_service_get_logged_in (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), FALSE);

  return self->engine != NULL;
}

/**
 * gk_sync_service_is_item_refusal:
 *
 * Returns: whether the last error is the portal's refusal of one queued item,
 *   which the outbox shows on that item, rather than a problem of the login or
 *   the connection
 */
gboolean
gk_sync_service_is_item_refusal (GkSyncService *self)
{
  const char *last_error;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), FALSE);

  if ((last_error = gk_sync_service_get_last_error (self)) == NULL || self->engine == NULL)
    return FALSE;

  entries = gk_context_list_outbox (self->context, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      GkOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->stopped && g_strcmp0 (entry->last_error, last_error) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * gk_sync_service_get_url:
 *
 * Returns: (nullable): the portal in use, or the one to log in to
 */
const char *
gk_sync_service_get_url (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->url;
}

/**
 * gk_sync_service_reload:
 *
 * Makes the engine anew from the account as stored now: after a login, or
 * when the unit (and so its demo token) changed.
 */
void
gk_sync_service_reload (GkSyncService *self)
{
  g_autoptr(GkProfile) profile = NULL;
  g_autoptr(GkPortalClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  profile = gk_context_dup_profile (self->context);
  g_free (self->unit);
  self->unit = g_strdup (gk_profile_get_unit (profile));
  g_free (self->url);
  self->url = gk_portal_account_dup_url (self->account);
  g_clear_pointer (&self->login_problem, g_free);

  fail_waiting_tasks (self);
  g_signal_group_set_target (self->engine_signals, NULL);
  if (self->engine != NULL)
    gk_sync_engine_stop (self->engine);
  g_clear_object (&self->engine);

  /* The account's own message names the command line; the GUI says where to log in instead,
   * except after a switch of units, whose message names both units and both places. */
  if (self->unit == NULL)
    self->login_problem = g_strdup (_("Choose your unit first; then log in to the portal in Preferences."));
  else if ((client = gk_portal_account_dup_client (self->account, NULL, &error)) == NULL)
    self->login_problem = g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT)
                          ? g_strdup (error->message)
                          : g_strdup (_("Not logged in to the portal: open Preferences and log in with the token from the municipal office."));

  if (client != NULL)
    {
      self->engine = gk_sync_engine_new (self->context, client);
      g_signal_group_set_target (self->engine_signals, self->engine);
      gk_sync_engine_start (self->engine);
    }
  else if (error != NULL)
    {
      g_debug ("No portal client: %s", error->message);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  notify_state (self);
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

/* Takes @task. */
static void
start_forced_run (GkSyncService *self,
                  GTask         *task)
{
  if (self->engine == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s", self->login_problem);
      g_object_unref (task);
      return;
    }

  if (gk_sync_engine_get_status (self->engine) == GK_SYNC_STATUS_SYNCING)
    {
      g_ptr_array_add (self->waiting_tasks, task);
      return;
    }

  gk_sync_engine_run_async (self->engine, g_task_get_cancellable (task), on_engine_done_cb, task);
}

/**
 * gk_sync_service_send_now_async:
 *
 * One forced pass of the engine ("Send Now"): every queued item that is not
 * stopped is tried at once, whatever its backoff. While a background pass is
 * running, the forced one follows it.
 */
void
gk_sync_service_send_now_async (GkSyncService       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_service_send_now_async);
  g_task_set_task_data (task, gk_sync_engine_run_finish, NULL);
  start_forced_run (self, task);
}

gboolean
gk_sync_service_send_now_finish (GkSyncService  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_login_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *unit;

  if ((unit = gk_portal_account_login_finish (GK_PORTAL_ACCOUNT (object), result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  gk_sync_service_reload (self);
  g_task_return_pointer (task, unit, g_free);
}

/**
 * gk_sync_service_login_async:
 * @ca_file: (nullable): trust the CAs of this PEM file instead of the system's
 *
 * Checks the token with the portal, keeps it, and starts delivering with it.
 */
void
gk_sync_service_login_async (GkSyncService       *self,
                             const char          *url,
                             const char          *token,
                             const char          *ca_file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));
  g_return_if_fail (url != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_service_login_async);
  /* Plain http to another host is for isolated labs, set up with `gongkai login --allow-insecure-http`. */
  gk_portal_account_login_async (self->account, url, token, ca_file, GK_PORTAL_CLIENT_FLAGS_NONE, cancellable,
                                 on_login_cb, task);
}

/**
 * gk_sync_service_login_finish:
 *
 * Returns: (transfer full) (nullable): the unit the token belongs to
 */
char *
gk_sync_service_login_finish (GkSyncService  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reports the profile's leader in charge, office, liaison and phone to the portal. */
void
gk_sync_service_register_async (GkSyncService       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_service_register_async);

  if (self->engine == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s", self->login_problem);
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, gk_sync_engine_register_finish, NULL);
  gk_sync_engine_register_async (self->engine, cancellable, on_engine_done_cb, task);
}

gboolean
gk_sync_service_register_finish (GkSyncService  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
