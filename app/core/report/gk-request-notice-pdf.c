/* A filled notice as an A4 PDF, apart from gk-request-notice.c so that only the programs that
 * print one link cairo and Pango (the light gongkai runs gongkai-full for it). */
#define G_LOG_DOMAIN "gk-request"

#include "config.h"

#include "gk-page-layout.h"
#include "gk-request-notice.h"

/**
 * gk_request_notice_write_pdf:
 * @text: a filled notice: the title, then a paragraph per line
 */
gboolean
gk_request_notice_write_pdf (const char  *text,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GkPageLayout) layout = gk_page_layout_new ();
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0 && *g_strstrip (lines[i]) == '\0')
        continue;
      gk_page_layout_add (layout, i == 0 ? GK_PAGE_BLOCK_TITLE : GK_PAGE_BLOCK_TEXT, NULL, NULL, lines[i], GK_PAGE_END);
    }

  return gk_page_layout_write_pdf (layout, path, lines[0], NULL, NULL, error);
}
