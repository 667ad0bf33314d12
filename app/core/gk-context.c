/* Owns the catalog and the store of one data folder and hands them to the front ends. */
#define G_LOG_DOMAIN "gk-context"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-assignment.h"
#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-context-private.h"
#include "gk-disk.h"
#include "gk-item.h"
#include "gk-profile.h"
#include "gk-sync-host.h"

#define INSTALLED_CATALOG "catalog.json"
#define STORE_FILE "gongkai.db"
#define KEEP_BACKUPS 7
/* Long enough to change one's mind about a deletion, short enough not to hoard. */
#define TRASH_DAYS 30

struct _GkContext
{
  GObject    parent_instance;

  char          *data_dir;
  GkCatalog     *catalog;
  GkStore       *store;
  /* uuid → the GkItemState + 1 it had when last handed to listeners, for item-changed::state */
  GHashTable    *states;
  GkDevSwitches *dev_switches;  /* the program's (gk_context_set_dev_switches()), else all off */
};

static void gk_context_sync_host_init (GkSyncHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GkContext, gk_context, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GK_TYPE_SYNC_HOST, gk_context_sync_host_init))

G_DEFINE_QUARK (gk-context-error-quark, gk_context_error)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_ADDED,
  ITEM_CHANGED,
  ITEM_REMOVED,
  PROFILE_CHANGED,
  OUTBOX_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * The imported catalog wins unless this program ships a newer one; a damaged
 * installed file is reported and the built-in catalog used, never a blank list.
 */
static GkCatalog *
load_catalog (const char *data_dir)
{
  g_autoptr(GkCatalog) builtin = gk_catalog_new_builtin ();
  g_autofree char *path = g_build_filename (data_dir, INSTALLED_CATALOG, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GkCatalog) installed = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&builtin);

  installed = gk_catalog_new_from_file (file, &error);
  if (installed == NULL)
    {
      g_warning ("%s", error->message);
      return g_steal_pointer (&builtin);
    }

  if (gk_catalog_compare_versions (gk_catalog_get_version (builtin),
                                   gk_catalog_get_version (installed)) > 0)
    return g_steal_pointer (&builtin);

  return g_steal_pointer (&installed);
}

/*
 * The store says which item changed; the context reads it once and hands it
 * to every listener, so the windows do not each read it again. Nobody
 * listening (the CLI) means no read at all.
 */
static void
emit_item (GkContext  *self,
           guint       which,
           const char *uuid)
{
  g_autoptr(GkItem) item = NULL;
  gpointer state, before;
  GQuark detail = 0;

  if (!g_signal_has_handler_pending (self, signals[which], 0, FALSE))
    return;

  if ((item = gk_store_dup_item (self->store, uuid, NULL)) == NULL)
    return;

  /* An item first seen counts as moved: what listeners knew of it is unknown here. */
  state = GUINT_TO_POINTER (gk_item_get_state (item) + 1);
  before = g_hash_table_lookup (self->states, uuid);
  g_hash_table_replace (self->states, g_strdup (uuid), state);
  if (which == ITEM_CHANGED && before != state)
    detail = g_quark_from_static_string ("state");

  g_signal_emit (self, signals[which], detail, item);
}

static void
on_store_item_added_cb (GkContext  *self,
                        const char *uuid)
{
  emit_item (self, ITEM_ADDED, uuid);
}

static void
on_store_item_changed_cb (GkContext  *self,
                          const char *uuid)
{
  emit_item (self, ITEM_CHANGED, uuid);
}

static void
on_store_item_removed_cb (GkContext  *self,
                          const char *uuid)
{
  g_signal_emit (self, signals[ITEM_REMOVED], 0, uuid);
}

static void
on_store_profile_changed_cb (GkContext *self)
{
  g_autoptr(GkProfile) profile = NULL;

  if (!g_signal_has_handler_pending (self, signals[PROFILE_CHANGED], 0, FALSE))
    return;

  profile = gk_store_dup_profile (self->store);
  g_signal_emit (self, signals[PROFILE_CHANGED], 0, profile);
}

static void
on_store_outbox_changed_cb (GkContext *self)
{
  g_signal_emit (self, signals[OUTBOX_CHANGED], 0);
}

static GkStore *
sync_host_get_store (GkSyncHost *host)
{
  return gk_context_get_store (GK_CONTEXT (host));
}

static const char *
sync_host_get_data_dir (GkSyncHost *host)
{
  return gk_context_get_data_dir (GK_CONTEXT (host));
}

static const GkDevSwitches *
sync_host_get_dev_switches (GkSyncHost *host)
{
  return gk_context_get_dev_switches (GK_CONTEXT (host));
}

static gboolean
sync_host_save_profile (GkSyncHost *host,
                        GkProfile  *profile,
                        GError    **error)
{
  return gk_context_save_profile (GK_CONTEXT (host), profile, error);
}

static gboolean
sync_host_install_catalog (GkSyncHost *host,
                           GBytes     *bytes,
                           const char *name,
                           gboolean   *changed,
                           GError    **error)
{
  return gk_context_install_catalog (GK_CONTEXT (host), bytes, name, changed, error);
}

/* The portal link (GkSync) is made on a context, but sees only this much of it. */
static void
gk_context_sync_host_init (GkSyncHostInterface *iface)
{
  iface->get_store = sync_host_get_store;
  iface->get_data_dir = sync_host_get_data_dir;
  iface->get_dev_switches = sync_host_get_dev_switches;
  iface->save_profile = sync_host_save_profile;
  iface->install_catalog = sync_host_install_catalog;
}

static void
gk_context_finalize (GObject *object)
{
  GkContext *self = (GkContext *)object;

  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->dev_switches, gk_dev_switches_free);

  G_OBJECT_CLASS (gk_context_parent_class)->finalize (object);
}

static void
gk_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GkContext *self = GK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, gk_context_get_catalog (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_context_class_init (GkContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_context_finalize;
  object_class->get_property = gk_context_get_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, GK_TYPE_CATALOG,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkContext::item-added:
   * @item: the new item, or one brought back from the bin, as stored
   */
  signals[ITEM_ADDED] =
    g_signal_new ("item-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GK_TYPE_ITEM);

  /**
   * GkContext::item-changed:
   * @item: the item as stored now: its fields, state or attachments changed
   *
   * With the detail "state" when its state is not the one it had when last
   * handed to listeners (or it was not seen before): the sidebar's counts
   * need nothing else, and an autosave does not move an item.
   */
  signals[ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GK_TYPE_ITEM);

  /**
   * GkContext::item-removed:
   * @uuid: the item moved to the bin
   */
  signals[ITEM_REMOVED] =
    g_signal_new ("item-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * GkContext::profile-changed:
   * @profile: the profile as saved, by this process
   */
  signals[PROFILE_CHANGED] =
    g_signal_new ("profile-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GK_TYPE_PROFILE);

  /**
   * GkContext::outbox-changed:
   *
   * An item entered or left the outbox, or a delivery attempt was recorded:
   * gk_context_list_outbox() says what it holds now.
   */
  signals[OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gk_context_init (GkContext *self)
{
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dev_switches = g_new0 (GkDevSwitches, 1);
}

/**
 * gk_context_dup_store_path:
 * @data_dir: (nullable): the data folder, or %NULL for the user's default
 *
 * Where a context on @data_dir keeps its database — for restoring a damaged
 * one, which must not be opened first.
 *
 * Returns: (transfer full): the database file's path
 */
char *
gk_context_dup_store_path (const char *data_dir)
{
  g_autofree char *dir = data_dir != NULL ? g_canonicalize_filename (data_dir, NULL)
                                          : gk_disk_dup_default_data_dir ();

  return g_build_filename (dir, STORE_FILE, NULL);
}

/**
 * gk_context_new:
 * @data_dir: (nullable): the data folder, or %NULL for the user's default
 */
GkContext *
gk_context_new (const char *data_dir,
                GError    **error)
{
  g_autoptr(GkContext) self = NULL;
  g_autofree char *store_path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (GK_TYPE_CONTEXT, NULL);
  self->data_dir = data_dir != NULL ? g_canonicalize_filename (data_dir, NULL)
                                    : gk_disk_dup_default_data_dir ();

  store_path = gk_context_dup_store_path (self->data_dir);
  if ((self->store = gk_store_open (store_path, error)) == NULL)
    return NULL;

  g_signal_connect_object (self->store, "item-added", G_CALLBACK (on_store_item_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "item-changed", G_CALLBACK (on_store_item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "item-removed", G_CALLBACK (on_store_item_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "profile-changed", G_CALLBACK (on_store_profile_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "outbox-changed", G_CALLBACK (on_store_outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return g_steal_pointer (&self);
}

const char *
gk_context_get_data_dir (GkContext *self)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return self->data_dir;
}

/**
 * gk_context_get_catalog:
 *
 * Returns: (transfer none): the catalog in use; watch #GkContext:catalog for imports
 */
GkCatalog *
gk_context_get_catalog (GkContext *self)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  /* Loaded on first use: most CLI commands never need it, and parsing it is a third of their time. */
  if (self->catalog == NULL)
    self->catalog = load_catalog (self->data_dir);

  return self->catalog;
}

/**
 * gk_context_get_store:
 *
 * For the core's own parts and the tests (gk-context-private.h).
 *
 * Returns: (transfer none): the store of the data folder
 */
GkStore *
gk_context_get_store (GkContext *self)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * gk_context_get_dev_switches:
 *
 * Returns: (transfer none): the development switches the program set, all off unless it did
 */
const GkDevSwitches *
gk_context_get_dev_switches (GkContext *self)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return self->dev_switches;
}

/* The program's switches (gk-dev-switches.h), for the parts of the core that they steer. */
void
gk_context_set_dev_switches (GkContext           *self,
                             const GkDevSwitches *switches)
{
  g_return_if_fail (GK_IS_CONTEXT (self));
  g_return_if_fail (switches != NULL);

  gk_dev_switches_free (self->dev_switches);
  self->dev_switches = gk_dev_switches_copy (switches);
}

/**
 * gk_context_install_catalog:
 * @bytes: a catalog file's contents
 * @name: how to name it in messages
 * @changed: (out) (optional): %FALSE when this very catalog was already installed
 *
 * Validates @bytes completely and installs them only when they are at least as
 * new as the catalog in use; the old catalog stays in use on any error.
 */
gboolean
gk_context_install_catalog (GkContext  *self,
                            GBytes     *bytes,
                            const char *name,
                            gboolean   *changed,
                            GError    **error)
{
  g_autoptr(GkCatalog) incoming = NULL;
  g_autofree char *dest = NULL;
  GkCatalog *current;
  int order, saved_errno;

  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (changed != NULL)
    *changed = FALSE;

  if ((incoming = gk_catalog_new_from_bytes (bytes, name, error)) == NULL)
    return FALSE;

  current = gk_context_get_catalog (self);
  order = gk_catalog_compare_versions (gk_catalog_get_version (incoming), gk_catalog_get_version (current));

  if (order < 0)
    {
      g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_OLDER,
                   _("Catalog “%s” was refused: its version %s is older than the installed version %s, which stays in use."),
                   name, gk_catalog_get_version (incoming), gk_catalog_get_version (current));
      return FALSE;
    }

  if (order == 0)
    {
      if (g_bytes_equal (bytes, gk_catalog_get_bytes (current)))
        return TRUE;

      g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_OLDER,
                   _("Catalog “%s” was refused: it differs from the installed catalog but has the same version %s; ask its issuer for a new version number."),
                   name, gk_catalog_get_version (incoming));
      return FALSE;
    }

  /* Written to a temporary file, synced and renamed: a power cut leaves the old or the new file. */
  dest = g_build_filename (self->data_dir, INSTALLED_CATALOG, NULL);
  if (!gk_disk_replace_file (dest, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &saved_errno))
    {
      if (gk_disk_errno_is_full (saved_errno))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                     _("The disk is full: the new catalog could not be saved in “%s”, so the old one stays in use. Free some space and try again."),
                     dest);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("The new catalog could not be saved in “%s” (%s), so the old one stays in use; check that the folder is writable."),
                     dest, g_strerror (saved_errno));
      return FALSE;
    }

  g_set_object (&self->catalog, incoming);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);

  if (changed != NULL)
    *changed = TRUE;

  return TRUE;
}

/**
 * gk_context_import_catalog:
 * @changed: (out) (optional): %FALSE when this very catalog was already installed
 *
 * gk_context_install_catalog() for a file, as `gongkai catalog import` does.
 */
gboolean
gk_context_import_catalog (GkContext *self,
                           GFile     *file,
                           gboolean  *changed,
                           GError   **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (changed != NULL)
    *changed = FALSE;

  name = g_file_get_parse_name (file);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, error)) == NULL)
    return FALSE;

  return gk_context_install_catalog (self, bytes, name, changed, error);
}

/**
 * gk_context_save_profile:
 *
 * Saves @profile after checking its unit against the catalog and the shape of
 * its phone number.
 */
gboolean
gk_context_save_profile (GkContext *self,
                         GkProfile *profile,
                         GError   **error)
{
  const char *unit, *phone;

  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GK_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  unit = gk_profile_get_unit (profile);
  if (!gk_catalog_has_unit (gk_context_get_catalog (self), unit))
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_UNKNOWN_UNIT,
                   _("The unit “%s” is not in the catalog %s; choose one of the units it lists."),
                   unit != NULL ? unit : "", gk_catalog_get_version (gk_context_get_catalog (self)));
      return FALSE;
    }

  phone = gk_profile_get_phone (profile);
  if (phone != NULL && !gk_profile_is_valid_phone (phone))
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_INVALID_PHONE,
                   _("The phone number “%s” is not valid; write 7 to 15 digits, such as 0730-8882003 or 13507308877."),
                   phone);
      return FALSE;
    }

  return gk_store_save_profile (self->store, profile, error);
}

/**
 * gk_context_dup_unit:
 *
 * Returns: (transfer full) (nullable): the liaison's unit, or %NULL with an
 *   error telling how to choose one
 */
char *
gk_context_dup_unit (GkContext *self,
                     GError   **error)
{
  g_autoptr(GkProfile) profile = NULL;

  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  profile = gk_store_dup_profile (self->store);

  return gk_profile_dup_unit (profile, error);
}

static GkColumn *
lookup_unit_column (GkContext  *self,
                    const char *unit,
                    const char *column_id,
                    GError    **error)
{
  GkColumn *column = gk_catalog_lookup_column (gk_context_get_catalog (self), column_id);

  if (column == NULL || !gk_column_has_unit (column, unit))
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_UNKNOWN_COLUMN,
                   _("The column “%s” is not one of %s’s columns; “gongkai catalog columns --unit %s” lists them."),
                   column_id, unit, unit);
      return NULL;
    }

  return column;
}

/**
 * gk_context_new_item:
 *
 * Starts an item, not yet stored, in one of the liaison's unit's columns and
 * of the kind the catalog gives that column.
 *
 * Returns: (transfer full) (nullable): the new item
 */
GkItem *
gk_context_new_item (GkContext  *self,
                     const char *column_id,
                     GError    **error)
{
  g_autofree char *unit = NULL;
  GkColumn *column;
  GkItem *item;

  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (column_id != NULL, NULL);

  if ((unit = gk_context_dup_unit (self, error)) == NULL)
    return NULL;

  if ((column = lookup_unit_column (self, unit, column_id, error)) == NULL)
    return NULL;

  item = gk_item_new (column_id, gk_assignment_get_kind (gk_column_lookup_assignment (column, unit)));
  gk_item_set_field (item, GK_ITEM_UNIT, unit);

  return item;
}

/**
 * gk_context_add_item:
 * @files: (nullable) (element-type GFile): files to attach
 *
 * Stores an item from gk_context_new_item() with copies of @files, all or nothing.
 */
gboolean
gk_context_add_item (GkContext    *self,
                     GkItem       *item,
                     GPtrArray    *files,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  if (lookup_unit_column (self, gk_item_get_field (item, GK_ITEM_UNIT), gk_item_get_column_id (item), error) == NULL)
    return FALSE;

  return gk_store_add_item (self->store, item, files, cancellable, error);
}

/**
 * gk_context_create_item:
 *
 * Stores a new, empty draft in @column_id, as the editor's "New" does.
 *
 * Returns: (transfer full) (nullable): the stored item
 */
GkItem *
gk_context_create_item (GkContext  *self,
                        const char *column_id,
                        GError    **error)
{
  g_autoptr(GkItem) item = gk_context_new_item (self, column_id, error);

  if (item == NULL || !gk_context_add_item (self, item, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&item);
}

/**
 * gk_context_save_item:
 *
 * Saves @item after checking that its column still belongs to its unit.
 */
gboolean
gk_context_save_item (GkContext *self,
                      GkItem    *item,
                      GError   **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  if (lookup_unit_column (self, gk_item_get_field (item, GK_ITEM_UNIT), gk_item_get_column_id (item), error) == NULL)
    return FALSE;

  return gk_store_save_item (self->store, item, error);
}

/* Logs what went wrong, unless the caller stopped waiting (the window closed). */
static gboolean
chore_failed (GError       **error,
              GCancellable  *cancellable)
{
  if (*error == NULL)
    return FALSE;

  if (!g_cancellable_is_cancelled (cancellable))
    g_warning ("%s", (*error)->message);
  g_clear_error (error);

  return TRUE;
}

static void
maintain_store (GkStore      *store,
                GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;

  backup = gk_store_backup_if_due (store, KEEP_BACKUPS, cancellable, &error);
  chore_failed (&error, cancellable);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  gk_store_empty_trash (store, (GTimeSpan) TRASH_DAYS * G_TIME_SPAN_DAY, &error);
  chore_failed (&error, cancellable);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  gk_store_sweep_blobs (store, &error);
  chore_failed (&error, cancellable);
}

/* On its own connection: the window's connection keeps serving the main thread meanwhile. */
static void
maintain_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkStore) store = gk_store_open (task_data, &error);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  maintain_store (store, cancellable);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

/**
 * gk_context_maintain_async:
 *
 * The daily chores, in a worker thread on their own connection, for the GUI
 * after its first frame: a backup, emptying the bin of old deletions, and
 * removing attachment copies a crash left behind. Problems are logged, not
 * raised: none of them should stop a liaison's work. Cancelling stops a
 * backup between steps and leaves no partial file.
 */
void
gk_context_maintain_async (GkContext           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GK_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_context_maintain_async);
  g_task_set_task_data (task, g_strdup (gk_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, maintain_thread);
}

gboolean
gk_context_maintain_finish (GkContext    *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gk_context_check_store:
 * @path: (out) (optional) (transfer none): the database file that was read
 *
 * Reads the whole database, as `gongkai store check` does.
 */
gboolean
gk_context_check_store (GkContext   *self,
                        const char **path,
                        GError     **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), FALSE);

  if (path != NULL)
    *path = gk_store_get_path (self->store);

  return gk_store_check_integrity (self->store, error);
}

/**
 * gk_context_back_up:
 * @dest: (nullable): where to write a copy, checked first; %NULL for today's backup
 *
 * Returns: (transfer full) (nullable): the backup written, or %NULL without an
 *   error when today's backup exists already
 */
char *
gk_context_back_up (GkContext  *self,
                    const char *dest,
                    GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  if (dest == NULL)
    return gk_store_backup_if_due (self->store, KEEP_BACKUPS, NULL, error);

  if (!gk_store_check_integrity (self->store, error))
    return NULL;

  return gk_store_backup_now (self->store, dest, NULL, error);
}

/**
 * gk_context_list_backups:
 * @data_dir: (nullable): the data folder, or %NULL for the user's default
 *
 * Returns: (transfer container) (element-type filename): the backups, newest first
 */
GPtrArray *
gk_context_list_backups (const char *data_dir)
{
  g_autofree char *path = gk_context_dup_store_path (data_dir);

  return gk_store_list_backups (path);
}

/**
 * gk_context_restore_backup:
 * @data_dir: (nullable): the data folder, or %NULL for the user's default
 * @backup: (nullable): a backup file, or %NULL for the newest
 * @moved_aside: (out) (optional) (transfer full): where the replaced database is kept
 *
 * Puts a backup in place of the database without opening it first: it is the
 * damaged file being replaced, so no context can be made on it.
 */
gboolean
gk_context_restore_backup (const char  *data_dir,
                           const char  *backup,
                           char       **moved_aside,
                           GError     **error)
{
  g_autofree char *path = gk_context_dup_store_path (data_dir);

  return gk_store_restore_backup (path, backup, moved_aside, error);
}

/**
 * gk_context_list_column_items:
 * @offset: how many of the column's items to skip, newest first
 * @limit: how many items at most
 * @n_items: (out) (optional): how many the column holds in all
 *
 * One page of @unit's items in a column, for lists that load as they scroll.
 *
 * Returns: (transfer full) (element-type GkItem) (nullable): the items, newest first,
 *   without bodies or attachments
 */
GPtrArray *
gk_context_list_column_items (GkContext  *self,
                              const char *unit,
                              const char *column_id,
                              guint       offset,
                              guint       limit,
                              guint      *n_items,
                              GError    **error)
{
  g_return_val_if_fail (GK_IS_CONTEXT (self), NULL);

  return gk_store_list_items_page (self->store, unit, column_id, offset, limit, n_items, error);
}
