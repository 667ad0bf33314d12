/* SHA-256 of attachments and uploads, where GChecksum's portable C was the slowest step. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GK_SHA256_LENGTH 32

typedef struct _GkSha256 GkSha256;

GkSha256     *gk_sha256_new        (void);
GkSha256     *gk_sha256_copy       (const GkSha256 *self);
void          gk_sha256_free       (GkSha256       *self);
void          gk_sha256_update     (GkSha256       *self,
                                    const void     *data,
                                    gsize           length);
const guint8 *gk_sha256_get_digest (GkSha256       *self);
const char   *gk_sha256_get_string (GkSha256       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkSha256, gk_sha256_free)

G_END_DECLS
