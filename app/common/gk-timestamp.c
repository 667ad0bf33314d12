#include "gk-timestamp.h"

/**
 * gk_timestamp_parse:
 * @text: (nullable): an RFC 3339 timestamp, in any offset, with or without fractions
 *
 * Returns: (transfer full) (nullable): the moment, or %NULL when @text is not one
 */
GDateTime *
gk_timestamp_parse (const char *text)
{
  g_autofree char *upper = NULL;

  if (text == NULL)
    return NULL;

  /* RFC 3339 §5.6 allows "t" and "z"; GLib reads only the capitals. */
  upper = g_ascii_strup (text, -1);
  return g_date_time_new_from_iso8601 (upper, NULL);
}

/**
 * gk_timestamp_dup_utc:
 * @text: (nullable): an RFC 3339 timestamp
 *
 * The portal's timestamps are kept in one form (UTC, microseconds) so that SQLite
 * can order and compare them as text: "…T16:30:00+08:00" and "…T08:30:00Z" are
 * the same moment, and sort as such only once rewritten.
 *
 * Returns: (transfer full) (nullable): the timestamp in that form, or %NULL when
 *   @text is %NULL or not a timestamp
 */
char *
gk_timestamp_dup_utc (const char *text)
{
  g_autoptr(GDateTime) parsed = gk_timestamp_parse (text);
  g_autoptr(GDateTime) utc = NULL;

  if (parsed == NULL)
    return NULL;

  utc = g_date_time_to_utc (parsed);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}
