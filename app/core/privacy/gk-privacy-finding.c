/* An immutable record of one finding of the personal-information scanner. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-core-enums.h"
#include "gk-enum.h"
#include "gk-privacy-private.h"

struct _GkPrivacyFinding
{
  GkPrivacyKind        kind;
  GkPrivacyConfidence  confidence;
  gsize                offset;
  gsize                length;
  char                *masked;
  guint                line;
  guint                page;
  char                *place;
};

G_DEFINE_BOXED_TYPE (GkPrivacyFinding, gk_privacy_finding, gk_privacy_finding_ref, gk_privacy_finding_unref)

static void
gk_privacy_finding_free (GkPrivacyFinding *self)
{
  g_free (self->masked);
  g_free (self->place);
}

/**
 * gk_privacy_finding_new:
 * @offset: byte offset of the number in the scanned text
 * @length: its length in bytes, separators included
 * @masked: the number as it should be published, such as "138****5678"
 */
GkPrivacyFinding *
gk_privacy_finding_new (GkPrivacyKind        kind,
                        GkPrivacyConfidence  confidence,
                        gsize                offset,
                        gsize                length,
                        const char          *masked)
{
  GkPrivacyFinding *self;

  g_return_val_if_fail (masked != NULL, NULL);

  self = g_atomic_rc_box_new0 (GkPrivacyFinding);
  self->kind = kind;
  self->confidence = confidence;
  self->offset = offset;
  self->length = length;
  self->masked = g_strdup (masked);

  return self;
}

/* Readers set where the text came from before anyone else sees the finding. */
void
gk_privacy_finding_set_position (GkPrivacyFinding *self,
                                 guint             line,
                                 guint             page,
                                 const char       *place)
{
  g_assert (self != NULL);

  self->line = line;
  self->page = page;
  g_free (self->place);
  self->place = g_strdup (place);
}

/* The same number found again at @place, as a cell that shows a shared string. */
GkPrivacyFinding *
gk_privacy_finding_dup_at (const GkPrivacyFinding *self,
                           const char             *place)
{
  GkPrivacyFinding *copy = gk_privacy_finding_new (self->kind, self->confidence, self->offset,
                                                   self->length, self->masked);

  gk_privacy_finding_set_position (copy, 0, 0, place);
  return copy;
}

GkPrivacyFinding *
gk_privacy_finding_ref (GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
gk_privacy_finding_unref (GkPrivacyFinding *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) gk_privacy_finding_free);
}

GkPrivacyKind
gk_privacy_finding_get_kind (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, GK_PRIVACY_KIND_ID);

  return self->kind;
}

GkPrivacyConfidence
gk_privacy_finding_get_confidence (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, GK_PRIVACY_CONFIDENCE_MEDIUM);

  return self->confidence;
}

gsize
gk_privacy_finding_get_offset (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->offset;
}

gsize
gk_privacy_finding_get_length (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

const char *
gk_privacy_finding_get_masked (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->masked;
}

/* 1-based line of a text, paragraph of a Word document or line of a PDF page; 0 when unknown. */
guint
gk_privacy_finding_get_line (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->line;
}

/* 1-based page of a PDF or slide of a presentation; 0 for files without pages. */
guint
gk_privacy_finding_get_page (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->page;
}

/* A cell such as "Sheet1!C7", or the part of a document ("header1"); %NULL for plain text. */
const char *
gk_privacy_finding_get_place (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->place;
}

/**
 * gk_privacy_finding_dup_location:
 *
 * Returns: (transfer full): where the finding is, for people: "Sheet1!C7",
 *   "page 2, line 5", "line 12"
 */
char *
gk_privacy_finding_dup_location (const GkPrivacyFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->place != NULL && self->line > 0)
    /* TRANSLATORS: a part of a document (such as header1) and a paragraph in it */
    return g_strdup_printf (_("%s, line %u"), self->place, self->line);
  if (self->place != NULL)
    return g_strdup (self->place);
  if (self->page > 0 && self->line > 0)
    return g_strdup_printf (_("page %u, line %u"), self->page, self->line);
  if (self->page > 0)
    return g_strdup_printf (_("page %u"), self->page);
  if (self->line > 0)
    return g_strdup_printf (_("line %u"), self->line);

  /* TRANSLATORS: the offset of a finding in bytes, when no line is known */
  return g_strdup_printf (_("byte %lu"), (gulong) self->offset);
}

/* Stable names for JSON and scripts; never translated. */
const char *
gk_privacy_kind_to_string (GkPrivacyKind kind)
{
  const char *nick = gk_enum_to_nick (GK_TYPE_PRIVACY_KIND, kind);

  return nick != NULL ? nick : "id";
}

const char *
gk_privacy_kind_get_label (GkPrivacyKind kind)
{
  switch (kind)
    {
    case GK_PRIVACY_KIND_ID:        return _("identity number");
    case GK_PRIVACY_KIND_ID15:      return _("old 15-digit identity number");
    case GK_PRIVACY_KIND_MOBILE:    return _("mobile number");
    case GK_PRIVACY_KIND_BANK_CARD: return _("bank card number");
    case GK_PRIVACY_KIND_ID_SUSPECT: return _("suspected identity number, wrong check digit");
    default:                        g_return_val_if_reached ("");
    }
}

const char *
gk_privacy_confidence_to_string (GkPrivacyConfidence confidence)
{
  return gk_enum_to_nick (GK_TYPE_PRIVACY_CONFIDENCE, confidence);
}
