/* Helpers shared by the fuzz targets: quiet logs, fatal criticals, raw HTTP replies. */
#define _GNU_SOURCE /* memmem: inputs are bytes, NULs included */
#include "config.h"

#include <string.h>

#include "gk-fuzz.h"
#include "gk-portal-client-private.h"

/* The portal logs a line per request; at thousands of runs a second that is only noise. */
static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/*
 * Once per process. A critical or a warning is a broken precondition inside
 * our code or a library's: fatal, so the fuzzer reports it as a crash.
 */
void
gk_fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* Messages stay English and independent of the machine running the fuzzer. */
      g_setenv ("LANGUAGE", "en", TRUE);
      g_setenv ("TZ", "UTC", TRUE);
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_log_set_writer_func (write_log, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

/**
 * gk_fuzz_head_length:
 *
 * Returns: the length of @data's header block with the blank line that ends
 *   it ("\r\n\r\n"), or @size when there is none
 */
gsize
gk_fuzz_head_length (const uint8_t *data,
                     size_t         size)
{
  const uint8_t *end = size > 0 ? memmem (data, size, "\r\n\r\n", 4) : NULL;

  return end != NULL ? (gsize) (end - data) + 4 : size;
}

/**
 * gk_fuzz_read_reply:
 *
 * Reads @data as an HTTP/1.1 response as it comes off the wire, through
 * libsoup's own parser of status lines and headers, then as the portal
 * client reads every reply.
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL when libsoup
 *   would refuse the response head
 */
GkPortalReply *
gk_fuzz_read_reply (const uint8_t *data,
                    size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;
  gsize head = gk_fuzz_head_length (data, size);
  g_autofree char *copy = NULL;
  guint status;

  if (size == 0)
    return NULL;

  /* libsoup wants the head NUL-terminated, as its own reader keeps it. */
  copy = g_malloc (head + 1);
  memcpy (copy, data, head);
  copy[head] = '\0';
  if (!soup_headers_parse_response (copy, (int) head, headers, NULL, &status, NULL))
    return NULL;

  body = g_bytes_new (data + head, size - head);
  return gk_portal_reply_new (status, headers, body);
}
