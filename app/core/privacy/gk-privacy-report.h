/* What the personal-information scanner says about one file: its findings, or why it could not read it. */
#pragma once

#include <gio/gio.h>

#include "gk-privacy-finding.h"

G_BEGIN_DECLS

typedef enum {
  GK_PRIVACY_FORMAT_UNKNOWN,
  GK_PRIVACY_FORMAT_TEXT,
  GK_PRIVACY_FORMAT_CSV,
  GK_PRIVACY_FORMAT_DOCX,
  GK_PRIVACY_FORMAT_XLSX,
  GK_PRIVACY_FORMAT_PPTX,
  GK_PRIVACY_FORMAT_PDF,
} GkPrivacyFormat;

typedef struct _GkPrivacyReport GkPrivacyReport;

#define GK_TYPE_PRIVACY_REPORT (gk_privacy_report_get_type ())

GType            gk_privacy_report_get_type        (void) G_GNUC_CONST;
GkPrivacyReport *gk_privacy_report_ref             (GkPrivacyReport       *self);
void             gk_privacy_report_unref           (GkPrivacyReport       *self);

const char      *gk_privacy_report_get_name        (const GkPrivacyReport *self);
GPtrArray       *gk_privacy_report_get_findings    (const GkPrivacyReport *self);
const char      *gk_privacy_report_get_not_scanned_reason (const GkPrivacyReport *self);
gboolean         gk_privacy_report_is_clean        (const GkPrivacyReport *self);
GkPrivacyFormat  gk_privacy_report_get_format      (const GkPrivacyReport *self);
const char      *gk_privacy_report_get_encoding    (const GkPrivacyReport *self);
gboolean         gk_privacy_report_can_mask        (const GkPrivacyReport *self);

void             gk_privacy_set_documents_module   (const char            *path);
GkPrivacyReport *gk_privacy_scan_file              (GFile                 *file,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
GkPrivacyReport *gk_privacy_scan_file_named        (GFile                 *file,
                                                    const char            *label,
                                                    const char            *name,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
void             gk_privacy_scan_file_async        (GFile                 *file,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
void             gk_privacy_scan_file_named_async  (GFile                 *file,
                                                    const char            *label,
                                                    const char            *name,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
GkPrivacyReport *gk_privacy_scan_file_finish       (GAsyncResult          *result,
                                                    GError               **error);

GkPrivacyFormat  gk_privacy_guess_format           (const char            *name,
                                                    const guint8          *head,
                                                    gsize                  head_length);
gboolean         gk_privacy_write_masked_copy      (GFile                 *input,
                                                    GFile                 *output,
                                                    guint                 *n_masked,
                                                    GCancellable          *cancellable,
                                                    GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPrivacyReport, gk_privacy_report_unref)

G_END_DECLS
