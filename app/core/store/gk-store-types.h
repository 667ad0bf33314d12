/*
 * What the front ends see of the store through the context: its error domain,
 * the search page size, and the records the context hands out (counts, the
 * outbox, the bin, the annual report's corrections). The store itself stays behind the context.
 */
#pragma once

#include <glib.h>

#include "gk-item.h"

G_BEGIN_DECLS

/* A page of search results: what a window shows at once, and what `item search` prints. */
#define GK_STORE_SEARCH_PAGE 50

#define GK_STORE_ERROR (gk_store_error_quark ())

typedef enum {
  GK_STORE_ERROR_OPEN,
  GK_STORE_ERROR_CORRUPT,
  GK_STORE_ERROR_NEWER,
  GK_STORE_ERROR_IO,
  GK_STORE_ERROR_NOT_FOUND,
  GK_STORE_ERROR_AMBIGUOUS,
  GK_STORE_ERROR_STATE,
  GK_STORE_ERROR_INVALID,
  GK_STORE_ERROR_NO_BACKUP,
} GkStoreError;

/* How many items of one column are in each state, for the sidebar. */
typedef struct
{
  guint by_state[GK_N_ITEM_STATES];
  guint total;
} GkColumnCounts;

/* One queued item as the sync engine sees it. */
typedef struct
{
  char     *uuid;
  guint     revision;
  char     *idempotency_key;
  char     *if_match;
  gboolean  sending;
  guint     attempts;
  char     *next_attempt_at;
  char     *last_error;
  gboolean  stopped;
} GkOutboxEntry;

void gk_outbox_entry_free (GkOutboxEntry *entry);

/* An item in the bin, with when it was put there (UTC, ISO 8601). */
typedef struct
{
  GkItem *item;
  char   *removed_at;
} GkRemovedItem;

void gk_removed_item_free (GkRemovedItem *removed);

/* A count of the annual report the liaison changed by hand, and why. */
typedef struct
{
  char   *cell;
  double  value;
  char   *reason;
  char   *corrected_at;
} GkReportCorrection;

void gk_report_correction_free (GkReportCorrection *correction);

GQuark gk_store_error_quark (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkOutboxEntry, gk_outbox_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkRemovedItem, gk_removed_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkReportCorrection, gk_report_correction_free)

G_END_DECLS
