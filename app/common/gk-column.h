/* One column (栏目) of the disclosure section and the units responsible for it. */
#pragma once

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_COLUMN (gk_column_get_type ())

G_DECLARE_FINAL_TYPE (GkColumn, gk_column, GK, COLUMN, GObject)

GkColumn           *gk_column_new               (const char   *id,
                                                 const char   *level1,
                                                 const char   *level2,
                                                 const char   *level3,
                                                 GPtrArray    *assignments);
const char         *gk_column_get_id            (GkColumn     *self);
const char         *gk_column_get_level1        (GkColumn     *self);
const char         *gk_column_get_level2        (GkColumn     *self);
const char         *gk_column_get_level3        (GkColumn     *self);
const char         *gk_column_get_title         (GkColumn     *self);
char               *gk_column_dup_path          (GkColumn     *self);
GPtrArray          *gk_column_get_assignments   (GkColumn     *self);
GkAssignment       *gk_column_lookup_assignment (GkColumn     *self,
                                                 const char   *unit);
gboolean            gk_column_has_unit          (GkColumn     *self,
                                                 const char   *unit);
char               *gk_column_dup_units         (GkColumn     *self,
                                                 const char   *separator);

G_END_DECLS
