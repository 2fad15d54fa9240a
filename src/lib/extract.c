/* extract.c - figures out of report text (see proptrend/extract.h).
 *
 * The text is normalised to NFC, then case-folded into a copy with the same
 * byte offsets (Latin and Vietnamese upper and lower case letters have UTF-8
 * encodings of equal length), so keywords and labels are found in the copy
 * and positions carry over to the text.
 *
 * Two passes keep the work linear in the text's size: the first collects,
 * in text order, the lines, sentence starts, clause marks (';'), stage
 * keyword hits, period mentions and figures; the second resolves each
 * figure's context by binary searches in those sorted arrays.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "proptrend/error.h"
#include "proptrend/audit.h"
#include "proptrend/extract.h"
#include "proptrend/num.h"
#include "proptrend/utf8.h"

const pt_stage_keyword pt_default_stage_keywords[] = {
  { "đăng ký", "registered" },
  { "registered", "registered" },
  { "registration", "registered" },
  { "signed up", "registered" },
  { "pledged", "registered" },
  { "đạt chuẩn", "recognized" },
  { "đạt tiêu chuẩn", "recognized" },
  { "đạt tiêu chí", "recognized" },
  { "đạt kiểm định", "recognized" },   /* "đạt kiểm định chất lượng giáo dục": a school's accreditation */
  { "công nhận", "recognized" },
  { "đạt danh hiệu", "recognized" },
  { "đạt gia đình văn hóa", "recognized" },
  { "phân loại xuất sắc", "recognized" },   /* the top class of units found safe (Thông tư 124/2021) */
  { "xếp loại xuất sắc", "recognized" },
  { "recognised", "recognized" },
  { "recognized", "recognized" },
  { "recognition", "recognized" },
  { "met the standard", "recognized" },
  { "met the standards", "recognized" },
  { "meeting the standard", "recognized" },
  { "meeting the standards", "recognized" },
  { "were rated", "recognized" },
  { "was rated", "recognized" },
  { "were judged", "recognized" },
  { "rated good", "recognized" },
  { "rated as good", "recognized" },
  { "good rating", "recognized" },
  { "rated outstanding", "recognized" },
  { "classified as good", "recognized" },   /* Ofsted's press wording of the two top grades */
  { "top graded", "recognized" },   /* "39 of the 153 authorities (25%) are top graded" */
  { "top-graded", "recognized" },
  { "top rated", "recognized" },
  { "top-rated", "recognized" },
  { "classified as outstanding", "recognized" },
  { "classed as good", "recognized" },
  { "classed as outstanding", "recognized" },
  { "graded good", "recognized" },
  { "graded as good", "recognized" },
  { "graded outstanding", "recognized" },
  { "graded as outstanding", "recognized" },
  { "ratings of five", "recognized" },   /* the top food hygiene rating */
  { "rating of five", "recognized" },
  { "rated five", "recognized" },
  { "scored a five", "recognized" },   /* five is "very good", four "good": both pass */
  { "score a five", "recognized" },
  { "a four or a five", "recognized" },
  { "four or five", "recognized" },
  { "was judged", "recognized" },
  { "passed", "recognized" },
  { "accredited", "recognized" },
  { "accredits", "recognized" },   /* "The Joint Commission currently accredits approximately 4546 ... hospitals" */
  { NULL, NULL }
};

void pt_extract_opts_init(pt_extract_opts *o)
{
  memset(o, 0, sizeof *o);
  o->numfmt = -1;
  o->default_keywords = 1;
  o->source_name = "text";
}

/* ---- case folding --------------------------------------------------------- */

static unsigned long fold_cp(unsigned long c)
{
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x100 && c <= 0x17F && !(c & 1) && c != 0x130) return c + 1;
  if (c == 0x1A0 || c == 0x1AF) return c + 1;
  if (c >= 0x1EA0 && c <= 0x1EF9 && !(c & 1)) return c + 1;
  return c;
}

/* Decode one UTF-8 sequence at s (n bytes left); returns its length (1 for
 * an invalid byte, which decodes to itself). */
static size_t u8dec(const unsigned char *s, size_t n, unsigned long *cp)
{
  if (s[0] < 0x80 || n < 2) { *cp = s[0]; return 1; }
  if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
    *cp = ((unsigned long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    *cp = ((unsigned long)(s[0] & 0x0F) << 12) | ((unsigned long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  }
  *cp = s[0];
  return 1;
}

static void u8enc(unsigned long cp, size_t len, unsigned char *out)
{
  if (len == 2) { out[0] = (unsigned char)(0xC0 | (cp >> 6)); out[1] = (unsigned char)(0x80 | (cp & 0x3F)); }
  else if (len == 3) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
  }
  else out[0] = (unsigned char)cp;
}

/* Folded copy with identical byte offsets. */
static char *fold(const char *s, size_t len)
{
  unsigned char *out = malloc(len + 1);
  if (!out) return NULL;
  memcpy(out, s, len);
  out[len] = '\0';
  for (size_t i = 0; i < len;) {
    unsigned long cp;
    size_t n = u8dec((const unsigned char *)s + i, len - i, &cp);
    unsigned long f = fold_cp(cp);
    if (f != cp) u8enc(f, n, out + i);
    i += n;
  }
  return (char *)out;
}

/* NFC, then folded: how labels and keywords are compared with the text. */
static char *nfc_fold(const char *s)
{
  char *n = pt_utf8_nfc_str(s);
  if (!n) return NULL;
  char *f = fold(n, strlen(n));
  free(n);
  return f;
}

/* ---- growable arrays -------------------------------------------------------- */

typedef struct vec { void *v; size_t n, cap, size; } vec;

static void *vpush(vec *a)
{
  if (a->n == a->cap) {
    size_t nc = a->cap ? 2 * a->cap : 64;
    void *nv = realloc(a->v, nc * a->size);
    if (!nv) return NULL;
    a->v = nv;
    a->cap = nc;
  }
  return (char *)a->v + a->size * a->n++;
}

static int vpush_pos(vec *a, size_t pos)
{
  size_t *p = vpush(a);
  if (!p) return -1;
  *p = pos;
  return 0;
}

/* Index of the last element of the sorted size_t array at or before pos;
 * SIZE_MAX if none. */
static size_t last_le(const size_t *v, size_t n, size_t pos)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    if (v[m] <= pos) lo = m + 1;
    else hi = m;
  }
  return lo ? lo - 1 : SIZE_MAX;
}

/* ---- what the first pass collects ------------------------------------------ */

/* kwhit and mention begin with their position: pos_lower() searches both. */
typedef struct kwhit { size_t pos, len; const char *stage; } kwhit;

typedef struct mention {
  size_t pos, end;        /* the whole mention ("năm học 2016-2017") */
  long year;
  int opening;            /* opens its sentence and is followed by ',' or ':' */
  int school;             /* a school year: the label is text[pos, end) */
} mention;

typedef struct tline {
  size_t a, b;            /* [a, b): without the '\n' */
  int heading, list;
  int wrapped;            /* its sentence goes on into the next line (wrapped_line) */
  size_t run_b;           /* the end of the last line of its run of wrapped lines (its own b if none) */
  size_t lead;            /* list items: index of the lead line, else SIZE_MAX */
} tline;

enum { FIG_SLASH, FIG_OF, FIG_OFTHE, FIG_PCT };

typedef struct figure {
  size_t a, b;            /* the figure's extent in the text */
  size_t xa, xb, ya, yb;  /* count and total tokens (ya = yb: no total) */
  uint64_t x, y;
  size_t pa, pb;          /* printed percentage, pa = pb: none found yet */
  size_t unit;            /* where the unit phrase starts */
  int kind;
  int pct_first;          /* "Z% ... (X units)": the predicate stands before the count */
  int listed;             /* "were “ISM” (4.47%, 1,781), …": the unit is the list's subject */
  int whom;               /* "of whom X": 1 + the marker's index; 0 otherwise */
  int outcomes;           /* "691 inspections, 344 inspections with deficiencies": a part in the
                             whole's noun, whose list may go on with counts of other units */
  int more;               /* "Of the Y ..., X ..., X2 ... and X3": 1 + the marker index a
                             later count of the list takes (whom_figure), 0: none */
  size_t ga, gb;          /* a "|" table's figure: its column's header cell (ga < gb) */
  long tab_year;          /* ... and its row's year, 0 if none */
  size_t unit2;           /* where else the unit may be (0: nowhere) */
  size_t sa, sb;          /* "Trong 74 cơ quan được công nhận ... có 19 phường": the total's clause,
                             whose stage the counts take when theirs name none (sa < sb) */
  const char *stage;      /* the stage emitted with it (NULL: none, or not emitted yet) */
} figure;

typedef struct lab { const char *code; char *f; size_t n; } lab;

typedef struct ctx {
  char *t;                /* NFC text; the line ends of hard-wrapped prose made spaces (wrapped_line) */
  char *f;                /* folded copy */
  size_t n;
  int fmt;
  const pt_extract_opts *o;
  pt_stage_keyword *kw;   /* defaults and the caller's */
  char **kwf;
  size_t nkw;
  lab *labs;
  size_t nlab, nlab0;     /* nlab0: the labels file's (the rest are twins with an abbreviation) */
  long *line_year;        /* per line: its mentions' one year, 0 none, -1 several */
  size_t *tab_head;       /* per line: a "|" table row's header line, else SIZE_MAX */
  struct { const char *stage; size_t sent, end; } part;   /* the stage "trong đó" parts take */
  struct { size_t lead, ya, yb; uint64_t y; int found; } insp;   /* a list's total inspected, found once
                                                                  per lead line (lead: SIZE_MAX none yet) */
  vec lines, sents, semis, hits, ments, figs, sect, opens, heads;   /* sect: section periods; opens: the
                                                            mentions that open a sentence */
  vec whens;              /* compared years a "when" clause dates: "over 2018 when 54,254 of 612,408" */
  vec bare;               /* bare counts (opts.counts only), in text order */
} ctx;

typedef struct bare_cnt { size_t a, b; uint64_t x; } bare_cnt;   /* a count of a unit, no figure */

/* ---- character classes ------------------------------------------------------ */

static int isdig(char c) { return c >= '0' && c <= '9'; }
static int numch(char c) { return isdig(c) || c == '.' || c == ','; }
/* A letter: ASCII letters and every non-ASCII character except spaces,
 * punctuation and symbols (Latin-1's U+0080-U+00BF, U+00D7, U+00F7, the
 * General Punctuation to Miscellaneous Symbols blocks U+2000-U+2BFF, CJK
 * punctuation, the BOM): so a word after "“" or "–" starts a word. */
static int isletter(const ctx *c, size_t i)
{
  unsigned char b = (unsigned char)c->t[i];
  if (b < 0x80) return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  while (i > 0 && ((unsigned char)c->t[i] & 0xC0) == 0x80) i--;   /* the sequence's lead byte */
  unsigned long cp;
  u8dec((const unsigned char *)c->t + i, c->n - i, &cp);
  if (cp < 0x80) return 0;
  return !((cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
           (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF);
}
static int at_word_start(const ctx *c, size_t i) { return i == 0 || !isletter(c, i - 1); }
static int at_word_end(const ctx *c, size_t i) { return i >= c->n || !isletter(c, i); }

/* Folded text at i starts with the word(s) s (a word boundary after s). */
static int word_at(const ctx *c, size_t i, const char *s)
{
  size_t k = strlen(s);
  return i + k <= c->n && !memcmp(c->f + i, s, k) && at_word_end(c, i + k);
}

/* Folded text ending at i (exclusive) ends with s, s starting a word. */
static int word_before(const ctx *c, size_t i, const char *s)
{
  size_t k = strlen(s);
  return i >= k && !memcmp(c->f + i - k, s, k) && at_word_start(c, i - k);
}

static size_t skip_sp(const ctx *c, size_t i)
{
  while (i < c->n && (c->t[i] == ' ' || c->t[i] == '\t')) i++;
  return i;
}
static size_t back_sp(const ctx *c, size_t i)
{
  while (i > 0 && (c->t[i - 1] == ' ' || c->t[i - 1] == '\t')) i--;
  return i;
}

static size_t word_end(const ctx *c, size_t i)
{
  while (i < c->n && isletter(c, i)) i++;
  return i;
}

/* A number token starting at i: [i, *end) of digits and inner separators. */
static int token_at(const ctx *c, size_t i, size_t *end)
{
  if (i >= c->n || !isdig(c->t[i])) return 0;
  if (i > 0 && (isdig(c->t[i - 1]) || (numch(c->t[i - 1]) && i > 1 && isdig(c->t[i - 2])))) return 0;
  size_t b = i;
  while (b < c->n && numch(c->t[b])) b++;
  while (b > i && !isdig(c->t[b - 1])) b--;
  *end = b;
  return 1;
}

/* "55,086 hộ đạt chuẩn" in a Vietnamese text (or "55.086 households" in an
 * English one): a count before the noun it counts is never a fraction, so
 * threes grouped by the other format's mark are its thousands.  Not before
 * a measure ("1,250 ha", "2,125 triệu"), nor a leading 0 ("0,125 mg"). */
static int other_thousands(const ctx *c, size_t a, size_t b, uint64_t *v)
{
  static const char *const measure[] = { "ha", "hecta", "héc", "km", "km2", "m", "m2", "m3", "mét", "cm", "mm",
                                         "kg", "g", "mg", "tấn", "tạ", "lít", "l", "triệu", "tỷ", "tỉ", "nghìn",
                                         "ngàn", "vạn", "đồng", "usd", "vnd", "giờ", "phút", "điểm", "độ", "kw",
                                         "kwh", "mw", "million", "billion", "thousand", "miles", "hours", NULL };
  size_t k = b + 1;
  if (c->t[a] == '0' || b + 1 >= c->n || c->t[b] != ' ' || !isletter(c, k)) return 0;
  for (size_t j = 0; measure[j]; j++)
    if (word_at(c, k, measure[j])) return 0;
  char sep = c->fmt == PT_NUMFMT_VI ? ',' : '.';
  size_t run = 0, groups = 0;
  for (size_t i = a; i < b; i++) {
    if (isdig(c->t[i])) { run++; continue; }
    if (c->t[i] != sep || (groups ? run != 3 : run > 3)) return 0;
    groups++;
    run = 0;
  }
  if (!groups || run != 3) return 0;
  pt_numfmt other = c->fmt == PT_NUMFMT_VI ? PT_NUMFMT_EN : PT_NUMFMT_VI;
  return pt_num_parse_count(c->t + a, b - a, other, PT_COUNT_MAX, v) == PT_NUM_OK;
}

static int plain_digits(const ctx *c, size_t a, size_t b);
static int token_ending(const ctx *c, size_t e, size_t *s);

/* "49 ngàn 890 hộ": the thousands [*s, e) written before the word for a
 * thousand that ends at w; returns 1 and sets *hi. */
static int thousands_before(const ctx *c, size_t w, uint64_t *hi)
{
  static const char *const th[] = { "ngàn", "nghìn", NULL };
  for (size_t j = 0; th[j]; j++) {
    if (!word_before(c, w, th[j])) continue;
    size_t e = back_sp(c, w - strlen(th[j])), s;
    if (e == w - strlen(th[j]) || !token_ending(c, e, &s) || !plain_digits(c, s, e) || e - s > 3) return 0;
    *hi = 0;
    for (size_t k = s; k < e; k++) *hi = *hi * 10 + (uint64_t)(c->t[k] - '0');
    return 1;
  }
  return 0;
}

/* The token at a is the thousands of such a count: "49" in "49 ngàn 890". */
static int thousands_of_next(const ctx *c, size_t b)
{
  static const char *const th[] = { "ngàn", "nghìn", NULL };
  size_t k = skip_sp(c, b), e;
  if (k == b) return 0;
  for (size_t j = 0; th[j]; j++)
    if (word_at(c, k, th[j])) {
      size_t q = skip_sp(c, k + strlen(th[j]));
      return q > k + strlen(th[j]) && token_at(c, q, &e) && e - q == 3 && plain_digits(c, q, e);
    }
  return 0;
}

static int count_of(const ctx *c, size_t a, size_t b, uint64_t *v)
{
  uint64_t hi;
  if (b - a == 3 && plain_digits(c, a, b) && thousands_before(c, back_sp(c, a), &hi)) {
    *v = hi * 1000 + (uint64_t)((c->t[a] - '0') * 100 + (c->t[a + 1] - '0') * 10 + (c->t[a + 2] - '0'));
    return 1;
  }
  return pt_num_parse_count(c->t + a, b - a, (pt_numfmt)c->fmt, PT_COUNT_MAX, v) == PT_NUM_OK ||
         other_thousands(c, a, b, v);
}

/* The token [a, b) is a count only through other_thousands. */
static int read_other_way(const ctx *c, size_t a, size_t b)
{
  uint64_t v;
  return a < b && pt_num_parse_count(c->t + a, b - a, (pt_numfmt)c->fmt, PT_COUNT_MAX, &v) != PT_NUM_OK;
}

static int plain_digits(const ctx *c, size_t a, size_t b)
{
  for (size_t i = a; i < b; i++) if (!isdig(c->t[i])) return 0;
  return 1;
}

/* A percentage token: followed by '%' (a space allowed), "per cent",
 * "percent" or "phần trăm". */
static int is_percent(const ctx *c, size_t b)
{
  size_t k = skip_sp(c, b);
  if (k < c->n && c->t[k] == '%' && k - b <= 1) return 1;
  return k == b + 1 && (word_at(c, k, "per cent") || word_at(c, k, "percent") || word_at(c, k, "phần trăm"));
}

/* Signs of each number format: "1.273" and "95,2%" are Vietnamese, "1,273"
 * and "95.2%" English; with where each first occurs (SIZE_MAX: never).
 * Counted once, for the detection and its warning. */
typedef struct fsigns { long vi, en; size_t vi_at, en_at; } fsigns;

static void format_signs(const char *s, size_t len, fsigns *g)
{
  g->vi = g->en = 0;
  g->vi_at = g->en_at = SIZE_MAX;
  for (size_t i = 1; i + 2 < len; i++) {
    if (!isdig(s[i - 1]) || !isdig(s[i + 1])) continue;
    size_t j = i + 1;
    while (j < len && isdig(s[j])) j++;
    size_t nd = j - i - 1;
    int pct = j < len && s[j] == '%', v = 0, e = 0;
    if (s[i] == ',') { if (pct) v = 1; else if (nd == 3) e = 1; }
    if (s[i] == '.') { if (pct) e = 1; else if (nd == 3) v = 1; }
    if (v && !g->vi++) g->vi_at = i;
    if (e && !g->en++) g->en_at = i;
  }
}

static int format_of(const fsigns *g)
{
  return g->vi >= g->en && g->vi > 0 ? PT_NUMFMT_VI : (g->en > 0 ? PT_NUMFMT_EN : PT_NUMFMT_VI);
}

int pt_extract_detect_format(const char *s, size_t len)
{
  fsigns g;
  format_signs(s, len, &g);
  return format_of(&g);
}

/* The line of the first sign of the format not read (counted before
 * scan_lines joins a PDF's wrapped lines). */
static size_t mixed_line(const char *s, const fsigns *g, int fmt)
{
  size_t at = fmt == PT_NUMFMT_VI ? g->en_at : g->vi_at, line = 1;
  if (!g->vi || !g->en) return 0;
  for (size_t i = 0; i < at; i++) line += s[i] == '\n';
  return line;
}

/* A detected format with signs of the other too: the figures written the
 * other way ("1.150/1.273" in a text read as English) are lost, so say so.
 * 0, or -1 when out of memory. */
static int warn_mixed_format(size_t line, const fsigns *g, int fmt, pt_diags *warn)
{
  long vi = g->vi, en = g->en;
  if (!warn || !vi || !en) return 0;
  return pt_diag_add(warn, line, 0, "numbers in both formats: read as %s (%ld signs of it, %ld of the other, the first "
              "here); numbers written the other way are not read, but for a count before its noun (a "
              "warning says where): set --number-format if that is wrong",
              fmt == PT_NUMFMT_VI ? "Vietnamese (1.273, 95,2%)" : "English (1,273, 95.2%)",
              fmt == PT_NUMFMT_VI ? vi : en, fmt == PT_NUMFMT_VI ? en : vi);
}

/* ---- lines, sentences, clauses ---------------------------------------------- */

/* Heading: "II. ...", "5. ...", "IV. ...", "# ..." at the start of a line. */
static int is_heading(const char *l, const char *end)
{
  while (l < end && (*l == ' ' || *l == '\t')) l++;
  if (l < end && *l == '#') return 1;
  const char *p = l;
  while (p < end && (isdig(*p) || *p == 'I' || *p == 'V' || *p == 'X')) p++;
  return p > l && p + 1 < end && *p == '.' && (p[1] == ' ' || p[1] == '\t');
}

/* A list item marker at the start of the line: -, +, *, •, –, "a) ". */
static int is_bullet(const ctx *c, size_t a, size_t b)
{
  a = skip_sp(c, a);
  if (a >= b) return 0;
  if (strchr("-+*", c->t[a])) return 1;
  if (b - a >= 3 && (!memcmp(c->t + a, "\xe2\x80\xa2", 3) || !memcmp(c->t + a, "\xe2\x80\x93", 3))) return 1;
  return b - a >= 3 && c->t[a] >= 'a' && c->t[a] <= 'z' && c->t[a + 1] == ')';
}

static int add_line(ctx *c, size_t a, size_t b, size_t *prev, int prev_colon)
{
  tline *l = vpush(&c->lines);
  if (!l) return -1;
  l->a = a;
  l->b = b;
  l->heading = is_heading(c->t + a, c->t + b);
  l->lead = SIZE_MAX;
  l->wrapped = 0;
  if (skip_sp(c, a) >= b) { l->list = 0; return 0; }   /* blank: keeps the run */
  l->list = !l->heading && (is_bullet(c, a, b) || prev_colon);
  if (l->list && *prev != SIZE_MAX) {
    const tline *p = (const tline *)c->lines.v + *prev;
    l->lead = p->list ? p->lead : *prev;
  }
  *prev = c->lines.n - 1;
  return 0;
}

/* The '.' at i is one of initials' ("U.S.", "U.K."): after a capital,
 * before another capital or ending the initials. */
static int initial_dot(const ctx *c, size_t i)
{
  if (i == 0 || c->t[i - 1] < 'A' || c->t[i - 1] > 'Z' || (i >= 2 && isletter(c, i - 2))) return 0;
  if (i + 2 < c->n && c->t[i + 1] >= 'A' && c->t[i + 1] <= 'Z' && c->t[i + 2] == '.') return 1;
  return i >= 2 && c->t[i - 2] == '.' && (i + 1 >= c->n || c->t[i + 1] == ' ');
}

/* The '.' at i ends an abbreviation, no sentence: an initial ("U.S.",
 * "U.K.") or "e.g.", "i.e." before a lower-case word. */
static int abbreviation_dot(const ctx *c, size_t i)
{
  size_t k = i + 1;
  while (k < c->n && c->t[k] == ' ') k++;
  if (k > i + 1 && k + 1 < c->n && c->t[k] == '(') k++;   /* "the U.S. (comprising ...)" */
  if (k == i + 1 || k >= c->n || !(c->t[k] >= 'a' && c->t[k] <= 'z')) return 0;
  if (i >= 1 && c->t[i - 1] >= 'A' && c->t[i - 1] <= 'Z' && (i < 2 || c->t[i - 2] == '.' || c->t[i - 2] == ' '))
    return 1;
  return i >= 3 && (!memcmp(c->t + i - 3, "e.g", 3) || !memcmp(c->t + i - 3, "i.e", 3));
}

static int lower_at(const ctx *c, size_t k);

/* A line [a, i) of prose hard-wrapped (copied from a PDF): long, ending in
 * no sentence mark, and the next line goes on with a lower-case word, a
 * number or a bracket ("... 2013, 89" / "(16%) were judged outstanding").
 * Its line end is a space to sentences and clauses; lines keep their
 * numbers.  Never a table row, a heading or a list item. */
static int wrapped_line(const ctx *c, size_t a, size_t i)
{
  size_t b = i, k = skip_sp(c, i + 1);
  while (b > a && strchr(" \t\r", c->t[b - 1])) b--;
  if (b - a < 60 || memchr(c->t + a, '\t', b - a) || memchr(c->t + a, '|', b - a) ||
      is_heading(c->t + a, c->t + b) || is_bullet(c, a, b))
    return 0;
  if (strchr(".!?:;", c->t[b - 1]) || (b - a >= 3 && !memcmp(c->t + b - 3, "\xe2\x80\xa6", 3))) return 0;
  if (k >= c->n || c->t[k] == '\n' || c->t[k] == '\r') return 0;
  const char *nl = memchr(c->t + k, '\n', c->n - k);
  size_t ke = nl ? (size_t)(nl - c->t) : c->n;
  if (is_bullet(c, k, ke) || is_heading(c->t + k, c->t + ke)) return 0;
  /* a number goes on a line that ends in a comma or a lower-case word, never a caption's "March 2019" */
  size_t lw = b;
  while (lw > a && isletter(c, lw - 1)) lw--;
  if (isdig(c->t[k])) return c->t[b - 1] == ',' || (lw < b && lower_at(c, lw));
  return c->t[k] == '(' || lower_at(c, k);
}

/* Lines, and where sentences start: after '.', '!', '?' or '…' followed by a
 * space or the line's end (not a decimal point, nor an abbreviation's), and
 * at every line but a hard-wrapped one's. */
static int scan_lines(ctx *c)
{
  size_t a = 0, prev = SIZE_MAX;
  int colon = 0;
  if (vpush_pos(&c->sents, 0)) return -1;
  for (size_t i = 0; i <= c->n; i++) {
    if (i == c->n || c->t[i] == '\n') {
      size_t b = i;
      while (b > a && (c->t[b - 1] == '\r' || c->t[b - 1] == ' ' || c->t[b - 1] == '\t')) b--;
      if (add_line(c, a, i > a && c->t[i - 1] == '\r' ? i - 1 : i, &prev, colon)) return -1;
      if (b > a) colon = c->t[b - 1] == ':';
      if (i < c->n && wrapped_line(c, a, i)) {   /* one sentence goes on */
        for (size_t w = b; w <= i; w++) c->t[w] = c->f[w] = ' ';
        ((tline *)c->lines.v)[c->lines.n - 1].wrapped = 1;
        a = i + 1;
        continue;
      }
      a = i + 1;
      if (i < c->n && vpush_pos(&c->sents, i + 1)) return -1;
      continue;
    }
    char ch = c->t[i];
    int end = ch == '.' || ch == '!' || ch == '?' ||
              (i + 2 < c->n && !memcmp(c->t + i, "\xe2\x80\xa6", 3) && (i += 2, 1));
    if (ch == ';' && vpush_pos(&c->semis, i)) return -1;
    if (!end) continue;
    if (ch == '.' && i > 0 && isdig(c->t[i - 1]) && i + 1 < c->n && isdig(c->t[i + 1])) continue;
    if (ch == '.' && abbreviation_dot(c, i)) continue;   /* "the 594,709 U.S. bridges" */
    size_t k = i + 1;
    while (k < c->n && strchr("\"')", c->t[k])) k++;
    if (k + 3 <= c->n && !memcmp(c->t + k, "\xe2\x80\x9d", 3)) k += 3;   /* a closing quote */
    if ((k >= c->n || c->t[k] == ' ' || c->t[k] == '\t') && vpush_pos(&c->sents, k)) return -1;
  }
  tline *ln = c->lines.v;   /* each run of wrapped lines ends where its last line does */
  for (size_t k = c->lines.n; k-- > 0;)
    ln[k].run_b = ln[k].wrapped && k + 1 < c->lines.n ? ln[k + 1].run_b : ln[k].b;
  return 0;
}

static size_t sent_start(const ctx *c, size_t pos)
{
  size_t k = last_le(c->sents.v, c->sents.n, pos);
  return k == SIZE_MAX ? 0 : ((size_t *)c->sents.v)[k];
}

static const tline *line_of(const ctx *c, size_t pos, size_t *idx)
{
  const tline *l = c->lines.v;
  size_t lo = 0, hi = c->lines.n;
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    if (l[m].a <= pos) lo = m + 1;
    else hi = m;
  }
  *idx = lo - 1;
  return &l[lo - 1];
}

/* The end of pos's sentence: the next sentence's start or its line's end. */
static size_t sent_end(const ctx *c, size_t pos)
{
  size_t k = last_le(c->sents.v, c->sents.n, pos), li;
  size_t next = k == SIZE_MAX ? 0 : k + 1;
  size_t e = next < c->sents.n ? ((size_t *)c->sents.v)[next] : c->n;
  const tline *l = line_of(c, pos, &li);
  return e < l->run_b ? e : l->run_b;
}

/* The clause of a figure: [prev ';' or sentence start, next ';' or sentence end). */
static void clause_of(const ctx *c, size_t a, size_t b, size_t *ca, size_t *cb)
{
  const size_t *s = c->semis.v;
  size_t ss = sent_start(c, a), se = sent_end(c, a);
  size_t k = last_le(s, c->semis.n, a);
  *ca = (k != SIZE_MAX && s[k] + 1 > ss) ? s[k] + 1 : ss;
  k = last_le(s, c->semis.n, b);
  size_t nx = k == SIZE_MAX ? 0 : k + 1;
  *cb = (nx < c->semis.n && s[nx] < se) ? s[nx] : se;
}

/* ---- stage keywords -------------------------------------------------------- */

static int negated(const ctx *c, size_t i)
{
  static const char *const neg[] = { "chưa", "không", "not", "never", "failed to", "chưa được",
                                     "không được", "didn't", "didn’t", "don't", "don’t", "doesn't", "doesn’t",
                                     NULL };
  size_t k = back_sp(c, i);
  for (size_t j = 0; neg[j]; j++)
    if (word_before(c, k, neg[j])) return 1;
  return 0;
}

/* A failing grade right after a judgement ("were rated as Requires
 * Improvement", "was judged 'inadequate'"): the keyword names no stage. */
static int failing_grade(const ctx *c, size_t e)
{
  static const char *const grade[] = { "requires improvement", "requiring improvement", "require improvement",
                                       "inadequate", "poor", "unsatisfactory", "failing", "weak", "not good",
                                       "below", "serious concerns", "special measures", "to have inadequate",
                                       "deficient", "structurally deficient", "substandard", "unsafe",
                                       "non-compliant", "noncompliant", NULL };   /* "rated deficient" (bridges) */
  size_t k = skip_sp(c, e);
  int judged = word_before(c, e, "judged");
  if (word_at(c, k, "as")) k = skip_sp(c, k + 2);
  else if (word_at(c, k, "to be")) k = skip_sp(c, k + 5);
  if (word_at(c, k, "either")) k = skip_sp(c, k + 6);   /* "rated as either inadequate or requiring improvement" */
  /* Ofsted "judged (as) satisfactory" is its grade 3, below good; a food
   * hygiene "rated satisfactory" passes */
  if (judged && word_at(c, k, "satisfactory")) return 1;
  while (k < c->n && !isletter(c, k) && !isdig(c->t[k]) && !strchr(",;.()\n", c->t[k])) k++;   /* quotes */
  for (size_t j = 0; grade[j]; j++)
    if (word_at(c, k, grade[j])) return 1;
  return 0;
}

/* "triển khai tốt công tác bình xét, đánh giá, công nhận các danh hiệu":
 * the work of recognising, done by the units, not their status. */
static int activity(const ctx *c, size_t i)
{
  size_t lo = i > 60 ? i - 60 : 0;
  for (size_t k = i; k > lo; k--)
    if (strchr(".;:()\n", c->t[k - 1]) || isdig(c->t[k - 1])) { lo = k; break; }
  for (size_t k = lo; k < i; k++)
    if (at_word_start(c, k) && word_at(c, k, "công tác")) return 1;
  return 0;
}

/* A keyword inside a title in typographic quotes: "đăng ký phấn đấu đạt
 * “Phường đạt chuẩn đô thị văn minh”" names the award, not the stage. */
static int quoted_title(const ctx *c, size_t i)
{
  /* “ opened at most 40 bytes before i and ” closed at most 80 after, no
   * sentence end between: a title, not a quoted speech */
  size_t lo = i > 40 ? i - 40 : 0, hi = i + 80 < c->n ? i + 80 : c->n, k;
  for (k = i; k > lo; k--) {
    if (strchr(".\n", c->t[k - 1])) return 0;
    if (k >= 3 && !memcmp(c->t + k - 3, "\xe2\x80\x9d", 3)) return 0;   /* ” closed before i */
    if (k >= 3 && !memcmp(c->t + k - 3, "\xe2\x80\x9c", 3)) break;
  }
  if (k == lo) return 0;
  for (k = i; k + 3 <= hi; k++) {
    if (strchr(".\n", c->t[k])) return 0;
    if (!memcmp(c->t + k, "\xe2\x80\x9d", 3)) return 1;
  }
  return 0;
}

/* Past quotation marks at i: ' " and the typographic ‘ ’ “ ”. */
static size_t skip_quotes(const ctx *c, size_t i)
{
  for (;;) {
    if (i < c->n && (c->t[i] == '\'' || c->t[i] == '"')) i++;
    else if (i + 3 <= c->n && !memcmp(c->t + i, "\xe2\x80", 2) && (unsigned char)c->t[i + 2] >= 0x98 &&
             (unsigned char)c->t[i + 2] <= 0x9d) i += 3;
    else return i;
  }
}

/* Verbs of rating that take their count as object: "Ofsted rated 182 (as) outstanding". */
static const char *const rate_verb[] = { "rated", "rates", "classes", "classed", "classified", "classifies",
                                         "judged", "judges", "graded", "grades", "assessed", NULL };
/* (not "found": "inspectors found 45 problems" counts problems) */

static int token_ending(const ctx *c, size_t e, size_t *s);

/* A verb of rating ending at w (exclusive), a word start. */
static int rate_verb_before(const ctx *c, size_t w)
{
  for (size_t r = 0; rate_verb[r]; r++)
    if (word_before(c, w, rate_verb[r])) return 1;
  return 0;
}

/* "Ofsted rated 182 as outstanding and 593 good", "inspectors judged 182
 * outstanding, 593 good": a top grade right after a count that a verb of
 * rating takes, or after a count that goes on its list, is "rated good"
 * (its stage, if the keywords have it).  Returns the grade's length. */
static size_t rated_grade(const ctx *c, size_t i, const char **stage)
{
  static const char *const grade[] = { "good", "outstanding", NULL };
  size_t g = 0, s, v, w;
  if (c->f[i] != 'g' && c->f[i] != 'o') return 0;   /* the grades' first letters */
  while (grade[g] && !word_at(c, i, grade[g])) g++;
  if (!grade[g]) return 0;
  v = back_sp(c, i);
  int as = word_before(c, v, "as"), elided = 0;
  if (as) v = back_sp(c, v - 2);
  if (as && v > 0 && c->t[v - 1] == ',') {
    /* "were classified as fair and 278,433 bridges, 45.5%, as good": past the share and the unit to the
     * count; the verb of rating is the list's, earlier in the sentence */
    size_t z = back_sp(c, v - 1), ps;
    if (z > 0 && c->t[z - 1] == '%') z = back_sp(c, z - 1);
    if (!token_ending(c, z, &ps) || !is_percent(c, z)) return 0;
    z = back_sp(c, ps);
    if (z == 0 || c->t[z - 1] != ',') return 0;
    z = back_sp(c, z - 1);
    for (int words = 0; words < 3 && z > 0 && isletter(c, z - 1); words++) {
      while (z > 0 && isletter(c, z - 1)) z--;
      z = back_sp(c, z);
    }
    v = z;
    elided = 1;
  }
  if (v == i || !token_ending(c, v, &s)) return 0;
  w = back_sp(c, s);
  int ok = !elided && rate_verb_before(c, w);
  if (elided && word_before(c, w, "and"))
    for (size_t k = w, lo = w > 160 ? w - 160 : 0; k > lo && !ok && !strchr(".;:\n", c->t[k - 1]); k--)
      ok = at_word_start(c, k) && word_at(c, k, "as") && rate_verb_before(c, back_sp(c, k));
  if (elided) goto done;
  if (!ok && (word_before(c, w, "and") || (w > 0 && c->t[w - 1] == ','))) {
    /* a list item: a verb of rating with its count earlier in the sentence */
    for (size_t k = w, lo = w > 160 ? w - 160 : 0; k > lo && !ok && !strchr(".;:\n", c->t[k - 1]); k--) {
      size_t e;
      if (token_at(c, k, &e) && k > 0 && back_sp(c, k) < k) ok = rate_verb_before(c, back_sp(c, k));
    }
  }
done:
  if (!ok) return 0;
  for (size_t m = 0; m < c->nkw; m++)
    if (!strcmp(c->kwf[m], "rated good")) { *stage = c->kw[m].stage; return strlen(grade[g]); }
  return 0;
}

/* "21 were ‘good’", "14 were good, one was inadequate": a count's copula
 * and a passing grade alone, perhaps quoted, are "rated good" (its stage,
 * if the keywords have it).  The grade ends its clause.  Returns the
 * length. */
static size_t copula_grade(const ctx *c, size_t i, const char **stage)
{
  static const char *const cop[] = { "were", "was", NULL }, *const grade[] = { "good", "outstanding", NULL };
  size_t j = 0, g = 0, k, e, v = back_sp(c, i);
  if (c->f[i] != 'w') return 0;   /* both copulas' first letter: a word's test stays cheap */
  while (cop[j] && !word_at(c, i, cop[j])) j++;
  if (cop[j] && v > 0 && v < i && c->t[v - 1] == ')') {   /* "327 (60%) were good": past the share */
    size_t o = v - 1;
    while (o > 0 && v - o < 12 && c->t[o] != '(') o--;
    if (c->t[o] == '(' && memchr(c->t + o, '%', v - o)) v = back_sp(c, o);
  }
  if (!cop[j] || v == 0 || v == i || !isdig(c->t[v - 1])) return 0;   /* the count's: "two were good" is none */
  k = skip_quotes(c, skip_sp(c, i + strlen(cop[j])));
  while (grade[g] && !word_at(c, k, grade[g])) g++;
  if (!grade[g]) return 0;
  e = skip_quotes(c, k + strlen(grade[g]));
  size_t q = skip_sp(c, e);
  if (q < c->n && !strchr(",;.)\n", c->t[q]) && !word_at(c, q, "and")) return 0;
  for (size_t m = 0; m < c->nkw; m++)
    if (!strcmp(c->kwf[m], "rated good")) { *stage = c->kw[m].stage; return e - i; }
  return 0;
}

static int stop_word(const ctx *c, size_t i);

/* "met urban civilization standards", "reached cultural standards", "met
 * the national standard": a verb of meeting, at most three words, and
 * "standard(s)" are "met the standard" (its stage, if the keywords have
 * it).  Returns the length. */
static size_t standard_phrase(const ctx *c, size_t i, const char **stage)
{
  static const char *const verb[] = { "met", "meet", "meets", "meeting", "reached", "reach", "reaches",
                                      "reaching", "achieved", "achieve", "achieves", "achieving", NULL };
  size_t j = 0, k;
  if (c->f[i] != 'm' && c->f[i] != 'r' && c->f[i] != 'a') return 0;   /* the verbs' first letters */
  while (verb[j] && !word_at(c, i, verb[j])) j++;
  if (!verb[j]) return 0;
  k = skip_sp(c, i + strlen(verb[j]));
  /* a word may carry a level: "achieved level-2 national standards", "level 2" */
  for (int words = 0; words < 4 && (isletter(c, k) || (words && k < c->n && isdig(c->t[k]))); words++) {
    size_t e = k;
    while (e < c->n && (isletter(c, e) || c->t[e] == '-' || isdig(c->t[e])))
      e++;
    if (!isletter(c, k) && e - k > 2) return 0;   /* "level 2", never "achieved 2019 standards" */
    if (word_at(c, k, "standard") || word_at(c, k, "standards")) {
      for (size_t m = 0; m < c->nkw; m++)
        if (!strcmp(c->kwf[m], "met the standard")) { *stage = c->kw[m].stage; return e - i; }
      return 0;
    }
    if (stop_word(c, k) && !word_at(c, k, "the")) return 0;
    size_t q = skip_sp(c, e);
    if (q == e) return 0;
    k = q;
  }
  return 0;
}

/* "38/41 khu phố đạt khu phố văn hóa", "hộ đạt gia đình văn hóa": "đạt",
 * at most four words of a unit and the title "văn hóa" read as "đạt danh
 * hiệu" (its stage, if the keywords have it).  Returns the length. */
static size_t title_phrase(const ctx *c, size_t i, const char **stage)
{
  if ((unsigned char)c->f[i] != 0xc4 || !word_at(c, i, "đạt")) return 0;   /* "đ" is C4 91: a cheap first test */
  size_t k = skip_sp(c, i + strlen("đạt"));
  for (int words = 0; words < 5 && k < c->n && isletter(c, k); words++) {
    if (words && (word_at(c, k, "văn hóa") || word_at(c, k, "văn hoá"))) {
      for (size_t m = 0; m < c->nkw; m++)
        if (!strcmp(c->kwf[m], "đạt danh hiệu")) { *stage = c->kw[m].stage; return k + strlen("văn hóa") - i; }
      return 0;
    }
    if (stop_word(c, k)) return 0;
    size_t e = word_end(c, k), q = skip_sp(c, e);
    if (q == e) return 0;
    k = q;
  }
  return 0;
}

/* Every keyword occurrence on word boundaries, the longest at a position. */
static int scan_keywords(ctx *c)
{
  for (size_t i = 0; i < c->n; i++) {
    if (!at_word_start(c, i) || !isletter(c, i)) continue;
    size_t best = 0;
    const char *stage = NULL;
    for (size_t k = 0; k < c->nkw; k++) {
      size_t m = strlen(c->kwf[k]);
      /* (an empty phrase matches nothing: m > best >= 0) */
      if (m > best && c->kwf[k][0] == c->f[i] && word_at(c, i, c->kwf[k])) { best = m; stage = c->kw[k].stage; }
    }
    if (!best) best = copula_grade(c, i, &stage);
    if (!best) best = rated_grade(c, i, &stage);
    if (!best) best = standard_phrase(c, i, &stage);
    if (!best) best = title_phrase(c, i, &stage);
    if (!best || negated(c, i) || failing_grade(c, i + best) || activity(c, i) || quoted_title(c, i)) {
      if (best) i += best - 1;
      continue;
    }
    kwhit *h = vpush(&c->hits);
    if (!h) return -1;
    h->pos = i;
    h->len = best;
    h->stage = stage;
    i += best - 1;
  }
  return 0;
}

/* Index of the first element of v at or after pos: v holds structs whose
 * first member is their size_t position (kwhit, mention), sorted by it. */
static size_t pos_lower(const vec *v, size_t pos)
{
  size_t lo = 0, hi = v->n;
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    if (*(const size_t *)((const char *)v->v + m * v->size) < pos) lo = m + 1;
    else hi = m;
  }
  return lo;
}

static size_t hit_lower(const ctx *c, size_t pos) { return pos_lower(&c->hits, pos); }

static const char *first_stage(const ctx *c, size_t a, size_t b)
{
  size_t k = hit_lower(c, a);
  const kwhit *h = c->hits.v;
  return k < c->hits.n && h[k].pos + h[k].len <= b ? h[k].stage : NULL;
}

static const char *last_stage(const ctx *c, size_t a, size_t b)
{
  size_t k = hit_lower(c, b);
  const kwhit *h = c->hits.v;
  return k > 0 && h[k - 1].pos >= a ? h[k - 1].stage : NULL;
}

/* ---- period mentions ------------------------------------------------------- */

static int year_value(const ctx *c, size_t a, size_t b, long *y)
{
  if (b - a != 4 || !plain_digits(c, a, b)) return 0;
  *y = strtol(c->t + a, NULL, 10);
  return *y >= 1900 && *y <= 2100;
}

/* "data from August 2017", "figures from 2019", "số liệu từ năm 2020":
 * the date of the data, no starting point. */
static int data_from(const ctx *c, size_t k, const char *word)
{
  static const char *const data[] = { "data", "figures", "statistics", "results", "numbers", "report",
                                      "survey", "số liệu", "thống kê", NULL };
  if (strcmp(word, "from") && strcmp(word, "từ")) return 0;
  size_t w = back_sp(c, k);
  for (size_t j = 0; data[j]; j++)
    if (word_before(c, w, data[j])) return 1;
  return 0;
}

/* "..., which it said was failing after being taken out of special measures
 * in 2014": a year in a participle clause of "after (before) being
 * (having)" dates an event of the past, not the figures.  The clause: back
 * to its comma, at most 120 bytes. */
static int past_event(const ctx *c, size_t i)
{
  static const char *const lead[] = { "after being", "after having", "before being", "before having", NULL };
  size_t lo = i > 120 ? i - 120 : 0;
  for (size_t k = i; k > lo; k--) {
    char ch = c->f[k - 1];
    if (ch != 'a' && ch != 'b') {   /* the leads' first letters: the scan stays cheap */
      if (ch == ',' || ch == ';' || ch == ':' || ch == '.' || ch == '(' || ch == ')' || ch == '\n') break;
      continue;
    }
    for (size_t j = 0; lead[j]; j++)
      if (at_word_start(c, k - 1) && word_at(c, k - 1, lead[j])) return 1;
  }
  return 0;
}

/* "Over the first quarter of 2012", "over the period": "over" opening a
 * span of time, no comparison. */
static int over_span(const ctx *c, size_t k)
{
  static const char *const span[] = { "first", "second", "third", "fourth", "last", "past", "whole", "course",
                                      "period", "year", "quarter", "month", "months", "half", NULL };
  if (!word_at(c, k, "over")) return 0;
  size_t q = skip_sp(c, k + 4);
  if (!word_at(c, q, "the")) return 0;
  q = skip_sp(c, q + 3);
  for (size_t j = 0; span[j]; j++)
    if (word_at(c, q, span[j])) return 1;
  return 0;
}

/* A comparison or a starting point in the few words before i: such a year is
 * never the period. */
static int is_comparison(const ctx *c, size_t i)
{
  static const char *const cmp[] = { "so với", "so", "compared with", "compared to", "than", "than in", "since",
                                     "from", "từ", "kể từ", "vs", "versus", "relative to", "over",
                                     /* the date of an event, not of the figures */
                                     "introduced", "established", "founded", "launched", "adopted", "issued",
                                     "ban hành", "thành lập", NULL };
  if (word_before(c, back_sp(c, i), "as of")) return 0;   /* "downloaded from the CQC ... as of February 28, 2023" */
  size_t lo = i > 40 ? i - 40 : 0;
  for (size_t k = i; k > lo; k--) {
    char ch = c->t[k - 1];
    if (ch == ')') {   /* an abbreviation in brackets is passed: "since the start of the Act (JTPA) in 1983" */
      size_t o = k - 1;
      while (o > 0 && o + 12 > k && c->t[o - 1] != '(' && !isdig(c->t[o - 1])) o--;
      if (o > 0 && c->t[o - 1] == '(' && o + 12 > k) {
        k = o;
        lo = lo > 20 ? lo - 20 : 0;
        continue;
      }
    }
    if (strchr(",;:.()\n", ch) || isdig(ch)) { lo = k; break; }
  }
  for (size_t k = lo; k < i; k++)
    for (size_t j = 0; cmp[j]; j++)
      if (at_word_start(c, k) && word_at(c, k, cmp[j]) && !data_from(c, k, cmp[j]) && !over_span(c, k)) return 1;
  return past_event(c, i);
}

/* English dates: "July 11, 2019", "September 2017", "Sept. 2017": where the
 * month's name starts, or SIZE_MAX. */
static const char *const month_name[] = { "january", "february", "march", "april", "may", "june", "july",
                                          "august", "september", "october", "november", "december", "jan",
                                          "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                                          "dec", NULL };

/* "1 October", "31 Dec": a day [i, e) and an English month's name after
 * it; the name's end, else 0. */
static size_t day_month(const ctx *c, size_t i, size_t e)
{
  if (e - i > 2 || e >= c->n || c->t[e] != ' ') return 0;
  long d = 0;
  for (size_t k = i; k < e; k++) {
    if (!isdig(c->t[k])) return 0;
    d = d * 10 + (c->t[k] - '0');
  }
  if (d < 1 || d > 31) return 0;
  size_t k = skip_sp(c, e);
  for (size_t j = 0; month_name[j]; j++)
    if (word_at(c, k, month_name[j])) return k + strlen(month_name[j]);
  return 0;
}

static size_t month_before(const ctx *c, size_t w)
{
  const char *const *mon = month_name;
  if (w > 0 && c->t[w - 1] == ',') {   /* a day: "July 11, 2019" */
    size_t d = w - 1;
    while (d > 0 && isdig(c->t[d - 1])) d--;
    if (d == w - 1 || w - 1 - d > 2) return SIZE_MAX;
    w = back_sp(c, d);
  } else if (w > 1 && isdig(c->t[w - 1])) {   /* "December 1 2022": a month must come before the day */
    size_t d = w - 1;
    while (d > 0 && isdig(c->t[d - 1])) d--;
    if (w - d > 2) return SIZE_MAX;
    size_t mw = back_sp(c, d);
    if (mw == d) return SIZE_MAX;
    w = mw;
    for (size_t j = 0; mon[j]; j++)
      if (word_before(c, w, mon[j])) return w - strlen(mon[j]);
    /* "Thứ năm, 10 Tháng 12 2020 10:17": the day before "tháng" kept with it */
    if (word_before(c, w, "tháng")) {
      size_t t = w - strlen("tháng"), dw = back_sp(c, t), dd = dw;
      while (dd > 0 && isdig(c->t[dd - 1])) dd--;
      return dd < dw && dw - dd <= 2 && dw < t ? dd : t;
    }
    return SIZE_MAX;
  }
  if (w > 0 && c->t[w - 1] == '.') w--;
  for (size_t j = 0; mon[j]; j++) {
    size_t k = strlen(mon[j]), p = w - k;
    if (word_before(c, w, mon[j])) return p;
    /* "JJan 2018": a typed month with its first letter doubled */
    if (w > k && !memcmp(c->f + p, mon[j], k) && c->f[p - 1] == mon[j][0] && at_word_start(c, p - 1)) return p - 1;
  }
  return SIZE_MAX;
}

/* A time "08:00" or "09:40:05" ending at e: where it starts, or SIZE_MAX. */
static size_t time_before(const ctx *c, size_t e)
{
  size_t k = e;
  for (int part = 0; part < 3; part++) {
    size_t m = k;
    while (m > 0 && isdig(c->t[m - 1])) m--;
    if (m == k || k - m > 2) return SIZE_MAX;
    if (m == 0 || c->t[m - 1] != ':') return part ? m : SIZE_MAX;   /* "00" alone is no time */
    k = m - 1;
  }
  return SIZE_MAX;
}

/* A date at d/m/y that is a page's dateline: at its line's start, after a
 * weekday and a comma ("Thứ hai, 08/01/2018 - 08:49"), after a time
 * ("10:07, 18/07/2008") or a page's label ("Cập nhật: 14-07-2020"). */
/* "Cập nhật lúc 08:16" ending at v opens its line: a label, "lúc", a time. */
static int labelled_time(const ctx *c, size_t v, const char *const *label)
{
  size_t t = time_before(c, v);
  if (t == SIZE_MAX) return 0;
  v = back_sp(c, t);
  if (word_before(c, v, "lúc")) v = back_sp(c, v - strlen("lúc"));
  for (size_t j = 0; label[j]; j++)
    if (word_before(c, v, label[j])) {
      size_t s = back_sp(c, v - strlen(label[j]));
      return s == 0 || c->t[s - 1] == '\n';
    }
  return 0;
}

static int dateline(const ctx *c, size_t d)
{
  static const char *const wd[] = { "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật",
                                    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                    NULL };
  static const char *const label[] = { "cập nhật", "ngày đăng", "đăng ngày", "ngày cập nhật", "updated", "posted",
                                       "published", "last updated", NULL };
  size_t w = back_sp(c, d);
  if (w == 0 || c->t[w - 1] == '\n') return 1;
  if (word_before(c, w, "ngày")) {   /* "Cập nhật lúc 08:00 ngày 12/03/2019", "(Baonghean.vn) - Ngày 12/3/2019" */
    size_t v = back_sp(c, w - strlen("ngày"));
    if (time_before(c, v) != SIZE_MAX) return labelled_time(c, v, label);
    if (v > 0 && c->t[v - 1] == '-') v = back_sp(c, v - 1);
    if (v > 0 && c->t[v - 1] == ')') {   /* a source in brackets opening the line */
      size_t o = v - 1;
      while (o > 0 && c->t[o - 1] != '(' && c->t[o - 1] != '\n' && v - o < 60) o--;
      if (o > 0 && c->t[o - 1] == '(') {
        size_t s = back_sp(c, o - 1);
        return s == 0 || c->t[s - 1] == '\n';
      }
    }
    return 0;
  }
  if (c->t[w - 1] == ':') {   /* "Cập nhật: 14-07-2020 | 09:40:05", "Posted: 3/4/2019" */
    size_t v = back_sp(c, w - 1);
    for (size_t j = 0; label[j]; j++)
      if (word_before(c, v, label[j])) {
        size_t s = back_sp(c, v - strlen(label[j]));
        return s == 0 || c->t[s - 1] == '\n';
      }
    return 0;
  }
  if (c->t[w - 1] != ',') return 0;
  w = back_sp(c, w - 1);
  {   /* a time first: "10:07, 18/07/2008" */
    size_t m = w;
    while (m > 0 && isdig(c->t[m - 1])) m--;
    if (m < w && w - m == 2 && m > 2 && c->t[m - 1] == ':' && isdig(c->t[m - 2])) {
      size_t h = m - 1;
      while (h > 0 && isdig(c->t[h - 1])) h--;
      if (m - 1 - h <= 2 && (h == 0 || back_sp(c, h) == 0 || c->t[back_sp(c, h) - 1] == '\n')) return 1;
    }
  }
  for (size_t j = 0; wd[j]; j++)
    if (word_before(c, w, wd[j])) {
      size_t s = back_sp(c, w - strlen(wd[j]));
      if (s > 0 && c->t[s - 1] == ',') return labelled_time(c, back_sp(c, s - 1), label);
      return s == 0 || c->t[s - 1] == '\n';
    }
  return 0;
}

/* Words before a year that name its data ("estimate for 2003", "figures
 * for 2019", "annual report for 2022"): a mention, and the year of its
 * paragraph's later figures. */
static const char *const data_words[] = { "estimate for", "estimates for", "figures for", "data for",
                                          "statistics for", "results for", "report for", "reports for",
                                          "review for", NULL };

/* "according to 2006 Federal Highway Administration data": a word naming
 * data within the five words after b. */
static int data_after(const ctx *c, size_t b)
{
  static const char *const w[] = { "data", "figures", "statistics", "report", "survey", "census", "estimates",
                                   NULL };
  size_t k = skip_sp(c, b);
  for (int words = 0; words < 6 && k < c->n && isletter(c, k); words++) {
    for (size_t j = 0; w[j]; j++)
      if (word_at(c, k, w[j])) return 1;
    while (k < c->n && isletter(c, k)) k++;
    k = skip_sp(c, k);
  }
  return 0;
}

/* "-03-12" at b after a year: an ISO date's month and day. */
static int iso_date(const ctx *c, size_t b)
{
  if (b + 6 > c->n || c->t[b] != '-' || c->t[b + 3] != '-') return 0;
  for (size_t k = b + 1; k < b + 6; k++)
    if (k != b + 3 && !isdig(c->t[k])) return 0;
  return b + 6 == c->n || !isdig(c->t[b + 6]);
}

/* The words that make a 4-digit number at a a year mention, walking back
 * from a: returns where the mention starts, or SIZE_MAX if it is none. */
static size_t mention_start(const ctx *c, size_t a, size_t b)
{
  static const char *const pre[] = { "năm học", "năm", "nãm", "näm", /* OCR's "năm" */ "in", "year", "fy",
                                     "fiscal year", "as of",
                                     "by", "end of", "during", "the end of", "until", "through",
                                     /* "Over the first quarter of 2012 there were 86 ..." */
                                     "quarter of", "half of", "start of", "beginning of", "spring of",
                                     "summer of", "autumn of", "fall of", "winter of", NULL };
  size_t k = a;
  /* month/year and dates: "6/2025", "9-2019", "30/11/2012" */
  if (k > 0 && (c->t[k - 1] == '/' || c->t[k - 1] == '-')) {
    size_t m = k - 1, ma = m;
    while (ma > 0 && isdig(c->t[ma - 1])) ma--;
    if (ma == m || m - ma > 2) return SIZE_MAX;
    long mon = strtol(c->t + ma, NULL, 10);
    if (mon < 1 || mon > 12) return SIZE_MAX;
    if (ma > 0 && (c->t[ma - 1] == '/' || c->t[ma - 1] == '-')) {   /* d/m/y: only "đến", "as of" dates */
      size_t d = ma - 1;
      while (d > 0 && isdig(c->t[d - 1])) d--;
      size_t w = back_sp(c, d);
      if (!(word_before(c, w, "đến") || word_before(c, w, "đến ngày") || word_before(c, w, "đến hết ngày") ||
            word_before(c, w, "as of") || word_before(c, w, "by") || dateline(c, d)))
        return SIZE_MAX;
      return d;
    }
    if (ma > 0 && (isletter(c, ma - 1) && !at_word_start(c, ma))) return SIZE_MAX;
    k = ma;
  }
  if (b < c->n && (c->t[b] == '/' || (c->t[b] == '-' && b + 1 < c->n && isletter(c, b + 1)))) return SIZE_MAX;
  size_t w = back_sp(c, k);
  size_t mo = month_before(c, w);
  if (mo != SIZE_MAX) return mo;
  for (size_t j = 0; pre[j]; j++)
    if (word_before(c, w, pre[j])) {
      static const char *const part[] = { "cuối", "đầu", "hết", "giữa", NULL };   /* "cuối năm 2016" */
      size_t s = w - strlen(pre[j]), s2 = back_sp(c, s);
      for (size_t q = 0; part[q]; q++)
        if (word_before(c, s2, part[q])) return s2 - strlen(part[q]);
      return s;
    }
  for (size_t j = 0; data_words[j]; j++)   /* "Our preliminary estimate for 2003 shows" */
    if (word_before(c, w, data_words[j])) return w - strlen(data_words[j]);
  if (word_before(c, w, "according to") && data_after(c, b)) return w - strlen("according to");
  if (k < a) {   /* month/year: "tháng 6/2025", or a bare "9-2019" */
    if (word_before(c, w, "tháng")) return w - strlen("tháng");
    return k;
  }
  if (b < c->n && c->t[b] == ':') return a;
  /* "for the full previous year (2010)": a year in brackets that names the year a phrase of time means */
  if (w > 0 && c->t[w - 1] == '(' && b < c->n && c->t[b] == ')') {
    static const char *const time[] = { "year", "năm", "năm qua", "năm trước", "năm ngoái", NULL };
    size_t v = back_sp(c, w - 1);
    for (size_t j = 0; time[j]; j++)
      if (word_before(c, v, time[j])) return v - strlen(time[j]);
  }
  if (iso_date(c, b) && dateline(c, a)) return a;   /* "2019-03-12" opening its line */
  /* a dateline or a source's year: "(Press Association, 2012; excerpt)" */
  size_t q = w > 1 && c->t[w - 1] == ',' ? back_sp(c, w - 1) : 0;
  if (q > 0 && isletter(c, q - 1) && b < c->n && strchr(";)", c->t[b])) return a;
  return SIZE_MAX;
}

/* A second year right after: "2016-2017", "2016 – 2017", "2016/2017". */
static int year_pair(const ctx *c, size_t b, long y, size_t *b2, long *y2)
{
  size_t k = skip_sp(c, b);
  if (k < c->n && (c->t[k] == '-' || c->t[k] == '/')) k++;
  else if (k + 3 <= c->n && !memcmp(c->t + k, "\xe2\x80\x93", 3)) k += 3;
  else return 0;
  int tight = skip_sp(c, b) == b && skip_sp(c, k) == k;
  k = skip_sp(c, k);
  size_t e;
  if (!token_at(c, k, &e)) return 0;
  /* "in 2012/13", "2015-16", "2010–11": a financial or school year written short */
  if (tight && e == k + 2 && plain_digits(c, k, e) && (e >= c->n || !isdig(c->t[e])) &&
      strtol(c->t + k, NULL, 10) == (y + 1) % 100) {
    *y2 = y + 1; *b2 = e;
    return 1;
  }
  if (!year_value(c, k, e, y2)) return 0;
  *b2 = e;
  return 1;
}

static int opening_at(const ctx *c, size_t start, size_t end)
{
  size_t ss = sent_start(c, start), words = 0;
  for (size_t i = ss; i < start; i++) {   /* stops after 3 words: linear */
    if (isdig(c->t[i])) return 0;
    if (isletter(c, i) && at_word_start(c, i) && ++words > 3) return 0;
  }
  size_t k = skip_sp(c, end);
  return words <= 3 && k < c->n && (c->t[k] == ',' || c->t[k] == ':');
}

static int is_target(const ctx *c, size_t i);

/* "between January 2017 and June 2021": either end of a span of two
 * years is no period ("between January 7 and April 6, 2020" is 2020's).
 * "between" in the clause before i, and another year than y after it. */
static int in_span(const ctx *c, size_t i, long y)
{
  size_t lo = i > 60 ? i - 60 : 0, b = SIZE_MAX;
  for (size_t k = i; k > lo; k--)
    if (strchr(",;:.()\n", c->t[k - 1]) && !(c->t[k - 1] == ',' && k > 1 && isdig(c->t[k - 2]))) { lo = k; break; }
  for (size_t k = lo; k < i && b == SIZE_MAX; k++)
    if (at_word_start(c, k) && word_at(c, k, "between")) b = k;
  if (b == SIZE_MAX) return 0;
  size_t hi = b + 120 < c->n ? b + 120 : c->n, e;
  long y2;
  for (size_t k = b; k < hi && !strchr(";.\n", c->t[k]); k++)
    if (token_at(c, k, &e)) {
      if (year_value(c, k, e, &y2) && y2 != y) return 1;
      k = e - 1;
    }
  return 0;
}

/* "compared to 2018 (3.17%)", "so với 2019,", "giai đoạn đến 2020 (chiếm
 * ...": a year after a comparison or ending a range, with no unit after
 * it, is a year, never a count. */
static int compared_year(const ctx *c, size_t a, size_t b)
{
  static const char *const cmp[] = { "compared to", "compared with", "so với", "than", "versus", "vs",
                                     "đến", "tới", "until", "between", NULL };   /* and a range's end: "giai đoạn đến 2020 (" */
  size_t w = back_sp(c, a), k = skip_sp(c, b);
  if (k < c->n && !strchr("(),;.", c->t[k])) return 0;
  /* English writes counts of thousands with a comma: "2021(24%)" is a year */
  if (c->fmt == PT_NUMFMT_EN && k < c->n && c->t[k] == '(') return 1;
  for (size_t j = 0; cmp[j]; j++)
    if (word_before(c, w, cmp[j])) return 1;
  return 0;
}

/* "an improvement over 2018 when 54,254 of 612,408 were ...", "so với năm
 * 2018, khi 40/60 ...": a compared year is no period, but the "when" clause
 * right after it is that year's. */
static int compared_before(const ctx *c, size_t a)
{
  static const char *const cmp[] = { "over", "from", "since", "than", "compared to", "compared with", "versus",
                                     "vs", "so với", "so", NULL };
  size_t w = back_sp(c, a);
  if (word_before(c, w, "năm")) w = back_sp(c, w - strlen("năm"));
  else if (word_before(c, w, "in")) w = back_sp(c, w - 2);   /* "than in 2018 when" */
  for (size_t j = 0; cmp[j]; j++)
    if (word_before(c, w, cmp[j])) return 1;
  return 0;
}

static int when_after(const ctx *c, size_t b)
{
  size_t k = skip_sp(c, b);
  if (k < c->n && c->t[k] == ',') k = skip_sp(c, k + 1);
  return word_at(c, k, "when") || word_at(c, k, "khi");
}

/* A year token [a, b): push the mention it makes, if any; *skip is where
 * scanning continues (past a second year of a range). */
static int year_token(ctx *c, size_t a, size_t b, size_t *skip, int *is_year)
{
  long y, y2;
  size_t b2 = 0, start;
  *skip = b;
  *is_year = 0;
  if (!year_value(c, a, b, &y)) return 0;
  int pair = year_pair(c, b, y, &b2, &y2);
  if (pair) *skip = b2;
  if (pair && y2 != y + 1) return 0;   /* a range such as 2012 – 2017 */
  if (!pair && when_after(c, b) && compared_before(c, a)) {
    mention *w = vpush(&c->whens);   /* the year of its "when" clause only */
    if (!w) return -1;
    memset(w, 0, sizeof *w);
    w->pos = a; w->end = b; w->year = y;
    *is_year = 1;
    return 0;
  }
  start = mention_start(c, a, b);
  if (pair && start == SIZE_MAX) start = a;
  if (pair && b2 <= b + 3 && start == a) {
    /* the short form ("2012/13") only after a word of time: "in 2012/13", not "the 2007/08 cycle" */
    static const char *const pre[] = { "in", "during", "năm học", "năm", "year", "fy", "fiscal year", NULL };
    size_t w = back_sp(c, a), j;
    for (j = 0; pre[j] && !word_before(c, w, pre[j]); j++) {}
    if (!pre[j]) return 0;
    start = w - strlen(pre[j]);
  }
  *is_year = start != SIZE_MAX || compared_year(c, a, b);   /* a date, even a compared one: never a count */
  /* a comparison ("so với năm 2017") or a deadline ("chỉ tiêu ... đến năm
   * 2015") is never the period */
  if (start == SIZE_MAX || is_comparison(c, start) || is_target(c, start) || in_span(c, start, pair ? y2 : y)) return 0;
  mention *m = vpush(&c->ments);
  if (!m) return -1;
  m->pos = start;
  m->end = pair ? b2 : b;
  m->year = pair ? y2 : y;
  m->school = pair;
  m->opening = opening_at(c, start, m->end);
  if (m->opening) {
    mention *o = vpush(&c->opens);
    if (!o) return -1;
    *o = *m;
  }
  return 0;
}

/* A mention that names the year of data (data_words): "estimate for 2003". */
static int data_mention(const ctx *c, const mention *m)
{
  if (word_at(c, m->pos, "according to")) return 1;   /* "according to 2006 ... data" (data_after) */
  for (size_t j = 0; data_words[j]; j++)
    if (word_at(c, m->pos, data_words[j])) return 1;
  return 0;
}

/* The mention nearest before pos and at or after lo; NULL if none. */
static const mention *mention_before(const vec *v, size_t lo, size_t pos)
{
  const mention *m = v->v;
  size_t a = pos_lower(v, pos);
  return a > 0 && m[a - 1].pos >= lo ? &m[a - 1] : NULL;
}

/* The first mention at or after pos and before hi; NULL if none. */
static const mention *mention_after(const vec *v, size_t pos, size_t hi)
{
  const mention *m = v->v;
  size_t a = pos_lower(v, pos);
  return a < v->n && m[a].pos < hi ? &m[a] : NULL;
}

/* ---- figures --------------------------------------------------------------- */

/* Words before a number that make it an ordinal, a criterion or an article. */
/* "out of which1063 found deficiencies": a typing slip, the count glued to
 * the marker word before it.  Letters glued to a number are otherwise a
 * code ("B2", "ISO9001"), but no code is spelled with these words. */
static int glued_marker(const ctx *c, size_t a)
{
  static const char *const w[] = { "which", "whom", "these", "those", NULL };
  for (size_t j = 0; w[j]; j++)
    if (word_before(c, a, w[j])) return 1;
  return 0;
}

static int is_ordinal(const ctx *c, size_t a, size_t b)
{
  static const char *const pre[] = { "thứ", "lần", "khóa", "khoá", "số", "no", "tiêu chí", "criterion",
                                     "điều", "khoản", "mục", "chương", "phần", "article", "top", "hạng",
                                     "nhóm", "lớp", "giai đoạn", "phase", "section", "chapter", "grade", "mức độ",
                                     "mức", "cấp độ", "level", "năm thứ", "thứ", "one in", "1 in", "một trong",
                                     NULL };
  size_t w = back_sp(c, a);
  if (w > 0 && c->t[w - 1] == '.') w = back_sp(c, w - 1);
  size_t e, k = skip_sp(c, b);
  /* "the top 10 of 340 deficiency types": a rank that is a count of Y */
  int of_y = word_at(c, k, "of") && token_at(c, skip_sp(c, k + 2), &e);
  for (size_t j = 0; pre[j]; j++)
    if (word_before(c, w, pre[j])) {
      /* "tổng số 355 trường" is a total, "số 5" a number */
      if (!strcmp(pre[j], "số") && word_before(c, back_sp(c, w - strlen("số")), "tổng")) break;
      return !(of_y && !strcmp(pre[j], "top"));
    }
  if (a > 0 && (c->t[a - 1] == '#' || c->t[a - 1] == '/' || c->t[a - 1] == '-' || (isletter(c, a - 1) && !glued_marker(c, a))))
    return 1;
  if (b + 1 < c->n && (word_at(c, b, "st") || word_at(c, b, "nd") || word_at(c, b, "rd") || word_at(c, b, "th")))
    return 1;
  /* a duration: "liên tục 3 năm đạt danh hiệu", "within 24 months" */
  static const char *const dur[] = { "năm", "tháng", "ngày", "tuần", "years", "year", "months", "month", "weeks",
                                     "days", NULL };
  for (size_t j = 0; k > b && dur[j]; j++)
    if (word_at(c, k, dur[j]))   /* "năm 2020" after a count is its year, not a duration */
      return !token_at(c, skip_sp(c, k + strlen(dur[j])), &e);
  return 0;
}

/* The phrase after a figure names criteria, not units. */
static int criteria_unit(const ctx *c, size_t i)
{
  i = skip_sp(c, i);
  return word_at(c, i, "tiêu chí") || word_at(c, i, "chỉ tiêu") || word_at(c, i, "criteria") ||
         word_at(c, i, "criterion") || word_at(c, i, "nội dung") || word_at(c, i, "standards");
}

static figure *new_fig(ctx *c, int kind, size_t xa, size_t xb, size_t ya, size_t yb)
{
  figure *f = vpush(&c->figs);
  if (!f) return NULL;
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->xa = xa; f->xb = xb; f->ya = ya; f->yb = yb;
  f->a = xa < ya || ya == yb ? xa : ya;
  f->b = xb > yb ? xb : yb;
  f->unit = f->b;
  return f;
}

static int stop_word(const ctx *c, size_t i);

/* "Có 05/06 phường", "02/02 xã": zero-padded X/Y is a figure when a unit
 * word follows and no date word precedes ("ngày 05/06" is a day). */
static int padded_figure(const ctx *c, size_t a, size_t yb)
{
  static const char *const date[] = { "ngày", "hôm", "sáng", "chiều", "tối", "đêm", "on", "date", "dated", NULL };
  size_t w = back_sp(c, a), k = skip_sp(c, yb);
  for (size_t j = 0; date[j]; j++)
    if (word_before(c, w, date[j])) return 0;
  return k > yb && isletter(c, k) && !stop_word(c, k);
}

static int lower_at(const ctx *c, size_t k);

/* "Hà Nội (TTXVN 19/10) Đến tháng ...": a news agency's dateline, the day
 * and month [a, yb) closing a bracket that opens with one or two words, the
 * first capitalised. */
static int agency_dateline(const ctx *c, size_t a, size_t yb)
{
  if (yb >= c->n || c->t[yb] != ')') return 0;
  size_t k = back_sp(c, a), lo = a > 60 ? a - 60 : 0;   /* two words: bounded, so linear */
  for (int words = 0; words < 2 && k > lo && c->t[k - 1] != '('; words++) {
    while (k > lo && !strchr(" \t\n(", c->t[k - 1])) k--;
    k = back_sp(c, k);
  }
  if (k == 0 || c->t[k - 1] != '(') return 0;
  k = skip_sp(c, k);
  return k < a && isletter(c, k) && !lower_at(c, k);
}

/* "Ngày 3/9, UBND huyện ...": a day and month after a date word; "xếp thứ
 * 2/10 huyện", "ranked 3/12": a rank. */
static int date_or_rank(const ctx *c, size_t a, size_t yb, uint64_t x, uint64_t y)
{
  static const char *const date[] = { "ngày", "hôm", "sáng", "chiều", "tối", "đêm", "on", NULL };
  static const char *const rank[] = { "thứ", "xếp thứ", "hạng", "xếp hạng", "ranked", "rank", "number", NULL };
  size_t w = back_sp(c, a);
  for (size_t j = 0; rank[j]; j++)
    if (word_before(c, w, rank[j])) return 1;
  if (x < 1 || x > 31 || y < 1 || y > 12) return 0;
  for (size_t j = 0; date[j]; j++)
    if (word_before(c, w, date[j])) return 1;
  /* "Ngày Gia đình Việt Nam 28/6": a day above its month and no unit after it is a date, never a count
   * above its total */
  size_t k = skip_sp(c, yb);
  if (x > y && !(k > yb && isletter(c, k) && !stop_word(c, k))) return 1;
  return agency_dateline(c, a, yb);
}

/* A clock time at i after spaces: "13:00", "9:05". */
static int clock_time(const ctx *c, size_t i)
{
  size_t k = skip_sp(c, i), d = k;
  while (d < c->n && isdig(c->t[d]) && d < k + 2) d++;
  return d > k && d + 2 < c->n && c->t[d] == ':' && isdig(c->t[d + 1]) && isdig(c->t[d + 2]);
}

/* X/Y at the token [a, b) followed by '/'.  Returns 1 (figure pushed), 0, -1. */
static int slash_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  size_t ya = b + 1, yb;
  uint64_t x, y;
  if (!token_at(c, ya, &yb)) return 0;
  size_t y3 = ya;   /* "49 ngàn 890/50 ngàn 567 hộ": the total's hundreds */
  if (thousands_of_next(c, yb)) {
    y3 = skip_sp(c, skip_sp(c, yb) + (word_at(c, skip_sp(c, yb), "ngàn") ? strlen("ngàn") : strlen("nghìn")));
    if (!token_at(c, y3, &yb)) return 0;
  }
  *next = yb;
  if (a > 0 && (c->t[a - 1] == '/' || c->t[a - 1] == '-' || isletter(c, a - 1))) return 0;
  if (yb < c->n && (c->t[yb] == '/' || c->t[yb] == '-' || isletter(c, yb))) return 0;
  if (c->t[a] == '0' && a + 1 < b && !padded_figure(c, a, yb)) return 0;   /* 06/2013, but "05/06 phường" */
  if (!count_of(c, a, b, &x) || !count_of(c, y3, yb, &y)) return 0;
  if (x >= 1 && x <= 12 && y >= 1900 && y <= 2100) return 0;   /* month/year */
  if (x == 24 && y == 7) return 0;   /* "24/7": around the clock ("24/7 Wall St."), never 24 of 7 */
  if (x >= 1 && x <= 31 && y >= 1 && y <= 12 && clock_time(c, yb)) return 0;   /* "10/05 13:00": a date, a time */
  if (x >= 1900 && x <= 2100 && y == (uint64_t)(x + 1) % 100) return 0;   /* 2016/17 */
  if (x >= 1900 && y <= 2100 && y > x && y - x <= 10) return 0;           /* 2018/2019, 2012/2017 */
  if (criteria_unit(c, yb) || word_before(c, back_sp(c, a), "tiêu chí")) return 0;
  if (date_or_rank(c, a, yb, x, y)) return 0;   /* "Ngày 3/9, ...", "xếp thứ 2/10 huyện" */
  static const char *const ratio[] = { "split", "ratio", "divide", "division", "mix", "tỷ lệ", "tỉ lệ", NULL };
  for (size_t j = 0, k = skip_sp(c, yb); ratio[j]; j++)   /* "a 70/30 split": shares, no figure */
    if (word_at(c, k, ratio[j])) return 0;
  figure *f = new_fig(c, FIG_SLASH, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  return 1;
}

/* "1.716 thẻ/6.797 thẻ đăng ký": X unit/Y unit, one word named twice.
 * Returns 1 (figure pushed), 0, -1. */
static int unit_slash_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  size_t k = skip_sp(c, b), e = k, ya, yb;
  uint64_t x, y;
  if (k == b || !isletter(c, k) || (a > 0 && (c->t[a - 1] == '/' || isletter(c, a - 1)))) return 0;
  while (e < c->n && isletter(c, e)) e++;
  if (e - k > 24 || e + 1 >= c->n || c->t[e] != '/' || !token_at(c, e + 1, &yb)) return 0;
  ya = e + 1;
  size_t u = skip_sp(c, yb);
  if (u == yb || u + (e - k) > c->n || memcmp(c->t + u, c->t + k, e - k) || (u + (e - k) < c->n && isletter(c, u + (e - k))))
    return 0;
  if (!count_of(c, a, b, &x) || !count_of(c, ya, yb, &y) || x > y) return 0;
  figure *f = new_fig(c, FIG_SLASH, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  *next = yb;
  return 1;
}

/* A short quoted word before a noun ("'inadequate' hospitals"): where the
 * noun starts, else i. */
static size_t past_quoted(const ctx *c, size_t i)
{
  size_t k = skip_quotes(c, i);
  if (k == i || !isletter(c, k)) return i;
  for (size_t e = k; e < c->n && e < k + 40; e++) {
    if (c->t[e] == ' ') return i;   /* one word only: "“khu dân cư văn hóa” đạt" is the unit itself */
    if (!isletter(c, e)) {
      size_t q = skip_quotes(c, e);
      if (q == e) return i;
      q = skip_sp(c, q);
      return q > e && isletter(c, q) ? q : i;
    }
  }
  return i;
}

/* whom_figure's markers (below) that a list after an "Of the Y" figure
 * continues as: "..., X2 ... and X3" */
enum { MARK_OF_WHICH = 6, MARK_AMONG_WHOM = 7, MARK_AMONG_THEM = 8, MARK_WITH = 12, MARK_TRONG_SO_DO = 14,
       MARK_TRONG_LEAD = 15 };   /* no marker word: the list after "Trong Y ... có X" (ofthe_figure) */

static int token_ending(const ctx *c, size_t e, size_t *s);
static int count_before(const ctx *c, size_t i, size_t lo, size_t *ya, size_t *yb);
static int approximate(const ctx *c, size_t a);

/* "... visits in 2016 to 20 foster-care group homes ... // 16 of the group
 * homes had ...; 11 didn't ...": X of the units a count earlier in the text
 * (at most 1,500 bytes back) named.  The unit: up to three words at u. */
static int anaphoric_match(ctx *c, size_t a, size_t b, size_t u, size_t e, int whole, uint64_t x, size_t *next);

static int anaphoric_of(ctx *c, size_t a, size_t b, size_t u, size_t *next)
{
  size_t e = u, words = 0, ends[3];
  while (e < c->n && words < 3 && isletter(c, e) && !stop_word(c, e)) {
    while (e < c->n && (isletter(c, e) || c->t[e] == '-')) e++;
    ends[words++] = e;
    size_t k = skip_sp(c, e);
    if (k > e && k < c->n && isletter(c, k) && !stop_word(c, k)) e = k;
    else break;
  }
  uint64_t x;
  if (!words || ends[0] - u < 3 || !count_of(c, a, b, &x) || is_ordinal(c, a, b)) return 0;
  /* the whole phrase, else its first words: "11 of these restaurants also have" */
  for (size_t w = words; w-- > 0;) {
    int r = anaphoric_match(c, a, b, u, ends[w], w + 1 == words, x, next);
    if (r) return r;
  }
  return 0;
}

/* The count before an earlier mention of the unit [u, e) (whole: all of
 * the count's phrase): see anaphoric_of. */
static int anaphoric_match(ctx *c, size_t a, size_t b, size_t u, size_t e, int whole, uint64_t x, size_t *next)
{
  uint64_t y;
  size_t lo = a > 1500 ? a - 1500 : 0, n = e - u;
  if (a < n) return 0;   /* no room before the count for an earlier mention */
  for (size_t p = a - n; p-- > lo;) {
    if (memcmp(c->f + p, c->f + u, n) || !at_word_start(c, p) || !at_word_end(c, p + n)) continue;
    /* a count at most 30 bytes before, words (or hyphens) between */
    size_t q = p;
    while (q > 0 && q + 30 > p && (isletter(c, q - 1) || c->t[q - 1] == ' ' || c->t[q - 1] == '-')) q--;
    size_t ya;
    if (!(q > 0 && isdig(c->t[q - 1])) || !token_ending(c, back_sp(c, q), &ya) || !count_of(c, ya, back_sp(c, q), &y))
      continue;
    /* the words between are the count's unit ("20 foster-care group homes"), not a phrase after it
     * ("72 reports on the quality of care" is no count of care) */
    int phrase = 0;
    for (size_t k = q; k < p && !phrase; k++)   /* "foster-care": hyphens between letters */
      phrase = at_word_start(c, k) && isletter(c, k) && stop_word(c, k);
    if (phrase) continue;
    long yr;
    if (year_value(c, ya, back_sp(c, q), &yr) || y < x) return 0;
    figure *f = new_fig(c, FIG_OFTHE, a, b, ya, back_sp(c, q));
    if (!f) return -1;
    f->x = x; f->y = y;
    f->a = a;
    f->unit = whole ? u : p;   /* a part of the phrase matched: the earlier mention's unit */
    f->whom = 1 + MARK_OF_WHICH;   /* its own predicate; "; 11 didn't ..." continues it */
    *next = e;
    return 1;
  }
  return 0;
}

/* "17,379 inspections on ships ... During the inspections, 12,049 ships
 * were found with deficiencies and 1,349 ships were detained": X after
 * "during the (these, those) NOUN," opening its sentence is of the last
 * count of NOUN before, in X's own unit; a list may follow (whom).  Not a
 * time ("During the years, 12 schools"): that is no total. */
static int during_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  static const char *const pre[] = { "during the", "during these", "during those", NULL };
  static const char *const time[] = { "years", "months", "weeks", "days", "periods", NULL };
  size_t w = back_sp(c, a), u, j;
  if (w == 0 || c->t[w - 1] != ',') return 0;
  w = back_sp(c, w - 1);
  for (u = w; u > 0 && isletter(c, u - 1); u--) {}
  size_t v = back_sp(c, u), o = sent_start(c, a);
  for (j = 0; pre[j] && !word_before(c, v, pre[j]); j++) {}
  if (u == w || !pre[j]) return 0;
  while (o < v && !isletter(c, o)) o++;
  if (o != v - strlen(pre[j])) return 0;
  for (size_t t = 0; time[t]; t++)
    if (word_at(c, u, time[t])) return 0;
  uint64_t x;
  size_t k = skip_sp(c, b);
  if (k == b || !isletter(c, k) || stop_word(c, k) || !count_of(c, a, b, &x) || is_ordinal(c, a, b)) return 0;
  int r = anaphoric_match(c, a, b, u, w, 1, x, next);
  if (r <= 0) return r;
  figure *f = (figure *)c->figs.v + c->figs.n - 1;
  f->unit = b;   /* its own: "12,049 ships" of the inspections */
  f->unit2 = u;
  *next = b;
  return 1;
}

/* The last exact count in [lo, from), at most 400 bytes back. */
static int total_in(const ctx *c, size_t from, size_t lo, size_t *ya, size_t *yb, uint64_t *y)
{
  if (from > lo + 400) lo = from - 400;
  return count_before(c, from, lo, ya, yb) && count_of(c, *ya, *yb, y) && !approximate(c, *ya);
}

/* The total "these" points back to from the sentence at ss: the last count
 * of the sentence before ("... had conducted 70 inspections. 16 of these"). */
static int prior_total(const ctx *c, size_t ss, size_t *ya, size_t *yb, uint64_t *y)
{
  if (ss == 0) return 0;
  size_t from = ss, lo = sent_start(c, ss - 1);
  while (from > lo && strchr(" \t\r\n.!?", c->t[from - 1])) from--;
  return total_in(c, from, lo, ya, yb, y);
}

/* "... had conducted 70 inspections. 16 of these were judged outstanding":
 * X "of these" (those, them) opening its sentence or clause, of the last
 * count of the sentence before (or of its own, before a comma). */
static int these_figure(ctx *c, size_t a, size_t b, size_t k, size_t *next)
{
  /* "578 inspections, 366 of which found deficiencies": "of which" after the count */
  static const char *const mark[] = { "of these", "of those", "of them", "of which", "of whom", NULL };
  size_t j = 0, ss = sent_start(c, a), o = ss, ya, yb;
  while (mark[j] && !word_at(c, k, mark[j])) j++;
  if (!mark[j]) return 0;
  while (o < a && !isletter(c, o) && !isdig(c->t[o])) o++;
  size_t v = back_sp(c, a);
  int opens = o == a, clause = v > 0 && c->t[v - 1] == ',';
  if (!opens && !clause) return 0;
  uint64_t x, y;
  size_t q = skip_sp(c, k + strlen(mark[j]));
  int named = j < 2 && q > k + strlen(mark[j]) && isletter(c, q) && !stop_word(c, q);
  if (named) {   /* "11 of these restaurants": the 13 restaurants before */
    int r = anaphoric_of(c, a, b, q, next);
    if (r) return r;
  }
  if (!named && token_at(c, q, &yb)) {   /* "5 of these 10 schools": its own total */
    long yr;
    ya = q;
    if (is_percent(c, yb) || year_value(c, ya, yb, &yr) || !count_of(c, ya, yb, &y)) return 0;
  } else if (!(opens ? prior_total(c, ss, &ya, &yb, &y)
                     : total_in(c, v - 1, ss, &ya, &yb, &y) || (named && prior_total(c, ss, &ya, &yb, &y))))
    /* "72 reports ... Following recent inspections, 40 of these care homes": a named unit points back
     * past its own clause */
    return 0;
  if (!count_of(c, a, b, &x) || x > y || is_ordinal(c, a, b)) return 0;
  figure *f = new_fig(c, FIG_OFTHE, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  f->a = a;
  f->unit = named ? q : yb;   /* its own ("40 of these care homes"), else the total's: "70 inspections" */
  f->unit2 = named ? yb : 0;
  f->whom = 1 + MARK_OF_WHICH;   /* its own predicate; ", 31 good, 19 ..." continues it */
  *next = yb > k ? yb : k + strlen(mark[j]);
  return 1;
}

/* "X of Y", "X out of Y", "X of the Y", "X trên tổng số Y", "5 trong 7 thôn";
 * with the unit between for the markers that cannot be read otherwise:
 * "658 schools out of 1,964", "7 thôn trong tổng số 92 thôn". */
static int of_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  /* unit: also after a unit ("100 nursing homes from among 15,377 nursing homes") */
  static const struct { const char *w; unsigned unit : 1; } mid[] = {
    { "out of the", 1 }, { "out of", 1 }, { "from among", 1 }, { "of the", 0 }, { "of", 0 },
    { "trên tổng số", 1 }, { "trong tổng số", 1 }, { "trong số", 1 }, { "trên", 0 }, { "trong", 0 }, { NULL, 0 }
  };
  size_t k = skip_sp(c, b), ya = 0, yb, unit = 0;
  uint64_t x, y;
  int listed = 0;   /* "X1 ... and X2 ... out of Y": X2 is read next */
  int r = these_figure(c, a, b, k, next);
  if (r) return r;
  if (word_at(c, k, "complete")) k = skip_sp(c, k + 8);   /* "136 complete of 250 planned" */
  else if (word_at(c, k, "completed")) k = skip_sp(c, k + 9);
  for (size_t j = 0; mid[j].w; j++)
    if (k > b && word_at(c, k, mid[j].w)) { ya = skip_sp(c, k + strlen(mid[j].w)); break; }
  if (!ya) {   /* up to three words of a unit, then "out of" or "trong tổng số" */
    size_t w = k;
    for (int words = 0; words < 3 && !ya && isletter(c, w) && !stop_word(c, w); words++) {
      while (w < c->n && isletter(c, w)) w++;
      w = skip_sp(c, w);
      for (size_t j = 0; mid[j].w; j++)
        if (mid[j].unit && word_at(c, w, mid[j].w)) {
          ya = skip_sp(c, w + strlen(mid[j].w));
          unit = b;
          break;
        }
    }
  }
  if (!ya) {   /* "7,652 care homes have been rated Good out of 11,421 homes": a clause of up to 8 words, then "out of" */
    size_t w = skip_quotes(c, k), e2;
    for (int words = 0; words < 8 + 6 * listed && !ya && isletter(c, w); words++) {
      while (w < c->n && isletter(c, w)) w++;
      w = skip_quotes(c, skip_sp(c, skip_quotes(c, w)));   /* "rated 'inadequate' out of" */
      if (word_at(c, w, "out of the")) ya = skip_sp(c, w + 10);
      else if (word_at(c, w, "out of")) ya = skip_sp(c, w + 6);
      /* "1,950 homes which ... and 138 homes which ... out of a total of 10,589": a list, one total */
      if (!listed && word_at(c, w, "and") && token_at(c, skip_sp(c, w + 3), &e2) && !is_percent(c, e2) &&
          isletter(c, skip_sp(c, e2))) {
        listed = 1;
        w = skip_sp(c, e2);
      }
    }
    /* "45 gia đình văn hóa tiêu biểu trong tổng số 134.110 gia đình": twelve
     * syllables at most */
    w = k;
    for (int words = 0; words < 12 && !ya && isletter(c, w); words++) {
      while (w < c->n && isletter(c, w)) w++;
      w = skip_sp(c, w);
      if (word_at(c, w, "trong tổng số")) ya = skip_sp(c, w + strlen("trong tổng số"));
      else if (word_at(c, w, "trên tổng số")) ya = skip_sp(c, w + strlen("trên tổng số"));
    }
    if (ya) unit = b;
  }
  if (ya && word_at(c, ya, "a total of")) ya = skip_sp(c, ya + strlen("a total of"));   /* "out of a total of Y" */
  if (ya && ya > k && !unit && word_at(c, k, "of the") && !token_at(c, ya, &yb))
    return anaphoric_of(c, a, b, ya, next);   /* "16 of the group homes" */
  if (!ya || ya == k || !token_at(c, ya, &yb) || is_percent(c, yb)) return 0;
  if (!count_of(c, a, b, &x) || !count_of(c, ya, yb, &y) || x > y || is_ordinal(c, a, b)) return 0;
  if (yb < c->n && (c->t[yb] == '/' || isletter(c, yb))) return 0;
  long yr;
  if (year_value(c, ya, yb, &yr) && !unit) return 0;   /* "5 trong 2019": no total */
  if (criteria_unit(c, yb)) return 0;
  *next = listed ? b : yb;
  figure *f = new_fig(c, FIG_OF, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  if (unit) f->unit = unit;   /* "658 schools out of 1,964 visited": the count's own unit */
  /* "70 out of 103 were rated as ..., 21 were 'good', 10 were ...": with
   * the predicate right after Y, the counts listed after it are of Y too */
  size_t v = skip_sp(c, yb);
  if (!unit && v > yb && (word_at(c, v, "were") || word_at(c, v, "was") || word_at(c, v, "are") ||
                          word_at(c, v, "have") || word_at(c, v, "had")))
    f->more = 1 + MARK_OF_WHICH;
  return 1;
}

/* Where the percentage sign or words after the number ending at b end. */
static size_t pct_end(const ctx *c, size_t b)
{
  static const char *const w[] = { "per cent", "percent", "phần trăm", NULL };
  size_t k = skip_sp(c, b);
  if (k < c->n && c->t[k] == '%') return k + 1;
  for (size_t j = 0; w[j]; j++)
    if (word_at(c, k, w[j])) return k + strlen(w[j]);
  return b;
}

/* "trên 74%", "nearly 67%": the length of the bound word at k followed by
 * one space and a digit, else 0.  A percentage keeps it ("trên 74"): the
 * audit reads it as a bound (both read audit.h's pt_bound_words). */
static size_t bound_word(const ctx *c, size_t k)
{
  for (const pt_bound_word *q = pt_bound_words; q->word; q++) {   /* audit.h: the one list */
    size_t n = strlen(q->word);
    if (word_at(c, k, q->word) && k + n + 1 < c->n && c->t[k + n] == ' ' && isdig(c->t[k + n + 1])) return n;
  }
  return 0;
}

/* Where the percentage at i starts with the bound word before it. */
static size_t with_bound(const ctx *c, size_t i)
{
  for (size_t q = i; q-- > 0 && q + 20 > i;)   /* the word at q, one space, the number at i */
    if (at_word_start(c, q) && isletter(c, q) && bound_word(c, q) + q + 1 == i) return q;
  return i;
}

/* The percentage right after i: "(Z%)", "(tỷ lệ Z%)", "(chiếm Z%", ", chiếm Z%",
 * ", đạt Z%", "(or Z%)", or with no bracket or comma a marker that can only
 * introduce a share: "chiếm Z%", "tỷ lệ Z%".  Sets [*pa, *pb), returns 1. */
static int pct_after(const ctx *c, size_t i, size_t lim, size_t *pa, size_t *pb)
{
  /* "tỉ lệ" is the older spelling of "tỷ lệ" */
  static const char *const mark[] = { "chiếm tỷ lệ", "đạt tỷ lệ", "tỷ lệ", "chiếm tỉ lệ", "đạt tỉ lệ", "tỉ lệ",
                                      "chiếm",   /* "chiếm khoảng 39,6%": the bound word kept */
                                      /* English "chiếm": "The 405 organizations ... represent approximately 14 percent" */
                                      "represent", "represents", "representing", "account for", "accounts for",
                                      "accounting for", "which equates to", "equating to", "which represents",
                                      "which accounts for",  /* strong */
                                      "bằng", "tương đương", "khoảng", "đạt", "reaching", "or", "i.e.", "là", NULL };
  enum { STRONG = 17 };
  size_t k = skip_sp(c, i), j;
  int paren = k < lim && c->t[k] == '(';
  int comma = k < lim && c->t[k] == ',';
  if (paren || comma) k = skip_sp(c, k + 1);
  /* "đạt tiêu chuẩn văn hóa,<line break>chiếm 87,09%": a web copy's line broken after the comma */
  if (comma && k < lim && (c->t[k] == '\n' || (c->t[k] == '\r' && k + 1 < lim && c->t[k + 1] == '\n')))
    k = skip_sp(c, k + (c->t[k] == '\r' ? 2 : 1));
  /* "approximately 2,500 – 4% of all facilities –": a dashed aside, as a bracket */
  else if (k + 3 <= lim && (!memcmp(c->t + k, "\xe2\x80\x93", 3) || !memcmp(c->t + k, "\xe2\x80\x94", 3))) {
    paren = 1;
    k = skip_sp(c, k + 3);
  }
  for (j = 0; mark[j] && !word_at(c, k, mark[j]); j++) continue;
  if (mark[j]) {
    k = skip_sp(c, k + strlen(mark[j]));
    if (k < lim && c->t[k] == ':') k = skip_sp(c, k + 1);
  }
  size_t qa = k, n;
  if ((mark[j] || paren) && (n = bound_word(c, k))) k += n + 1;
  /* "mầm non 151 trường, hơn 54%;": a bound word after the comma, the clause ending after the percentage */
  else if (comma && !mark[j] && (n = bound_word(c, k))) {
    size_t e, q = k + n + 1;
    if (!token_at(c, q, &e) || !is_percent(c, e)) return 0;
    size_t z = skip_sp(c, pct_end(c, e));
    if (z < c->n && !strchr(";.\n", c->t[z])) return 0;
    *pa = k;
    *pb = e;
    return 1;
  }
  /* "Another 294,992 bridges, 47.7%, were classified as fair": a share set off by commas */
  if (comma && !mark[j]) {
    size_t e;
    if (k < lim && token_at(c, k, &e) && is_percent(c, e)) {
      size_t z = skip_sp(c, pct_end(c, e));
      if (z < lim && c->t[z] == ',') { *pa = k; *pb = e; return 1; }
    }
  }
  /* "320 detentions or 3.7% of the inspected tankers": "or" before a
   * percentage is a share too */
  if (!paren && !(comma && mark[j]) && j >= STRONG && !(mark[j] && !strcmp(mark[j], "or"))) return 0;
  size_t e;
  if (k >= lim || !token_at(c, k, &e) || !is_percent(c, e)) return 0;
  *pa = qa;   /* with its bound word, if any */
  *pb = e;
  return 1;
}

/* The number at a is a change: "tăng 36", "giảm 5", "increase of 12". */
static int is_change(const ctx *c, size_t a)
{
  static const char *const change[] = { "tăng", "giảm", "thêm", "increase of", "decrease of", "up", "down",
                                        "by", NULL };
  size_t w = back_sp(c, a);
  for (size_t j = 0; change[j]; j++)
    if (word_before(c, w, change[j])) return 1;
  return 0;
}

/* The words before a total that a count of it follows: "Of the 64 ports ..., 50", "Trong tổng số 92 thôn".
 * `vi`: the count's clause must name a stage (whom_figure); `whole`: also the whole a share in words is of
 * ("Of the 14,870 inspections, two thirds (67%)"), so never the count of a count-with-percentage. */
/* these: "Out of these 5060 inspections, 2279": an earlier total restated with its unit */
static const struct { const char *w; unsigned vi : 1, whole : 1, these : 1; } total_lead[] = {
  { "of the", 0, 1, 0 }, { "among the", 0, 1, 0 }, { "trong tổng số", 1, 1, 0 }, { "trong số", 1, 1, 0 },
  { "out of the", 0, 1, 0 }, { "đối với", 0, 0, 0 }, { "out of these", 0, 1, 1 }, { "of these", 0, 1, 1 },
  { "among these", 0, 1, 1 }, { "of those", 0, 1, 1 }, { NULL, 0, 0, 0 }
};

/* "13,178 deficiencies ..., 9,893 ... and 9,179 ... were recorded,
 * representing nearly 45% of the total": after the last count of a list,
 * an English share verb is the list's sum's, not the count's. */
static int list_share(const ctx *c, size_t a, size_t pa)
{
  static const char *const verb[] = { "represent", "represents", "representing", "account for", "accounts for",
                                      "accounting for", NULL };
  size_t w = back_sp(c, pa), k = back_sp(c, a);   /* pa: the bound word ("nearly") or the number */
  int shared = 0;
  for (size_t j = 0; verb[j] && !shared; j++) shared = word_before(c, w, verb[j]);
  return shared && (word_before(c, k, "and") || (k > 0 && c->t[k - 1] == ','));
}

/* "specialty hospitals,1 accounting for": a footnote's number, one or two
 * digits right after a word and its comma or full stop. */
static int footnote(const ctx *c, size_t a, size_t e)
{
  return e - a <= 2 && a >= 2 && (c->t[a - 1] == ',' || c->t[a - 1] == '.') && isletter(c, a - 2) &&
         (e >= c->n || c->t[e] == ' ' || c->t[e] == '\n' || c->t[e] == '\r');
}

/* A count at a inside another's unit phrase: "249 đơn vị cấp huyện thuộc 57 tỉnh". */
static int inside_unit(const ctx *c, size_t a)
{
  static const char *const inside[] = { "thuộc", "của", "tại", "ở", NULL };
  for (size_t j = 0, w = back_sp(c, a); inside[j]; j++)
    if (word_before(c, w, inside[j])) return 1;
  return 0;
}

/* "4.934 hộ đạt gia đình văn hóa năm 2020 đạt tỷ lệ 98,34%": the year of
 * the count's clause ("năm", "in" before it) is no other figure. */
static int time_word_before(const ctx *c, size_t i)
{
  size_t w = back_sp(c, i);
  return word_before(c, w, "năm") || word_before(c, w, "in");
}

/* "540 children’s homes were inspected, which equates to 26% of the 2,067
 * children’s homes", "5 schools (4% of 125)", "chiếm 24,6% tổng số 1.270
 * xã": the total after the percentage makes the count-with-percentage f an
 * X of Y figure in the count's unit.  Returns 1 if it did. */
static int share_of_total(const ctx *c, figure *f, size_t u)
{
  static const char *const of[] = { "of the", "of all", "of", "trên tổng số", "tổng số", "so với tổng số", NULL };
  size_t j = 0, ya, yb;
  uint64_t y;
  while (of[j] && !word_at(c, u, of[j])) j++;
  if (!of[j]) return 0;
  ya = skip_sp(c, u + strlen(of[j]));
  if (!token_at(c, ya, &yb) || is_percent(c, yb) || !count_of(c, ya, yb, &y) || y < f->x || y == 0) return 0;
  long yr;
  if (year_value(c, ya, yb, &yr)) return 0;   /* "12% of the 2019 total" is no total */
  f->kind = FIG_OFTHE;
  f->ya = ya; f->yb = yb; f->y = y;
  f->unit2 = yb;
  return 1;
}

/* The percentage [pa, pb) is within a point of x/y, in exact integers
 * (read as the text's number format; a bound word, "gần 94", never fits). */
static int share_fits(const ctx *c, size_t pa, size_t pb, uint64_t x, uint64_t y)
{
  pt_decimal z;
  if (y == 0 || pt_num_parse_decimal(c->t + pa, pb - pa, (pt_numfmt)c->fmt, &z) != PT_NUM_OK || z.scale > 6)
    return 0;
  unsigned __int128 p10 = 1, want, got;
  for (int k = 0; k < z.scale; k++) p10 *= 10;
  want = (unsigned __int128)x * 100 * p10;   /* 100 x / y against mant / 10^scale, both times y 10^scale */
  got = (unsigned __int128)z.mant * y;
  return (want > got ? want - got : got - want) < p10 * y;
}

/* The first word at i is one of the first three at j: "schools" of "state
 * schools in England"; no word at i (the total's noun is meant) too. */
static int same_noun(const ctx *c, size_t i, size_t j)
{
  i = skip_sp(c, i);
  size_t ei = word_end(c, i);
  if (ei == i) return 1;
  for (int words = 0; words < 3; words++) {
    j = skip_sp(c, j);
    size_t ej = word_end(c, j);
    if (ej == j) return 0;
    if (ej - j == ei - i && !memcmp(c->f + i, c->f + j, ei - i)) return 1;
    j = ej;
  }
  return 0;
}

/* "Of the 618,456 bridges ..., 7.3% — 45,031 bridges — were poor. Another
 * 294,992 bridges, 47.7%, were fair and 278,433 bridges, 45.5%, good": a
 * count-with-percentage after "another" ("a further", "the remaining") is
 * of the total of the figure before, in its sentence or the one before;
 * so is one after "and" that goes on such a list.  That figure, else NULL. */
static const figure *another_of(const ctx *c, size_t a, size_t b, uint64_t x, size_t pa, size_t pb)
{
  static const char *const more[] = { "another", "a further", "the remaining", "the other", NULL };
  const figure *p = c->figs.n ? (const figure *)c->figs.v + c->figs.n - 1 : NULL;
  if (!p || p->kind == FIG_PCT || p->y == 0 || x > p->y || p->ya >= p->yb) return NULL;
  /* "Another 30 tunnels (8%)" after "60 of 400 bridges": another noun, or a share that is not of it */
  if (!same_noun(c, b, p->yb) || !share_fits(c, pa, pb, x, p->y)) return NULL;
  size_t w = back_sp(c, a), ss = sent_start(c, a);
  for (size_t j = 0; more[j]; j++)
    if (word_before(c, w, more[j])) {
      size_t ps = sent_start(c, p->a);
      return ps == ss || (ss > 0 && sent_start(c, ss - 1) == ps) ? p : NULL;
    }
  /* "and 278,433 bridges": the list an "another" figure opened in this sentence */
  if ((word_before(c, w, "and") || (w > 0 && c->t[w - 1] == ',')) && p->a >= ss && p->ya < ss) return p;
  return NULL;
}

/* "X unit (Z%)", "X unit (chiếm Z% ...)", "X unit chiếm Z%": a count with a
 * percentage and no total.  The words between X and the percentage: no digits, no clause end. */
static int pct_figure(ctx *c, size_t a, size_t b)
{
  uint64_t x;
  long y0;
  if (is_ordinal(c, a, b) || !count_of(c, a, b, &x) || (c->t[a] == '0' && b > a + 1)) return 0;
  if (footnote(c, a, b)) return 0;
  if (b < c->n && isletter(c, b)) return 0;   /* "consistent 5s and 6s": a grade's plural, no count */
  /* "(2010) represent ...": a year in brackets, no count */
  if (a > 0 && c->t[a - 1] == '(' && b < c->n && c->t[b] == ')' && year_value(c, a, b, &y0)) return 0;
  /* "during the first quarter of 2012 was lower ... (40%)": a year after a word of time is none */
  static const char *const when[] = { "of", "during", "since", "until", "by", "from", "to", "đến", "trong",
                                      NULL };
  if (year_value(c, a, b, &y0) && !(isletter(c, skip_sp(c, b)) && !stop_word(c, skip_sp(c, b)))) {
    size_t w = back_sp(c, a);   /* but "A total of 2000 households (45%)" counts households */
    if (time_word_before(c, a)) return 0;
    for (size_t j = 0; when[j]; j++)
      if (word_before(c, w, when[j])) return 0;
  }
  if (is_change(c, a)) return 0;   /* "tăng 36 đơn vị ... chiếm 38,7%": a change */
  /* "249 đơn vị cấp huyện thuộc 57 tỉnh, ... chiếm khoảng 38,7%": a count
   * inside another's unit phrase is not the one the percentage is of */
  if (inside_unit(c, a)) return 0;
  /* "Of the 14,870 ... inspections, two thirds of providers (67%)": a total, the share of it in words */
  for (size_t j = 0, w = back_sp(c, a); total_lead[j].w; j++)
    if (total_lead[j].whole && word_before(c, w, total_lead[j].w)) return 0;
  size_t lim = a + 240 < c->n ? a + 240 : c->n, change_end = 0;
  for (size_t i = b; i < lim; i++) {
    char ch = c->t[i];
    if (isdig(ch) || ch == ';' || ch == '.' || ch == ':' || ch == '\n' || ch == '/' || ch == '!' || ch == '?') {
      size_t e;
      long yr;
      if (!isdig(ch)) return 0;
      /* "60 thôn duy trì từ năm thứ 3 trở lên (tỷ lệ 71%)": an ordinal is no other figure; nor
       * an increase and its compared year ("167 cơ quan, tăng 47 cơ quan so với năm 2009 (đạt 90,7%)") */
      if (token_at(c, i, &e) && !is_percent(c, e) &&
          (footnote(c, i, e) || (!year_value(c, i, e, &yr) && is_ordinal(c, i, e)) || (!year_value(c, i, e, &yr) && is_change(c, i)) ||
           (year_value(c, i, e, &yr) && (is_comparison(c, i) || compared_year(c, i, e) || time_word_before(c, i))) ||
           inside_unit(c, i))) {   /* "255 đơn vị cấp huyện thuộc 58 tỉnh ..., chiếm khoảng 39,6%" */
        if (!year_value(c, i, e, &yr) && is_change(c, i)) change_end = e;
        i = e - 1;
        continue;
      }
      break;
    }
    int dash = i + 3 <= lim && (!memcmp(c->t + i, "\xe2\x80\x93", 3) || !memcmp(c->t + i, "\xe2\x80\x94", 3));
    if (ch != '(' && ch != ',' && !dash && !(isletter(c, i) && at_word_start(c, i))) continue;
    long yr;
    size_t ye;   /* "for the full previous year (2010) represent ...": a year in brackets is an aside */
    if (ch == '(' && token_at(c, i + 1, &ye) && year_value(c, i + 1, ye, &yr) && ye < lim && c->t[ye] == ')') {
      i = ye;
      continue;
    }
    size_t pa, pb;
    if (!pct_after(c, i, lim, &pa, &pb)) { if (ch == '(') return 0; continue; }
    if (criteria_unit(c, b)) return 0;
    if (list_share(c, a, pa)) return 0;
    if (change_end && skip_sp(c, change_end) == i) return 0;   /* "an increase of 1,346 (15%)": the change's */
    /* "tăng 36 đơn vị so cuối năm 2021 và chiếm khoảng 38,7%": after a change, only a bracket's
     * percentage is the count's ("167 cơ quan, tăng 47 cơ quan so với năm 2009 (đạt 90,7%)") */
    if (change_end && ch != '(') return 0;
    const figure *whole = another_of(c, a, b, x, pa, pb);
    figure *f = whole ? new_fig(c, FIG_OFTHE, a, b, whole->ya, whole->yb) : new_fig(c, FIG_PCT, a, b, b, b);
    if (!f) return -1;
    f->x = x;
    f->pa = pa; f->pb = pb;
    if (whole) {   /* the count's own unit; its total a sentence back */
      f->y = whole->y;
      f->a = a; f->b = b; f->unit = b; f->unit2 = whole->yb;
      return 1;
    }
    size_t u = skip_sp(c, pct_end(c, pb));   /* "2,274, or 11%, of English schools": the unit after it */
    if (share_of_total(c, f, u)) return 1;
    if (u < c->n && c->t[u] == ',') u = skip_sp(c, u + 1);
    if (word_at(c, u, "of")) f->unit2 = u;
    else if (word_at(c, u, "share of")) f->unit2 = u + 6;   /* "120 (31.2 per cent share of detainable deficiencies)" */
    else {   /* "Of the inspections carried out 5295 were unannounced (64%)": the sentence's "Of the UNIT" */
      size_t s0 = sent_start(c, a);
      while (s0 < a && !isletter(c, s0)) s0++;
      if (word_at(c, s0, "of the") && isletter(c, skip_sp(c, s0 + 6))) f->unit2 = skip_sp(c, s0 + 6);
    }
    return 1;
  }
  return 0;
}

/* The nearest percentage token before a in its sentence, with no other
 * count between but its "of the Y" (years skipped): sets [*pa, *pb),
 * returns 1. */
static int pct_before(const ctx *c, size_t a, size_t *pa, size_t *pb)
{
  size_t lo = sent_start(c, a), i = a, s;
  int whole = 0;   /* one count passed over: the percentage's "of the Y" */
  while (i > lo) {
    if (!isdig(c->t[i - 1])) { i--; continue; }
    long yr;
    if (!token_ending(c, i, &s)) return 0;
    if (is_percent(c, i)) { *pa = s; *pb = i; return 1; }
    if (!year_value(c, s, i, &yr) && (whole++ || !word_before(c, back_sp(c, s), "of the"))) return 0;
    i = s;
  }
  return 0;
}

/* "26 per cent of the 1,172 schools visited – 308 in total – were ...",
 * "More than half (51 per cent) ... were classified as good, a total of 598
 * schools": the count after its percentage (and the percentage's total,
 * "of the Y", when it has one).  Returns 1 (figure pushed), 0, -1. */
static int total_after_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  size_t w = back_sp(c, a), pa, pb, ya = 0, yb = 0;
  uint64_t x, y = 0;
  /* an aside only: ", a total of X", "– X in total –" ("and a total of 2,102 schools were inspected"
   * is a figure of its own) */
  size_t o = word_before(c, w, "a total of") ? back_sp(c, w - strlen("a total of")) :
             word_at(c, skip_sp(c, b), "in total") ? w : 0;
  /* "about 10 percent of the ship visits or a total of 8,278 exams": "or" restates the share */
  int restated = o > 0 && word_before(c, o, "or") && word_before(c, w, "a total of");
  if (o == 0 || !(restated || c->t[o - 1] == ',' || c->t[o - 1] == '(' || c->t[o - 1] == '-' ||
                  (o >= 3 && (!memcmp(c->t + o - 3, "\xe2\x80\x93", 3) || !memcmp(c->t + o - 3, "\xe2\x80\x94", 3)))))
    return 0;
  if (!count_of(c, a, b, &x) || is_ordinal(c, a, b) || !pct_before(c, w, &pa, &pb)) return 0;
  /* the percentage's own total: "Z per cent of the Y ..." and nothing else counted between */
  size_t k = skip_sp(c, pct_end(c, pb));
  if (k < c->n && c->t[k] == ')') k = skip_sp(c, k + 1);
  if (word_at(c, k, "of the")) {
    size_t t = skip_sp(c, k + 6), e;
    long yr;
    if (token_at(c, t, &e) && !is_percent(c, e) && !year_value(c, t, e, &yr) && count_of(c, t, e, &y) && y >= x) {
      ya = t; yb = e;
    }
  }
  for (size_t i = ya < yb ? yb : pb; i < w; i++) {   /* another count between: not this form */
    size_t e;
    long yr;
    if (isdig(c->t[i]) && (i == 0 || !numch(c->t[i - 1])) && token_at(c, i, &e)) {
      if (!year_value(c, i, e, &yr)) return 0;
      i = e;
    }
  }
  figure *f = ya < yb ? new_fig(c, FIG_OF, a, b, ya, yb) : new_fig(c, FIG_PCT, a, b, b, b);
  if (!f) return -1;
  f->x = x; f->y = y;
  f->pa = with_bound(c, pa); f->pb = pb;   /* "about 10 percent" */
  f->pct_first = 1;   /* "..., were classified as good, a total of 598": the predicate before the count */
  if (ya < yb) f->unit = yb;   /* "of the 1,172 North-East schools" */
  else { size_t u = skip_sp(c, b); f->unit = u < c->n && isletter(c, u) ? u : b; }
  *next = b;
  return 1;
}

/* A count right after i: " 50", " có 50", " only 50". */
static int count_follows(const ctx *c, size_t i)
{
  size_t k = skip_sp(c, i), e;
  if (word_at(c, k, "có")) k = skip_sp(c, k + strlen("có"));
  else if (word_at(c, k, "only")) k = skip_sp(c, k + 4);
  return token_at(c, k, &e) && !is_percent(c, e);
}

/* "Of the 819 providers inspected, education watchdog Ofsted classes 182
 * as outstanding": a subject of at most four words (a capitalised name may
 * look like a participle) and a verb of rating right before the count.
 * Where the count starts, SIZE_MAX if none. */
static size_t rated_count(const ctx *c, size_t k)
{
  const char *const *rate = rate_verb;
  for (int words = 0; words < 5 && k < c->n && isletter(c, k); words++) {
    size_t r = 0, e;
    while (rate[r] && !word_at(c, k, rate[r])) r++;
    if (rate[r]) {
      size_t q = skip_sp(c, k + strlen(rate[r]));
      return words && token_at(c, q, &e) && !is_percent(c, e) ? q : SIZE_MAX;
    }
    if (stop_word(c, k) && lower_at(c, k) && !word_at(c, k, "the")) return SIZE_MAX;
    size_t w = word_end(c, k), q = skip_sp(c, w);
    if (q == w) return SIZE_MAX;
    k = q;
  }
  return SIZE_MAX;
}

/* "7.3% — 45,031 bridges", "7.3%, or 45,031": a share at k, then its
 * count; where the count starts (*pb: the share's end), else SIZE_MAX. */
static size_t share_then_count(const ctx *c, size_t k, size_t *pb)
{
  size_t e, q, xb;
  if (!token_at(c, k, &e) || !is_percent(c, e)) return SIZE_MAX;
  q = skip_sp(c, pct_end(c, e));
  if (q + 3 <= c->n && (!memcmp(c->t + q, "\xe2\x80\x94", 3) || !memcmp(c->t + q, "\xe2\x80\x93", 3))) q += 3;
  else if (q < c->n && c->t[q] == ',') q++;
  else return SIZE_MAX;
  q = skip_sp(c, q);
  if (word_at(c, q, "or")) q = skip_sp(c, q + 2);
  if (!token_at(c, q, &xb) || is_percent(c, xb)) return SIZE_MAX;
  *pb = e;
  return q;
}

/* "Of the 117 settings ..., the majority totaling 71 improved": the count
 * after the comma at i, at most three words of letters before it (none a
 * verb or a preposition but "totaling"); where it starts, or SIZE_MAX. */
static size_t count_after_words(const ctx *c, size_t i)
{
  size_t k = skip_sp(c, i), e;
  if (share_then_count(c, k, &e) != SIZE_MAX) return k;   /* "Of the 618,456 bridges, 7.3% — 45,031" */
  if (count_follows(c, i)) {
    if (word_at(c, k, "có")) k = skip_sp(c, k + strlen("có"));
    else if (word_at(c, k, "only")) k = skip_sp(c, k + 4);
    return k;
  }
  size_t r = rated_count(c, k);
  if (r != SIZE_MAX) return r;
  for (int words = 0; words < 3 && k < c->n && isletter(c, k); words++) {
    int there = word_before(c, back_sp(c, k), "there");   /* "Out of 31,372 inspections, there were 18,461" */
    if (stop_word(c, k) && !word_at(c, k, "the") && !(there && (word_at(c, k, "were") || word_at(c, k, "was"))))
      return SIZE_MAX;
    while (k < c->n && isletter(c, k)) k++;
    k = skip_sp(c, k);
    if (token_at(c, k, &e) && !is_percent(c, e)) return k;
    /* "Of 2,934 inspections ..., almost half (1,224) were rated": a share in words, its count in brackets */
    if (k + 1 < c->n && c->t[k] == '(' && token_at(c, k + 1, &e) && !is_percent(c, e) && e < c->n && c->t[e] == ')')
      return k + 1;
  }
  return SIZE_MAX;
}

/* "Out of 361 residential care homes inspected 197 were ...": with no
 * comma, a count right after a participle and before a verb. */
static int participle_count(const ctx *c, size_t a, size_t b)
{
  size_t w = back_sp(c, a), k = skip_sp(c, b);
  if (w < 4 || w == a || !(c->f[w - 1] == 'd' && c->f[w - 2] == 'e')) return 0;
  return word_at(c, k, "were") || word_at(c, k, "was") || word_at(c, k, "had") || word_at(c, k, "have");
}

/* The word before q opens with a capital: "Ards" in "Ards and North Down's". */
static int capital_word_before(const ctx *c, size_t q)
{
  size_t p = back_sp(c, q), r = p;
  if (p == q) return 0;
  while (r > 0 && isletter(c, r - 1)) r--;
  return r < p && !lower_at(c, r);
}

/* A possessive word ending at w ("Liverpool's", "England’s"): where the
 * text before it ends (after spaces), else SIZE_MAX. */
static size_t possessive_before(const ctx *c, size_t w)
{
  size_t v;
  if (w >= 2 && c->t[w - 1] == 's' && c->t[w - 2] == '\'') v = w - 2;
  else if (w >= 4 && c->t[w - 1] == 's' && !memcmp(c->t + w - 4, "\xe2\x80\x99", 3)) v = w - 4;
  else return SIZE_MAX;
  size_t u = v;
  while (u > 0 && isletter(c, u - 1)) u--;
  if (u == v) return SIZE_MAX;
  /* "of North East Lincolnshire's": the words of a place before it, capitalised; "of Ards and
   * North Down's": an "and" between two of them */
  for (int words = 0; words < 5; words++) {
    size_t p = back_sp(c, u), q = p;
    if (p == u || p == 0) break;
    while (q > 0 && isletter(c, q - 1)) q--;
    if (q == p || word_at(c, q, "of") || word_at(c, q, "among")) break;   /* "Of Liverpool's" */
    if (lower_at(c, q) && !(word_at(c, q, "and") && capital_word_before(c, q))) break;
    u = q;
  }
  return back_sp(c, u);
}

/* A number in a phrase that qualifies the units: "with 20 or more critical
 * violations", "with over 50 beds", "more than 10 staff". */
static int qualifier_number(const ctx *c, size_t a, size_t b)
{
  static const char *const pre[] = { "with", "than", "least", "over", "under", "above", "below", NULL };
  static const char *const post[] = { "or more", "or fewer", "or less", "or over", "or above", NULL };
  size_t w = back_sp(c, a), k = skip_sp(c, b);
  if (is_percent(c, b)) return 0;
  for (size_t j = 0; pre[j]; j++)
    if (word_before(c, w, pre[j])) return 1;
  for (size_t j = 0; post[j]; j++)
    if (word_at(c, k, post[j])) return 1;
  return 0;
}

/* "Trong 10 tổ dân phố, có 4 tổ dân phố, gồm: 1, 3, 5 và 10 có tỷ lệ hộ gia
 * đình đạt danh hiệu văn hóa cao nhất": after the count at b, a rate and a
 * superlative in its sentence: the count of the best (worst) units, no
 * share of a standard. */
static int ranked(const ctx *c, size_t b)
{
  static const char *const rate[] = { "tỷ lệ", "tỉ lệ", "rate", NULL };
  static const char *const top[] = { "cao nhất", "thấp nhất", "highest", "lowest", NULL };
  size_t lim = b + 200 < c->n ? b + 200 : c->n;
  int r = 0, t = 0;   /* either order: "có tỷ lệ ... cao nhất", "had the highest rate" */
  for (size_t k = b; k < lim && !strchr(";\n", c->t[k]) && !(c->t[k] == '.' && skip_sp(c, k + 1) > k + 1); k++) {
    if (!at_word_start(c, k)) continue;
    for (size_t j = 0; rate[j]; j++) r |= word_at(c, k, rate[j]);
    for (size_t j = 0; top[j]; j++) t |= word_at(c, k, top[j]);
  }
  return r && t;
}

/* "Of the Y units ..., "Trong (tổng) số Y xã, có X": the total first.
 * Returns 1 with the count's token end in *next. */
static int ofthe_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  size_t w = back_sp(c, a);
  int ok = 0, vi = 0, tr = 0;   /* "trong (tổng) số Y, X": X's clause must name a stage (whom_figure) */
  for (size_t j = 0; total_lead[j].w && !ok; j++) {
    vi = (ok = word_before(c, w, total_lead[j].w)) && total_lead[j].vi;
    /* "Of these 50 were rated good": the count of the total before, not a total restated */
    if (ok && total_lead[j].these && (!isletter(c, skip_sp(c, b)) || stop_word(c, skip_sp(c, b)))) return 0;
  }
  size_t p = possessive_before(c, w);   /* "of Liverpool's 619 takeaways with ratings, 296" */
  if (!ok && p != SIZE_MAX) ok = word_before(c, p, "of") || word_before(c, p, "among");
  /* "Of 149 respondents, 127 ...", "• Out of 20,000 inspections ..., 1,426", "Trong 74 cơ quan ... có 19
   * phường": only opening a sentence ("trong" the Vietnamese: "trong 3 năm" is a duration, no total) */
  for (int j = 0; j < 3 && !ok; j++) {
    const char *lw = j == 2 ? "trong" : j ? "out of" : "of";
    if (!word_before(c, w, lw)) continue;
    size_t s = sent_start(c, w - strlen(lw)), v = back_sp(c, w - strlen(lw));
    while (s < w - strlen(lw) && !isletter(c, s)) s++;
    /* or opening a clause: "In 2019, out of", "— Maine: Of 26 facilities" */
    ok = s == w - strlen(lw) || (v > 0 && (c->t[v - 1] == ',' || c->t[v - 1] == ':'));
    if (!ok && j < 2) ok = word_before(c, v, "that");   /* "the fact that of 919 rated premises, only 17" */
    if (ok && j == 2) { vi = tr = 1; ok = !is_ordinal(c, a, b); }
  }
  uint64_t y, x;
  if (!ok || !count_of(c, a, b, &y)) return 0;
  size_t lim = a + 200 < c->n ? a + 200 : c->n, i = b, k = SIZE_MAX, yrs[4], nyrs = 0;
  /* the count after a comma, "thì có", or "while" ("Among the 23 'inadequate' hospitals seven were NHS
   * while 16 were private") */
  for (; i < lim && !(c->t[i] == ',' && (k = count_after_words(c, i + 1)) != SIZE_MAX) &&
         !word_at(c, i, "thì có") && !(at_word_start(c, i) && word_at(c, i, "while") && count_follows(c, i + 5)) &&
         !(vi && at_word_start(c, i) && word_at(c, i, "có") && count_follows(c, i));
       i++) {
    size_t e;
    if (c->t[i] == '(') {   /* "Of the 618,456 bridges in the U.S. (comprising over 396.2 million ...), 7.3%" */
      const char *cl = memchr(c->t + i, ')', lim - i);
      if (cl && !memchr(c->t + i, '\n', (size_t)(cl - c->t) - i)) { i = (size_t)(cl - c->t); continue; }
    }
    if (strchr(";.:\n", c->t[i]) &&
        !(c->t[i] == '.' && ((i + 1 < c->n && c->t[i + 1] >= 'A' && c->t[i + 1] <= 'Z') || abbreviation_dot(c, i))))
      return 0;   /* "Of the 594,709 U.S. bridges, 152,945" */
    if (isdig(c->t[i]) && token_at(c, i, &e)) {
      long yr;
      if (!year_value(c, i, e, &yr) && participle_count(c, i, e)) { k = i; break; }
      if (qualifier_number(c, i, e)) { i = e - 1; continue; }   /* "Of the 13 restaurants with 20 or more ..., 10" */
      size_t me = day_month(c, i, e);   /* "Of the 545 inspections in the period 1 October to 31 December 2013, 89" */
      if (me) { i = me - 1; continue; }
      if (!year_value(c, i, e, &yr) || nyrs == 4) return 0;   /* a year may stand in between, "2015/16" too */
      yrs[nyrs++] = i;
      if (e + 1 < c->n && (c->t[e] == '/' || c->t[e] == '-') && isdig(c->t[e + 1])) {
        size_t e2;
        if (token_at(c, e + 1, &e2) && e2 - (e + 1) <= 4) e = e2;
      }
      i = e - 1;
    }
  }
  if (i >= lim) return 0;
  size_t xb;
  if (word_at(c, i, "while")) k = skip_sp(c, i + 5);
  else if (word_at(c, i, "thì có")) k = skip_sp(c, skip_sp(c, i + strlen("thì")) + strlen("có"));
  else if (word_at(c, i, "có")) k = skip_sp(c, i + strlen("có"));   /* "Trong Y ... năm 2023 có X" */
  size_t za = 0, zb = 0, q = share_then_count(c, k, &zb);   /* the share before the count */
  if (q != SIZE_MAX) { za = k; k = q; }
  if (!token_at(c, k, &xb) || is_percent(c, xb) || !count_of(c, k, xb, &x) || x > y || ranked(c, xb)) return 0;
  figure *f = new_fig(c, FIG_OFTHE, k, xb, a, b);
  if (!f) return -1;
  f->x = x; f->y = y;
  f->unit = b;
  f->more = 1 + (tr ? MARK_TRONG_LEAD : vi ? MARK_TRONG_SO_DO : MARK_OF_WHICH);
  if (tr) {
    /* "Trong 74 cơ quan, đơn vị được công nhận ... có 19 phường, xã; 35 cơ quan ...": the parts name
     * their own units, the total's clause their stage */
    size_t u = skip_sp(c, xb);
    if (u > xb && isletter(c, u) && !stop_word(c, u)) { f->unit = u; f->unit2 = b; }
    f->sa = b; f->sb = k;
  } else if (vi && first_stage(c, b, i)) {
    /* "Trong số 9 trường tiểu học được công nhận ..., huyện A có 3 trường; huyện B có 2 trường": the
     * parts of a whole of a stage */
    f->sa = b; f->sb = i;
  }
  size_t pa, pb;
  if (za < zb) { f->pa = za; f->pb = zb; }
  else if (pct_after(c, xb, lim, &pa, &pb)) { f->pa = pa; f->pb = pb; }
  *next = xb;
  /* the years passed over ("Of the 117 settings ... in 2016, 71") are the
   * figure's mentions too: the scan goes on after X */
  for (size_t j = 0; j < nyrs; j++) {
    size_t skip;
    int is_year;
    if (year_token(c, yrs[j], yrs[j] + 4, &skip, &is_year)) return -1;
  }
  return 1;
}


/* The number token ending at e (exclusive): sets *s.  The token's first
 * digit, found by walking back over digits and inner separators. */
static int token_ending(const ctx *c, size_t e, size_t *s)
{
  size_t a = e, end;
  while (a > 0 && numch(c->t[a - 1])) a--;
  while (a < e && !isdig(c->t[a])) a++;
  if (a >= e || !token_at(c, a, &end) || end != e) return 0;
  *s = a;
  return 1;
}

/* The end of the clause that starts at i: the first ',' or ';' outside
 * brackets, or the sentence's end. */
static size_t clause_end(const ctx *c, size_t i)
{
  size_t se = sent_end(c, i);
  int depth = 0;
  for (; i < se; i++) {
    char ch = c->t[i];
    if (ch == '(') depth++;
    else if (ch == ')' && depth) depth--;
    else if (!depth && (ch == ',' || ch == ';')) return i;
  }
  return se;
}

/* "approximately 17,000", "gần 22.000", "trên 49.300": a number that is no
 * exact total. */
static int approximate(const ctx *c, size_t a)
{
  static const char *const ap[] = { "approximately", "about", "around", "nearly", "almost", "over", "more than",
                                    "some", "roughly", "gần", "khoảng", "trên", "hơn", "xấp xỉ", "chừng", NULL };
  size_t w = back_sp(c, a);
  for (size_t j = 0; ap[j]; j++)
    if (word_before(c, w, ap[j])) return 1;
  return 0;
}

/* The nearest count before i, no further back than lo: years, percentages
 * and ordinals ("section 5") skipped.  Sets [*ya, *yb); 0 if a clause end
 * (';', ':', a line end) or a slash figure comes first. */
static int count_before(const ctx *c, size_t i, size_t lo, size_t *ya, size_t *yb)
{
  while (i > lo) {
    char ch = c->t[i - 1];
    if (ch == ';' || ch == ':' || ch == '\n') return 0;
    if (!isdig(ch)) { i--; continue; }
    long yr;
    size_t s;
    if (!token_ending(c, i, &s)) return 0;
    if (s > 0 && (c->t[s - 1] == '/' || isletter(c, s - 1))) return 0;
    if (!year_value(c, s, i, &yr) && !is_percent(c, i) && !is_ordinal(c, s, i)) { *ya = s; *yb = i; return 1; }
    i = s;
  }
  return 0;
}

/* The marker right before the count at a (",", "only" between allowed):
 * where it starts, or SIZE_MAX. */
static size_t marker_before(const ctx *c, size_t a, const char *const *mark, size_t *which)
{
  size_t w = back_sp(c, a);
  if (w > 0 && c->t[w - 1] == ',') w = back_sp(c, w - 1);
  if (word_before(c, w, "only") || word_before(c, w, "có")) w = back_sp(c, w - (word_before(c, w, "có") ? strlen("có") : 4));
  if (w > 0 && c->t[w - 1] == ',') w = back_sp(c, w - 1);
  for (size_t j = 0; mark[j]; j++)
    if (word_before(c, w, mark[j])) { *which = j; return w - strlen(mark[j]); }
  return SIZE_MAX;
}

/* "Sixteen of these were judged outstanding, 31 good", "two of the 23 states
 * had begun ..., and 12 had begun": a count in words (no figure itself) heads
 * the list the count at a continues.  Its total: Y after "of the", else the
 * last count of the sentence before. */
static int word_head(const ctx *c, size_t a, size_t *ya, size_t *yb, uint64_t *y)
{
  static const char *const num[] = { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                     "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                     "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
                                     NULL };
  size_t ss = sent_start(c, a), h = a, lo = a > ss + 400 ? a - 400 : ss;   /* a long list stays linear */
  while (h > lo && !strchr(":;", c->t[h - 1])) h--;   /* "GAO noted that: (1) two of the 23 states" */
  if (h == lo && lo > ss) return 0;   /* the head, if any, is too far back */
  h = skip_sp(c, h);
  if (h < a && c->t[h] == '(') {   /* an enumerator "(1)", "(a)" */
    size_t e = h + 1;
    while (e < a && e < h + 4 && c->t[e] != ')') e++;
    if (e < a && c->t[e] == ')') h = e + 1;
  }
  while (h < a && !isletter(c, h)) h++;
  size_t j = 0;
  while (num[j] && !word_at(c, h, num[j])) j++;
  if (!num[j]) return 0;
  size_t k = skip_sp(c, h + strlen(num[j])), e;
  if (word_at(c, k, "of these") || word_at(c, k, "of those")) return prior_total(c, ss, ya, yb, y);
  if (!word_at(c, k, "of the")) return 0;
  k = skip_sp(c, k + strlen("of the"));
  long yr;
  if (!token_at(c, k, &e) || e > a || is_percent(c, e) || year_value(c, k, e, &yr) || !count_of(c, k, e, y))
    return 0;
  *ya = k; *yb = e;
  return 1;
}

/* "có 4 tổ dân phố, gồm: 1, 3, 5 và 10 có tỷ lệ ...": bare numbers listed
 * after "gồm" ("including") name the units, they count nothing. */
static int numbered_names(const ctx *c, size_t a, size_t b)
{
  size_t k = skip_sp(c, b);
  if (k < c->n && isletter(c, k) && !word_at(c, k, "và") && !word_at(c, k, "and") && !word_at(c, k, "có"))
    return 0;   /* a unit after it: a count */
  size_t i = back_sp(c, a);
  for (int items = 0; items < 32 && i > 0; items++) {
    if (c->t[i - 1] == ':') i = back_sp(c, i - 1);
    if (word_before(c, i, "gồm") || word_before(c, i, "including")) return 1;
    if (c->t[i - 1] == ',') i = back_sp(c, i - 1);
    else if (word_before(c, i, "và")) i = back_sp(c, i - strlen("và"));
    else if (word_before(c, i, "and")) i = back_sp(c, i - 3);
    else return 0;
    size_t s;
    if (i == 0 || !isdig(c->t[i - 1]) || !token_ending(c, i, &s) || i - s > 3) return 0;   /* "1", "10": short names */
    i = back_sp(c, s);
  }
  return 0;
}

/* "6 trường mẫu giáo, mầm non gồm: Mẫu giáo A đạt chuẩn mức độ 2, 5 trường
 * còn lại đạt mức độ 1": the rest of a part (a "gồm" of the part before it
 * in the clause list, no ';' between), no part of the whole.  "3 trường
 * còn lại" after "; " and "6 remaining schools" are the rest of the whole:
 * parts like the others. */
static int remaining(const ctx *c, size_t a, size_t b)
{
  size_t k = skip_sp(c, b);
  int rest = 0;
  for (int words = 0; words < 4 && !rest && k < c->n && isletter(c, k); words++) {
    rest = word_at(c, k, "còn lại") || word_at(c, k, "remaining");
    k = skip_sp(c, word_end(c, k));
  }
  if (!rest) return 0;
  size_t lo = sent_start(c, a);
  if (a > lo + 400) lo = a - 400;   /* stays linear in a long sentence */
  for (size_t i = a; i-- > lo;) {
    if (c->t[i] == ';') return 0;
    if (at_word_start(c, i) && word_at(c, i, "gồm")) return 1;
  }
  return 0;
}

/* "668 trường ..., trong đó có 30 trường ngoài công lập.": the count at b is
 * the sentence's only one after its marker (a percentage of it aside), so a
 * share of the total like English "of which 309 were secondaries", not one
 * of a list of parts ("trong đó 120 trường mầm non, 140 ..."). */
static int lone_part(const ctx *c, size_t b)
{
  size_t se = sent_end(c, b), e;
  if (se > b + 400) return 0;   /* a long sentence is no lone part, and stays linear */
  for (size_t i = b; i < se; i++)
    if (isdig(c->t[i]) && (i == 0 || !isdig(c->t[i - 1]))) {
      if (!token_at(c, i, &e) || !is_percent(c, e)) return 0;
      i = e - 1;
    }
  return 1;
}

/* "1,012 clinics were inspected, of whom 905 (89.4%) met the standard",
 * "4400 hospitals, of which 3337 were accredited ... and 1063 underwent
 * review", "360 trường, trong đó 342 trường đạt chuẩn", and across a
 * sentence: "There were 22,260 schools. Of these, 21,920 had received an
 * inspection".  The total, a marker, the count.  "trong đó" also lists parts
 * ("trong đó 120 trường mầm non, 140 ...", left to the audit's parts-whole
 * rule), so there X's own clause must name a stage; with a stage already
 * after the total, X is a part of the stage's count, never a figure of Y. */
static int opens_sentence(const ctx *c, size_t i);

static int whom_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  static const char *const mark[] = { "out of these", "of these", "of those", "among these", "trong số này",
                                      "of whom", "of which", "among whom", "among them", "among which",
                                      "in which", "including", "with", "trong đó", "trong số đó", NULL };
  enum { ANAPHORA = 5, VIETNAMESE = 13, TRONG_SO_NAY = 4 };   /* mark[0..4] point back across a sentence */
  size_t j = 0, m0 = marker_before(c, a, mark, &j), ya = 0, yb = 0;
  uint64_t x, y;
  const figure *prev = c->figs.n ? (const figure *)c->figs.v + c->figs.n - 1 : NULL;
  int more = 0, back = 0, after = 0;
  size_t prev_unit = 0, psa = 0, psb = 0;
  if (m0 == SIZE_MAX) {   /* "there were 86 full inspections, after which 12 homes were rated": "of which" in
                           * the count's own unit */
    static const char *const after_which[] = { "after which", NULL };
    size_t j2;
    if ((m0 = marker_before(c, a, after_which, &j2)) != SIZE_MAX) { j = MARK_OF_WHICH; after = 1; }
  }
  if (m0 == SIZE_MAX) {   /* "..., of which 3337 were accredited ... and 1063 underwent ..." */
    size_t w = back_sp(c, a);
    int listed = word_before(c, w, "and") || word_before(c, w, "và") || (w > 0 && strchr(",;", c->t[w - 1]));
    /* "Trong số 9 trường ..., huyện A có 3 trường ...; huyện B có 2 trường": a clause after ';' */
    if (!listed && prev && prev->sb > prev->sa && word_before(c, w, "có") && prev->b < a &&
        memchr(c->t + prev->b, ';', a - prev->b))
      listed = 1;
    if (!listed) return 0;
    if (prev && (prev->whom || prev->more) && sent_start(c, prev->b) == sent_start(c, a)) {
      ya = prev->ya; yb = prev->yb; y = prev->y; j = (size_t)(prev->whom ? prev->whom : prev->more) - 1;
      prev_unit = prev->unit;   /* read now: new_fig may move the figures */
      psa = prev->sa; psb = prev->sb;
    } else if (word_head(c, a, &ya, &yb, &y)) {   /* "Sixteen of these were ..., 31 good" */
      j = MARK_OF_WHICH;
      prev_unit = yb;
    } else return 0;
    more = 1;
  } else {
    size_t ss = sent_start(c, m0), from = m0;
    /* "52 out of 83 schools ... have been recognised .... Among them, 23 schools have achieved level-2
     * national standards": "among them", "among whom" opening a sentence point back as "of these" */
    back = j < ANAPHORA || ((j == MARK_AMONG_WHOM || j == MARK_AMONG_THEM) && opens_sentence(c, m0));
    if (back && ss > 0) {
      /* "... with 44 facilities not up to standard. // Of these, 14": a
       * marker opening its paragraph points into the one before */
      size_t pe = ss, o = ss;
      while (o < m0 && !isletter(c, o)) o++;
      while (pe > 0 && strchr(" \t\r\n", c->t[pe - 1])) pe--;
      if (o == m0 && pe < ss && pe > 0 && memchr(c->t + pe, '\n', ss - pe)) from = pe;
      ss = sent_start(c, (from < m0 ? from : ss) - 1);
    }
    if (!count_before(c, from, from > ss + 400 ? from - 400 : ss, &ya, &yb) || !count_of(c, ya, yb, &y)) return 0;
    if (approximate(c, ya)) return 0;   /* "Approximately 17,000 care homes ..., of which 11,421" */
    /* "52 out of 83 schools ... have been recognised. Among them, 23": "them" are the 52 */
    if (back && prev && prev->ya == ya && prev->xa < prev->ya && sent_start(c, ya) < sent_start(c, m0)) {
      ya = prev->xa; yb = prev->xb; y = prev->x;
    }
    if (j == MARK_WITH) {   /* "1815 complaints ..., with 884 or 49.1% relating to": an aside with its share */
      size_t pa, pb, v = back_sp(c, m0), lim = b + 60 < c->n ? b + 60 : c->n;
      /* "4380 care services were graded – with 834 (19%) achieving": a dash sets it off too */
      int dash = v >= 3 && (!memcmp(c->t + v - 3, "\xe2\x80\x93", 3) || !memcmp(c->t + v - 3, "\xe2\x80\x94", 3));
      if (v == 0 || (c->t[v - 1] != ',' && !dash) || !pct_after(c, b, lim, &pa, &pb)) return 0;
    }
    /* "11.385 hộ đăng ký ..., trong đó có 10.591 gia đình đạt danh hiệu": a part of another
     * stage than the total's is its figure (recognized of registered) */
    const char *ys = j >= VIETNAMESE ? first_stage(c, yb, m0) : NULL, *xs = NULL;
    /* "1.045 trường đạt chuẩn quốc gia, trong đó có 1.014 trường công lập": a lone part with no
     * stage of a whole that is no figure itself is a figure of the whole's stage */
    int of_stage = ys && !(xs = first_stage(c, b, clause_end(c, b))) && lone_part(c, b) &&
                   !first_stage(c, b, sent_end(c, b)) && !(prev && (prev->xa == ya || prev->ya == ya));
    if (ys && !of_stage && (!xs || !strcmp(xs, ys))) return 0;
    if (of_stage) { psa = yb; psb = m0; }
  }
  long yr;
  /* "a peer review of 82 standards, among which 14": criteria, no units */
  if (!count_of(c, a, b, &x) || x > y || is_ordinal(c, a, b) || criteria_unit(c, b) || criteria_unit(c, yb) ||
      remaining(c, a, b) || numbered_names(c, a, b))
    return 0;
  if ((b < c->n && (c->t[b] == '/' || isletter(c, b))) || (more && year_value(c, a, b, &yr))) return 0;
  /* a part of a whole whose clause names the stage is a figure with that stage */
  if (j >= VIETNAMESE && j != MARK_TRONG_LEAD && !first_stage(c, b, clause_end(c, b)) && !(!more && lone_part(c, b)) &&
      !(more && psb > psa))
    return 0;
  figure *f = new_fig(c, FIG_OFTHE, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  f->whom = (int)j + 1;
  /* the unit: the total's ("22,260 schools"), else the count's own; across
   * sentences the count's own first ("Out of these, 2,856 inspections") */
  f->unit = more ? prev_unit : back || after ? b : yb;   /* a list goes on with its first figure's unit */
  f->a = a;   /* the figure is where its count is: the total may be a sentence back */
  f->unit2 = f->unit == yb ? b : yb;
  if (j == MARK_TRONG_LEAD) { f->unit = b; f->unit2 = prev_unit; f->sa = psa; f->sb = psb; }   /* its own unit */
  if ((j == MARK_TRONG_SO_DO && more) || (!more && psb > psa)) { f->sa = psa; f->sb = psb; }
  if (j == TRONG_SO_NAY) {
    /* "23 trường ... đạt chuẩn quốc gia. Trong số này, có 2 trường THPT ...; 6 trường THCS": each part
     * names its unit; its stage is its own, else the total's */
    size_t u = skip_sp(c, b);
    if (more && u > b && isletter(c, u) && !stop_word(c, u)) { f->unit = b; f->unit2 = prev_unit; }
    f->sa = more ? psa : yb;
    f->sb = more ? psb : sent_end(c, yb);
  }
  size_t pa, pb, lim = a + 200 < c->n ? a + 200 : c->n;
  if (pct_after(c, b, lim, &pa, &pb)) { f->pa = pa; f->pb = pb; }
  *next = b;
  return 1;
}

static const char *const inspect_verb[] = { "inspected", "assessed", "audited", "surveyed", "visited", "reviewed",
                                            "checked", "evaluated", "tested", "examined", NULL };
static const char *const inspect_aux[] = { "were", "have been", "had been", "has been", NULL };

/* "2,934 residential care homes were inspected" at [ya, yb): the count,
 * at most four words of a unit, an auxiliary and a verb of inspection. */
/* "in the region", "across England": a place after the unit, before its verb. */
static int place_word(const ctx *c, size_t k)
{
  static const char *const w[] = { "in", "the", "across", "of", NULL };
  for (size_t j = 0; w[j]; j++)
    if (word_at(c, k, w[j])) return 1;
  return 0;
}

static int inspected_total(const ctx *c, size_t yb)
{
  size_t k = skip_sp(c, yb);
  for (int words = 0; words < 8 && k < c->n && isletter(c, k); words++) {
    for (size_t j = 0; words && inspect_aux[j]; j++)
      if (word_at(c, k, inspect_aux[j])) {
        size_t v = skip_sp(c, k + strlen(inspect_aux[j]));
        for (size_t q = 0; inspect_verb[q]; q++)
          if (word_at(c, v, inspect_verb[q])) return 1;
        return 0;
      }
    if (stop_word(c, k) && !(words && place_word(c, k))) return 0;   /* "389 care homes in the region were" */
    while (k < c->n && isletter(c, k)) k++;
    k = skip_sp(c, k);
  }
  return 0;
}

/* After the count at b: its verb ("were", "was", "had", "have"), after at
 * most six words of a unit and a place ("163 care homes were", "4 homes in
 * the region were").  Where the words start, or SIZE_MAX. */
static size_t item_verb(const ctx *c, size_t b)
{
  static const char *const verb[] = { "were", "was", "had", "have", NULL };
  size_t k = skip_sp(c, b);
  for (int words = 0; words < 7 && k < c->n && isletter(c, k); words++) {
    for (size_t j = 0; verb[j]; j++)
      if (word_at(c, k, verb[j])) return skip_sp(c, b);
    if (stop_word(c, k) && !(words && place_word(c, k))) return SIZE_MAX;
    k = skip_sp(c, word_end(c, k));
  }
  return SIZE_MAX;
}

/* The words [a1, b1) and [a2, b2) are the same (folded). */
static int same_word(const ctx *c, size_t a1, size_t b1, size_t a2, size_t b2)
{
  return b1 > a1 && b1 - a1 == b2 - a2 && !memcmp(c->f + a1, c->f + a2, b1 - a1);
}

/* Up to max words of a unit at k, none a stop word: the last one in
 * [*ha, *hb); where the words end (after spaces). */
static size_t unit_words(const ctx *c, size_t k, int max, size_t *ha, size_t *hb)
{
  *ha = *hb = 0;
  for (int words = 0; words < max && k < c->n && isletter(c, k) && !stop_word(c, k); words++) {
    *ha = k;
    *hb = word_end(c, k);
    k = skip_sp(c, *hb);
  }
  return k;
}

/* The item's unit words at u (if any) have the head noun of the total's at
 * yb: "163 care homes" of "389 residential care homes". */
static int same_head(const ctx *c, size_t u, size_t yb)
{
  size_t a1, b1, a2, b2;
  unit_words(c, u, 4, &a1, &b1);
  if (b1 == 0) return 1;
  unit_words(c, skip_sp(c, yb), 4, &a2, &b2);
  return same_word(c, a1, b1, a2, b2);
}

static int list_inspected(ctx *c, size_t li, size_t *ya, size_t *yb, uint64_t *y);

/* "During this period, 2,934 residential care homes were inspected. // The
 * research showed that: // • 1,224 were 'failing' ... • 20 were rated as
 * Outstanding": a list item opened by a count and a verb, no unit, of the
 * total inspected in the 1,500 bytes before the list's lead line. */
static int bullet_inspected_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  size_t li, k = item_verb(c, b), ya, yb;
  const tline *ln = line_of(c, a, &li);
  if (!ln->list || ln->lead == SIZE_MAX || !is_bullet(c, ln->a, a)) return 0;
  size_t o = skip_sp(c, ln->a);
  while (o < a && !isdig(c->t[o]) && !isletter(c, o)) o++;
  if (word_at(c, o, "just") || word_at(c, o, "only")) o = skip_sp(c, word_end(c, o));   /* "• Just 4 homes" */
  if (o != a || k == SIZE_MAX) return 0;
  uint64_t x, y;
  if (!list_inspected(c, ln->lead, &ya, &yb, &y)) return 0;
  if (!count_of(c, a, b, &x) || x > y || !same_head(c, k, yb)) return 0;
  figure *f = new_fig(c, FIG_OFTHE, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  f->a = a;
  f->unit = yb;   /* the total's: "2,934 residential care homes" */
  f->whom = 1 + MARK_OF_WHICH;   /* its own predicate */
  size_t pa, pb, lim = b + 200 < ln->b ? b + 200 : ln->b;
  if (pct_after(c, b, lim, &pa, &pb)) { f->pa = pa; f->pb = pb; }
  *next = b;
  return 1;
}

/* The last total inspected in the 1,500 bytes before the lead line li of a
 * list, looked for once per list (each item asks again). */
static int list_inspected(ctx *c, size_t li, size_t *ya, size_t *yb, uint64_t *y)
{
  if (c->insp.lead != li) {
    const tline *lead = (const tline *)c->lines.v + li;
    size_t lo = lead->a > 1500 ? lead->a - 1500 : 0, ta, tb;
    uint64_t ty;
    c->insp.lead = li;
    c->insp.found = 0;
    for (size_t i = lead->a; i > lo && !c->insp.found; i--) {
      if (!isdig(c->t[i - 1]) || !token_ending(c, i, &ta)) continue;
      tb = i;
      long yr;
      if (!year_value(c, ta, tb, &yr) && !is_percent(c, tb) && inspected_total(c, tb) && count_of(c, ta, tb, &ty) &&
          !approximate(c, ta)) {
        c->insp.ya = ta; c->insp.yb = tb; c->insp.y = ty; c->insp.found = 1;
      }
      i = ta + 1;
    }
  }
  *ya = c->insp.ya; *yb = c->insp.yb; *y = c->insp.y;
  return c->insp.found;
}

/* "3,254 schools were inspected and 456 institutions were considered
 * inadequate": the total, its unit, a passive of inspection, "and", the
 * count.  The unit is the total's; the stage X's own clause's. */
static int inspected_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  const char *const *verb = inspect_verb, *const *aux = inspect_aux;
  size_t w = back_sp(c, a), ya, yb, j;
  uint64_t x, y;
  if (!word_before(c, w, "and")) return 0;
  w = back_sp(c, w - 3);
  if (w > 0 && c->t[w - 1] == ',') w = back_sp(c, w - 1);
  for (j = 0; verb[j] && !word_before(c, w, verb[j]); j++) {}
  if (!verb[j]) return 0;
  w = back_sp(c, w - strlen(verb[j]));
  for (j = 0; aux[j] && !word_before(c, w, aux[j]); j++) {}
  int bare = !aux[j];   /* "with 2,062 tankers inspected and 117 detained": no auxiliary after "with" */
  if (!bare) w = back_sp(c, w - strlen(aux[j]));
  /* the total and at most three words of its unit */
  size_t u = w, words = 0;
  while (u > 0 && isletter(c, u - 1) && words < 3) {
    while (u > 0 && isletter(c, u - 1)) u--;
    words++;
    size_t v = back_sp(c, u);
    if (v > 0 && isletter(c, v - 1)) u = v;
    else { u = v; break; }
  }
  if (!words || !token_ending(c, u, &ya) || (yb = u, !count_of(c, ya, yb, &y)) || approximate(c, ya)) return 0;
  if (bare && !word_before(c, back_sp(c, ya), "with")) return 0;
  long yr;
  if (year_value(c, ya, yb, &yr) || !count_of(c, a, b, &x) || x > y || is_percent(c, b) || is_ordinal(c, a, b))
    return 0;
  if (b < c->n && (c->t[b] == '/' || isletter(c, b))) return 0;
  figure *f = new_fig(c, FIG_OFTHE, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  f->whom = 1 + MARK_OF_WHICH;   /* X's own predicate; a list may follow */
  f->unit = yb;
  f->unit2 = b;
  f->a = a;
  size_t pa, pb, lim = a + 200 < c->n ? a + 200 : c->n;
  if (pct_after(c, b, lim, &pa, &pb)) { f->pa = pa; f->pb = pb; }
  *next = b;
  return 1;
}

/* "There are 23,793 care homes in England, with 16% (309) rated inadequate": a
 * percentage at pa after ", with" is of the count before it in the clause,
 * its total [*ya, *yb) = *y. */
static int with_total(const ctx *c, size_t pa, size_t *ya, size_t *yb, uint64_t *y)
{
  size_t w = back_sp(c, pa);
  if (!word_before(c, w, "with")) return 0;
  size_t v = back_sp(c, w - strlen("with"));
  if (v == 0 || c->t[v - 1] != ',') return 0;
  size_t ss = sent_start(c, v - 1), lo = v - 1 > ss + 200 ? v - 1 - 200 : ss;
  return count_before(c, v - 1, lo, ya, yb) && count_of(c, *ya, *yb, y) && !approximate(c, *ya);
}

/* "95,2% số khu dân cư (1.273 khu dân cư)", "10 per cent of the secondaries
 * were judged outstanding (31 schools)", "46 per cent were rated as good
 * (143)": a percentage, words, and the count in brackets with at most its
 * unit.  A change ("giảm 5% (3 xã)", "up 5% (12)") is no share. */
static int pct_count_figure(ctx *c, size_t a, size_t b)
{
  static const char *const change[] = { "tăng", "giảm", "increase of", "decrease of", "increased by",
                                        "decreased by", "rose by", "fell by", "by", "up", "down", "thêm", "rose",
                                        "fell", "grew", "dropped", "increased", "decreased", NULL };
  static const char *const lead[] = { "or approximately", "or about", "or around", "or some", "or nearly",
                                      "or", "approximately", "about", "around", "some", "nearly", NULL };
  size_t o = back_sp(c, a), k = skip_sp(c, b), lim = b + 80 < c->n ? b + 80 : c->n;
  for (size_t j = 0; lead[j]; j++)   /* "25% (or approximately 2,960 places)" */
    if (word_before(c, o, lead[j])) { o = back_sp(c, o - strlen(lead[j])); break; }
  if (o == 0 || c->t[o - 1] != '(') return 0;
  for (; k < lim && c->t[k] != ')'; k++)
    if (isdig(c->t[k]) || strchr(",;:/(\n%", c->t[k])) return 0;
  if (k >= lim) return 0;
  size_t ss = sent_start(c, o - 1), i = o - 1, lo = i > ss + 200 ? i - 200 : ss, pa;
  {   /* "and two per cent (458 schools)": the count of a percentage in words, not of an earlier one */
    static const char *const pc[] = { "per cent", "percent", "phần trăm", NULL };
    size_t q = back_sp(c, o - 1);
    for (size_t j = 0; pc[j]; j++)
      if (word_before(c, q, pc[j])) {
        size_t v = back_sp(c, q - strlen(pc[j]));
        if (v == 0 || !isdig(c->t[v - 1])) return 0;
      }
  }
  for (; i > lo && !isdig(c->t[i - 1]); i--)
    if (strchr(",;:.()\n/", c->t[i - 1])) return 0;
  if (i <= lo || !token_ending(c, i, &pa) || !is_percent(c, i)) return 0;
  size_t before = back_sp(c, pa);
  for (size_t j = 0; change[j]; j++)
    if (word_before(c, before, change[j])) return 0;
  uint64_t x;
  if (!count_of(c, a, b, &x) || (c->t[a] == '0' && b > a + 1) || criteria_unit(c, b)) return 0;
  size_t ya, yb;
  uint64_t y;
  int whole = with_total(c, pa, &ya, &yb, &y) && x <= y;
  figure *f = whole ? new_fig(c, FIG_OFTHE, a, b, ya, yb) : new_fig(c, FIG_PCT, a, b, b, b);
  if (!f) return -1;
  f->x = x;
  f->pa = pa; f->pb = i;
  f->unit = skip_sp(c, b) < k ? b : pct_end(c, i);
  if (whole) { f->y = y; f->a = a; f->unit2 = f->unit; f->unit = yb; }   /* the total's unit first */
  f->pct_first = 1;
  return 1;
}

/* "“ISM” (4.47%, 1,781), “oil record book” (1.61%, 642)": a percentage and
 * its count in one bracket.  The unit is the noun the list is of
 * (list_subject). */
static int bracket_pct_figure(ctx *c, size_t a, size_t b)
{
  size_t k = skip_sp(c, b), w = back_sp(c, a), pa;
  uint64_t x;
  if (k >= c->n || c->t[k] != ')' || w == 0 || c->t[w - 1] != ',') return 0;
  w = back_sp(c, w - 1);
  size_t pe = w;
  if (pe > 0 && c->t[pe - 1] == '%') pe = back_sp(c, pe - 1);
  if (!token_ending(c, pe, &pa) || !is_percent(c, pe)) return 0;
  size_t o = back_sp(c, pa);
  if (o == 0 || c->t[o - 1] != '(' || !count_of(c, a, b, &x) || is_ordinal(c, a, b)) return 0;
  figure *f = new_fig(c, FIG_PCT, a, b, b, b);
  if (!f) return -1;
  f->x = x;
  f->pa = pa; f->pb = pe;
  f->listed = 1;
  return 1;
}

/* X [a, b) of the total [ya, yb) = y, counted in its own unit (the one
 * after it), else the total's. */
static figure *own_unit_fig(ctx *c, size_t a, size_t b, size_t ya, size_t yb, uint64_t x, uint64_t y)
{
  figure *f = new_fig(c, FIG_OFTHE, a, b, ya, yb);
  if (!f) return NULL;
  f->x = x; f->y = y;
  f->a = a;
  f->unit = b;
  f->unit2 = yb;
  return f;
}

/* "we conducted 9,105 SOLAS safety exams with a total of 91 detentions": a
 * count after "with a total of" is of the count before it in its clause, in
 * its own unit ("15 hospitals with a total of 3,000 beds" is no share: X > Y). */
static int with_a_total_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  static const char *const lead = "with a total of";
  size_t w = back_sp(c, a), ya, yb;
  if (!word_before(c, w, lead)) return 0;
  size_t v = back_sp(c, w - strlen(lead)), ss = sent_start(c, a), lo = v > ss + 200 ? v - 200 : ss;
  uint64_t x, y;
  if (!count_before(c, v, lo, &ya, &yb) || !count_of(c, ya, yb, &y) || approximate(c, ya)) return 0;
  if (!count_of(c, a, b, &x) || x > y || is_ordinal(c, a, b)) return 0;
  figure *f = own_unit_fig(c, a, b, ya, yb, x, y);   /* "91 detentions" */
  if (!f) return -1;
  size_t pa, pb, lim = a + 200 < c->n ? a + 200 : c->n;
  if (pct_after(c, b, lim, &pa, &pb)) { f->pa = pa; f->pb = pb; }
  *next = b;
  return 1;
}

/* "567 private hospitals with 27,825 beds (96% of hospitals, covering 98%
 * of beds)": two counts, each with the percentage that names its unit. */
static int with_pair_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  size_t h1a, h1b, h2a, h2b, a2, b2, pa[2], pb[2], wa[2], wb[2];
  size_t w = unit_words(c, skip_sp(c, b), 4, &h1a, &h1b);
  if (h1b == 0 || !word_at(c, w, "with")) return 0;
  a2 = skip_sp(c, w + 4);
  if (!token_at(c, a2, &b2) || is_percent(c, b2)) return 0;
  size_t v = unit_words(c, skip_sp(c, b2), 3, &h2a, &h2b);
  if (h2b == 0 || v >= c->n || c->t[v] != '(') return 0;
  size_t lim = v + 160 < c->n ? v + 160 : c->n, i;
  int np = 0;
  for (i = v + 1; i < lim && c->t[i] != ')' && c->t[i] != '\n'; i++) {
    size_t e;
    if (!isdig(c->t[i]) || numch(c->t[i - 1])) continue;
    if (!token_at(c, i, &e) || !is_percent(c, e) || np == 2) return 0;
    size_t q = skip_sp(c, pct_end(c, e));
    if (!word_at(c, q, "of")) return 0;
    q = skip_sp(c, q + 2);
    pa[np] = i; pb[np] = e; wa[np] = q; wb[np] = word_end(c, q);
    np++;
    i = e - 1;
  }
  if (i >= lim || c->t[i] != ')' || np != 2) return 0;
  int m1 = same_word(c, wa[0], wb[0], h1a, h1b) ? 0 : same_word(c, wa[1], wb[1], h1a, h1b) ? 1 : -1;
  int m2 = same_word(c, wa[0], wb[0], h2a, h2b) ? 0 : same_word(c, wa[1], wb[1], h2a, h2b) ? 1 : -1;
  uint64_t x1, x2;
  if (m1 < 0 || m2 < 0 || m1 == m2 || !count_of(c, a, b, &x1) || !count_of(c, a2, b2, &x2)) return 0;
  figure *f = new_fig(c, FIG_PCT, a, b, b, b);
  if (!f) return -1;
  f->x = x1; f->pa = pa[m1]; f->pb = pb[m1];
  if (!(f = new_fig(c, FIG_PCT, a2, b2, b2, b2))) return -1;
  f->x = x2; f->pa = pa[m2]; f->pb = pb[m2];
  *next = i + 1;
  return 1;
}

/* "Containerships come in second with 691 inspections, 344 inspections
 * with deficiencies and 27 detentions": right after a count of a unit and
 * a comma, a count of the same noun with a qualifier ("with", "without",
 * "having", "that") is a part of it, X/Y. */
static int same_noun_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  static const char *const qual[] = { "with", "without", "having", "that", NULL };
  size_t w = back_sp(c, a), ya, yb, h1a, h1b, h2a, h2b;
  if (w == 0 || c->t[w - 1] != ',') return 0;
  size_t v = back_sp(c, w - 1), ss = sent_start(c, a), lo = v > ss + 200 ? v - 200 : ss;
  uint64_t x, y;
  if (!count_before(c, v, lo, &ya, &yb) || !count_of(c, ya, yb, &y) || approximate(c, ya)) return 0;
  if (back_sp(c, unit_words(c, skip_sp(c, yb), 4, &h1a, &h1b)) != v || h1b == 0) return 0;
  size_t k = unit_words(c, skip_sp(c, b), 4, &h2a, &h2b), j = 0;
  while (qual[j] && !word_at(c, k, qual[j])) j++;
  if (!qual[j] || !same_word(c, h1a, h1b, h2a, h2b)) return 0;
  if (!count_of(c, a, b, &x) || x > y || is_ordinal(c, a, b)) return 0;
  figure *f = own_unit_fig(c, a, b, ya, yb, x, y);
  if (!f) return -1;
  f->outcomes = 1;
  *next = b;
  return 1;
}

/* "..., 344 inspections with deficiencies and 27 detentions", "out of which
 * 1063 found deficiencies leading to 102 detentions": a count of another
 * unit that follows a part of the whole ("leading to", "causing",
 * "resulting in"; "and" only after a part in the whole's noun; no other
 * count between) is an outcome of the whole: Z/Y in its own unit, as a
 * port's detentions are counted per inspection.  A count of the whole's own
 * noun goes on the parts list (whom_figure). */
static int outcome_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  static const char *const lead[] = { "and", "leading to", "led to", "causing", "resulting in", NULL };
  const figure *prev = c->figs.n ? (const figure *)c->figs.v + c->figs.n - 1 : NULL;
  if (!prev || !(prev->whom || prev->outcomes) || prev->b >= a || a - prev->b > 160) return 0;
  for (size_t i = prev->b; i < a; i++)
    if (isdig(c->t[i]) || strchr(";:\n()", c->t[i])) return 0;
  if (sent_start(c, a) != sent_start(c, prev->b)) return 0;
  size_t w = back_sp(c, a), j = 0;
  while (lead[j] && !word_before(c, w, lead[j])) j++;
  if (!lead[j] || (j == 0 && !prev->outcomes)) return 0;   /* "of whom 71 improved ... and 25 chose to close" */
  size_t ha, hb, wa, wb;
  unit_words(c, skip_sp(c, b), 3, &ha, &hb);
  if (hb == 0) return 0;   /* "and 1063 underwent review": the list of parts */
  unit_words(c, skip_sp(c, prev->yb), 4, &wa, &wb);
  if (same_word(c, ha, hb, wa, wb)) return 0;
  unit_words(c, skip_sp(c, prev->xb), 4, &wa, &wb);
  if (same_word(c, ha, hb, wa, wb)) return 0;
  uint64_t z, y = prev->y;
  size_t ya = prev->ya, yb = prev->yb;   /* new_fig may move the figures */
  if (!count_of(c, a, b, &z) || z > y || is_ordinal(c, a, b) || approximate(c, a)) return 0;
  figure *f = own_unit_fig(c, a, b, ya, yb, z, y);
  if (!f) return -1;
  *next = b;
  return 1;
}

/* One item of a parts list at a: its count [a, *b), then words with no
 * digit and no bracket up to the separator (',', "and", "và") or the
 * sentence's end.  *e is where the item ends (at its separator), *last is
 * set when the list ends there.  0 if no such item. */
static int parts_item(const ctx *c, size_t a, size_t se, size_t *b, uint64_t *x, size_t *e, int *last,
                      size_t *pa, size_t *pb)
{
  long yr;
  if (!token_at(c, a, b) || is_percent(c, *b) || year_value(c, a, *b, &yr) || !count_of(c, a, *b, x) ||
      (*b < c->n && (c->t[*b] == '/' || isletter(c, *b))))
    return 0;
  size_t i = skip_sp(c, *b), q;
  *pa = *pb = 0;
  if (i < se && c->t[i] == '(' && token_at(c, i + 1, &q) && is_percent(c, q)) {   /* "40 (27%) in Leeds" */
    size_t k = pct_end(c, q);
    if (k >= se || c->t[k] != ')') return 0;
    *pa = i + 1; *pb = q;
    i = k + 1;
  } else i = *b;
  for (; i < se && i < *b + 80; i++) {
    char ch = c->t[i];
    if (isdig(ch) || strchr("()%:/", ch)) return 0;
    if (ch == ',' || ch == ';' || word_at(c, i, " and ") || word_at(c, i, " và ")) break;
  }
  if (i == se || c->t[i] == ';') { *e = i; *last = 1; return 1; }
  if (i >= *b + 80) return 0;
  *e = i;
  *last = 0;
  return 1;
}

/* Where the next item of a parts list starts after the separator at e
 * (", ", ", and ", " and ", " và "). */
static size_t parts_next(const ctx *c, size_t e)
{
  size_t k = e;
  if (c->t[k] == ',') k = skip_sp(c, k + 1);
  else k = skip_sp(c, k);
  if (word_at(c, k, "and")) k = skip_sp(c, k + 3);
  else if (word_at(c, k, "và")) k = skip_sp(c, k + strlen("và"));
  return k;
}

/* "59%, or 80, acute hospital trusts were told ...": a percentage, ", or",
 * the count, a comma and its unit.  No total. */
static int or_count_figure(ctx *c, size_t a, size_t b)
{
  size_t w = back_sp(c, a), u = skip_sp(c, b + 1), pa;
  uint64_t x;
  if (b >= c->n || c->t[b] != ',' || !isletter(c, u) || stop_word(c, u) || !word_before(c, w, "or")) return 0;
  w = back_sp(c, w - 2);
  if (w == 0 || c->t[w - 1] != ',') return 0;
  size_t pe = back_sp(c, w - 1);
  if (pe > 0 && c->t[pe - 1] == '%') pe = back_sp(c, pe - 1);
  if (!token_ending(c, pe, &pa) || !is_percent(c, pe) || !count_of(c, a, b, &x) || is_ordinal(c, a, b)) return 0;
  figure *f = new_fig(c, FIG_PCT, a, b, b, b);
  if (!f) return -1;
  f->x = x;
  f->pa = pa; f->pb = pe;
  f->unit = u;
  f->pct_first = 1;
  return 1;
}

/* "* 37 trusts have been re-inspected ... - 13 have improved ...", "28 acute
 * trusts have entered special measures ..., and 15 have since exited": a
 * count with no noun and a verb of its own after " - " or ", and", in a
 * sentence (or list item) that a count of a unit opens: X of that count,
 * in its unit. */
static int elliptic_part_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  static const char *const aux[] = { "have", "has", "had", "were", "was", NULL };
  size_t w = back_sp(c, a), k = skip_sp(c, b), j = 0, ya, yb;
  int dash = w > 0 && c->t[w - 1] == '-';
  if (!dash && w >= 3 && !memcmp(c->t + w - 3, "\xe2\x80", 2) && (c->t[w - 1] == '\x93' || c->t[w - 1] == '\x94'))
    dash = 1;   /* – or — */
  if (!dash && !(word_before(c, w, "and") && (w = back_sp(c, w - 3)) > 0 && c->t[w - 1] == ',')) return 0;
  while (aux[j] && !word_at(c, k, aux[j])) j++;
  if (k == b || !aux[j]) return 0;
  size_t o = sent_start(c, a);
  while (o < a && !isletter(c, o) && !isdig(c->t[o])) o++;
  uint64_t x, y;
  long yr;
  if (!token_at(c, o, &yb) || yb >= a) return 0;
  ya = o;
  size_t u = skip_sp(c, yb);
  if (u == yb || !isletter(c, u) || stop_word(c, u) || is_percent(c, yb) || year_value(c, ya, yb, &yr) ||
      !count_of(c, ya, yb, &y) || approximate(c, ya))
    return 0;
  for (size_t i = yb, e; i < w; i++)   /* no other count between: the list's first part */
    if (isdig(c->t[i]) && token_at(c, i, &e)) {
      if (!year_value(c, i, e, &yr)) return 0;
      i = e;
    }
  if (!count_of(c, a, b, &x) || x > y || is_ordinal(c, a, b)) return 0;
  figure *f = new_fig(c, FIG_OFTHE, a, b, ya, yb);
  if (!f) return -1;
  f->x = x; f->y = y;
  f->a = a;
  f->unit = yb;
  f->whom = 1 + MARK_OF_WHICH;   /* its own predicate */
  *next = b;
  return 1;
}

/* "had carried out 282 alcohol test purchasing operations in 2009, 40
 * premises sold alcohol and the failure rate had fallen to 14%": a count of
 * its own unit after a comma, a "rate" of its sentence after it, and the
 * count before it in the sentence that the rate fits (40/282 is 14.2%):
 * X of that count.  Only the fit pairs them: no marker says so. */
static int rate_fit_figure(ctx *c, size_t a, size_t b, size_t *next)
{
  static const char *const rate[] = { "rate", "ratio", "tỷ lệ", "tỉ lệ", NULL };
  size_t w = back_sp(c, a), u = skip_sp(c, b), ya, yb;
  if (w == 0 || c->t[w - 1] != ',' || u == b || !isletter(c, u) || stop_word(c, u)) return 0;
  size_t ss = sent_start(c, a), se = sent_end(c, a), lim = b + 160 < se ? b + 160 : se, r = SIZE_MAX, pa = 0, pe = 0;
  for (size_t i = b; i < lim && r == SIZE_MAX; i++) {
    if (isdig(c->t[i])) return 0;   /* another number first: the rate is not this count's */
    for (size_t j = 0; rate[j] && r == SIZE_MAX; j++)
      if (at_word_start(c, i) && word_at(c, i, rate[j])) r = i;
  }
  if (r == SIZE_MAX) return 0;
  for (size_t i = r, words = 0; i < lim && words < 8 && !pe; i++) {
    if (strchr(",;()", c->t[i])) return 0;
    if (isletter(c, i) && at_word_start(c, i)) words++;
    if (isdig(c->t[i]) && token_at(c, i, &pe)) {
      if (!is_percent(c, pe)) return 0;
      pa = i;
    }
  }
  uint64_t x, y, half_up;
  pt_decimal z;
  unsigned mask = 0;
  if (!pe || pt_num_parse_decimal(c->t + pa, pe - pa, (pt_numfmt)c->fmt, &z) != PT_NUM_OK) return 0;
  if (!count_before(c, w - 1, w - 1 > ss + 200 ? w - 1 - 200 : ss, &ya, &yb) || !count_of(c, ya, yb, &y) ||
      approximate(c, ya) || !count_of(c, a, b, &x) || x > y || y == 0 || is_ordinal(c, a, b))
    return 0;
  /* rounded to its printed digits (the audit's exact test): 40/282 = 14.18 prints 14 */
  if (pt_pct_fits(x, y, z, &mask, &half_up) != PT_SUCCESS || !(mask & (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)))
    return 0;
  figure *f = own_unit_fig(c, a, b, ya, yb, x, y);   /* "40 premises" */
  if (!f) return -1;
  f->pa = pa; f->pb = pe;
  *next = b;
  return 1;
}

/* "150 new ratings and reports were released yesterday, 48 in Central
 * England, 66 in the South of England and 36 in London": a total, then
 * after a comma a list of two or more counts with no marker.  Only a sum
 * equal to the total makes them its parts: without the sum the counts may
 * be of anything ("15 hospitals, 3 clinics and 2 labs").  Each part is a
 * figure of its own unit, else of the total's. */
static int sum_parts_figure(ctx *c, size_t a, size_t *next)
{
  enum { MAX_PARTS = 12 };
  static const char *const mark[] = { "trong đó có", "trong đó", "bao gồm", "gồm", "including", NULL };
  size_t w = back_sp(c, a), ss = sent_start(c, a), se = sent_end(c, a), ya, yb;
  for (size_t j = 0; mark[j]; j++)   /* "355 trường, trong đó 120 trường mầm non, ...": a marker may stand */
    if (word_before(c, w, mark[j])) { w = back_sp(c, w - strlen(mark[j])); break; }
  if (w == 0 || c->t[w - 1] != ',') return 0;
  size_t lo = w - 1 > ss + 200 ? w - 1 - 200 : ss;
  uint64_t y, sum = 0, xs[MAX_PARTS];
  if (!count_before(c, w - 1, lo, &ya, &yb) || !count_of(c, ya, yb, &y) || approximate(c, ya) ||
      is_ordinal(c, ya, yb) || criteria_unit(c, yb))
    return 0;
  size_t xa[MAX_PARTS], xb[MAX_PARTS], pa[MAX_PARTS], pb[MAX_PARTS], k = a, e;
  int n = 0, last = 0;
  while (!last) {
    if (n == MAX_PARTS || !parts_item(c, k, se, &xb[n], &xs[n], &e, &last, &pa[n], &pb[n]) || xs[n] == 0)
      return 0;
    xa[n] = k;
    sum += xs[n++];
    if (!last) k = parts_next(c, e);
  }
  if (n < 2 || sum != y) return 0;
  for (int i = 0; i < n; i++) {
    figure *f = new_fig(c, FIG_OFTHE, xa[i], xb[i], ya, yb);
    if (!f) return -1;
    f->x = xs[i]; f->y = y;
    f->a = xa[i];
    f->unit = xb[i];   /* its own ("10 trường mầm non"), else the total's ("48 in Central England") */
    f->unit2 = yb;
    f->pa = pa[i]; f->pb = pb[i];
  }
  *next = e;
  return 1;
}

/* "tổng số 360 trường học, trong đó 120 trường mầm non, 140 ...", "mầm non
 * có 43 trường": a count of a unit that no form made a figure.  Kept (with
 * opts.counts) as a whole or a part the audit's parts-whole rule may use;
 * a change ("tăng 12 trường"), an approximate count, an ordinal, a year or
 * criteria are none. */
static int bare_count(ctx *c, size_t a, size_t b)
{
  size_t u = skip_sp(c, b);
  uint64_t x;
  long yr;
  if (u == b || !isletter(c, u) || stop_word(c, u) || (a > 0 && strchr("/.,-", c->t[a - 1])) ||
      year_value(c, a, b, &yr) || !count_of(c, a, b, &x) || is_ordinal(c, a, b) || approximate(c, a) ||
      is_change(c, a) || criteria_unit(c, b))
    return 0;
  bare_cnt *k = vpush(&c->bare);
  if (!k) return -1;
  *k = (bare_cnt){ a, b, x };
  return 0;
}

/* One number token [a, b): a figure, a year mention, or nothing.  *next is
 * where scanning goes on. */
static int token(ctx *c, size_t a, size_t b, size_t *next)
{
  int r;
  *next = b;
  if (is_percent(c, b)) return 0;
  if (b + 1 < c->n && c->t[b] == '/' && isdig(c->t[b + 1])) {
    if ((r = slash_figure(c, a, b, next))) return r < 0 ? -1 : 0;
    *next = b;   /* its parts may be a month and a year */
  }
  long y;
  if (year_value(c, a, b, &y)) {
    int is_year;
    if (year_token(c, a, b, next, &is_year)) return -1;
    if (is_year || *next > b) return 0;
  }
  if ((r = unit_slash_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = total_after_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = of_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = ofthe_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = with_a_total_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = outcome_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = same_noun_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = whom_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = during_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = inspected_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = bullet_inspected_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = with_pair_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = elliptic_part_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = or_count_figure(c, a, b))) return r < 0 ? -1 : 0;
  if ((r = rate_fit_figure(c, a, b, next))) return r < 0 ? -1 : 0;
  if ((r = sum_parts_figure(c, a, next))) return r < 0 ? -1 : 0;
  if ((r = bracket_pct_figure(c, a, b))) return r < 0 ? -1 : 0;
  if ((r = pct_count_figure(c, a, b))) return r < 0 ? -1 : 0;
  if ((r = pct_figure(c, a, b))) return r < 0 ? -1 : 0;
  return c->o->counts ? bare_count(c, a, b) : 0;
}


/* ---- "|" tables ---------------------------------------------------------------

   "Year | Outstanding | Good | Total |" then "2017 | 148 (1.0%) | 10,631
   (73.3%) | 14,491 (100.0%) |": a table pasted into the text.  Each cell of
   a column other than the year and the total is a figure of the column's
   unit, in the row's year, of the row's total. */

enum { MAX_CELLS = 32 };

/* The cells of line l: spans [ca[k], cb[k]) trimmed; a leading or trailing
 * empty cell of "| a | b |" dropped.  Returns the number of cells (0 if the
 * line is not a table row: fewer than two '|'). */
static size_t cells_of(const ctx *c, const tline *l, size_t *ca, size_t *cb)
{
  size_t n = 0, bars = 0, a = l->a;
  for (size_t i = l->a; i < l->b; i++) bars += c->t[i] == '|';
  if (bars < 2) return 0;
  for (size_t i = l->a; i <= l->b && n < MAX_CELLS; i++) {
    if (i < l->b && c->t[i] != '|') continue;
    size_t x = skip_sp(c, a), y = i;
    while (y > x && (c->t[y - 1] == ' ' || c->t[y - 1] == '\t')) y--;
    if (!(x == y && (a == l->a || i == l->b))) { ca[n] = x; cb[n] = y; n++; }
    a = i + 1;
  }
  return n;
}

/* A markdown rule "---|:---:|": no letter or digit. */
static int rule_line(const ctx *c, const tline *l)
{
  for (size_t i = l->a; i < l->b; i++)
    if (isletter(c, i) || isdig(c->t[i])) return 0;
  return 1;
}

/* Runs of two or more lines of the same number of cells: the first is the
 * header of the others. */
static int scan_pipe_tables(ctx *c)
{
  const tline *l = c->lines.v;
  size_t ca[MAX_CELLS], cb[MAX_CELLS];
  c->tab_head = malloc((c->lines.n ? c->lines.n : 1) * sizeof *c->tab_head);
  if (!c->tab_head) return -1;
  for (size_t k = 0; k < c->lines.n; k++) c->tab_head[k] = SIZE_MAX;
  for (size_t k = 0; k < c->lines.n;) {
    size_t n = cells_of(c, &l[k], ca, cb), j = k + 1;
    if (n < 2) { k++; continue; }
    while (j < c->lines.n && (rule_line(c, &l[j]) ? skip_sp(c, l[j].a) < l[j].b : cells_of(c, &l[j], ca, cb) == n))
      j++;
    for (size_t q = k + 1; q < j; q++)
      if (!rule_line(c, &l[q])) c->tab_head[q] = k;
    if (j > k + 1) c->tab_head[k] = k;   /* the header: no figures */
    k = j;
  }
  return 0;
}

static int header_is(const ctx *c, size_t a, size_t b, const char *const *names)
{
  for (size_t j = 0; names[j]; j++)
    if (word_at(c, a, names[j]) && skip_sp(c, a + strlen(names[j])) >= b) return 1;
  return 0;
}

/* The figures of the table row l (header h). */
static int pipe_row(ctx *c, const tline *h, const tline *l)
{
  static const char *const years[] = { "year", "năm", "kỳ", "period", "năm học", NULL };
  static const char *const totals[] = { "total", "tổng", "tổng số", "cộng", "tổng cộng", NULL };
  size_t ha[MAX_CELLS], hb[MAX_CELLS], ca[MAX_CELLS], cb[MAX_CELLS], e;
  size_t n = cells_of(c, h, ha, hb), ycol = SIZE_MAX, tcol = SIZE_MAX;
  if (cells_of(c, l, ca, cb) != n) return 0;
  for (size_t k = 0; k < n; k++) {
    if (ycol == SIZE_MAX && header_is(c, ha[k], hb[k], years)) ycol = k;
    else if (tcol == SIZE_MAX && header_is(c, ha[k], hb[k], totals)) tcol = k;
  }
  long year = 0;
  uint64_t total = 0;
  int has_total = 0;
  if (ycol != SIZE_MAX && token_at(c, ca[ycol], &e)) year_value(c, ca[ycol], e, &year);
  size_t ta = 0, tb = 0;
  if (tcol != SIZE_MAX && token_at(c, ca[tcol], &tb) && count_of(c, ca[tcol], tb, &total)) { has_total = 1; ta = ca[tcol]; }
  for (size_t k = 0; k < n; k++) {
    uint64_t x, y = 0;
    size_t xb, ya = 0, yb = 0;
    if (k == ycol || k == tcol || !token_at(c, ca[k], &xb) || !count_of(c, ca[k], xb, &x)) continue;
    if (xb < cb[k] && c->t[xb] == '/' && token_at(c, xb + 1, &yb) && count_of(c, xb + 1, yb, &y)) ya = xb + 1;
    else if (has_total) { y = total; ya = ta; yb = tb; }
    if (ya && x > y) ya = 0;
    figure *f = new_fig(c, ya ? FIG_OF : FIG_PCT, ca[k], xb, ya ? ya : xb, ya ? yb : xb);
    if (!f) return -1;
    f->x = x; f->y = ya ? y : 0;
    f->a = ca[k]; f->b = cb[k];   /* the cell, not the total's column */
    f->ga = ha[k]; f->gb = hb[k];
    f->tab_year = year;
    size_t pa, pb;
    if (pct_after(c, ya == xb + 1 ? yb : xb, cb[k], &pa, &pb)) { f->pa = pa; f->pb = pb; }
  }
  return 0;
}

static int scan_tokens(ctx *c)
{
  const tline *l = c->lines.v;
  for (size_t i = 0, li = 0; i < c->n; i++) {
    size_t b, next;
    while (li + 1 < c->lines.n && l[li + 1].a <= i) li++;
    if (c->tab_head[li] != SIZE_MAX) {   /* a "|" table's line: its cells, once */
      if (c->tab_head[li] != li && pipe_row(c, &l[c->tab_head[li]], &l[li])) return -1;
      i = l[li].b;
      continue;
    }
    if (!token_at(c, i, &b)) continue;
    if (thousands_of_next(c, b)) { i = b - 1; continue; }   /* its count starts at the hundreds */
    if (token(c, i, b, &next)) return -1;
    i = (next > i ? next : b) - 1;
  }
  return 0;
}

/* Section periods: a heading's mention, or a line that is only a period
 * ("Năm 2015:"), holds until the next heading. */
static int scan_sections(ctx *c)
{
  const tline *l = c->lines.v;
  for (size_t k = 0; k < c->lines.n; k++) {
    const mention *m = mention_after(&c->ments, l[k].a, l[k].b);
    if (l[k].heading && vpush_pos(&c->heads, l[k].a)) return -1;
    if (!l[k].heading && !m) continue;
    int alone = m && !l[k].heading;
    if (alone) {
      size_t e = skip_sp(c, m->end);
      if (e < l[k].b && c->t[e] == ':') e = skip_sp(c, e + 1);
      alone = e >= l[k].b && opening_at(c, m->pos, m->end + (m->end < l[k].b));
    }
    if (!l[k].heading && !alone) continue;
    mention *s = vpush(&c->sect);
    if (!s) return -1;
    if (m && (l[k].heading || alone)) {
      const mention *last = mention_before(&c->ments, l[k].a, l[k].b);
      *s = last ? *last : *m;
    } else {
      memset(s, 0, sizeof *s);
    }
    s->pos = l[k].a;   /* a heading without a year ends the previous section's */
  }
  return 0;
}

/* A target or plan in the few words before i ("phấn đấu đến năm 2025",
 * "the target for 2025"): such a year dates no later paragraph. */
static int is_target(const ctx *c, size_t i)
{
  static const char *const tgt[] = { "phấn đấu", "mục tiêu", "kế hoạch", "dự kiến", "định hướng", "chỉ tiêu",
                                     "đề ra", "target",
                                     "aim", "aims", "plan", "plans", "planned", "goal", "expected", "projected",
                                     NULL };
  size_t lo = i > 60 ? i - 60 : 0, w = back_sp(c, i);
  /* the year must be a deadline: "đến năm 2025", "by 2025"; "phấn đấu cán
   * đích ... trong năm 2019" is the year itself */
  if (!(word_at(c, i, "đến") || word_at(c, i, "tới") || word_at(c, i, "by") || word_at(c, i, "until") ||
        word_at(c, i, "for") || word_before(c, w, "đến") || word_before(c, w, "tới") || word_before(c, w, "by") ||
        word_before(c, w, "until") || word_before(c, w, "for") || word_before(c, w, "trước")))
    return 0;
  for (size_t k = i; k > lo; k--)
    if (strchr(";.\n", c->t[k - 1])) { lo = k; break; }
  for (size_t k = lo; k < i; k++)
    if (at_word_start(c, k) && isletter(c, k))
      for (size_t j = 0; tgt[j]; j++)
        if (word_at(c, k, tgt[j])) return 1;
  return 0;
}

/* The next year's tasks in the few words before i: "tổng kết phong trào năm
 * 2018 và triển khai nhiệm vụ trọng tâm năm 2019" reviews 2018, plans 2019.
 * A year of plans neither dates a paragraph nor makes it name two. */
static int plan_year(const ctx *c, size_t i)
{
  static const char *const plan[] = { "triển khai nhiệm vụ", "phương hướng nhiệm vụ", "phương hướng", NULL };
  size_t lo = i > 80 ? i - 80 : 0;
  for (size_t k = i; k > lo; k--)
    if (strchr(";.,\n", c->t[k - 1]) || word_at(c, k - 1, " và")) { lo = k; break; }
  for (size_t k = lo; k < i; k++)
    if (at_word_start(c, k) && isletter(c, k))
      for (size_t j = 0; plan[j]; j++)
        if (word_at(c, k, plan[j])) return 1;
  return 0;
}

/* A bare year other than y in [a, b) ("in 2018 and 2019"): the line states
 * more than one period.  Compared years and ranges are no period and do not
 * count. */
static int other_year(const ctx *c, size_t a, size_t b, long y)
{
  for (size_t i = a; i < b; i++) {
    size_t e, e2;
    long v, v2;
    if (!token_at(c, i, &e)) continue;
    size_t w = back_sp(c, i);
    int second = w > 0 && (c->t[w - 1] == '-' || c->t[w - 1] == '/' ||
                           (w >= 3 && !memcmp(c->t + w - 3, "\xe2\x80\x93", 3)));   /* "2012 – 2017" */
    if (year_value(c, i, e, &v) && v != y && !second && !year_pair(c, e, v, &e2, &v2) &&
        mention_start(c, i, e) == SIZE_MAX)
      return 1;
    i = e - 1;
  }
  return 0;
}

/* [a, b) stands inside brackets of a sentence, after another number of the
 * aside ("quality indicators (QIs—5 in 2010)"), at most 60 bytes from each
 * bracket; a source's "(Press Association, 2012; excerpt)" and a closing
 * note opening its line are not asides. */
static int in_brackets(const ctx *c, size_t a, size_t b)
{
  size_t i = a, e = b;
  int digit = 0;
  for (; i > 0 && i + 60 > a && !strchr(")\n", c->t[i - 1]); i--) {
    if (c->t[i - 1] == '(') break;
    digit |= isdig(c->t[i - 1]);
  }
  if (i == 0 || c->t[i - 1] != '(' || !digit) return 0;
  size_t o = back_sp(c, i - 1);
  if (o == 0 || c->t[o - 1] == '\n') return 0;
  for (; e < c->n && e < b + 60 && !strchr("(\n", c->t[e]); e++)
    if (c->t[e] == ')') return 1;
  return 0;
}

/* Each line's one year (0: none, -1: several or a target): a year stated
 * inside an earlier paragraph dates the paragraphs after it only when it is
 * that paragraph's one year. */
static int scan_line_years(ctx *c)
{
  const mention *m = c->ments.v;
  const tline *l = c->lines.v;
  c->line_year = calloc(c->lines.n ? c->lines.n : 1, sizeof *c->line_year);
  if (!c->line_year) return -1;
  for (size_t k = 0, li = 0; k < c->ments.n; k++) {
    while (li + 1 < c->lines.n && l[li + 1].a <= m[k].pos) li++;
    long *y = &c->line_year[li];
    size_t o = back_sp(c, m[k].pos), e = skip_sp(c, m[k].end);
    if ((o > 0 && c->t[o - 1] == '(' && e < c->n && c->t[e] == ')') || in_brackets(c, m[k].pos, m[k].end))
      continue;   /* an aside: "(3/2017)", "(QIs—5 in 2010)" */
    if (plan_year(c, m[k].pos)) continue;
    if (*y >= 0) *y = is_target(c, m[k].pos) || (*y && *y != m[k].year) ? -1 : m[k].year;
  }
  for (size_t li = 0; li < c->lines.n; li++)   /* each line once: linear */
    if (c->line_year[li] > 0 && other_year(c, l[li].a, l[li].b, c->line_year[li])) c->line_year[li] = -1;
  return 0;
}

/* ---- the second pass: each figure's context ---------------------------------- */

/* After a figure ending at b: at most three words (its unit), a title in
 * typographic quotes, and the clause's end. */
static int elliptic(const ctx *c, size_t b)
{
  size_t k = skip_sp(c, b);
  for (int w = 0; w < 3 && k < c->n && isletter(c, k); w++) {
    while (k < c->n && isletter(c, k)) k++;
    k = skip_sp(c, k);
  }
  if (k + 3 > c->n || memcmp(c->t + k, "\xe2\x80\x9c", 3)) return 0;
  const char *q = NULL;
  for (size_t e = k + 3; e + 3 <= c->n && e < k + 200 && !q; e++) {
    if (c->t[e] == '\n') return 0;
    if (!memcmp(c->t + e, "\xe2\x80\x9d", 3)) q = c->t + e + 3;
  }
  if (!q) return 0;
  k = skip_sp(c, (size_t)(q - c->t));
  return k >= c->n || strchr(",.;\n", c->t[k]);
}

/* "Có 1.684/1.684 khu nhà trọ văn hóa, tỷ lệ 100%": the unit ends in the
 * title awarded, the clause names no other predicate.  The title reads as the
 * keyword "đạt danh hiệu" (so its stage, if the caller kept it); "nhà văn
 * hóa" is a building, and a verb before the title ("chưa đạt danh hiệu văn
 * hóa") ends the unit first. */
static const char *title_stage(const ctx *c, const figure *f)
{
  size_t k = skip_sp(c, f->b), first = k;
  for (int words = 0; words < 5 && k < c->n && isletter(c, k); words++) {
    if (word_at(c, k, "văn hóa") || word_at(c, k, "văn hoá")) {
      size_t e = skip_sp(c, k + strlen("văn hóa"));
      if (k == first || (word_at(c, first, "nhà") && skip_sp(c, first + strlen("nhà")) == k)) return NULL;
      if (e < c->n && !strchr(",.;(\n", c->t[e])) return NULL;
      for (size_t j = 0; j < c->nkw; j++)
        if (!strcmp(c->kwf[j], "đạt danh hiệu")) return c->kw[j].stage;
      return NULL;
    }
    if (stop_word(c, k)) return NULL;
    while (k < c->n && isletter(c, k)) k++;
    k = skip_sp(c, k);
  }
  return NULL;
}

/* "16 of these were judged outstanding, 31 good, 19 as requires improvement":
 * a count followed only by a passing grade is elliptic for the list's verb. */
static int good_grade_after(const ctx *c, size_t b)
{
  static const char *const grade[] = { "good", "outstanding", "excellent", NULL };
  size_t k = skip_sp(c, b);
  for (size_t j = 0; grade[j]; j++)
    if (word_at(c, k, grade[j])) {
      size_t e = skip_sp(c, k + strlen(grade[j]));
      return e >= c->n || strchr(",;.)\n", c->t[e]) || word_at(c, e, "and");
    }
  return 0;
}

/* A Vietnamese verb of having or keeping in [b, e): the clause says what
 * its figure has, not which standard it met; or an English copula ("70 out
 * of 103 were rated as 'requires improvement', 21 were 'good'") or share
 * ("294,093 family culture, reaching 94%; ... reached cultural standards"):
 * its own predicate, failing or none, not the next clause's. */
static int own_verb(const ctx *c, size_t b, size_t e)
{
  static const char *const verb[] = { "có", "duy trì", "thành lập", "xây dựng", "were", "was", "reaching", NULL };
  for (size_t k = b; k < e; k++)
    if (at_word_start(c, k) && isletter(c, k))
      for (size_t j = 0; verb[j]; j++)
        if (word_at(c, k, verb[j])) return 1;
  return 0;
}

/* "Bậc tiểu học có số lượng trường đạt chuẩn nhiều nhất với 212 trường, tỷ
 * lệ gần 80%; ... THCS 146 trường, tỷ lệ gần 68%": an item after ';' with no
 * keyword and only its noun after its count takes the stage of the figure before
 * it in the sentence, when both count the same noun.  [ca, cb): f's clause. */
static const char *parallel_stage(const ctx *c, const figure *f, size_t ca, size_t cb)
{
  const figure *f0 = c->figs.v;
  if (f == f0) return NULL;
  const figure *p = f - 1;
  if (!p->stage || p->b > ca || sent_start(c, p->a) != sent_start(c, f->a) || own_verb(c, f->b, cb)) return NULL;
  size_t v = back_sp(c, ca);
  if (v == 0 || c->t[v - 1] != ';') return NULL;
  size_t u1 = skip_sp(c, f->unit), u2 = skip_sp(c, p->unit);
  if (!isletter(c, u1) || !isletter(c, u2)) return NULL;
  size_t z = skip_sp(c, word_end(c, u1));   /* the bare noun, then its percentage: no verb ("villages passed") */
  if (z < c->n && !strchr(",;.\n", c->t[z])) return NULL;
  return same_word(c, u1, word_end(c, u1), u2, word_end(c, u2)) ? p->stage : NULL;
}

/* fa: the previous figure's end, fb: the next one's start, first: the start
 * of the first figure of the clause. */
static const char *stage_of(const ctx *c, const figure *f, size_t fa, size_t fb, size_t first, const tline *ln)
{
  size_t ca, cb, from = f->kind == FIG_OFTHE ? f->xa : f->a;   /* "Of the 64 ports inspected, 50 passed" */
  const char *s;
  clause_of(c, f->a, f->b, &ca, &cb);
  size_t clause_a = ca;
  if (fa > ca) ca = fa;
  if (fb < cb) cb = fb;
  /* the first keyword after the previous figure is that figure's predicate
   * ("40/50 xã đạt chuẩn, 10/50 xã chưa đạt"): not this one's */
  size_t h = hit_lower(c, ca);
  const kwhit *hh = c->hits.v;
  if (f->pct_first && (s = first_stage(c, f->pa, f->xa))) return s;
  if (f->sb > f->sa) {   /* "Trong Y ... được công nhận ... có X ...; X2 ...": X's own, else the total's */
    if ((s = first_stage(c, f->xa, clause_end(c, f->xb))) || (s = first_stage(c, from, cb))) return s;
    return first_stage(c, f->sa, f->sb);
  }
  if (f->whom) {   /* X's own predicate, never Y's nor the next count's ("10 were 'inadequate' and 12 were good") */
    size_t e = clause_end(c, f->xb);
    if ((s = first_stage(c, f->xa, fb < e ? fb : e))) return s;
    return good_grade_after(c, f->xb) ? last_stage(c, sent_start(c, f->xa), f->xa) : NULL;
  }
  if (fa > clause_a && h < c->hits.n && hh[h].pos + hh[h].len <= f->a) ca = hh[h].pos + hh[h].len;
  if ((s = first_stage(c, from, cb))) return s;
  if ((s = last_stage(c, ca, f->a))) return s;
  /* a keyword before the clause's first figure applies to all its figures:
   * "đạt tiêu chí 19.2 là 111/111 xã, 10/10 huyện" */
  if (first < f->a && (s = last_stage(c, clause_a, first))) return s;
  /* a later clause's predicate applies to the figures listed before it
   * ("X; Y; Z đạt tiêu chuẩn"), an earlier clause's does not; nor to a
   * clause with a verb of its own ("10/10 phường, xã có Trung tâm ...; 56/56
   * nhà văn hóa ... đạt chuẩn") */
  if (!own_verb(c, f->b, cb) && (s = first_stage(c, f->b, sent_end(c, f->a)))) return s;
  if (ln->list && ln->lead != SIZE_MAX) {
    const tline *lead = (const tline *)c->lines.v + ln->lead;
    if ((s = first_stage(c, lead->a, lead->b))) return s;
  }
  /* "... 13.466 trường phổ thông đạt chuẩn quốc gia. Trong đó, cấp tiểu học
   * có 8.167 trường ...": parts in the next sentence take the whole's stage */
  size_t ss = sent_start(c, f->a), k = ss;
  while (k < f->a && !isletter(c, k)) k++;
  size_t pe = ss;   /* the previous sentence's last character */
  while (pe > 0 && strchr(" \t\n\r", c->t[pe - 1])) pe--;
  if (pe > 0 && (word_at(c, k, "trong đó") || word_at(c, k, "of these") || word_at(c, k, "of which"))) {
    /* the whole's own stage when it is a figure: "884/1.269 thôn đăng ký xét công nhận ... Trong đó,
     * ... 100% (155/155 thôn)" registered, not the last keyword's "công nhận" */
    const figure *pf = f, *f0 = c->figs.v;
    size_t ps = sent_start(c, pe - 1);
    int steps = 0;   /* past the parts before f in its sentence, a bounded walk: stays linear */
    while (pf > f0 && pf[-1].a >= ss && steps++ < 64) pf--;
    if (pf > f0 && pf[-1].a < ss && pf[-1].a >= ps && pf[-1].b <= ss && pf[-1].stage) return pf[-1].stage;
    if ((s = last_stage(c, ps, ss))) return s;
  }
  /* "05/06 phường đăng ký phấn đấu đạt “…”, 02/02 xã “…”": a figure with
   * only its unit and a title shares the previous figure's predicate */
  if (fa > clause_a && fa < f->a && elliptic(c, f->b) && (s = first_stage(c, fa, f->a))) return s;
  if ((s = parallel_stage(c, f, clause_a, cb))) return s;
  if ((s = title_stage(c, f))) return s;
  /* the section's heading ("1. Registration"), never other lines */
  size_t hk = last_le(c->heads.v, c->heads.n, f->a), li;
  if (hk == SIZE_MAX) return NULL;
  const tline *hd = line_of(c, ((size_t *)c->heads.v)[hk], &li);
  return hd == ln ? NULL : first_stage(c, hd->a, hd->b);
}

/* "(All data ... is correct as of February 28, 2023)": a note in brackets,
 * a paragraph of its own after the figures, with one "as of" date, dates
 * the text. */
static const mention *closing_note(const ctx *c)
{
  if (!c->ments.n) return NULL;
  const mention *m = (const mention *)c->ments.v + c->ments.n - 1;
  size_t li;
  const tline *l = line_of(c, m->pos, &li);
  size_t k = l->a;
  while (k < l->b && (c->t[k] == ' ' || c->t[k] == '\t')) k++;
  if (k >= l->b || c->t[k] != '(' || c->line_year[li] <= 0 ||
      !(word_at(c, m->pos, "as of") || word_before(c, back_sp(c, m->pos), "as of")))
    return NULL;
  return m;
}

/* A paragraph opening with "Năm học qua", "Năm qua", "Last year": its year
 * is the one it states later. */
static int past_year_opening(const ctx *c, const tline *ln)
{
  static const char *const op[] = { "năm học qua", "năm học vừa qua", "năm qua", "năm vừa qua", "trong năm qua",
                                     "last year", "over the past year", "in the past year", NULL };
  size_t k = ln->a;
  while (k < ln->b && !isletter(c, k)) k++;
  for (size_t j = 0; op[j]; j++)
    if (word_at(c, k, op[j])) return 1;
  return 0;
}

/* The year of a "when" clause the figure's count opens (when_after), NULL if none. */
static const mention *when_year(const ctx *c, const figure *f)
{
  const mention *m = mention_before(&c->whens, sent_start(c, f->a), f->xa);
  if (!m) return NULL;
  size_t k = skip_sp(c, m->end);
  if (k < c->n && c->t[k] == ',') k = skip_sp(c, k + 1);
  k = skip_sp(c, k + (word_at(c, k, "when") ? 4 : strlen("khi")));
  return k == f->xa ? m : NULL;
}

/* The one year of the sentence at i, NULL if it states none or several
 * ("in 2021 and 2022": the second is no mention, still a year), or if it
 * is longer than 1,000 bytes (stays linear). */
static const mention *sentence_year(const ctx *c, size_t i)
{
  size_t s0 = sent_start(c, i), s1 = sent_end(c, i), e;
  const mention *m = mention_after(&c->ments, s0, s1);
  if (!m || s1 > s0 + 1000) return NULL;
  for (size_t k = s0; k < s1; k++) {
    long y;
    if (!token_at(c, k, &e)) continue;
    if (year_value(c, k, e, &y) && y != m->year) return NULL;
    k = e - 1;
  }
  return m;
}

/* "... nearly 82,000 ship visits [in 2023]. // ... examinations on about 10
 * percent of the ship visits or a total of 8,278 SOLAS safety exams": "the"
 * and a unit (at most three words, no stop word) in the figure's sentence
 * before its count (the nearest three) refer back to a count of the same
 * words, at most REFER_BACK bytes back and in the section (from lo); that count's
 * sentence's one year is the figure's.  NULL if none. */
enum { REFER_BACK = 2000 };
static const mention *referred_year(const ctx *c, const figure *f, size_t lo)
{
  size_t ss = sent_start(c, f->a), end = f->xa < f->a ? f->xa : f->a, from = end > ss + 300 ? end - 300 : ss;
  if (ss > lo + REFER_BACK) lo = ss - REFER_BACK;
  for (size_t i = end, tries = 0; i-- > from && tries < 3;) {   /* the nearest three: linear in the text */
    if (!at_word_start(c, i) || !word_at(c, i, "the")) continue;
    tries++;
    size_t p = skip_sp(c, i + 3), ha, hb, pe;
    unit_words(c, p, 3, &ha, &hb);
    if (hb == 0 || hb > end) continue;
    pe = hb;
    for (size_t k = ss; k-- > lo;) {
      if (!at_word_start(c, k) || memcmp(c->f + k, c->f + p, pe - p) || !at_word_end(c, k + pe - p)) continue;
      size_t d = back_sp(c, k), s;
      if (d == k || d == 0 || !isdig(c->t[d - 1]) || !token_ending(c, d, &s)) continue;
      const mention *m = sentence_year(c, d - 1);
      if (m) return m;
    }
  }
  return NULL;
}

/* The one year of the nearest paragraph after from and before ln that
 * states one, NULL if none. */
static const mention *paragraph_year(const ctx *c, size_t from, const tline *ln)
{
  const mention *m = mention_before(&c->ments, from, ln->a);
  if (!m) return NULL;
  size_t pl;
  const tline *pln = line_of(c, m->pos, &pl);
  if (c->line_year[pl] <= 0) return NULL;
  /* the paragraph's one year, not a plan's after it */
  for (const mention *m0 = c->ments.v; m > m0 && m->year != c->line_year[pl] && m[-1].pos >= pln->a;) m--;
  return m->year == c->line_year[pl] ? m : NULL;
}

static const mention *year_of(const ctx *c, const figure *f, size_t fb, const tline *ln)
{
  size_t ss = sent_start(c, f->a), se = sent_end(c, f->a), ca, cb;
  clause_of(c, f->a, f->b, &ca, &cb);
  (void)ca;
  const mention *m;
  if ((m = when_year(c, f))) return m;
  /* right after the figure in its clause: no ',' or ';' between ("..., and
   * 12 had begun testing as of April 1998" after "two of the 23 states had
   * begun by the January 1995 deadline") */
  const mention *own = mention_after(&c->ments, f->b, fb < cb ? fb : cb);
  if (own && !memchr(c->t + f->b, ',', own->pos - f->b) &&
      (f->kind != FIG_OFTHE || !memchr(c->t + f->b, '(', own->pos - f->b)))   /* "80 (15%) ... (17% in 2018)" */
    return own;
  /* inside "Of the Y units ... in 2016, X": the total's own clause */
  if (f->kind == FIG_OFTHE && (m = mention_after(&c->ments, f->ya < f->a ? f->ya : f->a, f->xa))) return m;
  if (own && f->kind == FIG_OFTHE) return own;
  if ((m = mention_before(&c->ments, ss, f->a))) return m;
  if ((m = mention_after(&c->ments, f->b, se))) return m;
  /* the paragraph: an opening mention of an earlier sentence, else its first sentence */
  if ((m = mention_before(&c->opens, ln->a, f->a))) return m;
  if (ss > ln->a && (m = mention_after(&c->ments, ln->a, sent_end(c, ln->a)))) return m;
  if (ln->list && ln->lead != SIZE_MAX) {
    const tline *lead = (const tline *)c->lines.v + ln->lead;
    if ((m = mention_before(&c->ments, lead->a, lead->b))) return m;
  }
  /* a paragraph whose one year is its data's ("Through this seven year period ... Our preliminary
   * estimate for 2003 shows ... As for tankers, ... 320 detentions or 3.7%") */
  {
    size_t lj;
    line_of(c, f->a, &lj);
    if (c->line_year[lj] > 0 && (m = mention_before(&c->ments, ln->a, f->a)) && data_mention(c, m)) return m;
  }
  /* a paragraph that states one year, later ("Năm học qua, ... 4/4 trường
   * ... Năm học 2020-2021, kết quả ...") */
  size_t li;
  line_of(c, f->a, &li);
  if (c->line_year[li] > 0 && past_year_opening(c, ln) && (m = mention_after(&c->ments, f->b, ln->b))) return m;
  /* the section: its heading's or a period line's year, or a later
   * paragraph-opening one ("Năm 2020, ..." sets the period of what follows) */
  const mention *s = mention_before(&c->sect, 0, f->a + 1);
  size_t hk = last_le(c->heads.v, c->heads.n, f->a);
  size_t sec0 = hk == SIZE_MAX ? 0 : ((size_t *)c->heads.v)[hk];
  if ((m = referred_year(c, f, sec0))) return m;
  m = mention_before(&c->opens, sec0, ln->a);
  if (s && !s->year) s = NULL;
  const mention *r = m && (!s || m->pos > s->pos) ? m : s;
  if (r && r->pos < c->n && dateline(c, r->pos)) {
    /* a dateline ("Thứ Hai, 29/11/2021, 23:22") dates a text only where no paragraph after it states
     * its period ("..., năm học 2021-2022, toàn huyện có ... // Theo đó, cấp THCS có 12/14 trường") */
    const mention *p = paragraph_year(c, r->pos, ln);
    if (p && p->pos > r->pos && (p->school || p->year > r->year)) return p;   /* not a past year's */
  }
  if (r) return r;
  /* last: the one year of the nearest earlier paragraph of the section that
   * states one ("In 2019 the round covered 64 ports. // Of the 64 ports
   * inspected, 50 passed.") */
  return (m = paragraph_year(c, sec0, ln)) ? m : closing_note(c);
}

static char *dup_span(const char *s, size_t n)
{
  char *r = malloc(n + 1);
  if (r) { memcpy(r, s, n); r[n] = '\0'; }
  return r;
}

/* The printed percentage of a figure: the first number of its territory
 * (up to the next figure or the clause's end) if a percentage, else "Z% ("
 * right before it. */
static int unit_of(const ctx *c, size_t i, const char **code, char **text);

/* "80/102 cơ quan ..., gần 76,2% tổng số hộ gia đình ...": a percentage of
 * another unit's total (its phrase after "tổng số", "of all") is not the
 * figure's, whose unit is unit (a code or a phrase). */
static int pct_of_other(const ctx *c, size_t pb, const char *unit, int mapped)
{
  static const char *const of[] = { "tổng số", "số", "of all", "of the", "of", NULL };
  size_t k = skip_sp(c, pct_end(c, pb)), j;
  for (j = 0; of[j] && !word_at(c, k, of[j]); j++) continue;
  if (!of[j] || !unit || !*unit) return 0;
  const char *code;
  char *text;
  if (unit_of(c, k + strlen(of[j]), &code, &text)) return 0;
  /* codes with codes, phrases by their head word with phrases: "school"
   * and "trường" may be one unit under two names */
  const char *other = code ? code : text;
  size_t lu = strcspn(unit, " "), lo = strcspn(other, " ");
  int differ = *other && (code != NULL) == mapped && (lu != lo || strncmp(unit, other, lu) != 0);
  free(text);
  return differ;
}

/* "64/72 thí sinh đạt giải ở 09 đội tuyển gồm các môn: Toán, …, Tiếng Anh,
 * đạt tỷ lệ 88,89%.": past other numbers, the sentence's closing ", đạt tỷ
 * lệ Z%" (or "chiếm") is the figure's, when no percentage comes first. */
static void share_at_end(const ctx *c, figure *f, size_t from, size_t lim, const char *unit, int mapped)
{
  static const char *const mark[] = { "đạt tỷ lệ", "chiếm tỷ lệ", "đạt tỉ lệ", "chiếm tỉ lệ", "chiếm", NULL };
  size_t hi = f->b + 600 < lim ? f->b + 600 : lim, e;
  for (size_t k = from; k < hi; k++) {
    if (c->t[k] == ';' || c->t[k] == '\n') return;
    if (token_at(c, k, &e)) {
      if (is_percent(c, e)) return;
      k = e - 1;
      continue;
    }
    if (!at_word_start(c, k) || !isletter(c, k)) continue;
    size_t w = back_sp(c, k);
    /* "91/664 đơn vị cấp huyện thuộc 37 tỉnh, ... (chiếm 13,7% tổng số đơn vị cấp huyện)": in a
     * bracket too, when the share is not named as another unit's */
    if (!(w > 0 && (c->t[w - 1] == ',' || (w == k && c->t[w - 1] == '(')))) continue;
    for (size_t j = 0; mark[j]; j++)
      if (word_at(c, k, mark[j])) {
        size_t q = skip_sp(c, k + strlen(mark[j])), n = bound_word(c, q), pa = q;
        if (n) q += n + 1;
        if (token_at(c, q, &e) && is_percent(c, e) && !(c->t[w - 1] == '(' && pct_of_other(c, e, unit, mapped))) {
          f->pa = pa; f->pb = e;
        }
        return;
      }
  }
}

/* A lower-case letter at k: its folded copy is itself, the whole character,
 * not its first byte ("Đ", C4 90, folds to "đ", C4 91). */
static int lower_at(const ctx *c, size_t k)
{
  unsigned long cp;
  size_t len = u8dec((const unsigned char *)c->t + k, c->n - k, &cp);
  return isletter(c, k) && !memcmp(c->t + k, c->f + k, len);
}

/* The line end at i breaks a sentence of a web copy, not a paragraph: the
 * line ends with a comma and the next begins with a lower-case word. */
static int soft_break(const ctx *c, size_t i)
{
  size_t p = i, k = i + 1;
  while (p > 0 && (c->t[p - 1] == ' ' || c->t[p - 1] == '\r')) p--;
  k = skip_sp(c, k);
  if (p == 0 || c->t[p - 1] != ',' || k >= c->n || !isletter(c, k)) return 0;
  return lower_at(c, k);
}

/* "100% số xã (120/120 xã)", "85% of the schools (342/400)": the words of a
 * unit after "Z% số" ("of", "of the") ending at k, at most five; where they
 * start (after the '%'), else k. */
static size_t share_words_before(const ctx *c, size_t k)
{
  static const char *const of[] = { "số", "tổng số", "of the", "of", NULL };
  size_t w = k;
  for (int words = 0; words < 6 && w > 0 && isletter(c, w - 1); words++) {
    while (w > 0 && isletter(c, w - 1)) w--;
    size_t p = back_sp(c, w);
    if (p > 0 && c->t[p - 1] == '%') {
      for (size_t j = 0; of[j]; j++)
        if (word_at(c, w, of[j])) return p;
      return k;
    }
    w = p;
  }
  return k;
}

/* "100% (155/155 thôn)", "100% số xã (120/120 xã)": the percentage before
 * the bracket the figure at a opens.  Sets [*pa, *pb), returns 1. */
static int pct_before_bracket(const ctx *c, size_t a, size_t *pa, size_t *pb)
{
  size_t k = back_sp(c, a);
  if (k == 0 || c->t[k - 1] != '(') return 0;
  k = back_sp(c, k - 1);
  if (k > 0 && c->t[k - 1] != '%') k = share_words_before(c, k);   /* "100% số xã (120/120 xã)" */
  if (k == 0 || c->t[k - 1] != '%') return 0;
  size_t e = back_sp(c, k - 1), s = e;
  while (s > 0 && numch(c->t[s - 1])) s--;
  while (s < e && !isdig(c->t[s])) s++;
  if (s >= e) return 0;
  *pa = s; *pb = e;
  return 1;
}

/* The percentage printed with f: its bracket's ("34% (46/135 thôn)"), else
 * the first after it in its clause, unless it is of another unit. */
static void percent_of(const ctx *c, figure *f, size_t lim, const char *unit, int mapped)
{
  if (f->pa < f->pb) return;
  /* "100% (155/155 thôn) và ... 34% (46/135 thôn)": the 34 is the next figure's */
  if (pct_before_bracket(c, f->a, &f->pa, &f->pb)) return;
  size_t se = sent_end(c, f->b > f->a ? f->b - 1 : f->a);
  if (se < lim) lim = se;   /* never the next sentence's: "... hộ đạt chuẩn. Hiện đã có 100% ấp" */
  {   /* "... đạt tiêu chuẩn văn hóa,<line break>chiếm 87,09%": on into the next line */
    size_t nl = lim;
    while (nl < c->n && (c->t[nl] == '\r' || c->t[nl] == ' ')) nl++;
    if (nl < c->n && c->t[nl] == '\n' && soft_break(c, nl)) {
      size_t ne = sent_end(c, nl + 1);
      lim = ne < f->b + 160 ? ne : f->b + 160;
    }
  }
  for (size_t i = f->b; i < lim && i < f->b + 160; i++) {
    size_t e;
    if (c->t[i] == '\n' && soft_break(c, i)) continue;
    if (c->t[i] == ';' || c->t[i] == '\n') break;
    long y;
    if (!token_at(c, i, &e)) continue;
    if (is_percent(c, e)) { if (!pct_of_other(c, e, unit, mapped)) { f->pa = with_bound(c, i); f->pb = e; } }
    else if (year_value(c, i, e, &y) || is_ordinal(c, i, e)) { i = e - 1; continue; }   /* "in 2015 (95%)", "mức độ 1, chiếm" */
    else share_at_end(c, f, e, lim, unit, mapped);
    return;
  }
}

/* Folded label text at i, with English plurals: the label or its singular,
 * followed by a word end, an "s" or "es". Returns the matched length or 0. */
static size_t label_match(const ctx *c, size_t i, const lab *l)
{
  size_t n = l->n;
  if (!n || i + n > c->n + 1) return 0;
  for (int pass = 0; pass < 2; pass++) {
    size_t m = n;
    if (pass == 1) {                 /* singular of a plural label */
      if (n < 2 || l->f[n - 1] != 's') break;
      m = n - 1;
    }
    if (i + m > c->n || memcmp(c->f + i, l->f, m)) continue;
    size_t e = i + m;
    if (at_word_end(c, e)) return m;
    if (c->f[e] == 's' && at_word_end(c, e + 1)) return m + 1;
    if (e + 1 < c->n && c->f[e] == 'e' && c->f[e + 1] == 's' && at_word_end(c, e + 2)) return m + 2;
  }
  /* "facility" -> "facilities" */
  if (n > 1 && l->f[n - 1] == 'y' && i + n + 2 <= c->n && !memcmp(c->f + i, l->f, n - 1) &&
      !memcmp(c->f + i + n - 1, "ies", 3) && at_word_end(c, i + n + 2))
    return n + 2;
  return 0;
}

/* A word that ends a unit phrase: a verb, a preposition, a conjunction. */
static int stop_word(const ctx *c, size_t i)
{
  static const char *const stop[] = {
    "đạt", "được", "có", "đã", "đang", "duy trì", "là", "và", "với", "trong", "trên", "của", "chiếm", "tỷ lệ", "tỉ lệ",
    "ra", "hoàn thành", "tham gia", "đăng ký", "công nhận", "không", "chưa", "tăng", "giảm", "so", "năm",
    "tại", "theo", "đều", "vẫn", "cũng", "thuộc", "ở", "nay", "đạt", "xây dựng", "thực hiện", "bị", "xét", "từ",
    "were", "was", "are", "is", "have", "has", "had", "met", "meet", "meeting", "passed", "in", "that",
    "which", "who", "with", "of", "and", "for", "on", "at", "by", "from", "to", "the", "been", "being",
    "rated", "achieved", "reached", "received", "did", "do", "not", "during", "this", "last", "or", "này",
    "đó", "these", "those", "phấn đấu", "cán đích", "về đích", "dự kiến", "underwent", "văn hóa", "văn hoá", "liên tục", "liên tiếp", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "while", "chuẩn", "đoạt", "gồm", "bao gồm", "including", "còn lại",
    /* prepositions end an English noun phrase: "complaints about services" is of complaints */
    "about", "over", "into", "under", "after", "before", "between", "across", "per", "within", "than", "since",
    "until", "through",
    NULL };   /* "văn hóa": the title awarded ("cơ quan văn hoá cấp huyện"), not the unit */
  for (size_t j = 0; stop[j]; j++)
    if (word_at(c, i, stop[j])) return 1;
  static const char *const irregular[] = { "undertaken", "taken", "given", "done", "made", "held", "seen", "shown",
                                           "written", "run", "found", "sold", "told", "kept", "lost", "paid",
                                           "won", NULL };
  for (size_t j = 0; irregular[j]; j++)
    if (word_at(c, i, irregular[j])) return 1;
  /* an English adverb ("currently face ...") or participle ends the noun
   * phrase: "ports inspected", "50 of 68 planned"; but not a noun in -ly */
  static const char *const ly_noun[] = { "family", "assembly", "supply", "anomaly", "monopoly", "rally",
                                         "july", "italy", NULL };
  for (size_t j = 0; ly_noun[j]; j++)
    if (word_at(c, i, ly_noun[j])) return 0;
  size_t e = i;
  while (e < c->n && isletter(c, e)) e++;
  return e - i > 3 && (unsigned char)c->f[i] < 0x80 &&
         ((c->f[e - 2] == 'e' && c->f[e - 1] == 'd') || (e - i > 4 && c->f[e - 2] == 'l' && c->f[e - 1] == 'y'));
}

/* The longest label at i: its length (0: none) and code. */
static size_t label_len(const ctx *c, size_t i, const char **code)
{
  size_t best = 0;
  *code = NULL;
  for (size_t k = 0; k < c->nlab; k++) {
    size_t m = label_match(c, i, &c->labs[k]);
    if (m > best) { best = m; *code = c->labs[k].code; }
  }
  return best;
}

static const char *label_at(const ctx *c, size_t i)
{
  const char *code;
  label_len(c, i, &code);
  return code;
}

/* "cơ quan, đơn vị, doanh nghiệp tỉnh 121/126": a label and an
 * administrative level after it name a part of the label's group, kept as
 * its own text (code set to NULL).  0, or -1 when out of memory. */
static int qualified(const ctx *c, size_t i, const char **code, char **text)
{
  static const char *const lvl[] = { "cấp tỉnh", "cấp huyện", "cấp xã", "tỉnh", "thành phố", "huyện", "thị xã",
                                     "trung ương", NULL };
  const char *dummy;
  size_t best = label_len(c, i, &dummy);
  size_t q = skip_sp(c, i + best);
  if (q == i + best) return 0;
  for (size_t j = 0; lvl[j]; j++)
    if (word_at(c, q, lvl[j])) {
      size_t e = q + strlen(lvl[j]), k = skip_sp(c, e);
      if (k < c->n && (isletter(c, k) && !stop_word(c, k))) return 0;   /* "tỉnh Quảng Nam": a name follows */
      *code = NULL;
      return (*text = dup_span(c->t + i, e - i)) ? 0 : -1;
    }
  return 0;
}

/* "rated takeaways", "inspected premises": a participle as the unit's
 * first word, before a noun that is no grade or verb ("rated good", "rated
 * as", "inspected and" are none).  Sets *e past the participle. */
static int participle_noun(const ctx *c, size_t i, size_t *e)
{
  static const char *const grade[] = { "good", "outstanding", "inadequate", "poor", "satisfactory", "excellent",
                                       "requires", "requiring", "very", "fair", "unsatisfactory", "highly",
                                       "above", "below", "zero", "one", "two", "three", "four", "five", "a", "an",
                                       "the", NULL };
  size_t k = i;
  while (k < c->n && isletter(c, k)) k++;
  if (!(word_at(c, i, "rated") || (k - i > 3 && c->f[k - 2] == 'e' && c->f[k - 1] == 'd')) ||
      k >= c->n || c->t[k] != ' ' || !isletter(c, k + 1) || stop_word(c, k + 1))
    return 0;
  for (size_t j = 0; j < c->nkw; j++)   /* "registered households": the stage, not the unit */
    if (word_at(c, i, c->kwf[j])) return 0;
  for (size_t j = 0; grade[j]; j++)
    if (word_at(c, k + 1, grade[j])) return 0;
  *e = k + 1;
  return 1;
}

/* [a, e) is an abbreviation in capitals ("THPT", "THCS"). */
static int upper_word(const ctx *c, size_t a, size_t e)
{
  if (e - a < 2) return 0;
  for (size_t k = a; k < e; k++)
    if (c->t[k] < 'A' || c->t[k] > 'Z') return 0;
  return 1;
}

/* The unit phrase at i: a label's code, else its head noun and qualifier. */
/* "nhà văn hóa" (a village's culture house) is one noun: "văn hóa" at e,
 * after "nhà" at the unit's start i, does not end the unit as the title does. */
static int culture_house(const ctx *c, size_t i, size_t e)
{
  return (word_at(c, e, "văn hóa") || word_at(c, e, "văn hoá")) && back_sp(c, e) >= i + strlen("nhà") &&
         word_before(c, back_sp(c, e), "nhà") && back_sp(c, e) - strlen("nhà") == i;
}

/* "xanh- sạch": a hyphen at e, a space, a letter. */
static int hyphen_join(const ctx *c, size_t e)
{
  return e > 0 && e + 2 < c->n && c->t[e] == '-' && isletter(c, e - 1) && c->t[e + 1] == ' ' && isletter(c, e + 2);
}

/* Where the English words from k end (at most three, no stop word), and
 * whether the last is a plural; k itself if none. */
static size_t plain_words(const ctx *c, size_t k, int *plural)
{
  size_t e = k;
  *plural = 0;
  for (int words = 0; words < 3 && e < c->n && isletter(c, e) && (unsigned char)c->t[e] < 0x80 && !stop_word(c, e);
       words++) {
    size_t w0 = e;
    while (e < c->n && (isletter(c, e) || c->t[e] == '-')) e++;
    /* "hospitals", not "access", "campus", "analysis" */
    *plural = e - w0 > 2 && c->f[e - 1] == 's' && !strchr("sui", c->f[e - 2]);
    size_t q = skip_sp(c, e);
    if (q == e || !isletter(c, q) || stop_word(c, q)) break;
    e = q;
  }
  return e;
}

/* "4546 acute care, critical access, and specialty hospitals": qualifiers
 * listed before the head noun they share, the first ending at e with no
 * plural: where the list's last, plural, item ends; else e. */
static size_t shared_head(const ctx *c, size_t e)
{
  int plural;
  size_t w = e;
  if (e < 2 || (unsigned char)c->t[e - 1] >= 0x80 || (c->f[e - 1] == 's' && !strchr("sui", c->f[e - 2]))) return e;
  for (int items = 0; items < 4 && w < c->n && c->t[w] == ','; items++) {
    size_t k = skip_sp(c, w + 1);
    int last = word_at(c, k, "and") || word_at(c, k, "or");
    if (last) k = skip_sp(c, k + (c->f[k] == 'a' ? 3 : 2));
    size_t q = plain_words(c, k, &plural);
    if (q == k) return e;
    if (last) return plural ? q : e;
    if (plural) return e;   /* "acute care, hospitals": a second noun, no qualifier */
    w = q;
    size_t v = skip_sp(c, w);   /* "critical access and specialty hospitals": no comma before "and" */
    if (v < c->n && c->t[v] != ',' && (word_at(c, v, "and") || word_at(c, v, "or"))) {
      k = skip_sp(c, v + (c->f[v] == 'a' ? 3 : 2));
      q = plain_words(c, k, &plural);
      return q > k && plural ? q : e;
    }
  }
  return e;
}

static int unit_of(const ctx *c, size_t i, const char **code, char **text)
{
  *code = NULL;
  *text = NULL;
  int after_count = i > 0 && isdig(c->t[i - 1]);   /* "52,213 rated takeaways", not "(5%) received a" */
  i = skip_sp(c, i);
  if (i < c->n && c->t[i] == ')') { i = skip_sp(c, i + 1); after_count = 0; }
  if (i < c->n && c->t[i] == '(') {
    after_count = 0;
    const char *cl = memchr(c->t + i, ')', (c->n - i) < 40 ? c->n - i : 40);
    if (cl) i = skip_sp(c, (size_t)(cl - c->t) + 1);
  }
  if (word_at(c, i, "of the")) i = skip_sp(c, i + 6);
  else if (word_at(c, i, "of")) i = skip_sp(c, i + 2);
  if (word_at(c, i, "all the")) i = skip_sp(c, i + 7);   /* "4% of all facilities": of facilities */
  else if (word_at(c, i, "all")) i = skip_sp(c, i + 3);
  size_t iq = past_quoted(c, i);   /* "23 'inadequate' hospitals" */
  /* "98/117 “khu dân cư văn hóa”" (a quoted English word after a count is a
   * grade: "245 'require improvement'") */
  if (iq == i && i + 3 < c->n && !memcmp(c->t + i, "\xe2\x80\x9c", 3) && isletter(c, i + 3)) i += 3;
  else i = iq;
  size_t e = i, words = 0;
  int joined = 0;
  if ((*code = label_at(c, i))) return qualified(c, i, code, text);
  /* "662 cultural residential areas": the title before the noun, as "khu dân cư văn hóa" after it */
  if (word_at(c, i, "cultural") && (*code = label_at(c, skip_sp(c, i + strlen("cultural"))))) return 0;
  size_t ly = word_end(c, i), pe;   /* "919 currently rated premises": the adverb is no part of it */
  if (after_count && ly > i + 4 && c->f[ly - 2] == 'l' && c->f[ly - 1] == 'y' && skip_sp(c, ly) == ly + 1 &&
      participle_noun(c, ly + 1, &pe))
    e = i = ly + 1;
  if (after_count && stop_word(c, i) && participle_noun(c, i, &e)) {   /* "52,213 rated takeaways" */
    if ((*code = label_at(c, e))) return 0;             /* "inspected schools" */
    words = 1;
  }
  while (e < c->n && words < 5 && isletter(c, e) && (!stop_word(c, e) || culture_house(c, i, e))) {
    size_t w0 = e;
    /* a hyphen inside a word keeps it whole: "North-East schools", "foster-care homes"; so do the dots
     * of initials ("U.S. bridges") */
    while (e < c->n && (isletter(c, e) || (c->t[e] == '-' && e > w0 && e + 1 < c->n && isletter(c, e + 1)) ||
                        (c->t[e] == '.' && e > w0 && initial_dot(c, e))))
      e++;
    /* a possessive inside the phrase: "children’s homes", "women's refuges" */
    size_t ap = e + 3 < c->n && !memcmp(c->t + e, "\xe2\x80\x99", 3) ? 3 : e + 1 < c->n && c->t[e] == '\'' ? 1 : 0;
    if (ap && e > w0 && c->f[e + ap] == 's' && e + ap + 2 < c->n && c->t[e + ap + 1] == ' ' &&
        isletter(c, e + ap + 2) && !stop_word(c, e + ap + 2))
      e += ap + 1;
    /* a title typed "xanh- sạch- đẹp": hyphens before spaces join a series of
     * three words or more ("14/14 xã- thị trấn" is a comma mistyped) */
    if (hyphen_join(c, e) && (joined || hyphen_join(c, word_end(c, e + 2)))) { e++; joined = 1; }
    else joined = 0;
    words++;
    if (words > 1 && upper_word(c, w0, e)) break;   /* "trường THPT công lập": the level ends it */
    size_t k = skip_sp(c, e);
    if (k < c->n && isletter(c, k) && k > e) e = k;
    else break;
  }
  while (e > i && (c->t[e - 1] == ' ' || c->t[e - 1] == '\t')) e--;
  e = shared_head(c, e);
  return (*text = dup_span(c->t + i, e - i)) ? 0 : -1;
}

/* The phrase at s may end a label written as a list ("cơ quan, đơn vị,
 * doanh nghiệp"): where that label starts, walking back over at most three
 * ", words" groups (not before lo), else s. */
static size_t label_list_start(const ctx *c, size_t lo, size_t s)
{
  size_t x = s;
  for (int words = 0, commas = 0; words < 12; words++) {
    size_t k = back_sp(c, x);
    if (k > lo && c->t[k - 1] == ',') {
      if (++commas > 3) break;
      k = back_sp(c, k - 1);
    }
    if (!(k > lo && isletter(c, k - 1))) break;
    while (k > lo && isletter(c, k - 1)) k--;
    if (stop_word(c, k)) break;
    x = k;
    const char *code;
    if (commas && label_len(c, x, &code) + x >= s) return x;
  }
  return s;
}

/* "the five most frequently recorded deficiencies in 2019 were “ISM”
 * (4.47%, 1,781), …": the noun before the sentence's first "were"
 * ("are", "là", "gồm"), past a year mention.  0, or -1 out of memory. */
static int list_subject(const ctx *c, size_t a, const char **code, char **text)
{
  static const char *const verb[] = { "were", "are", "là", "gồm", NULL };
  size_t ss = sent_start(c, a);
  if (a > ss + 400) ss = a - 400;   /* a long list in one sentence stays linear */
  for (size_t k = ss; k < a; k++) {
    size_t j;
    for (j = 0; verb[j] && !(at_word_start(c, k) && word_at(c, k, verb[j])); j++) {}
    if (!verb[j]) continue;
    size_t w = back_sp(c, k);
    const mention *m = mention_before(&c->ments, ss, w);
    if (m && m->end == w) w = back_sp(c, m->pos);   /* "deficiencies in 2019 were" */
    size_t st = w;
    while (st > ss && isletter(c, st - 1)) st--;
    if (st == w) return 0;
    free(*text);
    *text = NULL;
    return unit_of(c, st, code, text);
  }
  return 0;
}

/* A label before the figure when none follows it: "Outstanding 4,033
 * (12.9%)", "Khu dân cư: 1.273/1.337".  At most four words back to the
 * clause's start, none of them a verb or a preposition ("Toàn tỉnh có
 * 1.273/1.337" names no unit). */
/* "số xã đạt tiêu chí số 19.2 ... là 114/116": the clause's subject "số
 * UNIT" before the copula that ends at e; where the unit starts, or SIZE_MAX. */
static size_t copula_subject(const ctx *c, size_t lo, size_t e)
{
  size_t v;
  if (word_before(c, e, "là")) v = e - strlen("là");
  else if (e > lo && c->t[e - 1] == ':') v = e - 1;   /* "tổng số hộ đạt danh hiệu ...: 158.249/195.833" */
  else return SIZE_MAX;
  size_t floor = v > lo + 240 ? v - 240 : lo;
  for (size_t k = v; k > floor && !strchr(";:\n", c->t[k - 1]) && !(c->t[k - 1] == '.' && c->t[k] == ' '); k--) {
    if (!at_word_start(c, k) || !word_at(c, k, "số") || word_at(c, k, "số lượng")) continue;
    size_t p = back_sp(c, k), u = skip_sp(c, k + strlen("số"));
    if (word_before(c, p, "tổng")) p = back_sp(c, p - strlen("tổng"));
    if ((p <= lo || strchr(";,(", c->t[p - 1])) && u > k + strlen("số") && isletter(c, u)) return u;
  }
  return SIZE_MAX;
}

static int unit_before(const ctx *c, size_t a, const char **code, char **text)
{
  size_t lo = sent_start(c, a), e = back_sp(c, a), s, words = 0;
  int opened = 0;   /* the phrase starts a clause, a list item or a sentence */
  if ((s = copula_subject(c, lo, e)) != SIZE_MAX) {
    free(*text);
    *text = NULL;
    return unit_of(c, s, code, text);
  }
  if (e > lo && c->t[e - 1] == ':') e = back_sp(c, e - 1);
  for (s = e; s > lo;) {
    size_t w = s;
    while (w > lo && isletter(c, w - 1)) w--;
    if (w == s) break;
    if (word_at(c, w, "and") || word_at(c, w, "và")) { opened = 1; break; }   /* "..., and Good 143" */
    if (stop_word(c, w) || ++words > 4) return 0;
    s = w;
    size_t k = back_sp(c, s);
    if (k == s || k <= lo || !isletter(c, k - 1)) break;
    s = k;
  }
  if (!words) return 0;
  s = label_list_start(c, lo, s);   /* "cơ quan, đơn vị, doanh nghiệp tỉnh 121/126" */
  size_t k = back_sp(c, s);
  opened |= word_before(c, k, "trong đó") || word_before(c, k, "bao gồm") || word_before(c, k, "gồm");
  opened |= k <= lo || strchr(",;(:-*", c->t[k - 1]) != NULL || is_bullet(c, lo, s);
  if (!opened) return 0;
  free(*text);
  *text = NULL;
  return unit_of(c, s, code, text);
}

/* "Bulkers had the most number of inspections with 2474, out of which
 * 1063 found deficiencies": a total with no unit after it counts the noun
 * right before its "with" (at most four words, no stop word).  0, or -1
 * out of memory. */
static int with_unit(const ctx *c, size_t ya, const char **code, char **text)
{
  size_t lo = sent_start(c, ya), e = back_sp(c, ya), s = SIZE_MAX;
  if (!word_before(c, e, "with")) return 0;
  e = back_sp(c, e - 4);
  for (int words = 0; words < 4 && e > lo && isletter(c, e - 1); words++) {
    size_t w = e;
    while (w > lo && isletter(c, w - 1)) w--;
    if (stop_word(c, w) || word_at(c, w, "most") || word_at(c, w, "more") || word_at(c, w, "fewest")) break;
    s = w;   /* "the most inspections with 2474": a quantifier is no part of the unit */
    e = back_sp(c, w);
  }
  if (s == SIZE_MAX) return 0;
  free(*text);
  *text = NULL;
  return unit_of(c, s, code, text);
}

/* "đạt danh hiệu thôn, tổ dân phố văn hóa có 1.447/1.850": the units a
 * title names before "có" and the figure, the title in its own clause.  0,
 * or -1 out of memory. */
static int title_unit(const ctx *c, size_t a, const char **code, char **text)
{
  static const char *const title[] = { "văn hóa", "văn hoá", NULL };
  size_t w = back_sp(c, a), j = 0;
  if (!word_before(c, w, "có")) return 0;
  w = back_sp(c, w - strlen("có"));
  while (title[j] && !word_before(c, w, title[j])) j++;
  if (!title[j]) return 0;
  size_t lo = w > 120 ? w - 120 : 0;
  for (size_t k = w - strlen(title[j]); k > lo; k--) {
    if (strchr(";:.()\n", c->t[k - 1]) || isdig(c->t[k - 1])) return 0;
    if (!at_word_start(c, k) || !word_at(c, k, "danh hiệu")) continue;
    size_t u = skip_sp(c, k + strlen("danh hiệu"));
    if (u >= w || !isletter(c, u)) return 0;
    free(*text);
    *text = NULL;
    return unit_of(c, u, code, text);
  }
  return 0;
}

/* "Of the trusts with a published provider rating, 70 out of 103 were
 * rated ...": a figure right after an opening "Of (Among, Out of) the UNIT
 * ...," with no number is of that unit.  0, or -1 out of memory. */
static int lead_unit(const ctx *c, size_t a, const char **code, char **text)
{
  static const char *const lead[] = { "of the", "among the", "out of the", NULL };
  size_t v = back_sp(c, a), o = sent_start(c, a), j = 0;
  if (v == 0 || c->t[v - 1] != ',') return 0;
  while (o < v && !isletter(c, o)) o++;
  while (lead[j] && !word_at(c, o, lead[j])) j++;
  if (!lead[j]) return 0;
  size_t u = skip_sp(c, o + strlen(lead[j]));
  if (!isletter(c, u) || stop_word(c, u)) return 0;
  for (size_t k = u; k < v - 1; k++)
    if (isdig(c->t[k]) || strchr(",;:()", c->t[k])) return 0;
  free(*text);
  *text = NULL;
  return unit_of(c, u, code, text);
}

/* "three quarters of premises (7,400 of 10,000)", "85% of the schools
 * (342/400)": a figure in brackets after "of (the) UNIT" ("số UNIT") when
 * none follows it.  0, or -1 out of memory. */
static int bracket_unit(const ctx *c, size_t a, const char **code, char **text)
{
  static const char *const of[] = { "of the", "of", "số", NULL };
  size_t k = back_sp(c, a);
  if (k == 0 || c->t[k - 1] != '(') return 0;
  size_t e = back_sp(c, k - 1), w = e;
  for (int words = 0; words < 4 && w > 0 && isletter(c, w - 1); words++) {
    size_t s = w;
    while (s > 0 && isletter(c, s - 1)) s--;
    if (stop_word(c, s)) return 0;
    size_t p = back_sp(c, s);
    for (size_t j = 0; of[j]; j++)
      if (word_before(c, p, of[j])) {
        free(*text);
        *text = NULL;
        return unit_of(c, s, code, text);
      }
    w = p;
  }
  return 0;
}

static size_t cp_col(const char *from, const char *p)
{
  size_t col = 1;
  for (const char *q = from; q < p; q++) col += ((unsigned char)*q & 0xC0) != 0x80;
  return col;
}

static int add_row(pt_table *t, pt_row *row)
{
  if (t->n == t->cap) {
    size_t nc = t->cap ? 2 * t->cap : 64;
    pt_row *nr = realloc(t->rows, nc * sizeof *nr);
    if (!nr) return -1;
    t->rows = nr;
    t->cap = nc;
  }
  t->rows[t->n++] = *row;
  return 0;
}

static void free_row(pt_row *r)
{
  free(r->group); free(r->stage); free(r->source); free(r->reported);
}

/* The fields a figure was emitted without; 0, or -1 when out of memory. */
static int warn_missing(const ctx *c, pt_diags *warn, const pt_row *row, const figure *f, size_t col)
{
  char what[64] = "";
  if (!*row->group) strcat(what, "unit");
  if (!*row->stage) strcat(what, *what ? ", stage" : "stage");
  if (row->flags & PT_ROW_NO_PERIOD) strcat(what, *what ? ", year" : "year");
  if (!*what) return 0;
  if (f->kind == FIG_PCT)
    return pt_diag_add(warn, row->line, col, "figure %.*s (%.*s%%): no %s found; emitted with the field empty",
                (int)(f->xb - f->xa), c->t + f->xa, (int)(f->pb - f->pa), c->t + f->pa, what);
  return pt_diag_add(warn, row->line, col, "figure %.*s/%.*s: no %s found; emitted with the field empty",
                (int)(f->xb - f->xa), c->t + f->xa, (int)(f->yb - f->ya), c->t + f->ya, what);
}

/* Line and column of pos; figures come in text order, so the line search
 * and the column count start where the previous figure's ended. */
typedef struct cursor { size_t line, pos, col; } cursor;

static size_t column(const ctx *c, cursor *cu, size_t li, size_t pos)
{
  const tline *l = (const tline *)c->lines.v + li;
  if (cu->line != li || cu->pos > pos) { cu->line = li; cu->pos = l->a; cu->col = 1; }
  cu->col += cp_col(c->t + cu->pos, c->t + pos) - 1;
  cu->pos = pos;
  return cu->col;
}

/* Where the words from q end, before lim: letters and spaces up to a verb or
 * preposition (stop_word), trailing spaces dropped ("mầm non có" -> "mầm non"). */
static size_t words_end(const ctx *c, size_t q, size_t lim)
{
  size_t e = q;
  while (e < lim && (isletter(c, e) || c->t[e] == ' ') && !(at_word_start(c, e) && stop_word(c, e))) e++;
  while (e > q && c->t[e - 1] == ' ') e--;
  return e;
}

/* "Số lượng trường đạt chuẩn bậc học mầm non là 141 (51,8%), tiểu học 206
 * (75,2%)": a figure with no unit after it in a sentence that names a count
 * of some unit ("số lượng trường", "số trường") and then a level ("bậc
 * học"): the unit is that noun and the figure's level, named after the lead
 * for the first figure and before the figure for the others.  *text is
 * replaced when found; -1 when out of memory. */
static int level_list_unit(const ctx *c, size_t a, char **text)
{
  static const char *const count_of_[] = { "số lượng", "tổng số", "số", NULL };
  static const char *const lead[] = { "bậc học", "cấp học", "bậc", NULL };
  size_t ss = sent_start(c, a), lo = a > ss + 400 ? a - 400 : ss, hn = 0, he = 0, la = 0, le = 0;
  for (size_t i = lo; i < a && !la; i++) {
    size_t j;
    if (!at_word_start(c, i) || !isletter(c, i)) continue;
    for (j = 0; !hn && count_of_[j]; j++)
      if (word_at(c, i, count_of_[j])) {
        hn = skip_sp(c, i + strlen(count_of_[j]));
        for (he = hn; he < a && isletter(c, he); he++) continue;
        i = he;
        break;
      }
    if (!hn) continue;
    for (j = 0; lead[j]; j++)
      if (word_at(c, i, lead[j])) { la = skip_sp(c, i + strlen(lead[j])); break; }
  }
  if (!hn || he == hn || !la) return 0;
  const char *ct = NULL;
  char *q = NULL;
  if (unit_before(c, a, &ct, &q)) return -1;   /* "..., tiểu học 206": the label before */
  if (!q || !*q) {                             /* "bậc học mầm non là 141": the lead's words */
    free(q);
    le = words_end(c, la, a);
    q = le > la && le - la <= 40 ? dup_span(c->t + la, le - la) : NULL;
  }
  if (!q || !*q || ct) { free(q); return 0; }
  char *r = malloc((he - hn) + 1 + strlen(q) + 1);
  if (!r) { free(q); return -1; }
  memcpy(r, c->t + hn, he - hn);
  r[he - hn] = ' ';
  strcpy(r + (he - hn) + 1, q);
  free(q);
  free(*text);
  *text = r;
  return 0;
}

/* "số tổ dân phố có nhà văn hóa là 1.491/5.412": the phrase counted ("số X")
 * is the unit of the figure its clause ends with ("là N").  *text replaced
 * when found; -1 when out of memory. */
static int counted_unit(const ctx *c, size_t a, char **text)
{
  size_t ca, cb, w = back_sp(c, a);
  if (!word_before(c, w, "là")) return 0;
  clause_of(c, a, a, &ca, &cb);
  for (size_t i = a > ca + 120 ? a - 120 : ca; i + 3 < w; i++) {
    if (!at_word_start(c, i) || !word_at(c, i, "số")) continue;
    size_t h = skip_sp(c, i + strlen("số")), e = words_end(c, h, w);
    if (e == h || e - h > 40) return 0;
    char *r = dup_span(c->t + h, e - h);
    if (!r) return -1;
    free(*text);
    *text = r;
    return 0;
  }
  return 0;
}

static int level_qualify(const ctx *c, size_t a, char **text);
static int replace_by_head_level(const ctx *c, size_t a, const char *unit, char **text);

/* "Cấp tiểu học có 22/22 trường; Cấp THCS có 22/24 đạt chuẩn": a figure
 * with no unit after a level lead takes the previous figure's head noun
 * qualified by its own level.  *text replaced when found. */
static int level_of_previous(const ctx *c, const pt_table *t, size_t a, char **text)
{
  if (!t->n || !(t->rows[t->n - 1].flags & PT_ROW_UNMAPPED)) return 0;
  const char *g = t->rows[t->n - 1].group;
  if (!strchr(g, ' ')) return 0;   /* the previous unit must itself be "HEAD LEVEL" */
  return replace_by_head_level(c, a, g, text);
}

/* "trường công lập", "trường ngoài công lập": a head noun qualified only
 * by who runs it, which a level names better ("cấp học mầm non có 40/48
 * trường công lập" is of `trường mầm non`). */
static int ownership(const char *text)
{
  static const char *const own[] = { "công lập", "ngoài công lập", "tư thục", "dân lập", NULL };
  const char *q = strchr(text, ' ');
  for (size_t j = 0; q && own[j]; j++)
    if (!strcmp(q + 1, own[j])) return 1;
  return 0;
}

/* *text replaced by the head noun of `unit` qualified by the level before
 * a, if the text names one; else left as it is.  -1 when out of memory. */
static int replace_by_head_level(const ctx *c, size_t a, const char *unit, char **text)
{
  char *r = dup_span(unit, strcspn(unit, " "));
  if (!r) return -1;
  if (level_qualify(c, a, &r)) { free(r); return -1; }
  if (!strchr(r, ' ')) { free(r); return 0; }
  free(*text);
  *text = r;
  return 0;
}

/* The head noun of *text qualified by the level before a, if the text
 * names one; else *text as it is.  -1 when out of memory. */
static int level_requalify(const ctx *c, size_t a, char **text)
{
  if (!strchr(*text, ' ')) return level_qualify(c, a, text);
  return replace_by_head_level(c, a, *text, text);
}

/* *text becomes "*text QUAL" with the n bytes at q; -1 when out of memory. */
static int qualify_with(char **text, const char *q, size_t n)
{
  size_t m = strlen(*text);
  char *r = malloc(m + 1 + n + 1);
  if (!r) return -1;
  memcpy(r, *text, m);
  r[m] = ' ';
  memcpy(r + m + 1, q, n);
  r[m + 1 + n] = '\0';
  free(*text);
  *text = r;
  return 0;
}

/* A level lead at i ("bậc học mầm non", "cấp THCS") before the figure at a:
 * *text qualified by its level.  1 when done (or a lead with no level
 * words, *text left), 0 when no lead is at i, -1 when out of memory. */
static int lead_level(const ctx *c, size_t i, size_t a, char **text)
{
  static const char *const lead[] = { "bậc học", "cấp học", "bậc", "cấp", "khối các trường", "khối trường", NULL };
  size_t j;
  if (!at_word_start(c, i) || !isletter(c, i)) return 0;
  for (j = 0; lead[j] && !word_at(c, i, lead[j]); j++) continue;
  if (!lead[j]) return 0;
  if (word_before(c, back_sp(c, i), "từ")) return 1;   /* "52 trường từ bậc học mầm non đến THCS": a range */
  size_t q = skip_sp(c, i + strlen(lead[j])), e = words_end(c, q, a), u = q;
  while (u < e && isletter(c, u)) u++;
  if (upper_word(c, q, u)) e = u;   /* "bậc THPT công lập có 23/23 trường": trường THPT */
  if (e == q || e - q > 40) return 1;
  return qualify_with(text, c->t + q, e - q) ? -1 : 1;
}

/* "bậc học mầm non có 6/9 trường": the level before the figure qualifies a
 * bare head noun after it ("trường" -> "trường mầm non").  *text is
 * replaced; -1 when out of memory. */
static int level_qualify(const ctx *c, size_t a, char **text)
{
  size_t ca, cb, lo, n = strlen(*text);
  clause_of(c, a, a, &ca, &cb);
  lo = a > ca + 80 ? a - 80 : ca;
  /* "cấp học mầm non có 40/48 trường ..., trong đó có 7 trường ...": a part
   * after "trong đó" is of the level its whole's clause names */
  for (size_t i = a > lo + 40 ? a - 40 : lo; i < a; i++)
    if (at_word_start(c, i) && word_at(c, i, "trong đó")) { lo = a > ca + 240 ? a - 240 : ca; break; }
  /* "nâng tổng số trường mầm non đạt chuẩn ... lên 158 trường": the counted
   * phrase, the bare noun and its qualifier, earlier in the clause */
  for (size_t i = lo; i + 3 < a; i++) {
    if (!at_word_start(c, i) || !word_at(c, i, "số")) continue;
    size_t h = skip_sp(c, i + strlen("số")), e;
    if (h + n >= a || memcmp(c->t + h, *text, n) || c->t[h + n] != ' ') continue;
    e = words_end(c, h + n + 1, a);
    if (e <= h + n + 1 || e - h > 60) break;
    char *r = dup_span(c->t + h, e - h);
    if (!r) return -1;
    free(*text);
    *text = r;
    return 0;
  }
  /* a lead opening its clause (or a part of it after a comma) may stand
   * further back: "Bậc tiểu học có số lượng trường đạt chuẩn nhiều nhất với 212 trường" */
  size_t start = skip_sp(c, ca);
  for (size_t i = a; i-- > lo;) {   /* the nearest: "cấp THCS có 12/14 trường, cấp tiểu học có 14/24" */
    int r = lead_level(c, i, a, text);
    if (r) return r < 0 ? -1 : 0;
  }
  for (size_t i = a > start + 120 ? a - 120 : start; i < lo; i++) {   /* only where a part of the clause opens */
    size_t v = back_sp(c, i);
    if (i != start && !(v < i && v > 0 && c->t[v - 1] == ',')) continue;
    int r = lead_level(c, i, a, text);
    if (r) return r < 0 ? -1 : 0;
  }
  /* "tiếp theo là mầm non 151 trường", "THPT có 17 trường": a school level
   * right before the count of a bare "trường" */
  if (strcmp(*text, "trường")) return 0;
  static const char *const level[] = { "mầm non", "tiểu học", "thcs", "thpt", "trung học cơ sở",
                                       "trung học phổ thông", "mẫu giáo", NULL };
  size_t w = back_sp(c, a);
  if (word_before(c, w, "có")) w = back_sp(c, w - strlen("có"));
  for (size_t j = 0; level[j]; j++) {
    size_t len = strlen(level[j]);
    if (!word_before(c, w, level[j]) || w - len < ca) continue;
    return qualify_with(text, c->t + w - len, len);   /* the text's own spelling: "THCS" */
  }
  return 0;
}

/* "78/79 thôn được công nhận (92%); trong đó, có 60 thôn duy trì ... (71%)":
 * a part named after a marker, with no stage of its own, is of the stage of
 * the figure before the marker (the whole) in the same sentence. */
/* Where the parts after a marker at i end: the bracket the marker opens
 * ("(trong đó, có A; B; C)"), else the sentence's end se. */
static size_t parts_end(const ctx *c, size_t i, size_t se)
{
  size_t b = back_sp(c, i);
  if (b == 0 || c->t[b - 1] != '(') return se;
  for (size_t k = i, depth = 0; k < se; k++) {
    if (c->t[k] == '(') depth++;
    else if (c->t[k] == ')') {
      if (depth == 0) return k;
      depth--;
    }
  }
  return se;
}

/* The end of pos's sentence, on past line ends that break a list of a web
 * copy ("..., 2.506 hộ đạt xanh- sạch- đẹp (chiếm 92,2%);<line break>138/146
 * tổ ..."): the line ends with ';' or ',' and the next begins with a digit or
 * a lower-case letter. */
static size_t list_sent_end(const ctx *c, size_t pos)
{
  size_t e = sent_end(c, pos);
  for (int lines = 0; lines < 8; lines++) {
    size_t li, p = e;
    const tline *l = line_of(c, e, &li);
    if (e != l->b || li + 1 >= c->lines.n) break;
    while (p > l->a && (c->t[p - 1] == ' ' || c->t[p - 1] == '\t')) p--;
    const tline *nx = l + 1;
    size_t k = skip_sp(c, nx->a);
    if (p == l->a || !strchr(",;", c->t[p - 1]) || nx->a > l->b + 2 || nx->list || nx->heading || k >= nx->b ||
        !(isdig(c->t[k]) || lower_at(c, k)))
      break;
    e = sent_end(c, k);
  }
  return e;
}

/* A sentence ends in [a, b): '.', '!' or '?' before a space or a line's
 * end ("TP.Kon Tum", "1.273" are none; a list broken over lines, "đạt tiêu
 * chuẩn văn hóa,\nchiếm 87,09%, trong đó", is still one sentence). */
static int full_stop(const ctx *c, size_t a, size_t b)
{
  for (size_t k = a; k < b; k++)
    if ((c->t[k] == '.' || c->t[k] == '!' || c->t[k] == '?') && (k + 1 == c->n || strchr(" \t\r\n", c->t[k + 1])))
      return 1;
  return 0;
}

/* Only marks and spaces stand before i in its sentence ("Trong đó, ..."). */
static int opens_sentence(const ctx *c, size_t i)
{
  size_t k = sent_start(c, i);
  while (k < i && !isletter(c, k) && !isdig(c->t[k])) k++;
  return k == i;
}

static const char *part_stage(ctx *c, const pt_table *t, size_t prev_end, size_t a)
{
  static const char *const mark[] = { "trong đó", "of which", "of whom", "including", "bao gồm", NULL };
  /* a marker between the previous figure (the whole) and this one opens a
   * list of parts, to the bracket's or the sentence's end; the whole is in
   * the marker's sentence, or the one before when the marker opens its own
   * ("15/36 trường. Trong đó, ..."), never a figure of an unrelated sentence
   * ("300/400 depots passed. In 2021 there were 420 schools, of which ...") */
  if (t->n && prev_end && prev_end <= a && a - prev_end <= 200)
    for (size_t i = prev_end; i < a; i++)
      if (at_word_start(c, i) && isletter(c, i))
        for (size_t j = 0; mark[j]; j++)
          if (word_at(c, i, mark[j]) && (!full_stop(c, prev_end, i) || opens_sentence(c, i))) {
            c->part.stage = *t->rows[t->n - 1].stage ? t->rows[t->n - 1].stage : NULL;
            c->part.sent = sent_start(c, i);
            c->part.end = parts_end(c, i, list_sent_end(c, a));
            i = a;
            break;
          }
  return c->part.stage && sent_start(c, a) >= c->part.sent && a < c->part.end ? c->part.stage : NULL;
}

/* "Of the 21,920 schools, 11,033 (50%) were judged good.  Of these, 8,704
 * ...": a total that is a recent figure's count takes that figure's unit;
 * so does a count listed after a recent figure of the same total. */
static void inherit_unit(const pt_table *t, uint64_t y, const char **code, char **text)
{
  for (size_t k = t->n, seen = 0; k-- > 0 && seen < 8; seen++)
    /* "70 out of 103 ..., 21 were 'good'": the sibling */
    if ((t->rows[k].count == y || (t->rows[k].total == y && !(t->rows[k].flags & PT_ROW_NO_TOTAL))) &&
        *t->rows[k].group) {
      if (!(t->rows[k].flags & PT_ROW_UNMAPPED)) { *code = t->rows[k].group; return; }   /* copied by emit */
      char *g = strdup(t->rows[k].group);
      if (g) { free(*text); *text = g; }
      return;
    }
}

/* ---- targets --------------------------------------------------------------

   "toàn tỉnh sẽ có 202 trường đạt chuẩn" (will have), and a plan's list:
   "Kế hoạch đề ra các mục tiêu cụ thể ... // Đến cuối năm 2022, có 85/85 xã
   ... // Đến năm 2023, có 43/85 xã ...": figures of a goal, not results. */

/* Does line l hold a word of plans ("mục tiêu", "chỉ tiêu", "kế hoạch",
 * "phấn đấu", "target", "aims")? */
static int plan_words(const ctx *c, const tline *l)
{
  static const char *const w[] = { "mục tiêu", "chỉ tiêu", "kế hoạch", "phấn đấu", "targets", "target", "aims",
                                   "goals", NULL };
  for (size_t k = l->a; k < l->b; k++)
    if (at_word_start(c, k) && isletter(c, k))
      for (size_t j = 0; w[j]; j++)
        if (word_at(c, k, w[j])) return 1;
  return 0;
}

/* Line l opens with a deadline: "Đến (cuối|hết) năm 2022,", "By 2025,". */
static int opens_deadline(const ctx *c, const tline *l)
{
  size_t k = l->a;
  while (k < l->b && !isletter(c, k)) k++;
  if (!(word_at(c, k, "đến") || word_at(c, k, "by"))) return 0;
  for (size_t e = k; e < l->b && e < k + 40; e++) {
    size_t te;
    long y;
    if (token_at(c, e, &te)) {
      size_t q = skip_sp(c, te);
      return year_value(c, e, te, &y) && q < l->b && c->t[q] == ',';
    }
  }
  return 0;
}

static int goal(const ctx *c, size_t a, size_t li)
{
  static const char *const will[] = { "sẽ có", "sẽ đạt", "will have", "will be", NULL };
  size_t ss = sent_start(c, a);
  for (size_t k = a > ss + 300 ? a - 300 : ss; k < a; k++)   /* bounded: one long sentence stays linear */
    if (at_word_start(c, k))
      for (size_t j = 0; will[j]; j++)
        if (word_at(c, k, will[j])) return 1;
  const tline *ls = c->lines.v;
  /* a paragraph opening with a deadline after a plan's words (or after such
   * a paragraph), at most five back */
  for (int depth = 0; depth < 5 && opens_deadline(c, &ls[li]); depth++) {
    size_t p = li;
    while (p > 0 && ls[p - 1].a == ls[p - 1].b) p--;   /* past blank lines */
    if (p == 0) return 0;
    li = p - 1;
    if (plan_words(c, &ls[li])) return 1;
  }
  return 0;
}

static int emit(ctx *c, figure *f, size_t prev_end, size_t next_start, size_t first, cursor *cu, pt_table *t,
                pt_diags *warn)
{
  size_t li;
  const tline *ln = line_of(c, f->a, &li);
  if (goal(c, f->a, li)) return 0;   /* a plan's target, not a figure */
  const char *code, *stage = f->stage = stage_of(c, f, prev_end, next_start, first, ln);
  const mention *m = year_of(c, f, next_start, ln);
  char *utext;
  pt_row row;
  if (f->ga < f->gb) {   /* a "|" table: the column's header names the unit */
    if (unit_of(c, f->ga, &code, &utext)) return -1;
    if (!code) { free(utext); if (!(utext = dup_span(c->t + f->ga, f->gb - f->ga))) return -1; }
  } else if (unit_of(c, f->unit, &code, &utext)) return -1;
  if (!code && *utext && (!strchr(utext, ' ') || ownership(utext)) && level_requalify(c, f->a, &utext)) {
    free(utext);
    return -1;
  }
  if (!code && !*utext && f->unit2) {
    free(utext);
    if (unit_of(c, f->unit2, &code, &utext)) return -1;
  }
  if (!code && !*utext && f->whom && with_unit(c, f->ya, &code, &utext)) { free(utext); return -1; }
  if (!code && !*utext && f->whom) inherit_unit(t, f->y, &code, &utext);
  if (!code && !*utext && level_list_unit(c, f->a, &utext)) { free(utext); return -1; }
  if (!code && !*utext && (counted_unit(c, f->a, &utext) || level_of_previous(c, t, f->a, &utext))) {
    free(utext);
    return -1;
  }
  if (!code && !*utext && unit_before(c, f->a, &code, &utext)) { free(utext); return -1; }
  if (!code && !*utext && bracket_unit(c, f->a, &code, &utext)) { free(utext); return -1; }
  if (!code && !*utext && lead_unit(c, f->a, &code, &utext)) { free(utext); return -1; }
  if (!code && !*utext && title_unit(c, f->a, &code, &utext)) { free(utext); return -1; }
  if (!code && !*utext && f->listed && list_subject(c, f->a, &code, &utext)) { free(utext); return -1; }
  percent_of(c, f, next_start, code ? code : utext, code != NULL);
  /* "hơn 117.000/134.110 gia đình (đạt tỷ lệ 87%)", "Just over 900 of the
   * 1025 homes": an approximate count is a count with its percentage, or
   * no figure */
  if ((f->kind == FIG_SLASH || f->kind == FIG_OF) && approximate(c, f->xa) &&
      !word_before(c, back_sp(c, f->xa), "some")) {
    if (!(f->pa < f->pb)) { free(utext); return 0; }
    f->kind = FIG_PCT;
    f->y = 0;
  }
  memset(&row, 0, sizeof row);
  row.group = code ? strdup(code) : utext;
  if (code) free(utext);
  const char *whole_stage = part_stage(c, t, prev_end, f->a);
  if (!stage) stage = whole_stage;
  row.stage = strdup(stage ? stage : "");
  row.period = f->tab_year ? f->tab_year : m ? m->year : c->o->default_period;
  row.count = f->x;
  row.total = f->y;
  row.reported = f->pa < f->pb ? dup_span(c->t + f->pa, f->pb - f->pa) : NULL;
  row.line = li + 1;
  if (!row.period) row.flags |= PT_ROW_NO_PERIOD;
  if (!code) row.flags |= PT_ROW_UNMAPPED;
  if (f->kind == FIG_PCT) row.flags |= PT_ROW_NO_TOTAL;
  else if (row.total == 0) row.flags |= PT_ROW_ZERO_TOTAL;
  else if (row.count > row.total) row.flags |= PT_ROW_COUNT_EXCEEDS_TOTAL;
  size_t col = column(c, cu, li, f->a);
  char src[600];
  int k = snprintf(src, sizeof src, "%s:%zu:%zu", c->o->source_name ? c->o->source_name : "text", li + 1, col);
  if (m && m->school && k > 0 && (size_t)k < sizeof src)
    snprintf(src + k, sizeof src - (size_t)k, " (%.*s)", (int)(m->end - m->pos < 80 ? m->end - m->pos : 80),
             c->t + m->pos);
  row.source = strdup(src);
  if (!row.group || !row.stage || !row.source || (f->pa < f->pb && !row.reported) || add_row(t, &row)) {
    free_row(&row);
    return -1;
  }
  if (warn && read_other_way(c, f->xa, f->xb) &&
      pt_diag_add(warn, row.line, col, "count %.*s read as %llu: a count of units is whole, so its '%c' "
                  "marks thousands here", (int)(f->xb - f->xa), c->t + f->xa, (unsigned long long)f->x,
                  c->fmt == PT_NUMFMT_VI ? ',' : '.'))
    return -1;
  return warn ? warn_missing(c, warn, &row, f, col) : 0;
}

/* One warning per distinct unmapped unit, at its first figure, in the order
 * of the first figures. */
typedef struct unm { const char *g; size_t i, n; } unm;   /* group, first row, rows */

static int cmp_unm(const void *a, const void *b)
{
  const unm *x = a, *y = b;
  int d = strcmp(x->g, y->g);
  return d ? d : (x->i > y->i) - (x->i < y->i);
}

static int cmp_first(const void *a, const void *b)
{
  const unm *x = a, *y = b;
  return (x->i > y->i) - (x->i < y->i);
}

static int warn_unmapped(const pt_table *t, size_t from, pt_diags *warn)
{
  size_t n = 0, ng = 0;
  unm *idx = malloc(2 * (t->n - from + 1) * sizeof *idx), *grp;
  if (!idx) return -1;
  grp = idx + (t->n - from + 1);
  for (size_t i = from; i < t->n; i++)
    if ((t->rows[i].flags & PT_ROW_UNMAPPED) && *t->rows[i].group) {
      idx[n].g = t->rows[i].group;
      idx[n++].i = i;
    }
  qsort(idx, n, sizeof *idx, cmp_unm);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && !strcmp(idx[j].g, idx[i].g)) j++;
    grp[ng].i = idx[i].i;
    grp[ng++].n = j - i;
    i = j;
  }
  qsort(grp, ng, sizeof *grp, cmp_first);
  size_t k;
  for (k = 0; k < ng; k++) {
    const pt_row *r = &t->rows[grp[k].i];
    size_t m = grp[k].n;
    if (pt_diag_add(warn, r->line, 0, "unit \"%s\" (%zu figure%s) is not in the labels: kept as the group; "
                    "name it with an alias row in the labels file or --unit '%s=CODE'",
                    r->group, m, m > 1 ? "s" : "", r->group)) break;
  }
  free(idx);
  return k < ng ? -1 : 0;
}

/* ---- bare counts ------------------------------------------------------------ */

static int cmp_size(const void *a, const void *b)
{
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

/* One bare count as a row of o.counts: its unit phrase, no stage, the
 * period a figure there would have. */
static int emit_count(ctx *c, const bare_cnt *k, cursor *cu, pt_table *t)
{
  size_t li;
  const tline *ln = line_of(c, k->a, &li);
  figure f;
  memset(&f, 0, sizeof f);
  f.a = f.xa = k->a;
  f.b = f.xb = f.ya = f.yb = f.unit = k->b;
  f.kind = FIG_PCT;
  const mention *m = year_of(c, &f, c->n, ln);
  const char *code;
  char *utext, src[600];
  pt_row row;
  if (unit_of(c, k->b, &code, &utext)) return -1;
  memset(&row, 0, sizeof row);
  row.group = code ? strdup(code) : utext;
  if (code) free(utext);
  row.stage = strdup("");
  row.period = m ? m->year : c->o->default_period;
  row.count = k->x;
  row.line = li + 1;
  row.flags = PT_ROW_NO_TOTAL | (row.period ? 0 : PT_ROW_NO_PERIOD) | (code ? 0 : PT_ROW_UNMAPPED);
  snprintf(src, sizeof src, "%s:%zu:%zu", c->o->source_name ? c->o->source_name : "text", li + 1,
           column(c, cu, li, k->a));
  row.source = strdup(src);
  if (!row.group || !row.stage || !row.source || add_row(t, &row)) {
    free_row(&row);
    return -1;
  }
  return 0;
}

/* The bare counts that no figure took as its count or total ("668 trường
 * ..., trong đó có 30 trường ...": 668 is 30/668's total), as rows of t. */
static int emit_counts(ctx *c, pt_table *t)
{
  const figure *fg = c->figs.v;
  const bare_cnt *bv = c->bare.v;
  size_t nu = 0, *used = malloc((2 * c->figs.n + 1) * sizeof *used);
  if (!used) return -1;
  for (size_t k = 0; k < c->figs.n; k++) {
    used[nu++] = fg[k].xa;
    if (fg[k].ya < fg[k].yb) used[nu++] = fg[k].ya;
  }
  qsort(used, nu, sizeof *used, cmp_size);
  cursor cu = { SIZE_MAX, 0, 1 };
  int rc = 0;
  t->has_source = 1;
  for (size_t k = 0; k < c->bare.n && !rc; k++)
    if (!bsearch(&bv[k].a, used, nu, sizeof *used, cmp_size)) rc = emit_count(c, &bv[k], &cu, t);
  free(used);
  return rc;
}

/* ---- setup ----------------------------------------------------------------- */

static int setup_keywords(ctx *c)
{
  size_t nu = 0, nd = 0;
  const pt_stage_keyword *u = c->o->keywords;
  while (u && u[nu].phrase) nu++;
  if (c->o->default_keywords) while (pt_default_stage_keywords[nd].phrase) nd++;
  c->nkw = nu + nd;
  c->kw = calloc(c->nkw + 1, sizeof *c->kw);
  c->kwf = calloc(c->nkw + 1, sizeof *c->kwf);
  if (!c->kw || !c->kwf) return -1;
  for (size_t k = 0; k < c->nkw; k++) {
    c->kw[k] = k < nu ? u[k] : pt_default_stage_keywords[k - nu];
    if (!(c->kwf[k] = nfc_fold(c->kw[k].phrase))) return -1;
  }
  return 0;
}

/* ---- abbreviations a text defines ------------------------------------------

   "trường học đạt chuẩn quốc gia (CQG)" defines CQG as the words before it
   whose initials it spells; "đạt CQG" later is then the keyword "đạt
   chuẩn" written short.  Each keyword that ends inside such an expansion
   gives a keyword: its words before the expansion, then the abbreviation. */

enum { MAX_ABBR = 16, ABBR_MAX_LEN = 6 };

/* The abbreviation in brackets at i ("(CQG)"): its folded letters (at most
 * ABBR_MAX_LEN) in cps, their number, and where its closing bracket is. */
static size_t abbr_at(const ctx *c, size_t i, unsigned long *cps, size_t *close)
{
  size_t n = 0, k = i + 1;
  while (k < c->n && c->t[k] != ')' && n <= ABBR_MAX_LEN) {
    unsigned long cp;
    size_t m = u8dec((const unsigned char *)c->t + k, c->n - k, &cp);
    if (fold_cp(cp) == cp) return 0;   /* not an upper-case letter */
    cps[n++] = fold_cp(cp);
    k += m;
  }
  if (k >= c->n || n < 2 || n > ABBR_MAX_LEN) return 0;
  *close = k;
  return n;
}

/* Where the n words before the bracket at i start when their initials are
 * cps (commas between allowed), else SIZE_MAX. */
static size_t expansion_start(const ctx *c, size_t i, const unsigned long *cps, size_t n)
{
  size_t w = back_sp(c, i);
  for (size_t j = n; j-- > 0;) {
    if (w > 0 && c->t[w - 1] == ',') w = back_sp(c, w - 1);
    size_t s = w;
    while (s > 0 && isletter(c, s - 1)) s--;
    if (s == w) return SIZE_MAX;
    unsigned long cp;
    u8dec((const unsigned char *)c->f + s, c->n - s, &cp);
    if (cp != cps[j]) return SIZE_MAX;
    if (j) w = back_sp(c, s);
    else return s;
  }
  return SIZE_MAX;
}

/* One keyword more: the folded phrase (owned), its stage. */
static int add_keyword(ctx *c, char *phrase, const char *stage)
{
  pt_stage_keyword *kw = realloc(c->kw, (c->nkw + 2) * sizeof *kw);
  if (!kw) { free(phrase); return -1; }
  c->kw = kw;
  char **kwf = realloc(c->kwf, (c->nkw + 2) * sizeof *kwf);
  if (!kwf) { free(phrase); return -1; }
  c->kwf = kwf;
  c->kw[c->nkw] = (pt_stage_keyword){ phrase, stage };
  c->kwf[c->nkw++] = phrase;
  c->kw[c->nkw] = (pt_stage_keyword){ NULL, NULL };
  c->kwf[c->nkw] = NULL;
  return 0;
}

/* "doanh nghiệp (DN)": each label naming the expansion [es, ee) gets a
 * twin with the abbreviation [aa, ab) in its place, so "cơ quan, đơn vị,
 * DN" is the label "cơ quan, đơn vị, doanh nghiệp".  0, or -1. */
static int abbr_labels(ctx *c, size_t es, size_t ee, size_t aa, size_t ab)
{
  size_t el = ee - es, al = ab - aa;
  if (el == 0) return 0;
  for (size_t k = 0; k < c->nlab0; k++) {   /* the file's labels only: twins are never twinned again */
    const char *hit = NULL;
    for (const char *q = c->labs[k].f; *q; q++)
      if (!strncmp(q, c->f + es, el) && (q == c->labs[k].f || q[-1] == ' ') && (q[el] == '\0' || q[el] == ' ' ||
                                                                                   q[el] == ',')) {
        hit = q;
        break;
      }
    if (!hit) continue;
    size_t head = (size_t)(hit - c->labs[k].f), tail = c->labs[k].n - head - el, dup = 0;
    for (size_t q = c->nlab0; q < c->nlab && !dup; q++)   /* "doanh nghiệp (DN)" defined twice */
      dup = c->labs[q].n == head + al + tail && !strncmp(c->labs[q].f, c->labs[k].f, head) &&
            !memcmp(c->labs[q].f + head, c->f + aa, al) && !strcmp(c->labs[q].f + head + al, hit + el);
    if (dup) continue;
    lab *labs = realloc(c->labs, (c->nlab + 1) * sizeof *labs);
    if (!labs) return -1;
    c->labs = labs;
    char *f = malloc(head + al + tail + 1);
    if (!f) return -1;
    memcpy(f, c->labs[k].f, head);
    memcpy(f + head, c->f + aa, al);
    memcpy(f + head + al, hit + el, tail + 1);
    c->labs[c->nlab] = (lab){ c->labs[k].code, f, head + al + tail };
    c->nlab++;
  }
  return 0;
}

static int scan_abbreviations(ctx *c)
{
  size_t found = 0, nkw = c->nkw;
  for (const char *p = c->t; found < MAX_ABBR && (p = memchr(p, '(', c->n - (size_t)(p - c->t))); p++) {
    size_t i = (size_t)(p - c->t), close, n, es;
    unsigned long cps[ABBR_MAX_LEN + 1];
    if (!(n = abbr_at(c, i, cps, &close)) || (es = expansion_start(c, i, cps, n)) == SIZE_MAX) continue;
    found++;
    size_t ee = back_sp(c, i), lo = es > 40 ? es - 40 : 0;
    for (size_t k = 0; k < nkw; k++) {
      size_t len = strlen(c->kwf[k]);
      for (size_t q = lo; q < es && q + len <= ee; q++) {
        if (!at_word_start(c, q) || !word_at(c, q, c->kwf[k]) || q + len <= es) continue;
        /* "đạt chuẩn" over "đạt | chuẩn quốc gia": "đạt " + "cqg" */
        size_t head = es - q, al = close - (i + 1);
        char *ph = malloc(head + al + 1);
        if (!ph) return -1;
        memcpy(ph, c->f + q, head);
        memcpy(ph + head, c->f + i + 1, al);
        ph[head + al] = '\0';
        if (add_keyword(c, ph, c->kw[k].stage)) return -1;
        break;
      }
    }
    if (abbr_labels(c, es, ee, i + 1, close)) return -1;
  }
  return 0;
}

static int setup_labels(ctx *c)
{
  const pt_labels *l = c->o->labels;
  size_t n = l ? l->n : 0;
  if (!(c->labs = calloc(2 * n + 1, sizeof *c->labs))) return -1;
  for (size_t k = 0; k < n; k++) {
    const pt_label *b = &l->items[k];
    if (strcmp(b->kind, "group") && strcmp(b->kind, "alias")) continue;
    const char *txt[2] = { b->vi, b->en };
    for (int j = 0; j < 2; j++) {
      lab *d = &c->labs[c->nlab];
      if (!txt[j] || !*txt[j]) continue;
      if (!(d->f = nfc_fold(txt[j]))) return -1;
      d->n = strlen(d->f);
      d->code = b->code;
      c->nlab++;
    }
  }
  c->nlab0 = c->nlab;
  return 0;
}

static void ctx_free(ctx *c)
{
  if (c->kwf) for (size_t k = 0; k < c->nkw; k++) free(c->kwf[k]);
  for (size_t k = 0; k < c->nlab; k++) free(c->labs[k].f);
  free(c->kw); free(c->kwf); free(c->labs); free(c->f); free(c->line_year); free(c->tab_head);
  free(c->lines.v); free(c->sents.v); free(c->semis.v); free(c->hits.v);
  free(c->ments.v); free(c->figs.v); free(c->bare.v); free(c->sect.v); free(c->opens.v); free(c->heads.v);
  free(c->whens.v);
}

static void ctx_init(ctx *c, const pt_extract_opts *o)
{
  memset(c, 0, sizeof *c);
  c->o = o;
  c->lines.size = sizeof(tline);
  c->sents.size = c->semis.size = c->heads.size = sizeof(size_t);
  c->hits.size = sizeof(kwhit);
  c->ments.size = c->sect.size = c->opens.size = c->whens.size = sizeof(mention);
  c->figs.size = sizeof(figure);
  c->bare.size = sizeof(bare_cnt);
  c->insp.lead = SIZE_MAX;
}

static int run(ctx *c, pt_table *t, pt_diags *warn)
{
  size_t first_row = t->n;
  cursor cu = { SIZE_MAX, 0, 1 };
  if (setup_keywords(c) || setup_labels(c) || !(c->f = fold(c->t, c->n))) return -1;
  if (scan_lines(c) || scan_pipe_tables(c) || scan_abbreviations(c) || scan_keywords(c) || scan_tokens(c) || scan_sections(c) || scan_line_years(c)) return -1;
  figure *fg = c->figs.v;
  size_t clause = SIZE_MAX, first = 0;   /* the current clause's start and its first figure's */
  for (size_t k = 0; k < c->figs.n; k++) {
    size_t prev = k ? fg[k - 1].b : 0, next = k + 1 < c->figs.n ? fg[k + 1].a : c->n, ca, cb;
    clause_of(c, fg[k].a, fg[k].b, &ca, &cb);
    if (ca != clause) { clause = ca; first = fg[k].a; }
    if (emit(c, &fg[k], prev, next, first, &cu, t, warn)) return -1;
  }
  if (c->o->counts && emit_counts(c, c->o->counts)) return -1;
  return warn ? warn_unmapped(t, first_row, warn) : 0;
}

int pt_extract(const char *text, size_t len, const pt_extract_opts *o, pt_table *t, pt_diags *warn)
{
  pt_extract_opts def;
  ctx c;
  char *nfc;
  size_t n;
  if (!text || !t) return PT_EDOM;
  if (!o) { pt_extract_opts_init(&def); o = &def; }
  if (pt_utf8_nfc(text, len, &nfc, &n) != PT_SUCCESS) return PT_ENOMEM;
  ctx_init(&c, o);
  c.t = nfc;
  c.n = n;
  fsigns g = { 0 };
  if (o->numfmt < 0) format_signs(nfc, n, &g);   /* a format given needs no signs */
  c.fmt = o->numfmt >= 0 ? o->numfmt : format_of(&g);
  t->has_reported = t->has_source = 1;
  size_t mline = o->numfmt < 0 ? mixed_line(nfc, &g, c.fmt) : 0;
  int st = run(&c, t, warn) || (o->numfmt < 0 && warn_mixed_format(mline, &g, c.fmt, warn)) ? PT_ENOMEM : PT_SUCCESS;
  ctx_free(&c);
  free(nfc);
  return st;
}
