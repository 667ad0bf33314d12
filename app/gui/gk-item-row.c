/* A row of an item list: the item's title, its state badge and what identifies it. */
#define G_LOG_DOMAIN "gk-item-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-item.h"
#include "gk-item-row.h"

struct _GkItemRow
{
  GtkListBoxRow  parent_instance;

  GkItem        *item;
  char          *place;
  char          *state_class;

  GtkLabel      *title_label;
  GtkLabel      *state_label;
  GtkLabel      *details_label;
};

G_DEFINE_FINAL_TYPE (GkItemRow, gk_item_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_PLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Kind, document number, where it is (search results) and when it was last changed, on one line. */
static char *
dup_details (GkItemRow *self)
{
  const char *doc_number = gk_item_get_field (self->item, GK_ITEM_DOC_NUMBER);
  const char *updated = gk_item_get_field (self->item, GK_ITEM_UPDATED_AT);
  g_autoptr(GString) details = g_string_new (gk_kind_get_label (gk_item_get_kind (self->item)));

  if (doc_number != NULL)
    g_string_append_printf (details, " · %s", doc_number);
  if (self->place != NULL)
    g_string_append_printf (details, " · %s", self->place);
  if (updated != NULL && strlen (updated) >= 10)
    g_string_append_printf (details, " · %.10s", updated);

  return g_string_free (g_steal_pointer (&details), FALSE);
}

/* Shows self->item: a list that recycles its rows binds one row to item after item. */
static void
show_item (GkItemRow *self)
{
  GkItemState state = gk_item_get_state (self->item);
  g_autofree char *title = gk_item_row_dup_display_title (self->item);
  g_autofree char *details = dup_details (self);
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->state_label));
  AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (self));

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->state_label, gk_item_state_get_label (state));
  gtk_label_set_text (self->details_label, details);
  if (self->state_class != NULL)
    gtk_style_context_remove_class (style, self->state_class);
  g_free (self->state_class);
  self->state_class = g_strdup_printf ("gk-state-%s", gk_item_state_to_string (state));
  gtk_style_context_add_class (style, self->state_class);

  atk_object_set_name (accessible, title);
  atk_object_set_description (accessible, gk_item_state_get_label (state));
}

static void
gk_item_row_constructed (GObject *object)
{
  G_OBJECT_CLASS (gk_item_row_parent_class)->constructed (object);

  show_item (GK_ITEM_ROW (object));
}

static void
gk_item_row_dispose (GObject *object)
{
  GkItemRow *self = (GkItemRow *)object;

  g_clear_object (&self->item);

  G_OBJECT_CLASS (gk_item_row_parent_class)->dispose (object);
}

static void
gk_item_row_finalize (GObject *object)
{
  GkItemRow *self = (GkItemRow *)object;

  g_clear_pointer (&self->place, g_free);
  g_clear_pointer (&self->state_class, g_free);

  G_OBJECT_CLASS (gk_item_row_parent_class)->finalize (object);
}

static void
gk_item_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GkItemRow *self = GK_ITEM_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_item_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GkItemRow *self = GK_ITEM_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;

    case PROP_PLACE:
      self->place = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_item_row_class_init (GkItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_item_row_constructed;
  object_class->dispose = gk_item_row_dispose;
  object_class->finalize = gk_item_row_finalize;
  object_class->get_property = gk_item_row_get_property;
  object_class->set_property = gk_item_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, GK_TYPE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-item-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GkItemRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemRow, details_label);
}

static void
gk_item_row_init (GkItemRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gk_item_row_new:
 * @place: (nullable): where the item is (its column), for lists that mix columns
 */
GtkWidget *
gk_item_row_new (GkItem     *item,
                 const char *place)
{
  g_return_val_if_fail (GK_IS_ITEM (item), NULL);

  return g_object_new (GK_TYPE_ITEM_ROW, "item", item, "place", place, NULL);
}

/**
 * gk_item_row_set_item:
 *
 * Shows @item instead, as a new row for it would, with the place kept.
 */
void
gk_item_row_set_item (GkItemRow *self,
                      GkItem    *item)
{
  g_return_if_fail (GK_IS_ITEM_ROW (self));
  g_return_if_fail (GK_IS_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  show_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * gk_item_row_get_item:
 *
 * Returns: (transfer none): the item as it was when the row was made or last set
 */
GkItem *
gk_item_row_get_item (GkItemRow *self)
{
  g_return_val_if_fail (GK_IS_ITEM_ROW (self), NULL);

  return self->item;
}

const char *
gk_item_row_get_uuid (GkItemRow *self)
{
  g_return_val_if_fail (GK_IS_ITEM_ROW (self), NULL);

  return gk_item_get_uuid (self->item);
}

/**
 * gk_item_row_dup_display_title:
 *
 * Returns: (transfer full): the item's title, or a placeholder while it has none
 */
char *
gk_item_row_dup_display_title (GkItem *item)
{
  g_autofree char *title = gk_item_dup_clean_field (item, GK_ITEM_TITLE);

  return title != NULL ? g_steal_pointer (&title) : g_strdup (_("Untitled item"));
}

/**
 * gk_item_row_set_refused:
 *
 * The portal refused the queued item: a red 被拒收 badge instead of 排队中,
 * since nothing more happens to it until it is withdrawn and corrected.
 */
void
gk_item_row_set_refused (GkItemRow *self)
{
  GtkStyleContext *style;

  g_return_if_fail (GK_IS_ITEM_ROW (self));

  style = gtk_widget_get_style_context (GTK_WIDGET (self->state_label));
  gtk_style_context_remove_class (style, self->state_class);
  g_free (self->state_class);
  self->state_class = g_strdup ("gk-state-refused");
  gtk_style_context_add_class (style, self->state_class);
  gtk_label_set_text (self->state_label, _("Refused"));
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self)),
                              _("Refused by the portal: withdraw it, correct it and submit it again"));
}
