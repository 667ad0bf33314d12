/* The JSON API of docs/portal-api.md: whoami, catalog, registration and items. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-column.h"
#include "gk-portal-api.h"
#include "gk-portal-idempotency.h"
#include "gk-portal-summary.h"
#include "gk-portal-tus.h"
#include "gk-protocol.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT 1000

struct _GkPortalApi
{
  GObject         parent_instance;

  GkPortalDb     *db;
  GkPortalFaults *faults;
  GkPortalTus    *tus;
  GkCatalog      *catalog;
  char           *catalog_etag;
};

G_DEFINE_FINAL_TYPE (GkPortalApi, gk_portal_api, G_TYPE_OBJECT)

/* What a PUT to an item acts on, handed through gk_portal_idempotency_run(). */
typedef struct
{
  GkPortalApi *api;
  const char  *id;
} ItemTarget;

/* The protocol's refusal of a document, as the 422 of §2. */
static void
propagate_invalid (GError **error,
                   GError  *invalid)
{
  g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID, invalid->message);
  g_error_free (invalid);
}

static void
set_invalid (GError    **error,
             const char *member,
             const char *expected)
{
  GError *invalid = NULL;

  gk_protocol_set_invalid (&invalid, member, expected);
  propagate_invalid (error, invalid);
}

/* `upload` is the Location the portal gave, absolute or relative: its last path segment names it. */
static char *
dup_upload_id (const char *reference)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (NULL, reference, G_URI_FLAGS_NONE, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : reference;
  const char *id = strrchr (path, '/');

  id = id != NULL ? id + 1 : path;
  if (*id == '\0')
    return NULL;

  return g_strdup (id);
}

/* An attachment of the document must name a complete upload of the caller's unit, of that size and SHA-256. */
static GkPortalAttachment *
resolve_attachment (GkPortalApi                *self,
                    GkPortalRequest            *request,
                    const GkProtocolAttachment *named,
                    guint                       index,
                    GError                    **error)
{
  g_autoptr(GkPortalAttachment) attachment = g_new0 (GkPortalAttachment, 1);
  g_autoptr(GkPortalUpload) upload = NULL;

  if ((attachment->upload_id = dup_upload_id (named->upload)) == NULL)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "Attachment %u's upload “%s” is not an upload of this portal; send the Location the upload was created at.",
                   index + 1, named->upload);
      return NULL;
    }

  upload = gk_portal_db_dup_upload (self->db, attachment->upload_id, error);
  if (upload == NULL && error != NULL && *error != NULL)
    return NULL;

  /* Still being finished after a restart: neither refused nor accepted yet. */
  if (upload != NULL && g_str_equal (upload->unit, gk_portal_request_get_unit (request)) &&
      !gk_portal_tus_check_settled (self->tus, upload, error))
    return NULL;

  if (upload == NULL || !g_str_equal (upload->unit, gk_portal_request_get_unit (request)) ||
      !upload->complete || upload->length != (guint64) named->size || g_strcmp0 (upload->sha256, named->sha256) != 0)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "Attachment %u (“%s”) does not name a complete upload of your unit with that size and SHA-256; finish the upload or upload the file again.",
                   index + 1, named->name);
      return NULL;
    }

  attachment->name = g_strdup (named->name);
  attachment->content_type = g_strdup (named->content_type);
  attachment->size = named->size;
  attachment->sha256 = g_strdup (named->sha256);

  return g_steal_pointer (&attachment);
}

/* The item document of §6.1, read by the protocol; the column must be the unit's. */
static GkPortalItemDoc *
read_item (GkPortalApi     *self,
           GkPortalRequest *request,
           GError         **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GkProtocolItem) item = NULL;
  g_autoptr(GkPortalItemDoc) doc = g_new0 (GkPortalItemDoc, 1);
  const char *unit = gk_portal_request_get_unit (request);
  const char *id, *column_id, *interprets;
  GError *invalid = NULL;
  GkColumn *column;

  if ((object = gk_portal_request_dup_json_object (request, error)) == NULL)
    return NULL;

  if ((item = gk_protocol_item_read (object, &invalid)) == NULL)
    {
      propagate_invalid (error, invalid);
      return NULL;
    }

  id = item->fields[GK_ITEM_UUID];
  column_id = item->fields[GK_ITEM_COLUMN_ID];
  interprets = item->fields[GK_ITEM_INTERPRETS];

  if ((column = gk_catalog_lookup_column (self->catalog, column_id)) == NULL)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "There is no column %s in the portal's catalog; download the catalog again.", column_id);
      return NULL;
    }

  if (!gk_column_has_unit (column, unit))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_WRONG_UNIT,
                   "Column %s is not one of %s's columns.", column_id, unit);
      return NULL;
    }

  if (g_strcmp0 (interprets, id) == 0)
    {
      set_invalid (error, "interprets", "another item's id");
      return NULL;
    }

  if (interprets != NULL)
    {
      g_autoptr(GkPortalItemRow) policy = gk_portal_db_dup_item (self->db, interprets, error);

      if (policy == NULL && error != NULL && *error != NULL)
        return NULL;

      /* An unknown id is accepted: the link shows once the policy arrives. */
      if (policy != NULL && !g_str_equal (policy->unit, unit))
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Item %s, which this one interprets, belongs to another unit; interpret your own unit's policy.",
                       interprets);
          return NULL;
        }
    }

  doc->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_portal_attachment_free);
  for (guint i = 0; i < item->attachments->len; i++)
    {
      GkPortalAttachment *attachment = resolve_attachment (self, request,
                                                           &g_array_index (item->attachments, GkProtocolAttachment, i),
                                                           i, error);

      if (attachment == NULL)
        return NULL;
      g_ptr_array_add (doc->attachments, attachment);
    }

  doc->id = g_strdup (id);
  doc->column_id = g_strdup (column_id);
  doc->kind = g_strdup (gk_kind_to_string (item->kind));
  doc->revision = item->revision;
  doc->title = g_strdup (item->fields[GK_ITEM_TITLE]);
  doc->publish_on = g_strdup (item->fields[GK_ITEM_PUBLISH_ON]);
  doc->interprets = g_strdup (interprets);
  doc->document = gk_portal_request_dup_body_text (request);

  return g_steal_pointer (&doc);
}

/* Opaque to clients; the revision and a digest of its document. */
static char *
make_etag (const GkPortalItemDoc *doc)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, doc->document, -1);

  return g_strdup_printf ("\"%" G_GINT64_FORMAT "-%.16s\"", doc->revision, digest);
}

static GkPortalResponse *
save_item (GkPortalApi     *self,
           GkPortalRequest *request,
           GkPortalItemDoc *doc,
           guint            status,
           GError         **error)
{
  g_autofree char *etag = make_etag (doc);
  g_autofree char *item_path = gk_protocol_item_path (doc->id);
  g_autofree char *location = g_strconcat ("/", item_path, NULL);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) document = NULL;

  if (!gk_portal_db_save_item (self->db, gk_portal_request_get_unit (request), doc, etag, error) ||
      (document = gk_portal_db_dup_status (self->db, doc->id, error)) == NULL)
    return NULL;

  body = gk_portal_json_to_string (document);

  return gk_portal_response_new (status, status == SOUP_STATUS_CREATED ? location : NULL, etag, body);
}

static GkPortalResponse *
create_item (GkPortalRequest *request,
             gpointer         user_data,
             GError         **error)
{
  GkPortalApi *self = user_data;
  g_autoptr(GkPortalItemDoc) doc = NULL;
  g_autoptr(GkPortalItemRow) existing = NULL;

  if ((doc = read_item (self, request, error)) == NULL)
    return NULL;

  if (doc->revision != 1)
    {
      set_invalid (error, "revision", "1 for a new item; revise an item with PUT");
      return NULL;
    }

  existing = gk_portal_db_dup_item (self->db, doc->id, error);
  if (existing == NULL && *error != NULL)
    return NULL;
  if (existing != NULL)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_CONFLICT,
                   "An item with id %s exists already; revise it with PUT or give a new item a new id.", doc->id);
      return NULL;
    }

  return save_item (self, request, doc, SOUP_STATUS_CREATED, error);
}

/* Matches RFC 9110's If-Match: "*" or a list of entity tags. */
static gboolean
etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

/* Checks what may be checked before the body: the item exists and is the caller's. */
static GkPortalItemRow *
lookup_own_item (GkPortalApi     *self,
                 GkPortalRequest *request,
                 const char      *id,
                 GError         **error)
{
  g_autoptr(GkPortalItemRow) item = NULL;
  g_autoptr(GError) local_error = NULL;

  if ((item = gk_portal_db_dup_item (self->db, id, &local_error)) == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                     "There is no item %s on the portal; create it with POST.", id);
      return NULL;
    }

  if (!g_str_equal (item->unit, gk_portal_request_get_unit (request)))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_WRONG_UNIT,
                   "Item %s belongs to another unit; use your own unit's token.", id);
      return NULL;
    }

  return g_steal_pointer (&item);
}

static GkPortalResponse *
revise_item (GkPortalRequest *request,
             gpointer         user_data,
             GError         **error)
{
  ItemTarget *target = user_data;
  GkPortalApi *self = target->api;
  g_autoptr(GkPortalItemRow) item = NULL;
  g_autoptr(GkPortalItemDoc) doc = NULL;
  const char *if_match = gk_portal_request_get_header (request, "If-Match");

  if (if_match == NULL)
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                           "A revision needs If-Match with the ETag of the revision it replaces.");
      return NULL;
    }

  if ((item = lookup_own_item (self, request, target->id, error)) == NULL)
    return NULL;

  if (!etag_matches (if_match, item->etag))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_PRECONDITION_FAILED,
                   "Item %s was revised meanwhile (now revision %" G_GINT64_FORMAT "); fetch it and resolve the conflict before sending yours.",
                   target->id, item->revision);
      return NULL;
    }

  if ((doc = read_item (self, request, error)) == NULL)
    return NULL;

  if (!g_str_equal (doc->id, target->id))
    {
      set_invalid (error, "id", "the id in the URL");
      return NULL;
    }

  if (doc->revision != item->revision + 1)
    {
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ", the revision after the current one", item->revision + 1);

      set_invalid (error, "revision", expected);
      return NULL;
    }

  return save_item (self, request, doc, SOUP_STATUS_OK, error);
}

static void
handle_item (GkPortalApi     *self,
             GkPortalRequest *request,
             const char      *id)
{
  const char *method = gk_portal_request_get_method (request);
  g_autoptr(GkPortalItemRow) item = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(GError) error = NULL;

  if (method == SOUP_METHOD_PUT)
    {
      ItemTarget target = { self, id };

      gk_portal_idempotency_run (self->db, self->faults, request,
                                 gk_portal_request_get_header (request, "If-Match"), TRUE,
                                 revise_item, &target);
      return;
    }

  if (method != SOUP_METHOD_GET)
    {
      error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_METHOD_NOT_ALLOWED,
                           "%s is not allowed on an item; use GET or PUT.", method);
      gk_portal_request_respond_error (request, error);
      return;
    }

  if ((item = lookup_own_item (self, request, id, &error)) == NULL ||
      (status = gk_portal_db_dup_status (self->db, id, &error)) == NULL)
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  gk_portal_request_set_header (request, "ETag", item->etag);
  gk_portal_request_respond_json (request, SOUP_STATUS_OK, status);
}

/* The cursor is the (updated_at, id) of the last item of the page, base64-encoded. */
static char *
encode_cursor (JsonObject *last)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s",
                                           json_object_get_string_member (last, "updated_at"),
                                           json_object_get_string_member (last, "id"));

  return g_base64_encode ((const guchar *) text, strlen (text));
}

static gboolean
decode_cursor (const char *cursor,
               char      **time,
               char      **id)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  gsize size = 0;

  text = (char *) g_base64_decode (cursor, &size);
  if (text == NULL || memchr (text, '\0', size) != NULL)
    return FALSE;

  text = g_realloc (text, size + 1);
  text[size] = '\0';
  parts = g_strsplit (text, "\n", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;

  *time = g_strdup (parts[0]);
  *id = g_strdup (parts[1]);
  return TRUE;
}

/* Any RFC 3339 time, as our fixed-width UTC text so it compares with stored times. */
static char *
normalize_timestamp (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
handle_list (GkPortalApi     *self,
             GkPortalRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *since = NULL;
  g_autofree char *after_time = NULL;
  g_autofree char *after_id = NULL;
  g_autofree char *next = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *since_text = gk_portal_request_get_query (request, "since");
  const char *limit_text = gk_portal_request_get_query (request, "limit");
  const char *cursor = gk_portal_request_get_query (request, "cursor");
  guint64 limit = DEFAULT_LIMIT;
  gboolean more = FALSE;

  if (since_text != NULL && (since = normalize_timestamp (since_text)) == NULL)
    error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                         "since “%s” is not an RFC 3339 timestamp; send an updated_at the portal returned.", since_text);
  else if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, G_MAXUINT64, &limit, NULL))
    error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                                 "limit must be a whole number from 1; larger pages than the portal serves are cut.");
  else if (cursor != NULL && !decode_cursor (cursor, &after_time, &after_id))
    error = g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                                 "The cursor is not one this portal returned; start again without it.");

  /* A larger limit is not an error: the page is cut and next_cursor leads on. */
  if (error == NULL)
    items = gk_portal_db_list_status (self->db, gk_portal_request_get_unit (request),
                                      since, after_time, after_id, MIN (limit, MAX_LIMIT), &more, &error);

  if (items == NULL)
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  if (more)
    next = encode_cursor (json_array_get_object_element (items, json_array_get_length (items) - 1));
  root = gk_protocol_page_to_json (items, next);
  gk_portal_request_respond_json (request, SOUP_STATUS_OK, root);
}

static GkPortalResponse *
save_registration (GkPortalRequest *request,
                   gpointer         user_data,
                   GError         **error)
{
  GkPortalApi *self = user_data;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *body = NULL;
  GkProtocolRegistration registration;
  GError *invalid = NULL;

  if ((object = gk_portal_request_dup_json_object (request, error)) == NULL)
    return NULL;

  if (!gk_protocol_registration_read (object, &registration, &invalid))
    {
      propagate_invalid (error, invalid);
      return NULL;
    }

  if (!g_str_equal (registration.unit, gk_portal_request_get_unit (request)))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_WRONG_UNIT,
                   "This token belongs to %s, not to %s; register with your own unit's token.",
                   gk_portal_request_get_unit (request), registration.unit);
      return NULL;
    }

  if (!gk_portal_db_save_registration (self->db, object, error) ||
      (stored = gk_portal_db_dup_registration (self->db, gk_portal_request_get_unit (request), error)) == NULL)
    return NULL;

  body = gk_portal_json_to_string (stored);
  return gk_portal_response_new (SOUP_STATUS_OK, NULL, NULL, body);
}

static void
handle_registration (GkPortalApi     *self,
                     GkPortalRequest *request)
{
  const char *method = gk_portal_request_get_method (request);
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (method == SOUP_METHOD_PUT)
    {
      gk_portal_idempotency_run (self->db, self->faults, request, NULL, TRUE, save_registration, self);
      return;
    }

  if (method != SOUP_METHOD_GET)
    error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_METHOD_NOT_ALLOWED,
                         "%s is not allowed on the registration; use GET or PUT.", method);
  else if ((stored = gk_portal_db_dup_registration (self->db, gk_portal_request_get_unit (request), &error)) == NULL &&
           error == NULL)
    error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                         "%s has not registered its leader, office and liaison yet; send them with PUT.",
                         gk_portal_request_get_unit (request));

  if (error != NULL)
    gk_portal_request_respond_error (request, error);
  else
    gk_portal_request_respond_json (request, SOUP_STATUS_OK, stored);
}

static void
handle_catalog (GkPortalApi     *self,
                GkPortalRequest *request)
{
  const char *if_none_match = gk_portal_request_get_header (request, "If-None-Match");
  GBytes *bytes = gk_catalog_get_bytes (self->catalog);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  gk_portal_request_set_header (request, "ETag", self->catalog_etag);

  /* A weak tag compares like a strong one for a GET (RFC 9110 §13.1.2). */
  if (if_none_match != NULL)
    {
      g_autofree char *weak = g_strconcat ("W/", self->catalog_etag, NULL);

      if (etag_matches (if_none_match, self->catalog_etag) || etag_matches (if_none_match, weak))
        {
          gk_portal_request_respond_empty (request, SOUP_STATUS_NOT_MODIFIED);
          return;
        }
    }

  soup_server_message_set_status (gk_portal_request_get_message (request), SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (gk_portal_request_get_message (request),
                                    "application/json; charset=utf-8", SOUP_MEMORY_COPY, data, size);
}

static void
handle_whoami (GkPortalApi     *self,
               GkPortalRequest *request)
{
  /* Tokens from the tokens file do not expire. */
  g_autoptr(JsonNode) root = gk_protocol_whoami_to_json (gk_portal_request_get_unit (request), NULL);

  gk_portal_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
gk_portal_api_finalize (GObject *object)
{
  GkPortalApi *self = (GkPortalApi *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->faults);
  g_clear_object (&self->tus);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->catalog_etag, g_free);

  G_OBJECT_CLASS (gk_portal_api_parent_class)->finalize (object);
}

static void
gk_portal_api_class_init (GkPortalApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_api_finalize;
}

static void
gk_portal_api_init (GkPortalApi *self)
{
}

GkPortalApi *
gk_portal_api_new (GkPortalDb     *db,
                   GkPortalFaults *faults,
                   GkPortalTus    *tus,
                   GkCatalog      *catalog)
{
  GkPortalApi *self;
  g_autofree char *digest = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_DB (db), NULL);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  self = g_object_new (GK_TYPE_PORTAL_API, NULL);
  self->db = g_object_ref (db);
  self->faults = g_object_ref (faults);
  self->tus = g_object_ref (tus);
  self->catalog = g_object_ref (catalog);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, gk_catalog_get_bytes (catalog));
  self->catalog_etag = g_strdup_printf ("\"%s\"", digest);

  return self;
}

/**
 * gk_portal_api_handle:
 *
 * Answers an authenticated request under /api/v1/ other than the uploads.
 */
void
gk_portal_api_handle (GkPortalApi     *self,
                      GkPortalRequest *request)
{
  const char *path = gk_portal_request_get_path (request);
  const char *method = gk_portal_request_get_method (request);
  const char *relative = path + 1;
  const char *id = relative + strlen (GK_PROTOCOL_ITEMS "/");
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GK_IS_PORTAL_API (self));
  g_return_if_fail (g_str_has_prefix (path, GK_PORTAL_API_PATH));

  if (g_str_equal (relative, GK_PROTOCOL_WHOAMI) && method == SOUP_METHOD_GET)
    handle_whoami (self, request);
  else if (g_str_equal (relative, GK_PROTOCOL_CATALOG) && method == SOUP_METHOD_GET)
    handle_catalog (self, request);
  else if (g_str_equal (relative, GK_PROTOCOL_REGISTRATION))
    handle_registration (self, request);
  else if (g_str_equal (relative, GK_PROTOCOL_SUMMARY))
    gk_portal_summary_handle (self->db, self->catalog, request);
  else if (g_str_equal (relative, GK_PROTOCOL_CALENDAR))
    gk_portal_calendar_handle (self->db, request);
  else if (g_str_equal (relative, GK_PROTOCOL_ITEMS) && method == SOUP_METHOD_POST)
    gk_portal_idempotency_run (self->db, self->faults, request, NULL, TRUE, create_item, self);
  else if (g_str_equal (relative, GK_PROTOCOL_ITEMS) && method == SOUP_METHOD_GET)
    handle_list (self, request);
  else if (g_str_has_prefix (relative, GK_PROTOCOL_ITEMS "/") && *id != '\0' && strchr (id, '/') == NULL)
    handle_item (self, request, id);
  else if (g_str_equal (relative, GK_PROTOCOL_WHOAMI) || g_str_equal (relative, GK_PROTOCOL_CATALOG) ||
           g_str_equal (relative, GK_PROTOCOL_ITEMS))
    {
      error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_METHOD_NOT_ALLOWED,
                           "%s is not allowed on %s; see docs/portal-api.md.", method, path);
      gk_portal_request_respond_error (request, error);
    }
  else
    {
      error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                           "There is no %s in this portal's API; see docs/portal-api.md.", path);
      gk_portal_request_respond_error (request, error);
    }
}
