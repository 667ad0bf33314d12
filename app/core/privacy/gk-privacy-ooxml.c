/* Word, Excel and PowerPoint files (OOXML): the text of their XML parts, read from the zip with libarchive, and masked workbooks. */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlwriter.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gk-documents-module.h"

#define READ_BLOCK (64 * 1024)

typedef struct archive GkArchive;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkArchive, archive_free)

/* ---------------------------------------------------------------------------
 * Zip access
 */

static GkArchive *
open_zip (GFile   *file,
          GError **error)
{
  g_autoptr(GkArchive) zip = archive_read_new ();
  const char *path = g_file_peek_path (file);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only local files can be scanned; copy the file to this computer first."));
      return NULL;
    }

  /* The seekable reader uses the central directory, so entries written with a
   * data descriptor still have their sizes. */
  archive_read_support_format_zip_seekable (zip);
  if (archive_read_open_filename (zip, path, READ_BLOCK) != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", archive_error_string (zip));
      return NULL;
    }

  return g_steal_pointer (&zip);
}

static char *
dup_damaged_reason (const char *detail)
{
  return g_strdup_printf (_("It is damaged or password-protected (%s); open it, save it again without a password and scan again, or check it by hand."),
                          detail != NULL ? detail : "?");
}

/* Errors that mean the file is broken, as opposed to the disk or a cancel. */
static gboolean
is_damage (const GError *error)
{
  return error->domain == G_MARKUP_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

typedef gboolean (*EntryFunc) (GkArchive           *zip,
                               struct archive_entry *entry,
                               const char           *path,
                               gpointer              user_data,
                               GError              **error);

/* Calls @func for each entry of @file; a broken archive becomes a not-scanned
 * reason on @report instead of an error. */
static gboolean
for_each_entry (GFile            *file,
                GkPrivacyReport  *report,
                EntryFunc         func,
                gpointer          user_data,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GkArchive) zip = open_zip (file, &local_error);
  struct archive_entry *entry;
  int status;

  if (zip == NULL)
    {
      g_autofree char *reason = NULL;

      if (!is_damage (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      reason = dup_damaged_reason (local_error->message);
      gk_documents_host->report_set_not_scanned (report, reason);
      return TRUE;
    }

  while ((status = archive_read_next_header (zip, &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!func (zip, entry, archive_entry_pathname (entry), user_data, &local_error))
        break;
    }

  if (local_error != NULL && !is_damage (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (local_error != NULL || (status != ARCHIVE_EOF && status != ARCHIVE_OK && status != ARCHIVE_WARN))
    {
      g_autofree char *reason = dup_damaged_reason (local_error != NULL ? local_error->message : archive_error_string (zip));

      gk_documents_host->report_set_not_scanned (report, reason);
    }

  return TRUE;
}

/* Feeds the current entry to @context in blocks, never holding the part whole. */
static gboolean
parse_entry (GkArchive            *zip,
             GMarkupParseContext  *context,
             GError              **error)
{
  g_autofree char *block = g_malloc (READ_BLOCK);
  la_ssize_t n;

  while ((n = archive_read_data (zip, block, READ_BLOCK)) > 0)
    if (!g_markup_parse_context_parse (context, block, n, error))
      return FALSE;

  if (n < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", archive_error_string (zip));
      return FALSE;
    }

  return g_markup_parse_context_end_parse (context, error);
}

static const char *
local_name (const char *name)
{
  const char *colon = strchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static const char *
find_attribute (const char **names,
                const char **values,
                const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (local_name (names[i]), wanted))
      return values[i];
  return NULL;
}

/* The number in a part name such as ppt/slides/slide12.xml, or 0. */
static guint
part_number (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *p = dot;

  if (dot == NULL)
    return 0;
  while (p > path && g_ascii_isdigit (p[-1]))
    p--;
  return p < dot ? (guint) g_ascii_strtoull (p, NULL, 10) : 0;
}

/* ---------------------------------------------------------------------------
 * Paragraph text: w:p/w:t in Word, a:p/a:t in PowerPoint and drawings, si/t
 * in shared strings. Runs are joined, since Word splits numbers across runs.
 */

typedef void (*ParagraphFunc) (const char *text,
                               gsize       length,
                               guint       index,
                               gpointer    user_data);

typedef struct
{
  const char   *paragraph;   /* local name of the paragraph element */
  GString      *text;
  guint         depth;       /* paragraphs open: text boxes nest them */
  guint         index;
  gboolean      in_text;
  guint         in_phonetic;
  ParagraphFunc func;
  gpointer      user_data;
} ParagraphParser;

static void
paragraph_start (GMarkupParseContext  *context,
                 const char           *element,
                 const char          **names,
                 const char          **values,
                 gpointer              user_data,
                 GError              **error)
{
  ParagraphParser *self = user_data;
  const char *name = local_name (element);

  if (g_str_equal (name, self->paragraph))
    {
      if (self->depth++ == 0)
        g_string_truncate (self->text, 0);
    }
  else if (g_str_equal (name, "t") || g_str_equal (name, "delText"))
    self->in_text = self->in_phonetic == 0;
  /* Phonetic guides in shared strings repeat the reading, not the text. */
  else if (g_str_equal (name, "rPh"))
    self->in_phonetic++;
  else if (g_str_equal (name, "tab"))
    g_string_append_c (self->text, '\t');
  else if (g_str_equal (name, "br") || g_str_equal (name, "cr"))
    g_string_append_c (self->text, '\n');
}

static void
paragraph_end (GMarkupParseContext  *context,
               const char           *element,
               gpointer              user_data,
               GError              **error)
{
  ParagraphParser *self = user_data;
  const char *name = local_name (element);

  if (g_str_equal (name, self->paragraph) && self->depth > 0 && --self->depth == 0)
    {
      self->func (self->text->str, self->text->len, self->index++, self->user_data);
      g_string_truncate (self->text, 0);
    }
  else if (g_str_equal (name, "rPh") && self->in_phonetic > 0)
    self->in_phonetic--;
  else if (g_str_equal (name, "t") || g_str_equal (name, "delText"))
    {
      self->in_text = FALSE;
      /* Text outside any paragraph still counts; it is scanned on its own. */
      if (self->depth == 0 && self->text->len > 0)
        {
          self->func (self->text->str, self->text->len, self->index++, self->user_data);
          g_string_truncate (self->text, 0);
        }
    }
}

static void
paragraph_text (GMarkupParseContext  *context,
                const char           *text,
                gsize                 length,
                gpointer              user_data,
                GError              **error)
{
  ParagraphParser *self = user_data;

  if (self->in_text)
    g_string_append_len (self->text, text, length);
}

static const GMarkupParser paragraph_parser = {
  paragraph_start, paragraph_end, paragraph_text, NULL, NULL,
};

static gboolean
parse_paragraphs (GkArchive      *zip,
                  const char     *paragraph,
                  ParagraphFunc   func,
                  gpointer        user_data,
                  GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  ParagraphParser self = { .paragraph = paragraph, .text = text, .func = func, .user_data = user_data };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&paragraph_parser, 0, &self, NULL);

  return parse_entry (zip, context, error);
}

/* ---------------------------------------------------------------------------
 * Word and PowerPoint
 */

typedef struct
{
  GkPrivacyReport *report;
  GkPrivacyFormat  format;
  const char      *place;
  guint            page;
} DocumentScan;

static void
scan_paragraph (const char *text,
                gsize       length,
                guint       index,
                gpointer    user_data)
{
  DocumentScan *self = user_data;
  g_autoptr(GPtrArray) findings = gk_documents_host->scan_text (text, length);

  for (guint i = 0; i < findings->len; i++)
    {
      GkPrivacyFinding *finding = g_ptr_array_index (findings, i);

      gk_documents_host->finding_set_position (finding, index + 1, self->page, self->place);
      gk_documents_host->report_add_finding (self->report, gk_documents_host->finding_ref (finding));
    }
}

/* Which parts of a document hold text people read, and how to name them. */
static gboolean
document_part (GkPrivacyFormat  format,
               const char      *path,
               char           **place,
               guint           *page)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot;

  *page = 0;
  *place = NULL;

  if (!g_str_has_suffix (path, ".xml") || strstr (path, "_rels/") != NULL)
    return FALSE;
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';

  if (format == GK_PRIVACY_FORMAT_DOCX)
    {
      if (g_str_equal (path, "word/document.xml"))
        return TRUE;
      if (g_str_has_prefix (path, "word/") && strchr (path + 5, '/') == NULL
          && (g_str_has_prefix (base, "header") || g_str_has_prefix (base, "footer")
              || g_str_equal (base, "footnotes") || g_str_equal (base, "endnotes")
              || g_str_equal (base, "comments")))
        {
          *place = g_steal_pointer (&base);
          return TRUE;
        }
      return FALSE;
    }

  if (format == GK_PRIVACY_FORMAT_PPTX)
    {
      if (g_str_has_prefix (path, "ppt/slides/slide"))
        {
          *page = part_number (path);
          return TRUE;
        }
      if (g_str_has_prefix (path, "ppt/notesSlides/notesSlide"))
        {
          *page = part_number (path);
          *place = g_strdup_printf (_("notes of slide %u"), *page);
          return TRUE;
        }
      return FALSE;
    }

  /* Text boxes and comments in a workbook. */
  if (g_str_has_prefix (path, "xl/drawings/") || g_str_has_prefix (path, "xl/comments"))
    {
      *place = g_steal_pointer (&base);
      return TRUE;
    }

  return FALSE;
}

static gboolean
scan_document_entry (GkArchive            *zip,
                     struct archive_entry *entry,
                     const char           *path,
                     gpointer              user_data,
                     GError              **error)
{
  DocumentScan *self = user_data;
  g_autofree char *place = NULL;
  guint page;

  if (!document_part (self->format, path, &place, &page))
    return TRUE;

  self->place = place;
  self->page = page;
  return parse_paragraphs (zip, self->format == GK_PRIVACY_FORMAT_XLSX && !g_str_has_prefix (path, "xl/drawings/") ? "text" : "p",
                           scan_paragraph, self, error);
}

/* ---------------------------------------------------------------------------
 * Excel: shared strings, then the cells of each sheet
 */

typedef struct
{
  GkPrivacyReport *report;
  GHashTable      *sheet_names;   /* part path → sheet name */
  GHashTable      *rel_targets;   /* relationship id → part path */
  GPtrArray       *sheet_rels;    /* (sheet name, relationship id) pairs, flattened */
  GHashTable      *string_hits;   /* shared string index → GPtrArray of findings */
  GHashTable      *strings_used;  /* indices of those referenced by a cell */
  guint            n_strings;
  /* the cell being parsed */
  const char      *sheet;
  guint            row;
  guint            column;
  char            *cell_ref;
  char            *cell_type;
  GString         *value;
  gboolean         in_value;
} WorkbookScan;

static void
workbook_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              user_data,
                GError              **error)
{
  WorkbookScan *self = user_data;
  const char *name = local_name (element);

  if (g_str_equal (name, "sheet"))
    {
      g_ptr_array_add (self->sheet_rels, g_strdup (find_attribute (names, values, "name")));
      g_ptr_array_add (self->sheet_rels, g_strdup (find_attribute (names, values, "id")));
    }
  else if (g_str_equal (name, "Relationship"))
    {
      const char *id = find_attribute (names, values, "Id");
      const char *target = find_attribute (names, values, "Target");

      if (id != NULL && target != NULL)
        g_hash_table_insert (self->rel_targets, g_strdup (id),
                             target[0] == '/' ? g_strdup (target + 1) : g_strconcat ("xl/", target, NULL));
    }
}

static const GMarkupParser workbook_parser = { workbook_start, NULL, NULL, NULL, NULL };

static void
add_string_hits (const char *text,
                 gsize       length,
                 guint       index,
                 gpointer    user_data)
{
  WorkbookScan *self = user_data;
  GPtrArray *findings = gk_documents_host->scan_text (text, length);

  self->n_strings = index + 1;
  if (findings->len > 0)
    g_hash_table_insert (self->string_hits, GUINT_TO_POINTER (index), findings);
  else
    g_ptr_array_unref (findings);
}

static gboolean
scan_workbook_entry (GkArchive            *zip,
                     struct archive_entry *entry,
                     const char           *path,
                     gpointer              user_data,
                     GError              **error)
{
  WorkbookScan *self = user_data;

  if (g_str_equal (path, "xl/workbook.xml") || g_str_equal (path, "xl/_rels/workbook.xml.rels"))
    {
      g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&workbook_parser, 0, self, NULL);

      return parse_entry (zip, context, error);
    }
  if (g_str_equal (path, "xl/sharedStrings.xml"))
    return parse_paragraphs (zip, "si", add_string_hits, self, error);

  return TRUE;
}

static char *
cell_name (guint column,
           guint row)
{
  char letters[8];
  int i = G_N_ELEMENTS (letters) - 1;

  letters[i] = '\0';
  for (guint c = column; c > 0 && i > 0; c = (c - 1) / 26)
    letters[--i] = (char) ('A' + (c - 1) % 26);

  return g_strdup_printf ("%s%u", letters + i, row);
}

/* Parses "C7" into column 3 and row 7. */
static void
parse_cell_ref (const char *ref,
                guint      *column,
                guint      *row)
{
  guint c = 0;

  for (; g_ascii_isalpha (*ref); ref++)
    c = c * 26 + (g_ascii_toupper (*ref) - 'A' + 1);
  *column = c;
  *row = (guint) g_ascii_strtoull (ref, NULL, 10);
}

static void
add_cell_findings (WorkbookScan *self,
                   GPtrArray    *findings)
{
  g_autofree char *place = g_strdup_printf ("%s!%s", self->sheet, self->cell_ref);

  for (guint i = 0; i < findings->len; i++)
    gk_documents_host->report_add_finding (self->report,
                                           gk_documents_host->finding_dup_at (g_ptr_array_index (findings, i), place));
}

static void
sheet_start (GMarkupParseContext  *context,
             const char           *element,
             const char          **names,
             const char          **values,
             gpointer              user_data,
             GError              **error)
{
  WorkbookScan *self = user_data;
  const char *name = local_name (element);

  if (g_str_equal (name, "row"))
    {
      const char *r = find_attribute (names, values, "r");

      self->row = r != NULL ? (guint) g_ascii_strtoull (r, NULL, 10) : self->row + 1;
      self->column = 0;
    }
  else if (g_str_equal (name, "c"))
    {
      const char *r = find_attribute (names, values, "r");

      /* r is optional: a cell without it follows the previous one. */
      if (r != NULL)
        parse_cell_ref (r, &self->column, &self->row);
      else
        self->column++;
      g_free (self->cell_ref);
      self->cell_ref = cell_name (self->column, self->row);
      g_free (self->cell_type);
      self->cell_type = g_strdup (find_attribute (names, values, "t"));
      g_string_truncate (self->value, 0);
    }
  else if (g_str_equal (name, "v") || g_str_equal (name, "t"))
    self->in_value = TRUE;
}

static void
sheet_end (GMarkupParseContext  *context,
           const char           *element,
           gpointer              user_data,
           GError              **error)
{
  WorkbookScan *self = user_data;
  const char *name = local_name (element);
  const char *type = self->cell_type != NULL ? self->cell_type : "n";

  if (g_str_equal (name, "v") || g_str_equal (name, "t"))
    self->in_value = FALSE;
  else if (g_str_equal (name, "c") && self->cell_ref != NULL)
    {
      if (g_str_equal (type, "s"))
        {
          guint index = (guint) g_ascii_strtoull (self->value->str, NULL, 10);
          GPtrArray *hits = g_hash_table_lookup (self->string_hits, GUINT_TO_POINTER (index));

          g_hash_table_add (self->strings_used, GUINT_TO_POINTER (index));
          if (hits != NULL)
            add_cell_findings (self, hits);
        }
      else if (!g_str_equal (type, "b") && !g_str_equal (type, "e"))
        {
          /* Numbers, formula results and inline strings: IDs and phones are
           * often typed into Excel as numbers. */
          g_autoptr(GPtrArray) findings = gk_documents_host->scan_text (self->value->str, self->value->len);

          add_cell_findings (self, findings);
        }
    }
}

static void
sheet_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 length,
            gpointer              user_data,
            GError              **error)
{
  WorkbookScan *self = user_data;

  if (self->in_value)
    g_string_append_len (self->value, text, length);
}

static const GMarkupParser sheet_parser = { sheet_start, sheet_end, sheet_text, NULL, NULL };

static gboolean
scan_sheet_entry (GkArchive            *zip,
                  struct archive_entry *entry,
                  const char           *path,
                  gpointer              user_data,
                  GError              **error)
{
  WorkbookScan *self = user_data;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *fallback = NULL;

  if (!g_str_has_prefix (path, "xl/worksheets/") || !g_str_has_suffix (path, ".xml")
      || strchr (path + strlen ("xl/worksheets/"), '/') != NULL)
    return TRUE;

  self->sheet = g_hash_table_lookup (self->sheet_names, path);
  if (self->sheet == NULL)
    self->sheet = fallback = g_path_get_basename (path);
  self->row = 0;
  self->column = 0;

  context = g_markup_parse_context_new (&sheet_parser, 0, self, NULL);
  return parse_entry (zip, context, error);
}

static gboolean
read_xlsx (GFile            *file,
           GkPrivacyReport  *report,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GHashTable) sheet_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) rel_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) sheet_rels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) string_hits = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) strings_used = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  WorkbookScan self = {
    .report = report,
    .sheet_names = sheet_names,
    .rel_targets = rel_targets,
    .sheet_rels = sheet_rels,
    .string_hits = string_hits,
    .strings_used = strings_used,
    .value = value,
  };
  DocumentScan drawings = { report, GK_PRIVACY_FORMAT_XLSX, NULL, 0 };
  GHashTableIter iter;
  gpointer key, hits;
  gboolean ok;

  /* Zip entries come in any order; the cells need the shared strings and the
   * sheet names first, so the archive is read twice. */
  if (!for_each_entry (file, report, scan_workbook_entry, &self, cancellable, error))
    return FALSE;
  if (gk_documents_host->report_get_not_scanned_reason (report) != NULL)
    return TRUE;

  for (guint i = 0; i + 1 < sheet_rels->len; i += 2)
    {
      const char *target = sheet_rels->pdata[i + 1] != NULL ? g_hash_table_lookup (rel_targets, sheet_rels->pdata[i + 1]) : NULL;

      if (target != NULL && sheet_rels->pdata[i] != NULL)
        g_hash_table_insert (sheet_names, g_strdup (target), g_strdup (sheet_rels->pdata[i]));
    }

  ok = for_each_entry (file, report, scan_sheet_entry, &self, cancellable, error)
       && for_each_entry (file, report, scan_document_entry, &drawings, cancellable, error);
  g_free (self.cell_ref);
  g_free (self.cell_type);
  if (!ok)
    return FALSE;

  /* A string no cell uses is still in the file that gets published. */
  g_hash_table_iter_init (&iter, string_hits);
  while (g_hash_table_iter_next (&iter, &key, &hits))
    if (!g_hash_table_contains (strings_used, key))
      {
        self.sheet = "sharedStrings";
        g_free (self.cell_ref);
        self.cell_ref = g_strdup_printf ("%u", GPOINTER_TO_UINT (key) + 1);
        add_cell_findings (&self, hits);
        g_clear_pointer (&self.cell_ref, g_free);
      }

  return TRUE;
}

/**
 * gk_documents_read_ooxml:
 *
 * Scans a .docx, .xlsx or .pptx. A file that is not a readable zip gets a
 * not-scanned reason; only a file that cannot be opened at all is an error.
 */
gboolean
gk_documents_read_ooxml (GFile            *file,
                         GkPrivacyFormat   format,
                         GkPrivacyReport  *report,
                         GCancellable     *cancellable,
                         GError          **error)
{
  DocumentScan self = { report, format, NULL, 0 };

  if (format == GK_PRIVACY_FORMAT_XLSX)
    return read_xlsx (file, report, cancellable, error);

  return for_each_entry (file, report, scan_document_entry, &self, cancellable, error);
}

/* ---------------------------------------------------------------------------
 * Masked copy of a workbook: shared strings and cells are rewritten, every
 * other part is copied byte for byte. GMarkupParser's events are written again
 * through libxml2's xmlTextWriter, which escapes text and attribute values as
 * XML wants; that keeps the parts' meaning though not their exact bytes (an
 * empty element comes out as a start and an end tag, characters in attribute
 * values may come out as character references).
 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)

typedef struct
{
  xmlTextWriter  *out;          /* the part being written */
  xmlTextWriter  *held;         /* the <si> or <c> being collected, written once judged… */
  xmlBuffer      *held_buffer;  /* …into this */
  GString        *text;         /* its text (shared string) or value (cell) */
  char          **unit_names;   /* the attributes of its start tag */
  char          **unit_values;
  gboolean        in_unit;
  gboolean        in_text;
  guint           in_phonetic;
  gboolean        sheet;        /* a worksheet rather than the shared strings */
  guint           n_masked;
} MaskWriter;

static xmlBuffer *
new_buffer (void)
{
  xmlBuffer *buffer = xmlBufferCreate ();

  /* Sheets run to megabytes: grow by doubling, not by what each write needs. */
  xmlBufferSetAllocationScheme (buffer, XML_BUFFER_ALLOC_DOUBLEIT);
  return buffer;
}

static xmlTextWriter *
current_writer (MaskWriter *self)
{
  return self->in_unit ? self->held : self->out;
}

static void
write_start_tag (xmlTextWriter      *writer,
                 const char         *element,
                 const char * const *names,
                 const char * const *values,
                 const char         *skip)
{
  xmlTextWriterStartElement (writer, BAD_CAST element);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (skip == NULL || !g_str_equal (names[i], skip))
        xmlTextWriterWriteAttribute (writer, BAD_CAST names[i], BAD_CAST values[i]);
    }
}

static void
mask_start (GMarkupParseContext  *context,
            const char           *element,
            const char          **names,
            const char          **values,
            gpointer              user_data,
            GError              **error)
{
  MaskWriter *self = user_data;
  const char *name = local_name (element);
  gboolean unit = self->sheet ? g_str_equal (name, "c") : g_str_equal (name, "si");

  if (unit)
    {
      self->in_unit = TRUE;
      g_string_truncate (self->text, 0);
      g_strfreev (self->unit_names);
      g_strfreev (self->unit_values);
      self->unit_names = g_strdupv ((char **) names);
      self->unit_values = g_strdupv ((char **) values);
    }
  else if (self->in_unit && (g_str_equal (name, "t") || (self->sheet && g_str_equal (name, "v"))))
    self->in_text = self->in_phonetic == 0;
  /* Phonetic guides repeat the reading of a string, not its text. */
  else if (g_str_equal (name, "rPh"))
    self->in_phonetic++;

  write_start_tag (current_writer (self), element, names, values, NULL);
}

/* One plain string replaces rich text, formulas and numbers: a masked value
 * is text, and keeping a formula would recompute the number. */
static void
write_masked_unit (MaskWriter *self,
                   const char *element,
                   const char *masked)
{
  write_start_tag (self->out, element, (const char * const *) self->unit_names,
                   (const char * const *) self->unit_values, "t");
  if (self->sheet)
    {
      xmlTextWriterWriteAttribute (self->out, BAD_CAST "t", BAD_CAST "inlineStr");
      xmlTextWriterStartElement (self->out, BAD_CAST "is");
    }
  xmlTextWriterStartElement (self->out, BAD_CAST "t");
  xmlTextWriterWriteAttribute (self->out, BAD_CAST "xml:space", BAD_CAST "preserve");
  xmlTextWriterWriteString (self->out, BAD_CAST masked);
  xmlTextWriterFullEndElement (self->out);
  if (self->sheet)
    xmlTextWriterFullEndElement (self->out);
  xmlTextWriterFullEndElement (self->out);
}

static void
mask_end (GMarkupParseContext  *context,
          const char           *element,
          gpointer              user_data,
          GError              **error)
{
  MaskWriter *self = user_data;
  const char *name = local_name (element);
  gboolean unit = self->sheet ? g_str_equal (name, "c") : g_str_equal (name, "si");

  xmlTextWriterFullEndElement (current_writer (self));

  if (g_str_equal (name, "t") || g_str_equal (name, "v"))
    self->in_text = FALSE;
  else if (g_str_equal (name, "rPh") && self->in_phonetic > 0)
    self->in_phonetic--;

  if (unit && self->in_unit)
    {
      const char *type = find_attribute ((const char **) self->unit_names, (const char **) self->unit_values, "t");
      gboolean maskable;
      guint n = 0;
      g_autofree char *masked = NULL;

      type = type != NULL ? type : "n";
      maskable = !self->sheet || !(g_str_equal (type, "s") || g_str_equal (type, "b") || g_str_equal (type, "e"));
      masked = maskable ? gk_documents_host->mask_text (self->text->str, self->text->len, &n) : NULL;

      self->in_unit = FALSE;
      xmlTextWriterFlush (self->held);
      if (n == 0)
        xmlTextWriterWriteRawLen (self->out, xmlBufferContent (self->held_buffer), xmlBufferLength (self->held_buffer));
      else
        {
          self->n_masked += n;
          write_masked_unit (self, element, masked);
        }
      xmlBufferEmpty (self->held_buffer);
    }
}

static void
mask_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 length,
           gpointer              user_data,
           GError              **error)
{
  MaskWriter *self = user_data;
  g_autofree char *copy = g_strndup (text, length);

  if (self->in_text)
    g_string_append_len (self->text, text, length);
  xmlTextWriterWriteString (current_writer (self), BAD_CAST copy);
}

/* Comments, processing instructions and CDATA sections, as they were. */
static void
mask_passthrough (GMarkupParseContext  *context,
                  const char           *text,
                  gsize                 length,
                  gpointer              user_data,
                  GError              **error)
{
  MaskWriter *self = user_data;

  xmlTextWriterWriteRawLen (current_writer (self), BAD_CAST text, (int) length);
}

static const GMarkupParser mask_parser = { mask_start, mask_end, mask_text, mask_passthrough, NULL };

/* Rewrites the part being read from @zip with its findings masked. Writing to memory fails
 * only when memory does, so the writer's results are not checked one by one. */
static GBytes *
mask_part (GkArchive  *zip,
           gboolean    sheet,
           guint      *n_masked,
           GError    **error)
{
  g_autoptr(xmlBuffer) out = new_buffer ();
  g_autoptr(xmlBuffer) held = new_buffer ();
  g_autoptr(GString) text = g_string_new (NULL);
  MaskWriter writer = {
    .out = xmlNewTextWriterMemory (out, 0),
    .held = xmlNewTextWriterMemory (held, 0),
    .held_buffer = held,
    .text = text,
    .sheet = sheet,
  };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&mask_parser, 0, &writer, NULL);
  gboolean ok = parse_entry (zip, context, error);
  xmlChar *data;
  gsize length;

  /* Freeing a writer flushes it into its buffer. */
  xmlFreeTextWriter (writer.out);
  xmlFreeTextWriter (writer.held);
  g_strfreev (writer.unit_names);
  g_strfreev (writer.unit_values);
  *n_masked += writer.n_masked;

  if (!ok)
    return NULL;

  length = xmlBufferLength (out);
  data = xmlBufferDetach (out);
  return g_bytes_new_with_free_func (data, length, (GDestroyNotify) xmlFree, data);
}

static gboolean
write_entry (GkArchive            *out,
             struct archive_entry *source,
             const void           *data,
             gsize                 length,
             GError              **error)
{
  struct archive_entry *entry = archive_entry_clone (source);

  archive_entry_set_size (entry, length);
  if (archive_write_header (out, entry) != ARCHIVE_OK
      || (length > 0 && archive_write_data (out, data, length) != (la_ssize_t) length)
      || archive_write_finish_entry (out) != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", archive_error_string (out));
      archive_entry_free (entry);
      return FALSE;
    }

  archive_entry_free (entry);
  return TRUE;
}

typedef struct
{
  GkArchive *out;
  guint      n_masked;
} WorkbookCopy;

static gboolean
copy_workbook_entry (GkArchive            *zip,
                     struct archive_entry *entry,
                     const char           *path,
                     gpointer              user_data,
                     GError              **error)
{
  WorkbookCopy *self = user_data;
  gboolean sheet = g_str_has_prefix (path, "xl/worksheets/") && g_str_has_suffix (path, ".xml")
                   && strchr (path + strlen ("xl/worksheets/"), '/') == NULL;
  g_autoptr(GByteArray) data = NULL;
  g_autofree char *block = NULL;
  la_ssize_t n;

  if (sheet || g_str_equal (path, "xl/sharedStrings.xml"))
    {
      g_autoptr(GBytes) part = mask_part (zip, sheet, &self->n_masked, error);

      return part != NULL
             && write_entry (self->out, entry, g_bytes_get_data (part, NULL), g_bytes_get_size (part), error);
    }

  /* Other parts are copied as they are; they are small next to the sheets. */
  data = g_byte_array_new ();
  block = g_malloc (READ_BLOCK);
  while ((n = archive_read_data (zip, block, READ_BLOCK)) > 0)
    g_byte_array_append (data, (const guint8 *) block, n);
  if (n < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", archive_error_string (zip));
      return FALSE;
    }

  return write_entry (self->out, entry, data->data, data->len, error);
}

/**
 * gk_documents_mask_xlsx:
 * @report: learns why the workbook could not be read, if it could not
 *
 * Writes a copy of the workbook @input to @output with every finding in its
 * shared strings and cells masked; written beside @output first and renamed,
 * so a failure leaves no half-written workbook.
 */
gboolean
gk_documents_mask_xlsx (GFile            *input,
                        GFile            *output,
                        GkPrivacyReport  *report,
                        guint            *n_masked,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GkArchive) out = archive_write_new ();
  g_autofree char *temp = NULL;
  WorkbookCopy self = { out, 0 };
  gboolean ok;

  if (g_file_peek_path (output) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("A masked copy can only be written to a local folder; choose one on this computer."));
      return FALSE;
    }

  temp = g_strconcat (g_file_peek_path (output), ".part", NULL);
  archive_write_set_format_zip (out);
  archive_write_zip_set_compression_deflate (out);
  if (archive_write_open_filename (out, temp) != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the masked copy %s (%s); check that the folder is writable."),
                   g_file_peek_path (output), archive_error_string (out));
      return FALSE;
    }

  ok = for_each_entry (input, report, copy_workbook_entry, &self, cancellable, error);
  ok = archive_write_close (out) == ARCHIVE_OK && ok;

  if (ok && gk_documents_host->report_get_not_scanned_reason (report) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", gk_documents_host->report_get_not_scanned_reason (report));
      ok = FALSE;
    }
  if (ok && g_rename (temp, g_file_peek_path (output)) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the masked copy %s (%s); check that the folder is writable."),
                   g_file_peek_path (output), g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (temp);
      return FALSE;
    }

  if (n_masked != NULL)
    *n_masked = self.n_masked;
  return TRUE;
}
