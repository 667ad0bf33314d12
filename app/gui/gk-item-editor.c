/* The item editor: every field of one item, its attachments, and the buttons that move it along. */
#define G_LOG_DOMAIN "gk-item-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-item-editor-private.h"
#include "gk-item-row.h"
#include "gk-privacy-scanner.h"

/*
 * Autosave: the first change after a save starts this timer and later changes
 * do not push it back, so what is typed reaches SQLite within a second even
 * while the liaison keeps typing. Leaving a field saves at once.
 */
#define SAVE_DELAY_MS 1000

G_DEFINE_FINAL_TYPE (GkItemEditor, gk_item_editor, GTK_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The single-line fields and the entries that hold them. */
typedef struct {
  GkItemField field;
  gsize       offset;
} FieldEntry;

static const FieldEntry field_entries[] = {
  { GK_ITEM_TITLE,       G_STRUCT_OFFSET (GkItemEditor, title_entry) },
  { GK_ITEM_DOC_NUMBER,  G_STRUCT_OFFSET (GkItemEditor, doc_number_entry) },
  { GK_ITEM_ISSUER,      G_STRUCT_OFFSET (GkItemEditor, issuer_entry) },
  { GK_ITEM_WRITTEN_ON,  G_STRUCT_OFFSET (GkItemEditor, written_on_entry) },
  { GK_ITEM_PUBLISH_ON,  G_STRUCT_OFFSET (GkItemEditor, publish_on_entry) },
  { GK_ITEM_REVIEWER,    G_STRUCT_OFFSET (GkItemEditor, reviewer_entry) },
  { GK_ITEM_REVIEWED_ON, G_STRUCT_OFFSET (GkItemEditor, reviewed_on_entry) },
  { GK_ITEM_CORRECTION,  G_STRUCT_OFFSET (GkItemEditor, correction_entry) },
};

static GtkEntry *
get_field_entry (GkItemEditor     *self,
                 const FieldEntry *entry)
{
  return G_STRUCT_MEMBER (GtkEntry *, self, entry->offset);
}

/*
 * An info bar shown or hidden outright: GTK 3.24 painted the second of two
 * bars sliding in at once as a blank band, hiding its Mask All button.
 */
static void
show_bar (GtkInfoBar *bar,
          gboolean    shown)
{
  gtk_info_bar_set_revealed (bar, shown);
  gtk_widget_set_visible (GTK_WIDGET (bar), shown);
}

void
_gk_item_editor_show_error (GkItemEditor *self,
                            const GError *error)
{
  gtk_label_set_text (self->error_label, error->message);
  /* The gate's refusal can be overridden by someone who may approve it. */
  gtk_widget_set_visible (self->override_button, g_error_matches (error, GK_CONTEXT_ERROR, GK_CONTEXT_ERROR_PRIVACY));
  show_bar (self->error_bar, TRUE);
}

/* The body's numbers marked, and counted in a bar that offers to mask them. */
static void
update_privacy (GkItemEditor *self)
{
  guint n = gk_privacy_marks_update (self->privacy_marks);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u unmasked number in the body: an identity, mobile or bank card number must not be published.",
                                                        "%u unmasked numbers in the body: identity, mobile or bank card numbers must not be published.",
                                                        n), n);

  gtk_label_set_text (self->privacy_label, text);
  show_bar (self->privacy_bar, n > 0 && gtk_text_view_get_editable (self->body_view));
}

/* Built on first use: the lists are the self-check's, which the context knows. */
static GkWordingMarks *
ensure_wording_marks (GkItemEditor *self)
{
  g_autoptr(GkWording) wording = NULL;

  if (self->wording_marks == NULL)
    {
      wording = gk_wording_new (self->context);
      self->wording_marks = gk_wording_marks_new (wording, self->title_entry, self->body_view);
    }

  return self->wording_marks;
}

/* What the submit gate will say, underlined as it is typed: numbers, 易错词 and markings. */
void
_gk_item_editor_update_marks (GkItemEditor *self)
{
  update_privacy (self);
  gk_wording_marks_update (ensure_wording_marks (self));
}

void
_gk_item_editor_hide_error (GkItemEditor *self)
{
  show_bar (self->error_bar, FALSE);
}

static GkKind
get_chosen_kind (GkItemEditor *self)
{
  GkKind kind = GK_KIND_OTHER;
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->kind_combo));

  if (id != NULL)
    gk_kind_from_string (id, &kind);

  return kind;
}

void
_gk_item_editor_set_action_enabled (GkItemEditor *self,
                                    const char   *name,
                                    gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_interprets (GkItemEditor *self)
{
  gboolean interpretation = get_chosen_kind (self) == GK_KIND_INTERPRETATION;
  const char *uuid = self->item != NULL ? gk_item_get_field (self->item, GK_ITEM_INTERPRETS) : NULL;
  g_autoptr(GkItem) policy = uuid != NULL ? gk_context_dup_item (self->context, uuid, NULL) : NULL;
  g_autofree char *title = policy != NULL ? gk_item_row_dup_display_title (policy) : NULL;

  gtk_widget_set_visible (self->interprets_label, interpretation);
  gtk_widget_set_visible (GTK_WIDGET (self->interprets_button), interpretation);
  gtk_label_set_text (self->interprets_value_label, title != NULL ? title : _("Choose the policy document…"));
}

/* Queued items are on their way to the portal: nothing changes until they are withdrawn. */
static void
set_editable (GkItemEditor *self,
              gboolean      editable)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_entries); i++)
    gtk_editable_set_editable (GTK_EDITABLE (get_field_entry (self, &field_entries[i])), editable);

  gtk_text_view_set_editable (self->body_view, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_combo), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->interprets_button), editable);
  _gk_item_editor_set_action_enabled (self, "add-attachments", editable);
  _gk_item_editor_set_action_enabled (self, "remove-attachment", editable);
  _gk_item_editor_set_action_enabled (self, "replace-masked", editable);
}

/* The portal's refusal of a queued item, if delivery stopped on one. */
static char *
dup_stop_reason (GkItemEditor *self)
{
  g_autoptr(GHashTable) refused = gk_context_dup_refused (self->context, NULL);
  const char *reason = refused != NULL ? g_hash_table_lookup (refused, gk_item_get_uuid (self->item)) : NULL;

  if (reason == NULL)
    return NULL;

  return g_strdup (*reason != '\0' ? reason : _("no reason given"));
}

/* The revision before this one, when the portal rejected it: its reason stays in sight until the fix is submitted. */
static const char *
get_previous_rejection (GkItemEditor *self)
{
  GkItem *previous;

  if (self->revisions == NULL || self->revisions->len == 0)
    return NULL;

  previous = g_ptr_array_index (self->revisions, self->revisions->len - 1);
  if (gk_item_get_state (previous) != GK_ITEM_STATE_REJECTED)
    return NULL;

  return gk_item_get_field (previous, GK_ITEM_REJECT_REASON) != NULL
         ? gk_item_get_field (previous, GK_ITEM_REJECT_REASON) : _("no reason given");
}

/* Where the item stands with the portal, and what the liaison can do; @warning when it needs action. */
static char *
dup_state_message (GkItemEditor *self,
                   gboolean     *warning)
{
  GkItem *item = self->item;
  const char *reason = gk_item_get_field (item, GK_ITEM_REJECT_REASON);
  const char *previous = get_previous_rejection (self);
  g_autofree char *stopped = NULL;

  *warning = FALSE;

  switch (gk_item_get_state (item))
    {
    case GK_ITEM_STATE_QUEUED:
      if ((stopped = dup_stop_reason (self)) != NULL)
        {
          *warning = TRUE;
          return g_strdup_printf (_("The portal refused this item: “%s” Withdraw it, correct it and submit it again."),
                                  stopped);
        }
      return g_strdup (_("This item is queued for upload and cannot change. Withdraw it to make changes."));

    case GK_ITEM_STATE_REJECTED:
      *warning = TRUE;
      return g_strdup_printf (_("The portal rejected this item: “%s” Change it, mark it ready and submit it again."),
                              reason != NULL ? reason : _("no reason given"));

    case GK_ITEM_STATE_SUBMITTED:
      return g_strdup (_("The portal received this item; the municipal office has not decided yet. Any change starts a new revision, which must be submitted again."));

    case GK_ITEM_STATE_PUBLISHED:
      return g_strdup (_("The portal published this item. Any change starts a new revision, which must be submitted again."));

    case GK_ITEM_STATE_DRAFT:
      if (self->returned_to_draft)
        {
          *warning = TRUE;
          return g_strdup (_("Your change took back the sign-off: the item is a draft again. Mark it ready once it is signed off again."));
        }
      G_GNUC_FALLTHROUGH;
    case GK_ITEM_STATE_READY:
    default:
      if (previous == NULL)
        return NULL;
      *warning = TRUE;
      return g_strdup_printf (_("The previous revision was rejected: “%s”"), previous);
    }
}

/* One line per revision: its number, what the portal decided, the reason, and when it ended. */
static void
update_history (GkItemEditor *self)
{
  g_autoptr(GString) history = g_string_new (NULL);

  for (guint i = 0; self->revisions != NULL && i < self->revisions->len; i++)
    {
      GkItem *revision = g_ptr_array_index (self->revisions, i);
      const char *reason = gk_item_get_field (revision, GK_ITEM_REJECT_REASON);
      const char *ended = gk_item_get_field (revision, GK_ITEM_UPDATED_AT);
      g_autoptr(GDateTime) utc = ended != NULL ? g_date_time_new_from_iso8601 (ended, NULL) : NULL;
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (ended);

      /* Translators: revision number, its state (已退回), then when the next revision began */
      g_string_append_printf (history, _("Revision %u: %s, changed on %s"), gk_item_get_revision (revision),
                              gk_item_state_get_label (gk_item_get_state (revision)), when);
      if (reason != NULL)
        g_string_append_printf (history, _(" — reason: %s"), reason);
      g_string_append_c (history, '\n');
    }

  if (history->len > 0)
    g_string_append_printf (history, _("Revision %u (this one): %s"), gk_item_get_revision (self->item),
                            gk_item_state_get_label (gk_item_get_state (self->item)));

  gtk_label_set_text (self->history_label, history->str);
  gtk_widget_set_visible (GTK_WIDGET (self->history_label), history->len > 0);
  gtk_widget_set_visible (self->history_title_label, history->len > 0);
}

/* A revision of an item already on the website is a correction: the office is told what changed. */
static void
update_correction (GkItemEditor *self)
{
  gboolean corrects = FALSE;

  for (guint i = 0; self->revisions != NULL && i < self->revisions->len; i++)
    corrects |= gk_item_get_state (g_ptr_array_index (self->revisions, i)) == GK_ITEM_STATE_PUBLISHED;

  gtk_widget_set_visible (self->correction_label, corrects);
  gtk_widget_set_visible (GTK_WIDGET (self->correction_entry), corrects);
}

/* The archived revisions change only when a new one starts: read them when the revision number moves. */
static void
load_revisions (GkItemEditor *self)
{
  guint shown = self->revisions != NULL ? self->revisions->len + 1 : 0;

  if (self->item != NULL && shown == gk_item_get_revision (self->item))
    return;

  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  if (self->item != NULL)
    self->revisions = gk_context_list_revisions (self->context, gk_item_get_uuid (self->item), NULL);
}

static void
update_state (GkItemEditor *self)
{
  GkItemState state = gk_item_get_state (self->item);
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->state_label));
  g_autofree char *revision = g_strdup_printf (_("Revision %u"), gk_item_get_revision (self->item));
  gboolean warning;
  g_autofree char *message = NULL;
  const char *override_by = gk_item_get_field (self->item, GK_ITEM_OVERRIDE_BY);

  load_revisions (self);
  update_history (self);
  update_correction (self);
  if (state != GK_ITEM_STATE_DRAFT)
    self->returned_to_draft = FALSE;
  message = dup_state_message (self, &warning);

  /* Read-only from here on: who let the numbers through, why, and what they were. */
  if (override_by != NULL && !gk_item_state_is_editable (state))
    {
      const char *summary = gk_item_get_field (self->item, GK_ITEM_PRIVACY_SUMMARY);
      g_autofree char *override = g_strdup_printf (_("Submitted with personal information, approved by %s: %s\nFound: %s"),
                                                   override_by,
                                                   gk_item_get_field (self->item, GK_ITEM_OVERRIDE_REASON),
                                                   summary != NULL ? summary : "—");
      g_autofree char *both = message != NULL ? g_strconcat (message, "\n", override, NULL) : g_steal_pointer (&override);

      g_free (message);
      message = g_steal_pointer (&both);
    }

  if (self->state_class != NULL)
    gtk_style_context_remove_class (style, self->state_class);
  g_free (self->state_class);
  self->state_class = g_strdup_printf ("gk-state-%s", gk_item_state_to_string (state));
  gtk_style_context_add_class (style, self->state_class);
  gtk_label_set_text (self->state_label, gk_item_state_get_label (state));
  gtk_label_set_text (self->revision_label, revision);

  gtk_widget_set_visible (self->ready_button, state == GK_ITEM_STATE_DRAFT);
  gtk_widget_set_visible (self->submit_button, state == GK_ITEM_STATE_READY);
  gtk_widget_set_visible (self->withdraw_button, state == GK_ITEM_STATE_QUEUED);
  _gk_item_editor_set_action_enabled (self, "mark-ready", state == GK_ITEM_STATE_DRAFT);
  _gk_item_editor_set_action_enabled (self, "submit", state == GK_ITEM_STATE_READY && !self->submitting);
  _gk_item_editor_set_action_enabled (self, "withdraw", state == GK_ITEM_STATE_QUEUED);
  set_editable (self, gk_item_state_is_editable (state));

  gtk_label_set_text (self->state_message_label, message);
  gtk_info_bar_set_message_type (self->state_bar, warning ? GTK_MESSAGE_WARNING : GTK_MESSAGE_INFO);
  show_bar (self->state_bar, message != NULL);
}

static void
fill_fields (GkItemEditor *self)
{
  const char *body = gk_item_get_body (self->item);

  self->loading = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (field_entries); i++)
    {
      const char *value = gk_item_get_field (self->item, field_entries[i].field);

      gtk_entry_set_text (get_field_entry (self, &field_entries[i]), value != NULL ? value : "");
    }

  gtk_text_buffer_set_text (self->body_buffer, body != NULL ? body : "", -1);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind_combo), gk_kind_to_string (gk_item_get_kind (self->item)));
  gtk_label_set_text (self->save_status_label, NULL);

  self->loading = FALSE;

  update_interprets (self);
  update_state (self);
  _gk_item_editor_update_attachments (self);
  _gk_item_editor_hide_error (self);
  _gk_item_editor_update_marks (self);
}

/* Copies what is on screen into the item; an unfinished date keeps the stored one until it is valid. */
static void
collect_fields (GkItemEditor *self)
{
  GtkTextIter start, end;
  g_autofree char *body = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (field_entries); i++)
    {
      GtkEntry *entry = get_field_entry (self, &field_entries[i]);

      if (GK_IS_DATE_ENTRY (entry) && !gk_date_entry_is_valid (GK_DATE_ENTRY (entry)))
        continue;

      gk_item_set_field (self->item, field_entries[i].field, gtk_entry_get_text (entry));
    }

  gtk_text_buffer_get_bounds (self->body_buffer, &start, &end);
  body = gtk_text_buffer_get_text (self->body_buffer, &start, &end, FALSE);
  gk_item_set_field (self->item, GK_ITEM_BODY, body);

  gk_item_set_kind (self->item, get_chosen_kind (self));
  if (gk_item_get_kind (self->item) != GK_KIND_INTERPRETATION)
    gk_item_set_field (self->item, GK_ITEM_INTERPRETS, NULL);
}

static void
cancel_pending_save (GkItemEditor *self)
{
  g_clear_handle_id (&self->save_source_id, g_source_remove);
}

gboolean
_gk_item_editor_save_now (GkItemEditor *self)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *saved = NULL;
  GkItemState before;

  cancel_pending_save (self);

  if (self->item == NULL || self->loading || !gk_item_state_is_editable (gk_item_get_state (self->item)))
    return TRUE;

  /* Saving emits item-changed, whose handler replaces self->item. */
  item = g_object_ref (self->item);
  before = gk_item_get_state (item);
  collect_fields (self);

  if (!gk_context_save_item (self->context, item, &error))
    {
      _gk_item_editor_show_error (self, error);
      gtk_label_set_text (self->save_status_label, _("Not saved"));
      return FALSE;
    }

  if (before == GK_ITEM_STATE_READY && gk_item_get_state (item) == GK_ITEM_STATE_DRAFT)
    {
      self->returned_to_draft = TRUE;
      update_state (self);
    }

  _gk_item_editor_hide_error (self);
  now = g_date_time_new_now_local ();
  saved = g_date_time_format (now, _("Saved at %H:%M:%S"));
  gtk_label_set_text (self->save_status_label, saved);

  return TRUE;
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  GkItemEditor *self = user_data;

  self->save_source_id = 0;
  _gk_item_editor_save_now (self);
  _gk_item_editor_update_marks (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_save (GkItemEditor *self)
{
  if (self->item == NULL || self->loading || self->save_source_id != 0)
    return;

  self->save_source_id = g_timeout_add (SAVE_DELAY_MS, on_save_timeout_cb, self);
}

/* What changed elsewhere (a state change, an attachment, the sync engine) without touching the text being typed. */
static void
on_context_item_changed_cb (GkItemEditor *self,
                            GkItem       *stored)
{
  if (self->item == NULL || g_strcmp0 (gk_item_get_uuid (stored), gk_item_get_uuid (self->item)) != 0)
    return;

  /* A copy of its own: the editor writes the fields into it, and other listeners share @stored. */
  g_clear_object (&self->item);
  self->item = gk_item_copy (stored);
  update_state (self);
  _gk_item_editor_update_attachments (self);
}

static void
on_field_changed_cb (GkItemEditor *self)
{
  self->wording_accepted = FALSE;
  _gk_item_editor_mark_missing (self, FALSE);
  schedule_save (self);
}

static gboolean
on_field_focus_out_cb (GkItemEditor *self)
{
  _gk_item_editor_save_now (self);

  return GDK_EVENT_PROPAGATE;
}

static void
on_kind_changed_cb (GkItemEditor *self)
{
  if (self->loading)
    return;

  update_interprets (self);
  _gk_item_editor_save_now (self);
}

static void
on_error_bar_response_cb (GkItemEditor *self)
{
  _gk_item_editor_hide_error (self);
}

static gboolean
filter_policy_row (GtkListBoxRow *row,
                   gpointer       user_data)
{
  GkItemEditor *self = user_data;
  const char *query = gtk_entry_get_text (GTK_ENTRY (self->interprets_search));
  GkItem *item = gk_item_row_get_item (GK_ITEM_ROW (row));
  g_autofree char *needle = g_utf8_casefold (query, -1);
  g_autofree char *title = g_utf8_casefold (gk_item_get_title (item) != NULL ? gk_item_get_title (item) : "", -1);
  const char *doc_number = gk_item_get_field (item, GK_ITEM_DOC_NUMBER);

  return *needle == '\0' || strstr (title, needle) != NULL
         || (doc_number != NULL && strstr (doc_number, query) != NULL);
}

static void
on_interprets_popover_show_cb (GkItemEditor *self)
{
  GkCatalog *catalog = gk_context_get_catalog (self->context);
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->interprets_list));
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  gtk_entry_set_text (GTK_ENTRY (self->interprets_search), "");
  items = gk_context_list_items_in_column (self->context, gk_item_get_field (self->item, GK_ITEM_UNIT), NULL, &error);
  if (items == NULL)
    {
      _gk_item_editor_show_error (self, error);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      GkItem *item = g_ptr_array_index (items, i);
      GkColumn *column = gk_catalog_lookup_column (catalog, gk_item_get_column_id (item));

      if (gk_item_get_kind (item) == GK_KIND_POLICY)
        gtk_container_add (GTK_CONTAINER (self->interprets_list),
                           gk_item_row_new (item, column != NULL ? gk_column_get_title (column) : NULL));
    }
}

static void
on_interprets_search_changed_cb (GkItemEditor *self)
{
  gtk_list_box_invalidate_filter (self->interprets_list);
}

static void
link_policy (GkItemEditor *self,
             const char   *uuid)
{
  gtk_popover_popdown (self->interprets_popover);
  gk_item_set_field (self->item, GK_ITEM_INTERPRETS, uuid);
  update_interprets (self);
  _gk_item_editor_save_now (self);
}

static void
on_interprets_list_row_activated_cb (GkItemEditor  *self,
                                     GtkListBoxRow *row)
{
  link_policy (self, gk_item_row_get_uuid (GK_ITEM_ROW (row)));
}

static void
on_interprets_clear_button_clicked_cb (GkItemEditor *self)
{
  link_policy (self, NULL);
}

static void
gk_item_editor_constructed (GObject *object)
{
  GkItemEditor *self = (GkItemEditor *)object;

  G_OBJECT_CLASS (gk_item_editor_parent_class)->constructed (object);

  g_assert (GK_IS_CONTEXT (self->context));

  g_signal_connect_object (self->context, "item-changed",
                           G_CALLBACK (on_context_item_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
gk_item_editor_dispose (GObject *object)
{
  GkItemEditor *self = (GkItemEditor *)object;

  /* Closing never asks "save?": whatever is on screen is saved on the way out. */
  if (self->context != NULL)
    {
      _gk_item_editor_save_now (self);
      _gk_item_editor_flush_removal (self);
    }

  cancel_pending_save (self);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->item);
  g_clear_object (&self->context);
  g_clear_object (&self->actions);
  g_clear_object (&self->privacy_marks);
  g_clear_object (&self->wording_marks);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_item_editor_parent_class)->dispose (object);
}

static void
gk_item_editor_finalize (GObject *object)
{
  GkItemEditor *self = (GkItemEditor *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->state_class, g_free);

  G_OBJECT_CLASS (gk_item_editor_parent_class)->finalize (object);
}

static void
gk_item_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GkItemEditor *self = GK_ITEM_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_item_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GkItemEditor *self = GK_ITEM_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_item_editor_class_init (GkItemEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_item_editor_constructed;
  object_class->dispose = gk_item_editor_dispose;
  object_class->finalize = gk_item_editor_finalize;
  object_class->get_property = gk_item_editor_get_property;
  object_class->set_property = gk_item_editor_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, GK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GK_TYPE_DATE_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/gongkai/Liaison/ui/gk-item-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, state_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, revision_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, removed_box);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, removed_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, history_title_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, history_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, save_status_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, ready_button);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, submit_button);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, override_button);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, privacy_bar);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, privacy_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, error_bar);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, state_bar);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, state_message_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, title_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, doc_number_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, issuer_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, written_on_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, publish_on_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, kind_combo);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, interprets_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, interprets_button);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, interprets_value_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, interprets_popover);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, interprets_search);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, interprets_list);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, body_buffer);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, reviewer_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, correction_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, correction_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, reviewed_on_entry);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, attachment_list);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, attach_spinner);
  gtk_widget_class_bind_template_child (widget_class, GkItemEditor, attach_status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_focus_out_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_interprets_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_interprets_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_interprets_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_interprets_clear_button_clicked_cb);

  _gk_item_editor_class_attachments_init (widget_class);
}

static void
gk_item_editor_init (GkItemEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->privacy_marks = gk_privacy_marks_new (self->body_view);
  self->cancellable = g_cancellable_new ();
  self->actions = g_simple_action_group_new ();
  _gk_item_editor_actions_init (self);
  _gk_item_editor_attachments_init (self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "editor", G_ACTION_GROUP (self->actions));

  for (GkKind kind = 0; kind < GK_N_KINDS; kind++)
    gtk_combo_box_text_append (self->kind_combo, gk_kind_to_string (kind), gk_kind_get_label (kind));

  gtk_list_box_set_filter_func (self->interprets_list, filter_policy_row, self, NULL);
}

GtkWidget *
gk_item_editor_new (GkContext *context)
{
  g_return_val_if_fail (GK_IS_CONTEXT (context), NULL);

  return g_object_new (GK_TYPE_ITEM_EDITOR, "context", context, NULL);
}

GkContext *
gk_item_editor_get_context (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), NULL);

  return self->context;
}

/**
 * gk_item_editor_get_item:
 *
 * Returns: (transfer none) (nullable): the item as last saved or loaded
 */
GkItem *
gk_item_editor_get_item (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), NULL);

  return self->item;
}

const char *
gk_item_editor_get_uuid (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), NULL);

  return self->item != NULL ? gk_item_get_uuid (self->item) : NULL;
}

/**
 * gk_item_editor_set_uuid:
 * @uuid: (nullable): the item to edit, or %NULL for none
 *
 * Saves the item being edited, then loads @uuid from the store.
 *
 * Returns: whether @uuid could be loaded (the error is shown in the editor)
 */
gboolean
gk_item_editor_set_uuid (GkItemEditor *self,
                         const char   *uuid_)
{
  /* A copy: saving may replace the item that @uuid_ belongs to. */
  g_autofree char *uuid = g_strdup (uuid_);
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), FALSE);

  _gk_item_editor_save_now (self);
  _gk_item_editor_flush_removal (self);

  if (uuid != NULL && (item = gk_context_dup_item (self->context, uuid, &error)) == NULL)
    {
      _gk_item_editor_show_error (self, error);
      return FALSE;
    }

  g_set_object (&self->item, item);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  self->wording_accepted = FALSE;
  self->returned_to_draft = FALSE;
  if (self->item != NULL)
    fill_fields (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self), self->item != NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->delete_button),
                                          g_variant_new_string (uuid != NULL ? uuid : ""));

  return TRUE;
}

/**
 * gk_item_editor_save:
 *
 * Saves what is on screen now rather than after the autosave delay.
 *
 * Returns: whether it is saved (the error is shown in the editor)
 */
gboolean
gk_item_editor_save (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), FALSE);

  return _gk_item_editor_save_now (self);
}

/* Where a new item starts: its title. */
void
gk_item_editor_focus_title (GkItemEditor *self)
{
  g_return_if_fail (GK_IS_ITEM_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

guint
gk_item_editor_get_n_attaching (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), 0);

  return self->n_attaching;
}

/* Whether a submission is in the gates, its scan running in a worker. */
gboolean
gk_item_editor_is_submitting (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), FALSE);

  return self->submitting;
}

/**
 * gk_item_editor_get_privacy_marks:
 *
 * Returns: (transfer none): the personal-information marks on the body
 */
GkPrivacyMarks *
gk_item_editor_get_privacy_marks (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), NULL);

  return self->privacy_marks;
}

/**
 * gk_item_editor_get_wording_marks:
 *
 * Returns: (transfer none): the 易错词 and marking marks on the title and body
 */
GkWordingMarks *
gk_item_editor_get_wording_marks (GkItemEditor *self)
{
  g_return_val_if_fail (GK_IS_ITEM_EDITOR (self), NULL);

  return ensure_wording_marks (self);
}
