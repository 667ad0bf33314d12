/*
 * The entry points of gk-documents.so, the module with the PDF and Office readers
 * (gk-privacy-pdf.c, gk-privacy-ooxml.c), which gk-privacy-documents.c loads on first use.
 * The module calls back into the scanner in the program, which exports its symbols for it.
 */
#pragma once

#include <gmodule.h>

#include "gk-privacy-private.h"

G_BEGIN_DECLS

#define GK_DOCUMENTS_MODULE_NAME "gk-documents.so"

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
                                              guint            *n_masked,
                                              GCancellable     *cancellable,
                                              GError          **error);

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
                                                  guint            *n_masked,
                                                  GCancellable     *cancellable,
                                                  GError          **error);

G_END_DECLS
