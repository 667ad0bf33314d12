/* Who may use the office pages, and proof that a form was posted from them: Host, Origin, session, CSRF token. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <sys/random.h>

#include "gk-portal-office-guard.h"
#include "gk-portal-throttle.h"

#define SESSION_COOKIE "gk_office"
/* Sign-in attempts: per account and per address, 5 failures in 15 minutes. */
#define SIGN_IN_FAILURES 5
#define SIGN_IN_WINDOW_SECONDS (15 * 60)
#define SESSION_BYTES 32
#define SESSION_MAX_AGE_SECONDS (12 * 60 * 60)
#define FORM_TOKEN_FIELD "csrf"

struct _GkPortalOfficeGuard
{
  GObject   parent_instance;

  /* Signs the form tokens; new at every start, so a restart only makes the open pages reload. */
  guint8    secret[32];
  gboolean  https;
  char    **public_names;
  GkPortalOfficeAccounts *accounts;
  GHashTable *signed_in;  /* session id → SignedIn */
  GkPortalThrottle *sign_in_throttle;
};

typedef struct
{
  char   *name;
  gint64  expires;  /* monotonic µs */
} SignedIn;

static void
signed_in_free (SignedIn *signed_in)
{
  g_free (signed_in->name);
  g_free (signed_in);
}

G_DEFINE_FINAL_TYPE (GkPortalOfficeGuard, gk_portal_office_guard, G_TYPE_OBJECT)

/* The kernel's random bytes; a portal without them must not run, its tokens would be guessable. */
static void
fill_random (guint8 *buffer,
             gsize   size)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t n = getrandom (buffer + done, size - done, 0);

      if (n < 0 && errno != EINTR)
        g_error ("The kernel gave no random bytes (%s).", g_strerror (errno));
      if (n > 0)
        done += n;
    }
}

static gboolean
is_hex_of_length (const char *text,
                  gsize       length)
{
  gsize i;

  for (i = 0; text[i] != '\0'; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;

  return i == length;
}

/* Compares all of both strings whatever differs first: a token is not found byte by byte from timings. */
static gboolean
equal_in_constant_time (const char *a,
                        const char *b)
{
  gsize length_a = strlen (a), length_b = strlen (b);
  guint8 difference = length_a != length_b;

  for (gsize i = 0; i < MIN (length_a, length_b); i++)
    difference |= (guint8) (a[i] ^ b[i]);

  return difference == 0;
}

/* The host name of a Host header or an origin, lower case, without the port or IPv6 brackets. */
static char *
dup_host_name (const char *host_port)
{
  const char *end;

  if (host_port[0] == '[')
    {
      end = strchr (host_port, ']');
      return end != NULL ? g_ascii_strdown (host_port + 1, end - host_port - 1) : NULL;
    }

  end = strrchr (host_port, ':');
  return g_ascii_strdown (host_port, end != NULL ? end - host_port : -1);
}

static gboolean
is_loopback_name (const char *name)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_str_equal (name, "localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (name);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
is_public_name (GkPortalOfficeGuard *self,
                const char          *name)
{
  return self->public_names != NULL && g_strv_contains ((const char * const *) self->public_names, name);
}

static void
gk_portal_office_guard_finalize (GObject *object)
{
  GkPortalOfficeGuard *self = (GkPortalOfficeGuard *)object;

  g_clear_pointer (&self->public_names, g_strfreev);
  g_clear_pointer (&self->signed_in, g_hash_table_unref);
  g_clear_object (&self->accounts);
  g_clear_object (&self->sign_in_throttle);

  G_OBJECT_CLASS (gk_portal_office_guard_parent_class)->finalize (object);
}

static void
gk_portal_office_guard_class_init (GkPortalOfficeGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_office_guard_finalize;
}

static void
gk_portal_office_guard_init (GkPortalOfficeGuard *self)
{
  fill_random (self->secret, sizeof self->secret);
  self->signed_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) signed_in_free);
  self->sign_in_throttle = gk_portal_throttle_new (SIGN_IN_FAILURES, SIGN_IN_WINDOW_SECONDS);
}

/**
 * gk_portal_office_guard_new:
 * @accounts: the office's reviewers; with none, the pages are the portal machine's alone
 * @https: whether the portal serves HTTPS, so its cookies can be `Secure`
 */
GkPortalOfficeGuard *
gk_portal_office_guard_new (GkPortalOfficeAccounts *accounts,
                            gboolean                https)
{
  GkPortalOfficeGuard *self = g_object_new (GK_TYPE_PORTAL_OFFICE_GUARD, NULL);

  self->accounts = g_object_ref (accounts);
  self->https = https;

  return self;
}

/* With office accounts, reviewers sign in and may use their own PCs. */
gboolean
gk_portal_office_guard_requires_sign_in (GkPortalOfficeGuard *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self), FALSE);

  return gk_portal_office_accounts_get_count (self->accounts) > 0;
}

/**
 * gk_portal_office_guard_set_public_names:
 * @names: (nullable): the host names the portal is reached by besides
 *   loopback ones, as given with --public-name
 */
void
gk_portal_office_guard_set_public_names (GkPortalOfficeGuard *self,
                                         const char * const  *names)
{
  g_return_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self));

  g_strfreev (self->public_names);
  self->public_names = g_new0 (char *, (names != NULL ? g_strv_length ((char **) names) : 0) + 1);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    self->public_names[i] = g_ascii_strdown (names[i], -1);
}

/*
 * The Origin of a POST must be the page's own: a form on another site, even
 * one on this machine's other ports, is not the office deciding. Browsers
 * send Origin with every POST; Referer is the fallback of older ones.
 */
static gboolean
is_same_origin (GkPortalOfficeGuard *self,
                GkPortalRequest     *request,
                const char          *host)
{
  g_autofree char *origin = g_strconcat (self->https ? "https://" : "http://", host, NULL);
  const char *sent_origin = gk_portal_request_get_header (request, "Origin");
  const char *referer = gk_portal_request_get_header (request, "Referer");

  if (sent_origin != NULL)
    return g_ascii_strcasecmp (sent_origin, origin) == 0;

  return referer != NULL && g_ascii_strncasecmp (referer, origin, strlen (origin)) == 0 &&
         referer[strlen (origin)] == '/';
}

/**
 * gk_portal_office_guard_check_peer:
 *
 * Checks what the headers of a request to the office pages say, before its
 * body: the Host must be a name of this portal (DNS rebinding sends another),
 * never through a proxy; other machines only when office accounts exist, and
 * then over HTTPS only.
 *
 * Returns: (transfer full) (nullable): why the request is refused, %NULL if not
 */
GError *
gk_portal_office_guard_check_peer (GkPortalOfficeGuard *self,
                                   GkPortalRequest     *request)
{
  const char *host = gk_portal_request_get_header (request, "Host");
  g_autofree char *name = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self), NULL);

  if (host == NULL || (name = dup_host_name (host)) == NULL ||
      (!is_loopback_name (name) && !is_public_name (self, name)))
    return g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_MISDIRECTED,
                        "This portal does not answer to the host name “%s”; open the office pages by a name given with --public-name, or at http://127.0.0.1/ on the portal's machine.",
                        host != NULL ? host : "");

  /* A reverse proxy on the same machine makes every visitor a loopback peer. */
  if (gk_portal_request_get_header (request, "Forwarded") != NULL ||
      gk_portal_request_get_header (request, "X-Forwarded-For") != NULL)
    return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_FORBIDDEN,
                                "The office pages are not served through a proxy; open them on the portal itself.");

  if (gk_portal_request_is_loopback (request) && is_loopback_name (name))
    return NULL;

  if (!gk_portal_office_guard_requires_sign_in (self))
    return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_FORBIDDEN,
                                "This page is served only to the portal's own machine until an office account exists; open it there, or create accounts with gongkai-portal office-user add.");

  /* A password must not cross the network in the clear. */
  if (!self->https)
    return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_FORBIDDEN,
                                "Over plain HTTP the office pages are served only to the portal's own machine; serve HTTPS (--tls-cert, --tls-key) to review from other PCs.");

  return NULL;
}

/* The session id of the request's cookie, or NULL when it has none of ours. */
static char *
dup_cookie_session (GkPortalRequest *request)
{
  const char *cookies = gk_portal_request_get_header (request, "Cookie");
  g_autoptr(GHashTable) values = NULL;
  const char *value;

  if (cookies == NULL)
    return NULL;

  values = soup_header_parse_semi_param_list (cookies);
  value = g_hash_table_lookup (values, SESSION_COOKIE);
  if (value == NULL || !is_hex_of_length (value, SESSION_BYTES * 2))
    return NULL;

  return g_strdup (value);
}

/* A new session id, 256 random bits, and its cookie on the response. */
static char *
issue_session (GkPortalOfficeGuard *self,
               GkPortalRequest     *request)
{
  guint8 bytes[SESSION_BYTES];
  g_autofree char *cookie = NULL;
  GString *session = g_string_new (NULL);

  fill_random (bytes, sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (session, "%02x", bytes[i]);

  cookie = g_strdup_printf (SESSION_COOKIE "=%s; Path=/office/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                            session->str, SESSION_MAX_AGE_SECONDS, self->https ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (gk_portal_request_get_message (request)),
                               "Set-Cookie", cookie);

  return g_string_free (session, FALSE);
}

/**
 * gk_portal_office_guard_dup_session:
 *
 * The browser's office session: the one its cookie names, or a new one whose
 * cookie (`HttpOnly`, `SameSite=Strict`, `Secure` over HTTPS, 12 hours) is
 * added to the response. A cross-site form post carries no such cookie.
 *
 * Returns: (transfer full): the session id, 64 hexadecimal digits
 */
char *
gk_portal_office_guard_dup_session (GkPortalOfficeGuard *self,
                                    GkPortalRequest     *request)
{
  char *existing;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self), NULL);

  if ((existing = dup_cookie_session (request)) != NULL)
    return existing;

  return issue_session (self, request);
}

/**
 * gk_portal_office_guard_dup_form_token:
 *
 * Returns: (transfer full): the token every form of @session's pages carries
 *   in its `csrf` field
 */
char *
gk_portal_office_guard_dup_form_token (GkPortalOfficeGuard *self,
                                       const char          *session)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self), NULL);

  message = g_strconcat ("office-form:", session, NULL);
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, self->secret, sizeof self->secret, message, -1);
}

/**
 * gk_portal_office_guard_check_form:
 * @form: the decoded body of the POST
 *
 * Returns: (transfer full) (nullable): why the form is refused: another
 *   origin, no session cookie, or a missing, stale or foreign token
 */
GError *
gk_portal_office_guard_check_form (GkPortalOfficeGuard *self,
                                   GkPortalRequest     *request,
                                   GHashTable          *form)
{
  g_autofree char *session = dup_cookie_session (request);
  g_autofree char *expected = NULL;
  const char *token = g_hash_table_lookup (form, FORM_TOKEN_FIELD);

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self), NULL);

  if (!is_same_origin (self, request, gk_portal_request_get_header (request, "Host")))
    return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_FORBIDDEN,
                                "The form was not sent from this portal's own page; open the item's page on the portal and decide there.");

  if (session != NULL && token != NULL)
    expected = gk_portal_office_guard_dup_form_token (self, session);

  if (expected == NULL || !equal_in_constant_time (token, expected))
    return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_FORBIDDEN,
                                "The form is not from this portal's page, or the page is older than the portal's last start; reload the item's page and decide again.");

  return NULL;
}

/**
 * gk_portal_office_guard_dup_user:
 *
 * Returns: (transfer full) (nullable): the office account signed in with the
 *   request's session, %NULL if none or expired
 */
char *
gk_portal_office_guard_dup_user (GkPortalOfficeGuard *self,
                                 GkPortalRequest     *request)
{
  g_autofree char *session = dup_cookie_session (request);
  SignedIn *signed_in;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self), NULL);

  if (session == NULL || (signed_in = g_hash_table_lookup (self->signed_in, session)) == NULL)
    return NULL;

  /* Expired, or the account was removed since (SIGHUP). */
  if (g_get_monotonic_time () >= signed_in->expires ||
      !gk_portal_office_accounts_contains (self->accounts, signed_in->name))
    {
      g_hash_table_remove (self->signed_in, session);
      return NULL;
    }

  return g_strdup (signed_in->name);
}

/**
 * gk_portal_office_guard_sign_in:
 *
 * Checks @name's @password; on success the browser gets a new session (the
 * one it had before signing in is not trusted with more) for 12 hours.
 * Failures are counted per account and per address: after 5 in 15 minutes
 * both wait.
 *
 * Returns: (transfer full) (nullable): why the sign-in failed, %NULL if it did not
 */
GError *
gk_portal_office_guard_sign_in (GkPortalOfficeGuard *self,
                                GkPortalRequest     *request,
                                const char          *name,
                                const char          *password)
{
  g_autofree char *peer = gk_portal_request_dup_peer (request);
  g_autofree char *address_key = g_strconcat ("address:", peer, NULL);
  g_autofree char *account_key = g_strconcat ("account:", name, NULL);
  g_autofree char *session = NULL;
  SignedIn *signed_in;
  guint wait;

  g_return_val_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self), NULL);

  wait = MAX (gk_portal_throttle_get_wait (self->sign_in_throttle, address_key),
              gk_portal_throttle_get_wait (self->sign_in_throttle, account_key));
  if (wait > 0)
    {
      g_autofree char *retry_after = g_strdup_printf ("%u", wait);

      gk_portal_request_set_header (request, "Retry-After", retry_after);
      return g_error_new (GK_PORTAL_ERROR, GK_PORTAL_ERROR_TOO_MANY,
                          "Too many wrong passwords were tried; wait %u minutes, then sign in again.",
                          (wait + 59) / 60);
    }

  if (!gk_portal_office_accounts_verify (self->accounts, name, password))
    {
      gk_portal_throttle_record_failure (self->sign_in_throttle, address_key);
      gk_portal_throttle_record_failure (self->sign_in_throttle, account_key);
      g_message ("office sign-in as %s from %s failed", name, peer);
      return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_UNAUTHORIZED,
                                  "The name or the password is wrong; type them again.");
    }

  gk_portal_throttle_forget (self->sign_in_throttle, account_key);
  session = issue_session (self, request);
  signed_in = g_new0 (SignedIn, 1);
  signed_in->name = g_strdup (name);
  signed_in->expires = g_get_monotonic_time () + (gint64) SESSION_MAX_AGE_SECONDS * G_USEC_PER_SEC;
  g_hash_table_replace (self->signed_in, g_steal_pointer (&session), signed_in);
  g_message ("office user %s signed in from %s", name, peer);

  return NULL;
}

void
gk_portal_office_guard_sign_out (GkPortalOfficeGuard *self,
                                 GkPortalRequest     *request)
{
  g_autofree char *session = dup_cookie_session (request);

  g_return_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self));

  if (session != NULL)
    g_hash_table_remove (self->signed_in, session);
}

/**
 * gk_portal_office_guard_add_headers:
 *
 * What every office answer says to the browser: no script at all, never in a
 * frame, no Referer to other sites, nothing kept in a cache.
 */
void
gk_portal_office_guard_add_headers (GkPortalOfficeGuard *self,
                                    GkPortalRequest     *request)
{
  g_return_if_fail (GK_IS_PORTAL_OFFICE_GUARD (self));

  gk_portal_request_set_header (request, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'");
  gk_portal_request_set_header (request, "X-Frame-Options", "DENY");
  /* Not no-referrer: browsers then send "Origin: null" with the pages' own forms, which must be told from a foreign one. */
  gk_portal_request_set_header (request, "Referrer-Policy", "same-origin");
  gk_portal_request_set_header (request, "Cache-Control", "no-store");
  gk_portal_request_set_header (request, "X-Content-Type-Options", "nosniff");
}
