/*
 * The documents of docs/portal-api.md, written and read in one place.
 *
 * The client writes item documents and registrations and reads status
 * documents and listing pages; the reference portal does the opposite. The
 * readers are the contract's checks: a reader refuses what the document does
 * not allow, so that neither side accepts what the other would not write.
 */
#define G_LOG_DOMAIN "gk-protocol"

#include "config.h"

#include <string.h>

#include "gk-attachment.h"
#include "gk-calendar.h"
#include "gk-json.h"
#include "gk-protocol.h"
#include "gk-timestamp.h"

G_DEFINE_QUARK (gk-protocol-error-quark, gk_protocol_error)

/* How a text member of the item document is checked. */
typedef enum {
  MEMBER_LINE,   /* one line of text */
  MEMBER_LINES,  /* text with tabs and line breaks */
  MEMBER_DATE,   /* YYYY-MM-DD */
  MEMBER_UUID,   /* an item id */
} MemberRule;

/* The text fields of the item document (§6.1) in the order a reader checks them. */
static const struct
{
  GkItemField field;
  MemberRule  rule;
  gboolean    required;
} item_members[] = {
  { GK_ITEM_UUID,        MEMBER_UUID,  TRUE },
  { GK_ITEM_COLUMN_ID,   MEMBER_LINE,  TRUE },
  { GK_ITEM_TITLE,       MEMBER_LINE,  TRUE },
  { GK_ITEM_PUBLISH_ON,  MEMBER_DATE,  FALSE },
  { GK_ITEM_INTERPRETS,  MEMBER_UUID,  FALSE },
  { GK_ITEM_DOC_NUMBER,  MEMBER_LINE,  FALSE },
  { GK_ITEM_ISSUER,      MEMBER_LINE,  FALSE },
  { GK_ITEM_BODY,        MEMBER_LINES, FALSE },
  { GK_ITEM_REVIEWER,    MEMBER_LINE,  FALSE },
  { GK_ITEM_WRITTEN_ON,  MEMBER_DATE,  FALSE },
  { GK_ITEM_REVIEWED_ON, MEMBER_DATE,  FALSE },
  { GK_ITEM_CORRECTION,  MEMBER_LINES, FALSE },
};

/* `privacy_override` (§6.1): its members and the item fields they carry. */
static const struct
{
  const char  *member;
  GkItemField  field;
} override_members[] = {
  { "approver", GK_ITEM_OVERRIDE_BY },
  { "reason",   GK_ITEM_OVERRIDE_REASON },
  { "findings", GK_ITEM_PRIVACY_SUMMARY },
};

/**
 * gk_protocol_set_invalid:
 * @expected: what the member must be, e.g. "a UUID or null"
 *
 * Words a refused member the same way for every document.
 */
void
gk_protocol_set_invalid (GError    **error,
                         const char *member,
                         const char *expected)
{
  g_set_error (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID,
               "The member “%s” must be %s.", member, expected);
}

/* The member name of an item field: the field's name with underscores; the uuid is the `id`. */
static char *
dup_member_name (GkItemField field)
{
  if (field == GK_ITEM_UUID)
    return g_strdup ("id");

  return g_strdelimit (g_strdup (gk_item_field_to_string (field)), "-", '_');
}

static gboolean
holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A string member; absent and null read as NULL, and only @required refuses them. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     required,
             gboolean     multiline,
             const char **value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        gk_protocol_set_invalid (error, member, "present and a non-empty string");
      return !required;
    }

  if (!holds_string (node) || (required && *json_node_get_string (node) == '\0'))
    {
      gk_protocol_set_invalid (error, member, required ? "a non-empty string" : "a string or null");
      return FALSE;
    }

  if (!gk_protocol_text_is_clean (json_node_get_string (node), multiline))
    {
      gk_protocol_set_invalid (error, member, multiline ? "text without control characters other than tabs and line breaks"
                                                        : "one line of text without control characters");
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
is_date (const char *text)
{
  GDate date;

  return gk_calendar_parse_date (text, &date);
}

static gboolean
read_member (JsonObject  *object,
             const char  *member,
             MemberRule   rule,
             gboolean     required,
             const char **value,
             GError     **error)
{
  if (!read_string (object, member, required, rule == MEMBER_LINES, value, error))
    return FALSE;

  if (*value == NULL)
    return TRUE;

  if (rule == MEMBER_DATE && !is_date (*value))
    {
      gk_protocol_set_invalid (error, member, "a date written YYYY-MM-DD, or null");
      return FALSE;
    }

  if (rule == MEMBER_UUID && !g_uuid_string_is_valid (*value))
    {
      gk_protocol_set_invalid (error, member, required ? "a UUID" : "a UUID or null");
      return FALSE;
    }

  return TRUE;
}

/* A whole number from @min; a number too large for 64 bits reads as a fraction and is refused too. */
static gboolean
read_integer (JsonObject *object,
              const char *member,
              gint64      min,
              gint64     *value,
              GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min)
    {
      g_autofree char *expected = g_strdup_printf ("a whole number from %" G_GINT64_FORMAT, min);

      gk_protocol_set_invalid (error, member, expected);
      return FALSE;
    }

  *value = json_node_get_int (node);
  return TRUE;
}

/* The query of a path: every value percent-encoded, so a `+` or `&` in it arrives as it was (§6.5). */
static char *
build_query_path (const char         *path,
                  const char * const *names,
                  const char * const *values,
                  guint               n_values)
{
  g_autoptr(GString) query = g_string_new (NULL);

  for (guint i = 0; i < n_values; i++)
    {
      if (values[i] == NULL)
        continue;
      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "%s=", names[i]);
      g_string_append_uri_escaped (query, values[i], NULL, FALSE);
    }

  return g_uri_join (G_URI_FLAGS_ENCODED_QUERY, NULL, NULL, NULL, -1, path, query->str, NULL);
}

/**
 * gk_protocol_item_path:
 *
 * Returns: (transfer full): `api/v1/items/<id>` (§6.3, §6.4)
 */
char *
gk_protocol_item_path (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_strconcat (GK_PROTOCOL_ITEMS "/", id, NULL);
}

/**
 * gk_protocol_list_path:
 * @since: (nullable): the walk's `since`, sent back byte for byte
 * @cursor: (nullable): the previous page's `next_cursor`
 *
 * Returns: (transfer full): the path of one listing page (§6.5)
 */
char *
gk_protocol_list_path (guint       limit,
                       const char *since,
                       const char *cursor)
{
  static const char * const names[] = { "limit", "since", "cursor" };
  g_autofree char *count = g_strdup_printf ("%u", limit);
  const char * const values[] = { count, since, cursor };

  return build_query_path (GK_PROTOCOL_ITEMS, names, values, G_N_ELEMENTS (values));
}

/**
 * gk_protocol_summary_path:
 *
 * Returns: (transfer full): the path of the whole website's view as of @as_of (§8.1)
 */
char *
gk_protocol_summary_path (const char *as_of)
{
  static const char * const names[] = { "as_of" };
  const char * const values[] = { as_of };

  g_return_val_if_fail (as_of != NULL, NULL);

  return build_query_path (GK_PROTOCOL_SUMMARY, names, values, G_N_ELEMENTS (values));
}

/**
 * gk_protocol_text_is_clean:
 * @multiline: whether tabs and line breaks belong in the text (a body, a reason)
 *
 * Whether @text is UTF-8 a reviewer reads as it is: no control character
 * (a NUL ends the text where the office's page shows it, a C1 control or a
 * bidirectional override hides or reorders the rest), no tab or line break
 * where one line is expected.
 */
gboolean
gk_protocol_text_is_clean (const char *text,
                           gboolean    multiline)
{
  const char *end;

  if (!g_utf8_validate (text, -1, &end))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\t' || c == '\n' || c == '\r'))
        continue;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
          (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
    }

  return TRUE;
}

/**
 * gk_protocol_add_file_members:
 *
 * Adds what describes an attachment's file — `name`, `content_type`, `size`
 * and `sha256` — to the object @builder is building: the item document's
 * attachments (§6.1) and the CLI's JSON describe a file alike.
 */
void
gk_protocol_add_file_members (JsonBuilder  *builder,
                              GkAttachment *attachment)
{
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, gk_attachment_get_name (attachment));
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, gk_attachment_get_content_type (attachment));
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) gk_attachment_get_size (attachment));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, gk_attachment_get_sha256 (attachment));
}

static void
append_metadata (GString    *metadata,
                 const char *key,
                 const char *value)
{
  g_autofree char *encoded = NULL;

  if (value == NULL)
    return;

  encoded = g_base64_encode ((const guchar *) value, strlen (value));
  if (metadata->len > 0)
    g_string_append_c (metadata, ',');
  g_string_append_printf (metadata, "%s %s", key, encoded);
}

/**
 * gk_protocol_upload_metadata_to_string:
 *
 * Returns: (transfer full): the Upload-Metadata header: comma-separated
 *   `key base64(value)` pairs, leaving out what is %NULL
 */
char *
gk_protocol_upload_metadata_to_string (const GkProtocolUpload *upload)
{
  g_autoptr(GString) metadata = g_string_new (NULL);

  g_return_val_if_fail (upload != NULL, NULL);

  append_metadata (metadata, "filename", upload->filename);
  append_metadata (metadata, "filetype", upload->filetype);
  append_metadata (metadata, "sha256", upload->sha256);

  return g_string_free (g_steal_pointer (&metadata), FALSE);
}

/**
 * gk_protocol_base64_decode:
 *
 * Strict base64, unlike g_base64_decode(), which skips characters it does
 * not know: a header that is not base64 is refused, not guessed at.
 *
 * Returns: (transfer full) (nullable): the bytes, %NULL when @text is not base64
 */
guint8 *
gk_protocol_base64_decode (const char *text,
                           gsize      *size)
{
  gsize length = strlen (text);

  if (length % 4 != 0)
    return NULL;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/' &&
        !(text[i] == '=' && i + 2 >= length))
      return NULL;

  return g_base64_decode (text, size);
}

/**
 * gk_protocol_upload_metadata_read:
 * @header: (nullable): the Upload-Metadata header, if the request had one
 *
 * Reads tus metadata: comma-separated `key base64(value)` pairs, where the
 * value may be absent (read as ""). A key given twice, a value that is not
 * base64 or that holds a NUL is refused.
 *
 * Returns: (transfer full) (nullable): key → value
 */
GHashTable *
gk_protocol_upload_metadata_read (const char  *header,
                                  GError     **error)
{
  g_autoptr(GHashTable) metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (header == NULL)
    return g_steal_pointer (&metadata);

  pairs = g_strsplit (header, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (pairs[i]), " ", -1);
      g_autofree guint8 *value = NULL;
      gsize size = 0;
      guint n_parts = g_strv_length (parts);

      if (n_parts < 1 || n_parts > 2 || *parts[0] == '\0' ||
          g_hash_table_contains (metadata, parts[0]) ||
          (n_parts == 2 && (value = gk_protocol_base64_decode (parts[1], &size)) == NULL) ||
          (value != NULL && memchr (value, '\0', size) != NULL))
        {
          g_set_error_literal (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID,
                               "The Upload-Metadata header is not comma-separated “key base64(value)” pairs; encode each value in base64.");
          return NULL;
        }

      g_hash_table_insert (metadata, g_strdup (parts[0]),
                           value != NULL ? g_strndup ((const char *) value, size) : g_strdup (""));
    }

  return g_steal_pointer (&metadata);
}

/**
 * gk_protocol_item_to_json:
 * @uploads: (element-type utf8): each attachment's upload URL, as its
 *   creation's `Location` gave it, in the item's order
 *
 * Returns: (transfer full): the item document (§6.1) of @item's revision
 */
JsonNode *
gk_protocol_item_to_json (GkItem    *item,
                          GPtrArray *uploads)
{
  static const GkItemField fields[] = {
    GK_ITEM_COLUMN_ID, GK_ITEM_TITLE, GK_ITEM_DOC_NUMBER, GK_ITEM_ISSUER, GK_ITEM_WRITTEN_ON,
    GK_ITEM_PUBLISH_ON, GK_ITEM_BODY, GK_ITEM_INTERPRETS, GK_ITEM_REVIEWER, GK_ITEM_REVIEWED_ON,
    GK_ITEM_CORRECTION,
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *attachments;

  g_return_val_if_fail (GK_IS_ITEM (item), NULL);
  g_return_val_if_fail (uploads != NULL && uploads->len == gk_item_get_attachments (item)->len, NULL);

  attachments = gk_item_get_attachments (item);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, gk_item_get_uuid (item));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, gk_kind_to_string (gk_item_get_kind (item)));
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, gk_item_get_revision (item));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *member = dup_member_name (fields[i]);

      gk_json_add_string_or_null (builder, member, gk_item_get_field (item, fields[i]));
    }

  /* Only an item let through by a named approver carries it. */
  if (gk_item_get_field (item, GK_ITEM_OVERRIDE_BY) != NULL)
    {
      json_builder_set_member_name (builder, "privacy_override");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (override_members); i++)
        {
          json_builder_set_member_name (builder, override_members[i].member);
          json_builder_add_string_value (builder, gk_item_get_field (item, override_members[i].field));
        }
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < attachments->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "upload");
      json_builder_add_string_value (builder, g_ptr_array_index (uploads, i));
      gk_protocol_add_file_members (builder, g_ptr_array_index (attachments, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_attachment (JsonNode             *node,
                 guint                 index,
                 GkProtocolAttachment *attachment,
                 GError              **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID,
                   "Attachment %u must be an object with upload, name, content_type, size and sha256.", index + 1);
      return FALSE;
    }

  object = json_node_get_object (node);
  return read_string (object, "upload", TRUE, FALSE, &attachment->upload, error) &&
         read_string (object, "name", TRUE, FALSE, &attachment->name, error) &&
         read_string (object, "content_type", TRUE, FALSE, &attachment->content_type, error) &&
         read_integer (object, "size", 0, &attachment->size, error) &&
         read_string (object, "sha256", TRUE, FALSE, &attachment->sha256, error);
}

/* An optional object or array member: absent and null read as %NULL, another type is refused. */
static gboolean
read_optional_node (JsonObject    *object,
                    const char    *member,
                    JsonNodeType   type,
                    const char    *expected,
                    JsonNode     **node,
                    GError       **error)
{
  *node = json_object_get_member (object, member);

  if (*node == NULL || JSON_NODE_HOLDS_NULL (*node))
    {
      *node = NULL;
      return TRUE;
    }

  if (JSON_NODE_TYPE (*node) != type)
    {
      gk_protocol_set_invalid (error, member, expected);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_attachments (JsonObject     *document,
                  GkProtocolItem *item,
                  GError        **error)
{
  JsonNode *node;
  JsonArray *array;

  if (!read_optional_node (document, "attachments", JSON_NODE_ARRAY, "an array", &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GkProtocolAttachment attachment = { NULL, };

      if (!read_attachment (json_array_get_element (array, i), i, &attachment, error))
        return FALSE;
      g_array_append_val (item->attachments, attachment);
    }

  return TRUE;
}

static gboolean
read_override (JsonObject     *document,
               GkProtocolItem *item,
               GError        **error)
{
  JsonNode *node;

  if (!read_optional_node (document, "privacy_override", JSON_NODE_OBJECT,
                           "an object with approver, reason and findings, or null", &node, error))
    return FALSE;

  for (guint i = 0; node != NULL && i < G_N_ELEMENTS (override_members); i++)
    if (!read_string (json_node_get_object (node), override_members[i].member, FALSE, TRUE,
                      &item->fields[override_members[i].field], error))
      return FALSE;

  return TRUE;
}

/**
 * gk_protocol_item_read:
 *
 * Reads an item document (§6.1), checking every member's type and form;
 * whether its column, uploads and interpreted policy fit is the portal's to
 * check. Members the document does not define are ignored.
 *
 * Returns: (transfer full) (nullable): the document's contents, or %NULL
 *   with %GK_PROTOCOL_ERROR_INVALID naming the first member found wrong
 */
GkProtocolItem *
gk_protocol_item_read (JsonObject  *document,
                       GError     **error)
{
  g_autoptr(GkProtocolItem) item = g_new0 (GkProtocolItem, 1);
  const char *kind;

  g_return_val_if_fail (document != NULL, NULL);

  item->document = json_object_ref (document);
  item->attachments = g_array_new (FALSE, TRUE, sizeof (GkProtocolAttachment));

  if (!read_string (document, "kind", TRUE, FALSE, &kind, error) ||
      !read_integer (document, "revision", 1, &item->revision, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (item_members); i++)
    {
      g_autofree char *member = dup_member_name (item_members[i].field);

      if (!read_member (document, member, item_members[i].rule, item_members[i].required,
                        &item->fields[item_members[i].field], error))
        return NULL;
    }

  if (!gk_kind_from_string (kind, &item->kind))
    {
      gk_protocol_set_invalid (error, "kind", "one of policy, interpretation, news, list, statistics, other");
      return NULL;
    }

  if (!read_override (document, item, error) ||
      !read_attachments (document, item, error))
    return NULL;

  return g_steal_pointer (&item);
}

void
gk_protocol_item_free (GkProtocolItem *item)
{
  if (item == NULL)
    return;

  g_clear_pointer (&item->document, json_object_unref);
  g_clear_pointer (&item->attachments, g_array_unref);
  g_free (item);
}

/**
 * gk_protocol_status_to_json:
 *
 * Returns: (transfer full): the status document (§6.4)
 */
JsonNode *
gk_protocol_status_to_json (const GkProtocolStatus *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (status != NULL, NULL);

  json_builder_begin_object (builder);
  gk_json_add_string_or_null (builder, "id", status->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, status->revision);
  gk_json_add_string_or_null (builder, "column_id", status->column_id);
  gk_json_add_string_or_null (builder, "kind", status->kind);
  gk_json_add_string_or_null (builder, "title", status->title);
  gk_json_add_string_or_null (builder, "publish_on", status->publish_on);
  gk_json_add_string_or_null (builder, "status", status->status);
  gk_json_add_string_or_null (builder, "reason", status->reason);
  gk_json_add_string_or_null (builder, "received_at", status->received_at);
  gk_json_add_string_or_null (builder, "published_at", status->published_at);
  gk_json_add_string_or_null (builder, "updated_at", status->updated_at);
  gk_json_add_string_or_null (builder, "interprets", status->interprets);
  json_builder_set_member_name (builder, "interpreted_by");
  json_builder_begin_array (builder);
  for (guint i = 0; status->interpreted_by != NULL && i < status->interpreted_by->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (status->interpreted_by, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A member the client reads as text when it is one; anything else reads as absent. */
static const char *
get_member_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return holds_string (node) ? json_node_get_string (node) : NULL;
}

/* A timestamp member that, when there, must be one (§1): offsets and any fraction allowed. */
static gboolean
is_timestamp_or_absent (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  return text == NULL || (time = gk_timestamp_parse (text)) != NULL;
}

/**
 * gk_protocol_status_read:
 * @status: (out caller-allocates): filled with strings borrowed from @document;
 *   clear it with gk_protocol_status_clear()
 *
 * Reads a status document (§6.4) the way a client must, forgiving members it
 * does not need: members of another type read as absent, members it does not
 * know are ignored (a portal may add its own).
 *
 * Returns: %FALSE when the id, column, status, a positive revision or a
 *   valid `updated_at` is missing, or a received or published time is no time
 */
gboolean
gk_protocol_status_read (JsonObject        *document,
                         GkProtocolStatus  *status,
                         GError           **error)
{
  JsonNode *revision = json_object_get_member (document, "revision");
  JsonNode *interpreted_by = json_object_get_member (document, "interpreted_by");

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  memset (status, 0, sizeof *status);
  status->id = get_member_string (document, "id");
  status->revision = revision != NULL && JSON_NODE_HOLDS_VALUE (revision) &&
                     json_node_get_value_type (revision) == G_TYPE_INT64 ? json_node_get_int (revision) : 0;
  status->column_id = get_member_string (document, "column_id");
  status->kind = get_member_string (document, "kind");
  status->title = get_member_string (document, "title");
  status->publish_on = get_member_string (document, "publish_on");
  status->status = get_member_string (document, "status");
  status->reason = get_member_string (document, "reason");
  status->received_at = get_member_string (document, "received_at");
  status->published_at = get_member_string (document, "published_at");
  status->updated_at = get_member_string (document, "updated_at");
  status->interprets = get_member_string (document, "interprets");

  if (interpreted_by != NULL && JSON_NODE_HOLDS_ARRAY (interpreted_by))
    {
      JsonArray *ids = json_node_get_array (interpreted_by);

      status->interpreted_by = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (ids); i++)
        if (holds_string (json_array_get_element (ids, i)))
          g_ptr_array_add (status->interpreted_by, (gpointer) json_array_get_string_element (ids, i));
    }

  if (status->id == NULL || status->column_id == NULL || status->status == NULL || status->revision < 1 ||
      status->updated_at == NULL || !is_timestamp_or_absent (status->updated_at) ||
      !is_timestamp_or_absent (status->received_at) || !is_timestamp_or_absent (status->published_at))
    {
      g_set_error_literal (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID,
                           "An item status needs its id, column_id, status, a revision from 1 and RFC 3339 times.");
      gk_protocol_status_clear (status);
      return FALSE;
    }

  return TRUE;
}

void
gk_protocol_status_clear (GkProtocolStatus *status)
{
  g_clear_pointer (&status->interpreted_by, g_ptr_array_unref);
}

/**
 * gk_protocol_page_to_json:
 * @statuses: (element-type JsonObject): the page's status documents
 * @next_cursor: (nullable): the cursor to the next page, %NULL on the last
 *
 * Returns: (transfer full): a listing page (§6.5)
 */
JsonNode *
gk_protocol_page_to_json (JsonArray  *statuses,
                          const char *next_cursor)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), statuses));
  gk_json_add_string_or_null (builder, "next_cursor", next_cursor);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * gk_protocol_page_read:
 * @page: (nullable): the body of a reply to GET api/v1/items
 * @next_cursor: (out) (transfer none): the next page's cursor, %NULL on the last page
 *
 * Returns: (transfer container) (element-type JsonObject) (nullable): the
 *   status documents of the page, borrowed from @page; elements that are no
 *   object are left out; %NULL when @page is not a page of §6.5
 */
GPtrArray *
gk_protocol_page_read (JsonNode    *page,
                       const char **next_cursor)
{
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  JsonNode *items;

  *next_cursor = NULL;

  /* The typed json-glib getters are preconditions, not checks: a missing
   * "items" or an element that is no object would be a critical. */
  if (page == NULL || !JSON_NODE_HOLDS_OBJECT (page) ||
      (items = json_object_get_member (json_node_get_object (page), "items")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (items))
    return NULL;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *status = json_array_get_element (json_node_get_array (items), i);

      if (JSON_NODE_HOLDS_OBJECT (status))
        g_ptr_array_add (statuses, json_node_get_object (status));
    }

  *next_cursor = get_member_string (json_node_get_object (page), "next_cursor");
  return g_steal_pointer (&statuses);
}

/* Extension members are written only when set, as RFC 9457 §3.2 has them. */
static void
add_extension_string (JsonBuilder *builder,
                      const char  *member,
                      const char  *value)
{
  if (value != NULL)
    gk_json_add_string_or_null (builder, member, value);
}

static void
add_extension_size (JsonBuilder *builder,
                    const char  *member,
                    gint64       value)
{
  if (value < 0)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

/**
 * gk_protocol_problem_to_json:
 * @problem: @type is the name after %GK_PROTOCOL_PROBLEM_BASE
 *
 * Returns: (transfer full): the problem document (§2)
 */
JsonNode *
gk_protocol_problem_to_json (const GkProtocolProblem *problem)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type = NULL;

  g_return_val_if_fail (problem != NULL && problem->type != NULL, NULL);

  type = g_strconcat (GK_PROTOCOL_PROBLEM_BASE, problem->type, NULL);

  json_builder_begin_object (builder);
  gk_json_add_string_or_null (builder, "type", type);
  gk_json_add_string_or_null (builder, "title", problem->title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, problem->status);
  gk_json_add_string_or_null (builder, "detail", problem->detail);
  gk_json_add_string_or_null (builder, "instance", problem->instance);
  add_extension_size (builder, "size", problem->size);
  add_extension_size (builder, "limit", problem->limit);
  add_extension_string (builder, "upload", problem->upload);
  add_extension_string (builder, "upload_problem", problem->upload_problem);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A number of bytes, or -1 for anything else. */
static gint64
get_member_size (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return -1;

  return json_node_get_int (node);
}

/**
 * gk_protocol_problem_read:
 * @document: (nullable): the body of an error reply, if it parsed
 * @problem: (out caller-allocates): what of it the client can use
 *
 * Never fails: a reply whose problem cannot be read leaves every member
 * %NULL or -1, and the client goes by the HTTP status. The type is known by
 * its last part after "/problems/", whatever host a portal names.
 */
void
gk_protocol_problem_read (JsonNode          *document,
                          GkProtocolProblem *problem)
{
  static const char base[] = "/problems/";
  JsonObject *object;
  const char *type;

  *problem = (GkProtocolProblem) { .status = -1, .size = -1, .limit = -1 };

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return;

  object = json_node_get_object (document);
  if ((type = get_member_string (object, "type")) != NULL && (type = strstr (type, base)) != NULL)
    problem->type = type + strlen (base);
  problem->title = get_member_string (object, "title");
  problem->status = get_member_size (object, "status");
  problem->detail = get_member_string (object, "detail");
  problem->instance = get_member_string (object, "instance");
  problem->size = get_member_size (object, "size");
  problem->limit = get_member_size (object, "limit");
  problem->upload = get_member_string (object, "upload");
  problem->upload_problem = get_member_string (object, "upload_problem");
}

/**
 * gk_protocol_summary_to_json:
 * @as_of: the day asked for, YYYY-MM-DD
 * @columns: (array length=n_columns): every column of the catalog, in its order
 *
 * Returns: (transfer full): the whole website's view (§8.1)
 */
JsonNode *
gk_protocol_summary_to_json (const char                    *as_of,
                             const GkProtocolSummaryColumn *columns,
                             guint                          n_columns)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  gk_json_add_string_or_null (builder, "as_of", as_of);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_columns; i++)
    {
      json_builder_begin_object (builder);
      gk_json_add_string_or_null (builder, "column_id", columns[i].column_id);
      gk_json_add_string_or_null (builder, "newest", columns[i].newest);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, columns[i].count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_summary_column (JsonNode                *node,
                     GkProtocolSummaryColumn *column)
{
  JsonObject *object;
  JsonNode *newest;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);
  newest = json_object_get_member (object, "newest");
  column->column_id = get_member_string (object, "column_id");
  column->newest = get_member_string (object, "newest");
  column->count = get_member_size (object, "count");

  /* newest: a date, or null when the column has nothing published. */
  return column->column_id != NULL && column->count >= 0 && column->count <= G_MAXUINT &&
         (column->newest != NULL ? is_date (column->newest) : newest == NULL || JSON_NODE_HOLDS_NULL (newest));
}

/**
 * gk_protocol_summary_read:
 * @document: (nullable): the reply to GET api/v1/columns/summary
 * @as_of: (out) (transfer none): the day the view is of, borrowed from @document
 *
 * Returns: (transfer full) (element-type GkProtocolSummaryColumn) (nullable):
 *   the columns, their strings borrowed from @document; %NULL when @document
 *   is not the view of §8.1 (no date, a column without id or count, a count
 *   below 0, a newest day that is no date)
 */
GArray *
gk_protocol_summary_read (JsonNode    *document,
                          const char **as_of)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (GkProtocolSummaryColumn));
  JsonObject *object;
  JsonNode *list;
  JsonArray *array;

  *as_of = NULL;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return NULL;

  object = json_node_get_object (document);
  list = json_object_get_member (object, "columns");
  if (get_member_string (object, "as_of") == NULL || !is_date (get_member_string (object, "as_of")) ||
      list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GkProtocolSummaryColumn column;

      if (!read_summary_column (json_array_get_element (array, i), &column))
        return NULL;
      g_array_append_val (columns, column);
    }

  *as_of = get_member_string (object, "as_of");
  return g_steal_pointer (&columns);
}

#define REGISTRATION_MEMBERS(r) { &(r)->unit, &(r)->leader, &(r)->office, &(r)->liaison, &(r)->phone }
static const char * const registration_names[] = { "unit", "leader", "office", "liaison", "phone" };

/**
 * gk_protocol_registration_to_json:
 *
 * Returns: (transfer full): the registration document (§7)
 */
JsonNode *
gk_protocol_registration_to_json (const GkProtocolRegistration *registration)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char * const *values[] = REGISTRATION_MEMBERS (registration);

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (registration_names); i++)
    gk_json_add_string_or_null (builder, registration_names[i], *values[i]);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * gk_protocol_registration_read:
 * @registration: (out caller-allocates): strings borrowed from @document
 *
 * Returns: %FALSE when a member is missing, empty or not one clean line (§7)
 */
gboolean
gk_protocol_registration_read (JsonObject              *document,
                               GkProtocolRegistration  *registration,
                               GError                 **error)
{
  const char **values[] = REGISTRATION_MEMBERS (registration);

  for (guint i = 0; i < G_N_ELEMENTS (registration_names); i++)
    if (!read_string (document, registration_names[i], TRUE, FALSE, values[i], error))
      return FALSE;

  return TRUE;
}

/**
 * gk_protocol_whoami_to_json:
 * @expires_at: (nullable): when the token stops working, %NULL for never
 *
 * Returns: (transfer full): the answer to GET api/v1/whoami (§3)
 */
JsonNode *
gk_protocol_whoami_to_json (const char *unit,
                            const char *expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  gk_json_add_string_or_null (builder, "unit", unit);
  gk_json_add_string_or_null (builder, "expires_at", expires_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * gk_protocol_whoami_read:
 * @whoami: (nullable): the body of a reply to GET api/v1/whoami
 *
 * Returns: (transfer none) (nullable): the token's unit, %NULL when the reply names none
 */
const char *
gk_protocol_whoami_read (JsonNode *whoami)
{
  if (whoami == NULL || !JSON_NODE_HOLDS_OBJECT (whoami))
    return NULL;

  return get_member_string (json_node_get_object (whoami), "unit");
}
