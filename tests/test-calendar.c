/* The working-day calendar: each year's notice, counting and adding working days, unknown years, installing. */
#include "config.h"

#include <string.h>

#include "gk-calendar.h"
#include "gk-test-util.h"

static GDate
date (const char *text)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, text);
  g_assert_true (g_date_valid (&d));
  return d;
}

static char *
format (const GDate *d)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
}

/*
 * Per year, written from the notices independently of the data file: the
 * Saturdays and Sundays worked (调休上班), some days off, and the working days
 * of the whole year, which is the year's weekdays less its public holidays
 * (11 days until 2024, 13 from 2025 under the revised 放假办法; 2020 loses two
 * more to the extended Spring Festival of 国办发明电〔2020〕1号).
 */
static const struct {
  guint       year;
  const char *worked_weekend_days;
  const char *days_off;
  guint       working_days;
} years[] = {
  { 2017, "2017-01-22 2017-02-04 2017-04-01 2017-05-27 2017-09-30",
    "2017-01-02 2017-01-27 2017-02-02 2017-04-03 2017-04-04 2017-05-01 2017-05-29 2017-05-30 2017-10-02 2017-10-06", 260 - 11 },
  { 2018, "2018-02-11 2018-02-24 2018-04-08 2018-04-28 2018-09-29 2018-09-30 2018-12-29",
    "2018-01-01 2018-02-15 2018-02-21 2018-04-05 2018-04-06 2018-04-30 2018-05-01 2018-06-18 2018-09-24 2018-10-05 2018-12-31", 261 - 11 },
  { 2019, "2019-02-02 2019-02-03 2019-04-28 2019-05-05 2019-09-29 2019-10-12",
    "2019-01-01 2019-02-04 2019-02-08 2019-04-05 2019-05-02 2019-05-03 2019-06-07 2019-09-13 2019-10-07", 261 - 11 },
  { 2020, "2020-01-19 2020-04-26 2020-05-09 2020-06-28 2020-09-27 2020-10-10",
    "2020-01-01 2020-01-24 2020-01-31 2020-02-01 2020-04-06 2020-05-05 2020-06-25 2020-06-26 2020-10-08", 262 - 13 },
  { 2021, "2021-02-07 2021-02-20 2021-04-25 2021-05-08 2021-09-18 2021-09-26 2021-10-09",
    "2021-01-01 2021-02-11 2021-02-17 2021-04-05 2021-05-05 2021-06-14 2021-09-20 2021-09-21 2021-10-07", 261 - 11 },
  { 2022, "2022-01-29 2022-01-30 2022-04-02 2022-04-24 2022-05-07 2022-10-08 2022-10-09",
    "2022-01-03 2022-01-31 2022-02-04 2022-04-04 2022-04-05 2022-05-04 2022-06-03 2022-09-12 2022-10-07", 260 - 11 },
  { 2023, "2023-01-28 2023-01-29 2023-04-23 2023-05-06 2023-06-25 2023-10-07 2023-10-08",
    "2023-01-02 2023-01-23 2023-01-27 2023-04-05 2023-05-03 2023-06-22 2023-06-23 2023-09-29 2023-10-06", 260 - 11 },
  { 2024, "2024-02-04 2024-02-18 2024-04-07 2024-04-28 2024-05-11 2024-09-14 2024-09-29 2024-10-12",
    "2024-01-01 2024-02-12 2024-02-16 2024-04-04 2024-04-05 2024-05-03 2024-06-10 2024-09-16 2024-09-17 2024-10-07", 262 - 11 },
  { 2025, "2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11",
    "2025-01-01 2025-01-28 2025-02-04 2025-04-04 2025-05-02 2025-05-05 2025-06-02 2025-10-06 2025-10-08", 261 - 13 },
  { 2026, "2026-01-04 2026-02-14 2026-02-28 2026-05-09 2026-09-20 2026-10-10",
    "2026-01-02 2026-02-16 2026-02-23 2026-04-06 2026-05-04 2026-05-05 2026-06-19 2026-09-25 2026-10-07", 261 - 13 },
};

static gboolean
is_workday (GkCalendar  *calendar,
            const GDate *day)
{
  g_autoptr(GError) error = NULL;
  gboolean workday = FALSE;

  g_assert_true (gk_calendar_is_workday (calendar, day, &workday, &error));
  g_assert_no_error (error);
  return workday;
}

static void
test_each_year (void)
{
  GkCalendar *calendar = gk_calendar_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_auto(GStrv) worked = g_strsplit (years[i].worked_weekend_days, " ", -1);
      g_auto(GStrv) off = g_strsplit (years[i].days_off, " ", -1);
      g_autoptr(GError) error = NULL;
      GDate new_year_eve, last_day;
      guint count = 0, n_worked_weekend = 0;

      g_test_message ("%u: %s", years[i].year, gk_calendar_get_source (calendar, years[i].year));
      g_assert_nonnull (gk_calendar_get_source (calendar, years[i].year));

      for (guint j = 0; worked[j] != NULL; j++)
        {
          GDate day = date (worked[j]);

          g_assert_cmpint (g_date_get_weekday (&day), >=, G_DATE_SATURDAY);
          g_assert_true (is_workday (calendar, &day));
        }
      for (guint j = 0; off[j] != NULL; j++)
        {
          GDate day = date (off[j]);

          g_assert_false (is_workday (calendar, &day));
        }

      /* No other Saturday or Sunday of the year is worked. */
      g_date_clear (&last_day, 1);
      g_date_set_dmy (&last_day, 1, G_DATE_JANUARY, years[i].year);
      for (; g_date_get_year (&last_day) == years[i].year; g_date_add_days (&last_day, 1))
        {
          if (g_date_get_weekday (&last_day) >= G_DATE_SATURDAY && is_workday (calendar, &last_day))
            n_worked_weekend++;
        }
      g_assert_cmpuint (n_worked_weekend, ==, g_strv_length (worked));

      g_date_clear (&new_year_eve, 1);
      g_date_set_dmy (&new_year_eve, 31, G_DATE_DECEMBER, years[i].year - 1);
      g_date_set_dmy (&last_day, 31, G_DATE_DECEMBER, years[i].year);
      g_assert_true (gk_calendar_count_workdays (calendar, &new_year_eve, &last_day, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count, ==, years[i].working_days);
    }
}

/* The cases of the issue, and the edges of counting. */
static const struct {
  const char *from;
  const char *to;
  guint       count;
} counts[] = {
  { "2017-09-29", "2017-10-09", 2 },  /* 国庆、中秋 off, Saturday 9-30 worked */
  { "2017-01-26", "2017-02-03", 1 },  /* 春节 */
  { "2017-09-29", "2017-09-29", 0 },
  { "2017-10-09", "2017-09-29", 0 },  /* backwards counts nothing */
  { "2017-09-29", "2017-09-30", 1 },
  { "2017-09-30", "2017-10-08", 0 },
  { "2016-12-31", "2017-01-03", 1 },  /* only the days after FROM need a known year */
  { "2019-12-31", "2020-02-03", 18 },
  { "2024-09-30", "2024-11-01", 20 },
  { "2017-01-01", "2026-12-31", 2493 },
};

static void
test_count (void)
{
  GkCalendar *calendar = gk_calendar_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate from = date (counts[i].from), to = date (counts[i].to);
      guint count = 99;

      g_test_message ("%s → %s", counts[i].from, counts[i].to);
      g_assert_true (gk_calendar_count_workdays (calendar, &from, &to, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count, ==, counts[i].count);
    }
}

/* The arithmetic counting agrees with asking day by day, over every range of a sample. */
static void
test_count_matches_day_by_day (void)
{
  GkCalendar *calendar = gk_calendar_get_default ();
  GDate from = date ("2017-01-01");

  for (guint step = 0; step < 400; step++, g_date_add_days (&from, 9))
    {
      GDate to = from;
      guint by_day = 0;

      for (guint length = 0; length < 40 && g_date_get_year (&to) <= 2026; length++)
        {
          guint count = 0;

          g_assert_true (gk_calendar_count_workdays (calendar, &from, &to, &count, NULL));
          g_assert_cmpuint (count, ==, by_day);
          g_date_add_days (&to, 1);
          if (g_date_get_year (&to) <= 2026 && is_workday (calendar, &to))
            by_day++;
        }
    }
}

static const struct {
  const char *from;
  guint       n;
  const char *due;
} dues[] = {
  { "2017-09-29", 2, "2017-10-09" },
  { "2017-09-29", 1, "2017-09-30" },
  { "2017-09-29", 0, "2017-09-29" },
  { "2017-01-26", 1, "2017-02-03" },
  { "2024-09-30", 20, "2024-11-01" },  /* 第二十六条's 20 working days */
  { "2020-01-23", 1, "2020-02-03" },   /* the extended Spring Festival */
  { "2018-12-28", 1, "2018-12-29" },   /* a Saturday of the 2019 notice */
  { "2026-12-30", 1, "2026-12-31" },
};

static void
test_add (void)
{
  GkCalendar *calendar = gk_calendar_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (dues); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      GDate from = date (dues[i].from), due;
      guint back = 0;

      g_assert_true (gk_calendar_add_workdays (calendar, &from, dues[i].n, &due, &error));
      g_assert_no_error (error);
      text = format (&due);
      g_assert_cmpstr (text, ==, dues[i].due);

      g_assert_true (gk_calendar_count_workdays (calendar, &from, &due, &back, NULL));
      g_assert_cmpuint (back, ==, dues[i].n);
    }
}

/* A year without a notice in the data is never guessed. */
static void
test_unknown_year (void)
{
  GkCalendar *calendar = gk_calendar_get_default ();
  g_autoptr(GError) error = NULL;
  GDate day = date ("2027-01-04"), before = date ("2026-12-30"), early = date ("2016-06-01");
  GDate due;
  gboolean workday;
  guint count;

  g_assert_false (gk_calendar_is_workday (calendar, &day, &workday, &error));
  g_assert_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_UNKNOWN_YEAR);
  g_assert_nonnull (strstr (error->message, "2027"));
  g_clear_error (&error);

  g_assert_false (gk_calendar_count_workdays (calendar, &before, &day, &count, &error));
  g_assert_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_UNKNOWN_YEAR);
  g_clear_error (&error);

  g_assert_false (gk_calendar_add_workdays (calendar, &before, 5, &due, &error));
  g_assert_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_UNKNOWN_YEAR);
  g_clear_error (&error);

  g_assert_false (gk_calendar_count_workdays (calendar, &early, &before, &count, &error));
  g_assert_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_UNKNOWN_YEAR);
  g_assert_nonnull (strstr (error->message, "2016"));
}

static const struct {
  const char *text;
  const char *where;
} bad_files[] = {
  { "", "empty" },
  { "year\t2030\tx\n2030-01-01\t休\n", "version" },
  { "version\t1\n", "year" },
  { "version\t1\nyear\t2030\tx\n2030-02-30\t休\n", "line 3" },
  { "version\t1\nyear\t2030\tx\n2030-1-1\t休\n", "line 3" },
  { "version\t1\nyear\t2030\tx\n2030-01-01\t假\n", "line 3" },
  { "version\t1\nyear\t2030\tx\n2031-01-01\t休\n", "line 3" },
  { "version\t1\nyear\t2030\tx\n2030-01-02\t班\n", "line 3" },  /* a Wednesday */
  { "version\t1\nyear\t2030\tx\n2030-01-01\t休\n2030-01-01\t休\n", "line 4" },
  { "version\t1\nyear\t2030\tx\nyear\t2030\ty\n", "line 3" },
  { "version\t1\nversion\t2\n", "line 2" },
  { "version\t1\nyear\tMMXXX\tx\n", "line 2" },
  { "version\t1\nyear\t2030\n", "line 2" },
  { "version\t1\nyear\t2030\tx\n\xff\n", "UTF-8" },
};

static void
test_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad_files[i].text, strlen (bad_files[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(GkCalendar) calendar = gk_calendar_new_from_bytes (bytes, &error);

      g_test_message ("%u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (calendar);
      g_assert_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad_files[i].where));
    }
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

#define NEWER_2027 \
  "# a later notice\nversion\t2027.1\nyear\t2027\t国办发明电〔2026〕1号\r\n" \
  "2027-01-01\t休\t元旦\n2027-01-09\t班\n"

static void
test_install (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(GBytes) newer = text_bytes (NEWER_2027);
  g_autoptr(GBytes) same_version = text_bytes ("version\t2027.1\nyear\t2027\tx\n");
  g_autoptr(GBytes) older = text_bytes ("version\t2017.1\nyear\t2017\tx\n");
  g_autoptr(GkCalendar) before = gk_calendar_load (dir);
  g_autoptr(GkCalendar) after = NULL;
  g_autoptr(GError) error = NULL;
  GDate saturday = date ("2027-01-09"), friday = date ("2027-01-01"), in_2017 = date ("2017-09-30");
  gboolean changed = FALSE, workday = FALSE;

  g_assert_false (gk_calendar_is_workday (before, &saturday, &workday, NULL));

  g_assert_true (gk_calendar_install (dir, newer, "2027.tsv", &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);

  after = gk_calendar_load (dir);
  g_assert_cmpstr (gk_calendar_get_version (after), ==, "2027.1");
  g_assert_true (is_workday (after, &saturday));
  g_assert_false (is_workday (after, &friday));
  /* The built-in years stay known. */
  g_assert_true (is_workday (after, &in_2017));
  g_assert_cmpstr (gk_calendar_get_source (after, 2017), ==, "国办发明电〔2016〕14号");

  g_assert_true (gk_calendar_install (dir, newer, "2027.tsv", &changed, &error));
  g_assert_false (changed);

  g_assert_false (gk_calendar_install (dir, same_version, "other.tsv", &changed, &error));
  g_assert_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "other.tsv"));
  g_clear_error (&error);

  g_assert_false (gk_calendar_install (dir, older, "old.tsv", &changed, &error));
  g_assert_error (error, GK_CALENDAR_ERROR, GK_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "older"));

  gk_test_remove_tree (dir);
}

/* A damaged installed file leaves the built-in calendar in use. */
static void
test_damaged_installed (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "calendar.tsv", NULL);
  g_autoptr(GkCalendar) calendar = NULL;
  GDate day = date ("2017-10-09");

  g_assert_true (g_file_set_contents (path, "version\t9999\nyear\t2027\n", -1, NULL));

  g_test_expect_message ("gk-calendar", G_LOG_LEVEL_WARNING, "*line 2*");
  calendar = gk_calendar_load (dir);
  g_test_assert_expected_messages ();

  g_assert_cmpstr (gk_calendar_get_version (calendar), ==, "2026.1");
  g_assert_true (is_workday (calendar, &day));

  gk_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/each-year", test_each_year);
  g_test_add_func ("/calendar/count", test_count);
  g_test_add_func ("/calendar/count-matches-day-by-day", test_count_matches_day_by_day);
  g_test_add_func ("/calendar/add", test_add);
  g_test_add_func ("/calendar/unknown-year", test_unknown_year);
  g_test_add_func ("/calendar/refused", test_refused);
  g_test_add_func ("/calendar/install", test_install);
  g_test_add_func ("/calendar/damaged-installed", test_damaged_installed);

  return g_test_run ();
}
