/* An immutable record of one attached file. */
#include "config.h"

#include "gk-attachment.h"

struct _GkAttachment
{
  gint64   id;
  char    *sha256;
  char    *name;
  char    *content_type;
  guint64  size;
};

G_DEFINE_BOXED_TYPE (GkAttachment, gk_attachment, gk_attachment_ref, gk_attachment_unref)

static void
gk_attachment_free (GkAttachment *self)
{
  g_free (self->sha256);
  g_free (self->name);
  g_free (self->content_type);
}

GkAttachment *
gk_attachment_new (gint64      id,
                   const char *sha256,
                   const char *name,
                   const char *content_type,
                   guint64     size)
{
  GkAttachment *self;

  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_atomic_rc_box_new0 (GkAttachment);
  self->id = id;
  self->sha256 = g_strdup (sha256);
  self->name = g_strdup (name);
  self->content_type = g_strdup (content_type != NULL ? content_type : "application/octet-stream");
  self->size = size;

  return self;
}

GkAttachment *
gk_attachment_ref (GkAttachment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
gk_attachment_unref (GkAttachment *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) gk_attachment_free);
}

gint64
gk_attachment_get_id (const GkAttachment *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->id;
}

const char *
gk_attachment_get_sha256 (const GkAttachment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sha256;
}

const char *
gk_attachment_get_name (const GkAttachment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

const char *
gk_attachment_get_content_type (const GkAttachment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->content_type;
}

guint64
gk_attachment_get_size (const GkAttachment *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}
