/*
 * tus 1.0.0 (core, creation, checksum) for one blob. The portal's offset is
 * the truth: every send starts with HEAD, so an upload interrupted by a lost
 * network, a restarted server or a killed client continues where the bytes
 * stopped arriving, never from zero. Chunks of at most 8 MiB are read into
 * two reused buffers: while one chunk is on the wire the next is read into
 * the other, so the portal does not sit idle while the client reads. Memory
 * stays flat whatever the file's size, and a broken connection costs at most
 * one chunk.
 */
#define G_LOG_DOMAIN "gk-tus"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-json.h"
#include "gk-protocol.h"
#include "gk-tus-upload-private.h"

#define CHUNK_SIZE (8 * 1024 * 1024)
#define MAX_CHECKSUM_RETRIES 3

struct _GkTusUpload
{
  GObject         parent_instance;

  GkPortalClient *client;
  char           *path;
  char           *sha256;
  char           *name;
  char           *content_type;
  guint64         size;

  /* Bytes the portal has confirmed, plus what went out of the current chunk. */
  guint64         offset;
  gboolean        checksums_always;
};

G_DEFINE_FINAL_TYPE (GkTusUpload, gk_tus_upload, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OFFSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * One of the two chunk buffers. A slot is READY when its buffer holds the
 * file's bytes at @offset (the chunk's length follows from the offset), also
 * after that chunk went out: a 460 or a HEAD that points back at it then
 * sends it again without reading.
 */
typedef enum
{
  SLOT_EMPTY,
  SLOT_READING,
  SLOT_READY,
  SLOT_FAILED,
} SlotStatus;

typedef struct
{
  guint8     *buffer;
  guint64     offset;
  SlotStatus  status;
  GError     *error;
} Slot;

/* The state of one send, from HEAD to the last PATCH. */
typedef struct
{
  char         *location;
  GInputStream *input;
  Slot          slots[2];
  /* The slot being read into, or -1; the stream allows one read at a time. */
  int           reading;
  /* The chain waits for that read before it can send (or finish). */
  gboolean      waiting;
  /* Set when the send is over but a read is still in flight: returned after it. */
  gboolean      finishing;
  GError       *finish_error;
  guint64       confirmed;
  gboolean      checksum;
  guint         checksum_failures;
  gboolean      resynced;
} SendState;

static void
send_state_free (SendState *state)
{
  g_free (state->location);
  g_clear_object (&state->input);
  for (guint i = 0; i < G_N_ELEMENTS (state->slots); i++)
    {
      g_free (state->slots[i].buffer);
      g_clear_error (&state->slots[i].error);
    }
  g_clear_error (&state->finish_error);
  g_free (state);
}

static void
set_offset (GkTusUpload *self,
            guint64      offset)
{
  if (self->offset == offset)
    return;

  self->offset = offset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFSET]);
}

static void
gk_tus_upload_finalize (GObject *object)
{
  GkTusUpload *self = (GkTusUpload *)object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->content_type, g_free);

  G_OBJECT_CLASS (gk_tus_upload_parent_class)->finalize (object);
}

static void
gk_tus_upload_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GkTusUpload *self = GK_TUS_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_OFFSET:
      g_value_set_uint64 (value, self->offset);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_tus_upload_class_init (GkTusUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_tus_upload_finalize;
  object_class->get_property = gk_tus_upload_get_property;

  /**
   * GkTusUpload:offset:
   *
   * How many bytes have gone out, for a progress bar; notified as they do.
   */
  properties[PROP_OFFSET] =
    g_param_spec_uint64 ("offset", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gk_tus_upload_init (GkTusUpload *self)
{
}

/**
 * gk_tus_upload_new:
 * @path: the local copy (the blob), read from when sending
 */
GkTusUpload *
gk_tus_upload_new (GkPortalClient *client,
                   const char     *path,
                   const char     *sha256,
                   const char     *name,
                   const char     *content_type,
                   guint64         size)
{
  GkTusUpload *self;

  g_return_val_if_fail (GK_IS_PORTAL_CLIENT (client), NULL);

  self = g_object_new (GK_TYPE_TUS_UPLOAD, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  self->sha256 = g_strdup (sha256);
  self->name = g_strdup (name);
  self->content_type = g_strdup (content_type);
  self->size = size;

  return self;
}

/* Tests over loopback exercise the checksum path this way (GK_TUS_CHECKSUMS=always). */
void
gk_tus_upload_set_checksums_always (GkTusUpload *self,
                                    gboolean     always)
{
  g_return_if_fail (GK_IS_TUS_UPLOAD (self));

  self->checksums_always = always;
}

guint64
gk_tus_upload_get_offset (GkTusUpload *self)
{
  g_return_val_if_fail (GK_IS_TUS_UPLOAD (self), 0);

  return self->offset;
}

guint64
gk_tus_upload_get_size (GkTusUpload *self)
{
  g_return_val_if_fail (GK_IS_TUS_UPLOAD (self), 0);

  return self->size;
}

static void
on_created_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkTusUpload *self = g_task_get_source_object (task);
  g_autoptr(GkPortalReply) reply = NULL;
  GError *error = NULL;
  char *location;

  if ((reply = gk_portal_client_send_finish (self->client, result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (reply->location == NULL)
    {
      g_task_return_new_error (task, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                               _("The portal created an upload without saying where it is; tell the portal’s administrators."));
      return;
    }

  /* §5.2: relative to the creation request, as RFC 3986 says, and only ever on the portal. */
  if ((location = gk_portal_client_resolve (self->client, g_task_get_task_data (task), reply->location, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, location, g_free);
}

/**
 * gk_tus_upload_create_async:
 * @idempotency_key: stored by the caller before this call, and the same on every retry
 *
 * Creates the upload on the portal (tus creation extension).
 */
void
gk_tus_upload_create_async (GkTusUpload         *self,
                            const char          *idempotency_key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(SoupMessage) message = NULL;
  GkProtocolUpload file = { self->name, self->content_type, self->sha256 };
  g_autofree char *metadata = gk_protocol_upload_metadata_to_string (&file);
  g_autofree char *length = g_strdup_printf ("%" G_GUINT64_FORMAT, self->size);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GTask *task;

  g_return_if_fail (GK_IS_TUS_UPLOAD (self));
  g_return_if_fail (idempotency_key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_tus_upload_create_async);

  if ((message = gk_portal_client_new_message (self->client, "POST", GK_PROTOCOL_UPLOADS, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, g_uri_to_string (soup_message_get_uri (message)), g_free);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Upload-Length", length);
  soup_message_headers_replace (headers, "Upload-Metadata", metadata);
  soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);

  gk_portal_client_send_async (self->client, message, GK_JSON_MAX_SIZE, cancellable, on_created_cb, task);
}

/**
 * gk_tus_upload_create_finish:
 *
 * Returns: (transfer full) (nullable): the upload's absolute URL
 */
char *
gk_tus_upload_create_finish (GkTusUpload  *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void send_head (GTask *task);
static void send_next_chunk (GTask *task);

static gsize
chunk_length_at (GkTusUpload *self,
                 guint64      offset)
{
  return (gsize) MIN ((guint64) CHUNK_SIZE, self->size - offset);
}

/*
 * Ends the send. A read still in flight writes into a buffer of the state
 * and holds the stream, so the caller only gets the result once it is done:
 * a retry then never runs beside it, and there are never more than two
 * buffers (the read is quick; the task's cancellable also stops it).
 */
static void
finish_send (GTask  *task,
             GError *error)
{
  SendState *state = g_task_get_task_data (task);

  if (state->reading >= 0)
    {
      state->finishing = TRUE;
      state->finish_error = error;
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_wrote_body_data_cb (SoupMessage *message,
                       guint        chunk_size,
                       GTask       *task)
{
  GkTusUpload *self = g_task_get_source_object (task);

  set_offset (self, self->offset + chunk_size);
}

/**
 * gk_tus_upload_read_offset:
 * @confirmed: what the portal had confirmed before this reply
 * @must_advance: a PATCH's reply must confirm more than before; a HEAD's need not
 *
 * Returns: %TRUE with @offset set when the reply's Upload-Offset is possible
 */
gboolean
gk_tus_upload_read_offset (const GkPortalReply *reply,
                           guint64              confirmed,
                           gboolean             must_advance,
                           guint64              size,
                           guint64             *offset)
{
  if (reply->upload_offset < 0 || (guint64) reply->upload_offset > size ||
      (must_advance && (guint64) reply->upload_offset <= confirmed))
    return FALSE;

  *offset = (guint64) reply->upload_offset;
  return TRUE;
}

static void
on_patched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = gk_portal_client_send_finish (self->client, result, &error);

  if (reply == NULL)
    {
      set_offset (self, state->confirmed);

      /* A chunk damaged on the way is sent again, a few times (from its buffer,
       * which still holds the bytes read from the file). */
      if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_CHECKSUM) &&
          ++state->checksum_failures <= MAX_CHECKSUM_RETRIES)
        {
          send_next_chunk (task);
          return;
        }

      /* Another sender moved the offset: ask the portal once where it stands. */
      if (g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_CONFLICT) && !state->resynced)
        {
          state->resynced = TRUE;
          send_head (task);
          return;
        }

      finish_send (task, g_steal_pointer (&error));
      return;
    }

  if (!gk_tus_upload_read_offset (reply, state->confirmed, TRUE, self->size, &state->confirmed))
    {
      finish_send (task, g_error_new_literal (GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                                              _("The portal confirmed an impossible upload offset; tell the portal’s administrators.")));
      return;
    }

  state->checksum_failures = 0;
  state->resynced = FALSE;
  set_offset (self, state->confirmed);
  send_next_chunk (task);
}

static void on_chunk_read_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data);

/* Starts reading the chunk at @offset into slot @index; the caller checked that no read is in flight. */
static gboolean
start_read (GTask   *task,
            int      index,
            guint64  offset,
            GError **error)
{
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  Slot *slot = &state->slots[index];

  g_assert (state->reading < 0);

  slot->status = SLOT_EMPTY;
  g_clear_error (&slot->error);

  if (!g_seekable_seek (G_SEEKABLE (state->input), (goffset) offset, G_SEEK_SET,
                        g_task_get_cancellable (task), error))
    return FALSE;

  slot->offset = offset;
  slot->status = SLOT_READING;
  state->reading = index;
  g_input_stream_read_all_async (state->input, slot->buffer, chunk_length_at (self, offset), G_PRIORITY_DEFAULT,
                                 g_task_get_cancellable (task), on_chunk_read_cb, g_object_ref (task));
  return TRUE;
}

/* The location was checked to be on the portal when the send began (gk_tus_upload_send_async). */
static SoupMessage *
new_upload_message (GkTusUpload *self,
                    SendState   *state,
                    const char  *method)
{
  SoupMessage *message = gk_portal_client_new_message (self->client, method, state->location, NULL);

  g_assert (message != NULL);
  return message;
}

static void
patch_chunk (GTask *task,
             int    index)
{
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  Slot *slot = &state->slots[index];
  Slot *other = &state->slots[1 - index];
  gsize chunk_length = chunk_length_at (self, slot->offset);
  guint64 next = slot->offset + chunk_length;
  g_autoptr(SoupMessage) message = new_upload_message (self, state, "PATCH");
  g_autoptr(GBytes) body = g_bytes_new_static (slot->buffer, chunk_length);
  g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, state->confirmed);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Upload-Offset", offset);

  if (state->checksum)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize digest_length = sizeof digest;
      g_autofree char *encoded = NULL;
      g_autofree char *value = NULL;

      g_checksum_update (checksum, slot->buffer, chunk_length);
      g_checksum_get_digest (checksum, digest, &digest_length);
      encoded = g_base64_encode (digest, digest_length);
      value = g_strconcat ("sha256 ", encoded, NULL);
      soup_message_headers_replace (headers, "Upload-Checksum", value);
    }

  soup_message_set_request_body_from_bytes (message, "application/offset+octet-stream", body);
  g_signal_connect (message, "wrote-body-data", G_CALLBACK (on_wrote_body_data_cb), task);

  gk_portal_client_send_async (self->client, message, GK_JSON_MAX_SIZE, g_task_get_cancellable (task),
                               on_patched_cb, task);

  /*
   * Read ahead while this chunk is on the wire, into the other buffer (whose
   * chunk, if any, is already confirmed). It assumes the portal will confirm
   * the whole chunk; if it confirms something else, send_next_chunk() finds
   * no slot at that offset and reads afresh. A read failure is kept in the
   * slot and reported only if that chunk is really needed.
   */
  if (next < self->size && state->reading < 0 &&
      !(other->status == SLOT_READY && other->offset == next))
    {
      g_autoptr(GError) error = NULL;

      if (!start_read (task, 1 - index, next, &error))
        {
          other->offset = next;
          other->status = SLOT_FAILED;
          other->error = g_steal_pointer (&error);
        }
    }
}

static void
on_chunk_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  Slot *slot = &state->slots[state->reading];
  g_autoptr(GError) error = NULL;
  gsize read;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &read, &error))
    {
      slot->status = SLOT_FAILED;
      slot->error = g_steal_pointer (&error);
    }
  else if (read != chunk_length_at (self, slot->offset))
    {
      slot->status = SLOT_FAILED;
      slot->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                         _("The stored copy of an attachment is shorter than recorded; run “gongkai store check”."));
    }
  else
    slot->status = SLOT_READY;

  state->reading = -1;

  if (state->finishing)
    {
      state->finishing = FALSE;
      finish_send (task, g_steal_pointer (&state->finish_error));
    }
  else if (state->waiting)
    {
      state->waiting = FALSE;
      send_next_chunk (task);
    }
  /* Otherwise a PATCH is on the wire, and its answer goes on from here. */
}

/* Sends the chunk at the confirmed offset: from a buffer that holds it, once its read is done, or after reading it. */
static void
send_next_chunk (GTask *task)
{
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (state->confirmed == self->size)
    {
      finish_send (task, NULL);
      return;
    }

  for (int i = 0; i < (int) G_N_ELEMENTS (state->slots); i++)
    {
      Slot *slot = &state->slots[i];

      if (slot->buffer == NULL || slot->status == SLOT_EMPTY || slot->offset != state->confirmed)
        continue;

      switch (slot->status)
        {
        case SLOT_READY:
          patch_chunk (task, i);
          return;

        case SLOT_READING:
          state->waiting = TRUE;
          return;

        case SLOT_FAILED:
          finish_send (task, g_steal_pointer (&slot->error));
          return;

        case SLOT_EMPTY:
        default:
          g_assert_not_reached ();
        }
    }

  /* The read ahead was for another offset: let it end, then read this one. */
  if (state->reading >= 0)
    {
      state->waiting = TRUE;
      return;
    }

  state->waiting = TRUE;
  if (!start_read (task, 0, state->confirmed, &error))
    {
      state->waiting = FALSE;
      finish_send (task, g_steal_pointer (&error));
    }
}

static void
on_head_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  GError *error = NULL;

  /* After a 409 a read ahead may still be in flight: finish_send() lets it end. */
  if ((reply = gk_portal_client_send_finish (self->client, result, &error)) == NULL)
    {
      finish_send (task, error);
      return;
    }

  if (!gk_tus_upload_read_offset (reply, state->confirmed, FALSE, self->size, &state->confirmed))
    {
      finish_send (task, g_error_new_literal (GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL,
                                              _("The portal did not say how much of an upload it holds; tell the portal’s administrators.")));
      return;
    }

  set_offset (self, state->confirmed);
  send_next_chunk (task);
}

static void
send_head (GTask *task)
{
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = new_upload_message (self, state, "HEAD");

  gk_portal_client_send_async (self->client, message, GK_JSON_MAX_SIZE, g_task_get_cancellable (task),
                               on_head_cb, task);
}

/*
 * Per-chunk SHA-256 guards plain HTTP on a real network, where TCP's own
 * checksum is weak. TLS already authenticates every byte and loopback cannot
 * damage them; there, hashing each chunk twice (here and on the portal) only
 * halved the throughput (docs/performance.md). The portal's whole-file check
 * against the sha256 metadata stays in every case.
 */
static gboolean
needs_chunk_checksums (const char *location)
{
  g_autoptr(GUri) uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
    return FALSE;

  host = g_uri_get_host (uri);
  if (g_strcmp0 (host, "localhost") == 0)
    return FALSE;

  address = g_inet_address_new_from_string (host);
  return address == NULL || !g_inet_address_get_is_loopback (address);
}

/**
 * gk_tus_upload_wants_checksums:
 * @options: the headers of the portal's answer to OPTIONS
 * @location: the upload's absolute URL
 * @always: also over TLS and loopback (gk_tus_upload_set_checksums_always())
 *
 * Returns: whether each chunk is sent with an Upload-Checksum
 */
gboolean
gk_tus_upload_wants_checksums (SoupMessageHeaders *options,
                               const char         *location,
                               gboolean            always)
{
  const char *extensions = soup_message_headers_get_one (options, "Tus-Extension");
  const char *algorithms = soup_message_headers_get_one (options, "Tus-Checksum-Algorithm");

  return extensions != NULL && algorithms != NULL &&
         soup_header_contains (extensions, "checksum") &&
         soup_header_contains (algorithms, "sha256") &&
         (always || needs_chunk_checksums (location));
}

static void
on_options_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GkPortalReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = gk_portal_client_send_finish (self->client, result, &error);

  /* Only a network failure matters here; a server without OPTIONS just gets no checksums. */
  if (reply == NULL && g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (reply != NULL)
    state->checksum = gk_tus_upload_wants_checksums (reply->headers, state->location, self->checksums_always);

  send_head (task);
}

/**
 * gk_tus_upload_send_async:
 * @location: the upload's URL from gk_tus_upload_create_finish()
 *
 * Sends what the portal does not have yet. Fails with %GK_PORTAL_CLIENT_ERROR_NOT_FOUND
 * when the portal no longer knows the upload: create a new one then.
 */
void
gk_tus_upload_send_async (GkTusUpload         *self,
                          const char          *location,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;
  GFileInputStream *input;
  SendState *state;
  GTask *task;

  g_return_if_fail (GK_IS_TUS_UPLOAD (self));
  g_return_if_fail (location != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_tus_upload_send_async);

  file = g_file_new_for_path (self->path);
  if ((checked = gk_portal_client_resolve (self->client, NULL, location, &error)) == NULL ||
      (input = g_file_read (file, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  state = g_new0 (SendState, 1);
  state->location = g_steal_pointer (&checked);
  state->input = G_INPUT_STREAM (input);
  state->reading = -1;
  /* The second buffer is only for reading ahead, which a single chunk never needs. */
  state->slots[0].buffer = g_malloc (MIN ((guint64) CHUNK_SIZE, MAX (self->size, 1)));
  if (self->size > CHUNK_SIZE)
    state->slots[1].buffer = g_malloc (CHUNK_SIZE);
  g_task_set_task_data (task, state, (GDestroyNotify) send_state_free);

  message = gk_portal_client_new_message (self->client, "OPTIONS", GK_PROTOCOL_UPLOADS, NULL);
  gk_portal_client_send_async (self->client, message, GK_JSON_MAX_SIZE, cancellable, on_options_cb, task);
}

gboolean
gk_tus_upload_send_finish (GkTusUpload  *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
