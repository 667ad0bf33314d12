/* The self-check page (自查): what an inspection would find, and the rectification log. */
#pragma once

#include <gtk/gtk.h>

#include "gk-check.h"
#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_CHECK_PAGE (gk_check_page_get_type ())

G_DECLARE_FINAL_TYPE (GkCheckPage, gk_check_page, GK, CHECK_PAGE, GtkBin)

GtkWidget     *gk_check_page_new             (void);
void           gk_check_page_set_context     (GkCheckPage   *self,
                                              GkContext     *context);
void           gk_check_page_refresh         (GkCheckPage   *self);
GkCheckResult *gk_check_page_get_result      (GkCheckPage   *self);
gboolean       gk_check_page_is_checking     (GkCheckPage   *self);
gboolean       gk_check_page_write_pdf       (GkCheckPage   *self,
                                              const char    *path,
                                              GError       **error);
const char    *gk_check_page_get_state_class (GkColumnState  state);
const char    *gk_check_page_get_state_icon  (GkColumnState  state);
GNotification *gk_check_page_create_notification (GkCheckResult *result);

G_END_DECLS
