/* `gongkai catalog …`: list units and columns, install a newer catalog. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gk-assignment.h"
#include "gk-catalog.h"
#include "gk-cli.h"
#include "gk-column.h"
#include "gk-context.h"
#include "gk-json.h"

static int
catalog_units (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;
  const char * const *units;

  if (!gk_cli_parse ("catalog units", NULL, _("Print every responsible unit of the catalog, one per line."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("catalog units", _("unexpected argument “%s”"), argv[1]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  units = gk_catalog_get_units (gk_context_get_catalog (context));
  for (guint i = 0; units[i] != NULL; i++)
    g_print ("%s\n", units[i]);

  return GK_CLI_OK;
}

/* Tabs and line breaks inside a field would break the one-record-per-line format. */
static char *
tsv_field (const char *text)
{
  return g_strdelimit (g_strdup (text != NULL ? text : ""), "\t\r\n", ' ');
}

static void
print_column_tsv (GkColumn *column)
{
  g_autofree char *id = tsv_field (gk_column_get_id (column));
  g_autofree char *level1 = tsv_field (gk_column_get_level1 (column));
  g_autofree char *level2 = tsv_field (gk_column_get_level2 (column));
  g_autofree char *level3 = tsv_field (gk_column_get_level3 (column));
  g_autofree char *joined = gk_column_dup_units (column, "、");
  g_autofree char *units = tsv_field (joined);

  g_print ("%s\t%s\t%s\t%s\t%s\n", id, level1, level2, level3, units);
}

static void
add_column_json (JsonBuilder *builder,
                 GkColumn    *column)
{
  GPtrArray *assignments = gk_column_get_assignments (column);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, gk_column_get_id (column));
  json_builder_set_member_name (builder, "level1");
  json_builder_add_string_value (builder, gk_column_get_level1 (column));
  json_builder_set_member_name (builder, "level2");
  json_builder_add_string_value (builder, gk_column_get_level2 (column));
  gk_json_add_string_or_null (builder, "level3", gk_column_get_level3 (column));

  json_builder_set_member_name (builder, "units");
  json_builder_begin_array (builder);
  for (guint i = 0; i < assignments->len; i++)
    json_builder_add_string_value (builder, gk_assignment_get_unit (g_ptr_array_index (assignments, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "assignments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < assignments->len; i++)
    {
      GkAssignment *assignment = g_ptr_array_index (assignments, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, gk_assignment_get_unit (assignment));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, gk_assignment_get_description (assignment));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, gk_kind_to_string (gk_assignment_get_kind (assignment)));
      if (gk_cadence_is_set (gk_assignment_get_cadence (assignment)))
        {
          json_builder_set_member_name (builder, "cadence");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "every");
          json_builder_add_int_value (builder, gk_assignment_get_cadence (assignment)->every);
          json_builder_set_member_name (builder, "unit");
          json_builder_add_string_value (builder, gk_cadence_unit_to_string (gk_assignment_get_cadence (assignment)->unit));
          json_builder_end_object (builder);
        }
      if (gk_assignment_get_publish_within (assignment) > 0)
        {
          json_builder_set_member_name (builder, "publish_within_working_days");
          json_builder_add_int_value (builder, gk_assignment_get_publish_within (assignment));
        }
      json_builder_set_member_name (builder, "cadence_source");
      json_builder_add_string_value (builder, gk_assignment_get_cadence_source (assignment));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

static int
catalog_columns (int    argc,
                 char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *format = NULL;
  const GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit, N_("Only the columns UNIT is responsible for"), N_("UNIT") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: tsv (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GListModel) columns = NULL;
  GkCatalog *catalog;
  gboolean json;

  if (!gk_cli_parse ("catalog columns", NULL,
                     _("Print the catalog’s columns. tsv fields: id, level 1, level 2, level 3 (empty if none), units joined by 、."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("catalog columns", _("unexpected argument “%s”"), argv[1]);

  if (format != NULL && !g_str_equal (format, "tsv") && !g_str_equal (format, "json"))
    return gk_cli_usage_error ("catalog columns", _("the format “%s” is not tsv or json"), format);
  json = format != NULL && g_str_equal (format, "json");

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  catalog = gk_context_get_catalog (context);

  if (unit != NULL && !gk_catalog_has_unit (catalog, unit))
    return gk_cli_usage_error ("catalog columns",
                               _("the unit “%s” is not in the catalog; “gongkai catalog units” lists them"),
                               unit);

  columns = unit != NULL ? gk_catalog_dup_columns_for_unit (catalog, unit)
                         : g_object_ref (G_LIST_MODEL (catalog));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GkColumn) column = g_list_model_get_item (columns, i);

          add_column_json (builder, column);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GkColumn) column = g_list_model_get_item (columns, i);

          print_column_tsv (column);
        }
    }

  return GK_CLI_OK;
}

static int
catalog_import (int    argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  GkCatalog *catalog;
  gboolean changed;

  if (!gk_cli_parse ("catalog import", "FILE",
                     _("Check a catalog file and install it if it is newer than the one in use."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 2)
    return gk_cli_usage_error ("catalog import", _("give exactly one catalog file"));

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!gk_context_import_catalog (context, file, &changed, &error))
    return gk_cli_report_error (error);

  catalog = gk_context_get_catalog (context);
  if (changed)
    g_print (_("Installed catalog version %s: %u columns, %u units.\n"),
             gk_catalog_get_version (catalog),
             g_list_model_get_n_items (G_LIST_MODEL (catalog)),
             g_strv_length ((GStrv) gk_catalog_get_units (catalog)));
  else
    g_print (_("Catalog version %s is already installed; nothing changed.\n"),
             gk_catalog_get_version (catalog));

  return GK_CLI_OK;
}

static int
catalog_show (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;
  GkCatalog *catalog;

  if (!gk_cli_parse ("catalog show", NULL, _("Print which catalog is in use."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("catalog show", _("unexpected argument “%s”"), argv[1]);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  catalog = gk_context_get_catalog (context);
  g_print ("version\t%s\n", gk_catalog_get_version (catalog));
  g_print ("title\t%s\n", gk_catalog_get_title (catalog));
  g_print ("issuer\t%s\n", gk_catalog_get_issuer (catalog));
  g_print ("document_number\t%s\n", gk_catalog_get_document_number (catalog) ? gk_catalog_get_document_number (catalog) : "");
  g_print ("issued\t%s\n", gk_catalog_get_issued (catalog));
  g_print ("columns\t%u\n", g_list_model_get_n_items (G_LIST_MODEL (catalog)));
  g_print ("units\t%u\n", g_strv_length ((GStrv) gk_catalog_get_units (catalog)));

  return GK_CLI_OK;
}

int
gk_cli_catalog (int    argc,
                char **argv)
{
  static const GkCliCommand commands[] = {
    { "units", NULL, N_("Print every responsible unit, one per line"), catalog_units },
    { "columns", "[--unit U] [--format tsv|json]", N_("Print the columns, of one unit or all"), catalog_columns },
    { "import", "FILE", N_("Install a newer catalog"), catalog_import },
    { "show", NULL, N_("Print which catalog is in use"), catalog_show },
    { NULL }
  };

  return gk_cli_dispatch ("catalog", commands, argc, argv);
}
