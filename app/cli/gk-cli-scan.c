/* `gongkai scan`: the personal-information scanner over files, as text or JSON. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "gk-cli-heavy.h"
#include "gk-privacy-report.h"

static void
print_report_text (const GkPrivacyReport *report)
{
  const char *name = gk_privacy_report_get_name (report);
  GPtrArray *findings = gk_privacy_report_get_findings (report);
  const char *reason = gk_privacy_report_get_not_scanned_reason (report);

  for (guint i = 0; i < findings->len; i++)
    {
      const GkPrivacyFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *location = gk_privacy_finding_dup_location (finding);

      /* Translators: file, location, what was found, its masked form, high or medium */
      g_print (_("%s: %s: %s %s (%s confidence)\n"), name, location,
               gk_privacy_kind_get_label (gk_privacy_finding_get_kind (finding)),
               gk_privacy_finding_get_masked (finding),
               gk_privacy_finding_get_confidence (finding) == GK_PRIVACY_CONFIDENCE_HIGH ? _("high") : _("medium"));
    }

  if (reason != NULL)
    /* Translators: the file, then why the scanner could not read it */
    g_print (_("%s: not scanned — check by hand: %s\n"), name, reason);
  else if (findings->len == 0)
    g_print (_("%s: no personal information found\n"), name);
}

static void
add_report_json (JsonBuilder           *builder,
                 const GkPrivacyReport *report)
{
  GPtrArray *findings = gk_privacy_report_get_findings (report);
  const char *reason = gk_privacy_report_get_not_scanned_reason (report);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, gk_privacy_report_get_name (report));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, reason != NULL ? "not-scanned" : findings->len > 0 ? "findings" : "clean");
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  if (gk_privacy_report_get_encoding (report) != NULL)
    {
      json_builder_set_member_name (builder, "encoding");
      json_builder_add_string_value (builder, gk_privacy_report_get_encoding (report));
    }
  json_builder_set_member_name (builder, "maskable");
  json_builder_add_boolean_value (builder, gk_privacy_report_can_mask (report));

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      const GkPrivacyFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *location = gk_privacy_finding_dup_location (finding);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, gk_privacy_kind_to_string (gk_privacy_finding_get_kind (finding)));
      json_builder_set_member_name (builder, "location");
      json_builder_add_string_value (builder, location);
      if (gk_privacy_finding_get_line (finding) > 0)
        {
          json_builder_set_member_name (builder, "line");
          json_builder_add_int_value (builder, gk_privacy_finding_get_line (finding));
        }
      if (gk_privacy_finding_get_page (finding) > 0)
        {
          json_builder_set_member_name (builder, "page");
          json_builder_add_int_value (builder, gk_privacy_finding_get_page (finding));
        }
      if (gk_privacy_finding_get_place (finding) != NULL)
        {
          json_builder_set_member_name (builder, "place");
          json_builder_add_string_value (builder, gk_privacy_finding_get_place (finding));
        }
      json_builder_set_member_name (builder, "offset");
      json_builder_add_int_value (builder, gk_privacy_finding_get_offset (finding));
      json_builder_set_member_name (builder, "length");
      json_builder_add_int_value (builder, gk_privacy_finding_get_length (finding));
      json_builder_set_member_name (builder, "masked");
      json_builder_add_string_value (builder, gk_privacy_finding_get_masked (finding));
      json_builder_set_member_name (builder, "confidence");
      json_builder_add_string_value (builder, gk_privacy_confidence_to_string (gk_privacy_finding_get_confidence (finding)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* A file that cannot even be opened is not scanned either; it still gets its entry. */
static GkPrivacyReport *
scan_one (const char *path,
          char      **open_error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  GkPrivacyReport *report = gk_privacy_scan_file (file, NULL, &error);

  /* Not supported: the file is fine but this installation cannot read its kind; the message says what to do. */
  if (report == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    *open_error = g_strdup_printf ("%s: %s", path, error->message);
  else if (report == NULL)
    *open_error = g_strdup_printf (_("Could not read %s (%s); check the name and that you may read it."),
                                   path, error->message);
  return report;
}

/* The copy keeps the original's name in @dir, so it can be attached in its place. */
static gboolean
write_masked_copy (const char *path,
                   const char *dir)
{
  g_autoptr(GFile) input = g_file_new_for_commandline_arg (path);
  g_autofree char *name = g_file_get_basename (input);
  g_autoptr(GFile) folder = g_file_new_for_commandline_arg (dir);
  g_autoptr(GFile) output = g_file_get_child (folder, name);
  g_autoptr(GError) error = NULL;

  if (g_file_equal (input, output))
    {
      g_printerr (_("The masked copy of %s would replace it; choose another folder with --mask-into.\n"), path);
      return FALSE;
    }
  if (!gk_privacy_write_masked_copy (input, output, NULL, NULL, &error))
    {
      g_printerr (_("Could not write the masked copy of %s (%s); check the folder and try again.\n"), path, error->message);
      return FALSE;
    }

  g_printerr (_("Wrote the masked copy %s.\n"), g_file_peek_path (output));
  return TRUE;
}

int
gk_cli_scan (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *mask_into = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("text (default) or json"), N_("FORMAT") },
    { "mask-into", 'm', 0, G_OPTION_ARG_FILENAME, &mask_into, N_("Write masked copies of text, CSV and XLSX files with findings into DIR"), N_("DIR") },
    { NULL }
  };
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean json;
  gboolean flagged = FALSE;

  if (!gk_cli_parse ("scan", "FILE…",
                     _("Look for resident ID, mobile and bank card numbers in files before attaching them. "
                       "Exits with 1 when something is found or a file could not be read, 0 when all are clean."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    return gk_cli_usage_error ("scan", _("the format “%s” is not text or json"), format);
  if (argc < 2)
    return gk_cli_usage_error ("scan", _("give at least one file to scan"));

  json = format != NULL && g_str_equal (format, "json");
  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *open_error = NULL;
      g_autoptr(GkPrivacyReport) report = scan_one (argv[i], &open_error);

      if (report == NULL)
        {
          g_printerr ("%s\n", open_error);
          flagged = TRUE;
          if (json)
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "file");
              json_builder_add_string_value (builder, argv[i]);
              json_builder_set_member_name (builder, "status");
              json_builder_add_string_value (builder, "not-scanned");
              json_builder_set_member_name (builder, "reason");
              json_builder_add_string_value (builder, open_error);
              json_builder_set_member_name (builder, "findings");
              json_builder_begin_array (builder);
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          continue;
        }

      flagged |= !gk_privacy_report_is_clean (report);
      if (mask_into != NULL && gk_privacy_report_get_findings (report)->len > 0 && gk_privacy_report_can_mask (report)
          && !write_masked_copy (argv[i], mask_into))
        return GK_CLI_REFUSED;
      if (json)
        add_report_json (builder, report);
      else
        print_report_text (report);
    }

  if (json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }

  return flagged ? GK_CLI_REFUSED : GK_CLI_OK;
}
