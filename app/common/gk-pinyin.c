/*
 * Pinyin of unit names, so a liaison can find 市财政局 by typing czj or caizheng,
 * as Chinese input methods and search boxes have taught everyone to. The table
 * holds the characters of the units' names in the shipped catalogs (one reading
 * each: the one the name uses); a character not in it is kept as it is.
 */
#define G_LOG_DOMAIN "gk-pinyin"

#include "config.h"

#include <string.h>

#include "gk-pinyin.h"

static const struct {
  const char *hanzi;
  const char *pinyin;
} readings[] = {
  { "安", "an" }, { "办", "ban" }, { "保", "bao" }, { "财", "cai" }, { "产", "chan" }, { "地", "di" },
  { "电", "dian" }, { "发", "fa" }, { "法", "fa" }, { "房", "fang" }, { "府", "fu" }, { "扶", "fu" },
  { "改", "gai" }, { "工", "gong" }, { "公", "gong" }, { "共", "gong" }, { "国", "guo" }, { "化", "hua" },
  { "环", "huan" }, { "积", "ji" }, { "计", "ji" }, { "监", "jian" }, { "建", "jian" }, { "交", "jiao" },
  { "教", "jiao" }, { "金", "jin" }, { "经", "jing" }, { "局", "ju" }, { "来", "lai" }, { "粮", "liang" },
  { "民", "min" }, { "农", "nong" }, { "贫", "pin" }, { "人", "ren" }, { "融", "rong" }, { "商", "shang" },
  { "社", "she" }, { "审", "shen" }, { "市", "shi" }, { "食", "shi" }, { "水", "shui" }, { "税", "shui" },
  { "体", "ti" }, { "统", "tong" }, { "土", "tu" }, { "委", "wei" }, { "卫", "wei" }, { "闻", "wen" },
  { "务", "wu" }, { "新", "xin" }, { "心", "xin" }, { "信", "xin" }, { "阳", "yang" }, { "药", "yao" },
  { "业", "ye" }, { "易", "yi" }, { "优", "you" }, { "育", "yu" }, { "源", "yuan" }, { "岳", "yue" },
  { "政", "zheng" }, { "制", "zhi" }, { "质", "zhi" }, { "中", "zhong" }, { "住", "zhu" }, { "资", "zi" },
  { "自", "zi" }, { "子", "zi" },
};

static const char *
lookup (const char *hanzi,
        gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    if (strlen (readings[i].hanzi) == length && memcmp (readings[i].hanzi, hanzi, length) == 0)
      return readings[i].pinyin;

  return NULL;
}

static char *
dup_pinyin (const char *text,
            gboolean    initials)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize length = (gsize) (g_utf8_next_char (p) - p);
      const char *pinyin = lookup (p, length);

      if (pinyin != NULL)
        g_string_append_len (out, pinyin, initials ? 1 : -1);
      else if (!initials)
        g_string_append_len (out, p, (gssize) length);
    }

  return g_string_free (out, FALSE);
}

/**
 * gk_pinyin_dup_full:
 *
 * Returns: (transfer full): @text in pinyin without tones or spaces: shicaizhengju
 */
char *
gk_pinyin_dup_full (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return dup_pinyin (text, FALSE);
}

/**
 * gk_pinyin_dup_initials:
 *
 * Returns: (transfer full): the first letters of @text's syllables: sczj
 */
char *
gk_pinyin_dup_initials (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return dup_pinyin (text, TRUE);
}
