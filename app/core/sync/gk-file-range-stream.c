/*
 * A part of a file as a stream, for a tus PATCH body: libsoup splices it into
 * the socket straight from the page cache, with no buffer of the chunk and no
 * copy of it in between. It is pollable and always readable, so the splice
 * reads it in the main loop: a GFileInputStream would send every read of the
 * splice through a worker thread.
 */
#define G_LOG_DOMAIN "gk-tus"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "gk-file-range-stream.h"

struct _GkFileRangeStream
{
  GInputStream parent_instance;

  int          fd;
  guint64      offset;
  guint64      remaining;
};

static void gk_file_range_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GkFileRangeStream, gk_file_range_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM, gk_file_range_stream_pollable_init))

static gssize
gk_file_range_stream_read (GInputStream  *stream,
                           void          *buffer,
                           gsize          count,
                           GCancellable  *cancellable,
                           GError       **error)
{
  GkFileRangeStream *self = GK_FILE_RANGE_STREAM (stream);
  gssize n;

  if (self->remaining == 0)
    return 0;

  do
    n = pread (self->fd, buffer, MIN ((guint64) count, self->remaining), (off_t) self->offset);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The stored copy of an attachment could not be read (%s)."), g_strerror (saved_errno));
      return -1;
    }
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The stored copy of an attachment is shorter than recorded; run “gongkai store check”."));
      return -1;
    }

  self->offset += n;
  self->remaining -= n;
  return n;
}

static gboolean
gk_file_range_stream_close (GInputStream  *stream,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GkFileRangeStream *self = GK_FILE_RANGE_STREAM (stream);

  if (self->fd >= 0)
    {
      g_close (self->fd, NULL);
      self->fd = -1;
    }

  return TRUE;
}

static void
gk_file_range_stream_finalize (GObject *object)
{
  gk_file_range_stream_close (G_INPUT_STREAM (object), NULL, NULL);

  G_OBJECT_CLASS (gk_file_range_stream_parent_class)->finalize (object);
}

static gboolean
gk_file_range_stream_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

/* A local file never makes a reader wait for bytes. */
static gboolean
gk_file_range_stream_is_readable (GPollableInputStream *stream)
{
  return TRUE;
}

static GSource *
gk_file_range_stream_create_source (GPollableInputStream *stream,
                                    GCancellable         *cancellable)
{
  g_autoptr(GSource) ready = g_timeout_source_new (0);

  return g_pollable_source_new_full (stream, ready, cancellable);
}

static void
gk_file_range_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = gk_file_range_stream_can_poll;
  iface->is_readable = gk_file_range_stream_is_readable;
  iface->create_source = gk_file_range_stream_create_source;
}

static void
gk_file_range_stream_class_init (GkFileRangeStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = gk_file_range_stream_finalize;
  stream_class->read_fn = gk_file_range_stream_read;
  stream_class->close_fn = gk_file_range_stream_close;
}

static void
gk_file_range_stream_init (GkFileRangeStream *self)
{
  self->fd = -1;
}

/**
 * gk_file_range_stream_new:
 * @fd: an open file; the stream reads its own duplicate of it
 *
 * Returns: (transfer full) (nullable): a stream of @length bytes of the file
 *   from @offset, or %NULL with @error set
 */
GInputStream *
gk_file_range_stream_new (int      fd,
                          guint64  offset,
                          guint64  length,
                          GError **error)
{
  g_autoptr(GkFileRangeStream) self = g_object_new (GK_TYPE_FILE_RANGE_STREAM, NULL);

  if ((self->fd = dup (fd)) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The stored copy of an attachment could not be read (%s)."), g_strerror (saved_errno));
      return NULL;
    }
  self->offset = offset;
  self->remaining = length;

  return G_INPUT_STREAM (g_steal_pointer (&self));
}
