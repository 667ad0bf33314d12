/* `gongkai submit`: the personal-information gate, then the outbox. Part of
 * gongkai-full, since the gate reads PDF and OOXML attachments (poppler, libarchive). */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-cli.h"
#include "gk-context.h"
#include "gk-store.h"

int
gk_cli_submit (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *override_by = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *unit = NULL;
  const GOptionEntry entries[] = {
    { "override-by", 0, 0, G_OPTION_ARG_STRING, &override_by, N_("The approver who lets personal-information findings through"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why they may be published; needed with --override-by"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("submit", "ID… [--override-by NAME --reason TEXT]",
                     _("Queue ready items for upload to the portal, after scanning them for personal information."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc < 2)
    return gk_cli_usage_error ("submit", _("give at least one item id"));

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  for (int i = 1; i < argc; i++)
    {
      char *uuid = gk_store_resolve_uuid (gk_context_get_store (context), unit, argv[i], &error);

      if (uuid == NULL)
        return gk_cli_report_error (error);
      g_ptr_array_add (uuids, uuid);
    }

  for (guint i = 0; i < uuids->len; i++)
    {
      if (!gk_context_submit_item (context, g_ptr_array_index (uuids, i), override_by, reason, &error))
        return gk_cli_report_error (error);
    }

  return GK_CLI_OK;
}
