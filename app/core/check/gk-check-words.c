/*
 * The sensitive-word list with context: a listed word inside a longer innocent word
 * (an exemption, "!杜绝密集" for 绝密) is not a finding, and a marking is matched by
 * its pattern ("~(绝密|机密|秘密)\s*★"), not as two characters anywhere. The list
 * stays a data file the office can replace (docs/checks.md, "Sensitive words").
 */
#define G_LOG_DOMAIN "gk-check"

#include "config.h"

#include <string.h>

#include "gk-check-private.h"

struct _GkCheckWords
{
  GPtrArray *words;       /* plain words, borrowed from the snapshot */
  GPtrArray *exemptions;  /* borrowed, without the "!" */
  GPtrArray *patterns;    /* GRegex */
};

void
gk_check_words_free (GkCheckWords *words)
{
  g_ptr_array_unref (words->words);
  g_ptr_array_unref (words->exemptions);
  g_ptr_array_unref (words->patterns);
  g_free (words);
}

static GkCheckWords *
compile (GStrv lines)
{
  GkCheckWords *words = g_new0 (GkCheckWords, 1);

  words->words = g_ptr_array_new ();
  words->exemptions = g_ptr_array_new ();
  words->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (line[0] == '!' && line[1] != '\0')
        g_ptr_array_add (words->exemptions, (gpointer) (line + 1));
      else if (line[0] == '~' && line[1] != '\0')
        {
          g_autoptr(GError) error = NULL;
          GRegex *regex = g_regex_new (line + 1, G_REGEX_OPTIMIZE | G_REGEX_MULTILINE, 0, &error);

          /* A pattern the office got wrong is left out rather than failing every check. */
          if (regex == NULL)
            g_warning ("The sensitive-word pattern “%s” is left out: %s", line + 1, error->message);
          else
            g_ptr_array_add (words->patterns, regex);
        }
      else
        g_ptr_array_add (words->words, (gpointer) line);
    }

  return words;
}

/* Whether @word at @offset of @text lies inside an occurrence of an exemption. */
static gboolean
is_exempt (GkCheckWords *words,
           const char   *text,
           gsize         offset,
           const char   *word)
{
  for (guint i = 0; i < words->exemptions->len; i++)
    {
      const char *exemption = g_ptr_array_index (words->exemptions, i);
      gsize length = strlen (exemption);

      for (const char *at = strstr (exemption, word); at != NULL; at = strstr (at + 1, word))
        {
          gsize before = (gsize) (at - exemption);

          if (before <= offset && strncmp (text + offset - before, exemption, length) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static void
add_match (GArray *matches,
           gsize   offset,
           gsize   length)
{
  GkCheckMatch match = { offset, length };

  g_array_append_val (matches, match);
}

/* By offset, the longer first at the same offset. */
static gint
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const GkCheckMatch *x = a, *y = b;

  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return x->length > y->length ? -1 : x->length < y->length;
}

/* 绝密 inside the marking 绝密★ is one finding, the marking. */
static void
drop_contained (GArray *matches)
{
  gsize end = 0;
  guint kept = 0;

  for (guint i = 0; i < matches->len; i++)
    {
      GkCheckMatch match = g_array_index (matches, GkCheckMatch, i);

      if (kept > 0 && match.offset + match.length <= end)
        continue;
      g_array_index (matches, GkCheckMatch, kept++) = match;
      end = MAX (end, match.offset + match.length);
    }

  g_array_set_size (matches, kept);
}

/**
 * gk_check_find_sensitive:
 * @text: (nullable): a title or body
 *
 * Every sensitive word and marking of @snapshot's list in @text, in bytes, in
 * order: the words where no exemption covers them, and what each pattern
 * matches. For the wording rule and for anything that marks the words in an editor.
 *
 * Returns: (transfer full) (element-type GkCheckMatch): the matches
 */
GArray *
gk_check_find_sensitive (const GkCheckSnapshot *snapshot,
                         const char            *text)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (GkCheckMatch));
  GkCheckWords *words;

  if (text == NULL)
    return matches;

  /* Compiled on first use and kept with the snapshot: the list is the same for every item. */
  if (snapshot->words == NULL)
    ((GkCheckSnapshot *) snapshot)->words = compile (snapshot->sensitive);
  words = snapshot->words;

  for (guint i = 0; i < words->words->len; i++)
    {
      const char *word = g_ptr_array_index (words->words, i);

      for (const char *at = strstr (text, word); at != NULL; at = strstr (at + 1, word))
        {
          if (!is_exempt (words, text, (gsize) (at - text), word))
            add_match (matches, (gsize) (at - text), strlen (word));
        }
    }

  for (guint i = 0; i < words->patterns->len; i++)
    {
      g_autoptr(GMatchInfo) info = NULL;

      g_regex_match (g_ptr_array_index (words->patterns, i), text, 0, &info);
      while (g_match_info_matches (info))
        {
          int start, end;

          if (g_match_info_fetch_pos (info, 0, &start, &end) && end > start)
            add_match (matches, (gsize) start, (gsize) (end - start));
          g_match_info_next (info, NULL);
        }
    }

  g_array_sort (matches, compare_matches);
  drop_contained (matches);
  return matches;
}
