/*
 * 需解读: which published policies count for 重大政策不解读. The notice penalises
 * major policies left uninterpreted, and national practice (国办发〔2016〕80号) asks
 * for interpretations of 规范性文件 and major policies, not of every item a policy
 * column holds: a 城乡低保 fund report or a name list needs none.
 */
#include "config.h"

#include <string.h>

#include "gk-check-private.h"

/* Titles of reports, lists and fund notices: what a policy column holds besides policies. */
static const char * const report_words[] = {
  "名单", "资金", "报告", "情况", "统计", "公示", "预算", "决算", "公告", "名录", "目录",
};

/* Document numbers of letters and replies, which are not 规范性文件. */
static const char * const letter_marks[] = { "函〔", "函[", "复〔", "复[" };

static gboolean
contains_any (const char         *text,
              const char * const *words,
              guint               n)
{
  for (guint i = 0; text != NULL && i < n; i++)
    {
      if (strstr (text, words[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* A 文号 in the form of a unit's 规范性文件 or 发文: 机关代字, 〔year〕 or [year], number, 号. */
static gboolean
is_normative_number (const char *doc_number)
{
  static GRegex *pattern;
  static gsize compiled;

  if (g_once_init_enter (&compiled))
    {
      pattern = g_regex_new ("^\\S+[〔\\[［]\\d{4}[〕\\]］]\\s*\\d+\\s*号$", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&compiled, 1);
    }

  return g_regex_match (pattern, doc_number, 0, NULL);
}

/**
 * gk_check_needs_interpretation:
 * @title: (nullable): the policy's title
 * @doc_number: (nullable): its 文号, when the item is on this PC
 * @choice: the liaison's choice, 1 or 0, or -1 for none
 *
 * The liaison's choice wins. Otherwise a report, list or fund notice needs no
 * interpretation, nor does a letter (函); a document with the 文号 of a
 * 规范性文件 does; a policy without a 文号 does, as the safer reading.
 */
gboolean
gk_check_needs_interpretation (const char *title,
                               const char *doc_number,
                               int         choice)
{
  if (choice >= 0)
    return choice != 0;

  if (contains_any (title, report_words, G_N_ELEMENTS (report_words)))
    return FALSE;

  if (doc_number == NULL || *doc_number == '\0')
    return TRUE;

  return is_normative_number (doc_number) && !contains_any (doc_number, letter_marks, G_N_ELEMENTS (letter_marks));
}
