/* A column of the catalog: its three-level path and its assignments. */
#include "config.h"

#include "gk-assignment.h"
#include "gk-column.h"

struct _GkColumn
{
  GObject    parent_instance;

  char      *id;
  char      *level1;
  char      *level2;
  char      *level3;
  GPtrArray *assignments;
};

G_DEFINE_FINAL_TYPE (GkColumn, gk_column, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LEVEL1,
  PROP_LEVEL2,
  PROP_LEVEL3,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gk_column_finalize (GObject *object)
{
  GkColumn *self = (GkColumn *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->level1, g_free);
  g_clear_pointer (&self->level2, g_free);
  g_clear_pointer (&self->level3, g_free);
  g_clear_pointer (&self->assignments, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_column_parent_class)->finalize (object);
}

static void
gk_column_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GkColumn *self = GK_COLUMN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_LEVEL1:
      g_value_set_string (value, self->level1);
      break;

    case PROP_LEVEL2:
      g_value_set_string (value, self->level2);
      break;

    case PROP_LEVEL3:
      g_value_set_string (value, self->level3);
      break;

    case PROP_TITLE:
      g_value_set_string (value, gk_column_get_title (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_column_class_init (GkColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_column_finalize;
  object_class->get_property = gk_column_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL1] =
    g_param_spec_string ("level1", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL2] =
    g_param_spec_string ("level2", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL3] =
    g_param_spec_string ("level3", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gk_column_init (GkColumn *self)
{
}

/**
 * gk_column_new:
 * @level3: (nullable): absent for columns that stop at the second level
 * @assignments: (transfer none): #GkAssignment records, at least one
 */
GkColumn *
gk_column_new (const char *id,
               const char *level1,
               const char *level2,
               const char *level3,
               GPtrArray  *assignments)
{
  GkColumn *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (level1 != NULL, NULL);
  g_return_val_if_fail (level2 != NULL, NULL);
  g_return_val_if_fail (assignments != NULL && assignments->len > 0, NULL);

  self = g_object_new (GK_TYPE_COLUMN, NULL);
  self->id = g_strdup (id);
  self->level1 = g_strdup (level1);
  self->level2 = g_strdup (level2);
  self->level3 = g_strdup (level3);
  self->assignments = g_ptr_array_ref (assignments);

  return self;
}

const char *
gk_column_get_id (GkColumn *self)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);

  return self->id;
}

const char *
gk_column_get_level1 (GkColumn *self)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);

  return self->level1;
}

const char *
gk_column_get_level2 (GkColumn *self)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);

  return self->level2;
}

/**
 * gk_column_get_level3:
 *
 * Returns: (nullable): the third-level name, or %NULL for a second-level column
 */
const char *
gk_column_get_level3 (GkColumn *self)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);

  return self->level3;
}

/* The name people call the column by: its deepest level. */
const char *
gk_column_get_title (GkColumn *self)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);

  return self->level3 != NULL ? self->level3 : self->level2;
}

char *
gk_column_dup_path (GkColumn *self)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);

  if (self->level3 == NULL)
    return g_strjoin (" / ", self->level1, self->level2, NULL);

  return g_strjoin (" / ", self->level1, self->level2, self->level3, NULL);
}

/**
 * gk_column_get_assignments:
 *
 * Returns: (transfer none) (element-type GkAssignment): in the catalog's order
 */
GPtrArray *
gk_column_get_assignments (GkColumn *self)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);

  return self->assignments;
}

/**
 * gk_column_lookup_assignment:
 *
 * Returns: (transfer none) (nullable): @unit's assignment, if it has one
 */
GkAssignment *
gk_column_lookup_assignment (GkColumn   *self,
                             const char *unit)
{
  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  for (guint i = 0; i < self->assignments->len; i++)
    {
      GkAssignment *assignment = g_ptr_array_index (self->assignments, i);

      if (g_str_equal (gk_assignment_get_unit (assignment), unit))
        return assignment;
    }

  return NULL;
}

gboolean
gk_column_has_unit (GkColumn   *self,
                    const char *unit)
{
  return gk_column_lookup_assignment (self, unit) != NULL;
}

char *
gk_column_dup_units (GkColumn   *self,
                     const char *separator)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) units = NULL;

  g_return_val_if_fail (GK_IS_COLUMN (self), NULL);
  g_return_val_if_fail (separator != NULL, NULL);

  for (guint i = 0; i < self->assignments->len; i++)
    g_strv_builder_add (builder, gk_assignment_get_unit (g_ptr_array_index (self->assignments, i)));

  units = g_strv_builder_end (builder);

  return g_strjoinv (separator, units);
}
