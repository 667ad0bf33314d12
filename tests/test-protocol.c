/* Every document of docs/portal-api.md goes through its writer, the wire and its reader unchanged,
 * with the choices docs/doc-portal.md lists, and each reader refuses what the document does not allow. */
#include "config.h"

#include "gk-attachment.h"
#include "gk-item-private.h"
#include "gk-json.h"
#include "gk-protocol.h"

#define UUID "5a1a0715-ad5a-4e84-9733-a84f2025c201"
#define POLICY "9b2e0715-ad5a-4e84-9733-a84f2025c202"

/* Through text, as over the wire, and back through the bounded parser both sides use. */
static JsonNode *
over_the_wire (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  JsonNode *parsed = gk_json_parse_bounded (text, strlen (text), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error);

  g_assert_no_error (error);
  return parsed;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = gk_json_parse_bounded (json, strlen (json), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, &error);

  g_assert_no_error (error);
  return node;
}

static GkItem *
make_item (gboolean full)
{
  const char *fields[GK_N_ITEM_FIELDS] = { NULL, };
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_attachment_unref);
  GkItem *item;

  fields[GK_ITEM_UUID] = UUID;
  fields[GK_ITEM_COLUMN_ID] = "hms.shjz.cxdb";
  fields[GK_ITEM_UNIT] = "市民政局";
  fields[GK_ITEM_TITLE] = "2026年第三季度城乡低保资金发放情况";
  fields[GK_ITEM_CREATED_AT] = "2026-10-08T01:00:00Z";
  if (full)
    {
      fields[GK_ITEM_DOC_NUMBER] = "岳民发〔2026〕12号";
      fields[GK_ITEM_ISSUER] = "岳阳市民政局";
      fields[GK_ITEM_WRITTEN_ON] = "2026-10-08";
      fields[GK_ITEM_PUBLISH_ON] = "2026-10-10";
      fields[GK_ITEM_BODY] = "第一段\n\t第二段\r\n";
      fields[GK_ITEM_INTERPRETS] = POLICY;
      fields[GK_ITEM_REVIEWER] = "周科长";
      fields[GK_ITEM_REVIEWED_ON] = "2026-10-09";
      fields[GK_ITEM_CORRECTION] = "更正了第二段的金额。\n原为 12 万元。";
      fields[GK_ITEM_OVERRIDE_BY] = "王主任";
      fields[GK_ITEM_OVERRIDE_REASON] = "名单依法公示";
      fields[GK_ITEM_PRIVACY_SUMMARY] = "名单.xlsx: 3 个身份证号";
    }

  item = gk_item_new_from_store (fields, full ? GK_KIND_LIST : GK_KIND_NEWS, GK_ITEM_STATE_QUEUED, full ? 2 : 1);
  if (full)
    {
      g_ptr_array_add (attachments, gk_attachment_new (1, "af9c", "名单.xlsx",
                                                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                                       48213));
      g_ptr_array_add (attachments, gk_attachment_new (2, "00ff", "empty.txt", "text/plain", 0));
      gk_item_set_attachments (item, attachments);
    }

  return item;
}

static void
test_item_round_trip (void)
{
  /* Both forms of a creation Location a portal may give (§5.2, docs/doc-portal.md). */
  static const char * const uploads[] = { "uploads/up_4c1e", "https://portal.example.gov.cn/api/v1/uploads/4c1e?x=1" };
  static const GkItemField carried[] = {
    GK_ITEM_UUID, GK_ITEM_COLUMN_ID, GK_ITEM_TITLE, GK_ITEM_DOC_NUMBER, GK_ITEM_ISSUER, GK_ITEM_WRITTEN_ON,
    GK_ITEM_PUBLISH_ON, GK_ITEM_BODY, GK_ITEM_INTERPRETS, GK_ITEM_REVIEWER, GK_ITEM_REVIEWED_ON,
    GK_ITEM_CORRECTION, GK_ITEM_OVERRIDE_BY, GK_ITEM_OVERRIDE_REASON, GK_ITEM_PRIVACY_SUMMARY,
  };

  for (guint full = 0; full <= 1; full++)
    {
      g_autoptr(GkItem) item = make_item (full);
      g_autoptr(GPtrArray) locations = g_ptr_array_new ();
      g_autoptr(JsonNode) json = NULL;
      g_autoptr(JsonNode) wire = NULL;
      g_autoptr(GkProtocolItem) read = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *attachments = gk_item_get_attachments (item);

      for (guint i = 0; i < attachments->len; i++)
        g_ptr_array_add (locations, (gpointer) uploads[i]);

      json = gk_protocol_item_to_json (item, locations);
      wire = over_the_wire (json);
      read = gk_protocol_item_read (json_node_get_object (wire), &error);
      g_assert_no_error (error);

      for (guint i = 0; i < G_N_ELEMENTS (carried); i++)
        g_assert_cmpstr (read->fields[carried[i]], ==, gk_item_get_field (item, carried[i]));
      /* The unit is the token's, the state and times the client's own: none goes out. */
      g_assert_null (read->fields[GK_ITEM_UNIT]);
      g_assert_null (read->fields[GK_ITEM_CREATED_AT]);
      g_assert_cmpint (read->kind, ==, gk_item_get_kind (item));
      g_assert_cmpint (read->revision, ==, gk_item_get_revision (item));

      /* Optional text goes out as null, never left out; the override only when approved. */
      g_assert_true (json_object_has_member (json_node_get_object (wire), "doc_number"));
      g_assert_true (json_object_has_member (json_node_get_object (wire), "correction"));
      g_assert_cmpint (json_object_has_member (json_node_get_object (wire), "privacy_override"), ==, full);

      g_assert_cmpuint (read->attachments->len, ==, attachments->len);
      for (guint i = 0; i < attachments->len; i++)
        {
          GkAttachment *attachment = g_ptr_array_index (attachments, i);
          GkProtocolAttachment *sent = &g_array_index (read->attachments, GkProtocolAttachment, i);

          g_assert_cmpstr (sent->upload, ==, uploads[i]);
          g_assert_cmpstr (sent->name, ==, gk_attachment_get_name (attachment));
          g_assert_cmpstr (sent->content_type, ==, gk_attachment_get_content_type (attachment));
          g_assert_cmpint (sent->size, ==, (gint64) gk_attachment_get_size (attachment));
          g_assert_cmpstr (sent->sha256, ==, gk_attachment_get_sha256 (attachment));
        }
    }
}

/* A portal or a newer client may add members; a document may leave out what is optional. */
static void
test_item_lenient (void)
{
  static const char * const documents[] = {
    "{\"id\":\"" UUID "\",\"column_id\":\"c\",\"kind\":\"policy\",\"revision\":1,\"title\":\"t\"}",
    "{\"id\":\"" UUID "\",\"column_id\":\"c\",\"kind\":\"policy\",\"revision\":1,\"title\":\"t\","
    "\"attachments\":null,\"privacy_override\":null,\"correction\":null,\"x_vendor\":{\"a\":[1,2]}}",
    "{\"id\":\"" UUID "\",\"column_id\":\"c\",\"kind\":\"other\",\"revision\":7,\"title\":\"t\","
    "\"attachments\":[],\"privacy_override\":{},\"publish_on\":\"2028-02-29\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) json = parse (documents[i]);
      g_autoptr(GkProtocolItem) read = NULL;
      g_autoptr(GError) error = NULL;

      read = gk_protocol_item_read (json_node_get_object (json), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (read->fields[GK_ITEM_UUID], ==, UUID);
      g_assert_cmpuint (read->attachments->len, ==, 0);
      g_assert_null (read->fields[GK_ITEM_OVERRIDE_BY]);
      g_assert_null (read->fields[GK_ITEM_BODY]);
    }
}

static const char *valid_item =
  "{\"id\":\"" UUID "\",\"column_id\":\"hms.shjz.cxdb\",\"kind\":\"list\",\"revision\":2,\"title\":\"标题\","
  "\"body\":\"a\\nb\",\"publish_on\":\"2026-10-10\",\"privacy_override\":{\"approver\":\"王\",\"reason\":\"r\",\"findings\":\"f\"},"
  "\"attachments\":[{\"upload\":\"uploads/u1\",\"name\":\"a.pdf\",\"content_type\":\"application/pdf\","
  "\"size\":10,\"sha256\":\"ab\"}]}";

static void
test_item_refused (void)
{
  /* A member (of the first attachment, for "attachments/…"; of the override for "privacy_override/…")
   * set to a JSON value the document does not allow, and the member the refusal names. */
  static const struct { const char *member; const char *value; const char *named; } cases[] = {
    { "id", "\"42\"", "id" },
    { "id", "null", "id" },
    { "id", "42", "id" },
    { "column_id", "\"\"", "column_id" },
    { "column_id", "[\"c\"]", "column_id" },
    { "kind", "\"memo\"", "kind" },
    { "kind", "1", "kind" },
    { "revision", "0", "revision" },
    { "revision", "\"2\"", "revision" },
    { "revision", "2.5", "revision" },
    { "revision", "true", "revision" },
    /* Too large for 64 bits: json-glib reads it as a fraction. */
    { "revision", "99999999999999999999999", "revision" },
    { "title", "\"a\\u0007b\"", "title" },
    { "title", "\"two\\nlines\"", "title" },
    { "title", "\"\\u202eevil\"", "title" },
    { "body", "\"a\\u0085b\"", "body" },
    { "body", "{}", "body" },
    { "publish_on", "\"2026-02-30\"", "publish_on" },
    { "publish_on", "\"2026-2-3\"", "publish_on" },
    { "publish_on", "\"2026-10-10T00:00:00Z\"", "publish_on" },
    { "written_on", "20261010", "written_on" },
    { "reviewed_on", "\"yesterday\"", "reviewed_on" },
    { "interprets", "\"not-a-uuid\"", "interprets" },
    { "doc_number", "12", "doc_number" },
    { "correction", "12", "correction" },
    { "correction", "\"a\\u0001b\"", "correction" },
    { "privacy_override", "\"yes\"", "privacy_override" },
    { "privacy_override/approver", "1", "approver" },
    { "attachments", "{}", "attachments" },
    { "attachments", "[1]", "Attachment 1" },
    { "attachments/size", "-1", "size" },
    { "attachments/size", "\"10\"", "size" },
    { "attachments/size", "1e300", "size" },
    { "attachments/size", "99999999999999999999999", "size" },
    { "attachments/upload", "\"\"", "upload" },
    { "attachments/name", "\"a\\nb.pdf\"", "name" },
    { "attachments/sha256", "null", "sha256" },
    { "attachments/content_type", "false", "content_type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) json = parse (valid_item);
      g_autoptr(GkProtocolItem) read = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *target = json_node_get_object (json);
      const char *member = cases[i].member;

      if (g_str_has_prefix (member, "attachments/"))
        {
          target = json_array_get_object_element (json_object_get_array_member (target, "attachments"), 0);
          member += strlen ("attachments/");
        }
      else if (g_str_has_prefix (member, "privacy_override/"))
        {
          target = json_object_get_object_member (target, "privacy_override");
          member += strlen ("privacy_override/");
        }
      json_object_set_member (target, member, parse (cases[i].value));

      read = gk_protocol_item_read (json_node_get_object (json), &error);
      if (read != NULL)
        g_error ("%s = %s was read", cases[i].member, cases[i].value);
      g_assert_error (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID);
      if (strstr (error->message, cases[i].named) == NULL)
        g_error ("%s = %s: “%s” does not name %s", cases[i].member, cases[i].value, error->message, cases[i].named);
    }

  /* The unchanged document is fine: each refusal above is the one member's. */
  {
    g_autoptr(JsonNode) json = parse (valid_item);
    g_autoptr(GkProtocolItem) read = NULL;
    g_autoptr(GError) error = NULL;

    read = gk_protocol_item_read (json_node_get_object (json), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (read->fields[GK_ITEM_OVERRIDE_BY], ==, "王");
  }
}

static void
test_item_required (void)
{
  static const char * const required[] = { "id", "column_id", "kind", "revision", "title" };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autoptr(JsonNode) json = parse (valid_item);
      g_autoptr(GkProtocolItem) read = NULL;
      g_autoptr(GError) error = NULL;

      json_object_remove_member (json_node_get_object (json), required[i]);
      read = gk_protocol_item_read (json_node_get_object (json), &error);
      g_assert_null (read);
      g_assert_error (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, required[i]));
    }
}

static void
assert_same_status (const GkProtocolStatus *a,
                    const GkProtocolStatus *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpint (a->revision, ==, b->revision);
  g_assert_cmpstr (a->column_id, ==, b->column_id);
  g_assert_cmpstr (a->kind, ==, b->kind);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->publish_on, ==, b->publish_on);
  g_assert_cmpstr (a->status, ==, b->status);
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpstr (a->received_at, ==, b->received_at);
  g_assert_cmpstr (a->published_at, ==, b->published_at);
  g_assert_cmpstr (a->updated_at, ==, b->updated_at);
  g_assert_cmpstr (a->interprets, ==, b->interprets);
  g_assert_cmpuint (a->interpreted_by->len, ==, b->interpreted_by->len);
  for (guint i = 0; i < a->interpreted_by->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->interpreted_by, i), ==, g_ptr_array_index (b->interpreted_by, i));
}

static void
test_status_round_trip (void)
{
  /* The reference portal's microseconds, a time without fraction, one with an offset (§1, §6.5). */
  g_autoptr(GPtrArray) interpreted_by = g_ptr_array_new ();
  GkProtocolStatus statuses[] = {
    { UUID, 2, "hms.shjz.cxdb", "list", "标题", "2026-10-10", "published", NULL,
      "2026-10-09T07:12:40.518201Z", "2026-10-10T00:00:00Z", "2026-10-10T08:00:00.5+08:00", NULL, interpreted_by },
    { POLICY, 1, "wzz.jsjf.zcwj", "policy", "t", NULL, "rejected", "名称写错了\n请改正",
      NULL, NULL, "2026-10-10T00:00:00.123456789Z", UUID, interpreted_by },
  };

  g_ptr_array_add (interpreted_by, (gpointer) UUID);
  g_ptr_array_add (interpreted_by, (gpointer) POLICY);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(JsonNode) json = gk_protocol_status_to_json (&statuses[i]);
      g_autoptr(JsonNode) wire = over_the_wire (json);
      g_auto(GkProtocolStatus) read = { NULL, };
      g_autoptr(GError) error = NULL;

      g_assert_true (gk_protocol_status_read (json_node_get_object (wire), &read, &error));
      g_assert_no_error (error);
      assert_same_status (&read, &statuses[i]);
      /* Nulls are written, not left out. */
      g_assert_true (json_object_has_member (json_node_get_object (wire), "reason"));
    }
}

/* What a portal may add or leave out, and what a client cannot do without. */
static void
test_status_read (void)
{
  static const struct { const char *json; gboolean ok; } cases[] = {
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", TRUE },
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\","
      "\"x_vendor\":{\"deep\":[1]},\"kind\":5,\"interpreted_by\":\"no\",\"published_at\":null}", TRUE },
    { "{\"revision\":1,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":1,\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"status\":\"received\"}", FALSE },
    { "{\"id\":\"a\",\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":0,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":\"1\",\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", FALSE },
    { "{\"id\":7,\"revision\":1,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"yesterday\"}", FALSE },
    /* A time without its offset is not RFC 3339. */
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"status\":\"received\",\"updated_at\":\"2026-11-26T08:30:00Z\","
      "\"received_at\":\"2026-11-26\"}", FALSE },
    { "{\"id\":\"a\",\"revision\":1,\"column_id\":\"c\",\"status\":\"published\",\"updated_at\":\"2026-11-26T08:30:00Z\","
      "\"published_at\":\"soon\"}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) json = parse (cases[i].json);
      g_auto(GkProtocolStatus) read = { NULL, };
      g_autoptr(GError) error = NULL;
      gboolean ok = gk_protocol_status_read (json_node_get_object (json), &read, &error);

      if (ok != cases[i].ok)
        g_error ("%s: read %s", cases[i].json, ok ? "but should not" : "not but should");
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_null (read.kind);
          g_assert_null (read.interpreted_by);
        }
      else
        {
          g_assert_error (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID);
          g_assert_null (read.interpreted_by);
        }
    }
}

static void
test_page_round_trip (void)
{
  /* Opaque cursors of every style a portal may choose (docs/doc-portal.md), and the last page. */
  static const char * const cursors[] = { "2", "+/+/Mg==", "a+b c&d=e%f?g#h", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
    {
      g_autoptr(JsonArray) statuses = json_array_new ();
      g_autoptr(JsonNode) json = NULL;
      g_autoptr(JsonNode) wire = NULL;
      g_autoptr(GPtrArray) read = NULL;
      const char *next = "unset";

      for (guint j = 0; j < i; j++)
        {
          GkProtocolStatus status = { UUID, j + 1, "c", NULL, NULL, NULL, "received", NULL, NULL, NULL,
                                      "2026-11-26T08:30:00Z", NULL, NULL };

          json_array_add_element (statuses, gk_protocol_status_to_json (&status));
        }

      json = gk_protocol_page_to_json (statuses, cursors[i]);
      wire = over_the_wire (json);
      read = gk_protocol_page_read (wire, &next);
      g_assert_nonnull (read);
      g_assert_cmpstr (next, ==, cursors[i]);
      g_assert_cmpuint (read->len, ==, i);
      for (guint j = 0; j < i; j++)
        {
          g_auto(GkProtocolStatus) status = { NULL, };

          g_assert_true (gk_protocol_status_read (g_ptr_array_index (read, j), &status, NULL));
          g_assert_cmpint (status.revision, ==, j + 1);
        }
    }
}

static void
test_page_read (void)
{
  static const struct { const char *json; int len; const char *next; } cases[] = {
    { "{\"items\":[],\"next_cursor\":null}", 0, NULL },
    { "{\"items\":[]}", 0, NULL },
    /* An element that is no object is left out; a cursor that is no string is none. */
    { "{\"items\":[1,{\"id\":\"a\"},null],\"next_cursor\":5,\"x_vendor\":true}", 1, NULL },
    { "{\"items\":{},\"next_cursor\":\"c\"}", -1, NULL },
    { "{\"next_cursor\":\"c\"}", -1, NULL },
    { "[{\"items\":[]}]", -1, NULL },
  };
  const char *next;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) json = parse (cases[i].json);
      g_autoptr(GPtrArray) read = gk_protocol_page_read (json, &next);

      g_assert_cmpint (read != NULL ? (int) read->len : -1, ==, cases[i].len);
      g_assert_cmpstr (next, ==, cases[i].next);
    }

  g_assert_null (gk_protocol_page_read (NULL, &next));
}

static void
test_paths (void)
{
  g_autofree char *item = gk_protocol_item_path (UUID);
  g_autofree char *first = gk_protocol_list_path (200, NULL, NULL);
  g_autofree char *next = gk_protocol_list_path (200, "2026-11-26T08:30:00.5+08:00", "a+b&c= d%");
  g_autofree char *summary = gk_protocol_summary_path ("2017-09-25");
  g_autoptr(GUri) base = g_uri_parse ("https://portal.example.gov.cn/", G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) resolved = g_uri_parse_relative (base, next, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_cmpstr (item, ==, "api/v1/items/" UUID);
  g_assert_cmpstr (first, ==, "api/v1/items?limit=200");
  /* §6.5: `since` and `cursor` percent-encoded, so a + is not read as a space. */
  g_assert_cmpstr (next, ==, "api/v1/items?limit=200&since=2026-11-26T08%3A30%3A00.5%2B08%3A00&cursor=a%2Bb%26c%3D%20d%25");
  g_assert_cmpstr (summary, ==, "api/v1/columns/summary?as_of=2017-09-25");

  /* Relative to the base URL (§1), and read back as a form decoder reads it. */
  g_assert_cmpstr (g_uri_get_path (resolved), ==, "/api/v1/items");
  params = g_uri_parse_params (g_uri_get_query (resolved), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "limit"), ==, "200");
  g_assert_cmpstr (g_hash_table_lookup (params, "since"), ==, "2026-11-26T08:30:00.5+08:00");
  g_assert_cmpstr (g_hash_table_lookup (params, "cursor"), ==, "a+b&c= d%");

  g_assert_cmpstr (GK_PROTOCOL_UPLOADS, ==, "api/v1/uploads");
  g_assert_cmpstr (GK_PROTOCOL_WHOAMI, ==, "api/v1/whoami");
}

static void
test_registration (void)
{
  GkProtocolRegistration sent = { "市民政局", "李副局长", "办公室", "张三", "0730-1234567" };
  g_autoptr(JsonNode) json = gk_protocol_registration_to_json (&sent);
  g_autoptr(JsonNode) wire = over_the_wire (json);
  GkProtocolRegistration read;
  static const struct { const char *member; const char *value; } refused[] = {
    { "unit", "\"\"" }, { "leader", "null" }, { "office", "\"a\\nb\"" }, { "liaison", "3" }, { "phone", "\"\\u001b[31m\"" },
  };

  g_assert_true (gk_protocol_registration_read (json_node_get_object (wire), &read, NULL));
  g_assert_cmpstr (read.unit, ==, sent.unit);
  g_assert_cmpstr (read.leader, ==, sent.leader);
  g_assert_cmpstr (read.office, ==, sent.office);
  g_assert_cmpstr (read.liaison, ==, sent.liaison);
  g_assert_cmpstr (read.phone, ==, sent.phone);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) copy = over_the_wire (json);
      g_autoptr(GError) error = NULL;

      json_object_set_member (json_node_get_object (copy), refused[i].member, parse (refused[i].value));
      g_assert_false (gk_protocol_registration_read (json_node_get_object (copy), &read, &error));
      g_assert_error (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, refused[i].member));
    }
}

static void
test_whoami (void)
{
  g_autoptr(JsonNode) forever = gk_protocol_whoami_to_json ("市民政局", NULL);
  g_autoptr(JsonNode) expiring = gk_protocol_whoami_to_json ("市民政局", "2027-12-06T00:00:00Z");
  g_autoptr(JsonNode) forever_wire = over_the_wire (forever);
  g_autoptr(JsonNode) expiring_wire = over_the_wire (expiring);
  g_autoptr(JsonNode) nameless = parse ("{\"unit\":null,\"expires_at\":null}");
  g_autoptr(JsonNode) not_object = parse ("[\"市民政局\"]");

  g_assert_cmpstr (gk_protocol_whoami_read (forever_wire), ==, "市民政局");
  g_assert_true (json_object_get_null_member (json_node_get_object (forever_wire), "expires_at"));
  g_assert_cmpstr (gk_protocol_whoami_read (expiring_wire), ==, "市民政局");
  g_assert_null (gk_protocol_whoami_read (nameless));
  g_assert_null (gk_protocol_whoami_read (not_object));
  g_assert_null (gk_protocol_whoami_read (NULL));
}

static void
test_problem_round_trip (void)
{
  static const GkProtocolProblem problems[] = {
    { "too-large", "The body or upload is over the limit", 413, "附件 25221 字节", "/api/v1/uploads", 25221, 5000, NULL, NULL },
    { "invalid", "The request is invalid", 422, "upload up_1 is not complete", "/api/v1/items",
      -1, -1, "uploads/up_1", "incomplete" },
    { "unavailable", "The portal is unavailable", 503, NULL, "/api/v1/whoami", -1, -1, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      g_autoptr(JsonNode) json = gk_protocol_problem_to_json (&problems[i]);
      g_autoptr(JsonNode) wire = over_the_wire (json);
      JsonObject *object = json_node_get_object (wire);
      GkProtocolProblem read;

      g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "type"), GK_PROTOCOL_PROBLEM_BASE));
      /* RFC 9457 §3.2: extension members only when they say something. */
      g_assert_cmpint (json_object_has_member (object, "size"), ==, problems[i].size >= 0);
      g_assert_cmpint (json_object_has_member (object, "upload_problem"), ==, problems[i].upload_problem != NULL);

      gk_protocol_problem_read (wire, &read);
      g_assert_cmpstr (read.type, ==, problems[i].type);
      g_assert_cmpstr (read.title, ==, problems[i].title);
      g_assert_cmpint (read.status, ==, problems[i].status);
      g_assert_cmpstr (read.detail, ==, problems[i].detail);
      g_assert_cmpstr (read.instance, ==, problems[i].instance);
      g_assert_cmpint (read.size, ==, problems[i].size);
      g_assert_cmpint (read.limit, ==, problems[i].limit);
      g_assert_cmpstr (read.upload, ==, problems[i].upload);
      g_assert_cmpstr (read.upload_problem, ==, problems[i].upload_problem);
    }
}

/* Another portal's problems: its own host in the type, or none of ours; never a failure. */
static void
test_problem_read (void)
{
  static const struct { const char *json; const char *type; const char *detail; gint64 size; } cases[] = {
    { "{\"type\":\"https://portal.example.gov.cn/problems/too-large\",\"size\":1,\"limit\":0}", "too-large", NULL, 1 },
    { "{\"type\":\"about:blank\",\"detail\":\"Bad Gateway\"}", NULL, "Bad Gateway", -1 },
    { "{\"type\":5,\"detail\":{},\"size\":-3,\"limit\":\"5\"}", NULL, NULL, -1 },
    { "{\"size\":1e30}", NULL, NULL, -1 },
    { "[\"not a problem\"]", NULL, NULL, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) json = parse (cases[i].json);
      GkProtocolProblem read;

      gk_protocol_problem_read (json, &read);
      g_assert_cmpstr (read.type, ==, cases[i].type);
      g_assert_cmpstr (read.detail, ==, cases[i].detail);
      g_assert_cmpint (read.size, ==, cases[i].size);
      g_assert_cmpint (read.status, ==, -1);
    }
}

static void
test_upload_metadata (void)
{
  /* A Chinese name, a comma and spaces in it: base64 carries them through the header's syntax. */
  GkProtocolUpload sent = { "2026年 名单, 第二批.xlsx", "application/vnd.ms-excel",
                            "af9c61e0c5a4f7e3b0d1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3" };
  g_autofree char *header = gk_protocol_upload_metadata_to_string (&sent);
  g_autoptr(GHashTable) read = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const refused[] = {
    "filename a b c", "filename not-base64!", "filename YQ", "filename YQ==,filename Yg==",
    "filename YQBi", "filename YQ==,,sha256 YQ==",
  };

  read = gk_protocol_upload_metadata_read (header, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (read), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (read, "filename"), ==, sent.filename);
  g_assert_cmpstr (g_hash_table_lookup (read, "filetype"), ==, sent.filetype);
  g_assert_cmpstr (g_hash_table_lookup (read, "sha256"), ==, sent.sha256);
  g_clear_pointer (&read, g_hash_table_unref);

  /* tus: a key without a value, spaces around pairs, and no header at all. */
  read = gk_protocol_upload_metadata_read ("is_confidential, filename YQ== ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (read, "is_confidential"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (read, "filename"), ==, "a");
  g_clear_pointer (&read, g_hash_table_unref);
  read = gk_protocol_upload_metadata_read (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (read), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GHashTable) none = gk_protocol_upload_metadata_read (refused[i], &error);

      if (none != NULL)
        g_error ("Upload-Metadata “%s” was read", refused[i]);
      g_assert_error (error, GK_PROTOCOL_ERROR, GK_PROTOCOL_ERROR_INVALID);
      g_clear_error (&error);
    }
}

static void
test_summary_round_trip (void)
{
  static const GkProtocolSummaryColumn sent[] = {
    { "wzz.jsjf.zcwj", "2017-09-20", 2 },
    { "hms.shjz.cxdb", NULL, 0 },
    { "x.y.z", "2016-02-29", G_MAXUINT },
  };
  g_autoptr(JsonNode) json = gk_protocol_summary_to_json ("2017-09-25", sent, G_N_ELEMENTS (sent));
  g_autoptr(JsonNode) wire = over_the_wire (json);
  g_autoptr(GArray) read = NULL;
  const char *as_of;

  read = gk_protocol_summary_read (wire, &as_of);
  g_assert_nonnull (read);
  g_assert_cmpstr (as_of, ==, "2017-09-25");
  g_assert_cmpuint (read->len, ==, G_N_ELEMENTS (sent));
  for (guint i = 0; i < read->len; i++)
    {
      GkProtocolSummaryColumn *column = &g_array_index (read, GkProtocolSummaryColumn, i);

      g_assert_cmpstr (column->column_id, ==, sent[i].column_id);
      g_assert_cmpstr (column->newest, ==, sent[i].newest);
      g_assert_cmpint (column->count, ==, sent[i].count);
    }
}

static void
test_summary_refused (void)
{
  static const char * const refused[] = {
    "{\"columns\":[]}",
    "{\"as_of\":\"2017-9-25\",\"columns\":[]}",
    "{\"as_of\":\"2017-09-25\"}",
    "{\"as_of\":\"2017-09-25\",\"columns\":{}}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[1]}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[{\"newest\":null,\"count\":0}]}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[{\"column_id\":\"c\",\"newest\":null}]}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[{\"column_id\":\"c\",\"newest\":null,\"count\":-1}]}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[{\"column_id\":\"c\",\"newest\":null,\"count\":4294967296}]}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[{\"column_id\":\"c\",\"newest\":null,\"count\":1e3}]}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[{\"column_id\":\"c\",\"newest\":\"2017-02-29\",\"count\":1}]}",
    "{\"as_of\":\"2017-09-25\",\"columns\":[{\"column_id\":\"c\",\"newest\":20170920,\"count\":1}]}",
    "[]",
  };
  g_autoptr(JsonNode) lenient = parse ("{\"as_of\":\"2017-09-25\",\"x_vendor\":1,"
                                       "\"columns\":[{\"column_id\":\"c\",\"count\":3,\"x\":[]}]}");
  g_autoptr(GArray) read = NULL;
  const char *as_of;

  /* Extra members are another portal's business; a left-out newest is none. */
  read = gk_protocol_summary_read (lenient, &as_of);
  g_assert_nonnull (read);
  g_assert_null (g_array_index (read, GkProtocolSummaryColumn, 0).newest);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) json = parse (refused[i]);
      g_autoptr(GArray) none = gk_protocol_summary_read (json, &as_of);

      if (none != NULL)
        g_error ("%s was read as a summary", refused[i]);
      g_assert_null (as_of);
    }
}

static void
test_text_is_clean (void)
{
  g_assert_true (gk_protocol_text_is_clean ("岳民发〔2026〕12号", FALSE));
  g_assert_true (gk_protocol_text_is_clean ("a\tb\nc\r\n", TRUE));
  g_assert_false (gk_protocol_text_is_clean ("a\tb", FALSE));
  g_assert_false (gk_protocol_text_is_clean ("a\x7f", TRUE));
  g_assert_false (gk_protocol_text_is_clean ("a\xc2\x85", TRUE));          /* C1 NEL */
  g_assert_false (gk_protocol_text_is_clean ("a\xe2\x80\xae", TRUE));      /* RIGHT-TO-LEFT OVERRIDE */
  g_assert_false (gk_protocol_text_is_clean ("a\xe2\x81\xa6", TRUE));      /* LEFT-TO-RIGHT ISOLATE */
  g_assert_false (gk_protocol_text_is_clean ("\xff", TRUE));               /* not UTF-8 */
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/item/round-trip", test_item_round_trip);
  g_test_add_func ("/protocol/item/lenient", test_item_lenient);
  g_test_add_func ("/protocol/item/refused", test_item_refused);
  g_test_add_func ("/protocol/item/required", test_item_required);
  g_test_add_func ("/protocol/status/round-trip", test_status_round_trip);
  g_test_add_func ("/protocol/status/read", test_status_read);
  g_test_add_func ("/protocol/page/round-trip", test_page_round_trip);
  g_test_add_func ("/protocol/page/read", test_page_read);
  g_test_add_func ("/protocol/paths", test_paths);
  g_test_add_func ("/protocol/registration", test_registration);
  g_test_add_func ("/protocol/whoami", test_whoami);
  g_test_add_func ("/protocol/problem/round-trip", test_problem_round_trip);
  g_test_add_func ("/protocol/problem/read", test_problem_read);
  g_test_add_func ("/protocol/upload-metadata", test_upload_metadata);
  g_test_add_func ("/protocol/summary/round-trip", test_summary_round_trip);
  g_test_add_func ("/protocol/summary/refused", test_summary_refused);
  g_test_add_func ("/protocol/text-is-clean", test_text_is_clean);

  return g_test_run ();
}
