/* Masked copies of attachments: text and CSV in their own encoding, workbooks part by part. */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-privacy-private.h"
#include "gk-privacy-report.h"
#include "gk-privacy-scanner.h"

typedef struct
{
  GOutputStream *out;
  GkPrivacyScan  scan;
  GPtrArray     *findings;
  guint          n_masked;
  GCancellable  *cancellable;
} TextCopy;

static gboolean
copy_chunk (const char *text,
            gsize       length,
            gsize       offset,
            gpointer    user_data,
            GError    **error)
{
  TextCopy *self = user_data;
  g_autofree char *masked = NULL;

  g_ptr_array_set_size (self->findings, 0);
  gk_privacy_scan_buffer (&self->scan, text, length, 0, NULL);
  self->n_masked += self->findings->len;
  masked = gk_privacy_apply_masks (text, length, self->findings);

  return g_output_stream_write_all (self->out, masked, strlen (masked), NULL, self->cancellable, error);
}

/* Text in, text out, in the encoding it came in: a GB18030 CSV stays one that Excel opens. */
static gboolean
mask_text_file (GFile              *input,
                GFile              *output,
                GkPrivacyEncoding   encoding,
                guint              *n_masked,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(GInputStream) in = gk_privacy_open_text_in (input, encoding, cancellable, error);
  g_autoptr(GFileOutputStream) file_out = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_privacy_finding_unref);
  TextCopy self = { .findings = findings, .cancellable = cancellable };

  if (in == NULL)
    return FALSE;
  /* g_file_replace writes beside the target and renames on close. */
  if ((file_out = g_file_replace (output, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error)) == NULL)
    return FALSE;

  if (encoding == GK_PRIVACY_ENCODING_UTF8)
    out = G_OUTPUT_STREAM (g_object_ref (file_out));
  else
    {
      g_autoptr(GCharsetConverter) converter =
        g_charset_converter_new (encoding == GK_PRIVACY_ENCODING_UTF16 ? "UTF-16" : "GB18030", "UTF-8", error);

      if (converter == NULL)
        return FALSE;
      out = g_converter_output_stream_new (G_OUTPUT_STREAM (file_out), G_CONVERTER (converter));
    }

  self.out = out;
  gk_privacy_scan_init (&self.scan, findings);

  if (!gk_privacy_read_chunks (in, copy_chunk, &self, cancellable, error)
      || !g_output_stream_close (out, cancellable, error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing a cancelled stream discards the temporary file and keeps the target as it was. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (file_out), abandon, NULL);
      return FALSE;
    }

  if (n_masked != NULL)
    *n_masked = self.n_masked;
  return TRUE;
}

/**
 * gk_privacy_write_masked_copy:
 * @input: a text, CSV or XLSX file
 * @output: where the masked copy goes; replaced if it exists
 * @n_masked: (out) (optional): how many numbers were masked
 *
 * Writes a copy of @input with every finding masked: the liaison attaches it
 * instead of the original. PDFs, Word and PowerPoint files and images cannot
 * be rewritten faithfully and fail with %G_IO_ERROR_NOT_SUPPORTED.
 */
gboolean
gk_privacy_write_masked_copy (GFile         *input,
                              GFile         *output,
                              guint         *n_masked,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GkPrivacyReport) report = NULL;
  g_autofree char *name = NULL;
  GkPrivacyEncoding encoding;
  const char *charset;

  g_return_val_if_fail (G_IS_FILE (input), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);

  /* Scanning first settles the format and the encoding the copy is written in. */
  if ((report = gk_privacy_scan_file (input, cancellable, error)) == NULL)
    return FALSE;

  name = g_file_get_basename (input);
  if (!gk_privacy_report_can_mask (report))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s cannot be rewritten with the numbers masked; make a masked copy in the program that produced it and attach that instead."),
                   name);
      return FALSE;
    }

  if (gk_privacy_report_get_format (report) == GK_PRIVACY_FORMAT_XLSX)
    return gk_privacy_mask_xlsx (input, output, n_masked, cancellable, error);

  charset = gk_privacy_report_get_encoding (report);
  encoding = g_strcmp0 (charset, "GB18030") == 0 ? GK_PRIVACY_ENCODING_GB18030
             : g_strcmp0 (charset, "UTF-16") == 0 ? GK_PRIVACY_ENCODING_UTF16
             : GK_PRIVACY_ENCODING_UTF8;

  return mask_text_file (input, output, encoding, n_masked, cancellable, error);
}
