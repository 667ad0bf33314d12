/* Attachment uploads through tus 1.0.0 (core, creation, checksum), streamed to disk. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include "gk-portal-idempotency.h"
#include "gk-portal-tus.h"
#include "gk-sha256.h"

#define PATCH_KEY "gk-portal-patch"
#define MAX_FILENAME_BYTES 255

struct _GkPortalTus
{
  GObject         parent_instance;

  GkPortalDb     *db;
  GkPortalFaults *faults;
  char           *folder;
  guint64         max_size;
  guint64         max_chunk;    /* advertised as Tus-Max-Chunk-Size; 0: not */
  guint64         quota_count;  /* uploads of one unit no item names yet */
  guint64         quota_bytes;
  GHashTable     *busy;     /* upload id → Patch, while a PATCH is under way */
  GHashTable     *running;  /* upload id → Running */
  GHashTable     *verifying; /* upload ids whose bytes are being hashed in a thread */
};

G_DEFINE_FINAL_TYPE (GkPortalTus, gk_portal_tus, G_TYPE_OBJECT)

/*
 * The SHA-256 of an upload's first @covered bytes, kept between PATCHes so
 * completing a large upload does not read it all again. After a restart it
 * is gone and the file is hashed once, in a thread.
 */
typedef struct
{
  GkSha256 *checksum;
  guint64   covered;
} Running;

/* One PATCH under way; lives on the message and holds the upload's lock. */
typedef struct
{
  GkPortalTus   *tus;
  char          *upload_id;
  guint64        start;
  guint64        length;
  guint64        written;
  GFileIOStream *stream;
  GkSha256      *chunk;
  guint8        *expected_chunk;
  GkSha256      *whole;
  gboolean       closed;
} Patch;

static void
running_free (Running *running)
{
  gk_sha256_free (running->checksum);
  g_free (running);
}

static char *
dup_upload_path (GkPortalTus *self,
                 const char  *upload_id)
{
  return g_build_filename (self->folder, upload_id, NULL);
}

static char *
dup_location (const char *upload_id)
{
  return g_strconcat (GK_PORTAL_UPLOADS_PATH "/", upload_id, NULL);
}

/* The bytes on disk are the offset: whatever arrived before a connection broke counts. */
static gboolean
query_offset (GkPortalTus          *self,
              const GkPortalUpload *upload,
              guint64              *offset,
              GError              **error)
{
  g_autofree char *path = NULL;
  GStatBuf buf;

  if (upload->complete)
    {
      *offset = upload->length;
      return TRUE;
    }

  path = dup_upload_path (self, upload->id);
  if (g_stat (path, &buf) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The bytes of upload %s could not be found on disk (%s); create a new upload.",
                   upload->id, g_strerror (saved_errno));
      return FALSE;
    }

  *offset = buf.st_size;
  return TRUE;
}

static gboolean
digest_equal (GkSha256     *checksum,
              const guint8 *expected)
{
  return memcmp (gk_sha256_get_digest (checksum), expected, GK_SHA256_LENGTH) == 0;
}

/*
 * Ends the PATCH: closes the file and releases the upload. @keep says whether
 * the bytes written stay (everything but a chunk whose checksum failed).
 */
static void
patch_close (Patch   *patch,
             gboolean keep)
{
  if (patch->closed)
    return;

  patch->closed = TRUE;

  if (patch->stream != NULL)
    {
      GSeekable *seekable = G_SEEKABLE (patch->stream);

      if (!keep)
        g_seekable_truncate (seekable, patch->start, NULL, NULL);
      g_io_stream_close (G_IO_STREAM (patch->stream), NULL, NULL);
    }

  if (keep && patch->whole != NULL)
    {
      Running *running = g_new0 (Running, 1);

      running->checksum = g_steal_pointer (&patch->whole);
      running->covered = patch->start + patch->written;
      g_hash_table_replace (patch->tus->running, g_strdup (patch->upload_id), running);
    }

  g_hash_table_remove (patch->tus->busy, patch->upload_id);
}

static void
patch_free (Patch *patch)
{
  /* A request that ended without its handler (a broken connection) keeps what arrived. */
  patch_close (patch, TRUE);

  g_clear_object (&patch->stream);
  g_clear_pointer (&patch->chunk, gk_sha256_free);
  g_clear_pointer (&patch->whole, gk_sha256_free);
  g_free (patch->expected_chunk);
  g_free (patch->upload_id);
  g_object_unref (patch->tus);
  g_free (patch);
}

static Patch *
get_patch (GkPortalRequest *request)
{
  return g_object_get_data (G_OBJECT (gk_portal_request_get_message (request)), PATCH_KEY);
}

/* `filename` must be a plain name: no folders, no control characters, not "." or "..". */
static gboolean
check_filename (const char *name,
                GError    **error)
{
  gboolean safe = g_utf8_validate (name, -1, NULL) &&
                  *name != '\0' &&
                  strlen (name) <= MAX_FILENAME_BYTES &&
                  !g_str_equal (name, ".") && !g_str_equal (name, "..");

  for (const char *p = name; safe && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        safe = FALSE;
    }

  if (!safe)
    g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                         "The file name in Upload-Metadata is unsafe (empty, over 255 bytes, not UTF-8, “..”, or with a slash, backslash or control character); send the plain name of the file.");

  return safe;
}

/* RFC 6838's restricted-name for type and subtype, with no parameters: nothing else reaches a header. */
static gboolean
is_media_type (const char *text)
{
  const char *slash = strchr (text, '/');
  gsize type_length, subtype_length;

  if (slash == NULL)
    return FALSE;

  type_length = slash - text;
  subtype_length = strlen (slash + 1);
  if (type_length == 0 || type_length > 127 || subtype_length == 0 || subtype_length > 127 ||
      !g_ascii_isalnum (text[0]) || !g_ascii_isalnum (slash[1]))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (p != slash && !g_ascii_isalnum (*p) && strchr ("!#$&^_.+-", *p) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
is_sha256_hex (const char *text)
{
  if (strlen (text) != GK_SHA256_LENGTH * 2)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

/* tus Upload-Metadata, read by the protocol; a malformed header is a 400 (§5.2). */
static GHashTable *
parse_metadata (const char *header,
                GError    **error)
{
  GHashTable *metadata;
  GError *invalid = NULL;

  if ((metadata = gk_protocol_upload_metadata_read (header, &invalid)) == NULL)
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED, invalid->message);
      g_error_free (invalid);
    }

  return metadata;
}

static gboolean
parse_size (const char *text,
            guint64    *value)
{
  return text != NULL && *text != '\0' &&
         g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, value, NULL);
}

static GkPortalUpload *
lookup_own_upload (GkPortalTus     *self,
                   GkPortalRequest *request,
                   const char      *upload_id,
                   GError         **error)
{
  g_autoptr(GkPortalUpload) upload = NULL;
  g_autoptr(GError) local_error = NULL;

  upload = gk_portal_db_dup_upload (self->db, upload_id, &local_error);
  if (upload == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                     "There is no upload %s (it was discarded, expired or never created); create a new upload.",
                     upload_id);
      return NULL;
    }

  if (!g_str_equal (upload->unit, gk_portal_request_get_unit (request)))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_WRONG_UNIT,
                   "Upload %s belongs to another unit; use your own unit's token.", upload_id);
      return NULL;
    }

  return g_steal_pointer (&upload);
}

/* The SHA-256 of a whole upload file, read in pieces. */
static char *
hash_file (const char   *path,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GkSha256) checksum = gk_sha256_new ();
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  gssize n;

  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 1024 * 1024, cancellable, error)) > 0)
    gk_sha256_update (checksum, buffer, n);

  return n < 0 ? NULL : g_strdup (gk_sha256_get_string (checksum));
}

/* What the thread that completes an upload works on. */
typedef struct
{
  char *path;
  char *sha256;   /* known from the running hash, or %NULL: read the file */
} Completion;

static void
completion_free (Completion *completion)
{
  g_free (completion->path);
  g_free (completion->sha256);
  g_free (completion);
}

/*
 * The bytes reach the disk before the upload is recorded complete: the client
 * forgets its copy's offset once told the upload is whole, and an item names
 * it for good, so a power cut after that answer must not leave a shorter file.
 */
static gboolean
flush_file (const char *path,
            GError    **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd >= 0 && fdatasync (fd) == 0)
    return g_close (fd, error);

  saved_errno = errno;
  if (fd >= 0)
    g_close (fd, NULL);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "The upload could not be written to disk: %s", g_strerror (saved_errno));
  return FALSE;
}

static void
complete_upload_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Completion *completion = task_data;
  GError *error = NULL;
  char *sha256 = NULL;

  gint64 started = g_get_monotonic_time ();

  if (flush_file (completion->path, &error))
    {
      g_autofree char *upload_id = g_path_get_basename (completion->path);

      /* The administrator's measure of the disk (and tools/bench/upload's fsync figure). */
      g_message ("Upload %s is on disk (fdatasync %.1f ms).", upload_id,
                 (g_get_monotonic_time () - started) / 1000.0);
      sha256 = completion->sha256 != NULL ? g_strdup (completion->sha256)
                                          : hash_file (completion->path, cancellable, &error);
    }

  if (sha256 == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sha256, g_free);
}

/*
 * An upload whose bytes have all arrived: recorded complete when they match
 * the `sha256` it was announced with (§5.3), else discarded so the client
 * creates it anew.
 */
static gboolean
settle_upload (GkPortalTus *self,
               const char  *upload_id,
               const char  *sha256,
               guint64     *length,
               GError     **error)
{
  g_autoptr(GkPortalUpload) upload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = dup_upload_path (self, upload_id);

  g_hash_table_remove (self->running, upload_id);

  if ((upload = gk_portal_db_dup_upload (self->db, upload_id, &local_error)) == NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                                   "Upload %s was removed while it completed; create a new upload.", upload_id);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (upload->expected_sha256 != NULL && !g_str_equal (upload->expected_sha256, sha256))
    {
      if (gk_portal_db_delete_upload (self->db, upload_id, NULL))
        g_unlink (path);

      g_message ("Upload %s had all its bytes but not the announced SHA-256; it was discarded.", upload_id);
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_CHECKSUM_MISMATCH,
                   "The uploaded file's SHA-256 %s does not match its sha256 metadata %s, so the upload was discarded; create a new upload.",
                   sha256, upload->expected_sha256);
      return FALSE;
    }

  if (!gk_portal_db_complete_upload (self->db, upload_id, sha256, error))
    return FALSE;

  if (length != NULL)
    *length = upload->length;
  return TRUE;
}

/*
 * A portal stopped between a PATCH's last byte and its commit (a crash, a
 * power cut) leaves an upload with every byte on disk that is not recorded
 * complete. HEAD would then answer offset = length, so the client sends
 * nothing more, and the item naming the upload would be refused as
 * incomplete, for ever. At start-up, with no PATCH under way, such an upload
 * is finished as its last PATCH would have been: completed when its bytes
 * match its sha256, discarded otherwise, so the client creates it anew.
 */
static gboolean
recover_uploads (GkPortalTus *self,
                 GError     **error)
{
  g_auto(GStrv) ids = gk_portal_db_dup_incomplete_uploads (self->db, error);

  if (ids == NULL)
    return FALSE;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GkPortalUpload) upload = gk_portal_db_dup_upload (self->db, ids[i], error);
      g_autofree char *path = dup_upload_path (self, ids[i]);
      g_autofree char *sha256 = NULL;
      g_autoptr(GError) settle_error = NULL;
      GStatBuf buf;

      if (upload == NULL)
        return FALSE;
      if (g_stat (path, &buf) != 0 || (guint64) buf.st_size != upload->length)
        continue;
      if (!flush_file (path, error) || (sha256 = hash_file (path, NULL, error)) == NULL)
        return FALSE;

      if (settle_upload (self, ids[i], sha256, NULL, &settle_error))
        g_message ("Upload %s had all its bytes but was not recorded complete; it is now.", ids[i]);
      else if (!g_error_matches (settle_error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_CHECKSUM_MISMATCH))
        {
          g_propagate_error (error, g_steal_pointer (&settle_error));
          return FALSE;
        }
    }

  return TRUE;
}

/* The last PATCH, once the whole file's SHA-256 is known. */
static void
finish_upload (GkPortalTus     *self,
               GkPortalRequest *request,
               const char      *upload_id,
               const char      *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *offset = NULL;
  guint64 length;

  if (!settle_upload (self, upload_id, sha256, &length, &error))
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  offset = g_strdup_printf ("%" G_GUINT64_FORMAT, length);
  gk_portal_request_set_header (request, "Upload-Offset", offset);
  gk_portal_request_respond_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* @user_data: (transfer full) (nullable): the last PATCH's message, %NULL for a check no request waits for */
static void
on_upload_completed_cb (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GkPortalTus *self = GK_PORTAL_TUS (source_object);
  g_autoptr(SoupServerMessage) msg = user_data;
  GkPortalRequest *request = msg != NULL ? gk_portal_request_from_message (msg) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = g_task_propagate_pointer (G_TASK (result), &error);
  /* Upload files are named by their upload id. */
  g_autofree char *upload_id = g_path_get_basename (((Completion *) g_task_get_task_data (G_TASK (result)))->path);

  g_hash_table_remove (self->verifying, upload_id);

  if (request == NULL)
    {
      if (sha256 == NULL || !settle_upload (self, upload_id, sha256, NULL, &error))
        g_message ("Upload %s could not be checked: %s", upload_id, error->message);
      return;
    }

  if (sha256 == NULL)
    gk_portal_request_respond_error (request, error);
  else
    finish_upload (self, request, upload_id, sha256);

  gk_portal_request_complete (request);
}

/*
 * Flushes the whole upload to disk in a thread and hashes it unless @sha256 is
 * already known, then settles it and answers @request if there is one.
 */
static void
complete_in_background (GkPortalTus     *self,
                        const char      *upload_id,
                        const char      *sha256,
                        GkPortalRequest *request)
{
  g_autoptr(GTask) task = NULL;
  Completion *completion = g_new0 (Completion, 1);

  completion->path = dup_upload_path (self, upload_id);
  completion->sha256 = g_strdup (sha256);
  g_hash_table_add (self->verifying, g_strdup (upload_id));
  if (request != NULL)
    gk_portal_request_pause (request);
  task = g_task_new (self, NULL, on_upload_completed_cb,
                     request != NULL ? g_object_ref (gk_portal_request_get_message (request)) : NULL);
  g_task_set_source_tag (task, complete_in_background);
  g_task_set_task_data (task, completion, (GDestroyNotify) completion_free);
  g_task_run_in_thread (task, complete_upload_thread);
}

/*
 * §5.3: an upload with all its bytes that is not yet recorded complete is
 * being finished (its last PATCH is under way, or its bytes are being
 * hashed): it is neither complete nor incomplete until then, so HEAD, PATCH
 * and items naming it are asked to come back (503 with Retry-After) rather
 * than told an offset the client would take for done, or refused for good.
 * One left unfinished (its last PATCH cut) is checked now.
 */
static gboolean
check_settled (GkPortalTus          *self,
               const GkPortalUpload *upload,
               GError              **error)
{
  g_autofree char *path = NULL;
  GStatBuf buf;

  if (upload->complete)
    return TRUE;

  path = dup_upload_path (self, upload->id);
  if (g_stat (path, &buf) != 0 || (guint64) buf.st_size < upload->length)
    return TRUE;

  if (!g_hash_table_contains (self->busy, upload->id) && !g_hash_table_contains (self->verifying, upload->id))
    complete_in_background (self, upload->id, NULL, NULL);

  g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_UNAVAILABLE,
               "Upload %s has all its bytes and is being checked; ask again in a moment.", upload->id);
  return FALSE;
}

/*
 * A unit may keep only so many uploads, and so many bytes, that no item
 * names yet: 300 uploads in 3 s from one liaison once filled the disk for
 * everyone. The §5.4 sweep frees those left for 7 days.
 */
static gboolean
check_quota (GkPortalTus     *self,
             const char      *unit,
             guint64          length,
             GkPortalRequest *request,
             GError         **error)
{
  guint64 count, bytes;

  if (!gk_portal_db_count_pending_uploads (self->db, unit, &count, &bytes, error))
    return FALSE;

  if (count >= self->quota_count)
    {
      gk_portal_request_set_header (request, "Retry-After", "3600");
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_MANY,
                   "Your unit already has %" G_GUINT64_FORMAT " uploads that no item names, this portal's limit; send the items that use them, or wait until unused ones are removed after 7 days.",
                   count);
      return FALSE;
    }

  if (length > self->quota_bytes || bytes > self->quota_bytes - length)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_LARGE,
                   "Your unit's uploads that no item names hold %" G_GUINT64_FORMAT " bytes; with this file's %" G_GUINT64_FORMAT " that is over this portal's limit of %" G_GUINT64_FORMAT "; send the items that use them first.",
                   bytes, length, self->quota_bytes);
      return FALSE;
    }

  return TRUE;
}

static GkPortalResponse *
create_upload (GkPortalRequest *request,
               gpointer         user_data,
               GError         **error)
{
  GkPortalTus *self = user_data;
  g_autoptr(GHashTable) metadata = NULL;
  g_autoptr(GkPortalUpload) upload = g_new0 (GkPortalUpload, 1);
  g_autofree char *path = NULL;
  g_autofree char *location = NULL;
  const char *value;
  int fd;

  if (gk_portal_request_get_header (request, "Upload-Defer-Length") != NULL)
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "This portal does not support Upload-Defer-Length; send Upload-Length.");
      return NULL;
    }

  if (!parse_size (gk_portal_request_get_header (request, "Upload-Length"), &upload->length))
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The Upload-Length header is missing or not a whole number of bytes; send the file's size.");
      return NULL;
    }

  if (upload->length > self->max_size)
    {
      gk_portal_request_set_problem_member (request, "size", (gint64) upload->length);
      gk_portal_request_set_problem_member (request, "limit", (gint64) self->max_size);
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_LARGE,
                   "The file is %" G_GUINT64_FORMAT " bytes, more than this portal's limit of %" G_GUINT64_FORMAT " bytes; send a smaller file.",
                   upload->length, self->max_size);
      return NULL;
    }

  if ((metadata = parse_metadata (gk_portal_request_get_header (request, "Upload-Metadata"), error)) == NULL)
    return NULL;

  if ((value = g_hash_table_lookup (metadata, "filename")) != NULL && !check_filename (value, error))
    return NULL;
  upload->filename = g_strdup (value);

  if ((value = g_hash_table_lookup (metadata, "sha256")) != NULL && !is_sha256_hex (value))
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The sha256 in Upload-Metadata is not 64 lowercase hexadecimal digits; send the file's SHA-256.");
      return NULL;
    }
  upload->expected_sha256 = g_strdup (value);
  if (!check_quota (self, gk_portal_request_get_unit (request), upload->length, request, error))
    return NULL;
  if ((value = g_hash_table_lookup (metadata, "filetype")) != NULL && !is_media_type (value))
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "The filetype in Upload-Metadata is not a media type such as application/pdf; send type/subtype without parameters.");
      return NULL;
    }
  upload->filetype = g_strdup (value);
  upload->id = g_uuid_string_random ();
  upload->unit = g_strdup (gk_portal_request_get_unit (request));

  path = dup_upload_path (self, upload->id);
  if ((fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The portal could not create the upload file “%s” (%s); check its data folder.",
                   path, g_strerror (saved_errno));
      return NULL;
    }
  g_close (fd, NULL);

  if (!gk_portal_db_insert_upload (self->db, upload, error))
    {
      g_unlink (path);
      return NULL;
    }

  /* An empty file is complete as soon as it exists. */
  if (upload->length == 0)
    {
      g_autoptr(GkSha256) empty = gk_sha256_new ();
      const char *sha256 = gk_sha256_get_string (empty);

      if (upload->expected_sha256 != NULL && !g_str_equal (sha256, upload->expected_sha256))
        {
          g_unlink (path);
          g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_CHECKSUM_MISMATCH,
                               "The file is empty but its sha256 metadata is not the SHA-256 of nothing; send the right digest.");
          return NULL;
        }
      if (!gk_portal_db_complete_upload (self->db, upload->id, sha256, error))
        return NULL;
    }

  location = dup_location (upload->id);
  return gk_portal_response_new (SOUP_STATUS_CREATED, location, NULL, NULL);
}

static void
handle_creation (GkPortalTus     *self,
                 GkPortalRequest *request)
{
  g_autofree char *extra = NULL;

  extra = g_strdup_printf ("%s\n%s",
                           gk_portal_request_get_header (request, "Upload-Length") ?: "",
                           gk_portal_request_get_header (request, "Upload-Metadata") ?: "");

  /* Plain tus clients (curl in tools/bench) send no key; they are not protected from duplicates. */
  gk_portal_idempotency_run (self->db, self->faults, request, extra, FALSE, create_upload, self);
}

static void
handle_head (GkPortalTus     *self,
             GkPortalRequest *request,
             const char      *upload_id)
{
  g_autoptr(GkPortalUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *offset_text = NULL;
  g_autofree char *length_text = NULL;
  guint64 offset;

  gk_portal_request_set_header (request, "Cache-Control", "no-store");

  if ((upload = lookup_own_upload (self, request, upload_id, &error)) == NULL ||
      !check_settled (self, upload, &error) ||
      !query_offset (self, upload, &offset, &error))
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  offset_text = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
  length_text = g_strdup_printf ("%" G_GUINT64_FORMAT, upload->length);
  gk_portal_request_set_header (request, "Upload-Offset", offset_text);
  gk_portal_request_set_header (request, "Upload-Length", length_text);
  gk_portal_request_respond_empty (request, SOUP_STATUS_OK);
}

static void
handle_patch (GkPortalTus     *self,
              GkPortalRequest *request,
              const char      *upload_id)
{
  Patch *patch = get_patch (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *offset_text = NULL;
  guint64 offset;

  /* No PATCH state: an empty PATCH at the end of an upload already complete. */
  if (patch == NULL)
    {
      handle_head (self, request, upload_id);
      if (soup_server_message_get_status (gk_portal_request_get_message (request)) == SOUP_STATUS_OK)
        gk_portal_request_respond_empty (request, SOUP_STATUS_NO_CONTENT);
      return;
    }

  if (patch->chunk != NULL && !digest_equal (patch->chunk, patch->expected_chunk))
    {
      patch_close (patch, FALSE);
      error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_CHECKSUM_MISMATCH,
                                   "The chunk's bytes do not match its Upload-Checksum, so none of them were kept; send the chunk again.");
      gk_portal_request_respond_error (request, error);
      return;
    }

  offset = patch->start + patch->written;
  patch_close (patch, TRUE);

  if (offset < patch->length)
    {
      offset_text = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
      gk_portal_request_set_header (request, "Upload-Offset", offset_text);
      gk_portal_request_respond_empty (request, SOUP_STATUS_NO_CONTENT);
      return;
    }

  /* Complete. The running hash covers the file unless the portal restarted meanwhile. */
  {
    Running *running = g_hash_table_lookup (self->running, upload_id);

    complete_in_background (self, upload_id,
                            running != NULL && running->covered == offset ? gk_sha256_get_string (running->checksum) : NULL,
                            request);
  }
}

static void
gk_portal_tus_finalize (GObject *object)
{
  GkPortalTus *self = (GkPortalTus *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->faults);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_pointer (&self->verifying, g_hash_table_unref);

  G_OBJECT_CLASS (gk_portal_tus_parent_class)->finalize (object);
}

static void
gk_portal_tus_class_init (GkPortalTusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_tus_finalize;
}

static void
gk_portal_tus_init (GkPortalTus *self)
{
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) running_free);
  self->verifying = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * gk_portal_tus_new:
 * @folder: where upload bytes are kept, one file per upload; created if missing
 * @max_size: the largest Upload-Length accepted
 */
GkPortalTus *
gk_portal_tus_new (GkPortalDb     *db,
                   GkPortalFaults *faults,
                   const char     *folder,
                   guint64         max_size,
                   GError        **error)
{
  g_autoptr(GkPortalTus) self = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (db), NULL);
  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (faults), NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The uploads folder “%s” could not be created (%s); choose another --data-dir.",
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (GK_TYPE_PORTAL_TUS, NULL);
  self->db = g_object_ref (db);
  self->faults = g_object_ref (faults);
  self->folder = g_strdup (folder);
  self->max_size = max_size;
  self->quota_count = GK_PORTAL_DEFAULT_QUOTA_COUNT;
  self->quota_bytes = GK_PORTAL_DEFAULT_QUOTA_BYTES;

  if (!recover_uploads (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gk_portal_tus_begin_patch:
 *
 * Checks a PATCH once its headers are in, before its body: the upload, the
 * offset, the checksum header and the size; then opens the file at the
 * offset so gk_portal_tus_receive() can write the body as it arrives.
 */
void
gk_portal_tus_begin_patch (GkPortalTus     *self,
                           GkPortalRequest *request,
                           const char      *upload_id)
{
  g_autoptr(GkPortalUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree guint8 *expected_chunk = NULL;
  const char *content_type;
  const char *checksum;
  /* Set on every path that reads them; GCC at -O3 cannot see that through the error checks. */
  guint64 offset = 0, claimed = 0;
  goffset content_length;
  Patch *patch;

  g_return_if_fail (GK_IS_PORTAL_TUS (self));

  content_type = gk_portal_request_get_header (request, "Content-Type");
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/offset+octet-stream") != 0)
    error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                                 "A PATCH must have Content-Type: application/offset+octet-stream.");
  else if (!parse_size (gk_portal_request_get_header (request, "Upload-Offset"), &claimed))
    error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                                 "The Upload-Offset header is missing or not a whole number; send the offset from HEAD.");

  if ((checksum = gk_portal_request_get_header (request, "Upload-Checksum")) != NULL && error == NULL)
    {
      g_auto(GStrv) parts = g_strsplit (checksum, " ", -1);
      gsize size = 0;

      if (g_strv_length (parts) != 2 || g_ascii_strcasecmp (parts[0], "sha256") != 0)
        error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                                     "The Upload-Checksum header must be “sha256 BASE64-DIGEST”; this portal supports sha256 only.");
      else if ((expected_chunk = gk_protocol_base64_decode (parts[1], &size)) == NULL || size != GK_SHA256_LENGTH)
        error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                                     "The Upload-Checksum digest is not the base64 of 32 bytes; send the chunk's SHA-256 in base64.");
    }

  if (error == NULL && (upload = lookup_own_upload (self, request, upload_id, &error)) != NULL &&
      check_settled (self, upload, &error) && query_offset (self, upload, &offset, &error))
    {
      content_length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (gk_portal_request_get_message (request)));

      if (upload->complete && claimed == offset && content_length == 0)
        return;
      else if (upload->complete)
        error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_CONFLICT,
                             "Upload %s is already complete; refer to it in the item.", upload_id);
      else if (g_hash_table_contains (self->busy, upload_id))
        error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_CONFLICT,
                             "Another PATCH to upload %s is still under way; wait, ask HEAD for the offset and continue from there.",
                             upload_id);
      else if (claimed != offset)
        error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_CONFLICT,
                             "Upload-Offset is %" G_GUINT64_FORMAT " but the portal holds %" G_GUINT64_FORMAT " bytes of upload %s; continue from the offset HEAD returns.",
                             claimed, offset, upload_id);
      else if ((guint64) content_length > upload->length - offset)
        error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_LARGE,
                             "The chunk runs past the upload's length of %" G_GUINT64_FORMAT " bytes; send only the bytes that remain.",
                             upload->length);
    }

  if (error == NULL)
    {
      g_autoptr(GFileIOStream) stream = NULL;

      path = dup_upload_path (self, upload_id);
      file = g_file_new_for_path (path);
      if ((stream = g_file_open_readwrite (file, NULL, &error)) != NULL &&
          g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, &error))
        {
          Running *running = g_hash_table_lookup (self->running, upload_id);

          patch = g_new0 (Patch, 1);
          patch->tus = g_object_ref (self);
          patch->upload_id = g_strdup (upload_id);
          patch->start = offset;
          patch->length = upload->length;
          patch->stream = g_steal_pointer (&stream);
          if (expected_chunk != NULL)
            {
              patch->chunk = gk_sha256_new ();
              patch->expected_chunk = g_steal_pointer (&expected_chunk);
            }
          if (running != NULL && running->covered == offset)
            patch->whole = gk_sha256_copy (running->checksum);
          else if (offset == 0)
            patch->whole = gk_sha256_new ();

          g_hash_table_insert (self->busy, g_strdup (upload_id), patch);
          g_object_set_data_full (G_OBJECT (gk_portal_request_get_message (request)), PATCH_KEY,
                                  patch, (GDestroyNotify) patch_free);
          return;
        }
    }

  if (error->domain != GK_PORTAL_ERROR)
    {
      g_autoptr(GError) io_error = g_steal_pointer (&error);

      error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                           "The portal could not open upload %s (%s); try again later.",
                           upload_id, io_error->message);
    }

  gk_portal_request_set_failure (request, g_steal_pointer (&error));
}

/* Writes a piece of a PATCH body as it arrives: nothing of an upload is held in memory. */
void
gk_portal_tus_receive (GkPortalTus     *self,
                       GkPortalRequest *request,
                       const guint8    *data,
                       gsize            size)
{
  Patch *patch = get_patch (request);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GK_IS_PORTAL_TUS (self));

  if (patch == NULL || patch->closed || gk_portal_request_has_failed (request))
    return;

  if (patch->written + size > patch->length - patch->start)
    {
      gk_portal_request_set_failure (request,
                                     g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_LARGE,
                                                  "The chunk runs past the upload's length of %" G_GUINT64_FORMAT " bytes; send only the bytes that remain.",
                                                  patch->length));
      return;
    }

  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (patch->stream)),
                                  data, size, NULL, NULL, &error))
    {
      gk_portal_request_set_failure (request,
                                     g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                                                  "The portal could not store the upload's bytes (%s); try again later.",
                                                  error->message));
      return;
    }

  patch->written += size;
  if (patch->chunk != NULL)
    gk_sha256_update (patch->chunk, data, size);
  if (patch->whole != NULL)
    gk_sha256_update (patch->whole, data, size);
}

/**
 * gk_portal_tus_keep_received:
 *
 * Ends a PATCH whose connection is being cut: the bytes written so far stay,
 * unchecked even with Upload-Checksum; the whole-file SHA-256 checks them.
 */
void
gk_portal_tus_keep_received (GkPortalTus     *self,
                             GkPortalRequest *request)
{
  Patch *patch = get_patch (request);

  g_return_if_fail (GK_IS_PORTAL_TUS (self));

  if (patch != NULL)
    patch_close (patch, TRUE);
}

/**
 * gk_portal_tus_handle:
 * @upload_id: (nullable): the upload, %NULL for the collection itself
 *
 * Answers a tus request once its body has arrived.
 */
void
gk_portal_tus_handle (GkPortalTus     *self,
                      GkPortalRequest *request,
                      const char      *upload_id)
{
  const char *method = gk_portal_request_get_method (request);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GK_IS_PORTAL_TUS (self));

  if (upload_id == NULL && method == SOUP_METHOD_OPTIONS)
    {
      g_autofree char *max_size = g_strdup_printf ("%" G_GUINT64_FORMAT, self->max_size);
      g_autofree char *max_chunk = g_strdup_printf ("%" G_GUINT64_FORMAT, self->max_chunk);

      gk_portal_request_set_header (request, "Tus-Version", "1.0.0");
      gk_portal_request_set_header (request, "Tus-Extension", "creation,checksum");
      gk_portal_request_set_header (request, "Tus-Checksum-Algorithm", "sha256");
      gk_portal_request_set_header (request, "Tus-Max-Size", max_size);
      if (self->max_chunk > 0)
        gk_portal_request_set_header (request, "Tus-Max-Chunk-Size", max_chunk);
      gk_portal_request_respond_empty (request, SOUP_STATUS_NO_CONTENT);
    }
  else if (upload_id == NULL && method == SOUP_METHOD_POST)
    handle_creation (self, request);
  else if (upload_id != NULL && method == SOUP_METHOD_HEAD)
    handle_head (self, request, upload_id);
  else if (upload_id != NULL && g_str_equal (method, "PATCH"))
    handle_patch (self, request, upload_id);
  else
    {
      error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_METHOD_NOT_ALLOWED,
                           "%s is not allowed on %s; see docs/portal-api.md §5.",
                           method, gk_portal_request_get_path (request));
      gk_portal_request_respond_error (request, error);
    }
}

/**
 * gk_portal_tus_set_quota:
 * @count: how many uploads no item names a unit may have
 * @bytes: how many bytes those may hold together
 */
void
gk_portal_tus_set_quota (GkPortalTus *self,
                         guint64      count,
                         guint64      bytes)
{
  g_return_if_fail (GK_IS_PORTAL_TUS (self));

  self->quota_count = count;
  self->quota_bytes = bytes;
}

/**
 * gk_portal_tus_set_max_chunk:
 * @bytes: the chunk clients are asked to send per PATCH at most (§5.1), 0 to
 *   ask nothing. This portal itself writes a PATCH of any size as it comes;
 *   the limit is for what stands in front of it, such as a proxy's.
 */
void
gk_portal_tus_set_max_chunk (GkPortalTus *self,
                             guint64      bytes)
{
  g_return_if_fail (GK_IS_PORTAL_TUS (self));

  self->max_chunk = bytes;
}

/**
 * gk_portal_tus_sweep:
 * @now: the time to sweep at (tests move it forward)
 *
 * §5.4: removes the uploads no item names that were created more than 7 days
 * before @now, their rows and their bytes; none with a PATCH or a check under way.
 *
 * Returns: how many were removed
 */
guint
gk_portal_tus_sweep (GkPortalTus *self,
                     GDateTime   *now)
{
  g_autoptr(GDateTime) cutoff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *created_before = NULL;
  g_auto(GStrv) ids = NULL;
  guint removed = 0;

  g_return_val_if_fail (GK_IS_PORTAL_TUS (self), 0);

  cutoff = g_date_time_add_days (now, -GK_PORTAL_UPLOAD_LIFETIME_DAYS);
  created_before = g_date_time_format (cutoff, "%Y-%m-%dT%H:%M:%S.%fZ");
  if ((ids = gk_portal_db_dup_unreferenced_uploads (self->db, created_before, &error)) == NULL)
    {
      g_message ("Unused uploads could not be looked for: %s", error->message);
      return 0;
    }

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *path = dup_upload_path (self, ids[i]);

      if (g_hash_table_contains (self->busy, ids[i]) || g_hash_table_contains (self->verifying, ids[i]))
        continue;
      if (!gk_portal_db_delete_upload (self->db, ids[i], &error))
        {
          g_message ("Upload %s could not be removed: %s", ids[i], error->message);
          g_clear_error (&error);
          continue;
        }
      g_unlink (path);
      g_hash_table_remove (self->running, ids[i]);
      removed++;
    }

  if (removed > 0)
    g_message ("removed %u upload(s) no item named for %d days", removed, GK_PORTAL_UPLOAD_LIFETIME_DAYS);

  return removed;
}

/**
 * gk_portal_tus_check_settled:
 *
 * Returns: %FALSE with a %GK_PORTAL_ERROR_UNAVAILABLE error while @upload
 *   has all its bytes but is not yet recorded complete or discarded
 */
gboolean
gk_portal_tus_check_settled (GkPortalTus          *self,
                             const GkPortalUpload *upload,
                             GError              **error)
{
  g_return_val_if_fail (GK_IS_PORTAL_TUS (self), FALSE);

  return check_settled (self, upload, error);
}

/**
 * gk_portal_tus_dup_file:
 *
 * Returns: (transfer full): where the upload's bytes are
 */
GFile *
gk_portal_tus_dup_file (GkPortalTus *self,
                        const char  *upload_id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_TUS (self), NULL);

  path = dup_upload_path (self, upload_id);
  return g_file_new_for_path (path);
}
