/* gk-sha256 must give GChecksum's answers: uploads are checked against digests
 * made by other programs (curl users, the portal, `sha256sum`). */
#include "config.h"

#include "gk-sha256.h"

static void
test_known_vectors (void)
{
  /* FIPS 180-2 appendix B. */
  static const struct { const char *text; const char *hex; } cases[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GkSha256) sha = gk_sha256_new ();

      gk_sha256_update (sha, cases[i].text, strlen (cases[i].text));
      g_assert_cmpstr (gk_sha256_get_string (sha), ==, cases[i].hex);
      /* Closed: asking again gives the same answer. */
      g_assert_cmpstr (gk_sha256_get_string (sha), ==, cases[i].hex);
    }
}

/* Random bytes fed in random pieces, against GChecksum fed in one piece. */
static void
test_pieces_match_gchecksum (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  gsize size = 3 * 1024 * 1024 + 17;
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GChecksum) reference = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 expected[GK_SHA256_LENGTH];
  gsize expected_length = sizeof expected;
  g_autoptr(GkSha256) sha = gk_sha256_new ();
  g_autoptr(GkSha256) half = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);

  g_checksum_update (reference, data, size);
  g_checksum_get_digest (reference, expected, &expected_length);

  for (gsize offset = 0; offset < size;)
    {
      gsize piece = MIN (size - offset, (gsize) g_rand_int_range (rand, 0, 200000));

      gk_sha256_update (sha, data + offset, piece);
      offset += piece;
      /* A copy taken halfway goes on independently, as the portal's running hash does. */
      if (half == NULL && offset > size / 2)
        {
          half = gk_sha256_copy (sha);
          gk_sha256_update (half, data + offset, size - offset);
        }
    }

  g_assert_cmpmem (gk_sha256_get_digest (sha), GK_SHA256_LENGTH, expected, expected_length);
  g_assert_cmpstr (gk_sha256_get_string (half), ==, g_checksum_get_string (reference));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sha256/known-vectors", test_known_vectors);
  g_test_add_func ("/sha256/pieces-match-gchecksum", test_pieces_match_gchecksum);

  return g_test_run ();
}
