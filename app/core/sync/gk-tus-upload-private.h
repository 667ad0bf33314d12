/* The tus headers of the portal's replies as the upload reads them: shared with the fuzz targets. */
#pragma once

#include "gk-tus-upload.h"

G_BEGIN_DECLS

gboolean gk_tus_upload_read_offset     (const GkPortalReply *reply,
                                        guint64              confirmed,
                                        gboolean             must_advance,
                                        guint64              size,
                                        guint64             *offset);
gboolean gk_tus_upload_wants_checksums (SoupMessageHeaders  *options,
                                        const char          *location,
                                        gboolean             always);

G_END_DECLS
