/*
 * The submission gate: nothing leaves the PC with a classification or
 * internal-use marking at all, nor with a listed 易错词 unless the liaison
 * confirms it, nor with an unmasked identity, mobile or bank card number, or
 * with an attachment nobody could read, unless a named approver overrides it
 * with a reason. The scans, the override and the queueing happen here so the
 * CLI's `submit` and the editor's Submit apply the same rules.
 */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-context-private.h"
#include "gk-item.h"
#include "gk-privacy-finding.h"
#include "gk-privacy-report.h"
#include "gk-privacy-scanner.h"
#include "gk-store.h"
#include "gk-wording.h"

static void
append_findings (GString    *summary,
                 const char *where,
                 GPtrArray  *findings)
{
  g_autofree char *first = NULL;

  if (findings->len == 0)
    return;

  first = gk_privacy_finding_dup_location (g_ptr_array_index (findings, 0));
  if (summary->len > 0)
    g_string_append (summary, _("; "));
  g_string_append_printf (summary,
                          /* Translators: where (the body or a file name), how many, the first one's location and masked form */
                          ngettext ("%s: %u unmasked number (%s, %s)", "%s: %u unmasked numbers, the first at %s (%s)",
                                    findings->len),
                          where, findings->len, first,
                          gk_privacy_finding_get_masked (g_ptr_array_index (findings, 0)));
}

/*
 * Safe in a worker thread: reads only @item (a copy nobody else changes), the
 * files at @paths (the attachments' stored copies, in order) and @known, the
 * reports already made of attachments by their SHA-256; a stored copy is named
 * by its digest and never changes, so a report of the same digest still holds.
 */
static int
scan_item_files (GkItem        *item,
                 GPtrArray     *paths,
                 GHashTable    *known,
                 char         **summary,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GString) found = g_string_new (NULL);
  GPtrArray *attachments = gk_item_get_attachments (item);
  guint problems = 0;
  /* Each field on its own, so the message says where to look: 正文第 3 行, not a line of title and body together. */
  const struct {
    GkItemField  field;
    const char  *where;
  } fields[] = {
    { GK_ITEM_TITLE, N_("the title") },
    { GK_ITEM_DOC_NUMBER, N_("the document number") },
    { GK_ITEM_BODY, N_("the body") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *text = gk_item_get_field (item, fields[i].field);
      g_autoptr(GPtrArray) in_field = text != NULL ? gk_privacy_scan_text (text, -1) : NULL;

      if (in_field == NULL)
        continue;
      append_findings (found, _(fields[i].where), in_field);
      problems += in_field->len;
    }

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);
      GkPrivacyReport *seen = known != NULL ? g_hash_table_lookup (known, gk_attachment_get_sha256 (attachment)) : NULL;
      g_autoptr(GkPrivacyReport) report = NULL;
      const char *reason;

      if (seen != NULL)
        {
          report = gk_privacy_report_ref (seen);
        }
      else
        {
          g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (paths, i));

          report = gk_privacy_scan_file_named (file, gk_attachment_get_name (attachment),
                                               gk_attachment_get_name (attachment), cancellable, error);
          if (report == NULL)
            return -1;
        }

      append_findings (found, gk_attachment_get_name (attachment), gk_privacy_report_get_findings (report));
      problems += gk_privacy_report_get_findings (report)->len;

      if ((reason = gk_privacy_report_get_not_scanned_reason (report)) != NULL)
        {
          if (found->len > 0)
            g_string_append (found, _("; "));
          g_string_append_printf (found, _("%s was not scanned (%s)"), gk_attachment_get_name (attachment), reason);
          problems++;
        }
    }

  *summary = found->len > 0 ? g_string_free (g_steal_pointer (&found), FALSE) : NULL;

  return (int) problems;
}

/* Where the attachments' stored copies are, read on the main thread for a worker. */
static GPtrArray *
dup_attachment_paths (GkContext *self,
                      GkItem    *item)
{
  GPtrArray *attachments = gk_item_get_attachments (item);
  GPtrArray *paths = g_ptr_array_new_full (attachments->len, g_free);

  for (guint i = 0; i < attachments->len; i++)
    g_ptr_array_add (paths, gk_context_dup_attachment_path (self, g_ptr_array_index (attachments, i)));

  return paths;
}

/**
 * gk_context_scan_item:
 * @summary: (out) (transfer full) (nullable): what was found, for people; %NULL when clean
 *
 * Scans the item's title, body and attachment copies.
 *
 * Returns: findings plus attachments that could not be scanned, or -1 on error
 */
int
gk_context_scan_item (GkContext     *self,
                      GkItem        *item,
                      char         **summary,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) paths = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (self), -1);
  g_return_val_if_fail (GK_IS_ITEM (item), -1);

  paths = dup_attachment_paths (self, item);

  return scan_item_files (item, paths, NULL, summary, cancellable, error);
}

/* The markings alone, each once, for the refusal: the 易错词 beside them are not what stops the item. */
static char *
dup_markings (GkWording *wording,
              GkItem    *item)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  const char *texts[] = { gk_item_get_title (item), gk_item_get_body (item) };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) marks = texts[i] != NULL ? gk_wording_find_marks (wording, texts[i]) : NULL;

      for (guint j = 0; marks != NULL && j < marks->len; j++)
        {
          GkWordingMark *mark = g_ptr_array_index (marks, j);

          if (mark->kind == GK_WORDING_SENSITIVE && !g_ptr_array_find_with_equal_func (words, mark->word, g_str_equal, NULL))
            g_ptr_array_add (words, g_strdup (mark->word));
        }
    }

  g_ptr_array_add (words, NULL);
  return g_strjoinv (_("; "), (char **) words->pdata);
}

/*
 * A marking in the title or body stops the item for good (a 泄密 incident if
 * it reached the website); a 易错词 stops it until the liaison confirms it.
 * Both messages name the words, as the self-check would list them.
 */
static gboolean
check_wording (GkContext *self,
               GkItem    *item,
               gboolean   accept_wording,
               GError   **error)
{
  g_autoptr(GkWording) wording = gk_wording_new (self);
  const char *title = gk_item_get_title (item);
  gboolean sensitive;
  g_autofree char *hits = gk_wording_check (wording, title, gk_item_get_body (item), &sensitive);

  if (sensitive)
    {
      g_autofree char *markings = dup_markings (wording, item);

      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_MARKING,
                   _("The item “%s” was not queued because it contains words that must never be published: %s. Remove them, and ask the disclosure office whether the item may be published at all."),
                   title != NULL ? title : "", *markings != '\0' ? markings : hits);
      return FALSE;
    }

  if (*hits != '\0' && !accept_wording)
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_WORDING,
                   _("The item “%s” was not queued because of words often written wrong: %s. Correct them, or confirm that they are meant as written."),
                   title != NULL ? title : "", hits);
      return FALSE;
    }

  return TRUE;
}

/* One submission between the gates: what the scan reads, and what it found. */
typedef struct {
  GkItem     *item;
  GPtrArray  *paths;
  GHashTable *known;
  char       *approver;
  char       *reason;
  char       *summary;
  int         problems;
} Submission;

static void
submission_free (Submission *submission)
{
  g_clear_object (&submission->item);
  g_clear_pointer (&submission->paths, g_ptr_array_unref);
  g_clear_pointer (&submission->known, g_hash_table_unref);
  g_free (submission->approver);
  g_free (submission->reason);
  g_free (submission->summary);
  g_free (submission);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Submission, submission_free)

/* An approver's name or a reason of spaces is none. */
static char *
dup_stripped (const char *text)
{
  g_autofree char *stripped = text != NULL ? g_strstrip (g_strdup (text)) : NULL;

  return stripped != NULL && *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

/*
 * Everything before the scan, on the main thread: a queued item is sent again
 * at once, any state but ready gets the state machine's own refusal, then the
 * override's two answers and the wording gate.
 *
 * Returns: (nullable): the submission to scan, or %NULL when nothing is left
 *   to scan: with @error set when it was refused
 */
static Submission *
begin_submission (GkContext   *self,
                  const char  *uuid,
                  const char  *override_by,
                  const char  *override_reason,
                  gboolean     accept_wording,
                  GHashTable  *known,
                  GError     **error)
{
  g_autoptr(Submission) submission = g_new0 (Submission, 1);
  GkStore *store = gk_context_get_store (self);
  g_autoptr(GkItem) item = NULL;

  if ((item = gk_store_dup_item (store, uuid, error)) == NULL)
    return NULL;

  /* Submitted again while queued: was scanned when first queued; it is sent at once, stopped or not. */
  if (gk_item_get_state (item) == GK_ITEM_STATE_QUEUED)
    {
      gk_store_outbox_retry (store, uuid, error);
      return NULL;
    }

  /* The state machine's own refusal (a draft, say) comes before a scan that could take a while. */
  if (gk_item_get_state (item) != GK_ITEM_STATE_READY)
    {
      gk_store_set_item_state (store, uuid, GK_ITEM_STATE_QUEUED, NULL, error);
      return NULL;
    }

  submission->approver = dup_stripped (override_by);
  submission->reason = dup_stripped (override_reason);
  if ((submission->approver == NULL) != (submission->reason == NULL))
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_PRIVACY,
                   _("An override needs both the approver’s name and a reason."));
      return NULL;
    }

  if (!check_wording (self, item, accept_wording, error))
    return NULL;

  submission->paths = dup_attachment_paths (self, item);
  submission->known = known != NULL ? g_hash_table_ref (known) : NULL;
  submission->item = g_steal_pointer (&item);

  return g_steal_pointer (&submission);
}

/* After the scan, on the main thread: refused, or kept with what was found and queued. */
static gboolean
finish_submission (GkContext   *self,
                   Submission  *submission,
                   GError     **error)
{
  GkStore *store = gk_context_get_store (self);
  GkItem *item = submission->item;
  const char *uuid = gk_item_get_uuid (item);
  int problems = submission->problems;
  g_autoptr(GkItem) now = NULL;

  /* Changed while a worker scanned it (an edit makes it a draft again): what was scanned is not what would go. */
  if ((now = gk_store_dup_item (store, uuid, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (gk_item_get_field (now, GK_ITEM_UPDATED_AT), gk_item_get_field (item, GK_ITEM_UPDATED_AT)) != 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_STATE,
                   _("The item “%s” changed while it was being checked, so it was not queued; submit it again."),
                   gk_item_get_title (now) != NULL ? gk_item_get_title (now) : "");
      return FALSE;
    }

  if (problems > 0 && submission->approver == NULL)
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_PRIVACY,
                   _("The item “%s” was not queued because it may publish personal information: %s. Mask it, or have an approver override with their name and a reason."),
                   gk_item_get_title (item) != NULL ? gk_item_get_title (item) : "", submission->summary);
      return FALSE;
    }

  if (!gk_store_set_privacy (store, uuid, submission->summary, (guint) problems,
                             problems > 0 ? submission->approver : NULL, problems > 0 ? submission->reason : NULL,
                             error))
    return FALSE;

  return gk_store_set_item_state (store, uuid, GK_ITEM_STATE_QUEUED, NULL, error);
}

/**
 * gk_context_submit_item:
 * @override_by: (nullable): the approver who lets findings through
 * @override_reason: (nullable): why; needed with @override_by
 * @accept_wording: the liaison confirmed the 易错词 the gate named are meant
 *
 * Queues a ready item for upload after the wording gate (see check_wording())
 * and the personal-information scan. Unmasked numbers, or attachments that
 * could not be scanned, stop it unless an
 * approver's name and a reason are given; both are kept with the item, sent
 * to the portal and shown in the self-check report.
 */
gboolean
gk_context_submit_item (GkContext   *self,
                        const char  *uuid,
                        const char  *override_by,
                        const char  *override_reason,
                        gboolean     accept_wording,
                        GError     **error)
{
  g_autoptr(Submission) submission = NULL;
  GError *refusal = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if ((submission = begin_submission (self, uuid, override_by, override_reason, accept_wording, NULL, &refusal)) == NULL)
    {
      if (refusal == NULL)
        return TRUE;
      g_propagate_error (error, refusal);
      return FALSE;
    }

  submission->problems = scan_item_files (submission->item, submission->paths, NULL, &submission->summary, NULL, error);

  return submission->problems >= 0 && finish_submission (self, submission, error);
}

static void
scan_submission_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Submission *submission = task_data;
  GError *error = NULL;

  submission->problems = scan_item_files (submission->item, submission->paths, submission->known,
                                          &submission->summary, cancellable, &error);
  if (submission->problems < 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Back on the caller's main context: the verdict goes to the store's connection. */
static void
on_submission_scanned_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !finish_submission (g_task_get_source_object (task), g_task_get_task_data (task), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gk_context_submit_item_async:
 * @known_reports: (nullable) (element-type utf8 GkPrivacyReport): reports the
 *   caller already made of attachments, by their SHA-256, not to scan again
 *
 * gk_context_submit_item() for the editor: the attachments are scanned in a
 * worker thread, the verdict stored on the thread-default main context of the
 * call. An item changed during the scan is not queued.
 */
void
gk_context_submit_item_async (GkContext           *self,
                              const char          *uuid,
                              const char          *override_by,
                              const char          *override_reason,
                              gboolean             accept_wording,
                              GHashTable          *known_reports,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) scanning = NULL;
  GError *refusal = NULL;
  Submission *submission;

  g_return_if_fail (GK_IS_CONTEXT (self));
  g_return_if_fail (uuid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_context_submit_item_async);

  if ((submission = begin_submission (self, uuid, override_by, override_reason, accept_wording, known_reports,
                                      &refusal)) == NULL)
    {
      if (refusal != NULL)
        g_task_return_error (task, refusal);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_set_task_data (task, submission, (GDestroyNotify) submission_free);

  /* The worker borrows the submission; the outer task keeps it until the verdict. */
  scanning = g_task_new (self, cancellable, on_submission_scanned_cb, g_object_ref (task));
  g_task_set_source_tag (scanning, scan_submission_thread);
  g_task_set_task_data (scanning, submission, NULL);
  g_task_run_in_thread (scanning, scan_submission_thread);
}

gboolean
gk_context_submit_item_finish (GkContext     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
