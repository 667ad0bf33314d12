/* CSV as office spreadsheets read it (RFC 4180, UTF-8 with a BOM). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Spreadsheets on Chinese Windows read a CSV as GBK unless it starts with this. */
#define GK_CSV_BOM "\xef\xbb\xbf"

void gk_csv_append_field (GString    *out,
                          const char *value,
                          gboolean    last);

G_END_DECLS
