/*
 * The rules of the self-check, each a small function of a snapshot and an
 * inspection date, and the evaluation that runs them in order. Their sources
 * (the notice, the national government-website inspection rules) are in
 * docs/checks.md. Nothing here touches the store or the clock.
 */
#define G_LOG_DOMAIN "gk-check"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gk-assignment.h"
#include "gk-check-private.h"
#include "gk-column.h"

/* The veto thresholds of the national inspection rules (docs/checks.md). */
#define VETO_BLANK_COLUMNS 5
#define VETO_STALE_NEWS_COLUMNS 5
#define VETO_STALE_COLUMNS 10
#define INTERPRETATION_WORKING_DAYS 3
#define OUTBOX_DAYS 1

typedef struct
{
  const GkCheckSnapshot *snapshot;
  const GDate           *as_of;
  guint                  warn_days;
  GkCheckResult         *result;
  GHashTable            *portal_by_id;   /* id → GkCheckPortalItem */
} Check;

static void
add_finding (Check      *check,
             GkRule      rule,
             GkSeverity  severity,
             const char *column_id,
             const char *item_id,
             const char *title,
             char       *explanation,
             const char *action)
{
  GkFinding *finding = g_new0 (GkFinding, 1);

  finding->key = g_strdup_printf ("%s:%s", gk_rule_to_string (rule),
                                  item_id != NULL ? item_id : column_id != NULL ? column_id : "unit");
  finding->rule = rule;
  finding->severity = severity;
  finding->column_id = g_strdup (column_id);
  finding->item_id = g_strdup (item_id);
  finding->title = g_strdup (title);
  finding->explanation = explanation;
  finding->action = g_strdup (action);

  g_ptr_array_add (check->result->findings, finding);
}

static char *
format_date (const GDate *date)
{
  char buffer[16];

  if (!g_date_valid (date))
    return NULL;

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

/* 节假日安排未知: a deadline in working days that runs into a year the calendar does not know
 * is not judged; the liaison is told so, as a finding of its own, and how to fix it. */
static void
add_unknown_calendar (Check        *check,
                      GkRule        rule,
                      const char   *column_id,
                      const char   *item_id,
                      const char   *title,
                      const GError *error)
{
  add_finding (check, rule, GK_SEVERITY_ADVICE, column_id, item_id, title,
               g_strdup_printf (_("Whether “%s” was published in time cannot be judged: %s"), title, error->message),
               _("Install the working-day calendar of that year."));
}

/* Published on the portal by @as_of, or at all when @as_of is %NULL. */
static gboolean
published_by (const GkCheckPortalItem *item,
              const GDate             *as_of)
{
  return g_strcmp0 (item->status, "published") == 0 && g_date_valid (&item->published) &&
         (as_of == NULL || g_date_compare (&item->published, as_of) <= 0);
}

static GHashTable *
index_portal_items (const GkCheckSnapshot *s)
{
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < s->portal_items->len; i++)
    {
      GkCheckPortalItem *item = g_ptr_array_index (s->portal_items, i);

      g_hash_table_insert (by_id, item->id, item);
    }

  return by_id;
}

static const char *
column_title (GkColumn *column)
{
  return gk_column_get_title (column);
}

/* 组织领导: the notice asks every unit to name these people and report them. */
static void
rule_registration (Check *check)
{
  const GkCheckSnapshot *s = check->snapshot;

  if (s->liaison == NULL || s->phone == NULL || s->leader == NULL || s->office == NULL)
    add_finding (check, GK_RULE_REGISTRATION, GK_SEVERITY_DEDUCTION, NULL, NULL, s->unit,
                 g_strdup (_("The unit has not named its leader in charge, responsible office, liaison and phone, as the notice requires.")),
                 _("Fill in the profile and report it to the portal."));
  else if (!s->registration_sent)
    add_finding (check, GK_RULE_REGISTRATION, GK_SEVERITY_DEDUCTION, NULL, NULL, s->unit,
                 g_strdup (_("The leader in charge, responsible office, liaison and phone were never reported to the portal.")),
                 _("Report the registration to the portal."));
}

/*
 * The last day a column published on @newest is still in time: its cadence
 * after the publication, exactly the cadence being in time. Everything that
 * shows when a column is next due (the self-check, the column page, the
 * sidebar, the report) takes the date from here, through GkColumnStatus.
 */
static void
compute_due (const GkColumnStatus *status,
             const GDate          *newest,
             GDate                *due)
{
  gk_cadence_add (&status->cadence, newest, due);
}

/* The state of every assigned column, from its newest publication on the portal. */
static void
assess_columns (Check *check)
{
  const GkCheckSnapshot *s = check->snapshot;
  g_autoptr(GListModel) columns = gk_catalog_dup_columns_for_unit (s->catalog, s->unit);
  g_autoptr(GHashTable) newest = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < s->portal_items->len; i++)
    {
      const GkCheckPortalItem *item = g_ptr_array_index (s->portal_items, i);
      const GkCheckPortalItem *known = g_hash_table_lookup (newest, item->column_id);

      int newer;

      if (!published_by (item, check->as_of))
        continue;
      /* Ties go to the greater id, so the choice does not depend on the order items were read in. */
      newer = known == NULL ? 1 : g_date_compare (&item->published, &known->published);
      if (newer > 0 || (newer == 0 && strcmp (item->id, known->id) > 0))
        g_hash_table_insert (newest, item->column_id, (gpointer) item);
    }

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (columns, i);
      GkAssignment *assignment = gk_column_lookup_assignment (column, s->unit);
      const GkCheckPortalItem *item = g_hash_table_lookup (newest, gk_column_get_id (column));
      const GkSiteColumn *site = s->site != NULL ? gk_site_summary_lookup (s->site, gk_column_get_id (column)) : NULL;
      GkColumnStatus *status = g_new0 (GkColumnStatus, 1);
      GDate last;

      status->column_id = g_strdup (gk_column_get_id (column));
      status->path = gk_column_dup_path (column);
      status->kind = gk_assignment_get_kind (assignment);
      status->cadence = *gk_assignment_get_cadence (assignment);
      status->own_blank = item == NULL;

      /* A shared column is judged on what the whole website shows: a co-unit's publication counts. */
      g_date_clear (&last, 1);
      if (item != NULL)
        {
          last = item->published;
          status->newest_title = g_strdup (item->title);
        }
      if (site != NULL && g_date_valid (&site->newest) && (!g_date_valid (&last) || g_date_compare (&site->newest, &last) > 0))
        {
          last = site->newest;
          g_clear_pointer (&status->newest_title, g_free);
        }

      if (!g_date_valid (&last))
        {
          status->state = GK_COLUMN_BLANK;
          status->days_left = G_MININT;
        }
      else if (!gk_cadence_is_set (&status->cadence))
        {
          status->newest = format_date (&last);
          status->days_left = G_MAXINT;
          status->state = GK_COLUMN_OK;
        }
      else
        {
          /* In time up to and including the same date one period later (gk-cadence.c): a
           * monthly column updated on 01-15 is stale from 02-16. */
          GDate due;

          compute_due (status, &last, &due);
          status->newest = format_date (&last);
          status->due = format_date (&due);
          status->days_left = (int) g_date_days_between (check->as_of, &due);
          status->state = status->days_left < 0 ? GK_COLUMN_STALE
                          : status->days_left < (int) check->warn_days ? GK_COLUMN_DUE_SOON
                          : GK_COLUMN_OK;
        }

      check->result->n_by_state[status->state]++;
      g_ptr_array_add (check->result->columns, status);
    }
}

static GkColumn *
lookup_column (Check      *check,
               const char *column_id)
{
  return gk_catalog_lookup_column (check->snapshot->catalog, column_id);
}

/* The whole website's blank and stale columns, from the portal's summary (docs/checks.md). */
typedef struct
{
  guint blank;
  guint stale;
  guint stale_news;
} SiteCounts;

static SiteCounts
count_site (Check *check)
{
  GkCatalog *catalog = check->snapshot->catalog;
  SiteCounts counts = { 0, 0, 0 };

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(GkColumn) column = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const GkSiteColumn *site = gk_site_summary_lookup (check->snapshot->site, gk_column_get_id (column));
      /* A column's cadence and kind are its first unit's: all units of a column share them here. */
      GkAssignment *first = g_ptr_array_index (gk_column_get_assignments (column), 0);
      const GkCadence *cadence = gk_assignment_get_cadence (first);
      GkKind kind = gk_assignment_get_kind (first);
      GDate due;

      if (site == NULL || site->count == 0 || !g_date_valid (&site->newest))
        {
          counts.blank++;
          continue;
        }
      if (!gk_cadence_is_set (cadence))
        continue;

      gk_cadence_add (cadence, &site->newest, &due);
      if (g_date_compare (check->as_of, &due) > 0)
        {
          counts.stale++;
          counts.stale_news += kind == GK_KIND_NEWS || kind == GK_KIND_LIST;
        }
    }

  return counts;
}

/*
 * A veto is the website's: counted on the whole site when the portal's summary
 * is there, else on this unit's own columns. It is this unit's veto when some
 * of the columns are its own; otherwise it is advice.
 */
static void
add_veto (Check      *check,
          GkRule      rule,
          guint       own,
          char       *explanation,
          const char *action)
{
  add_finding (check, rule, own > 0 ? GK_SEVERITY_VETO : GK_SEVERITY_ADVICE, NULL, NULL,
               check->snapshot->unit, explanation, action);
}

/* 空白栏目: an assigned column with nothing published; five or more is a veto. */
static void
rule_blank (Check *check)
{
  guint blank = 0;

  for (guint i = 0; i < check->result->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (check->result->columns, i);
      GkColumn *column = lookup_column (check, status->column_id);
      const char *title = column_title (column);

      if (status->state != GK_COLUMN_BLANK)
        {
          /* Filled by a co-unit: not blank, but this unit's share is still to publish. (A column
           * of this unit alone that the website shows filled was filled from elsewhere: an
           * import, another PC.) */
          if (status->own_blank && gk_column_get_assignments (column)->len > 1)
            add_finding (check, GK_RULE_BLANK, GK_SEVERITY_ADVICE, status->column_id, NULL, title,
                         g_strdup_printf (_("“%s” is shared: other units have published in it, this unit nothing yet."),
                                          status->path),
                         _("Publish this unit’s part of what the column asks for."));
          continue;
        }

      blank++;
      add_finding (check, GK_RULE_BLANK, GK_SEVERITY_DEDUCTION, status->column_id, NULL, title,
                   g_strdup_printf (_("Nothing has been published in “%s”: the column is blank."), status->path),
                   _("Publish what the column’s content description asks for."));
    }

  if (check->snapshot->site != NULL)
    {
      SiteCounts site = count_site (check);

      if (site.blank >= VETO_BLANK_COLUMNS)
        add_veto (check, GK_RULE_BLANK, blank,
                  g_strdup_printf (_("The whole website has %u blank columns, %u of them this unit’s; five or more blank columns fail the inspection outright."),
                                   site.blank, blank),
                  _("Fill the blank columns first."));
    }
  else if (blank >= VETO_BLANK_COLUMNS)
    add_veto (check, GK_RULE_BLANK, blank,
              g_strdup_printf (ngettext ("%u column is blank; five or more blank columns fail the inspection outright.",
                                         "%u columns are blank; five or more blank columns fail the inspection outright.",
                                         blank), blank),
              _("Fill the blank columns first."));
}

/* 栏目不更新: older than the cadence; many stale columns are a veto. Due soon is advice. */
static void
rule_stale (Check *check)
{
  guint stale = 0, stale_news = 0;

  for (guint i = 0; i < check->result->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (check->result->columns, i);
      const char *title = column_title (lookup_column (check, status->column_id));

      if (status->state == GK_COLUMN_STALE)
        {
          g_autofree char *period = gk_cadence_dup_label (&status->cadence);

          stale++;
          /* 动态、要闻 and 通知公告 columns count towards their own, lower veto threshold. */
          stale_news += status->kind == GK_KIND_NEWS || status->kind == GK_KIND_LIST;
          add_finding (check, GK_RULE_STALE, GK_SEVERITY_DEDUCTION, status->column_id, NULL, title,
                       g_strdup_printf (_("“%s” was last updated on %s, more than %s before the inspection date: it had to be updated by %s."),
                                        status->path, status->newest, period, status->due),
                       _("Publish the column’s current information."));
        }
      else if (status->state == GK_COLUMN_DUE_SOON)
        {
          add_finding (check, GK_RULE_STALE, GK_SEVERITY_ADVICE, status->column_id, NULL, title,
                       g_strdup_printf (ngettext ("“%s” becomes stale in %d day.", "“%s” becomes stale in %d days.",
                                                  status->days_left + 1),
                                        status->path, status->days_left + 1),
                       _("Publish the column’s current information before then."));
        }
    }

  if (check->snapshot->site != NULL)
    {
      SiteCounts site = count_site (check);

      if (site.stale_news >= VETO_STALE_NEWS_COLUMNS || site.stale >= VETO_STALE_COLUMNS)
        add_veto (check, GK_RULE_STALE, stale,
                  g_strdup_printf (_("The whole website has %u stale columns, %u of them news or notices, and %u of them this unit’s; five stale news or notice columns, or ten stale columns, fail the inspection outright."),
                                   site.stale, site.stale_news, stale),
                  _("Bring the stale columns up to date first."));
    }
  else if (stale_news >= VETO_STALE_NEWS_COLUMNS || stale >= VETO_STALE_COLUMNS)
    add_veto (check, GK_RULE_STALE, stale,
              g_strdup_printf (_("%u columns are stale, %u of them news or notices; five stale news or notice columns, or ten stale columns, fail the inspection outright."),
                               stale, stale_news),
              _("Bring the stale columns up to date first."));
}

/*
 * The first interpretation of @policy published by @as_of (ever, when %NULL),
 * among those the portal lists for it; ties go to the one listed first.
 */
static const GkCheckPortalItem *
first_interpretation (GHashTable              *portal_by_id,
                      const GkCheckPortalItem *policy,
                      const GDate             *as_of)
{
  const GkCheckPortalItem *best = NULL;

  for (guint j = 0; policy->interpreted_by != NULL && policy->interpreted_by[j] != NULL; j++)
    {
      const GkCheckPortalItem *candidate = g_hash_table_lookup (portal_by_id, policy->interpreted_by[j]);

      if (candidate == NULL || !published_by (candidate, as_of))
        continue;
      if (best == NULL || g_date_compare (&candidate->published, &best->published) < 0)
        best = candidate;
    }

  return best;
}

static gboolean
links_back (const GkCheckPortalItem *interpretation,
            const GkCheckPortalItem *policy)
{
  return g_strcmp0 (interpretation->interprets, policy->id) == 0;
}

typedef enum {
  TIMELY_YES,
  TIMELY_NO,
  TIMELY_UNKNOWN,  /* a year of the calendar is unknown: not judged, never guessed */
} Timeliness;

/* Within @limit working days after @from, on China's working-day calendar. */
static Timeliness
within_working_days (GkCalendar  *calendar,
                     const GDate *from,
                     const GDate *to,
                     guint        limit,
                     GError     **error)
{
  guint count;

  if (!gk_calendar_count_workdays (calendar, from, to, &count, error))
    return TIMELY_UNKNOWN;

  return count <= limit ? TIMELY_YES : TIMELY_NO;
}

static Timeliness
in_time (GkCalendar              *calendar,
         const GkCheckPortalItem *interpretation,
         const GkCheckPortalItem *policy,
         GError                 **error)
{
  return within_working_days (calendar, &policy->published, &interpretation->published,
                              INTERPRETATION_WORKING_DAYS, error);
}

/* 重大政策不解读: a published policy needs an interpretation, linked both ways, within 3 working days. */
static void
rule_interpretation (Check *check)
{
  check->result->n_needing_interpretation = check->snapshot->n_settled_interpreted;
  check->result->n_interpreted = check->snapshot->n_settled_interpreted;

  for (guint i = 0; i < check->snapshot->portal_items->len; i++)
    {
      const GkCheckPortalItem *policy = g_ptr_array_index (check->snapshot->portal_items, i);
      const GkCheckPortalItem *best;
      g_autofree char *when = NULL;
      g_autoptr(GError) error = NULL;
      Timeliness timely;

      if (policy->kind != GK_KIND_POLICY || !policy->needs_interpretation || !published_by (policy, check->as_of))
        continue;

      /* Settled in time by the inspection date: the store counted it (n_settled_interpreted). */
      if (g_date_valid (&policy->ok_on) && g_date_compare (&policy->ok_on, check->as_of) <= 0)
        continue;

      check->result->n_needing_interpretation++;
      best = first_interpretation (check->portal_by_id, policy, check->as_of);
      when = format_date (&policy->published);

      if (best == NULL)
        add_finding (check, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION, policy->column_id, policy->id, policy->title,
                     g_strdup_printf (_("The policy “%s”, published on %s, has no published interpretation linked to it."),
                                      policy->title, when),
                     _("Publish an interpretation and link it to the policy."));
      else if (!links_back (best, policy))
        add_finding (check, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION, policy->column_id, policy->id, policy->title,
                     g_strdup_printf (_("The interpretation of “%s” does not link back to it on the portal."), policy->title),
                     _("Link the interpretation to the policy and submit it again."));
      else if ((timely = in_time (check->snapshot->calendar, best, policy, &error)) == TIMELY_NO)
        add_finding (check, GK_RULE_INTERPRETATION, GK_SEVERITY_DEDUCTION, policy->column_id, policy->id, policy->title,
                     g_strdup_printf (_("The interpretation of “%s” came more than three working days after the policy."),
                                      policy->title),
                     _("Publish interpretations together with their policies from now on."));
      else if (timely == TIMELY_UNKNOWN)
        add_unknown_calendar (check, GK_RULE_INTERPRETATION, policy->column_id, policy->id, policy->title, error);
      else
        check->result->n_interpreted++;
    }
}

/*
 * 及时 for 实时/及时 and event columns: each item published within N working days
 * of its date written (成文日期), 政府信息公开条例 第二十六条. Judged for the items
 * this PC wrote, whose date written it knows.
 */
static void
rule_timely (Check *check)
{
  const GkCheckSnapshot *s = check->snapshot;

  for (guint i = 0; i < s->portal_items->len; i++)
    {
      const GkCheckPortalItem *item = g_ptr_array_index (s->portal_items, i);
      GkColumn *column;
      GkAssignment *assignment;
      g_autoptr(GError) error = NULL;
      guint within;
      Timeliness timely;

      if (!published_by (item, check->as_of) || !g_date_valid (&item->written_on) ||
          (column = lookup_column (check, item->column_id)) == NULL ||
          (assignment = gk_column_lookup_assignment (column, s->unit)) == NULL ||
          (within = gk_assignment_get_publish_within (assignment)) == 0)
        continue;

      timely = within_working_days (s->calendar, &item->written_on, &item->published, within, &error);
      if (timely == TIMELY_NO)
        {
          g_autofree char *written = format_date (&item->written_on);
          g_autofree char *published = format_date (&item->published);
          g_autofree char *action = g_strdup_printf (_("Publish such information within %u working days of the date it is written or changed."),
                                                     within);

          add_finding (check, GK_RULE_TIMELY, GK_SEVERITY_DEDUCTION, item->column_id, item->id, item->title,
                       g_strdup_printf (_("“%s”, written on %s, was published on %s: more than %u working days later."),
                                        item->title, written, published, within),
                       action);
        }
      else if (timely == TIMELY_UNKNOWN)
        add_unknown_calendar (check, GK_RULE_TIMELY, item->column_id, item->id, item->title, error);
    }
}

/**
 * gk_check_settle_interpretations:
 *
 * For each published policy of @snapshot, which must hold every portal item
 * of the unit, sets ok_on to the day from which rule_interpretation() finds
 * nothing on it whatever the inspection date: the day its first published
 * interpretation appeared, when that links back and came in time. Until that
 * day, or with no such interpretation, ok_on stays invalid. The store keeps
 * these, so that a later check reads only the policies still open and their
 * interpretations (gk_check_store_fill_snapshot()). An inspection date on or
 * after ok_on sees the same first interpretation, as nothing published later
 * can come first.
 */
void
gk_check_settle_interpretations (GkCheckSnapshot *snapshot)
{
  g_autoptr(GHashTable) by_id = index_portal_items (snapshot);

  for (guint i = 0; i < snapshot->portal_items->len; i++)
    {
      GkCheckPortalItem *policy = g_ptr_array_index (snapshot->portal_items, i);
      const GkCheckPortalItem *best;

      g_date_clear (&policy->ok_on, 1);
      if (policy->kind != GK_KIND_POLICY || !published_by (policy, NULL))
        continue;

      /* A policy that needs no interpretation never gives a finding once published. */
      if (!policy->needs_interpretation)
        {
          policy->ok_on = policy->published;
          continue;
        }

      best = first_interpretation (by_id, policy, NULL);
      if (best != NULL && links_back (best, policy) && in_time (snapshot->calendar, best, policy, NULL) == TIMELY_YES)
        policy->ok_on = best->published;
    }
}

static gboolean
is_out_of_hands (GkItemState state)
{
  return state == GK_ITEM_STATE_SUBMITTED || state == GK_ITEM_STATE_PUBLISHED;
}

/*
 * Personal information, from the scan made at submission: what an approver let
 * through is listed with their name and reason (inspectors ask), what was sent
 * unscanned is to be checked by hand, and anything else unmasked costs points.
 */
static void
rule_personal_info (Check *check)
{
  const GkCheckSnapshot *s = check->snapshot;

  for (guint i = 0; i < s->local_items->len; i++)
    {
      const GkCheckLocalItem *item = g_ptr_array_index (s->local_items, i);

      if (!is_out_of_hands (item->state) && item->state != GK_ITEM_STATE_QUEUED)
        continue;

      if (!item->privacy_checked)
        add_finding (check, GK_RULE_PERSONAL_INFO, GK_SEVERITY_ADVICE, item->column_id, item->id, item->title,
                     g_strdup_printf (_("“%s” was sent without a personal-information scan."), item->title),
                     _("Check it by hand for identity, mobile and bank card numbers."));
      else if (item->privacy_problems > 0 && item->override_by != NULL)
        add_finding (check, GK_RULE_PERSONAL_INFO, GK_SEVERITY_ADVICE, item->column_id, item->id, item->title,
                     g_strdup_printf (_("“%s” was let through by %s (%s) despite: %s."), item->title,
                                      item->override_by, item->override_reason ? item->override_reason : "",
                                      item->privacy_summary ? item->privacy_summary : ""),
                     _("Make sure the approval is on file."));
      else if (item->privacy_problems > 0)
        add_finding (check, GK_RULE_PERSONAL_INFO, GK_SEVERITY_DEDUCTION, item->column_id, item->id, item->title,
                     g_strdup_printf (_("“%s” may publish personal information: %s."), item->title,
                                      item->privacy_summary ? item->privacy_summary : ""),
                     _("Mask the numbers and submit the item again."));
    }
}

static gboolean
contains (const GkCheckLocalItem *item,
          const char             *word)
{
  return (item->title != NULL && strstr (item->title, word) != NULL) ||
         (item->body != NULL && strstr (item->body, word) != NULL);
}

/* The words an item holds, worked out once per content and word lists (the store remembers it). */
static void
scan_wording (const GkCheckSnapshot *s,
              GkCheckLocalItem      *item)
{
  g_autoptr(GString) found = g_string_new (NULL);

  for (guint j = 0; j + 1 < s->mistakes->len; j += 2)
    {
      if (contains (item, g_ptr_array_index (s->mistakes, j)))
        g_string_append_printf (found, "%s%s→%s", found->len > 0 ? _("; ") : "",
                                (const char *) g_ptr_array_index (s->mistakes, j),
                                (const char *) g_ptr_array_index (s->mistakes, j + 1));
    }

  /* Each sensitive word or marking once, as written in the title or body. */
  {
    const char *texts[] = { item->title, item->body };
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
      {
        g_autoptr(GArray) matches = gk_check_find_sensitive (s, texts[t]);

        for (guint j = 0; j < matches->len; j++)
          {
            GkCheckMatch *match = &g_array_index (matches, GkCheckMatch, j);
            char *word = g_strndup (texts[t] + match->offset, match->length);

            item->wording_sensitive = TRUE;
            if (g_hash_table_add (seen, word))
              g_string_append_printf (found, "%s%s", found->len > 0 ? _("; ") : "", word);
          }
      }
  }

  item->wording_hits = g_string_free (g_steal_pointer (&found), FALSE);
  item->wording_fresh = TRUE;
}

/* 易错词 and sensitive words in titles and bodies: a deduction once published, advice before. */
static void
rule_wording (Check *check)
{
  const GkCheckSnapshot *s = check->snapshot;

  for (guint i = 0; i < s->local_items->len; i++)
    {
      GkCheckLocalItem *item = g_ptr_array_index (s->local_items, i);
      GkSeverity severity = is_out_of_hands (item->state) ? GK_SEVERITY_DEDUCTION : GK_SEVERITY_ADVICE;

      if (item->wording_hits == NULL)
        scan_wording (s, item);

      if (*item->wording_hits == '\0')
        continue;

      add_finding (check, GK_RULE_WORDING, item->wording_sensitive ? MAX (severity, GK_SEVERITY_DEDUCTION) : severity,
                   item->column_id, item->id, item->title,
                   g_strdup_printf (_("“%s” contains wrong or sensitive words: %s."), item->title, item->wording_hits),
                   item->wording_sensitive ? _("Remove the marked words; ask the office whether the item may be published at all.")
                                           : _("Correct the words and submit the item again."));
    }
}

/*
 * Backdating (a publish date before the submission) is a veto, judged on an item's first
 * submission only: a correction of a published item keeps the date it was first published
 * on and is submitted later, which is not backdating, unless it moves that date earlier.
 * Missing dates are not allowed either.
 */
static void
rule_dates (Check *check)
{
  const GkCheckSnapshot *s = check->snapshot;

  for (guint i = 0; i < s->local_items->len; i++)
    {
      const GkCheckLocalItem *item = g_ptr_array_index (s->local_items, i);
      gboolean sent = is_out_of_hands (item->state) || item->state == GK_ITEM_STATE_QUEUED;
      gboolean correction = g_date_valid (&item->first_published_on);

      if (correction && g_date_valid (&item->publish_on) &&
          g_date_compare (&item->publish_on, &item->first_published_on) < 0)
        {
          g_autofree char *publish = format_date (&item->publish_on);
          g_autofree char *first = format_date (&item->first_published_on);

          add_finding (check, GK_RULE_DATES, GK_SEVERITY_VETO, item->column_id, item->id, item->title,
                       g_strdup_printf (_("The correction of “%s” is dated %s, before the item was first published on %s: that is backdating."),
                                        item->title, publish, first),
                       _("Give the correction the date the item was first published on."));
        }
      else if (!correction && g_date_valid (&item->publish_on) && g_date_valid (&item->submitted) &&
               g_date_compare (&item->publish_on, &item->submitted) < 0)
        {
          g_autofree char *publish = format_date (&item->publish_on);
          g_autofree char *submitted = format_date (&item->submitted);

          add_finding (check, GK_RULE_DATES, GK_SEVERITY_VETO, item->column_id, item->id, item->title,
                       g_strdup_printf (_("“%s” is dated to be published on %s, before it was submitted on %s: that is backdating."),
                                        item->title, publish, submitted),
                       _("Correct the publish date and submit the item again."));
        }
      else if (sent && (!g_date_valid (&item->written_on) || !g_date_valid (&item->publish_on)))
        {
          add_finding (check, GK_RULE_DATES, GK_SEVERITY_ADVICE, item->column_id, item->id, item->title,
                       g_strdup_printf (_("“%s” has no date written or no publish date."), item->title),
                       _("Fill in both dates."));
        }
    }
}

/* The outbox: what waits too long, what the portal stopped, what was rejected and not revised. */
static void
rule_outbox (Check *check)
{
  const GkCheckSnapshot *s = check->snapshot;

  for (guint i = 0; i < s->local_items->len; i++)
    {
      const GkCheckLocalItem *item = g_ptr_array_index (s->local_items, i);

      if (item->state == GK_ITEM_STATE_REJECTED)
        add_finding (check, GK_RULE_OUTBOX, GK_SEVERITY_DEDUCTION, item->column_id, item->id, item->title,
                     g_strdup_printf (_("“%s” was rejected by the portal and has not been revised."), item->title),
                     _("Revise the item as the portal asked and submit it again."));
      else if (item->state == GK_ITEM_STATE_QUEUED && item->stopped)
        add_finding (check, GK_RULE_OUTBOX, GK_SEVERITY_DEDUCTION, item->column_id, item->id, item->title,
                     g_strdup_printf (_("“%s” could not be delivered: %s"), item->title,
                                      item->last_error != NULL ? item->last_error : ""),
                     _("Withdraw the item, fix it and submit it again."));
      else if (item->state == GK_ITEM_STATE_QUEUED && g_date_valid (&item->queued) &&
               g_date_days_between (&item->queued, check->as_of) > OUTBOX_DAYS)
        add_finding (check, GK_RULE_OUTBOX, GK_SEVERITY_ADVICE, item->column_id, item->id, item->title,
                     g_strdup_printf (_("“%s” has waited in the outbox for more than a day."), item->title),
                     _("Check the network and the portal login, then send again."));
    }
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const GkFinding *fa = *(const GkFinding * const *) a;
  const GkFinding *fb = *(const GkFinding * const *) b;

  if (fa->severity != fb->severity)
    return (int) fb->severity - (int) fa->severity;
  if (fa->rule != fb->rule)
    return (int) fa->rule - (int) fb->rule;

  return g_strcmp0 (fa->key, fb->key);
}

/**
 * gk_check_evaluate:
 *
 * Runs every rule over @snapshot as of @as_of. The same inputs always give
 * the same result, findings most severe first. The wording rule's results for
 * items that had none are left in @snapshot, for the store to remember.
 */
GkCheckResult *
gk_check_evaluate (GkCheckSnapshot *snapshot,
                   const GDate     *as_of,
                   guint            warn_days)
{
  GkCheckResult *result = g_new0 (GkCheckResult, 1);
  g_autoptr(GHashTable) portal_by_id = index_portal_items (snapshot);
  Check check = { snapshot, as_of, warn_days, result, portal_by_id };

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (g_date_valid (as_of), NULL);

  result->unit = g_strdup (snapshot->unit);
  result->site_wide = snapshot->site != NULL;
  result->unit_name = gk_catalog_dup_unit_name (snapshot->catalog, snapshot->unit);
  result->liaison = g_strdup (snapshot->liaison);
  result->phone = g_strdup (snapshot->phone);
  result->leader = g_strdup (snapshot->leader);
  result->office = g_strdup (snapshot->office);
  result->as_of = format_date (as_of);
  result->warn_days = warn_days;
  result->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_column_status_free);
  result->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_finding_free);

  rule_registration (&check);
  assess_columns (&check);
  rule_blank (&check);
  rule_stale (&check);
  rule_interpretation (&check);
  rule_timely (&check);
  rule_personal_info (&check);
  rule_wording (&check);
  rule_dates (&check);
  rule_outbox (&check);
  if (snapshot->request_findings != NULL)
    g_ptr_array_extend_and_steal (result->findings, g_steal_pointer (&snapshot->request_findings));

  g_ptr_array_sort (result->findings, compare_findings);
  for (guint i = 0; i < result->findings->len; i++)
    result->n_by_severity[((GkFinding *) g_ptr_array_index (result->findings, i))->severity]++;

  return result;
}

/**
 * gk_check_scan_wording:
 * @sensitive: (out): whether a sensitive word (a classification or internal-use marking) is among them
 *
 * The wording rule's reading of one title and body outside a self-check, so
 * that the submit gate and the editor's marks judge as the self-check does.
 *
 * Returns: (transfer full): the words found, as the self-check lists them; "" when none
 */
char *
gk_check_scan_wording (const GkCheckSnapshot *snapshot,
                       const char            *title,
                       const char            *body,
                       gboolean              *sensitive)
{
  GkCheckLocalItem item = { .title = (char *) title, .body = (char *) body };

  scan_wording (snapshot, &item);
  *sensitive = item.wording_sensitive;

  return item.wording_hits;
}
