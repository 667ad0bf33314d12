/* Binds the gettext domain, from the build tree when run uninstalled (see meson devenv). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gk-i18n.h"

void
gk_i18n_init (void)
{
  const char *localedir = g_getenv ("GK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
