/*
 * The PDF and Office readers, from gk-documents.so on first use. poppler and libarchive
 * bring some forty libraries with them, a tenth of the desktop program's start-up, and
 * most runs read no document: the module is mapped only when an attachment is scanned.
 */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-documents-module.h"
#include "gk-privacy-scanner.h"

typedef struct
{
  GModule                  *module;
  GkDocumentsReadPdfFunc    read_pdf;
  GkDocumentsReadOoxmlFunc  read_ooxml;
  GkDocumentsMaskXlsxFunc   mask_xlsx;
  char                     *failure;  /* why it did not load, as the liaison reads it */
} Documents;

/* The module of an uninstalled build (GK_DOCUMENTS_MODULE: tools/run, the tests), else NULL. */
static char *module_path;

/**
 * gk_privacy_set_documents_module:
 * @path: (nullable): the module to load instead of the installed one
 *
 * For a program run from its build tree; call it before the first scan, as the module is
 * loaded once for the life of the process.
 */
void
gk_privacy_set_documents_module (const char *path)
{
  g_free (module_path);
  module_path = g_strdup (path);
}

static char *
dup_module_path (void)
{
  if (module_path != NULL)
    return g_strdup (module_path);

  return g_build_filename (PKGLIBDIR, GK_DOCUMENTS_MODULE_NAME, NULL);
}

/* The module reaches the scanner only through this, so the programs export no symbols for it. */
static const GkDocumentsHost host = {
  .scan_text = gk_privacy_scan_text,
  .mask_text = gk_privacy_mask_text,
  .scan_init = gk_privacy_scan_init,
  .scan_buffer = gk_privacy_scan_buffer,
  .report_get_findings = gk_privacy_report_get_findings,
  .report_get_not_scanned_reason = gk_privacy_report_get_not_scanned_reason,
  .report_add_finding = gk_privacy_report_add_finding,
  .report_set_not_scanned = gk_privacy_report_set_not_scanned,
  .finding_ref = gk_privacy_finding_ref,
  .finding_set_position = gk_privacy_finding_set_position,
  .finding_dup_at = gk_privacy_finding_dup_at,
};

static gpointer
load_documents (gpointer user_data)
{
  Documents *documents = g_new0 (Documents, 1);
  g_autofree char *path = dup_module_path ();
  GkDocumentsInitFunc init;

  /* Kept for the life of the process: scans run in threads that may still hold its code. */
  documents->module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (documents->module != NULL
      && g_module_symbol (documents->module, "gk_documents_init", (gpointer *) &init)
      && g_module_symbol (documents->module, "gk_documents_read_pdf", (gpointer *) &documents->read_pdf)
      && g_module_symbol (documents->module, "gk_documents_read_ooxml", (gpointer *) &documents->read_ooxml)
      && g_module_symbol (documents->module, "gk_documents_mask_xlsx", (gpointer *) &documents->mask_xlsx))
    {
      g_module_make_resident (documents->module);
      init (&host);
      return documents;
    }

  /* GModule's message names the file, and the symbol when one is missing. */
  documents->failure = g_strdup_printf (_("PDF, Word, Excel and PowerPoint files cannot be read: "
                                          "the document module did not load (%s). Reinstall gongkai-liaison."),
                                        g_module_error ());
  g_clear_pointer (&documents->module, g_module_close);

  return documents;
}

static Documents *
get_documents (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  Documents *documents = g_once (&once, load_documents, NULL);

  if (documents->failure != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, documents->failure);
      return NULL;
    }

  return documents;
}

gboolean
gk_privacy_read_pdf (GFile            *file,
                     GkPrivacyReport  *report,
                     GCancellable     *cancellable,
                     GError          **error)
{
  Documents *documents = get_documents (error);

  return documents != NULL && documents->read_pdf (file, report, cancellable, error);
}

gboolean
gk_privacy_read_ooxml (GFile            *file,
                       GkPrivacyFormat   format,
                       GkPrivacyReport  *report,
                       GCancellable     *cancellable,
                       GError          **error)
{
  Documents *documents = get_documents (error);

  return documents != NULL && documents->read_ooxml (file, format, report, cancellable, error);
}

gboolean
gk_privacy_mask_xlsx (GFile         *input,
                      GFile         *output,
                      guint         *n_masked,
                      GCancellable  *cancellable,
                      GError       **error)
{
  Documents *documents = get_documents (error);
  g_autoptr(GkPrivacyReport) report = gk_privacy_report_new (NULL);

  return documents != NULL && documents->mask_xlsx (input, output, report, n_masked, cancellable, error);
}
