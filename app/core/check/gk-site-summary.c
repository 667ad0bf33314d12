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
#include "gk-protocol.h"
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
  g_clear_pointer (&self->columns, g_hash_table_unref);
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
  g_autoptr(GArray) columns = NULL;
  const char *as_of;

  if ((columns = gk_protocol_summary_read (root, &as_of)) == NULL)
    {
      refuse (error);
      return NULL;
    }

  self->as_of = g_strdup (as_of);
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < columns->len; i++)
    {
      const GkProtocolSummaryColumn *read = &g_array_index (columns, GkProtocolSummaryColumn, i);
      GkSiteColumn *column = g_new0 (GkSiteColumn, 1);

      /* The reader checked the day; an invalid GDate stands for none. */
      g_date_clear (&column->newest, 1);
      if (read->newest != NULL)
        gk_calendar_parse_date (read->newest, &column->newest);
      column->count = (guint) read->count;
      g_hash_table_replace (self->columns, g_strdup (read->column_id), column);
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
