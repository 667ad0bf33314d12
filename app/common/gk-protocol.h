/*
 * The wire format of docs/portal-api.md: the one writer and the one reader of
 * each document that the client and the reference portal exchange, and the
 * API's paths. Both sides link this, so they cannot drift apart.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gk-item.h"

G_BEGIN_DECLS

#define GK_PROTOCOL_ERROR (gk_protocol_error_quark ())

typedef enum {
  GK_PROTOCOL_ERROR_INVALID,  /* a member is missing, of the wrong type or has a bad value */
} GkProtocolError;

GQuark gk_protocol_error_quark  (void);
void   gk_protocol_set_invalid  (GError    **error,
                                 const char *member,
                                 const char *expected);

/* Paths relative to the portal's base URL (§1); the portal matches them after a leading "/". */
#define GK_PROTOCOL_API          "api/v1/"
#define GK_PROTOCOL_WHOAMI       GK_PROTOCOL_API "whoami"
#define GK_PROTOCOL_CATALOG      GK_PROTOCOL_API "catalog"
#define GK_PROTOCOL_CALENDAR     GK_PROTOCOL_API "calendar"
#define GK_PROTOCOL_REGISTRATION GK_PROTOCOL_API "registration"
#define GK_PROTOCOL_SUMMARY      GK_PROTOCOL_API "columns/summary"
#define GK_PROTOCOL_ITEMS        GK_PROTOCOL_API "items"
#define GK_PROTOCOL_UPLOADS      GK_PROTOCOL_API "uploads"

char *gk_protocol_item_path     (const char *id);
char *gk_protocol_list_path     (guint       limit,
                                 const char *since,
                                 const char *cursor);
char *gk_protocol_summary_path  (const char *as_of);

gboolean gk_protocol_text_is_clean (const char *text,
                                    gboolean    multiline);

void gk_protocol_add_file_members   (JsonBuilder  *builder,
                                     GkAttachment *attachment);

/* What a client says of the file it uploads, in the tus creation's Upload-Metadata (§5.2). */
typedef struct
{
  const char *filename;
  const char *filetype;
  const char *sha256;
} GkProtocolUpload;

char       *gk_protocol_upload_metadata_to_string (const GkProtocolUpload *upload);
GHashTable *gk_protocol_upload_metadata_read      (const char             *header,
                                                   GError                **error);
guint8     *gk_protocol_base64_decode             (const char             *text,
                                                   gsize                  *size);

/* One attachment of an item document (§6.1); the strings belong to the document. */
typedef struct
{
  const char *upload;
  const char *name;
  const char *content_type;
  gint64      size;
  const char *sha256;
} GkProtocolAttachment;

/*
 * An item document (§6.1) as read: @fields in #GkItemField order, of which
 * the document carries the uuid (`id`), the content fields and, from
 * `privacy_override`, the approver, reason and findings; the others are %NULL.
 */
typedef struct
{
  JsonObject *document;                   /* holds every string below */
  const char *fields[GK_N_ITEM_FIELDS];
  GkKind      kind;
  gint64      revision;
  GArray     *attachments;                /* of GkProtocolAttachment */
} GkProtocolItem;

JsonNode       *gk_protocol_item_to_json (GkItem         *item,
                                          GPtrArray      *uploads);
GkProtocolItem *gk_protocol_item_read    (JsonObject     *document,
                                          GError        **error);
void            gk_protocol_item_free    (GkProtocolItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkProtocolItem, gk_protocol_item_free)

/* A status document (§6.4); the strings are borrowed, @interpreted_by (of strings, %NULL
 * when the document has no such array) is owned. */
typedef struct
{
  const char *id;
  gint64      revision;
  const char *column_id;
  const char *kind;
  const char *title;
  const char *publish_on;
  const char *status;
  const char *reason;
  const char *received_at;
  const char *published_at;
  const char *updated_at;
  const char *interprets;
  GPtrArray  *interpreted_by;
} GkProtocolStatus;

JsonNode *gk_protocol_status_to_json (const GkProtocolStatus *status);
gboolean  gk_protocol_status_read    (JsonObject             *document,
                                      GkProtocolStatus       *status,
                                      GError                **error);
void      gk_protocol_status_clear   (GkProtocolStatus       *status);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GkProtocolStatus, gk_protocol_status_clear)

JsonNode  *gk_protocol_page_to_json (JsonArray   *statuses,
                                     const char  *next_cursor);
GPtrArray *gk_protocol_page_read    (JsonNode    *page,
                                     const char **next_cursor);

/* One column of the whole website's view (§8.1); @newest is %NULL when nothing is published. */
typedef struct
{
  const char *column_id;
  const char *newest;
  gint64      count;
} GkProtocolSummaryColumn;

JsonNode *gk_protocol_summary_to_json (const char                    *as_of,
                                       const GkProtocolSummaryColumn *columns,
                                       guint                          n_columns);
GArray   *gk_protocol_summary_read    (JsonNode                      *document,
                                       const char                   **as_of);

/* The unit's registration (§7), in the order of its members. */
typedef struct
{
  const char *unit;
  const char *leader;
  const char *office;
  const char *liaison;
  const char *phone;
} GkProtocolRegistration;

JsonNode *gk_protocol_registration_to_json (const GkProtocolRegistration *registration);
gboolean  gk_protocol_registration_read    (JsonObject                   *document,
                                            GkProtocolRegistration       *registration,
                                            GError                      **error);

/* A problem document (RFC 9457, §2) as a client reads it; strings borrowed from the document. */
typedef struct
{
  const char *type;            /* the name after …/problems/, %NULL for a type of no such form */
  const char *title;
  gint64      status;          /* -1 when absent */
  const char *detail;
  const char *instance;
  gint64      size;            /* a too-large's extension members (bytes), -1 when absent */
  gint64      limit;
  const char *upload;          /* an attachment's refusal (§6.1): the upload as the item named it */
  const char *upload_problem;  /* incomplete, mismatch, foreign or unknown */
} GkProtocolProblem;

#define GK_PROTOCOL_PROBLEM_BASE "https://gongkai.invalid/problems/"

JsonNode *gk_protocol_problem_to_json (const GkProtocolProblem *problem);
void      gk_protocol_problem_read    (JsonNode                *document,
                                       GkProtocolProblem       *problem);

JsonNode   *gk_protocol_whoami_to_json (const char *unit,
                                        const char *expires_at);
const char *gk_protocol_whoami_read    (JsonNode   *whoami);

G_END_DECLS
