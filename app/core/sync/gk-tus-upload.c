/*
 * tus 1.0.0 (core, creation, checksum) for one blob. The portal's offset is
 * the truth: every send starts with HEAD, so an upload interrupted by a lost
 * network, a restarted server or a killed client continues where the bytes
 * stopped arriving, never from zero. Each PATCH body is the file itself,
 * spliced into the connection from the page cache (GkFileRangeStream): no
 * chunk is held in memory, so memory stays flat whatever the file's and the
 * chunk's size. Chunks are as large as the portal allows (Tus-Max-Chunk-Size,
 * gk_tus_upload_chunk_size()), 8 MiB when it does not say.
 */
#define G_LOG_DOMAIN "gk-tus"

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gk-file-range-stream.h"
#include "gk-json.h"
#include "gk-protocol.h"
#include "gk-sha256.h"
#include "gk-tus-upload-private.h"

/* What a PATCH carries when the portal does not say (docs/portal-api.md §5.3). */
#define DEFAULT_CHUNK_SIZE (G_GUINT64_CONSTANT (8) * 1024 * 1024)
/* The bounds of an advertised maximum; docs/portal-api.md §5.3 says why. */
#define MIN_CHUNK_SIZE (G_GUINT64_CONSTANT (64) * 1024)
#define MAX_CHUNK_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define MAX_CHECKSUM_RETRIES 3
/* A body goes out 8 KiB at a time; a progress bar needs to hear of it far less often. */
#define PROGRESS_STEP (256 * 1024)

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
  guint64         notified;  /* the offset last notified */
  gboolean        checksums_always;
};

G_DEFINE_FINAL_TYPE (GkTusUpload, gk_tus_upload, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OFFSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The state of one send, from OPTIONS to the last PATCH. */
typedef struct
{
  char     *location;
  int       fd;
  guint64   chunk_size;
  guint64   confirmed;
  gboolean  checksum;
  /* The Upload-Checksum of the chunk at digest_offset, kept for a resend after a 460. */
  char     *digest;
  guint64   digest_offset;
  guint     checksum_failures;
  gboolean  resynced;
} SendState;

static void
send_state_free (SendState *state)
{
  g_free (state->location);
  if (state->fd >= 0)
    g_close (state->fd, NULL);
  g_free (state->digest);
  g_free (state);
}

static void
set_offset (GkTusUpload *self,
            guint64      offset)
{
  if (self->offset == offset && self->notified == offset)
    return;

  self->offset = offset;
  self->notified = offset;
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
   * How many bytes have gone out, for a progress bar; notified as they do,
   * once per 256 KiB sent, and at each offset the portal confirms.
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

static guint64
chunk_length_at (GkTusUpload *self,
                 SendState   *state,
                 guint64      offset)
{
  return MIN (state->chunk_size, self->size - offset);
}

static void
finish_send (GTask  *task,
             GError *error)
{
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

  /* Each notification reaches the sync engine's progress signal and its listeners. */
  if (self->offset + chunk_size - self->notified >= PROGRESS_STEP)
    set_offset (self, self->offset + chunk_size);
  else
    self->offset += chunk_size;
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

/**
 * gk_tus_upload_chunk_size:
 * @options: the headers of the portal's answer to OPTIONS, or %NULL without one
 *
 * Returns: how many bytes a PATCH carries: the portal's Tus-Max-Chunk-Size
 *   within 64 KiB to 64 MiB, or 8 MiB when it names no size (docs/portal-api.md §5.3)
 */
guint64
gk_tus_upload_chunk_size (SoupMessageHeaders *options)
{
  const char *value = options != NULL ? soup_message_headers_get_one (options, "Tus-Max-Chunk-Size") : NULL;
  guint64 size;

  /* Missing, 0, negative or not a number: the portal said nothing usable. */
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT64, &size, NULL))
    return DEFAULT_CHUNK_SIZE;

  return CLAMP (size, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE);
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

      /* A chunk damaged on the way is sent again, a few times (the file still holds it). */
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

/* Sends the chunk at the confirmed offset, straight from the file. */
static void
patch_chunk (GTask *task)
{
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  guint64 length = chunk_length_at (self, state, state->confirmed);
  g_autoptr(SoupMessage) message = new_upload_message (self, state, "PATCH");
  g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, state->confirmed);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(GInputStream) body = NULL;
  GError *error = NULL;

  if ((body = gk_file_range_stream_new (state->fd, state->confirmed, length, &error)) == NULL)
    {
      finish_send (task, error);
      return;
    }

  /* libsoup opens a new connection for every PATCH unless told that the request may
   * be repeated; a tus PATCH may, since the portal checks its Upload-Offset. */
  soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_headers_replace (headers, "Upload-Offset", offset);
  if (state->checksum)
    soup_message_headers_replace (headers, "Upload-Checksum", state->digest);
  soup_message_set_request_body (message, "application/offset+octet-stream", body, (gssize) length);
  g_signal_connect (message, "wrote-body-data", G_CALLBACK (on_wrote_body_data_cb), task);

  gk_portal_client_send_async (self->client, message, GK_JSON_MAX_SIZE, g_task_get_cancellable (task),
                               on_patched_cb, task);
}

/* Task data of hash_chunk_thread(): the file (not owned) and the part to hash. */
typedef struct
{
  int     fd;
  guint64 offset;
  guint64 length;
} ChunkRange;

/* Upload-Checksum's value for a part of the file, read in pieces in a worker thread. */
static void
hash_chunk_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const ChunkRange *range = task_data;
  g_autoptr(GkSha256) checksum = gk_sha256_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  g_autofree char *encoded = NULL;
  GError *error = NULL;
  gssize n;

  if ((stream = gk_file_range_stream_new (range->fd, range->offset, range->length, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  while ((n = g_input_stream_read (stream, buffer, 256 * 1024, cancellable, &error)) > 0)
    gk_sha256_update (checksum, buffer, n);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  encoded = g_base64_encode (gk_sha256_get_digest (checksum), GK_SHA256_LENGTH);
  g_task_return_pointer (task, g_strconcat ("sha256 ", encoded, NULL), g_free);
}

static void
on_chunk_hashed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  SendState *state = g_task_get_task_data (task);
  const ChunkRange *range = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  char *digest = g_task_propagate_pointer (G_TASK (result), &error);

  if (digest == NULL)
    {
      finish_send (task, error);
      return;
    }

  g_free (state->digest);
  state->digest = digest;
  state->digest_offset = range->offset;
  patch_chunk (task);
}

/* Sends the chunk at the confirmed offset, hashing it first when the portal checks chunks. */
static void
send_next_chunk (GTask *task)
{
  GkTusUpload *self = g_task_get_source_object (task);
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GTask) hash = NULL;
  ChunkRange *range;

  if (state->confirmed == self->size)
    {
      finish_send (task, NULL);
      return;
    }

  /* A chunk sent again after a 460 keeps its digest: the chunk size does not change during a send. */
  if (!state->checksum || (state->digest != NULL && state->digest_offset == state->confirmed))
    {
      patch_chunk (task);
      return;
    }

  range = g_new (ChunkRange, 1);
  range->fd = state->fd;
  range->offset = state->confirmed;
  range->length = chunk_length_at (self, state, state->confirmed);
  /* The worker reads the state's file: the send waits for it before it can end. */
  hash = g_task_new (self, g_task_get_cancellable (task), on_chunk_hashed_cb, task);
  g_task_set_source_tag (hash, send_next_chunk);
  g_task_set_task_data (hash, range, g_free);
  g_task_run_in_thread (hash, hash_chunk_thread);
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

  /* Only a network failure matters here; a server without OPTIONS gets no checksums and 8 MiB chunks. */
  if (reply == NULL && g_error_matches (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (reply != NULL)
    state->checksum = gk_tus_upload_wants_checksums (reply->headers, state->location, self->checksums_always);
  state->chunk_size = gk_tus_upload_chunk_size (reply != NULL ? reply->headers : NULL);

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
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;
  SendState *state;
  GStatBuf buf;
  GTask *task;
  int fd = -1;

  g_return_if_fail (GK_IS_TUS_UPLOAD (self));
  g_return_if_fail (location != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_tus_upload_send_async);

  if ((checked = gk_portal_client_resolve (self->client, NULL, location, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if ((fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0)) < 0 || fstat (fd, &buf) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        g_close (fd, NULL);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("The stored copy of an attachment could not be read (%s)."), g_strerror (saved_errno));
      g_object_unref (task);
      return;
    }
  /* Checked once here: a PATCH body cut short would look like a broken connection. */
  if ((guint64) buf.st_size < self->size)
    {
      g_close (fd, NULL);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The stored copy of an attachment is shorter than recorded; run “gongkai store check”."));
      g_object_unref (task);
      return;
    }

  state = g_new0 (SendState, 1);
  state->location = g_steal_pointer (&checked);
  state->fd = fd;
  state->chunk_size = DEFAULT_CHUNK_SIZE;
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
