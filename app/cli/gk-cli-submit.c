/* `gongkai submit`: the personal-information gate, then the outbox. Part of
 * gongkai-full, since the gate reads PDF and OOXML attachments (poppler, libarchive). */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-cli-heavy.h"
#include "gk-context.h"

int
gk_cli_submit (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *override_by = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *unit = NULL;
  gboolean accept_wording = FALSE;
  const GOptionEntry entries[] = {
    { "accept-wording", 0, 0, G_OPTION_ARG_NONE, &accept_wording, N_("Submit although the text holds listed 易错词 (never a classification marking)"), NULL },
    { "override-by", 0, 0, G_OPTION_ARG_STRING, &override_by, N_("The approver who lets personal-information findings through"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why they may be published; needed with --override-by"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("submit", "ID… [--accept-wording] [--override-by NAME --reason TEXT]",
                     _("Queue ready items for upload to the portal, after checking their wording and scanning them for personal information."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc < 2)
    return gk_cli_usage_error ("submit", _("give at least one item id"));

  if ((context = gk_cli_open_with_unit (data_dir, &unit)) == NULL)
    return GK_CLI_REFUSED;

  if ((uuids = gk_cli_resolve_uuids (context, unit, argv + 1, argc - 1, FALSE)) == NULL)
    return GK_CLI_REFUSED;

  for (guint i = 0; i < uuids->len; i++)
    {
      if (!gk_context_submit_item (context, g_ptr_array_index (uuids, i), override_by, reason, accept_wording, &error))
        {
          /* Here the confirmation is an option: say which. */
          if (g_error_matches (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_WORDING))
            {
              g_autofree char *message = g_strdup_printf (_("%s Add --accept-wording to submit it as written."), error->message);

              g_free (error->message);
              error->message = g_steal_pointer (&message);
            }
          return gk_cli_report_error (error);
        }
    }

  return GK_CLI_OK;
}
