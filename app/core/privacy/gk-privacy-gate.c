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

  g_return_val_if_fail (GK_IS_CONTEXT (self), -1);
  g_return_val_if_fail (GK_IS_ITEM (item), -1);

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
      g_autofree char *path = gk_store_dup_attachment_path (gk_context_get_store (self), attachment);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GkPrivacyReport) report = NULL;
      const char *reason;

      report = gk_privacy_scan_file_named (file, gk_attachment_get_name (attachment), gk_attachment_get_name (attachment),
                                           cancellable, error);
      if (report == NULL)
        return -1;

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
  g_autoptr(GkItem) item = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *approver = override_by != NULL ? g_strstrip (g_strdup (override_by)) : NULL;
  g_autofree char *reason = override_reason != NULL ? g_strstrip (g_strdup (override_reason)) : NULL;
  GkStore *store;
  int problems;

  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  store = gk_context_get_store (self);
  if ((item = gk_store_dup_item (store, uuid, error)) == NULL)
    return FALSE;

  /* Submitted again while queued: was scanned when first queued; it is sent at once, stopped or not. */
  if (gk_item_get_state (item) == GK_ITEM_STATE_QUEUED)
    return gk_store_outbox_retry (store, uuid, error);

  /* The state machine's own refusal (a draft, say) comes before a scan that could take a while. */
  if (gk_item_get_state (item) != GK_ITEM_STATE_READY)
    return gk_store_set_item_state (store, uuid, GK_ITEM_STATE_QUEUED, NULL, error);

  if (approver != NULL && *approver == '\0')
    g_clear_pointer (&approver, g_free);
  if (reason != NULL && *reason == '\0')
    g_clear_pointer (&reason, g_free);

  if ((approver == NULL) != (reason == NULL))
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_PRIVACY,
                   _("An override needs both the approver’s name and a reason."));
      return FALSE;
    }

  if (!check_wording (self, item, accept_wording, error))
    return FALSE;

  if ((problems = gk_context_scan_item (self, item, &summary, NULL, error)) < 0)
    return FALSE;

  if (problems > 0 && approver == NULL)
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_PRIVACY,
                   _("The item “%s” was not queued because it may publish personal information: %s. Mask it, or have an approver override with their name and a reason."),
                   gk_item_get_title (item) != NULL ? gk_item_get_title (item) : "", summary);
      return FALSE;
    }

  if (!gk_store_set_privacy (store, uuid, summary, (guint) problems,
                             problems > 0 ? approver : NULL, problems > 0 ? reason : NULL, error))
    return FALSE;

  return gk_store_set_item_state (store, uuid, GK_ITEM_STATE_QUEUED, NULL, error);
}
