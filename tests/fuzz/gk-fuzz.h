/* Helpers shared by the fuzz targets: quiet logs, fatal criticals, raw HTTP replies. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <libsoup/soup.h>

G_BEGIN_DECLS

int       LLVMFuzzerTestOneInput (const uint8_t      *data,
                                  size_t              size);

void      gk_fuzz_init           (void);
gsize     gk_fuzz_head_length    (const uint8_t      *data,
                                  size_t              size);
gboolean  gk_fuzz_parse_reply    (const uint8_t      *data,
                                  size_t              size,
                                  guint              *status,
                                  SoupMessageHeaders *headers,
                                  GBytes            **body);

G_END_DECLS
