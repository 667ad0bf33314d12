/* gongkai-liaison: the desktop application of the disclosure liaison. */
#include "config.h"

#include <stdio.h>

#include "gk-application.h"
#include "gk-dev-switches.h"
#include "gk-i18n.h"
#include "gk-privacy-report.h"
#include "gk-window.h"

/*
 * Benchmark hook (GK_BENCH_QUIT_AFTER_FIRST_FRAME=1): at the main window's first painted
 * frame, prints "first-frame <g_get_monotonic_time() µs>" on stdout and quits, so
 * tools/bench/startup can time exec → first frame. Connected before the window's own
 * handler (the window connects when mapped, after it is realized), it stops the emission
 * so that nothing the window starts after its first frame runs in a measurement.
 */
static void
on_first_frame_cb (GdkFrameClock *clock,
                   GApplication  *application)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, application);
  g_signal_stop_emission_by_name (clock, "after-paint");
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (application);
}

static void
on_main_window_realized_cb (GtkWidget    *window,
                            GApplication *application)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_frame_cb), application, 0);
}

static void
on_window_added_cb (GtkApplication *application,
                    GtkWindow      *window)
{
  if (GK_IS_WINDOW (window))
    g_signal_connect_object (window, "realize", G_CALLBACK (on_main_window_realized_cb),
                             application, G_CONNECT_AFTER);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GkDevSwitches) switches = gk_dev_switches_new_from_environment ();
  g_autoptr(GkApplication) application = NULL;

  gk_i18n_init (switches->localedir);
  gk_privacy_set_documents_module (switches->documents_module);

  /* Nothing here draws with OpenGL, yet GDK 3 on X11 probes GLX for its visuals when the
   * display opens: with Mesa's software renderer (virtual machines, office PCs without a
   * GPU driver) that probe is the largest single cost before the first frame, a fifth of
   * the instructions (docs/performance.md). A GDK_GL the user set wins. */
  g_setenv ("GDK_GL", "disable", FALSE);

  application = gk_application_new (switches);
  if (switches->quit_after_first_frame)
    g_signal_connect (application, "window-added", G_CALLBACK (on_window_added_cb), NULL);

  return g_application_run (G_APPLICATION (application), argc, argv);
}
