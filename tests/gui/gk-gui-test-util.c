/* What the GTK-level GUI tests share: a context on a fresh data folder and ways to reach widgets. */
#include "config.h"

#include "gk-context.h"
#include "gk-dev-switches.h"
#include "gk-privacy-report.h"
#include "gk-i18n.h"
#include "gk-gui-test-util.h"
#include "gk-profile.h"
#include "gk-test-util.h"

void
gk_gui_fixture_set_up (GkGuiFixture  *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = gk_test_make_data_dir ();
  fixture->context = gk_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);
}

void
gk_gui_fixture_tear_down (GkGuiFixture  *fixture,
                          gconstpointer  user_data)
{
  g_clear_object (&fixture->context);
  gk_test_remove_tree (fixture->data_dir);
  g_clear_pointer (&fixture->data_dir, g_free);
}

void
gk_gui_test_save_profile (GkGuiFixture *fixture,
                          const char   *unit)
{
  g_autoptr(GkProfile) profile = gk_profile_new ();
  g_autoptr(GError) error = NULL;

  gk_profile_set_unit (profile, unit);
  gk_profile_set_liaison (profile, "黄筱丹");
  gk_profile_set_phone (profile, "0730-8882003");
  gk_context_save_profile (fixture->context, profile, &error);
  g_assert_no_error (error);
}

void
gk_gui_test_drain_events (void)
{
  while (gtk_events_pending ())
    gtk_main_iteration ();
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop for a while, so timeouts (autosave, search-changed) get their turn. */
void
gk_gui_test_wait (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, on_wait_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gpointer
gk_gui_test_get_child (gpointer    widget,
                       GType       type,
                       const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);

  return child;
}

const char *
gk_gui_test_get_row_name (GtkListBoxRow *row)
{
  return atk_object_get_name (gtk_widget_get_accessible (GTK_WIDGET (row)));
}

GtkListBoxRow *
gk_gui_test_find_row (GtkListBox *list,
                      const char *name)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      if (g_strcmp0 (gk_gui_test_get_row_name (row), name) == 0)
        return row;
    }

  return NULL;
}

guint
gk_gui_test_count_rows (GtkListBox *list,
                        gboolean    shown_only)
{
  GtkListBoxRow *row;
  guint n = 0;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      if (!shown_only || gtk_widget_get_child_visible (GTK_WIDGET (row)))
        n++;
    }

  return n;
}

static void
test_no_display (void)
{
  g_test_skip ("No display: run under xvfb-run");
}

/**
 * gk_gui_test_init:
 *
 * What every GUI test program does first, as the program itself does: its
 * translations (for the zh_CN screenshots), GTest, GTK and the application's
 * style sheet. Without a display, registers one skipped test instead.
 *
 * Returns: %FALSE when there is no display: return g_test_run() then
 */
gboolean
gk_gui_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GkDevSwitches) switches = gk_dev_switches_new_from_environment ();

  gk_i18n_init (switches->localedir);
  gk_privacy_set_documents_module (switches->documents_module);
  g_test_init (argc, argv, NULL);

  if (!gtk_init_check (NULL, NULL))
    {
      g_test_add_func ("/gui/no-display", test_no_display);
      return FALSE;
    }

  gtk_css_provider_load_from_resource (css, "/io/github/gongkai/Liaison/ui/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  return TRUE;
}

/* With GK_TEST_SCREENSHOT_DIR set, the screen as it is now goes to DIR/NAME.png (for looking at it). */
void
gk_gui_test_snap (const char *name)
{
  const char *dir = g_getenv ("GK_TEST_SCREENSHOT_DIR");
  GdkWindow *root = gdk_get_default_root_window ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  gk_gui_test_wait (400);
  pixbuf = gdk_pixbuf_get_from_window (root, 0, 0, gdk_window_get_width (root), gdk_window_get_height (root));
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL);
}
