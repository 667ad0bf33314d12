/* The portal's RFC 3339 timestamps (docs/portal-api.md §1): values to parse, never text to compare. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *gk_timestamp_parse     (const char *text);
char      *gk_timestamp_dup_utc   (const char *text);

G_END_DECLS
