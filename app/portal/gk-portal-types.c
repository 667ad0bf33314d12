/* The reference portal's error domain and the destructors of its plain records. */
#include "config.h"

#include "gk-portal-types.h"

G_DEFINE_QUARK (gk-portal-error-quark, gk_portal_error)

GkPortalResponse *
gk_portal_response_new (guint       status,
                        const char *location,
                        const char *etag,
                        const char *body)
{
  GkPortalResponse *response = g_new0 (GkPortalResponse, 1);

  response->status = status;
  response->location = g_strdup (location);
  response->etag = g_strdup (etag);
  response->body = g_strdup (body);

  return response;
}

void
gk_portal_response_free (GkPortalResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->location);
  g_free (response->etag);
  g_free (response->body);
  g_free (response);
}

void
gk_portal_upload_free (GkPortalUpload *upload)
{
  if (upload == NULL)
    return;

  g_free (upload->id);
  g_free (upload->unit);
  g_free (upload->filename);
  g_free (upload->filetype);
  g_free (upload->expected_sha256);
  g_free (upload->sha256);
  g_free (upload);
}

void
gk_portal_attachment_free (GkPortalAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->upload_id);
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_free (attachment->sha256);
  g_free (attachment);
}

void
gk_portal_item_doc_free (GkPortalItemDoc *doc)
{
  if (doc == NULL)
    return;

  g_free (doc->id);
  g_free (doc->column_id);
  g_free (doc->kind);
  g_free (doc->title);
  g_free (doc->publish_on);
  g_free (doc->interprets);
  g_clear_pointer (&doc->attachments, g_ptr_array_unref);
  g_free (doc->document);
  g_free (doc);
}

void
gk_portal_item_row_free (GkPortalItemRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->unit);
  g_free (row->column_id);
  g_free (row->title);
  g_free (row->status);
  g_free (row->reason);
  g_free (row->publish_on);
  g_free (row->updated_at);
  g_free (row->etag);
  g_free (row);
}
