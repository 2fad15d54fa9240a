/* audit.c - consistency rules over a tidy table (see proptrend/audit.h).
 *
 * The percentage check is GRIM-like (Brown & Heathers 2017) but for
 * proportions: whether the printed value, with its printed number of
 * decimals, is what a rounding convention makes of 100 x / n.  It is done
 * in 128-bit integers, so no value on a rounding boundary (551/576 at two
 * decimals: 95.659722...) is misjudged by binary floating point.
 *
 * Findings carry numbers, not sentences (the CLI words them).  Every rule
 * that compares rows works on keys interned once and index arrays sorted
 * once: O(n log n) in the rows, never a scan of the table per row.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/audit.h"
#include "proptrend/utf8.h"
#include "proptrend/colnames.h"
#include "proptrend/error.h"

typedef unsigned __int128 u128;

const char *pt_severity_name(pt_severity s)
{
  switch (s) {
  case PT_SEV_ERROR: return "error";
  case PT_SEV_WARNING: return "warning";
  default: return "note";
  }
}

static const char *const RULE_NAMES[PT_RULE_N] = {
  "pct-mismatch", "convention", "count-exceeds-total", "zero-total", "duplicate-key",
  "stage-order", "stage-denominator", "period-denominator", "repeated-figure", "missing",
  "impossible-percentage", "parts-whole", "other-base", "shared-total", "implied-base",
  "breakdown-sum", "unchecked",
};

const char *pt_audit_rule_name(pt_audit_rule r)
{
  return (unsigned)r < PT_RULE_N ? RULE_NAMES[r] : "unknown";
}

void pt_audit_opts_init(pt_audit_opts *o)
{
  memset(o, 0, sizeof *o);
  o->max_total_change = 0.10;
  o->reported_fmt = -1;
  o->nearby_lines = 5;
}

void pt_findings_init(pt_findings *f) { memset(f, 0, sizeof *f); }

static void finding_free(pt_finding *x)
{
  free(x->area); free(x->group); free(x->stage); free(x->ref_stage); free(x->reported);
}

void pt_findings_free(pt_findings *f)
{
  if (!f) return;
  for (size_t i = 0; i < f->n; i++) finding_free(&f->items[i]);
  free(f->items);
  memset(f, 0, sizeof *f);
}

/* ---- exact percentages ----------------------------------------------------- */

static u128 pow10u(int k)
{
  u128 v = 1;
  while (k-- > 0) v *= 10;
  return v;
}

/* The printed value of 100 c / n at the given scale under one convention. */
static u128 conv_value(uint64_t c, uint64_t n, int scale, unsigned conv)
{
  u128 num = (u128)c * 100u * pow10u(scale), q = num / n, r = num % n;
  switch (conv) {
  case PT_ROUND_HALF_UP: return q + (2 * r >= n);
  case PT_ROUND_HALF_EVEN: return q + (2 * r > n || (2 * r == n && (q & 1)));
  case PT_ROUND_CEIL: return q + (r > 0);
  default: return q;
  }
}

int pt_pct_fits(uint64_t x, uint64_t n, pt_decimal rep, unsigned *mask, uint64_t *half_up)
{
  static const unsigned convs[] = { PT_ROUND_HALF_UP, PT_ROUND_HALF_EVEN, PT_ROUND_TRUNC, PT_ROUND_CEIL };
  unsigned m = 0;
  if (n == 0 || rep.scale < 0 || rep.scale > 18 || x > PT_COUNT_MAX) return PT_EDOM;
  for (size_t k = 0; k < 4; k++)
    if (conv_value(x, n, rep.scale, convs[k]) == rep.mant) m |= convs[k];
  *mask = m;
  if (half_up) *half_up = (uint64_t)conv_value(x, n, rep.scale, PT_ROUND_HALF_UP);
  return PT_SUCCESS;
}

/* The one list of bound words: extract keeps them with a percentage
 * (extract.c: bound_word), the audit reads them here. */
const pt_bound_word pt_bound_words[] = {
  { "hơn", PT_BOUND_ABOVE }, { "trên", PT_BOUND_ABOVE }, { "more than", PT_BOUND_ABOVE },
  { "over", PT_BOUND_ABOVE }, { "above", PT_BOUND_ABOVE }, { "gần", PT_BOUND_BELOW },
  { "nearly", PT_BOUND_BELOW }, { "almost", PT_BOUND_BELOW }, { "under", PT_BOUND_BELOW },
  { "less than", PT_BOUND_BELOW }, { "dưới", PT_BOUND_BELOW }, { "khoảng", PT_BOUND_ABOUT },
  { "about", PT_BOUND_ABOUT }, { "approximately", PT_BOUND_ABOUT }, { "around", PT_BOUND_ABOUT },
  { "xấp xỉ", PT_BOUND_ABOUT }, { NULL, PT_BOUND_NONE }
};

pt_pct_bound pt_reported_bound(const char *s, const char **num)
{
  *num = s;
  for (const pt_bound_word *q = pt_bound_words; q->word; q++) {
    size_t n = strlen(q->word);
    if (!strncmp(s, q->word, n) && s[n] == ' ') { *num = s + n + 1; return q->bound; }
  }
  return PT_BOUND_NONE;
}

int pt_parse_reported(const char *s, int fmt, pt_decimal *out)
{
  size_t len = strlen(s);
  if (fmt < 0) {
    /* auto: a single '.' or ',' followed by digits is the decimal mark
     * (percentages are not written with thousands separators) */
    const char *c = strchr(s, ','), *d = strchr(s, '.');
    if (c && !d && !strchr(c + 1, ',')) fmt = PT_NUMFMT_VI;
    else fmt = PT_NUMFMT_PLAIN;
  }
  return pt_num_parse_decimal(s, len, (pt_numfmt)fmt, out) == PT_NUM_OK ? PT_SUCCESS : PT_EDATA;
}

/* Counts c in [0, n] whose printed value under conv is mant: a range, since
 * the value never decreases with c.  Returns 0 if there is none. */
static int count_range(uint64_t n, pt_decimal d, unsigned conv, uint64_t *lo, uint64_t *hi)
{
  uint64_t a = 0, b = n + 1;   /* first c with value >= mant */
  while (a < b) { uint64_t m = a + (b - a) / 2; if (conv_value(m, n, d.scale, conv) >= d.mant) b = m; else a = m + 1; }
  *lo = a;
  a = 0; b = n + 1;            /* first c with value > mant */
  while (a < b) { uint64_t m = a + (b - a) / 2; if (conv_value(m, n, d.scale, conv) > d.mant) b = m; else a = m + 1; }
  if (a == 0 || a - 1 < *lo) return 0;
  *hi = a - 1;
  return 1;
}

/* Totals n in [c, cap] whose printed value of 100 c / n under conv is mant:
 * a range, since the value never increases with n. */
static int total_range(uint64_t c, pt_decimal d, unsigned conv, uint64_t *lo, uint64_t *hi)
{
  /* beyond cap the value is below mant - 1 under every convention */
  u128 num = (u128)c * 100u * pow10u(d.scale);
  u128 capw = d.mant > 1 ? num / (d.mant - 1) + 1 : (u128)PT_COUNT_MAX;
  uint64_t cap = capw > PT_COUNT_MAX ? PT_COUNT_MAX : (uint64_t)capw, a = c ? c : 1, b;
  uint64_t base = a;
  b = cap + 1;                 /* first n with value <= mant */
  while (a < b) { uint64_t m = a + (b - a) / 2; if (conv_value(c, m, d.scale, conv) <= d.mant) b = m; else a = m + 1; }
  *lo = a;
  a = base; b = cap + 1;       /* first n with value < mant */
  while (a < b) { uint64_t m = a + (b - a) / 2; if (conv_value(c, m, d.scale, conv) < d.mant) b = m; else a = m + 1; }
  if (a == base || a - 1 < *lo) return 0;
  *hi = a - 1;
  return 1;
}

static const unsigned CONVS[4] = { PT_ROUND_HALF_UP, PT_ROUND_HALF_EVEN, PT_ROUND_TRUNC, PT_ROUND_CEIL };

int pt_pct_totals(uint64_t count, pt_decimal d, unsigned mask, uint64_t *lo, uint64_t *hi)
{
  int any = 0;
  if (count == 0 || d.scale < 0 || d.scale > 18 || count > PT_COUNT_MAX) return 0;
  for (size_t k = 0; k < 4; k++) {
    uint64_t a, b;
    if (!(mask & CONVS[k]) || !total_range(count, d, CONVS[k], &a, &b)) continue;
    if (!any || a < *lo) *lo = a;
    if (!any || b > *hi) *hi = b;
    any = 1;
  }
  return any;
}

/* ---- interned keys ----------------------------------------------------------- */

/* Strings to small ids, once, so that rules sort and compare integers. */
typedef struct intern {
  const char **keys;
  uint32_t *slot;   /* id + 1, 0 = empty */
  size_t cap, n;
} intern;

static uint64_t fnv(const char *s)
{
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static int intern_init(intern *in, size_t nkeys)
{
  in->cap = 16;
  while (in->cap < 2 * nkeys + 16) in->cap *= 2;
  in->n = 0;
  in->slot = calloc(in->cap, sizeof *in->slot);
  in->keys = malloc((nkeys + 1) * sizeof *in->keys);
  return in->slot && in->keys ? 0 : -1;
}

static void intern_free(intern *in) { free(in->slot); free((void *)in->keys); }

/* Never fails: the table was sized for every key. */
static uint32_t intern_id(intern *in, const char *s)
{
  size_t m = in->cap - 1, i = (size_t)fnv(s ? s : "") & m;
  if (!s) s = "";
  while (in->slot[i]) {
    uint32_t id = in->slot[i] - 1;
    if (!strcmp(in->keys[id], s)) return id;
    i = (i + 1) & m;
  }
  in->keys[in->n] = s;
  in->slot[i] = (uint32_t)++in->n;
  return (uint32_t)(in->n - 1);
}

typedef struct keyref { const char *s; uint32_t id; } keyref;

static int cmp_keyref(const void *a, const void *b)
{
  return strcmp(((const keyref *)a)->s, ((const keyref *)b)->s);
}

/* Renumber the ids in the strings' order (strcmp), so that integer order is
 * the order of pt_row_key_cmp.  rank[id] receives the new id. */
static int intern_ranks(const intern *in, uint32_t **rank)
{
  keyref *by = malloc((in->n ? in->n : 1) * sizeof *by);
  uint32_t *rk = malloc((in->n ? in->n : 1) * sizeof *rk);
  if (!by || !rk) { free(by); free(rk); return -1; }
  for (uint32_t i = 0; i < in->n; i++) by[i] = (keyref){ in->keys[i], i };
  qsort(by, in->n, sizeof *by, cmp_keyref);
  for (uint32_t i = 0; i < in->n; i++) rk[by[i].id] = i;
  free(by);
  *rank = rk;
  return 0;
}

/* What the rules know of a row. */
typedef struct rinfo {
  uint32_t a, g, s;      /* interned area ("" when none), group, stage */
  long pk;               /* period, or the paragraph (line) of a figure with no year */
  long period;           /* the row's period (a copy: sorts stay in this array) */
  unsigned dated : 1;
  unsigned has_pct : 1;  /* reported parses as a percentage */
  unsigned bound : 2;    /* ... or as a bound (pt_pct_bound; has_pct 0, pct its value) */
  unsigned long para;    /* paragraph number (text), else the line */
  unsigned long sent;    /* sentence number (text), else the line */
  size_t off;            /* byte offset in the text (text only) */
  pt_decimal pct;
} rinfo;

typedef struct ctx {
  const pt_table *t;
  const pt_audit_opts *o;
  pt_findings *out;
  rinfo *ri;
  size_t *ord;           /* pt_table_order */
  size_t *tmp;           /* scratch for sorting, t->n entries */
  const char *text;      /* the text's NFC form (the extractor's columns count in it) */
  size_t text_len;
  size_t *tot, ntot;     /* rows with a stated total by (area, period key, total): rule_unit_totals */
  int oom;
} ctx;

/* Stable merge sort of row indices with a comparator on the context. */
typedef int (*icmp_fn)(const ctx *c, size_t a, size_t b);

static void msort(const ctx *c, size_t *v, size_t *tmp, size_t n, icmp_fn cmp)
{
  if (n < 2) return;
  size_t h = n / 2, i = 0, j = h, k = 0;
  msort(c, v, tmp, h, cmp);
  msort(c, v + h, tmp, n - h, cmp);
  while (i < h && j < n) tmp[k++] = cmp(c, v[j], v[i]) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

/* ---- findings ------------------------------------------------------------------ */

static char *dup0(const char *s)
{
  return s ? strdup(s) : NULL;
}

static pt_finding *add(ctx *c, pt_audit_rule rule, pt_audit_case what, pt_severity sev,
                       const char *area, const char *group, const char *stage, const long *period,
                       unsigned long line)
{
  pt_findings *f = c->out;
  if (c->oom) return NULL;
  if (f->n == f->cap) {
    size_t nc = f->cap ? 2 * f->cap : 32;
    pt_finding *ni = realloc(f->items, nc * sizeof *ni);
    if (!ni) { c->oom = 1; return NULL; }
    f->items = ni; f->cap = nc;
  }
  pt_finding *x = &f->items[f->n];
  memset(x, 0, sizeof *x);
  x->rule = rule;
  x->what = what;
  x->severity = sev;
  /* an empty unit or stage (figures of a text) is none */
  if (group && !*group) group = NULL;
  if (stage && !*stage) stage = NULL;
  x->area = dup0(area && *area ? area : NULL);
  x->group = dup0(group);
  x->stage = dup0(stage);
  x->rounded.scale = x->truncated.scale = x->sum.scale = -1;
  if (period) { x->period = *period; x->has_period = 1; }
  x->line = line;
  if ((area && *area && !x->area) || (group && !x->group) || (stage && !x->stage)) {
    finding_free(x);
    c->oom = 1;
    return NULL;
  }
  f->n++;
  return x;
}

static pt_finding *add_row(ctx *c, pt_audit_rule rule, pt_audit_case what, pt_severity sev, const pt_row *r)
{
  const long *per = (r->flags & PT_ROW_NO_PERIOD) ? NULL : &r->period;
  return add(c, rule, what, sev, r->area, r->group, r->stage, per, r->line);
}

/* Copy a string into a finding's field (out of memory is remembered). */
static void set_str(ctx *c, char **dst, const char *s)
{
  if (!s) return;
  if (!(*dst = strdup(s))) c->oom = 1;
}

static void set_reported(ctx *c, pt_finding *x, const pt_row *r)
{
  set_str(c, &x->reported, r->reported);
  x->mark = r->reported && strchr(r->reported, ',') ? ',' : '.';
}

static void cite(pt_finding *x, const pt_row *r, const rinfo *ri)
{
  x->ncited_all++;
  if (x->ncites == PT_AUDIT_MAX_CITES) return;
  pt_audit_cite *k = &x->cites[x->ncites++];
  k->line = r->line;
  k->count = (r->flags & PT_ROW_NO_COUNT) ? 0 : r->count;
  k->total = (r->flags & PT_ROW_NO_TOTAL) ? 0 : r->total;
  k->pct = ri->has_pct ? ri->pct : (pt_decimal){ 0, -1 };
}

static pt_decimal dec(u128 mant, int scale)
{
  return (pt_decimal){ (uint64_t)mant, scale };
}

static int usable(const pt_row *r)
{
  return !(r->flags & (PT_ROW_COUNT_EXCEEDS_TOTAL | PT_ROW_ZERO_TOTAL | PT_ROW_NO_COUNT | PT_ROW_NO_TOTAL));
}

/* In the missing rule: a full key from a table (mapped unit, known year). */
static int keyed(const pt_row *r)
{
  return *r->group && *r->stage && !(r->flags & (PT_ROW_NO_PERIOD | PT_ROW_UNMAPPED));
}

/* In the stage rules: a unit (a code, or the phrase of an unmapped one) and
 * a stage; the year may be unknown (then compared within the paragraph). */
static int stage_keyed(const pt_row *r)
{
  return *r->group && *r->stage;
}

/* In the series rules: a unit, a stage and a year. */
static int series_keyed(const pt_row *r)
{
  return stage_keyed(r) && !(r->flags & PT_ROW_NO_PERIOD);
}

/* (area, group, stage, period), ties by line then input order: the order
 * of pt_table_order, on integers. */
static int cmp_series(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  const pt_row *x = &c->t->rows[i], *y = &c->t->rows[j];
  CMP(a->a, b->a); CMP(a->g, b->g); CMP(a->s, b->s); CMP(a->period, b->period);
  CMP(x->line, y->line); CMP(i, j);
  return 0;
}

static int same_series(const ctx *c, size_t i, size_t j)
{
  return c->ri[i].a == c->ri[j].a && c->ri[i].g == c->ri[j].g && c->ri[i].s == c->ri[j].s;
}

static int same_key(const ctx *c, size_t i, size_t j)
{
  return same_series(c, i, j) && c->ri[i].period == c->ri[j].period;
}

/* ---- rules: one row at a time ----------------------------------------------------- */

/* A duplicate key: in a text's figures (extracted) the same unit, stage and
 * year stated twice is two statements, compared by the other rules, never a
 * duplicate row. */
static int is_dup(const ctx *c, const pt_row *r)
{
  return (r->flags & PT_ROW_DUPLICATE) && !c->o->extracted;
}

static void rule_row_flags(ctx *c)
{
  const pt_table *t = c->t;
  /* the first row of each key, by line: the head of its run in pt_table_order */
  size_t *first = c->tmp;
  for (size_t k = 0, head = 0; k < t->n; k++) {
    if (k && !same_key(c, c->ord[k - 1], c->ord[k])) head = k;
    first[c->ord[k]] = c->ord[head];
  }
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *r = &t->rows[i];
    pt_finding *x;
    if ((r->flags & PT_ROW_COUNT_EXCEEDS_TOTAL) &&
        (x = add_row(c, PT_RULE_COUNT_EXCEEDS_TOTAL, PT_AC_COUNT_EXCEEDS, PT_SEV_ERROR, r))) {
      x->count = r->count; x->total = r->total;
    }
    if ((r->flags & PT_ROW_ZERO_TOTAL) && !(r->flags & PT_ROW_NO_TOTAL) &&
        (x = add_row(c, PT_RULE_ZERO_TOTAL, PT_AC_ZERO_TOTAL, PT_SEV_ERROR, r)))
      x->count = r->count;
    const pt_row *q = &t->rows[first[i]];
    if (is_dup(c, r) && q->line < r->line &&
        (x = add_row(c, PT_RULE_DUPLICATE_KEY, PT_AC_DUPLICATE, PT_SEV_ERROR, r))) {
      x->ref_line = q->line; x->ref_count = q->count; x->ref_total = q->total;
      x->count = r->count; x->total = r->total;
    }
  }
}

/* Rounding habit counters for the convention rule. */
typedef struct habit { size_t total, round, trunc, ceil; } habit;

/* A bound ("hơn 73%") against count/total: 100 c 10^s compared with
 * mant n exactly; "about" is met within one unit of the last digit. */
static void rule_bound(ctx *c, const pt_row *r, unsigned b, pt_decimal d)
{
  if (!usable(r) || (r->flags & (PT_ROW_NO_COUNT | PT_ROW_NO_TOTAL))) return;
  u128 v = (u128)r->count * 100u * pow10u(d.scale), n = r->total, lo = (u128)d.mant * n;
  int ok = b == PT_BOUND_ABOVE ? v >= lo : b == PT_BOUND_BELOW ? v <= lo
         : v + n >= lo && v <= lo + n;   /* |v/n - mant| <= 1 */
  pt_finding *x;
  if (ok || !(x = add_row(c, PT_RULE_PCT_MISMATCH, PT_AC_PCT_BOUND, PT_SEV_ERROR, r))) return;
  set_reported(c, x, r);
  x->count = r->count; x->total = r->total;
}

static void rule_pct(ctx *c, habit *h, unsigned *masks)
{
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    pt_decimal d = c->ri[i].pct;
    unsigned m;
    pt_finding *x;
    masks[i] = 0;
    if (!r->reported) continue;
    if (!c->ri[i].has_pct) {
      if (c->ri[i].bound) { rule_bound(c, r, c->ri[i].bound, d); continue; }
      if ((x = add_row(c, PT_RULE_PCT_MISMATCH, PT_AC_NOT_PERCENT, PT_SEV_WARNING, r))) set_reported(c, x, r);
      continue;
    }
    if (r->flags & (PT_ROW_NO_COUNT | PT_ROW_NO_TOTAL)) continue;   /* other rules' job */
    if (!usable(r) || pt_pct_fits(r->count, r->total, d, &m, NULL) != PT_SUCCESS) continue;
    masks[i] = m | (1u << 8);   /* bit 8: checked */
    h->total++;
    if (m & (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)) h->round++;
    if (m & PT_ROUND_TRUNC) h->trunc++;
    if (m & PT_ROUND_CEIL) h->ceil++;
    if (m & (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)) continue;
    pt_audit_case what = (m & PT_ROUND_TRUNC) ? PT_AC_PCT_TRUNC : (m & PT_ROUND_CEIL) ? PT_AC_PCT_CEIL : PT_AC_PCT_WRONG;
    if (!(x = add_row(c, PT_RULE_PCT_MISMATCH, what, m ? PT_SEV_WARNING : PT_SEV_ERROR, r))) continue;
    set_reported(c, x, r);
    x->count = r->count; x->total = r->total;
    x->rounded = dec(conv_value(r->count, r->total, d.scale, PT_ROUND_HALF_UP), d.scale);
    x->truncated = dec(conv_value(r->count, r->total, d.scale, PT_ROUND_TRUNC), d.scale);
  }
}

static void rule_convention(ctx *c, const habit *h, const unsigned *masks)
{
  unsigned bits;
  size_t fit;
  pt_finding *x;
  if (h->total < 3) return;   /* too few figures to speak of a habit */
  if (h->trunc > h->round && h->trunc >= h->ceil) { bits = PT_ROUND_TRUNC; fit = h->trunc; }
  else if (h->ceil > h->round && h->ceil > h->trunc) { bits = PT_ROUND_CEIL; fit = h->ceil; }
  else { bits = PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN; fit = h->round; }
  int none = 2 * fit <= h->total;
  if ((x = add(c, PT_RULE_CONVENTION, none ? PT_AC_HABIT_NONE : PT_AC_HABIT, PT_SEV_NOTE, NULL, NULL, NULL, NULL, 0))) {
    x->tally[0] = h->total; x->tally[1] = h->round; x->tally[2] = h->trunc; x->tally[3] = h->ceil;
    x->conv = bits;
  }
  if (none) return;
  size_t breakers = 0;
  for (size_t i = 0; i < c->t->n; i++)
    breakers += (masks[i] & (1u << 8)) && !(masks[i] & bits) && (masks[i] & 0xffu);
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    /* figures that fit no convention are pct-mismatch errors already */
    if (!(masks[i] & (1u << 8)) || (masks[i] & bits) || !(masks[i] & 0xffu)) continue;
    /* a warning when this figure is the only one out of line */
    if (!(x = add_row(c, PT_RULE_CONVENTION, PT_AC_HABIT_BREAK, breakers == 1 ? PT_SEV_WARNING : PT_SEV_NOTE, r)))
      continue;
    set_reported(c, x, r);
    x->conv = bits;
    x->fits = masks[i] & 0xffu;
  }
}

static void rule_impossible(ctx *c)
{
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    pt_decimal d = c->ri[i].pct;
    uint64_t lo = 0, hi = 0;
    size_t k;
    pt_finding *x;
    if (!(r->flags & PT_ROW_NO_COUNT) || !c->ri[i].has_pct || r->total == 0 || d.scale > 18) continue;
    for (k = 0; k < 4; k++)
      if (count_range(r->total, d, CONVS[k], &lo, &hi)) break;
    pt_audit_case what = k == 4 ? PT_AC_IMPOSSIBLE : lo == hi ? PT_AC_IMPLIED_COUNT : PT_AC_IMPLIED_COUNTS;
    if (!(x = add_row(c, PT_RULE_IMPOSSIBLE_PERCENTAGE, what, k == 4 ? PT_SEV_ERROR : PT_SEV_NOTE, r))) continue;
    set_reported(c, x, r);
    x->total = r->total;
    x->lo = lo; x->hi = hi;
    x->conv = k < 4 ? CONVS[k] : 0;
  }
}

/* ---- rules: rows of one unit ------------------------------------------------------ */

static int stage_rank(const ctx *c, const char *stage, int have_reg_rec)
{
  if (c->o->stages) {
    for (size_t k = 0; k < c->o->nstages; k++)
      if (!strcmp(c->o->stages[k], stage)) return (int)k;
    return -1;
  }
  if (!have_reg_rec) return -1;
  /* codes, English labels and Vietnamese names alike (Đăng ký, Đạt chuẩn, ...) */
  return pt_stage_rank(stage);
}

/* One ordered pair of rows of the same unit; i_first: a was read first. */
static void stage_pair(ctx *c, const pt_row *a, const pt_row *b, int ra, int rb, int i_first)
{
  pt_finding *x;
  /* stage-order: b comes after a in the order, so may not exceed it */
  if (ra >= 0 && rb > ra && b->count > a->count &&
      (x = add_row(c, PT_RULE_STAGE_ORDER, PT_AC_STAGE_ORDER, PT_SEV_ERROR, b))) {
    x->count = b->count; x->ref_count = a->count;
    set_str(c, &x->ref_stage, a->stage);
    x->ref_line = a->line;
  }
  /* stage-denominator: each pair once (from the row read first) */
  if (i_first && a->total != b->total && strcmp(a->stage, b->stage) != 0 &&
      (x = add_row(c, PT_RULE_STAGE_DENOMINATOR, PT_AC_STAGE_DENOM, PT_SEV_WARNING, b))) {
    x->total = b->total; x->ref_total = a->total;
    set_str(c, &x->ref_stage, a->stage);
    x->ref_line = a->line;
  }
}

static int stage_ok(const ctx *c, const pt_row *r)
{
  return usable(r) && stage_keyed(r) && !is_dup(c, r);
}

/* Units: (area, group, year), or (area, group, paragraph) for figures with
 * no year; ties by input order. */
static int cmp_unit(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  CMP(a->a, b->a); CMP(a->g, b->g); CMP(a->dated, b->dated); CMP(a->pk, b->pk);
  CMP(i, j);
  return 0;
}

static int same_unit_key(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  return a->a == b->a && a->g == b->g && a->dated == b->dated && a->pk == b->pk;
}

/* Rows of one group in one paragraph (figures with no year meet the dated
 * figures of their paragraph). */
static int cmp_para(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  CMP(a->a, b->a); CMP(a->g, b->g); CMP(a->para, b->para);
  CMP(i, j);
  return 0;
}

/* Pairs closer than this in a run are compared (runs are a unit's stages;
 * the window only bounds a text naming one unit many times). */
#define PAIR_WINDOW 32

static void pairs_in_runs(ctx *c, const size_t *v, size_t n, int (*same)(const ctx *, size_t, size_t),
                          int undated_only, int have)
{
  const pt_table *t = c->t;
  for (size_t s = 0, e; s < n; s = e) {
    for (e = s + 1; e < n && same(c, v[s], v[e]); e++) ;
    for (size_t p = s; p < e; p++)
      for (size_t q = p > PAIR_WINDOW + s ? p - PAIR_WINDOW : s; q < e && q <= p + PAIR_WINDOW; q++) {
        size_t i = v[p], j = v[q];
        if (i == j) continue;
        /* in paragraph runs, only the pairs of a dated and an undated figure
         * (the unit runs saw the others) */
        if (undated_only && c->ri[i].dated == c->ri[j].dated) continue;
        const pt_row *a = &t->rows[i], *b = &t->rows[j];
        stage_pair(c, a, b, stage_rank(c, a->stage, have), stage_rank(c, b->stage, have), i < j);
      }
  }
}

static int same_para_key(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  return a->a == b->a && a->g == b->g && a->para == b->para;
}

static int rule_stages(ctx *c)
{
  const pt_table *t = c->t;
  int have_reg = 0, have_rec = 0, any_undated = 0;
  size_t n = 0, *v = calloc(t->n ? t->n : 1, sizeof *v);   /* calloc: gcc 12 cannot see every entry set */
  if (!v) return -1;
  for (size_t i = 0; i < t->n; i++) {
    int rank = pt_stage_rank(t->rows[i].stage);
    have_reg |= rank == 0;
    have_rec |= rank == 1;
    if (stage_ok(c, &t->rows[i])) { v[n++] = i; any_undated |= !c->ri[i].dated; }
  }
  msort(c, v, c->tmp, n, cmp_unit);
  pairs_in_runs(c, v, n, same_unit_key, 0, have_reg && have_rec);
  if (any_undated) {
    msort(c, v, c->tmp, n, cmp_para);
    pairs_in_runs(c, v, n, same_para_key, 1, have_reg && have_rec);
  }
  free(v);
  return 0;
}

static void rule_series(ctx *c)
{
  const pt_table *t = c->t;
  const size_t *idx = c->ord;
  double mx = c->o->max_total_change > 0 ? c->o->max_total_change : 0.10;
  pt_finding *x;
  for (size_t k = 1; k < t->n; k++) {
    const pt_row *a = &t->rows[idx[k - 1]], *b = &t->rows[idx[k]];
    if (!same_series(c, idx[k - 1], idx[k]) || a->period == b->period || !usable(a) || !usable(b) ||
        !series_keyed(a) || !series_keyed(b))
      continue;
    double ch = ((double)b->total - (double)a->total) / (double)a->total;
    if (fabs(ch) > mx &&
        (x = add_row(c, PT_RULE_PERIOD_DENOMINATOR, PT_AC_PERIOD_DENOM, fabs(ch) > 3 * mx ? PT_SEV_WARNING : PT_SEV_NOTE, b))) {
      x->total = b->total; x->ref_total = a->total; x->ref_period = a->period;
      x->threshold = mx; x->ref_line = a->line;
    }
    if (a->count == b->count && a->total == b->total &&
        (x = add_row(c, PT_RULE_REPEATED_FIGURE, PT_AC_REPEATED, PT_SEV_NOTE, b))) {
      x->count = b->count; x->total = b->total; x->ref_period = a->period; x->ref_line = a->line;
    }
    if (b->period - a->period > 1)
      for (long p = a->period + 1; p < b->period && p - a->period <= 50; p++)
        if ((x = add(c, PT_RULE_MISSING, PT_AC_GAP, PT_SEV_NOTE, b->area, b->group, b->stage, &p, 0))) {
          x->ref_period = a->period; x->ref_period2 = b->period;
        }
  }
}

/* ---- rule: missing figures ---------------------------------------------------------- */

static int cmp_sp(const ctx *c, size_t i, size_t j)
{
  CMP(c->ri[i].s, c->ri[j].s); CMP(c->ri[i].period, c->ri[j].period); CMP(i, j);
  return 0;
}

static int eq_sp(const ctx *c, size_t i, size_t j)
{
  return c->ri[i].s == c->ri[j].s && c->ri[i].period == c->ri[j].period;
}

static int cmp_sag(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  CMP(a->s, b->s); CMP(a->a, b->a); CMP(a->g, b->g); CMP(i, j);
  return 0;
}

static int eq_sag(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  return a->s == b->s && a->a == b->a && a->g == b->g;
}

static int cmp_ag(const ctx *c, size_t i, size_t j)
{
  CMP(c->ri[i].a, c->ri[j].a); CMP(c->ri[i].g, c->ri[j].g); CMP(i, j);
  return 0;
}

static int eq_ag(const ctx *c, size_t i, size_t j)
{
  return c->ri[i].a == c->ri[j].a && c->ri[i].g == c->ri[j].g;
}

static int cmp_s(const ctx *c, size_t i, size_t j)
{
  CMP(c->ri[i].s, c->ri[j].s); CMP(i, j);
  return 0;
}

static int eq_s(const ctx *c, size_t i, size_t j) { return c->ri[i].s == c->ri[j].s; }

static int cmp_idx(const void *a, const void *b)
{
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

/* The heads (first rows in input order) of the runs of v (sorted, ties by
 * index) under eq, when that head is keyed, in input order; their number.
 * A key whose first row is not keyed is left out, as it always was. */
static size_t heads(const ctx *c, size_t *v, size_t n, int (*eq)(const ctx *, size_t, size_t),
                    size_t *out)
{
  size_t m = 0;
  for (size_t k = 0; k < n; k++)
    if ((k == 0 || !eq(c, v[k - 1], v[k])) && keyed(&c->t->rows[v[k]])) out[m++] = v[k];
  qsort(out, m, sizeof *out, cmp_idx);
  return m;
}

/* A set of row keys (stage, area, group[, period]) by open addressing: one
 * probe or two per lookup, where a binary search over the rows would miss
 * the cache at every step. */
typedef struct keyset {
  size_t *slot;   /* row index + 1, 0 = empty */
  size_t mask;
  int with_p;
} keyset;

static uint64_t key_hash(const ctx *c, uint32_t s, uint32_t a, uint32_t g, int with_p, long p)
{
  (void)c;
  uint64_t h = ((uint64_t)s * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)a * 0xC2B2AE3D27D4EB4FULL) ^
               ((uint64_t)g * 0x165667B19E3779F9ULL);
  if (with_p) h ^= (uint64_t)p * 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 29);
}

static int key_eq(const ctx *c, size_t i, uint32_t s, uint32_t a, uint32_t g, int with_p, long p)
{
  const rinfo *r = &c->ri[i];
  return r->s == s && r->a == a && r->g == g && (!with_p || r->period == p);
}

static int keyset_build(const ctx *c, keyset *ks, int with_p)
{
  size_t cap = 16;
  while (cap < 2 * c->t->n) cap *= 2;
  ks->slot = calloc(cap, sizeof *ks->slot);
  ks->mask = cap - 1;
  ks->with_p = with_p;
  if (!ks->slot) return -1;
  for (size_t i = 0; i < c->t->n; i++) {
    const rinfo *r = &c->ri[i];
    long p = r->period;
    size_t h = (size_t)key_hash(c, r->s, r->a, r->g, with_p, p) & ks->mask;
    while (ks->slot[h] && !key_eq(c, ks->slot[h] - 1, r->s, r->a, r->g, with_p, p)) h = (h + 1) & ks->mask;
    if (!ks->slot[h]) ks->slot[h] = i + 1;
  }
  return 0;
}

static int present(const ctx *c, const keyset *ks, uint32_t s, uint32_t a, uint32_t g, long p)
{
  size_t h = (size_t)key_hash(c, s, a, g, ks->with_p, p) & ks->mask;
  while (ks->slot[h]) {
    if (key_eq(c, ks->slot[h] - 1, s, a, g, ks->with_p, p)) return 1;
    h = (h + 1) & ks->mask;
  }
  return 0;
}

/* Groups missing in a period where the same stage has figures for other
 * groups; groups with no figure at all in a stage. */
static int rule_missing(ctx *c)
{
  const pt_table *t = c->t;
  size_t n = t->n, *all = malloc(4 * (n ? n : 1) * sizeof *all);
  keyset with_p = { NULL, 0, 1 }, without_p = { NULL, 0, 0 };
  if (!all || keyset_build(c, &with_p, 1) || keyset_build(c, &without_p, 0)) {
    free(all); free(with_p.slot); free(without_p.slot);
    return -1;
  }
  size_t *sp = all + n, *sag = all + 2 * n, *tmpv = all + 3 * n;
  for (size_t i = 0; i < n; i++) all[i] = i;
  /* (stage, period) pairs in the order they first appear */
  memcpy(tmpv, all, n * sizeof *all);
  msort(c, tmpv, c->tmp, n, cmp_sp);
  size_t nsp = heads(c, tmpv, n, eq_sp, sp);
  /* (stage, area, group) in first-appearance order */
  memcpy(tmpv, all, n * sizeof *all);
  msort(c, tmpv, c->tmp, n, cmp_sag);
  size_t nsag = heads(c, tmpv, n, eq_sag, sag);
  /* group sag by stage, first appearance kept within each stage */
  msort(c, sag, c->tmp, nsag, cmp_s);
  for (size_t k = 0; k < nsp && !c->oom; k++) {
    const pt_row *s = &t->rows[sp[k]];
    uint32_t sid = c->ri[sp[k]].s;
    size_t lo = 0, hi = nsag;
    while (lo < hi) { size_t m = lo + (hi - lo) / 2; if (c->ri[sag[m]].s < sid) lo = m + 1; else hi = m; }
    for (size_t u = lo; u < nsag && c->ri[sag[u]].s == sid; u++) {
      const pt_row *r = &t->rows[sag[u]];
      if (present(c, &with_p, sid, c->ri[sag[u]].a, c->ri[sag[u]].g, s->period)) continue;
      add(c, PT_RULE_MISSING, PT_AC_MISSING_PERIOD, PT_SEV_WARNING, r->area, r->group, r->stage, &s->period, 0);
    }
  }
  /* a group present in one stage and absent from another altogether */
  memcpy(tmpv, all, n * sizeof *all);
  msort(c, tmpv, c->tmp, n, cmp_s);
  size_t ns = heads(c, tmpv, n, eq_s, sp);
  memcpy(tmpv, all, n * sizeof *all);
  msort(c, tmpv, c->tmp, n, cmp_ag);
  size_t nag = heads(c, tmpv, n, eq_ag, sag);
  for (size_t k = 0; k < ns && !c->oom; k++) {
    const pt_row *s = &t->rows[sp[k]];
    for (size_t u = 0; u < nag; u++) {
      const rinfo *ru = &c->ri[sag[u]];
      if (present(c, &without_p, c->ri[sp[k]].s, ru->a, ru->g, 0)) continue;
      const pt_row *r = &t->rows[sag[u]];
      add(c, PT_RULE_MISSING, PT_AC_MISSING_STAGE, PT_SEV_WARNING, r->area, r->group, s->stage, NULL, 0);
    }
  }
  free(all); free(with_p.slot); free(without_p.slot);
  return 0;
}

/* ---- the text: paragraphs, sentences, "of which" -------------------------------------- */

static int isdig(char ch) { return ch >= '0' && ch <= '9'; }

/* A sentence ends at . ! ? (not a decimal or thousands mark between digits). */
static int is_term(const char *T, size_t L, size_t k)
{
  if (T[k] != '.' && T[k] != '!' && T[k] != '?') return 0;
  return !(k > 0 && k + 1 < L && isdig(T[k - 1]) && isdig(T[k + 1]));
}

/* Paragraph of each line (1-based): a new one after a blank line, or after
 * a line ending a sentence or a clause (. ! ? : ;) unless the line is a list
 * item (- + * •) continuing it. */
static unsigned long *paragraphs(const char *T, size_t L, size_t **line_start, size_t *nlines)
{
  size_t n = 1;
  for (size_t k = 0; k < L; k++) n += T[k] == '\n';
  unsigned long *para = malloc((n + 2) * sizeof *para);
  size_t *ls = malloc((n + 2) * sizeof *ls);
  if (!para || !ls) { free(para); free(ls); return NULL; }
  unsigned long p = 0;
  int prev_blank = 1, prev_end = 0;
  size_t l = 1, s = 0;
  while (l <= n) {
    size_t e = s;
    while (e < L && T[e] != '\n') e++;
    size_t a = s, b = e;
    while (a < b && (T[a] == ' ' || T[a] == '\t' || T[a] == '\r')) a++;
    while (b > a && (T[b - 1] == ' ' || T[b - 1] == '\t' || T[b - 1] == '\r')) b--;
    int blank = a == b;
    int bullet = !blank && (T[a] == '-' || T[a] == '+' || T[a] == '*' ||
                            (b - a >= 3 && !memcmp(T + a, "\xe2\x80\xa2", 3)));
    if (!blank && (prev_blank || (prev_end && !bullet))) p++;
    ls[l] = s;
    para[l] = p;
    if (!blank) prev_end = strchr(".!?:;", T[b - 1]) != NULL;
    prev_blank = blank;
    s = e + 1;
    l++;
  }
  ls[0] = 0;
  para[0] = 0;
  *line_start = ls;
  *nlines = n;
  return para;
}

/* Byte offset of code point col (1-based) of the line starting at s. */
static size_t col_offset(const char *T, size_t L, size_t s, unsigned long col)
{
  size_t k = s;
  while (col > 1 && k < L && T[k] != '\n') {
    k++;
    while (k < L && ((unsigned char)T[k] & 0xC0) == 0x80) k++;
    col--;
  }
  return k;
}

/* The column of a source "NAME:LINE:COL" (the extractor may add a label
 * after it, " (năm học 2016-2017)"), or 1: the number after the last
 * ":LINE:" of the row's line. */
static unsigned long source_col(const char *src, unsigned long line)
{
  char pat[32];
  const char *p, *last = NULL;
  if (!src) return 1;
  snprintf(pat, sizeof pat, ":%lu:", line);
  for (p = strstr(src, pat); p; p = strstr(p + 1, pat)) last = p;
  if (!last || !isdig(last[strlen(pat)])) return 1;
  return strtoul(last + strlen(pat), NULL, 10);
}

typedef struct marker {
  size_t off;
  unsigned long para, sent;
  int list;   /* followed by ':': its parts run to the end of the paragraph */
  size_t close;   /* "(trong đó, A; B; C)": the bracket's end, the parts' end; 0 if none */
  int opens;      /* opens its sentence ("Trong đó, A; B; C."): the parts run to its end */
} marker;

static const char *const MARKERS[] = {
  "trong đó", "Trong đó", "of which", "Of which", "of whom", "Of whom", "in which",
  "including", "Including", "bao gồm", "Bao gồm", "gồm", "Gồm", NULL
};

static int is_letter_before(const char *T, size_t k)
{
  if (k == 0) return 0;
  unsigned char ch = (unsigned char)T[k - 1];
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

/* A marker right after '(' ("(trong đó, có A; B; C)"): the offset of the
 * matching ')' (at most 2,000 bytes on), else 0. */
static size_t bracket_close(const char *T, size_t L, size_t k)
{
  size_t b = k;
  while (b > 0 && T[b - 1] == ' ') b--;
  if (b == 0 || T[b - 1] != '(') return 0;
  for (size_t e = k, depth = 1; e < L && e < k + 2000 && T[e] != '\n'; e++) {
    if (T[e] == '(') depth++;
    else if (T[e] == ')' && --depth == 0) return e;
  }
  return 0;
}

/* Find the "of which" markers (sorted by offset). */
static marker *find_markers(const char *T, size_t L, size_t *nm)
{
  size_t n = 0, cap = 16;
  marker *m = malloc(cap * sizeof *m);
  if (!m) return NULL;
  for (size_t k = 0; k < L; k++) {
    if (T[k] != 't' && T[k] != 'T' && T[k] != 'o' && T[k] != 'O' && T[k] != 'i' && T[k] != 'I' &&
        T[k] != 'b' && T[k] != 'B' && T[k] != 'g' && T[k] != 'G')
      continue;
    for (size_t w = 0; MARKERS[w]; w++) {
      size_t len = strlen(MARKERS[w]);
      if (k + len > L || memcmp(T + k, MARKERS[w], len) || is_letter_before(T, k)) continue;
      if (n && k < m[n - 1].off + 12) break;   /* "bao gồm": one marker */
      if (n == cap) {
        marker *nm2 = realloc(m, 2 * cap * sizeof *m);
        if (!nm2) { free(m); return NULL; }
        m = nm2; cap *= 2;
      }
      size_t e = k + len;
      while (e < L && (T[e] == ' ' || T[e] == ',')) e++;
      m[n].off = k;
      m[n].list = e < L && T[e] == ':';
      m[n].close = bracket_close(T, L, k);
      size_t b = k;
      while (b > 0 && (T[b - 1] == ' ' || T[b - 1] == '\t')) b--;
      m[n].opens = b == 0 || strchr(".!?\n", T[b - 1]) != NULL;
      n++;
      k += len - 1;
      break;
    }
  }
  *nm = n;
  return m;
}

/* Before offsets are known: off holds the line and sent the column. */
static int cmp_line_col(const ctx *c, size_t i, size_t j)
{
  CMP(c->ri[i].off, c->ri[j].off); CMP(c->ri[i].sent, c->ri[j].sent); CMP(i, j);
  return 0;
}

/* Sentence numbers of rows and markers: one sweep of the text in offset
 * order (a sentence number is the terminators plus the paragraphs before). */
static void sentences(ctx *c, const size_t *byoff, size_t n, marker *m, size_t nm,
                      const unsigned long *para, const size_t *ls, size_t nlines)
{
  const char *T = c->text;
  size_t L = c->text_len, pos = 0, terms = 0, k = 0, j = 0;
  size_t line = 1;
  while (k < n || j < nm) {
    int row = j == nm || (k < n && c->ri[byoff[k]].off <= m[j].off);
    size_t off = row ? c->ri[byoff[k]].off : m[j].off;
    for (; pos < off && pos < L; pos++) terms += is_term(T, L, pos);
    while (line < nlines && ls[line + 1] <= off) line++;
    if (row) { c->ri[byoff[k]].sent = terms + para[line]; k++; }
    else { m[j].para = para[line]; m[j].sent = terms + para[line]; j++; }
  }
}

/* ---- rules of real texts --------------------------------------------------------------- */

static int has_count(const pt_row *r) { return !(r->flags & PT_ROW_NO_COUNT); }
static int has_total(const pt_row *r) { return !(r->flags & PT_ROW_NO_TOTAL) && r->total > 0; }

/* Parts adding up to sum do not make the whole n: more than it, or short
 * of it by at most a tenth.  A list that falls further short names some of
 * the parts, not all ("7,239 food businesses, including 1,507 restaurants
 * ..., 888 takeaways ... and 449 pubs"; "5.360 xã đạt chuẩn, trong đó có
 * 468 xã ... nâng cao và 43 xã ... kiểu mẫu"). */
static int off_whole(uint64_t sum, uint64_t n)
{
  return sum > n || (sum < n && sum >= n - n / 10);
}

/* The parts after one marker against the whole before it; their
 * percentages (of the whole) against 100. */
static void parts_of(ctx *c, const pt_row *whole, const size_t *parts, size_t np)
{
  const pt_table *t = c->t;
  uint64_t sc = 0, stt = 0;
  int all_c = 1, all_t = 1;
  pt_finding *x;
  for (size_t k = 0; k < np; k++) {
    const pt_row *r = &t->rows[parts[k]];
    all_c &= has_count(r);
    all_t &= has_total(r);
    sc += r->count;
    stt += r->total;
  }
  if (whole && all_c && has_count(whole) && off_whole(sc, whole->count) &&
      (x = add_row(c, PT_RULE_PARTS_WHOLE, PT_AC_PARTS_COUNT, sc > whole->count ? PT_SEV_ERROR : PT_SEV_WARNING, whole))) {
    x->count = sc; x->ref_count = whole->count; x->ref_line = whole->line;
    for (size_t k = 0; k < np; k++) cite(x, &t->rows[parts[k]], &c->ri[parts[k]]);
  }
  if (whole && all_t && has_total(whole) && off_whole(stt, whole->total) &&
      (x = add_row(c, PT_RULE_PARTS_WHOLE, PT_AC_PARTS_TOTAL, stt > whole->total ? PT_SEV_ERROR : PT_SEV_WARNING, whole))) {
    x->total = stt; x->ref_total = whole->total; x->ref_line = whole->line;
    for (size_t k = 0; k < np; k++) cite(x, &t->rows[parts[k]], &c->ri[parts[k]]);
  }
  /* a breakdown: percentages of one base (no own total, or the whole's) */
  int scale = 0;
  size_t nb = 0;
  for (size_t k = 0; k < np; k++) {
    const pt_row *r = &t->rows[parts[k]];
    const rinfo *ri = &c->ri[parts[k]];
    int of_whole = !has_total(r) || (whole && has_total(whole) && r->total == whole->total);
    if (!ri->has_pct || !of_whole) return;
    if (ri->pct.scale > scale) scale = ri->pct.scale;
    nb++;
  }
  if (nb < 2) return;
  /* beyond rounding: the least the true values can be (each printed value
   * less half a unit of its last digit) already sums past 100 */
  u128 twice = 0, ulp = 0;
  for (size_t k = 0; k < np; k++) {
    const rinfo *ri = &c->ri[parts[k]];
    u128 f = pow10u(scale - ri->pct.scale);
    twice += 2 * (u128)ri->pct.mant * f;
    ulp += f;
  }
  if (twice <= ulp + 200 * pow10u(scale)) return;
  const pt_row *first = &t->rows[parts[0]];
  if (!(x = add_row(c, PT_RULE_BREAKDOWN_SUM, PT_AC_BREAKDOWN, PT_SEV_ERROR, whole ? whole : first))) return;
  x->sum = dec(twice / 2, scale);
  x->ref_line = whole ? whole->line : 0;
  x->mark = first->reported && strchr(first->reported, ',') ? ',' : '.';
  for (size_t k = 0; k < np; k++) cite(x, &t->rows[parts[k]], &c->ri[parts[k]]);
}

/* The parts are the figures after the marker, but the sentence may go on
 * to other figures: when the first k >= 2 parts add up to the whole (counts,
 * and totals where both are stated), they are the parts and all is well
 * (returns 0); else all of them are compared (returns np). */
static size_t matching_prefix(const ctx *c, const pt_row *whole, const size_t *parts, size_t np)
{
  uint64_t sc = 0, stt = 0;
  int tot = has_total(whole);
  for (size_t k = 0; k < np; k++) {
    const pt_row *r = &c->t->rows[parts[k]];
    if (!has_count(r)) return np;
    sc += r->count;
    tot &= has_total(r);
    stt += r->total;
    if (k >= 1 && has_count(whole) && sc == whole->count && (!tot || stt == whole->total)) return 0;
  }
  return np;
}

/* Parts that are cumulative classes ("số hộ ... 3 năm liên tục trở lên đạt
 * 14.504/18.600", "60 thôn duy trì từ năm thứ 3 trở lên; 47 thôn ... năm thứ
 * 5 trở lên"): a cue anywhere from the marker to just after the last part. */
static int nested(const ctx *c, size_t from, const size_t *parts, size_t np)
{
  static const char *const cue[] = { "trở lên", "or more", "and above", "and over", "at least", "ít nhất", NULL };
  size_t b = c->ri[parts[np - 1]].off + 160;
  if (b > c->text_len) b = c->text_len;
  if (b > from + 2000) b = from + 2000;
  for (size_t i = from; i < b; i++)
    for (size_t j = 0; cue[j]; j++)
      if (c->text[i] == cue[j][0] && !strncmp(c->text + i, cue[j], strlen(cue[j]))) return 1;
  return 0;
}

/* The rows of byoff[k..n) that are the marker's parts: in its sentence
 * (its paragraph after "of which:", up to the bracket it opens), up to the
 * next marker (end).  Returns their number. */
static size_t scope_parts(const ctx *c, const size_t *byoff, size_t k, size_t n, const marker *mk, size_t end,
                          size_t *parts)
{
  size_t np = 0;
  for (size_t q = k; q < n && c->ri[byoff[q]].off < end; q++) {
    const rinfo *r = &c->ri[byoff[q]];
    if (mk->list ? r->para != mk->para : r->sent != mk->sent) break;
    /* "trong đó A và B; C": without a list or a bracket, a ';' after two parts ends them */
    if (!mk->list && !mk->close && !mk->opens && np >= 2 &&
        memchr(c->text + c->ri[parts[np - 1]].off, ';', r->off - c->ri[parts[np - 1]].off))
      break;
    /* "trong đó có 139 gia đình tiêu biểu; công nhận 123 làng": a ';' before the
     * first figure ends the parts (the marker's own were no figures) */
    if (!mk->list && !mk->close && !mk->opens && np == 0 && r->off > mk->off &&
        memchr(c->text + mk->off, ';', r->off - mk->off))
      break;
    parts[np++] = byoff[q];
  }
  return np;
}

/* Do the unit phrases a and b share a word ("trường học", "trường mầm
 * non"; "schools", "primary schools")?  ASCII letters case-folded. */
static int share_word(const char *a, const char *b)
{
  for (const char *p = a; *p;) {
    while (*p == ' ') p++;
    size_t n = strcspn(p, " ");
    for (const char *q = b; n && *q;) {
      while (*q == ' ') q++;
      size_t m = strcspn(q, " ");
      if (m == n && !strncasecmp(p, q, n)) return 1;
      q += m;
    }
    p += n;
  }
  return 0;
}

/* The first word after the count at off ("43 trường, ...", "11/97 xã"):
 * [*a, return) in the text, or *a = return when there is none. */
static size_t word_after_count(const ctx *c, size_t off, size_t *a)
{
  const char *T = c->text;
  size_t L = c->text_len, k = off;
  while (k < L && ((T[k] >= '0' && T[k] <= '9') || ((T[k] == '.' || T[k] == ',' || T[k] == '/') && k + 1 < L &&
                                                     T[k + 1] >= '0' && T[k + 1] <= '9')))
    k++;
  while (k < L && T[k] == ' ') k++;
  *a = k;
  while (k < L && is_letter_before(T, k + 1)) k++;
  return k;
}

/* Rows i and j count the same unit: the same first word after their
 * counts in the text (a bare count's unit may be a label's code, a part's
 * its own words), or unit phrases that share a word ("schools", "primary
 * schools"). */
static int same_unit(const ctx *c, size_t i, size_t j)
{
  size_t a1, a2, b1 = word_after_count(c, c->ri[i].off, &a1), b2 = word_after_count(c, c->ri[j].off, &a2);
  if (b1 > a1 && b1 - a1 == b2 - a2 && !strncasecmp(c->text + a1, c->text + a2, b1 - a1)) return 1;
  return share_word(c->t->rows[i].group, c->t->rows[j].group);
}

/* "mỗi huyện có 01 đơn vị", "2 each": a count per unit, no part of a sum. */
static int per_unit(const ctx *c, size_t from, size_t to)
{
  static const char *const w[] = { "mỗi", "Mỗi", "each", "Each", NULL };
  if (to > c->text_len) to = c->text_len;
  for (size_t i = from; i < to; i++)
    for (size_t j = 0; w[j]; j++)
      if (c->text[i] == w[j][0] && !strncmp(c->text + i, w[j], strlen(w[j])) && !is_letter_before(c->text, i) &&
          !is_letter_before(c->text, i + strlen(w[j]) + 1))
        return 1;
  return 0;
}

/* Row i may be the whole of the marker's parts: in the marker's sentence,
 * or the one before when the marker opens its own ("... 190 trường. Trong
 * đó, ..."), with a word of the parts' unit. */
static int near_whole(const ctx *c, size_t i, const marker *mk, size_t part)
{
  const rinfo *r = &c->ri[i];
  return (r->sent == mk->sent || (mk->opens && r->para == mk->para && r->sent + 1 == mk->sent)) &&
         same_unit(c, i, part);   /* not a list's paragraph: a bare count is no lead */
}

/* Some run of two or more consecutive parts adds up to n: a sliding window
 * (counts are never negative), linear in the parts. */
static int exact_run(const ctx *c, uint64_t n, const size_t *parts, size_t np)
{
  uint64_t s = 0;
  for (size_t i = 0, j = 0; j < np; j++) {
    s += c->t->rows[parts[j]].count;
    while (s > n) s -= c->t->rows[parts[i++]].count;
    if (s == n && j > i) return 1;
  }
  return 0;
}

/* The word (or the mark) right before the count at off: [*a, return). */
static size_t before_count(const ctx *c, size_t off, size_t *a)
{
  const char *T = c->text;
  size_t e = off;
  while (e > 0 && T[e - 1] == ' ') e--;
  size_t b = e;
  while (b > 0 && is_letter_before(T, b)) b--;
  if (b == e && b > 0) b--;   /* ',', ';', '(' */
  *a = b;
  return e;
}

/* Every part has the same word before its count ("mầm non có 43 trường,
 * tiểu học có 109 trường, ..."). */
static int written_alike(const ctx *c, const size_t *parts, size_t np)
{
  size_t a0, e0 = before_count(c, c->ri[parts[0]].off, &a0);
  for (size_t q = 1; q < np; q++) {
    size_t a, e = before_count(c, c->ri[parts[q]].off, &a);
    if (e - a != e0 - a0 || strncmp(c->text + a, c->text + a0, e - a)) return 0;
  }
  return e0 > a0;
}

/* A marker's list of bare counts (pt_audit_opts.counts: "tổng số 360 trường,
 * trong đó 120 trường mầm non, 140 trường tiểu học và 95 trường THCS")
 * against its whole, the figure or bare count right before it.  The parts
 * share a word of their unit (the list ends at the first that does not:
 * "TP.Kon Tum có 09 đơn vị ...; 06 huyện còn lại"); none is a count per
 * unit ("mỗi huyện có 01 đơn vị"). */
static void bare_parts(ctx *c, const marker *mk, size_t end, const size_t *fo, size_t kf, const size_t *bo,
                       size_t kb, size_t nb, size_t *parts)
{
  size_t np = scope_parts(c, bo, kb, nb, mk, end, parts), k = 1;
  const pt_table *t = c->t;
  while (k < np && same_unit(c, parts[k], parts[0])) k++;
  np = k;
  if (np < 2 || per_unit(c, mk->off, c->ri[parts[np - 1]].off + 40)) return;
  size_t w = SIZE_MAX;
  if (kf > 0 && near_whole(c, fo[kf - 1], mk, parts[0])) w = fo[kf - 1];
  if (kb > 0 && near_whole(c, bo[kb - 1], mk, parts[0]) && (w == SIZE_MAX || c->ri[bo[kb - 1]].off > c->ri[w].off))
    w = bo[kb - 1];
  if (w == SIZE_MAX || nested(c, mk->off, parts, np)) return;
  const pt_row *whole = &t->rows[w];
  uint64_t sum = 0;
  for (size_t q = 0; q < np; q++) sum += t->rows[parts[q]].count;
  /* two breakdowns in one list ("5 trường mới được công nhận ...; 20 trường
   * ... mức độ 1; 2 trường ... mức độ 2" of 22): a run of parts adds up and
   * the parts are not written alike; parts written alike are one breakdown,
   * run or not ("mầm non có 43 trường, ... và THPT có 9 trường": 199 of 190) */
  if (sum != whole->count && exact_run(c, whole->count, parts, np) && !written_alike(c, parts, np)) return;
  parts_of(c, whole, parts, np);
}

/* Row i is where a marker's whole may be: the marker's sentence, or the
 * one before when the marker opens its own ("... 15/36 trường. Trong đó,
 * ..."); after "of which:" its paragraph. */
static int in_reach(const ctx *c, size_t i, const marker *mk)
{
  const rinfo *r = &c->ri[i];
  if (r->para != mk->para) return 0;
  return mk->list || r->sent == mk->sent || (mk->opens && r->sent + 1 == mk->sent);
}

/* The parts are X/Y of one Y (two or more, each with its total). */
static int one_total(const ctx *c, const size_t *parts, size_t np)
{
  for (size_t q = 0; q < np; q++) {
    const pt_row *r = &c->t->rows[parts[q]];
    if (!has_total(r) || !has_count(r) || r->total != c->t->rows[parts[0]].total) return 0;
  }
  return 1;
}

/* fo: the figures by offset (nf), bo: the bare counts (nb). */
static int rule_parts(ctx *c, const size_t *fo, size_t nf, const size_t *bo, size_t nb, const marker *m, size_t nm)
{
  size_t *parts = malloc((nf + nb ? nf + nb : 1) * sizeof *parts);
  if (!parts) return -1;
  size_t k = 0, kb = 0;   /* first figure, first bare count after the marker */
  for (size_t j = 0; j < nm; j++) {
    while (k < nf && c->ri[fo[k]].off <= m[j].off) k++;
    while (kb < nb && c->ri[bo[kb]].off <= m[j].off) kb++;
    const pt_row *whole = NULL;
    pt_row of_total;
    if (k > 0 && in_reach(c, fo[k - 1], &m[j])) whole = &c->t->rows[fo[k - 1]];
    size_t end = j + 1 < nm ? m[j + 1].off : (size_t)-1;
    if (m[j].close && m[j].close < end) end = m[j].close;
    size_t np = scope_parts(c, fo, k, nf, &m[j], end, parts);
    if (np == 0) { bare_parts(c, &m[j], end, fo, k, bo, kb, nb, parts); continue; }
    /* "420 schools, of which 150/420 ..., 160/420 ... and 120/420 ...": with
     * no whole figure, the parts' one total is their whole; with a whole of
     * that total, no total of theirs adds up to anything ("15/36 trường,
     * trong đó 6/36 ..., 9/36 ...": the counts only).  A whole of another
     * total stays ("6/9 trường; ... 6/9 trường" of 15/36: equal totals by
     * chance) */
    int same = whole && has_total(whole) && np >= 2 && whole->total == c->t->rows[parts[0]].total;
    if (np >= 2 && one_total(c, parts, np) && (!whole || same)) {
      of_total = same ? *whole : c->t->rows[parts[0]];
      if (!same) of_total.count = of_total.total;
      of_total.flags |= PT_ROW_NO_TOTAL;
      whole = &of_total;
    }
    /* "60 thôn duy trì từ năm thứ 3 trở lên; 47 thôn ... năm thứ 5 trở lên":
     * nested classes ("or more"), not a partition */
    if (np >= 2 && nested(c, m[j].off, parts, np)) np = 0;
    if (np >= 2 && whole) np = matching_prefix(c, whole, parts, np);
    if (np >= 2) parts_of(c, whole, parts, np);
  }
  free(parts);
  return 0;
}

static int cmp_line(const ctx *c, size_t i, size_t j)
{
  CMP(c->t->rows[i].line, c->t->rows[j].line); CMP(i, j);
  return 0;
}

/* The counts whose percentage of n prints as d under some convention (the
 * hull of the four ranges, which overlap). */
static int counts_fitting(uint64_t n, pt_decimal d, uint64_t *lo, uint64_t *hi)
{
  int any = 0;
  for (size_t k = 0; k < 4; k++) {
    uint64_t a, b;
    if (!count_range(n, d, CONVS[k], &a, &b)) continue;
    if (!any || a < *lo) *lo = a;
    if (!any || b > *hi) *hi = b;
    any = 1;
  }
  return any;
}

/* |a - b| at least 5 % of the larger, in integers. */
static int far_apart(uint64_t a, uint64_t b)
{
  uint64_t d = a > b ? a - b : b - a, m = a > b ? a : b;
  return (u128)d * 20 >= m;
}

/* At most this many rows either side are tried (a line of many figures). */
#define NEAR_ROWS 64

/* A wrong percentage that another nearby figure's total (or count) explains. */
static int rule_other_base(ctx *c)
{
  const pt_table *t = c->t;
  size_t n = t->n, *v = malloc((n ? n : 1) * sizeof *v);
  unsigned long w = c->o->nearby_lines > 0 ? (unsigned long)c->o->nearby_lines : 0;
  if (!v) return -1;
  for (size_t i = 0; i < n; i++) v[i] = i;
  msort(c, v, c->tmp, n, cmp_line);
  for (size_t p = 0; p < n && !c->oom; p++) {
    size_t i = v[p];
    const pt_row *r = &t->rows[i];
    unsigned m;
    if (!c->ri[i].has_pct || !usable(r) || pt_pct_fits(r->count, r->total, c->ri[i].pct, &m, NULL) || m) continue;
    /* an explanation only when the printed digits pin the base down to one
     * value: a 1-decimal percentage of a large count fits several totals,
     * and some nearby figure would fit by chance */
    uint64_t tlo = 0, thi = 0, clo = 0, chi = 0;
    int one_total = pt_pct_totals(r->count, c->ri[i].pct, 0xfu, &tlo, &thi) && tlo == thi;
    int one_count = counts_fitting(r->total, c->ri[i].pct, &clo, &chi) && clo == chi;
    if (!one_total && !one_count) continue;
    size_t best = (size_t)-1;
    int best_kind = 2;
    unsigned long best_d = 0;
    size_t q0 = p > NEAR_ROWS ? p - NEAR_ROWS : 0, q1 = p + NEAR_ROWS < n ? p + NEAR_ROWS + 1 : n;
    for (size_t q = q0; q < q1; q++) {
      const pt_row *o = &t->rows[v[q]];
      unsigned long d = o->line > r->line ? o->line - r->line : r->line - o->line;
      if (q == p || d > w) continue;
      int kind = 2;
      /* a base within 5 % of the figure's own is a slip of the figure, not
       * another figure's base */
      if (one_total && has_total(o) && o->total == tlo && far_apart(o->total, r->total)) kind = 0;
      else if (one_count && has_count(o) && o->count == clo && far_apart(o->count, r->count)) kind = 1;
      if (kind < 2 && (kind < best_kind || (kind == best_kind && d < best_d))) {
        best = v[q]; best_kind = kind; best_d = d;
      }
    }
    if (best == (size_t)-1) continue;
    const pt_row *o = &t->rows[best];
    pt_finding *x = add_row(c, PT_RULE_OTHER_BASE, best_kind == 0 ? PT_AC_OTHER_TOTAL : PT_AC_OTHER_COUNT,
                            PT_SEV_WARNING, r);
    if (!x) continue;
    set_reported(c, x, r);
    x->count = r->count; x->total = r->total;
    x->ref_count = o->count; x->ref_total = o->total; x->ref_line = o->line;
  }
  free(v);
  return 0;
}

/* The totals a count with its printed percentage allows: [lo, hi]. */
static int pct_base(const ctx *c, size_t i, uint64_t *lo, uint64_t *hi)
{
  const pt_row *r = &c->t->rows[i];
  if (!c->ri[i].has_pct || !has_count(r) || r->count == 0 || c->ri[i].pct.mant == 0) return 0;
  return pt_pct_totals(r->count, c->ri[i].pct, PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN | PT_ROUND_TRUNC | PT_ROUND_CEIL, lo, hi);
}

static int total_stated(const ctx *c, size_t i, uint64_t lo, uint64_t hi);

/* One unit's rows (v[s..e)): the total its percentage-only figures share
 * against each printed total; each percentage-only figure's implied base
 * against the totals stated. */
static void unit_totals(ctx *c, const size_t *v, size_t s, size_t e)
{
  const pt_table *t = c->t;
  uint64_t ilo = 0, ihi = PT_COUNT_MAX, lo, hi;
  size_t nsib = 0, nstated = 0;
  pt_finding *x;
  for (size_t k = s; k < e; k++) {
    const pt_row *r = &t->rows[v[k]];
    if (has_total(r) && usable(r)) nstated++;
    if (!(r->flags & PT_ROW_NO_TOTAL) || !pct_base(c, v[k], &lo, &hi)) continue;
    nsib++;
    if (lo > ilo) ilo = lo;
    if (hi < ihi) ihi = hi;
  }
  if (nsib >= 2 && ilo <= ihi)
    for (size_t k = s; k < e; k++) {
      const pt_row *r = &t->rows[v[k]];
      if (!has_total(r) || !usable(r) || !pct_base(c, v[k], &lo, &hi)) continue;
      uint64_t a = lo > ilo ? lo : ilo, b = hi < ihi ? hi : ihi;
      if (a > b || (r->total >= a && r->total <= b)) continue;
      if (!(x = add_row(c, PT_RULE_SHARED_TOTAL, PT_AC_SHARED_TOTAL, PT_SEV_WARNING, r))) return;
      set_reported(c, x, r);
      x->count = r->count; x->total = r->total; x->lo = a; x->hi = b;
      for (size_t q = s; q < e; q++)
        if ((t->rows[v[q]].flags & PT_ROW_NO_TOTAL) && pct_base(c, v[q], &lo, &hi)) cite(x, &t->rows[v[q]], &c->ri[v[q]]);
    }
  if (!nstated) return;
  for (size_t k = s; k < e; k++) {
    const pt_row *r = &t->rows[v[k]];
    int fits = 0;
    if (!(r->flags & PT_ROW_NO_TOTAL) || !pct_base(c, v[k], &lo, &hi)) continue;
    /* or a count stated for the unit, the percentage rounded ("of which 309
     * were secondaries ... 10 per cent of the secondaries (31 schools)") */
    uint64_t rlo = 1, rhi = 0;
    if (!pt_pct_totals(r->count, c->ri[v[k]].pct, PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN, &rlo, &rhi)) rhi = 0;
    for (size_t q = s; q < e && !fits; q++) {
      const pt_row *o = &t->rows[v[q]];
      fits = has_total(o) && usable(o) && o->total >= lo && o->total <= hi;
      fits |= q != k && has_count(o) && o->count >= rlo && o->count <= rhi;
    }
    /* a total of another unit of the year: the unit named two ways ("26 per cent of the 1,172 North-East
     * schools ... 51 per cent ..., a total of 598 schools"), no finding */
    fits = fits || total_stated(c, v[k], lo, hi);
    if (fits || !(x = add_row(c, PT_RULE_IMPLIED_BASE, PT_AC_IMPLIED_BASE, PT_SEV_WARNING, r))) continue;
    set_reported(c, x, r);
    x->count = r->count; x->lo = lo; x->hi = hi;
    for (size_t q = s; q < e; q++) {
      const pt_row *o = &t->rows[v[q]];
      int seen = 0;
      if (!has_total(o) || !usable(o)) continue;
      for (size_t z = 0; z < x->ncites && !seen; z++) seen = x->cites[z].total == o->total;
      if (!seen) cite(x, o, &c->ri[v[q]]);
    }
  }
}

static int cmp_stated(const ctx *c, size_t i, size_t j)
{
  const rinfo *a = &c->ri[i], *b = &c->ri[j];
  CMP(a->a, b->a); CMP(a->dated, b->dated); CMP(a->pk, b->pk); CMP(c->t->rows[i].total, c->t->rows[j].total);
  CMP(i, j);
  return 0;
}

/* A total in [lo, hi] stated for any unit of row i's area and period: a
 * binary search of c->tot. */
static int total_stated(const ctx *c, size_t i, uint64_t lo, uint64_t hi)
{
  const rinfo *r = &c->ri[i];
  size_t l = 0, h = c->ntot;
  while (l < h) {   /* the first entry not below (area, period, lo) */
    size_t m = l + (h - l) / 2;
    const rinfo *q = &c->ri[c->tot[m]];
    int below = q->a != r->a ? q->a < r->a : q->dated != r->dated ? q->dated < r->dated :
                q->pk != r->pk ? q->pk < r->pk : c->t->rows[c->tot[m]].total < lo;
    if (below) l = m + 1; else h = m;
  }
  if (l == c->ntot) return 0;
  const rinfo *q = &c->ri[c->tot[l]];
  return q->a == r->a && q->dated == r->dated && q->pk == r->pk && c->t->rows[c->tot[l]].total <= hi;
}

static int rule_unit_totals(ctx *c)
{
  const pt_table *t = c->t;
  size_t n = 0, *v = malloc((t->n ? t->n : 1) * sizeof *v);
  if (!v) return -1;
  if (!(c->tot = malloc((t->n ? t->n : 1) * sizeof *c->tot))) { free(v); return -1; }
  c->ntot = 0;
  for (size_t i = 0; i < t->n; i++)
    if (has_total(&t->rows[i]) && usable(&t->rows[i])) c->tot[c->ntot++] = i;
  msort(c, c->tot, c->tmp, c->ntot, cmp_stated);
  for (size_t i = 0; i < t->n; i++)
    if (*t->rows[i].group) v[n++] = i;
  msort(c, v, c->tmp, n, cmp_unit);
  for (size_t s = 0, e; s < n && !c->oom; s = e) {
    for (e = s + 1; e < n && same_unit_key(c, v[s], v[e]); e++) ;
    unit_totals(c, v, s, e);
  }
  free(v);
  free(c->tot);
  c->tot = NULL;
  return 0;
}

/* What could not be checked, by reason: one note each, with the count. */
static void rule_unchecked(ctx *c)
{
  size_t cnt[PT_UNCHECKED_N] = { 0 };
  unsigned long first[PT_UNCHECKED_N] = { 0 };
  uint64_t lo, hi;
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    int why[PT_UNCHECKED_N] = { 0 };
    why[PT_UNCHECKED_NO_UNIT] = !*r->group;
    why[PT_UNCHECKED_NO_STAGE] = !*r->stage;
    why[PT_UNCHECKED_NO_YEAR] = (r->flags & PT_ROW_NO_PERIOD) && c->o->text;
    why[PT_UNCHECKED_NO_YEAR_LINE] = (r->flags & PT_ROW_NO_PERIOD) && !c->o->text;
    why[PT_UNCHECKED_UNMAPPED] = *r->group && (r->flags & PT_ROW_UNMAPPED);
    /* a count with its percentage and no total is used by the total rules */
    why[PT_UNCHECKED_UNUSABLE] = !usable(r) && !((r->flags & PT_ROW_NO_TOTAL) && pct_base(c, i, &lo, &hi));
    for (int k = 0; k < PT_UNCHECKED_N; k++)
      if (why[k] && !cnt[k]++) first[k] = r->line;
  }
  for (int k = 0; k < PT_UNCHECKED_N; k++) {
    pt_finding *x;
    if (cnt[k] && (x = add(c, PT_RULE_UNCHECKED, PT_AC_UNCHECKED, PT_SEV_NOTE, NULL, NULL, NULL, NULL, 0))) {
      x->reason = (pt_unchecked_reason)k;
      x->tally[0] = cnt[k];
      x->ref_line = first[k];
    }
  }
}

/* ---- the audit ------------------------------------------------------------------------- */

static int cmp_finding(const pt_finding *x, const pt_finding *y)
{
  if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
  if (x->line != y->line) {
    if (!x->line) return 1;
    if (!y->line) return -1;
    return x->line < y->line ? -1 : 1;
  }
  int r = strcmp(pt_audit_rule_name(x->rule), pt_audit_rule_name(y->rule));
  if (r) return r;
  r = strcmp(x->group ? x->group : "", y->group ? y->group : "");
  if (r) return r;
  r = strcmp(x->stage ? x->stage : "", y->stage ? y->stage : "");
  if (r) return r;
  return (x->period > y->period) - (x->period < y->period);
}

/* Stable merge sort of the findings (equal ones stay in rule order). */
static void sort_findings(pt_finding *v, pt_finding *tmp, size_t n)
{
  if (n < 2) return;
  size_t h = n / 2, i = 0, j = h, k = 0;
  sort_findings(v, tmp, h);
  sort_findings(v + h, tmp, n - h);
  while (i < h && j < n) tmp[k++] = cmp_finding(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

/* Interned keys, parsed percentages and, with a text, where each row is. */
static int row_info(ctx *c, intern *in)
{
  const pt_table *t = c->t;
  uint32_t *rank;
  for (size_t i = 0; i < t->n; i++) {
    c->ri[i].a = intern_id(in, t->rows[i].area);
    c->ri[i].g = intern_id(in, t->rows[i].group);
    c->ri[i].s = intern_id(in, t->rows[i].stage);
  }
  if (intern_ranks(in, &rank)) return -1;
  for (size_t i = 0; i < t->n; i++) {
    c->ri[i].a = rank[c->ri[i].a];
    c->ri[i].g = rank[c->ri[i].g];
    c->ri[i].s = rank[c->ri[i].s];
  }
  free(rank);
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *r = &t->rows[i];
    rinfo *ri = &c->ri[i];
    ri->dated = !(r->flags & PT_ROW_NO_PERIOD);
    ri->has_pct = r->reported && pt_parse_reported(r->reported, c->o->reported_fmt, &ri->pct) == PT_SUCCESS &&
                  ri->pct.scale <= 18;
    const char *num;
    pt_pct_bound b = r->reported ? pt_reported_bound(r->reported, &num) : PT_BOUND_NONE;
    if (b && pt_parse_reported(num, c->o->reported_fmt, &ri->pct) == PT_SUCCESS && ri->pct.scale <= 18)
      ri->bound = b;   /* not a rounded value: no rule but the bound's own */
    ri->para = ri->sent = r->line;
    ri->period = r->period;
    ri->pk = ri->dated ? r->period : (long)r->line;
  }
  return 0;
}

/* Offsets, paragraphs and sentences of the rows of c (in (line, column)
 * order, one cursor along the text: a long line of many figures is walked
 * once, not once per figure); byoff receives them in offset order. */
static void locate(ctx *c, size_t *byoff, marker *m, size_t nm, const unsigned long *para,
                   const size_t *ls, size_t nlines)
{
  const pt_table *t = c->t;
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *r = &t->rows[i];
    rinfo *ri = &c->ri[i];
    unsigned long l = r->line >= 1 && r->line <= nlines ? r->line : nlines;
    ri->para = para[l];
    ri->off = l;                       /* the line, until the sort below */
    ri->sent = source_col(r->source, r->line);  /* the column, likewise */
    if (!ri->dated) ri->pk = (long)ri->para;
    byoff[i] = i;
  }
  msort(c, byoff, c->tmp, t->n, cmp_line_col);
  size_t cur = 0, cur_line = 0;
  unsigned long cur_col = 1;
  for (size_t k = 0; k < t->n; k++) {
    rinfo *ri = &c->ri[byoff[k]];
    if (ri->off != cur_line) { cur_line = ri->off; cur = ls[cur_line]; cur_col = 1; }
    cur = col_offset(c->text, c->text_len, cur, ri->sent - cur_col + 1);
    cur_col = ri->sent > cur_col ? ri->sent : cur_col;
    ri->off = cur;
  }
  sentences(c, byoff, t->n, m, nm, para, ls, nlines);
}

/* The text's rules: rows located in the text, then the parts-whole rule
 * over the figures and (o->counts) the text's bare counts.  The bare
 * counts are rows of a view (figures first, then counts) that only this
 * rule sees. */
static int text_rules(ctx *c)
{
  const pt_table *t = c->t, *bc = c->o->counts;
  size_t nb = bc ? bc->n : 0, nall = t->n + nb, *ls = NULL, nlines = 0, nm = 0;
  char *nfc = NULL;
  unsigned long *para = NULL;
  size_t *byoff = malloc((nall ? nall : 1) * sizeof *byoff), *tmp = malloc((nall ? nall : 1) * sizeof *tmp);
  pt_row *rows = nb ? malloc(nall * sizeof *rows) : NULL;
  rinfo *ri = nb ? calloc(nall, sizeof *ri) : NULL;
  marker *m = NULL;
  int rc = -1;
  /* decomposed text ("trong đó" in NFD) reads as the extractor read it */
  if (!byoff || !tmp || (nb && (!rows || !ri)) || pt_utf8_nfc(c->o->text, c->o->text_len, &nfc, &c->text_len))
    goto out;
  c->text = nfc;
  para = paragraphs(c->text, c->text_len, &ls, &nlines);
  m = find_markers(c->text, c->text_len, &nm);
  if (!para || !m) goto out;
  if (!nb) {
    locate(c, byoff, m, nm, para, ls, nlines);
    rc = rule_parts(c, byoff, t->n, NULL, 0, m, nm);
    goto out;
  }
  pt_table view = *t;
  if (t->n) {   /* a text of counts and no figure has no rows to copy */
    memcpy(rows, t->rows, t->n * sizeof *rows);
    memcpy(ri, c->ri, t->n * sizeof *ri);
  }
  memcpy(rows + t->n, bc->rows, nb * sizeof *rows);
  view.rows = rows;
  view.n = nall;
  ctx v = *c;
  v.t = &view; v.ri = ri; v.tmp = tmp;
  locate(&v, byoff, m, nm, para, ls, nlines);
  size_t nf = 0, *bo = tmp;   /* byoff split: figures in place, then the counts */
  for (size_t k = 0, q = 0; k < nall; k++) {
    if (byoff[k] < t->n) byoff[nf++] = byoff[k];
    else bo[q++] = byoff[k];
  }
  rc = rule_parts(&v, byoff, nf, bo, nb, m, nm);
  c->oom |= v.oom;
  if (t->n) memcpy(c->ri, ri, t->n * sizeof *ri);
out:
  free(para); free(ls); free(byoff); free(tmp); free(rows); free(ri); free(m); free(nfc);
  c->text = NULL;
  return rc;
}

int pt_audit(const pt_table *t, const pt_audit_opts *o, pt_findings *out)
{
  ctx c;
  pt_audit_opts def;
  habit h = { 0, 0, 0, 0 };
  intern in;
  unsigned *masks;
  int st = 0;
  if (!t || !out) return PT_EDOM;
  if (!o) { pt_audit_opts_init(&def); o = &def; }
  memset(&c, 0, sizeof c);
  c.t = t; c.o = o; c.out = out;
  size_t n1 = t->n ? t->n : 1;
  masks = calloc(n1, sizeof *masks);
  c.ord = malloc(n1 * sizeof *c.ord);
  c.tmp = malloc(n1 * sizeof *c.tmp);
  c.ri = calloc(n1, sizeof *c.ri);
  if (intern_init(&in, 3 * t->n) || !masks || !c.ord || !c.tmp || !c.ri || row_info(&c, &in)) {
    st = -1;
    goto out;
  }
  /* pt_table_order's order, on the ranked ids */
  for (size_t i = 0; i < t->n; i++) c.ord[i] = i;
  msort(&c, c.ord, c.tmp, t->n, cmp_series);
  /* with the text, figures with no year are keyed by their paragraph */
  if (o->text && text_rules(&c)) { st = -1; goto out; }
  rule_row_flags(&c);
  rule_pct(&c, &h, masks);
  rule_convention(&c, &h, masks);
  rule_impossible(&c);
  if (rule_stages(&c) || (rule_series(&c), rule_missing(&c)) || rule_other_base(&c) || rule_unit_totals(&c))
    st = -1;
  if (o->extracted) rule_unchecked(&c);
out:
  intern_free(&in);
  free(masks); free(c.ord); free(c.tmp); free(c.ri);
  if (st || c.oom) return PT_ENOMEM;
  pt_finding *tmp = malloc((out->n ? out->n : 1) * sizeof *tmp);
  if (!tmp) return PT_ENOMEM;
  sort_findings(out->items, tmp, out->n);
  free(tmp);
  return PT_SUCCESS;
}
