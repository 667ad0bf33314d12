/* The kinds of content a column holds, as written in catalogs and shown to people. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-common-enums.h"
#include "gk-enum.h"
#include "gk-types.h"

/* As written in catalogs: the nicks of GK_TYPE_KIND. */
gboolean
gk_kind_from_string (const char *nick,
                     GkKind     *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  return gk_enum_from_nick (GK_TYPE_KIND, nick, kind);
}

const char *
gk_kind_to_string (GkKind kind)
{
  g_return_val_if_fail (kind < GK_N_KINDS, NULL);

  return gk_enum_to_nick (GK_TYPE_KIND, kind);
}

const char *
gk_kind_get_label (GkKind kind)
{
  g_return_val_if_fail (kind < GK_N_KINDS, NULL);

  switch (kind)
    {
    case GK_KIND_POLICY:         return _("Policy document");
    case GK_KIND_INTERPRETATION: return _("Interpretation");
    case GK_KIND_NEWS:           return _("News");
    case GK_KIND_LIST:           return _("List or public notice");
    case GK_KIND_STATISTICS:     return _("Statistics");
    case GK_KIND_OTHER:
    default:                     return _("Other");
    }
}
