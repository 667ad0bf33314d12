/*
 * The portal's problem documents (RFC 9457) as sentences the liaison reads.
 * Every problem type the protocol defines (docs/portal-api.md) has a sentence
 * of ours, translated like the rest of the program; the portal's own detail,
 * in whatever language the portal wrote it, is kept apart for 详情.
 */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gk-portal-problem.h"
#include "gk-protocol.h"

/* Separates our sentence from the portal's detail in a stored message; never in either. */
#define DETAIL_SEPARATOR "\n"

/* Sizes in the liaison's units (kB, MB), as the file manager shows them. */
static char *
dup_too_large (const GkProtocolProblem *problem)
{
  g_autofree char *size_text = NULL;
  g_autofree char *limit_text = NULL;

  if (problem->size < 0 || problem->limit < 0)
    return g_strdup (_("An attachment or the item is larger than the portal accepts; make the file smaller or split it, then submit again."));

  size_text = g_format_size ((guint64) problem->size);
  limit_text = g_format_size ((guint64) problem->limit);

  return g_strdup_printf (_("The attachment is %s, over the portal’s limit of %s; make the file smaller or split it, then submit again."),
                          size_text, limit_text);
}

static char *
dup_by_status (guint status)
{
  if (status >= 500)
    return g_strdup (_("The portal could not handle the request just now; it is tried again later by itself."));
  if (status == 429)
    return g_strdup (_("The portal asked to wait before the next request; it is tried again later by itself."));

  return g_strdup_printf (_("The portal refused the request (HTTP %u); tell the municipal office what you submitted."), status);
}

/**
 * gk_portal_problem_dup_message:
 * @problem: (nullable): the parsed problem document, if the portal sent one
 *
 * Returns: (transfer full): one sentence of ours for the problem: what happened
 *   and what to do, never the portal's own words
 */
char *
gk_portal_problem_dup_message (guint     status,
                               JsonNode *problem)
{
  static const struct {
    const char *type;
    const char *message;
  } messages[] = {
    { "invalid", N_("The portal found the item incomplete or malformed; check its fields and attachments, then submit again.") },
    { "unauthorized", N_("The portal did not accept the token; log in again with a new token from the municipal office.") },
    { "token-expired", N_("The token is no longer valid; log in again with a new token from the municipal office.") },
    { "wrong-unit", N_("The portal says this belongs to another unit; check the unit in your profile and the token you logged in with.") },
    { "forbidden", N_("The portal does not allow this here; tell the municipal office.") },
    { "not-found", N_("The portal does not know this item or file; submit it again.") },
    { "conflict", N_("The portal holds a different state of this item or upload; it is sent again from where the portal stands.") },
    { "precondition-failed", N_("The item was changed on the portal meanwhile; the portal’s state is fetched and it is sent again.") },
    { "checksum-mismatch", N_("A part of an attachment arrived damaged; it is sent again.") },
    { "internal", N_("The portal had an internal failure; it is tried again later by itself.") },
    { "unavailable", N_("The portal is unavailable for the moment; it is tried again later by itself.") },
    { "method-not-allowed", N_("The portal does not accept this kind of request; tell the municipal office.") },
  };
  GkProtocolProblem read;

  gk_protocol_problem_read (problem, &read);

  if (g_strcmp0 (read.type, "too-large") == 0 || (read.type == NULL && status == 413))
    return dup_too_large (&read);

  for (guint i = 0; read.type != NULL && i < G_N_ELEMENTS (messages); i++)
    if (g_str_equal (read.type, messages[i].type))
      return g_strdup (_(messages[i].message));

  return dup_by_status (status);
}

/**
 * gk_portal_problem_dup_detail:
 *
 * Returns: (transfer full) (nullable): the portal's own words: its detail, or its title
 */
char *
gk_portal_problem_dup_detail (JsonNode *problem)
{
  GkProtocolProblem read;
  const char *detail;

  gk_protocol_problem_read (problem, &read);
  detail = read.detail != NULL ? read.detail : read.title;

  return detail != NULL ? g_strdelimit (g_strdup (detail), "\r\n", ' ') : NULL;
}

/**
 * gk_portal_problem_join:
 * @detail: (nullable): the portal's own words
 *
 * Returns: (transfer full): @message, then the portal's words where
 *   gk_portal_problem_split() finds them for 详情
 */
char *
gk_portal_problem_join (const char *message,
                        const char *detail)
{
  g_return_val_if_fail (message != NULL, NULL);

  if (detail == NULL || *detail == '\0')
    return g_strdup (message);

  return g_strconcat (message, DETAIL_SEPARATOR, detail, NULL);
}

/**
 * gk_portal_problem_split:
 * @detail: (out) (transfer full) (nullable): the portal's own words, if any
 *
 * Returns: (transfer full): our sentence, to show; @detail goes under 详情
 */
char *
gk_portal_problem_split (const char  *text,
                         char       **detail)
{
  const char *separator;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (detail != NULL, NULL);

  if ((separator = strstr (text, DETAIL_SEPARATOR)) == NULL)
    {
      *detail = NULL;
      return g_strdup (text);
    }

  *detail = g_strdup (separator + strlen (DETAIL_SEPARATOR));
  return g_strndup (text, (gsize) (separator - text));
}

/**
 * gk_portal_problem_accept_language:
 *
 * Returns: the Accept-Language header for the liaison's language, so a portal
 *   that can writes its details in it (zh-CN for a Chinese desktop)
 */
const char *
gk_portal_problem_accept_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "zh"))
        return "zh-CN, zh;q=0.9, en;q=0.5";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }

  return "en";
}
