/* The self-check's word lists applied to one text: the submit gate's verdict and the editor's marks. */
#define G_LOG_DOMAIN "gk-wording"

#include "config.h"

#include <string.h>

#include "gk-check-private.h"
#include "gk-context.h"
#include "gk-wording.h"

/* Characters either side of a listed word that the matcher sees when judging it (exemptions
 * such as 杜绝密集 and marking patterns such as 绝密★ reach this far). */
#define CONTEXT_CHARS 8

struct _GkWording
{
  GObject          parent_instance;

  GkCheckSnapshot *lists;
};

G_DEFINE_FINAL_TYPE (GkWording, gk_wording, G_TYPE_OBJECT)

void
gk_wording_mark_free (GkWordingMark *mark)
{
  g_free (mark->word);
  g_free (mark->correction);
  g_free (mark);
}

static const char *
back_chars (const char *text,
            const char *from,
            guint       n)
{
  while (n-- > 0 && from > text)
    from = g_utf8_prev_char (from);

  return from;
}

static const char *
forward_chars (const char *from,
               guint       n)
{
  while (n-- > 0 && *from != '\0')
    from = g_utf8_next_char (from);

  return from;
}

/*
 * Whether the matcher counts the occurrence of @word at @at: it is asked about
 * the occurrence with a little of its surroundings, so its exemptions and
 * patterns decide rather than a plain substring search.
 */
static gboolean
counts (GkWording  *self,
        const char *text,
        const char *at,
        const char *word)
{
  const char *start = back_chars (text, at, CONTEXT_CHARS);
  const char *end = forward_chars (at + strlen (word), CONTEXT_CHARS);
  g_autofree char *snippet = g_strndup (start, (gsize) (end - start));
  gboolean sensitive;
  g_autofree char *hits = gk_check_scan_wording (self->lists, NULL, snippet, &sensitive);

  return strstr (hits, word) != NULL;
}

static void
add_marks (GkWording    *self,
           GPtrArray    *marks,
           const char   *text,
           GkWordingKind kind,
           const char   *word,
           const char   *correction)
{
  for (const char *at = strstr (text, word); at != NULL; at = strstr (at + strlen (word), word))
    {
      GkWordingMark *mark;

      if (!counts (self, text, at, word))
        continue;

      mark = g_new0 (GkWordingMark, 1);
      mark->kind = kind;
      mark->offset = (gsize) (at - text);
      mark->length = strlen (word);
      mark->word = g_strdup (word);
      mark->correction = g_strdup (correction);
      g_ptr_array_add (marks, mark);
    }
}

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const GkWordingMark *x = *(const GkWordingMark **) a;
  const GkWordingMark *y = *(const GkWordingMark **) b;

  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  /* At one place the longer word (截止到目前 over 截止) and the sensitive one go first. */
  if (x->length != y->length)
    return x->length > y->length ? -1 : 1;
  return (int) y->kind - (int) x->kind;
}

static void
gk_wording_finalize (GObject *object)
{
  GkWording *self = (GkWording *)object;

  g_clear_pointer (&self->lists, gk_check_snapshot_free);

  G_OBJECT_CLASS (gk_wording_parent_class)->finalize (object);
}

static void
gk_wording_class_init (GkWordingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_wording_finalize;
}

static void
gk_wording_init (GkWording *self)
{
}

/**
 * gk_wording_new:
 *
 * Returns: (transfer full): the lists the self-check of @context uses, the
 *   office's own sensitive words included
 */
GkWording *
gk_wording_new (GkContext *context)
{
  GkWording *self;

  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  self = g_object_new (GK_TYPE_WORDING, NULL);
  self->lists = gk_check_snapshot_new (gk_context_get_catalog (context), NULL);
  gk_check_snapshot_use_local_words (self->lists, gk_context_get_data_dir (context));

  return self;
}

/**
 * gk_wording_check:
 * @title: (nullable):
 * @body: (nullable):
 * @sensitive: (out): whether a classification or internal-use marking is among the words
 *
 * Returns: (transfer full): the listed words in @title and @body as the
 *   self-check names them (易错词 with their correction), or "" when none
 */
char *
gk_wording_check (GkWording  *self,
                  const char *title,
                  const char *body,
                  gboolean   *sensitive)
{
  g_return_val_if_fail (GK_IS_WORDING (self), NULL);
  g_return_val_if_fail (sensitive != NULL, NULL);

  return gk_check_scan_wording (self->lists, title, body, sensitive);
}

/**
 * gk_wording_find_marks:
 *
 * Where the listed words stand in @text, for underlining them.
 *
 * Returns: (transfer full) (element-type GkWordingMark): in text order, none overlapping
 */
GPtrArray *
gk_wording_find_marks (GkWording  *self,
                       const char *text)
{
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_wording_mark_free);
  GPtrArray *mistakes;
  gsize covered = 0;

  g_return_val_if_fail (GK_IS_WORDING (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  mistakes = self->lists->mistakes;
  for (guint i = 0; i + 1 < mistakes->len; i += 2)
    add_marks (self, marks, text, GK_WORDING_MISTAKE, g_ptr_array_index (mistakes, i), g_ptr_array_index (mistakes, i + 1));
  for (guint i = 0; self->lists->sensitive != NULL && self->lists->sensitive[i] != NULL; i++)
    add_marks (self, marks, text, GK_WORDING_SENSITIVE, self->lists->sensitive[i], NULL);

  g_ptr_array_sort (marks, compare_marks);
  for (guint i = 0; i < marks->len;)
    {
      GkWordingMark *mark = g_ptr_array_index (marks, i);

      if (mark->offset < covered)
        {
          g_ptr_array_remove_index (marks, i);
          continue;
        }
      covered = mark->offset + mark->length;
      i++;
    }

  return g_steal_pointer (&marks);
}
