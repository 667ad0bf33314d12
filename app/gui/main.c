/* gongkai-liaison: the desktop application of the disclosure liaison. */
#include "config.h"

#include "gk-application.h"
#include "gk-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GkApplication) application = NULL;

  gk_i18n_init ();

  /* Nothing here draws with OpenGL, yet GDK 3 on X11 probes GLX for its visuals when the
   * display opens: with Mesa's software renderer (virtual machines, office PCs without a
   * GPU driver) that probe is the largest single cost before the first frame, a fifth of
   * the instructions (docs/performance.md). A GDK_GL the user set wins. */
  g_setenv ("GDK_GL", "disable", FALSE);

  application = gk_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
