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
  pt_gp_raw(g, "\nset key outside below horizontal font \",9\"\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\nset offsets 0.4, 0.4, 1, 1\n");
  for (size_t a = 0; a < ng; a++) {
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
        pt_gp_raw(g, "$s%zu using 1:2:3:4 with yerrorlines lt %zu title ", b, lt);
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
    pt_gp_str(g, full);
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
  pt_gp_raw(g, "\nset xtics 1\nset format x \"%%.0f\"\nset autoscale xfix\nset offsets 0.4, 0.4, 1, 1\nset key outside below horizontal font \",8\"\nset ylabel ");
  pt_gp_str(g, cli_tr("percent", c->lang));
  pt_gp_raw(g, "\n");
  for (size_t a = 0; a < s.n; a++) {
    if (pt_series_len(&s, a) < 3) continue;
    char name[32], lab[4096];
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

typedef int (*script_fn)(const plotctx *c, pt_gp *g);
static const struct { const char *name; script_fn fn; int panels; } kinds[] = {
  [CLI_FIG_RATES] = { "rates", script_rates, 1 },
  [CLI_FIG_CHANGE] = { "change", script_change, 0 },
  [CLI_FIG_CONTROL] = { "control", script_control, 1 },
  [CLI_FIG_FUNNEL] = { "funnel", script_funnel, 0 },
  [CLI_FIG_OC] = { "oc", script_oc, 0 },
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
  pt_an_rates_opts rates;
  pt_an_change_opts change;
  pt_an_anom_opts flags;       /* control's flags; funnel's units */
} plot_opts;

typedef struct plot_results {
  pt_an_rates rates;
  pt_an_changes changes;
  pt_an_anoms limits, flags;
} plot_results;

static void plot_opts_init(plot_opts *o)
{
  pt_an_rates_opts_init(&o->rates);
  pt_an_change_opts_init(&o->change);
  pt_an_anom_opts_init(&o->flags);
}

static void plot_results_free(plot_results *r)
{
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
  case CLI_FIG_FUNNEL:
    o->flags.method = PT_AN_FUNNEL;
    o->flags.target = c->target;
    st = pt_an_anom_run(t, &o->flags, &r->flags);
    if (st == PT_ESHORT) st = 0;
    c->flags = &r->flags;
    break;
  default:
    break;
  }
  return st ? cli_lib_err(SUB, input ? input : "", st) : 0;
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
    { "level", required_argument, NULL, 'l' },
    { "diff-method", required_argument, NULL, 'g' },
    { "sigma", required_argument, NULL, 'q' },
    { "exact", no_argument, NULL, 'e' },
    { "overdispersion", no_argument, NULL, 'd' },
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
  cli_figure c;
  pt_load_opts lo;
  plot_opts po;
  const char *output = NULL, *script = NULL, *labels_path = NULL, *gnuplot = NULL, *method = NULL;
  int script_only = 0, opt, rc;
  cli_figure_init(&c);
  plot_opts_init(&po);
  pt_load_opts_init(&lo);
  opterr = 0;
  optind = 1;
  while ((opt = getopt_long(argc, argv, ":o:l:m:h", longopts, NULL)) != -1) {
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
    case 'M': case 'm': method = optarg; break;
    case 'l': if ((rc = cli_parse_level(SUB, optarg, &c.level))) return rc; break;
    case 'g': if (!(po.change.diff = pt_cmp_method_find(pt_diff_methods, optarg))) return cli_usage_err(SUB, "unknown --diff-method \"%s\"", optarg); break;
    case 'q': if ((rc = cli_anom_option(SUB, 'S', optarg, &po.flags))) return rc; break;
    case 'e': po.flags.exact = 1; break;
    case 'd': po.flags.overdispersion = 1; break;
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
  int kind = cli_figure_kind(argv[optind]);
  if (kind < 0) return cli_usage_err(SUB, "unknown KIND \"%s\": rates, change, control, funnel or oc", argv[optind]);
  if ((rc = plot_method(kind, method, &po))) return rc;
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
  pt_table t;
  pt_labels labels;
  plot_results pr;
  char *saved = NULL, *img = NULL;
  size_t savedlen = 0, imglen = 0;
  memset(&pr, 0, sizeof pr);
  if (is_oc) pt_table_init(&t);
  else if ((rc = cli_read_table(SUB, input, &lo, &t))) return rc;
  if ((rc = cli_read_labels(SUB, labels_path, &labels))) { pt_table_free(&t); return rc; }
  c.t = &t;
  c.labels = &labels;
  if ((rc = plot_compute(&c, kind, &po, &pr, input))) goto done;
  if (script) {
    const char *base = output ? strrchr(output, '/') : NULL;
    base = base ? base + 1 : output ? output : "figure.png";
    if ((rc = cli_figure_script(&c, kind, terminal, base, 0, &saved, &savedlen))) goto done;
    if ((rc = write_file(script, saved, savedlen, input))) goto done;
  }
  if (script_only) goto done;
  if ((rc = cli_figure_image(SUB, &c, kind, terminal, gnuplot, &img, &imglen))) goto done;
  rc = write_file(output, img, imglen, input);
done:
  if (rc == EX_OSERR) cli_err(SUB, "out of memory");
  free(saved); free(img);
  plot_results_free(&pr);
  pt_labels_free(&labels);
  pt_table_free(&t);
  return rc;
}
