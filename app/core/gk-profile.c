/* The liaison's registration as a bindable object, so forms and the store share one value. */
#include "config.h"

#include <glib/gi18n.h>

/* For GK_CONTEXT_ERROR_NO_UNIT: a missing unit is one of the core's rule errors. */
#include "gk-context.h"
#include "gk-profile.h"

struct _GkProfile
{
  GObject  parent_instance;

  char    *unit;
  char    *liaison;
  char    *phone;
  char    *leader;
  char    *office;
};

G_DEFINE_FINAL_TYPE (GkProfile, gk_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNIT,
  PROP_LIAISON,
  PROP_PHONE,
  PROP_LEADER,
  PROP_OFFICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Field storage by property id, so the five text fields share one setter. */
static char **
field_for_prop (GkProfile *self,
                guint      prop_id)
{
  switch (prop_id)
    {
    case PROP_UNIT:    return &self->unit;
    case PROP_LIAISON: return &self->liaison;
    case PROP_PHONE:   return &self->phone;
    case PROP_LEADER:  return &self->leader;
    case PROP_OFFICE:  return &self->office;
    default:           g_assert_not_reached ();
    }
}

/* Surrounding blanks pasted from a document are never part of a name or number. */
static void
set_field (GkProfile  *self,
           guint       prop_id,
           const char *value)
{
  g_autofree char *stripped = value != NULL ? g_strstrip (g_strdup (value)) : NULL;
  char **field = field_for_prop (self, prop_id);

  if (stripped != NULL && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);

  if (g_strcmp0 (*field, stripped) == 0)
    return;

  g_free (*field);
  *field = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
gk_profile_finalize (GObject *object)
{
  GkProfile *self = (GkProfile *)object;

  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->liaison, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->leader, g_free);
  g_clear_pointer (&self->office, g_free);

  G_OBJECT_CLASS (gk_profile_parent_class)->finalize (object);
}

static void
gk_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GkProfile *self = GK_PROFILE (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  g_value_set_string (value, *field_for_prop (self, prop_id));
}

static void
gk_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GkProfile *self = GK_PROFILE (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  set_field (self, prop_id, g_value_get_string (value));
}

static void
gk_profile_class_init (GkProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gk_profile_finalize;
  object_class->get_property = gk_profile_get_property;
  object_class->set_property = gk_profile_set_property;

  properties[PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, NULL, flags);
  properties[PROP_LIAISON] = g_param_spec_string ("liaison", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_LEADER] = g_param_spec_string ("leader", NULL, NULL, NULL, flags);
  properties[PROP_OFFICE] = g_param_spec_string ("office", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gk_profile_init (GkProfile *self)
{
}

GkProfile *
gk_profile_new (void)
{
  return g_object_new (GK_TYPE_PROFILE, NULL);
}

GkProfile *
gk_profile_copy (GkProfile *self)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), NULL);

  return g_object_new (GK_TYPE_PROFILE,
                       "unit", self->unit,
                       "liaison", self->liaison,
                       "phone", self->phone,
                       "leader", self->leader,
                       "office", self->office,
                       NULL);
}

/**
 * gk_profile_get_unit:
 *
 * Returns: (nullable): the unit, or %NULL before the liaison chose one
 */
const char *
gk_profile_get_unit (GkProfile *self)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), NULL);

  return self->unit;
}

/**
 * gk_profile_dup_unit:
 *
 * The unit for work that cannot go on without one: the context's and the
 * sync engine's, with one message for both.
 *
 * Returns: (transfer full) (nullable): the unit, or %NULL with an error
 *   telling how to choose one
 */
char *
gk_profile_dup_unit (GkProfile  *self,
                     GError    **error)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), NULL);

  if (self->unit == NULL)
    {
      g_set_error (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_NO_UNIT,
                   _("No unit is chosen yet; run “gongkai profile set --unit UNIT” or open Gongkai Liaison to choose one."));
      return NULL;
    }

  return g_strdup (self->unit);
}

void
gk_profile_set_unit (GkProfile  *self,
                     const char *unit)
{
  g_return_if_fail (GK_IS_PROFILE (self));

  set_field (self, PROP_UNIT, unit);
}

const char *
gk_profile_get_liaison (GkProfile *self)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), NULL);

  return self->liaison;
}

void
gk_profile_set_liaison (GkProfile  *self,
                        const char *liaison)
{
  g_return_if_fail (GK_IS_PROFILE (self));

  set_field (self, PROP_LIAISON, liaison);
}

const char *
gk_profile_get_phone (GkProfile *self)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), NULL);

  return self->phone;
}

void
gk_profile_set_phone (GkProfile  *self,
                      const char *phone)
{
  g_return_if_fail (GK_IS_PROFILE (self));

  set_field (self, PROP_PHONE, phone);
}

const char *
gk_profile_get_leader (GkProfile *self)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), NULL);

  return self->leader;
}

void
gk_profile_set_leader (GkProfile  *self,
                       const char *leader)
{
  g_return_if_fail (GK_IS_PROFILE (self));

  set_field (self, PROP_LEADER, leader);
}

const char *
gk_profile_get_office (GkProfile *self)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), NULL);

  return self->office;
}

void
gk_profile_set_office (GkProfile  *self,
                       const char *office)
{
  g_return_if_fail (GK_IS_PROFILE (self));

  set_field (self, PROP_OFFICE, office);
}

/* The notice requires all of these to be reported (分管负责人、承办科室、联络员 and a phone). */
gboolean
gk_profile_is_complete (GkProfile *self)
{
  g_return_val_if_fail (GK_IS_PROFILE (self), FALSE);

  return self->unit != NULL && self->liaison != NULL && self->phone != NULL
         && self->leader != NULL && self->office != NULL;
}

/*
 * Landlines are written 0730-8882003 or 8882003, mobiles 13507308877 or
 * +86 135 0730 8877; anything else is almost surely a slip of the keyboard.
 */
gboolean
gk_profile_is_valid_phone (const char *phone)
{
  guint digits = 0;

  g_return_val_if_fail (phone != NULL, FALSE);

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == phone)
        continue;
      else if (*p != '-' && *p != ' ')
        return FALSE;
    }

  return digits >= 7 && digits <= 15;
}
