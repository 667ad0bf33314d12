/* One responsible unit's duty for a column: what it publishes and how often. */
#pragma once

#include "gk-cadence.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_ASSIGNMENT (gk_assignment_get_type ())

GType         gk_assignment_get_type           (void) G_GNUC_CONST;
GkAssignment *gk_assignment_new                (const char   *unit,
                                                const char   *description,
                                                GkKind        kind,
                                                const GkCadence *cadence,
                                                guint         publish_within,
                                                const char   *cadence_source);
GkAssignment *gk_assignment_ref                (GkAssignment *self);
void          gk_assignment_unref              (GkAssignment *self);
const char   *gk_assignment_get_unit           (const GkAssignment *self);
const char   *gk_assignment_get_description    (const GkAssignment *self);
GkKind        gk_assignment_get_kind           (const GkAssignment *self);
const GkCadence *gk_assignment_get_cadence    (const GkAssignment *self);
guint         gk_assignment_get_publish_within (const GkAssignment *self);
char         *gk_assignment_dup_cadence_label  (const GkAssignment *self);
const char   *gk_assignment_get_cadence_source (const GkAssignment *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkAssignment, gk_assignment_unref)

G_END_DECLS
