/*
 * The page "依申请公开": a form to register a request, the requests with
 * their state, due date and working days left, and for the chosen one its
 * events, how its due date was computed, and a form to record what happened
 * next. Refusals (a 补正 after the answer, an extension over 20 days…) show
 * as the core's sentence above the list.
 */
#define G_LOG_DOMAIN "gk-request-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-annual-report.h"
#include "gk-annual-report-print.h"
#include "gk-calendar.h"
#include "gk-context-records.h"
#include "gk-date-entry.h"
#include "gk-request-clock.h"
#include "gk-request-findings.h"
#include "gk-report-dialog.h"
#include "gk-request-page.h"

enum {
  COLUMN_NUMBER,
  COLUMN_RECEIVED,
  COLUMN_TYPE,
  COLUMN_STATE,
  COLUMN_DUE,
  COLUMN_DAYS_LEFT,
  COLUMN_CONTENT,
  COLUMN_COLOUR,
};

struct _GkRequestPage
{
  GtkBin            parent_instance;

  GkContext        *context;
  GkCalendar       *calendar;
  GPtrArray        *requests;
  GDate             today;

  GkDateEntry      *received_entry;
  GtkComboBoxText  *type_combo;
  GtkComboBoxText  *channel_combo;
  GtkEntry         *content_entry;
  GtkWidget        *register_button;
  GtkLabel         *message_label;
  GtkTreeView      *request_view;
  GtkListStore     *request_store;
  GtkWidget        *detail_box;
  GtkLabel         *detail_label;
  GtkComboBoxText  *event_combo;
  GkDateEntry      *event_date_entry;
  GtkComboBoxText  *outcome_combo;
  GtkComboBoxText  *result_combo;
  GtkWidget        *days_spin;
  GtkEntry         *by_entry;
  GtkWidget        *record_button;
  GtkSpinButton    *year_spin;
  GtkLabel         *report_label;
};

G_DEFINE_FINAL_TYPE (GkRequestPage, gk_request_page, GTK_TYPE_BIN)

static void
show_message (GkRequestPage *self,
              const char    *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static char *
dup_today_text (GkRequestPage *self)
{
  return gk_date_to_iso (&self->today);
}

static const GkRequest *
find_request (GkRequestPage *self,
              const char    *number)
{
  for (guint i = 0; self->requests != NULL && i < self->requests->len; i++)
    {
      const GkRequest *request = g_ptr_array_index (self->requests, i);

      if (g_strcmp0 (request->number, number) == 0)
        return request;
    }

  return NULL;
}

static char *
dup_selected_number (GkRequestPage *self)
{
  GtkTreeModel *model;
  GtkTreeIter iter;
  char *number = NULL;

  if (gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->request_view), &model, &iter))
    gtk_tree_model_get (model, &iter, COLUMN_NUMBER, &number, -1);

  return number;
}

/* Overdue in the deduction colour, due soon in the advice colour, as on the self-check page. */
static const char *
state_colour (GkClockState state)
{
  switch (state)
    {
    case GK_CLOCK_OVERDUE:
    case GK_CLOCK_ANSWERED_LATE:
      return "#a51d2d";
    case GK_CLOCK_DUE_SOON:
      return "#9c6e03";
    default:
      return NULL;
    }
}

static void
append_row (GkRequestPage   *self,
            const GkRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkRequestClock) clock = gk_request_clock_compute (request, self->calendar, &self->today, &error);
  g_autofree char *due = clock != NULL ? gk_date_to_iso (&clock->due) : NULL;
  g_autofree char *left = NULL;
  GtkTreeIter iter;

  if (due != NULL && gk_clock_state_is_open (clock->state))
    left = g_strdup_printf ("%d", clock->days_left);

  gtk_list_store_insert_with_values (self->request_store, &iter, -1,
                                     COLUMN_NUMBER, request->number,
                                     COLUMN_RECEIVED, request->received_on,
                                     COLUMN_TYPE, gk_applicant_type_get_name (request->applicant_type),
                                     COLUMN_STATE, clock != NULL ? gk_clock_state_get_label (clock->state) : error->message,
                                     COLUMN_DUE, due != NULL ? due : "—",
                                     COLUMN_DAYS_LEFT, left != NULL ? left : "",
                                     COLUMN_CONTENT, request->content,
                                     COLUMN_COLOUR, clock != NULL ? state_colour (clock->state) : "#a51d2d",
                                     -1);
}

static void
select_number (GkRequestPage *self,
               const char    *number)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->request_store);
  GtkTreeIter iter;
  gboolean valid;

  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid && number != NULL; valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *row_number = NULL;

      gtk_tree_model_get (model, &iter, COLUMN_NUMBER, &row_number, -1);
      if (g_strcmp0 (row_number, number) == 0)
        {
          gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->request_view), &iter);
          return;
        }
    }
}

static void
update_report_summary (GkRequestPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkAnnualReport) report = NULL;
  g_autofree char *text = NULL;
  const guint total = GK_N_APPLICANT_TYPES;

  report = gk_context_compute_annual_report (self->context, gtk_spin_button_get_value_as_int (self->year_spin),
                                             &error);
  if (report == NULL)
    {
      gtk_label_set_text (self->report_label, error->message);
      return;
    }

  text = g_strdup_printf (_("%u received, %u carried over, %u handled, %u carried into next year; %u 复议, %u 诉讼. %s"),
                          report->received[total], report->carried_in[total], report->handled[total],
                          report->carried_out[total], report->cases[GK_CASE_REVIEW][4],
                          report->cases[GK_CASE_LAWSUIT_DIRECT][4] + report->cases[GK_CASE_LAWSUIT_AFTER_REVIEW][4],
                          report->problems->len == 0 ? _("The totals add up.")
                                                     : (const char *) g_ptr_array_index (report->problems, 0));
  gtk_label_set_text (self->report_label, text);
}

static void
on_year_changed_cb (GkRequestPage *self)
{
  if (self->context != NULL)
    update_report_summary (self);
}

/**
 * gk_request_page_export_report:
 * @format: "pdf" or "csv"
 *
 * Writes the annual report of the year shown; a PDF ends the deadline's reminder.
 */
gboolean
gk_request_page_export_report (GkRequestPage *self,
                               const char    *format,
                               const char    *path,
                               GError       **error)
{
  g_autoptr(GkAnnualReport) report = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (GK_IS_REQUEST_PAGE (self), FALSE);

  report = gk_context_compute_annual_report (self->context, gtk_spin_button_get_value_as_int (self->year_spin), error);
  if (report == NULL)
    return FALSE;
  report->unit = gk_context_dup_unit (self->context, NULL);

  if (g_str_equal (format, "csv"))
    {
      csv = gk_annual_report_to_csv (report);
      return g_file_set_contents (path, csv, -1, error);
    }

  return gk_annual_report_write_pdf (report, path, error) &&
         gk_context_record_annual_report (self->context, report, path, error);
}

static void
export_to_chosen_file (GkRequestPage *self,
                       const char    *format)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Export the Annual Report"), GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  /* Translators: the file name of the annual report: the year, then pdf or csv */
  name = g_strdup_printf (_("annual-report-%d.%s"), gtk_spin_button_get_value_as_int (self->year_spin), format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (!gk_request_page_export_report (self, format, path, &error))
        show_message (self, error->message);
      else
        show_message (self, NULL);
    }
}

static void
on_report_dialog_destroy_cb (GkRequestPage *self)
{
  if (self->context != NULL)
    update_report_summary (self);
}

static void
on_texts_clicked_cb (GkRequestPage *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog = gk_report_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL, self->context,
                                            gtk_spin_button_get_value_as_int (self->year_spin));

  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_report_dialog_destroy_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_export_pdf_clicked_cb (GkRequestPage *self)
{
  export_to_chosen_file (self, "pdf");
}

static void
on_export_csv_clicked_cb (GkRequestPage *self)
{
  export_to_chosen_file (self, "csv");
}

/**
 * gk_request_page_refresh:
 *
 * Reads the register again and recomputes every clock as of today.
 */
void
gk_request_page_refresh (GkRequestPage *self)
{
  g_autofree char *selected = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GK_IS_REQUEST_PAGE (self));

  if (self->context == NULL)
    return;

  selected = dup_selected_number (self);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  gtk_list_store_clear (self->request_store);

  self->requests = gk_context_list_requests (self->context, &error);
  if (self->requests == NULL)
    {
      show_message (self, error->message);
      return;
    }

  /* Newest first: the open requests of this year are what the liaison works on. */
  for (guint i = self->requests->len; i > 0; i--)
    append_row (self, g_ptr_array_index (self->requests, i - 1));

  select_number (self, selected);
  update_report_summary (self);
}

static void
append_event_line (GString              *text,
                   const GkRequestEvent *event)
{
  g_string_append_printf (text, "%s  %s", event->on, gk_event_kind_get_name (event->kind));
  if (event->kind == GK_EVENT_ANSWER)
    {
      g_autofree char *outcome = gk_outcome_dup_label (event->outcome);

      g_string_append_printf (text, "：%s", outcome);
    }
  if (event->kind == GK_EVENT_EXTENSION)
    g_string_append_printf (text, "：%u（%s）", event->days, event->by != NULL ? event->by : "—");
  if (event->result != GK_RESULT_NONE)
    g_string_append_printf (text, "：%s", gk_case_result_get_name (event->result));
  g_string_append_c (text, '\n');
}

static void
show_details (GkRequestPage   *self,
              const GkRequest *request)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkRequestClock) clock = gk_request_clock_compute (request, self->calendar, &self->today, &error);

  g_string_append_printf (text, _("Request %s"), request->number);
  g_string_append_printf (text, "\n%s\n\n", request->content);
  for (guint i = 0; i < request->events->len; i++)
    append_event_line (text, g_ptr_array_index (request->events, i));
  if (request->events->len > 0)
    g_string_append_c (text, '\n');

  if (clock == NULL)
    g_string_append (text, error->message);
  for (guint i = 0; clock != NULL && i < clock->steps->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (clock->steps, i));

  gtk_label_set_text (self->detail_label, text->str);
}

static void
on_selection_changed_cb (GkRequestPage *self)
{
  g_autofree char *number = dup_selected_number (self);
  const GkRequest *request = find_request (self, number);

  gtk_widget_set_sensitive (self->detail_box, request != NULL);
  if (request != NULL)
    show_details (self, request);
  else
    gtk_label_set_text (self->detail_label, _("Choose a request to see its events and how its due date was computed."));
}

static void
on_register_clicked_cb (GkRequestPage *self)
{
  g_autoptr(GkRequest) request = gk_request_new ();
  g_autoptr(GError) error = NULL;
  const char *type = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->type_combo));

  request->received_on = g_strdup (gtk_entry_get_text (GTK_ENTRY (self->received_entry)));
  request->channel = gtk_combo_box_text_get_active_text (self->channel_combo);
  request->content = g_strdup (gtk_entry_get_text (self->content_entry));
  gk_applicant_type_parse (type, &request->applicant_type);

  if (!gk_context_add_request (self->context, request, &error))
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  gtk_entry_set_text (self->content_entry, "");
  gk_request_page_refresh (self);
  select_number (self, request->number);
}

/* Shows the fields the chosen kind of event needs, and only those. */
static void
on_event_changed_cb (GkRequestPage *self)
{
  GkEventKind kind = GK_EVENT_ANSWER;

  gk_event_kind_parse (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->event_combo)), &kind);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_combo), kind == GK_EVENT_ANSWER);
  gtk_widget_set_visible (GTK_WIDGET (self->result_combo), kind == GK_EVENT_REVIEW_DECIDED || kind == GK_EVENT_LAWSUIT_DECIDED);
  gtk_widget_set_visible (self->days_spin, kind == GK_EVENT_EXTENSION);
  gtk_widget_set_visible (GTK_WIDGET (self->by_entry), kind == GK_EVENT_EXTENSION);
}

static void
on_record_clicked_cb (GkRequestPage *self)
{
  g_autofree char *number = dup_selected_number (self);
  g_autoptr(GkRequestEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  const char *on = gtk_entry_get_text (GTK_ENTRY (self->event_date_entry));
  GkEventKind kind = GK_EVENT_ANSWER;

  if (number == NULL)
    return;

  gk_event_kind_parse (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->event_combo)), &kind);
  event = gk_request_event_new (kind, *on != '\0' ? on : NULL);
  /* Only the fields shown for this kind (on_event_changed_cb()). */
  event->outcome = GK_N_OUTCOMES;
  if (kind == GK_EVENT_ANSWER)
    gk_outcome_parse (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->outcome_combo)), &event->outcome);
  if (kind == GK_EVENT_REVIEW_DECIDED || kind == GK_EVENT_LAWSUIT_DECIDED)
    gk_case_result_parse (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->result_combo)), &event->result);
  if (kind == GK_EVENT_EXTENSION)
    {
      event->days = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->days_spin));
      event->by = g_strdup (gtk_entry_get_text (self->by_entry));
    }

  if (!gk_context_add_request_event (self->context, number, event, &error))
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  gk_request_page_refresh (self);
}

static void
fill_choices (GkRequestPage *self)
{
  const char * const *channels = gk_request_get_channels ();
  g_autoptr(GList) cells = NULL;

  for (guint i = 0; i < GK_N_APPLICANT_TYPES; i++)
    gtk_combo_box_text_append (self->type_combo, gk_applicant_type_to_string (i), gk_applicant_type_get_name (i));
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->type_combo), GK_APPLICANT_NATURAL);

  for (guint i = 0; channels[i] != NULL; i++)
    gtk_combo_box_text_append_text (self->channel_combo, channels[i]);
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->channel_combo), 0);

  for (guint i = 0; i < GK_N_EVENT_KINDS; i++)
    gtk_combo_box_text_append (self->event_combo, gk_event_kind_to_string (i), gk_event_kind_get_name (i));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->event_combo), gk_event_kind_to_string (GK_EVENT_ANSWER));

  for (guint i = 0; i < GK_N_OUTCOMES; i++)
    {
      g_autofree char *label = gk_outcome_dup_label (i);

      gtk_combo_box_text_append (self->outcome_combo, gk_outcome_to_string (i), label);
    }
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->outcome_combo), GK_OUTCOME_DISCLOSED);
  /* The 其他处理 rows are a sentence long; the pane must not grow to fit them. */
  cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (self->outcome_combo));
  if (cells != NULL)
    g_object_set (cells->data, "ellipsize", PANGO_ELLIPSIZE_END, "width-chars", 24, NULL);

  for (guint i = GK_RESULT_UPHELD; i <= GK_RESULT_OTHER; i++)
    gtk_combo_box_text_append (self->result_combo, gk_case_result_to_string (i), gk_case_result_get_name (i));
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->result_combo), 0);
}

static void
gk_request_page_dispose (GObject *object)
{
  GkRequestPage *self = (GkRequestPage *)object;

  g_clear_object (&self->context);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->requests, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_request_page_parent_class)->dispose (object);
}

static void
gk_request_page_class_init (GkRequestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_request_page_dispose;

  g_type_ensure (GK_TYPE_DATE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-request-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, received_entry);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, type_combo);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, channel_combo);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, content_entry);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, request_view);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, request_store);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, event_combo);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, event_date_entry);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, outcome_combo);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, result_combo);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, days_spin);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, by_entry);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, register_button);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, GkRequestPage, report_label);
  gtk_widget_class_bind_template_callback (widget_class, on_register_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_event_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_record_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_year_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_texts_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_csv_clicked_cb);
}

static void
gk_request_page_init (GkRequestPage *self)
{
  g_autofree char *today = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->today, 1);
  g_date_set_time_t (&self->today, time (NULL));
  today = dup_today_text (self);
  gtk_entry_set_text (GTK_ENTRY (self->received_entry), today);
  gtk_entry_set_text (GTK_ENTRY (self->event_date_entry), today);
  /* In January the report due is last year's. */
  gtk_spin_button_set_value (self->year_spin, g_date_get_year (&self->today) - 1);
  fill_choices (self);
}

GtkWidget *
gk_request_page_new (void)
{
  return g_object_new (GK_TYPE_REQUEST_PAGE, NULL);
}

void
gk_request_page_set_context (GkRequestPage *self,
                             GkContext     *context)
{
  g_return_if_fail (GK_IS_REQUEST_PAGE (self));
  g_return_if_fail (GK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_clear_object (&self->calendar);
  self->calendar = gk_calendar_load (gk_context_get_data_dir (context));
  gk_request_page_refresh (self);
}

/**
 * gk_request_page_set_today:
 *
 * Counts the days left from @today instead of the real date: the date the
 * office plans for, and what the tests use.
 */
void
gk_request_page_set_today (GkRequestPage *self,
                           const GDate   *today)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GK_IS_REQUEST_PAGE (self));
  g_return_if_fail (today != NULL && g_date_valid (today));

  self->today = *today;
  text = dup_today_text (self);
  gtk_entry_set_text (GTK_ENTRY (self->received_entry), text);
  gtk_entry_set_text (GTK_ENTRY (self->event_date_entry), text);
  gtk_spin_button_set_value (self->year_spin, g_date_get_year (today) - 1);
  gk_request_page_refresh (self);
}

/**
 * gk_request_page_create_notification:
 *
 * The start-up reminder of the requests due within 5 working days or
 * overdue and of the annual report's deadline, from the self-check's
 * findings; opening it opens the page.
 *
 * Returns: (transfer full) (nullable): the notification, or %NULL when none is due
 */
GNotification *
gk_request_page_create_notification (GkCheckResult *result)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  GNotification *notification;
  guint n = 0;

  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);

      if (finding->rule != GK_RULE_REQUESTS || g_str_has_suffix (finding->key, ":" GK_REQUEST_FINDING_SUPPLEMENT))
        continue;
      if (++n <= 3)
        g_string_append_printf (body, "%s%s", n > 1 ? "\n" : "", finding->explanation);
    }

  if (n == 0)
    return NULL;
  if (n > 3)
    g_string_append (body, "\n…");

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deadline of 依申请公开 is near or past", "%u deadlines of 依申请公开 are near or past", n), n);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action (notification, "app.requests");

  return notification;
}
