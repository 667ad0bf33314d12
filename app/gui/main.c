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

  application = gk_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
