/* What the portal link needs from whoever owns it: the store, the data folder and two of its rules. */
#pragma once

#include <gio/gio.h>

#include "gk-dev-switches.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_SYNC_HOST (gk_sync_host_get_type ())

G_DECLARE_INTERFACE (GkSyncHost, gk_sync_host, GK, SYNC_HOST, GObject)

struct _GkSyncHostInterface
{
  GTypeInterface parent_iface;

  GkStore             *(*get_store)        (GkSyncHost  *self);
  const char          *(*get_data_dir)     (GkSyncHost  *self);
  const GkDevSwitches *(*get_dev_switches) (GkSyncHost  *self);
  gboolean             (*save_profile)     (GkSyncHost  *self,
                                            GkProfile   *profile,
                                            GError     **error);
  gboolean             (*install_catalog)  (GkSyncHost  *self,
                                            GBytes      *bytes,
                                            const char  *name,
                                            gboolean    *changed,
                                            GError     **error);
};

GkStore             *gk_sync_host_get_store        (GkSyncHost  *self);
const char          *gk_sync_host_get_data_dir     (GkSyncHost  *self);
const GkDevSwitches *gk_sync_host_get_dev_switches (GkSyncHost  *self);
gboolean             gk_sync_host_save_profile     (GkSyncHost  *self,
                                                    GkProfile   *profile,
                                                    GError     **error);
gboolean             gk_sync_host_install_catalog  (GkSyncHost  *self,
                                                    GBytes      *bytes,
                                                    const char  *name,
                                                    gboolean    *changed,
                                                    GError     **error);

G_END_DECLS
