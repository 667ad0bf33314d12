/* An attachment replaced by its masked copy, through the context (gk-masked-copy.c). */
#pragma once

#include "gk-context.h"

G_BEGIN_DECLS

GkAttachment *gk_context_replace_with_masked_copy        (GkContext           *self,
                                                          const char          *uuid,
                                                          gint64               attachment_id,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
void          gk_context_replace_with_masked_copy_async  (GkContext           *self,
                                                          const char          *uuid,
                                                          gint64               attachment_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GkAttachment *gk_context_replace_with_masked_copy_finish (GkContext           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
