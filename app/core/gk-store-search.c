/*
 * Search over title, document number and body. The trigram index finds any
 * substring of three or more characters, Chinese included; shorter terms,
 * common in Chinese (低保, 扶贫), fall back to LIKE on the same rows.
 */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include "gk-store-private.h"

#define MAX_RESULTS 500

static char *
quote_fts_phrase (const char *term)
{
  g_autoptr(GString) phrase = g_string_new ("\"");

  for (const char *p = term; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');

  return g_string_free (g_steal_pointer (&phrase), FALSE);
}

static char *
like_pattern (const char *term)
{
  g_autoptr(GString) pattern = g_string_new ("%");

  for (const char *p = term; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (g_steal_pointer (&pattern), FALSE);
}

/**
 * gk_store_search:
 * @query: words separated by blanks; every word must occur
 *
 * Returns: (transfer full) (element-type GkItem): @unit's matching items,
 *   best first (a match in the title counts most)
 */
GPtrArray *
gk_store_search (GkStore    *self,
                 const char *unit,
                 const char *query,
                 GError    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) short_terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) phrases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) words = NULL;
  int rc, index = 2;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  words = g_regex_split_simple ("\\s+", query, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;

      if (g_utf8_strlen (words[i], -1) >= 3)
        g_ptr_array_add (phrases, quote_fts_phrase (words[i]));
      else
        g_ptr_array_add (short_terms, like_pattern (words[i]));
    }

  if (phrases->len == 0 && short_terms->len == 0)
    return g_steal_pointer (&items);

  if (phrases->len > 0)
    g_string_append (sql, "SELECT " GK_STORE_ITEM_COLUMNS ("i.") " FROM items_fts "
                          "JOIN items i ON i.id = items_fts.rowid "
                          "WHERE i.unit = ?1 AND i.deleted_at IS NULL AND items_fts MATCH ?2");
  else
    g_string_append (sql, "SELECT " GK_STORE_ITEM_COLUMNS ("i.") " FROM items i "
                          "WHERE i.unit = ?1 AND i.deleted_at IS NULL");

  for (guint i = 0; i < short_terms->len; i++)
    {
      int n = index + 1 + (int) i;

      g_string_append_printf (sql, " AND (i.title LIKE ?%d ESCAPE '\\' OR i.doc_number LIKE ?%d ESCAPE '\\'"
                                   " OR i.body LIKE ?%d ESCAPE '\\')", n, n, n);
    }

  /* Title weighs most, then the document number; without the index, a title hit comes first. */
  if (phrases->len > 0)
    g_string_append (sql, " ORDER BY bm25(items_fts, 10.0, 5.0, 1.0), i.created_at DESC");
  else
    g_string_append (sql, " ORDER BY (i.title LIKE ?3 ESCAPE '\\') DESC, i.created_at DESC");

  g_string_append_printf (sql, " LIMIT %d", MAX_RESULTS);

  if ((stmt = gk_store_prepare (self, sql->str, error)) == NULL)
    return NULL;

  gk_store_bind_text (stmt, 1, unit);

  if (phrases->len > 0)
    {
      g_ptr_array_add (phrases, NULL);
      g_autofree char *match = g_strjoinv (" AND ", (char **) phrases->pdata);
      gk_store_bind_text (stmt, 2, match);
    }

  for (guint i = 0; i < short_terms->len; i++)
    gk_store_bind_text (stmt, index + 1 + (int) i, g_ptr_array_index (short_terms, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, gk_store_item_from_row (stmt, NULL));

  if (rc != SQLITE_DONE)
    {
      gk_store_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}
