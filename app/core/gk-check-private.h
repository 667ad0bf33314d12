/* The self-check's input as plain data, so every rule is a pure function of it and a date. */
#pragma once

#include "gk-catalog.h"
#include "gk-check.h"
#include "gk-item.h"

G_BEGIN_DECLS

/* One of the unit's items as the portal reports it. */
typedef struct
{
  char    *id;
  char    *column_id;
  GkKind   kind;
  char    *title;
  char    *status;         /* received, scheduled, published, rejected */
  GDate    published;      /* invalid unless published */
  GDate    received;       /* invalid if unknown */
  GDate    publish_on;     /* invalid if not requested */
  char    *interprets;
  GStrv    interpreted_by;
  GDate    ok_on;          /* see gk_check_settle_interpretations() */
} GkCheckPortalItem;

/* One of the unit's items on this PC. */
typedef struct
{
  char        *id;
  char        *column_id;
  GkKind       kind;
  GkItemState  state;
  char        *title;
  char        *body;
  GDate        written_on;
  GDate        publish_on;
  GDate        submitted;
  GDate        queued;     /* invalid unless in the outbox */
  gboolean     stopped;
  char        *last_error;
  /* The wording rule's result: computed from the body when NULL, else remembered by the store. */
  char        *wording_hits;
  gboolean     wording_sensitive;
  gboolean     wording_fresh;
  /* The personal-information scan made when it was submitted. */
  gboolean     privacy_checked;
  guint        privacy_problems;
  char        *privacy_summary;
  char        *override_by;
  char        *override_reason;
} GkCheckLocalItem;

typedef struct
{
  GkCatalog *catalog;
  char      *unit;
  char      *liaison;
  char      *phone;
  char      *leader;
  char      *office;
  gboolean   registration_sent;
  /* GkCheckPortalItem: every one of the unit when portal_complete, else only what the rules
   * can use (gk_store_fill_check_snapshot()). */
  GPtrArray *portal_items;
  gboolean   portal_complete;
  char      *portal_generation; /* the store's count of changes to the portal's items, when read */
  GPtrArray *local_items;    /* GkCheckLocalItem */
  GPtrArray *mistakes;       /* pairs: wrong, right, wrong, right… */
  GStrv      sensitive;
  char      *wording_version; /* a digest of both lists: remembered results are only valid with it */
} GkCheckSnapshot;

GkCheckSnapshot   *gk_check_snapshot_new          (GkCatalog        *catalog,
                                                   const char       *unit);
void               gk_check_snapshot_free         (GkCheckSnapshot  *snapshot);
void               gk_check_snapshot_use_local_words (GkCheckSnapshot *snapshot,
                                                   const char       *data_dir);
char              *gk_check_scan_wording          (const GkCheckSnapshot *snapshot,
                                                   const char       *title,
                                                   const char       *body,
                                                   gboolean         *sensitive);
GkCheckPortalItem *gk_check_snapshot_add_portal   (GkCheckSnapshot  *snapshot,
                                                   const char       *id,
                                                   const char       *column_id,
                                                   GkKind            kind,
                                                   const char       *title,
                                                   const char       *status);
GkCheckLocalItem  *gk_check_snapshot_add_local    (GkCheckSnapshot  *snapshot,
                                                   const char       *id,
                                                   const char       *column_id,
                                                   GkKind            kind,
                                                   GkItemState       state,
                                                   const char       *title,
                                                   const char       *body);
const char        *gk_check_snapshot_get_wording_version (GkCheckSnapshot *snapshot);
GkCheckResult     *gk_check_evaluate              (GkCheckSnapshot  *snapshot,
                                                   const GDate      *as_of,
                                                   guint             warn_days);
guint              gk_check_working_days_between  (const GDate      *from,
                                                   const GDate      *to);
void               gk_check_settle_interpretations (GkCheckSnapshot *snapshot);
gboolean           gk_store_fill_check_snapshot   (GkStore          *store,
                                                   GkCheckSnapshot  *snapshot,
                                                   const GDate      *as_of,
                                                   GError          **error);
gboolean           gk_store_settle_interpretations (GkStore         *store,
                                                   GkCheckSnapshot  *snapshot,
                                                   GError          **error);
gboolean           gk_store_remember_wording      (GkStore          *store,
                                                   GkCheckSnapshot  *snapshot,
                                                   GError          **error);
gboolean           gk_store_record_check          (GkStore          *store,
                                                   GkCheckResult    *result,
                                                   GError          **error);
GPtrArray         *gk_store_list_check_log        (GkStore          *store,
                                                   const char       *unit,
                                                   GError          **error);
gboolean           gk_store_set_check_measure     (GkStore          *store,
                                                   const char       *unit,
                                                   const char       *key,
                                                   const char       *measure,
                                                   const char       *due_on,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkCheckSnapshot, gk_check_snapshot_free)

G_END_DECLS
