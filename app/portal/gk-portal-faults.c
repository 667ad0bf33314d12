/* Fault switches for tests (docs/portal-api.md §9): each POST /_test/faults replaces them all. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-portal-faults.h"

struct _GkPortalFaults
{
  GObject  parent_instance;

  guint    fail_next;
  guint    status;
  guint    retry_after;
  gboolean has_retry_after;
  gboolean has_drop_after;
  guint64  drop_after_bytes;
  gboolean drop_response;
  guint    delay_ms;
  guint    refuse_patches;
  guint    patch_status;
};

G_DEFINE_FINAL_TYPE (GkPortalFaults, gk_portal_faults, G_TYPE_OBJECT)

/* A member that must be a whole number from 0 to @max; absent reads as 0. */
static gboolean
read_count (JsonObject *object,
            const char *name,
            gint64      max,
            gint64     *value,
            gboolean   *present,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = 0;
  if (present != NULL)
    *present = node != NULL;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    {
      g_set_error (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                   "The fault switch “%s” must be a whole number from 0 to %" G_GINT64_FORMAT ".",
                   name, max);
      return FALSE;
    }

  *value = json_node_get_int (node);
  return TRUE;
}

static void
gk_portal_faults_class_init (GkPortalFaultsClass *klass)
{
}

static void
gk_portal_faults_init (GkPortalFaults *self)
{
}

GkPortalFaults *
gk_portal_faults_new (void)
{
  return g_object_new (GK_TYPE_PORTAL_FAULTS, NULL);
}

/**
 * gk_portal_faults_set_from_json:
 *
 * Replaces every switch with the members of @object; `{}` clears them all.
 * Nothing changes when a member is out of range.
 */
gboolean
gk_portal_faults_set_from_json (GkPortalFaults *self,
                                JsonObject     *object,
                                GError        **error)
{
  gint64 fail_next, status, retry_after, drop_after, delay_ms, refuse_patches, patch_status;
  gboolean has_retry_after, has_drop_after, drop_response = FALSE;
  JsonNode *node;

  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (self), FALSE);

  if (!read_count (object, "fail_next", G_MAXINT, &fail_next, NULL, error) ||
      !read_count (object, "status", 599, &status, NULL, error) ||
      !read_count (object, "retry_after", 86400, &retry_after, &has_retry_after, error) ||
      !read_count (object, "drop_after_bytes", G_MAXINT64, &drop_after, &has_drop_after, error) ||
      !read_count (object, "delay_ms", 600000, &delay_ms, NULL, error) ||
      !read_count (object, "refuse_patches", G_MAXINT, &refuse_patches, NULL, error) ||
      !read_count (object, "patch_status", 599, &patch_status, NULL, error))
    return FALSE;

  if (refuse_patches > 0 && patch_status != 409 && patch_status != 460)
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                           "The fault switch “patch_status” must be 409 or 460.");
      return FALSE;
    }

  if (fail_next > 0 && status != 0 && status != 500 && status != 503)
    {
      g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                           "The fault switch “status” must be 500 or 503.");
      return FALSE;
    }

  if ((node = json_object_get_member (object, "drop_response")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, GK_PORTAL_ERROR, GK_PORTAL_ERROR_INVALID,
                               "The fault switch “drop_response” must be true or false.");
          return FALSE;
        }
      drop_response = json_node_get_boolean (node);
    }

  self->fail_next = fail_next;
  self->status = status != 0 ? status : 503;
  self->retry_after = retry_after;
  self->has_retry_after = has_retry_after;
  self->drop_after_bytes = drop_after;
  self->has_drop_after = has_drop_after;
  self->drop_response = drop_response;
  self->delay_ms = delay_ms;
  self->refuse_patches = refuse_patches;
  self->patch_status = patch_status;

  return TRUE;
}

/**
 * gk_portal_faults_take_patch_refusal:
 *
 * Counts one tus PATCH against `refuse_patches`: it is refused with 409 (the
 * client must ask where the upload stands) or 460 (the chunk must come again),
 * and nothing of it is kept.
 *
 * Returns: (transfer full) (nullable): the error to answer it with
 */
GError *
gk_portal_faults_take_patch_refusal (GkPortalFaults *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (self), NULL);

  if (self->refuse_patches == 0)
    return NULL;

  self->refuse_patches--;

  if (self->patch_status == 409)
    return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_CONFLICT,
                                "The offset is refused on purpose (fault switch refuse_patches); ask with HEAD where the upload stands.");

  return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_CHECKSUM_MISMATCH,
                              "The chunk is refused on purpose (fault switch refuse_patches); send it again.");
}

JsonNode *
gk_portal_faults_to_json (GkPortalFaults *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (self), NULL);

  json_builder_begin_object (builder);
  if (self->fail_next > 0)
    {
      json_builder_set_member_name (builder, "fail_next");
      json_builder_add_int_value (builder, self->fail_next);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, self->status);
      if (self->has_retry_after)
        {
          json_builder_set_member_name (builder, "retry_after");
          json_builder_add_int_value (builder, self->retry_after);
        }
    }
  if (self->has_drop_after)
    {
      json_builder_set_member_name (builder, "drop_after_bytes");
      json_builder_add_int_value (builder, (gint64) self->drop_after_bytes);
    }
  if (self->drop_response)
    {
      json_builder_set_member_name (builder, "drop_response");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (self->delay_ms > 0)
    {
      json_builder_set_member_name (builder, "delay_ms");
      json_builder_add_int_value (builder, self->delay_ms);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * gk_portal_faults_take_failure:
 * @retry_after: (out) (optional): the Retry-After value to send, or %NULL
 *
 * Counts one API request against `fail_next`.
 *
 * Returns: (transfer full) (nullable): the error to answer it with
 */
GError *
gk_portal_faults_take_failure (GkPortalFaults *self,
                               char          **retry_after)
{
  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (self), NULL);

  if (retry_after != NULL)
    *retry_after = NULL;

  if (self->fail_next == 0)
    return NULL;

  self->fail_next--;

  if (retry_after != NULL && self->has_retry_after)
    *retry_after = g_strdup_printf ("%u", self->retry_after);

  if (self->status == 500)
    return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_INTERNAL,
                                "The portal failed on purpose (fault switch fail_next); retry later.");

  return g_error_new_literal (GK_PORTAL_ERROR, GK_PORTAL_ERROR_UNAVAILABLE,
                              "The portal is unavailable on purpose (fault switch fail_next); retry later.");
}

/* Armed until a POST or PATCH body actually runs past the limit. */
gboolean
gk_portal_faults_get_drop_after (GkPortalFaults *self,
                                 guint64        *bytes)
{
  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (self), FALSE);

  *bytes = self->drop_after_bytes;
  return self->has_drop_after;
}

void
gk_portal_faults_clear_drop_after (GkPortalFaults *self)
{
  g_return_if_fail (GK_IS_PORTAL_FAULTS (self));

  self->has_drop_after = FALSE;
  self->drop_after_bytes = 0;
}

gboolean
gk_portal_faults_take_drop_response (GkPortalFaults *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (self), FALSE);

  if (!self->drop_response)
    return FALSE;

  self->drop_response = FALSE;
  return TRUE;
}

guint
gk_portal_faults_get_delay (GkPortalFaults *self)
{
  g_return_val_if_fail (GK_IS_PORTAL_FAULTS (self), 0);

  return self->delay_ms;
}
