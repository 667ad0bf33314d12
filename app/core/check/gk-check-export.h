/* The self-check as text, JSON and CSV, for the terminal and the office's own tables. */
#pragma once

#include "gk-check.h"

G_BEGIN_DECLS

char *gk_check_export_text (GkCheckResult *result,
                            GPtrArray     *log);
char *gk_check_export_json (GkCheckResult *result,
                            GPtrArray     *log);
char *gk_check_export_csv  (GkCheckResult *result,
                            GPtrArray     *log);
GHashTable *gk_check_log_index (GPtrArray *log);

G_END_DECLS
