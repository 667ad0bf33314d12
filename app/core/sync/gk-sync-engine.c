/*
 * The sync engine: the outbox goes out, verdicts come back.
 *
 * One run walks the outbox in order. For each item, every attachment is
 * uploaded first (tus, resuming from the portal's offset), then the item
 * itself is posted, or put with If-Match when the portal holds an earlier
 * revision, with the idempotency key stored when it was queued. Only the
 * portal's confirmation makes it "submitted". Then the unit's items are read
 * back from the portal, and a newer catalog is installed.
 *
 * Failures are sorted by what helps: a network failure or a 5xx is retried
 * with exponential backoff and jitter, honouring Retry-After; a refusal that
 * retrying cannot fix stops that item with the portal's words; a token the
 * portal does not accept stops the run and keeps everything queued.
 */
#define G_LOG_DOMAIN "gk-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-catalog.h"
#include "gk-item.h"
#include "gk-profile.h"
#include "gk-protocol.h"
#include "gk-store.h"
#include "gk-sync-engine.h"
#include "gk-sync-engine-private.h"
#include "gk-sync-host.h"
#include "gk-timestamp.h"
#include "gk-tus-upload.h"

#define MAX_BACKOFF_SECONDS (15 * 60)
#define STATUS_POLL_SECONDS (5 * 60)
/* While the office has an item of ours to decide, its verdict is looked for every minute. */
#define VERDICT_POLL_SECONDS 60
/* Within one run, short waits are sat out so `gongkai sync --once` rides over a hiccup. */
#define IN_RUN_RETRIES 3
#define IN_RUN_MAX_WAIT 30
/* A refusal naming an upload is tried this many times in all, minutes apart, before it stops the item. */
#define UPLOAD_REFUSAL_ATTEMPTS 5
#define PAGE_SIZE 200
/* 150 times the 2017 catalog; documents and listing pages are held to GK_JSON_MAX_SIZE. */
#define MAX_CATALOG_SIZE (8 * 1024 * 1024)

struct _GkSyncEngine
{
  GObject          parent_instance;

  GkSyncHost      *host;
  GkPortalClient  *client;
  GkSyncEngineStatus status;
  GError          *problem;      /* the last run's, with its domain and code: GkSync sorts by them */
  gboolean         running;

  /* Background mode (the GUI, `gongkai sync` without --once). */
  gboolean         started;
  guint            timeout_id;
  GCancellable    *cancellable;
  GNetworkMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (GkSyncEngine, gk_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_LAST_ERROR,
  N_PROPS
};

enum {
  PROGRESS,
  VERDICT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  gboolean       force;
  char          *unit;
  GPtrArray     *entries;
  guint          index;
  GkItem        *item;
  guint          attachment;
  gboolean       recreated;
  gboolean       asked_etag;     /* the item's answer had none: its status was asked for one */
  guint          in_run_retries;
  GkTusUpload   *upload;
  char          *upload_key;
  char          *location;
  GError        *first_error;
  char          *since;           /* sent unchanged with every page of one walk (§6.5) */
  GDateTime     *walk_newest;     /* the greatest updated_at seen in this walk */
  char          *walk_newest_text;
  char          *page_cursor;     /* of the page of statuses being read */
  guint          page_retries;
  guint          waiting;
} Run;

static void
run_free (Run *run)
{
  g_free (run->unit);
  g_clear_pointer (&run->entries, g_ptr_array_unref);
  g_clear_object (&run->item);
  g_clear_object (&run->upload);
  g_free (run->upload_key);
  g_free (run->location);
  g_clear_error (&run->first_error);
  g_free (run->since);
  g_clear_pointer (&run->walk_newest, g_date_time_unref);
  g_free (run->walk_newest_text);
  g_free (run->page_cursor);
  g_free (run);
}

static void next_entry (GTask *task);
static void next_attachment (GTask *task);
static void pull_statuses (GTask *task);
static void schedule_background_run (GkSyncEngine *self, guint seconds);

static GkStore *
get_store (GkSyncEngine *self)
{
  return gk_sync_host_get_store (self->host);
}

/* The unit is read anew for every run: the liaison may have chosen another meanwhile. */
static char *
dup_unit (GkSyncEngine  *self,
          GError       **error)
{
  g_autoptr(GkProfile) profile = gk_store_dup_profile (get_store (self));

  return gk_profile_dup_unit (profile, error);
}

static gboolean
is_same_problem (const GError *a,
                 const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->domain == b->domain && a->code == b->code && g_str_equal (a->message, b->message);
}

static void
set_status (GkSyncEngine       *self,
            GkSyncEngineStatus  status,
            const GError       *problem)
{
  if (!is_same_problem (self->problem, problem))
    {
      GError *copy = problem != NULL ? g_error_copy (problem) : NULL;

      g_clear_error (&self->problem);
      self->problem = copy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

static char *
dup_setting_key (GkSyncEngine *self,
                 const char   *what)
{
  return g_strconcat (what, ":", gk_portal_client_get_base_url (self->client), NULL);
}

/* Exponential from 1 s to 15 min with full jitter, never shorter than Retry-After. */
static guint
backoff_seconds (guint attempts,
                 guint retry_after)
{
  double ceiling = MIN ((double) MAX_BACKOFF_SECONDS, (double) (1u << MIN (attempts, 20u)));
  guint delay = (guint) g_random_double_range (0.0, ceiling);

  return MAX (MAX (delay, retry_after), 1u);
}

static char *
timestamp_in (guint seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, seconds);

  return g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
is_due (GkOutboxEntry *entry,
        gboolean       force)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;

  if (entry->stopped)
    return FALSE;
  if (force || entry->next_attempt_at == NULL)
    return TRUE;

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  return g_strcmp0 (entry->next_attempt_at, stamp) <= 0;
}

static void
keep_first_error (Run          *run,
                  const GError *error)
{
  if (run->first_error == NULL)
    run->first_error = g_error_copy (error);
}

static void
finish_run (GTask *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  self->running = FALSE;

  if (run->first_error != NULL)
    {
      GkSyncEngineStatus status = g_error_matches (run->first_error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY)
                                  ? GK_SYNC_ENGINE_OFFLINE : GK_SYNC_ENGINE_ERROR;

      set_status (self, status, run->first_error);
      g_task_return_error (task, g_steal_pointer (&run->first_error));
    }
  else
    {
      set_status (self, GK_SYNC_ENGINE_IDLE, NULL);
      g_task_return_boolean (task, TRUE);
    }

  g_object_unref (task);
}

/* A problem with the portal as a whole: nothing else in this run can succeed. */
static gboolean
is_global_failure (const GError *error)
{
  return g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_AUTH) ||
         g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_TLS) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->waiting = 0;
  next_entry (task);

  return G_SOURCE_REMOVE;
}

/*
 * A 422 about one of the item's attachments: the portal names the upload, or says "upload",
 * in its detail (docs/portal-api.md §6.1). Retrying may fix that one; other 422s it cannot.
 */
static gboolean
is_upload_refusal (GkSyncEngine *self,
                   Run          *run,
                   const GError *error)
{
  GPtrArray *attachments;
  g_autofree char *folded = NULL;
  const char *problem;

  if (!g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_REFUSED) ||
      gk_portal_client_error_get_status (error) != 422 || run->item == NULL)
    return FALSE;

  attachments = gk_item_get_attachments (run->item);
  if (attachments->len == 0)
    return FALSE;

  /* The portal said which cause (§6.1): only a different upload fixes a mismatch. */
  if ((problem = gk_portal_client_error_get_upload_problem (error)) != NULL)
    return g_str_equal (problem, "incomplete") || g_str_equal (problem, "unknown") || g_str_equal (problem, "foreign");

  folded = g_utf8_casefold (error->message, -1);
  if (strstr (folded, "upload") != NULL)
    return TRUE;

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *key = NULL;
      g_autofree char *location = NULL;
      const char *id;
      gboolean completed;

      if (!gk_store_ensure_upload (get_store (self), gk_portal_client_get_base_url (self->client),
                                   gk_attachment_get_sha256 (attachment), &key, &location, &completed, NULL) ||
          location == NULL)
        continue;

      id = strrchr (location, '/');
      if (id != NULL && id[1] != '\0' && strstr (error->message, id + 1) != NULL)
        return TRUE;
    }

  return FALSE;
}

/*
 * Next time, each upload is checked with HEAD and resumed (or made anew after a 404); one the
 * portal says it does not know or is another unit's is made anew under a fresh key at once.
 */
static gboolean
forget_uploads_completed (GkSyncEngine  *self,
                          Run           *run,
                          const char    *problem,
                          GError       **error)
{
  GPtrArray *attachments = gk_item_get_attachments (run->item);
  gboolean start_over = g_strcmp0 (problem, "unknown") == 0 || g_strcmp0 (problem, "foreign") == 0;

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *key = NULL;
      g_autofree char *location = NULL;
      gboolean completed;

      if (!gk_store_ensure_upload (get_store (self), gk_portal_client_get_base_url (self->client),
                                   gk_attachment_get_sha256 (attachment), &key, &location, &completed, error))
        return FALSE;

      if (location != NULL &&
          !gk_store_update_upload (get_store (self), gk_portal_client_get_base_url (self->client),
                                   gk_attachment_get_sha256 (attachment), start_over ? NULL : location, FALSE,
                                   error))
        return FALSE;
    }

  return TRUE;
}

static void
entry_failed (GTask  *task,
              GError *error)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GkOutboxEntry *entry = g_ptr_array_index (run->entries, run->index);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *next_at = NULL;
  g_autofree char *message = NULL;
  gboolean stopped;
  guint delay;

  g_clear_object (&run->upload);

  if (is_global_failure (error))
    {
      keep_first_error (run, error);
      finish_run (task);
      return;
    }

  if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY))
    {
      delay = backoff_seconds (entry->attempts + run->in_run_retries, gk_portal_client_error_get_retry_after (error));

      if (run->in_run_retries < IN_RUN_RETRIES && delay <= IN_RUN_MAX_WAIT)
        {
          /* Start the item over after the wait: uploads resume from the portal's offsets. */
          g_debug ("Retrying %s in %u s: %s", entry->uuid, delay, error->message);
          run->in_run_retries++;
          run->waiting = g_timeout_add_seconds (delay, on_retry_timeout_cb, task);
          return;
        }

      next_at = timestamp_in (delay);
      stopped = FALSE;
    }
  else if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL))
    {
      /* An answer that breaks the protocol (a Location off the portal, JSON that cannot be read)
       * is the portal's to mend; the item waits for it rather than stopping for the liaison. */
      next_at = timestamp_in (backoff_seconds (entry->attempts, 0));
      stopped = FALSE;
    }
  else if (is_upload_refusal (self, run, error) && entry->attempts + 1 < UPLOAD_REFUSAL_ATTEMPTS)
    {
      /* The uploads are checked again with HEAD next time (resumed or made anew), and the item
       * re-sent later: a portal still verifying an upload after a restart says 422 for a while. */
      if (!forget_uploads_completed (self, run, gk_portal_client_error_get_upload_problem (error), &local_error))
        g_warning ("%s", local_error->message);
      g_clear_error (&local_error);
      next_at = timestamp_in (MIN (60u << MIN (entry->attempts, 4u), MAX_BACKOFF_SECONDS));
      stopped = FALSE;
    }
  else
    {
      stopped = TRUE;
    }

  if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PRECONDITION))
    message = g_strdup_printf (_("The item was changed on another PC since this one last sent it; compare the two and submit again (%s)"),
                               error->message);
  else
    message = g_strdup (error->message);

  if (!gk_store_outbox_record_failure (get_store (self), entry->uuid, message, next_at, stopped, &local_error))
    g_warning ("%s", local_error->message);

  {
    g_autoptr(GError) reported = g_error_new_literal (error->domain, error->code, message);

    keep_first_error (run, reported);
  }

  /* The portal stayed unreachable through the waits: every other item would wait as long again,
   * one after the other, and `sync --once` would take minutes per handful of items. */
  if (gk_portal_client_error_is_unreachable (error))
    {
      finish_run (task);
      return;
    }

  run->index++;
  run->in_run_retries = 0;
  next_entry (task);
}

static void
on_item_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GkOutboxEntry *entry = g_ptr_array_index (run->entries, run->index);
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  if ((reply = gk_portal_client_call_finish (self->client, result, &error)) == NULL)
    {
      entry_failed (task, error);
      return;
    }

  /* A replayed answer may hold only the status and the body (§4): the ETag the next revision
   * needs is then read from the item itself (§6.4), which answers here too. */
  if (reply->etag == NULL && !run->asked_etag)
    {
      g_autofree char *path = gk_protocol_item_path (entry->uuid);

      run->asked_etag = TRUE;
      gk_portal_client_call_async (self->client, "GET", path, NULL, NULL, NULL, g_task_get_cancellable (task),
                                   on_item_sent_cb, task);
      return;
    }

  /* Without an ETag no revision could follow: the item waits, and the same key is sent again. */
  if (reply->etag == NULL)
    {
      g_set_error (&error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                   _("The portal %s accepted the item but gave no ETag for it, which a later correction needs; tell the portal’s administrators."),
                   gk_portal_client_get_base_url (self->client));
      entry_failed (task, error);
      return;
    }

  if (!gk_store_mark_submitted (get_store (self), entry->uuid, reply->etag, &error))
    {
      entry_failed (task, error);
      return;
    }

  /* The reply is the status document: keep it, as a later pull would. */
  if (reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json) &&
      !gk_store_record_portal_item (get_store (self), run->unit, json_node_get_object (reply->json), NULL, &error))
    g_warning ("%s", error->message);

  run->index++;
  run->in_run_retries = 0;
  next_entry (task);
}

static void
send_item (GTask *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GkOutboxEntry *entry = g_ptr_array_index (run->entries, run->index);
  g_autoptr(GPtrArray) locations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *attachments = gk_item_get_attachments (run->item);
  g_autofree char *path = NULL;

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *key = NULL;
      char *location = NULL;
      gboolean completed;

      if (!gk_store_ensure_upload (get_store (self), gk_portal_client_get_base_url (self->client),
                                   gk_attachment_get_sha256 (attachment), &key, &location, &completed, &error))
        {
          entry_failed (task, error);
          return;
        }
      g_ptr_array_add (locations, location);
    }

  /* From here on the portal may hold the item even if no answer comes back. */
  if (!gk_store_outbox_mark_sending (get_store (self), entry->uuid, &error))
    {
      entry_failed (task, error);
      return;
    }

  document = gk_protocol_item_to_json (run->item, locations);
  run->asked_etag = FALSE;

  if (entry->if_match == NULL)
    {
      gk_portal_client_call_async (self->client, "POST", GK_PROTOCOL_ITEMS, document, entry->idempotency_key,
                                   NULL, g_task_get_cancellable (task), on_item_sent_cb, task);
    }
  else
    {
      path = gk_protocol_item_path (entry->uuid);
      gk_portal_client_call_async (self->client, "PUT", path, document, entry->idempotency_key,
                                   entry->if_match, g_task_get_cancellable (task), on_item_sent_cb, task);
    }
}

static void
on_upload_offset_cb (GkTusUpload *upload,
                     GParamSpec  *pspec,
                     GTask       *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GkAttachment *attachment = g_ptr_array_index (gk_item_get_attachments (run->item), run->attachment);

  g_signal_emit (self, signals[PROGRESS], 0, gk_item_get_uuid (run->item), gk_attachment_get_sha256 (attachment),
                 gk_tus_upload_get_offset (upload), gk_tus_upload_get_size (upload));
}

static void
attachment_done (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  run->attachment++;
  run->recreated = FALSE;
  g_clear_object (&run->upload);
  next_attachment (task);
}

static void
on_upload_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GkAttachment *attachment = g_ptr_array_index (gk_item_get_attachments (run->item), run->attachment);
  const char *portal = gk_portal_client_get_base_url (self->client);
  g_autoptr(GError) error = NULL;

  if (!gk_tus_upload_send_finish (GK_TUS_UPLOAD (object), result, &error))
    {
      /* The portal lost or discarded the upload: create it anew, once, under a new key. */
      if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_NOT_FOUND) && !run->recreated)
        {
          g_autoptr(GError) store_error = NULL;

          run->recreated = TRUE;
          if (!gk_store_update_upload (get_store (self), portal, gk_attachment_get_sha256 (attachment),
                                       NULL, FALSE, &store_error))
            {
              entry_failed (task, store_error);
              return;
            }
          g_clear_object (&run->upload);
          next_attachment (task);
          return;
        }

      entry_failed (task, error);
      return;
    }

  if (!gk_store_update_upload (get_store (self), portal, gk_attachment_get_sha256 (attachment),
                               run->location, TRUE, &error))
    {
      entry_failed (task, error);
      return;
    }

  attachment_done (task);
}

static void
send_upload (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  gk_tus_upload_send_async (run->upload, run->location, g_task_get_cancellable (task), on_upload_sent_cb, task);
}

static void
on_upload_created_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GkAttachment *attachment = g_ptr_array_index (gk_item_get_attachments (run->item), run->attachment);
  g_autoptr(GError) error = NULL;
  char *location;

  if ((location = gk_tus_upload_create_finish (GK_TUS_UPLOAD (object), result, &error)) == NULL)
    {
      g_autoptr(GError) store_error = NULL;

      /* The portal replays a creation's answer for its key (§4): after a Location that was refused,
       * only a new key can get a usable one. */
      if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL) &&
          !gk_store_update_upload (get_store (self), gk_portal_client_get_base_url (self->client),
                                   gk_attachment_get_sha256 (attachment), NULL, FALSE, &store_error))
        g_warning ("%s", store_error->message);

      entry_failed (task, error);
      return;
    }

  g_free (run->location);
  run->location = location;

  /* Stored before the first byte: a killed client resumes this upload, not a new one. */
  if (!gk_store_update_upload (get_store (self), gk_portal_client_get_base_url (self->client),
                               gk_attachment_get_sha256 (attachment), location, FALSE, &error))
    {
      entry_failed (task, error);
      return;
    }

  send_upload (task);
}

static gboolean
check_stored_location (GkSyncEngine  *self,
                       GkAttachment  *attachment,
                       char         **key,
                       char         **location,
                       gboolean      *completed,
                       GError       **error)
{
  const char *portal = gk_portal_client_get_base_url (self->client);
  g_autofree char *checked = NULL;
  g_autoptr(GError) refused = NULL;

  if ((checked = gk_portal_client_resolve (self->client, NULL, *location, &refused)) != NULL)
    return TRUE;

  g_message ("Starting the upload of %s over: %s", gk_attachment_get_name (attachment), refused->message);
  g_clear_pointer (key, g_free);
  g_clear_pointer (location, g_free);

  return gk_store_update_upload (get_store (self), portal, gk_attachment_get_sha256 (attachment), NULL, FALSE, error) &&
         gk_store_ensure_upload (get_store (self), portal, gk_attachment_get_sha256 (attachment), key, location,
                                 completed, error);
}

static void
next_attachment (GTask *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GPtrArray *attachments = gk_item_get_attachments (run->item);
  GkAttachment *attachment;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean completed;

  if (run->attachment == attachments->len)
    {
      send_item (task);
      return;
    }

  attachment = g_ptr_array_index (attachments, run->attachment);
  g_clear_pointer (&run->upload_key, g_free);
  g_clear_pointer (&run->location, g_free);

  if (!gk_store_ensure_upload (get_store (self), gk_portal_client_get_base_url (self->client),
                               gk_attachment_get_sha256 (attachment), &run->upload_key, &run->location,
                               &completed, &error))
    {
      entry_failed (task, error);
      return;
    }

  /* Stored by an older version or named by a bad portal: never followed, the upload starts over. */
  if (run->location != NULL && !check_stored_location (self, attachment, &run->upload_key, &run->location, &completed, &error))
    {
      entry_failed (task, error);
      return;
    }

  if (completed)
    {
      attachment_done (task);
      return;
    }

  path = gk_store_dup_attachment_path (get_store (self), attachment);
  run->upload = gk_tus_upload_new (self->client, path, gk_attachment_get_sha256 (attachment),
                                   gk_attachment_get_name (attachment), gk_attachment_get_content_type (attachment),
                                   gk_attachment_get_size (attachment));
  gk_tus_upload_set_checksums_always (run->upload, gk_sync_host_get_dev_switches (self->host)->tus_checksums);
  g_signal_connect (run->upload, "notify::offset", G_CALLBACK (on_upload_offset_cb), task);

  if (run->location == NULL)
    gk_tus_upload_create_async (run->upload, run->upload_key, g_task_get_cancellable (task),
                                on_upload_created_cb, task);
  else
    send_upload (task);
}

static void
next_entry (GTask *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GkOutboxEntry *entry;

  while (run->index < run->entries->len &&
         !is_due (g_ptr_array_index (run->entries, run->index), run->force))
    run->index++;

  if (run->index == run->entries->len)
    {
      pull_statuses (task);
      return;
    }

  entry = g_ptr_array_index (run->entries, run->index);
  g_clear_object (&run->item);

  if ((run->item = gk_store_dup_item (get_store (self), entry->uuid, &error)) == NULL ||
      gk_item_get_state (run->item) != GK_ITEM_STATE_QUEUED)
    {
      /* Withdrawn meanwhile, from another window or process: nothing to send. */
      run->index++;
      next_entry (task);
      return;
    }

  /* Made under another unit before the liaison switched: only that unit's token may send it. */
  if (g_strcmp0 (gk_item_get_field (run->item, GK_ITEM_UNIT), gk_portal_client_get_unit (self->client)) != 0)
    {
      g_autoptr(GError) wrong = g_error_new (GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT,
                                             _("This item belongs to %s, but the portal token is %s’s; log in with %s’s token to send it."),
                                             gk_item_get_field (run->item, GK_ITEM_UNIT),
                                             gk_portal_client_get_unit (self->client),
                                             gk_item_get_field (run->item, GK_ITEM_UNIT));

      if (!gk_store_outbox_record_failure (get_store (self), entry->uuid, wrong->message, NULL, FALSE, &error))
        g_warning ("%s", error->message);
      keep_first_error (run, wrong);
      run->index++;
      next_entry (task);
      return;
    }

  run->attachment = 0;
  run->recreated = FALSE;

  next_attachment (task);
}

static void
fetch_page (GTask      *task,
            const char *cursor);

static void
on_catalog_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag_key = dup_setting_key (self, "catalog-etag");

  if ((reply = gk_portal_client_call_finish (self->client, result, &error)) == NULL)
    {
      keep_first_error (run, error);
      finish_run (task);
      return;
    }

  if (reply->status == SOUP_STATUS_OK && reply->body != NULL)
    {
      gboolean changed;

      /* An older or equal catalog on the portal is no fault of this run; a broken one is reported. */
      if (!gk_sync_host_install_catalog (self->host, reply->body, _("the portal’s catalog"), &changed, &error) &&
          !g_error_matches (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_OLDER))
        {
          keep_first_error (run, error);
          finish_run (task);
          return;
        }
      g_clear_error (&error);

      if (!gk_store_set_setting (get_store (self), etag_key, reply->etag, &error))
        g_warning ("%s", error->message);
    }

  finish_run (task);
}

static void
fetch_catalog (GTask *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) message = gk_portal_client_new_message (self->client, "GET", GK_PROTOCOL_CATALOG, NULL);
  g_autofree char *etag_key = dup_setting_key (self, "catalog-etag");
  g_autofree char *etag = gk_store_dup_setting (get_store (self), etag_key);

  if (etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "If-None-Match", etag);

  gk_portal_client_send_async (self->client, message, MAX_CATALOG_SIZE, g_task_get_cancellable (task),
                               on_catalog_cb, task);
}

/* §1: timestamps are values to parse, not text to compare ("…:00Z" and "…:00.5+08:00"). */
static void
note_updated_at (Run        *run,
                 const char *updated_at)
{
  g_autoptr(GDateTime) when = NULL;

  if ((when = gk_timestamp_parse (updated_at)) == NULL)
    return;

  if (run->walk_newest != NULL && g_date_time_compare (when, run->walk_newest) <= 0)
    return;

  g_clear_pointer (&run->walk_newest, g_date_time_unref);
  run->walk_newest = g_steal_pointer (&when);
  g_free (run->walk_newest_text);
  /* Kept as the portal wrote it: it goes back as `since` byte for byte. */
  run->walk_newest_text = g_strdup (updated_at);
}

static gboolean
on_page_retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->waiting = 0;
  fetch_page (task, run->page_cursor);

  return G_SOURCE_REMOVE;
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *since_key = dup_setting_key (self, "items-since");
  g_autoptr(GPtrArray) statuses = NULL;
  const char *cursor;

  if ((reply = gk_portal_client_call_finish (self->client, result, &error)) == NULL)
    {
      /* A busy portal gets the same few waits in the run as a send does, so that a passing
       * 503 does not fail a sync that had nothing else to do. */
      if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY))
        {
          guint delay = backoff_seconds (run->page_retries, gk_portal_client_error_get_retry_after (error));

          if (run->page_retries < IN_RUN_RETRIES && delay <= IN_RUN_MAX_WAIT)
            {
              g_debug ("Reading the portal's statuses again in %u s: %s", delay, error->message);
              run->page_retries++;
              run->waiting = g_timeout_add_seconds (delay, on_page_retry_timeout_cb, task);
              return;
            }
        }

      keep_first_error (run, error);
      if (is_global_failure (error))
        finish_run (task);
      else
        fetch_catalog (task);
      return;
    }

  if ((statuses = gk_protocol_page_read (reply->json, &cursor)) == NULL)
    {
      g_set_error (&error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                   _("The portal’s list of items could not be read; tell the portal’s administrators."));
      keep_first_error (run, error);
      fetch_catalog (task);
      return;
    }

  for (guint i = 0; i < statuses->len; i++)
    {
      JsonObject *status = g_ptr_array_index (statuses, i);
      g_auto(GkProtocolStatus) recorded = { NULL, };
      g_autofree char *changed = NULL;

      if (!gk_store_record_portal_item (get_store (self), run->unit, status, &changed, &error))
        {
          keep_first_error (run, error);
          g_clear_error (&error);
          continue;
        }

      if (changed != NULL)
        g_signal_emit (self, signals[VERDICT], 0, changed);

      /* The store kept it, so it reads: the mark moves only past what was recorded. */
      if (gk_protocol_status_read (status, &recorded, NULL))
        note_updated_at (run, recorded.updated_at);
    }

  /* The walk goes on with the same `since`; only a walk read to its end moves the mark, so one
   * cut off half-way starts again from the old mark next time and misses nothing. */
  if (cursor != NULL && *cursor != '\0')
    {
      fetch_page (task, cursor);
      return;
    }

  if (run->walk_newest_text != NULL &&
      !gk_store_set_setting (get_store (self), since_key, run->walk_newest_text, &error))
    g_warning ("%s", error->message);

  fetch_catalog (task);
}

static void
fetch_page (GTask      *task,
            const char *cursor)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  char *kept;

  /* Copied before the old one is freed: a retry passes run->page_cursor itself. */
  kept = g_strdup (cursor);
  g_free (run->page_cursor);
  run->page_cursor = kept;

  path = gk_protocol_list_path (PAGE_SIZE, run->since, run->page_cursor);
  gk_portal_client_call_async (self->client, "GET", path, NULL, NULL, NULL,
                               g_task_get_cancellable (task), on_page_cb, task);
}

static void
pull_statuses (GTask *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *since_key = dup_setting_key (self, "items-since");

  g_free (run->since);
  run->since = gk_store_dup_setting (get_store (self), since_key);
  g_clear_pointer (&run->walk_newest, g_date_time_unref);
  g_clear_pointer (&run->walk_newest_text, g_free);
  note_updated_at (run, run->since);
  fetch_page (task, NULL);
}

/* Nothing is sent, nor any status recorded, under a unit that is not the liaison's. */
static void
check_unit (GTask *task)
{
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const char *token_unit = gk_portal_client_get_unit (self->client);

  if (g_strcmp0 (token_unit, run->unit) != 0)
    {
      g_autoptr(GError) error = g_error_new (GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT,
                                             _("The portal token belongs to %s, but the liaison details name %s; log in with %s’s token."),
                                             token_unit, run->unit, run->unit);

      keep_first_error (run, error);
      finish_run (task);
      return;
    }

  next_entry (task);
}

/* A token kept by an older version, whose unit was never recorded: the portal says whose it is. */
static void
on_whoami_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncEngine *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unit_key = NULL;
  const char *unit = NULL;

  if ((reply = gk_portal_client_call_finish (self->client, result, &error)) != NULL)
    unit = gk_protocol_whoami_read (reply->json);

  if (unit == NULL)
    {
      if (error == NULL)
        g_set_error (&error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                     _("The portal %s did not say whose token this is; check the address."),
                     gk_portal_client_get_base_url (self->client));
      keep_first_error (run, error);
      finish_run (task);
      return;
    }

  gk_portal_client_set_unit (self->client, unit);
  unit_key = g_strconcat (GK_PORTAL_UNIT_SETTING, gk_portal_client_get_base_url (self->client), NULL);
  if (!gk_store_set_setting (get_store (self), unit_key, unit, &error))
    g_warning ("%s", error->message);

  check_unit (task);
}

static void
start_run (GkSyncEngine        *self,
           gboolean             force,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, gk_sync_engine_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  run->force = force;

  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, _("A synchronisation is already running."));
      g_object_unref (task);
      return;
    }

  if ((run->unit = dup_unit (self, &error)) == NULL ||
      (run->entries = gk_store_list_outbox (get_store (self), &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  self->running = TRUE;
  set_status (self, GK_SYNC_ENGINE_SYNCING, self->problem);

  if (gk_portal_client_get_unit (self->client) == NULL)
    gk_portal_client_call_async (self->client, "GET", GK_PROTOCOL_WHOAMI, NULL, NULL, NULL, g_task_get_cancellable (task),
                                 on_whoami_cb, task);
  else
    check_unit (task);
}

static void
gk_sync_engine_dispose (GObject *object)
{
  GkSyncEngine *self = (GkSyncEngine *)object;

  gk_sync_engine_stop (self);

  G_OBJECT_CLASS (gk_sync_engine_parent_class)->dispose (object);
}

static void
gk_sync_engine_finalize (GObject *object)
{
  GkSyncEngine *self = (GkSyncEngine *)object;

  g_clear_object (&self->host);
  g_clear_object (&self->client);
  g_clear_error (&self->problem);

  G_OBJECT_CLASS (gk_sync_engine_parent_class)->finalize (object);
}

static void
gk_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GkSyncEngine *self = GK_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->problem != NULL ? self->problem->message : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_engine_class_init (GkSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gk_sync_engine_dispose;
  object_class->finalize = gk_sync_engine_finalize;
  object_class->get_property = gk_sync_engine_get_property;

  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL, GK_SYNC_ENGINE_IDLE, GK_SYNC_ENGINE_ERROR, GK_SYNC_ENGINE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkSyncEngine::progress:
   * @uuid: the item whose attachment is being sent
   * @sha256: the attachment, by the digest of its content
   * @sent: bytes of it the portal has, or that are on their way
   * @size: its size
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);

  /**
   * GkSyncEngine::verdict:
   * @uuid: an item the portal has just published or rejected
   */
  signals[VERDICT] =
    g_signal_new ("verdict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gk_sync_engine_init (GkSyncEngine *self)
{
}

GkSyncEngine *
gk_sync_engine_new (GkSyncHost     *host,
                    GkPortalClient *client)
{
  GkSyncEngine *self;

  g_return_val_if_fail (GK_IS_SYNC_HOST (host), NULL);
  g_return_val_if_fail (GK_IS_PORTAL_CLIENT (client), NULL);

  self = g_object_new (GK_TYPE_SYNC_ENGINE, NULL);
  self->host = g_object_ref (host);
  self->client = g_object_ref (client);

  return self;
}

GkSyncEngineStatus
gk_sync_engine_get_status (GkSyncEngine *self)
{
  g_return_val_if_fail (GK_IS_SYNC_ENGINE (self), GK_SYNC_ENGINE_IDLE);

  return self->status;
}

/**
 * gk_sync_engine_get_problem:
 *
 * Returns: (nullable): what went wrong in the last run: its message is in
 *   words for the liaison, its domain and code say what kind of trouble
 */
const GError *
gk_sync_engine_get_problem (GkSyncEngine *self)
{
  g_return_val_if_fail (GK_IS_SYNC_ENGINE (self), NULL);

  return self->problem;
}

/**
 * gk_sync_engine_run_async:
 *
 * One full pass, as `gongkai sync --once` and "Send now" do: every queued item
 * that is not stopped is tried now, whatever its backoff, then statuses and
 * the catalog are read back.
 */
void
gk_sync_engine_run_async (GkSyncEngine        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (GK_IS_SYNC_ENGINE (self));

  start_run (self, TRUE, cancellable, callback, user_data);
}

/**
 * gk_sync_engine_run_finish:
 *
 * Returns: %TRUE when everything queued was delivered and the statuses were
 *   read back; otherwise %FALSE with the first problem in @error
 */
gboolean
gk_sync_engine_run_finish (GkSyncEngine  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_registered_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GkPortalReply) reply = NULL;
  g_autofree char *key = dup_setting_key (self, "registration-sent");
  g_autofree char *now = NULL;
  GError *error = NULL;
  g_autoptr(GDateTime) time = NULL;

  if ((reply = gk_portal_client_call_finish (self->client, result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  time = g_date_time_new_now_utc ();
  now = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  if (!gk_store_set_setting (get_store (self), key, now, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * gk_sync_engine_register_async:
 *
 * Sends the unit's leader in charge, office, liaison and phone to the portal,
 * as the notice requires every unit to report them.
 */
void
gk_sync_engine_register_async (GkSyncEngine        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GkProfile) profile = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = g_uuid_string_random ();
  GkProtocolRegistration registration;
  GTask *task;

  g_return_if_fail (GK_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_engine_register_async);

  profile = gk_store_dup_profile (get_store (self));
  if (!gk_profile_is_complete (profile))
    {
      g_task_return_new_error (task, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_REFUSED,
                               _("The registration is incomplete; fill in the unit, liaison, phone, leader in charge and responsible office first."));
      g_object_unref (task);
      return;
    }

  registration = (GkProtocolRegistration) {
    gk_profile_get_unit (profile), gk_profile_get_leader (profile), gk_profile_get_office (profile),
    gk_profile_get_liaison (profile), gk_profile_get_phone (profile),
  };
  body = gk_protocol_registration_to_json (&registration);

  /* PUT is idempotent by itself; the key still lets the portal recognise a retry. */
  gk_portal_client_call_async (self->client, "PUT", GK_PROTOCOL_REGISTRATION, body, key, NULL,
                               cancellable, on_registered_cb, task);
}

gboolean
gk_sync_engine_register_finish (GkSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether the portal holds an item of the unit it has not decided on yet (submitted, not published or rejected). */
static gboolean
awaits_verdict (GkSyncEngine *self)
{
  g_autofree char *unit = dup_unit (self, NULL);
  g_autoptr(GHashTable) counts = unit != NULL ? gk_store_count_items (get_store (self), unit, NULL) : NULL;
  GHashTableIter iter;
  gpointer value;

  if (counts == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((GkColumnCounts *) value)->by_state[GK_ITEM_STATE_SUBMITTED] > 0)
      return TRUE;

  return FALSE;
}

/* Background mode: when to wake up next; offline, the unhurried pace, so a dead line is not hammered. */
static guint
seconds_until_next_due (GkSyncEngine *self)
{
  g_autoptr(GPtrArray) entries = gk_store_list_outbox (get_store (self), NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint wait = self->status != GK_SYNC_ENGINE_OFFLINE && awaits_verdict (self)
               ? VERDICT_POLL_SECONDS : STATUS_POLL_SECONDS;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      GkOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) at = NULL;
      gint64 seconds;

      if (entry->stopped)
        continue;
      if (entry->next_attempt_at == NULL || (at = g_date_time_new_from_iso8601 (entry->next_attempt_at, NULL)) == NULL)
        return 1;

      seconds = g_date_time_difference (at, now) / G_TIME_SPAN_SECOND;
      wait = MIN (wait, (guint) CLAMP (seconds, 1, STATUS_POLL_SECONDS));
    }

  return wait;
}

static void
on_background_run_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GkSyncEngine *self = GK_SYNC_ENGINE (object);
  g_autoptr(GError) error = NULL;

  if (!gk_sync_engine_run_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Background synchronisation: %s", error->message);
    }

  if (self->started)
    schedule_background_run (self, seconds_until_next_due (self));
}

static gboolean
on_background_timeout_cb (gpointer user_data)
{
  GkSyncEngine *self = user_data;

  self->timeout_id = 0;
  if (!self->running)
    start_run (self, FALSE, self->cancellable, on_background_run_cb, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule_background_run (GkSyncEngine *self,
                         guint         seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (seconds, on_background_timeout_cb, self);
}

static void
on_reachable_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GkSyncEngine) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_network_monitor_can_reach_finish (G_NETWORK_MONITOR (object), result, &error))
    {
      if (self->started && !self->running)
        schedule_background_run (self, 1);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_status (self, GK_SYNC_ENGINE_OFFLINE, error);
    }
}

/* Asking whether the portal itself is reachable works for an intranet or loopback portal too. */
static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       GkSyncEngine    *self)
{
  g_autoptr(GSocketConnectable) address = NULL;

  address = g_network_address_parse_uri (gk_portal_client_get_base_url (self->client), 443, NULL);
  if (address == NULL)
    return;

  g_network_monitor_can_reach_async (monitor, address, self->cancellable, on_reachable_cb, g_object_ref (self));
}

static void
on_item_changed_cb (GkStore      *store,
                    const char   *uuid,
                    GkSyncEngine *self)
{
  g_autoptr(GkItem) item = gk_store_dup_item (store, uuid, NULL);

  if (item != NULL && gk_item_get_state (item) == GK_ITEM_STATE_QUEUED && !self->running)
    schedule_background_run (self, 1);
}

/**
 * gk_sync_engine_start:
 *
 * Keeps delivering in the background: at once, when an item is queued, when
 * the network comes back, when a backoff ends, and every few minutes to read
 * statuses back.
 */
void
gk_sync_engine_start (GkSyncEngine *self)
{
  g_return_if_fail (GK_IS_SYNC_ENGINE (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed_cb), self, 0);
  g_signal_connect_object (get_store (self), "item-changed", G_CALLBACK (on_item_changed_cb), self, 0);
  schedule_background_run (self, 1);
}

void
gk_sync_engine_stop (GkSyncEngine *self)
{
  g_return_if_fail (GK_IS_SYNC_ENGINE (self));

  if (!self->started)
    return;

  self->started = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_signal_handlers_disconnect_by_data (get_store (self), self);
  g_clear_object (&self->monitor);
}

/* How long background mode would wait from now before its next pass (for tests). */
guint
gk_sync_engine_get_next_wait (GkSyncEngine *self)
{
  g_return_val_if_fail (GK_IS_SYNC_ENGINE (self), 0);

  return seconds_until_next_due (self);
}
