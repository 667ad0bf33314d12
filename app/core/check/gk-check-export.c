/* Text, JSON and CSV renderings of a self-check result with its rectification log. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gk-check-export.h"
#include "gk-json.h"
#include "gk-csv.h"

/**
 * gk_check_log_index:
 * @log: (nullable) (element-type GkCheckLogEntry)
 *
 * Returns: (transfer full) (element-type utf8 GkCheckLogEntry): the entries by
 *   finding key, borrowed from @log; a report looks up every finding in it
 */
GHashTable *
gk_check_log_index (GPtrArray *log)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      GkCheckLogEntry *entry = g_ptr_array_index (log, i);

      g_hash_table_insert (index, entry->key, entry);
    }

  return index;
}

char *
gk_check_export_text (GkCheckResult *result,
                      GPtrArray     *log)
{
  g_autoptr(GHashTable) index = gk_check_log_index (log);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Self-check of %s as of %s\n"), result->unit, result->as_of);
  g_string_append_printf (out, _("Columns: %u up to date, %u due soon, %u stale, %u blank\n"),
                          result->n_by_state[GK_COLUMN_OK], result->n_by_state[GK_COLUMN_DUE_SOON],
                          result->n_by_state[GK_COLUMN_STALE], result->n_by_state[GK_COLUMN_BLANK]);
  g_string_append_printf (out, _("Findings: %u veto, %u deduction, %u advice\n"),
                          result->n_by_severity[GK_SEVERITY_VETO], result->n_by_severity[GK_SEVERITY_DEDUCTION],
                          result->n_by_severity[GK_SEVERITY_ADVICE]);
  {
    g_autofree char *rate = gk_check_result_dup_interpretation_rate (result);
    g_autofree char *scope = gk_check_result_dup_scope (result);

    g_string_append_printf (out, "%s\n%s\n", rate, scope);
  }

  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);
      GkCheckLogEntry *entry = g_hash_table_lookup (index, finding->key);

      g_string_append_printf (out, "\n[%s] %s — %s\n  %s\n  %s %s\n",
                              gk_severity_get_label (finding->severity), gk_rule_get_label (finding->rule),
                              finding->title, finding->explanation, _("What to do:"), finding->action);
      if (entry != NULL && entry->measure != NULL)
        g_string_append_printf (out, "  %s %s%s%s\n", _("Measure:"), entry->measure,
                                entry->due_on != NULL ? _(", due ") : "", entry->due_on != NULL ? entry->due_on : "");
      g_string_append_printf (out, "  %s %s\n", _("Key:"), finding->key);
    }

  return g_string_free (out, FALSE);
}

char *
gk_check_export_json (GkCheckResult *result,
                      GPtrArray     *log)
{
  g_autoptr(GHashTable) index = gk_check_log_index (log);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  gk_json_add_string_or_null (builder, "unit", result->unit);
  gk_json_add_string_or_null (builder, "as_of", result->as_of);
  gk_json_add_string_or_null (builder, "liaison", result->liaison);
  gk_json_add_string_or_null (builder, "leader", result->leader);
  gk_json_add_string_or_null (builder, "office", result->office);

  json_builder_set_member_name (builder, "site_wide");
  json_builder_add_boolean_value (builder, result->site_wide);
  json_builder_set_member_name (builder, "interpretation");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "needing");
  json_builder_add_int_value (builder, result->n_needing_interpretation);
  json_builder_set_member_name (builder, "interpreted");
  json_builder_add_int_value (builder, result->n_interpreted);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->columns->len; i++)
    {
      GkColumnStatus *status = g_ptr_array_index (result->columns, i);

      json_builder_begin_object (builder);
      gk_json_add_string_or_null (builder, "id", status->column_id);
      gk_json_add_string_or_null (builder, "path", status->path);
      gk_json_add_string_or_null (builder, "state", gk_column_state_to_string (status->state));
      gk_json_add_string_or_null (builder, "newest", status->newest);
      gk_json_add_string_or_null (builder, "newest_title", status->newest_title);
      json_builder_set_member_name (builder, "cadence");
      if (gk_cadence_is_set (&status->cadence))
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "every");
          json_builder_add_int_value (builder, status->cadence.every);
          gk_json_add_string_or_null (builder, "unit", gk_cadence_unit_to_string (status->cadence.unit));
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      gk_json_add_string_or_null (builder, "due", status->due);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);
      GkCheckLogEntry *entry = g_hash_table_lookup (index, finding->key);

      json_builder_begin_object (builder);
      gk_json_add_string_or_null (builder, "key", finding->key);
      gk_json_add_string_or_null (builder, "rule", gk_rule_to_string (finding->rule));
      gk_json_add_string_or_null (builder, "severity", gk_severity_to_string (finding->severity));
      gk_json_add_string_or_null (builder, "column_id", finding->column_id);
      gk_json_add_string_or_null (builder, "item_id", finding->item_id);
      gk_json_add_string_or_null (builder, "title", finding->title);
      gk_json_add_string_or_null (builder, "explanation", finding->explanation);
      gk_json_add_string_or_null (builder, "action", finding->action);
      gk_json_add_string_or_null (builder, "measure", entry != NULL ? entry->measure : NULL);
      gk_json_add_string_or_null (builder, "due_on", entry != NULL ? entry->due_on : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "fixed");
  json_builder_begin_array (builder);
  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      GkCheckLogEntry *entry = g_ptr_array_index (log, i);

      if (entry->fixed_on == NULL)
        continue;
      json_builder_begin_object (builder);
      gk_json_add_string_or_null (builder, "key", entry->key);
      gk_json_add_string_or_null (builder, "title", entry->title);
      gk_json_add_string_or_null (builder, "explanation", entry->explanation);
      gk_json_add_string_or_null (builder, "measure", entry->measure);
      gk_json_add_string_or_null (builder, "fixed_on", entry->fixed_on);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

/* One row per finding; a BOM so the office's spreadsheet opens the Chinese as UTF-8. */
char *
gk_check_export_csv (GkCheckResult *result,
                     GPtrArray     *log)
{
  g_autoptr(GHashTable) index = gk_check_log_index (log);
  GString *out = g_string_new (GK_CSV_BOM);
  const char *header[] = {
    _("Unit"), _("Inspection date"), _("Severity"), _("Rule"), _("Column or item"),
    _("Finding"), _("What to do"), _("Measure"), _("Due"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    gk_csv_append_field (out, header[i], i + 1 == G_N_ELEMENTS (header));

  for (guint i = 0; i < result->findings->len; i++)
    {
      GkFinding *finding = g_ptr_array_index (result->findings, i);
      GkCheckLogEntry *entry = g_hash_table_lookup (index, finding->key);

      gk_csv_append_field (out, result->unit_name != NULL ? result->unit_name : result->unit, FALSE);
      gk_csv_append_field (out, result->as_of, FALSE);
      gk_csv_append_field (out, gk_severity_get_label (finding->severity), FALSE);
      gk_csv_append_field (out, gk_rule_get_label (finding->rule), FALSE);
      gk_csv_append_field (out, finding->title, FALSE);
      gk_csv_append_field (out, finding->explanation, FALSE);
      gk_csv_append_field (out, finding->action, FALSE);
      gk_csv_append_field (out, entry != NULL ? entry->measure : NULL, FALSE);
      gk_csv_append_field (out, entry != NULL ? entry->due_on : NULL, TRUE);
    }

  return g_string_free (out, FALSE);
}
