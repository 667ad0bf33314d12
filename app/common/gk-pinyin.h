/* Pinyin of unit names, so a liaison can find 市财政局 by typing czj or caizheng. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *gk_pinyin_dup_full     (const char *text);
char *gk_pinyin_dup_initials (const char *text);

G_END_DECLS
