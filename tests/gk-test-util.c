/* Temporary folders and catalog fixtures derived from the built-in catalog. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gk-test-util.h"

char *
gk_test_make_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gongkai-test-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

void
gk_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if ((dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            gk_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

/* A mutable copy of the shipped catalog, so each bad case differs from a good file by one edit. */
JsonNode *
gk_test_dup_builtin_json (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  bytes = g_resources_lookup_data ("/io/github/gongkai/Liaison/catalog/yueyang-2017.json", 0, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

GBytes *
gk_test_json_to_bytes (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

char *
gk_test_write_catalog (const char *dir,
                       const char *name,
                       JsonNode   *root)
{
  g_autoptr(GBytes) bytes = gk_test_json_to_bytes (root);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  return path;
}

static char *cli_variable;
static char *cli_value;

/**
 * gk_test_set_cli_environment:
 * @variable: such as "G_MESSAGES_DEBUG"
 * @value: (nullable): its value in the gongkai processes started from now on; %NULL to stop
 *
 * Sets one variable for the programs under test only: g_setenv() in the test itself is
 * unsafe once the in-process portal's threads run.
 */
void
gk_test_set_cli_environment (const char *variable,
                             const char *value)
{
  g_free (cli_variable);
  g_free (cli_value);
  cli_variable = value != NULL ? g_strdup (variable) : NULL;
  cli_value = g_strdup (value);
}

static rlim_t cli_file_size_limit;

/**
 * gk_test_set_cli_file_size_limit:
 * @bytes: the largest file the gongkai processes started from now on may write; 0 for no limit
 *
 * A full disk, without root: past the limit write() fails with EFBIG, as it
 * fails with ENOSPC on a full disk (SIGXFSZ is ignored, so the process lives
 * to report it). Files already larger may still be written below the limit.
 */
void
gk_test_set_cli_file_size_limit (goffset bytes)
{
  cli_file_size_limit = (rlim_t) bytes;
}

static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { cli_file_size_limit, cli_file_size_limit };

  /* Between fork and exec: only async-signal-safe calls. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/**
 * gk_test_run_cli_argv:
 * @input: (nullable): written to the program's standard input
 * @args: the arguments after `gongkai`; `--data-dir DIR` is appended
 *
 * Runs $GONGKAI_CLI and returns its exit status.
 */
int
gk_test_run_cli_argv (const char          *data_dir,
                      const char          *input,
                      char               **out,
                      char               **err,
                      const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  const char *program = g_getenv ("GONGKAI_CLI");

  g_assert_nonnull (program);

  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) data_dir);
  g_ptr_array_add (argv, NULL);

  /* Input from a file, not a pipe: a command that exits without reading it must not fail the write. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cli_variable != NULL)
    g_subprocess_launcher_setenv (launcher, cli_variable, cli_value, TRUE);
  if (cli_file_size_limit > 0)
    g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  if (input != NULL)
    {
      int fd = g_file_open_tmp ("gongkai-input-XXXXXX", &input_path, &error);

      g_assert_no_error (error);
      close (fd);
      g_file_set_contents (input_path, input, -1, &error);
      g_assert_no_error (error);
    }
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path != NULL ? input_path : "/dev/null");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  if (input_path != NULL)
    g_unlink (input_path);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

int
gk_test_run_cli (const char  *data_dir,
                 const char  *input,
                 char       **out,
                 char       **err,
                 const char  *first,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list list;

  va_start (list, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);

  return gk_test_run_cli_argv (data_dir, input, out, err, (const char * const *) args->pdata);
}

/**
 * gk_test_make_certificate:
 *
 * Writes a new self-signed certificate for 127.0.0.1 and its key (PEM),
 * made by openssl (tools/lib/packages.txt).
 */
void
gk_test_make_certificate (const char *cert_path,
                          const char *key_path)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL,
                (char *[]) { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                             "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                             "-keyout", (char *) key_path, "-out", (char *) cert_path, NULL },
                NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}
