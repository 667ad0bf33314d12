/*
 * The client against a second portal written from docs/portal-api.md alone
 * (tests/gk-doc-portal.c), which takes the other choice wherever the document
 * leaves one: positional cursors on pages of two, relative Locations, HTTP
 * dates in Retry-After. Then against the same portal turned hostile: Locations
 * to files and other hosts, JSON nested without end, answers that never end.
 * The client runs in this process, on the same main context as the portal.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "gk-attachment.h"
#include "gk-context-private.h"
#include "gk-doc-portal.h"
#include "gk-item.h"
#include "gk-portal-client-private.h"
#include "gk-profile.h"
#include "gk-store.h"
#include "gk-sync.h"
#include "gk-sync-engine.h"
#include "gk-tus-upload-private.h"
#include "gk-test-util.h"

#define UNIT "市民政局"
#define TOKEN "doc-token-mz"
#define COLUMN_ID "hms.shjz.cxdb"

typedef struct
{
  GkDocPortal     *portal;
  char            *dir;
  GkContext       *context;
  GkSync          *sync;
  GkPortalClient  *client;
  GkSyncEngine    *engine;
  const char      *ca_file;   /* of a portal over TLS */
} Fixture;

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
wait_for (gpointer *result)
{
  while (!is_set (result))
    g_main_context_iteration (NULL, TRUE);
}

static void
on_async_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
login (Fixture     *fixture,
       const char  *token,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gk_sync_login_async (fixture->sync, gk_doc_portal_get_url (fixture->portal), token, fixture->ca_file,
                       GK_PORTAL_CLIENT_FLAGS_NONE, NULL, on_async_done_cb, &result);
  wait_for ((gpointer *) &result);

  return gk_sync_login_finish (fixture->sync, result, error);
}

/* A fresh engine with the account's client, as the GUI makes one after a login. */
static void
make_engine (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->client);
  gk_sync_reload (fixture->sync, &error);
  g_assert_no_error (error);
  fixture->client = g_object_ref (gk_sync_get_client (fixture->sync));
  fixture->engine = gk_sync_engine_new (GK_SYNC_HOST (fixture->context), fixture->client);
}

static gboolean
run (Fixture  *fixture,
     GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gk_sync_engine_run_async (fixture->engine, NULL, on_async_done_cb, &result);
  wait_for ((gpointer *) &result);

  return gk_sync_engine_run_finish (fixture->engine, result, error);
}

/* 市民政局's data folder, logged in to @fixture's portal, which has the built-in catalog. */
static void
set_up_client (Fixture *fixture)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *unit = NULL;
  g_autoptr(JsonNode) catalog_json = gk_test_dup_builtin_json ();
  g_autoptr(GBytes) catalog = gk_test_json_to_bytes (catalog_json);

  gk_doc_portal_add_token (fixture->portal, TOKEN, UNIT);
  gk_doc_portal_add_token (fixture->portal, "doc-token-cz", "市财政局");
  gk_doc_portal_set_catalog (fixture->portal, catalog);

  fixture->dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  gk_profile_set_unit (profile, UNIT);
  gk_profile_set_liaison (profile, "张丽");
  gk_profile_set_phone (profile, "0730-8882003");
  gk_context_save_profile (fixture->context, profile, &error);
  g_assert_no_error (error);

  fixture->sync = gk_sync_new (GK_SYNC_HOST (fixture->context), NULL);
  unit = login (fixture, TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (unit, ==, UNIT);
  make_engine (fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->portal = gk_doc_portal_new (&error);
  g_assert_no_error (error);
  set_up_client (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->engine != NULL)
    gk_sync_engine_stop (fixture->engine);
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->context);
  g_clear_pointer (&fixture->portal, gk_doc_portal_free);
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* A queued item of 城乡低保, with an attachment of @size bytes when @size is not 0. */
static char *
queue_item (Fixture    *fixture,
            const char *title,
            gsize       size)
{
  GkStore *store = gk_context_get_store (fixture->context);
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  item = gk_context_create_item (fixture->context, COLUMN_ID, &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, title);
  gk_item_set_field (item, GK_ITEM_REVIEWER, "周科长");
  gk_item_set_field (item, GK_ITEM_REVIEWED_ON, "2026-11-20");
  gk_item_set_field (item, GK_ITEM_BODY, "城乡低保对象名单如下。");
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);

  if (size > 0)
    {
      g_autofree char *path = g_build_filename (fixture->dir, "录像.bin", NULL);
      g_autofree char *contents = g_malloc (size);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GkAttachment) attachment = NULL;

      for (gsize i = 0; i < size; i++)
        contents[i] = (char) (i * 31 + strlen (title));
      g_file_set_contents (path, contents, (gssize) size, &error);
      g_assert_no_error (error);
      attachment = gk_store_attach_file (store, gk_item_get_uuid (item), file, NULL, &error);
      g_assert_no_error (error);
    }

  gk_store_set_item_state (store, gk_item_get_uuid (item), GK_ITEM_STATE_READY, NULL, &error);
  g_assert_no_error (error);
  /* An unreadable binary needs an approver, as the privacy gate demands. */
  gk_context_submit_item (fixture->context, gk_item_get_uuid (item),
                          size > 0 ? "刘副局长" : NULL, size > 0 ? "录像，无名单" : NULL, FALSE, &error);
  g_assert_no_error (error);

  return g_strdup (gk_item_get_uuid (item));
}

static GkItemState
local_state (Fixture    *fixture,
             const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = gk_store_dup_item (gk_context_get_store (fixture->context), uuid, &error);

  g_assert_no_error (error);
  return gk_item_get_state (item);
}

static void
test_location_forms (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const GkDocLocationForm forms[] = {
    GK_DOC_LOCATION_RELATIVE, GK_DOC_LOCATION_ABSOLUTE_PATH, GK_DOC_LOCATION_ABSOLUTE_URL,
  };

  /* §5.2: "uploads/<id>" is relative to the request, /api/v1/uploads; it was resolved against the root. */
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *title = g_strdup_printf ("附件上传，Location 写法 %" G_GSIZE_FORMAT, i);
      g_autofree char *uuid = NULL;
      g_autoptr(GError) error = NULL;

      gk_doc_portal_set_location_form (fixture->portal, forms[i]);
      uuid = queue_item (fixture, title, 100000 + i);
      run (fixture, &error);
      g_assert_no_error (error);
      g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
      g_assert_cmpstr (gk_doc_portal_get_item_status (fixture->portal, uuid), ==, "received");
    }

  g_assert_cmpuint (gk_doc_portal_count_uploads (fixture->portal, TRUE), ==, 3);
}

#define MIB (1024 * 1024)

/* How many connections the PATCHes from the @first on came on. */
static guint
count_connections (Fixture *fixture,
                   guint    first)
{
  GArray *ports = gk_doc_portal_get_patch_ports (fixture->portal);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint k = first; k < ports->len; k++)
    g_hash_table_add (seen, GUINT_TO_POINTER (g_array_index (ports, guint16, k)));

  return g_hash_table_size (seen);
}

/*
 * §5.1, §5.3: PATCHes carry what Tus-Max-Chunk-Size asks for, 8 MiB when the portal
 * names no size (the doc's default); a silly size is clamped to 64 KiB..64 MiB
 * or, when it is no size at all, taken as none. The chunks of an upload share one
 * connection: a new one per chunk costs a TCP and TLS set-up on a slow line.
 */
static void
test_chunk_size (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const struct {
    const char *advertised;
    gsize       file;
    guint64     chunks[5];
  } cases[] = {
    { NULL, 9 * MIB + 5, { 8 * MIB, MIB + 5 } },
    { "1048576", 5 * MIB / 2, { MIB, MIB, MIB / 2 } },
    { "0", 9 * MIB, { 8 * MIB, MIB } },
    { "-4194304", 9 * MIB, { 8 * MIB, MIB } },
    { "16 MiB", 9 * MIB, { 8 * MIB, MIB } },
    { "1000", 200000, { 65536, 65536, 65536, 200000 - 3 * 65536 } },
    { "10737418240", 9 * MIB, { 9 * MIB } },
  };
  GArray *sizes = gk_doc_portal_get_patch_sizes (fixture->portal);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Titles of different lengths make different bytes: a file the portal has is not sent again. */
      g_autofree char *title = g_strnfill (i + 1, 'A');
      g_autofree char *uuid = NULL;
      g_autoptr(GError) error = NULL;
      guint first = sizes->len;
      guint n = 0;

      gk_doc_portal_set_max_chunk (fixture->portal, cases[i].advertised);
      uuid = queue_item (fixture, title, cases[i].file);
      run (fixture, &error);
      g_assert_no_error (error);
      g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);

      while (n < G_N_ELEMENTS (cases[i].chunks) && cases[i].chunks[n] != 0)
        n++;
      g_assert_cmpuint (sizes->len - first, ==, n);
      for (guint k = 0; k < n; k++)
        g_assert_cmpuint (g_array_index (sizes, guint64, first + k), ==, cases[i].chunks[k]);
      g_assert_cmpuint (count_connections (fixture, first), ==, 1);
    }
}

/*
 * A server that ends the connection after each 204 without saying so (as libsoup
 * 3.2 servers do): the client, which keeps connections, must still get every
 * chunk through, each on a new connection, in one run.
 */
static void
test_server_closes_after_204 (Fixture       *fixture,
                              gconstpointer  user_data)
{
  GArray *sizes = gk_doc_portal_get_patch_sizes (fixture->portal);
  guint first = sizes->len;
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;

  gk_doc_portal_set_close_after_204 (fixture->portal, TRUE);
  gk_doc_portal_set_max_chunk (fixture->portal, "65536");
  uuid = queue_item (fixture, "每块之后断开连接", 20 * 65536 + 7);
  run (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
  g_assert_cmpuint (sizes->len - first, ==, 21);
  g_assert_cmpuint (count_connections (fixture, first), ==, 21);
}

typedef struct
{
  guint   count;
  guint64 last;
  guint64 size;
} Progress;

static void
on_progress_cb (GkSyncEngine *engine,
                const char   *uuid,
                const char   *sha256,
                guint64       sent,
                guint64       size,
                Progress     *progress)
{
  g_assert_cmpuint (sent, >=, progress->last);
  progress->count++;
  progress->last = sent;
  progress->size = size;
}

/* Progress reaches listeners once per 256 KiB or so, not for each 8 KiB libsoup writes, and ends at the size. */
static void
test_progress_steps (Fixture       *fixture,
                     gconstpointer  user_data)
{
  Progress progress = { 0 };
  g_autofree char *uuid = queue_item (fixture, "附件上传进度", 9 * MIB);
  g_autoptr(GError) error = NULL;

  g_signal_connect (fixture->engine, "progress", G_CALLBACK (on_progress_cb), &progress);
  run (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
  g_assert_cmpuint (progress.size, ==, 9 * MIB);
  g_assert_cmpuint (progress.last, ==, 9 * MIB);
  g_assert_cmpuint (progress.count, >=, 9 * MIB / (256 * 1024));
  g_assert_cmpuint (progress.count, <=, 9 * MIB / (256 * 1024) + 4);
}

/* A server, in a thread, that answers the requests it gets, on whichever connection, with @answers in turn. */
typedef struct
{
  GSocketListener    *listener;
  const char * const *answers;
} ScriptedServer;

static gpointer
scripted_server_thread (gpointer data)
{
  ScriptedServer *server = data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) request = g_string_new (NULL);

  for (guint i = 0; server->answers[i] != NULL; i++)
    {
      char piece[1024];
      gssize n = 1;

      g_string_truncate (request, 0);
      while (n > 0 && strstr (request->str, "\r\n\r\n") == NULL)
        {
          if (connection == NULL &&
              (connection = g_socket_listener_accept (server->listener, NULL, NULL, NULL)) == NULL)
            return NULL;
          if ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), piece, sizeof piece,
                                        NULL, NULL)) > 0)
            g_string_append_len (request, piece, n);
          else
            {
              /* The client let this connection go: the next request comes on another. */
              g_clear_object (&connection);
              n = 1;
            }
        }
      if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), server->answers[i],
                                      strlen (server->answers[i]), NULL, NULL, NULL))
        break;
    }

  return NULL;
}

static GkPortalReply *
call (GkPortalClient  *client,
      const char      *method,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gk_portal_client_call_async (client, method, "/api/v1/uploads", NULL, NULL, NULL, NULL, on_async_done_cb, &result);
  wait_for ((gpointer *) &result);

  return gk_portal_client_call_finish (client, result, error);
}

/*
 * The client keeps a connection after a 204 (docs/portal-api.md §5.3). Bytes a
 * hostile or broken server sends after it must not be read as the answer to
 * the next request: that one goes on a new connection and gets its own answer.
 */
static void
test_bytes_after_204 (void)
{
  static const char * const answers[] = {
    "HTTP/1.1 204 No Content\r\n\r\n"
    "HTTP/1.1 200 OK\r\nX-Answer: smuggled\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\nX-Answer: second\r\nContent-Length: 0\r\n\r\n",
    NULL,
  };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  ScriptedServer server = { listener, answers };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GkPortalClient) client = NULL;
  g_autoptr(GkPortalReply) first = NULL;
  g_autoptr(GkPortalReply) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  client = gk_portal_client_new (url, "t", NULL, GK_PORTAL_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("scripted-server", scripted_server_thread, &server);

  first = call (client, "OPTIONS", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->status, ==, 204);

  second = call (client, "OPTIONS", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "X-Answer"), ==, "second");

  g_socket_listener_close (listener);
}

/* The bounds themselves, without a file of 64 MiB to show them. */
static void
test_chunk_size_bounds (void)
{
  static const struct {
    const char *advertised;
    guint64     chunk;
  } cases[] = {
    { NULL, 8 * MIB },
    { "", 8 * MIB },
    { "0", 8 * MIB },
    { "-1", 8 * MIB },
    { "8MB", 8 * MIB },
    { "99999999999999999999999", 8 * MIB },
    { "1", 64 * 1024 },
    { "65536", 64 * 1024 },
    { "33554432", 32 * MIB },
    { "67108864", 64 * MIB },
    { "67108865", 64 * MIB },
    { "10737418240", 64 * MIB },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

      if (cases[i].advertised != NULL)
        soup_message_headers_replace (headers, "Tus-Max-Chunk-Size", cases[i].advertised);
      g_assert_cmpuint (gk_tus_upload_chunk_size (headers), ==, cases[i].chunk);
    }
  g_assert_cmpuint (gk_tus_upload_chunk_size (NULL), ==, 8 * MIB);
}

typedef struct
{
  Fixture   *fixture;
  GPtrArray *uuids;
} PageChange;

/* The office rejects the first item again while the client is between pages. */
static void
on_page_cb (GkDocPortal *portal,
            guint        page_number,
            gpointer     user_data)
{
  PageChange *change = user_data;

  if (page_number == 2)
    gk_doc_portal_set_verdict (portal, g_ptr_array_index (change->uuids, 0), "published", NULL);
}

static void
test_verdicts_across_pages (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GkDocCursorStyle style = GPOINTER_TO_UINT (user_data);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  PageChange change = { fixture, uuids };

  gk_doc_portal_set_page_size (fixture->portal, 2);
  gk_doc_portal_set_cursor_style (fixture->portal, style);

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *title = g_strdup_printf ("第%u期低保名单", i + 1);

      g_ptr_array_add (uuids, queue_item (fixture, title, 0));
    }
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);

  /* Seven verdicts, four pages of two: each must arrive. */
  for (guint i = 0; i < uuids->len; i++)
    gk_doc_portal_set_verdict (fixture->portal, g_ptr_array_index (uuids, i), i % 2 ? "published" : "rejected",
                               i % 2 ? NULL : "缺少审核人签字");
  gk_doc_portal_set_page_hook (fixture->portal, on_page_cb, &change);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  gk_doc_portal_set_page_hook (fixture->portal, NULL, NULL);

  for (guint i = 1; i < uuids->len; i++)
    g_assert_cmpint (local_state (fixture, g_ptr_array_index (uuids, i)), ==,
                     i % 2 ? GK_ITEM_STATE_PUBLISHED : GK_ITEM_STATE_REJECTED);

  /* The change made between pages is newer than the walk's start: the next walk brings it. */
  g_assert_true (run (fixture, &error));
  g_assert_cmpint (local_state (fixture, g_ptr_array_index (uuids, 0)), ==, GK_ITEM_STATE_PUBLISHED);
}

static void
refuse_next_page_cb (GkDocPortal *portal,
                     guint        page_number,
                     gpointer     user_data)
{
  if (page_number == 1)
    gk_doc_portal_fail_next (portal, "GET", "/api/v1/items", 1, 400, NULL);
}

static void
test_walk_cut_midway (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  gk_doc_portal_set_page_size (fixture->portal, 2);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *title = g_strdup_printf ("第%u期资金发放情况", i + 1);

      g_ptr_array_add (uuids, queue_item (fixture, title, 0));
    }
  g_assert_true (run (fixture, &error));

  for (guint i = 0; i < uuids->len; i++)
    gk_doc_portal_set_verdict (fixture->portal, g_ptr_array_index (uuids, i), "rejected", "请补充附件");

  /* Page 2 is refused (400, not retried): the walk stops half-way and the mark must not move. */
  gk_doc_portal_set_page_hook (fixture->portal, refuse_next_page_cb, NULL);
  g_assert_false (run (fixture, &error));
  g_clear_error (&error);
  gk_doc_portal_set_page_hook (fixture->portal, NULL, NULL);
  g_assert_cmpint (local_state (fixture, g_ptr_array_index (uuids, 0)), ==, GK_ITEM_STATE_REJECTED);
  g_assert_cmpint (local_state (fixture, g_ptr_array_index (uuids, 5)), ==, GK_ITEM_STATE_SUBMITTED);

  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < uuids->len; i++)
    g_assert_cmpint (local_state (fixture, g_ptr_array_index (uuids, i)), ==, GK_ITEM_STATE_REJECTED);
}

static void
test_retry_after_date (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *uuid = queue_item (fixture, "忙时重试", 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_seconds (now, 2);
  g_autofree char *date = soup_date_time_to_string (soon, SOUP_DATE_HTTP);
  g_autoptr(GError) error = NULL;

  gk_doc_portal_fail_next (fixture->portal, "POST", "/api/v1/items", 1, 503, date);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
  g_assert_cmpuint (gk_doc_portal_count_items (fixture->portal, UNIT), ==, 1);
}

static void
on_waiting_cb (GkSync     *sync,
               guint       seconds,
               const char *reason,
               gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_login_busy (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *unit = NULL;
  guint waits = 0;

  /* §2: a 503 is retried honouring Retry-After; the first login used to give up at once. */
  g_signal_connect (fixture->sync, "waiting", G_CALLBACK (on_waiting_cb), &waits);
  gk_doc_portal_fail_next (fixture->portal, "GET", "/api/v1/whoami", 2, 503, "1");
  unit = login (fixture, TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (unit, ==, UNIT);
  g_assert_cmpuint (waits, ==, 2);

  /* Busy for longer than a login waits: one sentence, no hang. */
  g_clear_pointer (&unit, g_free);
  gk_doc_portal_fail_next (fixture->portal, "GET", "/api/v1/whoami", 10, 503, "40");
  unit = login (fixture, TOKEN, &error);
  g_assert_null (unit);
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY);
}

/* Where the client would send the token for the creation's Location; none of them may see a request. */
static void
test_hostile_locations (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GkDocPortal) elsewhere = gk_doc_portal_new (NULL);
  g_autofree char *other_host = g_strconcat (gk_doc_portal_get_url (elsewhere), "api/v1/uploads/x", NULL);
  /* The same port on another loopback address is another origin too. */
  const char *port = strrchr (gk_doc_portal_get_url (fixture->portal), ':') + 1;
  g_autofree char *other_address = g_strdup_printf ("http://127.0.0.2:%s", port);
  g_autofree char *with_user = g_strdup_printf ("http://user@127.0.0.1:%s", port);
  const char *locations[] = { "file:///etc/passwd", "data:,x", "//example.invalid/api/v1/uploads/x",
                              other_host, other_address, "ftp://127.0.0.1/x", with_user };
  g_autofree char *uuid = queue_item (fixture, "恶意的 Location", 5000);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (locations); i++)
    {
      gk_doc_portal_set_location_override (fixture->portal, locations[i]);
      g_assert_false (run (fixture, &error));
      g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, "nothing was sent there"));
      g_clear_error (&error);
      g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_QUEUED);
    }

  g_assert_cmpuint (gk_doc_portal_get_requests (elsewhere)->len, ==, 0);
  g_assert_cmpuint (gk_doc_portal_count_authorized_requests (elsewhere), ==, 0);

  /* A good portal again: the item goes, with nothing of the hostile answers kept. */
  gk_doc_portal_set_location_override (fixture->portal, NULL);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
}

static void
poison_upload (Fixture    *fixture,
               const char *location,
               gboolean    completed)
{
  g_autofree char *path = g_build_filename (fixture->dir, "gongkai.db", NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE uploads SET location = '%s', completed = %d", location, completed);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_close (db);
}

/* A bad URL stored by an older version (or a bad portal) crashed every later sync and start. */
static void
test_poisoned_stored_upload (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *first = queue_item (fixture, "存储中的坏地址", 4000);
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;

  /* Held back after its upload was created: the portal refuses the item once. */
  gk_doc_portal_fail_next (fixture->portal, "POST", "/api/v1/items", 1, 400, NULL);
  g_assert_false (run (fixture, &error));
  g_clear_error (&error);

  poison_upload (fixture, "file:///etc/passwd", FALSE);
  gk_context_submit_item (fixture->context, first, NULL, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, first), ==, GK_ITEM_STATE_SUBMITTED);

  /* Stored as complete, on another host: not named in an item, made anew. */
  second = queue_item (fixture, "另一份存储中的坏地址", 4000);
  poison_upload (fixture, "http://example.invalid/api/v1/uploads/zzz", TRUE);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, second), ==, GK_ITEM_STATE_SUBMITTED);
}

static void
test_deep_json (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autoptr(GBytes) body = g_bytes_new (deep, strlen (deep));
  g_autoptr(GError) error = NULL;

  gk_doc_portal_set_raw_reply (fixture->portal, "GET", "/api/v1/items", 200, "application/json", body);
  g_assert_false (run (fixture, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "cannot be read"));
  g_clear_error (&error);

  gk_doc_portal_set_raw_reply (fixture->portal, "GET", "/api/v1/items", 0, NULL, NULL);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
}

static void
test_endless_answer (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* A body that never ends, quickly: cut at the size cap. */
  gk_doc_portal_set_trickle (fixture->portal, "/api/v1/items", 8 * 1024 * 1024, TRUE);
  g_assert_false (run (fixture, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_clear_error (&error);

  /* A body that trickles a byte at a time, never silent for long: cut at the deadline. */
  gk_sync_engine_stop (fixture->engine);
  gk_portal_client_set_deadline (fixture->client, 2);
  gk_doc_portal_set_trickle (fixture->portal, "/api/v1/items", 10, TRUE);
  start = g_get_monotonic_time ();
  g_assert_false (run (fixture, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_RETRY);
  g_assert_nonnull (strstr (error->message, "within 2 seconds"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
}

static void
test_upload_still_verifying (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *uuid = queue_item (fixture, "门户重启后仍在核对附件", 6000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GkOutboxEntry *entry;

  /* A portal just restarted: HEAD says complete, the item naming the upload gets 422 for a while. */
  gk_doc_portal_set_upload_verifying (fixture->portal, TRUE);
  g_assert_false (run (fixture, &error));
  g_clear_error (&error);
  g_assert_false (run (fixture, &error));
  g_clear_error (&error);

  entries = gk_store_list_outbox (gk_context_get_store (fixture->context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_false (entry->stopped);
  g_assert_nonnull (entry->next_attempt_at);

  gk_doc_portal_set_upload_verifying (fixture->portal, FALSE);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
  g_assert_cmpuint (gk_doc_portal_count_items (fixture->portal, UNIT), ==, 1);
}

static GkOutboxEntry *
only_entry (Fixture    *fixture,
            GPtrArray **entries)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (entries, g_ptr_array_unref);
  *entries = gk_store_list_outbox (gk_context_get_store (fixture->context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*entries)->len, ==, 1);

  return g_ptr_array_index (*entries, 0);
}

/* §6.1's problem members: a passing cause waits and is tried again, a lasting one stops at once. */
static void
test_upload_problem_members (Fixture       *fixture,
                             gconstpointer  user_data)
{
  static const char incomplete[] =
    "{\"type\":\"https://gongkai.invalid/problems/invalid\",\"title\":\"Invalid\",\"status\":422,"
    "\"detail\":\"Attachment 1 is not ready.\",\"upload\":\"uploads/x\",\"upload_problem\":\"incomplete\"}";
  static const char mismatch[] =
    "{\"type\":\"https://gongkai.invalid/problems/invalid\",\"title\":\"Invalid\",\"status\":422,"
    "\"detail\":\"Attachment 1 is not ready.\",\"upload\":\"uploads/x\",\"upload_problem\":\"mismatch\"}";
  g_autofree char *uuid = queue_item (fixture, "门户说明附件问题的原因", 3000);
  g_autoptr(GBytes) passing = g_bytes_new_static (incomplete, strlen (incomplete));
  g_autoptr(GBytes) lasting = g_bytes_new_static (mismatch, strlen (mismatch));
  g_autoptr(GHashTable) refused = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  /* "detail" names no upload: only the member tells the causes apart. */
  gk_doc_portal_set_raw_reply (fixture->portal, "POST", "/api/v1/items", 422, "application/problem+json", passing);
  g_assert_false (run (fixture, &error));
  g_clear_error (&error);
  g_assert_false (only_entry (fixture, &entries)->stopped);
  refused = gk_context_dup_refused (fixture->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (refused), ==, 0);
  g_clear_pointer (&refused, g_hash_table_unref);

  gk_doc_portal_set_raw_reply (fixture->portal, "POST", "/api/v1/items", 422, "application/problem+json", lasting);
  g_assert_false (run (fixture, &error));
  g_clear_error (&error);
  g_assert_true (only_entry (fixture, &entries)->stopped);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_QUEUED);
  /* What the column's list marks and the editor explains: this item, with the portal's reason. */
  refused = gk_context_dup_refused (fixture->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (refused), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (refused, uuid), ==, only_entry (fixture, &entries)->last_error);
}

/* From https to http on the same host: refused like any other origin, with nothing sent there. */
static void
test_tls_downgrade (void)
{
  g_autofree char *dir = gk_test_make_data_dir ();
  g_autofree char *cert_path = g_build_filename (dir, "portal.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "portal.key", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GkDocPortal) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *downgrade = NULL;
  g_autofree char *uuid = NULL;
  Fixture fixture = { NULL };

  gk_test_make_certificate (cert_path, key_path);
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  fixture.portal = gk_doc_portal_new_tls (certificate, &error);
  g_assert_no_error (error);
  fixture.ca_file = cert_path;
  set_up_client (&fixture);
  plain = gk_doc_portal_new (&error);
  g_assert_no_error (error);
  downgrade = g_strconcat (gk_doc_portal_get_url (plain), "api/v1/uploads/x", NULL);

  uuid = queue_item (&fixture, "https 降级为 http", 2000);
  gk_doc_portal_set_location_override (fixture.portal, downgrade);
  g_assert_false (run (&fixture, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (gk_doc_portal_get_requests (plain)->len, ==, 0);
  g_clear_error (&error);

  gk_doc_portal_set_location_override (fixture.portal, NULL);
  g_assert_true (run (&fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_state (&fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);

  fixture_tear_down (&fixture, NULL);
  gk_test_remove_tree (dir);
}

/* whoami's expires_at is kept with the token, and the liaison is warned two weeks ahead. */
static void
test_token_expiry (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDateTime) expiry = gk_sync_dup_token_expiry (fixture->sync);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *none = NULL;
  g_autofree char *near = NULL;
  g_autofree char *past = NULL;

  /* The second portal gives its tokens a year. */
  g_assert_nonnull (expiry);
  g_assert_cmpint (g_date_time_difference (expiry, now), >, 300 * G_TIME_SPAN_DAY);

  none = gk_sync_dup_expiry_warning (fixture->sync, now);
  g_assert_null (none);
  soon = g_date_time_add_days (expiry, -5);
  near = gk_sync_dup_expiry_warning (fixture->sync, soon);
  g_assert_nonnull (strstr (near, "expires on"));
  after = g_date_time_add_days (expiry, 1);
  past = gk_sync_dup_expiry_warning (fixture->sync, after);
  g_assert_nonnull (strstr (past, "expired on"));
}

static void
on_sync_status_cb (GkSync     *sync,
                   GParamSpec *pspec,
                   GArray     *seen)
{
  GkSyncStatus status = gk_sync_get_status (sync);

  g_array_append_val (seen, status);
}

/* One "Send Now" through GkSync, as the GUI presses it. */
static gboolean
send_now (Fixture  *fixture,
          GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gk_sync_send_now_async (fixture->sync, NULL, on_async_done_cb, &result);
  wait_for ((gpointer *) &result);

  return gk_sync_send_now_finish (fixture->sync, result, error);
}

/* GkSync's status tells a refused item (422: mend it in the outbox) from a refused token (log in again). */
static void
test_status_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (GkSyncStatus));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = queue_item (fixture, "门户拒收的条目", 0);

  g_assert_true (gk_sync_get_logged_in (fixture->sync));
  g_assert_cmpint (gk_sync_get_status (fixture->sync), ==, GK_SYNC_STATUS_IDLE);
  g_signal_connect (fixture->sync, "notify::status", G_CALLBACK (on_sync_status_cb), seen);

  gk_doc_portal_fail_next (fixture->portal, "POST", "/api/v1/items", 1, 422, NULL);
  g_assert_false (send_now (fixture, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_REFUSED);
  g_assert_cmpint (gk_sync_get_status (fixture->sync), ==, GK_SYNC_STATUS_REFUSED);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpint (g_array_index (seen, GkSyncStatus, 0), ==, GK_SYNC_STATUS_SENDING);
  g_assert_cmpint (g_array_index (seen, GkSyncStatus, 1), ==, GK_SYNC_STATUS_REFUSED);
  g_assert_true (gk_sync_status_is_stopped (gk_sync_get_status (fixture->sync)));
  g_clear_error (&error);
  entries = gk_store_list_outbox (gk_context_get_store (fixture->context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (((GkOutboxEntry *) g_ptr_array_index (entries, 0))->stopped);
  g_assert_cmpstr (((GkOutboxEntry *) g_ptr_array_index (entries, 0))->last_error, ==,
                   gk_sync_get_last_error (fixture->sync));

  /* The same kind of answer about the token is no item's fault. */
  g_free (queue_item (fixture, "令牌过期后的条目", 0));
  gk_doc_portal_expire_token (fixture->portal, TOKEN);
  g_assert_false (send_now (fixture, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_AUTH);
  g_assert_cmpint (gk_sync_get_status (fixture->sync), ==, GK_SYNC_STATUS_FAILED);
  g_assert_true (gk_sync_get_logged_in (fixture->sync));

  g_signal_handlers_disconnect_by_data (fixture->sync, seen);
}

static void
save_unit (Fixture    *fixture,
           const char *unit)
{
  g_autoptr(GkProfile) profile = gk_store_dup_profile (gk_context_get_store (fixture->context));
  g_autoptr(GError) error = NULL;

  gk_profile_set_unit (profile, unit);
  gk_context_save_profile (fixture->context, profile, &error);
  g_assert_no_error (error);
}

/* The token of another unit than the liaison details', whether this PC knows it or the portal says it. */
static void
test_status_wrong_unit (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GkStore *store = gk_context_get_store (fixture->context);
  g_autofree char *unit_key = g_strconcat (GK_PORTAL_UNIT_SETTING, gk_doc_portal_get_url (fixture->portal), NULL);
  g_autoptr(GError) error = NULL;

  /* The liaison switched units: the kept token is 市民政局's, so nothing is sent with it. */
  save_unit (fixture, "市财政局");
  g_assert_cmpint (gk_sync_get_status (fixture->sync), ==, GK_SYNC_STATUS_WRONG_UNIT);
  g_assert_false (gk_sync_get_logged_in (fixture->sync));
  g_assert_nonnull (strstr (gk_sync_get_last_error (fixture->sync), UNIT));
  g_assert_nonnull (strstr (gk_sync_get_last_error (fixture->sync), "市财政局"));
  g_assert_false (gk_sync_reload (fixture->sync, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT);
  g_clear_error (&error);

  /* Back to 市民政局: its token delivers again. */
  save_unit (fixture, UNIT);
  g_assert_cmpint (gk_sync_get_status (fixture->sync), ==, GK_SYNC_STATUS_IDLE);
  g_assert_true (gk_sync_get_logged_in (fixture->sync));

  /* A token kept by a version that did not record its unit: the portal's whoami names another. */
  gk_store_set_setting (store, unit_key, NULL, &error);
  g_assert_no_error (error);
  save_unit (fixture, "市财政局");
  g_assert_true (gk_sync_get_logged_in (fixture->sync));
  g_assert_false (send_now (fixture, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_WRONG_UNIT);
  g_assert_cmpint (gk_sync_get_status (fixture->sync), ==, GK_SYNC_STATUS_WRONG_UNIT);
  g_assert_true (gk_sync_status_is_stopped (gk_sync_get_status (fixture->sync)));
}

static void
on_sync_progress_cb (GkSync     *sync,
                     GParamSpec *pspec,
                     GPtrArray  *seen)
{
  g_autofree char *uuid = NULL;
  double fraction;

  g_object_get (sync, "current-item", &uuid, "fraction", &fraction, NULL);
  g_ptr_array_add (seen, g_strdup_printf ("%s %.2f", uuid != NULL ? uuid : "-", fraction));
}

/* The upload under way shows in GkSync's properties, and leaves them when the pass is over. */
static void
test_progress_properties (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = queue_item (fixture, "带附件的条目", 300000);
  g_autofree char *done = NULL;
  g_autofree char *current = NULL;
  guint64 total;

  g_signal_connect (fixture->sync, "notify::fraction", G_CALLBACK (on_sync_progress_cb), seen);
  g_assert_true (send_now (fixture, &error));
  g_assert_no_error (error);

  done = g_strdup_printf ("%s 1.00", uuid);
  g_assert_cmpuint (seen->len, >=, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (seen, done, g_str_equal, NULL));
  g_assert_cmpstr (g_ptr_array_index (seen, seen->len - 1), ==, "- 0.00");
  g_object_get (fixture->sync, "current-item", &current, "total-bytes", &total, NULL);
  g_assert_null (current);
  g_assert_cmpuint (total, ==, 0);

  g_signal_handlers_disconnect_by_data (fixture->sync, seen);
}

/*
 * §4 leaves open whether a replayed answer carries the ETag; one that does not must not leave
 * the item without the ETag its next revision needs: the client reads it from the item (§6.4).
 */
static void
test_replay_without_etag (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *uuid = queue_item (fixture, "重放的答复没有 ETag", 0);
  g_autofree char *status = g_strdup_printf ("{\"id\":\"%s\",\"revision\":1,\"column_id\":\"%s\",\"kind\":\"list\","
                                             "\"title\":\"重放的答复没有 ETag\",\"status\":\"received\",\"reason\":null,"
                                             "\"received_at\":\"2026-12-01T08:00:00.000000Z\",\"published_at\":null,"
                                             "\"updated_at\":\"2026-12-01T08:00:00.000000Z\",\"interprets\":null,"
                                             "\"interpreted_by\":[]}", uuid, COLUMN_ID);
  g_autoptr(GBytes) body = g_bytes_new (status, strlen (status));
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  GkStore *store = gk_context_get_store (fixture->context);

  /* The portal holds the item from the first attempt; the retry's answer is a body-only replay. */
  gk_doc_portal_add_item (fixture->portal, UNIT, uuid, COLUMN_ID, "重放的答复没有 ETag");
  gk_doc_portal_set_raw_reply (fixture->portal, "POST", "/api/v1/items", 201, "application/json", body);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  gk_doc_portal_set_raw_reply (fixture->portal, "POST", "/api/v1/items", 0, NULL, NULL);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
  etag = gk_store_dup_portal_etag (store, uuid);
  g_assert_nonnull (etag);

  /* So a correction goes out as a revision of it, with If-Match. */
  item = gk_store_dup_item (store, uuid, &error);
  g_assert_no_error (error);
  gk_item_set_field (item, GK_ITEM_TITLE, "重放的答复没有 ETag（更正）");
  gk_context_save_item (fixture->context, item, &error);
  g_assert_no_error (error);
  gk_store_set_item_state (store, uuid, GK_ITEM_STATE_READY, NULL, &error);
  g_assert_no_error (error);
  gk_context_submit_item (fixture->context, uuid, NULL, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (run (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_state (fixture, uuid), ==, GK_ITEM_STATE_SUBMITTED);
  g_assert_cmpuint (gk_doc_portal_count_items (fixture->portal, UNIT), ==, 1);
}

/* One place decides where a request may go: the portal's own origin, whatever an answer names. */
static void
test_resolve_table (void)
{
  static const struct { const char *base; const char *reference; const char *expected; } cases[] = {
    { "https://portal.example.gov.cn/api/v1/uploads", "uploads/a1", "https://portal.example.gov.cn/api/v1/uploads/a1" },
    { "https://portal.example.gov.cn/api/v1/uploads", "/api/v1/uploads/a1", "https://portal.example.gov.cn/api/v1/uploads/a1" },
    { "https://portal.example.gov.cn/api/v1/uploads", "https://PORTAL.example.gov.cn:443/api/v1/uploads/a1",
      "https://PORTAL.example.gov.cn:443/api/v1/uploads/a1" },
    { "https://portal.example.gov.cn/api/v1/uploads", "../v2/x%2Fy", "https://portal.example.gov.cn/api/v2/x%2Fy" },
    { NULL, "api/v1/items?cursor=a%2Bb%26c%3D", "https://portal.example.gov.cn/api/v1/items?cursor=a%2Bb%26c%3D" },
    /* A move to http, another port, another host, a user name, other schemes: refused. */
    { "https://portal.example.gov.cn/api/v1/uploads", "http://portal.example.gov.cn/api/v1/uploads/a1", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "https://portal.example.gov.cn:8443/api/v1/uploads/a1", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "//evil.example/api/v1/uploads/a1", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "https://portal.example.gov.cn.evil.example/a1", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "https://me@portal.example.gov.cn/a1", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "file:///etc/passwd", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "data:text/plain,x", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "javascript:alert(1)", NULL },
    { "https://portal.example.gov.cn/api/v1/uploads", "http://[::1", NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkPortalClient) client = gk_portal_client_new ("https://portal.example.gov.cn", "t", NULL,
                                                           GK_PORTAL_CLIENT_FLAGS_NONE, &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *resolved = gk_portal_client_resolve (client, cases[i].base, cases[i].reference, &error);

      g_assert_cmpstr (resolved, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  /* Plain http: this PC only, unless a lab is allowed. */
  g_assert_null (gk_portal_client_new ("http://10.1.2.3:8080/", "t", NULL, GK_PORTAL_CLIENT_FLAGS_NONE, &error));
  g_assert_error (error, GK_PORTAL_CLIENT_ERROR, GK_PORTAL_CLIENT_ERROR_INSECURE);
  g_clear_error (&error);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const loopbacks[] = { "http://127.0.0.1:8080/", "http://[::1]:8080/", "http://localhost/" };
      g_autoptr(GkPortalClient) local = gk_portal_client_new (loopbacks[i], "t", NULL, GK_PORTAL_CLIENT_FLAGS_NONE, &error);

      g_assert_no_error (error);
    }
  g_clear_object (&client);
  client = gk_portal_client_new ("http://10.1.2.3:8080/", "t", NULL, GK_PORTAL_CLIENT_ALLOW_INSECURE_HTTP, &error);
  g_assert_no_error (error);
}

static void
test_retry_after_capped (void)
{
  static const struct { const char *value; guint seconds; } cases[] = {
    { "5", 5 }, { "86400", 86400 }, { "999999999", 86400 }, { "-3", 0 }, { "soon", 0 },
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

  for (gsize i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      g_autoptr(GkPortalReply) reply = NULL;

      soup_message_headers_replace (headers, "Retry-After", i < G_N_ELEMENTS (cases) ? cases[i].value : date);
      reply = gk_portal_reply_new (503, headers, NULL);
      g_assert_cmpuint (reply->retry_after, ==, i < G_N_ELEMENTS (cases) ? cases[i].seconds : 86400);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doc-sync/resolve-table", test_resolve_table);
  g_test_add_func ("/doc-sync/retry-after-capped", test_retry_after_capped);
  g_test_add_func ("/doc-sync/tls-downgrade", test_tls_downgrade);

  g_test_add ("/doc-sync/location-forms", Fixture, NULL, fixture_set_up, test_location_forms, fixture_tear_down);
  g_test_add_func ("/doc-sync/chunk-size/bounds", test_chunk_size_bounds);
  g_test_add_func ("/doc-sync/bytes-after-204", test_bytes_after_204);
  g_test_add ("/doc-sync/chunk-size/advertised", Fixture, NULL, fixture_set_up, test_chunk_size, fixture_tear_down);
  g_test_add ("/doc-sync/chunk-size/server-closes-after-204", Fixture, NULL, fixture_set_up, test_server_closes_after_204, fixture_tear_down);
  g_test_add ("/doc-sync/progress-steps", Fixture, NULL, fixture_set_up, test_progress_steps, fixture_tear_down);
  g_test_add ("/doc-sync/verdicts-across-pages/position", Fixture, GUINT_TO_POINTER (GK_DOC_CURSOR_POSITION),
              fixture_set_up, test_verdicts_across_pages, fixture_tear_down);
  g_test_add ("/doc-sync/verdicts-across-pages/base64", Fixture, GUINT_TO_POINTER (GK_DOC_CURSOR_BASE64),
              fixture_set_up, test_verdicts_across_pages, fixture_tear_down);
  g_test_add ("/doc-sync/verdicts-across-pages/unsafe", Fixture, GUINT_TO_POINTER (GK_DOC_CURSOR_UNSAFE),
              fixture_set_up, test_verdicts_across_pages, fixture_tear_down);
  g_test_add ("/doc-sync/verdicts-across-pages/long", Fixture, GUINT_TO_POINTER (GK_DOC_CURSOR_LONG),
              fixture_set_up, test_verdicts_across_pages, fixture_tear_down);
  g_test_add ("/doc-sync/walk-cut-midway", Fixture, NULL, fixture_set_up, test_walk_cut_midway, fixture_tear_down);
  g_test_add ("/doc-sync/retry-after-date", Fixture, NULL, fixture_set_up, test_retry_after_date, fixture_tear_down);
  g_test_add ("/doc-sync/login-busy", Fixture, NULL, fixture_set_up, test_login_busy, fixture_tear_down);
  g_test_add ("/doc-sync/hostile-locations", Fixture, NULL, fixture_set_up, test_hostile_locations, fixture_tear_down);
  g_test_add ("/doc-sync/poisoned-stored-upload", Fixture, NULL, fixture_set_up, test_poisoned_stored_upload,
              fixture_tear_down);
  g_test_add ("/doc-sync/deep-json", Fixture, NULL, fixture_set_up, test_deep_json, fixture_tear_down);
  g_test_add ("/doc-sync/endless-answer", Fixture, NULL, fixture_set_up, test_endless_answer, fixture_tear_down);
  g_test_add ("/doc-sync/token-expiry", Fixture, NULL, fixture_set_up, test_token_expiry, fixture_tear_down);
  g_test_add ("/doc-sync/status-refused", Fixture, NULL, fixture_set_up, test_status_refused, fixture_tear_down);
  g_test_add ("/doc-sync/status-wrong-unit", Fixture, NULL, fixture_set_up, test_status_wrong_unit, fixture_tear_down);
  g_test_add ("/doc-sync/progress-properties", Fixture, NULL, fixture_set_up, test_progress_properties,
              fixture_tear_down);
  g_test_add ("/doc-sync/replay-without-etag", Fixture, NULL, fixture_set_up, test_replay_without_etag,
              fixture_tear_down);
  g_test_add ("/doc-sync/upload-problem-members", Fixture, NULL, fixture_set_up, test_upload_problem_members,
              fixture_tear_down);
  g_test_add ("/doc-sync/upload-still-verifying", Fixture, NULL, fixture_set_up, test_upload_still_verifying,
              fixture_tear_down);

  return g_test_run ();
}
