/* `gongkai-portal import-published FILE.csv`: what the website published before the portal existed. */
#pragma once

#include "gk-catalog.h"
#include "gk-portal-db.h"

G_BEGIN_DECLS

gboolean gk_portal_import_published (GkPortalDb  *db,
                                     GkCatalog   *catalog,
                                     GBytes      *csv,
                                     const char  *name,
                                     guint       *n_imported,
                                     guint       *n_present,
                                     GError     **error);

G_END_DECLS
