/* What the whole website shows per column (the portal's GET /api/v1/columns/summary), for site-wide vetoes. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _GkSiteSummary GkSiteSummary;

/* One column over all units: the newest day of publication (invalid when none) and the count. */
typedef struct
{
  GDate newest;
  guint count;
} GkSiteColumn;

GkSiteSummary      *gk_site_summary_new_from_json (JsonNode       *root,
                                                   GError        **error);
GkSiteSummary      *gk_site_summary_new_from_text (const char     *text,
                                                   GError        **error);
void                gk_site_summary_free          (GkSiteSummary  *self);
const char         *gk_site_summary_get_as_of     (GkSiteSummary  *self);
const GkSiteColumn *gk_site_summary_lookup        (GkSiteSummary  *self,
                                                   const char     *column_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkSiteSummary, gk_site_summary_free)

G_END_DECLS
