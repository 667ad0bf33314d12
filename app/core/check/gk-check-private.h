/* The self-check's input as plain data, so every rule is a pure function of it and a date. */
#pragma once

#include "gk-calendar.h"
#include "gk-catalog.h"
#include "gk-check.h"
#include "gk-item.h"
#include "gk-site-summary.h"

G_BEGIN_DECLS

/* Raised when a rule's result on the same items changes, so that what the store settled is redone. */
#define GK_CHECK_RULES_VERSION "2"

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
  gboolean needs_interpretation; /* a policy that counts for 重大政策不解读 (gk-check-needs.c) */
  GDate    written_on;     /* 成文日期, when the item is on this PC; invalid otherwise */
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
  GDate        first_published_on; /* a correction: the publish date of its first published revision */
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

typedef struct _GkCheckWords GkCheckWords;

/* Where a sensitive word or marking lies in a text, in bytes. */
typedef struct
{
  gsize offset;
  gsize length;
} GkCheckMatch;

typedef struct
{
  GkCatalog *catalog;
  GkCalendar *calendar;      /* working days: gk_calendar_get_default() unless the data folder has its own */
  char      *unit;
  char      *liaison;
  char      *phone;
  char      *leader;
  char      *office;
  gboolean   registration_sent;
  /* GkCheckPortalItem: every one of the unit when portal_complete, else only what the rules
   * can use (gk_check_store_fill_snapshot()). */
  GPtrArray *portal_items;
  gboolean   portal_complete;
  guint      n_settled_interpreted; /* policies needing one, settled as interpreted, not in portal_items */
  char      *portal_generation; /* the store's count of changes to the portal's items, when read */
  GPtrArray *local_items;    /* GkCheckLocalItem */
  GPtrArray *mistakes;       /* pairs: wrong, right, wrong, right… */
  GStrv      sensitive;      /* words, "!exemptions" and "~patterns" (gk-check-words.c) */
  GkCheckWords *words;       /* the sensitive list compiled, on first use */
  GkSiteSummary *site;       /* the whole website as of the inspection date; NULL: offline, own view */
  char      *wording_version; /* a digest of both lists: remembered results are only valid with it */
  GPtrArray *request_findings; /* GkFinding: the register's (gk-request-findings.c), taken as they are */
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
GArray            *gk_check_find_sensitive        (const GkCheckSnapshot *snapshot,
                                                   const char       *text);
void               gk_check_words_free            (GkCheckWords     *words);
GkCheckResult     *gk_check_evaluate              (GkCheckSnapshot  *snapshot,
                                                   const GDate      *as_of,
                                                   guint             warn_days);
void               gk_check_settle_interpretations (GkCheckSnapshot *snapshot);
gboolean           gk_check_needs_interpretation  (const char       *title,
                                                   const char       *doc_number,
                                                   int               choice);
gboolean           gk_check_store_fill_snapshot   (GkStore          *store,
                                                   GkCheckSnapshot  *snapshot,
                                                   const GDate      *as_of,
                                                   GError          **error);
gboolean           gk_check_store_settle_interpretations (GkStore         *store,
                                                   GkCheckSnapshot  *snapshot,
                                                   GError          **error);
gboolean           gk_check_store_remember_wording      (GkStore          *store,
                                                   GkCheckSnapshot  *snapshot,
                                                   GError          **error);
gboolean           gk_check_store_record_check          (GkStore          *store,
                                                   GkCheckResult    *result,
                                                   GError          **error);
GPtrArray         *gk_check_store_list_log        (GkStore          *store,
                                                   const char       *unit,
                                                   GError          **error);
gboolean           gk_check_store_set_needs_interpretation (GkStore       *store,
                                                   const char       *unit,
                                                   const char       *uuid,
                                                   int               choice,
                                                   const char       *reason,
                                                   GError          **error);
GkSiteSummary     *gk_check_store_dup_site_summary      (GkStore          *store,
                                                   const GDate      *as_of);
gboolean           gk_check_store_set_measure     (GkStore          *store,
                                                   const char       *unit,
                                                   const char       *key,
                                                   const char       *measure,
                                                   const char       *due_on,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkCheckSnapshot, gk_check_snapshot_free)

G_END_DECLS
