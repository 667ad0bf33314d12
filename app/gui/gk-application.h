/* The gongkai-liaison application: owns the one context and opens the right window. */
#pragma once

#include <gtk/gtk.h>

#include "gk-dev-switches.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_APPLICATION (gk_application_get_type ())

G_DECLARE_FINAL_TYPE (GkApplication, gk_application, GK, APPLICATION, GtkApplication)

GkApplication *gk_application_new         (const GkDevSwitches *switches);
GkContext     *gk_application_get_context (GkApplication *self);

G_END_DECLS
