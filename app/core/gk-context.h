/* What every front end shares: the data folder, the installed catalog and the store. */
#pragma once

#include <gio/gio.h>

#include "gk-dev-switches.h"
#include "gk-store-types.h"
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
void        gk_context_submit_item_async (GkContext *self,
                                        const char *uuid,
                                        const char *override_by,
                                        const char *override_reason,
                                        gboolean    accept_wording,
                                        GHashTable *known_reports,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer    user_data);
gboolean    gk_context_submit_item_finish (GkContext *self,
                                        GAsyncResult *result,
                                        GError    **error);
void        gk_context_maintain_async  (GkContext  *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer    user_data);
gboolean    gk_context_maintain_finish (GkContext  *self,
                                        GAsyncResult *result,
                                        GError    **error);
gboolean    gk_context_check_store     (GkContext  *self,
                                        const char **path,
                                        GError    **error);
char       *gk_context_back_up         (GkContext  *self,
                                        const char *dest,
                                        GError    **error);
GPtrArray  *gk_context_list_backups    (const char *data_dir);
gboolean    gk_context_restore_backup  (const char *data_dir,
                                        const char *backup,
                                        char      **moved_aside,
                                        GError    **error);


/* Items, the bin and the outbox (gk-context-items.c) */
GkProfile  *gk_context_dup_profile     (GkContext  *self);
GkItem     *gk_context_dup_item        (GkContext  *self,
                                        const char *uuid,
                                        GError    **error);
char       *gk_context_resolve_item    (GkContext  *self,
                                        const char *unit,
                                        const char *id,
                                        gboolean    in_bin,
                                        GError    **error);
GPtrArray  *gk_context_list_items_in_column (GkContext *self,
                                        const char *unit,
                                        const char *column_id,
                                        GError    **error);
GHashTable *gk_context_count_items     (GkContext  *self,
                                        const char *unit,
                                        GError    **error);
GPtrArray  *gk_context_search_items    (GkContext  *self,
                                        const char *unit,
                                        const char *query,
                                        guint       offset,
                                        guint       limit,
                                        GError    **error);
GPtrArray  *gk_context_list_revisions  (GkContext  *self,
                                        const char *uuid,
                                        GError    **error);
GPtrArray  *gk_context_list_outbox     (GkContext  *self,
                                        GError    **error);
GHashTable *gk_context_dup_refused     (GkContext  *self,
                                        GError    **error);
gboolean    gk_context_mark_item_ready (GkContext  *self,
                                        const char *uuid,
                                        GError    **error);
gboolean    gk_context_withdraw_item   (GkContext  *self,
                                        const char *uuid,
                                        GError    **error);
GkItem     *gk_context_trash_item      (GkContext  *self,
                                        const char *uuid,
                                        GError    **error);
gboolean    gk_context_discard_blank_item (GkContext *self,
                                        const char *uuid);
GPtrArray  *gk_context_list_removed    (GkContext  *self,
                                        const char *unit,
                                        GError    **error);
gboolean    gk_context_restore_item    (GkContext  *self,
                                        const char *uuid,
                                        GError    **error);
gboolean    gk_context_purge_item      (GkContext  *self,
                                        const char *uuid,
                                        GError    **error);
GkAttachment *gk_context_attach_file   (GkContext  *self,
                                        const char *uuid,
                                        GFile      *file,
                                        GCancellable *cancellable,
                                        GError    **error);
void        gk_context_attach_file_async (GkContext *self,
                                        const char *uuid,
                                        GFile      *file,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer    user_data);
GkAttachment *gk_context_attach_file_finish (GkContext *self,
                                        GAsyncResult *result,
                                        GError    **error);
gboolean    gk_context_detach_file     (GkContext  *self,
                                        const char *uuid,
                                        gint64      attachment_id,
                                        GError    **error);
char       *gk_context_dup_attachment_path (GkContext *self,
                                        GkAttachment *attachment);

G_END_DECLS
