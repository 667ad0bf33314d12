/* JSON from the other side of the wire, parsed within bounds.
 *
 * json-glib's parser recurses once per nesting level, so a document nested
 * 100,000 deep overflows the stack of whoever parses it. Both the client
 * (portal replies) and the portal (liaison requests) parse through here.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GK_JSON_ERROR (gk_json_error_quark ())

typedef enum {
  GK_JSON_ERROR_TOO_DEEP,
  GK_JSON_ERROR_TOO_LARGE,
  GK_JSON_ERROR_INVALID,
} GkJsonError;

/* Deeper than any document of docs/portal-api.md (which needs 4) by far. */
#define GK_JSON_MAX_DEPTH 64
/* A document or a listing page: a page of 200 items is about 100 KiB. */
#define GK_JSON_MAX_SIZE (1024 * 1024)

GQuark    gk_json_error_quark   (void);
void      gk_json_add_string_or_null (JsonBuilder *builder,
                                      const char  *member,
                                      const char  *value);
guint     gk_json_nesting_depth (const char  *data,
                                 gsize        size);
JsonNode *gk_json_parse_bounded (const char  *data,
                                 gsize        size,
                                 guint        max_depth,
                                 gsize        max_size,
                                 GError     **error);

G_END_DECLS
