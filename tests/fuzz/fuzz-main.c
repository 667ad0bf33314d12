/*
 * Runs a fuzz target over every file of the corpus folders named on the
 * command line, in the ordinary build without libFuzzer: the committed
 * corpus, crash reproducers included, becomes a regression test. Speaks TAP;
 * a crash ends the program, and meson reports the test failed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gk-fuzz.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files of @folder, sorted, so the TAP numbering is stable. */
static GPtrArray *
list_files (const char *folder)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  const char *name;

  if (dir == NULL)
    g_error ("The corpus folder %s cannot be read: %s", folder, error->message);

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (files, compare_names);

  return g_steal_pointer (&files);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) found = list_files (argv[i]);

      g_ptr_array_extend_and_steal (files, g_steal_pointer (&found));
    }

  if (files->len == 0)
    {
      printf ("1..0 # SKIP no corpus files\n");
      return 0;
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *contents = NULL;
      g_autofree uint8_t *copy = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        g_error ("%s", error->message);

      /* An allocation of exactly the input's size, never NULL, as libFuzzer passes it. */
      copy = g_malloc (MAX (length, 1));
      memcpy (copy, contents, length);
      fflush (stdout);
      LLVMFuzzerTestOneInput (copy, length);
      printf ("ok %u - %s\n", i + 1, path);
    }

  return 0;
}
