/*
 * The context's door to the registers beside the items: the requests for
 * disclosure (依申请公开), the annual report and the settings
 * (gk-context-records.c).
 */
#pragma once

#include "gk-annual-report.h"
#include "gk-context.h"
#include "gk-request.h"

G_BEGIN_DECLS

gboolean        gk_context_add_request       (GkContext      *self,
                                              GkRequest      *request,
                                              GError        **error);
GkRequest      *gk_context_load_request      (GkContext      *self,
                                              const char     *number,
                                              GError        **error);
GPtrArray      *gk_context_list_requests     (GkContext      *self,
                                              GError        **error);
gboolean        gk_context_add_request_event (GkContext      *self,
                                              const char     *number,
                                              GkRequestEvent *event,
                                              GError        **error);
GkAttachment   *gk_context_attach_request_file (GkContext    *self,
                                              const char     *number,
                                              GFile          *file,
                                              GError        **error);
GPtrArray      *gk_context_list_request_attachments (GkContext *self,
                                              const char     *number,
                                              GError        **error);

GkAnnualReport *gk_context_compute_annual_report (GkContext  *self,
                                              int             year,
                                              GError        **error);
gboolean        gk_context_record_annual_report (GkContext   *self,
                                              const GkAnnualReport *report,
                                              const char     *path,
                                              GError        **error);
gboolean        gk_context_correct_annual_report (GkContext  *self,
                                              int             year,
                                              const char     *cell,
                                              double          value,
                                              const char     *reason,
                                              GError        **error);
gboolean        gk_context_set_annual_report_text (GkContext *self,
                                              int             year,
                                              GkReportSection section,
                                              const char     *text,
                                              GError        **error);

char           *gk_context_dup_setting       (GkContext      *self,
                                              const char     *key);
gboolean        gk_context_set_setting       (GkContext      *self,
                                              const char     *key,
                                              const char     *value,
                                              GError        **error);

G_END_DECLS
