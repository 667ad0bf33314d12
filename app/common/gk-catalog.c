/* Loads and validates a catalog file; the whole catalog is a list model of its columns. */
#define G_LOG_DOMAIN "gk-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "gk-assignment.h"
#include "gk-catalog.h"
#include "gk-json.h"
#include "gk-core-resources.h"
#include "gk-column.h"

/* Schema 1 gave cadences in days; schema 2 as calendar periods (docs/catalog.md). */
#define CATALOG_SCHEMA_MIN 1
#define CATALOG_SCHEMA 2
#define BUILTIN_CATALOG "/io/github/gongkai/Liaison/catalog/yueyang-2017.json"

struct _GkCatalog
{
  GObject     parent_instance;

  GBytes     *bytes;
  char       *version;
  char       *title;
  char       *issuer;
  char       *document_number;
  char       *issued;
  GStrv       units;
  GPtrArray  *columns;
  GHashTable *columns_by_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GkCatalog, gk_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (gk-catalog-error-quark, gk_catalog_error)

/* Everything a loader pass needs to say where a problem is. */
typedef struct
{
  const char *name;
  GError    **error;
  gint64      schema;
} Loader;

static gboolean
refuse (Loader     *loader,
        const char *where,
        const char *problem)
{
  /* "$" is JSON-path for the whole document, which means nothing to a clerk. */
  if (g_str_equal (where, "$"))
    where = _("the top level");

  g_set_error (loader->error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_INVALID,
               /* Translators: catalog file name, place in the file, what is wrong */
               _("Catalog “%s” was refused: at %s, %s; correct the file and import it again."),
               loader->name, where, problem);
  return FALSE;
}

static gboolean
read_string (Loader      *loader,
             JsonObject  *object,
             const char  *where,
             const char  *member,
             gboolean     required,
             const char **out)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *place = g_strdup_printf ("%s.%s", where, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_autofree char *problem = NULL;

      if (!required)
        return TRUE;

      problem = g_strdup_printf (_("the required member “%s” is missing"), member);
      return refuse (loader, where, problem);
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return refuse (loader, place, _("a text value is expected"));

  *out = json_node_get_string (node);

  if (**out == '\0')
    return refuse (loader, place, _("the text is empty"));

  return TRUE;
}

static JsonArray *
read_array (Loader     *loader,
            JsonObject *object,
            const char *where,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *place = g_strdup_printf ("%s.%s", where, member);

  if (node == NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("the required member “%s” is missing"), member);

      refuse (loader, where, problem);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      refuse (loader, place, _("a list is expected"));
      return NULL;
    }

  if (json_array_get_length (json_node_get_array (node)) == 0)
    {
      refuse (loader, place, _("the list is empty"));
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
element_object (Loader     *loader,
                JsonArray  *array,
                guint       index,
                const char *place)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      refuse (loader, place, _("an object is expected"));
      return NULL;
    }

  return json_node_get_object (node);
}

/*
 * json-glib reports a cut-off file at some earlier token, which sends people
 * looking in the wrong place; an unclosed string, object or list at the end
 * of the data tells us the copy was incomplete.
 */
static gboolean
looks_truncated (const char *data,
                 gsize       size)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
    }

  return in_string || depth > 0;
}

static gboolean
is_valid_id (const char *id)
{
  gboolean part_start = TRUE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (*p == '.' && !part_start)
        part_start = TRUE;
      else if (g_ascii_islower (*p) || g_ascii_isdigit (*p))
        part_start = FALSE;
      else
        return FALSE;
    }

  return !part_start;
}

static gboolean
is_valid_date (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *midnight = NULL;

  if (strlen (text) != 10)
    return FALSE;

  midnight = g_strconcat (text, "T00:00:00Z", NULL);
  parsed = g_date_time_new_from_iso8601 (midnight, NULL);

  return parsed != NULL;
}

static gboolean
load_units (GkCatalog  *self,
            Loader     *loader,
            JsonObject *root)
{
  JsonArray *array = read_array (loader, root, "$", "units");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *place = g_strdup_printf ("$.units[%u]", i);
      const char *unit;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || *(unit = json_node_get_string (node)) == '\0')
        return refuse (loader, place, _("a unit name is expected"));

      if (!g_hash_table_add (seen, (gpointer) unit))
        {
          g_autofree char *problem = g_strdup_printf (_("the unit “%s” is listed twice"), unit);
          return refuse (loader, place, problem);
        }

      g_strv_builder_add (builder, unit);
    }

  self->units = g_strv_builder_end (builder);

  return TRUE;
}

/* A whole number from @min to @max; an absent optional member leaves *out at 0. */
static gboolean
read_integer (Loader      *loader,
              JsonObject  *object,
              const char  *where,
              const char  *member,
              gint64       min,
              gint64       max,
              gboolean     required,
              gint64      *out)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *place = g_strdup_printf ("%s.%s", where, member);
  g_autofree char *problem = NULL;

  *out = 0;
  if (node == NULL && !required)
    return TRUE;

  if (node == NULL)
    {
      problem = g_strdup_printf (_("the required member “%s” is missing"), member);
      return refuse (loader, where, problem);
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return refuse (loader, place, _("a whole number is expected"));

  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    {
      problem = g_strdup_printf (_("the number must be between %d and %d"), (int) min, (int) max);
      return refuse (loader, place, problem);
    }

  return TRUE;
}

/* Schema 2: "cadence": {"every": N, "unit": "day|week|month|quarter|year"}, optional for a
 * column whose items are judged one by one (publish_within_working_days). */
static gboolean
read_cadence (Loader      *loader,
              JsonObject  *object,
              const char  *where,
              GkCadence   *cadence)
{
  JsonNode *node = json_object_get_member (object, "cadence");
  g_autofree char *place = g_strdup_printf ("%s.cadence", where);
  JsonObject *period;
  const char *unit;
  gint64 every;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse (loader, place, _("an object with “every” and “unit” is expected"));

  period = json_node_get_object (node);
  if (!read_integer (loader, period, place, "every", 1, 3660, TRUE, &every) ||
      !read_string (loader, period, place, "unit", TRUE, &unit))
    return FALSE;

  if (!gk_cadence_unit_from_string (unit, &cadence->unit))
    {
      g_autofree char *problem =
        g_strdup_printf (_("the unit “%s” is not one of day, week, month, quarter, year"), unit);

      return refuse (loader, place, problem);
    }

  cadence->every = (guint) every;
  return TRUE;
}

static GkAssignment *
load_assignment (GkCatalog  *self,
                 Loader     *loader,
                 JsonObject *object,
                 const char *where)
{
  const char *unit, *description, *kind_nick, *cadence_source;
  GkCadence cadence = { 0, GK_CADENCE_DAY };
  gint64 publish_within = 0;
  GkKind kind;

  if (!read_string (loader, object, where, "unit", TRUE, &unit) ||
      !read_string (loader, object, where, "description", TRUE, &description) ||
      !read_string (loader, object, where, "kind", TRUE, &kind_nick) ||
      !read_string (loader, object, where, "cadence_source", TRUE, &cadence_source))
    return NULL;

  if (!gk_catalog_has_unit (self, unit))
    {
      g_autofree char *problem = g_strdup_printf (_("the unit “%s” is not in the catalog’s list of units"), unit);
      refuse (loader, where, problem);
      return NULL;
    }

  if (!gk_kind_from_string (kind_nick, &kind))
    {
      g_autofree char *problem =
        g_strdup_printf (_("the kind “%s” is not one of policy, interpretation, news, list, statistics, other"),
                         kind_nick);
      refuse (loader, where, problem);
      return NULL;
    }

  if (loader->schema == 1)
    {
      gint64 days;

      if (!read_integer (loader, object, where, "cadence_days", 1, 3660, TRUE, &days))
        return NULL;
      cadence.every = (guint) days;
      cadence.unit = GK_CADENCE_DAY;
    }
  else if (!read_cadence (loader, object, where, &cadence) ||
           !read_integer (loader, object, where, "publish_within_working_days", 1, 250, FALSE, &publish_within))
    return NULL;

  if (!gk_cadence_is_set (&cadence) && publish_within == 0)
    {
      refuse (loader, where, _("the required member “cadence” is missing"));
      return NULL;
    }

  return gk_assignment_new (unit, description, kind, &cadence, (guint) publish_within, cadence_source);
}

static GkColumn *
load_column (GkCatalog  *self,
             Loader     *loader,
             JsonObject *object,
             const char *where)
{
  const char *id, *level1, *level2, *level3;
  g_autoptr(GPtrArray) assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_assignment_unref);
  g_autofree char *column_where = NULL;
  JsonArray *array;

  if (!read_string (loader, object, where, "id", TRUE, &id))
    return NULL;

  /* From here on, name the column by its id: that is what a person can search the file for. */
  column_where = g_strdup_printf (_("column “%s”"), id);

  if (!is_valid_id (id))
    {
      refuse (loader, column_where,
              _("the id must be lowercase letters and digits in dot-separated parts"));
      return NULL;
    }

  if (g_hash_table_contains (self->columns_by_id, id))
    {
      refuse (loader, column_where, _("the id is used by an earlier column too"));
      return NULL;
    }

  if (!read_string (loader, object, column_where, "level1", TRUE, &level1) ||
      !read_string (loader, object, column_where, "level2", TRUE, &level2) ||
      !read_string (loader, object, column_where, "level3", FALSE, &level3))
    return NULL;

  if ((array = read_array (loader, object, column_where, "assignments")) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *place = g_strdup_printf ("%s.assignments[%u]", column_where, i);
      JsonObject *element = element_object (loader, array, i, place);
      GkAssignment *assignment;

      if (element == NULL)
        return NULL;

      if ((assignment = load_assignment (self, loader, element, place)) == NULL)
        return NULL;

      for (guint j = 0; j < assignments->len; j++)
        {
          if (g_str_equal (gk_assignment_get_unit (g_ptr_array_index (assignments, j)),
                           gk_assignment_get_unit (assignment)))
            {
              refuse (loader, place, _("the unit has another assignment in the same column"));
              gk_assignment_unref (assignment);
              return NULL;
            }
        }

      g_ptr_array_add (assignments, assignment);
    }

  return gk_column_new (id, level1, level2, level3, assignments);
}

static gboolean
load_root (GkCatalog  *self,
           Loader     *loader,
           JsonNode   *root_node)
{
  JsonObject *root;
  JsonNode *schema;
  JsonArray *columns;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return refuse (loader, "$", _("an object is expected"));

  root = json_node_get_object (root_node);

  schema = json_object_get_member (root, "schema");
  if (schema == NULL || !JSON_NODE_HOLDS_VALUE (schema)
      || json_node_get_value_type (schema) != G_TYPE_INT64
      || json_node_get_int (schema) < CATALOG_SCHEMA_MIN
      || json_node_get_int (schema) > CATALOG_SCHEMA)
    return refuse (loader, "$.schema",
                   _("this version of the application reads catalogs of schema 1 and 2 only"));
  loader->schema = json_node_get_int (schema);

  {
    const char *version, *title, *issuer, *document_number, *issued;

    if (!read_string (loader, root, "$", "version", TRUE, &version) ||
        !read_string (loader, root, "$", "title", TRUE, &title) ||
        !read_string (loader, root, "$", "issuer", TRUE, &issuer) ||
        !read_string (loader, root, "$", "document_number", FALSE, &document_number) ||
        !read_string (loader, root, "$", "issued", TRUE, &issued))
      return FALSE;

    if (!is_valid_date (issued))
      return refuse (loader, "$.issued", _("a date written as YYYY-MM-DD is expected"));

    self->version = g_strdup (version);
    self->title = g_strdup (title);
    self->issuer = g_strdup (issuer);
    self->document_number = g_strdup (document_number);
    self->issued = g_strdup (issued);
  }

  if (!load_units (self, loader, root))
    return FALSE;

  if ((columns = read_array (loader, root, "$", "columns")) == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      g_autofree char *place = g_strdup_printf ("$.columns[%u]", i);
      JsonObject *element = element_object (loader, columns, i, place);
      GkColumn *column;

      if (element == NULL)
        return FALSE;

      if ((column = load_column (self, loader, element, place)) == NULL)
        return FALSE;

      g_ptr_array_add (self->columns, column);
      g_hash_table_insert (self->columns_by_id, (gpointer) gk_column_get_id (column), column);
    }

  /* A unit that no column names would appear in the picker with nothing to do. */
  for (guint i = 0; self->units[i] != NULL; i++)
    {
      g_autoptr(GListModel) owned = gk_catalog_dup_columns_for_unit (self, self->units[i]);

      if (g_list_model_get_n_items (owned) == 0)
        {
          g_autofree char *place = g_strdup_printf ("$.units[%u]", i);
          g_autofree char *problem =
            g_strdup_printf (_("the unit “%s” is responsible for no column"), self->units[i]);

          return refuse (loader, place, problem);
        }
    }

  return TRUE;
}

static GType
list_model_get_item_type (GListModel *model)
{
  return GK_TYPE_COLUMN;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return GK_CATALOG (model)->columns->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  GkCatalog *self = GK_CATALOG (model);

  if (position >= self->columns->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->columns, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
gk_catalog_finalize (GObject *object)
{
  GkCatalog *self = (GkCatalog *)object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->document_number, g_free);
  g_clear_pointer (&self->issued, g_free);
  g_clear_pointer (&self->units, g_strfreev);
  g_clear_pointer (&self->columns_by_id, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_catalog_parent_class)->finalize (object);
}

static void
gk_catalog_class_init (GkCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_catalog_finalize;
}

static void
gk_catalog_init (GkCatalog *self)
{
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->columns_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * gk_catalog_new_from_bytes:
 * @name: how to name the catalog in error messages, usually its file name
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with @error set to
 *   one sentence that names @name, the place in the file and the problem
 */
GkCatalog *
gk_catalog_new_from_bytes (GBytes     *bytes,
                           const char *name,
                           GError    **error)
{
  g_autoptr(GkCatalog) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  Loader loader = { name, error };
  gsize size;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  /* An empty GBytes may hold no pointer at all (a portal's empty 200 body): json-glib refuses NULL. */
  if (data == NULL)
    data = "";

  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE,
                   _("Catalog “%s” was refused: it is not UTF-8 text; save it as UTF-8 and import it again."),
                   name);
      return NULL;
    }

  /* json-glib's parser recurses once per level: a file nested 100,000 deep would overflow the stack. */
  if (gk_json_nesting_depth (data, size) > GK_JSON_MAX_DEPTH)
    {
      g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE,
                   _("Catalog “%s” was refused: its JSON is nested more than %u levels deep, which no catalog is; check where the file came from."),
                   name, GK_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      /* json-glib reports "<data>:LINE:COL: Parse error: REASON"; say it as a person would. */
      const char *detail = local_error->message;
      const char *reason;
      guint line = 0, column = 0;

      if (looks_truncated (data, size))
        g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE,
                     _("Catalog “%s” was refused: the file ends before its JSON is complete, so it was probably cut off while being copied; copy it again and import it again."),
                     name);
      else if (sscanf (detail, "<data>:%u:%u:", &line, &column) == 2 &&
          (reason = strstr (detail, ": Parse error: ")) != NULL)
        g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE,
                     _("Catalog “%s” was refused: it is not valid JSON at line %u, column %u (%s); correct the file and import it again."),
                     name, line, column, reason + strlen (": Parse error: "));
      else
        g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE,
                     _("Catalog “%s” was refused: it is not valid JSON (%s); correct the file and import it again."),
                     name, detail);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, GK_CATALOG_ERROR, GK_CATALOG_ERROR_PARSE,
                   _("Catalog “%s” was refused: the file is empty; import a complete catalog file."),
                   name);
      return NULL;
    }

  self = g_object_new (GK_TYPE_CATALOG, NULL);
  self->bytes = g_bytes_ref (bytes);

  if (!load_root (self, &loader, json_parser_get_root (parser)))
    return NULL;

  return g_steal_pointer (&self);
}

GkCatalog *
gk_catalog_new_from_file (GFile   *file,
                          GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;

  return gk_catalog_new_from_bytes (bytes, name, error);
}

/**
 * gk_catalog_new_builtin:
 *
 * The 2017 Yueyang catalog compiled into the program; used until a newer one is imported.
 */
GkCatalog *
gk_catalog_new_builtin (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GkCatalog *self;

  /* By name rather than through the global registry: the reference makes the
   * linker take the resource (and its registering constructor) from the archive. */
  bytes = g_resource_lookup_data (gk_core_get_resource (), BUILTIN_CATALOG, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The built-in catalog is missing from the program: %s", error->message);

  self = gk_catalog_new_from_bytes (bytes, "yueyang-2017.json", &error);
  if (self == NULL)
    g_error ("The built-in catalog is broken: %s", error->message);

  return self;
}

/**
 * gk_catalog_get_bytes:
 *
 * Returns: (transfer none): the file the catalog was read from, byte for byte
 */
GBytes *
gk_catalog_get_bytes (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->bytes;
}

const char *
gk_catalog_get_version (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->version;
}

const char *
gk_catalog_get_title (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->title;
}

const char *
gk_catalog_get_issuer (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->issuer;
}

const char *
gk_catalog_get_document_number (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->document_number;
}

const char *
gk_catalog_get_issued (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->issued;
}

/**
 * gk_catalog_get_units:
 *
 * Returns: (transfer none): every responsible unit, in the catalog's order
 */
const char * const *
gk_catalog_get_units (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return (const char * const *) self->units;
}

gboolean
gk_catalog_has_unit (GkCatalog  *self,
                     const char *unit)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), FALSE);

  return unit != NULL && g_strv_contains ((const char * const *) self->units, unit);
}

/**
 * gk_catalog_lookup_column:
 *
 * Returns: (transfer none) (nullable): the column with @id
 */
GkColumn *
gk_catalog_lookup_column (GkCatalog  *self,
                          const char *id)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->columns_by_id, id);
}

/**
 * gk_catalog_dup_columns_for_unit:
 *
 * Returns: (transfer full): a list of the #GkColumn that @unit is responsible
 *   for, in the catalog's order
 */
GListModel *
gk_catalog_dup_columns_for_unit (GkCatalog  *self,
                                 const char *unit)
{
  GListStore *store;

  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  store = g_list_store_new (GK_TYPE_COLUMN);

  for (guint i = 0; i < self->columns->len; i++)
    {
      GkColumn *column = g_ptr_array_index (self->columns, i);

      if (gk_column_has_unit (column, unit))
        g_list_store_append (store, column);
    }

  return G_LIST_MODEL (store);
}

/*
 * Catalog versions are dot-separated parts such as "2017.1" and "2017.10",
 * compared part by part, numerically where both parts are numbers.
 */
int
gk_catalog_compare_versions (const char *a,
                             const char *b)
{
  g_auto(GStrv) parts_a = NULL;
  g_auto(GStrv) parts_b = NULL;
  guint i;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  parts_a = g_strsplit (a, ".", -1);
  parts_b = g_strsplit (b, ".", -1);

  for (i = 0; parts_a[i] != NULL && parts_b[i] != NULL; i++)
    {
      guint64 number_a, number_b;
      int order;

      if (g_ascii_string_to_unsigned (parts_a[i], 10, 0, G_MAXUINT64, &number_a, NULL) &&
          g_ascii_string_to_unsigned (parts_b[i], 10, 0, G_MAXUINT64, &number_b, NULL))
        order = (number_a > number_b) - (number_a < number_b);
      else
        order = strcmp (parts_a[i], parts_b[i]);

      if (order != 0)
        return order;
    }

  return (parts_a[i] != NULL) - (parts_b[i] != NULL);
}

/**
 * gk_catalog_dup_unit_name:
 *
 * The unit's full name for documents that leave the office: the 2017 table
 * says 市财政局, a report says 岳阳市财政局, the city taken from the catalog's
 * issuer (岳阳市政务公开政务服务领导小组办公室).
 *
 * Returns: (transfer full): the full name, or @unit itself when it does not
 *   start with 市 or the issuer names no city
 */
char *
gk_catalog_dup_unit_name (GkCatalog  *self,
                          const char *unit)
{
  const char *issuer;
  const char *city_end;

  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  issuer = gk_catalog_get_issuer (self);
  if (!g_str_has_prefix (unit, "市") || issuer == NULL || (city_end = strstr (issuer, "市")) == NULL || city_end == issuer)
    return g_strdup (unit);

  return g_strdup_printf ("%.*s%s", (int) (city_end - issuer), issuer, unit);
}
