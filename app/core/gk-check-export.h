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
GkCheckLogEntry *gk_check_log_lookup (GPtrArray  *log,
                                      const char *key);

G_END_DECLS
