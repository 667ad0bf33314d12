/* CSV fields for the self-check's and the annual report's tables. */
#include "config.h"

#include "gk-csv.h"

/* RFC 4180: quote every field, double the quotes inside. */
void
gk_csv_append_field (GString    *out,
                     const char *value,
                     gboolean    last)
{
  g_string_append_c (out, '"');
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, last ? "\"\r\n" : "\",");
}
