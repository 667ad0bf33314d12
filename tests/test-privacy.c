/* The personal-information scanner on generated numbers, generated files and through `gongkai scan`. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "gk-dev-switches.h"
#include "gk-privacy-report.h"
#include "gk-privacy-scanner.h"
#include "gk-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = gk_test_make_data_dir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* ---------------------------------------------------------------------------
 * Generated numbers: never a real person's
 */

/* Completes 17 digits into an identity number with its GB 11643 check digit. */
static char *
make_id (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  g_assert_cmpuint (strlen (first17), ==, 17);
  for (guint i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];

  return g_strdup_printf ("%s%c", first17, "10X98765432"[sum % 11]);
}

/* The same 17 digits with a check digit that is wrong. */
static char *
make_bad_id (const char *first17)
{
  g_autofree char *good = make_id (first17);
  char *bad = g_strdup (good);

  bad[17] = good[17] == '0' ? '1' : '0';
  return bad;
}

/* Completes a prefix into an @n-digit number passing Luhn. */
static char *
make_card (const char *prefix,
           guint       n)
{
  char *card = g_malloc0 (n + 1);

  memset (card, '0', n);
  memcpy (card, prefix, strlen (prefix));
  for (char check = '0'; check <= '9'; check++)
    {
      int sum = 0;

      card[n - 1] = check;
      for (guint i = 0; i < n; i++)
        {
          int v = card[n - 1 - i] - '0';

          if (i % 2 == 1 && (v *= 2) > 9)
            v -= 9;
          sum += v;
        }
      if (sum % 10 == 0)
        return card;
    }
  g_assert_not_reached ();
}

/* An identity number whose check digit is X; the generator finds one by counting. */
static char *
make_x_id (void)
{
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *first = g_strdup_printf ("43060219850315%03u", i);
      char *id = make_id (first);

      if (id[17] == 'X')
        return id;
      g_free (id);
    }
  g_assert_not_reached ();
}

static GPtrArray *
scan (const char *text)
{
  return gk_privacy_scan_text (text, -1);
}

static GkPrivacyFinding *
only_finding (GPtrArray *findings)
{
  g_assert_cmpuint (findings->len, ==, 1);
  return g_ptr_array_index (findings, 0);
}

static void
assert_clean (const char *text)
{
  g_autoptr(GPtrArray) findings = scan (text);

  if (findings->len > 0)
    g_error ("“%s” gave %u findings, the first %s", text, findings->len,
             gk_privacy_finding_get_masked (g_ptr_array_index (findings, 0)));
}

static void
assert_one (const char          *text,
            GkPrivacyKind        kind,
            const char          *masked,
            GkPrivacyConfidence  confidence)
{
  g_autoptr(GPtrArray) findings = scan (text);
  GkPrivacyFinding *finding;

  if (findings->len != 1)
    g_error ("“%s” gave %u findings, not 1", text, findings->len);
  finding = only_finding (findings);
  g_assert_cmpint (gk_privacy_finding_get_kind (finding), ==, kind);
  g_assert_cmpstr (gk_privacy_finding_get_masked (finding), ==, masked);
  g_assert_cmpint (gk_privacy_finding_get_confidence (finding), ==, confidence);
}

/* ---------------------------------------------------------------------------
 * Text
 */

static void
test_id_valid (void)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *masked = g_strdup_printf ("430602********%s", id + 14);
  g_autofree char *text = g_strdup_printf ("第一行\n姓名：张三，身份证号：%s。\n", id);
  g_autoptr(GPtrArray) findings = scan (text);
  GkPrivacyFinding *finding = only_finding (findings);
  const char *at = strstr (text, id);

  g_assert_cmpint (gk_privacy_finding_get_kind (finding), ==, GK_PRIVACY_KIND_ID);
  g_assert_cmpstr (gk_privacy_finding_get_masked (finding), ==, masked);
  g_assert_cmpint (gk_privacy_finding_get_confidence (finding), ==, GK_PRIVACY_CONFIDENCE_HIGH);
  g_assert_cmpuint (gk_privacy_finding_get_offset (finding), ==, at - text);
  g_assert_cmpuint (gk_privacy_finding_get_length (finding), ==, 18);
  g_assert_cmpuint (gk_privacy_finding_get_line (finding), ==, 2);

  /* Beijing, Shanghai and the 4306 prefecture of Yueyang; dates at the edges. */
  {
    const char *firsts[] = { "11010519491231002", "31011520000229001", "43068119000101002", "65010220201010003" };

    for (guint i = 0; i < G_N_ELEMENTS (firsts); i++)
      {
        g_autofree char *other = make_id (firsts[i]);
        g_autofree char *other_masked = g_strdup_printf ("%.6s********%s", other, other + 14);

        assert_one (other, GK_PRIVACY_KIND_ID, other_masked, GK_PRIVACY_CONFIDENCE_HIGH);
      }
  }
}

static void
test_id_x_check_digit (void)
{
  g_autofree char *id = make_x_id ();
  g_autofree char *lower = g_ascii_strdown (id, -1);
  g_autofree char *masked = g_strdup_printf ("430602********%s", id + 14);

  assert_one (id, GK_PRIVACY_KIND_ID, masked, GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one (lower, GK_PRIVACY_KIND_ID, masked, GK_PRIVACY_CONFIDENCE_HIGH);
  g_assert_cmpint (masked[17], ==, 'X');
}

static void
test_id_invalid (void)
{
  g_autofree char *bad_check = make_bad_id ("43060219900101123");
  /* 30 February, 13th month, a birth in the future, before 1900 */
  g_autofree char *february = make_id ("43060219900230123");
  g_autofree char *month = make_id ("43060219901301123");
  g_autofree char *future = make_id ("43060221000101123");
  g_autofree char *old = make_id ("43060218991231123");
  /* no province 99 or 00; province 43 with a prefecture not in the table */
  g_autofree char *region99 = make_id ("99060219900101123");
  g_autofree char *region00 = make_id ("00060219900101123");
  g_autofree char *prefecture = make_id ("43990219900101123");
  g_autofree char *prefecture_masked = g_strdup_printf ("439902********%s", prefecture + 14);

  assert_clean (february);
  assert_clean (month);
  assert_clean (future);
  assert_clean (old);
  assert_clean (region99);
  assert_clean (region00);
  /* Old cards keep codes of prefectures since merged: flagged, less sure. */
  assert_one (prefecture, GK_PRIVACY_KIND_ID, prefecture_masked, GK_PRIVACY_CONFIDENCE_MEDIUM);
}

/* A typo in the last digit does not make a number safe: its region and birth date still name a person. */
static void
test_id_suspect (void)
{
  g_autofree char *bad_check = make_bad_id ("43060219900101123");
  g_autofree char *masked = g_strdup_printf ("430602********%s", bad_check + 14);
  g_autofree char *bad_date = make_bad_id ("43060219900230123");
  g_autofree char *bad_prefecture = make_bad_id ("43990219900101123");
  g_autofree char *spaced = g_strdup_printf ("%.6s %.8s %s", bad_check, bad_check + 6, bad_check + 14);
  GkPrivacyFinding *finding;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *masked_text = NULL;
  guint n_masked = 0;

  /* The issue's own example: 岳阳楼区, 1990-03-07, check digit 4 where X is right. */
  assert_one ("430602199003071234", GK_PRIVACY_KIND_ID_SUSPECT, "430602********1234", GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_one (bad_check, GK_PRIVACY_KIND_ID_SUSPECT, masked, GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_one (spaced, GK_PRIVACY_KIND_ID_SUSPECT, masked, GK_PRIVACY_CONFIDENCE_MEDIUM);
  /* Without a real birth date or a known prefecture it is some other code. */
  assert_clean (bad_date);
  assert_clean (bad_prefecture);

  findings = scan ("身份证号：430602199003071234");
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (gk_privacy_kind_to_string (gk_privacy_finding_get_kind (finding)), ==, "id-suspect");

  /* 全部脱敏 masks it like any identity number. */
  masked_text = gk_privacy_mask_text ("身份证号：430602199003071234。", -1, &n_masked);
  g_assert_cmpuint (n_masked, ==, 1);
  g_assert_cmpstr (masked_text, ==, "身份证号：430602********1234。");
}

static void
test_id_separators (void)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *masked = g_strdup_printf ("430602********%s", id + 14);
  g_autofree char *spaced = g_strdup_printf ("%.6s %.8s %s", id, id + 6, id + 14);
  g_autofree char *hyphens = g_strdup_printf ("%.6s-%.8s-%s", id, id + 6, id + 14);
  g_autofree char *fours = g_strdup_printf ("%.4s %.4s %.4s %.4s %s", id, id + 4, id + 8, id + 12, id + 16);
  g_autofree char *two = g_strdup_printf ("%s 13800005678", id);
  g_autofree char *double_space = g_strdup_printf ("%.6s  %.8s  %s", id, id + 6, id + 14);
  g_autoptr(GPtrArray) findings = NULL;

  assert_one (spaced, GK_PRIVACY_KIND_ID, masked, GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one (hyphens, GK_PRIVACY_KIND_ID, masked, GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one (fours, GK_PRIVACY_KIND_ID, masked, GK_PRIVACY_CONFIDENCE_HIGH);

  /* Two numbers a space apart are two findings, not one 29-digit run. */
  findings = scan (two);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_cmpint (gk_privacy_finding_get_kind (g_ptr_array_index (findings, 0)), ==, GK_PRIVACY_KIND_ID);
  g_assert_cmpint (gk_privacy_finding_get_kind (g_ptr_array_index (findings, 1)), ==, GK_PRIVACY_KIND_MOBILE);
  g_assert_cmpuint (gk_privacy_finding_get_offset (g_ptr_array_index (findings, 1)), ==, 19);

  /* Only single separators join groups. */
  assert_clean (double_space);
}

/* The scanner skips 16 bytes at a time: a number must be found wherever it
 * falls against those blocks and the end of the text. */
static void
test_every_offset (void)
{
  g_autofree char *id = make_id ("43060219900101123");
  const char *numbers[] = { id, "138 0000 5678", "+86-139-0000-1234" };

  for (guint n = 0; n < G_N_ELEMENTS (numbers); n++)
    for (guint before = 0; before < 40; before++)
      for (guint after = 0; after < 40; after += 7)
        {
          GString *text = g_string_new (NULL);
          g_autoptr(GPtrArray) findings = NULL;

          for (guint i = 0; i < before; i++)
            g_string_append (text, i % 3 == 0 ? "，" : i % 3 == 1 ? "公" : " ");
          g_string_append (text, numbers[n]);
          for (guint i = 0; i < after; i++)
            g_string_append_c (text, i % 2 ? ' ' : '.');
          findings = gk_privacy_scan_text (text->str, text->len);
          if (findings->len != 1)
            g_error ("“%s” gave %u findings, not 1", text->str, findings->len);
          g_string_free (text, TRUE);
        }
}

static void
test_id15 (void)
{
  assert_one ("旧证号 430602900101123", GK_PRIVACY_KIND_ID15, "430602*****1123", GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_clean ("430602900230123");  /* 30 February */
  assert_clean ("990602900101123");  /* no province 99 */
}

static void
test_fullwidth (void)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *masked = g_strdup_printf ("430602********%s", id + 14);
  GString *wide = g_string_new ("身份证：");
  g_autofree char *text = NULL;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_unichar (wide, 0xFF10 + (*p - '0'));
      else
        g_string_append_c (wide, *p);
    }
  text = g_string_free (wide, FALSE);

  assert_one (text, GK_PRIVACY_KIND_ID, masked, GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one ("手机：１３８００００５６７８", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_HIGH);
}

static void
test_mobile (void)
{
  g_autoptr(GPtrArray) findings = NULL;

  assert_one ("13800005678", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_one ("手机：13800005678", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one ("电话 138 0000 5678", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one ("199-0000-5678", GK_PRIVACY_KIND_MOBILE, "199****5678", GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_one ("+86 138 0000 5678", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one ("+86-13800005678", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one ("+8613800005678", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one ("008613800005678", GK_PRIVACY_KIND_MOBILE, "138****5678", GK_PRIVACY_CONFIDENCE_HIGH);

  /* +86 stays; the finding is the national number. */
  findings = scan ("+86 138 0000 5678");
  g_assert_cmpuint (gk_privacy_finding_get_offset (only_finding (findings)), ==, 4);
  g_assert_cmpuint (gk_privacy_finding_get_length (only_finding (findings)), ==, 13);

  assert_clean ("12800005678");      /* no 12x mobile network */
  assert_clean ("0730-8882003");     /* a landline */
  assert_clean ("1380000567");       /* ten digits */
}

static void
test_bank_card (void)
{
  g_autofree char *unionpay = make_card ("622202", 19);
  g_autofree char *visa = make_card ("411111", 16);
  g_autofree char *mastercard = make_card ("222100", 16);
  g_autofree char *unknown = make_card ("700000", 16);
  g_autofree char *broken = g_strdup (visa);
  g_autofree char *text = g_strdup_printf ("开户银行卡号：%s", unionpay);
  g_autofree char *grouped = g_strdup_printf ("%.4s %.4s %.4s %.4s", visa, visa + 4, visa + 8, visa + 12);
  g_autofree char *unionpay_masked = g_strdup_printf ("***************%s", unionpay + 15);
  g_autofree char *visa_masked = g_strdup_printf ("************%s", visa + 12);
  g_autofree char *mastercard_masked = g_strdup_printf ("************%s", mastercard + 12);

  broken[15] = broken[15] == '9' ? '0' : broken[15] + 1;

  assert_one (text, GK_PRIVACY_KIND_BANK_CARD, unionpay_masked, GK_PRIVACY_CONFIDENCE_HIGH);
  assert_one (visa, GK_PRIVACY_KIND_BANK_CARD, visa_masked, GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_one (grouped, GK_PRIVACY_KIND_BANK_CARD, visa_masked, GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_one (mastercard, GK_PRIVACY_KIND_BANK_CARD, mastercard_masked, GK_PRIVACY_CONFIDENCE_MEDIUM);
  assert_clean (broken);    /* Luhn fails */
  assert_clean (unknown);   /* no issuer starts with 7 */
}

static void
test_not_flagged (void)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *longer = g_strdup_printf ("%s12", id);
  g_autofree char *inside = g_strdup_printf ("9%s", id);
  g_autofree char *word = g_strdup_printf ("SN%s", id);
  g_autofree char *amount = g_strdup_printf ("%s.00", id);
  const char *yuan = "合计13800005678元";

  assert_clean (longer);
  assert_clean (inside);
  assert_clean (word);
  assert_clean ("abc13800005678def");
  assert_clean ("岳政办发〔2017〕17号");
  assert_clean ("湘政发〔2017〕13800005678号");
  assert_clean ("2017-09-13 2017年9月13日 20170913");
  assert_clean (amount);
  assert_clean (yuan);
  assert_clean ("13,800,005,678");
  assert_clean ("0.13800005678");
  assert_clean ("￥13800005678");
  assert_clean ("430602********123X 430602*****1123 138****5678 ***************0000");
  assert_clean ("13800005678*");
  assert_clean ("共 12345678901234567890123 条");
}

static void
test_mask_text (void)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *x_id = make_x_id ();
  g_autofree char *card = make_card ("622202", 19);
  g_autofree char *text = g_strdup_printf ("张三 %s 手机 138 0000 5678\n李四 %s，卡号 %s，+86 13900001234。", id, x_id, card);
  g_autofree char *expected = g_strdup_printf ("张三 430602********%s 手机 138****5678\n李四 430602********%s，卡号 ***************%s，+86 139****1234。",
                                               id + 14, x_id + 14, card + 15);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *masked = NULL;
  guint n = 0;

  masked = gk_privacy_mask_text (text, -1, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (masked, ==, expected);

  again = scan (masked);
  g_assert_cmpuint (again->len, ==, 0);
}

/* ---------------------------------------------------------------------------
 * Files
 */

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *data,
            gssize      length)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static GkPrivacyReport *
scan_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GkPrivacyReport *report = gk_privacy_scan_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
mask_path (const char *input,
           char       *output,
           guint       expected)
{
  /* Takes output, so callers can pass a g_build_filename() straight in. */
  g_autoptr(GFile) in = g_file_new_for_path (input);
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (gk_privacy_write_masked_copy (in, out, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, expected);
  return output;
}

static void
assert_not_scanned (const GkPrivacyReport *report,
                    const char            *words)
{
  const char *reason = gk_privacy_report_get_not_scanned_reason (report);

  g_assert_nonnull (reason);
  g_assert_false (gk_privacy_report_is_clean (report));
  if (strstr (reason, words) == NULL)
    g_error ("the reason “%s” does not say “%s”", reason, words);
}

static void
test_file_gb18030_csv (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *utf8 = g_strdup_printf ("姓名,身份证号,电话\n张三,%s,13800005678\n李四,430602********1235,139****1234\n", id);
  g_autoptr(GError) error = NULL;
  gsize length;
  g_autofree char *gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_autofree char *path = NULL;
  g_autofree char *masked_path = NULL;
  g_autoptr(GkPrivacyReport) report = NULL;
  g_autoptr(GkPrivacyReport) masked_report = NULL;
  g_autofree char *masked_bytes = NULL;
  g_autofree char *masked_utf8 = NULL;
  GPtrArray *findings;

  g_assert_no_error (error);
  path = write_file (fixture, "名单.csv", gb, length);
  report = scan_path (path);

  g_assert_null (gk_privacy_report_get_not_scanned_reason (report));
  g_assert_cmpstr (gk_privacy_report_get_encoding (report), ==, "GB18030");
  g_assert_cmpint (gk_privacy_report_get_format (report), ==, GK_PRIVACY_FORMAT_CSV);
  g_assert_true (gk_privacy_report_can_mask (report));
  findings = gk_privacy_report_get_findings (report);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 0)), ==, 2);
  g_assert_cmpint (gk_privacy_finding_get_kind (g_ptr_array_index (findings, 1)), ==, GK_PRIVACY_KIND_MOBILE);

  /* The masked copy stays GB18030 and is clean. */
  masked_path = mask_path (path, g_build_filename (fixture->dir, "名单-脱敏.csv", NULL), 2);
  masked_report = scan_path (masked_path);
  g_assert_true (gk_privacy_report_is_clean (masked_report));
  g_assert_cmpstr (gk_privacy_report_get_encoding (masked_report), ==, "GB18030");
  g_file_get_contents (masked_path, &masked_bytes, &length, &error);
  g_assert_no_error (error);
  masked_utf8 = g_convert (masked_bytes, length, "UTF-8", "GB18030", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (masked_utf8, "张三,430602********"));
  g_assert_nonnull (strstr (masked_utf8, ",138****5678\n李四,430602********1235,139****1234\n"));
}

/* ASCII for longer than the part that decides the encoding, then GB18030. */
static void
test_file_gb18030_late (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *tail_utf8 = g_strdup_printf ("姓名,身份证号\n张三,%s\n合计,13800005678元\n", id);
  g_autoptr(GError) error = NULL;
  gsize tail_length;
  g_autofree char *tail = g_convert (tail_utf8, -1, "GB18030", "UTF-8", NULL, &tail_length, &error);
  GString *bytes = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GkPrivacyReport) report = NULL;
  GPtrArray *findings;

  g_assert_no_error (error);
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (bytes, "%u,record,2017-09-13\n", i);
  g_string_append_len (bytes, tail, tail_length);
  path = write_file (fixture, "mixed.csv", bytes->str, bytes->len);
  g_string_free (bytes, TRUE);

  report = scan_path (path);
  g_assert_cmpstr (gk_privacy_report_get_encoding (report), ==, "GB18030");
  findings = gk_privacy_report_get_findings (report);
  /* 元 is only understood once the file is read as GB18030: the amount is no mobile. */
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpint (gk_privacy_finding_get_kind (g_ptr_array_index (findings, 0)), ==, GK_PRIVACY_KIND_ID);
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 0)), ==, 5002);
}

static void
test_file_utf8_text (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  GString *text = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GkPrivacyReport) report = NULL;
  GPtrArray *findings;

  /* Over several read slices, so numbers near the cuts are found once. */
  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (text, "第%u行：岳阳市政务公开 %s\n", i + 1, i % 10000 == 9999 ? id : "无");
  path = write_file (fixture, "long.txt", text->str, text->len);
  g_string_free (text, TRUE);

  report = scan_path (path);
  g_assert_cmpstr (gk_privacy_report_get_encoding (report), ==, "UTF-8");
  findings = gk_privacy_report_get_findings (report);
  g_assert_cmpuint (findings->len, ==, 6);
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 0)), ==, 10000);
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 5)), ==, 60000);
}

/* Writes a zip with libarchive from name/content pairs. */
static char *
write_zip (Fixture            *fixture,
           const char         *name,
           const char * const *parts)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  struct archive *zip = archive_write_new ();

  archive_write_set_format_zip (zip);
  g_assert_cmpint (archive_write_open_filename (zip, path), ==, ARCHIVE_OK);
  for (guint i = 0; parts[i] != NULL; i += 2)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize length = strlen (parts[i + 1]);

      archive_entry_set_pathname (entry, parts[i]);
      archive_entry_set_size (entry, length);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      g_assert_cmpint (archive_write_header (zip, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (zip, parts[i + 1], length), ==, (la_ssize_t) length);
      archive_entry_free (entry);
    }
  g_assert_cmpint (archive_write_close (zip), ==, ARCHIVE_OK);
  archive_write_free (zip);

  return path;
}

static const char content_types[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";

/* A workbook of one sheet, @sheet_name as written in workbook.xml (escaped). */
static char *
write_workbook (Fixture    *fixture,
                const char *name,
                const char *sheet_name,
                const char *sheet,
                const char *shared)
{
  g_autofree char *workbook = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"%s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", sheet_name);
  const char *parts[] = {
    "[Content_Types].xml", content_types,
    "xl/workbook.xml", workbook,
    "xl/_rels/workbook.xml.rels",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>",
    "xl/worksheets/sheet1.xml", sheet,
    "xl/sharedStrings.xml", shared,
    NULL
  };

  return write_zip (fixture, name, parts);
}

static char *
write_xlsx (Fixture    *fixture,
            const char *id,
            const char *x_id)
{
  g_autofree char *shared = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"4\">"
    "<si><t>姓名</t></si><si><t>身份证号</t></si><si><t>%s</t></si>"
    "<si><r><t>电话 138 </t></r><r><rPr><b/></rPr><t>0000 5678</t></r><rPh sb=\"0\" eb=\"1\"><t>dianhua</t></rPh></si>"
    "</sst>", id);
  g_autofree char *sheet = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
    "<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>李四 &amp; %s</t></is></c><c r=\"C7\" t=\"s\"><v>2</v></c></row>"
    "<row r=\"8\"><c r=\"B8\"><v>13900001234</v></c><c r=\"C8\" s=\"1\"><f>A1</f><v>20170913</v></c><c r=\"D8\" t=\"s\"><v>3</v></c></row>"
    "</sheetData></worksheet>", x_id);

  return write_workbook (fixture, "低保名单.xlsx", "低保名单", sheet, shared);
}

static const char *
finding_place (GPtrArray *findings,
               guint      i)
{
  return gk_privacy_finding_get_place (g_ptr_array_index (findings, i));
}

static void
test_file_xlsx (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *x_id = make_x_id ();
  g_autofree char *path = write_xlsx (fixture, id, x_id);
  g_autofree char *masked_path = NULL;
  g_autoptr(GkPrivacyReport) report = scan_path (path);
  g_autoptr(GkPrivacyReport) masked_report = NULL;
  GPtrArray *findings = gk_privacy_report_get_findings (report);

  g_assert_null (gk_privacy_report_get_not_scanned_reason (report));
  g_assert_true (gk_privacy_report_can_mask (report));
  /* inline string, shared string, a number cell, rich text across runs */
  g_assert_cmpuint (findings->len, ==, 4);
  g_assert_cmpstr (finding_place (findings, 0), ==, "低保名单!A7");
  g_assert_cmpstr (finding_place (findings, 1), ==, "低保名单!C7");
  g_assert_cmpstr (finding_place (findings, 2), ==, "低保名单!B8");
  g_assert_cmpstr (finding_place (findings, 3), ==, "低保名单!D8");
  g_assert_cmpint (gk_privacy_finding_get_kind (g_ptr_array_index (findings, 2)), ==, GK_PRIVACY_KIND_MOBILE);

  masked_path = mask_path (path, g_build_filename (fixture->dir, "低保名单-脱敏.xlsx", NULL), 4);
  masked_report = scan_path (masked_path);
  g_assert_true (gk_privacy_report_is_clean (masked_report));
}

/* The contents of the part @name of the zip at @path. */
static char *
read_zip_part (const char *path,
               const char *name)
{
  struct archive *zip = archive_read_new ();
  struct archive_entry *entry;
  GString *contents = NULL;

  archive_read_support_format_zip (zip);
  g_assert_cmpint (archive_read_open_filename (zip, path, 16384), ==, ARCHIVE_OK);
  while (contents == NULL && archive_read_next_header (zip, &entry) == ARCHIVE_OK)
    {
      if (g_str_equal (archive_entry_pathname (entry), name))
        {
          char block[4096];
          la_ssize_t n;

          contents = g_string_new (NULL);
          while ((n = archive_read_data (zip, block, sizeof block)) > 0)
            g_string_append_len (contents, block, n);
          g_assert_cmpint (n, ==, 0);
        }
    }
  archive_read_free (zip);
  g_assert_nonnull (contents);

  return g_string_free (contents, FALSE);
}

/* The shared strings as a reader sees them: the text of each <si>'s <t> elements. */
typedef struct
{
  GPtrArray *strings;
  GString   *current;
  gboolean   in_t;
} SharedStrings;

static void
shared_start (GMarkupParseContext *context, const char *element, const char **names,
              const char **values, gpointer user_data, GError **error)
{
  SharedStrings *self = user_data;

  if (g_str_equal (element, "si"))
    self->current = g_string_new (NULL);
  self->in_t = g_str_equal (element, "t");
}

static void
shared_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  SharedStrings *self = user_data;

  if (g_str_equal (element, "si"))
    g_ptr_array_add (self->strings, g_string_free (g_steal_pointer (&self->current), FALSE));
  self->in_t = FALSE;
}

static void
shared_text (GMarkupParseContext *context, const char *text, gsize length, gpointer user_data, GError **error)
{
  SharedStrings *self = user_data;

  if (self->in_t)
    g_string_append_len (self->current, text, length);
}

static GPtrArray *
read_shared_strings (const char *path)
{
  static const GMarkupParser parser = { shared_start, shared_end, shared_text, NULL, NULL };
  g_autofree char *xml = read_zip_part (path, "xl/sharedStrings.xml");
  SharedStrings self = { g_ptr_array_new_with_free_func (g_free), NULL, FALSE };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &self, NULL);
  g_autoptr(GError) error = NULL;

  g_markup_parse_context_parse (context, xml, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  return self.strings;
}

/* Shared strings that must be escaped again when the masked copy is written:
 * the copy still opens, keeps them as they were and has the digits masked. */
static void
test_file_xlsx_escaping (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char shared[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"4\">"
    "<si><t>张三 &amp; 李四 &lt;户主&gt; &quot;电话&quot; &apos;13800005678&apos;</t></si>"
    "<si><t>&lt;![CDATA[ 13900001234 ]]&gt; &amp;amp;</t></si>"
    "<si><t xml:space=\"preserve\"> A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos; 低保 ]]&gt; </t></si>"
    "<si><t>王五 <![CDATA[<b>]]> 13700001234</t></si>"
    "</sst>";
  static const char sheet[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
    "<c r=\"E1\" t=\"inlineStr\"><is><t>&lt;&amp;&gt; 13600001234</t></is></c></row>"
    "</sheetData></worksheet>";
  g_autofree char *path = write_workbook (fixture, "户 & 名单.xlsx", "户 &amp; &quot;名单&quot;", sheet, shared);
  g_autofree char *masked_path = mask_path (path, g_build_filename (fixture->dir, "户 & 名单-脱敏.xlsx", NULL), 4);
  g_autoptr(GkPrivacyReport) masked_report = scan_path (masked_path);
  g_autoptr(GPtrArray) strings = read_shared_strings (masked_path);
  g_autofree char *masked_sheet = read_zip_part (masked_path, "xl/worksheets/sheet1.xml");

  g_assert_null (gk_privacy_report_get_not_scanned_reason (masked_report));
  g_assert_true (gk_privacy_report_is_clean (masked_report));

  g_assert_cmpuint (strings->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (strings, 0), ==, "张三 & 李四 <户主> \"电话\" '138****5678'");
  g_assert_cmpstr (g_ptr_array_index (strings, 1), ==, "<![CDATA[ 139****1234 ]]> &amp;");
  g_assert_cmpstr (g_ptr_array_index (strings, 2), ==, " A&B <c> \"d\" 'e' 低保 ]]> ");
  /* A CDATA section is no text to the scanner: the string around it is masked. */
  g_assert_nonnull (strstr (g_ptr_array_index (strings, 3), "137****1234"));
  g_assert_null (strstr (masked_sheet, "13600001234"));
}

static void
test_file_docx (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  /* Word splits text into runs wherever formatting or spell-checking changes. */
  g_autofree char *document = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
    "<w:p><w:r><w:t>城乡低保对象公示</w:t></w:r></w:p>"
    "<w:p><w:r><w:t xml:space=\"preserve\">张三 </w:t></w:r><w:r><w:t>%.9s</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>%s</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>联系电话</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13800005678</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "</w:body></w:document>", id, id + 9);
  const char *parts[] = {
    "[Content_Types].xml", content_types,
    "word/document.xml", document,
    "word/footer1.xml",
    "<?xml version=\"1.0\"?><w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:p><w:r><w:t>经办人电话 13900001234</w:t></w:r></w:p></w:ftr>",
    NULL
  };
  g_autofree char *path = write_zip (fixture, "公示.docx", parts);
  g_autoptr(GkPrivacyReport) report = scan_path (path);
  GPtrArray *findings = gk_privacy_report_get_findings (report);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) copy = g_file_new_for_path ("/nonexistent/copy.docx");
  g_autoptr(GError) error = NULL;

  g_assert_null (gk_privacy_report_get_not_scanned_reason (report));
  g_assert_cmpuint (findings->len, ==, 3);
  g_assert_cmpint (gk_privacy_finding_get_kind (g_ptr_array_index (findings, 0)), ==, GK_PRIVACY_KIND_ID);
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 0)), ==, 2);
  g_assert_null (finding_place (findings, 0));
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 1)), ==, 4);
  g_assert_cmpstr (finding_place (findings, 2), ==, "footer1");

  /* Word files are not rewritten: the liaison masks them in Word. */
  g_assert_false (gk_privacy_report_can_mask (report));
  g_assert_false (gk_privacy_write_masked_copy (file, copy, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_file_pptx (Fixture       *fixture,
                gconstpointer  data)
{
  const char *parts[] = {
    "[Content_Types].xml", content_types,
    "ppt/slides/slide1.xml",
    "<?xml version=\"1.0\"?><p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>封面</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
    "ppt/slides/slide2.xml",
    "<?xml version=\"1.0\"?><p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>标题</a:t></a:r></a:p>"
    "<a:p><a:r><a:t>联系人手机 138-0000-5678</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
    NULL
  };
  g_autofree char *path = write_zip (fixture, "汇报.pptx", parts);
  g_autoptr(GkPrivacyReport) report = scan_path (path);
  GPtrArray *findings = gk_privacy_report_get_findings (report);
  g_autofree char *location = NULL;

  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpuint (gk_privacy_finding_get_page (g_ptr_array_index (findings, 0)), ==, 2);
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 0)), ==, 2);
  location = gk_privacy_finding_dup_location (g_ptr_array_index (findings, 0));
  g_assert_cmpstr (location, ==, "page 2, line 2");
}

static char *
write_pdf (Fixture    *fixture,
           const char *name,
           const char *text)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  if (text != NULL)
    {
      /* Page 1 blank of numbers, page 2 with the text. */
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *font = pango_font_description_from_string ("Sans 12");

      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, "城乡低保对象公示", -1);
      cairo_move_to (cr, 50, 50);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
      pango_layout_set_text (layout, text, -1);
      cairo_move_to (cr, 50, 50);
      pango_cairo_show_layout (cr, layout);
      pango_font_description_free (font);
      g_object_unref (layout);
    }
  else
    {
      /* A scanned page: a picture and nothing else. */
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 100);
      cairo_t *painter = cairo_create (image);

      cairo_set_source_rgb (painter, 0.9, 0.9, 0.9);
      cairo_paint (painter);
      cairo_destroy (painter);
      cairo_set_source_surface (cr, image, 50, 50);
      cairo_paint (cr);
      cairo_surface_destroy (image);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return path;
}

static void
test_file_pdf (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *text = g_strdup_printf ("序号 姓名 身份证号\n1 张三 %s\n", id);
  g_autofree char *path = write_pdf (fixture, "公示.pdf", text);
  g_autofree char *image_path = write_pdf (fixture, "扫描件.pdf", NULL);
  g_autoptr(GkPrivacyReport) report = scan_path (path);
  g_autoptr(GkPrivacyReport) image_report = scan_path (image_path);
  GPtrArray *findings = gk_privacy_report_get_findings (report);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.pdf", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;

  g_assert_null (gk_privacy_report_get_not_scanned_reason (report));
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpint (gk_privacy_finding_get_kind (g_ptr_array_index (findings, 0)), ==, GK_PRIVACY_KIND_ID);
  g_assert_cmpuint (gk_privacy_finding_get_page (g_ptr_array_index (findings, 0)), ==, 2);
  g_assert_cmpuint (gk_privacy_finding_get_line (g_ptr_array_index (findings, 0)), ==, 2);

  assert_not_scanned (image_report, "no text layer");

  g_assert_false (gk_privacy_write_masked_copy (file, copy, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static gboolean
is_mapped (const char *library)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, library) != NULL;
}

/*
 * poppler and libarchive are mapped when a document is first read, not when the program
 * starts (gk-privacy-documents.c). In a fresh process, since the module stays loaded;
 * libarchive is not looked for, as this program writes its Office fixtures with it.
 */
static void
test_documents_on_demand (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *text_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(GkPrivacyReport) text_report = NULL;
  g_autoptr(GkPrivacyReport) pdf_report = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  text_path = write_file (fixture, "名单.txt", id, -1);
  pdf_path = write_pdf (fixture, "公示.pdf", id);
  g_assert_false (is_mapped ("libpoppler"));

  text_report = scan_path (text_path);
  g_assert_cmpuint (gk_privacy_report_get_findings (text_report)->len, ==, 1);
  g_assert_false (is_mapped ("gk-documents.so"));
  g_assert_false (is_mapped ("libpoppler"));

  pdf_report = scan_path (pdf_path);
  g_assert_cmpuint (gk_privacy_report_get_findings (pdf_report)->len, ==, 1);
  g_assert_true (is_mapped ("gk-documents.so"));
  g_assert_true (is_mapped ("libpoppler"));
}

/* Without the module, a document gets one sentence that says what to do; text files still scan. */
static void
test_documents_missing (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *text_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(GFile) pdf = NULL;
  g_autoptr(GkPrivacyReport) text_report = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  gk_privacy_set_documents_module ("/nonexistent/gk-documents.so");
  pdf_path = write_pdf (fixture, "公示.pdf", id);
  pdf = g_file_new_for_path (pdf_path);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_null (gk_privacy_scan_file (pdf, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_nonnull (strstr (error->message, "/nonexistent/gk-documents.so"));
      g_assert_true (g_str_has_suffix (error->message, "Reinstall gongkai-liaison."));
      g_clear_error (&error);
    }

  text_path = write_file (fixture, "名单.txt", id, -1);
  text_report = scan_path (text_path);
  g_assert_cmpuint (gk_privacy_report_get_findings (text_report)->len, ==, 1);
}

static void
test_file_unreadable (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0";
  static const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0";
  g_autofree char *corrupt = write_file (fixture, "坏.xlsx", "PK\003\004 this is not really a zip at all", -1);
  g_autofree char *truncated = NULL;
  g_autofree char *doc = write_file (fixture, "旧.doc", ole2, sizeof ole2 - 1);
  g_autofree char *image = write_file (fixture, "照片.png", png, sizeof png - 1);
  g_autofree char *binary = write_file (fixture, "data.bin", "\x01\x02\0\x03\xff\xfe\0\0", 8);
  g_autoptr(GkPrivacyReport) corrupt_report = scan_path (corrupt);
  g_autoptr(GkPrivacyReport) doc_report = scan_path (doc);
  g_autoptr(GkPrivacyReport) image_report = scan_path (image);
  g_autoptr(GkPrivacyReport) binary_report = scan_path (binary);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/名单.csv");
  g_autoptr(GError) error = NULL;

  assert_not_scanned (corrupt_report, "damaged");
  assert_not_scanned (doc_report, "legacy Office");
  assert_not_scanned (image_report, "image");
  assert_not_scanned (binary_report, "check it by hand");

  /* A real workbook cut in half. */
  {
    g_autofree char *id = make_id ("43060219900101123");
    g_autofree char *whole = write_xlsx (fixture, id, id);
    g_autofree char *bytes = NULL;
    g_autoptr(GkPrivacyReport) truncated_report = NULL;
    gsize length;

    g_file_get_contents (whole, &bytes, &length, &error);
    g_assert_no_error (error);
    truncated = write_file (fixture, "半个.xlsx", bytes, length / 2);
    truncated_report = scan_path (truncated);
    assert_not_scanned (truncated_report, "damaged");
  }

  g_assert_null (gk_privacy_scan_file (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* ---------------------------------------------------------------------------
 * gongkai scan
 */

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *id = make_id ("43060219900101123");
  g_autofree char *body = g_strdup_printf ("张三\n身份证 %s\n", id);
  g_autofree char *dirty = write_file (fixture, "dirty.txt", body, -1);
  g_autofree char *clean = write_file (fixture, "clean.txt", "岳政办发〔2017〕17号 430602********1235\n", -1);
  g_autofree char *scanned_pdf = write_pdf (fixture, "scan.pdf", NULL);
  g_autofree char *suspect = write_file (fixture, "suspect.txt", "李四 430602199003071234\n", -1);
  g_autofree char *masked = g_strdup_printf ("430602********%s", id + 14);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *files;
  JsonObject *first, *finding;
  int status;

  status = gk_test_run_cli (fixture->dir, NULL, &out, &err, "scan", clean, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "no personal information found"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = gk_test_run_cli (fixture->dir, NULL, &out, &err, "scan", dirty, clean, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "dirty.txt: line 2: identity number "));
  g_assert_nonnull (strstr (out, masked));
  g_assert_nonnull (strstr (out, "(high confidence)"));
  g_assert_null (strstr (out, id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A wrong check digit: still reported, as a suspected number of medium confidence. */
  status = gk_test_run_cli (fixture->dir, NULL, &out, &err, "scan", suspect, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "suspect.txt: line 1: suspected identity number, wrong check digit 430602********1234 (medium confidence)"));
  g_assert_null (strstr (out, "430602199003071234"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = gk_test_run_cli (fixture->dir, NULL, &out, &err, "scan", scanned_pdf, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "not scanned — check by hand"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = gk_test_run_cli (fixture->dir, NULL, &out, &err, "scan", "--format", "json", dirty, scanned_pdf, "/nonexistent/x.csv", NULL);
  g_assert_cmpint (status, ==, 1);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  files = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (files), ==, 3);
  first = json_array_get_object_element (files, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "findings");
  finding = json_array_get_object_element (json_object_get_array_member (first, "findings"), 0);
  g_assert_cmpstr (json_object_get_string_member (finding, "kind"), ==, "id");
  g_assert_cmpstr (json_object_get_string_member (finding, "masked"), ==, masked);
  g_assert_cmpstr (json_object_get_string_member (finding, "confidence"), ==, "high");
  g_assert_cmpint (json_object_get_int_member (finding, "line"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 1), "status"), ==, "not-scanned");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 2), "status"), ==, "not-scanned");
  g_assert_nonnull (strstr (err, "/nonexistent/x.csv"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = gk_test_run_cli (fixture->dir, NULL, &out, &err, "scan", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = gk_test_run_cli (fixture->dir, NULL, &out, &err, "scan", "--format", "xml", clean, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "xml"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GkDevSwitches) switches = gk_dev_switches_new_from_environment ();

  g_test_init (&argc, &argv, NULL);
  gk_privacy_set_documents_module (switches->documents_module);

  g_test_add_func ("/privacy/id/valid", test_id_valid);
  g_test_add_func ("/privacy/id/x-check-digit", test_id_x_check_digit);
  g_test_add_func ("/privacy/id/invalid", test_id_invalid);
  g_test_add_func ("/privacy/id/suspect", test_id_suspect);
  g_test_add_func ("/privacy/id/separators", test_id_separators);
  g_test_add_func ("/privacy/id/15-digit", test_id15);
  g_test_add_func ("/privacy/every-offset", test_every_offset);
  g_test_add_func ("/privacy/full-width-digits", test_fullwidth);
  g_test_add_func ("/privacy/mobile", test_mobile);
  g_test_add_func ("/privacy/bank-card", test_bank_card);
  g_test_add_func ("/privacy/not-flagged", test_not_flagged);
  g_test_add_func ("/privacy/mask-text", test_mask_text);
  g_test_add ("/privacy/file/gb18030-csv", Fixture, NULL, fixture_set_up, test_file_gb18030_csv, fixture_tear_down);
  g_test_add ("/privacy/file/gb18030-after-ascii", Fixture, NULL, fixture_set_up, test_file_gb18030_late, fixture_tear_down);
  g_test_add ("/privacy/file/utf8-text", Fixture, NULL, fixture_set_up, test_file_utf8_text, fixture_tear_down);
  g_test_add ("/privacy/file/xlsx", Fixture, NULL, fixture_set_up, test_file_xlsx, fixture_tear_down);
  g_test_add ("/privacy/file/xlsx-escaping", Fixture, NULL, fixture_set_up, test_file_xlsx_escaping, fixture_tear_down);
  g_test_add ("/privacy/file/docx", Fixture, NULL, fixture_set_up, test_file_docx, fixture_tear_down);
  g_test_add ("/privacy/file/pptx", Fixture, NULL, fixture_set_up, test_file_pptx, fixture_tear_down);
  g_test_add ("/privacy/file/pdf", Fixture, NULL, fixture_set_up, test_file_pdf, fixture_tear_down);
  g_test_add ("/privacy/file/documents-on-demand", Fixture, NULL, fixture_set_up, test_documents_on_demand, fixture_tear_down);
  g_test_add ("/privacy/file/documents-missing", Fixture, NULL, fixture_set_up, test_documents_missing, fixture_tear_down);
  g_test_add ("/privacy/file/unreadable", Fixture, NULL, fixture_set_up, test_file_unreadable, fixture_tear_down);
  g_test_add ("/privacy/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
