/* The portal's problem documents (RFC 9457) as sentences the liaison reads, in the liaison's language. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char       *gk_portal_problem_dup_message       (guint       status,
                                                 JsonNode   *problem);
char       *gk_portal_problem_dup_detail        (JsonNode   *problem);
char       *gk_portal_problem_join              (const char *message,
                                                 const char *detail);
char       *gk_portal_problem_split             (const char *text,
                                                 char      **detail);
const char *gk_portal_problem_accept_language   (void);

G_END_DECLS
