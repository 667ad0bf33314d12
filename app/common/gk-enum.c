/* Stored and wire identifiers of enumerations, by the nicks glib-mkenums gives their values. */
#include "config.h"

#include "gk-enum.h"

/* The generated types are static, so a class once made lives as long as the process:
 * the reference taken the first time is kept, and later look-ups only peek. */
static GEnumClass *
get_class (GType type)
{
  GEnumClass *klass = g_type_class_peek (type);

  return klass != NULL ? klass : g_type_class_ref (type);
}

/**
 * gk_enum_to_nick:
 *
 * Returns: (transfer none) (nullable): the nick of @value, %NULL if @type has no such value
 */
const char *
gk_enum_to_nick (GType type,
                 int   value)
{
  GEnumValue *found = g_enum_get_value (get_class (type), value);

  g_return_val_if_fail (found != NULL, NULL);

  return found->value_nick;
}

/**
 * gk_enum_from_nick:
 * @nick: (nullable): what was stored or sent
 * @value: (out): a variable of the enumeration @type, set to the value @nick names; left
 *   alone otherwise. (An enumeration's variable is an int: C gives one whose values fit an
 *   int the size of one, and GEnumValue keeps its values as ints.)
 *
 * Returns: whether @nick names a value of @type
 */
gboolean
gk_enum_from_nick (GType       type,
                   const char *nick,
                   gpointer    value)
{
  GEnumValue *found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (nick == NULL || (found = g_enum_get_value_by_nick (get_class (type), nick)) == NULL)
    return FALSE;

  *(int *) value = found->value;
  return TRUE;
}
