/* The scanner's verdict on one file: findings, or the reason it must be checked by hand. */
#include "config.h"

#include "gk-privacy-private.h"
#include "gk-privacy-report.h"

struct _GkPrivacyReport
{
  char            *name;
  GPtrArray       *findings;
  char            *not_scanned_reason;
  GkPrivacyFormat  format;
  char            *encoding;
};

G_DEFINE_BOXED_TYPE (GkPrivacyReport, gk_privacy_report, gk_privacy_report_ref, gk_privacy_report_unref)

static void
gk_privacy_report_free (GkPrivacyReport *self)
{
  g_free (self->name);
  g_ptr_array_unref (self->findings);
  g_free (self->not_scanned_reason);
  g_free (self->encoding);
}

GkPrivacyReport *
gk_privacy_report_new (const char *name)
{
  GkPrivacyReport *self = g_atomic_rc_box_new0 (GkPrivacyReport);

  self->name = g_strdup (name);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_privacy_finding_unref);

  return self;
}

/* Takes ownership of @finding. */
void
gk_privacy_report_add_finding (GkPrivacyReport  *report,
                               GkPrivacyFinding *finding)
{
  g_ptr_array_add (report->findings, finding);
}

/* The first reason wins: it is the one that stopped the reader. */
void
gk_privacy_report_set_not_scanned (GkPrivacyReport *report,
                                   const char      *reason)
{
  if (report->not_scanned_reason == NULL)
    report->not_scanned_reason = g_strdup (reason);
}

void
gk_privacy_report_set_format (GkPrivacyReport *report,
                              GkPrivacyFormat  format,
                              const char      *encoding)
{
  report->format = format;
  g_free (report->encoding);
  report->encoding = g_strdup (encoding);
}

GkPrivacyReport *
gk_privacy_report_ref (GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
gk_privacy_report_unref (GkPrivacyReport *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) gk_privacy_report_free);
}

/* The file's display name, as given to gk_privacy_scan_file(). */
const char *
gk_privacy_report_get_name (const GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * gk_privacy_report_get_findings:
 *
 * Returns: (transfer none) (element-type GkPrivacyFinding): what was found in
 *   the part of the file that could be read
 */
GPtrArray *
gk_privacy_report_get_findings (const GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->findings;
}

/**
 * gk_privacy_report_get_not_scanned_reason:
 *
 * Returns: (nullable): why the file, or part of it, could not be scanned and
 *   must be checked by hand; %NULL when all of it was read
 */
const char *
gk_privacy_report_get_not_scanned_reason (const GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->not_scanned_reason;
}

/* Clean means read in full and nothing found: the only state that may pass the gate. */
gboolean
gk_privacy_report_is_clean (const GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->not_scanned_reason == NULL && self->findings->len == 0;
}

GkPrivacyFormat
gk_privacy_report_get_format (const GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, GK_PRIVACY_FORMAT_UNKNOWN);

  return self->format;
}

/* "UTF-8", "GB18030" or "UTF-16" for text files; %NULL for the others. */
const char *
gk_privacy_report_get_encoding (const GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->encoding;
}

/* Whether gk_privacy_write_masked_copy() can rewrite this file (text, CSV, XLSX). */
gboolean
gk_privacy_report_can_mask (const GkPrivacyReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->not_scanned_reason == NULL
         && (self->format == GK_PRIVACY_FORMAT_TEXT || self->format == GK_PRIVACY_FORMAT_CSV
             || self->format == GK_PRIVACY_FORMAT_XLSX);
}
