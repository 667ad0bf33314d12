/* The right-hand page of the main window: what one column asks of the liaison's unit. */
#define G_LOG_DOMAIN "gk-column-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-assignment.h"
#include "gk-column.h"
#include "gk-column-page.h"

struct _GkColumnPage
{
  GtkBin     parent_instance;

  GkColumn  *column;
  char      *unit;

  GtkStack  *stack;
  GtkLabel  *path_label;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
  GtkLabel  *kind_label;
  GtkLabel  *cadence_label;
  GtkLabel  *cadence_source_label;
  GtkLabel  *partners_label;
};

G_DEFINE_FINAL_TYPE (GkColumnPage, gk_column_page, GTK_TYPE_BIN)

enum {
  PROP_0,
  PROP_COLUMN,
  PROP_UNIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The other units on the column, so the liaison knows whom to coordinate with. */
static char *
dup_partners (GkColumn   *column,
              const char *unit)
{
  GPtrArray *assignments = gk_column_get_assignments (column);
  g_autoptr(GString) partners = g_string_new (NULL);

  for (guint i = 0; i < assignments->len; i++)
    {
      const char *other = gk_assignment_get_unit (g_ptr_array_index (assignments, i));

      if (g_strcmp0 (other, unit) == 0)
        continue;

      if (partners->len > 0)
        g_string_append (partners, "、");
      g_string_append (partners, other);
    }

  if (partners->len == 0)
    return g_strdup (_("None: your unit alone is responsible for this column."));

  return g_string_free (g_steal_pointer (&partners), FALSE);
}

static void
update (GkColumnPage *self)
{
  GkAssignment *assignment;
  g_autofree char *path = NULL;
  g_autofree char *cadence = NULL;
  g_autofree char *partners = NULL;
  guint days;

  assignment = self->column != NULL && self->unit != NULL
               ? gk_column_lookup_assignment (self->column, self->unit) : NULL;

  /* A column the unit has no duty on (after an import) is shown as nothing rather than as someone else's duty. */
  if (assignment == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  path = gk_column_dup_path (self->column);
  days = gk_assignment_get_cadence_days (assignment);
  cadence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u day", "Every %u days", days), days);
  partners = dup_partners (self->column, self->unit);

  gtk_label_set_text (self->path_label, path);
  gtk_label_set_text (self->title_label, gk_column_get_title (self->column));
  gtk_label_set_text (self->description_label, gk_assignment_get_description (assignment));
  gtk_label_set_text (self->kind_label, gk_kind_get_label (gk_assignment_get_kind (assignment)));
  gtk_label_set_text (self->cadence_label, cadence);
  gtk_label_set_text (self->cadence_source_label, gk_assignment_get_cadence_source (assignment));
  gtk_label_set_text (self->partners_label, partners);

  gtk_stack_set_visible_child_name (self->stack, "column");
}

static void
gk_column_page_finalize (GObject *object)
{
  GkColumnPage *self = (GkColumnPage *)object;

  g_clear_object (&self->column);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (gk_column_page_parent_class)->finalize (object);
}

static void
gk_column_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GkColumnPage *self = GK_COLUMN_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_object (value, self->column);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_column_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GkColumnPage *self = GK_COLUMN_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      gk_column_page_set_column (self, g_value_get_object (value), self->unit);
      break;

    case PROP_UNIT:
      gk_column_page_set_column (self, self->column, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_column_page_class_init (GkColumnPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gk_column_page_finalize;
  object_class->get_property = gk_column_page_get_property;
  object_class->set_property = gk_column_page_set_property;

  properties[PROP_COLUMN] =
    g_param_spec_object ("column", NULL, NULL, GK_TYPE_COLUMN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-column-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, cadence_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, cadence_source_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnPage, partners_label);
}

static void
gk_column_page_init (GkColumnPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gk_column_page_new (void)
{
  return g_object_new (GK_TYPE_COLUMN_PAGE, NULL);
}

/**
 * gk_column_page_get_column:
 *
 * Returns: (transfer none) (nullable): the column shown
 */
GkColumn *
gk_column_page_get_column (GkColumnPage *self)
{
  g_return_val_if_fail (GK_IS_COLUMN_PAGE (self), NULL);

  return self->column;
}

const char *
gk_column_page_get_unit (GkColumnPage *self)
{
  g_return_val_if_fail (GK_IS_COLUMN_PAGE (self), NULL);

  return self->unit;
}

/**
 * gk_column_page_set_column:
 * @column: (nullable): the column to show, or %NULL for none
 * @unit: (nullable): whose duty on @column to show
 *
 * Both change together: a column's description depends on the unit (经济运行).
 */
void
gk_column_page_set_column (GkColumnPage *self,
                           GkColumn     *column,
                           const char   *unit)
{
  g_return_if_fail (GK_IS_COLUMN_PAGE (self));
  g_return_if_fail (column == NULL || GK_IS_COLUMN (column));

  if (g_set_object (&self->column, column))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN]);

  if (g_strcmp0 (self->unit, unit) != 0)
    {
      g_free (self->unit);
      self->unit = g_strdup (unit);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
    }

  update (self);
}
