/* The catalog of columns: which unit publishes what, and how often. */
#pragma once

#include <gio/gio.h>

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_CATALOG_ERROR (gk_catalog_error_quark ())

typedef enum {
  GK_CATALOG_ERROR_PARSE,
  GK_CATALOG_ERROR_INVALID,
  GK_CATALOG_ERROR_OLDER,
} GkCatalogError;

#define GK_TYPE_CATALOG (gk_catalog_get_type ())

G_DECLARE_FINAL_TYPE (GkCatalog, gk_catalog, GK, CATALOG, GObject)

GQuark              gk_catalog_error_quark         (void);
GkCatalog          *gk_catalog_new_from_bytes      (GBytes     *bytes,
                                                    const char *name,
                                                    GError    **error);
GkCatalog          *gk_catalog_new_from_file       (GFile      *file,
                                                    GError    **error);
GkCatalog          *gk_catalog_new_builtin         (void);
GBytes             *gk_catalog_get_bytes           (GkCatalog  *self);
const char         *gk_catalog_get_version         (GkCatalog  *self);
const char         *gk_catalog_get_title           (GkCatalog  *self);
const char         *gk_catalog_get_issuer          (GkCatalog  *self);
char               *gk_catalog_dup_unit_name       (GkCatalog  *self,
                                                    const char *unit);
const char         *gk_catalog_get_document_number (GkCatalog  *self);
const char         *gk_catalog_get_issued          (GkCatalog  *self);
const char * const *gk_catalog_get_units           (GkCatalog  *self);
gboolean            gk_catalog_has_unit            (GkCatalog  *self,
                                                    const char *unit);
GkColumn           *gk_catalog_lookup_column       (GkCatalog  *self,
                                                    const char *id);
GListModel         *gk_catalog_dup_columns_for_unit (GkCatalog *self,
                                                    const char *unit);
int                 gk_catalog_compare_versions    (const char *a,
                                                    const char *b);

G_END_DECLS
