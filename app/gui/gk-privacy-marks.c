/* Personal-information numbers marked in a text view: underlined, with what they are in a tooltip. */
#define G_LOG_DOMAIN "gk-privacy-marks"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-privacy-finding.h"
#include "gk-privacy-marks.h"
#include "gk-privacy-scanner.h"

struct _GkPrivacyMarks
{
  GObject       parent_instance;

  GtkTextView  *view;        /* weak: the view owns us through its data */
  GtkTextTag   *tag;
  GPtrArray    *findings;    /* GkPrivacyFinding, offsets converted to characters below */
  GArray       *starts;      /* int: each finding's first character */
  GArray       *ends;        /* int: one past its last character */
};

G_DEFINE_FINAL_TYPE (GkPrivacyMarks, gk_privacy_marks, G_TYPE_OBJECT)

static GkPrivacyFinding *
lookup_finding (GkPrivacyMarks *self,
                int             char_offset)
{
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    if (char_offset >= g_array_index (self->starts, int, i) && char_offset < g_array_index (self->ends, int, i))
      return g_ptr_array_index (self->findings, i);

  return NULL;
}

/* Colour is not the only cue: the tooltip names the kind of number and how it would be masked. */
static gboolean
on_query_tooltip_cb (GtkWidget      *widget,
                     int             x,
                     int             y,
                     gboolean        keyboard_mode,
                     GtkTooltip     *tooltip,
                     GkPrivacyMarks *self)
{
  GtkTextIter iter;
  GkPrivacyFinding *finding;
  int bx, by;
  g_autofree char *text = NULL;

  if (keyboard_mode)
    gtk_text_buffer_get_iter_at_mark (gtk_text_view_get_buffer (self->view), &iter,
                                      gtk_text_buffer_get_insert (gtk_text_view_get_buffer (self->view)));
  else
    {
      gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (self->view, &iter, bx, by))
        return FALSE;
    }

  if ((finding = lookup_finding (self, gtk_text_iter_get_offset (&iter))) == NULL)
    return FALSE;

  text = g_strdup_printf (_("%s — mask it as %s before publishing"),
                          gk_privacy_kind_get_label (gk_privacy_finding_get_kind (finding)),
                          gk_privacy_finding_get_masked (finding));
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
gk_privacy_marks_finalize (GObject *object)
{
  GkPrivacyMarks *self = (GkPrivacyMarks *)object;

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->starts, g_array_unref);
  g_clear_pointer (&self->ends, g_array_unref);
  g_clear_object (&self->tag);

  G_OBJECT_CLASS (gk_privacy_marks_parent_class)->finalize (object);
}

static void
gk_privacy_marks_class_init (GkPrivacyMarksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_privacy_marks_finalize;
}

static void
gk_privacy_marks_init (GkPrivacyMarks *self)
{
  self->starts = g_array_new (FALSE, FALSE, sizeof (int));
  self->ends = g_array_new (FALSE, FALSE, sizeof (int));
}

/**
 * gk_privacy_marks_new:
 *
 * Returns: (transfer full): marks on @view, which holds no reference to them
 */
GkPrivacyMarks *
gk_privacy_marks_new (GtkTextView *view)
{
  GkPrivacyMarks *self;
  GdkRGBA underline = { 0.75, 0.11, 0.16, 1.0 };

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  self = g_object_new (GK_TYPE_PRIVACY_MARKS, NULL);
  self->view = view;
  self->tag = g_object_ref (gtk_text_buffer_create_tag (gtk_text_view_get_buffer (view), NULL,
                                                        "underline", PANGO_UNDERLINE_ERROR,
                                                        "underline-rgba", &underline,
                                                        "background", "#fbe3e4",
                                                        NULL));
  gtk_widget_set_has_tooltip (GTK_WIDGET (view), TRUE);
  g_signal_connect_object (view, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self, 0);

  return self;
}

/**
 * gk_privacy_marks_update:
 *
 * Scans the view's text again and marks what it finds.
 *
 * Returns: the number of numbers found
 */
guint
gk_privacy_marks_update (GkPrivacyMarks *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (GK_IS_PRIVACY_MARKS (self), 0);

  buffer = gtk_text_view_get_buffer (self->view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->tag, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_array_set_size (self->starts, 0);
  g_array_set_size (self->ends, 0);
  self->findings = gk_privacy_scan_text (text, -1);

  /* The scanner counts bytes; the buffer counts characters. */
  for (guint i = 0; i < self->findings->len; i++)
    {
      GkPrivacyFinding *finding = g_ptr_array_index (self->findings, i);
      gsize offset = gk_privacy_finding_get_offset (finding);
      int first = (int) g_utf8_pointer_to_offset (text, text + offset);
      int last = (int) g_utf8_pointer_to_offset (text, text + offset + gk_privacy_finding_get_length (finding));

      g_array_append_val (self->starts, first);
      g_array_append_val (self->ends, last);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, first);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, last);
      gtk_text_buffer_apply_tag (buffer, self->tag, &start, &end);
    }

  return self->findings->len;
}

guint
gk_privacy_marks_get_n_findings (GkPrivacyMarks *self)
{
  g_return_val_if_fail (GK_IS_PRIVACY_MARKS (self), 0);

  return self->findings != NULL ? self->findings->len : 0;
}

/* Whether the character at @char_offset carries the mark (for tests). */
gboolean
gk_privacy_marks_is_marked (GkPrivacyMarks *self,
                            int             char_offset)
{
  GtkTextIter iter;

  g_return_val_if_fail (GK_IS_PRIVACY_MARKS (self), FALSE);

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (self->view), &iter, char_offset);

  return gtk_text_iter_has_tag (&iter, self->tag);
}
