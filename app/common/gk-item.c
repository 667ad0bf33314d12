/* An item's fields as one bindable object, shared by the editor, the CLI and the store. */
#include "config.h"

#include <glib/gi18n.h>

#include "gk-attachment.h"
#include "gk-common-enums.h"
#include "gk-date.h"
#include "gk-enum.h"
#include "gk-item-private.h"

struct _GkItem
{
  GObject      parent_instance;

  char        *fields[GK_N_ITEM_FIELDS];
  GkKind       kind;
  GkItemState  state;
  guint        revision;
  GPtrArray   *attachments;
};

G_DEFINE_FINAL_TYPE (GkItem, gk_item, G_TYPE_OBJECT)

/* Text properties come first so a property id minus one is its field. */
enum {
  PROP_0,
  PROP_LAST_FIELD = GK_N_ITEM_FIELDS,
  PROP_KIND,
  PROP_STATE,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gk_item_finalize (GObject *object)
{
  GkItem *self = (GkItem *)object;

  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    g_free (self->fields[i]);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_item_parent_class)->finalize (object);
}

static void
gk_item_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GkItem *self = GK_ITEM (object);

  if (prop_id >= 1 && prop_id <= PROP_LAST_FIELD)
    {
      g_value_set_string (value, self->fields[prop_id - 1]);
      return;
    }

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;

    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_item_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GkItem *self = GK_ITEM (object);

  if (prop_id >= 1 && prop_id <= PROP_LAST_FIELD)
    gk_item_set_field (self, prop_id - 1, g_value_get_string (value));
  else if (prop_id == PROP_KIND)
    gk_item_set_kind (self, g_value_get_uint (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
gk_item_class_init (GkItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gk_item_finalize;
  object_class->get_property = gk_item_get_property;
  object_class->set_property = gk_item_set_property;

  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    properties[i + 1] = g_param_spec_string (gk_item_field_to_string (i), NULL, NULL, NULL, rw);

  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, GK_N_KINDS - 1, GK_KIND_OTHER, rw);
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, GK_N_ITEM_STATES - 1, GK_ITEM_STATE_DRAFT, ro);
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 1, G_MAXUINT, 1, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gk_item_init (GkItem *self)
{
  self->kind = GK_KIND_OTHER;
  self->revision = 1;
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_attachment_unref);
}

GkItem *
gk_item_new (const char *column_id,
             GkKind      kind)
{
  GkItem *self;

  g_return_val_if_fail (column_id != NULL, NULL);

  self = g_object_new (GK_TYPE_ITEM, NULL);
  self->fields[GK_ITEM_COLUMN_ID] = g_strdup (column_id);
  self->kind = kind;

  return self;
}

/*
 * For the store's rows: a fresh object has no listeners, so the fields are
 * set directly; notifying fifteen properties per row was a quarter of the
 * time of listing a column.
 */
GkItem *
gk_item_new_from_store (const char * const *fields,
                        GkKind              kind,
                        GkItemState         state,
                        guint               revision)
{
  GkItem *self = g_object_new (GK_TYPE_ITEM, NULL);

  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    self->fields[i] = fields[i] != NULL && *fields[i] != '\0' ? g_strdup (fields[i]) : NULL;

  self->kind = kind;
  self->state = state;
  self->revision = revision;

  return self;
}

GkItem *
gk_item_copy (GkItem *self)
{
  GkItem *copy;

  g_return_val_if_fail (GK_IS_ITEM (self), NULL);

  copy = g_object_new (GK_TYPE_ITEM, NULL);
  for (guint i = 0; i < GK_N_ITEM_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  copy->kind = self->kind;
  copy->state = self->state;
  copy->revision = self->revision;
  gk_item_set_attachments (copy, self->attachments);

  return copy;
}

/**
 * gk_item_get_field:
 *
 * Returns: (nullable): the field's text, %NULL when it was never filled in
 */
const char *
gk_item_get_field (GkItem      *self,
                   GkItemField  field)
{
  g_return_val_if_fail (GK_IS_ITEM (self), NULL);
  g_return_val_if_fail (field < GK_N_ITEM_FIELDS, NULL);

  return self->fields[field];
}

/*
 * Stored as given, so an editor bound to the item never sees its text change
 * under the cursor; gk_item_dup_clean_field() is what the store keeps.
 */
void
gk_item_set_field (GkItem      *self,
                   GkItemField  field,
                   const char  *value)
{
  g_return_if_fail (GK_IS_ITEM (self));
  g_return_if_fail (field < GK_N_ITEM_FIELDS);

  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (self->fields[field], value) == 0)
    return;

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

/**
 * gk_item_dup_clean_field:
 *
 * Single-line fields lose the blanks a paste from WPS or Word brings along;
 * the body keeps its paragraphs and their leading full-width indent, with \n
 * line ends whatever the source, and without trailing blank lines.
 *
 * Returns: (transfer full) (nullable): the text to store, %NULL when blank
 */
char *
gk_item_dup_clean_field (GkItem      *self,
                         GkItemField  field)
{
  const char *value;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (GK_IS_ITEM (self), NULL);
  g_return_val_if_fail (field < GK_N_ITEM_FIELDS, NULL);

  if ((value = self->fields[field]) == NULL)
    return NULL;

  if (field == GK_ITEM_BODY)
    {
      g_autoptr(GRegex) line_ends = g_regex_new ("\\r\\n?|\\x{2029}|\\x{2028}", G_REGEX_OPTIMIZE, 0, NULL);
      const char *start;

      clean = g_regex_replace_literal (line_ends, value, -1, 0, "\n", 0, NULL);
      g_strchomp (clean);
      for (start = clean; *start == '\n'; start++)
        ;
      memmove (clean, start, strlen (start) + 1);
    }
  else
    {
      clean = g_strstrip (g_strdup (value));
    }

  if (*clean == '\0')
    return NULL;

  /* 2024/4/16, 2024.4.16 and 2024年4月16日 are kept as 2024-04-16; what is no date stays, for the store to refuse. */
  if (gk_item_field_is_date (field))
    {
      g_autofree char *date = gk_date_normalize (clean);

      if (date != NULL)
        return g_steal_pointer (&date);
    }

  return g_steal_pointer (&clean);
}

const char *
gk_item_field_to_string (GkItemField field)
{
  g_return_val_if_fail (field < GK_N_ITEM_FIELDS, NULL);

  return gk_enum_to_nick (GK_TYPE_ITEM_FIELD, field);
}

gboolean
gk_item_field_from_string (const char  *name,
                           GkItemField *field)
{
  return gk_enum_from_nick (GK_TYPE_ITEM_FIELD, name, field);
}

gboolean
gk_item_field_is_date (GkItemField field)
{
  return field == GK_ITEM_WRITTEN_ON || field == GK_ITEM_PUBLISH_ON || field == GK_ITEM_REVIEWED_ON;
}

const char *
gk_item_get_uuid (GkItem *self)
{
  return gk_item_get_field (self, GK_ITEM_UUID);
}

const char *
gk_item_get_column_id (GkItem *self)
{
  return gk_item_get_field (self, GK_ITEM_COLUMN_ID);
}

const char *
gk_item_get_title (GkItem *self)
{
  return gk_item_get_field (self, GK_ITEM_TITLE);
}

const char *
gk_item_get_body (GkItem *self)
{
  return gk_item_get_field (self, GK_ITEM_BODY);
}

GkKind
gk_item_get_kind (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), GK_KIND_OTHER);

  return self->kind;
}

void
gk_item_set_kind (GkItem *self,
                  GkKind  kind)
{
  g_return_if_fail (GK_IS_ITEM (self));
  g_return_if_fail (kind < GK_N_KINDS);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

GkItemState
gk_item_get_state (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), GK_ITEM_STATE_DRAFT);

  return self->state;
}

void
gk_item_set_state (GkItem      *self,
                   GkItemState  state)
{
  g_return_if_fail (GK_IS_ITEM (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

guint
gk_item_get_revision (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  return self->revision;
}

void
gk_item_set_revision (GkItem *self,
                      guint   revision)
{
  g_return_if_fail (GK_IS_ITEM (self));

  if (self->revision == revision)
    return;

  self->revision = revision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}

/**
 * gk_item_get_attachments:
 *
 * Returns: (transfer none) (element-type GkAttachment): as last read from the store
 */
GPtrArray *
gk_item_get_attachments (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), NULL);

  return self->attachments;
}

void
gk_item_set_attachments (GkItem    *self,
                         GPtrArray *attachments)
{
  g_return_if_fail (GK_IS_ITEM (self));

  g_ptr_array_set_size (self->attachments, 0);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    g_ptr_array_add (self->attachments, gk_attachment_ref (g_ptr_array_index (attachments, i)));
}

/* Whether a save would change what the portal receives (timestamps and state aside). */
gboolean
gk_item_same_content (GkItem *self,
                      GkItem *other)
{
  g_return_val_if_fail (GK_IS_ITEM (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (other), FALSE);

  if (self->kind != other->kind)
    return FALSE;

  for (guint i = GK_ITEM_COLUMN_ID; i <= GK_ITEM_CORRECTION; i++)
    {
      g_autofree char *mine = NULL;
      g_autofree char *theirs = NULL;

      /* The content a liaison edits: the fields up to the reviewer's date, and the 更正说明. */
      if (i > GK_ITEM_REVIEWED_ON && i != GK_ITEM_CORRECTION)
        continue;

      mine = gk_item_dup_clean_field (self, i);
      theirs = gk_item_dup_clean_field (other, i);
      if (g_strcmp0 (mine, theirs) != 0)
        return FALSE;
    }

  return TRUE;
}

gboolean
gk_item_state_from_string (const char  *nick,
                           GkItemState *state)
{
  return gk_enum_from_nick (GK_TYPE_ITEM_STATE, nick, state);
}

const char *
gk_item_state_to_string (GkItemState state)
{
  g_return_val_if_fail (state < GK_N_ITEM_STATES, NULL);

  return gk_enum_to_nick (GK_TYPE_ITEM_STATE, state);
}

const char *
gk_item_state_get_label (GkItemState state)
{
  switch (state)
    {
    case GK_ITEM_STATE_DRAFT:     return _("Draft");
    case GK_ITEM_STATE_READY:     return _("Ready");
    case GK_ITEM_STATE_QUEUED:    return _("Queued");
    case GK_ITEM_STATE_SUBMITTED: return _("Submitted");
    case GK_ITEM_STATE_PUBLISHED: return _("Published");
    case GK_ITEM_STATE_REJECTED:  return _("Rejected");
    default:                      g_return_val_if_reached (NULL);
    }
}

/* Queued items are on their way out: change them only after withdrawing them. */
gboolean
gk_item_state_is_editable (GkItemState state)
{
  return state != GK_ITEM_STATE_QUEUED;
}

/* Whether the portal holds the item: removing it on this PC leaves it there. */
gboolean
gk_item_state_is_on_portal (GkItemState state)
{
  return state == GK_ITEM_STATE_SUBMITTED || state == GK_ITEM_STATE_PUBLISHED;
}

/**
 * gk_item_get_missing_for_ready:
 * @missing: (out caller-allocates) (array fixed-size=4): filled with the fields
 *   a sign-off lacks: title, body (a body or an attachment), reviewer, date of the sign-off
 *
 * Returns: how many of @missing are set; 0 when the item may be marked ready
 */
guint
gk_item_get_missing_for_ready (GkItem      *self,
                               GkItemField *missing)
{
  guint n = 0;

  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  if (gk_item_get_title (self) == NULL)
    missing[n++] = GK_ITEM_TITLE;
  if (gk_item_get_body (self) == NULL && gk_item_get_attachments (self)->len == 0)
    missing[n++] = GK_ITEM_BODY;
  if (gk_item_get_field (self, GK_ITEM_REVIEWER) == NULL)
    missing[n++] = GK_ITEM_REVIEWER;
  if (gk_item_get_field (self, GK_ITEM_REVIEWED_ON) == NULL)
    missing[n++] = GK_ITEM_REVIEWED_ON;

  return n;
}

/**
 * gk_item_is_blank:
 *
 * Returns: whether nobody wrote anything in the item: a first-revision draft
 *   with no text in any field and no attachment
 */
gboolean
gk_item_is_blank (GkItem *self)
{
  static const GkItemField written[] = {
    GK_ITEM_TITLE, GK_ITEM_DOC_NUMBER, GK_ITEM_ISSUER, GK_ITEM_WRITTEN_ON, GK_ITEM_PUBLISH_ON,
    GK_ITEM_BODY, GK_ITEM_INTERPRETS, GK_ITEM_REVIEWER, GK_ITEM_REVIEWED_ON,
  };

  g_return_val_if_fail (GK_IS_ITEM (self), FALSE);

  if (gk_item_get_state (self) != GK_ITEM_STATE_DRAFT || gk_item_get_revision (self) != 1
      || gk_item_get_attachments (self)->len > 0)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      g_autofree char *value = gk_item_dup_clean_field (self, written[i]);

      if (value != NULL)
        return FALSE;
    }

  return TRUE;
}
