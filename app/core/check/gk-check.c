/* The self-check's data types, the snapshot it reads, and the entry point that gathers it. */
#define G_LOG_DOMAIN "gk-check"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gk-check-private.h"
#include "gk-context-private.h"
#include "gk-core-enums.h"
#include "gk-enum.h"
#include "gk-profile.h"
#include "gk-request-findings.h"
#include "gk-store.h"

#define WORDING_RESOURCE "/io/github/gongkai/Liaison/wording/"

void
gk_check_log_entry_free (GkCheckLogEntry *entry)
{
  g_free (entry->key);
  g_free (entry->column_id);
  g_free (entry->item_id);
  g_free (entry->title);
  g_free (entry->explanation);
  g_free (entry->first_seen);
  g_free (entry->measure);
  g_free (entry->due_on);
  g_free (entry->fixed_on);
  g_free (entry);
}

void
gk_finding_free (GkFinding *finding)
{
  g_free (finding->key);
  g_free (finding->column_id);
  g_free (finding->item_id);
  g_free (finding->title);
  g_free (finding->explanation);
  g_free (finding->action);
  g_free (finding);
}

void
gk_column_status_free (GkColumnStatus *status)
{
  g_free (status->column_id);
  g_free (status->path);
  g_free (status->newest);
  g_free (status->newest_title);
  g_free (status->due);
  g_free (status);
}

void
gk_check_result_free (GkCheckResult *result)
{
  g_free (result->unit);
  g_free (result->unit_name);
  g_free (result->liaison);
  g_free (result->phone);
  g_free (result->leader);
  g_free (result->office);
  g_free (result->as_of);
  g_clear_pointer (&result->columns, g_ptr_array_unref);
  g_clear_pointer (&result->findings, g_ptr_array_unref);
  g_free (result);
}

static void
portal_item_free (GkCheckPortalItem *item)
{
  g_free (item->id);
  g_free (item->column_id);
  g_free (item->title);
  g_free (item->status);
  g_free (item->interprets);
  g_strfreev (item->interpreted_by);
  g_free (item);
}

static void
local_item_free (GkCheckLocalItem *item)
{
  g_free (item->wording_hits);
  g_free (item->privacy_summary);
  g_free (item->override_by);
  g_free (item->override_reason);
  g_free (item->id);
  g_free (item->column_id);
  g_free (item->title);
  g_free (item->body);
  g_free (item->last_error);
  g_free (item);
}

/* Lines of a data file, without comments and blank lines. */
static GStrv
read_lines (GBytes *bytes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0' && *lines[i] != '#')
        g_strv_builder_add (builder, lines[i]);
    }

  return g_strv_builder_end (builder);
}

GkCheckSnapshot *
gk_check_snapshot_new (GkCatalog  *catalog,
                       const char *unit)
{
  GkCheckSnapshot *snapshot = g_new0 (GkCheckSnapshot, 1);
  g_autoptr(GBytes) mistakes = g_resources_lookup_data (WORDING_RESOURCE "common-mistakes.tsv", 0, NULL);
  g_autoptr(GBytes) sensitive = g_resources_lookup_data (WORDING_RESOURCE "sensitive-words.txt", 0, NULL);
  g_auto(GStrv) pairs = NULL;

  snapshot->catalog = g_object_ref (catalog);
  snapshot->calendar = g_object_ref (gk_calendar_get_default ());
  snapshot->unit = g_strdup (unit);
  snapshot->portal_items = g_ptr_array_new_with_free_func ((GDestroyNotify) portal_item_free);
  snapshot->local_items = g_ptr_array_new_with_free_func ((GDestroyNotify) local_item_free);
  snapshot->mistakes = g_ptr_array_new_with_free_func (g_free);

  g_assert (mistakes != NULL && sensitive != NULL);
  pairs = read_lines (mistakes);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (pairs[i], "\t", 2);

      if (g_strv_length (fields) == 2)
        {
          g_ptr_array_add (snapshot->mistakes, g_strdup (fields[0]));
          g_ptr_array_add (snapshot->mistakes, g_strdup (fields[1]));
        }
    }
  snapshot->sensitive = read_lines (sensitive);

  return snapshot;
}

/* The office's own list in @data_dir, where it gave one, replaces the shipped one. */
void
gk_check_snapshot_use_local_words (GkCheckSnapshot *snapshot,
                                   const char      *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "sensitive-words.txt", NULL);
  g_autofree char *text = NULL;
  gsize length;

  if (g_file_get_contents (path, &text, &length, NULL))
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      g_strfreev (snapshot->sensitive);
      snapshot->sensitive = read_lines (bytes);
      g_clear_pointer (&snapshot->words, gk_check_words_free);
    }
}

void
gk_check_snapshot_free (GkCheckSnapshot *snapshot)
{
  g_clear_object (&snapshot->catalog);
  g_clear_object (&snapshot->calendar);
  g_clear_pointer (&snapshot->site, gk_site_summary_free);
  g_free (snapshot->unit);
  g_free (snapshot->liaison);
  g_free (snapshot->phone);
  g_free (snapshot->leader);
  g_free (snapshot->office);
  g_clear_pointer (&snapshot->portal_items, g_ptr_array_unref);
  g_clear_pointer (&snapshot->local_items, g_ptr_array_unref);
  g_clear_pointer (&snapshot->mistakes, g_ptr_array_unref);
  g_clear_pointer (&snapshot->request_findings, g_ptr_array_unref);
  g_strfreev (snapshot->sensitive);
  g_clear_pointer (&snapshot->words, gk_check_words_free);
  g_free (snapshot->wording_version);
  g_free (snapshot->portal_generation);
  g_free (snapshot);
}

GkCheckPortalItem *
gk_check_snapshot_add_portal (GkCheckSnapshot *snapshot,
                              const char      *id,
                              const char      *column_id,
                              GkKind           kind,
                              const char      *title,
                              const char      *status)
{
  GkCheckPortalItem *item = g_new0 (GkCheckPortalItem, 1);

  item->id = g_strdup (id);
  item->column_id = g_strdup (column_id);
  item->kind = kind;
  item->title = g_strdup (title != NULL ? title : "");
  item->status = g_strdup (status);
  g_date_clear (&item->published, 1);
  g_date_clear (&item->received, 1);
  g_date_clear (&item->publish_on, 1);
  g_date_clear (&item->ok_on, 1);
  g_date_clear (&item->written_on, 1);
  item->needs_interpretation = kind == GK_KIND_POLICY;
  g_ptr_array_add (snapshot->portal_items, item);

  return item;
}

GkCheckLocalItem *
gk_check_snapshot_add_local (GkCheckSnapshot *snapshot,
                             const char      *id,
                             const char      *column_id,
                             GkKind           kind,
                             GkItemState      state,
                             const char      *title,
                             const char      *body)
{
  GkCheckLocalItem *item = g_new0 (GkCheckLocalItem, 1);

  item->id = g_strdup (id);
  item->column_id = g_strdup (column_id);
  item->kind = kind;
  item->state = state;
  item->title = g_strdup (title != NULL ? title : _("(untitled)"));
  item->body = g_strdup (body);
  g_date_clear (&item->written_on, 1);
  g_date_clear (&item->publish_on, 1);
  g_date_clear (&item->submitted, 1);
  g_date_clear (&item->first_published_on, 1);
  g_date_clear (&item->queued, 1);
  g_ptr_array_add (snapshot->local_items, item);

  return item;
}

/**
 * gk_check_snapshot_get_wording_version:
 *
 * Returns: a digest of the word lists; a remembered wording result counts only
 *   while the lists are the same
 */
const char *
gk_check_snapshot_get_wording_version (GkCheckSnapshot *snapshot)
{
  if (snapshot->wording_version == NULL)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

      for (guint i = 0; i < snapshot->mistakes->len; i++)
        g_checksum_update (checksum, (const guchar *) g_ptr_array_index (snapshot->mistakes, i), -1);
      g_checksum_update (checksum, (const guchar *) "|", 1);
      for (guint i = 0; snapshot->sensitive != NULL && snapshot->sensitive[i] != NULL; i++)
        g_checksum_update (checksum, (const guchar *) snapshot->sensitive[i], -1);

      snapshot->wording_version = g_strdup (g_checksum_get_string (checksum));
    }

  return snapshot->wording_version;
}

/**
 * gk_check_result_dup_interpretation_rate:
 *
 * Returns: (transfer full): the unit's 解读率 in a sentence: the published
 *   policies that need an interpretation and how many have one as the rule requires
 */
char *
gk_check_result_dup_interpretation_rate (GkCheckResult *result)
{
  if (result->n_needing_interpretation == 0)
    return g_strdup (_("Interpretation rate: no published policy needs an interpretation."));

  return g_strdup_printf (_("Interpretation rate: %u of %u published policies that need an interpretation have one in time (%u%%)."),
                          result->n_interpreted, result->n_needing_interpretation,
                          (guint) ((100 * (guint64) result->n_interpreted) / result->n_needing_interpretation));
}

/**
 * gk_check_result_dup_scope:
 *
 * Returns: (transfer full): what the vetoes were counted on, in a sentence:
 *   the whole website, or (offline) this unit's own columns
 */
char *
gk_check_result_dup_scope (GkCheckResult *result)
{
  if (result->site_wide)
    return g_strdup_printf (_("Blank and stale columns counted on the whole website as of %s, from the portal’s summary."),
                            result->as_of);

  return g_strdup (_("The portal’s summary of the whole website for this date was not available: blank and stale columns are counted on this unit’s own columns only."));
}

/**
 * gk_check_keep_site_summary:
 * @json: the portal's reply to GET /api/v1/columns/summary
 *
 * Keeps the site-wide summary for the self-checks as of its date
 * (`gongkai check --site` fetches it). A reply that makes no sense is refused.
 */
gboolean
gk_check_keep_site_summary (GkContext   *context,
                            const char  *json,
                            GError     **error)
{
  g_autoptr(GkSiteSummary) summary = gk_site_summary_new_from_text (json, error);

  if (summary == NULL)
    return FALSE;

  return gk_store_set_setting (gk_context_get_store (context), "site-summary", json, error);
}

/* Reads the date part of YYYY-MM-DD or an RFC 3339 timestamp; leaves @date invalid otherwise. */
gboolean
gk_check_parse_date (const char *text,
                     GDate      *date)
{
  guint year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/*
 * Safe in a worker thread on a connection of its own: besides @store it reads
 * only the data folder's files and @catalog, which nobody changes (an import
 * puts a new one in place).
 */
static GkCheckResult *
run_check (GkStore    *store,
           GkCatalog  *catalog,
           const char *data_dir,
           const char *unit,
           GDate      *as_of,
           guint       warn_days,
           GError    **error)
{
  g_autoptr(GkCheckSnapshot) snapshot = NULL;
  g_autoptr(GkProfile) profile = NULL;
  GkCheckResult *result;
  g_autoptr(GError) remember_error = NULL;
  g_autoptr(GkCalendar) calendar = NULL;

  snapshot = gk_check_snapshot_new (catalog, unit);
  /* The calendar of this data folder: a newer year installed there counts. */
  g_clear_object (&snapshot->calendar);
  snapshot->calendar = gk_calendar_load (data_dir);

  profile = gk_store_dup_profile (store);
  snapshot->liaison = g_strdup (gk_profile_get_liaison (profile));
  snapshot->phone = g_strdup (gk_profile_get_phone (profile));
  snapshot->leader = g_strdup (gk_profile_get_leader (profile));
  snapshot->office = g_strdup (gk_profile_get_office (profile));

  gk_check_snapshot_use_local_words (snapshot, data_dir);

  if (!gk_check_store_fill_snapshot (store, snapshot, as_of, error))
    return NULL;
  snapshot->site = gk_check_store_dup_site_summary (store, as_of);

  calendar = gk_calendar_load (data_dir);
  if ((snapshot->request_findings = gk_request_list_findings (store, calendar, as_of, error)) == NULL)
    return NULL;

  result = gk_check_evaluate (snapshot, as_of, warn_days);

  /* What the wording rule read now need not be read again until the item or the lists change,
   * nor the policies settled now until the portal's items change. */
  if (!gk_check_store_remember_wording (store, snapshot, &remember_error))
    g_debug ("The wording results could not be remembered: %s", remember_error->message);
  g_clear_error (&remember_error);
  if (snapshot->portal_complete)
    {
      gk_check_settle_interpretations (snapshot);
      if (!gk_check_store_settle_interpretations (store, snapshot, &remember_error))
        g_debug ("The settled policies could not be remembered: %s", remember_error->message);
    }

  return result;
}

/**
 * gk_check_run:
 * @as_of: the inspection date
 * @warn_days: how far ahead "becomes stale" warnings look
 *
 * Returns: (transfer full) (nullable): what an inspection on @as_of would find
 */
GkCheckResult *
gk_check_run (GkContext *context,
              GDate     *as_of,
              guint      warn_days,
              GError   **error)
{
  g_autofree char *unit = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (as_of != NULL && g_date_valid (as_of), NULL);

  if ((unit = gk_context_dup_unit (context, error)) == NULL)
    return NULL;

  return run_check (gk_context_get_store (context), gk_context_get_catalog (context),
                    gk_context_get_data_dir (context), unit, as_of, warn_days, error);
}

/* What a check in a worker needs, taken from the context on the calling thread. */
typedef struct {
  GkCatalog *catalog;
  char      *data_dir;
  char      *store_path;
  char      *unit;
  GDate      as_of;
  guint      warn_days;
} CheckJob;

static void
check_job_free (CheckJob *job)
{
  g_clear_object (&job->catalog);
  g_free (job->data_dir);
  g_free (job->store_path);
  g_free (job->unit);
  g_free (job);
}

/* On its own connection, as the daily chores are: the window's keeps serving the main thread. */
static void
run_check_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CheckJob *job = task_data;
  g_autoptr(GkStore) store = NULL;
  GError *error = NULL;
  GkCheckResult *result;

  if ((store = gk_store_open (job->store_path, &error)) == NULL
      || (result = run_check (store, job->catalog, job->data_dir, job->unit, &job->as_of, job->warn_days,
                              &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) gk_check_result_free);
}

/**
 * gk_check_run_async:
 *
 * gk_check_run() in a worker thread, for the GUI: the result comes back on
 * the thread-default main context of the call.
 */
void
gk_check_run_async (GkContext           *context,
                    GDate               *as_of,
                    guint                warn_days,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CheckJob *job;
  char *unit;

  g_return_if_fail (GK_IS_CONTEXT (context));
  g_return_if_fail (as_of != NULL && g_date_valid (as_of));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_check_run_async);

  if ((unit = gk_context_dup_unit (context, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (CheckJob, 1);
  job->catalog = g_object_ref (gk_context_get_catalog (context));
  job->data_dir = g_strdup (gk_context_get_data_dir (context));
  job->store_path = g_strdup (gk_store_get_path (gk_context_get_store (context)));
  job->unit = unit;
  job->as_of = *as_of;
  job->warn_days = warn_days;
  g_task_set_task_data (task, job, (GDestroyNotify) check_job_free);
  g_task_run_in_thread (task, run_check_thread);
}

/**
 * gk_check_run_finish:
 *
 * Returns: (transfer full) (nullable): what an inspection would find
 */
GkCheckResult *
gk_check_run_finish (GkContext     *context,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, context), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
gk_severity_to_string (GkSeverity severity)
{
  return gk_enum_to_nick (GK_TYPE_SEVERITY, severity);
}

const char *
gk_severity_get_label (GkSeverity severity)
{
  switch (severity)
    {
    case GK_SEVERITY_ADVICE:    return _("Advice");
    case GK_SEVERITY_DEDUCTION: return _("Deduction");
    case GK_SEVERITY_VETO:      return _("Veto");
    default:                    g_return_val_if_reached (NULL);
    }
}

const char *
gk_rule_to_string (GkRule rule)
{
  return gk_enum_to_nick (GK_TYPE_RULE, rule);
}

const char *
gk_rule_get_label (GkRule rule)
{
  switch (rule)
    {
    case GK_RULE_REGISTRATION:   return _("Registration");
    case GK_RULE_BLANK:          return _("Blank column");
    case GK_RULE_STALE:          return _("Stale column");
    case GK_RULE_INTERPRETATION: return _("Policy without interpretation");
    case GK_RULE_PERSONAL_INFO:  return _("Personal information");
    case GK_RULE_WORDING:        return _("Wording");
    case GK_RULE_DATES:          return _("Dates");
    case GK_RULE_OUTBOX:         return _("Outbox");
    case GK_RULE_TIMELY:         return _("Published in time");
    case GK_RULE_REQUESTS:       return _("Requests for disclosure");
    default:                     g_return_val_if_reached (NULL);
    }
}

const char *
gk_column_state_to_string (GkColumnState state)
{
  return gk_enum_to_nick (GK_TYPE_COLUMN_STATE, state);
}

const char *
gk_column_state_get_label (GkColumnState state)
{
  switch (state)
    {
    case GK_COLUMN_OK:       return _("Up to date");
    case GK_COLUMN_DUE_SOON: return _("Due soon");
    case GK_COLUMN_STALE:    return _("Stale");
    case GK_COLUMN_BLANK:    return _("Blank");
    default:                 g_return_val_if_reached (NULL);
    }
}

/**
 * gk_column_status_dup_newest_text:
 *
 * Returns: (transfer full): 最近发布 for people: the date and title of the
 *   column's newest publication, or that there is none
 */
char *
gk_column_status_dup_newest_text (const GkColumnStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);

  if (status->newest == NULL)
    return g_strdup (_("Never published"));

  return g_strdup_printf (_("%s, “%s”"), status->newest, status->newest_title != NULL ? status->newest_title : "");
}

/**
 * gk_column_status_dup_due_text:
 *
 * Returns: (transfer full): 下次应更新 for people: the last day the column is
 *   in time and how far that is from the check's date (距今 N 天, 已超期 N 天)
 */
char *
gk_column_status_dup_due_text (const GkColumnStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);

  if (status->state == GK_COLUMN_BLANK)
    return g_strdup (_("Now: the column is blank"));
  if (status->due == NULL)
    return g_strdup (_("No fixed cadence"));
  if (status->days_left < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day overdue)", "%s (%d days overdue)",
                                         (gulong) -status->days_left),
                            status->due, -status->days_left);
  if (status->days_left == 0)
    return g_strdup_printf (_("%s (today)"), status->due);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (in %d day)", "%s (in %d days)", (gulong) status->days_left),
                          status->due, status->days_left);
}

/* Whether an inspector would deduct points or fail the unit: the CLI's exit status 1. */
gboolean
gk_check_result_has_failures (GkCheckResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return result->n_by_severity[GK_SEVERITY_DEDUCTION] > 0 || result->n_by_severity[GK_SEVERITY_VETO] > 0;
}

/**
 * gk_check_record:
 *
 * Keeps @result in the rectification log; call it for checks as of today,
 * not for "what if" dates.
 */
gboolean
gk_check_record (GkContext     *context,
                 GkCheckResult *result,
                 GError       **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  return gk_check_store_record_check (gk_context_get_store (context), result, error);
}

/**
 * gk_check_list_log:
 *
 * Returns: (transfer full) (element-type GkCheckLogEntry): the unit's rectification log
 */
GPtrArray *
gk_check_list_log (GkContext *context,
                   GError   **error)
{
  g_autofree char *unit = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  if ((unit = gk_context_dup_unit (context, error)) == NULL)
    return NULL;

  return gk_check_store_list_log (gk_context_get_store (context), unit, error);
}

/**
 * gk_check_set_measure:
 * @measure: (nullable): the rectification measure (整改措施), taken or planned
 * @due_on: (nullable): by when, YYYY-MM-DD
 */
gboolean
gk_check_set_measure (GkContext  *context,
                      const char *key,
                      const char *measure,
                      const char *due_on,
                      GError    **error)
{
  g_autofree char *unit = NULL;
  GDate date;

  g_return_val_if_fail (GK_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (due_on != NULL && !gk_check_parse_date (due_on, &date))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
                   _("The date “%s” is not valid; write it as YYYY-MM-DD, such as 2017-09-13."), due_on);
      return FALSE;
    }

  if ((unit = gk_context_dup_unit (context, error)) == NULL)
    return FALSE;

  return gk_check_store_set_measure (gk_context_get_store (context), unit, key, measure, due_on, error);
}

/**
 * gk_check_set_needs_interpretation:
 * @id: an item id, or the beginning of one that names a single item
 * @choice: 1 the policy needs an interpretation, 0 it does not, -1 the default
 *   (gk_check_needs_interpretation())
 * @reason: (nullable): why; required unless @choice is -1
 *
 * The liaison's 需解读 choice for one item: only policies that need an
 * interpretation count for 重大政策不解读 and the 解读率.
 */
gboolean
gk_check_set_needs_interpretation (GkContext  *context,
                                   const char *id,
                                   int         choice,
                                   const char *reason,
                                   GError    **error)
{
  g_autofree char *unit = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  g_return_val_if_fail (GK_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (choice >= 0 && *stripped == '\0')
    {
      g_set_error_literal (error, GK_STORE_ERROR, GK_STORE_ERROR_INVALID,
                           _("Say why the policy does or does not need an interpretation; the reason is kept for the inspection."));
      return FALSE;
    }

  if ((unit = gk_context_dup_unit (context, error)) == NULL ||
      (uuid = gk_store_resolve_uuid (gk_context_get_store (context), unit, id, error)) == NULL)
    return FALSE;

  return gk_check_store_set_needs_interpretation (gk_context_get_store (context), unit, uuid, choice, stripped, error);
}
