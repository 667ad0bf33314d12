/* One queued item in the outbox: where it stands, its attachments' upload progress, the portal's refusal. */
#pragma once

#include <gtk/gtk.h>

#include "gk-store-types.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_OUTBOX_ROW (gk_outbox_row_get_type ())

G_DECLARE_FINAL_TYPE (GkOutboxRow, gk_outbox_row, GK, OUTBOX_ROW, GtkListBoxRow)

GtkWidget      *gk_outbox_row_new          (GkItem        *item,
                                            GkOutboxEntry *entry,
                                            gboolean       syncing);
const char     *gk_outbox_row_get_uuid     (GkOutboxRow   *self);
void            gk_outbox_row_update       (GkOutboxRow   *self,
                                            GkItem        *item,
                                            GkOutboxEntry *entry,
                                            gboolean       syncing);
void            gk_outbox_row_set_progress (GkOutboxRow   *self,
                                            const char    *sha256,
                                            guint64        sent,
                                            guint64        size);
const char     *gk_outbox_row_get_state_text (GkOutboxRow *self);
GtkProgressBar *gk_outbox_row_get_progress_bar (GkOutboxRow *self,
                                            const char    *sha256);

G_END_DECLS
