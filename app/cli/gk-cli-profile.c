/* `gongkai profile …`: the liaison's unit and the people the notice asks each unit to name. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-cli-heavy.h"
#include "gk-context.h"
#include "gk-profile.h"

/* The profile's fields in the order `profile show` prints them; keys match the option names. */
static const char * const fields[] = { "unit", "liaison", "phone", "leader", "office" };

static int
profile_set (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  char *values[G_N_ELEMENTS (fields)] = { NULL, };
  const GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &values[0], N_("The unit, as “gongkai catalog units” names it"), N_("UNIT") },
    { "liaison", 0, 0, G_OPTION_ARG_STRING, &values[1], N_("The liaison’s name (联络员)"), N_("NAME") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &values[2], N_("The liaison’s phone number"), N_("PHONE") },
    { "leader", 0, 0, G_OPTION_ARG_STRING, &values[3], N_("The leader in charge (分管负责人)"), N_("NAME") },
    { "office", 0, 0, G_OPTION_ARG_STRING, &values[4], N_("The responsible office (承办科室)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any = FALSE;
  int status = GK_CLI_OK;

  if (!gk_cli_parse ("profile set", "[--unit U] [--liaison NAME] [--phone P] [--leader NAME] [--office NAME]",
                     _("Change the given fields of the liaison’s profile; an empty value clears a field."),
                     entries, &argc, &argv, &data_dir))
    {
      status = GK_CLI_USAGE;
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    any |= values[i] != NULL;

  if (argc > 1)
    status = gk_cli_usage_error ("profile set", _("unexpected argument “%s”"), argv[1]);
  else if (!any)
    status = gk_cli_usage_error ("profile set", _("give at least one field to change"));

  if (status != GK_CLI_OK)
    goto out;

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    {
      status = GK_CLI_REFUSED;
      goto out;
    }

  profile = gk_context_dup_profile (context);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (values[i] != NULL)
        g_object_set (profile, fields[i], values[i], NULL);
    }

  if (!gk_context_save_profile (context, profile, &error))
    status = gk_cli_report_error (error);

out:
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_free (values[i]);

  return status;
}

static int
profile_show (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkProfile) profile = NULL;

  if (!gk_cli_parse ("profile show", NULL,
                     _("Print the liaison’s profile as tab-separated “field value” lines."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("profile show", _("unexpected argument “%s”"), argv[1]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  profile = gk_context_dup_profile (context);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = NULL;

      g_object_get (profile, fields[i], &value, NULL);
      g_print ("%s\t%s\n", fields[i], value != NULL ? value : "");
    }

  return GK_CLI_OK;
}

int
gk_cli_profile (int    argc,
                char **argv)
{
  const GkCliCommand commands[] = {
    { "set", "--unit U [--liaison NAME --phone P --leader NAME --office NAME]",
      N_("Record the unit and the people it named"), profile_set },
    { "show", NULL, N_("Print the profile"), profile_show },
    { "submit", "[--portal URL]", N_("Report the registration to the portal"), gk_cli_heavy.profile_submit },
    { NULL }
  };

  return gk_cli_dispatch ("profile", commands, argc, argv);
}
