/* Scanning attached files: picking the reader by format, and reading text in UTF-8, GB18030 or UTF-16. */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gk-privacy-private.h"
#include "gk-privacy-report.h"

/* Text is read in slices of this size; a file is never held whole. Small
 * enough that a slice is still in the CPU's cache when the scan reads what
 * the kernel just copied: 4 % less time than 1 MiB slices on a 200 MB list. */
#define CHUNK_SIZE (256 * 1024)
/* How much of the start decides the encoding and the format. */
#define HEAD_SIZE (64 * 1024)

static gboolean
has_suffix (const char *name,
            const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, suffix);
}

/**
 * gk_privacy_guess_format:
 * @name: the file name the liaison sees
 * @head: the first bytes of the file
 *
 * Returns: the reader for the file, or %GK_PRIVACY_FORMAT_UNKNOWN when none fits
 */
GkPrivacyFormat
gk_privacy_guess_format (const char   *name,
                         const guint8 *head,
                         gsize         head_length)
{
  if (head_length >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return GK_PRIVACY_FORMAT_PDF;
  /* By name even without the zip signature: the reader then says the file is
   * damaged or password-protected, which is what the liaison needs to hear. */
  if (has_suffix (name, ".docx"))
    return GK_PRIVACY_FORMAT_DOCX;
  if (has_suffix (name, ".xlsx"))
    return GK_PRIVACY_FORMAT_XLSX;
  if (has_suffix (name, ".pptx"))
    return GK_PRIVACY_FORMAT_PPTX;
  if (has_suffix (name, ".csv") || has_suffix (name, ".tsv"))
    return GK_PRIVACY_FORMAT_CSV;
  if (memchr (head, '\0', head_length) == NULL
      || (head_length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))))
    return GK_PRIVACY_FORMAT_TEXT;

  return GK_PRIVACY_FORMAT_UNKNOWN;
}

/* The reason a file of an unreadable format goes to a person, saying what to do. */
static char *
dup_unreadable_reason (const char   *name,
                       const guint8 *head,
                       gsize         head_length)
{
  g_autofree char *content_type = g_content_type_guess (name, head, head_length, NULL);
  gboolean ole2 = head_length >= 8 && memcmp (head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;

  if (g_str_has_prefix (content_type, "image/"))
    return g_strdup (_("It is an image, which the scanner cannot read; look at it for identity, phone and card numbers before attaching it."));
  if (g_str_has_prefix (content_type, "video/") || g_str_has_prefix (content_type, "audio/"))
    return g_strdup (_("It is a video or sound recording, which the scanner cannot read; check it by hand before attaching it."));
  if (ole2 || has_suffix (name, ".doc") || has_suffix (name, ".xls") || has_suffix (name, ".ppt")
      || has_suffix (name, ".wps") || has_suffix (name, ".et"))
    return g_strdup (_("It is a legacy Office file (.doc, .xls, .ppt or WPS); save it as .docx, .xlsx or .pptx and scan it again, or check it by hand."));
  if (head_length >= 4 && memcmp (head, "PK\003\004", 4) == 0)
    return g_strdup (_("It is a zip archive the scanner does not open; attach the files inside it one by one, or check it by hand."));

  return g_strdup (_("The scanner cannot read this kind of file; check it by hand before attaching it."));
}

static gsize
read_head (GInputStream  *stream,
           guint8        *head,
           GCancellable  *cancellable,
           GError       **error)
{
  gsize n = 0;

  if (!g_input_stream_read_all (stream, head, HEAD_SIZE, &n, cancellable, error))
    return G_MAXSIZE;
  return n;
}

/* Valid UTF-8 except, possibly, a character cut off at the end of the head. */
static gboolean
head_is_utf8 (const guint8 *head,
              gsize         length,
              gboolean      complete)
{
  const char *end = NULL;

  if (g_utf8_validate_len ((const char *) head, length, &end))
    return TRUE;

  return !complete && (const guint8 *) end + 4 > head + length
         && g_utf8_get_char_validated (end, head + length - (const guint8 *) end) == (gunichar) -2;
}

static GInputStream *
open_converted (GFile         *file,
                const char    *charset,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GCharsetConverter) converter = NULL;

  if (stream == NULL || (converter = g_charset_converter_new ("UTF-8", charset, error)) == NULL)
    return NULL;

  return g_converter_input_stream_new (G_INPUT_STREAM (stream), G_CONVERTER (converter));
}

/* Opens @file as UTF-8 text, converting from @encoding. */
GInputStream *
gk_privacy_open_text_in (GFile              *file,
                         GkPrivacyEncoding   encoding,
                         GCancellable       *cancellable,
                         GError            **error)
{
  if (encoding == GK_PRIVACY_ENCODING_UTF8)
    return G_INPUT_STREAM (g_file_read (file, cancellable, error));

  return open_converted (file, encoding == GK_PRIVACY_ENCODING_UTF16 ? "UTF-16" : "GB18030", cancellable, error);
}

/**
 * gk_privacy_open_text:
 * @encoding: (out): what the file was found to be in
 *
 * Opens a text file as a UTF-8 stream, converting from GB18030 or UTF-16 when
 * the file is in one of those. The choice is made on the first 64 KiB; the
 * readers check the rest as they go.
 *
 * Returns: (transfer full) (nullable): the stream, or %NULL with @error set
 */
GInputStream *
gk_privacy_open_text (GFile              *file,
                      GkPrivacyEncoding  *encoding,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autofree guint8 *head = g_malloc (HEAD_SIZE);
  gsize n;

  if (stream == NULL)
    return NULL;
  if ((n = read_head (G_INPUT_STREAM (stream), head, cancellable, error)) == G_MAXSIZE)
    return NULL;

  if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
    {
      /* iconv's UTF-16 reads the byte-order mark and drops it. */
      *encoding = GK_PRIVACY_ENCODING_UTF16;
      return open_converted (file, "UTF-16", cancellable, error);
    }
  if (head_is_utf8 (head, n, n < HEAD_SIZE))
    {
      *encoding = GK_PRIVACY_ENCODING_UTF8;
      if (!g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, cancellable, error))
        return NULL;
      return G_INPUT_STREAM (g_steal_pointer (&stream));
    }

  *encoding = GK_PRIVACY_ENCODING_GB18030;
  return open_converted (file, "GB18030", cancellable, error);
}

const char *
gk_privacy_encoding_name (GkPrivacyEncoding encoding)
{
  switch (encoding)
    {
    case GK_PRIVACY_ENCODING_GB18030: return "GB18030";
    case GK_PRIVACY_ENCODING_UTF16:   return "UTF-16";
    case GK_PRIVACY_ENCODING_UTF8:
    default:                          return "UTF-8";
    }
}

/* The bytes after the last complete UTF-8 character. */
static gsize
utf8_tail_length (const char *text,
                  gsize       length)
{
  for (gsize back = 1; back <= 3 && back <= length; back++)
    {
      guchar c = text[length - back];

      if ((c & 0xC0) != 0x80)
        {
          gsize need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

          return need > back ? back : 0;
        }
    }

  return 0;
}

/**
 * gk_privacy_read_chunks:
 *
 * Reads @stream in slices cut where no number can be split, and hands each to
 * @func with its offset in the stream.
 */
gboolean
gk_privacy_read_chunks (GInputStream          *stream,
                        GkPrivacyChunkFunc     func,
                        gpointer               user_data,
                        GCancellable          *cancellable,
                        GError               **error)
{
  g_autofree char *buffer = g_malloc (2 * CHUNK_SIZE);
  gsize capacity = 2 * CHUNK_SIZE;
  gsize filled = 0;
  gsize offset = 0;
  gboolean eof = FALSE;

  while (!eof)
    {
      gssize n;
      gsize cut;

      if (capacity - filled < CHUNK_SIZE)
        {
          capacity *= 2;
          buffer = g_realloc (buffer, capacity);
        }

      n = g_input_stream_read (stream, buffer + filled, CHUNK_SIZE, cancellable, error);
      if (n < 0)
        return FALSE;
      eof = n == 0;
      filled += n;

      cut = eof ? filled : gk_privacy_scan_safe_cut (buffer, filled);
      if (!eof && cut == filled)
        cut -= utf8_tail_length (buffer, filled);
      if (cut == 0 && !eof)
        continue;

      if (!func (buffer, cut, offset, user_data, error))
        return FALSE;

      memmove (buffer, buffer + cut, filled - cut);
      filled -= cut;
      offset += cut;
    }

  return TRUE;
}

typedef struct
{
  GkPrivacyScan scan;
  guint         line;
} TextScan;

static gboolean
scan_chunk (const char *text,
            gsize       length,
            gsize       offset,
            gpointer    user_data,
            GError    **error)
{
  TextScan *state = user_data;

  gk_privacy_scan_buffer (&state->scan, text, length, offset, &state->line);
  if (state->scan.invalid_utf8)
    {
      g_set_error_literal (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE, "not UTF-8");
      return FALSE;
    }
  return TRUE;
}

gboolean
gk_privacy_is_encoding_error (const GError *error)
{
  return g_error_matches (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

/* Scans @file as text; a file that turns out to be in no encoding we know is
 * reported as not scanned rather than as an error. */
gboolean
gk_privacy_read_text (GFile            *file,
                      GkPrivacyReport  *report,
                      GCancellable     *cancellable,
                      GError          **error)
{
  GPtrArray *findings = gk_privacy_report_get_findings (report);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  GkPrivacyEncoding encoding;
  TextScan state;

  if ((stream = gk_privacy_open_text (file, &encoding, cancellable, error)) == NULL)
    return FALSE;

  gk_privacy_scan_init (&state.scan, findings);
  state.scan.check_utf8 = encoding == GK_PRIVACY_ENCODING_UTF8;
  state.line = 1;

  if (!gk_privacy_read_chunks (stream, scan_chunk, &state, cancellable, &local_error)
      && encoding == GK_PRIVACY_ENCODING_UTF8 && gk_privacy_is_encoding_error (local_error))
    {
      /* UTF-8 at the start, something else further on: GB18030 is what a
       * Chinese Windows program writes, so read the whole file again as that. */
      g_clear_error (&local_error);
      g_clear_object (&stream);
      g_ptr_array_set_size (findings, 0);
      state.line = 1;
      state.scan.check_utf8 = FALSE;
      state.scan.invalid_utf8 = FALSE;
      encoding = GK_PRIVACY_ENCODING_GB18030;

      if ((stream = gk_privacy_open_text_in (file, encoding, cancellable, error)) == NULL)
        return FALSE;
      gk_privacy_read_chunks (stream, scan_chunk, &state, cancellable, &local_error);
    }

  gk_privacy_report_set_format (report, gk_privacy_report_get_format (report), gk_privacy_encoding_name (encoding));

  if (local_error != NULL && gk_privacy_is_encoding_error (local_error))
    {
      gk_privacy_report_set_not_scanned (report,
                                         _("It is neither UTF-8 nor GB18030 text, so the scanner cannot read it; check it by hand before attaching it."));
      return TRUE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_privacy_scan_file:
 *
 * Scans one attachment. Formats the scanner cannot read (legacy Office files,
 * images, videos, PDFs without a text layer, broken archives) come back as a
 * report with a not-scanned reason, never as clean.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 *   when the file itself could not be opened
 */
GkPrivacyReport *
gk_privacy_scan_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);

  return gk_privacy_scan_file_named (file, g_file_peek_path (file) != NULL ? g_file_peek_path (file) : name,
                                     name, cancellable, error);
}

/**
 * gk_privacy_scan_file_named:
 * @label: how the report names the file
 * @name: the file name its format is guessed from
 *
 * gk_privacy_scan_file() for a copy whose own name says nothing, such as an
 * attachment's blob, named by its digest: the original name gives the format.
 */
GkPrivacyReport *
gk_privacy_scan_file_named (GFile         *file,
                            const char    *label,
                            const char    *name,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GkPrivacyReport) report = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *head = g_malloc (HEAD_SIZE);
  GkPrivacyFormat format;
  gboolean ok = TRUE;
  gsize n;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  report = gk_privacy_report_new (label);

  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    return NULL;
  if ((n = read_head (G_INPUT_STREAM (stream), head, cancellable, error)) == G_MAXSIZE)
    return NULL;
  g_clear_object (&stream);

  format = gk_privacy_guess_format (name, head, n);
  gk_privacy_report_set_format (report, format, NULL);

  switch (format)
    {
    case GK_PRIVACY_FORMAT_TEXT:
    case GK_PRIVACY_FORMAT_CSV:
      ok = gk_privacy_read_text (file, report, cancellable, error);
      break;
    case GK_PRIVACY_FORMAT_DOCX:
    case GK_PRIVACY_FORMAT_XLSX:
    case GK_PRIVACY_FORMAT_PPTX:
      ok = gk_privacy_read_ooxml (file, format, report, cancellable, error);
      break;
    case GK_PRIVACY_FORMAT_PDF:
      ok = gk_privacy_read_pdf (file, report, cancellable, error);
      break;
    case GK_PRIVACY_FORMAT_UNKNOWN:
    default:
      {
        g_autofree char *reason = dup_unreadable_reason (name, head, n);

        gk_privacy_report_set_not_scanned (report, reason);
      }
      break;
    }

  return ok ? g_steal_pointer (&report) : NULL;
}

typedef struct {
  GFile *file;
  char  *label;
  char  *name;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_clear_object (&data->file);
  g_free (data->label);
  g_free (data->name);
  g_free (data);
}

static void
scan_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ScanData *data = task_data;
  GError *error = NULL;
  GkPrivacyReport *report = gk_privacy_scan_file_named (data->file, data->label, data->name, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) gk_privacy_report_unref);
}

/* Runs gk_privacy_scan_file() in a worker thread, for the GUI. */
void
gk_privacy_scan_file_async (GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *name = NULL;

  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  gk_privacy_scan_file_named_async (file, g_file_peek_path (file) != NULL ? g_file_peek_path (file) : name,
                                    name, cancellable, callback, user_data);
}

/**
 * gk_privacy_scan_file_named_async:
 *
 * Runs gk_privacy_scan_file_named() in a worker thread: the editor scans an
 * attachment's blob, whose digest name says nothing of its format. Finish
 * with gk_privacy_scan_file_finish().
 */
void
gk_privacy_scan_file_named_async (GFile               *file,
                                  const char          *label,
                                  const char          *name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (name != NULL);

  data = g_new0 (ScanData, 1);
  data->file = g_object_ref (file);
  data->label = g_strdup (label != NULL ? label : name);
  data->name = g_strdup (name);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_privacy_scan_file_named_async);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (task, scan_file_thread);
}

GkPrivacyReport *
gk_privacy_scan_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_privacy_scan_file_named_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
