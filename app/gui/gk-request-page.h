/* The page "依申请公开": the register of requests for disclosure with their legal clocks. */
#pragma once

#include <gtk/gtk.h>

#include "gk-check.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_REQUEST_PAGE (gk_request_page_get_type ())

G_DECLARE_FINAL_TYPE (GkRequestPage, gk_request_page, GK, REQUEST_PAGE, GtkBin)

GtkWidget     *gk_request_page_new                 (void);
void           gk_request_page_set_context         (GkRequestPage *self,
                                                    GkContext     *context);
void           gk_request_page_set_today           (GkRequestPage *self,
                                                    const GDate   *today);
void           gk_request_page_refresh             (GkRequestPage *self);
gboolean       gk_request_page_export_report       (GkRequestPage *self,
                                                    const char    *format,
                                                    const char    *path,
                                                    GError       **error);
GNotification *gk_request_page_create_notification (GkCheckResult *result);

G_END_DECLS
