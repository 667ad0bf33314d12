/* Counts failures per key (an address, an account) and holds a key back once it has too many in a window. */
#define G_LOG_DOMAIN "gk-portal"

#include "config.h"

#include "gk-portal-throttle.h"

/* Beyond this many keys the expired ones are dropped: a scan of addresses cannot grow the table for ever. */
#define PRUNE_ABOVE 4096

typedef struct
{
  gint64 window_start;  /* monotonic µs */
  guint  failures;
} Record;

struct _GkPortalThrottle
{
  GObject     parent_instance;

  guint       max_failures;
  gint64      window;  /* µs */
  GHashTable *records;  /* key → Record */
};

G_DEFINE_FINAL_TYPE (GkPortalThrottle, gk_portal_throttle, G_TYPE_OBJECT)

static void
gk_portal_throttle_finalize (GObject *object)
{
  GkPortalThrottle *self = (GkPortalThrottle *)object;

  g_clear_pointer (&self->records, g_hash_table_unref);

  G_OBJECT_CLASS (gk_portal_throttle_parent_class)->finalize (object);
}

static void
gk_portal_throttle_class_init (GkPortalThrottleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_portal_throttle_finalize;
}

static void
gk_portal_throttle_init (GkPortalThrottle *self)
{
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * gk_portal_throttle_new:
 * @max_failures: how many failures a key may have in one window
 * @window_seconds: how long a window lasts, from its first failure
 */
GkPortalThrottle *
gk_portal_throttle_new (guint max_failures,
                        guint window_seconds)
{
  GkPortalThrottle *self = g_object_new (GK_TYPE_PORTAL_THROTTLE, NULL);

  self->max_failures = max_failures;
  self->window = (gint64) window_seconds * G_USEC_PER_SEC;

  return self;
}

/* The key's record if its window is still open. */
static Record *
lookup_current (GkPortalThrottle *self,
                const char       *key,
                gint64            now)
{
  Record *record = g_hash_table_lookup (self->records, key);

  if (record != NULL && now - record->window_start >= self->window)
    {
      g_hash_table_remove (self->records, key);
      return NULL;
    }

  return record;
}

/**
 * gk_portal_throttle_get_wait:
 *
 * Returns: 0 when @key may try, else how many seconds it must wait
 */
guint
gk_portal_throttle_get_wait (GkPortalThrottle *self,
                             const char       *key)
{
  gint64 now = g_get_monotonic_time ();
  Record *record;

  g_return_val_if_fail (GK_IS_PORTAL_THROTTLE (self), 0);

  record = lookup_current (self, key, now);
  if (record == NULL || record->failures < self->max_failures)
    return 0;

  return (guint) ((record->window_start + self->window - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
gk_portal_throttle_record_failure (GkPortalThrottle *self,
                                   const char       *key)
{
  gint64 now = g_get_monotonic_time ();
  Record *record;

  g_return_if_fail (GK_IS_PORTAL_THROTTLE (self));

  if (g_hash_table_size (self->records) > PRUNE_ABOVE)
    {
      GHashTableIter iter;
      Record *old;

      g_hash_table_iter_init (&iter, self->records);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
        if (now - old->window_start >= self->window)
          g_hash_table_iter_remove (&iter);
    }

  if ((record = lookup_current (self, key, now)) == NULL)
    {
      record = g_new0 (Record, 1);
      record->window_start = now;
      g_hash_table_insert (self->records, g_strdup (key), record);
    }
  record->failures++;
}

/* After a success: the key's earlier failures no longer count. */
void
gk_portal_throttle_forget (GkPortalThrottle *self,
                           const char       *key)
{
  g_return_if_fail (GK_IS_PORTAL_THROTTLE (self));

  g_hash_table_remove (self->records, key);
}
