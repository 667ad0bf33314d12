/* The annual report on government information disclosure (政府信息公开工作年度报告), tables from the year's work. */
#pragma once

#include "gk-request.h"
#include "gk-types.h"

G_BEGIN_DECLS

/* Table 二's cells (第二十条 第（一）（五）（六）（八）项). */
typedef enum {
  GK_ACTIVE_RULES_MADE,
  GK_ACTIVE_RULES_ABOLISHED,
  GK_ACTIVE_RULES_VALID,
  GK_ACTIVE_NORMATIVE_MADE,
  GK_ACTIVE_NORMATIVE_ABOLISHED,
  GK_ACTIVE_NORMATIVE_VALID,
  GK_ACTIVE_LICENSING,
  GK_ACTIVE_PENALTY,
  GK_ACTIVE_ENFORCEMENT,
  GK_ACTIVE_FEES,
} GkActiveCell;

#define GK_N_ACTIVE_CELLS (GK_ACTIVE_FEES + 1)

/* Table 四's cases and results. */
typedef enum {
  GK_CASE_REVIEW,
  GK_CASE_LAWSUIT_DIRECT,
  GK_CASE_LAWSUIT_AFTER_REVIEW,
} GkCaseKind;

#define GK_N_CASE_KINDS 3
/* 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 */
#define GK_N_CASE_COLUMNS 5
/* The six applicant types and 总计. */
#define GK_N_REQUEST_COLUMNS (GK_N_APPLICANT_TYPES + 1)

typedef enum {
  GK_REPORT_SECTION_OVERVIEW,   /* 一、总体情况 */
  GK_REPORT_SECTION_PROBLEMS,   /* 五、存在的主要问题及改进情况 */
  GK_REPORT_SECTION_OTHER,      /* 六、其他需要报告的事项 */
} GkReportSection;

#define GK_N_REPORT_SECTIONS 3

/* A published item as table 二 reads it. */
typedef struct
{
  GkKind  kind;
  char   *title;
  char   *doc_number;
  char   *published_on;   /* YYYY-MM-DD */
} GkReportItem;

typedef struct
{
  int         year;
  char       *unit;
  double      active[GK_N_ACTIVE_CELLS];
  double      active_computed[GK_N_ACTIVE_CELLS];
  guint       received[GK_N_REQUEST_COLUMNS];
  guint       carried_in[GK_N_REQUEST_COLUMNS];
  guint       outcomes[GK_N_OUTCOMES][GK_N_REQUEST_COLUMNS];
  guint       handled[GK_N_REQUEST_COLUMNS];
  guint       carried_out[GK_N_REQUEST_COLUMNS];
  guint       cases[GK_N_CASE_KINDS][GK_N_CASE_COLUMNS];
  char       *texts[GK_N_REPORT_SECTIONS];
  gboolean    text_from_last_year[GK_N_REPORT_SECTIONS];
  GPtrArray  *corrections;      /* GkReportCorrection */
  GPtrArray  *problems;         /* char *: totals that do not add up, corrections that name no cell */
} GkAnnualReport;

/* A table as the national format prints it: header rows, then rows of cells. */
typedef struct
{
  guint         n_columns;
  guint         n_header_rows;
  const double *widths;         /* each column's fraction of the text width */
  GPtrArray    *rows;           /* GStrv, each of n_columns cells */
} GkReportTable;

typedef enum {
  GK_REPORT_BLOCK_TITLE,
  GK_REPORT_BLOCK_HEADING,
  GK_REPORT_BLOCK_TEXT,
  GK_REPORT_BLOCK_TABLE,
} GkReportBlockKind;

/* The report in reading order, for the PDF and DOCX renderings. */
typedef struct
{
  GkReportBlockKind  kind;
  char              *text;
  GkReportTable     *table;
} GkReportBlock;

void            gk_report_table_free          (GkReportTable  *table);
void            gk_report_block_free          (GkReportBlock  *block);
GPtrArray      *gk_annual_report_dup_blocks   (const GkAnnualReport *report);
void            gk_report_item_free           (GkReportItem   *item);
GkAnnualReport *gk_annual_report_new          (int             year,
                                               GPtrArray      *requests,
                                               GPtrArray      *items,
                                               GPtrArray      *corrections);
GkAnnualReport *gk_annual_report_compute      (GkStore        *store,
                                               int             year,
                                               GError        **error);
gboolean        gk_annual_report_record_produced (GkStore     *store,
                                               const GkAnnualReport *report,
                                               const char     *path,
                                               GError        **error);
void            gk_annual_report_free         (GkAnnualReport *report);
gboolean        gk_annual_report_cell_is_known (const char    *cell);
const char     *gk_report_section_to_string   (GkReportSection section);
const char     *gk_report_section_get_title   (GkReportSection section);
gboolean        gk_report_section_parse       (const char     *text,
                                               GkReportSection *section);
char           *gk_annual_report_outcome_label (GkOutcome      outcome);
char           *gk_annual_report_to_csv       (const GkAnnualReport *report);
char           *gk_annual_report_to_json      (const GkAnnualReport *report);
char           *gk_annual_report_format_number (double         value);
const char     *gk_active_cell_to_string      (GkActiveCell    cell);
gboolean        gk_active_cell_parse          (const char     *text,
                                               GkActiveCell   *cell);

extern const char * const gk_case_kind_titles[GK_N_CASE_KINDS];
extern const char * const gk_case_column_titles[GK_N_CASE_COLUMNS];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkReportTable, gk_report_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkReportItem, gk_report_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkAnnualReport, gk_annual_report_free)

G_END_DECLS
