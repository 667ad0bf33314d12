/* The personal-information scanner over text: resident ID, mobile and bank card numbers, and masking them. */
#pragma once

#include <glib-object.h>

#include "gk-privacy-finding.h"

G_BEGIN_DECLS

GPtrArray *gk_privacy_scan_text    (const char *text,
                                    gssize      length);
char      *gk_privacy_apply_masks  (const char *text,
                                    gssize      length,
                                    GPtrArray  *findings);
char      *gk_privacy_mask_text    (const char *text,
                                    gssize      length,
                                    guint      *n_masked);

G_END_DECLS
