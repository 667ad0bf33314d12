/*
 * The portal's listening socket. libsoup's own listener stops accepting for
 * good at its first accept error: with 1,024 file descriptors, 1,100 idle
 * connections left the portal alive but unreachable, so systemd never
 * restarted it. Here connections are accepted by us and handed to the
 * SoupServer: at most max_connections at once (the rest wait in the kernel's
 * queue), each dropped after idle_timeout seconds without a byte, and an
 * accept error (EMFILE, ENFILE, ENOBUFS…) pauses accepting for a second
 * instead of ending it.
 */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "gk-portal-listener.h"

#define RETRY_MS 1000
#define BACKLOG 128
#define SWEEP_SECONDS 1

struct _GkPortalListener
{
  GObject          parent_instance;

  SoupServer      *server;
  GTlsCertificate *certificate;
  GSocket         *socket;
  GSource         *accept_source;
  guint            retry_id;
  guint            max_connections;
  guint            idle_timeout;
  GHashTable      *open;  /* the accepted GSockets still alive, not referenced */
  GHashTable      *busy;  /* GSocket → how many of its requests are under way */
  guint            sweep_id;
  gboolean         failing;
};

G_DEFINE_FINAL_TYPE (GkPortalListener, gk_portal_listener, G_TYPE_OBJECT)

static void arm (GkPortalListener *self);

static void
disarm (GkPortalListener *self)
{
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
}

static void
on_connection_gone_cb (gpointer  data,
                       GObject  *where_the_object_was)
{
  GkPortalListener *self = data;

  g_hash_table_remove (self->open, where_the_object_was);
  g_hash_table_remove (self->busy, where_the_object_was);
  /* One left: the connections waiting in the kernel's queue may come in. */
  arm (self);
}

static void
forget (GkPortalListener *self,
        GSocket          *client)
{
  g_object_weak_unref (G_OBJECT (client), on_connection_gone_cb, self);
  g_hash_table_remove (self->open, client);
  g_hash_table_remove (self->busy, client);
}

/* The client closed its end: a read would end at once, with nothing. */
static gboolean
client_has_gone (GSocket *client)
{
  char byte;

  if ((g_socket_condition_check (client, G_IO_IN | G_IO_HUP | G_IO_ERR)) == 0)
    return FALSE;

  return recv (g_socket_get_fd (client), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* No byte either way for @seconds, by the kernel's count (not libsoup's, see sweep()). */
static gboolean
is_silent (GSocket *client,
           guint    seconds)
{
  struct tcp_info info;
  socklen_t length = sizeof info;

  if (seconds == 0 || getsockopt (g_socket_get_fd (client), IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
    return FALSE;

  return info.tcpi_last_data_recv >= seconds * 1000 && info.tcpi_last_data_sent >= seconds * 1000;
}

/*
 * libsoup 3.2 loses a connection it keeps after a response: when the client
 * goes away it neither closes it (it stays in CLOSE-WAIT) nor times it out, and
 * a client that stays silent is never dropped either. Every `gongkai sync` left
 * one such connection for good, and 512 of them locked the portal out. So once
 * a second the listener closes, itself, every connection with no request under
 * way whose client has gone or that has been silent both ways for idle_timeout.
 */
static gboolean
on_sweep_cb (gpointer data)
{
  GkPortalListener *self = data;
  g_autoptr(GPtrArray) condemned = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer client;

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, &client, NULL))
    if (!g_socket_is_closed (client) && !g_hash_table_contains (self->busy, client) &&
        (client_has_gone (client) || is_silent (client, self->idle_timeout)))
      g_ptr_array_add (condemned, client);

  for (guint i = 0; i < condemned->len; i++)
    {
      GSocket *gone = g_ptr_array_index (condemned, i);

      g_socket_close (gone, NULL);
      forget (self, gone);
    }

  if (condemned->len > 0)
    arm (self);

  return G_SOURCE_CONTINUE;
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       GkPortalListener  *self)
{
  GSocket *client = soup_server_message_get_socket (msg);

  if (client != NULL && g_hash_table_contains (self->open, client))
    g_hash_table_insert (self->busy, client,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->busy, client)) + 1));
}

static void
on_request_ended_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     GkPortalListener  *self)
{
  GSocket *client = soup_server_message_get_socket (msg);
  guint under_way;

  if (client == NULL || (under_way = GPOINTER_TO_UINT (g_hash_table_lookup (self->busy, client))) == 0)
    return;

  if (under_way > 1)
    g_hash_table_insert (self->busy, client, GUINT_TO_POINTER (under_way - 1));
  else
    g_hash_table_remove (self->busy, client);
}

static void
serve (GkPortalListener *self,
       GSocket          *client)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_set_timeout (client, self->idle_timeout);
  connection = g_socket_connection_factory_create_connection (client);
  local = g_socket_get_local_address (client, NULL);
  remote = g_socket_get_remote_address (client, NULL);

  if (self->certificate != NULL)
    {
      GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);

      if (tls == NULL)
        {
          g_message ("A TLS connection could not be set up: %s", error->message);
          return;
        }
      g_object_set (tls, "require-close-notify", FALSE, NULL);
      stream = tls;
    }
  else
    stream = G_IO_STREAM (g_object_ref (connection));

  g_hash_table_add (self->open, client);
  g_object_weak_ref (G_OBJECT (client), on_connection_gone_cb, self);

  if (!soup_server_accept_iostream (self->server, stream, local, remote, &error))
    g_message ("A connection could not be served: %s", error->message);
}

static gboolean
on_retry_cb (gpointer data)
{
  GkPortalListener *self = data;

  self->retry_id = 0;
  arm (self);

  return G_SOURCE_REMOVE;
}

static gboolean
on_incoming_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      data)
{
  GkPortalListener *self = data;

  while (g_hash_table_size (self->open) < self->max_connections)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (self->socket, NULL, &error);

      if (client == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      if (client == NULL)
        {
          /* Said once per spell, not once a second. */
          if (!self->failing)
            g_message ("New connections wait: %s; the portal tries again every second.", error->message);
          self->failing = TRUE;
          g_clear_pointer (&self->accept_source, g_source_unref);
          self->retry_id = g_timeout_add (RETRY_MS, on_retry_cb, self);
          return G_SOURCE_REMOVE;
        }

      if (self->failing)
        g_message ("Connections are accepted again.");
      self->failing = FALSE;
      serve (self, client);
    }

  /* At the limit: the kernel holds the next ones until a connection ends. */
  g_clear_pointer (&self->accept_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Accepts when there is room, unless a retry after an error is already waiting. */
static void
arm (GkPortalListener *self)
{
  if (self->socket == NULL || self->accept_source != NULL || self->retry_id != 0 ||
      g_hash_table_size (self->open) >= self->max_connections)
    return;

  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_incoming_cb), self, NULL);
  g_source_attach (self->accept_source, NULL);
}

static void
gk_portal_listener_dispose (GObject *object)
{
  GkPortalListener *self = (GkPortalListener *)object;
  GHashTableIter iter;
  gpointer client;

  disarm (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, &client, NULL))
    {
      g_object_weak_unref (client, on_connection_gone_cb, self);
      g_hash_table_iter_remove (&iter);
    }

  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_object (&self->server);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (gk_portal_listener_parent_class)->dispose (object);
}

static void
gk_portal_listener_finalize (GObject *object)
{
  GkPortalListener *self = (GkPortalListener *)object;

  g_clear_pointer (&self->open, g_hash_table_unref);
  g_clear_pointer (&self->busy, g_hash_table_unref);

  G_OBJECT_CLASS (gk_portal_listener_parent_class)->finalize (object);
}

static void
gk_portal_listener_class_init (GkPortalListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gk_portal_listener_dispose;
  object_class->finalize = gk_portal_listener_finalize;
}

static void
gk_portal_listener_init (GkPortalListener *self)
{
  self->open = g_hash_table_new (NULL, NULL);
  self->busy = g_hash_table_new (NULL, NULL);
}

/*
 * libsoup 3.2 keeps a connection alive after a response only while the
 * SoupServer has a listener of its own (request_finished() checks its list);
 * without one every request would need a new connection. It gets one that
 * can never accept: a Unix socket with an address the kernel picks, shut
 * down as soon as libsoup holds it.
 */
static gboolean
add_inert_listener (SoupServer  *server,
                    GError     **error)
{
  g_autoptr(GSocket) inert = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  g_autoptr(GSocketAddress) anonymous = g_unix_socket_address_new_with_type ("", 0, G_UNIX_SOCKET_ADDRESS_ANONYMOUS);

  if (inert == NULL)
    return FALSE;

  /* libsoup's accept on it must fail at once, never wait. */
  g_socket_set_blocking (inert, FALSE);
  if (!g_socket_bind (inert, anonymous, FALSE, error) || !g_socket_listen (inert, error) ||
      !soup_server_listen_socket (server, inert, 0, error))
    return FALSE;

  shutdown (g_socket_get_fd (inert), SHUT_RDWR);
  return TRUE;
}

/**
 * gk_portal_listener_new:
 * @address: where to listen; port 0 picks a free one
 * @certificate: (nullable): serve HTTPS with it
 * @max_connections: how many connections are served at once
 * @idle_timeout: seconds a connection may stay without a byte either way; 0 for ever
 */
GkPortalListener *
gk_portal_listener_new (SoupServer       *server,
                        GSocketAddress   *address,
                        GTlsCertificate  *certificate,
                        guint             max_connections,
                        guint             idle_timeout,
                        GError          **error)
{
  g_autoptr(GkPortalListener) self = NULL;

  g_return_val_if_fail (SOUP_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), NULL);
  g_return_val_if_fail (max_connections > 0, NULL);

  self = g_object_new (GK_TYPE_PORTAL_LISTENER, NULL);
  self->server = g_object_ref (server);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->max_connections = max_connections;
  self->idle_timeout = idle_timeout;

  self->socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, error);
  if (self->socket == NULL)
    return NULL;

  g_socket_set_blocking (self->socket, FALSE);
  g_socket_set_listen_backlog (self->socket, BACKLOG);
  if (!g_socket_bind (self->socket, address, TRUE, error) ||
      !g_socket_listen (self->socket, error) ||
      !add_inert_listener (server, error))
    return NULL;

  g_signal_connect (server, "request-started", G_CALLBACK (on_request_started_cb), self);
  g_signal_connect (server, "request-finished", G_CALLBACK (on_request_ended_cb), self);
  g_signal_connect (server, "request-aborted", G_CALLBACK (on_request_ended_cb), self);
  self->sweep_id = g_timeout_add_seconds (SWEEP_SECONDS, on_sweep_cb, self);

  arm (self);
  return g_steal_pointer (&self);
}

/**
 * gk_portal_listener_dup_uri:
 *
 * Returns: (transfer full): the base URL of the socket, e.g. `http://127.0.0.1:8080/`
 */
char *
gk_portal_listener_dup_uri (GkPortalListener *self)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;
  GInetAddress *address;
  const char *scheme;

  g_return_val_if_fail (GK_IS_PORTAL_LISTENER (self), NULL);

  local = g_socket_get_local_address (self->socket, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return NULL;

  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  host = g_inet_address_to_string (address);
  scheme = self->certificate != NULL ? "https" : "http";

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("%s://[%s]:%u/", scheme, host, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  return g_strdup_printf ("%s://%s:%u/", scheme, host, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

/* How many connections are being served now. */
guint
gk_portal_listener_get_open (GkPortalListener *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_LISTENER (self), 0);

  return g_hash_table_size (self->open);
}
