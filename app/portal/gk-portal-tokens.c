/* The liaisons' bearer tokens and the unit each one belongs to, read from a TOKEN<TAB>UNIT file. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-portal-tokens.h"

struct _GkPortalTokens
{
  GObject     parent_instance;

  GHashTable *units;  /* token → unit */
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
gk_portal_tokens_finalize (GObject *object)
{
  GkPortalTokens *self = (GkPortalTokens *)object;

  g_clear_pointer (&self->units, g_hash_table_unref);

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
  self->units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * gk_portal_tokens_new_from_file:
 * @catalog: every unit named in the file must be one of its units
 *
 * Reads one `TOKEN<TAB>UNIT` line per liaison; `#` starts a comment line and
 * blank lines are skipped. Error messages name the line, never the token.
 */
GkPortalTokens *
gk_portal_tokens_new_from_file (const char *path,
                                GkCatalog  *catalog,
                                GError    **error)
{
  g_autoptr(GkPortalTokens) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "The tokens file “%s” could not be read (%s); check the path given with --tokens.",
                   path, local_error->message);
      return NULL;
    }

  self = g_object_new (GK_TYPE_PORTAL_TOKENS, NULL);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      /* Strips CR LF line ends and the blanks around the tab-separated fields. */
      char *line = lines[i];

      g_strstrip (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;

      fields = g_strsplit (line, "\t", -1);
      if (g_strv_length (fields) != 2 || !is_token_valid (fields[0]) || *g_strstrip (fields[1]) == '\0')
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Line %u of the tokens file “%s” is not “TOKEN<TAB>UNIT”; write one token, a tab and a unit per line.",
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

      if (g_hash_table_contains (self->units, fields[0]))
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Line %u of the tokens file “%s” repeats an earlier token; give every liaison a token of their own.",
                       i + 1, path);
          return NULL;
        }

      g_hash_table_insert (self->units, g_strdup (fields[0]), g_strdup (fields[1]));
    }

  if (g_hash_table_size (self->units) == 0)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "The tokens file “%s” holds no token; add one “TOKEN<TAB>UNIT” line per liaison.",
                   path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * gk_portal_tokens_lookup_unit:
 *
 * Returns: (nullable): the token's unit, %NULL for an unknown token
 */
const char *
gk_portal_tokens_lookup_unit (GkPortalTokens *self,
                              const char     *token)
{
  g_return_val_if_fail (GK_IS_PORTAL_TOKENS (self), NULL);

  if (token == NULL)
    return NULL;

  return g_hash_table_lookup (self->units, token);
}

guint
gk_portal_tokens_get_count (GkPortalTokens *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_TOKENS (self), 0);

  return g_hash_table_size (self->units);
}
