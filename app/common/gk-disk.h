/* Writing files so that a full disk is told apart from other failures and named as such. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gk_disk_errno_is_full  (int          saved_errno);
gboolean gk_disk_write_all      (int          fd,
                                 const void  *data,
                                 gsize        size,
                                 int         *saved_errno);
gboolean gk_disk_replace_file   (const char  *path,
                                 const void  *data,
                                 gsize        size,
                                 int         *saved_errno);
gboolean gk_disk_make_private_file (const char *path,
                                    int        *saved_errno);
char    *gk_disk_dup_default_data_dir (void);

G_END_DECLS
