/*
 * The municipal office's reviewers: one `NAME<TAB>HASH` line each in
 * DIR/office-users (0600), HASH an argon2id encoding (memory-hard: a stolen
 * file does not give the passwords away at GPU speed). Written by
 * `gongkai-portal office-user add|remove`, read at start and on SIGHUP.
 */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <argon2.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <sys/random.h>

#include "gk-disk.h"
#include "gk-portal-office-accounts.h"
#include "gk-protocol.h"

#define FILE_NAME "office-users"
#define MAX_NAME_BYTES 64
/* RFC 9106's second recommended option: 64 MiB, 3 passes, one lane. */
#define ARGON2_TIME_COST 3
#define ARGON2_MEMORY_KIB (64 * 1024)
#define ARGON2_LANES 1
#define SALT_BYTES 16
#define HASH_BYTES 32

struct _GkPortalOfficeAccounts
{
  GObject     parent_instance;

  char       *path;
  GHashTable *hashes;  /* name → argon2id encoding */
};

G_DEFINE_FINAL_TYPE (GkPortalOfficeAccounts, gk_portal_office_accounts, G_TYPE_OBJECT)

static void
gk_portal_office_accounts_finalize (GObject *object)
{
  GkPortalOfficeAccounts *self = (GkPortalOfficeAccounts *)object;

  g_clear_pointer (&self->hashes, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (gk_portal_office_accounts_parent_class)->finalize (object);
}

static void
gk_portal_office_accounts_class_init (GkPortalOfficeAccountsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_office_accounts_finalize;
}

static void
gk_portal_office_accounts_init (GkPortalOfficeAccounts *self)
{
  self->hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* A name is one line of plain text the pages and the log can show. */
static gboolean
is_name_valid (const char *name)
{
  return *name != '\0' && strlen (name) <= MAX_NAME_BYTES && gk_protocol_text_is_clean (name, FALSE) &&
         g_utf8_strchr (name, -1, ' ') == NULL;
}

static GHashTable *
read_file (const char *path,
           GError    **error)
{
  g_autoptr(GHashTable) hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&hashes);

      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The office accounts file “%s” could not be read (%s); check its permissions.",
                   path, local_error->message);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (fields) != 2 || !is_name_valid (fields[0]) || !g_str_has_prefix (fields[1], "$argon2id$"))
        {
          g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                       "Line %u of the office accounts file “%s” is damaged; set that account again with gongkai-portal office-user add.",
                       i + 1, path);
          return NULL;
        }
      g_hash_table_replace (hashes, g_strdup (fields[0]), g_strdup (fields[1]));
    }

  return g_steal_pointer (&hashes);
}

/* Replaces the file as a whole, 0600: never half-written, never readable by others. */
static gboolean
write_file (GkPortalOfficeAccounts *self,
            GError                **error)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GList) names = g_hash_table_get_keys (self->hashes);
  g_autofree char *folder = g_path_get_dirname (self->path);
  int saved_errno = 0;

  /* The first account may come before the portal ever ran. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    saved_errno = errno;

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (contents, "%s\t%s\n", (const char *) l->data,
                            (const char *) g_hash_table_lookup (self->hashes, l->data));

  if (saved_errno != 0 || !gk_disk_replace_file (self->path, contents->str, contents->len, &saved_errno))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The office accounts file “%s” could not be written (%s); check the data folder.",
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_portal_office_accounts_new:
 * @data_dir: the portal's --data-dir
 *
 * Reads DIR/office-users; a missing file means no account.
 */
GkPortalOfficeAccounts *
gk_portal_office_accounts_new (const char *data_dir,
                               GError    **error)
{
  g_autoptr(GkPortalOfficeAccounts) self = g_object_new (GK_TYPE_PORTAL_OFFICE_ACCOUNTS, NULL);

  self->path = g_build_filename (data_dir, FILE_NAME, NULL);
  if (!gk_portal_office_accounts_reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* SIGHUP: accounts added or removed with the command since the portal started. */
gboolean
gk_portal_office_accounts_reload (GkPortalOfficeAccounts *self,
                                  GError                **error)
{
  GHashTable *hashes;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_ACCOUNTS (self), FALSE);

  if ((hashes = read_file (self->path, error)) == NULL)
    return FALSE;

  g_hash_table_unref (self->hashes);
  self->hashes = hashes;
  return TRUE;
}

guint
gk_portal_office_accounts_get_count (GkPortalOfficeAccounts *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_ACCOUNTS (self), 0);

  return g_hash_table_size (self->hashes);
}

gboolean
gk_portal_office_accounts_contains (GkPortalOfficeAccounts *self,
                                    const char             *name)
{
  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_ACCOUNTS (self), FALSE);

  return g_hash_table_contains (self->hashes, name);
}

/* Whether @password is @name's; an unknown name costs as much time as a wrong password. */
gboolean
gk_portal_office_accounts_verify (GkPortalOfficeAccounts *self,
                                  const char             *name,
                                  const char             *password)
{
  static char *decoy = NULL;
  const char *hash;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_ACCOUNTS (self), FALSE);

  hash = name != NULL ? g_hash_table_lookup (self->hashes, name) : NULL;
  if (hash == NULL)
    {
      if (decoy == NULL)
        {
          guint8 salt[SALT_BYTES] = { 0 };
          gsize length = argon2_encodedlen (ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES,
                                            SALT_BYTES, HASH_BYTES, Argon2_id);

          decoy = g_malloc (length);
          argon2id_hash_encoded (ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES, "decoy", 5,
                                 salt, sizeof salt, HASH_BYTES, decoy, length);
        }
      argon2id_verify (decoy, password, strlen (password));
      return FALSE;
    }

  return argon2id_verify (hash, password, strlen (password)) == ARGON2_OK;
}

/**
 * gk_portal_office_accounts_set:
 *
 * Adds the account @name, or gives it a new password, and writes the file.
 */
gboolean
gk_portal_office_accounts_set (GkPortalOfficeAccounts *self,
                               const char             *name,
                               const char             *password,
                               GError                **error)
{
  guint8 salt[SALT_BYTES];
  g_autofree char *encoded = NULL;
  gsize length;
  int rc;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_ACCOUNTS (self), FALSE);

  if (!is_name_valid (name))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "The account name “%s” is not one word of at most %d bytes without control characters; choose another.",
                   name, MAX_NAME_BYTES);
      return FALSE;
    }

  if (g_utf8_strlen (password, -1) < GK_PORTAL_MIN_PASSWORD_LENGTH || !gk_protocol_text_is_clean (password, FALSE))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "The password is shorter than %d characters or has control characters; choose a longer one.",
                   GK_PORTAL_MIN_PASSWORD_LENGTH);
      return FALSE;
    }

  if (getrandom (salt, sizeof salt, 0) != sizeof salt)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The kernel gave no random bytes for the password's salt (%s); try again.", g_strerror (errno));
      return FALSE;
    }

  length = argon2_encodedlen (ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES, SALT_BYTES, HASH_BYTES, Argon2_id);
  encoded = g_malloc (length);
  if ((rc = argon2id_hash_encoded (ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES, password, strlen (password),
                                   salt, sizeof salt, HASH_BYTES, encoded, length)) != ARGON2_OK)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The password could not be hashed (%s); try again.", argon2_error_message (rc));
      return FALSE;
    }

  g_hash_table_replace (self->hashes, g_strdup (name), g_steal_pointer (&encoded));
  return write_file (self, error);
}

gboolean
gk_portal_office_accounts_remove (GkPortalOfficeAccounts *self,
                                  const char             *name,
                                  GError                **error)
{
  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_ACCOUNTS (self), FALSE);

  if (!g_hash_table_remove (self->hashes, name))
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                   "There is no office account “%s”; see the names in the office-users file of the data folder.", name);
      return FALSE;
    }

  return write_file (self, error);
}
