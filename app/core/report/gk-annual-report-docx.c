/*
 * The annual report as a DOCX (Office Open XML, ECMA-376) for offices that
 * edit it further in WPS or LibreOffice: the smallest package Word reads —
 * [Content_Types].xml, the package relationship and word/document.xml —
 * zipped with libarchive. Headings are bold paragraphs and the tables have
 * every border, so the file needs no styles part.
 */
#define G_LOG_DOMAIN "gk-report"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gk-annual-report-print.h"

static const char content_types[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Override PartName=\"/word/document.xml\" "
  "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "</Types>";

static const char package_rels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
  "Target=\"word/document.xml\"/>"
  "</Relationships>";

/* The width between A4's 2.5 cm margins, in twentieths of a point. */
#define TEXT_WIDTH 9070

/* 仿宋 for the text as official documents have it; Word substitutes when it is missing. */
#define RUN_PROPERTIES "<w:rFonts w:ascii=\"仿宋\" w:eastAsia=\"仿宋\" w:hAnsi=\"仿宋\"/>"

static void
append_run (GString    *xml,
            const char *text,
            gboolean    bold,
            guint       half_points)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (xml, "<w:r><w:rPr>" RUN_PROPERTIES "%s<w:sz w:val=\"%u\"/></w:rPr>"
                               "<w:t xml:space=\"preserve\">%s</w:t></w:r>",
                          bold ? "<w:b/>" : "", half_points, escaped);
}

static void
append_paragraph (GString    *xml,
                  const char *text,
                  gboolean    bold,
                  gboolean    centred,
                  guint       half_points)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append (xml, "<w:p>");
      if (centred)
        g_string_append (xml, "<w:pPr><w:jc w:val=\"center\"/></w:pPr>");
      append_run (xml, lines[i], bold, half_points);
      g_string_append (xml, "</w:p>");
    }
}

static void
append_table (GString             *xml,
              const GkReportTable *table)
{
  g_string_append (xml, "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
                        "<w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
                        "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
                        "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>"
                        "</w:tblBorders></w:tblPr><w:tblGrid>");
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append_printf (xml, "<w:gridCol w:w=\"%u\"/>", (guint) (TEXT_WIDTH * table->widths[c]));
  g_string_append (xml, "</w:tblGrid>");

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);
      GStrv above = r > table->n_header_rows ? g_ptr_array_index (table->rows, r - 1) : NULL;
      GStrv below = r + 1 < table->rows->len ? g_ptr_array_index (table->rows, r + 1) : NULL;

      g_string_append (xml, r < table->n_header_rows ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>");
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_string_append_printf (xml, "<w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/>",
                                  (guint) (TEXT_WIDTH * table->widths[c]));
          /* A label repeated down the first column is one merged cell, as the format prints it. */
          if (c == 0 && above != NULL && g_str_equal (row[0], above[0]))
            g_string_append (xml, "<w:vMerge/>");
          else if (c == 0 && r >= table->n_header_rows && below != NULL && *row[0] != '\0' && g_str_equal (row[0], below[0]))
            g_string_append (xml, "<w:vMerge w:val=\"restart\"/>");
          g_string_append (xml, "</w:tcPr><w:p>");
          append_run (xml, row[c], r < table->n_header_rows, 18);
          g_string_append (xml, "</w:p></w:tc>");
        }
      g_string_append (xml, "</w:tr>");
    }

  g_string_append (xml, "</w:tbl><w:p/>");
}

static char *
build_document (const GkAnnualReport *report)
{
  g_autoptr(GPtrArray) blocks = gk_annual_report_dup_blocks (report);
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                               "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");

  for (guint i = 0; i < blocks->len; i++)
    {
      GkReportBlock *block = g_ptr_array_index (blocks, i);

      switch (block->kind)
        {
        case GK_REPORT_BLOCK_TITLE:
          append_paragraph (xml, block->text, TRUE, TRUE, 36);
          break;
        case GK_REPORT_BLOCK_HEADING:
          append_paragraph (xml, block->text, TRUE, FALSE, 28);
          break;
        case GK_REPORT_BLOCK_TEXT:
          append_paragraph (xml, block->text, FALSE, FALSE, 24);
          break;
        case GK_REPORT_BLOCK_TABLE:
        default:
          append_table (xml, block->table);
          break;
        }
    }

  /* A4 portrait with 2.5 cm margins, in twentieths of a point. */
  g_string_append (xml, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                        "<w:pgMar w:top=\"1418\" w:right=\"1418\" w:bottom=\"1418\" w:left=\"1418\" "
                        "w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");

  return g_string_free (xml, FALSE);
}

static gboolean
add_part (struct archive *zip,
          const char     *name,
          const char     *data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  struct archive_entry *entry = archive_entry_new ();
  size_t size = strlen (data);
  gboolean ok;

  archive_entry_set_pathname (entry, name);
  archive_entry_set_size (entry, (la_int64_t) size);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_mtime (entry, g_date_time_to_unix (now), 0);
  ok = archive_write_header (zip, entry) == ARCHIVE_OK && archive_write_data (zip, data, size) == (la_ssize_t) size;
  archive_entry_free (entry);

  return ok;
}

/**
 * gk_annual_report_write_docx:
 *
 * Writes the report as an Office Open XML document at @path.
 */
gboolean
gk_annual_report_write_docx (const GkAnnualReport *report,
                             const char           *path,
                             GError              **error)
{
  g_autofree char *document = build_document (report);
  struct archive *zip = archive_write_new ();
  gboolean ok;

  /* [Content_Types].xml first, as readers that stream the package expect. */
  ok = archive_write_set_format_zip (zip) == ARCHIVE_OK &&
       archive_write_open_filename (zip, path) == ARCHIVE_OK &&
       add_part (zip, "[Content_Types].xml", content_types) &&
       add_part (zip, "_rels/.rels", package_rels) &&
       add_part (zip, "word/document.xml", document) &&
       archive_write_close (zip) == ARCHIVE_OK;

  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The report “%s” could not be written (%s); check the folder and the free space."),
                 path, archive_error_string (zip) != NULL ? archive_error_string (zip) : g_strerror (archive_errno (zip)));

  archive_write_free (zip);
  return ok;
}
