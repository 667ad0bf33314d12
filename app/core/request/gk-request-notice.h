/* The notices (告知书) sent to an applicant, filled from templates the office can replace. */
#pragma once

#include "gk-request-clock.h"

G_BEGIN_DECLS

typedef enum {
  GK_NOTICE_RECEIPT,
  GK_NOTICE_SUPPLEMENT,
  GK_NOTICE_EXTENSION,
  GK_NOTICE_ANSWER,
} GkNoticeKind;

gboolean  gk_notice_kind_parse          (const char            *text,
                                         GkNoticeKind          *kind);
char     *gk_request_notice_dup_template (const char           *data_dir,
                                         GkNoticeKind           kind,
                                         GError               **error);
char     *gk_request_notice_fill        (const char            *template_text,
                                         GkNoticeKind           kind,
                                         const GkRequest       *request,
                                         const GkRequestClock  *clock,
                                         const char            *unit,
                                         const GDate           *today,
                                         GError               **error);
gboolean  gk_request_notice_write_pdf   (const char            *text,
                                         const char            *path,
                                         GError               **error);

G_END_DECLS
