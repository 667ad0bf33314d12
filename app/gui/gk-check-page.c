/* The self-check page (自查): what an inspection would find, and the rectification log. */
#define G_LOG_DOMAIN "gk-check-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-check-export.h"
#include "gk-check-page.h"
#include "gk-check-report.h"
#include "gk-context.h"
#include "gk-date-entry.h"

/*
 * The check runs in a worker on a connection of its own (gk_check_run_async()):
 * a unit's few thousand items take milliseconds, but the 100,000-item benchmark
 * (docs/performance.md) takes 2 s, which the window must not freeze for. A new
 * run cancels the one still going, so the page shows the last date asked for.
 */

typedef enum {
  EXPORT_PDF,
  EXPORT_CSV,
} ExportFormat;

struct _GkCheckPage
{
  GtkBin               parent_instance;

  GkContext           *context;
  GkCheckResult       *result;
  GPtrArray           *log;
  GHashTable          *log_index;
  GSimpleActionGroup  *actions;
  guint                refresh_source_id;
  /* The run in a worker, if one is going, and whether it is as of today. */
  GCancellable        *cancellable;
  gboolean             run_today;
  char                *measure_key;

  GtkInfoBar          *veto_bar;
  GtkLabel            *veto_label;
  GtkSpinner          *spinner;
  GkDateEntry         *date_entry;
  GtkSpinButton       *warn_spin;
  GtkWidget           *what_if_label;
  GtkLabel            *summary_label;
  GtkLabel            *findings_summary_label;
  GtkLabel            *scope_label;
  GtkListBox          *finding_list;
  GtkListBox          *column_list;
  GtkWidget           *rectified_heading;
  GtkListBox          *rectified_list;
  GtkPopover          *measure_popover;
  GtkLabel            *measure_title_label;
  GtkTextView         *measure_view;
  GkDateEntry         *measure_due_entry;
};

G_DEFINE_FINAL_TYPE (GkCheckPage, gk_check_page, GTK_TYPE_BIN)

enum {
  COLUMN_ACTIVATED,
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const severity_classes[] = {
  [GK_SEVERITY_ADVICE] = "gk-severity-advice",
  [GK_SEVERITY_DEDUCTION] = "gk-severity-deduction",
  [GK_SEVERITY_VETO] = "gk-severity-veto",
};

static void
show_error (GkCheckPage  *self,
            const GError *error)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

static void
clear_list (GtkListBox *list)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (list));

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
}

static GtkWidget *
create_label (const char *text,
              const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_line_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style_class != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style_class);

  return label;
}

/* A coloured badge that also says in words what the colour means. */
static GtkWidget *
create_badge (const char *text,
              const char *style_class)
{
  GtkWidget *badge = create_label (text, "gk-badge");

  gtk_label_set_line_wrap (GTK_LABEL (badge), FALSE);
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_style_context_add_class (gtk_widget_get_style_context (badge), style_class);

  return badge;
}

static GtkWidget *
create_row (GtkWidget  *child,
            const char *accessible_name)
{
  GtkWidget *row = gtk_list_box_row_new ();

  g_object_set (child, "margin", 8, NULL);
  gtk_container_add (GTK_CONTAINER (row), child);
  atk_object_set_name (gtk_widget_get_accessible (row), accessible_name);
  gtk_widget_show_all (row);

  return row;
}

static char *
dup_measure_text (GkCheckLogEntry *entry)
{
  if (entry == NULL || entry->measure == NULL)
    return NULL;
  if (entry->due_on == NULL)
    return g_strdup_printf (_("Measure: %s"), entry->measure);

  return g_strdup_printf (_("Measure: %s (due %s)"), entry->measure, entry->due_on);
}

/* A finding's 整改措施 and due date, in the popover beside its Measure… button. */
static void
on_measure_clicked_cb (GkCheckPage *self,
                       GtkWidget   *button)
{
  const char *key = g_object_get_data (G_OBJECT (button), "gk-key");
  GkCheckLogEntry *entry = g_hash_table_lookup (self->log_index, key);
  GkFinding *finding = g_object_get_data (G_OBJECT (gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW)),
                                          "gk-finding");

  g_free (self->measure_key);
  self->measure_key = g_strdup (key);
  gtk_label_set_text (self->measure_title_label, finding->title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->measure_view),
                            entry != NULL && entry->measure != NULL ? entry->measure : "", -1);
  gtk_entry_set_text (GTK_ENTRY (self->measure_due_entry),
                      entry != NULL && entry->due_on != NULL ? entry->due_on : "");
  gtk_popover_set_relative_to (self->measure_popover, button);
  gtk_popover_popup (self->measure_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->measure_view));
}

static GtkWidget *
create_finding_row (GkCheckPage *self,
                    GkFinding   *finding)
{
  GkCheckLogEntry *entry = g_hash_table_lookup (self->log_index, finding->key);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *measure = gtk_button_new_with_mnemonic (_("_Measure…"));
  g_autofree char *heading = g_strdup_printf ("%s · %s", gk_rule_get_label (finding->rule), finding->title);
  g_autofree char *action = g_strdup_printf (_("To fix: %s"), finding->action);
  g_autofree char *measure_text = dup_measure_text (entry);
  g_autofree char *name = g_strdup_printf ("%s: %s", gk_severity_get_label (finding->severity), heading);
  g_autofree char *measure_name = g_strdup_printf (_("Measure for %s"), finding->title);
  GtkWidget *row;

  gtk_container_add (GTK_CONTAINER (box), create_badge (gk_severity_get_label (finding->severity),
                                                        severity_classes[finding->severity]));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_container_add (GTK_CONTAINER (text), create_label (heading, "gk-heading"));
  gtk_container_add (GTK_CONTAINER (text), create_label (finding->explanation, NULL));
  gtk_container_add (GTK_CONTAINER (text), create_label (action, "dim-label"));
  if (measure_text != NULL)
    gtk_container_add (GTK_CONTAINER (text), create_label (measure_text, "gk-measure"));
  gtk_container_add (GTK_CONTAINER (box), text);

  gtk_widget_set_valign (measure, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (measure, _("Write down the measure taken or planned (整改措施) and when it is due"));
  atk_object_set_name (gtk_widget_get_accessible (measure), measure_name);
  g_object_set_data_full (G_OBJECT (measure), "gk-key", g_strdup (finding->key), g_free);
  g_signal_connect_object (measure, "clicked", G_CALLBACK (on_measure_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_container_add (GTK_CONTAINER (box), measure);

  row = create_row (box, name);
  g_object_set_data (G_OBJECT (row), "gk-finding", finding);

  return row;
}

static GtkWidget *
create_column_row (GkColumnStatus *status)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *path = create_label (status->path, NULL);
  const char *state = gk_column_state_get_label (status->state);
  g_autofree char *newest = status->newest != NULL
                            ? g_strdup_printf (_("Newest %s"), status->newest)
                            : g_strdup (_("Nothing published"));
  g_autofree char *name = g_strdup_printf ("%s: %s, %s", status->path, state, newest);
  GtkWidget *row;

  gtk_widget_set_hexpand (path, TRUE);
  gtk_container_add (GTK_CONTAINER (box), create_badge (state, gk_check_page_get_state_class (status->state)));
  gtk_container_add (GTK_CONTAINER (box), path);
  gtk_container_add (GTK_CONTAINER (box), create_label (newest, "dim-label"));

  row = create_row (box, name);
  g_object_set_data_full (G_OBJECT (row), "gk-column", g_strdup (status->column_id), g_free);

  return row;
}

static GtkWidget *
create_rectified_row (GkCheckLogEntry *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *heading = g_strdup_printf (_("%s · %s, fixed on %s"),
                                              gk_rule_get_label (entry->rule), entry->title, entry->fixed_on);
  g_autofree char *measure = dup_measure_text (entry);

  gtk_container_add (GTK_CONTAINER (box), create_label (heading, "gk-heading"));
  if (measure != NULL)
    gtk_container_add (GTK_CONTAINER (box), create_label (measure, "dim-label"));

  return create_row (box, heading);
}

static void
update_veto_bar (GkCheckPage *self)
{
  guint n_veto = self->result->n_by_severity[GK_SEVERITY_VETO];
  g_autoptr(GString) text = NULL;

  if (n_veto == 0)
    {
      gtk_info_bar_set_revealed (self->veto_bar, FALSE);
      gtk_widget_hide (GTK_WIDGET (self->veto_bar));
      return;
    }

  text = g_string_new (NULL);
  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                      "An inspection on %s would fail the unit outright (一票否决) for %u finding:",
                                      "An inspection on %s would fail the unit outright (一票否决) for %u findings:",
                                      n_veto),
                   self->result->as_of, n_veto);

  for (guint i = 0; i < self->result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (self->result->findings, i);

      if (finding->severity == GK_SEVERITY_VETO)
        g_string_append_printf (text, "\n• %s", finding->explanation);
    }

  gtk_label_set_text (self->veto_label, text->str);
  gtk_widget_show (GTK_WIDGET (self->veto_bar));
  gtk_info_bar_set_revealed (self->veto_bar, TRUE);
}

static void
update_summary (GkCheckPage *self)
{
  const guint *states = self->result->n_by_state;
  const guint *severities = self->result->n_by_severity;
  g_autofree char *columns = NULL;
  g_autofree char *findings = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *both = NULL;

  columns = g_strdup_printf (_("Columns as of %s: %u OK, %u due soon, %u stale, %u blank"),
                             self->result->as_of, states[GK_COLUMN_OK], states[GK_COLUMN_DUE_SOON],
                             states[GK_COLUMN_STALE], states[GK_COLUMN_BLANK]);
  findings = g_strdup_printf (_("Findings: %u veto, %u deduction, %u advice"),
                              severities[GK_SEVERITY_VETO], severities[GK_SEVERITY_DEDUCTION],
                              severities[GK_SEVERITY_ADVICE]);
  gtk_label_set_text (self->summary_label, columns);
  gtk_label_set_text (self->findings_summary_label, findings);

  /* What an inspector asks next: the 解读率, and whether the columns were counted on the whole site. */
  rate = gk_check_result_dup_interpretation_rate (self->result);
  scope = gk_check_result_dup_scope (self->result);
  both = g_strconcat (rate, "\n", scope, NULL);
  gtk_label_set_text (self->scope_label, both);
}

static void
update_lists (GkCheckPage *self)
{
  gboolean any_rectified = FALSE;

  clear_list (self->finding_list);
  clear_list (self->column_list);
  clear_list (self->rectified_list);

  for (guint i = 0; i < self->result->findings->len; i++)
    gtk_container_add (GTK_CONTAINER (self->finding_list),
                       create_finding_row (self, g_ptr_array_index (self->result->findings, i)));

  for (guint i = 0; i < self->result->columns->len; i++)
    gtk_container_add (GTK_CONTAINER (self->column_list),
                       create_column_row (g_ptr_array_index (self->result->columns, i)));

  for (guint i = 0; self->log != NULL && i < self->log->len; i++)
    {
      GkCheckLogEntry *entry = g_ptr_array_index (self->log, i);

      if (entry->fixed_on == NULL)
        continue;
      gtk_container_add (GTK_CONTAINER (self->rectified_list), create_rectified_row (entry));
      any_rectified = TRUE;
    }

  gtk_widget_set_visible (self->rectified_heading, any_rectified);
  gtk_widget_set_visible (GTK_WIDGET (self->rectified_list), any_rectified);
}

static gboolean
is_today (const GDate *date)
{
  g_autoptr(GDate) today = g_date_new ();

  g_date_set_time_t (today, time (NULL));

  return g_date_compare (today, date) == 0;
}

static void
stop_spinner (GkCheckPage *self)
{
  gtk_spinner_stop (self->spinner);
  gtk_widget_hide (GTK_WIDGET (self->spinner));
}

/* The result in sight: a check as of today is recorded, then the rectification log read again. */
static gboolean
show_result (GkCheckPage    *self,
             GkCheckResult  *result_,
             GError        **error)
{
  g_autoptr(GkCheckResult) result = result_;
  g_autoptr(GPtrArray) log = NULL;

  /* Only a check as of today is what the unit's columns really are; a "what if" is not recorded. */
  if (self->run_today && !gk_check_record (self->context, result, error))
    return FALSE;

  if ((log = gk_check_list_log (self->context, error)) == NULL)
    return FALSE;

  g_clear_pointer (&self->log_index, g_hash_table_unref);
  g_clear_pointer (&self->result, gk_check_result_free);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  self->result = g_steal_pointer (&result);
  self->log = g_steal_pointer (&log);
  self->log_index = gk_check_log_index (self->log);

  update_veto_bar (self);
  update_summary (self);
  update_lists (self);

  return TRUE;
}

static void
on_check_run_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GkCheckPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GkCheckResult *check = gk_check_run_finish (GK_CONTEXT (source), result, &error);

  /* Cancelled by a newer run, which owns the spinner now, or by closing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  if (check == NULL || !show_result (self, check, &error))
    show_error (self, error);
  stop_spinner (self);
}

static gboolean
on_refresh_idle_cb (gpointer user_data)
{
  GkCheckPage *self = user_data;
  GDate as_of;

  self->refresh_source_id = 0;

  if (self->context == NULL || !gk_check_parse_date (gtk_entry_get_text (GTK_ENTRY (self->date_entry)), &as_of))
    {
      stop_spinner (self);
      return G_SOURCE_REMOVE;
    }

  self->run_today = is_today (&as_of);
  gtk_widget_set_visible (self->what_if_label, !self->run_today);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gk_check_run_async (self->context, &as_of, (guint) gtk_spin_button_get_value_as_int (self->warn_spin),
                      self->cancellable, on_check_run_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
on_date_changed_cb (GkCheckPage *self)
{
  gk_check_page_refresh (self);
}

static void
on_warn_changed_cb (GkCheckPage *self)
{
  gk_check_page_refresh (self);
}

static void
on_finding_row_activated_cb (GkCheckPage   *self,
                             GtkListBoxRow *row)
{
  GkFinding *finding = g_object_get_data (G_OBJECT (row), "gk-finding");

  if (finding->item_id != NULL)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, finding->item_id);
  else if (finding->column_id != NULL)
    g_signal_emit (self, signals[COLUMN_ACTIVATED], 0, finding->column_id);
}

static void
on_column_row_activated_cb (GkCheckPage   *self,
                            GtkListBoxRow *row)
{
  g_signal_emit (self, signals[COLUMN_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "gk-column"));
}

static void
on_measure_popover_closed_cb (GkCheckPage *self)
{
  g_clear_pointer (&self->measure_key, g_free);
}

static void
on_measure_save_clicked_cb (GkCheckPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->measure_view);
  const char *due = gtk_entry_get_text (GTK_ENTRY (self->measure_due_entry));
  g_autofree char *measure = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;

  if (self->measure_key == NULL || !gk_date_entry_is_valid (self->measure_due_entry))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  measure = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  if (!gk_check_set_measure (self->context, self->measure_key,
                             *measure != '\0' ? measure : NULL, *due != '\0' ? due : NULL, &error))
    {
      show_error (self, error);
      return;
    }

  gtk_popover_popdown (self->measure_popover);
  gk_check_page_refresh (self);
}

/* Chosen in a save dialog, then written in the format the button asked for. */
static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(GkCheckPage) self = user_data;
  ExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "gk-format"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  gboolean written;

  if (response != GTK_RESPONSE_ACCEPT || self->result == NULL)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if (format == EXPORT_PDF)
    written = gk_check_page_write_pdf (self, path, &error);
  else
    {
      csv = gk_check_export_csv (self->result, self->log);
      written = g_file_set_contents (path, csv, -1, &error);
    }
  if (!written)
    show_error (self, error);

out:
  g_object_unref (chooser);
}

static void
export_to_file (GkCheckPage  *self,
                ExportFormat  format)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->result == NULL)
    return;

  chooser = gtk_file_chooser_native_new (format == EXPORT_PDF ? _("Export the Self-Check Report") : _("Export the Self-Check as CSV"),
                                         GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf (format == EXPORT_PDF ? _("self-check-%s.pdf") : _("self-check-%s.csv"), self->result->as_of);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "gk-format", GINT_TO_POINTER (format));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_pdf_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  export_to_file (user_data, EXPORT_PDF);
}

static void
export_csv_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  export_to_file (user_data, EXPORT_CSV);
}

/* The same drawing as the PDF: the report lays itself out on what the printer offers. */
static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   GkCheckReport     *report)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);
  guint n_pages = gk_check_report_paginate (report, pango,
                                            gtk_print_context_get_width (context),
                                            gtk_print_context_get_height (context));

  g_object_unref (pango);
  gtk_print_operation_set_n_pages (operation, (int) MAX (n_pages, 1));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 GkCheckReport     *report)
{
  gk_check_report_draw_page (report, gtk_print_context_get_cairo_context (context), (guint) page);
}

static void
print_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GkCheckPage *self = user_data;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GkCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkPaperSize *a4;

  if (self->result == NULL)
    return;

  report = gk_check_report_new (self->result, self->log);
  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_paper_size_free (a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The report draws its own margins, as in the PDF. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("Self-check report"));
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (on_begin_print_cb), report, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page_cb), report, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error);
}

static const GActionEntry check_entries[] = {
  { "export-pdf", export_pdf_activated },
  { "export-csv", export_csv_activated },
  { "print", print_activated },
};

static void
gk_check_page_dispose (GObject *object)
{
  GkCheckPage *self = (GkCheckPage *)object;

  g_clear_handle_id (&self->refresh_source_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_check_page_parent_class)->dispose (object);
}

static void
gk_check_page_finalize (GObject *object)
{
  GkCheckPage *self = (GkCheckPage *)object;

  g_clear_pointer (&self->log_index, g_hash_table_unref);
  g_clear_pointer (&self->result, gk_check_result_free);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  g_clear_pointer (&self->measure_key, g_free);

  G_OBJECT_CLASS (gk_check_page_parent_class)->finalize (object);
}

static void
gk_check_page_class_init (GkCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_check_page_dispose;
  object_class->finalize = gk_check_page_finalize;

  /* A finding points at the column or the item that fixes it; the window shows that. */
  signals[COLUMN_ACTIVATED] =
    g_signal_new ("column-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (GK_TYPE_DATE_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, veto_bar);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, veto_label);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, date_entry);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, warn_spin);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, what_if_label);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, findings_summary_label);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, scope_label);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, finding_list);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, column_list);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, rectified_heading);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, rectified_list);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, measure_popover);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, measure_title_label);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, measure_view);
  gtk_widget_class_bind_template_child (widget_class, GkCheckPage, measure_due_entry);
  /* Not needed here, but reachable for the tests through gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "measure_save_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_warn_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_finding_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_save_clicked_cb);
}

static void
gk_check_page_init (GkCheckPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), check_entries, G_N_ELEMENTS (check_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "check", G_ACTION_GROUP (self->actions));

  /* Set before a context exists, so this does not run a check. */
  gtk_entry_set_text (GTK_ENTRY (self->date_entry), today);
}

GtkWidget *
gk_check_page_new (void)
{
  return g_object_new (GK_TYPE_CHECK_PAGE, NULL);
}

void
gk_check_page_set_context (GkCheckPage *self,
                           GkContext   *context)
{
  g_return_if_fail (GK_IS_CHECK_PAGE (self));
  g_return_if_fail (GK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

/**
 * gk_check_page_refresh:
 *
 * Runs the check again soon: after the spinner has been drawn, and once for
 * several changes in a row.
 */
void
gk_check_page_refresh (GkCheckPage *self)
{
  g_return_if_fail (GK_IS_CHECK_PAGE (self));

  if (self->context == NULL || self->refresh_source_id != 0)
    return;

  gtk_widget_show (GTK_WIDGET (self->spinner));
  gtk_spinner_start (self->spinner);
  self->refresh_source_id = g_idle_add (on_refresh_idle_cb, self);
}

/* Whether a check is waiting to run or running in a worker. */
gboolean
gk_check_page_is_checking (GkCheckPage *self)
{
  g_return_val_if_fail (GK_IS_CHECK_PAGE (self), FALSE);

  return self->refresh_source_id != 0 || self->cancellable != NULL;
}

/**
 * gk_check_page_get_result:
 *
 * Returns: (transfer none) (nullable): the check shown, or %NULL before the first
 */
GkCheckResult *
gk_check_page_get_result (GkCheckPage *self)
{
  g_return_val_if_fail (GK_IS_CHECK_PAGE (self), NULL);

  return self->result;
}

/* The signed report of the check shown, as an A4 PDF. */
gboolean
gk_check_page_write_pdf (GkCheckPage  *self,
                         const char   *path,
                         GError      **error)
{
  g_autoptr(GkCheckReport) report = NULL;

  g_return_val_if_fail (GK_IS_CHECK_PAGE (self), FALSE);
  g_return_val_if_fail (self->result != NULL, FALSE);

  report = gk_check_report_new (self->result, self->log);

  return gk_check_report_write_pdf (report, path, error);
}

/* The style class that colours a column's state here and in the sidebar. */
const char *
gk_check_page_get_state_class (GkColumnState state)
{
  static const char * const classes[] = {
    [GK_COLUMN_OK] = "gk-check-ok",
    [GK_COLUMN_DUE_SOON] = "gk-check-due-soon",
    [GK_COLUMN_STALE] = "gk-check-stale",
    [GK_COLUMN_BLANK] = "gk-check-blank",
  };

  g_return_val_if_fail (state <= GK_COLUMN_BLANK, NULL);

  return classes[state];
}

/* The symbolic icon that shows a column's state beside its name: a shape, not only a colour. */
const char *
gk_check_page_get_state_icon (GkColumnState state)
{
  static const char * const icons[] = {
    [GK_COLUMN_OK] = "object-select-symbolic",
    [GK_COLUMN_DUE_SOON] = "appointment-soon-symbolic",
    [GK_COLUMN_STALE] = "appointment-missed-symbolic",
    [GK_COLUMN_BLANK] = "action-unavailable-symbolic",
  };

  g_return_val_if_fail (state <= GK_COLUMN_BLANK, NULL);

  return icons[state];
}

/**
 * gk_check_page_create_notification:
 *
 * The start-up reminder: the columns that are blank, stale or become stale
 * within the warning window, the first few by name; opening it opens the page.
 *
 * Returns: (transfer full) (nullable): the notification, or %NULL when no column needs updating
 */
GNotification *
gk_check_page_create_notification (GkCheckResult *result)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  GNotification *notification;
  guint n = 0;

  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (result->columns, i);

      if (status->state == GK_COLUMN_OK)
        continue;
      if (++n <= 3)
        g_string_append_printf (body, "%s%s（%s）", n > 1 ? "\n" : "", status->path,
                                gk_column_state_get_label (status->state));
    }

  if (n == 0)
    return NULL;
  if (n > 3)
    g_string_append (body, "\n…");

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column needs updating",
                                        "%u columns need updating", n), n);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action (notification, "app.self-check");

  return notification;
}
