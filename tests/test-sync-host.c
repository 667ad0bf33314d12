/*
 * The portal link on a host that is not a GkContext: a store, a data folder
 * and switches, no catalog of its own. GkSync and its engine must get by on
 * what GkSyncHost names, so the context stays their owner, never a part.
 */
#include "config.h"

#include <string.h>

/* For GK_CONTEXT_ERROR_NO_UNIT only: the engine's message without a unit is the context's. */
#include "gk-context.h"
#include "gk-doc-portal.h"
#include "gk-portal-client.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-sync.h"
#include "gk-sync-engine.h"
#include "gk-sync-host.h"
#include "gk-test-util.h"

#define UNIT "市民政局"
#define TOKEN "demo-token-mz"

#define GK_TYPE_TEST_HOST (gk_test_host_get_type ())

G_DECLARE_FINAL_TYPE (GkTestHost, gk_test_host, GK, TEST_HOST, GObject)

struct _GkTestHost
{
  GObject        parent_instance;

  char          *dir;
  GkStore       *store;
  GkDevSwitches  switches;
  GBytes        *catalog;  /* the last one installed */
};

static void gk_test_host_sync_host_init (GkSyncHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GkTestHost, gk_test_host, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GK_TYPE_SYNC_HOST, gk_test_host_sync_host_init))

static GkStore *
test_host_get_store (GkSyncHost *host)
{
  return GK_TEST_HOST (host)->store;
}

static const char *
test_host_get_data_dir (GkSyncHost *host)
{
  return GK_TEST_HOST (host)->dir;
}

static const GkDevSwitches *
test_host_get_dev_switches (GkSyncHost *host)
{
  return &GK_TEST_HOST (host)->switches;
}

/* No catalog here to check the unit against: the store's own checks only. */
static gboolean
test_host_save_profile (GkSyncHost *host,
                        GkProfile  *profile,
                        GError    **error)
{
  return gk_store_save_profile (GK_TEST_HOST (host)->store, profile, error);
}

static gboolean
test_host_install_catalog (GkSyncHost *host,
                           GBytes     *bytes,
                           const char *name,
                           gboolean   *changed,
                           GError    **error)
{
  GkTestHost *self = GK_TEST_HOST (host);

  g_clear_pointer (&self->catalog, g_bytes_unref);
  self->catalog = g_bytes_ref (bytes);
  if (changed != NULL)
    *changed = TRUE;

  return TRUE;
}

static void
gk_test_host_sync_host_init (GkSyncHostInterface *iface)
{
  iface->get_store = test_host_get_store;
  iface->get_data_dir = test_host_get_data_dir;
  iface->get_dev_switches = test_host_get_dev_switches;
  iface->save_profile = test_host_save_profile;
  iface->install_catalog = test_host_install_catalog;
}

static void
gk_test_host_finalize (GObject *object)
{
  GkTestHost *self = GK_TEST_HOST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->catalog, g_bytes_unref);
  g_free (self->switches.default_portal);
  g_free (self->switches.demo_tokens);
  gk_test_remove_tree (self->dir);
  g_free (self->dir);

  G_OBJECT_CLASS (gk_test_host_parent_class)->finalize (object);
}

static void
gk_test_host_class_init (GkTestHostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_test_host_finalize;
}

static void
gk_test_host_init (GkTestHost *self)
{
}

static GkTestHost *
gk_test_host_new (void)
{
  g_autoptr(GkTestHost) self = g_object_new (GK_TYPE_TEST_HOST, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  self->dir = gk_test_make_data_dir ();
  path = g_build_filename (self->dir, "gongkai.db", NULL);
  self->store = gk_store_open (path, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&self);
}

static void
save_unit (GkTestHost *host)
{
  g_autoptr(GkProfile) profile = gk_store_dup_profile (host->store);
  g_autoptr(GError) error = NULL;

  gk_profile_set_unit (profile, UNIT);
  g_assert_true (gk_sync_host_save_profile (GK_SYNC_HOST (host), profile, &error));
  g_assert_no_error (error);
}

static void
on_async_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The demo portal and token come from the host's switches; choosing the unit, in the host's store, logs in. */
static void
test_sync_follows_store (void)
{
  g_autoptr(GkTestHost) host = gk_test_host_new ();
  g_autoptr(GkSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tokens = g_build_filename (host->dir, "demo-tokens", NULL);

  g_file_set_contents (tokens, TOKEN "\t" UNIT "\n", -1, &error);
  g_assert_no_error (error);
  host->switches.default_portal = g_strdup ("http://127.0.0.1:9/");
  host->switches.demo_tokens = g_strdup (tokens);

  sync = gk_sync_new (GK_SYNC_HOST (host), NULL);
  g_assert_false (gk_sync_reload (sync, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpint (gk_sync_get_status (sync), ==, GK_SYNC_STATUS_SIGNED_OUT);
  g_assert_cmpstr (gk_sync_get_url (sync), ==, "http://127.0.0.1:9/");

  save_unit (host);

  g_assert_true (gk_sync_get_logged_in (sync));
  g_assert_cmpint (gk_sync_get_status (sync), ==, GK_SYNC_STATUS_IDLE);
  g_assert_nonnull (gk_sync_get_client (sync));
}

/* A run reads the unit from the host's store and hands the portal's catalog to the host. */
static void
test_engine_installs_through_host (void)
{
  g_autoptr(GkTestHost) host = gk_test_host_new ();
  g_autoptr(GkPortalClient) client = NULL;
  g_autoptr(GkSyncEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) catalog_json = gk_test_dup_builtin_json ();
  g_autoptr(GBytes) catalog = gk_test_json_to_bytes (catalog_json);
  GkDocPortal *portal = gk_doc_portal_new (&error);

  g_assert_no_error (error);
  gk_doc_portal_add_token (portal, TOKEN, UNIT);
  gk_doc_portal_set_catalog (portal, catalog);
  client = gk_portal_client_new (gk_doc_portal_get_url (portal), TOKEN, NULL, GK_PORTAL_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  engine = gk_sync_engine_new (GK_SYNC_HOST (host), client);

  /* Without a unit the run does not start, with the context's own words. */
  gk_sync_engine_run_async (engine, NULL, on_async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gk_sync_engine_run_finish (engine, result, &error));
  g_assert_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_NO_UNIT);
  g_assert_nonnull (strstr (error->message, "gongkai profile set --unit"));
  g_clear_error (&error);
  g_clear_object (&result);

  save_unit (host);
  gk_sync_engine_run_async (engine, NULL, on_async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gk_sync_engine_run_finish (engine, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (host->catalog);
  g_assert_true (g_bytes_equal (host->catalog, catalog));

  g_clear_object (&engine);
  gk_doc_portal_free (portal);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-host/sync-follows-store", test_sync_follows_store);
  g_test_add_func ("/sync-host/engine-installs-through-host", test_engine_installs_through_host);

  return g_test_run ();
}
