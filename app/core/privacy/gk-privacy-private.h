/* Internals shared by the gk-privacy-*.c files: the chunked scanner state and the readers. */
#pragma once

#include <gio/gio.h>

#include "gk-privacy-finding.h"
#include "gk-privacy-report.h"

G_BEGIN_DECLS

/* One scan over one or more consecutive buffers of UTF-8 text. */
typedef struct
{
  GPtrArray  *findings;   /* (element-type GkPrivacyFinding) appended to */
  int         today;      /* YYYYMMDD: birth dates after it are implausible */
  int         this_year;
  guint       page;       /* set on every finding; 0 when the text has no pages */
  const char *place;      /* set on every finding: a cell or a document part */
  gboolean    check_utf8; /* look for signs the text is not UTF-8 after all… */
  gboolean    invalid_utf8; /* …and say so here */
} GkPrivacyScan;

void      gk_privacy_scan_init            (GkPrivacyScan     *scan,
                                           GPtrArray         *findings);
void      gk_privacy_scan_buffer          (GkPrivacyScan     *scan,
                                           const char        *text,
                                           gsize              length,
                                           gsize              base_offset,
                                           guint             *line);
gsize     gk_privacy_scan_safe_cut        (const char        *text,
                                           gsize              length);

void      gk_privacy_finding_set_position (GkPrivacyFinding  *self,
                                           guint              line,
                                           guint              page,
                                           const char        *place);
GkPrivacyFinding *gk_privacy_finding_dup_at (const GkPrivacyFinding *self,
                                           const char        *place);

/* The file readers; each fills @report or says why the file was not scanned. */
typedef enum {
  GK_PRIVACY_ENCODING_UTF8,
  GK_PRIVACY_ENCODING_GB18030,
  GK_PRIVACY_ENCODING_UTF16,
} GkPrivacyEncoding;

GkPrivacyReport *gk_privacy_report_new            (const char        *name);
void      gk_privacy_report_add_finding   (GkPrivacyReport   *report,
                                           GkPrivacyFinding  *finding);
void      gk_privacy_report_set_not_scanned (GkPrivacyReport *report,
                                           const char        *reason);
void      gk_privacy_report_set_format    (GkPrivacyReport   *report,
                                           GkPrivacyFormat    format,
                                           const char        *encoding);

GInputStream *gk_privacy_open_text        (GFile             *file,
                                           GkPrivacyEncoding *encoding,
                                           GCancellable      *cancellable,
                                           GError           **error);
typedef gboolean (*GkPrivacyChunkFunc) (const char *text,
                                        gsize       length,
                                        gsize       offset,
                                        gpointer    user_data,
                                        GError    **error);

gboolean  gk_privacy_read_chunks          (GInputStream      *stream,
                                           GkPrivacyChunkFunc func,
                                           gpointer           user_data,
                                           GCancellable      *cancellable,
                                           GError           **error);
gboolean  gk_privacy_is_encoding_error    (const GError      *error);
const char *gk_privacy_encoding_name      (GkPrivacyEncoding  encoding);
GInputStream *gk_privacy_open_text_in     (GFile             *file,
                                           GkPrivacyEncoding  encoding,
                                           GCancellable      *cancellable,
                                           GError           **error);
gboolean  gk_privacy_read_text            (GFile             *file,
                                           GkPrivacyReport   *report,
                                           GCancellable      *cancellable,
                                           GError           **error);
gboolean  gk_privacy_read_ooxml           (GFile             *file,
                                           GkPrivacyFormat    format,
                                           GkPrivacyReport   *report,
                                           GCancellable      *cancellable,
                                           GError           **error);
gboolean  gk_privacy_read_pdf             (GFile             *file,
                                           GkPrivacyReport   *report,
                                           GCancellable      *cancellable,
                                           GError           **error);
gboolean  gk_privacy_mask_xlsx            (GFile             *input,
                                           GFile             *output,
                                           guint             *n_masked,
                                           GCancellable      *cancellable,
                                           GError           **error);

G_END_DECLS
