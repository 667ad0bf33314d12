/* The reference portal for the fuzz targets: a fresh one per input, fed requests from memory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GK_FUZZ_TOKEN "fuzz-token"
#define GK_FUZZ_OTHER_TOKEN "fuzz-other"

typedef struct _GkFuzzPortal GkFuzzPortal;

GkFuzzPortal *gk_fuzz_portal_new   (void);
void          gk_fuzz_portal_free  (GkFuzzPortal *portal);
GBytes       *gk_fuzz_portal_serve (GkFuzzPortal *portal,
                                    const void   *requests,
                                    gsize         size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkFuzzPortal, gk_fuzz_portal_free)

G_END_DECLS
