/*
 * The portal's site-wide view (docs/portal-api.md §8.1) as the self-check uses
 * it: per column, over all units, the newest publication and the count. Read
 * from the portal's JSON, or from the copy the store keeps of the last one.
 */
#define G_LOG_DOMAIN "gk-check"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gk-calendar.h"
#include "gk-json.h"
#include "gk-site-summary.h"

struct _GkSiteSummary
{
  char       *as_of;
  GHashTable *columns;  /* column id → GkSiteColumn */
};

void
gk_site_summary_free (GkSiteSummary *self)
{
  g_free (self->as_of);
  g_hash_table_unref (self->columns);
  g_free (self);
}

static gboolean
refuse (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The portal’s column summary makes no sense; the self-check counts this unit’s own columns only."));
  return FALSE;
}

/**
 * gk_site_summary_new_from_json:
 * @root: {"as_of": "YYYY-MM-DD", "columns": [{"column_id", "newest", "count"}…]}
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL if @root is not one
 */
GkSiteSummary *
gk_site_summary_new_from_json (JsonNode  *root,
                               GError   **error)
{
  g_autoptr(GkSiteSummary) self = g_new0 (GkSiteSummary, 1);
  JsonObject *object;
  JsonArray *columns;
  GDate date;

  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    { refuse (error); return NULL; }

  object = json_node_get_object (root);
  if (!gk_calendar_parse_date (json_object_get_string_member_with_default (object, "as_of", ""), &date) ||
      !json_object_has_member (object, "columns") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "columns")))
    { refuse (error); return NULL; }

  self->as_of = g_strdup (json_object_get_string_member (object, "as_of"));
  columns = json_object_get_array_member (object, "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonNode *node = json_array_get_element (columns, i);
      JsonObject *entry;
      GkSiteColumn *column;
      const char *id, *newest;
      gint64 count;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        { refuse (error); return NULL; }

      entry = json_node_get_object (node);
      id = json_object_get_string_member_with_default (entry, "column_id", NULL);
      newest = json_object_get_string_member_with_default (entry, "newest", NULL);
      count = json_object_get_int_member_with_default (entry, "count", -1);
      if (id == NULL || count < 0 || count > G_MAXUINT)
        { refuse (error); return NULL; }

      column = g_new0 (GkSiteColumn, 1);
      g_date_clear (&column->newest, 1);
      if (newest != NULL && !gk_calendar_parse_date (newest, &column->newest))
        {
          g_free (column);
          { refuse (error); return NULL; }
        }
      column->count = (guint) count;
      g_hash_table_replace (self->columns, g_strdup (id), column);
    }

  return g_steal_pointer (&self);
}

/**
 * gk_site_summary_new_from_text:
 *
 * Reads the portal's reply, or the store's copy of it, with the bounds of any JSON from outside.
 */
GkSiteSummary *
gk_site_summary_new_from_text (const char  *text,
                               GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  if (text == NULL ||
      (root = gk_json_parse_bounded (text, strlen (text), GK_JSON_MAX_DEPTH, GK_JSON_MAX_SIZE, NULL)) == NULL)
    { refuse (error); return NULL; }

  return gk_site_summary_new_from_json (root, error);
}

const char *
gk_site_summary_get_as_of (GkSiteSummary *self)
{
  return self->as_of;
}

/**
 * gk_site_summary_lookup:
 *
 * Returns: (nullable): the column over all units, %NULL for a column the portal did not list
 */
const GkSiteColumn *
gk_site_summary_lookup (GkSiteSummary *self,
                        const char    *column_id)
{
  return g_hash_table_lookup (self->columns, column_id);
}
