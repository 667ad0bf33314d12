/* A part of a file as a stream a request body is spliced from, read with pread(). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GK_TYPE_FILE_RANGE_STREAM (gk_file_range_stream_get_type ())

G_DECLARE_FINAL_TYPE (GkFileRangeStream, gk_file_range_stream, GK, FILE_RANGE_STREAM, GInputStream)

GInputStream *gk_file_range_stream_new (int      fd,
                                        guint64  offset,
                                        guint64  length,
                                        GError **error);

G_END_DECLS
