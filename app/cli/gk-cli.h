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

/* How gk_cli_run_on_items() reads its arguments. */
typedef enum {
  GK_CLI_RUN_ON_ITEMS,
  GK_CLI_RUN_WITH_ARG,    /* ID ARGUMENT */
  GK_CLI_RUN_ON_BIN,      /* ids of items in the bin */
} GkCliRunMode;

/* One item's share of a command: @arg is the ARGUMENT of GK_CLI_RUN_WITH_ARG. */
typedef gboolean (*GkCliItemAction) (GkContext  *context,
                                     const char *uuid,
                                     const char *arg,
                                     GError    **error);

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
int          gk_cli_run_on_items (const char     *command,
                                  const char     *parameters,
                                  const char     *summary,
                                  GkCliItemAction action,
                                  GkCliRunMode    mode,
                                  int             argc,
                                  char          **argv);
gboolean     gk_cli_parse_attachment_number (const char *arg,
                                  gint64         *id,
                                  GError        **error);
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
