/* What only the store may change on an item: its state, revision and attachments. */
#pragma once

#include "gk-item.h"

G_BEGIN_DECLS

GkItem *gk_item_new_from_store (const char * const *fields,
                                GkKind              kind,
                                GkItemState         state,
                                guint               revision);
void gk_item_set_state       (GkItem      *self,
                              GkItemState  state);
void gk_item_set_revision    (GkItem      *self,
                              guint        revision);
void gk_item_set_attachments (GkItem      *self,
                              GPtrArray   *attachments);

G_END_DECLS
