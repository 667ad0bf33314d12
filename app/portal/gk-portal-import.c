/*
 * Imports a CSV of publications made before the portal existed (columns
 * column_id, unit, title, published_on, url), so that the first self-check of
 * a unit is not all blank. UTF-8 or GB18030 (what spreadsheet programs on
 * Chinese Windows save); every bad row is reported with its line number and
 * then nothing is imported. Importing the same file again adds nothing.
 */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "gk-assignment.h"
#include "gk-calendar.h"
#include "gk-column.h"
#include "gk-portal-import.h"
#include "gk-portal-types.h"

static const char * const header[] = { "column_id", "unit", "title", "published_on", "url" };

/* One CSV record and the line it starts on. */
typedef struct
{
  guint  line;
  GStrv  fields;
} Record;

static void
record_clear (Record *record)
{
  g_strfreev (record->fields);
}

/* RFC 4180: fields separated by commas, quoted fields may hold commas, quotes ("") and line breaks. */
static GArray *
parse_csv (const char *text)
{
  GArray *records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE, any = FALSE;
  guint line = 1, start = 1;

  g_array_set_clear_func (records, (GDestroyNotify) record_clear);

  for (const char *p = text;; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            quoted = FALSE;  /* an unclosed quote ends with the file; the row is then checked as it is */
          else if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            {
              line += *p == '\n';
              g_string_append_c (field, *p);
            }
          if (*p != '\0')
            continue;
        }

      if (*p == '"' && field->len == 0)
        quoted = any = TRUE;
      else if (*p == ',')
        {
          g_strv_builder_add (fields, field->str);
          g_string_truncate (field, 0);
          any = TRUE;
        }
      else if (*p == '\n' || *p == '\0')
        {
          if (field->len > 0 && field->str[field->len - 1] == '\r')
            g_string_truncate (field, field->len - 1);
          if (any || field->len > 0)
            {
              Record record = { start, NULL };

              g_strv_builder_add (fields, field->str);
              record.fields = g_strv_builder_end (fields);
              g_array_append_val (records, record);
            }
          g_string_truncate (field, 0);
          any = FALSE;
          if (*p == '\0')
            break;
          start = ++line;
        }
      else
        {
          g_string_append_c (field, *p);
          any = TRUE;
        }
    }

  return records;
}

/* The text as UTF-8, from UTF-8 (with or without a BOM) or GB18030. */
static char *
dup_utf8 (GBytes      *csv,
          const char  *name,
          GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (csv, &size);
  char *text;

  if (data == NULL || memchr (data, '\0', size) != NULL)
    goto refused;

  if (g_utf8_validate_len (data, size, NULL))
    text = g_strndup (data, size);
  else if ((text = g_convert (data, (gssize) size, "UTF-8", "GB18030", NULL, NULL, NULL)) == NULL)
    goto refused;

  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    {
      char *without_bom = g_strdup (text + 3);

      g_free (text);
      return without_bom;
    }
  return text;

refused:
  g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
               "“%s” is neither UTF-8 nor GB18030 text; save it from the spreadsheet as CSV and import it again.", name);
  return NULL;
}

/* A stable id for a publication, so that importing the same row twice adds it once. */
static char *
dup_publication_id (Record *record)
{
  g_autofree char *key = g_strjoin ("\n", record->fields[0], record->fields[1], record->fields[2], record->fields[3], NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  /* Shaped like the clients' UUIDs, version nibble 5 and RFC 4122 variant: a name-based id. */
  return g_strdup_printf ("%.8s-%.4s-5%.3s-8%.3s-%.12s", digest, digest + 8, digest + 13, digest + 17, digest + 20);
}

/* What is wrong with a data row, or NULL; @kind: the unit's kind for the column. */
static char *
dup_problem (GkCatalog   *catalog,
             Record      *record,
             const char **kind)
{
  GkColumn *column;
  GkAssignment *assignment;
  GDate date;

  if (g_strv_length (record->fields) != G_N_ELEMENTS (header))
    return g_strdup_printf ("%u fields instead of 5 (column_id, unit, title, published_on, url)",
                            g_strv_length (record->fields));

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_strstrip (record->fields[i]);

  if ((column = gk_catalog_lookup_column (catalog, record->fields[0])) == NULL)
    return g_strdup_printf ("the column “%s” is not in the catalog", record->fields[0]);
  if ((assignment = gk_column_lookup_assignment (column, record->fields[1])) == NULL)
    return g_strdup_printf ("the unit “%s” is not responsible for the column “%s”", record->fields[1], record->fields[0]);
  if (*record->fields[2] == '\0')
    return g_strdup ("the title is empty");
  if (!gk_calendar_parse_date (record->fields[3], &date))
    return g_strdup_printf ("published_on “%s” is not a date written YYYY-MM-DD", record->fields[3]);
  if (!g_str_has_prefix (record->fields[4], "http://") && !g_str_has_prefix (record->fields[4], "https://"))
    return g_strdup_printf ("the url “%s” is not an http:// or https:// address", record->fields[4]);

  *kind = gk_kind_to_string (gk_assignment_get_kind (assignment));
  return NULL;
}

static char *
dup_document (Record     *record,
              const char *id,
              const char *kind)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *names[] = { "column_id", "unit", "title", "publish_on", "url" };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, record->fields[i]);
    }
  json_builder_set_member_name (builder, "imported");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
is_header (Record *record)
{
  if (g_strv_length (record->fields) != G_N_ELEMENTS (header))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    {
      g_autofree char *name = g_strstrip (g_ascii_strdown (record->fields[i], -1));

      if (!g_str_equal (name, header[i]))
        return FALSE;
    }

  return TRUE;
}

/**
 * gk_portal_import_published:
 * @name: the file's name, for messages
 * @n_imported: (out): publications added
 * @n_present: (out): rows that were already imported
 *
 * Checks every row first; with any bad row, reports them all by line and
 * imports nothing. Otherwise adds the publications in one transaction.
 */
gboolean
gk_portal_import_published (GkPortalDb  *db,
                            GkCatalog   *catalog,
                            GBytes      *csv,
                            const char  *name,
                            guint       *n_imported,
                            guint       *n_present,
                            GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) records = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  guint n_bad = 0;

  *n_imported = *n_present = 0;

  if ((text = dup_utf8 (csv, name, error)) == NULL)
    return FALSE;

  records = parse_csv (text);
  if (records->len == 0 || !is_header (&g_array_index (records, Record, 0)))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_MALFORMED,
                   "“%s” does not start with the header line column_id,unit,title,published_on,url; add it and import the file again.",
                   name);
      return FALSE;
    }

  for (guint i = 1; i < records->len; i++)
    {
      Record *record = &g_array_index (records, Record, i);
      const char *kind = NULL;
      g_autofree char *problem = dup_problem (catalog, record, &kind);
      g_autofree char *id = NULL;
      guint first;

      if (problem == NULL)
        {
          id = dup_publication_id (record);
          if ((first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, id))) != 0)
            problem = g_strdup_printf ("the same publication as line %u", first);
          else
            g_hash_table_insert (seen, g_steal_pointer (&id), GUINT_TO_POINTER (record->line));
        }

      g_ptr_array_add (kinds, (gpointer) kind);
      if (problem != NULL)
        {
          n_bad++;
          g_string_append_printf (problems, "\nline %u: %s", record->line, problem);
        }
    }

  if (n_bad > 0)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "Nothing was imported from “%s”: %u row(s) are wrong; correct them and import the file again.%s",
                   name, n_bad, problems->str);
      return FALSE;
    }

  if (!gk_portal_db_begin (db, error))
    return FALSE;

  for (guint i = 1; i < records->len; i++)
    {
      Record *record = &g_array_index (records, Record, i);
      g_autofree char *id = dup_publication_id (record);
      g_autofree char *document = dup_document (record, id, g_ptr_array_index (kinds, i - 1));
      g_autofree char *published_at = g_strconcat (record->fields[3], "T00:00:00Z", NULL);
      gboolean inserted;

      if (!gk_portal_db_insert_published (db, id, record->fields[1], record->fields[0], g_ptr_array_index (kinds, i - 1),
                                          record->fields[2], published_at, document, &inserted, error))
        {
          gk_portal_db_rollback (db);
          return FALSE;
        }
      *(inserted ? n_imported : n_present) += 1;
    }

  return gk_portal_db_commit (db, error);
}
