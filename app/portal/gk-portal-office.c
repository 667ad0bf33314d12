/* The municipal office's HTML pages: received items, their revisions and attachments, Approve and Reject. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-column.h"
#include "gk-portal-office.h"
#include "gk-protocol.h"

#define ITEMS_PAGE GK_PORTAL_OFFICE_PATH "items/"
#define UPLOADS_PAGE GK_PORTAL_OFFICE_PATH "uploads/"
#define SIGN_IN_PAGE GK_PORTAL_OFFICE_PATH "sign-in"
#define SIGN_OUT_PAGE GK_PORTAL_OFFICE_PATH "sign-out"

struct _GkPortalOffice
{
  GObject      parent_instance;

  GkPortalDb          *db;
  GkPortalTus         *tus;
  GkCatalog           *catalog;
  GkPortalOfficeGuard *guard;
};

G_DEFINE_FINAL_TYPE (GkPortalOffice, gk_portal_office, G_TYPE_OBJECT)

static const char *page_style =
  "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}"
  "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
  "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
  "th{background:#f0f0f0}.status{font-weight:bold}pre{white-space:pre-wrap;margin:0}"
  ".notice{background:#fff3cd;border:1px solid #e0c060;padding:.5em}"
  "form{display:inline-block;margin-right:1em;vertical-align:top}textarea{width:24em;height:4em}";

static const char *
get_status_label (const char *status)
{
  if (g_strcmp0 (status, "received") == 0)
    return "待审核 received";
  if (g_strcmp0 (status, "scheduled") == 0)
    return "待发布 scheduled";
  if (g_strcmp0 (status, "published") == 0)
    return "已发布 published";
  if (g_strcmp0 (status, "rejected") == 0)
    return "已退回 rejected";

  return status;
}

static void G_GNUC_PRINTF (2, 3)
append_printf_escaped (GString    *html,
                       const char *format,
                       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);

  g_string_append (html, text);
}

static void
begin_page (GString    *html,
            const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                          "<title>%s</title><style>%s</style></head><body>"
                          "<p><a href=\"" GK_PORTAL_OFFICE_PATH "\">全部稿件 All items</a></p><h1>%s</h1>\n",
                          escaped, page_style, escaped);
}

static void
respond_page (GkPortalRequest *request,
              guint            status,
              GString         *html)
{
  g_string_append (html, "</body></html>\n");
  gk_portal_request_respond_html (request, status, html->str);
}

static void
respond_message (GkPortalRequest *request,
                 guint            status,
                 const char      *title,
                 const char      *message)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  begin_page (html, title);
  g_string_append_printf (html, "<p>%s</p>", escaped);
  respond_page (request, status, html);
}

/* Who is signed in, and the form to sign out; nothing without office accounts. */
static void
append_account_bar (GkPortalOffice  *self,
                    GkPortalRequest *request,
                    GString         *html)
{
  g_autofree char *user = gk_portal_office_guard_dup_user (self->guard, request);
  g_autofree char *session = NULL;
  g_autofree char *token = NULL;

  if (user == NULL)
    return;

  session = gk_portal_office_guard_dup_session (self->guard, request);
  token = gk_portal_office_guard_dup_form_token (self->guard, session);
  append_printf_escaped (html, "<form method=\"post\" action=\"" SIGN_OUT_PAGE "\">"
                               "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                               "已登录 Signed in as <strong>%s</strong> "
                               "<button type=\"submit\">退出 Sign out</button></form>\n",
                         token, user);
}

/* @notice: (nullable): why the last attempt failed */
static void
show_sign_in (GkPortalOffice  *self,
              GkPortalRequest *request,
              guint            status,
              const char      *notice)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *session = gk_portal_office_guard_dup_session (self->guard, request);
  g_autofree char *token = gk_portal_office_guard_dup_form_token (self->guard, session);

  begin_page (html, "登录 Sign in");
  if (notice != NULL)
    append_printf_escaped (html, "<p class=\"notice\" role=\"alert\">%s</p>\n", notice);
  append_printf_escaped (html, "<form method=\"post\" action=\"" SIGN_IN_PAGE "\">"
                               "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                               "<p><label>账号 Name<br><input name=\"name\" autocomplete=\"username\" required></label></p>"
                               "<p><label>密码 Password<br><input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>"
                               "<p><button type=\"submit\">登录 Sign in</button></p></form>\n",
                         token);
  respond_page (request, status, html);
}

/* The form of a POST, once it is known to come from this portal's page; NULL after answering. */
static GHashTable *
dup_checked_form (GkPortalOffice  *self,
                  GkPortalRequest *request)
{
  g_autofree char *text = gk_portal_request_dup_body_text (request);
  g_autoptr(GHashTable) form = soup_form_decode (text);
  g_autoptr(GError) error = NULL;

  if ((error = gk_portal_office_guard_check_form (self->guard, request, form)) != NULL)
    {
      respond_message (request, SOUP_STATUS_FORBIDDEN, "请重新打开此页 Reload the page", error->message);
      return NULL;
    }

  return g_steal_pointer (&form);
}

static void
sign_in (GkPortalOffice  *self,
         GkPortalRequest *request)
{
  g_autoptr(GHashTable) form = dup_checked_form (self, request);
  g_autoptr(GError) error = NULL;
  const char *name, *password;

  if (form == NULL)
    return;

  name = g_hash_table_lookup (form, "name");
  password = g_hash_table_lookup (form, "password");
  if (name == NULL || password == NULL)
    {
      show_sign_in (self, request, SOUP_STATUS_BAD_REQUEST, "Type your name and password.");
      return;
    }

  if ((error = gk_portal_office_guard_sign_in (self->guard, request, name, password)) != NULL)
    {
      show_sign_in (self, request,
                    g_error_matches (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_MANY)
                      ? 429 : SOUP_STATUS_UNAUTHORIZED,
                    error->message);
      return;
    }

  gk_portal_request_redirect (request, GK_PORTAL_OFFICE_PATH);
}

static void
sign_out (GkPortalOffice  *self,
          GkPortalRequest *request)
{
  g_autoptr(GHashTable) form = dup_checked_form (self, request);

  if (form == NULL)
    return;

  gk_portal_office_guard_sign_out (self->guard, request);
  gk_portal_request_redirect (request, SIGN_IN_PAGE);
}

static char *
dup_column_label (GkPortalOffice *self,
                  const char     *column_id)
{
  GkColumn *column = gk_catalog_lookup_column (self->catalog, column_id);

  if (column == NULL)
    return g_strdup (column_id);

  return gk_column_dup_path (column);
}

static void
append_row (GString    *html,
            const char *label,
            const char *value)
{
  g_autofree char *escaped_label = g_markup_escape_text (label, -1);
  g_autofree char *escaped_value = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_append_printf (html, "<tr><th>%s</th><td><pre>%s</pre></td></tr>\n", escaped_label, escaped_value);
}

static void
show_items (GkPortalOffice  *self,
            GkPortalRequest *request)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *unit = NULL;

  if ((rows = gk_portal_db_list_items (self->db, &error)) == NULL)
    {
      respond_message (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "出错 Error", error->message);
      return;
    }

  begin_page (html, "收到的稿件 Received items");
  append_account_bar (self, request, html);
  if (rows->len == 0)
    g_string_append (html, "<p>还没有稿件。No items yet.</p>\n");

  for (guint i = 0; i < rows->len; i++)
    {
      GkPortalItemRow *row = g_ptr_array_index (rows, i);
      g_autofree char *column = dup_column_label (self, row->column_id);

      if (g_strcmp0 (unit, row->unit) != 0)
        {
          if (unit != NULL)
            g_string_append (html, "</table>\n");
          unit = row->unit;
          append_printf_escaped (html, "<h2>%s</h2>\n", unit);
          g_string_append (html, "<table><tr><th>栏目 Column</th><th>标题 Title</th><th>状态 Status</th>"
                                 "<th>发布日期 Publish on</th><th>修订 Revision</th><th>更新 Updated</th></tr>\n");
        }

      append_printf_escaped (html,
                             "<tr><td>%s</td><td><a href=\"" ITEMS_PAGE "%s\">%s</a></td>"
                             "<td class=\"status\">%s</td><td>%s</td><td>%" G_GINT64_FORMAT "</td><td>%s</td></tr>\n",
                             column, row->id, row->title, get_status_label (row->status),
                             row->publish_on != NULL ? row->publish_on : "—",
                             row->revision, row->updated_at);
    }

  if (unit != NULL)
    g_string_append (html, "</table>\n");

  respond_page (request, SOUP_STATUS_OK, html);
}

static void
append_revision (GkPortalOffice *self,
                 GString        *html,
                 const char     *id,
                 JsonObject     *revision)
{
  static const struct { const char *member; const char *label; } fields[] = {
    { "title", "标题 Title" },
    { "kind", "类型 Kind" },
    { "doc_number", "文号 Document number" },
    { "issuer", "发布机构 Issuer" },
    { "written_on", "成文日期 Written on" },
    { "publish_on", "发布日期 Publish on" },
    { "interprets", "解读对象 Interprets" },
    { "reviewer", "审核人 Reviewer" },
    { "reviewed_on", "审核日期 Reviewed on" },
    { "correction", "更正说明 Correction" },
    { "body", "正文 Body" },
  };
  g_autoptr(GPtrArray) attachments = NULL;
  JsonObject *document = NULL;
  gint64 number = json_object_get_int_member (revision, "revision");

  if (json_object_has_member (revision, "document"))
    document = json_object_get_object_member (revision, "document");

  append_printf_escaped (html, "<h3>修订 Revision %" G_GINT64_FORMAT " · %s</h3>\n<table>\n",
                         number, json_object_get_string_member (revision, "received_at"));
  for (guint i = 0; document != NULL && i < G_N_ELEMENTS (fields); i++)
    append_row (html, fields[i].label, json_object_get_string_member_with_default (document, fields[i].member, NULL));

  /* The office must see that personal-information findings were let through, by whom and why. */
  if (document != NULL && json_object_has_member (document, "privacy_override") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (document, "privacy_override")))
    {
      JsonObject *override = json_object_get_object_member (document, "privacy_override");

      append_row (html, "个人信息放行人 Privacy override by",
                  json_object_get_string_member_with_default (override, "approver", NULL));
      append_row (html, "放行理由 Reason", json_object_get_string_member_with_default (override, "reason", NULL));
      append_row (html, "检查发现 Findings", json_object_get_string_member_with_default (override, "findings", NULL));
    }
  g_string_append (html, "</table>\n");

  attachments = gk_portal_db_list_attachments (self->db, id, number, NULL);
  if (attachments == NULL || attachments->len == 0)
    return;

  g_string_append (html, "<p>附件 Attachments:</p><ul>\n");
  for (guint i = 0; i < attachments->len; i++)
    {
      GkPortalAttachment *attachment = g_ptr_array_index (attachments, i);

      append_printf_escaped (html, "<li><a href=\"" UPLOADS_PAGE "%s\">%s</a> (%" G_GUINT64_FORMAT " bytes, %s, SHA-256 %s)</li>\n",
                             attachment->upload_id, attachment->name, attachment->size,
                             attachment->content_type, attachment->sha256);
    }
  g_string_append (html, "</ul>\n");
}

/* @notice: (nullable): said above the item, e.g. why a verdict was not taken */
static void
show_item (GkPortalOffice  *self,
           GkPortalRequest *request,
           const char      *id,
           guint            status,
           const char      *notice)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GkPortalItemRow) item = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *column = NULL;
  g_autofree char *session = NULL;
  g_autofree char *token = NULL;

  if ((item = gk_portal_db_dup_item (self->db, id, &error)) == NULL ||
      (revisions = gk_portal_db_list_revisions (self->db, id, &error)) == NULL)
    {
      if (error != NULL)
        respond_message (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "出错 Error", error->message);
      else
        respond_message (request, SOUP_STATUS_NOT_FOUND, "没有此稿件 No such item", id);
      return;
    }

  session = gk_portal_office_guard_dup_session (self->guard, request);
  token = gk_portal_office_guard_dup_form_token (self->guard, session);
  column = dup_column_label (self, item->column_id);
  begin_page (html, item->title);
  append_account_bar (self, request, html);
  if (notice != NULL)
    append_printf_escaped (html, "<p class=\"notice\" role=\"alert\">%s</p>\n", notice);
  g_string_append (html, "<table>\n");
  append_row (html, "单位 Unit", item->unit);
  append_row (html, "栏目 Column", column);
  append_row (html, "状态 Status", get_status_label (item->status));
  if (item->reason != NULL)
    append_row (html, "退回理由 Reason", item->reason);
  append_row (html, "更新 Updated", item->updated_at);
  g_string_append (html, "</table>\n");

  /* The verdict names the revision shown: one sent in since is not approved unread. */
  append_printf_escaped (html, "<form method=\"post\" action=\"" ITEMS_PAGE "%s/approve\">"
                                   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                                   "<input type=\"hidden\" name=\"revision\" value=\"%" G_GINT64_FORMAT "\">"
                                   "<button type=\"submit\">通过修订 %" G_GINT64_FORMAT " Approve revision %" G_GINT64_FORMAT "</button></form>"
                                   "<form method=\"post\" action=\"" ITEMS_PAGE "%s/reject\">"
                                   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                                   "<input type=\"hidden\" name=\"revision\" value=\"%" G_GINT64_FORMAT "\">"
                                   "<label>退回理由 Reason<br><textarea name=\"reason\" required></textarea></label><br>"
                                   "<button type=\"submit\">退回 Reject</button></form>\n",
                                   id, token, item->revision, item->revision, item->revision,
                                   id, token, item->revision);

  for (guint i = 0; i < revisions->len; i++)
    append_revision (self, html, id, g_ptr_array_index (revisions, i));

  respond_page (request, status, html);
}

static void
decide (GkPortalOffice  *self,
        GkPortalRequest *request,
        const char      *id,
        gboolean         approve)
{
  g_autoptr(GHashTable) form = dup_checked_form (self, request);
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *user = NULL;
  const char *revision_text;
  char *reason = NULL;
  guint64 revision;

  if (form == NULL)
    return;

  revision_text = g_hash_table_lookup (form, "revision");
  if (revision_text == NULL || !g_ascii_string_to_unsigned (revision_text, 10, 1, G_MAXINT64, &revision, NULL))
    {
      respond_message (request, SOUP_STATUS_BAD_REQUEST, "请重新打开此页 Reload the page",
                       "The verdict does not say which revision it is for; reload the item's page and decide again.");
      return;
    }

  reason = g_hash_table_lookup (form, "reason");
  if (reason != NULL)
    g_strstrip (reason);

  if (!approve && (reason == NULL || *reason == '\0' || !gk_protocol_text_is_clean (reason, TRUE)))
    {
      respond_message (request, SOUP_STATUS_BAD_REQUEST, "需要理由 A reason is needed",
                       "写明退回的理由后再点“退回”。Write why the item is rejected, then press Reject.");
      return;
    }

  if (!gk_portal_db_decide (self->db, id, (gint64) revision, approve, reason, &error))
    {
      if (g_error_matches (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_CONFLICT))
        show_item (self, request, id, SOUP_STATUS_CONFLICT, error->message);
      else
        respond_message (request,
                         g_error_matches (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND)
                           ? SOUP_STATUS_NOT_FOUND : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                         "出错 Error", error->message);
      return;
    }

  user = gk_portal_office_guard_dup_user (self->guard, request);
  g_message ("office %s %s item %s revision %" G_GUINT64_FORMAT, user != NULL ? user : "(this machine)",
             approve ? "approved" : "rejected", id, revision);
  page = g_strconcat (ITEMS_PAGE, id, NULL);
  gk_portal_request_redirect (request, page);
}

/*
 * RFC 6266: filename* carries the real name percent-encoded as UTF-8; the
 * plain filename, for the few clients without filename*, is its ASCII
 * letters, digits and dots, the rest as underscores.
 */
static char *
dup_attachment_disposition (const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autoptr(GString) fallback = g_string_new (NULL);

  /* The name was checked to be UTF-8 when the upload was created: one underscore per character. */
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_c (fallback, g_ascii_isalnum (*p) || *p == '.' || *p == '-' ? *p : '_');

  return g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s", fallback->str, escaped);
}

/* Served from a mapping of the file: the kernel pages it in as it is sent, nothing is copied whole. */
static void
download (GkPortalOffice  *self,
          GkPortalRequest *request,
          const char      *upload_id)
{
  g_autoptr(GkPortalUpload) upload = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *disposition = NULL;
  SoupServerMessage *msg = gk_portal_request_get_message (request);

  if ((upload = gk_portal_db_dup_upload (self->db, upload_id, NULL)) == NULL)
    {
      respond_message (request, SOUP_STATUS_NOT_FOUND, "没有此附件 No such attachment", upload_id);
      return;
    }

  file = gk_portal_tus_dup_file (self->tus, upload_id);
  path = g_file_get_path (file);
  if ((mapped = g_mapped_file_new (path, FALSE, NULL)) == NULL)
    {
      respond_message (request, SOUP_STATUS_NOT_FOUND, "没有此附件 No such attachment", upload_id);
      return;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  disposition = dup_attachment_disposition (upload->filename != NULL ? upload->filename : upload_id);
  gk_portal_request_set_header (request, "Content-Disposition", disposition);
  /* Never the liaison's filetype: a browser must save the file, not render it in the portal's origin. */
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/octet-stream", NULL);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

static void
gk_portal_office_finalize (GObject *object)
{
  GkPortalOffice *self = (GkPortalOffice *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->tus);
  g_clear_object (&self->catalog);
  g_clear_object (&self->guard);

  G_OBJECT_CLASS (gk_portal_office_parent_class)->finalize (object);
}

static void
gk_portal_office_class_init (GkPortalOfficeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_office_finalize;
}

static void
gk_portal_office_init (GkPortalOffice *self)
{
}

GkPortalOffice *
gk_portal_office_new (GkPortalDb          *db,
                      GkPortalTus         *tus,
                      GkCatalog           *catalog,
                      GkPortalOfficeGuard *guard)
{
  GkPortalOffice *self;

  g_return_val_if_fail (GK_IS_PORTAL_DB (db), NULL);
  g_return_val_if_fail (GK_IS_PORTAL_TUS (tus), NULL);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  self = g_object_new (GK_TYPE_PORTAL_OFFICE, NULL);
  self->db = g_object_ref (db);
  self->tus = g_object_ref (tus);
  self->catalog = g_object_ref (catalog);
  self->guard = g_object_ref (guard);

  return self;
}

/**
 * gk_portal_office_handle:
 *
 * Answers a request under /office/, once the server has let it through
 * gk_portal_office_guard_check_peer().
 */
void
gk_portal_office_handle (GkPortalOffice  *self,
                         GkPortalRequest *request)
{
  const char *path = gk_portal_request_get_path (request);
  const char *method = gk_portal_request_get_method (request);
  const char *rest;

  g_return_if_fail (GK_IS_PORTAL_OFFICE (self));

  gk_portal_office_guard_add_headers (self->guard, request);

  if (g_str_equal (path, SIGN_IN_PAGE) && method == SOUP_METHOD_GET)
    {
      show_sign_in (self, request, SOUP_STATUS_OK, NULL);
      return;
    }
  if (g_str_equal (path, SIGN_IN_PAGE) && method == SOUP_METHOD_POST)
    {
      sign_in (self, request);
      return;
    }

  /* With office accounts, everything else is for a signed-in reviewer. */
  if (gk_portal_office_guard_requires_sign_in (self->guard))
    {
      g_autofree char *user = gk_portal_office_guard_dup_user (self->guard, request);

      if (user == NULL && method == SOUP_METHOD_GET)
        {
          gk_portal_request_redirect (request, SIGN_IN_PAGE);
          return;
        }
      if (user == NULL)
        {
          respond_message (request, SOUP_STATUS_FORBIDDEN, "请先登录 Sign in first",
                           "Sign in, then open the item's page and decide there.");
          return;
        }
    }

  if (g_str_equal (path, SIGN_OUT_PAGE) && method == SOUP_METHOD_POST)
    {
      sign_out (self, request);
      return;
    }

  if (g_str_equal (path, GK_PORTAL_OFFICE_PATH) && method == SOUP_METHOD_GET)
    {
      show_items (self, request);
      return;
    }

  if (g_str_has_prefix (path, UPLOADS_PAGE) && method == SOUP_METHOD_GET)
    {
      download (self, request, path + strlen (UPLOADS_PAGE));
      return;
    }

  if (g_str_has_prefix (path, ITEMS_PAGE))
    {
      g_autofree char *id = NULL;
      const char *slash;

      rest = path + strlen (ITEMS_PAGE);
      slash = strchr (rest, '/');
      id = slash != NULL ? g_strndup (rest, slash - rest) : g_strdup (rest);

      if (slash == NULL && method == SOUP_METHOD_GET)
        {
          show_item (self, request, id, SOUP_STATUS_OK, NULL);
          return;
        }
      if (slash != NULL && method == SOUP_METHOD_POST && g_str_equal (slash, "/approve"))
        {
          decide (self, request, id, TRUE);
          return;
        }
      if (slash != NULL && method == SOUP_METHOD_POST && g_str_equal (slash, "/reject"))
        {
          decide (self, request, id, FALSE);
          return;
        }
    }

  respond_message (request, SOUP_STATUS_NOT_FOUND, "没有此页 No such page", path);
}
