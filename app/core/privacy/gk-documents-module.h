/*
 * The entry points of gk-documents.so, the module with the PDF and Office readers
 * (gk-privacy-pdf.c, gk-privacy-ooxml.c), which gk-privacy-documents.c loads on first use.
 * The module calls back into the scanner in the program through the table the program hands
 * it at load time, so the program need not export its symbols.
 */
#pragma once

#include <gmodule.h>

#include "gk-privacy-private.h"

G_BEGIN_DECLS

#define GK_DOCUMENTS_MODULE_NAME "gk-documents.so"

/* What the program lends the module: the scanner and the report the readers fill. */
typedef struct
{
  GPtrArray        *(*scan_text)              (const char             *text,
                                               gssize                  length);
  char             *(*mask_text)              (const char             *text,
                                               gssize                  length,
                                               guint                  *n_masked);
  void              (*scan_init)              (GkPrivacyScan          *scan,
                                               GPtrArray              *findings);
  void              (*scan_buffer)            (GkPrivacyScan          *scan,
                                               const char             *text,
                                               gsize                   length,
                                               gsize                   base_offset,
                                               guint                  *line);
  GPtrArray        *(*report_get_findings)    (const GkPrivacyReport  *report);
  const char       *(*report_get_not_scanned_reason) (const GkPrivacyReport *report);
  void              (*report_add_finding)     (GkPrivacyReport        *report,
                                               GkPrivacyFinding       *finding);
  void              (*report_set_not_scanned) (GkPrivacyReport        *report,
                                               const char             *reason);
  GkPrivacyFinding *(*finding_ref)            (GkPrivacyFinding       *finding);
  void              (*finding_set_position)   (GkPrivacyFinding       *finding,
                                               guint                   line,
                                               guint                   page,
                                               const char             *place);
  GkPrivacyFinding *(*finding_dup_at)         (const GkPrivacyFinding *finding,
                                               const char             *place);
} GkDocumentsHost;

/* Set by gk_documents_init() before any reader runs; the module's code calls through it. */
extern const GkDocumentsHost *gk_documents_host;

typedef void     (*GkDocumentsInitFunc)      (const GkDocumentsHost *host);

typedef gboolean (*GkDocumentsReadPdfFunc)   (GFile            *file,
                                              GkPrivacyReport  *report,
                                              GCancellable     *cancellable,
                                              GError          **error);
typedef gboolean (*GkDocumentsReadOoxmlFunc) (GFile            *file,
                                              GkPrivacyFormat   format,
                                              GkPrivacyReport  *report,
                                              GCancellable     *cancellable,
                                              GError          **error);
typedef gboolean (*GkDocumentsMaskXlsxFunc)  (GFile            *input,
                                              GFile            *output,
                                              GkPrivacyReport  *report,
                                              guint            *n_masked,
                                              GCancellable     *cancellable,
                                              GError          **error);

G_MODULE_EXPORT void     gk_documents_init      (const GkDocumentsHost *host);
G_MODULE_EXPORT gboolean gk_documents_read_pdf   (GFile            *file,
                                                  GkPrivacyReport  *report,
                                                  GCancellable     *cancellable,
                                                  GError          **error);
G_MODULE_EXPORT gboolean gk_documents_read_ooxml (GFile            *file,
                                                  GkPrivacyFormat   format,
                                                  GkPrivacyReport  *report,
                                                  GCancellable     *cancellable,
                                                  GError          **error);
G_MODULE_EXPORT gboolean gk_documents_mask_xlsx  (GFile            *input,
                                                  GFile            *output,
                                                  GkPrivacyReport  *report,
                                                  guint            *n_masked,
                                                  GCancellable     *cancellable,
                                                  GError          **error);

G_END_DECLS
