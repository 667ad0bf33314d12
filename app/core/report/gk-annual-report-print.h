/* The annual report as an A4 PDF laid out like the national format, and as a DOCX to edit further. */
#pragma once

#include "gk-annual-report.h"

G_BEGIN_DECLS

gboolean gk_annual_report_write_pdf  (const GkAnnualReport *report,
                                      const char           *path,
                                      GError              **error);
gboolean gk_annual_report_write_docx (const GkAnnualReport *report,
                                      const char           *path,
                                      GError              **error);

G_END_DECLS
