/*
 * An attachment replaced by its masked copy (a CSV or workbook with numbers
 * in it), the same way for the editor's 脱敏替换 and `gongkai item mask`: the
 * copy is written and scanned again, attached, and only then the original goes.
 */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gk-attachment.h"
#include "gk-context-private.h"
#include "gk-item.h"
#include "gk-masked-copy.h"
#include "gk-privacy-report.h"

/* A masked copy being made of one attachment: what it replaces and where it is written. */
typedef struct {
  char   *uuid;
  gint64  original_id;
  GFile  *blob;
  char   *name;
  GFile  *copy;
} MaskJob;

static void
mask_job_free (MaskJob *job)
{
  g_free (job->uuid);
  g_clear_object (&job->blob);
  g_free (job->name);
  g_clear_object (&job->copy);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaskJob, mask_job_free)

/* What is to be masked, read on the calling thread: the store is not for workers. */
static MaskJob *
mask_job_new (GkContext  *context,
              const char *uuid,
              gint64      attachment_id,
              GError    **error)
{
  g_autoptr(GkItem) item = gk_context_dup_item (context, uuid, error);
  g_autofree char *path = NULL;
  g_autofree char *number = NULL;
  GPtrArray *attachments;
  MaskJob *job;

  if (item == NULL)
    return NULL;

  attachments = gk_item_get_attachments (item);
  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);

      if (gk_attachment_get_id (attachment) != attachment_id)
        continue;

      path = gk_context_dup_attachment_path (context, attachment);
      job = g_new0 (MaskJob, 1);
      job->uuid = g_strdup (uuid);
      job->original_id = attachment_id;
      job->blob = g_file_new_for_path (path);
      job->name = g_strdup (gk_attachment_get_name (attachment));
      return job;
    }

  number = g_strdup_printf ("%" G_GINT64_FORMAT, attachment_id);
  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_FOUND,
               _("“%s” is not an attachment number; “gongkai item show” lists them."), number);
  return NULL;
}

/* "名单.csv" becomes "名单（已脱敏）.csv": the portal shows the name, so it says what the file is. */
static char *
dup_masked_name (const char *name)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);

  return g_strconcat (stem, "（已脱敏）", dot != NULL && dot != name ? dot : "", NULL);
}

/*
 * Safe in a worker thread: the masker guesses the format from the file name,
 * and the blob's is a digest, so it reads a copy under the attachment's own
 * name. The copy is scanned again because comments and text boxes are not masked.
 */
static gboolean
write_masked_copy (MaskJob       *job,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *masked_name = dup_masked_name (job->name);
  g_autofree char *base = g_path_get_basename (job->name);
  g_autofree char *source_dir = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GkPrivacyReport) report = NULL;
  gboolean ok;

  /* A folder of its own per job: two files of the same name masked at once must not meet. */
  if ((dir = g_dir_make_tmp ("gongkai-mask-XXXXXX", error)) == NULL)
    return FALSE;

  source_dir = g_build_filename (dir, "original", NULL);
  if (g_mkdir (source_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not make the folder %s: %s"), source_dir, g_strerror (errno));
      g_rmdir (dir);
      return FALSE;
    }

  source = g_file_new_build_filename (source_dir, base, NULL);
  job->copy = g_file_new_build_filename (dir, masked_name, NULL);
  ok = g_file_copy (job->blob, source, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error)
       && gk_privacy_write_masked_copy (source, job->copy, NULL, cancellable, error)
       && (report = gk_privacy_scan_file (job->copy, cancellable, error)) != NULL;
  g_file_delete (source, NULL, NULL);
  g_rmdir (source_dir);

  if (ok && !gk_privacy_report_is_clean (report))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The masked copy of %s still holds numbers the masker cannot rewrite (in comments or text boxes): mask them in the program that made the file and attach that copy instead."),
                   job->name);
      ok = FALSE;
    }

  if (!ok)
    {
      g_file_delete (job->copy, NULL, NULL);
      g_rmdir (dir);
      g_clear_object (&job->copy);
    }

  return ok;
}

/*
 * The store holds its own copy of the masked file now (or refused it): the
 * job's folder goes. The original goes only once its masked copy is safely in.
 */
static GkAttachment *
replace_original (GkContext     *context,
                  MaskJob       *job,
                  GkAttachment  *attachment,
                  GError       **error)
{
  g_autoptr(GkAttachment) masked = attachment;
  g_autoptr(GFile) folder = g_file_get_parent (job->copy);

  g_file_delete (job->copy, NULL, NULL);
  g_file_delete (folder, NULL, NULL);

  if (masked == NULL || !gk_context_detach_file (context, job->uuid, job->original_id, error))
    return NULL;

  return g_steal_pointer (&masked);
}

/**
 * gk_context_replace_with_masked_copy:
 * @attachment_id: the attachment to replace, as “gongkai item show” numbers it
 *
 * Writes a masked copy of the attachment, attaches it, then removes the
 * original; blocking, for the CLI. Refused, with the original kept, when the
 * copy still holds numbers the masker cannot rewrite.
 *
 * Returns: (transfer full) (nullable): the masked copy's attachment
 */
GkAttachment *
gk_context_replace_with_masked_copy (GkContext     *self,
                                     const char    *uuid,
                                     gint64         attachment_id,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(MaskJob) job = NULL;
  GkAttachment *attachment;

  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((job = mask_job_new (self, uuid, attachment_id, error)) == NULL
      || !write_masked_copy (job, cancellable, error))
    return NULL;

  attachment = gk_context_attach_file (self, uuid, job->copy, cancellable, error);

  return replace_original (self, job, attachment, error);
}

static void
write_masked_copy_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_masked_copy (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_masked_copy_attached_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkContext *self = g_task_get_source_object (task);
  GError *error = NULL;
  GkAttachment *attachment = gk_context_attach_file_finish (self, result, &error);

  if ((attachment = replace_original (self, g_task_get_task_data (task), attachment, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, g_object_unref);
}

/* Back on the caller's main context: attaching uses the store's connection. */
static void
on_masked_copy_written_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkContext *self = g_task_get_source_object (task);
  MaskJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  gk_context_attach_file_async (self, job->uuid, job->copy, cancellable,
                                on_masked_copy_attached_cb, g_steal_pointer (&task));
}

/**
 * gk_context_replace_with_masked_copy_async:
 *
 * gk_context_replace_with_masked_copy() for the editor: the copy is written
 * and scanned in a worker thread, attached and the original removed back on
 * the thread-default main context of the call.
 */
void
gk_context_replace_with_masked_copy_async (GkContext           *self,
                                           const char          *uuid,
                                           gint64               attachment_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) writing = NULL;
  GError *error = NULL;
  MaskJob *job;

  g_return_if_fail (GK_IS_CONTEXT (self));
  g_return_if_fail (uuid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_context_replace_with_masked_copy_async);

  if ((job = mask_job_new (self, uuid, attachment_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) mask_job_free);

  /* The worker borrows the job; the outer task keeps it until the end. */
  writing = g_task_new (self, cancellable, on_masked_copy_written_cb, g_object_ref (task));
  g_task_set_source_tag (writing, write_masked_copy_thread);
  g_task_set_task_data (writing, job, NULL);
  g_task_run_in_thread (writing, write_masked_copy_thread);
}

/**
 * gk_context_replace_with_masked_copy_finish:
 *
 * Returns: (transfer full) (nullable): the masked copy's attachment
 */
GkAttachment *
gk_context_replace_with_masked_copy_finish (GkContext     *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
