/*
 * Periods on calendar dates, as the rules say them ("6 个月", "1 年"), not as
 * fixed numbers of days: a month after 2017-01-15 is 2017-02-15, six months
 * after 2017-03-31 is 2017-09-30. GLib's month and year arithmetic clamps to
 * the end of a shorter month: a month after 2017-01-31 is 2017-02-28, a year
 * after 2020-02-29 is 2021-02-28.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-cadence.h"
#include "gk-common-enums.h"
#include "gk-enum.h"

/* As written in catalogs: the nicks of GK_TYPE_CADENCE_UNIT. */
gboolean
gk_cadence_unit_from_string (const char    *nick,
                             GkCadenceUnit *unit)
{
  return gk_enum_from_nick (GK_TYPE_CADENCE_UNIT, nick, unit);
}

const char *
gk_cadence_unit_to_string (GkCadenceUnit unit)
{
  return gk_enum_to_nick (GK_TYPE_CADENCE_UNIT, unit);
}

gboolean
gk_cadence_is_set (const GkCadence *cadence)
{
  return cadence->every > 0;
}

/**
 * gk_cadence_add:
 * @until: (out caller-allocates): @from plus the period: the last day on which
 *   a column last updated on @from is still in time
 */
void
gk_cadence_add (const GkCadence *cadence,
                const GDate     *from,
                GDate           *until)
{
  g_return_if_fail (gk_cadence_is_set (cadence));
  g_return_if_fail (g_date_valid (from));

  *until = *from;
  switch (cadence->unit)
    {
    case GK_CADENCE_DAY:
      g_date_add_days (until, cadence->every);
      break;
    case GK_CADENCE_WEEK:
      g_date_add_days (until, 7 * cadence->every);
      break;
    case GK_CADENCE_MONTH:
      g_date_add_months (until, cadence->every);
      break;
    case GK_CADENCE_QUARTER:
      g_date_add_months (until, 3 * cadence->every);
      break;
    case GK_CADENCE_YEAR:
      g_date_add_years (until, cadence->every);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * gk_cadence_dup_label:
 *
 * Returns: (transfer full): the period for people, "6 months"; for no period,
 *   that items are judged one by one
 */
char *
gk_cadence_dup_label (const GkCadence *cadence)
{
  guint n = cadence->every;

  if (!gk_cadence_is_set (cadence))
    return g_strdup (_("each item on its own"));

  switch (cadence->unit)
    {
    case GK_CADENCE_DAY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
    case GK_CADENCE_WEEK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", n), n);
    case GK_CADENCE_MONTH:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", n), n);
    case GK_CADENCE_QUARTER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u quarter", "%u quarters", n), n);
    case GK_CADENCE_YEAR:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", n), n);
    default:
      g_assert_not_reached ();
    }
}
