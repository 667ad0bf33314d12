/*
 * The context's door to the registers beside the items: requests for
 * disclosure, the annual report's counts, corrections and texts, settings.
 */
#define G_LOG_DOMAIN "gk-context"

#include "config.h"

#include "gk-context-private.h"
#include "gk-context-records.h"
#include "gk-store-requests.h"

gboolean
gk_context_add_request (GkContext  *self,
                        GkRequest  *request,
                        GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_add_request (gk_context_get_store (self), request, error);
}

/**
 * gk_context_load_request:
 *
 * Returns: (transfer full) (nullable): the request with its events
 */
GkRequest *
gk_context_load_request (GkContext  *self,
                         const char *number,
                         GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_load_request (gk_context_get_store (self), number, error);
}

/**
 * gk_context_list_requests:
 *
 * Returns: (transfer container) (element-type GkRequest) (nullable): the whole register
 */
GPtrArray *
gk_context_list_requests (GkContext *self,
                          GError   **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_list_requests (gk_context_get_store (self), NULL, error);
}

gboolean
gk_context_add_request_event (GkContext      *self,
                              const char     *number,
                              GkRequestEvent *event,
                              GError        **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_add_request_event (gk_context_get_store (self), number, event, error);
}

/**
 * gk_context_attach_request_file:
 *
 * Returns: (transfer full) (nullable): the copy of @file filed with the request
 */
GkAttachment *
gk_context_attach_request_file (GkContext  *self,
                                const char *number,
                                GFile      *file,
                                GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_attach_request_file (gk_context_get_store (self), number, file, NULL, error);
}

/**
 * gk_context_list_request_attachments:
 *
 * Returns: (transfer container) (element-type GkAttachment) (nullable)
 */
GPtrArray *
gk_context_list_request_attachments (GkContext  *self,
                                     const char *number,
                                     GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_list_request_attachments (gk_context_get_store (self), number, error);
}

/**
 * gk_context_compute_annual_report:
 *
 * Returns: (transfer full) (nullable): the year's report, with the corrections made by hand
 */
GkAnnualReport *
gk_context_compute_annual_report (GkContext  *self,
                                  int         year,
                                  GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_annual_report_compute (gk_context_get_store (self), year, error);
}

/* Noted so the deadline reminder knows the year's report was made. */
gboolean
gk_context_record_annual_report (GkContext            *self,
                                 const GkAnnualReport *report,
                                 const char           *path,
                                 GError              **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_annual_report_record_produced (gk_context_get_store (self), report, path, error);
}

gboolean
gk_context_correct_annual_report (GkContext  *self,
                                  int         year,
                                  const char *cell,
                                  double      value,
                                  const char *reason,
                                  GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_set_report_correction (gk_context_get_store (self), year, cell, value, reason, error);
}

gboolean
gk_context_set_annual_report_text (GkContext       *self,
                                   int              year,
                                   GkReportSection  section,
                                   const char      *text,
                                   GError         **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_set_report_text (gk_context_get_store (self), year, gk_report_section_to_string (section),
                                   text, error);
}

/**
 * gk_context_dup_setting:
 *
 * Returns: (transfer full) (nullable): the value kept under @key in the data folder
 */
char *
gk_context_dup_setting (GkContext  *self,
                        const char *key)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_dup_setting (gk_context_get_store (self), key);
}

gboolean
gk_context_set_setting (GkContext  *self,
                        const char *key,
                        const char *value,
                        GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  return gk_store_set_setting (gk_context_get_store (self), key, value, error);
}
