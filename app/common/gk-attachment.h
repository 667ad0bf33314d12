/* A file attached to an item: a reference to a blob plus the name the liaison knows it by. */
#pragma once

#include "gk-types.h"

G_BEGIN_DECLS


#define GK_TYPE_ATTACHMENT (gk_attachment_get_type ())

GType         gk_attachment_get_type      (void) G_GNUC_CONST;
GkAttachment *gk_attachment_new           (gint64              id,
                                           const char         *sha256,
                                           const char         *name,
                                           const char         *content_type,
                                           guint64             size);
GkAttachment *gk_attachment_ref           (GkAttachment       *self);
void          gk_attachment_unref         (GkAttachment       *self);
gint64        gk_attachment_get_id        (const GkAttachment *self);
const char   *gk_attachment_get_sha256    (const GkAttachment *self);
const char   *gk_attachment_get_name      (const GkAttachment *self);
const char   *gk_attachment_get_content_type (const GkAttachment *self);
guint64       gk_attachment_get_size      (const GkAttachment *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkAttachment, gk_attachment_unref)

G_END_DECLS
