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
#include "proptrend/anomaly.h"
#include "proptrend/ci.h"
#include "proptrend/compare.h"
#include "proptrend/error.h"
#include "proptrend/num.h"
#include "proptrend/plot.h"
#include "proptrend/reinspect.h"

static const char *const SUB = "plot";

static void help(void)
{
  printf("Usage: proptrend plot KIND [OPTION]... FILE -o OUT.{png,svg,pdf}\n"
         "       proptrend plot oc --population N --acceptable P0 --unacceptable P1\n"
         "                         [--alpha A] [--beta B] -o OUT.{png,svg,pdf}\n"
         "Draw a figure of the tidy table FILE with gnuplot (run without a shell) and,\n"
         "with --script, save the standalone gnuplot script (data inline) that draws it.\n"
         "\n"
         "Kinds:\n"
         "  rates    proportion per period with 95%% intervals, one panel per group\n"
         "  change   forest plot of year-over-year differences (pp) with intervals\n"
         "  control  each series with p-chart limits; flagged points by severity\n"
         "  funnel   one period's cross-section: proportion against total, exact 95%%\n"
         "           and 99.8%% limits, the target; flagged units labelled\n"
         "  oc       the operating characteristic of the LQAS plan of sample-size --lqas\n"
         "           (no FILE): P(accept) against the lot's true failure rate\n"
         "\n"
         "  -o, --output OUT       the figure: .png, .svg or .pdf (written complete or not\n"
         "                         at all)\n"
         "      --script FILE.gp   also save the gnuplot script\n"
         "      --script-only      write the script and do not run gnuplot\n"
         "      --lang L           en (default) or vi: labels from labels.csv\n"
         "      --labels FILE      labels file (default: the bundled labels.csv)\n"
         "      --title T          the figure's title\n"
         "      --style S          rates: bars (default) or band\n"
         "      --method M         control: loo (default) or pchart flags\n"
         "      --period P         funnel: the period (default: the latest)\n"
         "      --stage S          funnel: the stage (default: the first in the table)\n"
         "      --group G          funnel with areas: the group (default: the first)\n"
         "      --target P         funnel: target proportion (default: pooled)\n"
         "      --population N, --acceptable P0, --unacceptable P1, --alpha A (0.05),\n"
         "      --beta B (0.10)    oc: the LQAS plan, as for sample-size --lqas\n"
         "      --size WxH         pixels (default 900x600; panels grow it)\n"
         "      --gnuplot PATH     the gnuplot program (default: $PROPTREND_GNUPLOT, else\n"
         "                         %s)\n"
         "%s"
         "  -h, --help             display this help and exit\n"
         "\n"
         "Exit status 69 when gnuplot (or its terminal) is not available.\n",
         PT_GNUPLOT_DEFAULT, CLI_TABLE_HELP);
}

typedef struct plotctx {
  pt_table t;
  size_t *idx;
  pt_labels labels;
  const char *lang, *title, *style, *method, *stage, *group;
  long period;
  int have_period;
  double target;
  int width, height;
  int size_given;
  uint64_t population;               /* oc */
  double p0, p1, alpha, beta;
} plotctx;

static const char *glabel(const plotctx *c, const char *code)
{
  return pt_labels_get(&c->labels, "group", code, c->lang);
}

static const char *slabel(const plotctx *c, const char *code)
{
  return pt_labels_get(&c->labels, "stage", code, c->lang);
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
  const pt_table *t = &c->t;
  const char *groups[64];
  size_t ng = 0;
  for (size_t k = 0; k < t->n; k++) {
    const char *gname = t->rows[c->idx[k]].group;
    size_t a = 0;
    while (a < ng && strcmp(groups[a], gname)) a++;
    if (a == ng && ng < 64) groups[ng++] = gname;
  }
  size_t cols = ng > 1 ? 2 : 1, rows = (ng + cols - 1) / cols;
  pt_gp_raw(g, "set multiplot layout %zu,%zu title ", rows, cols);
  pt_gp_str(g, c->title ? c->title : cli_tr("rates_title", c->lang));
  pt_gp_raw(g, "\nset xlabel ");
  pt_gp_str(g, cli_tr("year", c->lang));
  pt_gp_raw(g, "\nset ylabel ");
  pt_gp_str(g, cli_tr("percent", c->lang));
  pt_gp_raw(g, "\nset key outside below horizontal font \",9\"\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\nset offsets 0.4, 0.4, 1, 1\n");
  size_t block = 0;
  for (size_t a = 0; a < ng; a++) {
    char lab[4096];
    size_t nser = 0, blocks[32];
    /* one datablock per series of this group */
    for (size_t k = 0; k < t->n;) {
      size_t j = k;
      while (j < t->n && pt_row_same_series(&t->rows[c->idx[k]], &t->rows[c->idx[j]])) j++;
      if (!strcmp(t->rows[c->idx[k]].group, groups[a]) && nser < 32) {
        double *v = malloc((j - k) * 4 * sizeof *v);
        if (!v) return EX_OSERR;
        for (size_t m = k; m < j; m++) {
          const pt_row *r = &t->rows[c->idx[m]];
          double lo, hi;
          pt_ci_wilson(r->count, r->total, 0.95, &lo, &hi);
          v[(m - k) * 4 + 0] = (double)r->period;
          v[(m - k) * 4 + 1] = 100.0 * (double)r->count / (double)r->total;
          v[(m - k) * 4 + 2] = 100.0 * lo;
          v[(m - k) * 4 + 3] = 100.0 * hi;
        }
        char name[32];
        snprintf(name, sizeof name, "s%zu", block);
        pt_gp_datablock(g, name, j - k, 4, v);
        free(v);
        blocks[nser++] = block++;
      }
      k = j;
    }
    pt_gp_raw(g, "set title ");
    pt_gp_str(g, glabel(c, groups[a]));
    pt_gp_raw(g, "\nplot ");
    size_t s = 0;
    for (size_t k = 0; k < t->n && s < nser;) {
      size_t j = k;
      while (j < t->n && pt_row_same_series(&t->rows[c->idx[k]], &t->rows[c->idx[j]])) j++;
      if (!strcmp(t->rows[c->idx[k]].group, groups[a])) {
        series_label(c, &t->rows[c->idx[k]], lab, sizeof lab, 0);
        if (s) pt_gp_raw(g, ", \\\n     ");
        if (c->style && !strcmp(c->style, "band"))
          pt_gp_raw(g, "$s%zu using 1:3:4 with filledcurves lt %zu fs transparent solid 0.15 notitle, "
                       "$s%zu using 1:2 with linespoints lt %zu title ", blocks[s], s % 8 + 1, blocks[s], s % 8 + 1);
        else
          pt_gp_raw(g, "$s%zu using 1:2:3:4 with yerrorlines lt %zu title ", blocks[s], s % 8 + 1);
        pt_gp_str(g, lab);
        s++;
      }
      k = j;
    }
    pt_gp_raw(g, "\n");
  }
  pt_gp_raw(g, "unset multiplot\n");
  return 0;
}

/* ---- change (forest) -------------------------------------------------------- */

static int script_change(const plotctx *c, pt_gp *g)
{
  const pt_table *t = &c->t;
  double *v = malloc((t->n ? t->n : 1) * 4 * sizeof *v);
  size_t K = 0;
  if (!v) return EX_OSERR;
  for (size_t k = 1; k < t->n; k++) {
    const pt_row *a = &t->rows[c->idx[k - 1]], *b = &t->rows[c->idx[k]];
    if (!pt_row_same_series(a, b)) continue;
    double e, lo, hi;
    if (pt_diff_newcombe(b->count, b->total, a->count, a->total, 0.95, &e, &lo, &hi)) continue;
    v[K * 4 + 1] = 100 * e; v[K * 4 + 2] = 100 * lo; v[K * 4 + 3] = 100 * hi;
    K++;
  }
  for (size_t i = 0; i < K; i++) v[i * 4] = (double)(K - i);
  pt_gp_datablock(g, "d", K, 4, v);
  free(v);
  pt_gp_raw(g, "set title ");
  pt_gp_str(g, c->title ? c->title : cli_tr("change_title", c->lang));
  pt_gp_raw(g, "\nset xlabel ");
  pt_gp_str(g, cli_tr("diff_pp", c->lang));
  pt_gp_raw(g, "\nset yrange [0.3:%zu.7]\nset ytics (", K);
  size_t i = 0, longest = 0;
  for (size_t k = 1; k < t->n; k++) {
    const pt_row *a = &t->rows[c->idx[k - 1]], *b = &t->rows[c->idx[k]];
    if (!pt_row_same_series(a, b)) continue;
    char lab[4096], full[4200];
    series_label(c, b, lab, sizeof lab, 1);
    snprintf(full, sizeof full, "%s %ld\u2192%ld", lab, a->period, b->period);
    if (i) pt_gp_raw(g, ", ");
    pt_gp_str(g, full);
    pt_gp_raw(g, " %zu", K - i);
    size_t w = 0;
    for (const char *q = full; *q; q++) w += ((unsigned char)*q & 0xc0) != 0x80;
    if (w > longest) longest = w;
    i++;
  }
  /* room for the longest row label, in character widths */
  pt_gp_raw(g, ")\nset ytics nomirror\nset grid xtics\nunset key\nset lmargin %zu\n", longest * 9 / 10 + 3);
  pt_gp_raw(g, "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb \"#444444\" dt 2\n"
               "plot $d using 2:1:3:4 with xerrorbars lt 1 pt 7 notitle\n");
  return 0;
}

/* ---- control ------------------------------------------------------------------ */

static int script_control(const plotctx *c, pt_gp *g)
{
  const pt_table *t = &c->t;
  size_t nser = 0;
  for (size_t k = 0; k < t->n;) {
    size_t j = k;
    while (j < t->n && pt_row_same_series(&t->rows[c->idx[k]], &t->rows[c->idx[j]])) j++;
    nser += j - k >= 3;
    k = j;
  }
  if (!nser) { cli_err(SUB, "no series has 3 or more periods"); return EX_DATAERR; }
  size_t cols = nser > 1 ? 2 : 1, rows = (nser + cols - 1) / cols;
  pt_gp_raw(g, "set multiplot layout %zu,%zu title ", rows, cols);
  pt_gp_str(g, c->title ? c->title : cli_tr("control_title", c->lang));
  pt_gp_raw(g, "\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\nset offsets 0.4, 0.4, 1, 1\nset key outside below horizontal font \",8\"\nset ylabel ");
  pt_gp_str(g, cli_tr("percent", c->lang));
  pt_gp_raw(g, "\n");
  size_t sidx = 0;
  for (size_t k = 0; k < t->n;) {
    size_t j = k;
    while (j < t->n && pt_row_same_series(&t->rows[c->idx[k]], &t->rows[c->idx[j]])) j++;
    size_t m = j - k;
    if (m >= 3) {
      uint64_t x[256], n[256];
      pt_anom_point lim[256], flg[256];
      if (m > 256) m = 256;
      for (size_t q = 0; q < m; q++) { x[q] = t->rows[c->idx[k + q]].count; n[q] = t->rows[c->idx[k + q]].total; }
      int ok = pt_anom_pchart(m, x, n, PT_Z_ALARM, 0, 0.95, lim) == PT_SUCCESS;
      int okf = (c->method && !strcmp(c->method, "pchart")) ? ok : pt_anom_loo(m, x, n, 0.95, flg) == PT_SUCCESS;
      if (c->method && !strcmp(c->method, "pchart")) memcpy(flg, lim, sizeof lim[0] * m);
      double *v = malloc(m * 8 * sizeof *v);
      if (!v) return EX_OSERR;
      for (size_t q = 0; q < m; q++) {
        v[q * 8 + 0] = (double)t->rows[c->idx[k + q]].period;
        v[q * 8 + 1] = 100.0 * (double)x[q] / (double)n[q];
        v[q * 8 + 2] = ok ? 100 * lim[q].limit95_lo : NAN;
        v[q * 8 + 3] = ok ? 100 * lim[q].limit95_hi : NAN;
        v[q * 8 + 4] = ok ? 100 * lim[q].limit998_lo : NAN;
        v[q * 8 + 5] = ok ? 100 * lim[q].limit998_hi : NAN;
        v[q * 8 + 6] = okf ? 100 * flg[q].expected : NAN;
        v[q * 8 + 7] = okf ? (double)flg[q].severity : 0;
      }
      char name[32], lab[4096];
      snprintf(name, sizeof name, "c%zu", sidx++);
      pt_gp_datablock(g, name, m, 8, v);
      free(v);
      series_label(c, &t->rows[c->idx[k]], lab, sizeof lab, 1);
      pt_gp_raw(g, "set title ");
      pt_gp_str(g, lab);
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
    k = j;
  }
  pt_gp_raw(g, "unset multiplot\n");
  return 0;
}

/* ---- funnel -------------------------------------------------------------------- */

static int script_funnel(const plotctx *c, pt_gp *g)
{
  const pt_table *t = &c->t;
  const char *stage = c->stage, *group = c->group;
  long period = c->period;
  if (!c->have_period) {
    period = t->rows[0].period;
    for (size_t i = 1; i < t->n; i++) if (t->rows[i].period > period) period = t->rows[i].period;
  }
  if (!stage) stage = t->rows[0].stage;
  if (t->has_area && !group) group = t->rows[0].group;
  size_t m = 0, *sel = malloc((t->n ? t->n : 1) * sizeof *sel);
  uint64_t *x = malloc((t->n ? t->n : 1) * sizeof *x), *n = malloc((t->n ? t->n : 1) * sizeof *n);
  pt_anom_point *pts = malloc((t->n ? t->n : 1) * sizeof *pts);
  int rc = 0;
  if (!sel || !x || !n || !pts) { rc = EX_OSERR; goto out; }
  for (size_t i = 0; i < t->n; i++) {
    const pt_row *r = &t->rows[c->idx[i]];
    if (r->period == period && !strcmp(r->stage, stage) && (!group || !strcmp(r->group, group))) {
      sel[m] = c->idx[i]; x[m] = r->count; n[m] = r->total; m++;
    }
  }
  double tau2;
  if (m < 2 || pt_anom_funnel(m, x, n, c->target, 0, 0.95, pts, &tau2) != PT_SUCCESS) {
    cli_err(SUB, "funnel: fewer than 2 units with variation in %s %ld%s%s", stage, period,
            group ? " " : "", group ? group : "");
    rc = EX_DATAERR;
    goto out;
  }
  double nmin = (double)n[0], nmax = (double)n[0], tg = pts[0].expected;
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
    pt_anom_funnel(2, (uint64_t[]){ gx, gx }, (uint64_t[]){ gn, gn }, tg, 0, 0.95, lp, &tau2);
    grid[q * 5 + 0] = nn;
    grid[q * 5 + 1] = 100 * lp[0].limit95_lo; grid[q * 5 + 2] = 100 * lp[0].limit95_hi;
    grid[q * 5 + 3] = 100 * lp[0].limit998_lo; grid[q * 5 + 4] = 100 * lp[0].limit998_hi;
  }
  pt_gp_datablock(g, "lim", NG, 5, grid);
  double *v = malloc(m * 3 * sizeof *v);
  if (!v) { rc = EX_OSERR; goto out; }
  for (size_t i = 0; i < m; i++) {
    v[i * 3] = (double)n[i]; v[i * 3 + 1] = 100.0 * pts[i].p; v[i * 3 + 2] = (double)pts[i].severity;
  }
  pt_gp_datablock(g, "u", m, 3, v);
  free(v);
  char title[4096];
  snprintf(title, sizeof title, "%s: %s%s%s, %ld", c->title ? c->title : cli_tr("funnel_title", c->lang),
           group ? glabel(c, group) : "", group ? ", " : "", slabel(c, stage), period);
  titles(g, title, cli_tr("units", c->lang), cli_tr("percent", c->lang));
  pt_gp_raw(g, "set key bottom right\n");
  for (size_t i = 0; i < m; i++) {
    if (pts[i].severity == PT_ANOM_NONE) continue;
    const pt_row *r = &t->rows[sel[i]];
    pt_gp_raw(g, "set label %zu ", i + 1);
    pt_gp_str(g, t->has_area ? r->area : glabel(c, r->group));
    pt_gp_raw(g, " at %.10g, %.10g offset 0.8, 0.4 font \",8\"\n", (double)n[i], 100.0 * pts[i].p);
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
  free(sel); free(x); free(n); free(pts);
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

typedef int (*script_fn)(const plotctx *c, pt_gp *g);
static const struct { const char *name; script_fn fn; int panels; } kinds[] = {
  { "rates", script_rates, 1 },
  { "change", script_change, 0 },
  { "control", script_control, 1 },
  { "funnel", script_funnel, 0 },
  { "oc", script_oc, 0 },
  { NULL, NULL, 0 }
};

/* The whole script into memory: header (output to stdout when out_name is
 * NULL), then the kind's body. */
static int build(const plotctx *c, script_fn fn, const char *terminal, const char *out_name,
                 int check_terminal, char **buf, size_t *len)
{
  FILE *f = open_memstream(buf, len);
  pt_gp g;
  int rc;
  if (!f) return EX_OSERR;
  pt_gp_init(&g, f);
  if (check_terminal)
    pt_gp_raw(&g, "if (strstrt(\" \".GPVAL_TERMINALS.\" \", \" %s \") == 0) {\n"
                  "  print \"gnuplot has no %s terminal\"\n  exit status 3\n}\n", terminal, terminal);
  pt_gp_header(&g, terminal, c->width, c->height, out_name);
  common_style(&g);
  rc = fn(c, &g);
  if (fclose(f) != 0 && !rc) rc = EX_OSERR;
  if (!rc && pt_gp_status(&g)) rc = EX_IOERR;
  if (rc) { free(*buf); *buf = NULL; }
  return rc;
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

int cmd_plot(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "output", required_argument, NULL, 'o' },
    { "script", required_argument, NULL, 'S' },
    { "script-only", no_argument, NULL, 'x' },
    { "lang", required_argument, NULL, 'L' },
    { "labels", required_argument, NULL, 'B' },
    { "title", required_argument, NULL, 'T' },
    { "style", required_argument, NULL, 'Y' },
    { "method", required_argument, NULL, 'M' },
    { "period", required_argument, NULL, 'P' },
    { "stage", required_argument, NULL, 'G' },
    { "group", required_argument, NULL, 'R' },
    { "target", required_argument, NULL, 'A' },
    { "size", required_argument, NULL, 'Z' },
    { "gnuplot", required_argument, NULL, 'N' },
    { "population", required_argument, NULL, 'U' },
    { "acceptable", required_argument, NULL, 'a' },
    { "unacceptable", required_argument, NULL, 'u' },
    { "alpha", required_argument, NULL, 'E' },
    { "beta", required_argument, NULL, 'F' },
    { "help", no_argument, NULL, 'h' },
    CLI_TABLE_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  plotctx c;
  pt_load_opts lo;
  const char *output = NULL, *script = NULL, *labels_path = NULL, *gnuplot = NULL;
  int script_only = 0, opt, rc;
  memset(&c, 0, sizeof c);
  c.lang = "en";
  c.target = NAN;
  c.p0 = c.p1 = NAN;
  c.alpha = 0.05;
  c.beta = 0.10;
  c.width = 900;
  c.height = 600;
  pt_load_opts_init(&lo);
  opterr = 0;
  optind = 1;
  while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
    switch (opt) {
    case 'o': output = optarg; break;
    case 'S': script = optarg; break;
    case 'x': script_only = 1; break;
    case 'L':
      if (strcmp(optarg, "en") && strcmp(optarg, "vi")) return cli_usage_err(SUB, "invalid --lang \"%s\": en or vi", optarg);
      c.lang = optarg;
      break;
    case 'B': labels_path = optarg; break;
    case 'T': c.title = optarg; break;
    case 'Y':
      if (strcmp(optarg, "bars") && strcmp(optarg, "band")) return cli_usage_err(SUB, "invalid --style \"%s\": bars or band", optarg);
      c.style = optarg;
      break;
    case 'M':
      if (strcmp(optarg, "loo") && strcmp(optarg, "pchart")) return cli_usage_err(SUB, "invalid --method \"%s\": loo or pchart", optarg);
      c.method = optarg;
      break;
    case 'P':
      if (pt_num_parse_long(optarg, strlen(optarg), -1000000000L, 1000000000L, &c.period))
        return cli_usage_err(SUB, "invalid --period \"%s\": a whole number", optarg);
      c.have_period = 1;
      break;
    case 'G': c.stage = optarg; break;
    case 'R': c.group = optarg; break;
    case 'A':
      if (pt_num_parse_double(optarg, &c.target) != PT_NUM_OK || !(c.target > 0 && c.target < 1))
        return cli_usage_err(SUB, "invalid --target \"%s\": a proportion between 0 and 1", optarg);
      break;
    case 'Z':
      if (sscanf(optarg, "%dx%d", &c.width, &c.height) != 2 || c.width < 100 || c.height < 100 ||
          c.width > 10000 || c.height > 10000)
        return cli_usage_err(SUB, "invalid --size \"%s\": WIDTHxHEIGHT in pixels, 100 to 10000", optarg);
      c.size_given = 1;
      break;
    case 'N': gnuplot = optarg; break;
    case 'U':
      if (pt_num_parse_count(optarg, strlen(optarg), PT_NUMFMT_PLAIN, 1000000ULL, &c.population) || !c.population)
        return cli_usage_err(SUB, "invalid --population \"%s\": a whole number from 1 to 1000000", optarg);
      break;
    case 'a': case 'u': case 'E': case 'F': {
      double v, *dst = opt == 'a' ? &c.p0 : opt == 'u' ? &c.p1 : opt == 'E' ? &c.alpha : &c.beta;
      int closed = opt == 'a' || opt == 'u';   /* failure rates may be 0 or 1 */
      if (pt_num_parse_double(optarg, &v) != PT_NUM_OK || !(closed ? v >= 0 && v <= 1 : v > 0 && v < 1))
        return cli_usage_err(SUB, "invalid --%s \"%s\": a number %s",
                             opt == 'a' ? "acceptable" : opt == 'u' ? "unacceptable" : opt == 'E' ? "alpha" : "beta", optarg,
                             closed ? "from 0 to 1" : "between 0 and 1");
      *dst = v;
      break;
    }
    case 'h': help(); return fflush(stdout) == 0 ? 0 : EX_IOERR;
    case ':': return cli_usage_err(SUB, "option \"%s\" needs a value", argv[optind - 1]);
    case '?': return cli_usage_err(SUB, "unknown option \"%s\"", argv[optind - 1]);
    default:
      rc = cli_table_option(SUB, opt, optarg, &lo);
      if (rc) return rc > 0 ? rc : cli_usage_err(SUB, "unhandled option");
    }
  }
  int is_oc = optind < argc && !strcmp(argv[optind], "oc");
  if (is_oc) {
    if (optind + 1 != argc) return cli_usage_err(SUB, "oc takes no FILE: the plan is given by --population, --acceptable and --unacceptable");
    if (!c.population || isnan(c.p0) || isnan(c.p1)) return cli_usage_err(SUB, "oc needs --population, --acceptable and --unacceptable");
    if (!(c.p0 < c.p1)) return cli_usage_err(SUB, "oc needs --acceptable P0 < --unacceptable P1");
  } else if (optind + 2 != argc)
    return cli_usage_err(SUB, optind == argc ? "missing KIND and FILE" : optind + 1 == argc ? "missing FILE" : "too many arguments");
  script_fn fn = NULL;
  int panels = 0;
  for (size_t k = 0; kinds[k].name; k++)
    if (!strcmp(kinds[k].name, argv[optind])) { fn = kinds[k].fn; panels = kinds[k].panels; }
  if (!fn) return cli_usage_err(SUB, "unknown KIND \"%s\": rates, change, control, funnel or oc", argv[optind]);
  if (!output && !script_only) return cli_usage_err(SUB, "missing -o OUT.png, OUT.svg or OUT.pdf");
  if (script_only && !script) return cli_usage_err(SUB, "--script-only needs --script FILE.gp");
  const char *terminal = "pngcairo";
  if (output) {
    const char *dot = strrchr(output, '.');
    if (dot && !strcmp(dot, ".svg")) terminal = "svg";
    else if (dot && !strcmp(dot, ".pdf")) terminal = "pdfcairo";
    else if (!dot || strcmp(dot, ".png"))
      return cli_usage_err(SUB, "cannot tell the format of \"%s\": use .png, .svg or .pdf", output);
  }
  const char *input = is_oc ? NULL : argv[optind + 1];
  if (is_oc) pt_table_init(&c.t);
  else if ((rc = cli_read_table(SUB, input, &lo, &c.t))) return rc;
  if ((rc = cli_read_labels(SUB, labels_path, &c.labels))) { pt_table_free(&c.t); return rc; }
  char *run = NULL, *saved = NULL, *img = NULL;
  size_t runlen = 0, savedlen = 0, imglen = 0;
  c.idx = malloc((c.t.n ? c.t.n : 1) * sizeof *c.idx);
  if (!c.idx || pt_table_order(&c.t, c.idx) != PT_SUCCESS) { rc = EX_OSERR; goto done; }
  if (c.size_given) {
    /* the size asked for, exactly */
  } else if (panels) {
    /* grow the figure with its panels: 2 columns, 320 px per row */
    size_t ng = 0;
    for (size_t k = 0; k < c.t.n; k++) {
      int seen = 0;
      for (size_t j = 0; j < k && !seen; j++)
        seen = fn == script_rates ? !strcmp(c.t.rows[c.idx[j]].group, c.t.rows[c.idx[k]].group)
                                  : pt_row_same_series(&c.t.rows[c.idx[j]], &c.t.rows[c.idx[k]]);
      ng += !seen;
    }
    int rows = (int)((ng + 1) / 2);
    if (rows * 320 > c.height) c.height = rows * 320;
  } else if (fn == script_change) {
    if (30 + 24 * (int)c.t.n > c.height) c.height = 30 + 24 * (int)c.t.n;
    if (c.width < 1200) c.width = 1200;   /* long row labels */
  }
  if (script) {
    const char *base = output ? strrchr(output, '/') : NULL;
    base = base ? base + 1 : output ? output : "figure.png";
    if ((rc = build(&c, fn, terminal, base, 0, &saved, &savedlen))) goto done;
    if ((rc = write_file(script, saved, savedlen, input))) goto done;
  }
  if (script_only) goto done;
  if ((rc = build(&c, fn, terminal, NULL, 1, &run, &runlen))) goto done;
  if ((rc = cli_gnuplot_run(SUB, cli_gnuplot_program(gnuplot), run, runlen, &img, &imglen))) goto done;
  rc = write_file(output, img, imglen, input);
done:
  if (rc == EX_OSERR) cli_err(SUB, "out of memory");
  free(run); free(saved); free(img); free(c.idx);
  pt_labels_free(&c.labels);
  pt_table_free(&c.t);
  return rc;
}
