/* A row of the main window's sidebar: one column with how many items it holds and what needs attention. */
#define G_LOG_DOMAIN "gk-column-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-check-page.h"
#include "gk-column.h"
#include "gk-column-row.h"

struct _GkColumnRow
{
  GtkListBoxRow  parent_instance;

  GkColumn      *column;

  GtkImage      *state_image;
  GtkLabel      *title_label;
  const char    *state_class;
  GtkImage      *marker_image;
  GtkLabel      *count_label;
};

G_DEFINE_FINAL_TYPE (GkColumnRow, gk_column_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gk_column_row_constructed (GObject *object)
{
  GkColumnRow *self = (GkColumnRow *)object;
  g_autofree char *path = gk_column_dup_path (self->column);
  AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (self));

  G_OBJECT_CLASS (gk_column_row_parent_class)->constructed (object);

  gtk_label_set_text (self->title_label, gk_column_get_title (self->column));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), path);

  /* Group headers are not part of the accessible tree, so a screen reader hears the path here. */
  atk_object_set_name (accessible, gk_column_get_title (self->column));
  atk_object_set_description (accessible, path);

  /* 公开制度化 columns have no 三级: they sit directly under their 一级 header. */
  if (gk_column_get_level3 (self->column) == NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self)), "gk-sidebar-flat");
}

static void
gk_column_row_dispose (GObject *object)
{
  GkColumnRow *self = (GkColumnRow *)object;

  g_clear_object (&self->column);

  G_OBJECT_CLASS (gk_column_row_parent_class)->dispose (object);
}

static void
gk_column_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GkColumnRow *self = GK_COLUMN_ROW (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_object (value, self->column);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_column_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GkColumnRow *self = GK_COLUMN_ROW (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      self->column = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_column_row_class_init (GkColumnRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_column_row_constructed;
  object_class->dispose = gk_column_row_dispose;
  object_class->get_property = gk_column_row_get_property;
  object_class->set_property = gk_column_row_set_property;

  properties[PROP_COLUMN] =
    g_param_spec_object ("column", NULL, NULL, GK_TYPE_COLUMN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-column-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GkColumnRow, state_image);
  gtk_widget_class_bind_template_child (widget_class, GkColumnRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkColumnRow, marker_image);
  gtk_widget_class_bind_template_child (widget_class, GkColumnRow, count_label);
}

static void
gk_column_row_init (GkColumnRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gk_column_row_new (GkColumn *column)
{
  g_return_val_if_fail (GK_IS_COLUMN (column), NULL);

  return g_object_new (GK_TYPE_COLUMN_ROW, "column", column, NULL);
}

/**
 * gk_column_row_get_column:
 *
 * Returns: (transfer none): the column of the row
 */
GkColumn *
gk_column_row_get_column (GkColumnRow *self)
{
  g_return_val_if_fail (GK_IS_COLUMN_ROW (self), NULL);

  return self->column;
}

/**
 * gk_column_row_set_counts:
 * @counts: (nullable): the column's items by state, or %NULL when it has none
 *
 * Shows the number of items, and a marker when the portal rejected one
 * (the liaison must act) or some are still waiting in the outbox.
 */
void
gk_column_row_set_counts (GkColumnRow          *self,
                          const GkColumnCounts *counts)
{
  guint total = counts != NULL ? counts->total : 0;
  guint rejected = counts != NULL ? counts->by_state[GK_ITEM_STATE_REJECTED] : 0;
  guint queued = counts != NULL ? counts->by_state[GK_ITEM_STATE_QUEUED] : 0;
  g_autofree char *count = g_strdup_printf ("%u", total);
  g_autofree char *items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", total), total);
  g_autofree char *marker = NULL;

  g_return_if_fail (GK_IS_COLUMN_ROW (self));

  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), total > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), items);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->count_label)), items);

  if (rejected > 0)
    {
      marker = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item rejected by the portal",
                                             "%u items rejected by the portal", rejected), rejected);
      gtk_image_set_from_icon_name (self->marker_image, "dialog-warning-symbolic", GTK_ICON_SIZE_MENU);
    }
  else if (queued > 0)
    {
      marker = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item waiting to be uploaded",
                                             "%u items waiting to be uploaded", queued), queued);
      gtk_image_set_from_icon_name (self->marker_image, "document-send-symbolic", GTK_ICON_SIZE_MENU);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->marker_image), marker != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->marker_image), marker);
  if (marker != NULL)
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->marker_image)), marker);
}

/**
 * gk_column_row_set_status:
 *
 * Shows the column's self-check state as a symbolic icon in its colour, named
 * for screen readers, and in the row's tooltip with 最近发布 and 下次应更新,
 * since neither colour nor a shape alone says enough.
 */
void
gk_column_row_set_status (GkColumnRow          *self,
                          const GkColumnStatus *status)
{
  GtkStyleContext *style;
  const char *label;
  g_autofree char *path = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *due = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (GK_IS_COLUMN_ROW (self));
  g_return_if_fail (status != NULL);

  label = gk_column_state_get_label (status->state);
  style = gtk_widget_get_style_context (GTK_WIDGET (self->state_image));
  if (self->state_class != NULL)
    gtk_style_context_remove_class (style, self->state_class);
  self->state_class = gk_check_page_get_state_class (status->state);
  gtk_style_context_add_class (style, self->state_class);
  gtk_image_set_from_icon_name (self->state_image, gk_check_page_get_state_icon (status->state), GTK_ICON_SIZE_MENU);

  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->state_image)), label);
  gtk_widget_show (GTK_WIDGET (self->state_image));

  path = gk_column_dup_path (self->column);
  newest = gk_column_status_dup_newest_text (status);
  due = gk_column_status_dup_due_text (status);
  /* Translators: the column's path, its state, then 最近发布 and 下次应更新 */
  tooltip = g_strdup_printf (_("%s\n%s\nLast published: %s\nNext update due: %s"), path, label, newest, due);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  description = g_strdup_printf ("%s · %s · %s", label, due, path);
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self)), description);
}
