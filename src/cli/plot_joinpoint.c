/* plot_joinpoint.c - the joinpoint figure's gnuplot script
 * (plot_joinpoint.h).  Texts only through pt_gp_str, numbers only in
 * datablocks, colours from the Okabe-Ito palette. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <sysexits.h>

#include "plot_joinpoint.h"
#include "proptrend/ci.h"

#define SAMPLES 8   /* points of the fitted curve per period interval */

static void text_line(pt_gp *g, const char *cmd, const char *s)
{
  pt_gp_raw(g, "%s ", cmd);
  pt_gp_str(g, s ? s : "");
  pt_gp_raw(g, "\n");
}

/* period, percent, Wilson 95% limits */
static int block_observed(pt_gp *g, size_t i, const cli_jp_series *s)
{
  double *v = malloc(s->k * 4 * sizeof *v);
  char name[32];
  if (!v) return EX_OSERR;
  for (size_t j = 0; j < s->k; j++) {
    double lo = NAN, hi = NAN;
    int ok = s->total[j] > 0 && s->count[j] <= s->total[j];
    if (ok) pt_ci_wilson(s->count[j], s->total[j], 0.95, &lo, &hi);
    v[j * 4 + 0] = s->period[j];
    v[j * 4 + 1] = ok ? 100.0 * (double)s->count[j] / (double)s->total[j] : NAN;
    v[j * 4 + 2] = 100.0 * lo;
    v[j * 4 + 3] = 100.0 * hi;
  }
  snprintf(name, sizeof name, "obs%zu", i);
  pt_gp_datablock(g, name, s->k, 4, v);
  free(v);
  return 0;
}

static double pct(const pt_jp_result *r, double t) { return 100.0 * exp(pt_jp_fitted(r, t)); }

/* The fitted curve sampled between the periods; at a jump the curve stops
 * at its pre-jump level, breaks (a NaN row) and restarts at the new one. */
static int block_fitted(pt_gp *g, size_t i, const cli_jp_series *s)
{
  const pt_jp_result *r = s->fit;
  size_t cap = (s->k * SAMPLES + 4) * 2, m = 0;
  double *v = malloc(cap * sizeof *v);
  char name[32];
  if (!v) return EX_OSERR;
  for (size_t j = 0; j + 1 < s->k; j++) {
    double a = s->period[j], b = s->period[j + 1];
    for (int q = 0; q < SAMPLES; q++) {
      double t = a + (b - a) * q / SAMPLES;
      int crosses = r->has_jump && t < r->jump_at && t + (b - a) / SAMPLES >= r->jump_at;
      v[m++] = t; v[m++] = pct(r, t);
      if (crosses) {
        double J = r->jump_at;
        v[m++] = J; v[m++] = 100.0 * exp(pt_jp_fitted(r, J) - r->jump_coef);
        v[m++] = NAN; v[m++] = NAN;
        v[m++] = J; v[m++] = pct(r, J);
      }
      if (m + 8 > cap) break;   /* cannot happen: at most one jump */
    }
  }
  v[m++] = s->period[s->k - 1];
  v[m++] = pct(r, s->period[s->k - 1]);
  snprintf(name, sizeof name, "fit%zu", i);
  pt_gp_datablock(g, name, m / 2, 2, v);
  free(v);
  return 0;
}

/* the joinpoints on the fitted curve */
static void block_joinpoints(pt_gp *g, size_t i, const pt_jp_result *r)
{
  double v[2 * PT_JP_MAX];
  char name[32];
  for (int j = 0; j < r->k; j++) { v[2 * j] = r->joinpoints[j]; v[2 * j + 1] = pct(r, r->joinpoints[j]); }
  snprintf(name, sizeof name, "jp%zu", i);
  pt_gp_datablock(g, name, (size_t)r->k, 2, v);
}

static void axes(pt_gp *g, const cli_jp_series *s, size_t ns, const cli_jp_text *tx)
{
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < ns; i++) {
    lo = fmin(lo, s[i].period[0]);
    hi = fmax(hi, s[i].period[s[i].k - 1]);
  }
  double step = ceil((hi - lo) / 12.0);   /* at most about a dozen year tics */
  pt_gp_raw(g, "set title ");
  if (tx->title_width) pt_gp_str_wrap(g, tx->title ? tx->title : "", tx->title_width);
  else pt_gp_str(g, tx->title ? tx->title : "");
  pt_gp_raw(g, "\n");
  text_line(g, "set xlabel", tx->xlabel);
  text_line(g, "set ylabel", tx->ylabel);
  pt_gp_raw(g, "set grid lc rgb \"#dddddd\"\nset border lc rgb \"#444444\"\n"
               "set xtics %g\nset format x \"%%.0f\"\nset xrange [%.17g:%.17g]\nset offsets 0.4, 0.4, 1, 1\n"
               "set yrange [0<*:*<100]\nset key outside below horizontal font \",9\" height 1\n", step > 1 ? step : 1, lo - 0.4, hi + 0.4);
}

/* The series' plot elements; the joinpoint markers' legend entry once, with
 * the first series that has joinpoints. */
static void plot_series(pt_gp *g, size_t i, const cli_jp_series *s, const cli_jp_text *tx, int *first, int *jp_legend)
{
  const char *col = pt_okabe_ito[i % 8];
  char lab[4096];
  pt_gp_raw(g, "%s$obs%zu using 1:2:3:4 with yerrorbars lc rgb \"%s\" dt 1 pt 7 ps 0.8 title ", *first ? "" : ", \\\n     ",
            i, col);
  pt_gp_str(g, s->label);
  *first = 0;
  if (!s->fit) return;
  snprintf(lab, sizeof lab, "%s: %s", s->label ? s->label : "", tx->fitted ? tx->fitted : "");
  pt_gp_raw(g, ", \\\n     $fit%zu using 1:2 with lines lc rgb \"%s\" lw 2 title ", i, col);
  pt_gp_str(g, lab);
  if (!s->fit->k) return;
  pt_gp_raw(g, ", \\\n     $jp%zu using 1:2 with points lc rgb \"#000000\" pt 6 ps 2 %s", i, *jp_legend ? "notitle" : "title ");
  if (!*jp_legend) pt_gp_str(g, tx->joinpoint);
  *jp_legend = 1;
}

int cli_plot_joinpoint(pt_gp *g, const cli_jp_series *s, size_t ns, const cli_jp_text *tx)
{
  int rc = 0, jump_legend = 0, first = 1, jp_legend = 0;
  if (!ns || ns > 8 || !s || !tx) return EX_DATAERR;
  for (size_t i = 0; i < ns; i++)
    if (!s[i].k || !s[i].period || !s[i].count || !s[i].total) return EX_DATAERR;
  for (size_t i = 0; i < ns && !rc; i++) {
    if ((rc = block_observed(g, i, &s[i]))) return rc;
    if (!s[i].fit) continue;
    if ((rc = block_fitted(g, i, &s[i]))) return rc;
    block_joinpoints(g, i, s[i].fit);
  }
  axes(g, s, ns, tx);
  for (size_t i = 0; i < ns; i++)
    if (s[i].fit && s[i].fit->has_jump) {
      pt_gp_raw(g, "set arrow from %.17g, graph 0 to %.17g, graph 1 nohead lc rgb \"#555555\" dt 3 lw 1.5\n",
                s[i].fit->jump_at, s[i].fit->jump_at);
      jump_legend = 1;
    }
  pt_gp_raw(g, "plot ");
  for (size_t i = 0; i < ns; i++) plot_series(g, i, &s[i], tx, &first, &jp_legend);
  if (jump_legend) {   /* a legend entry for the dashed line */
    pt_gp_raw(g, ", \\\n     NaN with lines lc rgb \"#555555\" dt 3 lw 1.5 title ");
    pt_gp_str(g, tx->jump);
  }
  pt_gp_raw(g, "\n");
  return 0;
}
