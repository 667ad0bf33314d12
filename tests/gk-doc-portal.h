/* A second portal for the tests, written from docs/portal-api.md alone: where the document
 * leaves a choice open it takes the less obvious one, and switches make it odd or hostile. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GkDocPortal GkDocPortal;

/* How the creation POST /api/v1/uploads writes its Location (§5.2 allows all three). */
typedef enum {
  GK_DOC_LOCATION_RELATIVE,       /* "uploads/<id>": relative to the request URL /api/v1/uploads */
  GK_DOC_LOCATION_ABSOLUTE_PATH,  /* "/api/v1/uploads/<id>" */
  GK_DOC_LOCATION_ABSOLUTE_URL,   /* "http://127.0.0.1:PORT/api/v1/uploads/<id>" */
} GkDocLocationForm;

/* What next_cursor looks like (§6.5: opaque). Whatever the style, it stands for a position in the
 * list computed at page 1 for the request's `since`: a page asked with another `since` is cut
 * from a list computed afresh for that `since`, so it skips items. */
typedef enum {
  GK_DOC_CURSOR_POSITION,  /* a decimal index, "2" */
  GK_DOC_CURSOR_BASE64,    /* standard base64 with + / and = */
  GK_DOC_CURSOR_UNSAFE,    /* contains + / = & % ? # and spaces */
  GK_DOC_CURSOR_LONG,      /* more than 2000 characters */
} GkDocCursorStyle;

/* Choices the document leaves open, taken the less obvious way; all on by default
 * (GK_DOC_QUIRKS_DEFAULT), each can be turned off. */
typedef enum {
  GK_DOC_QUIRK_NONE             = 0,
  GK_DOC_QUIRK_EXTRA_MEMBERS    = 1 << 0,  /* status documents, pages and whoami carry members §3/§6 do not list */
  GK_DOC_QUIRK_CHUNKED          = 1 << 1,  /* bodies go with Transfer-Encoding: chunked, no Content-Length */
  GK_DOC_QUIRK_REPLAY_BODY_ONLY = 1 << 2,  /* a repeated Idempotency-Key gets the stored status and body only
                                            * (§4); no ETag or Location, except the upload's Location (§5.2) */
  GK_DOC_QUIRK_EMPTY_LAST_PAGE  = 1 << 3,  /* a full page ending the list still gets a next_cursor, to an empty page */
  GK_DOC_QUIRK_EXPIRES_AT       = 1 << 4,  /* whoami's expires_at is a timestamp a year ahead, not null */
} GkDocQuirks;

#define GK_DOC_QUIRKS_DEFAULT (GK_DOC_QUIRK_EXTRA_MEMBERS | GK_DOC_QUIRK_CHUNKED | GK_DOC_QUIRK_REPLAY_BODY_ONLY | \
                               GK_DOC_QUIRK_EMPTY_LAST_PAGE | GK_DOC_QUIRK_EXPIRES_AT)

typedef void (*GkDocPageHook) (GkDocPortal *self,
                               guint        page_number,
                               gpointer     user_data);

GkDocPortal *gk_doc_portal_new                 (GError           **error);
GkDocPortal *gk_doc_portal_new_full            (const char        *address,
                                                GTlsCertificate   *certificate,
                                                GError           **error);
GkDocPortal *gk_doc_portal_new_tls             (GTlsCertificate   *certificate,
                                                GError           **error);
void         gk_doc_portal_free                (GkDocPortal       *self);
const char  *gk_doc_portal_get_url             (GkDocPortal       *self);

void         gk_doc_portal_add_token           (GkDocPortal       *self,
                                                const char        *token,
                                                const char        *unit);
void         gk_doc_portal_expire_token        (GkDocPortal       *self,
                                                const char        *token);
void         gk_doc_portal_set_quirks          (GkDocPortal       *self,
                                                GkDocQuirks        quirks);
void         gk_doc_portal_set_catalog         (GkDocPortal       *self,
                                                GBytes            *catalog_json);
void         gk_doc_portal_set_max_upload      (GkDocPortal       *self,
                                                guint64            bytes);

void         gk_doc_portal_set_max_chunk       (GkDocPortal       *self,
                                                const char        *value);
void         gk_doc_portal_set_close_after_204 (GkDocPortal       *self,
                                                gboolean           close);
GArray      *gk_doc_portal_get_patch_sizes     (GkDocPortal       *self);
GArray      *gk_doc_portal_get_patch_ports     (GkDocPortal       *self);
void         gk_doc_portal_set_page_size       (GkDocPortal       *self,
                                                guint              max_items);
void         gk_doc_portal_set_cursor_style    (GkDocPortal       *self,
                                                GkDocCursorStyle   style);
void         gk_doc_portal_set_page_hook       (GkDocPortal       *self,
                                                GkDocPageHook      hook,
                                                gpointer           user_data);

void         gk_doc_portal_set_location_form   (GkDocPortal       *self,
                                                GkDocLocationForm  form);
void         gk_doc_portal_set_location_override (GkDocPortal     *self,
                                                const char        *location);
void         gk_doc_portal_set_upload_verifying (GkDocPortal      *self,
                                                gboolean           verifying);

void         gk_doc_portal_fail_next           (GkDocPortal       *self,
                                                const char        *method,
                                                const char        *path_prefix,
                                                guint              count,
                                                guint              status,
                                                const char        *retry_after);
void         gk_doc_portal_set_raw_reply       (GkDocPortal       *self,
                                                const char        *method,
                                                const char        *path_prefix,
                                                guint              status,
                                                const char        *content_type,
                                                GBytes            *body);
void         gk_doc_portal_set_trickle         (GkDocPortal       *self,
                                                const char        *path_prefix,
                                                guint              bytes_per_second,
                                                gboolean           endless);

void         gk_doc_portal_set_verdict         (GkDocPortal       *self,
                                                const char        *item_id,
                                                const char        *status,
                                                const char        *reason);
void         gk_doc_portal_add_item            (GkDocPortal       *self,
                                                const char        *unit,
                                                const char        *item_id,
                                                const char        *column_id,
                                                const char        *title);
guint        gk_doc_portal_count_items         (GkDocPortal       *self,
                                                const char        *unit);
guint        gk_doc_portal_count_uploads       (GkDocPortal       *self,
                                                gboolean           complete_only);
const char  *gk_doc_portal_get_item_status     (GkDocPortal       *self,
                                                const char        *item_id);
char        *gk_doc_portal_dup_item_unit       (GkDocPortal       *self,
                                                const char        *item_id);
GPtrArray   *gk_doc_portal_get_requests        (GkDocPortal       *self);
guint        gk_doc_portal_count_authorized_requests (GkDocPortal *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkDocPortal, gk_doc_portal_free)

G_END_DECLS
