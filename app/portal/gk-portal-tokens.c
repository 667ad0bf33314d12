/* The liaisons' bearer tokens, the unit each one belongs to and until when, read from a TOKEN<TAB>UNIT[<TAB>EXPIRES] file. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <stdio.h>

#include "gk-portal-tokens.h"

typedef struct
{
  char   *unit;
  gint64  expires;  /* Unix seconds after which the token is refused; G_MAXINT64 for never */
} Entry;

struct _GkPortalTokens
{
  GObject     parent_instance;

  char       *path;
  GkCatalog  *catalog;
  GHashTable *entries;  /* token → Entry */
};

G_DEFINE_FINAL_TYPE (GkPortalTokens, gk_portal_tokens, G_TYPE_OBJECT)

/* A token is sent in a header: printable ASCII without spaces keeps it one header token. */
static gboolean
is_token_valid (const char *token)
{
  if (*token == '\0')
    return FALSE;

  for (const char *p = token; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f)
      return FALSE;

  return TRUE;
}

static void
entry_free (Entry *entry)
{
  g_free (entry->unit);
  g_free (entry);
}

/*
 * The third column: a date (the token works through that day, in the
 * portal's time zone) or an ISO 8601 date and time with its zone.
 */
static gboolean
parse_expiry (const char *text,
              gint64     *expires)
{
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  guint year, month, day;
  char end;

  if (strlen (text) == 10 && sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3 &&
      g_date_valid_dmy (day, month, year))
    {
      g_autoptr(GDateTime) start = g_date_time_new (local, year, month, day, 0, 0, 0);

      if (start == NULL)
        return FALSE;
      moment = g_date_time_add_days (start, 1);
    }
  else
    moment = g_date_time_new_from_iso8601 (text, local);

  if (moment == NULL)
    return FALSE;

  *expires = g_date_time_to_unix (moment);
  return TRUE;
}

static void
gk_portal_tokens_finalize (GObject *object)
{
  GkPortalTokens *self = (GkPortalTokens *)object;

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (gk_portal_tokens_parent_class)->finalize (object);
}

static void
gk_portal_tokens_class_init (GkPortalTokensClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_tokens_finalize;
}

static void
gk_portal_tokens_init (GkPortalTokens *self)
{
}

/* The file's tokens, or NULL with an error naming the line, never the token. */
static GHashTable *
read_file (const char *path,
           GkCatalog  *catalog,
           GError    **error)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "The tokens file “%s” could not be read (%s); check the path given with --tokens.",
                   path, local_error->message);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      /* Strips CR LF line ends and the blanks around the tab-separated fields. */
      char *line = lines[i];
      Entry *entry;
      guint count;

      g_strstrip (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;

      fields = g_strsplit (line, "\t", -1);
      count = g_strv_length (fields);
      if ((count != 2 && count != 3) || !is_token_valid (fields[0]) || *g_strstrip (fields[1]) == '\0')
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Line %u of the tokens file “%s” is not “TOKEN<TAB>UNIT” or “TOKEN<TAB>UNIT<TAB>EXPIRES”; write one token, a tab and a unit per line.",
                       i + 1, path);
          return NULL;
        }

      if (!gk_catalog_has_unit (catalog, fields[1]))
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Line %u of the tokens file “%s” names the unit “%s”, which is not in the catalog; spell it as the catalog does.",
                       i + 1, path, fields[1]);
          return NULL;
        }

      if (g_hash_table_contains (entries, fields[0]))
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Line %u of the tokens file “%s” repeats an earlier token; give every liaison a token of their own.",
                       i + 1, path);
          return NULL;
        }

      entry = g_new0 (Entry, 1);
      entry->unit = g_strdup (fields[1]);
      entry->expires = G_MAXINT64;
      g_hash_table_insert (entries, g_strdup (fields[0]), entry);
      if (count == 3 && !parse_expiry (g_strstrip (fields[2]), &entry->expires))
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Line %u of the tokens file “%s” has the expiry “%s”, which is not a date; write YYYY-MM-DD or an ISO 8601 date and time.",
                       i + 1, path, fields[2]);
          return NULL;
        }
    }

  if (g_hash_table_size (entries) == 0)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "The tokens file “%s” holds no token; add one “TOKEN<TAB>UNIT” line per liaison.",
                   path);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/**
 * gk_portal_tokens_new_from_file:
 * @catalog: every unit named in the file must be one of its units
 *
 * Reads one `TOKEN<TAB>UNIT` line per liaison, with an optional third column
 * saying until when the token works; `#` starts a comment line and blank
 * lines are skipped. Error messages name the line, never the token.
 */
GkPortalTokens *
gk_portal_tokens_new_from_file (const char *path,
                                GkCatalog  *catalog,
                                GError    **error)
{
  g_autoptr(GkPortalTokens) self = NULL;
  GHashTable *entries;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  if ((entries = read_file (path, catalog, error)) == NULL)
    return NULL;

  self = g_object_new (GK_TYPE_PORTAL_TOKENS, NULL);
  self->path = g_strdup (path);
  self->catalog = g_object_ref (catalog);
  self->entries = entries;

  return g_steal_pointer (&self);
}

/**
 * gk_portal_tokens_reload:
 *
 * Reads the tokens file again (on SIGHUP): a token removed from it is
 * refused from now on, without a restart. A file that cannot be read or has
 * an error changes nothing.
 */
gboolean
gk_portal_tokens_reload (GkPortalTokens *self,
                         GError        **error)
{
  GHashTable *entries;

  g_return_val_if_fail (GK_IS_PORTAL_TOKENS (self), FALSE);

  if ((entries = read_file (self->path, self->catalog, error)) == NULL)
    return FALSE;

  g_hash_table_unref (self->entries);
  self->entries = entries;
  return TRUE;
}

/**
 * gk_portal_tokens_lookup_unit:
 * @expired: (out) (optional): set when the token is known but past its expiry
 *
 * Returns: (nullable): the token's unit, %NULL for an unknown or expired token
 */
const char *
gk_portal_tokens_lookup_unit (GkPortalTokens *self,
                              const char     *token,
                              gboolean       *expired)
{
  Entry *entry;

  g_return_val_if_fail (GK_IS_PORTAL_TOKENS (self), NULL);

  if (expired != NULL)
    *expired = FALSE;

  if (token == NULL || (entry = g_hash_table_lookup (self->entries, token)) == NULL)
    return NULL;

  if (g_get_real_time () / G_USEC_PER_SEC >= entry->expires)
    {
      if (expired != NULL)
        *expired = TRUE;
      return NULL;
    }

  return entry->unit;
}

guint
gk_portal_tokens_get_count (GkPortalTokens *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_TOKENS (self), 0);

  return g_hash_table_size (self->entries);
}
