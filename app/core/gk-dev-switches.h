/*
 * The development, test, demo and benchmark switches of the client programs, in one place.
 * Each program's main() (and a test program's set-up) reads them from the environment once
 * and hands each to the part it steers; library code never reads the environment.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *localedir;         /* GK_LOCALEDIR: the message catalogs of an uninstalled build */
  char     *documents_module;  /* GK_DOCUMENTS_MODULE: gk-documents.so of an uninstalled build */
  char     *default_portal;    /* GK_DEFAULT_PORTAL: tools/run's demo portal, before any login */
  char     *demo_tokens;       /* GK_DEMO_TOKENS: tools/run's file of a demo token per unit */
  gboolean  tus_checksums;     /* GK_TUS_CHECKSUMS=always: per-chunk checksums over loopback too (tests) */
  char     *help_html;         /* GK_HELP_HTML: the guide as HTML of an uninstalled build */
  char     *helpdir;           /* GK_HELPDIR: the guide's pages in the source tree, for Yelp */
  gboolean  quit_after_first_frame; /* GK_BENCH_QUIT_AFTER_FIRST_FRAME=1: tools/bench/startup */
} GkDevSwitches;

GkDevSwitches *gk_dev_switches_new_from_environment (void);
GkDevSwitches *gk_dev_switches_copy                 (const GkDevSwitches *self);
void           gk_dev_switches_free                 (GkDevSwitches       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkDevSwitches, gk_dev_switches_free)

G_END_DECLS
