/*
 * The annual report laid out as the national format prints it (the same
 * tables for CSV, PDF and DOCX, built once here), and as JSON for scripts.
 */
#define G_LOG_DOMAIN "gk-report"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gk-annual-report.h"
#include "gk-csv.h"
#include "gk-store-requests.h"

void
gk_report_table_free (GkReportTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
gk_report_block_free (GkReportBlock *block)
{
  if (block == NULL)
    return;

  g_free (block->text);
  g_clear_pointer (&block->table, gk_report_table_free);
  g_free (block);
}

/* Labels wide, counts narrow, in the columns of each of the format's tables. */
static const double widths_2[] = { 0.5, 0.5 };
static const double widths_4[] = { 0.34, 0.22, 0.22, 0.22 };
static const double widths_9[] = { 0.15, 0.29, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08 };
static const double widths_15[] = {
  1 / 15., 1 / 15., 1 / 15., 1 / 15., 1 / 15., 1 / 15., 1 / 15., 1 / 15., 1 / 15., 1 / 15.,
  1 / 15., 1 / 15., 1 / 15., 1 / 15., 1 / 15.,
};

static const double *
widths_for (guint n_columns)
{
  switch (n_columns)
    {
    case 2:  return widths_2;
    case 4:  return widths_4;
    case 9:  return widths_9;
    case 15: return widths_15;
    default: g_return_val_if_reached (NULL);
    }
}

static GkReportTable *
table_new (guint n_columns,
           guint n_header_rows)
{
  GkReportTable *table = g_new0 (GkReportTable, 1);

  table->n_columns = n_columns;
  table->widths = widths_for (n_columns);
  table->n_header_rows = n_header_rows;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  return table;
}

/* Cells up to the terminating NULL; missing ones are empty. */
static void
table_add_row (GkReportTable *table,
               const char    *first,
               ...)
{
  GStrv row = g_new0 (char *, table->n_columns + 1);
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (const char *cell = first; cell != NULL && i < table->n_columns; cell = va_arg (args, const char *))
    row[i++] = g_strdup (cell);
  va_end (args);

  for (; i < table->n_columns; i++)
    row[i] = g_strdup ("");

  g_ptr_array_add (table->rows, row);
}

/* A row of two labels and numbers; takes the numbers' strings. */
static void
table_add_counts (GkReportTable *table,
                  const char    *label,
                  const char    *detail,
                  const guint   *counts,
                  guint          n_counts)
{
  GStrv row = g_new0 (char *, table->n_columns + 1);
  guint i = 0;

  row[i++] = g_strdup (label);
  if (detail != NULL)
    row[i++] = g_strdup (detail);
  for (guint j = 0; j < n_counts && i < table->n_columns; j++)
    row[i++] = g_strdup_printf ("%u", counts[j]);

  g_ptr_array_add (table->rows, row);
}

static GPtrArray *
active_tables (const GkAnnualReport *report)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_report_table_free);
  GkReportTable *table;
  char *v[GK_N_ACTIVE_CELLS];

  for (guint i = 0; i < GK_N_ACTIVE_CELLS; i++)
    v[i] = gk_annual_report_format_number (report->active[i]);

  table = table_new (4, 2);
  table_add_row (table, "第二十条第（一）项", NULL);
  table_add_row (table, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", NULL);
  table_add_row (table, "规章", v[GK_ACTIVE_RULES_MADE], v[GK_ACTIVE_RULES_ABOLISHED], v[GK_ACTIVE_RULES_VALID], NULL);
  table_add_row (table, "行政规范性文件", v[GK_ACTIVE_NORMATIVE_MADE], v[GK_ACTIVE_NORMATIVE_ABOLISHED],
                 v[GK_ACTIVE_NORMATIVE_VALID], NULL);
  g_ptr_array_add (tables, table);

  table = table_new (2, 2);
  table_add_row (table, "第二十条第（五）项", NULL);
  table_add_row (table, "信息内容", "本年处理决定数量", NULL);
  table_add_row (table, "行政许可", v[GK_ACTIVE_LICENSING], NULL);
  g_ptr_array_add (tables, table);

  table = table_new (2, 2);
  table_add_row (table, "第二十条第（六）项", NULL);
  table_add_row (table, "信息内容", "本年处理决定数量", NULL);
  table_add_row (table, "行政处罚", v[GK_ACTIVE_PENALTY], NULL);
  table_add_row (table, "行政强制", v[GK_ACTIVE_ENFORCEMENT], NULL);
  g_ptr_array_add (tables, table);

  table = table_new (2, 2);
  table_add_row (table, "第二十条第（八）项", NULL);
  table_add_row (table, "信息内容", "本年收费金额（单位：万元）", NULL);
  table_add_row (table, "行政事业性收费", v[GK_ACTIVE_FEES], NULL);
  g_ptr_array_add (tables, table);

  for (guint i = 0; i < GK_N_ACTIVE_CELLS; i++)
    g_free (v[i]);

  return tables;
}

static GkReportTable *
requests_table (const GkAnnualReport *report)
{
  GkReportTable *table = table_new (2 + GK_N_REQUEST_COLUMNS, 2);

  table_add_row (table, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "",
                 "申请人情况", NULL);
  table_add_row (table, "", "", "自然人", "法人或其他组织：商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", NULL);
  table_add_counts (table, "一、本年新收政府信息公开申请数量", "", report->received, GK_N_REQUEST_COLUMNS);
  table_add_counts (table, "二、上年结转政府信息公开申请数量", "", report->carried_in, GK_N_REQUEST_COLUMNS);
  for (guint o = 0; o < GK_N_OUTCOMES; o++)
    {
      g_autofree char *label = gk_annual_report_outcome_label (o);

      table_add_counts (table, "三、本年度办理结果", label, report->outcomes[o], GK_N_REQUEST_COLUMNS);
    }
  table_add_counts (table, "三、本年度办理结果", "（七）总计", report->handled, GK_N_REQUEST_COLUMNS);
  table_add_counts (table, "四、结转下年度继续办理", "", report->carried_out, GK_N_REQUEST_COLUMNS);

  return table;
}

static GkReportTable *
cases_table (const GkAnnualReport *report)
{
  GkReportTable *table = table_new (GK_N_CASE_KINDS * GK_N_CASE_COLUMNS, 2);
  GStrv kinds = g_new0 (char *, table->n_columns + 1);
  GStrv columns = g_new0 (char *, table->n_columns + 1);
  guint counts[GK_N_CASE_KINDS * GK_N_CASE_COLUMNS];

  for (guint k = 0; k < GK_N_CASE_KINDS; k++)
    for (guint c = 0; c < GK_N_CASE_COLUMNS; c++)
      {
        kinds[k * GK_N_CASE_COLUMNS + c] = g_strdup (c == 0 ? gk_case_kind_titles[k] : "");
        columns[k * GK_N_CASE_COLUMNS + c] = g_strdup (gk_case_column_titles[c]);
        counts[k * GK_N_CASE_COLUMNS + c] = report->cases[k][c];
      }

  g_ptr_array_add (table->rows, kinds);
  g_ptr_array_add (table->rows, columns);
  {
    GStrv row = g_new0 (char *, table->n_columns + 1);

    for (guint i = 0; i < table->n_columns; i++)
      row[i] = g_strdup_printf ("%u", counts[i]);
    g_ptr_array_add (table->rows, row);
  }

  return table;
}

static GkReportBlock *
block_new (GkReportBlockKind  kind,
           char              *text,
           GkReportTable     *table)
{
  GkReportBlock *block = g_new0 (GkReportBlock, 1);

  block->kind = kind;
  block->text = text;
  block->table = table;

  return block;
}

static void
add_section_text (GPtrArray            *blocks,
                  const GkAnnualReport *report,
                  GkReportSection       section)
{
  const char *text = report->texts[section];

  g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_HEADING, g_strdup (gk_report_section_get_title (section)), NULL));
  if (text == NULL)
    g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_TEXT, g_strdup (_("(To be written.)")), NULL));
  else if (report->text_from_last_year[section])
    g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_TEXT,
                                        g_strdup_printf (_("(Last year’s text, to be updated:) %s"), text), NULL));
  else
    g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_TEXT, g_strdup (text), NULL));
}

/**
 * gk_annual_report_dup_blocks:
 *
 * Returns: (transfer full) (element-type GkReportBlock): the report in reading order
 */
GPtrArray *
gk_annual_report_dup_blocks (const GkAnnualReport *report)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_report_block_free);
  g_autoptr(GPtrArray) active = active_tables (report);

  g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_TITLE,
                                      g_strdup_printf ("%s%d年政府信息公开工作年度报告",
                                                       report->unit != NULL ? report->unit : "", report->year), NULL));
  add_section_text (blocks, report, GK_REPORT_SECTION_OVERVIEW);

  g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_HEADING, g_strdup ("二、主动公开政府信息情况"), NULL));
  for (guint i = 0; i < active->len; i++)
    g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_TABLE, NULL, g_steal_pointer (&active->pdata[i])));

  g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_HEADING, g_strdup ("三、收到和处理政府信息公开申请情况"), NULL));
  g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_TABLE, NULL, requests_table (report)));

  g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_HEADING, g_strdup ("四、政府信息公开行政复议、行政诉讼情况"), NULL));
  g_ptr_array_add (blocks, block_new (GK_REPORT_BLOCK_TABLE, NULL, cases_table (report)));

  add_section_text (blocks, report, GK_REPORT_SECTION_PROBLEMS);
  add_section_text (blocks, report, GK_REPORT_SECTION_OTHER);

  return blocks;
}

static void
append_csv_row (GString      *out,
                const char * const *cells)
{
  guint n = g_strv_length ((char **) cells);

  for (guint i = 0; i < n; i++)
    gk_csv_append_field (out, cells[i], i + 1 == n);
}

/**
 * gk_annual_report_to_csv:
 *
 * Tables 二, 三 and 四 as printed, one after the other with a blank line
 * between them, then the hand corrections with their reasons and what the
 * totals check found.
 */
char *
gk_annual_report_to_csv (const GkAnnualReport *report)
{
  g_autoptr(GPtrArray) blocks = gk_annual_report_dup_blocks (report);
  GString *out = g_string_new (GK_CSV_BOM);

  for (guint i = 0; i < blocks->len; i++)
    {
      GkReportBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == GK_REPORT_BLOCK_HEADING && g_str_has_prefix (block->text, "一、"))
        continue;
      if (block->kind == GK_REPORT_BLOCK_HEADING && (g_str_has_prefix (block->text, "五、") || g_str_has_prefix (block->text, "六、")))
        break;

      if (block->kind == GK_REPORT_BLOCK_TITLE || block->kind == GK_REPORT_BLOCK_HEADING)
        {
          if (block->kind == GK_REPORT_BLOCK_HEADING)
            g_string_append (out, "\r\n");
          append_csv_row (out, (const char * const[]) { block->text, NULL });
        }
      else if (block->kind == GK_REPORT_BLOCK_TABLE)
        for (guint r = 0; r < block->table->rows->len; r++)
          append_csv_row (out, g_ptr_array_index (block->table->rows, r));
    }

  g_string_append (out, "\r\n");
  /* Not when it was corrected: the same year's tables give the same file. */
  append_csv_row (out, (const char * const[]) { "更正", "单元格", "数值", "原因", NULL });
  for (guint i = 0; report->corrections != NULL && i < report->corrections->len; i++)
    {
      const GkReportCorrection *c = g_ptr_array_index (report->corrections, i);
      g_autofree char *value = gk_annual_report_format_number (c->value);

      append_csv_row (out, (const char * const[]) { "", c->cell, value, c->reason, NULL });
    }

  g_string_append (out, "\r\n");
  append_csv_row (out, (const char * const[]) { "核对", report->problems->len == 0 ? "合计核对无误" : "合计不符", NULL });
  for (guint i = 0; i < report->problems->len; i++)
    append_csv_row (out, (const char * const[]) { "", g_ptr_array_index (report->problems, i), NULL });

  return g_string_free (out, FALSE);
}

static void
add_counts (JsonBuilder *builder,
            const char  *name,
            const guint *counts,
            guint        n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value (builder, counts[i]);
  json_builder_end_array (builder);
}

static void
add_active (JsonBuilder  *builder,
            const char   *name,
            const double *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (guint i = 0; i < GK_N_ACTIVE_CELLS; i++)
    {
      json_builder_set_member_name (builder, gk_active_cell_to_string (i));
      json_builder_add_double_value (builder, values[i]);
    }
  json_builder_end_object (builder);
}

static void
add_requests (JsonBuilder          *builder,
              const GkAnnualReport *report)
{
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < GK_N_APPLICANT_TYPES; i++)
    json_builder_add_string_value (builder, gk_applicant_type_get_name (i));
  json_builder_add_string_value (builder, "总计");
  json_builder_end_array (builder);
  add_counts (builder, "received", report->received, GK_N_REQUEST_COLUMNS);
  add_counts (builder, "carried_in", report->carried_in, GK_N_REQUEST_COLUMNS);
  json_builder_set_member_name (builder, "outcomes");
  json_builder_begin_array (builder);
  for (guint o = 0; o < GK_N_OUTCOMES; o++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, gk_outcome_get_group (o));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, gk_outcome_get_name (o));
      add_counts (builder, "counts", report->outcomes[o], GK_N_REQUEST_COLUMNS);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_counts (builder, "handled", report->handled, GK_N_REQUEST_COLUMNS);
  add_counts (builder, "carried_out", report->carried_out, GK_N_REQUEST_COLUMNS);
  json_builder_end_object (builder);
}

static void
add_cases (JsonBuilder          *builder,
           const GkAnnualReport *report)
{
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint k = 0; k < GK_N_CASE_KINDS; k++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, gk_case_kind_titles[k]);
      for (guint c = 0; c < GK_N_CASE_COLUMNS; c++)
        {
          json_builder_set_member_name (builder, gk_case_column_titles[c]);
          json_builder_add_int_value (builder, report->cases[k][c]);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_texts_and_checks (JsonBuilder          *builder,
                      const GkAnnualReport *report)
{
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_object (builder);
  for (guint i = 0; i < GK_N_REPORT_SECTIONS; i++)
    {
      json_builder_set_member_name (builder, gk_report_section_to_string (i));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, gk_report_section_get_title (i));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, report->texts[i]);
      json_builder_set_member_name (builder, "from_last_year");
      json_builder_add_boolean_value (builder, report->text_from_last_year[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "corrections");
  json_builder_begin_array (builder);
  for (guint i = 0; report->corrections != NULL && i < report->corrections->len; i++)
    {
      const GkReportCorrection *c = g_ptr_array_index (report->corrections, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cell");
      json_builder_add_string_value (builder, c->cell);
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, c->value);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, c->reason);
      json_builder_set_member_name (builder, "corrected_at");
      json_builder_add_string_value (builder, c->corrected_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->problems->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (report->problems, i));
  json_builder_end_array (builder);
}

char *
gk_annual_report_to_json (const GkAnnualReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, report->year);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, report->unit);
  add_active (builder, "active", report->active);
  add_active (builder, "active_computed", report->active_computed);
  add_requests (builder, report);
  add_cases (builder, report);
  add_texts_and_checks (builder, report);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}
