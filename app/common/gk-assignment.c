/* An immutable, reference-counted record of one unit's duty for a column. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-assignment.h"

struct _GkAssignment
{
  char   *unit;
  char   *description;
  char   *cadence_source;
  GkKind  kind;
  GkCadence cadence;
  guint   publish_within;
};

G_DEFINE_BOXED_TYPE (GkAssignment, gk_assignment, gk_assignment_ref, gk_assignment_unref)

static void
gk_assignment_free (GkAssignment *self)
{
  g_free (self->unit);
  g_free (self->description);
  g_free (self->cadence_source);
}

GkAssignment *
gk_assignment_new (const char *unit,
                   const char *description,
                   GkKind      kind,
                   const GkCadence *cadence,
                   guint       publish_within,
                   const char *cadence_source)
{
  GkAssignment *self;

  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (description != NULL, NULL);
  g_return_val_if_fail (kind < GK_N_KINDS, NULL);
  g_return_val_if_fail (cadence != NULL, NULL);
  g_return_val_if_fail (gk_cadence_is_set (cadence) || publish_within > 0, NULL);

  self = g_atomic_rc_box_new0 (GkAssignment);
  self->unit = g_strdup (unit);
  self->description = g_strdup (description);
  self->kind = kind;
  self->cadence = *cadence;
  self->publish_within = publish_within;
  self->cadence_source = g_strdup (cadence_source);

  return self;
}

GkAssignment *
gk_assignment_ref (GkAssignment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
gk_assignment_unref (GkAssignment *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) gk_assignment_free);
}

const char *
gk_assignment_get_unit (const GkAssignment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->unit;
}

const char *
gk_assignment_get_description (const GkAssignment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->description;
}

GkKind
gk_assignment_get_kind (const GkAssignment *self)
{
  g_return_val_if_fail (self != NULL, GK_KIND_OTHER);

  return self->kind;
}

/**
 * gk_assignment_get_cadence:
 *
 * Returns: (transfer none): how often the column must be updated; not set
 *   (gk_cadence_is_set()) for a column judged per item only
 */
const GkCadence *
gk_assignment_get_cadence (const GkAssignment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->cadence;
}

/**
 * gk_assignment_get_publish_within:
 *
 * Returns: the working days within which each item must be published after
 *   its date written (实时/及时 columns), or 0 when items have no such limit
 */
guint
gk_assignment_get_publish_within (const GkAssignment *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->publish_within;
}

const char *
gk_assignment_get_cadence_source (const GkAssignment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cadence_source;
}

/**
 * gk_assignment_dup_cadence_label:
 *
 * Returns: (transfer full): how often the column must be updated, for people:
 *   "Every 6 months", "Each item within 20 working days of its date written", or both
 */
char *
gk_assignment_dup_cadence_label (const GkAssignment *self)
{
  g_autofree char *period = NULL;
  guint within;

  g_return_val_if_fail (self != NULL, NULL);

  within = self->publish_within;
  if (!gk_cadence_is_set (&self->cadence))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Each item within %u working day of its date written",
                                         "Each item within %u working days of its date written", within),
                            within);

  period = gk_cadence_dup_label (&self->cadence);
  if (within == 0)
    /* Translators: a period such as "6 months" */
    return g_strdup_printf (_("Every %s"), period);

  /* Translators: a period such as "1 year", then a number of working days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Every %s; each item within %u working day of its date written",
                                       "Every %s; each item within %u working days of its date written", within),
                          period, within);
}
