/* Helpers shared by the fuzz targets: quiet logs, fatal criticals, raw HTTP replies. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "gk-portal-client.h"

G_BEGIN_DECLS

int            LLVMFuzzerTestOneInput (const uint8_t *data,
                                       size_t         size);

void           gk_fuzz_init           (void);
gsize          gk_fuzz_head_length    (const uint8_t *data,
                                       size_t         size);
GkPortalReply *gk_fuzz_read_reply     (const uint8_t *data,
                                       size_t         size);

G_END_DECLS
