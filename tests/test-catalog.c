/* The shipped 2017 catalog is complete, and every kind of bad catalog is refused clearly. */
#include "config.h"

#include "gk-assignment.h"
#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-test-util.h"

/* Counted by hand from the task table of 岳公开办发〔2017〕3号, independently of the JSON. */
static const struct {
  const char *unit;
  guint       n_columns;
} unit_counts[] = {
  { "市政府办", 3 }, { "市政府新闻办", 1 }, { "市财政局", 8 }, { "市统计局", 1 },
  { "市审计局", 1 }, { "市人社局", 3 }, { "市地税局", 1 }, { "市国税局", 1 },
  { "市发改委", 7 }, { "市公共资源交易中心", 3 }, { "市审改办", 1 }, { "市法制办", 1 },
  { "市优化办", 1 }, { "市工商局", 3 }, { "市国资委", 3 }, { "市农业委", 4 },
  { "市经信委", 5 }, { "市商务粮食局", 2 }, { "市质监局", 4 }, { "市扶贫办", 4 },
  { "市民政局", 3 }, { "市环保局", 4 }, { "市自来水公司", 1 }, { "市水务局", 1 },
  { "市教育体育局", 5 }, { "市卫计委", 5 }, { "市食药局", 3 }, { "市金融办", 4 },
  { "市房地产局", 4 }, { "市国土局", 2 }, { "市公积金中心", 1 }, { "市住建局", 1 },
  { "市安监局", 3 }, { "市政务中心", 4 }, { "市电子政务办", 2 },
};

static const struct {
  const char *level1;
  guint       n_columns;
} level1_counts[] = {
  { "助力稳增长", 19 }, { "助力促改革", 16 }, { "助力调结构", 11 },
  { "助力惠民生", 26 }, { "助力防风险", 15 }, { "公开制度化", 4 },
};

static GkColumn *
find_column (GkCatalog  *catalog,
             const char *level2,
             const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (g_str_equal (gk_column_get_level2 (column), level2) &&
          g_str_equal (gk_column_get_title (column), title))
        return column;
    }

  return NULL;
}

static void
test_builtin_counts (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new_builtin ();
  const char * const *units = gk_catalog_get_units (catalog);
  guint n_assignments = 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 91);
  g_assert_cmpuint (g_strv_length ((GStrv) units), ==, G_N_ELEMENTS (unit_counts));
  g_assert_cmpstr (gk_catalog_get_issued (catalog), ==, "2017-09-13");
  g_assert_cmpstr (gk_catalog_get_document_number (catalog), ==, "岳公开办发〔2017〕3号");

  for (guint i = 0; i < G_N_ELEMENTS (unit_counts); i++)
    {
      g_autoptr(GListModel) columns = gk_catalog_dup_columns_for_unit (catalog, unit_counts[i].unit);

      g_test_message ("%s", unit_counts[i].unit);
      g_assert_true (gk_catalog_has_unit (catalog, unit_counts[i].unit));
      g_assert_cmpuint (g_list_model_get_n_items (columns), ==, unit_counts[i].n_columns);
    }

  for (guint i = 0; i < G_N_ELEMENTS (level1_counts); i++)
    {
      guint n = 0;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (catalog)); j++)
        {
          g_autoptr(GkColumn) column = g_list_model_get_item (G_LIST_MODEL (catalog), j);

          if (g_str_equal (gk_column_get_level1 (column), level1_counts[i].level1))
            n++;
        }

      g_test_message ("%s", level1_counts[i].level1);
      g_assert_cmpuint (n, ==, level1_counts[i].n_columns);
    }

  for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (catalog)); j++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (G_LIST_MODEL (catalog), j);

      n_assignments += gk_column_get_assignments (column)->len;
    }
  g_assert_cmpuint (n_assignments, ==, 100);
}

static void
test_builtin_readings (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new_builtin ();
  GkColumn *column;
  GkAssignment *finance, *statistics;
  g_autofree char *units = NULL;

  /* One column, two units, two different descriptions. */
  column = find_column (catalog, "预期引导", "经济运行");
  g_assert_nonnull (column);
  finance = gk_column_lookup_assignment (column, "市财政局");
  statistics = gk_column_lookup_assignment (column, "市统计局");
  g_assert_nonnull (finance);
  g_assert_nonnull (statistics);
  g_assert_true (g_str_has_prefix (gk_assignment_get_description (finance), "定期公开全市财政收支情况"));
  g_assert_true (g_str_has_prefix (gk_assignment_get_description (statistics), "发布全市经济运行情况"));

  /* Four units split on 、 in their table order. */
  column = find_column (catalog, "减税降费", "政策文件");
  g_assert_nonnull (column);
  units = gk_column_dup_units (column, "、");
  g_assert_cmpstr (units, ==, "市人社局、市财政局、市地税局、市国税局");

  /* The row printed before its 二级 name still belongs to 重大建设项目. */
  g_assert_nonnull (find_column (catalog, "重大建设项目", "规划计划"));
  g_assert_nonnull (find_column (catalog, "公共资源配置", "交易公告"));
  g_assert_nonnull (find_column (catalog, "PPP项目", "专家库"));

  /* The typo 农产口购销 is read as 农产品购销. */
  g_assert_nonnull (find_column (catalog, "农业体制改革", "农产品购销"));
  g_assert_null (find_column (catalog, "农业体制改革", "农产口购销"));

  /* The four 公开制度化 columns stop at the second level. */
  for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (catalog)); j++)
    {
      g_autoptr(GkColumn) c = g_list_model_get_item (G_LIST_MODEL (catalog), j);
      gboolean institutional = g_str_equal (gk_column_get_level1 (c), "公开制度化");

      g_assert_true (institutional == (gk_column_get_level3 (c) == NULL));
      g_assert_true (gk_catalog_lookup_column (catalog, gk_column_get_id (c)) == c);
    }

  column = find_column (catalog, "考核监督", "考核监督");
  g_assert_nonnull (column);
  g_assert_true (gk_column_has_unit (column, "市电子政务办"));
}

/* Load @root and expect a refusal whose message names @needle. */
static void
assert_refused (JsonNode   *root,
                int         code,
                const char *needle)
{
  g_autoptr(GBytes) bytes = gk_test_json_to_bytes (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new_from_bytes (bytes, "bad.json", &error);

  g_assert_null (catalog);
  g_assert_error (error, GK_CATALOG_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "bad.json"));
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_null (strchr (error->message, '\n'));
}

static JsonObject *
column_object (JsonNode *root,
               guint     index)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (root), "columns");

  return json_array_get_object_element (columns, index);
}

static JsonObject *
assignment_object (JsonNode *root,
                   guint     column,
                   guint     index)
{
  return json_array_get_object_element (json_object_get_array_member (column_object (root, column), "assignments"), index);
}

static void
test_bad_json (void)
{
  static const char broken[] = "{\n  \"schema\": 1,\n  \"version\": \n}";
  static const char gbk_text[] = "{\"title\": \"\xd5\xfe\xce\xf1\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (broken, strlen (broken));
  g_autoptr(GBytes) gbk = g_bytes_new_static (gbk_text, strlen (gbk_text));
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = NULL;

  catalog = gk_catalog_new_from_bytes (bytes, "broken.json", &error);
  g_assert_null (catalog);
  g_assert_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  g_assert_nonnull (strstr (error->message, "line 4, column 1"));
  g_clear_error (&error);

  catalog = gk_catalog_new_from_bytes (gbk, "gbk.json", &error);
  g_assert_null (catalog);
  g_assert_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  catalog = gk_catalog_new_from_bytes (empty, "empty.json", &error);
  g_assert_null (catalog);
  g_assert_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE);
}

/* A hostile file nested 100,000 deep: one sentence, not a stack overflow in json-glib's parser. */
static void
test_deep_json (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autoptr(GBytes) bytes = g_bytes_new (deep, strlen (deep));
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new_from_bytes (bytes, "deep.json", &error);

  g_assert_null (catalog);
  g_assert_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested"));
}

static void
test_unknown_unit (void)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  const char *id = json_object_get_string_member (column_object (root, 5), "id");

  json_object_set_string_member (assignment_object (root, 5, 0), "unit", "市不存在局");
  assert_refused (root, GK_CATALOG_ERROR_INVALID, "市不存在局");
  assert_refused (root, GK_CATALOG_ERROR_INVALID, id);
}

static void
test_duplicate_id (void)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autofree char *first = g_strdup (json_object_get_string_member (column_object (root, 0), "id"));

  json_object_set_string_member (column_object (root, 7), "id", first);
  assert_refused (root, GK_CATALOG_ERROR_INVALID, first);
}

static void
test_missing_field (void)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) root2 = gk_test_dup_builtin_json ();

  json_object_remove_member (assignment_object (root, 3, 0), "description");
  assert_refused (root, GK_CATALOG_ERROR_INVALID, "description");

  json_object_remove_member (json_node_get_object (root2), "units");
  assert_refused (root2, GK_CATALOG_ERROR_INVALID, "units");
}

static void
test_wrong_type (void)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) root2 = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) root3 = gk_test_dup_builtin_json ();

  json_object_set_string_member (assignment_object (root, 2, 0), "cadence", "monthly");
  assert_refused (root, GK_CATALOG_ERROR_INVALID, "cadence");

  json_object_set_int_member (column_object (root2, 4), "level2", 7);
  assert_refused (root2, GK_CATALOG_ERROR_INVALID, "level2");

  json_object_set_string_member (json_node_get_object (root3), "columns", "none");
  assert_refused (root3, GK_CATALOG_ERROR_INVALID, "columns");
}

static void
test_bad_values (void)
{
  g_autoptr(JsonNode) kind = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) cadence = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) schema = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) id = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) twice = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) idle = gk_test_dup_builtin_json ();
  g_autoptr(JsonNode) date = gk_test_dup_builtin_json ();
  JsonArray *units;

  json_object_set_string_member (assignment_object (kind, 1, 0), "kind", "gossip");
  assert_refused (kind, GK_CATALOG_ERROR_INVALID, "gossip");

  json_object_set_int_member (json_object_get_object_member (assignment_object (cadence, 1, 0), "cadence"), "every", 0);
  assert_refused (cadence, GK_CATALOG_ERROR_INVALID, "every");

  json_object_set_int_member (json_node_get_object (schema), "schema", 3);
  assert_refused (schema, GK_CATALOG_ERROR_INVALID, "schema");

  json_object_set_string_member (column_object (id, 0), "id", "Bad Id");
  assert_refused (id, GK_CATALOG_ERROR_INVALID, "Bad Id");

  units = json_object_get_array_member (json_node_get_object (twice), "units");
  json_array_add_string_element (units, json_array_get_string_element (units, 0));
  assert_refused (twice, GK_CATALOG_ERROR_INVALID, json_array_get_string_element (units, 0));

  units = json_object_get_array_member (json_node_get_object (idle), "units");
  json_array_add_string_element (units, "市闲置办");
  assert_refused (idle, GK_CATALOG_ERROR_INVALID, "市闲置办");

  json_object_set_string_member (json_node_get_object (date), "issued", "2017-02-30");
  assert_refused (date, GK_CATALOG_ERROR_INVALID, "issued");
}

/* Schema 2's periods: each malformed one refused by name. */
static void
test_bad_cadences (void)
{
  static const struct {
    const char *json;
    const char *needle;
  } cases[] = {
    { "{\"every\": 1, \"unit\": \"fortnight\"}", "fortnight" },
    { "{\"every\": 1}", "unit" },
    { "{\"unit\": \"month\"}", "every" },
    { "{\"every\": \"1\", \"unit\": \"month\"}", "every" },
    { "{\"every\": 3661, \"unit\": \"day\"}", "every" },
    { "[1, \"month\"]", "cadence" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
      g_autoptr(JsonNode) period = json_from_string (cases[i].json, NULL);

      json_object_set_member (assignment_object (root, 1, 0), "cadence", g_steal_pointer (&period));
      assert_refused (root, GK_CATALOG_ERROR_INVALID, cases[i].needle);
    }

  {
    /* Neither a period nor a per-item rule: nothing to judge the column by. */
    g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();

    json_object_remove_member (assignment_object (root, 1, 0), "cadence");
    assert_refused (root, GK_CATALOG_ERROR_INVALID, "cadence");
  }
}

/* A schema-1 catalog (cadences in days) is still read, its days as days. */
static void
test_schema_1 (void)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  JsonArray *columns = json_object_get_array_member (json_node_get_object (root), "columns");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  const GkCadence *cadence;

  json_object_set_int_member (json_node_get_object (root), "schema", 1);
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonArray *assignments = json_object_get_array_member (json_array_get_object_element (columns, i), "assignments");

      for (guint j = 0; j < json_array_get_length (assignments); j++)
        {
          JsonObject *assignment = json_array_get_object_element (assignments, j);

          json_object_remove_member (assignment, "cadence");
          json_object_remove_member (assignment, "publish_within_working_days");
          json_object_set_int_member (assignment, "cadence_days", 30);
        }
    }

  bytes = gk_test_json_to_bytes (root);
  catalog = gk_catalog_new_from_bytes (bytes, "schema1.json", &error);
  g_assert_no_error (error);
  cadence = gk_assignment_get_cadence (gk_column_lookup_assignment (gk_catalog_lookup_column (catalog, "cgg.gzgq.xyzb"), "市国资委"));
  g_assert_cmpuint (cadence->every, ==, 30);
  g_assert_cmpint (cadence->unit, ==, GK_CADENCE_DAY);

  json_object_remove_member (assignment_object (root, 1, 0), "cadence_days");
  assert_refused (root, GK_CATALOG_ERROR_INVALID, "cadence_days");
}

/* The 2017 catalog's rhythms as periods: 按月 1 month, 定期 1 quarter, 6 个月, 1 年, 2 周 as 14 days,
 * the 实时/及时 and event columns per item; every note in plain Chinese. */
static void
test_builtin_cadences (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new_builtin ();
  static const struct {
    guint         every;
    GkCadenceUnit unit;
    guint         n;
  } expected[] = {
    { 0, GK_CADENCE_DAY, 4 }, { 14, GK_CADENCE_DAY, 7 }, { 1, GK_CADENCE_MONTH, 1 },
    { 1, GK_CADENCE_QUARTER, 12 }, { 6, GK_CADENCE_MONTH, 67 }, { 1, GK_CADENCE_YEAR, 9 },
  };
  guint found[G_N_ELEMENTS (expected)] = { 0 };
  guint n_per_item = 0;
  const GkCadence *cadence;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      GPtrArray *assignments = gk_column_get_assignments (column);

      for (guint j = 0; j < assignments->len; j++)
        {
          GkAssignment *assignment = g_ptr_array_index (assignments, j);
          const char *source = gk_assignment_get_cadence_source (assignment);
          guint k;

          cadence = gk_assignment_get_cadence (assignment);
          for (k = 0; k < G_N_ELEMENTS (expected); k++)
            {
              if (expected[k].every == cadence->every && (cadence->every == 0 || expected[k].unit == cadence->unit))
                break;
            }
          g_assert_cmpuint (k, <, G_N_ELEMENTS (expected));
          found[k]++;
          n_per_item += gk_assignment_get_publish_within (assignment) == 20;

          g_test_message ("%s: %s", gk_column_get_id (column), source);
          g_assert_null (strstr (source, "docs"));
          g_assert_null (strchr (source, '/'));
          g_assert_null (strstr (source, "90天"));
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    g_assert_cmpuint (found[k], ==, expected[k].n);
  g_assert_cmpuint (n_per_item, ==, 7);

  cadence = gk_assignment_get_cadence (gk_column_lookup_assignment (gk_catalog_lookup_column (catalog, "cgg.gzgq.xyzb"), "市国资委"));
  g_assert_cmpuint (cadence->every, ==, 1);
  g_assert_cmpint (cadence->unit, ==, GK_CADENCE_MONTH);
  cadence = gk_assignment_get_cadence (gk_column_lookup_assignment (gk_catalog_lookup_column (catalog, "wzz.jsjf.xzsyxsf"), "市发改委"));
  g_assert_cmpint (cadence->unit, ==, GK_CADENCE_YEAR);

  /* What the column page says. */
  {
    static const struct {
      const char *column_id;
      const char *unit;
      const char *label;
    } labels[] = {
      { "wzz.yqyd.jjyx", "市财政局", "Every 1 quarter" },
      { "wzz.yqyd.zcwj", "市政府办", "Every 6 months" },
      { "wzz.yqyd.hygk", "市政府办", "Each item within 20 working days of its date written" },
      { "wzz.jsjf.xzsyxsf", "市发改委", "Every 1 year; each item within 20 working days of its date written" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        g_autofree char *label = gk_assignment_dup_cadence_label (
          gk_column_lookup_assignment (gk_catalog_lookup_column (catalog, labels[i].column_id), labels[i].unit));

        g_assert_cmpstr (label, ==, labels[i].label);
      }
  }
}

static void
test_roundtrip_bytes (void)
{
  g_autoptr(JsonNode) root = gk_test_dup_builtin_json ();
  g_autoptr(GBytes) bytes = gk_test_json_to_bytes (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new_from_bytes (bytes, "copy.json", &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (gk_catalog_get_bytes (catalog), bytes));
  g_assert_cmpint (gk_catalog_compare_versions ("2017.2", "2017.10"), <, 0);
  g_assert_cmpint (gk_catalog_compare_versions ("2019.1", "2017.9"), >, 0);
}

/* Documents name the unit in full, the city from the catalog's issuer. */
static void
test_unit_name (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new_builtin ();
  g_autofree char *finance = NULL;
  g_autofree char *other = NULL;

  finance = gk_catalog_dup_unit_name (catalog, "市财政局");
  other = gk_catalog_dup_unit_name (catalog, "岳阳经开区管委会");
  g_assert_cmpstr (finance, ==, "岳阳市财政局");
  g_assert_cmpstr (other, ==, "岳阳经开区管委会");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/builtin/counts", test_builtin_counts);
  g_test_add_func ("/catalog/builtin/readings", test_builtin_readings);
  g_test_add_func ("/catalog/refuse/bad-json", test_bad_json);
  g_test_add_func ("/catalog/refuse/deep-json", test_deep_json);
  g_test_add_func ("/catalog/refuse/unknown-unit", test_unknown_unit);
  g_test_add_func ("/catalog/refuse/duplicate-id", test_duplicate_id);
  g_test_add_func ("/catalog/refuse/missing-field", test_missing_field);
  g_test_add_func ("/catalog/refuse/wrong-type", test_wrong_type);
  g_test_add_func ("/catalog/refuse/bad-values", test_bad_values);
  g_test_add_func ("/catalog/refuse/bad-cadences", test_bad_cadences);
  g_test_add_func ("/catalog/schema-1", test_schema_1);
  g_test_add_func ("/catalog/builtin/cadences", test_builtin_cadences);
  g_test_add_func ("/catalog/roundtrip", test_roundtrip_bytes);

  g_test_add_func ("/catalog/unit-name", test_unit_name);

  return g_test_run ();
}
