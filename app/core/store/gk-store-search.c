/*
 * Search over title, document number and body. The trigram index finds any
 * substring of three or more characters, Chinese included; shorter terms,
 * common in Chinese (低保, 扶贫), fall back to LIKE on the same rows.
 *
 * Results come a page at a time: items whose title holds every word first,
 * then the others, each newest first. That order lets both halves stop after
 * the page: the index holds each live item's unit (its "shelf", migration 9)
 * and streams matches in rowid order, so no other unit's matches, nor any
 * beyond the page, are read or ranked; the short words' fallback reads the
 * unit's shelf the same way, newest first, and stops likewise.
 */
#define G_LOG_DOMAIN "gk-store"

#include "config.h"

#include "gk-store-private.h"

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

/*
 * The two halves of a page, each capped at ?4 (offset + limit) and newest first, then the page
 * itself with the whole rows. @title_half and @other_half select `id` and `grp`.
 */
static void
append_page (GString    *sql,
             const char *title_half,
             const char *other_half)
{
  g_string_append_printf (sql,
                          "SELECT " GK_STORE_ITEM_COLUMNS ("i.") " FROM ("
                          "SELECT id, grp FROM (%s ORDER BY id DESC LIMIT ?4) "
                          "UNION ALL "
                          "SELECT id, grp FROM (%s ORDER BY id DESC LIMIT ?4)"
                          ") h JOIN items i ON i.id = h.id "
                          "ORDER BY h.grp, h.id DESC LIMIT ?5 OFFSET ?6",
                          title_half, other_half);
}

/* " AND (title LIKE ?n OR doc_number LIKE ?n OR body LIKE ?n)" for each short word. */
static char *
dup_like_filters (guint n_terms,
                  int   first)
{
  g_autoptr(GString) filters = g_string_new (NULL);

  for (guint i = 0; i < n_terms; i++)
    g_string_append_printf (filters,
                            " AND (i.title LIKE ?%d ESCAPE '\\' OR i.doc_number LIKE ?%d ESCAPE '\\'"
                            " OR i.body LIKE ?%d ESCAPE '\\')",
                            first + (int) i, first + (int) i, first + (int) i);

  return g_string_free (g_steal_pointer (&filters), FALSE);
}

/* " AND coalesce (title, '') LIKE ?n" for each short word: a title that holds them all. */
static char *
dup_title_filters (guint n_terms,
                   int   first)
{
  g_autoptr(GString) filters = g_string_new (NULL);

  for (guint i = 0; i < n_terms; i++)
    g_string_append_printf (filters, " AND coalesce (i.title, '') LIKE ?%d ESCAPE '\\'", first + (int) i);

  return g_string_free (g_steal_pointer (&filters), FALSE);
}

/**
 * gk_store_search:
 * @query: words separated by blanks; every word must occur
 * @offset: how many results to skip (the pages already shown)
 * @limit: the most to return, such as %GK_STORE_SEARCH_PAGE
 *
 * Returns: (transfer full) (element-type GkItem): one page of @unit's
 *   matching items that are not in the bin: those whose title holds every
 *   word (of three characters or more, when there are any) first, then the
 *   others, each newest first
 */
GPtrArray *
gk_store_search (GkStore    *self,
                 const char *unit,
                 const char *query,
                 guint       offset,
                 guint       limit,
                 GError    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) short_terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) phrases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *likes = NULL;
  g_autofree char *title_half = NULL;
  g_autofree char *other_half = NULL;
  g_autofree char *shelf_text = NULL;
  g_autofree char *shelf = NULL;
  g_auto(GStrv) words = NULL;
  const char *join;
  int rc;

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

  if ((phrases->len == 0 && short_terms->len == 0) || limit == 0)
    return g_steal_pointer (&items);

  /* The short words are ?7, ?8…, matched on the rows the index gives: with no longer word, the
   * unit's whole shelf, newest first, read until the page is full. */
  likes = dup_like_filters (short_terms->len, 7);
  join = short_terms->len > 0 ? " JOIN items i ON i.id = items_fts.rowid" : "";
  if (phrases->len > 0)
    {
      title_half = g_strdup_printf ("SELECT items_fts.rowid AS id, 0 AS grp FROM items_fts%s "
                                    "WHERE items_fts MATCH ?2%s", join, likes);
      other_half = g_strdup_printf ("SELECT items_fts.rowid AS id, 1 AS grp FROM items_fts%s "
                                    "WHERE items_fts MATCH ?3%s", join, likes);
    }
  else
    {
      g_autofree char *in_title = dup_title_filters (short_terms->len, 7);

      title_half = g_strdup_printf ("SELECT items_fts.rowid AS id, 0 AS grp FROM items_fts%s "
                                    "WHERE items_fts MATCH ?2%s", join, in_title);
      other_half = g_strdup_printf ("SELECT items_fts.rowid AS id, 1 AS grp FROM items_fts%s "
                                    "WHERE items_fts MATCH ?3 AND NOT (1%s)%s", join, in_title, likes);
    }
  append_page (sql, title_half, other_half);

  if ((stmt = gk_sqlite_prepare (self->sqlite, sql->str, error)) == NULL)
    return NULL;

  shelf_text = g_strconcat ("|", unit, "|", NULL);
  shelf = quote_fts_phrase (shelf_text);
  if (phrases->len > 0)
    {
      g_autofree char *all = NULL;
      g_autofree char *in_title = NULL;
      g_autofree char *elsewhere = NULL;

      g_ptr_array_add (phrases, NULL);
      all = g_strjoinv (" AND ", (char **) phrases->pdata);
      in_title = g_strdup_printf ("shelf : %s AND title : (%s)", shelf, all);
      elsewhere = g_strdup_printf ("(shelf : %s AND (%s)) NOT title : (%s)", shelf, all, all);
      gk_sqlite_bind_text (stmt, 2, in_title);
      gk_sqlite_bind_text (stmt, 3, elsewhere);
    }
  else
    {
      g_autofree char *whole_shelf = g_strdup_printf ("shelf : %s", shelf);

      gk_sqlite_bind_text (stmt, 2, whole_shelf);
      gk_sqlite_bind_text (stmt, 3, whole_shelf);
    }

  sqlite3_bind_int64 (stmt, 4, (gint64) offset + limit);
  sqlite3_bind_int64 (stmt, 5, limit);
  sqlite3_bind_int64 (stmt, 6, offset);

  for (guint i = 0; i < short_terms->len; i++)
    gk_sqlite_bind_text (stmt, 7 + (int) i, g_ptr_array_index (short_terms, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, gk_store_item_from_row (stmt, NULL));

  if (rc != SQLITE_DONE)
    {
      gk_sqlite_fail (self->sqlite, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}
