/*
 * The tables of the annual report in the national format (国办公开办函〔2021〕30号,
 * docs/requests.md), counted from the year's work instead of typed by hand:
 * table 二 from the published items, tables 三 and 四 from the register. The
 * liaison may correct any count with a reason; the totals are then added up
 * again and the balance the format implies (新收 + 上年结转 = 办理结果总计 +
 * 结转下年度) is checked, so a correction that breaks it is reported.
 */
#define G_LOG_DOMAIN "gk-report"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gk-annual-report.h"
#include "gk-core-enums.h"
#include "gk-enum.h"
#include "gk-request-findings.h"
#include "gk-store-requests.h"
#include "gk-store.h"

const char * const gk_case_kind_titles[GK_N_CASE_KINDS] = {
  "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）",
};

const char * const gk_case_column_titles[GK_N_CASE_COLUMNS] = {
  "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
};

static const char * const case_column_nicks[GK_N_CASE_COLUMNS - 1] = {
  "upheld", "corrected", "other", "pending",
};

static const char * const section_titles[GK_N_REPORT_SECTIONS] = {
  "一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
};

static const char * const group_numbers[] = { "（一）", "（二）", "（三）", "（四）", "（五）", "（六）" };

void
gk_report_item_free (GkReportItem *item)
{
  if (item == NULL)
    return;

  g_free (item->title);
  g_free (item->doc_number);
  g_free (item->published_on);
  g_free (item);
}

void
gk_annual_report_free (GkAnnualReport *report)
{
  if (report == NULL)
    return;

  g_free (report->unit);
  for (guint i = 0; i < GK_N_REPORT_SECTIONS; i++)
    g_free (report->texts[i]);
  g_clear_pointer (&report->corrections, g_ptr_array_unref);
  g_ptr_array_unref (report->problems);
  g_free (report);
}

const char *
gk_report_section_to_string (GkReportSection section)
{
  g_return_val_if_fail (section < GK_N_REPORT_SECTIONS, NULL);

  return gk_enum_to_nick (GK_TYPE_REPORT_SECTION, section);
}

/* Table 二's cells as corrections and the JSON export name them (2.rules-made…). */
const char *
gk_active_cell_to_string (GkActiveCell cell)
{
  return gk_enum_to_nick (GK_TYPE_ACTIVE_CELL, cell);
}

gboolean
gk_active_cell_parse (const char   *text,
                      GkActiveCell *cell)
{
  return gk_enum_from_nick (GK_TYPE_ACTIVE_CELL, text, cell);
}

const char *
gk_report_section_get_title (GkReportSection section)
{
  g_return_val_if_fail (section < GK_N_REPORT_SECTIONS, NULL);

  return section_titles[section];
}

/* Takes the nick, the section's number (一, 五, 六) or its title. */
gboolean
gk_report_section_parse (const char      *text,
                         GkReportSection *section)
{
  static const char * const numbers[GK_N_REPORT_SECTIONS] = { "一", "五", "六" };

  if (gk_enum_from_nick (GK_TYPE_REPORT_SECTION, text, section))
    return TRUE;

  for (guint i = 0; text != NULL && i < GK_N_REPORT_SECTIONS; i++)
    {
      if (g_str_equal (text, numbers[i]) || g_str_equal (text, section_titles[i]))
        {
          *section = (GkReportSection) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The row's label as the national format prints it: （三）不予公开 1.属于国家秘密. */
char *
gk_annual_report_outcome_label (GkOutcome outcome)
{
  guint group = 0, position = 1;

  for (guint i = 1; i <= outcome; i++)
    {
      if (g_str_equal (gk_outcome_get_group (i), gk_outcome_get_group (i - 1)))
        position++;
      else
        group++, position = 1;
    }

  if (outcome == GK_OUTCOME_DISCLOSED)
    return g_strconcat (group_numbers[group], "予以公开", NULL);
  if (outcome == GK_OUTCOME_PARTLY)
    return g_strconcat (group_numbers[group], "部分公开（区分处理的，只计这一情形，不计其他情形）", NULL);

  return g_strdup_printf ("%s%s %u.%s", group_numbers[group], gk_outcome_get_group (outcome), position,
                          gk_outcome_get_name (outcome));
}

/* Whole numbers without decimals, 万元 amounts with up to two. */
char *
gk_annual_report_format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (value == (double) (gint64) value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", value);
  for (end = buffer + strlen (buffer) - 1; *end == '0'; end--)
    *end = '\0';

  return g_strdup (buffer);
}

/* 规章 carry a 令 number (市人民政府令第1号); 规范性文件 a 规 number (岳政规〔2017〕1号) or say so. */
static gboolean
is_rule (const GkReportItem *item)
{
  return item->doc_number != NULL && strstr (item->doc_number, "令") != NULL;
}

static gboolean
is_normative (const GkReportItem *item)
{
  return item->kind == GK_KIND_POLICY &&
         ((item->doc_number != NULL && (strstr (item->doc_number, "规〔") != NULL || strstr (item->doc_number, "规[") != NULL)) ||
          (item->title != NULL && strstr (item->title, "规范性文件") != NULL));
}

static void
count_item (GkAnnualReport     *report,
            const GkReportItem *item,
            gboolean            this_year)
{
  gboolean abolishes = item->title != NULL && strstr (item->title, "废止") != NULL;
  int made = -1;

  if (is_rule (item))
    made = GK_ACTIVE_RULES_MADE;
  else if (is_normative (item) || (abolishes && item->kind == GK_KIND_POLICY))
    made = GK_ACTIVE_NORMATIVE_MADE;

  if (made >= 0)
    {
      /* A 废止 decision takes one document out of force; anything else adds one. */
      if (abolishes)
        {
          report->active_computed[made + 2] -= 1;
          if (this_year)
            report->active_computed[made + 1] += 1;
        }
      else
        {
          report->active_computed[made + 2] += 1;
          if (this_year)
            report->active_computed[made] += 1;
        }
      return;
    }

  if (!this_year || item->title == NULL)
    return;

  if (strstr (item->title, "许可") != NULL)
    report->active_computed[GK_ACTIVE_LICENSING] += 1;
  else if (strstr (item->title, "处罚") != NULL)
    report->active_computed[GK_ACTIVE_PENALTY] += 1;
  else if (strstr (item->title, "强制") != NULL)
    report->active_computed[GK_ACTIVE_ENFORCEMENT] += 1;
}

static void
count_items (GkAnnualReport *report,
             GPtrArray      *items)
{
  g_autofree char *first = g_strdup_printf ("%04d-01-01", report->year);
  g_autofree char *last = g_strdup_printf ("%04d-12-31", report->year);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const GkReportItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->published_on, last) <= 0)
        count_item (report, item, g_strcmp0 (item->published_on, first) >= 0);
    }

  report->active_computed[GK_ACTIVE_RULES_VALID] = MAX (report->active_computed[GK_ACTIVE_RULES_VALID], 0);
  report->active_computed[GK_ACTIVE_NORMATIVE_VALID] = MAX (report->active_computed[GK_ACTIVE_NORMATIVE_VALID], 0);
}

/* 行政复议 and 行政诉讼 brought in the year, with their results as of 31 December. */
static void
count_cases (GkAnnualReport  *report,
             const GkRequest *request,
             const char      *first,
             const char      *last)
{
  for (guint i = 0; i < request->events->len; i++)
    {
      const GkRequestEvent *event = g_ptr_array_index (request->events, i);
      GkCaseKind kind;
      GkCaseResult result = GK_RESULT_NONE;

      if (event->kind != GK_EVENT_REVIEW && event->kind != GK_EVENT_LAWSUIT)
        continue;
      if (g_strcmp0 (event->on, first) < 0 || g_strcmp0 (event->on, last) > 0)
        continue;

      kind = event->kind == GK_EVENT_REVIEW ? GK_CASE_REVIEW
             : event->after_review ? GK_CASE_LAWSUIT_AFTER_REVIEW : GK_CASE_LAWSUIT_DIRECT;

      /* Its decision is the next decision of its kind recorded, if that came within the year. */
      for (guint j = i + 1; j < request->events->len; j++)
        {
          const GkRequestEvent *decision = g_ptr_array_index (request->events, j);

          if (decision->kind == event->kind + 1)
            {
              if (g_strcmp0 (decision->on, last) <= 0)
                result = decision->result;
              break;
            }
        }

      report->cases[kind][result == GK_RESULT_NONE ? 3 : result - 1] += 1;
    }
}

static void
count_requests (GkAnnualReport *report,
                GPtrArray      *requests)
{
  g_autofree char *first = g_strdup_printf ("%04d-01-01", report->year);
  g_autofree char *last = g_strdup_printf ("%04d-12-31", report->year);

  for (guint i = 0; requests != NULL && i < requests->len; i++)
    {
      const GkRequest *request = g_ptr_array_index (requests, i);
      const GkRequestEvent *answer = gk_request_find_event (request, GK_EVENT_ANSWER);
      guint type = request->applicant_type;

      if (g_strcmp0 (request->received_on, last) > 0)
        continue;

      if (g_strcmp0 (request->received_on, first) >= 0)
        report->received[type] += 1;
      else if (answer == NULL || g_strcmp0 (answer->on, first) >= 0)
        report->carried_in[type] += 1;

      if (answer != NULL && g_strcmp0 (answer->on, first) >= 0 && g_strcmp0 (answer->on, last) <= 0)
        report->outcomes[answer->outcome][type] += 1;
      else if (answer == NULL || g_strcmp0 (answer->on, last) > 0)
        report->carried_out[type] += 1;

      count_cases (report, request, first, last);
    }
}

/* The cell a correction names, or NULL: 2.NAME, 3.ROW.TYPE or 4.CASE.RESULT. */
static void *
find_cell (GkAnnualReport *report,
           const char     *cell,
           gboolean       *is_double)
{
  g_auto(GStrv) parts = g_strsplit (cell, ".", 3);
  guint n = g_strv_length (parts);
  GkApplicantType type;
  GkOutcome outcome;
  GkCaseKind kind;
  GkActiveCell active;

  *is_double = FALSE;

  if (n == 2 && g_str_equal (parts[0], "2") && gk_active_cell_parse (parts[1], &active))
    {
      *is_double = TRUE;
      return &report->active[active];
    }

  if (n == 3 && g_str_equal (parts[0], "3") && gk_applicant_type_parse (parts[2], &type))
    {
      if (g_str_equal (parts[1], "received"))
        return &report->received[type];
      if (g_str_equal (parts[1], "carried-in"))
        return &report->carried_in[type];
      if (g_str_equal (parts[1], "carried-out"))
        return &report->carried_out[type];
      if (gk_outcome_parse (parts[1], &outcome))
        return &report->outcomes[outcome][type];
    }

  if (n == 3 && g_str_equal (parts[0], "4") && gk_enum_from_nick (GK_TYPE_CASE_KIND, parts[1], &kind))
    for (guint j = 0; j < G_N_ELEMENTS (case_column_nicks); j++)
      if (g_str_equal (parts[2], case_column_nicks[j]))
        return &report->cases[kind][j];

  return NULL;
}

gboolean
gk_annual_report_cell_is_known (const char *cell)
{
  g_autofree GkAnnualReport *scratch = g_new0 (GkAnnualReport, 1);
  gboolean is_double;

  return cell != NULL && find_cell (scratch, cell, &is_double) != NULL;
}

static void
apply_corrections (GkAnnualReport *report)
{
  memcpy (report->active, report->active_computed, sizeof report->active);

  for (guint i = 0; report->corrections != NULL && i < report->corrections->len; i++)
    {
      const GkReportCorrection *correction = g_ptr_array_index (report->corrections, i);
      gboolean is_double;
      void *cell = find_cell (report, correction->cell, &is_double);

      if (cell == NULL)
        g_ptr_array_add (report->problems, g_strdup_printf (_("The correction of “%s” names no cell of the report and was left out."),
                                                            correction->cell));
      else if (is_double)
        *(double *) cell = correction->value;
      else
        *(guint *) cell = (guint) MAX (correction->value, 0);
    }
}

static guint
sum_columns (guint *row)
{
  guint total = 0;

  for (guint i = 0; i < GK_N_APPLICANT_TYPES; i++)
    total += row[i];

  return row[GK_N_APPLICANT_TYPES] = total;
}

/* Adds up the totals the format prints and checks the balance of each column. */
static void
add_up (GkAnnualReport *report)
{
  sum_columns (report->received);
  sum_columns (report->carried_in);
  sum_columns (report->carried_out);
  memset (report->handled, 0, sizeof report->handled);
  for (guint o = 0; o < GK_N_OUTCOMES; o++)
    {
      sum_columns (report->outcomes[o]);
      for (guint c = 0; c < GK_N_REQUEST_COLUMNS; c++)
        report->handled[c] += report->outcomes[o][c];
    }

  for (guint c = 0; c < GK_N_REQUEST_COLUMNS; c++)
    {
      const char *column = c < GK_N_APPLICANT_TYPES ? gk_applicant_type_get_name (c) : "总计";

      if (report->received[c] + report->carried_in[c] != report->handled[c] + report->carried_out[c])
        g_ptr_array_add (report->problems,
                         g_strdup_printf (_("Table 三, column %s: %u received and %u carried over from last year, but %u handled "
                                            "and %u carried into next year; check the corrected counts."),
                                          column, report->received[c], report->carried_in[c],
                                          report->handled[c], report->carried_out[c]));
    }

  for (guint k = 0; k < GK_N_CASE_KINDS; k++)
    {
      report->cases[k][4] = 0;
      for (guint j = 0; j < 4; j++)
        report->cases[k][4] += report->cases[k][j];
    }

  for (guint i = GK_ACTIVE_RULES_MADE; i <= GK_ACTIVE_FEES; i++)
    if (report->active[i] < 0)
      g_ptr_array_add (report->problems, g_strdup_printf (_("Table 二: the count “%s” is below zero; correct it."),
                                                          gk_active_cell_to_string (i)));
}

/**
 * gk_annual_report_new:
 * @requests: (element-type GkRequest): the register, at least every request received by the year's end
 * @items: (element-type GkReportItem): the published items, at least those published by the year's end
 * @corrections: (element-type GkReportCorrection) (nullable) (transfer none): the year's hand corrections
 *
 * Counts the tables; the texts of sections 一, 五 and 六 are the caller's.
 */
GkAnnualReport *
gk_annual_report_new (int        year,
                      GPtrArray *requests,
                      GPtrArray *items,
                      GPtrArray *corrections)
{
  GkAnnualReport *report = g_new0 (GkAnnualReport, 1);

  report->year = year;
  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->corrections = corrections != NULL ? g_ptr_array_ref (corrections) : NULL;

  count_items (report, items);
  count_requests (report, requests);
  apply_corrections (report);
  add_up (report);

  return report;
}

static gboolean
load_texts (GkAnnualReport *report,
            GkStore        *store,
            GError        **error)
{
  for (guint i = 0; i < GK_N_REPORT_SECTIONS; i++)
    {
      g_autoptr(GError) local_error = NULL;

      report->texts[i] = gk_store_dup_report_text (store, report->year, gk_report_section_to_string (i), &local_error);
      /* Last year's text is the start the liaison edits, marked so in every format. */
      if (report->texts[i] == NULL && local_error == NULL)
        {
          report->texts[i] = gk_store_dup_report_text (store, report->year - 1, gk_report_section_to_string (i), &local_error);
          report->text_from_last_year[i] = report->texts[i] != NULL;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * gk_annual_report_compute:
 *
 * Returns: (transfer full) (nullable): the report for @year from the store
 */
GkAnnualReport *
gk_annual_report_compute (GkStore *store,
                          int      year,
                          GError **error)
{
  g_autofree char *last = g_strdup_printf ("%04d-12-31", year);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) corrections = NULL;
  g_autoptr(GkAnnualReport) report = NULL;

  if ((requests = gk_store_list_requests (store, last, error)) == NULL ||
      (items = gk_store_list_report_items (store, last, error)) == NULL ||
      (corrections = gk_store_list_report_corrections (store, year, error)) == NULL)
    return NULL;

  report = gk_annual_report_new (year, requests, items, corrections);
  if (!load_texts (report, store, error))
    return NULL;

  return g_steal_pointer (&report);
}

/**
 * gk_annual_report_record_produced:
 * @path: where the document was written
 *
 * Notes that a document to publish was made of @report, which ends the
 * deadline's reminder (gk-request-findings.c); a report whose totals do not
 * add up is not one to publish, and is not noted.
 */
gboolean
gk_annual_report_record_produced (GkStore              *store,
                                  const GkAnnualReport *report,
                                  const char           *path,
                                  GError              **error)
{
  g_autofree char *key = g_strdup_printf (GK_REPORT_DONE_KEY_PREFIX "%d", report->year);

  if (report->problems->len > 0)
    return TRUE;

  return gk_store_set_setting (store, key, path, error);
}
