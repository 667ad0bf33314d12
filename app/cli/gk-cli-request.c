/* `gongkai request`: the register of requests for disclosure (依申请公开) and their legal clocks. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "gk-attachment.h"
#include "gk-check.h"
#include "gk-cli-heavy.h"
#include "gk-context-records.h"
#include "gk-json.h"
#include "gk-request-clock.h"
#include "gk-request-notice.h"

static gboolean
parse_as_of (const char *command,
             const char *text,
             GDate      *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  if (text == NULL)
    {
      g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
      return TRUE;
    }

  if (strlen (text) == 10 && gk_check_parse_date (text, date))
    return TRUE;

  gk_cli_usage_error (command, _("the date “%s” is not written as YYYY-MM-DD"), text);
  return FALSE;
}

static char *
join_applicant_types (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < GK_N_APPLICANT_TYPES; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "、" : "", gk_applicant_type_get_name ((GkApplicantType) i));

  return g_string_free (names, FALSE);
}

static int
request_add (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GkRequest) request = gk_request_new ();
  const GOptionEntry entries[] = {
    { "received", 0, 0, G_OPTION_ARG_STRING, &request->received_on, N_("The day the request was received, YYYY-MM-DD"), N_("DATE") },
    { "applicant-type", 0, 0, G_OPTION_ARG_STRING, &type, N_("自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构 or 其他"), N_("TYPE") },
    { "applicant", 0, 0, G_OPTION_ARG_STRING, &request->applicant, N_("The applicant’s name (kept on this PC only)"), N_("NAME") },
    { "content", 0, 0, G_OPTION_ARG_STRING, &request->content, N_("The information asked for"), N_("TEXT") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &request->channel, N_("当面, 信函, 网络, 传真, 电子邮件, 电话 or 其他"), N_("CHANNEL") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (!gk_cli_parse ("request add", "--received DATE --applicant-type TYPE --content TEXT [--channel C]",
                     _("Register a request for disclosure; prints its number."), entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("request add", _("unexpected argument “%s”"), argv[1]);
  if (request->received_on == NULL || type == NULL || request->content == NULL)
    return gk_cli_usage_error ("request add", _("--received, --applicant-type and --content are required"));
  if (!gk_applicant_type_parse (type, &request->applicant_type))
    {
      g_autofree char *names = join_applicant_types ();

      return gk_cli_usage_error ("request add", _("“%s” is not an applicant type of the annual report; use one of %s"), type, names);
    }

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  if (!gk_context_add_request (context, request, &error))
    return gk_cli_report_error (error);

  g_print ("%s\n", request->number);
  return GK_CLI_OK;
}

/* The clock, or NULL after saying why (a year the calendar does not know). */
static GkRequestClock *
compute_clock (const GkRequest *request,
               GkCalendar      *calendar,
               const GDate     *today)
{
  g_autoptr(GError) error = NULL;
  GkRequestClock *clock = gk_request_clock_compute (request, calendar, today, &error);

  if (clock == NULL)
    g_printerr (_("The due date of request %s cannot be computed: %s\n"), request->number, error->message);

  return clock;
}

static void
add_clock_members (JsonBuilder          *builder,
                   const GkRequestClock *clock)
{
  g_autofree char *due = gk_date_to_iso (&clock->due);
  g_autofree char *supplement = gk_date_to_iso (&clock->supplement_deadline);

  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, gk_clock_state_to_string (clock->state));
  gk_json_add_string_or_null (builder, "due", due);
  json_builder_set_member_name (builder, "days_left");
  if (due != NULL && gk_clock_state_is_open (clock->state))
    json_builder_add_int_value (builder, clock->days_left);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, clock->limit);
  json_builder_set_member_name (builder, "paused_days");
  json_builder_add_int_value (builder, clock->paused_days);
  json_builder_set_member_name (builder, "supplement_deadline");
  json_builder_add_string_value (builder, supplement);
  json_builder_set_member_name (builder, "supplement_late");
  json_builder_add_boolean_value (builder, clock->supplement_late);
}

static void
add_strings (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static void
add_event (JsonBuilder          *builder,
           const GkRequestEvent *event)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, gk_event_kind_to_string (event->kind));
  json_builder_set_member_name (builder, "on");
  json_builder_add_string_value (builder, event->on);
  if (event->kind == GK_EVENT_EXTENSION)
    {
      json_builder_set_member_name (builder, "days");
      json_builder_add_int_value (builder, event->days);
    }
  if (event->by != NULL)
    {
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, event->by);
    }
  if (event->kind == GK_EVENT_ANSWER)
    {
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, gk_outcome_get_name (event->outcome));
      json_builder_set_member_name (builder, "outcome_group");
      json_builder_add_string_value (builder, gk_outcome_get_group (event->outcome));
    }
  if (event->result != GK_RESULT_NONE)
    {
      json_builder_set_member_name (builder, "result");
      json_builder_add_string_value (builder, gk_case_result_get_name (event->result));
    }
  if (event->kind == GK_EVENT_LAWSUIT)
    {
      json_builder_set_member_name (builder, "after_review");
      json_builder_add_boolean_value (builder, event->after_review);
    }
  if (event->note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, event->note);
    }
  json_builder_end_object (builder);
}

/* @attachments: (nullable): with them, the whole request as `request show` gives it; without, a list's line */
static void
add_request (JsonBuilder          *builder,
             const GkRequest      *request,
             const GkRequestClock *clock,
             GPtrArray            *attachments)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, request->number);
  json_builder_set_member_name (builder, "received");
  json_builder_add_string_value (builder, request->received_on);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, request->channel);
  json_builder_set_member_name (builder, "applicant_type");
  json_builder_add_string_value (builder, gk_applicant_type_get_name (request->applicant_type));
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, request->content);
  if (clock != NULL)
    add_clock_members (builder, clock);

  if (attachments != NULL)
    {
      json_builder_set_member_name (builder, "files");
      json_builder_begin_array (builder);
      for (guint i = 0; i < attachments->len; i++)
        {
          GkAttachment *attachment = g_ptr_array_index (attachments, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, gk_attachment_get_name (attachment));
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, (gint64) gk_attachment_get_size (attachment));
          json_builder_set_member_name (builder, "sha256");
          json_builder_add_string_value (builder, gk_attachment_get_sha256 (attachment));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "applicant");
      json_builder_add_string_value (builder, request->applicant);
      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint i = 0; i < request->events->len; i++)
        add_event (builder, g_ptr_array_index (request->events, i));
      json_builder_end_array (builder);
      if (clock != NULL)
        {
          add_strings (builder, "computation", clock->steps);
          add_strings (builder, "holidays", clock->holidays);
          add_strings (builder, "makeup_workdays", clock->makeup_days);
        }
    }

  json_builder_end_object (builder);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  g_print ("%s\n", text);
}

/* One line per request: number, received, applicant type, state, due, days left, content. */
static void
print_tsv_line (const GkRequest      *request,
                const GkRequestClock *clock)
{
  g_autofree char *due = clock != NULL ? gk_date_to_iso (&clock->due) : NULL;
  g_autofree char *left = due != NULL && gk_clock_state_is_open (clock->state) ? g_strdup_printf ("%d", clock->days_left) : g_strdup ("");
  g_autofree char *content = g_strdelimit (g_strdup (request->content), "\t\n\r", ' ');

  g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", request->number, request->received_on,
           gk_applicant_type_get_name (request->applicant_type),
           clock != NULL ? gk_clock_state_to_string (clock->state) : "unknown",
           due != NULL ? due : "", left, content);
}

static int
request_list (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *as_of_text = NULL;
  gboolean open_only = FALSE;
  const GOptionEntry entries[] = {
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only the requests not yet answered"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("tsv (default) or json"), N_("FORMAT") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Count days left from DATE instead of today"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean failed = FALSE;
  GDate today;

  if (!gk_cli_parse ("request list", "[--open] [--format tsv|json]",
                     _("List the registered requests with their due dates. TSV columns: number, received, applicant type, "
                       "state, due, working days left, content."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc > 1)
    return gk_cli_usage_error ("request list", _("unexpected argument “%s”"), argv[1]);
  if (format != NULL && !g_str_equal (format, "tsv") && !g_str_equal (format, "json"))
    return gk_cli_usage_error ("request list", _("the format “%s” is not tsv or json"), format);
  if (!parse_as_of ("request list", as_of_text, &today))
    return GK_CLI_USAGE;

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;
  if ((requests = gk_context_list_requests (context, &error)) == NULL)
    return gk_cli_report_error (error);
  calendar = gk_calendar_load (gk_context_get_data_dir (context));

  json_builder_begin_array (builder);
  for (guint i = 0; i < requests->len; i++)
    {
      GkRequest *request = g_ptr_array_index (requests, i);
      g_autoptr(GkRequestClock) clock = compute_clock (request, calendar, &today);

      failed |= clock == NULL;
      if (open_only && (clock != NULL ? !gk_clock_state_is_open (clock->state)
                                      : gk_request_find_event (request, GK_EVENT_ANSWER) != NULL))
        continue;

      if (format != NULL && g_str_equal (format, "json"))
        add_request (builder, request, clock, NULL);
      else
        print_tsv_line (request, clock);
    }
  json_builder_end_array (builder);

  if (format != NULL && g_str_equal (format, "json"))
    print_json (builder);

  return failed ? GK_CLI_REFUSED : GK_CLI_OK;
}

static void
print_text (const GkRequest      *request,
            const GkRequestClock *clock,
            GPtrArray            *attachments)
{
  g_autofree char *due = gk_date_to_iso (&clock->due);

  g_print (_("Request %s\n"), request->number);
  g_print (_("Received:       %s (%s)\n"), request->received_on, request->channel != NULL ? request->channel : "—");
  g_print (_("Applicant type: %s\n"), gk_applicant_type_get_name (request->applicant_type));
  if (request->applicant != NULL)
    g_print (_("Applicant:      %s\n"), request->applicant);
  g_print (_("Content:        %s\n"), request->content);
  g_print (_("State:          %s\n"), gk_clock_state_get_label (clock->state));
  g_print (_("Due:            %s\n"), due != NULL ? due : "—");
  if (due != NULL && gk_clock_state_is_open (clock->state))
    g_print (_("Days left:      %d working days\n"), clock->days_left);

  g_print (_("\nEvents:\n"));
  for (guint i = 0; i < request->events->len; i++)
    {
      const GkRequestEvent *event = g_ptr_array_index (request->events, i);

      g_print ("  %s  %s", event->on, gk_event_kind_get_name (event->kind));
      if (event->kind == GK_EVENT_ANSWER)
        {
          g_autofree char *outcome = gk_outcome_dup_label (event->outcome);

          g_print ("：%s", outcome);
        }
      if (event->result != GK_RESULT_NONE)
        g_print ("：%s", gk_case_result_get_name (event->result));
      g_print ("\n");
    }

  for (guint i = 0; i < attachments->len; i++)
    {
      GkAttachment *attachment = g_ptr_array_index (attachments, i);

      if (i == 0)
        g_print (_("\nFiles:\n"));
      g_print ("  %s (%" G_GUINT64_FORMAT ")\n", gk_attachment_get_name (attachment), gk_attachment_get_size (attachment));
    }

  g_print (_("\nHow the due date was computed:\n"));
  for (guint i = 0; i < clock->steps->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (clock->steps, i));
}

static int
request_show (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("text (default) or json"), N_("FORMAT") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Count days left from DATE instead of today"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkRequest) request = NULL;
  g_autoptr(GkRequestClock) clock = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (!gk_cli_parse ("request show", "NUMBER [--format text|json]",
                     _("Show a request, its events, its due date and how the due date was computed."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 2)
    return gk_cli_usage_error ("request show", _("give one request number"));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    return gk_cli_usage_error ("request show", _("the format “%s” is not text or json"), format);
  if (!parse_as_of ("request show", as_of_text, &today))
    return GK_CLI_USAGE;

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;
  if ((request = gk_context_load_request (context, argv[1], &error)) == NULL)
    return gk_cli_report_error (error);
  if ((attachments = gk_context_list_request_attachments (context, argv[1], &error)) == NULL)
    return gk_cli_report_error (error);
  calendar = gk_calendar_load (gk_context_get_data_dir (context));
  if ((clock = compute_clock (request, calendar, &today)) == NULL)
    return GK_CLI_REFUSED;

  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_request (builder, request, clock, attachments);
      print_json (builder);
    }
  else
    print_text (request, clock, attachments);

  return GK_CLI_OK;
}

static int
request_event (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *on = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *result = NULL;
  g_autofree char *by = NULL;
  g_autofree char *note = NULL;
  int days = 0;
  gboolean after_review = FALSE;
  const GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on, N_("When it happened, YYYY-MM-DD (default today; required for an answer)"), N_("DATE") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("An answer’s outcome, as the annual report’s table names it"), N_("OUTCOME") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("An extension’s working days (at most 20)"), "N" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who approved an extension"), N_("NAME") },
    { "result", 0, 0, G_OPTION_ARG_STRING, &result, N_("A decision’s result: 维持, 纠正 or 其他"), N_("RESULT") },
    { "after-review", 0, 0, G_OPTION_ARG_NONE, &after_review, N_("A lawsuit brought after a 行政复议"), NULL },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A remark kept with the event"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkRequestEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  GkEventKind kind;
  GDate today;

  if (!gk_cli_parse ("request event", "NUMBER KIND [--on DATE] [--outcome O] [--days N --by NAME] [--result R]",
                     _("Record what happened to a request. KIND: supplement-sent (补正告知), supplement-received (补正收到), "
                       "consult-started (征求第三方意见), consult-answered (第三方答复), extension (延期答复), answer (答复), "
                       "review (行政复议), review-decided (复议决定), lawsuit (行政诉讼), lawsuit-decided (诉讼判决)."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("request event", _("give the request number and what happened"));
  if (!gk_event_kind_parse (argv[2], &kind))
    return gk_cli_usage_error ("request event", _("“%s” is not a kind of event"), argv[2]);
  if (days < 0)
    return gk_cli_usage_error ("request event", _("--days must be a number of working days"));

  event = gk_request_event_new (kind, on);
  /* Every other event defaults to today; an answer's date decides whether it was late. */
  if (on == NULL && kind != GK_EVENT_ANSWER)
    {
      if (!parse_as_of ("request event", NULL, &today))
        return GK_CLI_USAGE;
      event->on = gk_date_to_iso (&today);
    }
  event->days = (guint) days;
  event->by = g_steal_pointer (&by);
  event->note = g_steal_pointer (&note);
  event->after_review = after_review;
  event->outcome = GK_N_OUTCOMES;
  if (outcome != NULL && !gk_outcome_parse (outcome, &event->outcome))
    return gk_cli_usage_error ("request event", _("“%s” is not an outcome of the annual report’s table; write the row as printed, "
                                                  "such as 予以公开 or 不予公开/属于国家秘密"), outcome);
  if (result != NULL && !gk_case_result_parse (result, &event->result))
    return gk_cli_usage_error ("request event", _("“%s” is not a result; use 维持, 纠正 or 其他"), result);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;
  if (!gk_context_add_request_event (context, argv[1], event, &error))
    return gk_cli_report_error (error);

  return GK_CLI_OK;
}

static int
request_attach (int    argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GkContext) context = NULL;

  if (!gk_cli_parse ("request attach", "NUMBER FILE…",
                     _("Keep files with a request (the application, the answer as sent…): copied into the data folder, "
                       "never sent anywhere."),
                     NULL, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc < 3)
    return gk_cli_usage_error ("request attach", _("give the request number and one or more files"));

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;

  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GkAttachment) attachment = NULL;
      g_autoptr(GError) error = NULL;

      attachment = gk_context_attach_request_file (context, argv[1], file, &error);
      if (attachment == NULL)
        return gk_cli_report_error (error);
    }

  return GK_CLI_OK;
}

static int
request_notice (int    argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("text (default) or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output (required for pdf)"), N_("FILE") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Date a receipt DATE instead of today"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GkContext) context = NULL;
  g_autoptr(GkRequest) request = NULL;
  g_autoptr(GkRequestClock) clock = NULL;
  g_autoptr(GkCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *unit = NULL;
  GkNoticeKind kind;
  GDate today;

  if (!gk_cli_parse ("request notice", "NUMBER receipt|supplement|extension|answer [--format text|pdf] [-o FILE]",
                     _("Print a notice to the applicant: the receipt (登记回执), the 补正 notice, the extension notice or the answer "
                       "(答复书), from the templates in the data folder’s notices/ or the built-in ones."),
                     entries, &argc, &argv, &data_dir))
    return GK_CLI_USAGE;

  if (argc != 3)
    return gk_cli_usage_error ("request notice", _("give the request number and the kind of notice"));
  if (!gk_notice_kind_parse (argv[2], &kind))
    return gk_cli_usage_error ("request notice", _("“%s” is not a notice: use receipt, supplement, extension or answer"), argv[2]);
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "pdf"))
    return gk_cli_usage_error ("request notice", _("the format “%s” is not text or pdf"), format);
  if (format != NULL && g_str_equal (format, "pdf") && output == NULL)
    return gk_cli_usage_error ("request notice", _("a PDF notice needs a file: add -o FILE"));
  if (!parse_as_of ("request notice", as_of_text, &today))
    return GK_CLI_USAGE;

  /* Drawing needs Pango and cairo (gk-cli-heavy.h). */
  if (format != NULL && g_str_equal (format, "pdf") && gk_cli_heavy.write_notice_pdf == NULL)
    return gk_cli_delegate (argc, argv);

  if ((context = gk_cli_open_context (data_dir)) == NULL)
    return GK_CLI_REFUSED;
  if ((request = gk_context_load_request (context, argv[1], &error)) == NULL)
    return gk_cli_report_error (error);
  calendar = gk_calendar_load (gk_context_get_data_dir (context));
  if ((clock = compute_clock (request, calendar, &today)) == NULL)
    return GK_CLI_REFUSED;

  unit = gk_context_dup_unit (context, NULL);
  if ((template_text = gk_request_notice_dup_template (gk_context_get_data_dir (context), kind, &error)) == NULL ||
      (text = gk_request_notice_fill (template_text, kind, request, clock, unit, &today, &error)) == NULL)
    return gk_cli_report_error (error);

  if (format != NULL && g_str_equal (format, "pdf"))
    {
      if (!gk_cli_heavy.write_notice_pdf (text, output, &error))
        return gk_cli_report_error (error);
      return GK_CLI_OK;
    }

  if (output != NULL)
    {
      if (!g_file_set_contents (output, text, -1, &error))
        return gk_cli_report_error (error);
    }
  else
    g_print ("%s", text);

  return GK_CLI_OK;
}

int
gk_cli_request (int    argc,
                char **argv)
{
  static const GkCliCommand commands[] = {
    { "add", "--received DATE --applicant-type TYPE --content TEXT [--channel C]", N_("Register a request; prints its number"), request_add },
    { "list", "[--open] [--format tsv|json]", N_("The requests with their due dates"), request_list },
    { "show", "NUMBER [--format text|json]", N_("A request, its events and how its due date was computed"), request_show },
    { "event", "NUMBER KIND [--on DATE] [...]", N_("Record a 补正, a consultation, an extension, the answer, a 复议 or a lawsuit"), request_event },
    { "attach", "NUMBER FILE…", N_("Keep files with a request, on this PC only"), request_attach },
    { "notice", "NUMBER KIND [--format text|pdf] [-o FILE]", N_("A notice to the applicant (告知书), from a template"), request_notice },
    { NULL }
  };

  return gk_cli_dispatch ("request", commands, argc, argv);
}
