/* A disclosure item (信息) that a liaison drafts for one column and submits to the portal. */
#pragma once

#include "gk-types.h"

G_BEGIN_DECLS

typedef enum {
  GK_ITEM_STATE_DRAFT,
  GK_ITEM_STATE_READY,
  GK_ITEM_STATE_QUEUED,
  GK_ITEM_STATE_SUBMITTED,
  GK_ITEM_STATE_PUBLISHED,
  GK_ITEM_STATE_REJECTED,
} GkItemState;

#define GK_N_ITEM_STATES (GK_ITEM_STATE_REJECTED + 1)

/* The text fields of an item; each is also a property of the same name. */
typedef enum {
  GK_ITEM_UUID,
  GK_ITEM_COLUMN_ID,
  GK_ITEM_UNIT,
  GK_ITEM_TITLE,
  GK_ITEM_DOC_NUMBER,
  GK_ITEM_ISSUER,
  GK_ITEM_WRITTEN_ON,
  GK_ITEM_PUBLISH_ON,
  GK_ITEM_BODY,
  GK_ITEM_INTERPRETS,
  GK_ITEM_REVIEWER,
  GK_ITEM_REVIEWED_ON,
  GK_ITEM_REJECT_REASON,
  GK_ITEM_CREATED_AT,
  GK_ITEM_UPDATED_AT,
  GK_ITEM_PRIVACY_SUMMARY,
  GK_ITEM_OVERRIDE_BY,
  GK_ITEM_OVERRIDE_REASON,
  GK_ITEM_CORRECTION,          /* 更正说明: what a revision of a published item changed */
} GkItemField;

#define GK_N_ITEM_FIELDS (GK_ITEM_CORRECTION + 1)

#define GK_TYPE_ITEM (gk_item_get_type ())

G_DECLARE_FINAL_TYPE (GkItem, gk_item, GK, ITEM, GObject)

GkItem      *gk_item_new                (const char  *column_id,
                                         GkKind       kind);
GkItem      *gk_item_copy               (GkItem      *self);
const char  *gk_item_get_field          (GkItem      *self,
                                         GkItemField  field);
void         gk_item_set_field          (GkItem      *self,
                                         GkItemField  field,
                                         const char  *value);
char        *gk_item_dup_clean_field    (GkItem      *self,
                                         GkItemField  field);
const char  *gk_item_field_to_string    (GkItemField  field);
gboolean     gk_item_field_from_string  (const char  *name,
                                         GkItemField *field);
gboolean     gk_item_field_is_date      (GkItemField  field);
const char  *gk_item_get_uuid           (GkItem      *self);
const char  *gk_item_get_column_id      (GkItem      *self);
const char  *gk_item_get_title          (GkItem      *self);
const char  *gk_item_get_body           (GkItem      *self);
GkKind       gk_item_get_kind           (GkItem      *self);
void         gk_item_set_kind           (GkItem      *self,
                                         GkKind       kind);
GkItemState  gk_item_get_state          (GkItem      *self);
guint        gk_item_get_revision       (GkItem      *self);
GPtrArray   *gk_item_get_attachments    (GkItem      *self);
gboolean     gk_item_same_content       (GkItem      *self,
                                         GkItem      *other);

gboolean     gk_item_state_from_string  (const char  *nick,
                                         GkItemState *state);
const char  *gk_item_state_to_string    (GkItemState  state);
const char  *gk_item_state_get_label    (GkItemState  state);
gboolean     gk_item_state_is_editable  (GkItemState  state);
gboolean     gk_item_state_is_on_portal (GkItemState  state);

gboolean     gk_item_is_blank           (GkItem      *self);

#define GK_ITEM_MAX_MISSING_FOR_READY 4
guint        gk_item_get_missing_for_ready (GkItem      *self,
                                            GkItemField *missing);

G_END_DECLS
