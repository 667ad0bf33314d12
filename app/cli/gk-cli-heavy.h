/*
 * The part of gongkai that needs libsoup, libsecret, Pango, cairo, poppler or libarchive.
 *
 * The gongkai on PATH leaves it out so that `item list` and the like start as fast as the
 * sqlite3 shell (docs/performance.md): loading those libraries costs more than the query.
 * Each program links one table of it: gongkai-full the working one (gk-cli-heavy.c), gongkai
 * one that runs gongkai-full in its place with the same arguments (gk-cli-light.c), as git
 * runs git-remote-https to keep libcurl out of git. The commands common to both
 * (libgongkai-cli) reach that part only through the table.
 */
#pragma once

#include "gk-annual-report.h"
#include "gk-check.h"
#include "gk-cli.h"

G_BEGIN_DECLS

typedef int (*GkCliRunFunc) (int    argc,
                             char **argv);

typedef struct
{
  /* Hands the heavy part its development switches; %NULL in gongkai. */
  void     (*set_up)              (const GkDevSwitches  *switches);

  /* Whole commands; gk_cli_delegate() in gongkai. */
  GkCliRunFunc submit;
  GkCliRunFunc login;
  GkCliRunFunc sync;
  GkCliRunFunc scan;
  GkCliRunFunc profile_submit;
  GkCliRunFunc calendar_update;
  GkCliRunFunc item_mask;

  /* Outputs of commands that gongkai runs itself otherwise. %NULL in gongkai, which then
   * runs gongkai-full before it opens the database. */
  void     (*fetch_site_summary)  (GkContext            *context,
                                   const GDate          *as_of);
  gboolean (*write_check_pdf)     (GkCheckResult        *result,
                                   GPtrArray            *log,
                                   const char           *path,
                                   GError              **error);
  gboolean (*write_annual_report) (GkContext            *context,
                                   const GkAnnualReport *report,
                                   const char           *format,
                                   const char           *path,
                                   const char           *draft_in,
                                   GError              **error);
  gboolean (*write_notice_pdf)    (const char           *text,
                                   const char           *path,
                                   GError              **error);
} GkCliHeavy;

/* Defined by the one of gk-cli-heavy.c and gk-cli-light.c that the program links. */
extern const GkCliHeavy gk_cli_heavy;

/* gongkai-full's commands (gk-cli-portal.c, gk-cli-scan.c, gk-cli-submit.c, gk-cli-mask.c). */
int          gk_cli_submit                 (int          argc,
                                            char       **argv);
int          gk_cli_login                  (int          argc,
                                            char       **argv);
int          gk_cli_sync                   (int          argc,
                                            char       **argv);
int          gk_cli_scan                   (int          argc,
                                            char       **argv);
int          gk_cli_profile_submit         (int          argc,
                                            char       **argv);
int          gk_cli_calendar_update        (int          argc,
                                            char       **argv);
int          gk_cli_item_mask              (int          argc,
                                            char       **argv);
void         gk_cli_fetch_site_summary     (GkContext   *context,
                                            const GDate *as_of);

G_END_DECLS
