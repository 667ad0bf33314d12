/* A reference portal (gongkai-portal) started for one test, and plain HTTP calls to it. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *url;
  char        *ca_file;    /* the self-signed certificate of an HTTPS portal */
  char        *catalog;
  char       **args;       /* more options of gongkai-portal */
  guint16      port;
  GSubprocess *process;
  SoupSession *session;
} GkTestPortal;

GkTestPortal *gk_test_portal_start (const char   *tokens);
GkTestPortal *gk_test_portal_start_with_catalog (const char *tokens,
                                                 const char *catalog);
GkTestPortal *gk_test_portal_start_tls (const char *tokens);
GkTestPortal *gk_test_portal_start_with_args (const char         *tokens,
                                              const char * const *args);
GkTestPortal *gk_test_portal_start_with_max_upload (const char *tokens,
                                                    guint64     max_upload);
void          gk_test_portal_stop  (GkTestPortal *portal);
void          gk_test_portal_halt  (GkTestPortal *portal);
void          gk_test_portal_resume (GkTestPortal *portal);
guint         gk_test_portal_call  (GkTestPortal *portal,
                                    const char   *method,
                                    const char   *path,
                                    const char   *token,
                                    const char   *content_type,
                                    const char   *body,
                                    JsonNode    **reply);

guint         gk_test_portal_decide (GkTestPortal *portal,
                                     const char   *id,
                                     const char   *verdict,
                                     const char   *fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkTestPortal, gk_test_portal_stop)

G_END_DECLS
