/*
 * The notices to an applicant — receipt (登记回执), 补正 (补正告知书),
 * extension (延期告知书) and answer (答复书) — from plain-text templates:
 * the built-in ones in data/notices/, or the office's own of the same name in
 * the data folder's notices/ (offices word these letters their own way).
 * {{name}} placeholders are filled from the request, its clock and the event
 * the notice is about; the first line is the title. Printed as an A4 PDF by
 * the reports' page layout (gk-request-notice-pdf.c: cairo stays out of the
 * light gongkai, which links this file).
 */
#define G_LOG_DOMAIN "gk-request"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gk-core-enums.h"
#include "gk-enum.h"
#include "gk-request-notice.h"

/* receipt, supplement, extension or answer: the nicks of GK_TYPE_NOTICE_KIND. */
gboolean
gk_notice_kind_parse (const char   *text,
                      GkNoticeKind *kind)
{
  return gk_enum_from_nick (GK_TYPE_NOTICE_KIND, text, kind);
}

/**
 * gk_request_notice_dup_template:
 * @data_dir: the data folder, whose notices/KIND.txt replaces the built-in template
 *
 * Returns: (transfer full) (nullable): the template's text
 */
char *
gk_request_notice_dup_template (const char   *data_dir,
                                GkNoticeKind  kind,
                                GError      **error)
{
  g_autofree char *file = g_strdup_printf ("%s.txt", gk_enum_to_nick (GK_TYPE_NOTICE_KIND, kind));
  g_autofree char *path = g_build_filename (data_dir, "notices", file, NULL);
  g_autofree char *resource = g_strconcat ("/io/github/gongkai/Liaison/notices/", file, NULL);
  g_autoptr(GBytes) bytes = NULL;
  char *text = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!g_file_get_contents (path, &text, NULL, error))
        return NULL;
      if (!g_utf8_validate (text, -1, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The notice template “%s” is not UTF-8 text; save it as UTF-8."), path);
          g_free (text);
          return NULL;
        }
      return text;
    }

  bytes = g_resources_lookup_data (resource, 0, error);
  if (bytes == NULL)
    return NULL;

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The event the notice is about: none for the receipt. */
static const GkRequestEvent *
find_subject (const GkRequest  *request,
              GkNoticeKind      kind,
              GError          **error)
{
  static const GkEventKind subjects[] = { 0, GK_EVENT_SUPPLEMENT_SENT, GK_EVENT_EXTENSION, GK_EVENT_ANSWER };
  const GkRequestEvent *event;

  if (kind == GK_NOTICE_RECEIPT)
    return NULL;

  event = gk_request_find_event (request, subjects[kind]);
  if (event == NULL)
    g_set_error (error, GK_REQUEST_ERROR, GK_REQUEST_ERROR_INVALID,
                 _("Request %s has no %s yet; record it first, then print its notice."),
                 request->number, gk_event_kind_get_name (subjects[kind]));

  return event;
}

static GHashTable *
collect_values (GkNoticeKind          kind,
                const GkRequest      *request,
                const GkRequestEvent *subject,
                const GkRequestClock *clock,
                const char           *unit,
                const GDate          *today)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  char *due = gk_date_to_iso (&clock->due);

  g_hash_table_insert (values, "number", g_strdup (request->number));
  g_hash_table_insert (values, "applicant", g_strdup (request->applicant != NULL && *request->applicant != '\0'
                                                      ? request->applicant : "申请人"));
  g_hash_table_insert (values, "received", g_strdup (request->received_on));
  g_hash_table_insert (values, "content", g_strdup (request->content));
  g_hash_table_insert (values, "due", due != NULL ? due : g_strdup ("—"));
  g_hash_table_insert (values, "unit", g_strdup (unit != NULL ? unit : ""));
  g_hash_table_insert (values, "today", gk_date_to_iso (today));
  g_hash_table_insert (values, "event_date", g_strdup (subject != NULL ? subject->on : ""));
  g_hash_table_insert (values, "note", g_strdup (subject != NULL && subject->note != NULL ? subject->note : ""));
  g_hash_table_insert (values, "extension_days", g_strdup_printf ("%u", subject != NULL ? subject->days : 0));
  g_hash_table_insert (values, "outcome", kind == GK_NOTICE_ANSWER ? gk_outcome_dup_label (subject->outcome) : g_strdup (""));

  return values;
}

/**
 * gk_request_notice_fill:
 * @today: the date of a receipt
 *
 * Returns: (transfer full) (nullable): the notice's text, or %NULL when the
 *   event it is about has not been recorded or a placeholder is unknown
 */
char *
gk_request_notice_fill (const char            *template_text,
                        GkNoticeKind           kind,
                        const GkRequest       *request,
                        const GkRequestClock  *clock,
                        const char            *unit,
                        const GDate           *today,
                        GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  const GkRequestEvent *subject = find_subject (request, kind, &local_error);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *p = template_text;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  values = collect_values (kind, request, subject, clock, unit, today);
  for (const char *open; (open = strstr (p, "{{")) != NULL; )
    {
      const char *close = strstr (open, "}}");
      g_autofree char *name = NULL;
      const char *value;

      if (close == NULL)
        break;

      name = g_strndup (open + 2, close - open - 2);
      if ((value = g_hash_table_lookup (values, g_strstrip (name))) == NULL)
        {
          g_set_error (error, GK_REQUEST_ERROR, GK_REQUEST_ERROR_INVALID,
                       _("The notice template has an unknown placeholder {{%s}}; see data/notices/README for the names."), name);
          return NULL;
        }

      g_string_append_len (text, p, open - p);
      g_string_append (text, value);
      p = close + 2;
    }
  g_string_append (text, p);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
