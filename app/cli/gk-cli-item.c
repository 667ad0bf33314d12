/* `gongkai item …`: drafting items and attachments from scripts. */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "gk-attachment.h"
#include "gk-cli-heavy.h"
#include "gk-context.h"
#include "gk-item.h"
#include "gk-json.h"
#include "gk-protocol.h"

/* The options `item add` and `item edit` share: one per editable field. */
typedef struct
{
  char  *title;
  char  *doc_number;
  char  *issuer;
  char  *written_on;
  char  *publish_on;
  char  *body_file;
  char  *interprets;
  char  *reviewer;
  char  *reviewed_on;
  char  *correction;
  char  *kind;
  char  *column;
  char **attach;
} FieldOptions;

static void
field_options_clear (FieldOptions *options)
{
  g_free (options->title);
  g_free (options->doc_number);
  g_free (options->issuer);
  g_free (options->written_on);
  g_free (options->publish_on);
  g_free (options->body_file);
  g_free (options->interprets);
  g_free (options->reviewer);
  g_free (options->reviewed_on);
  g_free (options->correction);
  g_free (options->kind);
  g_free (options->column);
  g_strfreev (options->attach);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FieldOptions, field_options_clear)

static GOptionEntry *
field_option_entries (FieldOptions *o)
{
  const GOptionEntry entries[] = {
    { "column", 'c', 0, G_OPTION_ARG_STRING, &o->column, N_("The column, by the id “gongkai catalog columns” prints"), N_("ID") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &o->title, N_("The title"), N_("TEXT") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &o->kind, N_("policy, interpretation, news, list, statistics or other"), N_("KIND") },
    { "body-file", 'b', 0, G_OPTION_ARG_FILENAME, &o->body_file, N_("Read the body text from FILE (UTF-8 or GB18030; - for standard input)"), N_("FILE") },
    { "doc-number", 0, 0, G_OPTION_ARG_STRING, &o->doc_number, N_("The document number (文号), such as 岳政办函〔2017〕17号"), N_("TEXT") },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &o->issuer, N_("The issuing body (发布机构)"), N_("TEXT") },
    { "written-on", 0, 0, G_OPTION_ARG_STRING, &o->written_on, N_("The date written (成文日期), YYYY-MM-DD"), N_("DATE") },
    { "publish-on", 0, 0, G_OPTION_ARG_STRING, &o->publish_on, N_("The date to publish, YYYY-MM-DD"), N_("DATE") },
    { "interprets", 0, 0, G_OPTION_ARG_STRING, &o->interprets, N_("The policy item this interpretation explains"), N_("ID") },
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &o->reviewer, N_("Who signed the item off (审核人)"), N_("NAME") },
    { "reviewed-on", 0, 0, G_OPTION_ARG_STRING, &o->reviewed_on, N_("The date of the sign-off, YYYY-MM-DD"), N_("DATE") },
    { "correction", 0, 0, G_OPTION_ARG_STRING, &o->correction, N_("What a revision of a published item corrects (更正说明), shown to the office"), N_("TEXT") },
    { "attach", 'a', 0, G_OPTION_ARG_FILENAME_ARRAY, &o->attach, N_("Attach FILE; repeat for several"), N_("FILE") },
    { NULL }
  };

  return g_memdup2 (entries, sizeof entries);
}

/* Office PCs save text as GB18030 as often as UTF-8; accept both. */
static char *
read_body_file (const char *path,
                GError    **error)
{
  g_autofree char *data = NULL;
  gsize length;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = G_INPUT_STREAM (g_unix_input_stream_new (0, FALSE));
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
        return NULL;
      length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
      data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
      data = g_realloc (data, length + 1);
      data[length] = '\0';
    }
  else if (!g_file_get_contents (path, &data, &length, error))
    {
      return NULL;
    }

  /* A NUL would end the body there and silently drop the rest: most likely not a text file. */
  {
    const char *nul = memchr (data, '\0', length);

    if (nul != NULL)
      {
        g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                     _("The body file “%s” holds a NUL byte at byte %lu, so it is not plain text; save the body as UTF-8 text and try again."),
                     path, (gulong) (nul - data));
        return NULL;
      }
  }

  if (g_utf8_validate_len (data, length, NULL))
    return g_steal_pointer (&data);

  {
    char *converted = g_convert (data, (gssize) length, "UTF-8", "GB18030", NULL, NULL, NULL);

    if (converted == NULL)
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("The body file “%s” is neither UTF-8 nor GB18030 text; save it as UTF-8 and try again."),
                   path);
    return converted;
  }
}

static gboolean
apply_field_options (GkContext    *context,
                     const char   *unit,
                     FieldOptions *o,
                     GkItem       *item,
                     GError      **error)
{
  const struct {
    GkItemField  field;
    const char  *value;
  } plain[] = {
    { GK_ITEM_TITLE, o->title }, { GK_ITEM_DOC_NUMBER, o->doc_number }, { GK_ITEM_ISSUER, o->issuer },
    { GK_ITEM_WRITTEN_ON, o->written_on }, { GK_ITEM_PUBLISH_ON, o->publish_on },
    { GK_ITEM_REVIEWER, o->reviewer }, { GK_ITEM_REVIEWED_ON, o->reviewed_on },
    { GK_ITEM_COLUMN_ID, o->column }, { GK_ITEM_CORRECTION, o->correction },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      if (plain[i].value != NULL)
        gk_item_set_field (item, plain[i].field, plain[i].value);
    }

  if (o->kind != NULL)
    {
      GkKind kind;

      if (!gk_kind_from_string (o->kind, &kind))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("the kind “%s” is not one of policy, interpretation, news, list, statistics, other"), o->kind);
          return FALSE;
        }
      gk_item_set_kind (item, kind);
    }

  if (o->body_file != NULL)
    {
      g_autofree char *body = read_body_file (o->body_file, error);

      if (body == NULL)
        return FALSE;
      gk_item_set_field (item, GK_ITEM_BODY, body);
    }

  if (o->interprets != NULL && *o->interprets != '\0')
    {
      g_autofree char *uuid = gk_context_resolve_item (context, unit, o->interprets, FALSE, error);

      if (uuid == NULL)
        return FALSE;
      gk_item_set_field (item, GK_ITEM_INTERPRETS, uuid);
    }
  else if (o->interprets != NULL)
    {
      gk_item_set_field (item, GK_ITEM_INTERPRETS, NULL);
    }

  return TRUE;
}

static gboolean
attach_files (GkContext   *context,
              const char  *uuid,
              char       **paths,
              GError     **error)
{
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_autoptr(GkAttachment) attachment = gk_context_attach_file (context, uuid, file, NULL, error);

      if (attachment == NULL)
        return FALSE;
    }

  return TRUE;
}

static int
item_add (int    argc,
          char **argv)
{
  g_auto(FieldOptions) o = { NULL, };
  g_autofree GOptionEntry *entries = field_option_entries (&o);
  g_autofree char *data_dir = NULL;
  g_autofree char *unit = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("item add", "--column ID --title T",
                     _("Draft a new item in one of the unit’s columns and print its id."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("item add", _("unexpected argument “%s”"), argv[1]);
  if (o.column == NULL || o.title == NULL)
    return gk_cli_usage_error ("item add", _("give the column with --column and the title with --title"));

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  for (guint i = 0; o.attach != NULL && o.attach[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (o.attach[i]));

  /* One transaction: the item lands with every attachment, or not at all. */
  if ((item = gk_context_new_item (context, o.column, &error)) == NULL ||
      !apply_field_options (context, unit, &o, item, &error) ||
      !gk_context_add_item (context, item, files, NULL, &error))
    return gk_cli_report_error (error);

  g_print ("%s\n", gk_item_get_uuid (item));

  return GK_CLI_OK;
}

static int
item_edit (int    argc,
           char **argv)
{
  g_auto(FieldOptions) o = { NULL, };
  g_autofree GOptionEntry *entries = field_option_entries (&o);
  g_autofree char *data_dir = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("item edit", "ID",
                     _("Change the given fields of an item; an empty value clears a field. "
                       "Editing an item the portal has seen starts a new revision."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 2)
    return gk_cli_usage_error ("item edit", _("give exactly one item id"));

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  if ((uuid = gk_context_resolve_item (context, unit, argv[1], FALSE, &error)) == NULL ||
      (item = gk_context_dup_item (context, uuid, &error)) == NULL ||
      !apply_field_options (context, unit, &o, item, &error) ||
      !gk_context_save_item (context, item, &error) ||
      !attach_files (context, uuid, o.attach, &error))
    return gk_cli_report_error (error);

  return GK_CLI_OK;
}

/* @removed_at: when the item went to the bin, or %NULL for a live item */
static void
add_item_json (JsonBuilder *builder,
               GkItem      *item,
               gboolean     with_body,
               const char  *removed_at)
{
  GPtrArray *attachments = gk_item_get_attachments (item);

  json_builder_begin_object (builder);
  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    {
      const char *value = gk_item_get_field (item, i);

      if (i == GK_ITEM_BODY && !with_body)
        continue;

      gk_json_add_string_or_null (builder, gk_item_field_to_string (i), value);
    }

  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, gk_kind_to_string (gk_item_get_kind (item)));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, gk_item_state_to_string (gk_item_get_state (item)));
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, gk_item_get_revision (item));

  if (with_body)
    {
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint i = 0; i < attachments->len; i++)
        {
          GkAttachment *attachment = g_ptr_array_index (attachments, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, gk_attachment_get_id (attachment));
          gk_protocol_add_file_members (builder, attachment);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (removed_at != NULL)
    {
      json_builder_set_member_name (builder, "removed_at");
      json_builder_add_string_value (builder, removed_at);
    }

  json_builder_end_object (builder);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/*
 * One line per item: id, column, state, revision, date created, title. With
 * @removed_at (the bin's listing: one date per item) the fifth field is the
 * date removed.
 */
static void
print_items (GPtrArray *items,
             GStrv      removed_at,
             gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < items->len; i++)
        add_item_json (builder, g_ptr_array_index (items, i), FALSE, removed_at != NULL ? removed_at[i] : NULL);
      json_builder_end_array (builder);
      print_json (builder);
      return;
    }

  /* One write for the whole list: a long column is printed in one go, not line by line. */
  {
    g_autoptr(GString) out = g_string_new (NULL);

    for (guint i = 0; i < items->len; i++)
      {
        GkItem *item = g_ptr_array_index (items, i);
        const char *title = gk_item_get_title (item);
        gsize title_start;

        g_string_append_printf (out, "%s\t%s\t%s\t%u\t%.10s\t",
                                gk_item_get_uuid (item), gk_item_get_column_id (item),
                                gk_item_state_to_string (gk_item_get_state (item)), gk_item_get_revision (item),
                                removed_at != NULL ? removed_at[i] : gk_item_get_field (item, GK_ITEM_CREATED_AT));
        title_start = out->len;
        g_string_append (out, title != NULL ? title : "");
        g_strdelimit (out->str + title_start, "\t\r\n", ' ');
        g_string_append_c (out, '\n');
      }

    fwrite (out->str, 1, out->len, stdout);
  }
}

static gboolean
parse_format (const char *command,
              const char *format,
              gboolean   *json,
              int        *status)
{
  if (format != NULL && !g_str_equal (format, "tsv") && !g_str_equal (format, "json"))
    {
      *status = gk_cli_usage_error (command, _("the format “%s” is not tsv or json"), format);
      return FALSE;
    }

  *json = format != NULL && g_str_equal (format, "json");
  return TRUE;
}

/* Removes and returns @strv[@index], closing the gap. */
static char *
remove_strv_index (GStrv strv,
                   guint index)
{
  char *removed = strv[index];

  memmove (strv + index, strv + index + 1, (g_strv_length (strv + index + 1) + 1) * sizeof (char *));
  return removed;
}

/* The bin as the list commands want it: items, and their dates removed alongside. */
static GPtrArray *
list_removed (GkContext   *context,
              const char  *unit,
              GStrv       *removed_at,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = gk_context_list_removed (context, unit, error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GStrvBuilder) dates = g_strv_builder_new ();

  if (entries == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      GkRemovedItem *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (items, g_object_ref (entry->item));
      g_strv_builder_add (dates, entry->removed_at);
    }

  *removed_at = g_strv_builder_end (dates);
  return g_steal_pointer (&items);
}

static int
item_list (int    argc,
           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *column = NULL;
  g_autofree char *state_name = NULL;
  g_autofree char *format = NULL;
  g_autofree char *unit = NULL;
  gboolean removed = FALSE;
  const GOptionEntry entries[] = {
    { "column", 'c', 0, G_OPTION_ARG_STRING, &column, N_("Only the items of column ID"), N_("ID") },
    { "removed", 0, 0, G_OPTION_ARG_NONE, &removed, N_("The items in the bin instead, most recently removed first"), NULL },
    { "state", 's', 0, G_OPTION_ARG_STRING, &state_name, N_("Only items in STATE: draft, ready, queued, submitted, published or rejected"), N_("STATE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: tsv (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(GStrv) removed_at = NULL;
  g_autoptr(GError) error = NULL;
  GkItemState state = GK_ITEM_STATE_DRAFT;
  gboolean json;
  int status;

  if (!gk_cli_parse ("item list", "[--column ID] [--state S] [--removed] [--format tsv|json]",
                     _("List the unit’s items, newest first. tsv fields: id, column, state, revision, date created, title; "
                       "with --removed, the date removed instead of the date created."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("item list", _("unexpected argument “%s”"), argv[1]);
  if (!parse_format ("item list", format, &json, &status))
    return status;
  if (state_name != NULL && !gk_item_state_from_string (state_name, &state))
    return gk_cli_usage_error ("item list", _("the state “%s” is not draft, ready, queued, submitted, published or rejected"), state_name);

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  if (removed)
    {
      if ((items = list_removed (context, unit, &removed_at, &error)) == NULL)
        return gk_cli_report_error (error);
    }
  else if ((items = gk_context_list_items_in_column (context, unit, column, &error)) == NULL)
    {
      return gk_cli_report_error (error);
    }

  for (guint i = items->len; i > 0; i--)
    {
      GkItem *item = g_ptr_array_index (items, i - 1);

      if ((state_name != NULL && gk_item_get_state (item) != state)
          || (column != NULL && g_strcmp0 (gk_item_get_column_id (item), column) != 0))
        {
          g_ptr_array_remove_index (items, i - 1);
          if (removed_at != NULL)
            g_free (remove_strv_index (removed_at, i - 1));
        }
    }

  print_items (items, removed_at, json);

  return GK_CLI_OK;
}

static int
item_search (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *unit = NULL;
  int limit = GK_STORE_SEARCH_PAGE;
  int offset = 0;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: tsv (default) or json"), N_("FORMAT") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Print at most N items (default 50)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N items, for the next page"), N_("N") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  gboolean json;
  int status;

  if (!gk_cli_parse ("item search", "WORD… [--limit N] [--offset N]",
                     _("Find the unit’s items whose title, document number or body contain every word: those with every word in the title first, then the others, each newest first."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc < 2)
    return gk_cli_usage_error ("item search", _("give at least one word to search for"));
  if (limit < 1 || offset < 0)
    return gk_cli_usage_error ("item search", _("--limit must be 1 or more and --offset 0 or more"));
  if (!parse_format ("item search", format, &json, &status))
    return status;

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  query = g_strjoinv (" ", argv + 1);
  if ((items = gk_context_search_items (context, unit, query, (guint) offset, (guint) limit, &error)) == NULL)
    return gk_cli_report_error (error);

  print_items (items, NULL, json);

  return items->len > 0 ? GK_CLI_OK : GK_CLI_REFUSED;
}

static void
print_item_text (GkContext *context,
                 GkItem    *item)
{
  GPtrArray *attachments = gk_item_get_attachments (item);

  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    {
      g_autofree char *value = NULL;

      if (i == GK_ITEM_BODY)
        continue;
      value = g_strdelimit (g_strdup (gk_item_get_field (item, i) ? gk_item_get_field (item, i) : ""), "\t\r\n", ' ');
      g_print ("%s\t%s\n", gk_item_field_to_string (i), value);
    }

  g_print ("kind\t%s\n", gk_kind_to_string (gk_item_get_kind (item)));
  g_print ("state\t%s\n", gk_item_state_to_string (gk_item_get_state (item)));
  g_print ("revision\t%u\n", gk_item_get_revision (item));

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *path = gk_context_dup_attachment_path (context, attachment);

      g_print ("attachment\t%" G_GINT64_FORMAT "\t%s\t%s\t%" G_GUINT64_FORMAT "\t%s\n",
               gk_attachment_get_id (attachment), gk_attachment_get_name (attachment),
               gk_attachment_get_content_type (attachment), gk_attachment_get_size (attachment), path);
    }

  g_print ("\n%s\n", gk_item_get_body (item) != NULL ? gk_item_get_body (item) : "");
}

static int
item_show (int    argc,
           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *uuid = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("item show", "ID [--format text|json]",
                     _("Print an item: “field value” lines and attachments, then a blank line and the body."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 2)
    return gk_cli_usage_error ("item show", _("give exactly one item id"));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    return gk_cli_usage_error ("item show", _("the format “%s” is not text or json"), format);

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  if ((uuid = gk_context_resolve_item (context, unit, argv[1], FALSE, &error)) == NULL ||
      (item = gk_context_dup_item (context, uuid, &error)) == NULL)
    return gk_cli_report_error (error);

  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_item_json (builder, item, TRUE, NULL);
      print_json (builder);
    }
  else
    {
      print_item_text (context, item);
    }

  return GK_CLI_OK;
}

/*
 * The commands that take item ids and do one operation on each. Every id is
 * resolved before anything changes, so a typo in the third id leaves the
 * first two untouched.
 */
int
gk_cli_run_on_items (const char      *command,
                     const char      *parameters,
                     const char      *summary,
                     GkCliItemAction  action,
                     GkCliRunMode     mode,
                     int              argc,
                     char           **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *unit = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg = NULL;

  if (!gk_cli_parse (command, parameters, summary, NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (mode == GK_CLI_RUN_WITH_ARG)
    {
      if (argc != 3)
        return gk_cli_usage_error (command, _("give an item id and one more argument"));
      arg = argv[2];
      argc = 2;
    }
  else if (argc < 2)
    {
      return gk_cli_usage_error (command, _("give at least one item id"));
    }

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  if ((uuids = gk_cli_resolve_uuids (context, unit, argv + 1, argc - 1, mode == GK_CLI_RUN_ON_BIN)) == NULL)
    return GK_CLI_REFUSED;

  for (guint i = 0; i < uuids->len; i++)
    {
      if (!action (context, g_ptr_array_index (uuids, i), arg, &error))
        return gk_cli_report_error (error);
    }

  return GK_CLI_OK;
}

/* The bin is this PC's: what the website shows stays there until the office takes it down. */
static gboolean
do_trash (GkContext *context, const char *uuid, const char *arg, GError **error)
{
  g_autoptr(GkItem) item = gk_context_trash_item (context, uuid, error);

  if (item == NULL)
    return FALSE;

  if (gk_item_state_is_on_portal (gk_item_get_state (item)))
    g_printerr (_("“%s” stays on the portal: removing it here removes only this PC’s copy; "
                  "ask the disclosure office to take it off the website.\n"),
                gk_item_get_title (item) != NULL ? gk_item_get_title (item) : uuid);

  return TRUE;
}

static gboolean
do_restore (GkContext *context, const char *uuid, const char *arg, GError **error)
{
  return gk_context_restore_item (context, uuid, error);
}

static gboolean
do_ready (GkContext *context, const char *uuid, const char *arg, GError **error)
{
  return gk_context_mark_item_ready (context, uuid, error);
}

static gboolean
do_attach (GkContext *context, const char *uuid, const char *arg, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (arg);
  g_autoptr(GkAttachment) attachment = gk_context_attach_file (context, uuid, file, NULL, error);

  if (attachment == NULL)
    return FALSE;

  g_print ("%" G_GINT64_FORMAT "\n", gk_attachment_get_id (attachment));
  return TRUE;
}

/* An attachment by the number `item show` prints. */
gboolean
gk_cli_parse_attachment_number (const char  *arg,
                                gint64      *id,
                                GError     **error)
{
  if (!g_ascii_string_to_signed (arg, 10, 1, G_MAXINT64, id, NULL))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
                   _("“%s” is not an attachment number; “gongkai item show” lists them."), arg);
      return FALSE;
    }

  return TRUE;
}

static gboolean
do_detach (GkContext *context, const char *uuid, const char *arg, GError **error)
{
  gint64 id;

  return gk_cli_parse_attachment_number (arg, &id, error) && gk_context_detach_file (context, uuid, id, error);
}

static int
item_rm (int argc, char **argv)
{
  return gk_cli_run_on_items ("item rm", "ID…", _("Move items to the bin; they are removed for good after 30 days."),
                              do_trash, GK_CLI_RUN_ON_ITEMS, argc, argv);
}

static int
item_restore (int argc, char **argv)
{
  return gk_cli_run_on_items ("item restore", "ID…", _("Bring items back from the bin; “gongkai item list --removed” lists them."),
                              do_restore, GK_CLI_RUN_ON_BIN, argc, argv);
}

static int
item_ready (int argc, char **argv)
{
  return gk_cli_run_on_items ("item ready", "ID…", _("Mark signed-off drafts ready for submission."),
                              do_ready, GK_CLI_RUN_ON_ITEMS, argc, argv);
}

static int
item_attach (int argc, char **argv)
{
  return gk_cli_run_on_items ("item attach", "ID FILE", _("Attach a copy of FILE to an item and print the attachment’s number."),
                              do_attach, GK_CLI_RUN_WITH_ARG, argc, argv);
}

static int
item_detach (int argc, char **argv)
{
  return gk_cli_run_on_items ("item detach", "ID NUMBER", _("Remove an attachment, by the number “gongkai item show” prints."),
                              do_detach, GK_CLI_RUN_WITH_ARG, argc, argv);
}

int
gk_cli_item (int    argc,
             char **argv)
{
  const GkCliCommand commands[] = {
    { "add", "--column ID --title T [--body-file F] [--kind K] [--attach FILE]…", N_("Draft a new item and print its id"), item_add },
    { "list", "[--column ID] [--state S] [--removed] [--format tsv|json]", N_("List the unit’s items, newest first"), item_list },
    { "show", "ID [--format text|json]", N_("Print one item with its attachments and body"), item_show },
    { "edit", "ID [OPTION…]", N_("Change an item’s fields or add attachments"), item_edit },
    { "rm", "ID…", N_("Move items to the bin"), item_rm },
    { "restore", "ID…", N_("Bring items back from the bin"), item_restore },
    { "search", "WORD… [--format tsv|json] [--limit N] [--offset N]", N_("Find items by title, document number or body"), item_search },
    { "attach", "ID FILE", N_("Attach a file to an item"), item_attach },
    { "detach", "ID NUMBER", N_("Remove an attachment from an item"), item_detach },
    { "mask", "ID NUMBER", N_("Replace an attachment by its masked copy"), gk_cli_heavy.item_mask },
    { "ready", "ID…", N_("Mark signed-off drafts ready"), item_ready },
    { NULL }
  };

  return gk_cli_dispatch ("item", commands, argc, argv);
}
