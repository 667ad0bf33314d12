/*
 * Tokens live in the Secret Service (the desktop keyring) through libsecret,
 * keyed by portal and data folder. Where no Secret Service runs (a bare
 * session, a server, CI) they go to a file only the user can read, and the
 * program says so once. A token never reaches a log line or a message.
 */
#define G_LOG_DOMAIN "gk-token"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "gk-token-store.h"

#define TOKEN_FILE "portal-tokens"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.gongkai.Liaison.Token", SECRET_SCHEMA_NONE,
    {
      { "portal", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "data-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/*
 * Without a session bus, libsecret would make D-Bus autolaunch one through X11:
 * a stray daemon, or a hang on a headless machine. Ask only when a bus exists.
 */
static gboolean
have_session_bus (void)
{
  g_autofree char *socket = NULL;

  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");

  if (address != NULL && *address != '\0')
    return TRUE;

  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

static char *
dup_token_file (const char *data_dir)
{
  return g_build_filename (data_dir, TOKEN_FILE, NULL);
}

/* The file holds `PORTAL<TAB>TOKEN` lines. */
static GHashTable *
read_token_file (const char *path)
{
  g_autoptr(GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_steal_pointer (&tokens);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');

      if (tab == NULL)
        continue;
      *tab = '\0';
      g_hash_table_replace (tokens, g_strdup (lines[i]), g_strdup (tab + 1));
    }

  return g_steal_pointer (&tokens);
}

static gboolean
save_to_file (const char  *data_dir,
              const char  *portal,
              const char  *token,
              GError     **error)
{
  g_autofree char *path = dup_token_file (data_dir);
  g_autoptr(GHashTable) tokens = read_token_file (path);
  g_autoptr(GString) contents = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_replace (tokens, g_strdup (portal), g_strdup (token));
  g_hash_table_iter_init (&iter, tokens);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (contents, "%s\t%s\n", (const char *) key, (const char *) value);

  g_mkdir_with_parents (data_dir, 0700);
  if (!g_file_set_contents_full (path, contents->str, (gssize) contents->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    return FALSE;

  g_message ("No Secret Service is running; the portal token is kept in %s, readable only by you.", path);

  return TRUE;
}

/**
 * gk_token_store_save:
 * @data_dir: the data folder the token belongs with
 */
gboolean
gk_token_store_save (const char  *data_dir,
                     const char  *portal,
                     const char  *token,
                     GError     **error)
{
  g_autoptr(GError) secret_error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (data_dir != NULL && portal != NULL && token != NULL, FALSE);

  if (have_session_bus ())
    {
      label = g_strdup_printf (_("Gongkai Liaison token for %s"), portal);
      if (secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, token, NULL, &secret_error,
                                      "portal", portal, "data-dir", data_dir, NULL))
        {
          /* A token left in the file from a session without a keyring would shadow nothing, but must go. */
          g_autofree char *path = dup_token_file (data_dir);
          g_autoptr(GHashTable) tokens = read_token_file (path);

          if (g_hash_table_remove (tokens, portal) && g_hash_table_size (tokens) == 0)
            g_unlink (path);
          return TRUE;
        }

      g_debug ("The Secret Service refused the token: %s", secret_error->message);
    }

  return save_to_file (data_dir, portal, token, error);
}

/**
 * gk_token_store_lookup:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL when none was saved
 */
char *
gk_token_store_lookup (const char *data_dir,
                       const char *portal)
{
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) tokens = NULL;
  char *token = NULL;

  g_return_val_if_fail (data_dir != NULL && portal != NULL, NULL);

  if (have_session_bus ())
    {
      g_autoptr(GError) error = NULL;

      token = secret_password_lookup_sync (get_schema (), NULL, &error,
                                           "portal", portal, "data-dir", data_dir, NULL);
      if (token != NULL)
        {
          /* libsecret hands out its own non-pageable copy; ours lives in ordinary memory. */
          char *copy = g_strdup (token);

          secret_password_free (token);
          return copy;
        }
    }

  path = dup_token_file (data_dir);
  tokens = read_token_file (path);

  return g_strdup (g_hash_table_lookup (tokens, portal));
}
