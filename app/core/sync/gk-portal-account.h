/* This PC's account on the municipal portal: its address, CA file and the liaison's token. */
#pragma once

#include <gio/gio.h>

#include "gk-portal-client.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_PORTAL_ACCOUNT (gk_portal_account_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalAccount, gk_portal_account, GK, PORTAL_ACCOUNT, GObject)

GkPortalAccount *gk_portal_account_new         (GkContext       *context);
char            *gk_portal_account_dup_url     (GkPortalAccount *self);
char            *gk_portal_account_dup_ca_file (GkPortalAccount *self);
GDateTime       *gk_portal_account_dup_token_expiry  (GkPortalAccount *self);
char            *gk_portal_account_dup_expiry_warning (GkPortalAccount *self,
                                                      GDateTime       *now);
GkPortalClient  *gk_portal_account_dup_client  (GkPortalAccount *self,
                                                const char      *url,
                                                GError         **error);
void             gk_portal_account_login_async (GkPortalAccount *self,
                                                const char      *url,
                                                const char      *token,
                                                const char      *ca_file,
                                                GkPortalClientFlags flags,
                                                GCancellable    *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer         user_data);
char            *gk_portal_account_login_finish (GkPortalAccount *self,
                                                GAsyncResult    *result,
                                                GError         **error);

G_END_DECLS
