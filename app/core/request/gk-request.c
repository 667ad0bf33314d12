/*
 * The register's vocabulary (the columns and rows of the annual report's
 * table 三, 国办公开办函〔2021〕30号) and the rules an event must keep to be
 * recorded: the order the 条例 (2019) prescribes, so that a mistyped date or
 * a 补正 after the answer is refused before it reaches the store.
 */
#define G_LOG_DOMAIN "gk-request"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gk-check.h"
#include "gk-core-enums.h"
#include "gk-enum.h"
#include "gk-request.h"

G_DEFINE_QUARK (gk-request-error-quark, gk_request_error)

/* The names as the national format writes them; the nicks (stored, sent) are GTypes' (gk-core-enums.h). */
static const char * const applicant_types[GK_N_APPLICANT_TYPES] = {
  "自然人",
  "商业企业",
  "科研机构",
  "社会公益组织",
  "法律服务机构",
  "其他",
};

typedef struct
{
  const char *group;
  const char *name;
} OutcomeWord;

/* Word for word as in the national format, so that a CSV lines up with the printed table. */
static const OutcomeWord outcomes[GK_N_OUTCOMES] = {
  { "予以公开", "予以公开" },
  { "部分公开", "部分公开" },
  { "不予公开", "属于国家秘密" },
  { "不予公开", "其他法律行政法规禁止公开" },
  { "不予公开", "危及“三安全一稳定”" },
  { "不予公开", "保护第三方合法权益" },
  { "不予公开", "属于三类内部事务信息" },
  { "不予公开", "属于四类过程性信息" },
  { "不予公开", "属于行政执法案卷" },
  { "不予公开", "属于行政查询事项" },
  { "无法提供", "本机关不掌握相关政府信息" },
  { "无法提供", "没有现成信息需要另行制作" },
  { "无法提供", "补正后申请内容仍不明确" },
  { "不予处理", "信访举报投诉类申请" },
  { "不予处理", "重复申请" },
  { "不予处理", "要求提供公开出版物" },
  { "不予处理", "无正当理由大量反复申请" },
  { "不予处理", "要求行政机关确认或重新出具已获取信息" },
  { "其他处理", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" },
  { "其他处理", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" },
  { "其他处理", "其他" },
};

static const char * const event_kinds[GK_N_EVENT_KINDS] = {
  "补正告知",
  "补正收到",
  "征求第三方意见",
  "第三方答复",
  "延期答复",
  "答复",
  "行政复议",
  "复议决定",
  "行政诉讼",
  "诉讼判决",
};

static const char * const case_results[] = {
  "尚未审结",
  "结果维持",
  "结果纠正",
  "其他结果",
};

/* 条例 第二十九条: in person, by letter, online or by fax; the rest are what offices also see. */
static const char * const channels[] = {
  "当面", "信函", "网络", "传真", "电子邮件", "电话", "其他", NULL,
};

/* A value by its nick, or by its name in @names (indexed by value, %NULL for none) as people write it. */
static gboolean
parse_word (GType               type,
            const char * const *names,
            guint               n_names,
            const char         *text,
            gpointer            value)
{
  if (gk_enum_from_nick (type, text, value))
    return TRUE;

  for (guint i = 0; text != NULL && i < n_names; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        {
          *(int *) value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
gk_applicant_type_get_name (GkApplicantType type)
{
  g_return_val_if_fail (type < GK_N_APPLICANT_TYPES, NULL);

  return applicant_types[type];
}

const char *
gk_applicant_type_to_string (GkApplicantType type)
{
  g_return_val_if_fail (type < GK_N_APPLICANT_TYPES, NULL);

  return gk_enum_to_nick (GK_TYPE_APPLICANT_TYPE, type);
}

/* Accepts the 年报 column's name (商业企业) or its nick (business). */
gboolean
gk_applicant_type_parse (const char      *text,
                         GkApplicantType *type)
{
  return parse_word (GK_TYPE_APPLICANT_TYPE, applicant_types, GK_N_APPLICANT_TYPES, text, type);
}

const char *
gk_outcome_get_name (GkOutcome outcome)
{
  g_return_val_if_fail (outcome < GK_N_OUTCOMES, NULL);

  return outcomes[outcome].name;
}

const char *
gk_outcome_get_group (GkOutcome outcome)
{
  g_return_val_if_fail (outcome < GK_N_OUTCOMES, NULL);

  return outcomes[outcome].group;
}

/* The group and the reason, 不予公开：属于国家秘密, or the group alone where it has no reasons. */
char *
gk_outcome_dup_label (GkOutcome outcome)
{
  g_return_val_if_fail (outcome < GK_N_OUTCOMES, NULL);

  if (g_str_equal (outcomes[outcome].group, outcomes[outcome].name))
    return g_strdup (outcomes[outcome].name);

  return g_strconcat (outcomes[outcome].group, "：", outcomes[outcome].name, NULL);
}

const char *
gk_outcome_to_string (GkOutcome outcome)
{
  g_return_val_if_fail (outcome < GK_N_OUTCOMES, NULL);

  return gk_enum_to_nick (GK_TYPE_OUTCOME, outcome);
}

/*
 * Accepts a row's name as the table prints it (属于国家秘密), the group and the
 * reason joined by ／, / or ：(不予公开/属于国家秘密), or the nick.
 */
gboolean
gk_outcome_parse (const char *text,
                  GkOutcome  *outcome)
{
  static const char * const separators[] = { "/", "／", "：", ":", NULL };

  if (text == NULL)
    return FALSE;
  if (gk_enum_from_nick (GK_TYPE_OUTCOME, text, outcome))
    return TRUE;

  for (guint i = 0; i < GK_N_OUTCOMES; i++)
    {
      gboolean match = g_str_equal (text, outcomes[i].name);

      for (guint j = 0; !match && separators[j] != NULL; j++)
        {
          g_autofree char *joined = g_strconcat (outcomes[i].group, separators[j], outcomes[i].name, NULL);

          match = g_str_equal (text, joined);
        }

      if (match)
        {
          *outcome = (GkOutcome) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
gk_event_kind_to_string (GkEventKind kind)
{
  g_return_val_if_fail (kind < GK_N_EVENT_KINDS, NULL);

  return gk_enum_to_nick (GK_TYPE_EVENT_KIND, kind);
}

const char *
gk_event_kind_get_name (GkEventKind kind)
{
  g_return_val_if_fail (kind < GK_N_EVENT_KINDS, NULL);

  return event_kinds[kind];
}

gboolean
gk_event_kind_parse (const char  *text,
                     GkEventKind *kind)
{
  return parse_word (GK_TYPE_EVENT_KIND, event_kinds, GK_N_EVENT_KINDS, text, kind);
}

const char *
gk_case_result_to_string (GkCaseResult result)
{
  g_return_val_if_fail (result < G_N_ELEMENTS (case_results), NULL);

  return gk_enum_to_nick (GK_TYPE_CASE_RESULT, result);
}

const char *
gk_case_result_get_name (GkCaseResult result)
{
  g_return_val_if_fail (result < G_N_ELEMENTS (case_results), NULL);

  return case_results[result];
}

/* Also takes 维持, 纠正 and 其他, as people say them. */
gboolean
gk_case_result_parse (const char   *text,
                      GkCaseResult *result)
{
  static const char * const short_names[] = { NULL, "维持", "纠正", "其他" };

  return parse_word (GK_TYPE_CASE_RESULT, case_results, G_N_ELEMENTS (case_results), text, result)
         || parse_word (GK_TYPE_CASE_RESULT, short_names, G_N_ELEMENTS (short_names), text, result);
}

const char * const *
gk_request_get_channels (void)
{
  return channels;
}

gboolean
gk_request_channel_is_known (const char *channel)
{
  return channel != NULL && g_strv_contains (channels, channel);
}

GkRequestEvent *
gk_request_event_new (GkEventKind  kind,
                      const char  *on)
{
  GkRequestEvent *event = g_new0 (GkRequestEvent, 1);

  event->kind = kind;
  event->on = g_strdup (on);

  return event;
}

void
gk_request_event_free (GkRequestEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->on);
  g_free (event->by);
  g_free (event->note);
  g_free (event);
}

GkRequest *
gk_request_new (void)
{
  GkRequest *request = g_new0 (GkRequest, 1);

  request->events = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_request_event_free);

  return request;
}

void
gk_request_free (GkRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->number);
  g_free (request->received_on);
  g_free (request->channel);
  g_free (request->applicant);
  g_free (request->content);
  g_ptr_array_unref (request->events);
  g_free (request);
}

/* Exactly YYYY-MM-DD: what the store sorts and compares as text. */
static gboolean
is_date (const char *text)
{
  GDate date;

  return text != NULL && strlen (text) == 10 && gk_check_parse_date (text, &date);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GK_REQUEST_ERROR, GK_REQUEST_ERROR_INVALID, message);

  return FALSE;
}

gboolean
gk_request_validate (const GkRequest *request,
                     GError         **error)
{
  g_return_val_if_fail (request != NULL, FALSE);

  if (!is_date (request->received_on))
    return refuse (error, _("The date received “%s” is not a date; write it as YYYY-MM-DD."),
                   request->received_on != NULL ? request->received_on : "");

  if (is_blank (request->content))
    return refuse (error, _("The request has no content; say what information the applicant asks for."));

  if (request->channel != NULL && !gk_request_channel_is_known (request->channel))
    {
      g_autofree char *known = g_strjoinv ("、", (char **) channels);

      return refuse (error, _("“%s” is not a channel of receipt; use one of %s."), request->channel, known);
    }

  return TRUE;
}

const GkRequestEvent *
gk_request_find_event (const GkRequest *request,
                       GkEventKind      kind)
{
  for (guint i = 0; i < request->events->len; i++)
    {
      const GkRequestEvent *event = g_ptr_array_index (request->events, i);

      if (event->kind == kind)
        return event;
    }

  return NULL;
}

const GkRequestEvent *
gk_request_find_last_event (const GkRequest *request,
                            GkEventKind      kind)
{
  for (guint i = request->events->len; i > 0; i--)
    {
      const GkRequestEvent *event = g_ptr_array_index (request->events, i - 1);

      if (event->kind == kind)
        return event;
    }

  return NULL;
}

/* Open on @date: received by then and not answered before it. */
gboolean
gk_request_is_open_on (const GkRequest *request,
                       const char      *date)
{
  const GkRequestEvent *answer = gk_request_find_event (request, GK_EVENT_ANSWER);

  return g_strcmp0 (request->received_on, date) <= 0 && (answer == NULL || g_strcmp0 (answer->on, date) >= 0);
}

static gboolean
check_follows (const GkRequestEvent *earlier,
               const GkRequestEvent *event,
               GError              **error)
{
  if (g_strcmp0 (event->on, earlier->on) < 0)
    return refuse (error, _("The %s of %s cannot come before the %s of %s; check the date."),
                   gk_event_kind_get_name (event->kind), event->on,
                   gk_event_kind_get_name (earlier->kind), earlier->on);

  return TRUE;
}

static gboolean
consultation_is_open (const GkRequest *request)
{
  guint n_started = 0, n_answered = 0;

  for (guint i = 0; i < request->events->len; i++)
    {
      const GkRequestEvent *event = g_ptr_array_index (request->events, i);

      n_started += event->kind == GK_EVENT_CONSULT_STARTED;
      n_answered += event->kind == GK_EVENT_CONSULT_ANSWERED;
    }

  return n_started > n_answered;
}

static gboolean
check_before_answer (const GkRequest      *request,
                     const GkRequestEvent *event,
                     GError              **error)
{
  const GkRequestEvent *answer = gk_request_find_event (request, GK_EVENT_ANSWER);

  if (answer != NULL)
    return refuse (error, _("Request %s was answered on %s; a %s cannot follow the answer."),
                   request->number, answer->on, gk_event_kind_get_name (event->kind));

  switch (event->kind)
    {
    case GK_EVENT_SUPPLEMENT_SENT:
      /* 第三十条: the applicant is told once, and all at once, what to complete. */
      if (gk_request_find_event (request, GK_EVENT_SUPPLEMENT_SENT) != NULL)
        return refuse (error, _("Request %s already had its 补正 notice; the 条例 allows one, telling everything at once."),
                       request->number);
      return TRUE;

    case GK_EVENT_SUPPLEMENT_RECEIVED:
      {
        const GkRequestEvent *sent = gk_request_find_event (request, GK_EVENT_SUPPLEMENT_SENT);

        if (sent == NULL)
          return refuse (error, _("Request %s has no 补正 notice; record the notice (supplement-sent) first."), request->number);
        if (gk_request_find_event (request, GK_EVENT_SUPPLEMENT_RECEIVED) != NULL)
          return refuse (error, _("The completed request %s was already recorded as received."), request->number);
        return check_follows (sent, event, error);
      }

    case GK_EVENT_CONSULT_STARTED:
      if (consultation_is_open (request))
        return refuse (error, _("Request %s is already waiting for a third party; record their answer (consult-answered) first."),
                       request->number);
      return TRUE;

    case GK_EVENT_CONSULT_ANSWERED:
      if (!consultation_is_open (request))
        return refuse (error, _("Request %s is not waiting for a third party; record the consultation (consult-started) first."),
                       request->number);
      return check_follows (gk_request_find_last_event (request, GK_EVENT_CONSULT_STARTED), event, error);

    case GK_EVENT_EXTENSION:
      if (gk_request_find_event (request, GK_EVENT_EXTENSION) != NULL)
        return refuse (error, _("Request %s was already extended; the 条例 allows one extension."), request->number);
      if (event->days < 1 || event->days > 20)
        return refuse (error, _("An extension of %u working days is not allowed; it may be at most 20 working days."), event->days);
      if (event->by == NULL || *event->by == '\0')
        return refuse (error, _("An extension needs the approval of the office’s head; say who approved it."));
      return TRUE;

    case GK_EVENT_ANSWER:
    default:
      return TRUE;
    }
}

static gboolean
check_after_answer (const GkRequest      *request,
                    const GkRequestEvent *event,
                    GError              **error)
{
  const GkRequestEvent *answer = gk_request_find_event (request, GK_EVENT_ANSWER);
  GkEventKind filed_kind = event->kind == GK_EVENT_REVIEW_DECIDED ? GK_EVENT_REVIEW : GK_EVENT_LAWSUIT;
  const GkRequestEvent *filed = gk_request_find_last_event (request, filed_kind);
  const GkRequestEvent *decided = gk_request_find_last_event (request, filed_kind + 1);

  if (answer == NULL)
    return refuse (error, _("Request %s has no answer yet; a %s can only follow the answer."),
                   request->number, gk_event_kind_get_name (event->kind));

  if (event->kind == GK_EVENT_REVIEW || event->kind == GK_EVENT_LAWSUIT)
    {
      if (event->kind == GK_EVENT_LAWSUIT && event->after_review && gk_request_find_event (request, GK_EVENT_REVIEW) == NULL)
        return refuse (error, _("Request %s has no 行政复议; record it before a lawsuit brought after it."), request->number);
      return check_follows (answer, event, error);
    }

  if (filed == NULL || (decided != NULL && g_strcmp0 (decided->on, filed->on) >= 0))
    return refuse (error, _("Request %s has no pending %s to decide."), request->number, gk_event_kind_get_name (filed_kind));
  if (event->result == GK_RESULT_NONE)
    return refuse (error, _("A decision needs its result: 维持, 纠正 or 其他."));

  return check_follows (filed, event, error);
}

/**
 * gk_request_check_event:
 *
 * Says whether @event may be recorded on @request as it stands, in one
 * sentence naming what is wrong. The working-day limits that need the
 * calendar (the 补正 within 7 working days) are the clock's business and
 * show as findings, not refusals: what happened is recorded as it happened.
 */
gboolean
gk_request_check_event (const GkRequest      *request,
                        const GkRequestEvent *event,
                        GError              **error)
{
  g_return_val_if_fail (request != NULL && event != NULL, FALSE);

  if (event->on == NULL)
    return refuse (error, _("The %s needs its date; give it with --on YYYY-MM-DD."), gk_event_kind_get_name (event->kind));
  if (!is_date (event->on))
    return refuse (error, _("“%s” is not a date; write it as YYYY-MM-DD."), event->on);
  if (g_strcmp0 (event->on, request->received_on) < 0)
    return refuse (error, _("The %s of %s is before request %s was received (%s); check the date."),
                   gk_event_kind_get_name (event->kind), event->on, request->number, request->received_on);

  if (event->kind == GK_EVENT_ANSWER && event->outcome >= GK_N_OUTCOMES)
    return refuse (error, _("The answer needs its outcome, as the annual report’s table names it."));

  if (event->kind <= GK_EVENT_ANSWER)
    return check_before_answer (request, event, error);

  return check_after_answer (request, event, error);
}
