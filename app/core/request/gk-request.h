/* A request for disclosure (依申请公开) and its events, in the vocabulary of the annual report. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GK_REQUEST_ERROR (gk_request_error_quark ())

typedef enum {
  GK_REQUEST_ERROR_INVALID,
  GK_REQUEST_ERROR_NOT_FOUND,
} GkRequestError;

/* The columns of table 三 of the annual report (国办公开办函〔2021〕30号). */
typedef enum {
  GK_APPLICANT_NATURAL,
  GK_APPLICANT_BUSINESS,
  GK_APPLICANT_RESEARCH,
  GK_APPLICANT_NONPROFIT,
  GK_APPLICANT_LEGAL,
  GK_APPLICANT_OTHER,
} GkApplicantType;

#define GK_N_APPLICANT_TYPES (GK_APPLICANT_OTHER + 1)

/* The outcome rows of table 三, each with its group (予以公开 … 其他处理). */
typedef enum {
  GK_OUTCOME_DISCLOSED,
  GK_OUTCOME_PARTLY,
  GK_OUTCOME_WITHHELD_SECRET,
  GK_OUTCOME_WITHHELD_LAW,
  GK_OUTCOME_WITHHELD_SECURITY,
  GK_OUTCOME_WITHHELD_THIRD_PARTY,
  GK_OUTCOME_WITHHELD_INTERNAL,
  GK_OUTCOME_WITHHELD_PROCESS,
  GK_OUTCOME_WITHHELD_ENFORCEMENT,
  GK_OUTCOME_WITHHELD_INQUIRY,
  GK_OUTCOME_UNAVAILABLE_NOT_HELD,
  GK_OUTCOME_UNAVAILABLE_TO_MAKE,
  GK_OUTCOME_UNAVAILABLE_UNCLEAR,
  GK_OUTCOME_UNPROCESSED_PETITION,
  GK_OUTCOME_UNPROCESSED_REPEAT,
  GK_OUTCOME_UNPROCESSED_PUBLICATION,
  GK_OUTCOME_UNPROCESSED_MASS,
  GK_OUTCOME_UNPROCESSED_CONFIRM,
  GK_OUTCOME_OTHER_NO_SUPPLEMENT,
  GK_OUTCOME_OTHER_NO_FEE,
  GK_OUTCOME_OTHER_OTHER,
} GkOutcome;

#define GK_N_OUTCOMES (GK_OUTCOME_OTHER_OTHER + 1)

typedef enum {
  GK_EVENT_SUPPLEMENT_SENT,
  GK_EVENT_SUPPLEMENT_RECEIVED,
  GK_EVENT_CONSULT_STARTED,
  GK_EVENT_CONSULT_ANSWERED,
  GK_EVENT_EXTENSION,
  GK_EVENT_ANSWER,
  GK_EVENT_REVIEW,
  GK_EVENT_REVIEW_DECIDED,
  GK_EVENT_LAWSUIT,
  GK_EVENT_LAWSUIT_DECIDED,
} GkEventKind;

#define GK_N_EVENT_KINDS (GK_EVENT_LAWSUIT_DECIDED + 1)

/* How a 复议 or 诉讼 ended, the columns of table 四. */
typedef enum {
  GK_RESULT_NONE,   /*< nick=pending >*/
  GK_RESULT_UPHELD,
  GK_RESULT_CORRECTED,
  GK_RESULT_OTHER,
} GkCaseResult;

typedef struct
{
  GkEventKind  kind;
  char        *on;           /* YYYY-MM-DD */
  guint        days;         /* an extension's working days */
  char        *by;           /* who approved an extension */
  GkOutcome    outcome;      /* an answer's */
  GkCaseResult result;       /* a decision's */
  gboolean     after_review; /* a lawsuit brought after a 复议 */
  char        *note;
} GkRequestEvent;

typedef struct
{
  char            *number;          /* YYYY-NNN, by the year received */
  char            *received_on;     /* YYYY-MM-DD */
  char            *channel;
  GkApplicantType  applicant_type;
  /* Personal information: kept in the local store, never in the outbox. */
  char            *applicant;
  char            *content;
  GPtrArray       *events;          /* GkRequestEvent, by date, then as recorded */
} GkRequest;

GQuark          gk_request_error_quark        (void);

const char     *gk_applicant_type_get_name    (GkApplicantType type);
const char     *gk_applicant_type_to_string   (GkApplicantType type);
gboolean        gk_applicant_type_parse       (const char     *text,
                                               GkApplicantType *type);
const char     *gk_outcome_get_name           (GkOutcome       outcome);
const char     *gk_outcome_get_group          (GkOutcome       outcome);
const char     *gk_outcome_to_string          (GkOutcome       outcome);
char           *gk_outcome_dup_label          (GkOutcome       outcome);
gboolean        gk_outcome_parse              (const char     *text,
                                               GkOutcome      *outcome);
const char     *gk_event_kind_to_string       (GkEventKind     kind);
const char     *gk_event_kind_get_name        (GkEventKind     kind);
gboolean        gk_event_kind_parse           (const char     *text,
                                               GkEventKind    *kind);
const char     *gk_case_result_to_string      (GkCaseResult    result);
const char     *gk_case_result_get_name       (GkCaseResult    result);
gboolean        gk_case_result_parse          (const char     *text,
                                               GkCaseResult   *result);
gboolean        gk_request_channel_is_known   (const char     *channel);
const char * const *gk_request_get_channels   (void);

GkRequestEvent *gk_request_event_new          (GkEventKind     kind,
                                               const char     *on);
void            gk_request_event_free         (GkRequestEvent *event);
GkRequest      *gk_request_new                (void);
void            gk_request_free               (GkRequest      *request);
gboolean        gk_request_validate           (const GkRequest *request,
                                               GError        **error);
gboolean        gk_request_check_event        (const GkRequest *request,
                                               const GkRequestEvent *event,
                                               GError        **error);
const GkRequestEvent *gk_request_find_event   (const GkRequest *request,
                                               GkEventKind     kind);
const GkRequestEvent *gk_request_find_last_event (const GkRequest *request,
                                               GkEventKind     kind);
gboolean        gk_request_is_open_on         (const GkRequest *request,
                                               const char     *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkRequestEvent, gk_request_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkRequest, gk_request_free)

G_END_DECLS
