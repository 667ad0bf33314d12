/* One piece of personal information the scanner found: what it is, where, and how to mask it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  GK_PRIVACY_KIND_ID,        /* 18-digit resident identity number (GB 11643) */
  GK_PRIVACY_KIND_ID15,      /* 15-digit identity number issued before 1999 */
  GK_PRIVACY_KIND_MOBILE,    /* mainland mobile number */
  GK_PRIVACY_KIND_BANK_CARD, /* bank card number (Luhn + issuer prefix) */
  GK_PRIVACY_KIND_ID_SUSPECT, /* 18 digits: known prefecture and birth date, wrong check digit */
} GkPrivacyKind;

typedef enum {
  GK_PRIVACY_CONFIDENCE_MEDIUM,
  GK_PRIVACY_CONFIDENCE_HIGH,
} GkPrivacyConfidence;

typedef struct _GkPrivacyFinding GkPrivacyFinding;

#define GK_TYPE_PRIVACY_FINDING (gk_privacy_finding_get_type ())

GType                gk_privacy_finding_get_type       (void) G_GNUC_CONST;
GkPrivacyFinding    *gk_privacy_finding_new            (GkPrivacyKind           kind,
                                                        GkPrivacyConfidence     confidence,
                                                        gsize                   offset,
                                                        gsize                   length,
                                                        const char             *masked);
GkPrivacyFinding    *gk_privacy_finding_ref            (GkPrivacyFinding       *self);
void                 gk_privacy_finding_unref          (GkPrivacyFinding       *self);

GkPrivacyKind        gk_privacy_finding_get_kind       (const GkPrivacyFinding *self);
GkPrivacyConfidence  gk_privacy_finding_get_confidence (const GkPrivacyFinding *self);
gsize                gk_privacy_finding_get_offset     (const GkPrivacyFinding *self);
gsize                gk_privacy_finding_get_length     (const GkPrivacyFinding *self);
const char          *gk_privacy_finding_get_masked     (const GkPrivacyFinding *self);
guint                gk_privacy_finding_get_line       (const GkPrivacyFinding *self);
guint                gk_privacy_finding_get_page       (const GkPrivacyFinding *self);
const char          *gk_privacy_finding_get_place      (const GkPrivacyFinding *self);
char                *gk_privacy_finding_dup_location   (const GkPrivacyFinding *self);

const char          *gk_privacy_kind_to_string         (GkPrivacyKind           kind);
const char          *gk_privacy_kind_get_label         (GkPrivacyKind           kind);
const char          *gk_privacy_confidence_to_string   (GkPrivacyConfidence     confidence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPrivacyFinding, gk_privacy_finding_unref)

G_END_DECLS
