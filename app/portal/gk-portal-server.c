/* The reference portal: an HTTP(S) server that routes requests to the API, the uploads and the office pages. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <errno.h>

#include "gk-portal-api.h"
#include "gk-portal-db.h"
#include "gk-portal-faults.h"
#include "gk-portal-listener.h"
#include "gk-portal-office.h"
#include "gk-portal-request.h"
#include "gk-portal-server.h"
#include "gk-portal-throttle.h"
#include "gk-portal-tus.h"

#define FAULTS_PATH "/_test/faults"
/* docs/portal-api.md §9: failed authentications from one address before it must wait. */
#define AUTH_FAILURES_PER_WINDOW 20
#define AUTH_WINDOW_SECONDS 60
#define SCHEDULER_INTERVAL_SECONDS 60
#define SWEEP_INTERVAL_SECONDS (24 * 60 * 60)

struct _GkPortalServer
{
  GObject         parent_instance;

  SoupServer     *server;
  GkPortalTokens *tokens;
  GkPortalDb     *db;
  GkPortalFaults *faults;
  GkPortalTus    *tus;
  GkPortalApi    *api;
  GkPortalOffice *office;
  GkPortalOfficeGuard *guard;
  GkPortalOfficeAccounts *accounts;
  GkPortalThrottle *auth_throttle;
  GTlsCertificate *certificate;
  GkPortalListener *listener;
  guint           max_connections;
  guint           idle_timeout;
  gboolean        https;
  gboolean        test_faults;
  guint           scheduler_id;
  guint           sweep_id;
  gint64          clock_offset;  /* seconds the sweep's clock runs ahead, for tests */
};

G_DEFINE_FINAL_TYPE (GkPortalServer, gk_portal_server, G_TYPE_OBJECT)

/* The fault switches exist only where a test asked for them: in production they would let any
 * web page stop every liaison's sending (a cross-site text/plain POST needs no CORS preflight). */
static gboolean
is_faults_path (GkPortalServer *self,
                const char     *path)
{
  return self->test_faults && g_str_equal (path, FAULTS_PATH);
}

static gboolean
is_uploads_path (const char *path)
{
  return g_str_equal (path, GK_PORTAL_UPLOADS_PATH) || g_str_has_prefix (path, GK_PORTAL_UPLOADS_PATH "/");
}

/* The upload id of /api/v1/uploads/<id>, or NULL for the collection. */
static const char *
get_upload_id (const char *path)
{
  if (!g_str_has_prefix (path, GK_PORTAL_UPLOADS_PATH "/"))
    return NULL;

  return path + strlen (GK_PORTAL_UPLOADS_PATH "/");
}

static gboolean
is_patch (GkPortalRequest *request)
{
  const char *path = gk_portal_request_get_path (request);

  return g_str_equal (gk_portal_request_get_method (request), "PATCH") &&
         is_uploads_path (path) && get_upload_id (path) != NULL;
}

/*
 * Bearer auth: the token maps to a unit; the token itself is never logged or
 * echoed. An address with many failed attempts waits before it may try
 * again, so tokens cannot be guessed at the network's speed.
 */
static GError *
authenticate (GkPortalServer  *self,
              GkPortalRequest *request)
{
  const char *header = gk_portal_request_get_header (request, "Authorization");
  g_autofree char *peer = gk_portal_request_dup_peer (request);
  g_autofree char *token = NULL;
  const char *unit;
  gboolean expired;
  guint wait;

  if ((wait = gk_portal_throttle_get_wait (self->auth_throttle, peer)) > 0)
    {
      g_autofree char *retry_after = g_strdup_printf ("%u", wait);

      gk_portal_request_set_header (request, "Retry-After", retry_after);
      return g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_MANY,
                          "Too many failed logins came from %s; wait %u seconds, then log in with the token the municipal office gave you.",
                          peer, wait);
    }

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    {
      gk_portal_throttle_record_failure (self->auth_throttle, peer);
      return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_UNAUTHORIZED,
                                  "The request has no “Authorization: Bearer” token; log in with the token the municipal office gave you.");
    }

  token = g_strstrip (g_strdup (header + 7));
  if ((unit = gk_portal_tokens_lookup_unit (self->tokens, token, &expired)) == NULL)
    {
      gk_portal_throttle_record_failure (self->auth_throttle, peer);
      return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_UNAUTHORIZED,
                                  expired ? "The token has expired; ask the municipal office for a new one and log in again."
                                          : "The token is not known to this portal; ask the municipal office for a new one and log in again.");
    }

  gk_portal_request_set_unit (request, unit);
  return NULL;
}

/* Everything that can be decided from the headers of an API request, before its body. */
static void
check_api_request (GkPortalServer  *self,
                   GkPortalRequest *request)
{
  const char *path = gk_portal_request_get_path (request);
  const char *method = gk_portal_request_get_method (request);
  const char *tus_version;
  g_autofree char *retry_after = NULL;
  GError *error;
  goffset length;
  guint64 drop_after;

  if (is_uploads_path (path))
    {
      gk_portal_request_set_header (request, "Tus-Resumable", "1.0.0");

      tus_version = gk_portal_request_get_header (request, "Tus-Resumable");
      if (tus_version != NULL && !g_str_equal (tus_version, "1.0.0") && method != SOUP_METHOD_OPTIONS)
        {
          gk_portal_request_set_header (request, "Tus-Version", "1.0.0");
          gk_portal_request_set_failure (request,
                                         g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_PRECONDITION_FAILED,
                                                      "This portal speaks tus 1.0.0, not %s.", tus_version));
        }
    }

  gk_portal_request_set_delay (request, gk_portal_faults_get_delay (self->faults));

  if ((error = gk_portal_faults_take_failure (self->faults, &retry_after)) != NULL)
    {
      if (retry_after != NULL)
        gk_portal_request_set_header (request, "Retry-After", retry_after);
      gk_portal_request_set_failure (request, error);
    }

  /* tus discovery is open to all, as tus clients probe before they authenticate. */
  if (!(is_uploads_path (path) && get_upload_id (path) == NULL && method == SOUP_METHOD_OPTIONS) &&
      (error = authenticate (self, request)) != NULL)
    gk_portal_request_set_failure (request, error);

  if ((method == SOUP_METHOD_POST || g_str_equal (method, "PATCH")) &&
      gk_portal_faults_get_drop_after (self->faults, &drop_after))
    gk_portal_request_arm_drop (request, drop_after);

  if (is_patch (request))
    {
      if (!gk_portal_request_has_failed (request) &&
          (error = gk_portal_faults_take_patch_refusal (self->faults)) != NULL)
        gk_portal_request_set_failure (request, error);
      if (!gk_portal_request_has_failed (request))
        gk_portal_tus_begin_patch (self->tus, request, get_upload_id (path));
      return;
    }

  length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (gk_portal_request_get_message (request)));
  if (length > GK_PORTAL_MAX_JSON_BODY)
    gk_portal_request_set_failure (request,
                                   g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_LARGE,
                                                "The request body is %" G_GOFFSET_FORMAT " bytes, more than %d; send a smaller document.",
                                                length, GK_PORTAL_MAX_JSON_BODY));
}

static void
handle_faults (GkPortalServer  *self,
               GkPortalRequest *request)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;

  if (gk_portal_request_get_method (request) == SOUP_METHOD_POST &&
      ((object = gk_portal_request_dup_json_object (request, &error)) == NULL ||
       !gk_portal_faults_set_from_json (self->faults, object, &error)))
    {
      gk_portal_request_respond_error (request, error);
      return;
    }

  if (object != NULL)
    g_message ("fault switches set");

  state = gk_portal_faults_to_json (self->faults);
  gk_portal_request_respond_json (request, SOUP_STATUS_OK, state);
}

static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 GkPortalServer    *self)
{
  GkPortalRequest *request = gk_portal_request_from_message (msg);
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);
  gsize taken;

  if (request == NULL || gk_portal_request_is_dropped (request))
    return;

  taken = gk_portal_request_count_received (request, size);

  if (is_patch (request))
    gk_portal_tus_receive (self->tus, request, data, taken);
  else
    gk_portal_request_collect_body (request, data, taken);

  if (taken < size)
    {
      /* What arrived before the cut stays, as after a real network failure. */
      gk_portal_faults_clear_drop_after (self->faults);
      if (is_patch (request))
        gk_portal_tus_keep_received (self->tus, request);
      gk_portal_request_drop_connection (request, "fault switch drop_after_bytes");
    }
}

static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  GkPortalServer *self = user_data;
  GkPortalRequest *request = gk_portal_request_new (msg);

  /* Bodies are taken as they arrive: uploads go to disk, JSON up to its limit. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), self, 0);

  if (g_str_has_prefix (path, GK_PORTAL_API_PATH))
    check_api_request (self, request);
  else if (g_str_has_prefix (path, GK_PORTAL_OFFICE_PATH) || is_faults_path (self, path))
    {
      GError *error;

      gk_portal_office_guard_add_headers (self->guard, request);
      if ((error = gk_portal_office_guard_check_peer (self->guard, request)) != NULL)
        gk_portal_request_set_failure (request, error);
      else if (is_faults_path (self, path) && !gk_portal_request_is_loopback (request))
        gk_portal_request_set_failure (request,
                                       g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_FORBIDDEN,
                                                            "The fault switches are served only to the portal's own machine."));
    }
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GkPortalServer *self = user_data;
  GkPortalRequest *request = gk_portal_request_from_message (msg);
  g_autoptr(GError) error = NULL;

  g_assert (request != NULL);

  if (gk_portal_request_is_dropped (request))
    return;

  if (gk_portal_request_has_failed (request))
    gk_portal_request_respond_error (request, gk_portal_request_get_failure (request));
  else if (is_uploads_path (path))
    gk_portal_tus_handle (self->tus, request, get_upload_id (path));
  else if (g_str_has_prefix (path, GK_PORTAL_API_PATH))
    gk_portal_api_handle (self->api, request);
  else if (g_str_has_prefix (path, GK_PORTAL_OFFICE_PATH))
    gk_portal_office_handle (self->office, request);
  else if (is_faults_path (self, path))
    handle_faults (self, request);
  else if (g_str_equal (path, "/") || g_str_equal (path, "/office"))
    gk_portal_request_redirect (request, GK_PORTAL_OFFICE_PATH);
  else
    {
      error = g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_NOT_FOUND,
                           "There is nothing at %s; the API is under " GK_PORTAL_API_PATH ".", path);
      gk_portal_request_respond_error (request, error);
    }

  /* A handler working in the background completes the request itself. */
  if (!gk_portal_request_is_paused (request))
    gk_portal_request_complete (request);
}

/* One access log line per request: the caller's address and unit, never the token. */
static void
on_request_finished_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  GkPortalRequest *request = gk_portal_request_from_message (msg);
  const char *unit = request != NULL ? gk_portal_request_get_unit (request) : NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *peer = gk_portal_dup_peer (msg);

  if (request != NULL && gk_portal_request_is_dropped (request))
    return;

  g_message ("%s %s %s %u %" G_GOFFSET_FORMAT " unit=%s",
             peer,
             soup_server_message_get_method (msg) ?: "-",
             uri != NULL ? g_uri_get_path (uri) : "-",
             soup_server_message_get_status (msg),
             soup_server_message_get_response_body (msg)->length,
             unit != NULL ? unit : "-");
}

static gboolean
on_scheduler_tick_cb (gpointer user_data)
{
  gk_portal_server_publish_due (user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_sweep_cb (gpointer user_data)
{
  gk_portal_server_sweep_uploads (user_data);

  return G_SOURCE_CONTINUE;
}

static void
gk_portal_server_dispose (GObject *object)
{
  GkPortalServer *self = (GkPortalServer *)object;

  g_clear_handle_id (&self->scheduler_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_object (&self->listener);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (gk_portal_server_parent_class)->dispose (object);
}

static void
gk_portal_server_finalize (GObject *object)
{
  GkPortalServer *self = (GkPortalServer *)object;

  g_clear_object (&self->tokens);
  g_clear_object (&self->office);
  g_clear_object (&self->guard);
  g_clear_object (&self->accounts);
  g_clear_object (&self->auth_throttle);
  g_clear_object (&self->certificate);
  g_clear_object (&self->api);
  g_clear_object (&self->tus);
  g_clear_object (&self->faults);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (gk_portal_server_parent_class)->finalize (object);
}

static void
gk_portal_server_class_init (GkPortalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gk_portal_server_dispose;
  object_class->finalize = gk_portal_server_finalize;
}

static void
gk_portal_server_init (GkPortalServer *self)
{
  self->max_connections = GK_PORTAL_DEFAULT_MAX_CONNECTIONS;
  self->idle_timeout = GK_PORTAL_DEFAULT_IDLE_TIMEOUT;
}

/**
 * gk_portal_server_new:
 * @data_dir: holds portal.db and uploads/; created if missing
 * @max_upload: the largest attachment accepted, in bytes
 * @certificate: (nullable): serve HTTPS with it
 *
 * Opens the store and sets up the server; nothing listens until
 * gk_portal_server_listen().
 */
GkPortalServer *
gk_portal_server_new (const char      *data_dir,
                      GkPortalTokens  *tokens,
                      GkCatalog       *catalog,
                      guint64          max_upload,
                      GTlsCertificate *certificate,
                      GError         **error)
{
  g_autoptr(GkPortalServer) self = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *uploads = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (GK_IS_PORTAL_TOKENS (tokens), NULL);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The data folder “%s” could not be created (%s); choose another with --data-dir.",
                   data_dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (GK_TYPE_PORTAL_SERVER, NULL);
  self->tokens = g_object_ref (tokens);
  self->faults = gk_portal_faults_new ();
  self->auth_throttle = gk_portal_throttle_new (AUTH_FAILURES_PER_WINDOW, AUTH_WINDOW_SECONDS);

  db_path = g_build_filename (data_dir, "portal.db", NULL);
  if ((self->db = gk_portal_db_open (db_path, error)) == NULL)
    return NULL;

  uploads = g_build_filename (data_dir, "uploads", NULL);
  if ((self->tus = gk_portal_tus_new (self->db, self->faults, uploads, max_upload, error)) == NULL)
    return NULL;

  self->api = gk_portal_api_new (self->db, self->faults, self->tus, catalog);
  self->https = certificate != NULL;
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  if ((self->accounts = gk_portal_office_accounts_new (data_dir, error)) == NULL)
    return NULL;
  self->guard = gk_portal_office_guard_new (self->accounts, self->https);
  self->office = gk_portal_office_new (self->db, self->tus, catalog, self->guard);

  /* TLS is set up by the listener, on the connections it accepts. */
  self->server = soup_server_new ("server-header", "gongkai-portal ", NULL);
  soup_server_add_early_handler (self->server, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (on_request_finished_cb), self);

  /* Scheduling lives here, not on the liaison's PC: due items go out even when it is off. */
  gk_portal_server_publish_due (self);
  self->scheduler_id = g_timeout_add_seconds (SCHEDULER_INTERVAL_SECONDS, on_scheduler_tick_cb, self);

  return g_steal_pointer (&self);
}

/**
 * gk_portal_server_enable_test_faults:
 *
 * Serves the fault switches at /_test/faults (docs/portal-api.md §9), for
 * tests, drills and demos; without this call that path does not exist.
 */
void
gk_portal_server_enable_test_faults (GkPortalServer *self)
{
  g_return_if_fail (GK_IS_PORTAL_SERVER (self));

  self->test_faults = TRUE;
}

/**
 * gk_portal_server_reload_accounts:
 *
 * Reads the office accounts again (SIGHUP), after `gongkai-portal office-user`
 * changed them; on an error the accounts stay as they were.
 */
gboolean
gk_portal_server_reload_accounts (GkPortalServer *self,
                                  GError        **error)
{
  g_return_val_if_fail (GK_IS_PORTAL_SERVER (self), FALSE);

  return gk_portal_office_accounts_reload (self->accounts, error);
}

/**
 * gk_portal_server_set_public_names:
 * @names: (nullable): the host names offices reach the portal by, from --public-name
 */
void
gk_portal_server_set_public_names (GkPortalServer     *self,
                                   const char * const *names)
{
  g_return_if_fail (GK_IS_PORTAL_SERVER (self));

  gk_portal_office_guard_set_public_names (self->guard, names);
}

/**
 * gk_portal_server_set_connection_limits:
 * @max_connections: how many connections are served at once; more wait
 * @idle_timeout: seconds a connection may stay silent before it is closed
 *
 * Takes effect at gk_portal_server_listen().
 */
void
gk_portal_server_set_connection_limits (GkPortalServer *self,
                                        guint           max_connections,
                                        guint           idle_timeout)
{
  g_return_if_fail (GK_IS_PORTAL_SERVER (self));
  g_return_if_fail (max_connections > 0);

  self->max_connections = max_connections;
  self->idle_timeout = idle_timeout;
}

/**
 * gk_portal_server_listen:
 * @host_port: `HOST:PORT`, `[IPv6]:PORT`; port 0 picks a free one
 */
gboolean
gk_portal_server_listen (GkPortalServer *self,
                         const char     *host_port,
                         GError        **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (GK_IS_PORTAL_SERVER (self), FALSE);

  colon = strrchr (host_port, ':');
  if (colon != NULL)
    {
      host = g_strndup (host_port, colon - host_port);
      /* [::1]:8080 */
      if (host[0] == '[' && host[strlen (host) - 1] == ']')
        {
          memmove (host, host + 1, strlen (host));
          host[strlen (host) - 1] = '\0';
        }
    }

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL) ||
      (address = g_inet_socket_address_new_from_string (host, port)) == NULL)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "--listen “%s” is not HOST:PORT with a numeric address, e.g. 127.0.0.1:8080.",
                   host_port);
      return FALSE;
    }

  g_return_val_if_fail (self->listener == NULL, FALSE);

  if ((self->listener = gk_portal_listener_new (self->server, address, self->certificate,
                                                self->max_connections, self->idle_timeout, &local_error)) == NULL)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                   "The portal could not listen on %s (%s); choose another address or port with --listen.",
                   host_port, local_error->message);
      return FALSE;
    }

  /* §5.4: at start-up and daily. */
  gk_portal_server_sweep_uploads (self);
  self->sweep_id = g_timeout_add_seconds (SWEEP_INTERVAL_SECONDS, on_sweep_cb, self);

  return TRUE;
}

/**
 * gk_portal_server_sweep_uploads:
 *
 * Removes the uploads no item has named for 7 days (docs/portal-api.md §5.4).
 *
 * Returns: how many were removed
 */
guint
gk_portal_server_sweep_uploads (GkPortalServer *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_SERVER (self), 0);

  now = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + self->clock_offset);
  return gk_portal_tus_sweep (self->tus, now);
}

/**
 * gk_portal_server_set_max_chunk:
 * @bytes: advertised in OPTIONS as Tus-Max-Chunk-Size; 0 for none
 */
void
gk_portal_server_set_max_chunk (GkPortalServer *self,
                                guint64         bytes)
{
  g_return_if_fail (GK_IS_PORTAL_SERVER (self));

  gk_portal_tus_set_max_chunk (self->tus, bytes);
}

/**
 * gk_portal_server_set_upload_quota:
 * @count: uploads no item names yet that one unit may have (429 beyond)
 * @bytes: bytes those may hold together (413 beyond)
 */
void
gk_portal_server_set_upload_quota (GkPortalServer *self,
                                   guint64         count,
                                   guint64         bytes)
{
  g_return_if_fail (GK_IS_PORTAL_SERVER (self));

  gk_portal_tus_set_quota (self->tus, count, bytes);
}

/**
 * gk_portal_server_set_clock_offset:
 * @seconds: how far ahead of the real time the §5.4 sweep runs
 *
 * For tests only, which cannot wait 7 days: main() honours it only with --test-faults.
 */
void
gk_portal_server_set_clock_offset (GkPortalServer *self,
                                   gint64          seconds)
{
  g_return_if_fail (GK_IS_PORTAL_SERVER (self));

  self->clock_offset = seconds;
}

/**
 * gk_portal_server_dup_uri:
 *
 * Returns: (transfer full) (nullable): the base URL of the listening socket
 */
char *
gk_portal_server_dup_uri (GkPortalServer *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_SERVER (self), NULL);

  return self->listener != NULL ? gk_portal_listener_dup_uri (self->listener) : NULL;
}

/**
 * gk_portal_server_accept_stream:
 * @stream: a connection that did not come through a listening socket
 * @remote: the address the requests are taken to come from
 *
 * Serves the HTTP requests read from @stream, as if a client had connected:
 * the fuzz targets feed requests from memory this way, without a socket.
 */
gboolean
gk_portal_server_accept_stream (GkPortalServer *self,
                                GIOStream      *stream,
                                GSocketAddress *remote,
                                GError        **error)
{
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_IO_STREAM (stream), FALSE);

  local = g_inet_socket_address_new_from_string ("127.0.0.1", 8080);
  return soup_server_accept_iostream (self->server, stream, local, remote, error);
}

/**
 * gk_portal_server_publish_due:
 *
 * Publishes the approved items whose publication day has come; runs every
 * minute and at start-up.
 *
 * Returns: how many items were published
 */
guint
gk_portal_server_publish_due (GkPortalServer *self)
{
  g_autoptr(GError) error = NULL;
  guint published;

  g_return_val_if_fail (GK_IS_PORTAL_SERVER (self), 0);

  published = gk_portal_db_publish_due (self->db, &error);
  if (error != NULL)
    g_message ("Scheduled items could not be published: %s", error->message);
  else if (published > 0)
    g_message ("published %u scheduled item(s)", published);

  return published;
}
