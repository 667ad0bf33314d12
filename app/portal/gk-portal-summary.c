/*
 * GET /api/v1/columns/summary?as_of=DATE (docs/portal-api.md §8.1): for every
 * column of the catalog, the newest day of publication and the number of
 * published items over all units, as of the end of DATE. No item content: any
 * unit's liaison may ask, as an inspector looks at the whole website.
 */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-calendar.h"
#include "gk-column.h"
#include "gk-portal-summary.h"
#include "gk-protocol.h"

/* The day after YYYY-MM-DD, as the bound publications must come before; NULL if not a date. */
static char *
dup_next_day (const char *text)
{
  GDate date;
  char buffer[11];

  if (text == NULL || !gk_calendar_parse_date (text, &date))
    return NULL;

  g_date_add_days (&date, 1);
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);

  return g_strdup (buffer);
}

void
gk_portal_summary_handle (GkPortalDb      *db,
                          GkCatalog       *catalog,
                          GkPortalRequest *request)
{
  const char *as_of = gk_portal_request_get_query (request, "as_of");
  g_autofree char *before = NULL;
  g_autoptr(JsonObject) published = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (gk_portal_request_get_method (request), SOUP_METHOD_GET) != 0)
    error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_METHOD_NOT_ALLOWED,
                         "%s is not allowed on the column summary; see docs/portal-api.md.",
                         gk_portal_request_get_method (request));
  else if ((before = dup_next_day (as_of)) == NULL)
    error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                         "as_of “%s” is not a date written YYYY-MM-DD; give the inspection date.",
                         as_of != NULL ? as_of : "");
  else
    published = gk_portal_db_summarize_columns (db, before, &error);

  if (error != NULL)
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  columns = g_array_new (FALSE, TRUE, sizeof (GkProtocolSummaryColumn));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *id = gk_column_get_id (column);
      JsonObject *found = json_object_has_member (published, id) ? json_object_get_object_member (published, id) : NULL;
      GkProtocolSummaryColumn entry = {
        /* The catalog holds the column while the array lives. */
        .column_id = id,
        .newest = found != NULL ? json_object_get_string_member (found, "newest") : NULL,
        .count = found != NULL ? json_object_get_int_member (found, "count") : 0,
      };

      g_array_append_val (columns, entry);
    }

  root = gk_protocol_summary_to_json (as_of, (GkProtocolSummaryColumn *) (gpointer) columns->data, columns->len);
  gk_portal_request_respond_json (request, SOUP_STATUS_OK, root);
}

/**
 * gk_portal_calendar_handle:
 *
 * GET /api/v1/calendar (docs/portal-api.md §8.2): the working-day calendar
 * this portal uses — the built-in one, or a newer one installed in its data
 * folder with `gongkai-portal import-calendar` — for clients to install.
 */
void
gk_portal_calendar_handle (GkPortalDb      *db,
                           GkPortalRequest *request)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  gsize size;
  const char *data;

  if (g_strcmp0 (gk_portal_request_get_method (request), SOUP_METHOD_GET) != 0)
    {
      g_autoptr(GError) error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_METHOD_NOT_ALLOWED,
                                             "%s is not allowed on the calendar; see docs/portal-api.md.",
                                             gk_portal_request_get_method (request));

      gk_portal_request_respond_error (request, error);
      return;
    }

  data_dir = gk_portal_db_dup_data_dir (db);
  calendar = gk_calendar_load (data_dir);
  data = g_bytes_get_data (gk_calendar_get_bytes (calendar), &size);

  soup_server_message_set_status (gk_portal_request_get_message (request), SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (gk_portal_request_get_message (request),
                                    "text/tab-separated-values; charset=utf-8", SOUP_MEMORY_COPY, data, size);
}
