/* The client programs' development switches, read from the environment (gk-dev-switches.h). */
#include "config.h"

#include "gk-dev-switches.h"

/* An empty value counts as unset, as a shell's `VAR= program` means. */
static char *
dup_variable (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/**
 * gk_dev_switches_new_from_environment:
 *
 * Returns: (transfer full): the switches as the environment sets them; all off in a user's session
 */
GkDevSwitches *
gk_dev_switches_new_from_environment (void)
{
  GkDevSwitches *self = g_new0 (GkDevSwitches, 1);

  self->localedir = dup_variable ("GK_LOCALEDIR");
  self->documents_module = dup_variable ("GK_DOCUMENTS_MODULE");
  /* Set but empty, it stays an address: one the account then refuses, as it always did. */
  self->default_portal = g_strdup (g_getenv ("GK_DEFAULT_PORTAL"));
  self->demo_tokens = dup_variable ("GK_DEMO_TOKENS");
  self->tus_checksums = g_strcmp0 (g_getenv ("GK_TUS_CHECKSUMS"), "always") == 0;
  self->help_html = dup_variable ("GK_HELP_HTML");
  self->helpdir = dup_variable ("GK_HELPDIR");
  self->quit_after_first_frame = g_strcmp0 (g_getenv ("GK_BENCH_QUIT_AFTER_FIRST_FRAME"), "1") == 0;

  return self;
}

GkDevSwitches *
gk_dev_switches_copy (const GkDevSwitches *self)
{
  GkDevSwitches *copy = g_new0 (GkDevSwitches, 1);

  g_return_val_if_fail (self != NULL, copy);

  *copy = *self;
  copy->localedir = g_strdup (self->localedir);
  copy->documents_module = g_strdup (self->documents_module);
  copy->default_portal = g_strdup (self->default_portal);
  copy->demo_tokens = g_strdup (self->demo_tokens);
  copy->help_html = g_strdup (self->help_html);
  copy->helpdir = g_strdup (self->helpdir);

  return copy;
}

void
gk_dev_switches_free (GkDevSwitches *self)
{
  if (self == NULL)
    return;

  g_free (self->localedir);
  g_free (self->documents_module);
  g_free (self->default_portal);
  g_free (self->demo_tokens);
  g_free (self->help_html);
  g_free (self->helpdir);
  g_free (self);
}
