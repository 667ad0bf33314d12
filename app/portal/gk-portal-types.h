/* Forward declarations, the error domain and the plain records shared by the reference portal. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GkPortalApi      GkPortalApi;
typedef struct _GkPortalDb       GkPortalDb;
typedef struct _GkPortalFaults   GkPortalFaults;
typedef struct _GkPortalOffice   GkPortalOffice;
typedef struct _GkPortalRequest  GkPortalRequest;
typedef struct _GkPortalServer   GkPortalServer;
typedef struct _GkPortalTokens   GkPortalTokens;
typedef struct _GkPortalTus      GkPortalTus;

#define GK_PORTAL_ERROR (gk_portal_error_quark ())

/* One code per problem type of docs/portal-api.md §2; the request turns it into problem+json. */
typedef enum {
  GK_PORTAL_ERROR_MALFORMED,            /* 400 invalid */
  GK_PORTAL_ERROR_UNAUTHORIZED,         /* 401 unauthorized */
  GK_PORTAL_ERROR_WRONG_UNIT,           /* 403 wrong-unit */
  GK_PORTAL_ERROR_FORBIDDEN,            /* 403 forbidden: not from this machine, or a forged form */
  GK_PORTAL_ERROR_NOT_FOUND,            /* 404 not-found */
  GK_PORTAL_ERROR_CONFLICT,             /* 409 conflict */
  GK_PORTAL_ERROR_PRECONDITION_FAILED,  /* 412 precondition-failed */
  GK_PORTAL_ERROR_TOO_LARGE,            /* 413 too-large */
  GK_PORTAL_ERROR_INVALID,              /* 422 invalid */
  GK_PORTAL_ERROR_CHECKSUM_MISMATCH,    /* 460 checksum-mismatch */
  GK_PORTAL_ERROR_INTERNAL,             /* 500 internal */
  GK_PORTAL_ERROR_UNAVAILABLE,          /* 503 unavailable */
  GK_PORTAL_ERROR_METHOD_NOT_ALLOWED,   /* 405 method-not-allowed */
  GK_PORTAL_ERROR_MISDIRECTED,          /* 421 misdirected: a Host the portal does not answer to */
  GK_PORTAL_ERROR_TOO_MANY,             /* 429 too-many-requests: a quota or throttle, with Retry-After */
} GkPortalError;

GQuark gk_portal_error_quark (void);

/* A response kept with its Idempotency-Key and replayed byte for byte on a repeat. */
typedef struct
{
  guint  status;
  char  *location;
  char  *etag;
  char  *body;
} GkPortalResponse;

GkPortalResponse *gk_portal_response_new  (guint             status,
                                           const char       *location,
                                           const char       *etag,
                                           const char       *body);
void              gk_portal_response_free (GkPortalResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPortalResponse, gk_portal_response_free)

/* A tus upload as the database keeps it; its offset is the size of its file. */
typedef struct
{
  char    *id;
  char    *unit;
  guint64  length;
  char    *filename;
  char    *filetype;
  char    *expected_sha256;
  char    *sha256;
  gboolean complete;
} GkPortalUpload;

void gk_portal_upload_free (GkPortalUpload *upload);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPortalUpload, gk_portal_upload_free)

/* One attachment of an item revision, pointing at a complete upload. */
typedef struct
{
  char    *upload_id;
  char    *name;
  char    *content_type;
  guint64  size;
  char    *sha256;
} GkPortalAttachment;

void gk_portal_attachment_free (GkPortalAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPortalAttachment, gk_portal_attachment_free)

/* An item document after validation, with the JSON text it came in. */
typedef struct
{
  char      *id;
  char      *column_id;
  char      *kind;
  gint64     revision;
  char      *title;
  char      *publish_on;
  char      *interprets;
  GPtrArray *attachments;  /* of GkPortalAttachment */
  char      *document;
} GkPortalItemDoc;

void gk_portal_item_doc_free (GkPortalItemDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPortalItemDoc, gk_portal_item_doc_free)

/* What the office pages list for an item. */
typedef struct
{
  char   *id;
  char   *unit;
  char   *column_id;
  char   *title;
  char   *status;
  char   *reason;
  char   *publish_on;
  char   *updated_at;
  char   *etag;
  gint64  revision;
} GkPortalItemRow;

void gk_portal_item_row_free (GkPortalItemRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkPortalItemRow, gk_portal_item_row_free)

G_END_DECLS
