/* Where a liaison's portal token is kept: the Secret Service, or a private file where none runs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  gk_token_store_save   (const char  *data_dir,
                                 const char  *portal,
                                 const char  *token,
                                 GError     **error);
char     *gk_token_store_lookup (const char  *data_dir,
                                 const char  *portal);

G_END_DECLS
