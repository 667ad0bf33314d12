/* The self-check (自查): what an inspection would find in the unit's columns on a given date. */
#pragma once

#include <gio/gio.h>

#include "gk-cadence.h"
#include "gk-types.h"

G_BEGIN_DECLS

typedef enum {
  GK_SEVERITY_ADVICE,
  GK_SEVERITY_DEDUCTION,
  GK_SEVERITY_VETO,
} GkSeverity;

typedef enum {
  GK_RULE_REGISTRATION,
  GK_RULE_BLANK,
  GK_RULE_STALE,
  GK_RULE_INTERPRETATION,
  GK_RULE_PERSONAL_INFO,
  GK_RULE_WORDING,
  GK_RULE_DATES,
  GK_RULE_OUTBOX,
  GK_RULE_TIMELY,
  GK_RULE_REQUESTS,
} GkRule;

typedef enum {
  GK_COLUMN_OK,
  GK_COLUMN_DUE_SOON,
  GK_COLUMN_STALE,
  GK_COLUMN_BLANK,
} GkColumnState;

/* One thing an inspector would mark, with what fixes it. */
typedef struct
{
  char       *key;          /* stable across checks: rule, then column or item */
  GkRule      rule;
  GkSeverity  severity;
  char       *column_id;    /* nullable */
  char       *item_id;      /* nullable */
  char       *title;        /* the column's or item's name, for people */
  char       *explanation;
  char       *action;
} GkFinding;

/* One assigned column on the inspection date. */
typedef struct
{
  char          *column_id;
  char          *path;
  GkColumnState  state;
  GkKind         kind;
  GkCadence      cadence;     /* not set: judged per item only */
  char          *newest;      /* the newest publication's date, YYYY-MM-DD, or NULL */
  char          *newest_title;
  char          *due;         /* the last day the column is in time, YYYY-MM-DD, or NULL */
  gboolean       own_blank;   /* this unit published nothing in it, though its co-units may have */
  int            days_left;   /* until stale; negative once stale */
} GkColumnStatus;

/* Everything a report needs; the result of gk_check_run(). */
typedef struct
{
  char      *unit;
  char      *unit_name;    /* in full, for documents: 岳阳市财政局 */
  char      *liaison;
  char      *phone;
  char      *leader;
  char      *office;
  char      *as_of;        /* YYYY-MM-DD */
  guint      warn_days;
  GPtrArray *columns;      /* GkColumnStatus, in catalog order */
  GPtrArray *findings;     /* GkFinding, most severe first */
  guint      n_by_state[GK_COLUMN_BLANK + 1];
  guint      n_by_severity[GK_SEVERITY_VETO + 1];
  guint      n_needing_interpretation; /* published policies that need an interpretation */
  guint      n_interpreted;            /* of those, interpreted as the rule requires: the 解读率 */
  gboolean   site_wide;                /* vetoes counted on the portal's whole website, not this unit's view */
} GkCheckResult;

/* One line of the rectification log (整改台账): a finding, what is done about it, and when it went. */
typedef struct
{
  char       *key;
  GkRule      rule;
  GkSeverity  severity;
  char       *column_id;
  char       *item_id;
  char       *title;
  char       *explanation;
  char       *first_seen;   /* YYYY-MM-DD */
  char       *measure;      /* 整改措施, nullable */
  char       *due_on;       /* nullable */
  char       *fixed_on;     /* nullable: still open */
} GkCheckLogEntry;

void           gk_check_log_entry_free  (GkCheckLogEntry *entry);
void           gk_finding_free          (GkFinding      *finding);
void           gk_column_status_free    (GkColumnStatus *status);
void           gk_check_result_free     (GkCheckResult  *result);

GkCheckResult *gk_check_run             (GkContext      *context,
                                         GDate          *as_of,
                                         guint           warn_days,
                                         GError        **error);
void           gk_check_run_async       (GkContext      *context,
                                         GDate          *as_of,
                                         guint           warn_days,
                                         GCancellable   *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer        user_data);
GkCheckResult *gk_check_run_finish      (GkContext      *context,
                                         GAsyncResult   *result,
                                         GError        **error);
gboolean       gk_check_parse_date      (const char     *text,
                                         GDate          *date);
const char    *gk_severity_to_string    (GkSeverity      severity);
const char    *gk_severity_get_label    (GkSeverity      severity);
const char    *gk_rule_to_string        (GkRule          rule);
const char    *gk_rule_get_label        (GkRule          rule);
const char    *gk_column_state_to_string (GkColumnState  state);
const char    *gk_column_state_get_label (GkColumnState  state);
char          *gk_column_status_dup_newest_text (const GkColumnStatus *status);
char          *gk_column_status_dup_due_text    (const GkColumnStatus *status);
gboolean       gk_check_result_has_failures (GkCheckResult *result);
char          *gk_check_result_dup_interpretation_rate (GkCheckResult *result);
char          *gk_check_result_dup_scope    (GkCheckResult  *result);
gboolean       gk_check_keep_site_summary   (GkContext      *context,
                                             const char     *json,
                                             GError        **error);
gboolean       gk_check_record          (GkContext      *context,
                                         GkCheckResult  *result,
                                         GError        **error);
GPtrArray     *gk_check_list_log        (GkContext      *context,
                                         GError        **error);
gboolean       gk_check_set_measure     (GkContext      *context,
                                         const char     *key,
                                         const char     *measure,
                                         const char     *due_on,
                                         GError        **error);

gboolean       gk_check_set_needs_interpretation (GkContext *context,
                                         const char     *id,
                                         int             choice,
                                         const char     *reason,
                                         GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkCheckResult, gk_check_result_free)

G_END_DECLS
