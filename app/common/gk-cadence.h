/* How often a column must be updated, as a calendar period: N days, weeks, months, quarters or years. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  GK_CADENCE_DAY,
  GK_CADENCE_WEEK,
  GK_CADENCE_MONTH,
  GK_CADENCE_QUARTER,
  GK_CADENCE_YEAR,
} GkCadenceUnit;

/* every == 0: no period (a column judged per item only, see gk_assignment_get_publish_within()). */
typedef struct
{
  guint         every;
  GkCadenceUnit unit;
} GkCadence;

gboolean     gk_cadence_unit_from_string (const char      *nick,
                                          GkCadenceUnit   *unit);
const char  *gk_cadence_unit_to_string   (GkCadenceUnit    unit);
gboolean     gk_cadence_is_set           (const GkCadence *cadence);
void         gk_cadence_add              (const GkCadence *cadence,
                                          const GDate     *from,
                                          GDate           *until);
char        *gk_cadence_dup_label        (const GkCadence *cadence);

G_END_DECLS
