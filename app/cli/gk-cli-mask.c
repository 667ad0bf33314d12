/*
 * `gongkai item mask ID NUMBER`: an attachment replaced by its masked copy, as
 * the editor's 脱敏替换 does. In gongkai-full (gk-cli-heavy.h): masking needs the scanner.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-cli-heavy.h"
#include "gk-masked-copy.h"

static gboolean
do_mask (GkContext  *context,
         const char *uuid,
         const char *arg,
         GError    **error)
{
  g_autoptr(GkAttachment) attachment = NULL;
  gint64 id;

  if (!gk_cli_parse_attachment_number (arg, &id, error)
      || (attachment = gk_context_replace_with_masked_copy (context, uuid, id, NULL, error)) == NULL)
    return FALSE;

  g_print ("%" G_GINT64_FORMAT "\n", gk_attachment_get_id (attachment));
  return TRUE;
}

int
gk_cli_item_mask (int    argc,
                  char **argv)
{
  return gk_cli_run_on_items ("item mask", "ID NUMBER",
                              _("Replace an attachment, by the number “gongkai item show” prints, with a copy whose "
                                "identity, mobile and bank card numbers are masked, and print the copy’s number. "
                                "The original stays when the copy still holds numbers the masker cannot rewrite."),
                              do_mask, GK_CLI_RUN_WITH_ARG, argc, argv);
}
