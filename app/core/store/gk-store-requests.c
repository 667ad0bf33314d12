/*
 * The register of requests for disclosure (依申请公开) in the store: requests
 * numbered by the year received, their events, and what the liaison keeps
 * for the annual report (hand corrections with their reasons, the texts of
 * sections 一, 五 and 六). Applicants' data lives only here: the outbox
 * carries items, never these tables.
 */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-store-private.h"
#include "gk-annual-report.h"
#include "gk-attachment.h"
#include "gk-store-requests.h"

#define REQUEST_COLUMNS "id, number, received_on, channel, applicant_type, applicant, content"
#define EVENT_COLUMNS "kind, on_date, days, by_whom, outcome, result, after_review, note"

void
gk_report_correction_free (GkReportCorrection *correction)
{
  if (correction == NULL)
    return;

  g_free (correction->cell);
  g_free (correction->reason);
  g_free (correction->corrected_at);
  g_free (correction);
}

static const char *
text (sqlite3_stmt *stmt,
      int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Unknown words in a row (written by a newer version) read as the table's "其他" rather than failing. */
static GkRequestEvent *
event_from_row (sqlite3_stmt *stmt)
{
  GkEventKind kind = GK_EVENT_ANSWER;
  GkRequestEvent *event;

  gk_event_kind_parse (text (stmt, 0), &kind);
  event = gk_request_event_new (kind, text (stmt, 1));
  event->days = (guint) sqlite3_column_int (stmt, 2);
  event->by = g_strdup (text (stmt, 3));
  event->outcome = GK_N_OUTCOMES;
  if (text (stmt, 4) != NULL && !gk_outcome_parse (text (stmt, 4), &event->outcome))
    event->outcome = GK_OUTCOME_OTHER_OTHER;
  if (text (stmt, 5) != NULL && !gk_case_result_parse (text (stmt, 5), &event->result))
    event->result = GK_RESULT_OTHER;
  event->after_review = sqlite3_column_int (stmt, 6) != 0;
  event->note = g_strdup (text (stmt, 7));

  return event;
}

static gboolean
load_events (GkStore   *self,
             GkRequest *request,
             gint64     row_id,
             GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = gk_sqlite_prepare (self->sqlite,
                                                    "SELECT " EVENT_COLUMNS " FROM request_events "
                                                    "WHERE request_id = ? ORDER BY on_date, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (request->events, event_from_row (stmt));

  if (rc != SQLITE_DONE)
    return gk_sqlite_fail (self->sqlite, error);

  return TRUE;
}

static GkRequest *
request_from_row (sqlite3_stmt *stmt,
                  gint64       *row_id)
{
  GkRequest *request = gk_request_new ();

  *row_id = sqlite3_column_int64 (stmt, 0);
  request->number = g_strdup (text (stmt, 1));
  request->received_on = g_strdup (text (stmt, 2));
  request->channel = g_strdup (text (stmt, 3));
  if (!gk_applicant_type_parse (text (stmt, 4), &request->applicant_type))
    request->applicant_type = GK_APPLICANT_OTHER;
  request->applicant = g_strdup (text (stmt, 5));
  request->content = g_strdup (text (stmt, 6));

  return request;
}

static char *
next_number (GkStore    *self,
             const char *received_on,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = gk_sqlite_prepare (self->sqlite,
                                                    "SELECT coalesce (max (CAST (substr (number, 6) AS INTEGER)), 0) "
                                                    "FROM requests WHERE number GLOB ?1 || '-*'", error);
  g_autofree char *year = g_strndup (received_on, 4);

  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, year);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_strdup_printf ("%s-%03d", year, sqlite3_column_int (stmt, 0) + 1);
}

static gboolean
insert_request (GkStore   *self,
                GkRequest *request,
                GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = gk_store_now ();
  g_autofree char *number = next_number (self, request->received_on, error);

  if (number == NULL)
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO requests (number, received_on, channel, applicant_type, applicant, content, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  gk_sqlite_bind_text (stmt, 1, number);
  gk_sqlite_bind_text (stmt, 2, request->received_on);
  gk_sqlite_bind_text (stmt, 3, request->channel);
  gk_sqlite_bind_text (stmt, 4, gk_applicant_type_to_string (request->applicant_type));
  gk_sqlite_bind_text (stmt, 5, request->applicant);
  gk_sqlite_bind_text (stmt, 6, request->content);
  gk_sqlite_bind_text (stmt, 7, now);
  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  g_free (request->number);
  request->number = g_steal_pointer (&number);
  return TRUE;
}

/**
 * gk_store_add_request:
 * @request: its number is set on success
 *
 * Records a new request, numbered YYYY-NNN by the year it was received.
 */
gboolean
gk_store_add_request (GkStore   *self,
                      GkRequest *request,
                      GError   **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (!gk_request_validate (request, error) || !gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  if (!insert_request (self, request, error))
    {
      gk_sqlite_rollback (self->sqlite);
      return FALSE;
    }

  return gk_sqlite_commit (self->sqlite, error);
}

static GkRequest *
load_request (GkStore    *self,
              const char *number,
              gint64     *row_id,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = gk_sqlite_prepare (self->sqlite, "SELECT " REQUEST_COLUMNS " FROM requests WHERE number = ?", error);
  g_autoptr(GkRequest) request = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GK_REQUEST_ERROR, GK_REQUEST_ERROR_NOT_FOUND,
                   _("There is no request numbered “%s”; “gongkai request list” shows the numbers."), number);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  request = request_from_row (stmt, row_id);
  if (!load_events (self, request, *row_id, error))
    return NULL;

  return g_steal_pointer (&request);
}

GkRequest *
gk_store_load_request (GkStore    *self,
                       const char *number,
                       GError    **error)
{
  gint64 row_id;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  return load_request (self, number, &row_id, error);
}

/**
 * gk_store_list_requests:
 * @received_until: (nullable): only those received on or before this YYYY-MM-DD
 *
 * Returns: (transfer full) (element-type GkRequest): the requests with their
 *   events, oldest first
 */
GPtrArray *
gk_store_list_requests (GkStore    *self,
                        const char *received_until,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_request_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT " REQUEST_COLUMNS " FROM requests "
                                  "WHERE ?1 IS NULL OR received_on <= ?1 ORDER BY received_on, number", error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, received_until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row_id;
      GkRequest *request = request_from_row (stmt, &row_id);

      g_ptr_array_add (requests, request);
      if (!load_events (self, request, row_id, error))
        return NULL;
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&requests);
}

static gboolean
insert_event (GkStore              *self,
              gint64                row_id,
              const GkRequestEvent *event,
              GError              **error)
{
  g_autofree char *now = gk_store_now ();
  g_autoptr(sqlite3_stmt) stmt = gk_sqlite_prepare (self->sqlite,
                                                    "INSERT INTO request_events (request_id, " EVENT_COLUMNS ", recorded_at) "
                                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  gk_sqlite_bind_text (stmt, 2, gk_event_kind_to_string (event->kind));
  gk_sqlite_bind_text (stmt, 3, event->on);
  if (event->kind == GK_EVENT_EXTENSION)
    sqlite3_bind_int (stmt, 4, (int) event->days);
  gk_sqlite_bind_text (stmt, 5, event->kind == GK_EVENT_EXTENSION ? event->by : NULL);
  gk_sqlite_bind_text (stmt, 6, event->kind == GK_EVENT_ANSWER ? gk_outcome_to_string (event->outcome) : NULL);
  gk_sqlite_bind_text (stmt, 7, (event->kind == GK_EVENT_REVIEW_DECIDED || event->kind == GK_EVENT_LAWSUIT_DECIDED)
                                ? gk_case_result_to_string (event->result) : NULL);
  sqlite3_bind_int (stmt, 8, event->after_review);
  gk_sqlite_bind_text (stmt, 9, event->note);
  gk_sqlite_bind_text (stmt, 10, now);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/**
 * gk_store_add_request_event:
 *
 * Records @event on the request numbered @number after
 * gk_request_check_event() allowed it, both in one transaction so that two
 * programs recording at once cannot both pass the check.
 */
gboolean
gk_store_add_request_event (GkStore        *self,
                            const char     *number,
                            GkRequestEvent *event,
                            GError        **error)
{
  g_autoptr(GkRequest) request = NULL;
  gint64 row_id;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (number != NULL && event != NULL, FALSE);

  if (!gk_sqlite_begin (self->sqlite, error))
    return FALSE;

  if ((request = load_request (self, number, &row_id, error)) == NULL ||
      !gk_request_check_event (request, event, error) ||
      !insert_event (self, row_id, event, error))
    {
      gk_sqlite_rollback (self->sqlite);
      return FALSE;
    }

  return gk_sqlite_commit (self->sqlite, error);
}

/**
 * gk_store_list_report_items:
 * @published_until: YYYY-MM-DD
 *
 * The published items table 二 of the annual report counts: this year's,
 * and the earlier ones that say how many documents are still in force.
 *
 * Returns: (transfer full) (element-type GkReportItem): the items
 */
GPtrArray *
gk_store_list_report_items (GkStore    *self,
                            const char *published_until,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_report_item_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "SELECT kind, title, doc_number, coalesce (publish_on, substr (submitted_at, 1, 10)) AS day FROM items "
                            "WHERE deleted_at IS NULL AND state = 'published' AND day <= ? ORDER BY day", error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, published_until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkReportItem *item = g_new0 (GkReportItem, 1);

      if (!gk_kind_from_string (text (stmt, 0), &item->kind))
        item->kind = GK_KIND_OTHER;
      item->title = g_strdup (text (stmt, 1));
      item->doc_number = g_strdup (text (stmt, 2));
      item->published_on = g_strdup (text (stmt, 3));
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

static gboolean
insert_request_attachment (GkStore      *self,
                           gint64        row_id,
                           GkCopiedFile *copied,
                           gint64       *attachment_id,
                           GError      **error)
{
  g_autofree char *now = gk_store_now ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_store_insert_blob (self, copied, error))
    return FALSE;

  stmt = gk_sqlite_prepare (self->sqlite, "INSERT INTO request_attachments (request_id, sha256, name, content_type, size, added_at) "
                                  "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  gk_sqlite_bind_text (stmt, 2, copied->sha256);
  gk_sqlite_bind_text (stmt, 3, copied->name);
  gk_sqlite_bind_text (stmt, 4, copied->content_type);
  sqlite3_bind_int64 (stmt, 5, (gint64) copied->size);
  gk_sqlite_bind_text (stmt, 6, now);
  if (!gk_sqlite_step_done (self->sqlite, stmt, error))
    return FALSE;

  *attachment_id = sqlite3_last_insert_rowid (gk_sqlite_get_db (self->sqlite));
  return TRUE;
}

/**
 * gk_store_attach_request_file:
 *
 * Copies @file into the blob folder (streamed, as for items) and records it
 * with the request: the application form, the applicant's ID card copy, the
 * answer as sent. Such files stay on this PC with the rest of the register.
 *
 * Returns: (transfer full) (nullable): the attachment
 */
GkAttachment *
gk_store_attach_request_file (GkStore      *self,
                              const char   *number,
                              GFile        *file,
                              GCancellable *cancellable,
                              GError      **error)
{
  g_autoptr(GkCopiedFile) copied = NULL;
  g_autoptr(GkRequest) request = NULL;
  gint64 row_id, attachment_id;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Named before the copy, so a mistyped number copies nothing. */
  if ((request = load_request (self, number, &row_id, error)) == NULL)
    return NULL;
  if ((copied = gk_store_copy_file (self->blobs, file, cancellable, error)) == NULL)
    return NULL;

  g_clear_pointer (&request, gk_request_free);
  if (!gk_sqlite_begin (self->sqlite, error))
    return NULL;
  if ((request = load_request (self, number, &row_id, error)) == NULL ||
      !insert_request_attachment (self, row_id, copied, &attachment_id, error) ||
      !gk_sqlite_commit (self->sqlite, error))
    {
      gk_sqlite_rollback (self->sqlite);
      return NULL;
    }

  return gk_attachment_new (attachment_id, copied->sha256, copied->name, copied->content_type, copied->size);
}

/**
 * gk_store_list_request_attachments:
 *
 * Returns: (transfer full) (element-type GkAttachment) (nullable): the request's files, as added
 */
GPtrArray *
gk_store_list_request_attachments (GkStore    *self,
                                   const char *number,
                                   GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_attachment_unref);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT a.id, a.sha256, a.name, a.content_type, a.size FROM request_attachments a "
                                  "JOIN requests r ON r.id = a.request_id WHERE r.number = ? ORDER BY a.id", error);
  if (stmt == NULL)
    return NULL;

  gk_sqlite_bind_text (stmt, 1, number);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (attachments, gk_attachment_new (sqlite3_column_int64 (stmt, 0), text (stmt, 1), text (stmt, 2),
                                                     text (stmt, 3), (guint64) sqlite3_column_int64 (stmt, 4)));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&attachments);
}

gboolean
gk_store_set_report_correction (GkStore    *self,
                                int         year,
                                const char *cell,
                                double      value,
                                const char *reason,
                                GError    **error)
{
  g_autofree char *now = gk_store_now ();
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (cell != NULL, FALSE);

  if (*trimmed == '\0')
    {
      g_set_error (error, GK_REQUEST_ERROR, GK_REQUEST_ERROR_INVALID,
                   _("A corrected count needs its reason, for whoever reads the report after you; give it with --reason."));
      return FALSE;
    }

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO report_corrections (year, cell, value, reason, corrected_at) VALUES (?, ?, ?, ?, ?) "
                            "ON CONFLICT (year, cell) DO UPDATE SET value = excluded.value, reason = excluded.reason, "
                            "corrected_at = excluded.corrected_at", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, year);
  gk_sqlite_bind_text (stmt, 2, cell);
  sqlite3_bind_double (stmt, 3, value);
  gk_sqlite_bind_text (stmt, 4, reason);
  gk_sqlite_bind_text (stmt, 5, now);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/**
 * gk_store_list_report_corrections:
 *
 * Returns: (transfer full) (element-type GkReportCorrection): the year's corrections by cell
 */
GPtrArray *
gk_store_list_report_corrections (GkStore *self,
                                  int      year,
                                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) corrections = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_report_correction_free);
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT cell, value, reason, corrected_at FROM report_corrections "
                                  "WHERE year = ? ORDER BY cell", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkReportCorrection *correction = g_new0 (GkReportCorrection, 1);

      correction->cell = g_strdup (text (stmt, 0));
      correction->value = sqlite3_column_double (stmt, 1);
      correction->reason = g_strdup (text (stmt, 2));
      correction->corrected_at = g_strdup (text (stmt, 3));
      g_ptr_array_add (corrections, correction);
    }

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&corrections);
}

gboolean
gk_store_set_report_text (GkStore    *self,
                          int         year,
                          const char *section,
                          const char *text,
                          GError    **error)
{
  g_autofree char *now = gk_store_now ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (section != NULL && text != NULL, FALSE);

  stmt = gk_sqlite_prepare (self->sqlite,
                            "INSERT INTO report_texts (year, section, text, updated_at) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (year, section) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, year);
  gk_sqlite_bind_text (stmt, 2, section);
  gk_sqlite_bind_text (stmt, 3, text);
  gk_sqlite_bind_text (stmt, 4, now);

  return gk_sqlite_step_done (self->sqlite, stmt, error);
}

/**
 * gk_store_dup_report_text:
 *
 * Returns: (transfer full) (nullable): the section's text for @year, %NULL
 *   (without an error) when none was written
 */
char *
gk_store_dup_report_text (GkStore    *self,
                          int         year,
                          const char *section,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  stmt = gk_sqlite_prepare (self->sqlite, "SELECT text FROM report_texts WHERE year = ? AND section = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, year);
  gk_sqlite_bind_text (stmt, 2, section);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (text (stmt, 0));
  if (rc != SQLITE_DONE)
    gk_sqlite_fail (self->sqlite, error);

  return NULL;
}
