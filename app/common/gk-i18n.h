/* Message catalogs for every program of the project. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gk_i18n_init (const char *localedir);

G_END_DECLS
