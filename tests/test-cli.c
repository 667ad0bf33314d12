/* The gongkai command keeps DESIGN.md's contract: output formats, messages and exit codes. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "gk-context.h"
#include "gk-store.h"
#include "gk-test-util.h"

typedef struct
{
  char *dir;
  char *out;
  char *err;
  int   status;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = gk_test_make_data_dir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->out);
  g_free (fixture->err);
}

/* Runs `gongkai ARGS… --data-dir DIR`; the status is the program's exit code. */
static void
run (Fixture    *fixture,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list list;

  va_start (list, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  fixture->status = gk_test_run_cli_argv (fixture->dir, NULL, &fixture->out, &fixture->err,
                                          (const char * const *) args->pdata);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

static void
assert_one_sentence (const char *text)
{
  g_assert_cmpuint (count_lines (text), ==, 1);
  g_assert_true (g_str_has_suffix (text, ".\n"));
}

static void
test_units (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_auto(GStrv) lines = NULL;

  run (fixture, "catalog", "units", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  g_assert_cmpuint (count_lines (fixture->out), ==, 35);
  lines = g_strsplit (fixture->out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "市政府办");
  g_assert_true (g_strv_contains ((const char * const *) lines, "市电子政务办"));
}

static void
test_columns_tsv (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  gboolean found_institutional = FALSE;

  run (fixture, "catalog", "columns", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpuint (count_lines (fixture->out), ==, 91);

  lines = g_strsplit (fixture->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) row = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (row), ==, 5);
      if (g_str_equal (row[1], "公开制度化") && g_str_equal (row[2], "考核监督"))
        {
          g_assert_cmpstr (row[3], ==, "");
          g_assert_cmpstr (row[4], ==, "市政务中心、市电子政务办");
          found_institutional = TRUE;
        }
    }
  g_assert_true (found_institutional);

  run (fixture, "catalog", "columns", "--unit", "市统计局", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);
  fields = g_strsplit (fixture->out, "\t", -1);
  g_assert_cmpstr (fields[1], ==, "助力稳增长");
  g_assert_cmpstr (fields[2], ==, "预期引导");
  g_assert_cmpstr (fields[3], ==, "经济运行");
  g_assert_cmpstr (fields[4], ==, "市财政局、市统计局\n");
}

static void
test_columns_json (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *columns;
  JsonObject *first;

  run (fixture, "catalog", "columns", "--unit", "市财政局", "--format", "json", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  json_parser_load_from_data (parser, fixture->out, -1, &error);
  g_assert_no_error (error);

  columns = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (columns), ==, 8);
  first = json_array_get_object_element (columns, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "level3"), ==, "经济运行");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "units")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "assignments")), ==, 2);
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  user_data)
{
  run (fixture, "catalog", "columns", "--unit", "市财政厅", NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  g_assert_cmpstr (fixture->out, ==, "");
  g_assert_nonnull (strstr (fixture->err, "市财政厅"));
  assert_one_sentence (fixture->err);

  run (fixture, "catalog", "columns", "--format", "xml", NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  g_assert_nonnull (strstr (fixture->err, "xml"));

  run (fixture, "catalog", "frobnicate", NULL);
  g_assert_cmpint (fixture->status, ==, 2);

  run (fixture, "catalog", "columns", "--bogus", NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  assert_one_sentence (fixture->err);

  run (fixture, "profile", "set", NULL);
  g_assert_cmpint (fixture->status, ==, 2);

  run (fixture, "catalog", "import", NULL);
  g_assert_cmpint (fixture->status, ==, 2);

  run (fixture, "--help", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "catalog"));
  g_assert_nonnull (strstr (fixture->out, "profile"));
  /* A long call gets a line of its own rather than pushing its summary out of the column. */
  g_assert_nonnull (strstr (fixture->out, "|ready\n "));
  g_assert_nonnull (strstr (fixture->out, "  submit ID…                           Queue"));

  run (fixture, "profile", "set", "--help", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "\n  gongkai profile set [OPTION…] [--unit U]"));

  /* --data-dir before the command is moved behind it; any other option there is refused by name. */
  run (fixture, "--data-dir", fixture->dir, "profile", "set", "--unit", "市财政局", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "profile", "--data-dir", fixture->dir, "show", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "市财政局"));

  run (fixture, "--data-dir", fixture->dir, "--unit", "市财政局", "catalog", "columns", NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  g_assert_cmpstr (fixture->out, ==, "");
  g_assert_nonnull (strstr (fixture->err, "“--unit”"));
  assert_one_sentence (fixture->err);
}

static void
test_profile (Fixture       *fixture,
              gconstpointer  user_data)
{
  run (fixture, "profile", "set", "--unit", "市民政局", "--liaison", "张丽", "--phone", "0730-8882003", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");

  run (fixture, "profile", "set", "--leader", "刘副局长", "--office", "办公室", NULL);
  g_assert_cmpint (fixture->status, ==, 0);

  run (fixture, "profile", "show", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "unit\t市民政局\nliaison\t张丽\nphone\t0730-8882003\nleader\t刘副局长\noffice\t办公室\n");

  /* A refused change names the value and loses nothing already stored. */
  run (fixture, "profile", "set", "--unit", "市财政厅", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "市财政厅"));
  assert_one_sentence (fixture->err);

  run (fixture, "profile", "set", "--phone", "abc", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  assert_one_sentence (fixture->err);

  run (fixture, "profile", "show", NULL);
  g_assert_true (g_str_has_prefix (fixture->out, "unit\t市民政局\n"));
  g_assert_nonnull (strstr (fixture->out, "phone\t0730-8882003\n"));
}

static void
test_import (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  g_autofree char *good = NULL;

  g_file_set_contents (bad, "{\n\"schema\": 1,\n\"version\": [\n", -1, NULL);
  run (fixture, "catalog", "import", bad, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "bad.json"));
  assert_one_sentence (fixture->err);

  json_object_set_string_member (json_node_get_object (root), "version", "2099.1");
  json_array_remove_element (json_object_get_array_member (json_node_get_object (root), "columns"), 0);
  good = gk_test_write_catalog (fixture->dir, "good.json", root);
  run (fixture, "catalog", "import", good, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "2099.1"));

  run (fixture, "catalog", "columns", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 90);

  run (fixture, "catalog", "show", NULL);
  g_assert_nonnull (strstr (fixture->out, "version\t2099.1\n"));
}

/* `gongkai calendar`: the answers, the unknown year, usage errors, and installing a newer year. */
static const struct {
  const char *args;
  int         status;
  const char *out;
  const char *err;
} calendar_calls[] = {
  { "workdays 2017-09-29 2017-10-09", 0, "2\n", "" },
  { "workdays 2017-01-26 2017-02-03", 0, "1\n", "" },
  { "workdays 2017-10-09 2017-09-29", 0, "0\n", "" },
  { "due 2017-09-29 2", 0, "2017-10-09\n", "" },
  { "due 2024-09-30 20", 0, "2024-11-01\n", "" },
  { "due 2017-09-29 0", 0, "2017-09-29\n", "" },
  { "due 2026-12-30 5", 1, "", "2027" },
  { "workdays 2016-06-01 2017-01-03", 1, "", "2016" },
  { "workdays 2017-9-29 2017-10-09", 2, "", "2017-9-29" },
  { "workdays 2017-02-29 2017-10-09", 2, "", "2017-02-29" },
  { "workdays 2017-09-29", 2, "", "FROM" },
  { "due 2017-09-29 -1", 2, "", "-1" },
  { "due 2017-09-29 many", 2, "", "many" },
};

static void
test_calendar (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *newer = g_build_filename (fixture->dir, "2027.tsv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (calendar_calls); i++)
    {
      g_auto(GStrv) args = g_strsplit (calendar_calls[i].args, " ", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) argv = NULL;

      g_strv_builder_add (builder, "calendar");
      g_strv_builder_addv (builder, (const char **) args);
      argv = g_strv_builder_end (builder);

      g_test_message ("gongkai calendar %s", calendar_calls[i].args);
      g_clear_pointer (&fixture->out, g_free);
      g_clear_pointer (&fixture->err, g_free);
      fixture->status = gk_test_run_cli_argv (fixture->dir, NULL, &fixture->out, &fixture->err,
                                              (const char * const *) argv);
      g_assert_cmpint (fixture->status, ==, calendar_calls[i].status);
      g_assert_cmpstr (fixture->out, ==, calendar_calls[i].out);
      if (calendar_calls[i].status == 0)
        g_assert_cmpstr (fixture->err, ==, "");
      else
        {
          g_assert_nonnull (strstr (fixture->err, calendar_calls[i].err));
          assert_one_sentence (fixture->err);
        }
    }

  run (fixture, "calendar", "show", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "2017\t国办发明电〔2016〕14号\n"));

  g_assert_true (g_file_set_contents (newer, "version\t2027.1\nyear\t2027\t国办发明电〔2026〕1号\n2027-01-01\t休\n", -1, NULL));
  run (fixture, "calendar", "import", newer, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "2027.1"));

  run (fixture, "calendar", "due", "2026-12-30", "5", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->out, ==, "2027-01-07\n");

  run (fixture, "--help", NULL);
  g_assert_nonnull (strstr (fixture->out, "  calendar workdays|due|import|update|show"));
}

static void
test_corrupt_database (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "gongkai.db", NULL);

  g_file_set_contents (db, "SQLite format 3 but not really, just garbage bytes", -1, NULL);
  run (fixture, "catalog", "units", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_cmpstr (fixture->out, ==, "");
  g_assert_nonnull (strstr (fixture->err, "gongkai.db"));
  assert_one_sentence (fixture->err);
}

static char *
add_item (Fixture    *fixture,
          const char *title,
          const char *attach)
{
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", title,
       attach != NULL ? "--attach" : NULL, attach, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (g_str_has_suffix (fixture->out, "\n"));

  return g_strstrip (g_strdup (fixture->out));
}

static void
test_items (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *body = g_build_filename (fixture->dir, "body.txt", NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "名单.csv", NULL);
  g_autofree char *id = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *shown;
  JsonArray *attachments;

  /* No unit yet: one sentence saying how to choose one. */
  run (fixture, "item", "list", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "profile set"));
  assert_one_sentence (fixture->err);

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  /* GB18030 body text, as Notepad on a Chinese Windows saves it: "低保标准" */
  g_file_set_contents (body, "\xb5\xcd\xb1\xa3\xb1\xea\xd7\xbc\r\n", -1, NULL);
  g_file_set_contents (file, "姓名\n", -1, NULL);

  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "低保标准调整", "--body-file", body,
       "--attach", file, "--written-on", "2026-11-02", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  id = g_strstrip (g_strdup (fixture->out));
  g_assert_true (g_uuid_string_is_valid (id));
  prefix = g_strndup (id, 8);

  run (fixture, "item", "show", prefix, "--format", "json", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  json_parser_load_from_data (parser, fixture->out, -1, &error);
  g_assert_no_error (error);
  shown = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (shown, "uuid"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (shown, "body"), ==, "低保标准");
  g_assert_cmpstr (json_object_get_string_member (shown, "state"), ==, "draft");
  attachments = json_object_get_array_member (shown, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attachments, 0), "name"), ==, "名单.csv");

  run (fixture, "item", "list", "--format", "tsv", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->out, id));

  run (fixture, "item", "search", "低保", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);
  run (fixture, "item", "search", "医疗救助", NULL);
  g_assert_cmpint (fixture->status, ==, 1);

  /* Not signed off yet: refused with what is missing; then signed off, ready and queued. */
  run (fixture, "submit", id, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  run (fixture, "item", "ready", id, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "审核人"));
  run (fixture, "item", "edit", id, "--reviewer", "周科长", "--reviewed-on", "2026-11-03", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "ready", id, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "submit", id, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "list", "--state", "queued", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);

  run (fixture, "item", "edit", id, "--title", "改", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "withdraw"));
  run (fixture, "item", "rm", id, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
}

static void
test_item_refusals (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "a.txt", NULL);
  g_autofree char *body = g_build_filename (fixture->dir, "body.txt", NULL);
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  g_file_set_contents (file, "x", -1, NULL);

  /* A column of another unit, a missing attachment, a bad date: nothing is added. */
  run (fixture, "item", "add", "--column", "wzz.yqyd.hygk", "--title", "x", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  assert_one_sentence (fixture->err);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "x", "--attach", "/nonexistent.pdf", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "x", "--publish-on", "2026-13-01", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "2026-13-01"));
  /* A body with a NUL would be cut there without a word: refused, naming where. */
  g_file_set_contents (body, "低保名单\0后半部分", sizeof "低保名单\0后半部分" - 1, NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "x", "--body-file", body, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "NUL byte at byte 12"));
  assert_one_sentence (fixture->err);
  run (fixture, "item", "list", NULL);
  g_assert_cmpstr (fixture->out, ==, "");

  run (fixture, "item", "add", "--title", "x", NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "x", "--kind", "rumour", NULL);
  g_assert_cmpint (fixture->status, ==, 1);

  id = add_item (fixture, "第一条", file);
  other = add_item (fixture, "第二条", NULL);

  /* A bad id among good ones changes nothing. */
  run (fixture, "item", "rm", other, "ffffffff", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  run (fixture, "item", "list", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 2);

  run (fixture, "item", "attach", other, file, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "detach", other, "nope", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  run (fixture, "item", "show", "00", NULL);
  g_assert_cmpint (fixture->status, ==, 1);

  run (fixture, "item", "rm", id, other, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "list", NULL);
  g_assert_cmpstr (fixture->out, ==, "");
}

/* Takes a ready @uuid through the outbox to @state, as the portal would: the CLI has no command for that. */
static void
set_state_in_store (Fixture    *fixture,
                    const char *uuid,
                    GkItemState state)
{
  g_autofree char *path = gk_context_dup_store_path (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = gk_store_open (path, &error);

  g_assert_no_error (error);
  for (GkItemState next = GK_ITEM_STATE_QUEUED; next <= state; next++)
    {
      gk_store_set_item_state (store, uuid, next, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
test_bin (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autofree char *kept = NULL;
  g_autofree char *binned = NULL;
  g_autofree char *published = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *attachment = g_build_filename (fixture->dir, "名单.csv", NULL);

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  g_file_set_contents (attachment, "姓名\n", -1, NULL);
  kept = add_item (fixture, "留着的", NULL);
  binned = add_item (fixture, "删掉的", NULL);
  prefix = g_strndup (binned, 8);

  run (fixture, "item", "list", "--removed", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->out, ==, "");

  /* Removed: gone from the list, in the bin with today's date as the fifth field. */
  run (fixture, "item", "rm", prefix, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  run (fixture, "item", "list", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->out, kept));
  run (fixture, "item", "list", "--removed", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->out, binned));
  today = g_date_time_format (now, "\t%Y-%m-%d\t删掉的\n");
  g_assert_true (g_str_has_suffix (fixture->out, today));
  run (fixture, "item", "list", "--removed", "--format", "json", NULL);
  g_assert_nonnull (strstr (fixture->out, "\"removed_at\""));

  /* A live item is not in the bin, and a bad id among good ones restores nothing. */
  run (fixture, "item", "restore", kept, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "item list --removed"));
  assert_one_sentence (fixture->err);
  run (fixture, "item", "restore", prefix, "ffffffff", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  run (fixture, "item", "restore", NULL);
  g_assert_cmpint (fixture->status, ==, 2);

  run (fixture, "item", "restore", prefix, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "list", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 2);
  run (fixture, "item", "list", "--removed", NULL);
  g_assert_cmpstr (fixture->out, ==, "");

  /* Removing what the website shows says it stays there. */
  published = add_item (fixture, "已发布的", attachment);
  run (fixture, "item", "edit", published, "--reviewer", "周科长", "--reviewed-on", "2026-11-03", NULL);
  run (fixture, "item", "ready", published, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  set_state_in_store (fixture, published, GK_ITEM_STATE_PUBLISHED);
  run (fixture, "item", "rm", published, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->err, "stays on the portal"));
  g_assert_nonnull (strstr (fixture->err, "已发布的"));
}

/* Dates as office documents and spreadsheets write them are kept as YYYY-MM-DD; others say what is wrong. */
static void
test_dates (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *id = NULL;
  static const struct {
    const char *typed;
    const char *complaint;
  } refused[] = {
    { "2024-02-30", "has no day 30" },
    { "2024/13/1", "no month 13" },
    { "下周三", "is not a date" },
    { "16.4.2024", "is not a date" },
  };

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "日期", "--written-on", "2024年4月16日",
       "--publish-on", "2024/4/16", "--reviewed-on", " 2024.4.6 ", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  id = g_strstrip (g_strdup (fixture->out));
  run (fixture, "item", "show", id, NULL);
  g_assert_nonnull (strstr (fixture->out, "written-on\t2024-04-16\n"));
  g_assert_nonnull (strstr (fixture->out, "publish-on\t2024-04-16\n"));
  g_assert_nonnull (strstr (fixture->out, "reviewed-on\t2024-04-06\n"));

  run (fixture, "item", "edit", id, "--written-on", "2024-4-1", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "show", id, NULL);
  g_assert_nonnull (strstr (fixture->out, "written-on\t2024-04-01\n"));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      run (fixture, "item", "edit", id, "--written-on", refused[i].typed, NULL);
      g_assert_cmpint (fixture->status, ==, 1);
      g_assert_nonnull (strstr (fixture->err, refused[i].complaint));
      assert_one_sentence (fixture->err);
    }
}

/* What breaks SQL spliced by hand, and LIKE's wildcards: none has a tab or newline, so the
 * "field<TAB>value" lines of profile show can be compared too. */
static const char * const hostile[] = {
  "x'); DROP TABLE items; --",
  "\"%_\\' OR '1'='1 /*",
  "全角‘引号’“双引号”；--注释",
};

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_item_fields (Fixture    *fixture,
                    const char *id,
                    guint       first)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = g_strjoin ("\n", hostile[0], hostile[1], hostile[2], NULL);
  JsonObject *item;

  run (fixture, "item", "show", id, "--format", "json", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  item = parse_object (parser, fixture->out);
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, hostile[first % 3]);
  g_assert_cmpstr (json_object_get_string_member (item, "doc-number"), ==, hostile[(first + 1) % 3]);
  g_assert_cmpstr (json_object_get_string_member (item, "issuer"), ==, hostile[(first + 2) % 3]);
  g_assert_cmpstr (json_object_get_string_member (item, "reviewer"), ==, hostile[first % 3]);
  g_assert_cmpstr (json_object_get_string_member (item, "body"), ==, body);
}

static void
test_hostile_text (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *body = g_build_filename (fixture->dir, "body.txt", NULL);
  g_autofree char *text = g_strjoin ("\n", hostile[0], hostile[1], hostile[2], NULL);
  g_autofree char *id = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *findings;

  /* SQL is only ever built with bound parameters: every text field comes back as typed. */
  run (fixture, "profile", "set", "--unit", "市民政局", "--liaison", hostile[0], "--leader", hostile[1],
       "--office", hostile[2], NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "profile", "show", NULL);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const fields[] = { "liaison", "leader", "office" };
      g_autofree char *line = g_strdup_printf ("%s\t%s\n", fields[i], hostile[i]);

      g_assert_nonnull (strstr (fixture->out, line));
    }

  g_file_set_contents (body, text, -1, NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", hostile[0], "--doc-number", hostile[1],
       "--issuer", hostile[2], "--reviewer", hostile[0], "--body-file", body, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  id = g_strdup (g_strchomp (fixture->out));
  assert_item_fields (fixture, id, 0);
  run (fixture, "item", "edit", id, "--title", hostile[1], "--doc-number", hostile[2], "--issuer", hostile[0],
       "--reviewer", hostile[1], NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  assert_item_fields (fixture, id, 1);

  /* A search for a wildcard finds the item holding it, not every item. */
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "普通标题", NULL);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const words[] = { "%", "_", "'1'='1" };

      run (fixture, "item", "search", words[i], NULL);
      g_assert_cmpint (fixture->status, ==, 0);
      g_assert_cmpuint (count_lines (fixture->out), ==, 1);
      g_assert_true (g_str_has_prefix (fixture->out, id));
    }

  /* And the rectification measure, for a finding the self-check logged. */
  run (fixture, "check", NULL);
  run (fixture, "check", "measure", "registration:unit", hostile[1], NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "check", "--format", "json", NULL);
  findings = json_object_get_array_member (parse_object (parser, fixture->out), "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_str_equal (json_object_get_string_member (finding, "key"), "registration:unit"))
        g_assert_cmpstr (json_object_get_string_member (finding, "measure"), ==, hostile[1]);
    }

  run (fixture, "store", "check", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
}

static void
test_store_commands (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "gongkai.db", NULL);
  g_autofree char *backup = NULL;

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  run (fixture, "store", "check", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "store", "backup", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  backup = g_strstrip (g_strdup (fixture->out));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  run (fixture, "store", "backups", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);

  g_file_set_contents (db, "damaged", -1, NULL);
  run (fixture, "profile", "show", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "gongkai store restore"));

  run (fixture, "store", "restore", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "damaged-"));
  run (fixture, "profile", "show", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (g_str_has_prefix (fixture->out, "unit\t市民政局\n"));
}

static void
test_check_report (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "自查报告.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) extract = NULL;

  run (fixture, "profile", "set", "--unit", "市审计局", "--liaison", "周敏", NULL);
  run (fixture, "check", "--as-of", "2017-09-13", NULL);
  /* A blank column costs points: exit status 1. */
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->out, "市审计局"));

  run (fixture, "check", "--as-of", "2017-13-01", NULL);
  g_assert_cmpint (fixture->status, ==, 2);
  run (fixture, "check", "--format", "pdf", NULL);
  g_assert_cmpint (fixture->status, ==, 2);

  run (fixture, "check", "--format", "json", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  json_parser_load_from_data (parser, fixture->out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "columns")), ==, 1);

  run (fixture, "check", "measure", "blank:wzz.yqyd.sjxx", "下周发布审计结果", "--due", "2026-12-01", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "check", "--format", "csv", NULL);
  g_assert_true (g_str_has_prefix (fixture->out, "\xef\xbb\xbf"));
  g_assert_nonnull (strstr (fixture->out, "下周发布审计结果"));
  /* For the office's tables: the unit in full, no internal keys. */
  g_assert_nonnull (strstr (fixture->out, "岳阳市审计局"));
  g_assert_null (strstr (fixture->out, "blank:wzz.yqyd.sjxx"));

  run (fixture, "check", "--format", "pdf", "-o", pdf, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  extract = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, pdftotext, pdf, "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (extract, NULL, NULL, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "市审计局"));
  g_assert_nonnull (strstr (text, "审计信息"));
  g_assert_nonnull (strstr (text, "下周发布审计结果"));
  /* A document of the unit: its full name, the seal and the report date under the signatures. */
  g_assert_nonnull (strstr (text, "岳阳市审计局"));
  g_assert_nonnull (strstr (text, "Unit (seal): 岳阳市审计局"));
  g_assert_nonnull (strstr (text, "Report date: "));
  /* The column table says when each column is next due: a blank one now. */
  g_assert_nonnull (strstr (text, "Next update due"));
  g_assert_nonnull (strstr (text, "Now: the column"));
}

/* A resident ID of someone who does not exist: region 430602, born 1980-01-01, check digit computed. */
static char *
make_id (void)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  const char *base = "43060219800101123";
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (base[i] - '0') * weights[i];

  return g_strdup_printf ("%s%c", base, "10X98765432"[sum % 11]);
}

static void
test_privacy_gate (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *id_number = make_id ();
  g_autofree char *body = g_strdup_printf ("申请人张某，身份证号 %s，已审核。", id_number);
  g_autofree char *body_file = g_build_filename (fixture->dir, "body.txt", NULL);
  g_autofree char *item = NULL;

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  g_file_set_contents (body_file, body, -1, NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "低保审批公示", "--body-file", body_file,
       "--reviewer", "周科长", "--reviewed-on", "2026-11-20", NULL);
  item = g_strstrip (g_strdup (fixture->out));
  run (fixture, "item", "ready", item, NULL);
  g_assert_cmpint (fixture->status, ==, 0);

  /* An unmasked identity number stops the submission, in one sentence showing only the masked form. */
  run (fixture, "submit", item, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  assert_one_sentence (fixture->err);
  g_assert_nonnull (strstr (fixture->err, "430602********"));
  g_assert_null (strstr (fixture->err, id_number));
  run (fixture, "item", "list", "--state", "ready", NULL);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1);

  run (fixture, "submit", item, "--override-by", "刘副局长", NULL);
  g_assert_cmpint (fixture->status, ==, 1);

  run (fixture, "submit", item, "--override-by", "刘副局长", "--reason", "本人同意公开", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "show", item, NULL);
  g_assert_nonnull (strstr (fixture->out, "override-by\t刘副局长"));
  g_assert_nonnull (strstr (fixture->out, "override-reason\t本人同意公开"));

  /* A wrong check digit does not get a number through: the gate counts the suspected one too. */
  g_file_set_contents (body_file, "申请人李某，身份证号 430602199003071234。", -1, NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "临时救助公示", "--body-file", body_file,
       "--reviewer", "周科长", "--reviewed-on", "2026-11-20", NULL);
  g_free (item);
  item = g_strstrip (g_strdup (fixture->out));
  run (fixture, "item", "ready", item, NULL);
  run (fixture, "submit", item, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "430602********1234"));
  g_assert_null (strstr (fixture->err, "430602199003071234"));
  /* Where to look: the field and its line (正文第 1 行). */
  g_assert_nonnull (strstr (fixture->err, "the body: 1 unmasked number (line 1, "));

  /* The self-check report lists who let it through and why. */
  run (fixture, "check", NULL);
  g_assert_nonnull (strstr (fixture->out, "刘副局长"));
}

/* The attachment line of `item show` for @name: "attachment\tNUMBER\tNAME\tTYPE\tSIZE\tPATH", split. */
static char **
dup_attachment_line (Fixture    *fixture,
                     const char *item,
                     const char *name)
{
  g_auto(GStrv) lines = NULL;

  run (fixture, "item", "show", item, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  lines = g_strsplit (fixture->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (fields) == 6 && g_str_equal (fields[0], "attachment") && g_str_equal (fields[2], name))
        return g_steal_pointer (&fields);
    }

  return NULL;
}

/* `item mask` does what the editor's Replace with Masked Copy does: after it, the gate lets the item through. */
static void
test_mask (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autofree char *id_number = make_id ();
  g_autofree char *csv = g_strdup_printf ("姓名,身份证号\n张某,%s\n", id_number);
  g_autofree char *path = g_build_filename (fixture->dir, "低保名单.csv", NULL);
  g_autofree char *item = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *number = NULL;
  g_auto(GStrv) original = NULL;
  g_auto(GStrv) copy = NULL;
  g_auto(GStrv) gone = NULL;

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  g_file_set_contents (path, csv, -1, NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "低保名单公示", "--attach", path,
       "--reviewer", "周科长", "--reviewed-on", "2026-11-20", NULL);
  item = g_strstrip (g_strdup (fixture->out));
  run (fixture, "item", "ready", item, NULL);
  run (fixture, "submit", item, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "低保名单.csv"));

  original = dup_attachment_line (fixture, item, "低保名单.csv");
  g_assert_nonnull (original);
  run (fixture, "item", "mask", item, "nope", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  assert_one_sentence (fixture->err);
  run (fixture, "item", "mask", item, original[1], NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  number = g_strstrip (g_strdup (fixture->out));
  g_assert_cmpstr (number, !=, original[1]);

  /* The copy took the original's place, under a name that says what it is, with the number masked. */
  copy = dup_attachment_line (fixture, item, "低保名单（已脱敏）.csv");
  g_assert_nonnull (copy);
  g_assert_cmpstr (copy[1], ==, number);
  gone = dup_attachment_line (fixture, item, "低保名单.csv");
  g_assert_null (gone);
  g_assert_true (g_file_get_contents (copy[5], &masked, NULL, NULL));
  g_assert_null (strstr (masked, id_number));
  g_assert_nonnull (strstr (masked, "430602"));

  /* The original is gone, so masking it again names the number it no longer is. */
  run (fixture, "item", "mask", item, original[1], NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  assert_one_sentence (fixture->err);

  run (fixture, "item", "ready", item, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "submit", item, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
}

/* Markings never leave; 易错词 leave once confirmed; both named in one sentence. */
static void
test_wording_gate (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *body_file = g_build_filename (fixture->dir, "body.txt", NULL);
  g_autofree char *marked = NULL;
  g_autofree char *slip = NULL;

  run (fixture, "profile", "set", "--unit", "市民政局", NULL);
  g_file_set_contents (body_file, "本通知为内部资料，以经审核。", -1, NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "低保审批公示", "--body-file", body_file,
       "--reviewer", "周科长", "--reviewed-on", "2026-11-20", NULL);
  marked = g_strstrip (g_strdup (fixture->out));
  g_file_set_contents (body_file, "名单以经审核。", -1, NULL);
  run (fixture, "item", "add", "--column", "hms.shjz.cxdb", "--title", "低保名单", "--body-file", body_file,
       "--reviewer", "周科长", "--reviewed-on", "2026-11-20", NULL);
  slip = g_strstrip (g_strdup (fixture->out));
  run (fixture, "item", "ready", marked, slip, NULL);
  g_assert_cmpint (fixture->status, ==, 0);

  run (fixture, "submit", marked, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  assert_one_sentence (fixture->err);
  g_assert_nonnull (strstr (fixture->err, "内部资料"));
  /* The markings are named, not the 易错词 beside them. */
  g_assert_null (strstr (fixture->err, "以经"));
  run (fixture, "submit", marked, "--accept-wording", NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "never be published"));

  run (fixture, "submit", slip, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  assert_one_sentence (fixture->err);
  g_assert_nonnull (strstr (fixture->err, "以经→已经"));
  g_assert_nonnull (strstr (fixture->err, "--accept-wording"));
  run (fixture, "item", "list", "--state", "queued", NULL);
  g_assert_cmpstr (fixture->out, ==, "");

  run (fixture, "submit", slip, "--accept-wording", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "item", "list", "--state", "queued", NULL);
  g_assert_true (g_str_has_prefix (fixture->out, slip));
}

/*
 * The gongkai that scripts and every item command start stays light: the network, the keyring
 * and the PDF renderer are gongkai-full's (gk-cli.h). A helper of the light commands that shares
 * an object file with a PDF writer once pulled cairo, Pango and 30 more libraries into it.
 */
static void
test_light_links (void)
{
  static const char * const heavy[] = { "libcairo", "libpango", "libsoup", "libsecret", "libpoppler", "libarchive" };
  const char *argv[] = { "ldd", g_getenv ("GONGKAI_CLI"), NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error))
    {
      g_test_skip ("ldd could not be run");
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (heavy); i++)
    if (strstr (out, heavy[i]) != NULL)
      g_test_fail_printf ("gongkai links %s:\n%s", heavy[i], out);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("GONGKAI_CLI") == NULL)
    g_error ("Set GONGKAI_CLI to the gongkai program to test");

  g_test_add ("/cli/catalog/units", Fixture, NULL, fixture_set_up, test_units, fixture_tear_down);
  g_test_add ("/cli/catalog/columns-tsv", Fixture, NULL, fixture_set_up, test_columns_tsv, fixture_tear_down);
  g_test_add ("/cli/catalog/columns-json", Fixture, NULL, fixture_set_up, test_columns_json, fixture_tear_down);
  g_test_add ("/cli/catalog/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);
  g_test_add ("/cli/calendar", Fixture, NULL, fixture_set_up, test_calendar, fixture_tear_down);
  g_test_add ("/cli/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors, fixture_tear_down);
  g_test_add ("/cli/profile", Fixture, NULL, fixture_set_up, test_profile, fixture_tear_down);
  g_test_add ("/cli/corrupt-database", Fixture, NULL, fixture_set_up, test_corrupt_database, fixture_tear_down);
  g_test_add ("/cli/items", Fixture, NULL, fixture_set_up, test_items, fixture_tear_down);
  g_test_add ("/cli/bin", Fixture, NULL, fixture_set_up, test_bin, fixture_tear_down);
  g_test_add ("/cli/dates", Fixture, NULL, fixture_set_up, test_dates, fixture_tear_down);
  g_test_add ("/cli/item-refusals", Fixture, NULL, fixture_set_up, test_item_refusals, fixture_tear_down);
  g_test_add ("/cli/hostile-text", Fixture, NULL, fixture_set_up, test_hostile_text, fixture_tear_down);
  g_test_add ("/cli/store", Fixture, NULL, fixture_set_up, test_store_commands, fixture_tear_down);
  g_test_add ("/cli/check-report", Fixture, NULL, fixture_set_up, test_check_report, fixture_tear_down);
  g_test_add ("/cli/wording-gate", Fixture, NULL, fixture_set_up, test_wording_gate, fixture_tear_down);
  g_test_add ("/cli/privacy-gate", Fixture, NULL, fixture_set_up, test_privacy_gate, fixture_tear_down);
  g_test_add ("/cli/mask", Fixture, NULL, fixture_set_up, test_mask, fixture_tear_down);
  g_test_add_func ("/cli/light-links", test_light_links);

  return g_test_run ();
}
