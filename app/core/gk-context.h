/* What every front end shares: the data folder, the installed catalog and the store. */
#pragma once

#include <gio/gio.h>

#include "gk-dev-switches.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_CONTEXT_ERROR (gk_context_error_quark ())

typedef enum {
  GK_CONTEXT_ERROR_UNKNOWN_UNIT,
  GK_CONTEXT_ERROR_INVALID_PHONE,
  GK_CONTEXT_ERROR_INSTALL,
  GK_CONTEXT_ERROR_NO_UNIT,
  GK_CONTEXT_ERROR_UNKNOWN_COLUMN,
  GK_CONTEXT_ERROR_PRIVACY,
  GK_CONTEXT_ERROR_MARKING,   /* a classification or internal-use marking: never sent */
  GK_CONTEXT_ERROR_WORDING,   /* 易错词: sent once confirmed */
} GkContextError;

#define GK_TYPE_CONTEXT (gk_context_get_type ())

G_DECLARE_FINAL_TYPE (GkContext, gk_context, GK, CONTEXT, GObject)

GQuark      gk_context_error_quark     (void);
char       *gk_context_dup_store_path  (const char *data_dir);
GkContext  *gk_context_new             (const char *data_dir,
                                        GError    **error);
const char *gk_context_get_data_dir    (GkContext  *self);
GkCatalog  *gk_context_get_catalog     (GkContext  *self);
GkStore    *gk_context_get_store       (GkContext  *self);
const GkDevSwitches *gk_context_get_dev_switches (GkContext *self);
void        gk_context_set_dev_switches (GkContext *self,
                                        const GkDevSwitches *switches);
gboolean    gk_context_install_catalog (GkContext  *self,
                                        GBytes     *bytes,
                                        const char *name,
                                        gboolean   *changed,
                                        GError    **error);
gboolean    gk_context_import_catalog  (GkContext  *self,
                                        GFile      *file,
                                        gboolean   *changed,
                                        GError    **error);
gboolean    gk_context_save_profile    (GkContext  *self,
                                        GkProfile  *profile,
                                        GError    **error);
char       *gk_context_dup_unit        (GkContext  *self,
                                        GError    **error);
GkItem     *gk_context_new_item        (GkContext  *self,
                                        const char *column_id,
                                        GError    **error);
gboolean    gk_context_add_item        (GkContext  *self,
                                        GkItem     *item,
                                        GPtrArray  *files,
                                        GCancellable *cancellable,
                                        GError    **error);
GkItem     *gk_context_create_item     (GkContext  *self,
                                        const char *column_id,
                                        GError    **error);
GPtrArray  *gk_context_list_column_items (GkContext  *self,
                                          const char *unit,
                                          const char *column_id,
                                          guint       offset,
                                          guint       limit,
                                          guint      *n_items,
                                          GError    **error);
gboolean    gk_context_save_item       (GkContext  *self,
                                        GkItem     *item,
                                        GError    **error);
int         gk_context_scan_item       (GkContext  *self,
                                        GkItem     *item,
                                        char      **summary,
                                        GCancellable *cancellable,
                                        GError    **error);
gboolean    gk_context_submit_item     (GkContext  *self,
                                        const char *uuid,
                                        const char *override_by,
                                        const char *override_reason,
                                        gboolean    accept_wording,
                                        GError    **error);
void        gk_context_maintain_async  (GkContext  *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer    user_data);
gboolean    gk_context_maintain_finish (GkContext  *self,
                                        GAsyncResult *result,
                                        GError    **error);

G_END_DECLS
