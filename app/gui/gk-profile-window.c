/* The liaison's unit and contact details: shown on first run and from the Profile… action. */
#define G_LOG_DOMAIN "gk-profile-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-catalog.h"
#include "gk-context.h"
#include "gk-profile.h"
#include "gk-pinyin.h"
#include "gk-profile-window.h"

struct _GkProfileWindow
{
  GtkApplicationWindow  parent_instance;

  GkContext            *context;
  gboolean              first_run;
  char                 *unit;
  char                 *filter_key;

  GtkHeaderBar         *header_bar;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkSearchEntry       *unit_search;
  GtkListBox           *unit_list;
  GtkLabel             *unit_label;
  GtkEntry             *liaison_entry;
  GtkEntry             *phone_entry;
  GtkEntry             *leader_entry;
  GtkEntry             *office_entry;
  GtkButton            *save_button;
};

G_DEFINE_FINAL_TYPE (GkProfileWindow, gk_profile_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_FIRST_RUN,
  PROP_UNIT,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
get_row_unit (GtkListBoxRow *row)
{
  return gtk_label_get_text (GTK_LABEL (gtk_bin_get_child (GTK_BIN (row))));
}

/* Case-folded so that a search for "ppp" also finds units written in capitals. */
static char *
dup_search_key (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static gboolean
filter_unit_row (GtkListBoxRow *row,
                 gpointer       user_data)
{
  GkProfileWindow *self = user_data;
  g_autofree char *key = NULL;

  if (self->filter_key == NULL || *self->filter_key == '\0')
    return TRUE;

  key = dup_search_key (get_row_unit (row));
  if (strstr (key, self->filter_key) != NULL)
    return TRUE;

  /* The official name (岳阳市财政局), its pinyin (caizheng) and the initials (czj), as people type them. */
  {
    g_autofree char *name = gk_catalog_dup_unit_name (gk_context_get_catalog (self->context), get_row_unit (row));
    g_autofree char *full = gk_pinyin_dup_full (get_row_unit (row));
    g_autofree char *initials = gk_pinyin_dup_initials (get_row_unit (row));

    return strstr (name, self->filter_key) != NULL || strstr (full, self->filter_key) != NULL || strstr (initials, self->filter_key) != NULL;
  }
}

/* The label and Save follow the unit property (bound in constructed). */
static void
set_unit (GkProfileWindow *self,
          const char      *unit)
{
  if (g_strcmp0 (self->unit, unit) == 0)
    return;

  g_free (self->unit);
  self->unit = g_strdup (unit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

static gboolean
transform_unit_to_label (GBinding     *binding,
                         const GValue *from,
                         GValue       *to,
                         gpointer      user_data)
{
  const char *unit = g_value_get_string (from);

  g_value_set_string (to, unit != NULL ? unit : _("No unit chosen yet"));

  return TRUE;
}

/* Saved only with a unit: every other field can wait, the columns cannot. */
static gboolean
transform_unit_to_sensitive (GBinding     *binding,
                             const GValue *from,
                             GValue       *to,
                             gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_string (from) != NULL);

  return TRUE;
}

static void
select_unit_row (GkProfileWindow *self,
                 const char      *unit)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->unit_list, i)) != NULL; i++)
    {
      if (g_strcmp0 (get_row_unit (row), unit) == 0)
        {
          gtk_list_box_select_row (self->unit_list, row);
          return;
        }
    }
}

/* Rebuilt from the catalog in use; the chosen unit survives if the new catalog still has it. */
static void
populate_units (GkProfileWindow *self)
{
  GkCatalog *catalog = gk_context_get_catalog (self->context);
  const char * const *units = gk_catalog_get_units (catalog);
  g_autofree char *unit = g_strdup (self->unit);
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->unit_list));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  for (guint i = 0; units[i] != NULL; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (units[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_container_add (GTK_CONTAINER (row), label);
      atk_object_set_name (gtk_widget_get_accessible (row), units[i]);
      gtk_widget_show_all (row);
      gtk_container_add (GTK_CONTAINER (self->unit_list), row);
    }

  set_unit (self, gk_catalog_has_unit (catalog, unit) ? unit : NULL);
  if (self->unit != NULL)
    select_unit_row (self, self->unit);
}

static void
show_error (GkProfileWindow *self,
            const GError    *error)
{
  gtk_label_set_text (self->error_label, error->message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);

  if (g_error_matches (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_INVALID_PHONE))
    {
      gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->phone_entry)), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->phone_entry));
    }
}

static void
on_catalog_changed_cb (GkProfileWindow *self)
{
  populate_units (self);
}

static void
on_unit_search_search_changed_cb (GkProfileWindow *self)
{
  g_free (self->filter_key);
  self->filter_key = dup_search_key (gtk_entry_get_text (GTK_ENTRY (self->unit_search)));
  gtk_list_box_invalidate_filter (self->unit_list);
}

/* Enter in the search field takes the first unit still shown, as in a search-as-you-type list. */
static void
on_unit_search_activate_cb (GkProfileWindow *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->unit_list, i)) != NULL; i++)
    {
      if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
        {
          gtk_list_box_select_row (self->unit_list, row);
          gtk_widget_grab_focus (GTK_WIDGET (self->liaison_entry));
          return;
        }
    }
}

/* A NULL row comes from rebuilding or filtering the list, not from the liaison: keep the choice. */
static void
on_unit_list_row_selected_cb (GkProfileWindow *self,
                              GtkListBoxRow   *row)
{
  if (row != NULL)
    set_unit (self, get_row_unit (row));
}

/*
 * 分管负责人、承办科室、联络员 and their phone: the notice penalises a unit that
 * never named them, so an empty one is outlined in red for as long as it is empty.
 */
static void
update_required (GkProfileWindow *self)
{
  GtkEntry *required[] = { self->liaison_entry, self->phone_entry, self->leader_entry, self->office_entry };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (required[i]));
      g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (required[i])));

      if (*text == '\0')
        gtk_style_context_add_class (style, "gk-missing");
      else
        gtk_style_context_remove_class (style, "gk-missing");
    }
}

static void
on_required_entry_changed_cb (GkProfileWindow *self)
{
  update_required (self);
}

static void
on_phone_entry_changed_cb (GkProfileWindow *self)
{
  gtk_style_context_remove_class (gtk_widget_get_style_context (GTK_WIDGET (self->phone_entry)), "error");
  update_required (self);
}

static void
on_error_bar_response_cb (GkProfileWindow *self)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
}

static void
on_save_button_clicked_cb (GkProfileWindow *self)
{
  if (gk_profile_window_save (self))
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
gk_profile_window_constructed (GObject *object)
{
  GkProfileWindow *self = (GkProfileWindow *)object;
  g_autoptr(GkProfile) profile = NULL;

  G_OBJECT_CLASS (gk_profile_window_parent_class)->constructed (object);

  g_assert (GK_IS_CONTEXT (self->context));

  if (!self->first_run)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Profile"));
      gtk_header_bar_set_title (self->header_bar, _("Profile"));
      gtk_button_set_label (self->save_button, _("_Save"));
    }
  gtk_widget_grab_default (GTK_WIDGET (self->save_button));

  /* Edits start from what is stored, so a second visit changes one field without retyping the rest. */
  profile = gk_context_dup_profile (self->context);
  gtk_entry_set_text (self->liaison_entry, gk_profile_get_liaison (profile) ?: "");
  gtk_entry_set_text (self->phone_entry, gk_profile_get_phone (profile) ?: "");
  gtk_entry_set_text (self->leader_entry, gk_profile_get_leader (profile) ?: "");
  gtk_entry_set_text (self->office_entry, gk_profile_get_office (profile) ?: "");
  update_required (self);
  self->unit = g_strdup (gk_profile_get_unit (profile));

  populate_units (self);
  g_object_bind_property_full (self, "unit", self->unit_label, "label", G_BINDING_SYNC_CREATE,
                               transform_unit_to_label, NULL, NULL, NULL);
  g_object_bind_property_full (self, "unit", self->save_button, "sensitive", G_BINDING_SYNC_CREATE,
                               transform_unit_to_sensitive, NULL, NULL, NULL);
  g_signal_connect_object (self->context, "notify::catalog",
                           G_CALLBACK (on_catalog_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_grab_focus (GTK_WIDGET (self->unit_search));
}

static void
gk_profile_window_dispose (GObject *object)
{
  GkProfileWindow *self = (GkProfileWindow *)object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (gk_profile_window_parent_class)->dispose (object);
}

static void
gk_profile_window_finalize (GObject *object)
{
  GkProfileWindow *self = (GkProfileWindow *)object;

  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->filter_key, g_free);

  G_OBJECT_CLASS (gk_profile_window_parent_class)->finalize (object);
}

static void
gk_profile_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GkProfileWindow *self = GK_PROFILE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_FIRST_RUN:
      g_value_set_boolean (value, self->first_run);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_profile_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GkProfileWindow *self = GK_PROFILE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_FIRST_RUN:
      self->first_run = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_profile_window_class_init (GkProfileWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_profile_window_constructed;
  object_class->dispose = gk_profile_window_dispose;
  object_class->finalize = gk_profile_window_finalize;
  object_class->get_property = gk_profile_window_get_property;
  object_class->set_property = gk_profile_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_RUN] =
    g_param_spec_boolean ("first-run", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkProfileWindow::saved:
   *
   * Emitted after the profile was stored; the window closes itself right after.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-profile-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, unit_search);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, unit_list);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, unit_label);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, liaison_entry);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, leader_entry);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, office_entry);
  gtk_widget_class_bind_template_child (widget_class, GkProfileWindow, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_search_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_required_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);
}

static void
gk_profile_window_init (GkProfileWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->unit_list, filter_unit_row, self, NULL);
}

/**
 * gk_profile_window_new:
 * @first_run: %TRUE when no usable profile exists yet: the window then says
 *   “Continue” and the application opens the main window after it
 */
GkProfileWindow *
gk_profile_window_new (GtkApplication *application,
                       GkContext      *context,
                       gboolean        first_run)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  return g_object_new (GK_TYPE_PROFILE_WINDOW,
                       "application", application,
                       "context", context,
                       "first-run", first_run,
                       NULL);
}

GkContext *
gk_profile_window_get_context (GkProfileWindow *self)
{
  g_return_val_if_fail (GK_IS_PROFILE_WINDOW (self), NULL);

  return self->context;
}

gboolean
gk_profile_window_get_first_run (GkProfileWindow *self)
{
  g_return_val_if_fail (GK_IS_PROFILE_WINDOW (self), FALSE);

  return self->first_run;
}

/**
 * gk_profile_window_get_unit:
 *
 * Returns: (nullable): the unit chosen in the list, not yet saved
 */
const char *
gk_profile_window_get_unit (GkProfileWindow *self)
{
  g_return_val_if_fail (GK_IS_PROFILE_WINDOW (self), NULL);

  return self->unit;
}

/**
 * gk_profile_window_save:
 *
 * Stores what the form holds. On a refusal the reason is shown in the window
 * and every field keeps what was typed.
 *
 * Returns: %TRUE and emits #GkProfileWindow::saved when the profile was stored
 */
gboolean
gk_profile_window_save (GkProfileWindow *self)
{
  g_autoptr(GkProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GK_IS_PROFILE_WINDOW (self), FALSE);

  profile = gk_profile_new ();
  gk_profile_set_unit (profile, self->unit);
  gk_profile_set_liaison (profile, gtk_entry_get_text (self->liaison_entry));
  gk_profile_set_phone (profile, gtk_entry_get_text (self->phone_entry));
  gk_profile_set_leader (profile, gtk_entry_get_text (self->leader_entry));
  gk_profile_set_office (profile, gtk_entry_get_text (self->office_entry));

  /* One small row in SQLite: quick enough for the main loop, and the window must not close before it is stored. */
  if (!gk_context_save_profile (self->context, profile, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  gtk_info_bar_set_revealed (self->error_bar, FALSE);
  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}
