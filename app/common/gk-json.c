#include "config.h"

#include <glib/gi18n.h>

#include "gk-json.h"

G_DEFINE_QUARK (gk-json-error-quark, gk_json_error)

/**
 * gk_json_nesting_depth:
 *
 * The deepest nesting of arrays and objects in @data, counted in one pass
 * without recursion; brackets inside strings do not count. Malformed input
 * gets a number too: the parser that follows rejects it.
 */
guint
gk_json_nesting_depth (const char *data,
                       gsize       size)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          depth++;
          deepest = MAX (deepest, depth);
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return deepest;
}

/**
 * gk_json_parse_bounded:
 * @max_depth: the deepest nesting accepted
 * @max_size: the largest document accepted, in bytes
 *
 * Returns: (transfer full): the document's root, or %NULL with a
 *   %GK_JSON_ERROR naming the bound that was crossed
 */
JsonNode *
gk_json_parse_bounded (const char *data,
                       gsize       size,
                       guint       max_depth,
                       gsize       max_size,
                       GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (size > max_size)
    {
      g_autofree char *has = g_format_size (size);
      g_autofree char *accepted = g_format_size (max_size);

      g_set_error (error, GK_JSON_ERROR, GK_JSON_ERROR_TOO_LARGE,
                   _("The JSON document is %s, more than the %s accepted"), has, accepted);
      return NULL;
    }

  if (gk_json_nesting_depth (data, size) > max_depth)
    {
      g_set_error (error, GK_JSON_ERROR, GK_JSON_ERROR_TOO_DEEP,
                   _("The JSON document is nested more than %u levels deep"), max_depth);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, GK_JSON_ERROR, GK_JSON_ERROR_INVALID,
                   _("The JSON document is malformed (%s)"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, GK_JSON_ERROR, GK_JSON_ERROR_INVALID, _("The JSON document is empty"));
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * gk_json_add_string_or_null:
 *
 * Adds @member with @value, or with null when @value is %NULL: the documents
 * and the exports write an unknown value as null, never leave the member out.
 */
void
gk_json_add_string_or_null (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
