/* The signed self-check report (自查报告), laid out on A4 pages for PDF and for printing. */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "gk-check.h"

G_BEGIN_DECLS

#define GK_TYPE_CHECK_REPORT (gk_check_report_get_type ())

G_DECLARE_FINAL_TYPE (GkCheckReport, gk_check_report, GK, CHECK_REPORT, GObject)

GkCheckReport *gk_check_report_new       (GkCheckResult *result,
                                          GPtrArray     *log);
guint          gk_check_report_paginate  (GkCheckReport *self,
                                          PangoContext  *context,
                                          double         width,
                                          double         height);
void           gk_check_report_draw_page (GkCheckReport *self,
                                          cairo_t       *cr,
                                          guint          page);
gboolean       gk_check_report_write_pdf (GkCheckReport *self,
                                          const char    *path,
                                          GError       **error);

G_END_DECLS
