/* The municipal office's reviewers: names and argon2id password hashes, kept in DIR/office-users. */
#pragma once

#include <gio/gio.h>

#include "gk-portal-types.h"

G_BEGIN_DECLS

#define GK_PORTAL_MIN_PASSWORD_LENGTH 10

#define GK_TYPE_PORTAL_OFFICE_ACCOUNTS (gk_portal_office_accounts_get_type ())

G_DECLARE_FINAL_TYPE (GkPortalOfficeAccounts, gk_portal_office_accounts, GK, PORTAL_OFFICE_ACCOUNTS, GObject)

GkPortalOfficeAccounts *gk_portal_office_accounts_new       (const char             *data_dir,
                                                             GError                **error);
gboolean                gk_portal_office_accounts_reload    (GkPortalOfficeAccounts *self,
                                                             GError                **error);
guint                   gk_portal_office_accounts_get_count (GkPortalOfficeAccounts *self);
gboolean                gk_portal_office_accounts_contains  (GkPortalOfficeAccounts *self,
                                                             const char             *name);
gboolean                gk_portal_office_accounts_verify    (GkPortalOfficeAccounts *self,
                                                             const char             *name,
                                                             const char             *password);
gboolean                gk_portal_office_accounts_set       (GkPortalOfficeAccounts *self,
                                                             const char             *name,
                                                             const char             *password,
                                                             GError                **error);
gboolean                gk_portal_office_accounts_remove    (GkPortalOfficeAccounts *self,
                                                             const char             *name,
                                                             GError                **error);

G_END_DECLS
