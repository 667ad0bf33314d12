/*
 * The annual report's texts and corrections for one year: sections 一, 五
 * and 六, each starting from last year's text when this year's is not
 * written yet, and a hand correction of a count of table 二 (the counts the
 * items cannot give, such as the fees) kept with its reason.
 */
#define G_LOG_DOMAIN "gk-report-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-annual-report.h"
#include "gk-context-records.h"
#include "gk-report-dialog.h"

struct _GkReportDialog
{
  GtkDialog        parent_instance;

  GkContext       *context;
  int              year;
  GkAnnualReport  *report;

  GtkWidget       *hint_label;
  GtkTextView     *overview_view;
  GtkTextView     *problems_view;
  GtkTextView     *other_view;
  GtkComboBoxText *cell_combo;
  GtkSpinButton   *value_spin;
  GtkEntry        *reason_entry;
  GtkWidget       *correct_button;
  GtkLabel        *corrections_label;
};

G_DEFINE_FINAL_TYPE (GkReportDialog, gk_report_dialog, GTK_TYPE_DIALOG)

/* Table 二's cells as the format names them, in GkActiveCell order. */
static const char * const cell_labels[GK_N_ACTIVE_CELLS] = {
  "规章：本年制发件数", "规章：本年废止件数", "规章：现行有效件数",
  "行政规范性文件：本年制发件数", "行政规范性文件：本年废止件数", "行政规范性文件：现行有效件数",
  "行政许可：本年处理决定数量", "行政处罚：本年处理决定数量", "行政强制：本年处理决定数量",
  "行政事业性收费：本年收费金额（万元）",
};

static GtkTextView *
section_view (GkReportDialog  *self,
              GkReportSection  section)
{
  switch (section)
    {
    case GK_REPORT_SECTION_OVERVIEW: return self->overview_view;
    case GK_REPORT_SECTION_PROBLEMS: return self->problems_view;
    case GK_REPORT_SECTION_OTHER:
    default:                         return self->other_view;
    }
}

static char *
dup_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* A correction's cell by the format's name where it is one of table 二's, else its key. */
static const char *
cell_label (const char *cell)
{
  GkActiveCell active;

  if (g_str_has_prefix (cell, "2.") && gk_active_cell_parse (cell + 2, &active))
    return cell_labels[active];

  return cell;
}

static void
show_corrections (GkReportDialog *self,
                  const char     *problem)
{
  g_autoptr(GString) text = g_string_new (problem);

  for (guint i = 0; self->report->corrections != NULL && i < self->report->corrections->len; i++)
    {
      const GkReportCorrection *c = g_ptr_array_index (self->report->corrections, i);
      g_autofree char *value = gk_annual_report_format_number (c->value);

      g_string_append_printf (text, "%s%s = %s（%s）", text->len > 0 ? "\n" : "", cell_label (c->cell), value, c->reason);
    }

  gtk_label_set_text (self->corrections_label, text->str);
}

static gboolean
reload_report (GkReportDialog *self,
               GError        **error)
{
  GkAnnualReport *report = gk_context_compute_annual_report (self->context, self->year, error);

  if (report == NULL)
    return FALSE;

  g_clear_pointer (&self->report, gk_annual_report_free);
  self->report = report;
  return TRUE;
}

static void
on_cell_changed_cb (GkReportDialog *self)
{
  int cell = gtk_combo_box_get_active (GTK_COMBO_BOX (self->cell_combo));

  if (self->report != NULL && cell >= 0)
    gtk_spin_button_set_value (self->value_spin, self->report->active[cell]);
}

static void
on_correct_clicked_cb (GkReportDialog *self)
{
  int cell = gtk_combo_box_get_active (GTK_COMBO_BOX (self->cell_combo));
  g_autofree char *key = g_strdup_printf ("2.%s", gk_active_cell_to_string (MAX (cell, 0)));
  g_autoptr(GError) error = NULL;

  if (!gk_context_correct_annual_report (self->context, self->year, key,
                                         gtk_spin_button_get_value (self->value_spin),
                                         gtk_entry_get_text (self->reason_entry), &error) ||
      !reload_report (self, &error))
    {
      show_corrections (self, error->message);
      return;
    }

  gtk_entry_set_text (self->reason_entry, "");
  show_corrections (self, NULL);
}

/**
 * gk_report_dialog_save:
 *
 * Keeps the texts of the three sections for the dialog's year; an empty one is left unwritten.
 */
gboolean
gk_report_dialog_save (GkReportDialog *self,
                       GError        **error)
{
  g_return_val_if_fail (GK_IS_REPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < GK_N_REPORT_SECTIONS; i++)
    {
      g_autofree char *text = dup_view_text (section_view (self, i));

      if (*text != '\0' && !gk_context_set_annual_report_text (self->context, self->year, i, text, error))
        return FALSE;
    }

  return TRUE;
}

static void
gk_report_dialog_response (GtkDialog *dialog,
                           int        response)
{
  GkReportDialog *self = GK_REPORT_DIALOG (dialog);
  g_autoptr(GError) error = NULL;

  /* A text that could not be saved stays on screen with the reason. */
  if (response == GTK_RESPONSE_OK && !gk_report_dialog_save (self, &error))
    {
      show_corrections (self, error->message);
      return;
    }

  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
gk_report_dialog_dispose (GObject *object)
{
  GkReportDialog *self = (GkReportDialog *)object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->report, gk_annual_report_free);

  G_OBJECT_CLASS (gk_report_dialog_parent_class)->dispose (object);
}

static void
gk_report_dialog_class_init (GkReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

  object_class->dispose = gk_report_dialog_dispose;
  dialog_class->response = gk_report_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, overview_view);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, other_view);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, cell_combo);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, value_spin);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, correct_button);
  gtk_widget_class_bind_template_child (widget_class, GkReportDialog, corrections_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_correct_clicked_cb);
}

static void
gk_report_dialog_init (GkReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < GK_N_ACTIVE_CELLS; i++)
    gtk_combo_box_text_append (self->cell_combo, gk_active_cell_to_string (i), cell_labels[i]);
}

/* This year's texts, or last year's as the start the liaison edits. */
static void
load_texts (GkReportDialog *self)
{
  gboolean from_last_year = FALSE;

  for (guint i = 0; i < GK_N_REPORT_SECTIONS; i++)
    {
      const char *text = self->report->texts[i];

      from_last_year |= self->report->text_from_last_year[i];
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (section_view (self, i)), text != NULL ? text : "", -1);
    }

  gtk_widget_set_visible (self->hint_label, from_last_year);
}

GtkWidget *
gk_report_dialog_new (GtkWindow *parent,
                      GkContext *context,
                      int        year)
{
  GkReportDialog *self;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  self = g_object_new (GK_TYPE_REPORT_DIALOG, "transient-for", parent, "use-header-bar", TRUE, NULL);
  self->context = g_object_ref (context);
  self->year = year;
  /* Translators: the dialog's title, with the report's year */
  title = g_strdup_printf (_("Annual Report %d: Texts and Corrections"), year);
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (!reload_report (self, &error))
    {
      gtk_label_set_text (self->corrections_label, error->message);
      gtk_widget_set_sensitive (self->correct_button, FALSE);
      return GTK_WIDGET (self);
    }

  load_texts (self);
  show_corrections (self, NULL);
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->cell_combo), GK_ACTIVE_FEES);

  return GTK_WIDGET (self);
}
