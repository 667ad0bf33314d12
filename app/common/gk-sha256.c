/*
 * Nettle rather than GChecksum for the bulk hashes (an attachment as it is
 * added, every byte of an upload on the portal): Nettle picks the CPU's SHA
 * instructions at run time and hashed 1.5 GB/s on the benchmark machine where
 * GChecksum managed 0.37 GB/s, which made the portal's hash the pace of every
 * upload (docs/performance.md). Short strings keep GChecksum.
 */
#include "gk-sha256.h"

#include <nettle/sha2.h>

struct _GkSha256
{
  struct sha256_ctx context;
  guint8            digest[GK_SHA256_LENGTH];
  char              string[2 * GK_SHA256_LENGTH + 1];
  gboolean          closed;
};

G_STATIC_ASSERT (GK_SHA256_LENGTH == SHA256_DIGEST_SIZE);

/**
 * gk_sha256_new:
 *
 * Returns: (transfer full): a hash of no bytes yet
 */
GkSha256 *
gk_sha256_new (void)
{
  GkSha256 *self = g_new0 (GkSha256, 1);

  sha256_init (&self->context);
  return self;
}

/**
 * gk_sha256_copy:
 *
 * Returns: (transfer full): a hash that goes on from where @self stands
 */
GkSha256 *
gk_sha256_copy (const GkSha256 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
gk_sha256_free (GkSha256 *self)
{
  g_free (self);
}

void
gk_sha256_update (GkSha256   *self,
                  const void *data,
                  gsize       length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->closed);
  g_return_if_fail (data != NULL || length == 0);

  sha256_update (&self->context, length, data);
}

/**
 * gk_sha256_get_digest:
 *
 * Closes the hash, as g_checksum_get_digest() does: no update may follow.
 *
 * Returns: (transfer none) (array fixed-size=32): the digest
 */
const guint8 *
gk_sha256_get_digest (GkSha256 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!self->closed)
    {
      static const char hex[] = "0123456789abcdef";

      sha256_digest (&self->context, GK_SHA256_LENGTH, self->digest);
      for (guint i = 0; i < GK_SHA256_LENGTH; i++)
        {
          self->string[2 * i] = hex[self->digest[i] >> 4];
          self->string[2 * i + 1] = hex[self->digest[i] & 0xf];
        }
      self->closed = TRUE;
    }

  return self->digest;
}

/**
 * gk_sha256_get_string:
 *
 * Closes the hash, as g_checksum_get_string() does.
 *
 * Returns: (transfer none): the digest in lower-case hexadecimal
 */
const char *
gk_sha256_get_string (GkSha256 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  gk_sha256_get_digest (self);
  return self->string;
}
