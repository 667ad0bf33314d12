/* Who may use the office pages, and proof that a form was posted from them: Host, Origin, session, CSRF token. */
#pragma once

#include "gk-portal-office-accounts.h"
#include "gk-portal-request.h"

G_BEGIN_DECLS

#define GK_TYPE_PORTAL_OFFICE_GUARD (gk_portal_office_guard_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalOfficeGuard, gk_portal_office_guard, GK, PORTAL_OFFICE_GUARD, GObject)

GkPortalOfficeGuard *gk_portal_office_guard_new              (GkPortalOfficeAccounts *accounts,
                                                              gboolean             https);
gboolean             gk_portal_office_guard_requires_sign_in (GkPortalOfficeGuard *self);
char                *gk_portal_office_guard_dup_user         (GkPortalOfficeGuard *self,
                                                              GkPortalRequest     *request);
GError              *gk_portal_office_guard_sign_in          (GkPortalOfficeGuard *self,
                                                              GkPortalRequest     *request,
                                                              const char          *name,
                                                              const char          *password);
void                 gk_portal_office_guard_sign_out         (GkPortalOfficeGuard *self,
                                                              GkPortalRequest     *request);
void                 gk_portal_office_guard_set_public_names (GkPortalOfficeGuard *self,
                                                              const char * const  *names);
GError              *gk_portal_office_guard_check_peer       (GkPortalOfficeGuard *self,
                                                              GkPortalRequest     *request);
char                *gk_portal_office_guard_dup_session      (GkPortalOfficeGuard *self,
                                                              GkPortalRequest     *request);
char                *gk_portal_office_guard_dup_form_token   (GkPortalOfficeGuard *self,
                                                              const char          *session);
GError              *gk_portal_office_guard_check_form       (GkPortalOfficeGuard *self,
                                                              GkPortalRequest     *request,
                                                              GHashTable          *form);
void                 gk_portal_office_guard_add_headers      (GkPortalOfficeGuard *self,
                                                              GkPortalRequest     *request);

G_END_DECLS
