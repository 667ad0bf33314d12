/* Binds the gettext domain, from the build tree when run uninstalled (see meson devenv). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gk-i18n.h"

/* @localedir: (nullable): the build tree's catalogs when run uninstalled (GK_LOCALEDIR) */
void
gk_i18n_init (const char *localedir)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
