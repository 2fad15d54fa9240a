/* plot.c - proptrend plot: figures through gnuplot, with an editable
 * standalone script.  Every label from the data goes through pt_gp_str();
 * the script run by proptrend writes the figure to gnuplot's stdout, and the
 * figure reaches OUT through a temporary file and a rename. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
  if (r->area && *r->area)
    snprintf(buf, cap, "%s%s%s, %s", r->area, with_group ? ", " : "", with_group ? glabel(c, r->group) : "",
             slabel(c, r->stage));
  else if (with_group)
    snprintf(buf, cap, "%s, %s", glabel(c, r->group), slabel(c, r->stage));
  else
    snprintf(buf, cap, "%s", slabel(c, r->stage));
}

static void common_style(pt_gp *g)
{
  pt_gp_raw(g, "set grid lc rgb \"#dddddd\"\nset border lc rgb \"#444444\"\n");
  for (int i = 0; i < 8; i++)
    pt_gp_raw(g, "set linetype %d lc rgb \"%s\" lw 2 dt %d pt %d ps 1\n", i + 1, pt_okabe_ito[i], i % 4 + 1,
              (int[]){ 7, 5, 9, 11, 13, 15, 6, 4 }[i]);
}

/* The figure's title and axis labels, every one quoted. */
static void titles(pt_gp *g, const char *title, const char *xlabel, const char *ylabel)
{
  pt_gp_raw(g, "set title ");
  pt_gp_str(g, title);
  pt_gp_raw(g, "\nset xlabel ");
  pt_gp_str(g, xlabel);
  pt_gp_raw(g, "\nset ylabel ");
  pt_gp_str(g, ylabel);
  pt_gp_raw(g, "\n");
}

/* ---- rates -------------------------------------------------------------- */

static int script_rates(const plotctx *c, pt_gp *g)
{
  const pt_table *t = c->t;
  pt_series s;
  if (pt_series_partition(t, PT_KEY_GROUP, &s)) return EX_OSERR;
  size_t ng = s.n, cols = ng > 1 ? 2 : 1, rows = (ng + cols - 1) / cols, block = 0;
  double *v = malloc((s.longest ? s.longest : 1) * 4 * sizeof *v);
  if (!v) { pt_series_free(&s); return EX_OSERR; }
  pt_gp_raw(g, "set multiplot layout %zu,%zu title ", rows, cols);
  pt_gp_str(g, c->title ? c->title : cli_tr("rates_title", c->lang));
  pt_gp_raw(g, "\nset xlabel ");
  pt_gp_str(g, cli_tr("year", c->lang));
  pt_gp_raw(g, "\nset ylabel ");
  pt_gp_str(g, cli_tr("percent", c->lang));
  /* percentages: the axis never runs past 0 or 100; one legend, under the
   * first panel (every panel has the same stages) */
  pt_gp_raw(g, "\nset key outside below horizontal font \",9\"\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\n"
               "set offsets 0.4, 0.4, 0, 0\nset yrange [0<*:*<100]\n");
  for (size_t a = 0; a < ng; a++) {
    if (a == 1) pt_gp_raw(g, "unset key\n");
    /* a group's rows are ordered by area, stage, period: its series are runs */
    size_t k = pt_series_len(&s, a), first = block;
    for (size_t i = 0, j; i < k; i = j) {
      const pt_row *r0 = pt_series_row(t, &s, a, i);
      for (j = i; j < k && pt_row_same_series(r0, pt_series_row(t, &s, a, j)); j++) {
        const pt_row *r = pt_series_row(t, &s, a, j);
        const pt_an_rate *q = &c->rates->r[r - t->rows];
        v[(j - i) * 4 + 0] = (double)r->period;
        v[(j - i) * 4 + 1] = 100.0 * q->p;
        v[(j - i) * 4 + 2] = 100.0 * q->lower;
        v[(j - i) * 4 + 3] = 100.0 * q->upper;
      }
      char name[32];
      snprintf(name, sizeof name, "s%zu", block++);
      pt_gp_datablock(g, name, j - i, 4, v);
    }
    pt_gp_raw(g, "set title ");
    pt_gp_str(g, glabel(c, pt_series_row(t, &s, a, 0)->group));
    pt_gp_raw(g, "\nplot ");
    for (size_t i = 0, j, b = first; i < k; i = j, b++) {
      const pt_row *r0 = pt_series_row(t, &s, a, i);
      char lab[4096];
      for (j = i; j < k && pt_row_same_series(r0, pt_series_row(t, &s, a, j)); j++) {}
      series_label(c, r0, lab, sizeof lab, 0);
      size_t lt = (b - first) % 8 + 1;
      if (b > first) pt_gp_raw(g, ", \\\n     ");
      if (c->style && !strcmp(c->style, "band"))
        pt_gp_raw(g, "$s%zu using 1:3:4 with filledcurves lt %zu fs transparent solid 0.15 notitle, "
                     "$s%zu using 1:2 with linespoints lt %zu title ", b, lt, b, lt);
      else
        /* error bars solid whatever the series' dash: bars and line drawn apart */
        pt_gp_raw(g, "$s%zu using 1:2:3:4 with yerrorbars lt %zu dt 1 notitle, $s%zu using 1:2 with linespoints lt %zu title ",
                  b, lt, b, lt);
      pt_gp_str(g, lab);
    }
    pt_gp_raw(g, "\n");
  }
  pt_gp_raw(g, "unset multiplot\n");
  free(v);
  pt_series_free(&s);
  return 0;
}

/* ---- change (forest) -------------------------------------------------------- */

static int script_change(const plotctx *c, pt_gp *g)
{
  const pt_an_changes *ch = c->changes;
  size_t K = ch->n, longest = 0;
  double *v = calloc((K ? K : 1) * 4, sizeof *v);
  if (!v) return EX_OSERR;
  for (size_t i = 0; i < K; i++) {
    v[i * 4] = (double)(K - i);
    v[i * 4 + 1] = 100 * ch->c[i].diff; v[i * 4 + 2] = 100 * ch->c[i].diff_lower; v[i * 4 + 3] = 100 * ch->c[i].diff_upper;
  }
  pt_gp_datablock(g, "d", K, 4, v);
  free(v);
  pt_gp_raw(g, "set title ");
  pt_gp_str(g, c->title ? c->title : cli_tr("change_title", c->lang));
  pt_gp_raw(g, "\nset xlabel ");
  pt_gp_str(g, cli_tr("diff_pp", c->lang));
  pt_gp_raw(g, "\nset yrange [0.3:%zu.7]\nset ytics (", K);
  for (size_t i = 0; i < K; i++) {
    char lab[4096], full[4200];
    series_label(c, ch->c[i].to, lab, sizeof lab, 1);
    snprintf(full, sizeof full, "%s %ld\u2192%ld", lab, ch->c[i].period_from, ch->c[i].period_to);
    if (i) pt_gp_raw(g, ", ");
    pt_gp_str_fmt(g, full);   /* a tic label: gnuplot reads % there as a format */
    pt_gp_raw(g, " %zu", K - i);
    size_t w = 0;
    for (const char *q = full; *q; q++) w += ((unsigned char)*q & 0xc0) != 0x80;
    if (w > longest) longest = w;
  }
  /* room for the longest row label, in character widths */
  pt_gp_raw(g, ")\nset ytics nomirror\nset grid xtics\nunset key\nset lmargin %zu\n", longest * 9 / 10 + 3);
  pt_gp_raw(g, "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb \"#444444\" dt 2\n"
               "plot $d using 2:1:3:4 with xerrorbars lt 1 pt 7 notitle\n");
  return 0;
}

/* ---- control ------------------------------------------------------------------ */

/* One series of the control chart as a datablock: period, observed, the
 * p-chart's 95 % and 99.8 % limits, the flagging method's expected value
 * and severity. */
static void control_block(const plotctx *c, pt_gp *g, const pt_series *s, size_t a, const pt_an_anom **lim,
                          const pt_an_anom **flg, double *v, const char *name)
{
  const pt_table *t = c->t;
  size_t m = pt_series_len(s, a);
  for (size_t q = 0; q < m; q++) {
    const pt_row *r = pt_series_row(t, s, a, q);
    const pt_an_anom *l = lim[r - t->rows], *f = flg[r - t->rows];
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

static int script_control(const plotctx *c, pt_gp *g)
{
  const pt_table *t = c->t;
  pt_series s;
  if (pt_series_partition(t, PT_KEY_SERIES, &s)) return EX_OSERR;
  const pt_an_anom **lim = anom_by_row(t, c->limits), **flg = anom_by_row(t, c->flags);
  double *v = malloc((s.longest ? s.longest : 1) * 8 * sizeof *v);
  int rc = 0;
  size_t nser = 0, sidx = 0;
  if (!lim || !flg || !v) { rc = EX_OSERR; goto out; }
  for (size_t a = 0; a < s.n; a++) nser += pt_series_len(&s, a) >= 3;
  if (!nser) { cli_err(SUB, "no series has 3 or more periods"); rc = EX_DATAERR; goto out; }
  size_t cols = nser > 1 ? 2 : 1, rows = (nser + cols - 1) / cols;
  pt_gp_raw(g, "set multiplot layout %zu,%zu title ", rows, cols);
  pt_gp_str(g, c->title ? c->title : cli_tr("control_title", c->lang));
  pt_gp_raw(g, "\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\nset offsets 0.4, 0.4, 0, 0\n"
               "set yrange [0<*:*<100]\nset key outside below horizontal font \",8\"\nset ylabel ");
  pt_gp_str(g, cli_tr("percent", c->lang));
  pt_gp_raw(g, "\n");
  for (size_t a = 0; a < s.n; a++) {
    if (pt_series_len(&s, a) < 3) continue;
    char name[32], lab[4096];
    if (sidx == 1) pt_gp_raw(g, "unset key\n");   /* one legend, under the first panel */
    snprintf(name, sizeof name, "c%zu", sidx++);
    control_block(c, g, &s, a, lim, flg, v, name);
    series_label(c, pt_series_row(t, &s, a, 0), lab, sizeof lab, 1);
    pt_gp_raw(g, "set title ");
    pt_gp_str(g, lab);
    control_plot(c, g, name);
  }
  pt_gp_raw(g, "unset multiplot\n");
out:
  free(lim); free(flg); free(v);
  pt_series_free(&s);
  return rc;
}

/* ---- funnel -------------------------------------------------------------------- */

static int script_funnel(const plotctx *c, pt_gp *g)
{
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
  double nmin = (double)n[0], nmax = (double)n[0], tg = sel[0]->pt.expected;
  for (size_t i = 1; i < m; i++) { nmin = fmin(nmin, (double)n[i]); nmax = fmax(nmax, (double)n[i]); }
  nmin = fmax(1.0, nmin * 0.8);
  nmax *= 1.1;
  /* the limit curves, on a grid of totals */
  enum { NG = 120 };
  double grid[NG * 5];
  for (int q = 0; q < NG; q++) {
    double nn = floor(nmin * pow(nmax / nmin, (double)q / (NG - 1)) + 0.5);
    uint64_t gx = 0, gn = (uint64_t)nn;
    pt_anom_point lp[2];   /* the limits at total gn do not depend on the counts */
    pt_anom_funnel(2, (uint64_t[]){ gx, gx }, (uint64_t[]){ gn, gn }, tg, 0, c->level, lp, &tau2);
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
  titles(g, title, cli_tr("units", c->lang), cli_tr("percent", c->lang));
  pt_gp_raw(g, "set key bottom right\n");
  for (size_t i = 0; i < m; i++) {
    if (sel[i]->severity == PT_ANOM_NONE) continue;
    const pt_row *r = sel[i]->row;
    pt_gp_raw(g, "set label %zu ", i + 1);
    pt_gp_str(g, t->has_area ? r->area : glabel(c, r->group));
    pt_gp_raw(g, " at %.10g, %.10g offset 0.8, 0.4 font \",8\"\n", (double)n[i], 100.0 * sel[i]->pt.p);
  }
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
static int script_oc(const plotctx *c, pt_gp *g)
{
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
  titles(g, title, cli_tr("failure_rate", c->lang), cli_tr("p_accept", c->lang));
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

/* ---- driver ------------------------------------------------------------------------ */

/* ---- joinpoint ------------------------------------------------------------------------ */

/* The series with a joinpoint fit (at most 8: one colour each), drawn by
 * plot_joinpoint.c from the trend results. */
static int script_joinpoint(const plotctx *c, pt_gp *g)
{
  const pt_table *t = c->t;
  const pt_an_trends *tr = c->trends;
  cli_jp_series sv[8];
  char labels[8][512];
  size_t ns = 0, nfit = 0;
  pt_series s;
  int rc = 0;
  for (size_t i = 0; tr && i < tr->n; i++) nfit += tr->s[i].jp_status == PT_SUCCESS;
  if (!nfit) { cli_err(SUB, "joinpoint: no series has a joinpoint fit (see trend --joinpoints)"); return EX_DATAERR; }
  if (nfit > 8) { cli_err(SUB, "joinpoint: %zu series have a fit; one figure draws at most 8: choose with --group or --stage", nfit); return EX_DATAERR; }
  if (pt_series_partition(t, PT_KEY_SERIES, &s)) return EX_OSERR;
  double *per = malloc((t->n ? t->n : 1) * sizeof *per);
  uint64_t *x = malloc((t->n ? t->n : 1) * sizeof *x), *n = malloc((t->n ? t->n : 1) * sizeof *n);
  if (!per || !x || !n) rc = EX_OSERR;
  size_t off = 0;
  for (size_t g2 = 0; !rc && g2 < s.n; g2++) {
    const pt_row *r0 = pt_series_row(t, &s, g2, 0);
    const pt_an_trend *found = NULL;
    for (size_t i = 0; i < tr->n && !found; i++)
      if (tr->s[i].jp_status == PT_SUCCESS && !strcmp(tr->s[i].group, r0->group) && !strcmp(tr->s[i].stage, r0->stage) &&
          !strcmp(tr->s[i].area ? tr->s[i].area : "", r0->area ? r0->area : ""))
        found = &tr->s[i];
    if (!found) continue;
    size_t k = pt_series_len(&s, g2);
    pt_series_counts(t, &s, g2, x + off, n + off, per + off);
    series_label(c, r0, labels[ns], sizeof labels[ns], 1);
    sv[ns] = (cli_jp_series){ labels[ns], k, per + off, x + off, n + off, &found->jp };
    ns++;
    off += k;
  }
  cli_jp_text tx = { c->title ? c->title : cli_tr("jpfig_title", c->lang), cli_tr("year", c->lang),
                     cli_tr("percent", c->lang), cli_tr("jpfig_fitted", c->lang), cli_tr("jpfig_joinpoint", c->lang),
                     cli_tr("jpfig_jump", c->lang) };
  if (!rc) rc = cli_plot_joinpoint(g, sv, ns, &tx);
  free(per); free(x); free(n);
  pt_series_free(&s);
  return rc;
}

typedef int (*script_fn)(const plotctx *c, pt_gp *g);
static const struct { const char *name; script_fn fn; int panels; } kinds[] = {
  [CLI_FIG_RATES] = { "rates", script_rates, 1 },
  [CLI_FIG_CHANGE] = { "change", script_change, 0 },
  [CLI_FIG_CONTROL] = { "control", script_control, 1 },
  [CLI_FIG_FUNNEL] = { "funnel", script_funnel, 0 },
  [CLI_FIG_OC] = { "oc", script_oc, 0 },
  [CLI_FIG_JOINPOINT] = { "joinpoint", script_joinpoint, 0 },
};

int cli_figure_kind(const char *name)
{
  for (int k = 0; k < CLI_FIG_N; k++) if (!strcmp(kinds[k].name, name)) return k;
  return -1;
}

const char *cli_figure_name(int kind) { return kinds[kind].name; }

/* Grow the figure with its panels (2 columns, 320 px per row) or its rows,
 * unless a size was asked for. */
static void figure_size(cli_figure *f, int kind)
{
  if (f->size_given) return;
  if (kinds[kind].panels) {
    pt_series s;
    size_t np = 0;
    if (pt_series_partition(f->t, kind == CLI_FIG_RATES ? PT_KEY_GROUP : PT_KEY_SERIES, &s)) return;
    for (size_t a = 0; a < s.n; a++) np += kind == CLI_FIG_RATES || pt_series_len(&s, a) >= 3;
    pt_series_free(&s);
    int rows = (int)((np + 1) / 2);
    if (rows * 320 > f->height) f->height = rows * 320;
  } else if (kind == CLI_FIG_CHANGE) {
    int need = 30 + 24 * (int)(f->changes ? f->changes->n : 0);
    if (need > f->height) f->height = need;
    if (f->width < 1200) f->width = 1200;   /* long row labels */
  }
}

int cli_figure_script(const cli_figure *f, int kind, const char *terminal, const char *out_name,
                      int check_terminal, char **buf, size_t *len)
{
  FILE *mf = open_memstream(buf, len);
  pt_gp g;
  int rc;
  cli_figure c = *f;
  if (!mf) return EX_OSERR;
  figure_size(&c, kind);
  pt_gp_init(&g, mf);
  if (check_terminal)
    pt_gp_raw(&g, "if (strstrt(\" \".GPVAL_TERMINALS.\" \", \" %s \") == 0) {\n"
                  "  print \"gnuplot has no %s terminal\"\n  exit status 3\n}\n", terminal, terminal);
  pt_gp_header(&g, terminal, c.width, c.height, out_name);
  common_style(&g);
  rc = kinds[kind].fn(&c, &g);
  if (fclose(mf) != 0 && !rc) rc = EX_OSERR;
  if (!rc && pt_gp_status(&g)) rc = EX_IOERR;
  if (rc) { free(*buf); *buf = NULL; }
  return rc;
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

static int parse_size(const char *arg, void *dst)
{
  cli_figure *f = (cli_figure *)((char *)dst - offsetof(cli_figure, width));
  int w, h;
  char end;
  if (sscanf(arg, "%dx%d%c", &w, &h, &end) != 2 || w < 100 || h < 100 || w > 10000 || h > 10000) return -1;
  f->width = w;
  f->height = h;
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
  CLI_FN("size", 0, "WxH", plot_args, f.width, parse_size, "WIDTHxHEIGHT in pixels, 100 to 10000", 0,
         "pixels (default 900x600; panels grow it)"),
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
  "  funnel   one period's cross-section: proportion against total, exact 95%\n"
  "           and 99.8% limits, the target; flagged units labelled\n"
  "  oc       the operating characteristic of the LQAS plan of sample-size --lqas\n"
  "           (no FILE): P(accept) against the lot's true failure rate\n"
  "  joinpoint the observed rates, the fitted joinpoint segments, the joinpoints\n"
  "           and any break of definition (as trend --joinpoints; at most 8 series)\n",
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

/* The results, then the script (--script) and the figure. */
static int plot_draw(plot_args *pa, cli_figure *c, int kind, const char *terminal, const char *input)
{
  plot_results pr;
  char *saved = NULL, *img = NULL;
  size_t savedlen = 0, imglen = 0;
  memset(&pr, 0, sizeof pr);
  int rc = plot_compute(c, kind, &pa->po, &pr, input);
  if (!rc && pa->script) {
    const char *base = pa->output ? strrchr(pa->output, '/') : NULL;
    base = base ? base + 1 : pa->output ? pa->output : "figure.png";
    rc = cli_figure_script(c, kind, terminal, base, 0, &saved, &savedlen);
    if (!rc) rc = write_file(pa->script, saved, savedlen, input);
  }
  if (!rc && !pa->script_only) {
    rc = cli_figure_image(SUB, c, kind, terminal, pa->gnuplot, &img, &imglen);
    if (!rc) rc = write_file(pa->output, img, imglen, input);
  }
  if (rc == EX_OSERR) cli_err(SUB, "out of memory");
  free(saved); free(img);
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
