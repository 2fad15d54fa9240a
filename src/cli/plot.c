/* plot.c - proptrend plot: figures through gnuplot, with an editable
 * standalone script.  Every label from the data goes through pt_gp_str();
 * the script run by proptrend writes the figure to gnuplot's stdout, and the
 * figure reaches OUT through a temporary file and a rename. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "opts.h"
#include "plot_joinpoint.h"
#include "proptrend/analyses.h"
#include "proptrend/anomaly.h"
#include "proptrend/series.h"
#include "proptrend/ci.h"
#include "proptrend/compare.h"
#include "proptrend/error.h"
#include "proptrend/num.h"
#include "proptrend/plot.h"
#include "proptrend/reinspect.h"

static const char *const SUB = "plot";

typedef cli_figure plotctx;

static const char *glabel(const plotctx *c, const char *code)
{
  return pt_labels_get(c->labels, "group", code, c->lang);
}

static const char *slabel(const plotctx *c, const char *code)
{
  return pt_labels_get(c->labels, "stage", code, c->lang);
}

/* The result of row r in a run's points (NULL when not tested). */
static const pt_an_anom **anom_by_row(const pt_table *t, const pt_an_anoms *a)
{
  const pt_an_anom **v = calloc(t->n ? t->n : 1, sizeof *v);
  for (size_t i = 0; v && a && i < a->n; i++) v[a->a[i].row - t->rows] = &a->a[i];
  return v;
}

/* Series label: area, group, stage in labels. */
static void series_label(const plotctx *c, const pt_row *r, char *buf, size_t cap, int with_group)
{
  if (r->area && *r->area)   /* many areas: the stage's short label */
    snprintf(buf, cap, "%s%s%s, %s", r->area, with_group ? ", " : "", with_group ? glabel(c, r->group) : "",
             pt_labels_get_short(c->labels, "stage", r->stage, c->lang));
  else if (with_group)
    snprintf(buf, cap, "%s, %s", glabel(c, r->group), slabel(c, r->stage));
  else
    snprintf(buf, cap, "%s", slabel(c, r->stage));
}

/* A label's width in code points (its characters on the figure). */
static size_t u8width(const char *s)
{
  size_t w = 0;
  for (; *s; s++) w += ((unsigned char)*s & 0xc0) != 0x80;
  return w;
}

static void common_style(pt_gp *g)
{
  pt_gp_raw(g, "set grid lc rgb \"#dddddd\"\nset border lc rgb \"#444444\"\n");
  for (int i = 0; i < 8; i++)
    pt_gp_raw(g, "set linetype %d lc rgb \"%s\" lw 2 dt %d pt %d ps 1\n", i + 1, pt_okabe_ito[i], i % 4 + 1,
              (int[]){ 7, 5, 9, 11, 13, 15, 6, 4 }[i]);
}

/* The figure's title and axis labels, every one quoted. */
static void titles(const plotctx *c, pt_gp *g, const char *title, const char *xlabel, const char *ylabel)
{
  pt_gp_raw(g, "set title ");
  pt_gp_str_wrap(g, title, (size_t)(c->width / 8));   /* 8: CHAR_W, a character's width */
  pt_gp_raw(g, "\nset xlabel ");
  pt_gp_str(g, xlabel);
  pt_gp_raw(g, "\nset ylabel ");
  pt_gp_str(g, ylabel);
  pt_gp_raw(g, "\n");
}

/* ---- pages and panels -------------------------------------------------------- */

/* A figure grows by pages, never past a bounded size: panels of the same
 * size on a grid of 2 columns and at most PAGE_ROWS rows (or the rows the
 * asked --size holds), a forest plot at most FOREST_ROWS rows a page. */
enum {
  SMALL_MAX = 4,        /* series in one rates panel: more tangle */
  PAGE_ROWS = 4,        /* rows of panels on a page of the default size */
  PANEL_H = 320,        /* a panel's height (1/96 in) at the default size */
  PANEL_MIN_H = 220,    /* the least height a panel is drawn at */
  FOREST_ROWS = 40,     /* rows of a forest page at the default size */
  FOREST_ROW_H = 22,
  PAGES_MAX = 1000,
  CHAR_W = 8            /* a character of the 10 pt font, generously (1/96 in) */
};

typedef struct pgrid {
  size_t n;             /* panels (forest: rows, headings included) */
  size_t per_page, pages;
  int cols, rows;       /* of a full page */
} pgrid;

/* Panels per page from the figure's height: a given size holds as many
 * rows as fit at PANEL_MIN_H; the default grows to PAGE_ROWS rows. */
static pgrid panel_grid(const plotctx *c, size_t n)
{
  pgrid gr = { n, 0, 0, n > 1 ? 2 : 1, 0 };
  size_t rows_all = (n + (size_t)gr.cols - 1) / (size_t)gr.cols, rows;
  if (c->size_given) rows = (size_t)(c->height - 60) / PANEL_MIN_H;
  else rows = PAGE_ROWS;
  if (rows < 1) rows = 1;
  if (rows > rows_all) rows = rows_all ? rows_all : 1;
  gr.rows = (int)rows;
  gr.per_page = rows * (size_t)gr.cols;
  gr.pages = n ? (n + gr.per_page - 1) / gr.per_page : 1;
  return gr;
}

/* The page's first panel and its end; the grid of the page. */
static void page_span(const pgrid *gr, size_t page, size_t *p0, size_t *p1)
{
  *p0 = page * gr->per_page;
  *p1 = *p0 + gr->per_page < gr->n ? *p0 + gr->per_page : gr->n;
}

/* The figure's title with "(k/n)" on a figure of several pages, wrapped to
 * the figure's width. */
static void page_title(const plotctx *c, pt_gp *g, const char *title, size_t page, size_t pages)
{
  char buf[4200];
  if (pages > 1) snprintf(buf, sizeof buf, "%s (%zu/%zu)", title, page + 1, pages);
  else snprintf(buf, sizeof buf, "%s", title);
  pt_gp_str_wrap(g, buf, (size_t)(c->width / CHAR_W));
}

/* set title of a panel, wrapped to the panel's width */
static void panel_title(const plotctx *c, pt_gp *g, const pgrid *gr, const char *title)
{
  size_t w = (size_t)(c->width / gr->cols / CHAR_W);
  pt_gp_raw(g, "set title ");
  pt_gp_str_wrap(g, title, w > 12 ? w - 4 : 8);
  pt_gp_raw(g, "\n");
}

/* The end of the series (run of rows) of group a that starts at row i. */
static size_t run_end(const pt_table *t, const pt_series *s, size_t a, size_t i)
{
  size_t k = pt_series_len(s, a), j = i;
  const pt_row *r0 = pt_series_row(t, s, a, i);
  while (j < k && pt_row_same_series(r0, pt_series_row(t, s, a, j))) j++;
  return j;
}

/* rates: a panel is the series i0..i1 (rows) of group a, part of parts */
typedef struct panel { size_t a, i0, i1, part, parts; } panel;

/* Each group's series in panels of at most SMALL_MAX, balanced (5 series:
 * 3 + 2), so no panel tangles. */
static int rate_panels(const pt_table *t, const pt_series *s, panel **out, size_t *n)
{
  size_t m = 0, cap = 0;
  panel *v = NULL;
  for (size_t a = 0; a < s->n; a++) {
    size_t k = pt_series_len(s, a), nser = 0;
    for (size_t i = 0; i < k; i = run_end(t, s, a, i)) nser++;
    size_t parts = nser > SMALL_MAX ? (nser + SMALL_MAX - 1) / SMALL_MAX : 1, per = (nser + parts - 1) / parts;
    for (size_t p = 0, i = 0; p < parts; p++) {
      size_t i0 = i;
      for (size_t q = 0; q < per && i < k; q++) i = run_end(t, s, a, i);
      if (m == cap) {
        panel *nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *nv);
        if (!nv) { free(v); return -1; }
        v = nv;
      }
      v[m++] = (panel){ a, i0, i, p + 1, parts };
    }
  }
  *out = v;
  *n = m;
  return 0;
}

/* One legend serves every panel when all panels hold the same series
 * labels (the groups' stages); else each panel has its own. */
static int same_series(const plotctx *c, const pt_series *s, const panel *pv, size_t n)
{
  const pt_table *t = c->t;
  for (size_t p = 1; p < n; p++) {
    if (pv[p].parts > 1 || pv[0].parts > 1) return 0;
    size_t i = pv[0].i0, j = pv[p].i0;
    for (; i < pv[0].i1 && j < pv[p].i1; i = run_end(t, s, pv[0].a, i), j = run_end(t, s, pv[p].a, j)) {
      char la[4096], lb[4096];
      series_label(c, pt_series_row(t, s, pv[0].a, i), la, sizeof la, 0);
      series_label(c, pt_series_row(t, s, pv[p].a, j), lb, sizeof lb, 0);
      if (strcmp(la, lb)) return 0;
    }
    if (i < pv[0].i1 || j < pv[p].i1) return 0;
  }
  return 1;
}

/* The panel's title: the group, and "(part/parts)" when split. */
static void rate_panel_name(const plotctx *c, const pt_series *s, const panel *p, char *buf, size_t cap)
{
  const char *gl = glabel(c, pt_series_row(c->t, s, p->a, 0)->group);
  if (p->parts > 1) snprintf(buf, cap, "%s (%zu/%zu)", gl, p->part, p->parts);
  else snprintf(buf, cap, "%s", gl);
}

/* ---- rates -------------------------------------------------------------- */

/* The parts of a split group share one y axis: the group's intervals,
 * out to multiples of 5, within 0-100; a whole group is autoscaled (within
 * 0-100 too). */
static void rates_yrange(const plotctx *c, pt_gp *g, const pt_series *s, const panel *p)
{
  if (p->parts < 2) { pt_gp_raw(g, "set yrange [0<*:*<100]\n"); return; }
  double lo = 100, hi = 0;
  for (size_t q = 0; q < pt_series_len(s, p->a); q++) {
    const pt_an_rate *e = &c->rates->r[pt_series_row(c->t, s, p->a, q) - c->t->rows];
    if (isfinite(e->lower)) lo = fmin(lo, 100 * e->lower);
    if (isfinite(e->upper)) hi = fmax(hi, 100 * e->upper);
  }
  lo = fmax(0, floor(lo / 5) * 5);
  hi = fmin(100, ceil(hi / 5) * 5);
  if (!(hi > lo)) { lo = 0; hi = 100; }
  pt_gp_raw(g, "set yrange [%g:%g]\n", lo, hi);
}

/* Whether the panel's legend, one entry a line under the panel, fits its
 * width with the full stage labels (else the short ones). */
static int legend_fits(const plotctx *c, const pt_series *s, const panel *p, int cols)
{
  size_t room = (size_t)(c->width / cols / CHAR_W), longest = 0;
  for (size_t i = p->i0; i < p->i1; i = run_end(c->t, s, p->a, i)) {
    char lab[4096];
    series_label(c, pt_series_row(c->t, s, p->a, i), lab, sizeof lab, 0);
    size_t w = u8width(lab);
    if (w > longest) longest = w;
  }
  return longest + 8 <= room;   /* 8: the key's sample line */
}

static void rates_panel(const plotctx *c, pt_gp *g, const pt_series *s, const panel *p, size_t *blk, int cols, double *v)
{
  const pt_table *t = c->t;
  size_t nb = 0, base = *blk;   /* blocks $s<base> ... numbered through the page */
  rates_yrange(c, g, s, p);
  for (size_t i = p->i0, j; i < p->i1; i = j, nb++) {
    j = run_end(t, s, p->a, i);
    for (size_t q = i; q < j; q++) {
      const pt_row *r = pt_series_row(t, s, p->a, q);
      const pt_an_rate *e = &c->rates->r[r - t->rows];
      double *w = v + (q - i) * 4;
      w[0] = (double)r->period; w[1] = 100.0 * e->p; w[2] = 100.0 * e->lower; w[3] = 100.0 * e->upper;
    }
    char name[48];
    snprintf(name, sizeof name, "s%zu", base + nb);
    pt_gp_datablock(g, name, j - i, 4, v);
  }
  pt_gp_raw(g, "plot ");
  size_t b = 0;
  int brief = !legend_fits(c, s, p, cols);
  for (size_t i = p->i0; i < p->i1; i = run_end(t, s, p->a, i), b++) {
    char lab[4096];
    const pt_row *r = pt_series_row(t, s, p->a, i);
    series_label(c, r, lab, sizeof lab, 0);
    if (brief && !(r->area && *r->area)) snprintf(lab, sizeof lab, "%s", pt_labels_get_short(c->labels, "stage", r->stage, c->lang));
    size_t lt = b % 8 + 1;
    if (b) pt_gp_raw(g, ", \\\n     ");
    if (c->style && !strcmp(c->style, "band"))
      pt_gp_raw(g, "$s%zu using 1:3:4 with filledcurves lt %zu fs transparent solid 0.15 notitle, "
                   "$s%zu using 1:2 with linespoints lt %zu title ", base + b, lt, base + b, lt);
    else
      /* error bars solid whatever the series' dash: bars and line drawn apart */
      pt_gp_raw(g, "$s%zu using 1:2:3:4 with yerrorbars lt %zu dt 1 notitle, $s%zu using 1:2 with linespoints lt %zu title ",
                base + b, lt, base + b, lt);
    pt_gp_str(g, lab);
  }
  pt_gp_raw(g, "\n");
  *blk = base + nb;
}

static int script_rates(const plotctx *c, pt_gp *g, size_t page, size_t *npages)
{
  const pt_table *t = c->t;
  pt_series s;
  panel *pv = NULL;
  size_t np = 0;
  if (pt_series_partition(t, PT_KEY_GROUP, &s)) return EX_OSERR;
  double *v = malloc((s.longest ? s.longest : 1) * 4 * sizeof *v);
  if (!v || rate_panels(t, &s, &pv, &np)) { free(v); pt_series_free(&s); return EX_OSERR; }
  pgrid gr = panel_grid(c, np);
  *npages = gr.pages;
  if (page < gr.pages) {
    size_t p0, p1;
    int shared = same_series(c, &s, pv, np);
    page_span(&gr, page, &p0, &p1);
    pt_gp_raw(g, "set multiplot layout %d,%d title ", gr.rows, gr.cols);
    page_title(c, g, c->title ? c->title : cli_tr("rates_title", c->lang), page, gr.pages);
    pt_gp_raw(g, "\nset xlabel ");
    pt_gp_str(g, cli_tr("year", c->lang));
    pt_gp_raw(g, "\nset ylabel ");
    pt_gp_str(g, cli_tr("percent", c->lang));
    /* percentages: the axis never runs past 0 or 100; one legend, under the
     * page's first panel, when every panel has the same series */
    pt_gp_raw(g, "\nset key outside below horizontal font \",9\" height 1\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\n"
                 "set offsets 0.4, 0.4, 0, 0\n");
    size_t blk = 0;
    for (size_t p = p0; p < p1; p++) {
      char name[4200];
      if (p == p0 + 1 && shared) pt_gp_raw(g, "unset key\n");
      rate_panel_name(c, &s, &pv[p], name, sizeof name);
      panel_title(c, g, &gr, name);
      rates_panel(c, g, &s, &pv[p], &blk, gr.cols, v);
    }
    pt_gp_raw(g, "unset multiplot\n");
  }
  free(pv);
  free(v);
  pt_series_free(&s);
  return 0;
}

/* ---- change (forest) -------------------------------------------------------- */

/* The heading of change i: its area and group. */
static void change_heading(const plotctx *c, const pt_an_change *e, char *buf, size_t cap)
{
  const pt_row *r = e->to;
  if (r->area && *r->area) snprintf(buf, cap, "%s, %s", r->area, glabel(c, r->group));
  else snprintf(buf, cap, "%s", glabel(c, r->group));
}

/* A row's label: the stage's short label and the periods. */
static void change_row_label(const plotctx *c, const pt_an_change *e, char *buf, size_t cap)
{
  snprintf(buf, cap, "%s %ld\u2192%ld", pt_labels_get_short(c->labels, "stage", e->to->stage, c->lang),
           e->period_from, e->period_to);
}

/* A forest plot's rows: before each area and group's changes its heading
 * (bold, wrapped at the figure's width, one row a line), then the changes,
 * their labels wrapped at a third of the width; pages break between rows
 * so no heading is split or left at a page's foot. */
typedef struct frow { size_t i; unsigned head; } frow;   /* head: 0 a change; k: line k of i's heading */
typedef struct forest {
  frow *row;
  size_t n, label_w, head_w, lines, longest, row_h, per_page;
  size_t *start, pages;       /* the first row of each page; start[pages] = n */
} forest;

static void forest_free(forest *f) { free(f->row); free(f->start); }

static int forest_rows(const plotctx *c, forest *f)
{
  const pt_an_changes *ch = c->changes;
  size_t cap = 0;
  f->label_w = (size_t)c->width / CHAR_W / 3 > 20 ? (size_t)c->width / CHAR_W / 3 : 20;
  f->head_w = (size_t)c->width / CHAR_W > 24 ? (size_t)c->width / CHAR_W - 4 : 20;
  f->lines = 1;
  for (size_t i = 0; ch && i < ch->n; i++) {
    char lab[4200];
    const pt_row *a = ch->c[i].to, *b = i ? ch->c[i - 1].to : NULL;
    size_t hl = 0;
    if (!b || strcmp(a->group, b->group) || strcmp(a->area ? a->area : "", b->area ? b->area : "")) {
      change_heading(c, &ch->c[i], lab, sizeof lab);
      hl = pt_gp_wrap_lines(lab, f->head_w);
    }
    change_row_label(c, &ch->c[i], lab, sizeof lab);
    size_t ll = pt_gp_wrap_lines(lab, f->label_w), w = u8width(lab);
    if (ll > f->lines) f->lines = ll;
    if ((w < f->label_w ? w : f->label_w) > f->longest) f->longest = w < f->label_w ? w : f->label_w;
    if (f->n + hl + 1 > cap) {
      frow *nr = realloc(f->row, (cap = 2 * (f->n + hl + 1)) * sizeof *nr);
      if (!nr) return -1;
      f->row = nr;
    }
    for (size_t k = 1; k <= hl; k++) f->row[f->n++] = (frow){ i, (unsigned)k };
    f->row[f->n++] = (frow){ i, 0 };
  }
  return 0;
}

/* The page breaks: at most per_page rows, a break moved up to before a
 * heading that would be split or end the page. */
static int forest_pages(forest *f)
{
  if (!(f->start = malloc((f->n + 2) * sizeof *f->start))) return -1;
  size_t k = 0;
  f->pages = 0;
  do {
    f->start[f->pages++] = k;
    size_t end = k + f->per_page < f->n ? k + f->per_page : f->n, e = end;
    while (e < f->n && e > k + 1 && f->row[e].head > 0 && f->row[e].head != 1) e--;   /* inside a heading */
    while (e < f->n && e > k + 1 && f->row[e - 1].head > 0) e--;                     /* a heading at the foot */
    k = e > k ? e : end;
  } while (k < f->n);
  f->start[f->pages] = f->n;
  return 0;
}

static int forest_build(const plotctx *c, forest *f)
{
  memset(f, 0, sizeof *f);
  if (forest_rows(c, f)) return -1;
  f->row_h = FOREST_ROW_H + 13 * (f->lines - 1);
  if (c->size_given) f->per_page = c->height > 120 + (int)f->row_h ? (size_t)(c->height - 120) / f->row_h : 1;
  else f->per_page = FOREST_ROWS * FOREST_ROW_H / f->row_h;
  if (!f->per_page) f->per_page = 1;
  return forest_pages(f);
}

/* The page's changes as data, their labels as y tics (wrapped: string
 * expressions), the headings as bold labels from the figure's left edge,
 * centred on their rows. */
static void forest_page(const plotctx *c, pt_gp *g, const forest *f, size_t page)
{
  const pt_an_changes *ch = c->changes;
  size_t p0 = f->start[page], p1 = f->start[page + 1], K = p1 - p0, nd = 0;
  double *v = calloc((K ? K : 1) * 4, sizeof *v);
  if (!v) { g->err = 1; return; }
  for (size_t k = p0; k < p1; k++) {
    if (f->row[k].head) continue;
    const pt_an_change *e = &ch->c[f->row[k].i];
    double *w = v + nd++ * 4;
    w[0] = (double)(p1 - k); w[1] = 100 * e->diff; w[2] = 100 * e->diff_lower; w[3] = 100 * e->diff_upper;
  }
  pt_gp_datablock(g, "d", nd, 4, v);
  free(v);
  pt_gp_raw(g, "unset label\nset yrange [0.3:%zu.7]\nset ytics (", K);
  for (size_t k = p0, first = 1; k < p1; k++) {
    if (f->row[k].head) continue;
    char lab[4200];
    change_row_label(c, &ch->c[f->row[k].i], lab, sizeof lab);
    pt_gp_raw(g, "%s", first ? "" : ", ");
    first = 0;
    pt_gp_str_wrap_fmt(g, lab, f->label_w);   /* a tic label: gnuplot reads % there as a format */
    pt_gp_raw(g, " %zu", p1 - k);
  }
  pt_gp_raw(g, ")\n");
  for (size_t k = p0, nl = 1; k < p1; k++) {
    if (f->row[k].head != 1) continue;
    size_t L = 1;
    while (k + L < p1 && f->row[k + L].head == L + 1) L++;
    char head[4200];
    change_heading(c, &ch->c[f->row[k].i], head, sizeof head);
    pt_gp_raw(g, "set label %zu ", nl++);
    pt_gp_str_wrap(g, head, f->head_w);
    pt_gp_raw(g, " at screen 0.01, first %g left font \"DejaVu Sans:Bold,10\"\n", (double)(p1 - k) - (double)(L - 1) / 2);
  }
  /* room for the longest row label, in character widths */
  pt_gp_raw(g, "set lmargin %zu\n", f->longest + 3);
  pt_gp_raw(g, "plot $d using 2:1:3:4 with xerrorbars lt 1 pt 7 notitle\n");
}

/* The pages of a forest plot share one x axis: every interval, and 0, out
 * to a multiple of 5 or 10 percentage points. */
static void forest_xrange(const pt_an_changes *ch, pt_gp *g)
{
  double lo = 0, hi = 0;
  for (size_t i = 0; i < ch->n; i++) {
    if (isfinite(ch->c[i].diff_lower)) lo = fmin(lo, 100 * ch->c[i].diff_lower);
    if (isfinite(ch->c[i].diff_upper)) hi = fmax(hi, 100 * ch->c[i].diff_upper);
  }
  double step = hi - lo > 40 ? 10 : 5;
  pt_gp_raw(g, "set xrange [%g:%g]\n", floor(lo / step) * step, ceil(hi / step) * step);
}

static int script_change(const plotctx *c, pt_gp *g, size_t page, size_t *npages)
{
  const pt_an_changes *ch = c->changes;
  forest f;
  if (forest_build(c, &f)) { forest_free(&f); return EX_OSERR; }
  *npages = f.pages;
  if (page < f.pages) {
    if (f.pages > 1) forest_xrange(ch, g);
    pt_gp_raw(g, "set title ");
    page_title(c, g, c->title ? c->title : cli_tr("change_title", c->lang), page, f.pages);
    pt_gp_raw(g, "\nset xlabel ");
    pt_gp_str(g, cli_tr("diff_pp", c->lang));
    pt_gp_raw(g, "\nset ytics nomirror\nset grid xtics\nunset key\n"
                 "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb \"#444444\" dt 2\n");
    forest_page(c, g, &f, page);
  }
  forest_free(&f);
  return 0;
}

/* ---- control ------------------------------------------------------------------ */

/* One series of the control chart as a datablock: period, observed, the
 * p-chart's 95 % and 99.8 % limits, the flagging method's expected value
 * and severity.  Returns whether any period has limits. */
static int control_block(const plotctx *c, pt_gp *g, const pt_series *s, size_t a, const pt_an_anom **lim,
                         const pt_an_anom **flg, double *v, const char *name)
{
  const pt_table *t = c->t;
  size_t m = pt_series_len(s, a);
  int any = 0;
  for (size_t q = 0; q < m; q++) {
    const pt_row *r = pt_series_row(t, s, a, q);
    const pt_an_anom *l = lim[r - t->rows], *f = flg[r - t->rows];
    any |= l != NULL;
    v[q * 8 + 0] = (double)r->period;
    v[q * 8 + 1] = 100.0 * (double)r->count / (double)r->total;
    v[q * 8 + 2] = l ? 100 * l->pt.limit95_lo : NAN;
    v[q * 8 + 3] = l ? 100 * l->pt.limit95_hi : NAN;
    v[q * 8 + 4] = l ? 100 * l->pt.limit998_lo : NAN;
    v[q * 8 + 5] = l ? 100 * l->pt.limit998_hi : NAN;
    v[q * 8 + 6] = f ? 100 * f->pt.expected : NAN;
    v[q * 8 + 7] = f ? (double)f->severity : 0;
  }
  pt_gp_datablock(g, name, m, 8, v);
  return any;
}

static void control_plot(const plotctx *c, pt_gp *g, const char *name)
{
  pt_gp_raw(g, "\nplot $%s using 1:3 with steps lc rgb \"#999999\" dt 2 title ", name);
  pt_gp_str(g, cli_tr("limit95", c->lang));
  pt_gp_raw(g, ", $%s using 1:4 with steps lc rgb \"#999999\" dt 2 notitle, \\\n"
               "     $%s using 1:5 with steps lc rgb \"#555555\" dt 1 title ", name, name);
  pt_gp_str(g, cli_tr("limit998", c->lang));
  pt_gp_raw(g, ", $%s using 1:6 with steps lc rgb \"#555555\" dt 1 notitle, \\\n"
               "     $%s using 1:7 with points pt 1 ps 1.2 lc rgb \"#009E73\" title ", name, name);
  pt_gp_str(g, cli_tr("expected", c->lang));
  pt_gp_raw(g, ", \\\n     $%s using 1:2 with linespoints lt 1 pt 7 title ", name);
  pt_gp_str(g, cli_tr("observed", c->lang));
  pt_gp_raw(g, ", \\\n     $%s using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb \"#E69F00\" title ", name);
  pt_gp_str(g, cli_tr("warning", c->lang));
  pt_gp_raw(g, ", \\\n     $%s using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb \"#D55E00\" title ", name);
  pt_gp_str(g, cli_tr("alarm", c->lang));
  pt_gp_raw(g, "\n");
}

static int script_control(const plotctx *c, pt_gp *g, size_t page, size_t *npages)
{
  const pt_table *t = c->t;
  pt_series s;
  if (pt_series_partition(t, PT_KEY_SERIES, &s)) return EX_OSERR;
  const pt_an_anom **lim = anom_by_row(t, c->limits), **flg = anom_by_row(t, c->flags);
  double *v = malloc((s.longest ? s.longest : 1) * 8 * sizeof *v);
  int rc = 0;
  if (!lim || !flg || !v) { rc = EX_OSERR; goto out; }
  /* every series is drawn: one of 2 periods has its points, and a note
   * where the limits cannot be computed */
  pgrid gr = panel_grid(c, s.n);
  *npages = gr.pages;
  if (page >= gr.pages) goto out;
  size_t p0, p1;
  page_span(&gr, page, &p0, &p1);
  pt_gp_raw(g, "set multiplot layout %d,%d title ", gr.rows, gr.cols);
  page_title(c, g, c->title ? c->title : cli_tr("control_title", c->lang), page, gr.pages);
  pt_gp_raw(g, "\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\nset offsets 0.4, 0.4, graph 0.05, graph 0.05\n"
               "set yrange [0<*:*<100]\nset key outside below horizontal font \",8\" height 1\nset xlabel ");
  pt_gp_str(g, cli_tr("year", c->lang));
  pt_gp_raw(g, "\nset ylabel ");
  pt_gp_str(g, cli_tr("percent", c->lang));
  pt_gp_raw(g, "\n");
  for (size_t a = p0; a < p1; a++) {
    char name[32], lab[4096];
    if (a == p0 + 1) pt_gp_raw(g, "unset key\n");   /* one legend, under the page's first panel */
    snprintf(name, sizeof name, "c%zu", a);
    int lims = control_block(c, g, &s, a, lim, flg, v, name);
    series_label(c, pt_series_row(t, &s, a, 0), lab, sizeof lab, 1);
    if (!lims) {   /* the note in the title, where it covers no point */
      size_t l = strlen(lab);
      snprintf(lab + l, sizeof lab - l, " (%s)", cli_tr("ctl_no_limits", c->lang));
    }
    panel_title(c, g, &gr, lab);
    control_plot(c, g, name);
  }
  pt_gp_raw(g, "unset multiplot\n");
out:
  free(lim); free(flg); free(v);
  pt_series_free(&s);
  return rc;
}

/* ---- funnel -------------------------------------------------------------------- */

/* A flagged unit's label box in (approximate) pixels of the plot area;
 * ly: the height its label is drawn at. */
typedef struct lbox { double x0, x1, y, ly; size_t i; } lbox;

static int lbox_cmp(const void *a, const void *b)
{
  const lbox *p = a, *q = b;
  return (p->x0 > q->x0) - (p->x0 < q->x0);
}

/* The lowest line (0 to levels - 1) above its point where label j overlaps
 * none of the labels placed before it (those of smaller x). */
static int label_level(const lbox *b, size_t j, int levels, double line)
{
  int level = 0;
  for (; level < levels - 1; level++) {
    double y = b[j].y + line * (level + 0.4);
    size_t q = 0;
    while (q < j && !(b[q].x1 > b[j].x0 && fabs(b[q].ly - y) < line)) q++;
    if (q == j) break;
  }
  return level;
}

/* Label every flagged unit; a label that would overlap one placed before
 * it moves up a line (at most 5), so crowded labels stay readable. */
static int funnel_labels(const plotctx *c, pt_gp *g, const pt_an_anom **sel, const uint64_t *n, size_t m,
                         double nmin, double nmax)
{
  enum { LEVELS = 6, CHARW = 6 };
  const double line = 12;
  const pt_table *t = c->t;
  double pw = c->width - 140.0, ph = c->height - 160.0, ylo = 100, yhi = 0;
  size_t k = 0;
  lbox *b = malloc((m ? m : 1) * sizeof *b);
  if (!b) return -1;
  for (size_t i = 0; i < m; i++) { ylo = fmin(ylo, 100 * sel[i]->pt.p); yhi = fmax(yhi, 100 * sel[i]->pt.p); }
  if (!(yhi > ylo)) yhi = ylo + 1;
  for (size_t i = 0; i < m; i++) {
    if (sel[i]->severity == PT_ANOM_NONE) continue;
    const pt_row *r = sel[i]->row;
    const char *lab = t->has_area ? r->area : glabel(c, r->group);
    size_t w = u8width(lab);
    /* the x axis is linear in n from about nmin to nmax */
    double x = nmax > nmin ? pw * ((double)n[i] - nmin) / (nmax - nmin) : pw / 2;
    b[k++] = (lbox){ x, x + 8 + (double)w * CHARW, ph * (100 * sel[i]->pt.p - ylo) / (yhi - ylo), 0, i };
  }
  qsort(b, k, sizeof *b, lbox_cmp);
  for (size_t j = 0; j < k; j++) {
    int level = label_level(b, j, LEVELS, line);
    b[j].ly = b[j].y + line * (level + 0.4);
    const pt_row *r = sel[b[j].i]->row;
    pt_gp_raw(g, "set label %zu ", j + 1);
    pt_gp_str(g, t->has_area ? r->area : glabel(c, r->group));
    pt_gp_raw(g, " at %.10g, %.10g offset 0.8, %.2f font \",8\"\n", (double)n[b[j].i], 100.0 * sel[b[j].i]->pt.p,
              0.4 + level * 1.1);
  }
  free(b);
  return 0;
}

/* The tau^2 the run used for unit u's cross-section (its note), or 0 when
 * the units were judged by the exact binomial funnel. */
static double funnel_tau2(const pt_an_anoms *fa, const pt_an_anom *u)
{
  for (size_t k = 0; k < fa->nnotes; k++) {
    const pt_an_note *nt = &fa->notes[k];
    if (nt->kind == PT_AN_NOTE_TAU2 && nt->period == u->period && !strcmp(nt->stage, u->stage) &&
        (!nt->group || !strcmp(nt->group, u->group)) && (!nt->area || !u->area || !strcmp(nt->area, u->area)))
      return nt->value > 0.0 ? nt->value : 0.0;
  }
  return 0.0;
}

static int script_funnel(const plotctx *c, pt_gp *g, size_t page, size_t *npages)
{
  *npages = 1;
  if (page) return 0;
  const pt_table *t = c->t;
  const char *stage = c->stage, *group = c->group;
  long period = c->period;
  if (!c->have_period && t->n) {
    period = t->rows[0].period;
    for (size_t i = 1; i < t->n; i++) if (t->rows[i].period > period) period = t->rows[i].period;
  }
  if (!stage && t->n) stage = t->rows[0].stage;
  if (t->has_area && !group && t->n) group = t->rows[0].group;
  const pt_an_anoms *fa = c->flags;
  size_t m = 0, N = fa && fa->n ? fa->n : 1;
  const pt_an_anom **sel = malloc(N * sizeof *sel);
  uint64_t *n = malloc(N * sizeof *n);
  int rc = 0;
  if (!sel || !n) { rc = EX_OSERR; goto out; }
  for (size_t i = 0; fa && i < fa->n; i++) {
    const pt_an_anom *q = &fa->a[i];
    if (q->period == period && stage && !strcmp(q->stage, stage) && (!group || !strcmp(q->group, group))) {
      sel[m] = q; n[m] = q->total; m++;
    }
  }
  double tau2;
  if (m < 2) {
    cli_err(SUB, "funnel: fewer than 2 units with variation in %s %ld%s%s", stage ? stage : "", period,
            group ? " " : "", group ? group : "");
    rc = EX_DATAERR;
    goto out;
  }
  tau2 = funnel_tau2(fa, sel[0]);   /* 0: the exact binomial funnel */
  double nmin = (double)n[0], nmax = (double)n[0], tg = sel[0]->pt.expected;
  for (size_t i = 1; i < m; i++) { nmin = fmin(nmin, (double)n[i]); nmax = fmax(nmax, (double)n[i]); }
  nmin = fmax(1.0, nmin * 0.8);
  nmax *= 1.1;
  /* the limit curves, on a grid of totals */
  enum { NG = 120 };
  double grid[NG * 5];
  for (int q = 0; q < NG; q++) {
    double nn = floor(nmin * pow(nmax / nmin, (double)q / (NG - 1)) + 0.5);
    pt_anom_point lp[1];   /* the limits the units were judged by, at the total nn */
    if (pt_anom_funnel_limits(tg, nn, tau2, tau2 > 0.0 && sel[0]->t_stat ? m : 0, lp)) { rc = EX_SOFTWARE; goto out; }
    grid[q * 5 + 0] = nn;
    grid[q * 5 + 1] = 100 * lp[0].limit95_lo; grid[q * 5 + 2] = 100 * lp[0].limit95_hi;
    grid[q * 5 + 3] = 100 * lp[0].limit998_lo; grid[q * 5 + 4] = 100 * lp[0].limit998_hi;
  }
  pt_gp_datablock(g, "lim", NG, 5, grid);
  double *v = malloc(m * 3 * sizeof *v);
  if (!v) { rc = EX_OSERR; goto out; }
  for (size_t i = 0; i < m; i++) {
    v[i * 3] = (double)n[i]; v[i * 3 + 1] = 100.0 * sel[i]->pt.p; v[i * 3 + 2] = (double)sel[i]->severity;
  }
  pt_gp_datablock(g, "u", m, 3, v);
  free(v);
  char title[4096];
  snprintf(title, sizeof title, "%s: %s%s%s, %ld", c->title ? c->title : cli_tr("funnel_title", c->lang),
           group ? glabel(c, group) : "", group ? ", " : "", slabel(c, stage), period);
  titles(c, g, title, cli_tr("units", c->lang), cli_tr("percent", c->lang));
  /* the legend below the plot, where it covers no unit; every flagged unit
   * labelled, the labels stacked where they would overlap */
  pt_gp_raw(g, "set key outside below horizontal font \",9\" height 1\nset yrange [0<*:*<100]\n");
  if (funnel_labels(c, g, sel, n, m, nmin, nmax)) { rc = EX_OSERR; goto out; }
  pt_gp_raw(g, "plot %.10g with lines lc rgb \"#009E73\" lw 2 title ", 100 * tg);
  pt_gp_str(g, cli_tr("target", c->lang));
  pt_gp_raw(g, ", \\\n     $lim using 1:2 with lines lc rgb \"#999999\" dt 2 title ");
  pt_gp_str(g, cli_tr("limit95", c->lang));
  pt_gp_raw(g, ", $lim using 1:3 with lines lc rgb \"#999999\" dt 2 notitle, \\\n"
               "     $lim using 1:4 with lines lc rgb \"#555555\" title ");
  pt_gp_str(g, cli_tr("limit998", c->lang));
  pt_gp_raw(g, ", $lim using 1:5 with lines lc rgb \"#555555\" notitle, \\\n"
               "     $u using 1:($3 == 0 ? $2 : NaN) with points pt 7 lc rgb \"#0072B2\" notitle, \\\n"
               "     $u using 1:($3 == 1 ? $2 : NaN) with points pt 9 ps 1.6 lc rgb \"#E69F00\" title ");
  pt_gp_str(g, cli_tr("warning", c->lang));
  pt_gp_raw(g, ", \\\n     $u using 1:($3 == 2 ? $2 : NaN) with points pt 5 ps 1.6 lc rgb \"#D55E00\" title ");
  pt_gp_str(g, cli_tr("alarm", c->lang));
  pt_gp_raw(g, "\n");
out:
  free(sel); free(n);
  return rc;
}

/* ---- oc --------------------------------------------------------------------------- */

/* The LQAS plan's operating characteristic (Lemeshow & Taber 1991): the
 * probability of accepting a lot against its true failure rate, exact
 * (hypergeometric) at every whole number of failing units when N is small,
 * else on a grid of 201 rates. */
static int script_oc(const plotctx *c, pt_gp *g, size_t page, size_t *npages)
{
  *npages = 1;
  if (page) return 0;
  uint64_t n, d, N = c->population;
  if (pt_lqas(N, c->p0, c->p1, c->alpha, c->beta, &n, &d) != PT_SUCCESS) {
    cli_err(SUB, "oc: no sample of %llu units or fewer meets alpha %g and beta %g", (unsigned long long)N,
            c->alpha, c->beta);
    return EX_DATAERR;
  }
  size_t m = N <= 400 ? (size_t)N + 1 : 201;
  double *v = malloc(m * 2 * sizeof *v);
  if (!v) return EX_OSERR;
  for (size_t i = 0; i < m; i++) {
    double p = (double)i / (double)(m - 1);
    v[2 * i] = 100 * p;
    v[2 * i + 1] = 100 * pt_lqas_oc(N, n, d, p);
  }
  pt_gp_datablock(g, "oc", m, 2, v);
  free(v);
  char title[1024];
  snprintf(title, sizeof title, "%s: N = %llu, n = %llu, d = %llu", c->title ? c->title : cli_tr("oc_title", c->lang),
           (unsigned long long)N, (unsigned long long)n, (unsigned long long)d);
  titles(c, g, title, cli_tr("failure_rate", c->lang), cli_tr("p_accept", c->lang));
  pt_gp_raw(g, "set xrange [0:100]\nset yrange [0:100]\nset key top right\n");
  /* the plan's two promises: accept a good lot (P0) at least 1 - alpha of
   * the time, an unacceptable one (P1) at most beta */
  pt_gp_raw(g, "set arrow 1 from %.10g, 0 to %.10g, 100 nohead dt 2 lc rgb \"#009E73\"\n", 100 * c->p0, 100 * c->p0);
  pt_gp_raw(g, "set arrow 2 from %.10g, 0 to %.10g, 100 nohead dt 2 lc rgb \"#D55E00\"\n", 100 * c->p1, 100 * c->p1);
  pt_gp_raw(g, "set arrow 3 from 0, %.10g to 100, %.10g nohead dt 3 lc rgb \"#009E73\"\n", 100 * (1 - c->alpha),
            100 * (1 - c->alpha));
  pt_gp_raw(g, "set arrow 4 from 0, %.10g to 100, %.10g nohead dt 3 lc rgb \"#D55E00\"\n", 100 * c->beta, 100 * c->beta);
  char lab[256];
  snprintf(lab, sizeof lab, "%s (%g%%)", cli_tr("acceptable", c->lang), 100 * c->p0);
  pt_gp_raw(g, "set label 1 ");
  pt_gp_str(g, lab);
  pt_gp_raw(g, " at %.10g, 50 rotate by 90 offset -0.8, 0 font \",9\"\n", 100 * c->p0);
  snprintf(lab, sizeof lab, "%s (%g%%)", cli_tr("unacceptable", c->lang), 100 * c->p1);
  pt_gp_raw(g, "set label 2 ");
  pt_gp_str(g, lab);
  pt_gp_raw(g, " at %.10g, 50 rotate by 90 offset -0.8, 0 font \",9\"\n", 100 * c->p1);
  pt_gp_raw(g, "plot $oc using 1:2 with %s lc rgb \"#0072B2\" lw 2 title ", m == N + 1 ? "steps" : "lines");
  pt_gp_str(g, cli_tr("oc_curve", c->lang));
  pt_gp_raw(g, "\n");
  return 0;
}

/* ---- joinpoint ------------------------------------------------------------------------ */

/* The trend result of series r0 with a joinpoint fit, or NULL. */
static const pt_an_trend *jp_fit_of(const pt_an_trends *tr, const pt_row *r0)
{
  for (size_t i = 0; tr && i < tr->n; i++)
    if (tr->s[i].jp_status == PT_SUCCESS && !strcmp(tr->s[i].group, r0->group) && !strcmp(tr->s[i].stage, r0->stage) &&
        !strcmp(tr->s[i].area ? tr->s[i].area : "", r0->area ? r0->area : ""))
      return &tr->s[i];
  return NULL;
}

/* The series the joinpoint figure draws: those trend fitted, or, when it
 * fitted none (e.g. two periods each), every series's observed rates with
 * "(no joinpoint fit)" in the legend.  v[i]: series index, fit[i] its fit. */
static size_t jp_select(const plotctx *c, const pt_series *s, size_t *v, const pt_an_trend **fit)
{
  size_t m = 0;
  for (size_t a = 0; a < s->n; a++)
    if ((fit[m] = jp_fit_of(c->trends, pt_series_row(c->t, s, a, 0)))) v[m++] = a;
  if (m) return m;
  for (size_t a = 0; a < s->n; a++) { v[a] = a; fit[a] = NULL; }
  return s->n;
}

/* JP_PAGE series a page (the legend holds three entries for each), drawn
 * by plot_joinpoint.c from the trend results. */
enum { JP_PAGE = 4 };
static int script_joinpoint(const plotctx *c, pt_gp *g, size_t page, size_t *npages)
{
  const pt_table *t = c->t;
  cli_jp_series sv[JP_PAGE];
  char labels[JP_PAGE][600];
  size_t ns = 0;
  pt_series s;
  int rc = 0;
  if (pt_series_partition(t, PT_KEY_SERIES, &s)) return EX_OSERR;
  size_t *sel = malloc((s.n ? s.n : 1) * sizeof *sel);
  const pt_an_trend **fit = malloc((s.n ? s.n : 1) * sizeof *fit);
  if (!sel || !fit) { free(sel); free(fit); pt_series_free(&s); return EX_OSERR; }
  size_t m = jp_select(c, &s, sel, fit);
  *npages = m ? (m + JP_PAGE - 1) / JP_PAGE : 1;
  if (!m) { cli_err(SUB, "joinpoint: no series to draw"); rc = EX_DATAERR; goto out; }
  if (page >= *npages) goto out;
  size_t a0 = page * JP_PAGE, a1 = a0 + JP_PAGE < m ? a0 + JP_PAGE : m, tot = 0;
  for (size_t i = a0; i < a1; i++) tot += pt_series_len(&s, sel[i]);
  double *per = malloc((tot ? tot : 1) * sizeof *per);
  uint64_t *x = malloc((tot ? tot : 1) * sizeof *x), *n = malloc((tot ? tot : 1) * sizeof *n);
  if (!per || !x || !n) rc = EX_OSERR;
  for (size_t i = a0, off = 0; !rc && i < a1; i++) {
    const pt_row *r0 = pt_series_row(t, &s, sel[i], 0);
    size_t k = pt_series_len(&s, sel[i]);
    char lab[512];
    pt_series_counts(t, &s, sel[i], x + off, n + off, per + off);
    series_label(c, r0, lab, sizeof lab, 1);
    if (fit[i]) snprintf(labels[ns], sizeof labels[ns], "%s", lab);
    else snprintf(labels[ns], sizeof labels[ns], "%s (%s)", lab, cli_tr("jpfig_no_fit", c->lang));
    sv[ns] = (cli_jp_series){ labels[ns], k, per + off, x + off, n + off, fit[i] ? &fit[i]->jp : NULL };
    ns++;
    off += k;
  }
  char title[4200];
  const char *t0 = c->title ? c->title : cli_tr("jpfig_title", c->lang);
  if (*npages > 1) snprintf(title, sizeof title, "%s (%zu/%zu)", t0, page + 1, *npages);
  else snprintf(title, sizeof title, "%s", t0);
  cli_jp_text tx = { title, cli_tr("year", c->lang), cli_tr("percent", c->lang), cli_tr("jpfig_fitted", c->lang),
                     cli_tr("jpfig_joinpoint", c->lang), cli_tr("jpfig_jump", c->lang), (size_t)(c->width / CHAR_W) };
  if (!rc && page) pt_gp_raw(g, "unset arrow\nunset label\n");   /* none of the page before's marks */
  if (!rc) rc = cli_plot_joinpoint(g, sv, ns, &tx);
  free(per); free(x); free(n);
out:
  free(sel); free(fit);
  pt_series_free(&s);
  return rc;
}

typedef int (*script_fn)(const plotctx *c, pt_gp *g, size_t page, size_t *npages);
static const struct { const char *name; script_fn fn; } kinds[] = {
  [CLI_FIG_RATES] = { "rates", script_rates },
  [CLI_FIG_CHANGE] = { "change", script_change },
  [CLI_FIG_CONTROL] = { "control", script_control },
  [CLI_FIG_FUNNEL] = { "funnel", script_funnel },
  [CLI_FIG_OC] = { "oc", script_oc },
  [CLI_FIG_JOINPOINT] = { "joinpoint", script_joinpoint },
};

int cli_figure_kind(const char *name)
{
  for (int k = 0; k < CLI_FIG_N; k++) if (!strcmp(kinds[k].name, name)) return k;
  return -1;
}

const char *cli_figure_name(int kind) { return kinds[kind].name; }

/* The size of every page: a panel figure grows to the rows its first page
 * holds (PANEL_H each), a forest plot to its rows; a given --size is kept. */
static void figure_size(cli_figure *f, int kind)
{
  if (f->size_given) return;
  if (kind == CLI_FIG_RATES || kind == CLI_FIG_CONTROL) {
    pt_series s;
    panel *pv = NULL;
    size_t np = 0;
    if (pt_series_partition(f->t, kind == CLI_FIG_RATES ? PT_KEY_GROUP : PT_KEY_SERIES, &s)) return;
    if (kind == CLI_FIG_CONTROL) np = s.n;
    else if (rate_panels(f->t, &s, &pv, &np)) np = 0;
    free(pv);
    pt_series_free(&s);
    pgrid gr = panel_grid(f, np);
    int need = 60 + gr.rows * PANEL_H;
    if (need > f->height) f->height = need;
  } else if (kind == CLI_FIG_CHANGE && f->changes) {
    forest fo;
    if (!forest_build(f, &fo)) {
      size_t most = 0;   /* the rows of the fullest page */
      for (size_t p = 0; p < fo.pages; p++) if (fo.start[p + 1] - fo.start[p] > most) most = fo.start[p + 1] - fo.start[p];
      int need = 120 + (int)(fo.row_h * most);
      if (need > f->height) f->height = need;
    }
    forest_free(&fo);
  }
}

/* Page k's file: OUT for the first, OUT-k.EXT after it. */
static void page_path(const char *out, size_t k, char *buf, size_t cap)
{
  const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
  if (k <= 1) { snprintf(buf, cap, "%s", out); return; }
  if (!dot || (slash && dot < slash)) dot = out + strlen(out);
  snprintf(buf, cap, "%.*s-%zu%s", (int)(dot - out), out, k, dot);
}

/* The output of page k (0-based) of a saved script: NAME.EXT, NAME-2.EXT... */
static void page_output(pt_gp *g, const char *out_name, size_t k)
{
  char buf[4200];
  page_path(out_name, k + 1, buf, sizeof buf);
  pt_gp_output(g, buf);
}

int cli_figure_pages(const cli_figure *f, int kind, size_t *pages)
{
  char *buf = NULL;
  size_t len = 0;
  cli_figure c = *f;
  c.page = 1;
  *pages = 1;
  FILE *mf = open_memstream(&buf, &len);
  if (!mf) return EX_OSERR;
  pt_gp g;
  pt_gp_init(&g, mf);
  figure_size(&c, kind);
  int rc = kinds[kind].fn(&c, &g, SIZE_MAX, pages);
  fclose(mf);
  free(buf);
  if (!rc && *pages > PAGES_MAX) {
    cli_err(SUB, "%s: the figure would need %zu pages, more than %d: draw a part of the table", kinds[kind].name,
            *pages, PAGES_MAX);
    rc = EX_DATAERR;
  }
  return rc;
}

/* f->page 0: every page (a multi-page PDF; a saved PNG or SVG script sets
 * the output of each page); k: page k alone. */
int cli_figure_script(const cli_figure *f, int kind, const char *terminal, const char *out_name,
                      int check_terminal, char **buf, size_t *len)
{
  FILE *mf = open_memstream(buf, len);
  pt_gp g;
  int rc;
  size_t pages = 1;
  cli_figure c = *f;
  if (!mf) return EX_OSERR;
  figure_size(&c, kind);
  pt_gp_init(&g, mf);
  if (check_terminal)
    pt_gp_raw(&g, "if (strstrt(\" \".GPVAL_TERMINALS.\" \", \" %s \") == 0) {\n"
                  "  print \"gnuplot has no %s terminal\"\n  exit status 3\n}\n", terminal, terminal);
  int paged = out_name && strcmp(terminal, "pdfcairo");
  pt_gp_header_dpi(&g, terminal, c.width, c.height, c.dpi, paged ? NULL : out_name);
  common_style(&g);
  size_t k = c.page ? (size_t)c.page - 1 : 0;
  do {
    if (paged) page_output(&g, out_name, k);
    rc = kinds[kind].fn(&c, &g, k, &pages);
  } while (!rc && !c.page && ++k < pages);
  if (fclose(mf) != 0 && !rc) rc = EX_OSERR;
  if (!rc && pt_gp_status(&g)) rc = EX_IOERR;
  if (rc) { free(*buf); *buf = NULL; }
  return rc;
}

/* The default title of a kind, as drawn. */
static const char *kind_title(const cli_figure *f, int kind)
{
  static const char *const key[CLI_FIG_N] = { "rates_title", "change_title", "control_title", "funnel_title",
                                              "oc_title", "jpfig_title" };
  return f->title ? f->title : cli_tr(key[kind], f->lang);
}

/* "; "-separated full titles of the panels of page `page` (0-based). */
static void caption_panels(const cli_figure *f, int kind, size_t page, char *buf, size_t cap)
{
  pt_series s;
  panel *pv = NULL;
  size_t np = 0, used = strlen(buf);
  if (pt_series_partition(f->t, kind == CLI_FIG_RATES ? PT_KEY_GROUP : PT_KEY_SERIES, &s)) return;
  if (kind == CLI_FIG_CONTROL) np = s.n;
  else if (rate_panels(f->t, &s, &pv, &np)) np = 0;
  pgrid gr = panel_grid(f, np);
  size_t p0, p1;
  page_span(&gr, page, &p0, &p1);
  for (size_t p = p0; p < p1 && used + 1 < cap; p++) {
    char name[4200];
    if (kind == CLI_FIG_RATES) rate_panel_name(f, &s, &pv[p], name, sizeof name);
    else series_label(f, pt_series_row(f->t, &s, p, 0), name, sizeof name, 1);
    int w = snprintf(buf + used, cap - used, "%s%s", p == p0 ? ": " : "; ", name);
    used = w < 0 || (size_t)w >= cap - used ? cap - 1 : used + (size_t)w;
  }
  free(pv);
  pt_series_free(&s);
}

void cli_figure_caption(const cli_figure *f, int kind, size_t page, size_t n, char *buf, size_t cap)
{
  cli_figure c = *f;
  figure_size(&c, kind);
  if (n > 1) snprintf(buf, cap, "%s (%zu/%zu)", kind_title(&c, kind), page, n);
  else snprintf(buf, cap, "%s", kind_title(&c, kind));
  if (kind == CLI_FIG_RATES || kind == CLI_FIG_CONTROL) caption_panels(&c, kind, page ? page - 1 : 0, buf, cap);
}

int cli_figure_image(const char *sub, const cli_figure *f, int kind, const char *terminal, const char *gnuplot,
                     char **img, size_t *len)
{
  char *run = NULL;
  size_t runlen = 0;
  int rc = cli_figure_script(f, kind, terminal, NULL, 1, &run, &runlen);
  if (!rc) rc = cli_gnuplot_run(sub, cli_gnuplot_program(gnuplot), run, runlen, img, len);
  free(run);
  return rc;
}

void cli_figure_init(cli_figure *f)
{
  memset(f, 0, sizeof *f);
  f->lang = "en";
  f->level = 0.95;
  f->target = NAN;
  f->p0 = f->p1 = NAN;
  f->alpha = 0.05;
  f->beta = 0.10;
  f->width = 900;
  f->height = 600;
}

static int write_file(const char *path, const char *data, size_t len, const char *input)
{
  cli_out o;
  const char *inputs[] = { input, NULL };
  int rc = cli_out_open(SUB, &o, path, inputs);
  if (rc) return rc;
  if (fwrite(data, 1, len, o.f) != len) {
    cli_err(SUB, "cannot write \"%s\": %s", path, strerror(errno));
    cli_out_abort(&o);
    return EX_IOERR;
  }
  return cli_out_commit(SUB, &o);
}

/* The analysis options plot shares with rates, change and anomalies: the
 * figure draws exactly the numbers those commands print with the same
 * options. */
typedef struct plot_opts {
  pt_an_trend_opts trend;      /* joinpoint: as trend --joinpoints */
  pt_an_rates_opts rates;
  pt_an_change_opts change;
  pt_an_anom_opts flags;       /* control's flags; funnel's units */
} plot_opts;

typedef struct plot_results {
  pt_an_trends trends;
  pt_an_rates rates;
  pt_an_changes changes;
  pt_an_anoms limits, flags;
} plot_results;

static void plot_opts_init(plot_opts *o)
{
  pt_an_trend_opts_init(&o->trend);
  o->trend.joinpoints = 1;
  pt_an_rates_opts_init(&o->rates);
  pt_an_change_opts_init(&o->change);
  pt_an_anom_opts_init(&o->flags);
}

static void plot_results_free(plot_results *r)
{
  pt_an_trend_free(&r->trends);
  pt_an_rates_free(&r->rates);
  pt_an_change_free(&r->changes);
  pt_an_anom_free(&r->limits);
  pt_an_anom_free(&r->flags);
}

/* --method means the kind's method: an interval for rates, a difference
 * for change, the flagging method for control. */
static int plot_method(int kind, const char *m, plot_opts *o)
{
  if (!m) return 0;
  if (kind == CLI_FIG_RATES) {
    if (!(o->rates.method = pt_ci_method_find(m))) return cli_usage_err(SUB, "unknown --method \"%s\" for rates", m);
  } else if (kind == CLI_FIG_CHANGE) {
    if (!(o->change.diff = pt_cmp_method_find(pt_diff_methods, m)))
      return cli_usage_err(SUB, "unknown --method \"%s\" for change (a difference method)", m);
  } else if (kind == CLI_FIG_CONTROL) {
    if (!strcmp(m, "loo")) o->flags.method = PT_AN_LOO;
    else if (!strcmp(m, "pchart")) o->flags.method = PT_AN_PCHART;
    else return cli_usage_err(SUB, "invalid --method \"%s\": loo or pchart", m);
  } else {
    return cli_usage_err(SUB, "--method does not apply to %s", cli_figure_name(kind));
  }
  return 0;
}

/* The results the kind draws, from the library. */
static int plot_compute(cli_figure *c, int kind, plot_opts *o, plot_results *r, const char *input)
{
  const pt_table *t = c->t;
  int st = 0;
  o->rates.level = o->change.level = o->flags.level = c->level;
  switch (kind) {
  case CLI_FIG_RATES:
    st = pt_an_rates_run(t, &o->rates, &r->rates);
    c->rates = &r->rates;
    break;
  case CLI_FIG_CHANGE:
    st = pt_an_change_run(t, &o->change, &r->changes);
    if (st == PT_ESHORT) st = 0;
    c->changes = &r->changes;
    break;
  case CLI_FIG_CONTROL: {
    pt_an_anom_opts lo = o->flags;
    lo.method = PT_AN_PCHART;
    lo.exact = 0;
    lo.sigma = PT_Z_ALARM;
    st = pt_an_anom_run(t, &lo, &r->limits);
    if (st == PT_ESHORT) st = 0;
    if (!st) st = pt_an_anom_run(t, &o->flags, &r->flags);
    if (st == PT_ESHORT) st = 0;
    c->limits = &r->limits;
    c->flags = &r->flags;
    break;
  }
  case CLI_FIG_JOINPOINT:
    o->trend.level = c->level;
    o->trend.jp.alpha = 1 - c->level;
    o->trend.jp.level = c->level;
    st = pt_an_trend_run(t, &o->trend, &r->trends);
    if (st == PT_ESHORT) st = 0;
    c->trends = &r->trends;
    break;
  case CLI_FIG_FUNNEL:
    o->flags.method = PT_AN_FUNNEL;
    o->flags.target = c->target;
    if (!t->has_area) { cli_err(SUB, "%s: %s", input ? input : "", cli_tr("s_funnel_kinds", "en")); return EX_DATAERR; }
    st = pt_an_anom_run(t, &o->flags, &r->flags);
    if (st == PT_ESHORT) st = 0;
    c->flags = &r->flags;
    break;
  default:
    break;
  }
  return st ? cli_lib_err(SUB, input ? input : "", st) : 0;
}

typedef struct plot_args {
  cli_figure f;
  plot_opts po;
  pt_load_opts lo;
  const char *output, *script, *labels, *gnuplot, *method;
  int script_only;
} plot_args;

static int parse_style(const char *arg, void *dst)
{
  if (strcmp(arg, "bars") && strcmp(arg, "band")) return -1;
  *(const char **)dst = arg;
  return 0;
}

static int parse_period(const char *arg, void *dst)
{
  cli_figure *f = (cli_figure *)((char *)dst - offsetof(cli_figure, period));
  if (pt_num_parse_long(arg, strlen(arg), -1000000000L, 1000000000L, &f->period)) return -1;
  f->have_period = 1;
  return 0;
}

/* One side of --size: a number with no unit (pixels), "px", "cm" or "in";
 * *inches 1 for a print unit (the value then in inches), 0 for pixels. */
static int size_side(const char *a, size_t len, double *v, int *inches)
{
  char buf[32], *end;
  if (!len || len >= sizeof buf) return -1;
  memcpy(buf, a, len);
  buf[len] = '\0';
  errno = 0;
  double x = strtod(buf, &end);
  if (end == buf || errno || !isfinite(x) || buf[0] == '-' || buf[0] == '+' || isspace((unsigned char)buf[0])) return -1;
  if (!*end || !strcmp(end, "px")) *inches = 0;
  else if (!strcmp(end, "cm")) { *inches = 1; x /= 2.54; }
  else if (!strcmp(end, "in")) *inches = 1;
  else return -1;
  *v = x;
  return 0;
}

/* --size WxH or W,H: pixels (100 to 10000, whole), or a print size in cm
 * or in (2 cm to 80 cm a side): a PNG at 300 dpi, PDF and SVG at that
 * size.  Both sides in pixels or both in a print unit. */
static int parse_size(const char *arg, void *dst)
{
  cli_figure *f = (cli_figure *)((char *)dst - offsetof(cli_figure, width));
  const char *sep = strchr(arg, ',');
  if (!sep) sep = strchr(arg, 'x');
  double w, h;
  int wi, hi;
  if (!sep || size_side(arg, (size_t)(sep - arg), &w, &wi) || size_side(sep + 1, strlen(sep + 1), &h, &hi) || wi != hi)
    return -1;
  if (wi) {
    if (w < 2 / 2.54 || h < 2 / 2.54 || w > 80 / 2.54 || h > 80 / 2.54) return -1;
    f->width = (int)lround(w * 96);
    f->height = (int)lround(h * 96);
    f->dpi = 300;
  } else {
    if (w != floor(w) || h != floor(h) || w < 100 || h < 100 || w > 10000 || h > 10000) return -1;
    f->width = (int)w;
    f->height = (int)h;
    f->dpi = 0;
  }
  f->size_given = 1;
  return 0;
}

static int parse_population(const char *arg, void *dst)
{
  uint64_t *n = dst;
  return pt_num_parse_count(arg, strlen(arg), PT_NUMFMT_PLAIN, 1000000ULL, n) || !*n ? -1 : 0;
}

static int parse_diff(const char *arg, void *dst)
{
  return (*(const pt_cmp_method_info **)dst = pt_cmp_method_find(pt_diff_methods, arg)) ? 0 : -1;
}

#define RATE_01(nm, m, h) CLI_DOUBLE(nm, 0, "P", plot_args, f.m, 0, 1, 0, "a number from 0 to 1", h)
#define PROB_01(nm, m, h) CLI_DOUBLE(nm, 0, "A", plot_args, f.m, 0, 1, CLI_OPEN_LOW | CLI_OPEN_HIGH, "a number between 0 and 1", h)
static const cli_opt plot_opts_table[] = {
  CLI_OUTPUT("output", 'o', "OUT", plot_args, output, "the figure: .png, .svg or .pdf (written complete or not\nat all)"),
  CLI_STR("script", 0, "FILE.gp", plot_args, script, "also save the gnuplot script"),
  CLI_FLAG("script-only", 0, plot_args, script_only, "write the script and do not run gnuplot"),
  CLI_FN("lang", 0, "L", plot_args, f.lang, cli_opt_lang, "en or vi", 0, "en (default) or vi: labels from labels.csv"),
  CLI_STR("labels", 0, "FILE", plot_args, labels, "labels file (default: the bundled labels.csv)"),
  CLI_STR("title", 0, "T", plot_args, f.title, "the figure's title"),
  CLI_FN("style", 0, "S", plot_args, f.style, parse_style, "bars or band", 0, "rates: bars (default) or band"),
  CLI_FN("level", 'l', "L", plot_args, f.level, cli_opt_level, "a number between 0 and 1, e.g. 0.95", 0,
         "confidence level of the intervals drawn (default 0.95)"),
  CLI_STR("method", 'm', "M", plot_args, method,
          "the method of the figure's command: rates: the interval\n(as rates --method); change: the difference (as\n"
          "change --diff-method); control: loo (default) or\npchart flags"),
  CLI_FN("diff-method", 0, "M", plot_args, po.change.diff, parse_diff, NULL, 1, "change: the difference's method"),
  CLI_DOUBLE("sigma", 0, "S", plot_args, po.flags.sigma, 0, 1e300, CLI_OPEN_LOW, "a positive number",
             "control with pchart flags: the alarm limit (as anomalies)"),
  CLI_FLAG("exact", 0, plot_args, po.flags.exact, "control with pchart flags: exact limits (as anomalies)"),
  CLI_FLAG("laney", 0, plot_args, po.flags.laney, "control: Laney's p' chart limits and flags (as anomalies)"),
  CLI_CHOICE("variance", 0, "V", plot_args, po.flags.variance, pt_an_variance_names, NULL,
             "williams (default): allow for year-to-year variation\nbeyond binomial sampling (Williams 1982, pooled per\nstage); quasi: quasi-binomial phi; binomial: none"),
  CLI_FLAG("overdispersion", 0, plot_args, po.flags.overdispersion, "funnel: additive tau^2 (as anomalies)"),
  CLI_INT("joinpoints", 0, "MAX", plot_args, po.trend.joinpoints, 1, PT_JP_MAX, NULL,
          "joinpoint: the joinpoints allowed (default 1), as trend"),
  CLI_FN("select", 0, "M", plot_args, po.trend.jp.select, cli_opt_jp_select, "wbic, bic, bic3 or permutation", 0,
         "joinpoint: the selection, as trend (default wbic)"),
  CLI_FN("jump", 0, "PERIOD", plot_args, po.trend.jp, cli_opt_jump, "a period (whole number)", 0,
         "joinpoint: a break of definition from PERIOD on, as trend"),
  CLI_FN("period", 0, "P", plot_args, f.period, parse_period, "a whole number", 0, "funnel: the period (default: the latest)"),
  CLI_STR("stage", 0, "S", plot_args, f.stage, "funnel: the stage (default: the first in the table)"),
  CLI_STR("group", 0, "G", plot_args, f.group, "funnel with areas: the group (default: the first)"),
  CLI_DOUBLE("target", 0, "P", plot_args, f.target, 0, 1, CLI_OPEN_LOW | CLI_OPEN_HIGH, "a proportion between 0 and 1",
             "funnel: target proportion (default: pooled)"),
  CLI_FN("population", 0, "N", plot_args, f.population, parse_population, "a whole number from 1 to 1000000", 0,
         "oc: the lot size, as for sample-size --lqas"),
  RATE_01("acceptable", p0, "oc: the acceptable failure rate P0"),
  RATE_01("unacceptable", p1, "oc: the unacceptable failure rate P1"),
  PROB_01("alpha", alpha, "oc: the producer's risk (default 0.05)"),
  PROB_01("beta", beta, "oc: the consumer's risk (default 0.10)"),
  CLI_FN("size", 0, "W,H", plot_args, f.width, parse_size,
         "W,H (or WxH): pixels from 100 to 10000, or a print size of 2 to 80 cm a side in cm or in (16cm,10cm; 6.3in,4in)", 0,
         "the size of every page: pixels (default 900,600; panels\ngrow it up to 4 rows, then the figure takes more pages),\n"
         "or a print size (16cm,10cm; 6.3in,4in): a PNG at 300 dpi,\nPDF and SVG at that size"),
  CLI_STR("gnuplot", 0, "PATH", plot_args, gnuplot, "the gnuplot program (default: $PROPTREND_GNUPLOT, else\n" PT_GNUPLOT_DEFAULT ")"),
};
static const cli_optset plot_sets[] = {
  CLI_SET(NULL, plot_opts_table, 0), { "Reading the table:", cli_table_opts, 0, offsetof(plot_args, lo) }, CLI_HELP_SET,
};
static const cli_spec plot_spec = {
  "plot",
  "Usage: proptrend plot KIND [OPTION]... FILE -o OUT.{png,svg,pdf}\n"
  "       proptrend plot oc --population N --acceptable P0 --unacceptable P1\n"
  "                         [--alpha A] [--beta B] -o OUT.{png,svg,pdf}\n"
  "Draw a figure of the tidy table FILE with gnuplot (run without a shell) and,\n"
  "with --script, save the standalone gnuplot script (data inline) that draws it.\n"
  "The figure shows exactly the numbers its command prints with the same options.\n"
  "\n"
  "Kinds:\n"
  "  rates    proportion per period with intervals (as rates), one panel per group\n"
  "  change   forest plot of year-over-year differences (pp, as change)\n"
  "  control  each series with p-chart limits; flagged points by severity\n"
  "           (as anomalies --method loo or pchart)\n"
  "  funnel   one period's cross-section: proportion against total, the 95%\n"
  "           and 99.8% limits its units were judged by (tau^2 or exact), the\n"
  "           target; flagged units labelled\n"
  "  oc       the operating characteristic of the LQAS plan of sample-size --lqas\n"
  "           (no FILE): P(accept) against the lot's true failure rate\n"
  "  joinpoint the observed rates, the fitted joinpoint segments, the joinpoints\n"
  "           and any break of definition (as trend --joinpoints; 4 series a page)\n"
  "\n"
  "A figure grows by pages of a bounded size: a PNG or SVG figure of several\n"
  "pages is OUT, OUT-2.EXT ... OUT-N.EXT; a PDF holds every page.\n",
  "Exit status 69 when gnuplot (or its terminal) is not available.\n",
  plot_sets, sizeof plot_sets / sizeof plot_sets[0], 1, 2, "missing KIND and FILE",
};

/* The operands (KIND FILE, or oc alone) and the output's format. */
static int plot_check(plot_args *pa, int argc, char **argv, int first, int *kind, const char **terminal)
{
  const cli_figure *c = &pa->f;
  int is_oc = first < argc && !strcmp(argv[first], "oc");
  if (is_oc) {
    if (first + 1 != argc) return cli_usage_err(SUB, "oc takes no FILE: the plan is given by --population, --acceptable and --unacceptable");
    if (!c->population || isnan(c->p0) || isnan(c->p1)) return cli_usage_err(SUB, "oc needs --population, --acceptable and --unacceptable");
    if (!(c->p0 < c->p1)) return cli_usage_err(SUB, "oc needs --acceptable P0 < --unacceptable P1");
  } else if (first + 2 != argc)
    return cli_usage_err(SUB, first + 1 == argc ? "missing FILE" : "too many arguments");
  if ((*kind = cli_figure_kind(argv[first])) < 0)
    return cli_usage_err(SUB, "unknown KIND \"%s\": rates, change, control, funnel, oc or joinpoint", argv[first]);
  int rc = plot_method(*kind, pa->method, &pa->po);
  if (rc) return rc;
  if (!pa->output && !pa->script_only) return cli_usage_err(SUB, "missing -o OUT.png, OUT.svg or OUT.pdf");
  if (pa->script_only && !pa->script) return cli_usage_err(SUB, "--script-only needs --script FILE.gp");
  *terminal = "pngcairo";
  if (pa->output) {
    const char *dot = strrchr(pa->output, '.');
    if (dot && !strcmp(dot, ".svg")) *terminal = "svg";
    else if (dot && !strcmp(dot, ".pdf")) *terminal = "pdfcairo";
    else if (!dot || strcmp(dot, ".png"))
      return cli_usage_err(SUB, "cannot tell the format of \"%s\": use .png, .svg or .pdf", pa->output);
  }
  return 0;
}

/* The figure: a PDF holds every page; a PNG or SVG figure of n pages is
 * OUT, OUT-2.EXT ... OUT-n.EXT, each written whole or not at all. */
static int plot_pages(plot_args *pa, cli_figure *c, int kind, const char *terminal, const char *input)
{
  size_t pages = 1;
  int rc = strcmp(terminal, "pdfcairo") ? cli_figure_pages(c, kind, &pages) : 0;
  struct stat st;
  if (!rc && pages > 1 && stat(pa->output, &st) == 0 && !S_ISREG(st.st_mode)) {
    /* a device or FIFO takes one image; OUT-2.EXT beside it would be a new file in its directory */
    cli_err(SUB, "the figure has %zu pages, and \"%s\" is not a regular file: name a file, or use .pdf for one file of every page",
            pages, pa->output);
    rc = EX_CANTCREAT;
  }
  for (size_t k = 1; !rc && k <= pages; k++) {
    char *img = NULL, path[4200];
    size_t imglen = 0;
    c->page = strcmp(terminal, "pdfcairo") ? (int)k : 0;
    page_path(pa->output, k, path, sizeof path);
    rc = cli_figure_image(SUB, c, kind, terminal, pa->gnuplot, &img, &imglen);
    if (!rc) rc = write_file(path, img, imglen, input);
    free(img);
  }
  if (!rc && pages > 1) {
    char last[4200];
    page_path(pa->output, pages, last, sizeof last);
    cli_err(SUB, "note: the figure has %zu pages: %s to %s", pages, pa->output, last);
  }
  c->page = 0;
  return rc;
}

/* The results, then the script (--script) and the figure. */
static int plot_draw(plot_args *pa, cli_figure *c, int kind, const char *terminal, const char *input)
{
  plot_results pr;
  char *saved = NULL;
  size_t savedlen = 0;
  memset(&pr, 0, sizeof pr);
  size_t pages = 1;
  int rc = plot_compute(c, kind, &pa->po, &pr, input);
  if (!rc) rc = cli_figure_pages(c, kind, &pages);   /* a figure beyond the page limit fails before any work */
  if (!rc && pa->script) {
    const char *base = pa->output ? strrchr(pa->output, '/') : NULL;
    base = base ? base + 1 : pa->output ? pa->output : "figure.png";
    rc = cli_figure_script(c, kind, terminal, base, 0, &saved, &savedlen);
    if (!rc) rc = write_file(pa->script, saved, savedlen, input);
  }
  if (!rc && !pa->script_only) rc = plot_pages(pa, c, kind, terminal, input);
  if (rc == EX_OSERR) cli_err(SUB, "out of memory");
  free(saved);
  plot_results_free(&pr);
  return rc;
}

int cmd_plot(int argc, char **argv)
{
  plot_args pa;
  int first, rc, kind = -1;
  const char *terminal = NULL;
  pt_table t;
  pt_labels labels;
  memset(&pa, 0, sizeof pa);
  cli_figure_init(&pa.f);
  plot_opts_init(&pa.po);
  pt_load_opts_init(&pa.lo);
  if ((rc = cli_parse(&plot_spec, argc, argv, &pa, &first))) return cli_exit(rc);
  if ((rc = plot_check(&pa, argc, argv, first, &kind, &terminal))) return rc;
  const char *input = kind == CLI_FIG_OC ? NULL : argv[first + 1];
  if (!input) pt_table_init(&t);
  else if ((rc = cli_read_table(SUB, input, &pa.lo, &t))) return rc;
  if ((rc = cli_read_labels(SUB, pa.labels, &labels))) { pt_table_free(&t); return rc; }
  cli_figure c = pa.f;
  c.t = &t;
  c.labels = &labels;
  rc = plot_draw(&pa, &c, kind, terminal, input);
  pt_labels_free(&labels);
  pt_table_free(&t);
  return rc;
}
