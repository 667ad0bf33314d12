/*
 * The self-check reads from the store only the rows that can give a finding
 * (gk_check_store_fill_snapshot()). On a random unit, for many inspection
 * dates, a check that reads only those must find exactly what a check that
 * reads every row finds; and the items query must use its partial index.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "gk-catalog.h"
#include "gk-check-export.h"
#include "gk-check-private.h"
#include "gk-column.h"
#include "gk-context-private.h"
#include "gk-profile.h"
#include "gk-store-private.h"
#include "gk-test-util.h"

#define UNIT "市民政局"
#define N_PORTAL 400
#define N_LOCAL 400
#define N_DAYS 60

typedef struct
{
  char       *dir;
  GkContext  *context;
  sqlite3    *db;       /* a second connection, to write rows as a sync or an old version would */
  GRand      *rand;
  GPtrArray  *columns;  /* ids of the unit's columns */
} Fixture;

static const char *
pick (Fixture            *fixture,
      const char * const *choices,
      guint               n)
{
  return choices[g_rand_int_range (fixture->rand, 0, (gint32) n)];
}

/* A timestamp on one of N_DAYS days from 2026-09-01, a few on the same day. */
static char *
random_timestamp (Fixture *fixture)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 9, 1, 0, 0, 0);
  g_autoptr(GDateTime) when = g_date_time_add_full (start, 0, 0, g_rand_int_range (fixture->rand, 0, N_DAYS),
                                                    g_rand_int_range (fixture->rand, 0, 24), 0, 0);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (fixture->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A timestamp @days after @base, at another hour. */
static char *
later_timestamp (Fixture    *fixture,
                 const char *base,
                 int         days)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (base, NULL);
  g_autoptr(GDateTime) when = g_date_time_add_full (start, 0, 0, days, g_rand_int_range (fixture->rand, -12, 12), 0, 0);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

/*
 * What the portal reports: policies and their interpretations, most linked
 * both ways, some one way only, listed twice or not at all, published 0 to 8
 * days after the policy (so across weekends and the three working days); news;
 * every status.
 */
static void
add_portal_items (Fixture *fixture)
{
  static const char * const statuses[] = { "published", "published", "published", "received", "rejected", "scheduled" };
  g_autofree int *target = g_new (int, N_PORTAL);   /* the policy an interpretation is about, or -1 */
  g_autofree gboolean *is_policy = g_new0 (gboolean, N_PORTAL);
  g_auto(GStrv) published = g_new0 (char *, N_PORTAL + 1);

  for (guint i = 0; i < N_PORTAL; i++)
    {
      is_policy[i] = g_rand_int_range (fixture->rand, 0, 5) < 2;
      target[i] = -1;
      if (!is_policy[i] && i > 0 && g_rand_int_range (fixture->rand, 0, 4) > 0)
        target[i] = g_rand_int_range (fixture->rand, 0, (gint32) i);
      published[i] = target[i] >= 0 ? later_timestamp (fixture, published[target[i]], g_rand_int_range (fixture->rand, 0, 9))
                                    : random_timestamp (fixture);
    }

  for (guint i = 0; i < N_PORTAL; i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *id = g_strdup_printf ("p%03u", i);
      g_autofree char *title_report = g_strdup_printf ("%s 资金情况", id);
      g_autoptr(GError) error = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "column_id");
      json_builder_add_string_value (builder, g_ptr_array_index (fixture->columns,
                                                                 g_rand_int_range (fixture->rand, 0, (gint32) fixture->columns->len)));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, is_policy[i] ? "policy" : target[i] >= 0 ? "interpretation" : "news");
      json_builder_set_member_name (builder, "title");
      /* Every third a report, which needs no interpretation (gk_check_needs_interpretation()). */
      json_builder_add_string_value (builder, i % 3 == 0 ? title_report : id);
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, 1);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, pick (fixture, statuses, G_N_ELEMENTS (statuses)));
      json_builder_set_member_name (builder, "published_at");
      json_builder_add_string_value (builder, published[i]);
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, published[i]);
      if (target[i] >= 0 && g_rand_int_range (fixture->rand, 0, 5) > 0)
        {
          g_autofree char *policy = g_strdup_printf ("p%03d", target[i]);

          json_builder_set_member_name (builder, "interprets");
          json_builder_add_string_value (builder, policy);
        }
      if (is_policy[i])
        {
          json_builder_set_member_name (builder, "interpreted_by");
          json_builder_begin_array (builder);
          for (guint j = i + 1; j < N_PORTAL; j++)
            {
              g_autofree char *other = g_strdup_printf ("p%03u", j);

              if (target[j] == (int) i && g_rand_int_range (fixture->rand, 0, 6) > 0)
                json_builder_add_string_value (builder, other);
            }
          if (g_rand_int_range (fixture->rand, 0, 8) == 0)
            json_builder_add_string_value (builder, "missing");
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      g_assert_true (gk_store_record_portal_item (gk_context_get_store (fixture->context), UNIT,
                                                  json_node_get_object (root), NULL, &error));
      g_assert_no_error (error);
    }
}

/* Local items in every state, with and without dates, scans, typos and outbox rows. */
static void
add_local_items (Fixture *fixture)
{
  static const char * const states[] = { "draft", "ready", "queued", "submitted", "published", "published", "rejected" };
  static const char * const bodies[] = { "按季度公开财政预算。", "工作以经完成。", "", NULL };
  g_autoptr(sqlite3_stmt) item = NULL;
  g_autoptr(sqlite3_stmt) outbox = NULL;

  exec_sql (fixture, "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db,
                                       "INSERT INTO items (uuid, unit, column_id, kind, state, title, body, written_on, "
                                       "publish_on, created_at, updated_at, submitted_at, privacy_checked, privacy_problems, "
                                       "privacy_summary, deleted_at) VALUES (?, '" UNIT "', ?, 'news', ?, ?, ?, ?, ?, "
                                       "'2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z', ?, ?, ?, ?, ?)",
                                       -1, &item, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db,
                                       "INSERT INTO outbox (item_id, revision, idempotency_key, stopped, last_error, queued_at) "
                                       "VALUES (?, 1, ?, ?, '门户拒收', ?)",
                                       -1, &outbox, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_LOCAL; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *title = g_strdup_printf ("第%u条", i);
      g_autofree char *submitted = random_timestamp (fixture);
      g_autofree char *written = random_timestamp (fixture);
      g_autofree char *publish = random_timestamp (fixture);
      const char *state = pick (fixture, states, G_N_ELEMENTS (states));
      gboolean sent = !g_str_equal (state, "draft") && !g_str_equal (state, "ready");

      sqlite3_reset (item);
      sqlite3_bind_text (item, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (item, 2, g_ptr_array_index (fixture->columns, i % fixture->columns->len), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (item, 3, state, -1, SQLITE_STATIC);
      sqlite3_bind_text (item, 4, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (item, 5, pick (fixture, bodies, G_N_ELEMENTS (bodies)), -1, SQLITE_STATIC);
      /* Dates cut to the day, or missing. */
      written[10] = publish[10] = '\0';
      sqlite3_bind_text (item, 6, g_rand_int_range (fixture->rand, 0, 5) > 0 ? written : NULL, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (item, 7, g_rand_int_range (fixture->rand, 0, 5) > 0 ? publish : NULL, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (item, 8, sent ? submitted : NULL, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (item, 9, sent && g_rand_boolean (fixture->rand) ? submitted : NULL, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (item, 10, g_rand_int_range (fixture->rand, 0, 4) == 0);
      sqlite3_bind_text (item, 11, "身份证号 1 处", -1, SQLITE_STATIC);
      sqlite3_bind_text (item, 12, g_rand_int_range (fixture->rand, 0, 10) == 0 ? submitted : NULL, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (item), ==, SQLITE_DONE);

      if (g_str_equal (state, "queued") && g_rand_boolean (fixture->rand))
        {
          sqlite3_reset (outbox);
          sqlite3_bind_int64 (outbox, 1, sqlite3_last_insert_rowid (fixture->db));
          sqlite3_bind_text (outbox, 2, uuid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (outbox, 3, g_rand_boolean (fixture->rand));
          sqlite3_bind_text (outbox, 4, submitted, -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (outbox), ==, SQLITE_DONE);
        }
    }
  exec_sql (fixture, "COMMIT");
}

static char *
run_check (Fixture     *fixture,
           const GDate *as_of)
{
  g_autoptr(GkCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = gk_check_run (fixture->context, (GDate *) as_of, 14, &error);
  g_assert_no_error (error);

  return gk_check_export_json (result, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GListModel) columns = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  guint32 seed = g_test_rand_int ();

  g_test_message ("seed %u", seed);
  fixture->rand = g_rand_new_with_seed (seed);
  fixture->dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  gk_profile_set_unit (profile, UNIT);
  g_assert_true (gk_context_save_profile (fixture->context, profile, &error));

  columns = gk_catalog_dup_columns_for_unit (gk_context_get_catalog (fixture->context), UNIT);
  fixture->columns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (columns, i);

      g_ptr_array_add (fixture->columns, g_strdup (gk_column_get_id (column)));
    }

  db = g_build_filename (fixture->dir, "gongkai.db", NULL);
  g_assert_cmpint (sqlite3_open (db, &fixture->db), ==, SQLITE_OK);
  sqlite3_busy_timeout (fixture->db, 5000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sqlite3_close (fixture->db);
  g_clear_object (&fixture->context);
  g_ptr_array_unref (fixture->columns);
  g_rand_free (fixture->rand);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
test_same_findings (Fixture       *fixture,
                    gconstpointer  user_data)
{
  add_portal_items (fixture);
  add_local_items (fixture);

  /* Every few days from before the first publication to past the last. */
  for (guint day = 0; day < N_DAYS + 24; day += 4)
    {
      g_autofree char *everything = NULL;
      g_autofree char *candidates = NULL;
      g_autofree char *settled = NULL;
      g_autoptr(GkCalendar) calendar = gk_calendar_load (gk_context_get_data_dir (fixture->context));
      g_autofree char *settled_key = g_strconcat ("interpretations-settled:" UNIT ":" GK_CHECK_RULES_VERSION ":",
                                                  gk_calendar_get_version (calendar), NULL);
      GDate as_of;

      g_date_clear (&as_of, 1);
      g_date_set_dmy (&as_of, 29, G_DATE_AUGUST, 2026);
      g_date_add_days (&as_of, day);

      /* Nothing settled or remembered: the store must read every row. */
      exec_sql (fixture, "DELETE FROM settings WHERE key LIKE 'interpretations-settled:%';"
                         "UPDATE items SET wording_checked = NULL;");
      everything = run_check (fixture, &as_of);

      /* That check settled the policies and remembered the wording: now only the candidates. */
      settled = gk_store_dup_setting (gk_context_get_store (fixture->context), settled_key);
      g_assert_nonnull (settled);
      candidates = run_check (fixture, &as_of);

      g_assert_cmpstr (candidates, ==, everything);
    }
}

static void
on_cancelled_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;

  g_assert_null (gk_check_run_finish (GK_CONTEXT (source), result, error));
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GkCheckResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gk_check_run_finish (GK_CONTEXT (source), result, &error);
  g_assert_no_error (error);
}

/* The GUI's check, in a worker on its own connection, finds what the CLI's finds on the window's. */
static void
test_async (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GkCheckResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  GDate as_of;

  add_portal_items (fixture);
  add_local_items (fixture);
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 15, G_DATE_OCTOBER, 2026);
  expected = run_check (fixture, &as_of);

  gk_check_run_async (fixture->context, &as_of, 14, NULL, on_checked_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  json = gk_check_export_json (result, NULL);
  g_assert_cmpstr (json, ==, expected);
  g_clear_pointer (&result, gk_check_result_free);

  /* A run cancelled before it ends says so and returns nothing. */
  g_cancellable_cancel (cancellable);
  gk_check_run_async (fixture->context, &as_of, 14, cancellable, on_cancelled_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_candidate_index (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(sqlite3_stmt) plan = NULL;
  g_autoptr(GString) details = g_string_new (NULL);

  /* The query check/gk-check-store.c runs: a reworded expression would silently scan every row. */
  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db,
                                       "EXPLAIN QUERY PLAN SELECT items.uuid FROM items LEFT JOIN outbox o "
                                       "ON o.item_id = items.id WHERE items.unit = ?1 AND " GK_STORE_CHECK_CANDIDATES,
                                       -1, &plan, NULL), ==, SQLITE_OK);
  while (sqlite3_step (plan) == SQLITE_ROW)
    g_string_append_printf (details, "%s\n", (const char *) sqlite3_column_text (plan, 3));

  g_test_message ("%s", details->str);
  g_assert_nonnull (strstr (details->str, "items_check_candidates"));

  /* The 解读率's count of settled policies reads the index alone. */
  g_clear_pointer (&plan, sqlite3_finalize);
  g_string_truncate (details, 0);
  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, "EXPLAIN QUERY PLAN " GK_STORE_SETTLED_INTERPRETED, -1, &plan, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (plan) == SQLITE_ROW)
    g_string_append_printf (details, "%s\n", (const char *) sqlite3_column_text (plan, 3));
  g_test_message ("%s", details->str);
  g_assert_nonnull (strstr (details->str, "COVERING INDEX portal_items_settled"));
}

static guint
count_rule (GkCheckResult *result,
            GkRule         rule,
            GkSeverity     severity)
{
  guint n = 0;

  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);

      n += finding->rule == rule && finding->severity == severity;
    }

  return n;
}

/* The store tells a correction (an earlier revision was published) from a first submission. */
static void
test_correction (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GkCheckResult) first = NULL;
  g_autoptr(GkCheckResult) corrected = NULL;
  g_autoptr(GError) error = NULL;
  GDate as_of;

  exec_sql (fixture,
            "INSERT INTO items (uuid, unit, column_id, kind, state, revision, title, written_on, publish_on, body, "
            "  created_at, updated_at, submitted_at, privacy_checked) "
            "VALUES ('c0rrect', '" UNIT "', 'hms.shjz.cxdb', 'list', 'submitted', 2, '低保名单（更正）', '2017-08-30', "
            "  '2017-09-01', '名单', '2017-08-30T08:00:00Z', '2017-09-20T08:00:00Z', '2017-09-20T08:00:00Z', '2017-09-20');");
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 25, G_DATE_SEPTEMBER, 2017);

  first = gk_check_run (fixture->context, &as_of, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (first, GK_RULE_DATES, GK_SEVERITY_VETO), ==, 1);

  exec_sql (fixture,
            "INSERT INTO item_revisions (item_id, revision, state, kind, title, written_on, publish_on, body, archived_at) "
            "SELECT id, 1, 'published', 'list', '低保名单', '2017-08-30', '2017-09-01', '名单', '2017-09-19T08:00:00Z' "
            "FROM items WHERE uuid = 'c0rrect';");
  corrected = gk_check_run (fixture->context, &as_of, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (corrected, GK_RULE_DATES, GK_SEVERITY_VETO), ==, 0);
}

static void
record_portal (Fixture    *fixture,
               const char *unit,
               const char *id,
               const char *column_id,
               const char *kind,
               const char *title,
               const char *published_at)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"column_id\": \"%s\", \"kind\": \"%s\", "
                                           "\"title\": \"%s\", \"revision\": 1, \"status\": \"published\", "
                                           "\"published_at\": \"%s\", \"updated_at\": \"%s\"}",
                                           id, column_id, kind, title, published_at, published_at);
  g_autoptr(GError) error = NULL;

  root = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (gk_store_record_portal_item (gk_context_get_store (fixture->context), unit,
                                              json_node_get_object (root), NULL, &error));
  g_assert_no_error (error);
}

static void
record_policy (Fixture    *fixture,
               const char *id,
               const char *title)
{
  record_portal (fixture, UNIT, id, "hms.shjz.cxdb", "policy", title, "2017-09-01T08:00:00Z");
}

/* 及时 per item in an event column, the same whether the store reads every row or the open ones. */
static void
test_timely (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GError) error = NULL;
  GDate as_of;

  gk_profile_set_unit (profile, "市政府办");
  g_assert_true (gk_context_save_profile (fixture->context, profile, &error));
  record_portal (fixture, "市政府办", "aaaa0000-0000-4000-8000-000000000001", "wzz.yqyd.hygk", "news", "常务会议一", "2017-09-30T08:00:00Z");
  record_portal (fixture, "市政府办", "aaaa0000-0000-4000-8000-000000000002", "wzz.yqyd.hygk", "news", "常务会议二", "2017-10-10T08:00:00Z");
  exec_sql (fixture,
            "INSERT INTO items (uuid, unit, column_id, kind, state, title, written_on, publish_on, body, "
            "  created_at, updated_at, submitted_at, privacy_checked) VALUES "
            "('aaaa0000-0000-4000-8000-000000000001', '市政府办', 'wzz.yqyd.hygk', 'news', 'published', '常务会议一', "
            "  '2017-09-01', '2017-09-30', '正文', '2017-09-01T08:00:00Z', '2017-09-30T08:00:00Z', '2017-09-30T08:00:00Z', '2017-09-30'),"
            "('aaaa0000-0000-4000-8000-000000000002', '市政府办', 'wzz.yqyd.hygk', 'news', 'published', '常务会议二', "
            "  '2017-09-29', '2017-10-10', '正文', '2017-09-29T08:00:00Z', '2017-10-10T08:00:00Z', '2017-10-10T08:00:00Z', '2017-10-10');");
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 1, G_DATE_DECEMBER, 2017);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GkCheckResult) result = gk_check_run (fixture->context, &as_of, 14, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (count_rule (result, GK_RULE_TIMELY, GK_SEVERITY_DEDUCTION), ==, 1);
    }
}

/* 需解读: a fund report needs no interpretation, a 规范性文件 does, and the liaison's choice wins. */
static void
test_needs_interpretation (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GDate as_of;

  record_policy (fixture, "fedc0000-0000-4000-8000-000000000001", "2017年第三季度城乡低保资金发放情况");
  record_policy (fixture, "abcd0000-0000-4000-8000-000000000002", "关于印发城乡低保管理办法的通知");
  exec_sql (fixture,
            "INSERT INTO items (uuid, unit, column_id, kind, state, title, doc_number, written_on, publish_on, body, "
            "  created_at, updated_at, submitted_at, privacy_checked) "
            "VALUES ('abcd0000-0000-4000-8000-000000000002', '" UNIT "', 'hms.shjz.cxdb', 'policy', 'published', "
            "  '关于印发城乡低保管理办法的通知', '岳民发〔2017〕3号', '2017-08-30', '2017-09-01', '正文', "
            "  '2017-08-30T08:00:00Z', '2017-09-01T08:00:00Z', '2017-09-01T08:00:00Z', '2017-09-01');");
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 25, G_DATE_SEPTEMBER, 2017);

  for (guint pass = 0; pass < 2; pass++)
    {
      /* The first check reads every row and settles; the second reads by the settled state. */
      g_autoptr(GkCheckResult) result = gk_check_run (fixture->context, &as_of, 14, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (count_rule (result, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION), ==, 1);
      g_assert_cmpuint (result->n_needing_interpretation, ==, 1);
      g_assert_cmpuint (result->n_interpreted, ==, 0);
    }

  g_assert_false (gk_check_set_needs_interpretation (fixture->context, "abcd0000-0000-4000-8000-000000000002", 0, " ", &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (gk_check_set_needs_interpretation (fixture->context, "abcd0000-0000-4000-8000-000000000002", 0, "内部工作规程，不涉及群众权利义务", &error));
  g_assert_no_error (error);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GkCheckResult) result = gk_check_run (fixture->context, &as_of, 14, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (count_rule (result, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION), ==, 0);
      g_assert_cmpuint (result->n_needing_interpretation, ==, 0);
    }

  g_assert_true (gk_check_set_needs_interpretation (fixture->context, "abcd0000-0000-4000-8000-000000000002", -1, NULL, &error));
  {
    g_autoptr(GkCheckResult) result = gk_check_run (fixture->context, &as_of, 14, &error);

    g_assert_cmpuint (result->n_needing_interpretation, ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/check-store/same-findings", Fixture, NULL, fixture_set_up, test_same_findings, fixture_tear_down);
  g_test_add ("/check-store/correction", Fixture, NULL, fixture_set_up, test_correction, fixture_tear_down);
  g_test_add ("/check-store/needs-interpretation", Fixture, NULL, fixture_set_up, test_needs_interpretation, fixture_tear_down);
  g_test_add ("/check-store/timely", Fixture, NULL, fixture_set_up, test_timely, fixture_tear_down);
  g_test_add ("/check-store/candidate-index", Fixture, NULL, fixture_set_up, test_candidate_index, fixture_tear_down);
  g_test_add ("/check-store/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);

  return g_test_run ();
}
