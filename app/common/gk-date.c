/*
 * Dates as liaisons type them. Office documents write 2024年4月16日, spreadsheets 2024/4/16 or
 * 2024.4.16; the store keeps YYYY-MM-DD. Anything else is refused with what is wrong.
 */
#define G_LOG_DOMAIN "gk-date"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gk-date.h"

/* Reads up to @max digits at *@p into @value; FALSE when there is none. */
static gboolean
read_number (const char **p,
             guint        max,
             guint       *value)
{
  guint n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit (**p))
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }

  return n > 0;
}

/* The separator after the year and the month: the same one twice, or 年 then 月. */
static gboolean
read_separator (const char **p,
                const char  *wanted)
{
  if (!g_str_has_prefix (*p, wanted))
    return FALSE;

  *p += strlen (wanted);
  return TRUE;
}

static gboolean
split_date (const char *text,
            guint      *year,
            guint      *month,
            guint      *day)
{
  static const char * const separators[][3] = {
    { "-", "-", "" }, { "/", "/", "" }, { ".", ".", "" }, { "年", "月", "日" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      const char *p = text;

      if (read_number (&p, 4, year) && p - text == 4
          && read_separator (&p, separators[i][0]) && read_number (&p, 2, month)
          && read_separator (&p, separators[i][1]) && read_number (&p, 2, day)
          && (*separators[i][2] == '\0' || read_separator (&p, separators[i][2]))
          && *p == '\0')
        return TRUE;
    }

  return FALSE;
}

/**
 * gk_date_parse:
 *
 * Returns: whether @text, blanks around it ignored, is a real day written in
 *   one of the accepted ways; @error says what is wrong otherwise
 */
gboolean
gk_date_parse (const char  *text,
               GDate       *date,
               GError     **error)
{
  g_autofree char *stripped = NULL;
  guint year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));

  if (!split_date (stripped, &year, &month, &day))
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("“%s” is not a date; write it as 2024-04-16 (2024/4/16, 2024.4.16 and 2024年4月16日 are understood too)."),
                   stripped);
      return FALSE;
    }

  if (month < 1 || month > 12)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("“%s” has no month %u; the months are 1 to 12."), stripped, month);
      return FALSE;
    }

  if (day < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("“%s” is not a day of the calendar: %u-%02u has no day %u."), stripped, year, month, day);
      return FALSE;
    }

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

/**
 * gk_date_normalize:
 *
 * Returns: (transfer full) (nullable): @text as the store keeps it,
 *   YYYY-MM-DD, or %NULL when it is not a date
 */
char *
gk_date_normalize (const char *text)
{
  GDate date;

  g_return_val_if_fail (text != NULL, NULL);

  if (!gk_date_parse (text, &date, NULL))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}
