/*
 * The owner of a GkSync, as the sync part sees it. GkSync and its engine are
 * made by the context (and by tests) but must not depend on the whole
 * context, which would make the core's front door and its portal link each
 * other's parts: they ask this interface for exactly what they use. The
 * profile is read from the store, and its "profile-changed" signal is the
 * store's; saving a profile and installing a catalog are the host's, because
 * both validate against the catalog it keeps.
 */
#define G_LOG_DOMAIN "gk-sync"

#include "config.h"

#include "gk-sync-host.h"

G_DEFINE_INTERFACE (GkSyncHost, gk_sync_host, G_TYPE_OBJECT)

static void
gk_sync_host_default_init (GkSyncHostInterface *iface)
{
}

/**
 * gk_sync_host_get_store:
 *
 * Returns: (transfer none): the store of the data folder, the same for the host's whole life
 */
GkStore *
gk_sync_host_get_store (GkSyncHost *self)
{
  g_return_val_if_fail (GK_IS_SYNC_HOST (self), NULL);

  return GK_SYNC_HOST_GET_IFACE (self)->get_store (self);
}

/* The data folder: the token store keys tokens by it, and keeps them in it when no keyring runs. */
const char *
gk_sync_host_get_data_dir (GkSyncHost *self)
{
  g_return_val_if_fail (GK_IS_SYNC_HOST (self), NULL);

  return GK_SYNC_HOST_GET_IFACE (self)->get_data_dir (self);
}

/**
 * gk_sync_host_get_dev_switches:
 *
 * Returns: (transfer none): the program's development switches: the demo
 *   portal and tokens, checksums on every tus chunk
 */
const GkDevSwitches *
gk_sync_host_get_dev_switches (GkSyncHost *self)
{
  g_return_val_if_fail (GK_IS_SYNC_HOST (self), NULL);

  return GK_SYNC_HOST_GET_IFACE (self)->get_dev_switches (self);
}

/**
 * gk_sync_host_save_profile:
 *
 * Saves @profile after the host's checks (its unit against the catalog, the
 * shape of its phone number), as registering with the portal does.
 */
gboolean
gk_sync_host_save_profile (GkSyncHost *self,
                           GkProfile  *profile,
                           GError    **error)
{
  g_return_val_if_fail (GK_IS_SYNC_HOST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return GK_SYNC_HOST_GET_IFACE (self)->save_profile (self, profile, error);
}

/**
 * gk_sync_host_install_catalog:
 * @bytes: a catalog file's contents
 * @name: how to name it in messages
 * @changed: (out) (optional): %FALSE when this very catalog was already installed
 *
 * Installs the portal's catalog when it is valid and at least as new as the
 * one in use; an older one fails with %GK_CATALOG_ERROR_OLDER.
 */
gboolean
gk_sync_host_install_catalog (GkSyncHost *self,
                              GBytes     *bytes,
                              const char *name,
                              gboolean   *changed,
                              GError    **error)
{
  g_return_val_if_fail (GK_IS_SYNC_HOST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return GK_SYNC_HOST_GET_IFACE (self)->install_catalog (self, bytes, name, changed, error);
}
