/* PDF attachments: the text layer of each page through poppler-glib; pages without one go to a person. */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>
#include <string.h>

#include "gk-documents-module.h"

/* poppler-glib 22.12 (Debian 12) declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A page with pictures but no text is a scan: its numbers are in the pixels. */
static gboolean
page_has_images (PopplerPage *page)
{
  GList *images = poppler_page_get_image_mapping (page);
  gboolean found = images != NULL;

  poppler_page_free_image_mapping (images);
  return found;
}

gboolean
gk_documents_read_pdf (GFile            *file,
                       GkPrivacyReport  *report,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, &local_error);
  g_autoptr(GString) pages = g_string_new (NULL);
  GkPrivacyScan scan;
  int n_pages, n_without_text = 0;

  if (document == NULL)
    {
      g_autofree char *reason = NULL;

      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        reason = g_strdup (_("It is password-protected; save a copy without the password and scan it, or check it by hand."));
      else
        reason = g_strdup_printf (_("It is a damaged PDF (%s); export it again and scan it, or check it by hand."),
                                  local_error->message);
      gk_documents_host->report_set_not_scanned (report, reason);
      return TRUE;
    }

  gk_documents_host->scan_init (&scan, gk_documents_host->report_get_findings (report));
  n_pages = poppler_document_get_n_pages (document);

  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *text = NULL;
      guint line = 1;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (page == NULL)
        continue;

      text = poppler_page_get_text (page);
      if (is_blank (text))
        {
          if (page_has_images (page))
            {
              n_without_text++;
              g_string_append_printf (pages, "%s%d", pages->len > 0 ? ", " : "", i + 1);
            }
          continue;
        }

      /* Findings' offsets are within the page's text. */
      scan.page = i + 1;
      gk_documents_host->scan_buffer (&scan, text, strlen (text), 0, &line);
    }

  if (n_without_text > 0)
    {
      g_autofree char *reason = NULL;

      if (n_without_text == n_pages)
        reason = g_strdup (_("It has no text layer (it is probably scanned), so the scanner cannot read it; check it by hand or attach a masked copy."));
      else
        reason = g_strdup_printf (_("Pages %s have images but no text layer, so the scanner cannot read them; check those pages by hand."),
                                  pages->str);
      gk_documents_host->report_set_not_scanned (report, reason);
    }

  return TRUE;
}
