/* A single-pass scanner for resident ID, mobile and bank card numbers in UTF-8 text. */
#define G_LOG_DOMAIN "gk-privacy"

#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif

#include "gk-privacy-private.h"
#include "gk-privacy-scanner.h"

/* A run holds every digit of a number written with single spaces or hyphens
 * between groups; 128 fits any realistic run, longer ones are cut at a group
 * boundary (see collect_run). */
#define MAX_DIGITS 128
#define MAX_GROUPS 64
/* A candidate number has 11 (mobile) to 19 (bank card) digits. */
#define MIN_CANDIDATE 11
#define MAX_CANDIDATE 19
/* How far before a number we look for words such as 手机 or 卡号. */
#define CONTEXT_BYTES 36

#define REGIONS_RESOURCE "/io/github/gongkai/Liaison/privacy/regions.tsv"

typedef struct
{
  char    digits[MAX_DIGITS];     /* '0'..'9', or 'X' as the last of an identity number */
  guint32 start[MAX_DIGITS];      /* byte offset of each digit in the buffer */
  guint8  width[MAX_DIGITS];      /* 1, or 3 for a full-width digit */
  guint   n;
  guint   group[MAX_GROUPS + 1];  /* digit index where each group starts; group[n_groups] == n */
  guint   n_groups;
} Run;

/* Which candidates a run's surroundings allow. */
typedef struct
{
  gboolean first_ok;  /* the first group may begin a number */
  gboolean last_ok;   /* the last group may end one */
} Bounds;

static guint8 provinces[100];
static guint8 prefectures[10000];

/* 1 for an ASCII digit, 2 for 0xEF, the first byte of a full-width digit; 0 for
 * every byte the main loop skips without a second look. */
static const guint8 interesting[256] = {
  ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
  ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
  [0xEF] = 2,
};

static void
load_regions (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *data, *end, *line;
  gsize size;

  bytes = g_resources_lookup_data (REGIONS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The region table %s is missing from the core resources: %s", REGIONS_RESOURCE, error->message);

  data = g_bytes_get_data (bytes, &size);
  end = data + size;

  for (line = data; line < end; )
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *p = line;
      int code = 0;
      guint n = 0;

      if (eol == NULL)
        eol = end;
      for (; p < eol && g_ascii_isdigit (*p); p++, n++)
        code = code * 10 + (*p - '0');

      if (line[0] != '#' && n == 2)
        provinces[code] = 1;
      else if (line[0] != '#' && n == 4)
        prefectures[code] = 1;

      line = eol + 1;
    }
}

static void
ensure_regions (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      load_regions ();
      g_once_init_leave (&loaded, 1);
    }
}

static inline guint
digit_width (const guint8 *p,
             const guint8 *end)
{
  if (*p >= '0' && *p <= '9')
    return 1;
  /* U+FF10..U+FF19, FULLWIDTH DIGIT ZERO..NINE */
  if (*p == 0xEF && end - p >= 3 && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
    return 3;
  return 0;
}

static inline char
digit_value (const guint8 *p)
{
  return *p == 0xEF ? (char) ('0' + (p[2] - 0x90)) : (char) *p;
}

/* Collects the number starting at @p: digits with single spaces or hyphens
 * between groups, and an X after 17 digits. Returns where the run ends. */
static const guint8 *
collect_run (const guint8 *text,
             const guint8 *p,
             const guint8 *end,
             Run          *run)
{
  guint group_length = 0;
  gboolean overflow = FALSE;

  run->n = 0;
  run->n_groups = 1;
  run->group[0] = 0;

  while (p < end)
    {
      guint w = digit_width (p, end);

      if (w > 0)
        {
          if (run->n < MAX_DIGITS)
            {
              run->digits[run->n] = digit_value (p);
              run->start[run->n] = (guint32) (p - text);
              run->width[run->n] = (guint8) w;
              run->n++;
            }
          else
            overflow = TRUE;
          group_length++;
          p += w;
        }
      else if ((*p == 'X' || *p == 'x') && (group_length == 17 || run->n == 17) && run->n < MAX_DIGITS)
        {
          run->digits[run->n] = 'X';
          run->start[run->n] = (guint32) (p - text);
          run->width[run->n] = 1;
          run->n++;
          p++;
          break;
        }
      else if ((*p == ' ' || *p == '-') && p + 1 < end && digit_width (p + 1, end) > 0
               && !overflow && run->n_groups < MAX_GROUPS && run->n + MAX_CANDIDATE + 1 < MAX_DIGITS)
        {
          /* A separator between two digits starts a new group, as long as the
           * run can still hold a whole number after it. */
          run->group[run->n_groups++] = run->n;
          group_length = 0;
          p++;
        }
      else
        break;
    }

  run->group[run->n_groups] = run->n;
  return p;
}

/* The character before @p, or 0 at the start of the buffer or after a broken sequence. */
static gunichar
char_before (const guint8 *text,
             const guint8 *p)
{
  const guint8 *q = p;

  if (q == text)
    return 0;
  q--;
  if (*q < 0x80)
    return *q;
  while (q > text && p - q < 4 && (*q & 0xC0) == 0x80)
    q--;
  return g_utf8_get_char_validated ((const char *) q, p - q);
}

static gunichar
char_after (const guint8 *p,
            const guint8 *end)
{
  gunichar c;

  if (p >= end)
    return 0;
  if (*p < 0x80)
    return *p;
  c = g_utf8_get_char_validated ((const char *) p, MIN (end - p, 4));
  return c == (gunichar) -1 || c == (gunichar) -2 ? 0 : c;
}

static inline gboolean
is_mask_char (gunichar c)
{
  return c == '*' || c == 0xFF0A /* ＊ */ || c == 0x00D7 /* × */;
}

/* Letters glued to the digits make them part of a code, a hash or a serial number. */
static inline gboolean
is_word_char (gunichar c)
{
  return (c < 0x80 && g_ascii_isalpha (c)) || c == '_';
}

static Bounds
check_bounds (const guint8 *text,
              const guint8 *end,
              const Run    *run,
              const guint8 *run_end)
{
  const guint8 *first = text + run->start[0];
  gunichar before = char_before (text, first);
  gunichar after = char_after (run_end, end);
  Bounds bounds = { TRUE, TRUE };

  /* 430602********123X and 138****5678 are already masked. */
  if (is_mask_char (before) || is_mask_char (after))
    return (Bounds) { FALSE, FALSE };

  if (is_word_char (before)
      /* the decimals of an amount: 0.13800000000 */
      || (before == '.' && first - 1 > text && g_ascii_isdigit (first[-2]))
      /* currency signs: ¥ ￥ $ */
      || before == 0x00A5 || before == 0xFFE5 || before == '$'
      /* the year of a document number: 〔2017〕, [2017], ［2017］ */
      || before == 0x3014 || before == '[' || before == 0xFF3B)
    bounds.first_ok = FALSE;

  switch (after)
    {
    case '.':
      /* 13800000000.00 is an amount, but a full stop ending a sentence is not */
      if (run_end + 1 < end && g_ascii_isdigit (run_end[1]))
        bounds.last_ok = FALSE;
      break;
    case 0x5143: /* 元 */
    case 0x4E07: /* 万 */
    case 0x4EBF: /* 亿 */
    case '%':
    case 0xFF05: /* ％ */
    case 0x5E74: /* 年 */
    case 0x6708: /* 月 */
    case 0x65E5: /* 日 */
    case 0x53F7: /* 号: 〔2017〕17号 and other document numbers */
    case 0x3015: /* 〕 */
    case ']':
    case 0xFF3D: /* ］ */
      bounds.last_ok = FALSE;
      break;
    default:
      if (is_word_char (after))
        bounds.last_ok = FALSE;
    }

  return bounds;
}

/* Whether one of @words (UTF-8, NULL-terminated) ends within CONTEXT_BYTES before @p. */
static gboolean
has_context (const guint8       *text,
             const guint8       *p,
             const char * const *words)
{
  const guint8 *from = p - text > CONTEXT_BYTES ? p - CONTEXT_BYTES : text;

  for (; *words != NULL; words++)
    {
      gsize n = strlen (*words);
      const guint8 *q;

      for (q = from; q + n <= p; q++)
        if (*q == (guint8) (*words)[0] && memcmp (q, *words, n) == 0)
          return TRUE;
    }

  return FALSE;
}

static gboolean
region_known (const char *d,
              gboolean   *prefecture_known)
{
  int province = (d[0] - '0') * 10 + (d[1] - '0');
  int prefecture = province * 100 + (d[2] - '0') * 10 + (d[3] - '0');

  *prefecture_known = prefectures[prefecture] != 0;
  return provinces[province] != 0;
}

static gboolean
date_plausible (const GkPrivacyScan *scan,
                int                  year,
                int                  month,
                int                  day)
{
  if (year < 1900 || year > scan->this_year)
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  return year * 10000 + month * 100 + day <= scan->today;
}

static inline int
number_at (const char *d,
           guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (d[i] - '0');
  return value;
}

static gboolean
id18_shaped (const GkPrivacyScan *scan,
             const char          *d,
             gboolean            *prefecture_known)
{
  for (guint i = 0; i < 17; i++)
    if (d[i] == 'X')
      return FALSE;

  return region_known (d, prefecture_known)
         && date_plausible (scan, number_at (d + 6, 4), number_at (d + 10, 2), number_at (d + 12, 2));
}

/* ISO 7064 MOD 11-2, as GB 11643-1999 specifies. */
static gboolean
id18_checksum_ok (const char *d)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check[] = "10X98765432";
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (d[i] - '0') * weights[i];

  return check[sum % 11] == d[17];
}

static gboolean
luhn_ok (const char *d,
         guint       n)
{
  int sum = 0;

  for (guint i = 0; i < n; i++)
    {
      int v = d[n - 1 - i] - '0';

      if (i % 2 == 1)
        {
          v *= 2;
          if (v > 9)
            v -= 9;
        }
      sum += v;
    }

  return sum % 10 == 0;
}

/* The issuer prefixes we accept; see docs/privacy.md for where they come from. */
static gboolean
card_issuer_known (const char *d)
{
  int two = number_at (d, 2);
  int four = number_at (d, 4);

  return d[0] == '4'                       /* Visa */
         || two == 62                      /* China UnionPay */
         || two == 60                      /* older UnionPay-branded domestic cards, 601382… */
         || (two >= 51 && two <= 55)       /* Mastercard */
         || (four >= 2221 && four <= 2720) /* Mastercard 2-series */
         || (four >= 3528 && four <= 3589) /* JCB */
         || four == 9558;                  /* ICBC's 19-digit 牡丹灵通卡 */
}

static gboolean
mobile_shaped (const char *d)
{
  return d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* Counts the newlines from *@mark to @to into @line, and moves the mark there. */
static void
count_newlines (const guint8 **mark,
                const guint8  *to,
                guint         *line)
{
  const guint8 *q = *mark;

  while ((q = memchr (q, '\n', to - q)) != NULL)
    {
      (*line)++;
      q++;
    }
  *mark = to;
}

static void
emit (GkPrivacyScan       *scan,
      const Run           *run,
      guint                first,
      guint                last,
      gsize                base_offset,
      GkPrivacyKind        kind,
      GkPrivacyConfidence  confidence,
      const char          *masked,
      const guint8        *text,
      const guint8       **line_mark,
      guint               *line)
{
  gsize offset = run->start[first];
  gsize length = run->start[last] + run->width[last] - offset;
  GkPrivacyFinding *finding = gk_privacy_finding_new (kind, confidence, base_offset + offset, length, masked);
  guint finding_line = 0;

  if (line != NULL)
    {
      count_newlines (line_mark, text + offset, line);
      finding_line = *line;
    }

  gk_privacy_finding_set_position (finding, finding_line, scan->page, scan->place);
  g_ptr_array_add (scan->findings, finding);
}

/* Classifies digits [first, last] of @run. Returns TRUE when they are a finding. */
static gboolean
classify (GkPrivacyScan  *scan,
          const Run      *run,
          guint           first,
          guint           last,
          gsize           base_offset,
          const guint8   *text,
          const guint8  **line_mark,
          guint          *line)
{
  static const char * const phone_words[] = { "手机", "电话", "联系", "+86", "Tel", "TEL", "tel", "Mobile", "mobile", NULL };
  static const char * const card_words[] = { "卡", "账号", "帐号", "银行", "开户", NULL };
  const char *d = run->digits + first;
  guint n = last - first + 1;
  const guint8 *at = text + run->start[first];
  char masked[MAX_CANDIDATE + 1];
  gboolean prefecture_known;

  if (memchr (d, 'X', n - 1) != NULL)
    return FALSE;

  if (n == 18 && id18_shaped (scan, d, &prefecture_known))
    {
      gboolean checksum_ok = id18_checksum_ok (d);

      /* A wrong check digit is most often a typing error in a real number, whose
       * region and birth date still point at one person: a finding, less sure,
       * where the prefecture is known. Either way never a bank card. */
      if (!checksum_ok && !prefecture_known)
        return FALSE;
      memcpy (masked, d, 6);
      memset (masked + 6, '*', 8);
      memcpy (masked + 14, d + 14, 4);
      masked[18] = '\0';
      emit (scan, run, first, last, base_offset, checksum_ok ? GK_PRIVACY_KIND_ID : GK_PRIVACY_KIND_ID_SUSPECT,
            checksum_ok && prefecture_known ? GK_PRIVACY_CONFIDENCE_HIGH : GK_PRIVACY_CONFIDENCE_MEDIUM,
            masked, text, line_mark, line);
      return TRUE;
    }

  if (d[n - 1] == 'X')
    return FALSE;

  /* +86 138 0000 5678, 0086 13800005678: the finding is the national number. */
  if ((n == 13 && d[0] == '8' && d[1] == '6' && mobile_shaped (d + 2))
      || (n == 15 && memcmp (d, "0086", 4) == 0 && mobile_shaped (d + 4)))
    {
      guint national = first + n - 11;

      memcpy (masked, d + n - 11, 3);
      memset (masked + 3, '*', 4);
      memcpy (masked + 7, d + n - 4, 4);
      masked[11] = '\0';
      emit (scan, run, national, last, base_offset, GK_PRIVACY_KIND_MOBILE,
            GK_PRIVACY_CONFIDENCE_HIGH, masked, text, line_mark, line);
      return TRUE;
    }

  if (n == 15)
    {
      if (!region_known (d, &prefecture_known)
          || !date_plausible (scan, 1900 + number_at (d + 6, 2), number_at (d + 8, 2), number_at (d + 10, 2)))
        return FALSE;
      memcpy (masked, d, 6);
      memset (masked + 6, '*', 5);
      memcpy (masked + 11, d + 11, 4);
      masked[15] = '\0';
      /* Without a check digit, one number in a hundred of random ones looks
       * like this: never more than medium. */
      emit (scan, run, first, last, base_offset, GK_PRIVACY_KIND_ID15,
            GK_PRIVACY_CONFIDENCE_MEDIUM, masked, text, line_mark, line);
      return TRUE;
    }

  if (n == 11)
    {
      if (!mobile_shaped (d))
        return FALSE;
      memcpy (masked, d, 3);
      memset (masked + 3, '*', 4);
      memcpy (masked + 7, d + 7, 4);
      masked[11] = '\0';
      emit (scan, run, first, last, base_offset, GK_PRIVACY_KIND_MOBILE,
            has_context (text, at, phone_words) ? GK_PRIVACY_CONFIDENCE_HIGH : GK_PRIVACY_CONFIDENCE_MEDIUM,
            masked, text, line_mark, line);
      return TRUE;
    }

  if (n >= 16 && n <= 19 && card_issuer_known (d) && luhn_ok (d, n))
    {
      memset (masked, '*', n - 4);
      memcpy (masked + n - 4, d + n - 4, 4);
      masked[n] = '\0';
      emit (scan, run, first, last, base_offset, GK_PRIVACY_KIND_BANK_CARD,
            has_context (text, at, card_words) ? GK_PRIVACY_CONFIDENCE_HIGH : GK_PRIVACY_CONFIDENCE_MEDIUM,
            masked, text, line_mark, line);
      return TRUE;
    }

  return FALSE;
}

static inline guint
group_length (const Run *run,
              guint      g)
{
  return run->group[g + 1] - run->group[g];
}

/* Tries the groups of a run as one number, then the longest numbers made of
 * consecutive groups, so "430602199001011234 13800000000" gives two findings
 * and "4306 0219 9001 0112 34" one. */
static void
evaluate_run (GkPrivacyScan  *scan,
              const Run      *run,
              Bounds          bounds,
              gsize           base_offset,
              const guint8   *text,
              const guint8  **line_mark,
              guint          *line)
{
  guint last_group = run->n_groups - 1;

  for (guint i = 0; i <= last_group; i++)
    {
      if (i == 0 && !bounds.first_ok)
        continue;

      for (guint j = last_group + 1; j-- > i; )
        {
          guint n = run->group[j + 1] - run->group[i];
          gboolean grouped = TRUE;

          if (n < MIN_CANDIDATE)
            break;
          if (n > MAX_CANDIDATE || (j == last_group && !bounds.last_ok))
            continue;

          /* Groups of one or two digits are dates and lists, not parts of a
           * number; only a leading 86 (+86 138 …) is that short. */
          for (guint k = i; k < j && grouped; k++)
            grouped = group_length (run, k) >= 3
                      || (k == i && group_length (run, k) == 2 && run->digits[run->group[k]] == '8'
                          && run->digits[run->group[k] + 1] == '6');
          if (!grouped)
            continue;

          if (classify (scan, run, run->group[i], run->group[j + 1] - 1, base_offset, text, line_mark, line))
            {
              i = j;
              break;
            }
        }
    }
}

#ifdef __SSE2__
/*
 * The skip loop: from where it is entered, it goes to where a number of at
 * least 11 digits can start -- 11 bytes in a row that can be part of a
 * number (a digit, or a space or hyphen with a digit right after it), or a
 * full-width digit. Years, days, amounts and list numbers never stop it,
 * which matters: text for the public has a number every dozen bytes, and each
 * stop costs a mispredicted branch. On the way it checks that the text looks
 * like UTF-8: a lead byte followed by a continuation byte, never ASCII
 * followed by one. That is not full validation, but GB18030 text fails it
 * within a few Chinese characters, at no cost next to a separate
 * g_utf8_validate() pass. It also counts the newlines it passes, so lines
 * need no second pass over the text.
 *
 * It looks at the text in steps of 16 bytes from where it is entered, and
 * leaves the last 17 to 32 bytes to the byte loop; where it stops and which
 * bytes it checks follow from that alone (tests/test-privacy.c holds the
 * rule as a reference), whether it takes 16 bytes at a time (SSE2), 32
 * (AVX2) or 64 (AVX-512BW), the widest the CPU has.
 */

/* Bits of one block of W bytes (16, 32 or 64), besides those of number_bits_*(). */
typedef struct
{
  guint64 wide;     /* starts a full-width digit, EF BC 90..99 */
  guint64 bad;      /* not followed as UTF-8 requires */
  guint64 newline;
} Block;

#define LOW_BITS(n) ((n) >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << (n)) - 1)

static inline __attribute__ ((always_inline)) __m128i
in_range_128 (__m128i v,
              char    low,
              char    high)
{
  /* Unsigned low <= v <= high: subtract low, then the minimum trick. */
  __m128i d = _mm_sub_epi8 (v, _mm_set1_epi8 (low));

  return _mm_cmpeq_epi8 (_mm_min_epu8 (d, _mm_set1_epi8 ((char) (high - low))), d);
}

/* Bit i set when byte i of the 16 at @p can be part of a number (above); reads @p[16] too. */
static inline __attribute__ ((always_inline)) guint64
number_bits_sse2 (const guint8 *p)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) p);
  __m128i v1 = _mm_loadu_si128 ((const __m128i *) (p + 1));
  __m128i separator = _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (' ')), _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('-')));
  __m128i number = _mm_or_si128 (in_range_128 (v, '0', '9'), _mm_and_si128 (separator, in_range_128 (v1, '0', '9')));

  return (guint32) _mm_movemask_epi8 (number);
}

/* The other bits of 16 bytes at @p; reads @p[17] too. */
static inline __attribute__ ((always_inline)) void
block_bits_sse2 (const guint8 *p,
                 gboolean      check,
                 Block        *block)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) p);
  __m128i v1 = _mm_loadu_si128 ((const __m128i *) (p + 1));
  __m128i v2 = _mm_loadu_si128 ((const __m128i *) (p + 2));
  __m128i wide = _mm_and_si128 (_mm_and_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ((char) 0xEF)),
                                               _mm_cmpeq_epi8 (v1, _mm_set1_epi8 ((char) 0xBC))),
                                in_range_128 (v2, (char) 0x90, (char) 0x99));

  block->wide = (guint32) _mm_movemask_epi8 (wide);
  block->newline = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\n')));
  if (check)
    {
      /* As signed bytes: continuation 0x80..0xBF is -128..-65, a lead byte
       * 0xC1..0xFF is -63..-1 (0xC0 never starts a character either way). */
      __m128i next_cont = _mm_cmplt_epi8 (v1, _mm_set1_epi8 (-64));
      __m128i lead = _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 (-64)), _mm_cmplt_epi8 (v, _mm_setzero_si128 ()));
      __m128i ascii = _mm_cmpgt_epi8 (v, _mm_set1_epi8 (-1));

      block->bad = (guint32) _mm_movemask_epi8 (_mm_or_si128 (_mm_andnot_si128 (next_cont, lead), _mm_and_si128 (ascii, next_cont)));
    }
}

static inline __attribute__ ((always_inline)) int
popcount64 (guint64 bits)
{
  return __builtin_popcountll (bits);
}

/*
 * Looks at the W bytes at @b (read at @at: in place, or a padded copy), up
 * to @limit. Returns TRUE with @stop set when a number can start there;
 * @next carries the number bits of the block after, which the window needs.
 */
static inline __attribute__ ((always_inline)) gboolean
look_at_block (const guint8  *at,
               const guint8  *b,
               const guint8  *limit,
               guint          W,
               guint64      (*number_bits) (const guint8 *),
               void         (*block_bits) (const guint8 *, gboolean, Block *),
               guint64       *next,
               gboolean      *check,
               gboolean      *invalid,
               guint         *lines,
               guint         *stop)
{
  guint64 following = number_bits (at + W);
  guint64 run11, stops, valid;
  Block block;

  block_bits (at, *check, &block);

  /* Bit i of run11: bytes i..i+10 all can be part of a number; the window
   * is this block and the next, so a run starting here is seen whole. */
  if (W == 64)
    {
      unsigned __int128 window = *next | ((unsigned __int128) following << 64);
      unsigned __int128 run8 = window & (window >> 1);

      run8 &= run8 >> 2;
      run8 &= run8 >> 4;
      run11 = (guint64) (run8 & (run8 >> 3));
    }
  else
    {
      guint64 window = *next | (following << W);
      guint64 run8 = window & (window >> 1);

      run8 &= run8 >> 2;
      run8 &= run8 >> 4;
      run11 = run8 & (run8 >> 3);
    }
  *next = following;

  valid = LOW_BITS ((guint) MIN ((ptrdiff_t) W, limit - b));
  stops = (run11 | block.wide) & valid;
  if (stops != 0)
    {
      *stop = __builtin_ctzll (stops);
      /* The UTF-8 check covers the 16 bytes the stop is in, and those before it. */
      if (*check && (block.bad & LOW_BITS ((*stop / 16 + 1) * 16)) != 0)
        *invalid = TRUE;
      *lines += popcount64 (block.newline & LOW_BITS (*stop));
      return TRUE;
    }

  if (*check && (block.bad & valid) != 0)
    {
      *invalid = TRUE;
      *check = FALSE;
    }
  *lines += popcount64 (block.newline & valid);
  return FALSE;
}

/*
 * The loop for blocks of W bytes; number_bits() and block_bits() read up to
 * W + 2 bytes. The last blocks are copied into a buffer padded with NULs,
 * which are nothing a number or UTF-8 check looks at: only bits before the
 * limit count, and the limit is 17 bytes before @end.
 */
static inline __attribute__ ((always_inline)) const guint8 *
skip_blocks (GkPrivacyScan *scan,
             const guint8  *p,
             const guint8  *end,
             guint         *newlines,
             guint          W,
             guint64      (*number_bits) (const guint8 *),
             void         (*block_bits) (const guint8 *, gboolean, Block *))
{
  gboolean check = scan->check_utf8 && !scan->invalid_utf8;
  gboolean invalid = FALSE;
  const guint8 *limit;
  const guint8 *b = p;
  guint8 padded[2 * 64 + 2];
  guint64 next;
  guint lines = 0;
  guint stop = 0;
  gboolean stopped = FALSE;

  if (end - p < 33)
    return p;
  limit = p + 16 * ((end - p - 33) / 16 + 1);

  /* In place, while this block and the next can be read whole. */
  if (end - b >= (ptrdiff_t) (2 * W + 2))
    {
      next = number_bits (b);
      for (; b < limit && end - b >= (ptrdiff_t) (2 * W + 2); b += W)
        if ((stopped = look_at_block (b, b, limit, W, number_bits, block_bits, &next, &check, &invalid, &lines, &stop)))
          break;
    }

  for (; !stopped && b < limit; b += W)
    {
      memcpy (padded, b, end - b);
      memset (padded + (end - b), 0, sizeof padded - (end - b));
      next = number_bits (padded);
      if ((stopped = look_at_block (padded, b, limit, W, number_bits, block_bits, &next, &check, &invalid, &lines, &stop)))
        break;
    }

  scan->invalid_utf8 |= invalid;
  if (newlines != NULL)
    *newlines += lines;
  return stopped ? b + stop : limit;
}

static const guint8 *
skip_sse2 (GkPrivacyScan *scan,
           const guint8  *p,
           const guint8  *end,
           guint         *newlines)
{
  return skip_blocks (scan, p, end, newlines, 16, number_bits_sse2, block_bits_sse2);
}

#define AVX2 __attribute__ ((target ("avx2,popcnt")))

static inline __attribute__ ((always_inline)) AVX2 __m256i
in_range_256 (__m256i v,
              char    low,
              char    high)
{
  __m256i d = _mm256_sub_epi8 (v, _mm256_set1_epi8 (low));

  return _mm256_cmpeq_epi8 (_mm256_min_epu8 (d, _mm256_set1_epi8 ((char) (high - low))), d);
}

static inline __attribute__ ((always_inline)) AVX2 guint64
number_bits_avx2 (const guint8 *p)
{
  __m256i v = _mm256_loadu_si256 ((const __m256i *) p);
  __m256i v1 = _mm256_loadu_si256 ((const __m256i *) (p + 1));
  __m256i separator = _mm256_or_si256 (_mm256_cmpeq_epi8 (v, _mm256_set1_epi8 (' ')), _mm256_cmpeq_epi8 (v, _mm256_set1_epi8 ('-')));
  __m256i number = _mm256_or_si256 (in_range_256 (v, '0', '9'), _mm256_and_si256 (separator, in_range_256 (v1, '0', '9')));

  return (guint32) _mm256_movemask_epi8 (number);
}

static inline __attribute__ ((always_inline)) AVX2 void
block_bits_avx2 (const guint8 *p,
                 gboolean      check,
                 Block        *block)
{
  __m256i v = _mm256_loadu_si256 ((const __m256i *) p);
  __m256i v1 = _mm256_loadu_si256 ((const __m256i *) (p + 1));
  __m256i v2 = _mm256_loadu_si256 ((const __m256i *) (p + 2));
  __m256i wide = _mm256_and_si256 (_mm256_and_si256 (_mm256_cmpeq_epi8 (v, _mm256_set1_epi8 ((char) 0xEF)),
                                                     _mm256_cmpeq_epi8 (v1, _mm256_set1_epi8 ((char) 0xBC))),
                                   in_range_256 (v2, (char) 0x90, (char) 0x99));

  block->wide = (guint32) _mm256_movemask_epi8 (wide);
  block->newline = (guint32) _mm256_movemask_epi8 (_mm256_cmpeq_epi8 (v, _mm256_set1_epi8 ('\n')));
  if (check)
    {
      __m256i next_cont = _mm256_cmpgt_epi8 (_mm256_set1_epi8 (-64), v1);
      __m256i lead = _mm256_and_si256 (_mm256_cmpgt_epi8 (v, _mm256_set1_epi8 (-64)), _mm256_cmpgt_epi8 (_mm256_setzero_si256 (), v));
      __m256i ascii = _mm256_cmpgt_epi8 (v, _mm256_set1_epi8 (-1));

      block->bad = (guint32) _mm256_movemask_epi8 (_mm256_or_si256 (_mm256_andnot_si256 (next_cont, lead), _mm256_and_si256 (ascii, next_cont)));
    }
}

static AVX2 const guint8 *
skip_avx2 (GkPrivacyScan *scan,
           const guint8  *p,
           const guint8  *end,
           guint         *newlines)
{
  return skip_blocks (scan, p, end, newlines, 32, number_bits_avx2, block_bits_avx2);
}

/* AVX-512BW compares straight into bit masks: no movemask, and unsigned ranges in one step. */
#define AVX512 __attribute__ ((target ("avx512f,avx512bw,popcnt")))

static inline __attribute__ ((always_inline)) AVX512 guint64
number_bits_avx512 (const guint8 *p)
{
  __m512i v = _mm512_loadu_si512 ((const void *) p);
  __m512i v1 = _mm512_loadu_si512 ((const void *) (p + 1));
  __mmask64 separator = _mm512_cmpeq_epi8_mask (v, _mm512_set1_epi8 (' ')) | _mm512_cmpeq_epi8_mask (v, _mm512_set1_epi8 ('-'));
  __mmask64 digit = _mm512_cmple_epu8_mask (_mm512_sub_epi8 (v, _mm512_set1_epi8 ('0')), _mm512_set1_epi8 (9));
  __mmask64 next_digit = _mm512_cmple_epu8_mask (_mm512_sub_epi8 (v1, _mm512_set1_epi8 ('0')), _mm512_set1_epi8 (9));

  return digit | (separator & next_digit);
}

static inline __attribute__ ((always_inline)) AVX512 void
block_bits_avx512 (const guint8 *p,
                   gboolean      check,
                   Block        *block)
{
  __m512i v = _mm512_loadu_si512 ((const void *) p);
  __m512i v1 = _mm512_loadu_si512 ((const void *) (p + 1));
  __m512i v2 = _mm512_loadu_si512 ((const void *) (p + 2));

  block->wide = _mm512_cmpeq_epi8_mask (v, _mm512_set1_epi8 ((char) 0xEF))
                & _mm512_cmpeq_epi8_mask (v1, _mm512_set1_epi8 ((char) 0xBC))
                & _mm512_cmple_epu8_mask (_mm512_sub_epi8 (v2, _mm512_set1_epi8 ((char) 0x90)), _mm512_set1_epi8 (9));
  block->newline = _mm512_cmpeq_epi8_mask (v, _mm512_set1_epi8 ('\n'));
  if (check)
    {
      __mmask64 next_cont = _mm512_cmplt_epi8_mask (v1, _mm512_set1_epi8 (-64));
      __mmask64 lead = _mm512_cmpgt_epi8_mask (v, _mm512_set1_epi8 (-64)) & _mm512_cmplt_epi8_mask (v, _mm512_setzero_si512 ());
      __mmask64 ascii = _mm512_cmpgt_epi8_mask (v, _mm512_set1_epi8 (-1));

      block->bad = (lead & ~next_cont) | (ascii & next_cont);
    }
}

static AVX512 const guint8 *
skip_avx512 (GkPrivacyScan *scan,
             const guint8  *p,
             const guint8  *end,
             guint         *newlines)
{
  return skip_blocks (scan, p, end, newlines, 64, number_bits_avx512, block_bits_avx512);
}
#endif

/**
 * gk_privacy_scan_skip:
 * @newlines: (inout) (nullable): incremented by the newlines skipped
 *
 * Returns: where in @text the byte loop looks next; @text itself without a
 *   vector unit, where the byte loop looks at everything
 */
const char *
gk_privacy_scan_skip (GkPrivacyScan *scan,
                      const char    *text,
                      const char    *end,
                      guint         *newlines)
{
  const guint8 *p = (const guint8 *) text;

  switch (scan->vector)
    {
#ifdef __SSE2__
    case GK_PRIVACY_VECTOR_AVX512:
      return (const char *) skip_avx512 (scan, p, (const guint8 *) end, newlines);
    case GK_PRIVACY_VECTOR_AVX2:
      return (const char *) skip_avx2 (scan, p, (const guint8 *) end, newlines);
    case GK_PRIVACY_VECTOR_SSE2:
      return (const char *) skip_sse2 (scan, p, (const guint8 *) end, newlines);
#endif
    case GK_PRIVACY_VECTOR_NONE:
    default:
      return text;
    }
}

void
gk_privacy_scan_init (GkPrivacyScan *scan,
                      GPtrArray     *findings)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  ensure_regions ();

  memset (scan, 0, sizeof *scan);
  scan->findings = findings;
#ifdef __SSE2__
  if (__builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("popcnt"))
    scan->vector = GK_PRIVACY_VECTOR_AVX512;
  else if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("popcnt"))
    scan->vector = GK_PRIVACY_VECTOR_AVX2;
  else
    scan->vector = GK_PRIVACY_VECTOR_SSE2;
#endif
  scan->this_year = g_date_time_get_year (now);
  scan->today = scan->this_year * 10000 + g_date_time_get_month (now) * 100 + g_date_time_get_day_of_month (now);
}

/**
 * gk_privacy_scan_buffer:
 * @base_offset: added to the offsets of the findings
 * @line: (inout) (nullable): the line @text starts on; on return, the line it
 *   ends on. %NULL leaves the line of the findings at 0.
 *
 * Scans @text in one pass and appends what it finds to @scan's findings.
 */
void
gk_privacy_scan_buffer (GkPrivacyScan *scan,
                        const char    *text,
                        gsize          length,
                        gsize          base_offset,
                        guint         *line)
{
  const guint8 *start = (const guint8 *) text;
  const guint8 *end = start + length;
  const guint8 *p = start;
  const guint8 *line_mark = start;
  Run run;

  g_assert (length <= G_MAXUINT32);

#ifndef __SSE2__
  if (scan->check_utf8 && !scan->invalid_utf8 && !g_utf8_validate_len (text, length, NULL))
    scan->invalid_utf8 = TRUE;
#endif

  while (p < end)
    {
      const guint8 *run_end;

      if (line != NULL)
        {
          /* Newlines are counted up to line_mark; the skip loop counts those it passes. */
          count_newlines (&line_mark, p, line);
          p = (const guint8 *) gk_privacy_scan_skip (scan, (const char *) p, (const char *) end, line);
          line_mark = p;
        }
      else
        p = (const guint8 *) gk_privacy_scan_skip (scan, (const char *) p, (const char *) end, NULL);

      /* The byte loop: for the tail, or everywhere without a vector unit. */
      while (p + 4 <= end && !(interesting[p[0]] | interesting[p[1]] | interesting[p[2]] | interesting[p[3]]))
        p += 4;
      while (p < end && !interesting[*p])
        p++;
      if (p == end)
        break;

      /* Most runs are years, days, amounts and list numbers: too short, and
       * ended by something that cannot continue a number. Skip them before
       * paying for collect_run(). */
      if (*p != 0xEF)
        {
          const guint8 *q = p + 1;

          while (q < end && *q >= '0' && *q <= '9')
            q++;
          if (q - p < MIN_CANDIDATE && (q == end || (*q != ' ' && *q != '-' && *q != 0xEF)))
            {
              p = q;
              continue;
            }
        }
      else if (digit_width (p, end) == 0)
        {
          p++;
          continue;
        }

      run_end = collect_run (start, p, end, &run);
      if (run.n >= MIN_CANDIDATE)
        evaluate_run (scan, &run, check_bounds (start, end, &run, run_end), base_offset, start, &line_mark, line);
      p = run_end;
    }

  if (line != NULL)
    count_newlines (&line_mark, end, line);
}

/**
 * gk_privacy_scan_safe_cut:
 *
 * Returns: how much of @text a chunked reader can scan now without cutting a
 *   number or its context in two: up to the last newline, or failing that the
 *   last ASCII space or punctuation that is no separator; @length when the
 *   text has neither (the reader then has no better choice).
 */
gsize
gk_privacy_scan_safe_cut (const char *text,
                          gsize       length)
{
  gsize i;

  for (i = length; i > 0; i--)
    if (text[i - 1] == '\n')
      return i;

  for (i = length; i > CONTEXT_BYTES; i--)
    {
      guchar c = text[i - 1];

      if (c < 0x80 && !g_ascii_isalnum (c) && c != ' ' && c != '-' && c != '+' && c != '.' && c != '*')
        return i;
    }

  return length;
}

/**
 * gk_privacy_scan_text:
 * @length: the length in bytes, or -1 when @text is nul-terminated
 *
 * Finds resident identity numbers (18 and 15 digits), mainland mobile numbers
 * and bank card numbers in UTF-8 @text. Offsets and lengths are in bytes;
 * lines start at 1.
 *
 * Returns: (transfer container) (element-type GkPrivacyFinding): the findings
 *   in the order of the text
 */
GPtrArray *
gk_privacy_scan_text (const char *text,
                      gssize      length)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_privacy_finding_unref);
  GkPrivacyScan scan;
  gsize size;
  gsize offset = 0;
  guint line = 1;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  size = length < 0 ? strlen (text) : (gsize) length;
  gk_privacy_scan_init (&scan, findings);

  /* Offsets inside a run are 32-bit; texts over 4 GiB go in slices. */
  while (size - offset > G_MAXUINT32)
    {
      gsize cut = gk_privacy_scan_safe_cut (text + offset, G_MAXUINT32);

      gk_privacy_scan_buffer (&scan, text + offset, cut, offset, &line);
      offset += cut;
    }
  gk_privacy_scan_buffer (&scan, text + offset, size - offset, offset, &line);

  return g_steal_pointer (&findings);
}

/**
 * gk_privacy_apply_masks:
 * @findings: (element-type GkPrivacyFinding): findings of gk_privacy_scan_text()
 *   on this very text, in order; the caller may have removed some
 *
 * Returns: (transfer full): @text with each of @findings replaced by its masked form
 */
char *
gk_privacy_apply_masks (const char *text,
                        gssize      length,
                        GPtrArray  *findings)
{
  gsize size, done = 0;
  GString *masked;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (findings != NULL, NULL);

  size = length < 0 ? strlen (text) : (gsize) length;
  masked = g_string_sized_new (size + 1);

  for (guint i = 0; i < findings->len; i++)
    {
      const GkPrivacyFinding *finding = g_ptr_array_index (findings, i);
      gsize offset = gk_privacy_finding_get_offset (finding);

      g_return_val_if_fail (offset >= done && offset + gk_privacy_finding_get_length (finding) <= size,
                            g_string_free (masked, TRUE));

      g_string_append_len (masked, text + done, offset - done);
      g_string_append (masked, gk_privacy_finding_get_masked (finding));
      done = offset + gk_privacy_finding_get_length (finding);
    }
  g_string_append_len (masked, text + done, size - done);

  return g_string_free (masked, FALSE);
}

/**
 * gk_privacy_mask_text:
 * @n_masked: (out) (optional): how many numbers were masked
 *
 * The one-click action: every finding of gk_privacy_scan_text() masked.
 *
 * Returns: (transfer full): the masked text
 */
char *
gk_privacy_mask_text (const char *text,
                      gssize      length,
                      guint      *n_masked)
{
  g_autoptr(GPtrArray) findings = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  findings = gk_privacy_scan_text (text, length);
  if (n_masked != NULL)
    *n_masked = findings->len;

  return gk_privacy_apply_masks (text, length, findings);
}
