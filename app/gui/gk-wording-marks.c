/* 易错词 and sensitive words marked in an item's title and body: underlined, explained on hover. */
#define G_LOG_DOMAIN "gk-wording-marks"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-wording-marks.h"

struct _GkWordingMarks
{
  GObject       parent_instance;

  GkWording    *wording;
  GtkEntry     *title;       /* weak: the editor owns both widgets and us */
  GtkTextView  *body;
  GtkTextTag   *mistake_tag;
  GtkTextTag   *sensitive_tag;
  GPtrArray    *body_marks;  /* GkWordingMark, offsets in characters of the buffer */
  char         *title_hint;
  guint         n_marks;
};

G_DEFINE_FINAL_TYPE (GkWordingMarks, gk_wording_marks, G_TYPE_OBJECT)

/* Colour is not the only cue: this says what is wrong and what to write instead. */
static char *
dup_explanation (const GkWordingMark *mark)
{
  if (mark->kind == GK_WORDING_SENSITIVE)
    return g_strdup_printf (_("“%s” is a classification or internal-use marking: an item with it cannot be submitted"),
                            mark->word);

  return g_strdup_printf (_("“%s” is often written wrong: write “%s”"), mark->word, mark->correction);
}

static const GkWordingMark *
lookup_body_mark (GkWordingMarks *self,
                  int             char_offset)
{
  for (guint i = 0; self->body_marks != NULL && i < self->body_marks->len; i++)
    {
      const GkWordingMark *mark = g_ptr_array_index (self->body_marks, i);

      if (char_offset >= (int) mark->offset && char_offset < (int) (mark->offset + mark->length))
        return mark;
    }

  return NULL;
}

static gboolean
on_body_query_tooltip_cb (GtkWidget      *widget,
                          int             x,
                          int             y,
                          gboolean        keyboard_mode,
                          GtkTooltip     *tooltip,
                          GkWordingMarks *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  const GkWordingMark *mark;
  g_autofree char *text = NULL;
  GtkTextIter iter;
  int bx, by;

  if (keyboard_mode)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
    }
  else
    {
      gtk_text_view_window_to_buffer_coords (self->body, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (self->body, &iter, bx, by))
        return FALSE;
    }

  if ((mark = lookup_body_mark (self, gtk_text_iter_get_offset (&iter))) == NULL)
    return FALSE;

  text = dup_explanation (mark);
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
update_title (GkWordingMarks *self)
{
  const char *text = gtk_entry_get_text (self->title);
  g_autoptr(GPtrArray) marks = gk_wording_find_marks (self->wording, text);
  g_autoptr(GString) hint = g_string_new (NULL);
  PangoAttrList *attributes = pango_attr_list_new ();

  for (guint i = 0; i < marks->len; i++)
    {
      const GkWordingMark *mark = g_ptr_array_index (marks, i);
      g_autofree char *explanation = dup_explanation (mark);
      PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
      PangoAttribute *colour = mark->kind == GK_WORDING_SENSITIVE
                               ? pango_attr_underline_color_new (0xbfff, 0x1c28, 0x28f5)
                               : pango_attr_underline_color_new (0xc000, 0x6000, 0x0000);

      underline->start_index = colour->start_index = (guint) mark->offset;
      underline->end_index = colour->end_index = (guint) (mark->offset + mark->length);
      pango_attr_list_insert (attributes, underline);
      pango_attr_list_insert (attributes, colour);
      g_string_append_printf (hint, "%s%s", hint->len > 0 ? "\n" : "", explanation);
    }

  gtk_entry_set_attributes (self->title, attributes);
  pango_attr_list_unref (attributes);

  g_free (self->title_hint);
  self->title_hint = marks->len > 0 ? g_strdup (hint->str) : NULL;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), self->title_hint);
  self->n_marks += marks->len;
}

static void
update_body (GkWordingMarks *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->mistake_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->sensitive_tag, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  g_clear_pointer (&self->body_marks, g_ptr_array_unref);
  self->body_marks = gk_wording_find_marks (self->wording, text);

  /* The matcher counts bytes; the buffer counts characters. */
  for (guint i = 0; i < self->body_marks->len; i++)
    {
      GkWordingMark *mark = g_ptr_array_index (self->body_marks, i);
      int first = (int) g_utf8_pointer_to_offset (text, text + mark->offset);
      int last = (int) g_utf8_pointer_to_offset (text, text + mark->offset + mark->length);

      mark->offset = (gsize) first;
      mark->length = (gsize) (last - first);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, first);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, last);
      gtk_text_buffer_apply_tag (buffer, mark->kind == GK_WORDING_SENSITIVE ? self->sensitive_tag : self->mistake_tag,
                                 &start, &end);
    }

  self->n_marks += self->body_marks->len;
}

static void
gk_wording_marks_finalize (GObject *object)
{
  GkWordingMarks *self = (GkWordingMarks *)object;

  g_clear_object (&self->wording);
  g_clear_object (&self->mistake_tag);
  g_clear_object (&self->sensitive_tag);
  g_clear_pointer (&self->body_marks, g_ptr_array_unref);
  g_clear_pointer (&self->title_hint, g_free);

  G_OBJECT_CLASS (gk_wording_marks_parent_class)->finalize (object);
}

static void
gk_wording_marks_class_init (GkWordingMarksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_wording_marks_finalize;
}

static void
gk_wording_marks_init (GkWordingMarks *self)
{
}

/**
 * gk_wording_marks_new:
 *
 * Returns: (transfer full): marks on @title and @body, which hold no reference to them
 */
GkWordingMarks *
gk_wording_marks_new (GkWording   *wording,
                      GtkEntry    *title,
                      GtkTextView *body)
{
  GkWordingMarks *self;
  GtkTextBuffer *buffer;
  GdkRGBA sensitive = { 0.75, 0.11, 0.16, 1.0 };
  GdkRGBA mistake = { 0.75, 0.38, 0.0, 1.0 };

  g_return_val_if_fail (GK_IS_WORDING (wording), NULL);
  g_return_val_if_fail (GTK_IS_ENTRY (title), NULL);
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (body), NULL);

  self = g_object_new (GK_TYPE_WORDING_MARKS, NULL);
  self->wording = g_object_ref (wording);
  self->title = title;
  self->body = body;
  buffer = gtk_text_view_get_buffer (body);
  self->mistake_tag = g_object_ref (gtk_text_buffer_create_tag (buffer, NULL,
                                                                "underline", PANGO_UNDERLINE_ERROR,
                                                                "underline-rgba", &mistake,
                                                                NULL));
  self->sensitive_tag = g_object_ref (gtk_text_buffer_create_tag (buffer, NULL,
                                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                                  "underline-rgba", &sensitive,
                                                                  "background", "#fbe3e4",
                                                                  NULL));
  gtk_widget_set_has_tooltip (GTK_WIDGET (body), TRUE);
  g_signal_connect_object (body, "query-tooltip", G_CALLBACK (on_body_query_tooltip_cb), self, 0);

  return self;
}

/**
 * gk_wording_marks_update:
 *
 * Reads the title and body again and marks the listed words in them.
 *
 * Returns: how many are marked
 */
guint
gk_wording_marks_update (GkWordingMarks *self)
{
  g_return_val_if_fail (GK_IS_WORDING_MARKS (self), 0);

  self->n_marks = 0;
  update_title (self);
  update_body (self);

  return self->n_marks;
}

guint
gk_wording_marks_get_n_marks (GkWordingMarks *self)
{
  g_return_val_if_fail (GK_IS_WORDING_MARKS (self), 0);

  return self->n_marks;
}

/* Whether the body's character at @char_offset carries a mark (for tests). */
gboolean
gk_wording_marks_is_marked (GkWordingMarks *self,
                            int             char_offset)
{
  g_return_val_if_fail (GK_IS_WORDING_MARKS (self), FALSE);

  return lookup_body_mark (self, char_offset) != NULL;
}

/**
 * gk_wording_marks_get_title_hint:
 *
 * Returns: (nullable): what the title's marks mean, one per line, as its tooltip says
 */
const char *
gk_wording_marks_get_title_hint (GkWordingMarks *self)
{
  g_return_val_if_fail (GK_IS_WORDING_MARKS (self), NULL);

  return self->title_hint;
}
