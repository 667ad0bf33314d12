/* Dates as liaisons type them: 2024-04-16, 2024-4-16, 2024/4/16, 2024.4.16, 2024年4月16日. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gk_date_parse     (const char  *text,
                            GDate       *date,
                            GError     **error);
char    *gk_date_normalize (const char  *text);

G_END_DECLS
