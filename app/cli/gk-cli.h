/* Shared plumbing of the gongkai command: option parsing, exit codes, error output. */
#pragma once

#include <gio/gio.h>

#include "gk-dev-switches.h"
#include "gk-types.h"

G_BEGIN_DECLS

/* The exit statuses of DESIGN.md's command-line contract. */
typedef enum {
  GK_CLI_OK      = 0,
  GK_CLI_REFUSED = 1,
  GK_CLI_USAGE   = 2,
} GkCliStatus;

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  int       (*run) (int argc, char **argv);
} GkCliCommand;

gboolean     gk_cli_parse        (const char     *command,
                                  const char     *parameters,
                                  const char     *summary,
                                  const GOptionEntry *entries,
                                  int            *argc,
                                  char         ***argv,
                                  char          **data_dir);
GkContext   *gk_cli_open_context (const char     *data_dir);
GkContext   *gk_cli_open_with_unit (const char   *data_dir,
                                  char          **unit);
GPtrArray   *gk_cli_resolve_uuids (GkContext    *context,
                                  const char     *unit,
                                  char          **ids,
                                  int             n_ids,
                                  gboolean        in_bin);
int          gk_cli_usage_error  (const char     *command,
                                  const char     *format,
                                  ...) G_GNUC_PRINTF (2, 3);
int          gk_cli_report_error (const GError   *error);
void         gk_cli_init         (int             argc,
                                  char          **argv,
                                  const GkDevSwitches *switches);
int          gk_cli_delegate     (int             argc,
                                  char          **argv);
int          gk_cli_dispatch     (const char     *group,
                                  const GkCliCommand *commands,
                                  int             argc,
                                  char          **argv);

int          gk_cli_request      (int             argc,
                                  char          **argv);
int          gk_cli_report       (int             argc,
                                  char          **argv);
int          gk_cli_calendar     (int             argc,
                                  char          **argv);
int          gk_cli_catalog      (int             argc,
                                  char          **argv);
int          gk_cli_profile      (int             argc,
                                  char          **argv);
int          gk_cli_item         (int             argc,
                                  char          **argv);
int          gk_cli_store        (int             argc,
                                  char          **argv);
int          gk_cli_check        (int             argc,
                                  char          **argv);

G_END_DECLS
