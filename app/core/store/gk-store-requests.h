/* The register of requests for disclosure and the annual report's corrections and texts, in the store. */
#pragma once

#include <gio/gio.h>

#include "gk-request.h"
#include "gk-store-types.h"
#include "gk-types.h"

G_BEGIN_DECLS

gboolean    gk_store_add_request          (GkStore        *self,
                                           GkRequest      *request,
                                           GError        **error);
GkRequest  *gk_store_load_request         (GkStore        *self,
                                           const char     *number,
                                           GError        **error);
GPtrArray  *gk_store_list_requests        (GkStore        *self,
                                           const char     *received_until,
                                           GError        **error);
gboolean    gk_store_add_request_event    (GkStore        *self,
                                           const char     *number,
                                           GkRequestEvent *event,
                                           GError        **error);
GkAttachment *gk_store_attach_request_file (GkStore      *self,
                                           const char     *number,
                                           GFile          *file,
                                           GCancellable   *cancellable,
                                           GError        **error);
GPtrArray  *gk_store_list_request_attachments (GkStore    *self,
                                           const char     *number,
                                           GError        **error);
GPtrArray  *gk_store_list_report_items    (GkStore        *self,
                                           const char     *published_until,
                                           GError        **error);
gboolean    gk_store_set_report_correction (GkStore       *self,
                                           int             year,
                                           const char     *cell,
                                           double          value,
                                           const char     *reason,
                                           GError        **error);
GPtrArray  *gk_store_list_report_corrections (GkStore     *self,
                                           int             year,
                                           GError        **error);
gboolean    gk_store_set_report_text      (GkStore        *self,
                                           int             year,
                                           const char     *section,
                                           const char     *text,
                                           GError        **error);
char       *gk_store_dup_report_text      (GkStore        *self,
                                           int             year,
                                           const char     *section,
                                           GError        **error);

G_END_DECLS
