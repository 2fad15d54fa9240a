/* extract.c - figures out of report text (see proptrend/extract.h).
 *
 * The text is case-folded once into a copy with the same byte offsets
 * (Latin and Vietnamese upper and lower case letters have UTF-8 encodings of
 * equal length), so keywords and labels are found in the copy and positions
 * carry over to the original.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "proptrend/error.h"
#include "proptrend/extract.h"
#include "proptrend/num.h"

const pt_stage_keyword pt_default_stage_keywords[] = {
  { "đăng ký", "registered" },
  { "registered", "registered" },
  { "registration", "registered" },
  { "đạt tiêu chuẩn", "recognized" },
  { "công nhận", "recognized" },
  { "recognised", "recognized" },
  { "recognized", "recognized" },
  { "recognition", "recognized" },
  { "met the standard", "recognized" },
  { NULL, NULL }
};

void pt_extract_opts_init(pt_extract_opts *o)
{
  memset(o, 0, sizeof *o);
  o->numfmt = -1;
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
  if ((s[0] & 0xF8) == 0xF0 && n >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
      (s[3] & 0xC0) == 0x80) {
    *cp = ((unsigned long)(s[0] & 0x07) << 18) | ((unsigned long)(s[1] & 0x3F) << 12) |
          ((unsigned long)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
  }
  *cp = s[0];
  return 1;
}

static void u8enc(unsigned long cp, size_t len, unsigned char *out)
{
  if (len == 1) out[0] = (unsigned char)cp;
  else if (len == 2) { out[0] = (unsigned char)(0xC0 | (cp >> 6)); out[1] = (unsigned char)(0x80 | (cp & 0x3F)); }
  else if (len == 3) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
  }
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
    if (f != cp && n > 1) u8enc(f, n, out + i);
    else if (f != cp) out[i] = (unsigned char)f;
    i += n;
  }
  return (char *)out;
}

/* ---- helpers ------------------------------------------------------------- */

static int isdig(char c) { return c >= '0' && c <= '9'; }
static int numch(char c) { return isdig(c) || c == '.' || c == ','; }
static int isalpha_u8(const char *p)
{
  unsigned char c = (unsigned char)*p;
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static size_t cp_col(const char *line, const char *p)
{
  size_t col = 1;
  for (const char *q = line; q < p; q++) col += ((unsigned char)*q & 0xC0) != 0x80;
  return col;
}

int pt_extract_detect_format(const char *s, size_t len)
{
  long vi = 0, en = 0;
  for (size_t i = 1; i + 2 < len; i++) {
    if (!isdig(s[i - 1]) || !isdig(s[i + 1])) continue;
    size_t j = i + 1;
    while (j < len && isdig(s[j])) j++;
    size_t nd = j - i - 1;
    int pct = j < len && s[j] == '%';
    if (s[i] == ',') { if (pct) vi++; else if (nd == 3) en++; }
    if (s[i] == '.') { if (pct) en++; else if (nd == 3) vi++; }
  }
  return vi >= en && vi > 0 ? PT_NUMFMT_VI : (en > 0 ? PT_NUMFMT_EN : PT_NUMFMT_VI);
}

/* Heading: "II. ...", "5. ...", "IV. ..." at the start of a line. */
static int is_heading(const char *l, const char *end)
{
  while (l < end && (*l == ' ' || *l == '\t')) l++;
  const char *p = l;
  while (p < end && (isdig(*p) || *p == 'I' || *p == 'V' || *p == 'X')) p++;
  return p > l && p + 1 < end && *p == '.' && (p[1] == ' ' || p[1] == '\t');
}

/* Earliest stage keyword in folded [a, b); NULL if none. */
static const char *find_stage(const char *a, const char *b, const pt_stage_keyword *kw,
                              char **kwf)
{
  const char *best = NULL, *stage = NULL;
  for (size_t k = 0; kw[k].phrase; k++) {
    size_t n = strlen(kwf[k]);
    for (const char *p = a; p + n <= b; p++)
      if (!memcmp(p, kwf[k], n)) {
        if (!best || p < best) { best = p; stage = kw[k].stage; }
        break;
      }
  }
  return stage;
}

/* The last year mention before p on its line (folded text): "năm YYYY",
 * "YYYY:", "in YYYY", "year YYYY".  Returns 1 and the year if found. */
static int find_year(const char *line, const char *p, long *year)
{
  int found = 0;
  for (const char *q = line; q + 4 <= p; q++) {
    if (!(isdig(q[0]) && isdig(q[1]) && isdig(q[2]) && isdig(q[3]))) continue;
    if ((q > line && (isdig(q[-1]) || q[-1] == '/' || q[-1] == '.' || q[-1] == ',')) ||
        (q + 4 < p && isdig(q[4])))
      continue;
    long y = (q[0] - '0') * 1000 + (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
    if (y < 1900 || y > 2100) continue;
    int ok = (q + 4 < p && q[4] == ':');
    static const char *const pre[] = { "năm ", "in ", "year " };
    for (size_t k = 0; k < 3 && !ok; k++) {
      size_t n = strlen(pre[k]);
      ok = (size_t)(q - line) >= n && !memcmp(q - n, pre[k], n);
    }
    if (ok) { *year = y; found = 1; }
  }
  return found;
}

typedef struct fig {
  const char *x0, *x1, *y0, *y1;   /* token spans in the original text */
  uint64_t x, y;
} fig;

/* Parse a token (trailing separators already excluded) as a count. */
static int tok_count(const char *a, const char *b, int fmt, uint64_t *v)
{
  return pt_num_parse_count(a, (size_t)(b - a), (pt_numfmt)fmt, PT_COUNT_MAX, v) == PT_NUM_OK;
}

/* Is the '/' at s a figure?  Fills f. */
static int figure_at(const char *text, const char *end, const char *slash, int fmt, fig *f)
{
  const char *x0 = slash, *y1 = slash + 1;
  while (x0 > text && numch(x0[-1])) x0--;
  while (x0 < slash && !isdig(*x0)) x0++;            /* no leading separators */
  while (y1 < end && numch(*y1)) y1++;
  while (y1 > slash + 1 && !isdig(y1[-1])) y1--;    /* no trailing separators */
  if (x0 == slash || y1 == slash + 1 || slash + 1 >= end || !isdig(slash[-1]) || !isdig(slash[1])) return 0;
  /* part of a date or document number: d/m/y, 06/2013/NĐ-CP, BCA-V28/.. */
  if (x0 > text && (x0[-1] == '/' || x0[-1] == '-' || isalpha_u8(x0 - 1))) return 0;
  if (y1 < end && (*y1 == '/' || *y1 == '-' || isalpha_u8(y1))) return 0;
  if (*x0 == '0' && x0 + 1 < slash) return 0;        /* leading zero: 06/2013 */
  if (!tok_count(x0, slash, fmt, &f->x) || !tok_count(slash + 1, y1, fmt, &f->y)) return 0;
  /* month/year: 9/2012 */
  if (f->x >= 1 && f->x <= 12 && f->y >= 1900 && f->y <= 2100) return 0;
  f->x0 = x0; f->x1 = slash; f->y0 = slash + 1; f->y1 = y1;
  return 1;
}

int pt_extract(const char *text, size_t len, const pt_extract_opts *o, pt_table *t, pt_diags *warn)
{
  pt_extract_opts def;
  const pt_stage_keyword *kw;
  char *ft = NULL, **kwf = NULL, **labf = NULL;
  int fmt, st = PT_SUCCESS;
  size_t nkw = 0;
  const char *end = text + len;

  if (!text || !t) return PT_EDOM;
  if (!o) { pt_extract_opts_init(&def); o = &def; }
  kw = o->keywords ? o->keywords : pt_default_stage_keywords;
  fmt = o->numfmt >= 0 ? o->numfmt : pt_extract_detect_format(text, len);
  t->has_reported = t->has_source = 1;

  if (!(ft = fold(text, len))) return PT_ENOMEM;
  while (kw[nkw].phrase) nkw++;
  kwf = calloc(nkw + 1, sizeof *kwf);
  size_t nlab = o->labels ? o->labels->n : 0;
  labf = calloc(2 * nlab + 1, sizeof *labf);
  if (!kwf || !labf) { st = PT_ENOMEM; goto out; }
  for (size_t k = 0; k < nkw; k++)
    if (!(kwf[k] = fold(kw[k].phrase, strlen(kw[k].phrase)))) { st = PT_ENOMEM; goto out; }
  for (size_t k = 0; k < nlab; k++) {
    const pt_label *lb = &o->labels->items[k];
    labf[2 * k] = fold(lb->vi, strlen(lb->vi));
    labf[2 * k + 1] = fold(lb->en, strlen(lb->en));
    if (!labf[2 * k] || !labf[2 * k + 1]) { st = PT_ENOMEM; goto out; }
  }

  unsigned long lineno = 1;
  const char *line = text;
  for (const char *p = text; p < end; p++) {
    if (*p == '\n') { lineno++; line = p + 1; continue; }
    if (*p != '/') continue;
    fig f;
    if (!figure_at(text, end, p, fmt, &f)) continue;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    const size_t off = (size_t)(line - text);
    const char *fl = ft + off, *fp = ft + (f.x0 - text), *feol = ft + (eol - text);

    /* the figure's territory: up to the next figure, ';' or end of line */
    const char *terr = f.y1;
    for (const char *q = f.y1; q < eol; q++) {
      fig g;
      if (*q == ';') { terr = q; break; }
      if (*q == '/' && figure_at(text, end, q, fmt, &g)) { terr = g.x0; break; }
      terr = q + 1;
    }

    /* percentage: the number before the first '%' in the territory */
    char *reported = NULL;
    const char *pc = memchr(f.y1, '%', (size_t)(terr - f.y1));
    if (pc) {
      const char *a = pc;
      while (a > f.y1 && (a[-1] == ' ')) a--;
      const char *b = a;
      while (a > f.y1 && numch(a[-1])) a--;
      while (a < b && !isdig(*a)) a++;
      if (a < b && (reported = malloc((size_t)(b - a) + 1))) {
        memcpy(reported, a, (size_t)(b - a));
        reported[b - a] = '\0';
      } else if (a < b) { st = PT_ENOMEM; goto out; }
    }

    /* group: the longest label at the start of the phrase after the figure
     * (past a "(P%)"); else the phrase itself up to punctuation */
    const char *ph = f.y1;
    while (ph < terr && *ph == ' ') ph++;
    if (ph < terr && *ph == '(') {
      const char *cl = memchr(ph, ')', (size_t)(terr - ph));
      if (cl) ph = cl + 1;
      while (ph < terr && *ph == ' ') ph++;
    }
    const char *fph = ft + (ph - text);
    const char *group = NULL;
    size_t best = 0;
    for (size_t k = 0; k < 2 * nlab; k++) {
      const pt_label *lb = &o->labels->items[k / 2];
      size_t n = strlen(labf[k]);
      if (strcmp(lb->kind, "group") && strcmp(lb->kind, "alias")) continue;
      if (n > best && n > 0 && (size_t)(feol - fph) >= n && !memcmp(fph, labf[k], n)) {
        best = n;
        group = lb->code;
      }
    }
    char *gtext = NULL;
    if (!group) {
      const char *a = ph, *b = ph;
      while (b < terr && !strchr(",;()%:.\"", *b) && !isdig(*b) && b - a < 80) b++;
      while (b > a && b[-1] == ' ') b--;
      while (b > a && b < terr && ((unsigned char)*b & 0xC0) == 0x80) b--;   /* whole characters */
      if (!(gtext = malloc((size_t)(b - a) + 1))) { free(reported); st = PT_ENOMEM; goto out; }
      memcpy(gtext, a, (size_t)(b - a));
      gtext[b - a] = '\0';
    }

    /* stage: the earliest keyword of the figure's sentence, else of the lines
     * back to the section heading */
    const char *s0 = fp, *s1 = fp;
    while (s0 > fl && !(s0[-1] == '.' && !(s0 - 1 > fl && isdig(s0[-2]) && isdig(s0[0])))) s0--;
    while (s1 < feol && !(*s1 == '.' && !(s1 > fl && isdig(s1[-1]) && s1 + 1 < feol && isdig(s1[1])))) s1++;
    const char *stage = find_stage(s0, s1, kw, kwf);
    if (!stage && !is_heading(line, eol)) {
      const char *le = line;   /* walk back line by line */
      while (le > text && !stage) {
        const char *ls = le - 1;
        while (ls > text && ls[-1] != '\n') ls--;
        stage = find_stage(ft + (ls - text), ft + (le - 1 - text), kw, kwf);
        if (is_heading(ls, le - 1)) break;
        le = ls;
      }
    }

    long year = 0;
    int has_year = find_year(fl, fp, &year);

    /* the row */
    pt_row row;
    memset(&row, 0, sizeof row);
    row.group = strdup(group ? group : gtext);
    row.stage = strdup(stage ? stage : "");
    row.period = has_year ? year : 0;
    row.count = f.x;
    row.total = f.y;
    row.reported = reported;
    row.line = lineno;
    if (!has_year) row.flags |= PT_ROW_NO_PERIOD;
    if (!group) row.flags |= PT_ROW_UNMAPPED;
    if (row.total == 0) row.flags |= PT_ROW_ZERO_TOTAL;
    else if (row.count > row.total) row.flags |= PT_ROW_COUNT_EXCEEDS_TOTAL;
    size_t col = cp_col(line, f.x0);
    char src[512];
    snprintf(src, sizeof src, "%s:%lu:%zu", o->source_name ? o->source_name : "text", lineno, col);
    row.source = strdup(src);
    free(gtext);
    if (!row.group || !row.stage || !row.source) {
      free(row.group); free(row.stage); free(row.source); free(row.reported);
      st = PT_ENOMEM;
      goto out;
    }
    if (warn && (!*row.group || !*row.stage || !has_year)) {
      char what[64] = "";
      if (!*row.group) strcat(what, "unit");
      if (!*row.stage) strcat(what, *what ? ", stage" : "stage");
      if (!has_year) strcat(what, *what ? ", year" : "year");
      pt_diag_add(warn, lineno, col, "figure %.*s/%.*s: no %s found; emitted with the field empty",
                  (int)(f.x1 - f.x0), f.x0, (int)(f.y1 - f.y0), f.y0, what);
    }
    if (t->n == t->cap) {
      size_t nc = t->cap ? 2 * t->cap : 64;
      pt_row *nr = realloc(t->rows, nc * sizeof *nr);
      if (!nr) {
        free(row.group); free(row.stage); free(row.source); free(row.reported);
        st = PT_ENOMEM;
        goto out;
      }
      t->rows = nr;
      t->cap = nc;
    }
    t->rows[t->n++] = row;
    p = f.y1 - 1;
  }

out:
  if (kwf) for (size_t k = 0; k < nkw; k++) free(kwf[k]);
  if (labf) for (size_t k = 0; k < 2 * nlab; k++) free(labf[k]);
  free(kwf);
  free(labf);
  free(ft);
  return st;
}
