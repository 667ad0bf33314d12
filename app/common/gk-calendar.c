/* Working days by the State Council's yearly holiday notices: which dates are 休 and which 班. */
#define G_LOG_DOMAIN "gk-calendar"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gk-calendar.h"
#include "gk-catalog.h"
#include "gk-core-resources.h"
#include "gk-disk.h"

#define BUILTIN_CALENDAR "/io/github/gongkai/Liaison/calendar/cn-workdays.tsv"
#define INSTALLED_CALENDAR "calendar.tsv"

/* A date the notices list, as a julian day and whether people work on it. */
typedef struct
{
  guint32  julian;
  gboolean workday;
} Listed;

struct _GkCalendar
{
  GObject     parent_instance;

  GBytes     *bytes;
  char       *version;
  GHashTable *years;     /* year → the notice it comes from */
  GArray     *listed;    /* of Listed, sorted by julian day */
  GHashTable *by_julian; /* julian day → GINT_TO_POINTER (1 + workday) */
};

G_DEFINE_FINAL_TYPE (GkCalendar, gk_calendar, G_TYPE_OBJECT)

G_DEFINE_QUARK (gk-calendar-error-quark, gk_calendar_error)

static gboolean
refuse (GError    **error,
        guint       line,
        const char *problem)
{
  g_set_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID,
               /* Translators: a line number, then what is wrong with it */
               _("The working-day calendar was refused at line %u: %s; correct the file and import it again."),
               line, problem);
  return FALSE;
}

static gboolean
parse_year (const char *text,
            guint      *year)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1900, 9999, &value, NULL))
    return FALSE;

  *year = (guint) value;
  return TRUE;
}

/**
 * gk_calendar_parse_date:
 * @date: (out caller-allocates): the date
 *
 * Reads a date strictly as YYYY-MM-DD, the form of the calendar file and of
 * the command line: "2017-1-2" or a day that does not exist is refused.
 */
gboolean
gk_calendar_parse_date (const char *text,
                        GDate      *date)
{
  guint year, month, day;
  char tail;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static void
add_listed (GkCalendar *self,
            guint32     julian,
            gboolean    workday)
{
  Listed entry = { julian, workday };

  g_array_append_val (self->listed, entry);
  g_hash_table_insert (self->by_julian, GUINT_TO_POINTER (julian), GINT_TO_POINTER (1 + workday));
}

static gint
compare_listed (gconstpointer a,
                gconstpointer b)
{
  const Listed *x = a, *y = b;

  return x->julian < y->julian ? -1 : x->julian > y->julian;
}

static gboolean
parse_line (GkCalendar  *self,
            char        *line,
            guint        number,
            GError     **error)
{
  g_auto(GStrv) fields = NULL;
  guint n;

  g_strchomp (line);
  if (*line == '\0' || *line == '#')
    return TRUE;

  fields = g_strsplit (line, "\t", -1);
  n = g_strv_length (fields);

  if (g_str_equal (fields[0], "version"))
    {
      if (n != 2 || *fields[1] == '\0')
        return refuse (error, number, _("a version line is “version”, a tab and the version"));
      if (self->version != NULL)
        return refuse (error, number, _("the version is given twice"));
      self->version = g_strdup (fields[1]);
      return TRUE;
    }

  if (g_str_equal (fields[0], "year"))
    {
      guint year;

      if (n != 3 || !parse_year (fields[1], &year) || *fields[2] == '\0')
        return refuse (error, number, _("a year line is “year”, the year and the notice it comes from, separated by tabs"));
      if (g_hash_table_contains (self->years, GUINT_TO_POINTER (year)))
        return refuse (error, number, _("this year is declared twice"));
      g_hash_table_insert (self->years, GUINT_TO_POINTER (year), g_strdup (fields[2]));
      return TRUE;
    }

  {
    GDate date;
    guint32 julian;
    gboolean workday;

    if ((n != 2 && n != 3) || !gk_calendar_parse_date (fields[0], &date))
      return refuse (error, number, _("a day is written YYYY-MM-DD, a tab and 休 or 班"));

    if (g_str_equal (fields[1], "休"))
      workday = FALSE;
    else if (g_str_equal (fields[1], "班"))
      workday = TRUE;
    else
      return refuse (error, number, _("a day is either 休 (rest) or 班 (work)"));

    if (!g_hash_table_contains (self->years, GUINT_TO_POINTER ((guint) g_date_get_year (&date))))
      return refuse (error, number, _("its year is not declared by a “year” line above it"));

    if (workday && g_date_get_weekday (&date) < G_DATE_SATURDAY)
      return refuse (error, number, _("班 is for a Saturday or Sunday that is worked; a weekday is a working day anyway"));

    julian = g_date_get_julian (&date);
    if (g_hash_table_contains (self->by_julian, GUINT_TO_POINTER (julian)))
      return refuse (error, number, _("this day is listed twice"));

    add_listed (self, julian, workday);
    return TRUE;
  }
}

static void
gk_calendar_finalize (GObject *object)
{
  GkCalendar *self = (GkCalendar *)object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->years, g_hash_table_unref);
  g_clear_pointer (&self->listed, g_array_unref);
  g_clear_pointer (&self->by_julian, g_hash_table_unref);

  G_OBJECT_CLASS (gk_calendar_parent_class)->finalize (object);
}

static void
gk_calendar_class_init (GkCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_calendar_finalize;
}

static void
gk_calendar_init (GkCalendar *self)
{
  self->years = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->listed = g_array_new (FALSE, FALSE, sizeof (Listed));
  self->by_julian = g_hash_table_new (NULL, NULL);
}

/**
 * gk_calendar_new_from_bytes:
 * @tsv: a calendar file (the format of data/calendar/cn-workdays.tsv)
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL with
 *   %GK_CALENDAR_ERROR_INVALID naming the first bad line
 */
GkCalendar *
gk_calendar_new_from_bytes (GBytes  *tsv,
                            GError **error)
{
  g_autoptr(GkCalendar) self = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (tsv != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (tsv, &size);
  if (size == 0 || !g_utf8_validate_len (data, size, NULL) || memchr (data, '\0', size) != NULL)
    {
      g_set_error_literal (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID,
                           _("The working-day calendar was refused: it is empty or not UTF-8 text; save it as UTF-8 and import it again."));
      return NULL;
    }

  self = g_object_new (GK_TYPE_CALENDAR, NULL);
  self->bytes = g_bytes_ref (tsv);

  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!parse_line (self, lines[i], i + 1, error))
        return NULL;
    }

  if (self->version == NULL || g_hash_table_size (self->years) == 0)
    {
      g_set_error_literal (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID,
                           _("The working-day calendar was refused: it needs a “version” line and at least one “year” line; correct the file and import it again."));
      return NULL;
    }

  g_array_sort (self->listed, compare_listed);

  return g_steal_pointer (&self);
}

/**
 * gk_calendar_new_builtin:
 *
 * The calendar compiled into the program, data/calendar/cn-workdays.tsv.
 */
GkCalendar *
gk_calendar_new_builtin (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GkCalendar *self;

  /* By name, as the catalog does, so that the linker keeps the resource. */
  bytes = g_resource_lookup_data (gk_core_get_resource (), BUILTIN_CALENDAR, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The built-in working-day calendar is missing from the program: %s", error->message);

  self = gk_calendar_new_from_bytes (bytes, &error);
  if (self == NULL)
    g_error ("The built-in working-day calendar is broken: %s", error->message);

  return self;
}

/* @newer's years replace @base's; the years only @base knows stay. */
static GkCalendar *
merge (GkCalendar *base,
       GkCalendar *newer)
{
  GkCalendar *self = g_object_new (GK_TYPE_CALENDAR, NULL);
  GHashTableIter iter;
  gpointer key, value;

  self->bytes = g_bytes_ref (newer->bytes);
  self->version = g_strdup (newer->version);

  g_hash_table_iter_init (&iter, base->years);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->years, key, g_strdup (value));
  g_hash_table_iter_init (&iter, newer->years);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->years, key, g_strdup (value));

  for (guint i = 0; i < base->listed->len; i++)
    {
      Listed *entry = &g_array_index (base->listed, Listed, i);
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, entry->julian);
      if (!g_hash_table_contains (newer->years, GUINT_TO_POINTER ((guint) g_date_get_year (&date))))
        add_listed (self, entry->julian, entry->workday);
    }
  for (guint i = 0; i < newer->listed->len; i++)
    {
      Listed *entry = &g_array_index (newer->listed, Listed, i);

      add_listed (self, entry->julian, entry->workday);
    }

  g_array_sort (self->listed, compare_listed);
  return self;
}

static GkCalendar *
load_installed (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, INSTALLED_CALENDAR, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GkCalendar *installed;
  gsize size;

  if (!g_file_get_contents (path, &contents, &size, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("%s", error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
  if ((installed = gk_calendar_new_from_bytes (bytes, &error)) == NULL)
    g_warning ("%s: %s", path, error->message);

  return installed;
}

/**
 * gk_calendar_load:
 * @data_dir: the data folder, where `gongkai calendar import` installs a file
 *
 * The built-in calendar, with the years of an installed newer calendar taken
 * from that file. A damaged installed file is reported and left out.
 *
 * Returns: (transfer full): the calendar in use for @data_dir
 */
GkCalendar *
gk_calendar_load (const char *data_dir)
{
  g_autoptr(GkCalendar) builtin = gk_calendar_new_builtin ();
  g_autoptr(GkCalendar) installed = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  installed = load_installed (data_dir);
  if (installed == NULL || gk_catalog_compare_versions (installed->version, builtin->version) <= 0)
    return g_steal_pointer (&builtin);

  return merge (builtin, installed);
}

/**
 * gk_calendar_get_default:
 *
 * The calendar of the user's default data folder, read once.
 *
 * Returns: (transfer none): the calendar
 */
GkCalendar *
gk_calendar_get_default (void)
{
  static GkCalendar *calendar;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autofree char *data_dir = gk_disk_dup_default_data_dir ();

      calendar = gk_calendar_load (data_dir);
      g_once_init_leave (&loaded, 1);
    }

  return calendar;
}

/**
 * gk_calendar_install:
 * @data_dir: the data folder
 * @tsv: a calendar file's contents
 * @name: how to name the file in messages
 * @changed: (out) (optional): %FALSE when this very calendar is already in use
 *
 * Installs @tsv when its version is newer than the calendar in use, as a
 * catalog is installed (docs/catalog.md): an older version is refused, the
 * same version with other content too.
 */
gboolean
gk_calendar_install (const char  *data_dir,
                     GBytes      *tsv,
                     const char  *name,
                     gboolean    *changed,
                     GError     **error)
{
  g_autoptr(GkCalendar) incoming = NULL;
  g_autoptr(GkCalendar) current = NULL;
  g_autofree char *dest = NULL;
  int order, saved_errno = 0;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (tsv != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (changed != NULL)
    *changed = FALSE;

  if ((incoming = gk_calendar_new_from_bytes (tsv, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }

  current = gk_calendar_load (data_dir);
  order = gk_catalog_compare_versions (incoming->version, current->version);

  if (order < 0)
    {
      g_set_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID,
                   _("Calendar “%s” was refused: its version %s is older than the version %s in use, which stays in use."),
                   name, incoming->version, current->version);
      return FALSE;
    }

  if (order == 0)
    {
      if (g_bytes_equal (tsv, current->bytes))
        return TRUE;

      g_set_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID,
                   _("Calendar “%s” was refused: it differs from the calendar in use but has the same version %s; ask its issuer for a new version number."),
                   name, incoming->version);
      return FALSE;
    }

  dest = g_build_filename (data_dir, INSTALLED_CALENDAR, NULL);
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    saved_errno = errno;
  if (saved_errno != 0
      || !gk_disk_replace_file (dest, g_bytes_get_data (tsv, NULL), g_bytes_get_size (tsv), &saved_errno))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The new calendar could not be saved in “%s” (%s), so the old one stays in use; check that the folder is writable and the disk not full."),
                   dest, g_strerror (saved_errno));
      return FALSE;
    }

  if (changed != NULL)
    *changed = TRUE;

  return TRUE;
}

const char *
gk_calendar_get_version (GkCalendar *self)
{
  g_return_val_if_fail (GK_IS_CALENDAR (self), NULL);

  return self->version;
}

/**
 * gk_calendar_get_bytes:
 *
 * Returns: (transfer none): the file the calendar was read from; for the built-in
 *   calendar with an installed newer one, the installed file
 */
GBytes *
gk_calendar_get_bytes (GkCalendar *self)
{
  g_return_val_if_fail (GK_IS_CALENDAR (self), NULL);

  return self->bytes;
}

static gint
compare_years (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * gk_calendar_dup_years:
 *
 * Returns: (transfer full) (element-type guint): the years the calendar knows, in order
 */
GArray *
gk_calendar_dup_years (GkCalendar *self)
{
  GArray *years = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (GK_IS_CALENDAR (self), NULL);

  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint year = GPOINTER_TO_UINT (key);

      g_array_append_val (years, year);
    }
  g_array_sort (years, compare_years);

  return years;
}

/**
 * gk_calendar_get_source:
 *
 * Returns: (nullable): the notice @year's days come from, or %NULL for an unknown year
 */
const char *
gk_calendar_get_source (GkCalendar *self,
                        guint       year)
{
  g_return_val_if_fail (GK_IS_CALENDAR (self), NULL);

  return g_hash_table_lookup (self->years, GUINT_TO_POINTER (year));
}

static gboolean
check_year (GkCalendar *self,
            guint       year,
            GError    **error)
{
  if (g_hash_table_contains (self->years, GUINT_TO_POINTER (year)))
    return TRUE;

  g_set_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_UNKNOWN_YEAR,
               _("The holiday arrangements for %u are unknown, so working days in it cannot be counted; install a newer working-day calendar with “gongkai calendar import FILE”."),
               year);
  return FALSE;
}

static gboolean
julian_is_workday (GkCalendar *self,
                   guint32     julian)
{
  int listed = GPOINTER_TO_INT (g_hash_table_lookup (self->by_julian, GUINT_TO_POINTER (julian)));

  if (listed != 0)
    return listed == 1 + TRUE;

  /* Julian day 1 (0001-01-01) is a Monday. */
  return (julian - 1) % 7 < 5;
}

/**
 * gk_calendar_is_workday:
 * @workday: (out): whether people work on @day
 *
 * Returns: %FALSE with %GK_CALENDAR_ERROR_UNKNOWN_YEAR when the calendar does
 *   not know @day's year: no guess is made
 */
gboolean
gk_calendar_is_workday (GkCalendar  *self,
                        const GDate *day,
                        gboolean    *workday,
                        GError     **error)
{
  g_return_val_if_fail (GK_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);
  g_return_val_if_fail (workday != NULL, FALSE);

  if (!check_year (self, g_date_get_year (day), error))
    return FALSE;

  *workday = julian_is_workday (self, g_date_get_julian (day));
  return TRUE;
}

/* Monday to Friday among julian days 1 … @julian. */
static guint64
weekdays_upto (guint32 julian)
{
  return (guint64) (julian / 7) * 5 + MIN (julian % 7, 5);
}

static guint
lower_bound (GArray  *listed,
             guint32  julian)
{
  guint low = 0, high = listed->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (listed, Listed, middle).julian < julian)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/**
 * gk_calendar_count_workdays:
 * @count: (out): the working days after @from up to and including @to; 0 when
 *   @to is not after @from
 *
 * Counted from the weekdays and the listed days in between, not day by day,
 * so that the self-check can count for every item of a large store.
 *
 * Returns: %FALSE with %GK_CALENDAR_ERROR_UNKNOWN_YEAR when a year between is unknown
 */
gboolean
gk_calendar_count_workdays (GkCalendar  *self,
                            const GDate *from,
                            const GDate *to,
                            guint       *count,
                            GError     **error)
{
  guint32 first, last;
  gint64 total;

  g_return_val_if_fail (GK_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  *count = 0;
  first = g_date_get_julian (from) + 1;
  last = g_date_get_julian (to);
  if (last < first)
    return TRUE;

  {
    GDate start;

    g_date_clear (&start, 1);
    g_date_set_julian (&start, first);
    for (guint year = g_date_get_year (&start); year <= g_date_get_year (to); year++)
      {
        if (!check_year (self, year, error))
          return FALSE;
      }
  }

  total = (gint64) (weekdays_upto (last) - weekdays_upto (first - 1));
  for (guint i = lower_bound (self->listed, first);
       i < self->listed->len && g_array_index (self->listed, Listed, i).julian <= last;
       i++)
    {
      Listed *entry = &g_array_index (self->listed, Listed, i);
      gboolean weekday = (entry->julian - 1) % 7 < 5;

      if (entry->workday && !weekday)
        total++;
      else if (!entry->workday && weekday)
        total--;
    }

  *count = (guint) total;
  return TRUE;
}

/**
 * gk_calendar_add_workdays:
 * @result: (out caller-allocates): the date @n working days after @from;
 *   @from itself when @n is 0
 *
 * Returns: %FALSE with %GK_CALENDAR_ERROR_UNKNOWN_YEAR when the count runs
 *   into an unknown year
 */
gboolean
gk_calendar_add_workdays (GkCalendar  *self,
                          const GDate *from,
                          guint        n,
                          GDate       *result,
                          GError     **error)
{
  GDate day;
  guint checked_year = 0;

  g_return_val_if_fail (GK_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  day = *from;
  while (n > 0)
    {
      g_date_add_days (&day, 1);
      if (g_date_get_year (&day) != checked_year)
        {
          if (!check_year (self, g_date_get_year (&day), error))
            return FALSE;
          checked_year = g_date_get_year (&day);
        }
      if (julian_is_workday (self, g_date_get_julian (&day)))
        n--;
    }

  *result = day;
  return TRUE;
}
