/* Stored and wire identifiers of enumerations: the nicks of their generated GTypes (gk-*-enums.h). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

const char *gk_enum_to_nick   (GType       type,
                               int         value);
gboolean    gk_enum_from_nick (GType       type,
                               const char *nick,
                               gpointer    value);

G_END_DECLS
