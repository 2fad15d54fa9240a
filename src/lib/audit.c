/* audit.c - consistency rules over a tidy table (see proptrend/audit.h).
 *
 * The percentage check is GRIM-like (Brown & Heathers 2017) but for
 * proportions: whether the printed value, with its printed number of
 * decimals, is what a rounding convention makes of 100 x / n.  It is done
 * in 128-bit integers, so no value on a rounding boundary (551/576 at two
 * decimals: 95.659722...) is misjudged by binary floating point.
 */
#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/audit.h"
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

void pt_audit_opts_init(pt_audit_opts *o)
{
  memset(o, 0, sizeof *o);
  o->max_total_change = 0.10;
  o->reported_fmt = -1;
}

void pt_findings_init(pt_findings *f) { memset(f, 0, sizeof *f); }

void pt_findings_free(pt_findings *f)
{
  if (!f) return;
  for (size_t i = 0; i < f->n; i++) {
    free(f->items[i].area); free(f->items[i].group);
    free(f->items[i].stage); free(f->items[i].message);
  }
  free(f->items);
  memset(f, 0, sizeof *f);
}

static u128 pow10u(int k)
{
  u128 v = 1;
  while (k-- > 0) v *= 10;
  return v;
}

int pt_pct_fits(uint64_t x, uint64_t n, pt_decimal rep, unsigned *mask, uint64_t *half_up)
{
  u128 num, q, r;
  unsigned m = 0;
  if (n == 0 || rep.scale < 0 || rep.scale > 18 || x > PT_COUNT_MAX) return PT_EDOM;
  num = (u128)x * 100u * pow10u(rep.scale);
  q = num / n;
  r = num % n;
  u128 hu = q + (2 * r >= n ? 1 : 0);
  u128 he = q + (2 * r > n ? 1 : (2 * r == n ? (q & 1) : 0));
  u128 ce = q + (r > 0 ? 1 : 0);
  if (hu == rep.mant) m |= PT_ROUND_HALF_UP;
  if (he == rep.mant) m |= PT_ROUND_HALF_EVEN;
  if (q == rep.mant) m |= PT_ROUND_TRUNC;
  if (ce == rep.mant) m |= PT_ROUND_CEIL;
  *mask = m;
  if (half_up) *half_up = (uint64_t)hu;
  return PT_SUCCESS;
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

/* ---- findings ----------------------------------------------------------- */

typedef struct ctx {
  const pt_table *t;
  const pt_audit_opts *o;
  pt_findings *out;
  int oom;
} ctx;

/* Every message in English and Vietnamese, side by side at the place it is
 * made, so the compiler checks both against the same arguments. */
#define TR(c, en, vi) ((c)->o->vietnamese ? (vi) : (en))

static char *dup0(const char *s)
{
  return s ? strdup(s) : NULL;
}

static void add(ctx *c, const char *rule, pt_severity sev, const char *area, const char *group,
                const char *stage, const long *period, unsigned long line, const char *fmt, ...)
  __attribute__((format(printf, 9, 10)));

static void add(ctx *c, const char *rule, pt_severity sev, const char *area, const char *group,
                const char *stage, const long *period, unsigned long line, const char *fmt, ...)
{
  pt_findings *f = c->out;
  char msg[1024];
  va_list ap;
  if (c->oom) return;
  if (f->n == f->cap) {
    size_t nc = f->cap ? 2 * f->cap : 32;
    pt_finding *ni = realloc(f->items, nc * sizeof *ni);
    if (!ni) { c->oom = 1; return; }
    f->items = ni; f->cap = nc;
  }
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  pt_finding *x = &f->items[f->n];
  memset(x, 0, sizeof *x);
  x->rule = rule;
  x->severity = sev;
  x->area = dup0(area && *area ? area : NULL);
  x->group = dup0(group);
  x->stage = dup0(stage);
  if (period) { x->period = *period; x->has_period = 1; }
  x->line = line;
  x->message = strdup(msg);
  if (!x->message || (group && !x->group) || (stage && !x->stage)) {
    free(x->area); free(x->group); free(x->stage); free(x->message);
    c->oom = 1;
    return;
  }
  f->n++;
}

static void add_row(ctx *c, const char *rule, pt_severity sev, const pt_row *r, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));

static void add_row(ctx *c, const char *rule, pt_severity sev, const pt_row *r, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  add(c, rule, sev, r->area, r->group, r->stage, &r->period, r->line, "%s", msg);
}

/* 100 x / n with k decimals under one convention, printed with mark. */
static void pct_str(char *buf, size_t cap, uint64_t mant, int scale, char mark)
{
  char digits[48];
  u128 v = mant;
  int n = 0;
  do { digits[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v > 0 || n <= scale);
  size_t j = 0;
  for (int i = n - 1; i >= 0 && j + 2 < cap; i--) {
    buf[j++] = digits[i];
    if (i == scale && scale > 0) buf[j++] = mark;
  }
  buf[j] = '\0';
}

static void convention_value(uint64_t x, uint64_t n, int scale, unsigned which, char mark,
                             char *buf, size_t cap)
{
  u128 num = (u128)x * 100u * pow10u(scale), q = num / n, r = num % n, v = q;
  if (which == PT_ROUND_HALF_UP) v = q + (2 * r >= n);
  else if (which == PT_ROUND_CEIL) v = q + (r > 0);
  pct_str(buf, cap, (uint64_t)v, scale, mark);
}

static int usable(const pt_row *r)
{
  return !(r->flags & (PT_ROW_COUNT_EXCEEDS_TOTAL | PT_ROW_ZERO_TOTAL | PT_ROW_NO_COUNT));
}

/* Has a full key (figures extracted from text may lack a unit, stage or
 * year, or carry a unit phrase that maps to no code): only such rows enter
 * the rules that compare rows. */
static int keyed(const pt_row *r)
{
  return *r->group && *r->stage && !(r->flags & (PT_ROW_NO_PERIOD | PT_ROW_UNMAPPED));
}

/* ---- rules ----------------------------------------------------------------- */

static void rule_row_flags(ctx *c)
{
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    if (r->flags & PT_ROW_COUNT_EXCEEDS_TOTAL)
      add_row(c, "count-exceeds-total", PT_SEV_ERROR, r, TR(c, "count %llu exceeds total %llu", "số đạt %llu lớn hơn tổng số %llu"),
              (unsigned long long)r->count, (unsigned long long)r->total);
    if (r->flags & PT_ROW_ZERO_TOTAL)
      add_row(c, "zero-total", PT_SEV_ERROR, r, TR(c, "total is 0 (count %llu)", "tổng số bằng 0 (số đạt %llu)"), (unsigned long long)r->count);
    if (r->flags & PT_ROW_DUPLICATE) {
      const pt_row *first = NULL;
      for (size_t j = 0; j < c->t->n; j++) {
        const pt_row *q = &c->t->rows[j];
        if (j != i && pt_row_key_cmp(q, r) == 0 && q->line < r->line && (!first || q->line < first->line))
          first = q;
      }
      if (first)
        add_row(c, "duplicate-key", PT_SEV_ERROR, r,
                TR(c, "the same key appears on line %lu (%llu/%llu there, %llu/%llu here)",
                   "cùng khóa đã có ở dòng %lu (ở đó %llu/%llu, ở đây %llu/%llu)"), first->line,
                (unsigned long long)first->count, (unsigned long long)first->total,
                (unsigned long long)r->count, (unsigned long long)r->total);
    }
  }
}

/* Rounding habit counters for the convention rule. */
typedef struct habit { size_t total, round, trunc, ceil; } habit;

static void rule_pct(ctx *c, habit *h, unsigned *masks)
{
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    pt_decimal d;
    unsigned m;
    uint64_t hu;
    masks[i] = 0;
    if (!r->reported) continue;
    if (pt_parse_reported(r->reported, c->o->reported_fmt, &d) != PT_SUCCESS) {
      add_row(c, "pct-mismatch", PT_SEV_WARNING, r, TR(c, "reported \"%s\" is not a percentage", "giá trị in \"%s\" không phải là tỷ lệ phần trăm"), r->reported);
      continue;
    }
    if (r->flags & PT_ROW_NO_COUNT) continue;   /* impossible-percentage's job */
    if (!usable(r) || pt_pct_fits(r->count, r->total, d, &m, &hu) != PT_SUCCESS) continue;
    masks[i] = m | (1u << 8);   /* bit 8: checked */
    h->total++;
    if (m & (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)) h->round++;
    if (m & PT_ROUND_TRUNC) h->trunc++;
    if (m & PT_ROUND_CEIL) h->ceil++;
    char mark = strchr(r->reported, ',') ? ',' : '.';
    char rv[48], tv[48], cv[48];
    double exact = 100.0 * (double)r->count / (double)r->total;
    convention_value(r->count, r->total, d.scale, PT_ROUND_HALF_UP, mark, rv, sizeof rv);
    convention_value(r->count, r->total, d.scale, PT_ROUND_TRUNC, mark, tv, sizeof tv);
    convention_value(r->count, r->total, d.scale, PT_ROUND_CEIL, mark, cv, sizeof cv);
    if (m & (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)) continue;
    if (m & PT_ROUND_TRUNC)
      add_row(c, "pct-mismatch", PT_SEV_WARNING, r,
              TR(c, "reported %s%% fits %llu/%llu = %.6g%% only if truncated (rounded: %s%%)",
                 "tỷ lệ in %s%% khớp %llu/%llu = %.6g%% chỉ khi cắt bỏ (làm tròn: %s%%)"),
              r->reported, (unsigned long long)r->count, (unsigned long long)r->total, exact, rv);
    else if (m & PT_ROUND_CEIL)
      add_row(c, "pct-mismatch", PT_SEV_WARNING, r,
              TR(c, "reported %s%% fits %llu/%llu = %.6g%% only if rounded up (rounded: %s%%)",
                 "tỷ lệ in %s%% khớp %llu/%llu = %.6g%% chỉ khi làm tròn lên (làm tròn: %s%%)"),
              r->reported, (unsigned long long)r->count, (unsigned long long)r->total, exact, rv);
    else
      add_row(c, "pct-mismatch", PT_SEV_ERROR, r,
              TR(c, "reported %s%% but %llu/%llu = %.6g%%: %s%% rounded, %s%% truncated",
                 "tỷ lệ in %s%% nhưng %llu/%llu = %.6g%%: làm tròn là %s%%, cắt bỏ là %s%%"),
              r->reported, (unsigned long long)r->count, (unsigned long long)r->total, exact, rv, tv);
    (void)cv;
  }
}

static void rule_convention(ctx *c, const habit *h, const unsigned *masks)
{
  const char *name;
  unsigned bits;
  size_t fit;
  if (h->total < 3) return;   /* too few figures to speak of a habit */
  if (h->trunc > h->round && h->trunc >= h->ceil) {
    name = TR(c, "truncation", "cắt bỏ"); bits = PT_ROUND_TRUNC; fit = h->trunc;
  } else if (h->ceil > h->round && h->ceil > h->trunc) {
    name = TR(c, "rounding up", "làm tròn lên"); bits = PT_ROUND_CEIL; fit = h->ceil;
  } else {
    name = TR(c, "rounding", "làm tròn"); bits = PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN; fit = h->round;
  }
  if (2 * fit <= h->total) {
    add(c, "convention", PT_SEV_NOTE, NULL, NULL, NULL, NULL, 0,
        TR(c, "%zu printed percentages: %zu fit rounding, %zu truncation, %zu rounding up; "
           "no convention explains most of them",
           "%zu tỷ lệ in: %zu khớp làm tròn, %zu khớp cắt bỏ, %zu khớp làm tròn lên; "
           "không quy tắc nào giải thích phần lớn"), h->total, h->round, h->trunc, h->ceil);
    return;
  }
  add(c, "convention", PT_SEV_NOTE, NULL, NULL, NULL, NULL, 0,
      TR(c, "%zu printed percentages: %zu fit rounding, %zu truncation, %zu rounding up; "
         "the document's habit is %s",
         "%zu tỷ lệ in: %zu khớp làm tròn, %zu khớp cắt bỏ, %zu khớp làm tròn lên; "
         "thói quen của văn bản là %s"), h->total, h->round, h->trunc, h->ceil, name);
  size_t breakers = 0;
  for (size_t i = 0; i < c->t->n; i++)
    breakers += (masks[i] & (1u << 8)) && !(masks[i] & bits) && (masks[i] & 0xffu);
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    /* figures that fit no convention are pct-mismatch errors already */
    if (!(masks[i] & (1u << 8)) || (masks[i] & bits) || !(masks[i] & 0xffu)) continue;
    /* a warning when this figure is the only one out of line */
    add_row(c, "convention", breakers == 1 ? PT_SEV_WARNING : PT_SEV_NOTE, r,
            TR(c, "reported %s%% breaks the document's habit (%s): %s", "tỷ lệ in %s%% khác thói quen của văn bản (%s): %s"), r->reported, name,
            (masks[i] & (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)) ? TR(c, "it fits rounding", "khớp làm tròn") :
            (masks[i] & PT_ROUND_TRUNC) ? TR(c, "it fits truncation", "khớp cắt bỏ") : TR(c, "it fits rounding up", "khớp làm tròn lên"));
  }
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

static void rule_impossible(ctx *c)
{
  static const struct { unsigned conv; const char *name, *vi; } convs[] = {
    { PT_ROUND_HALF_UP, "rounded", "làm tròn" }, { PT_ROUND_HALF_EVEN, "rounded half to even", "làm tròn về số chẵn" },
    { PT_ROUND_TRUNC, "truncated", "cắt bỏ" }, { PT_ROUND_CEIL, "rounded up", "làm tròn lên" },
  };
  for (size_t i = 0; i < c->t->n; i++) {
    const pt_row *r = &c->t->rows[i];
    pt_decimal d;
    uint64_t lo = 0, hi = 0;
    size_t k;
    if (!(r->flags & PT_ROW_NO_COUNT) || !r->reported || r->total == 0) continue;
    if (pt_parse_reported(r->reported, c->o->reported_fmt, &d) != PT_SUCCESS || d.scale > 18) continue;
    for (k = 0; k < sizeof convs / sizeof convs[0]; k++)
      if (count_range(r->total, d, convs[k].conv, &lo, &hi)) break;
    if (k == sizeof convs / sizeof convs[0])
      add_row(c, "impossible-percentage", PT_SEV_ERROR, r,
              TR(c, "no whole count of %llu units gives %s%% under any rounding convention",
                 "không có số nguyên nào trong %llu đơn vị cho %s%% theo bất kỳ quy tắc làm tròn nào"),
              (unsigned long long)r->total, r->reported);
    else if (lo == hi)
      add_row(c, "impossible-percentage", PT_SEV_NOTE, r, TR(c, "count not given: %s%% of %llu is %llu (%s)", "không có số đạt: %s%% của %llu là %llu (%s)"),
              r->reported, (unsigned long long)r->total, (unsigned long long)lo, TR(c, convs[k].name, convs[k].vi));
    else
      add_row(c, "impossible-percentage", PT_SEV_NOTE, r, TR(c, "count not given: %s%% of %llu is %llu to %llu (%s)", "không có số đạt: %s%% của %llu là từ %llu đến %llu (%s)"),
              r->reported, (unsigned long long)r->total, (unsigned long long)lo, (unsigned long long)hi,
              TR(c, convs[k].name, convs[k].vi));
  }
}

static int stage_rank(const ctx *c, const char *stage, int have_reg_rec)
{
  if (c->o->stages) {
    for (size_t k = 0; k < c->o->nstages; k++)
      if (!strcmp(c->o->stages[k], stage)) return (int)k;
    return -1;
  }
  if (!have_reg_rec) return -1;
  if (!strcmp(stage, "registered")) return 0;
  if (!strcmp(stage, "recognized")) return 1;
  return -1;
}

static int same_unit(const pt_row *a, const pt_row *b)
{
  return !strcmp(a->area ? a->area : "", b->area ? b->area : "") && !strcmp(a->group, b->group) &&
         a->period == b->period;
}

static void rule_stages(ctx *c)
{
  const pt_table *t = c->t;
  int have_reg = 0, have_rec = 0;
  for (size_t i = 0; i < t->n; i++) {
    have_reg |= !strcmp(t->rows[i].stage, "registered");
    have_rec |= !strcmp(t->rows[i].stage, "recognized");
  }
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *a = &t->rows[i];
    if (!usable(a) || !keyed(a) || (a->flags & PT_ROW_DUPLICATE)) continue;
    int ra = stage_rank(c, a->stage, have_reg && have_rec);
    for (size_t j = 0; j < t->n; j++) {
      const pt_row *b = &t->rows[j];
      if (j == i || !usable(b) || !keyed(b) || (b->flags & PT_ROW_DUPLICATE) || !same_unit(a, b)) continue;
      int rb = stage_rank(c, b->stage, have_reg && have_rec);
      /* stage-order: b comes after a in the order, so may not exceed it */
      if (ra >= 0 && rb > ra && b->count > a->count)
        add_row(c, "stage-order", PT_SEV_ERROR, b, TR(c, "%s count %llu exceeds the earlier stage %s count %llu", "số %s %llu lớn hơn số của giai đoạn trước %s %llu"),
                b->stage, (unsigned long long)b->count, a->stage, (unsigned long long)a->count);
      /* stage-denominator: report each pair once (from the row read first) */
      if (i < j && a->total != b->total && strcmp(a->stage, b->stage) != 0) {
        long long diff = (long long)b->total - (long long)a->total;
        add_row(c, "stage-denominator", PT_SEV_WARNING, b,
                TR(c, "total %llu (%s) differs from %llu (%s) by %+lld units (%+.1f%%): rates of the two stages are not comparable",
                   "tổng số %llu (%s) khác %llu (%s) %+lld đơn vị (%+.1f%%): không so sánh được tỷ lệ của hai giai đoạn"),
                (unsigned long long)b->total, b->stage, (unsigned long long)a->total, a->stage, diff,
                100.0 * (double)diff / (double)a->total);
      }
    }
  }
}

static void rule_series(ctx *c, const size_t *idx)
{
  const pt_table *t = c->t;
  double mx = c->o->max_total_change > 0 ? c->o->max_total_change : 0.10;
  for (size_t k = 1; k < t->n; k++) {
    const pt_row *a = &t->rows[idx[k - 1]], *b = &t->rows[idx[k]];
    if (!pt_row_same_series(a, b) || a->period == b->period || !usable(a) || !usable(b) ||
        !keyed(a) || !keyed(b))
      continue;
    double ch = ((double)b->total - (double)a->total) / (double)a->total;
    if (fabs(ch) > mx)
      add_row(c, "period-denominator", fabs(ch) > 3 * mx ? PT_SEV_WARNING : PT_SEV_NOTE, b,
              TR(c, "total %llu in %ld against %llu in %ld (%+.1f%%, more than %g%%)",
                 "tổng số %llu năm %ld so với %llu năm %ld (%+.1f%%, quá %g%%)"),
              (unsigned long long)b->total, b->period, (unsigned long long)a->total, a->period,
              100.0 * ch, 100.0 * mx);
    if (a->count == b->count && a->total == b->total)
      add_row(c, "repeated-figure", PT_SEV_NOTE, b, TR(c, "same figure %llu/%llu as in %ld (possible copy-forward)", "cùng số liệu %llu/%llu như năm %ld (có thể chép lại từ năm trước)"),
              (unsigned long long)b->count, (unsigned long long)b->total, a->period);
    if (b->period - a->period > 1)
      for (long p = a->period + 1; p < b->period && p - a->period <= 50; p++)
        add(c, "missing", PT_SEV_NOTE, b->area, b->group, b->stage, &p, 0,
            TR(c, "gap in the series: no figure for %ld between %ld and %ld", "chuỗi bị gián đoạn: không có số liệu năm %ld giữa %ld và %ld"), p, a->period, b->period);
  }
}

/* Groups missing in a period where the same stage has figures for other groups. */
static void rule_missing(ctx *c)
{
  const pt_table *t = c->t;
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *s = &t->rows[i];   /* a (stage, period) present in the table */
    int first = 1;
    if (!keyed(s)) continue;
    for (size_t j = 0; j < i && first; j++)
      if (!strcmp(t->rows[j].stage, s->stage) && t->rows[j].period == s->period) first = 0;
    if (!first) continue;
    /* every (area, group) seen with this stage must have this period */
    for (size_t g = 0; g < t->n; g++) {
      const pt_row *u = &t->rows[g];
      int seen_before = 0, has = 0;
      if (!keyed(u) || strcmp(u->stage, s->stage) != 0) continue;
      for (size_t h = 0; h < g && !seen_before; h++)
        seen_before = !strcmp(t->rows[h].stage, s->stage) && !strcmp(t->rows[h].group, u->group) &&
                      !strcmp(t->rows[h].area ? t->rows[h].area : "", u->area ? u->area : "");
      if (seen_before) continue;
      for (size_t h = 0; h < t->n && !has; h++)
        has = !strcmp(t->rows[h].stage, s->stage) && t->rows[h].period == s->period &&
              !strcmp(t->rows[h].group, u->group) &&
              !strcmp(t->rows[h].area ? t->rows[h].area : "", u->area ? u->area : "");
      if (!has)
        add(c, "missing", PT_SEV_WARNING, u->area, u->group, u->stage, &s->period, 0,
            TR(c, "no %s figure for %s in %ld, while other groups have one", "không có số liệu %s cho %s năm %ld, trong khi các nhóm khác có"), s->stage, u->group, s->period);
    }
  }
  /* a group present in one stage and absent from another altogether */
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *s = &t->rows[i];
    int firsts = 1;
    if (!keyed(s)) continue;
    for (size_t j = 0; j < i && firsts; j++) firsts = strcmp(t->rows[j].stage, s->stage) != 0;
    if (!firsts) continue;
    for (size_t g = 0; g < t->n; g++) {
      const pt_row *u = &t->rows[g];
      int seen_before = 0, has = 0;
      if (!keyed(u)) continue;
      for (size_t h = 0; h < g && !seen_before; h++)
        seen_before = !strcmp(t->rows[h].group, u->group) &&
                      !strcmp(t->rows[h].area ? t->rows[h].area : "", u->area ? u->area : "");
      if (seen_before) continue;
      for (size_t h = 0; h < t->n && !has; h++)
        has = !strcmp(t->rows[h].stage, s->stage) && !strcmp(t->rows[h].group, u->group) &&
              !strcmp(t->rows[h].area ? t->rows[h].area : "", u->area ? u->area : "");
      if (!has)
        add(c, "missing", PT_SEV_WARNING, u->area, u->group, s->stage, NULL, 0,
            TR(c, "group %s has no %s figures at all", "nhóm %s hoàn toàn không có số liệu %s"), u->group, s->stage);
    }
  }
}

static int cmp_finding(const void *a, const void *b)
{
  const pt_finding *x = a, *y = b;
  if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
  if (x->line != y->line) {
    if (!x->line) return 1;
    if (!y->line) return -1;
    return x->line < y->line ? -1 : 1;
  }
  int r = strcmp(x->rule, y->rule);
  if (r) return r;
  r = strcmp(x->group ? x->group : "", y->group ? y->group : "");
  if (r) return r;
  r = strcmp(x->stage ? x->stage : "", y->stage ? y->stage : "");
  if (r) return r;
  return (x->period > y->period) - (x->period < y->period);
}

int pt_audit(const pt_table *t, const pt_audit_opts *o, pt_findings *out)
{
  ctx c;
  pt_audit_opts def;
  habit h = { 0, 0, 0, 0 };
  unsigned *masks;
  size_t *idx;
  if (!t || !out) return PT_EDOM;
  if (!o) { pt_audit_opts_init(&def); o = &def; }
  c.t = t; c.o = o; c.out = out; c.oom = 0;
  masks = calloc(t->n ? t->n : 1, sizeof *masks);
  idx = malloc((t->n ? t->n : 1) * sizeof *idx);
  if (!masks || !idx || pt_table_order(t, idx) != PT_SUCCESS) { free(masks); free(idx); return PT_ENOMEM; }
  rule_row_flags(&c);
  rule_pct(&c, &h, masks);
  rule_convention(&c, &h, masks);
  rule_impossible(&c);
  rule_stages(&c);
  rule_series(&c, idx);
  rule_missing(&c);
  free(masks);
  free(idx);
  if (c.oom) return PT_ENOMEM;
  /* stable order: insertion sort keeps equal findings in rule order */
  for (size_t i = 1; i < out->n; i++) {
    pt_finding x = out->items[i];
    size_t j = i;
    while (j > 0 && cmp_finding(&out->items[j - 1], &x) > 0) { out->items[j] = out->items[j - 1]; j--; }
    out->items[j] = x;
  }
  return PT_SUCCESS;
}
