/*
 * Fuzz target: the personal-information scanner on text, whole and in the
 * chunks a file is read in, and the masking that follows a scan.
 */
#include "config.h"

#include <string.h>

#include "gk-fuzz.h"
#include "gk-privacy-private.h"
#include "gk-privacy-scanner.h"

/* Scans @text cut where a chunked file reader would cut it, as gongkai scan reads files. */
static void
scan_in_chunks (const char *text,
                gsize       length)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_privacy_finding_unref);
  GkPrivacyScan scan;
  gsize cut = gk_privacy_scan_safe_cut (text, length / 2);
  guint line = 1;

  g_assert (cut <= length / 2);

  gk_privacy_scan_init (&scan, findings);
  scan.check_utf8 = TRUE;
  gk_privacy_scan_buffer (&scan, text, cut, 0, &line);
  gk_privacy_scan_buffer (&scan, text + cut, length - cut, cut, &line);

  for (guint i = 0; i < findings->len; i++)
    {
      GkPrivacyFinding *finding = g_ptr_array_index (findings, i);

      g_assert (gk_privacy_finding_get_offset (finding) + gk_privacy_finding_get_length (finding) <= length);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *again = NULL;
  gsize previous_end = 0;
  guint n_masked = 0;

  gk_fuzz_init ();

  /* gk_privacy_scan_text() takes UTF-8; other encodings are converted before it. */
  if (!g_utf8_validate_len (text, size, NULL))
    {
      scan_in_chunks (text, size);
      return 0;
    }

  findings = gk_privacy_scan_text (text, size);
  for (guint i = 0; i < findings->len; i++)
    {
      GkPrivacyFinding *finding = g_ptr_array_index (findings, i);
      gsize offset = gk_privacy_finding_get_offset (finding);

      /* In the order of the text, never overlapping, each a whole UTF-8 substring. */
      g_assert (offset >= previous_end);
      previous_end = offset + gk_privacy_finding_get_length (finding);
      g_assert (previous_end <= size);
      g_assert (g_utf8_validate_len (text + offset, gk_privacy_finding_get_length (finding), NULL));
      g_assert (g_utf8_validate (gk_privacy_finding_get_masked (finding), -1, NULL));
    }

  masked = gk_privacy_apply_masks (text, size, findings);
  g_assert (masked != NULL);

  again = gk_privacy_mask_text (text, size, &n_masked);
  g_assert (n_masked == findings->len);
  g_assert (strcmp (masked, again) == 0);

  scan_in_chunks (text, size);

  return 0;
}
