/* Verdicts promptly: background mode looks every minute while an item awaits the office's verdict. */
#include "config.h"

#include "gk-context-private.h"
#include "gk-item.h"
#include "gk-portal-client.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-sync-engine-private.h"
#include "gk-test-util.h"

static void
test_poll_pace (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GkContext) context = gk_context_new (dir, &error);
  g_autoptr(GkPortalClient) client = NULL;
  g_autoptr(GkSyncEngine) engine = NULL;
  g_autoptr(GkProfile) profile = NULL;
  g_autoptr(GkItem) item = NULL;
  GkStore *store;
  const char *uuid;

  g_assert_no_error (error);
  store = gk_context_get_store (context);
  profile = gk_store_dup_profile (store);
  gk_profile_set_unit (profile, "市民政局");
  g_assert_true (gk_context_save_profile (context, profile, &error));

  client = gk_portal_client_new ("http://127.0.0.1:9/", "token", NULL, GK_PORTAL_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  engine = gk_sync_engine_new (GK_SYNC_HOST (context), client);

  /* Nothing awaited: the unhurried pace. */
  g_assert_cmpuint (gk_sync_engine_get_next_wait (engine), ==, 5 * 60);

  item = gk_context_create_item (context, "hms.shjz.cxdb", &error);
  g_assert_no_error (error);
  uuid = gk_item_get_uuid (item);
  gk_item_set_field (item, GK_ITEM_TITLE, "低保名单");
  gk_item_set_field (item, GK_ITEM_BODY, "正文");
  gk_item_set_field (item, GK_ITEM_REVIEWER, "周科长");
  gk_item_set_field (item, GK_ITEM_REVIEWED_ON, "2026-11-03");
  g_assert_true (gk_context_save_item (context, item, &error));
  for (GkItemState state = GK_ITEM_STATE_READY; state <= GK_ITEM_STATE_SUBMITTED; state++)
    g_assert_true (gk_store_set_item_state (store, uuid, state, NULL, &error));

  /* Submitted, not yet decided: every minute. */
  g_assert_cmpuint (gk_sync_engine_get_next_wait (engine), ==, 60);

  g_assert_true (gk_store_set_item_state (store, uuid, GK_ITEM_STATE_PUBLISHED, NULL, &error));
  g_assert_cmpuint (gk_sync_engine_get_next_wait (engine), ==, 5 * 60);

  g_clear_object (&engine);
  g_clear_object (&context);
  gk_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-poll/pace", test_poll_pace);

  return g_test_run ();
}
