/* Forward declarations shared by the core headers. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GkAssignment GkAssignment;
typedef struct _GkAttachment GkAttachment;
typedef struct _GkBlobStore  GkBlobStore;
typedef struct _GkCatalog    GkCatalog;
typedef struct _GkColumn     GkColumn;
typedef struct _GkContext    GkContext;
typedef struct _GkItem       GkItem;
typedef struct _GkProfile    GkProfile;
typedef struct _GkStore      GkStore;

/* What a column holds; the self-check picks its rules by kind. */
typedef enum {
  GK_KIND_POLICY,
  GK_KIND_INTERPRETATION,
  GK_KIND_NEWS,
  GK_KIND_LIST,
  GK_KIND_STATISTICS,
  GK_KIND_OTHER,
} GkKind;

#define GK_N_KINDS (GK_KIND_OTHER + 1)

gboolean     gk_kind_from_string (const char *nick,
                                  GkKind     *kind);
const char  *gk_kind_to_string   (GkKind      kind);
const char  *gk_kind_get_label   (GkKind      kind);

G_END_DECLS
