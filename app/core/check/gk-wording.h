/* The self-check's word lists applied to one text: the submit gate's verdict and the editor's marks. */
#pragma once

#include <gio/gio.h>

#include "gk-types.h"

G_BEGIN_DECLS

typedef enum {
  GK_WORDING_MISTAKE,    /* 易错词: a correction exists */
  GK_WORDING_SENSITIVE,  /* a classification or internal-use marking: never published */
} GkWordingKind;

/* One listed word in a text, in bytes. */
typedef struct
{
  GkWordingKind  kind;
  gsize          offset;
  gsize          length;
  char          *word;
  char          *correction;  /* nullable: only mistakes have one */
} GkWordingMark;

void gk_wording_mark_free (GkWordingMark *mark);

#define GK_TYPE_WORDING (gk_wording_get_type ())

G_DECLARE_FINAL_TYPE (GkWording, gk_wording, GK, WORDING, GObject)

GkWording *gk_wording_new        (GkContext  *context);
char      *gk_wording_check      (GkWording  *self,
                                  const char *title,
                                  const char *body,
                                  gboolean   *sensitive);
GPtrArray *gk_wording_find_marks (GkWording  *self,
                                  const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkWordingMark, gk_wording_mark_free)

G_END_DECLS
