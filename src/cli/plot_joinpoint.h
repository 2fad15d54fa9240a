/* plot_joinpoint.h - the gnuplot script of a joinpoint figure: the observed
 * rates with 95% Wilson intervals, the fitted segments (exp of the fitted
 * ln p, so the segments are the model's curves, not straight lines between
 * points), the joinpoints marked on the fit and a jump (comparability-ratio
 * model) drawn as a break in the curve with a dashed vertical line.
 *
 * Every text (title, axis labels, legend words, series labels) is the
 * caller's, already in its language (English or Vietnamese), and is written
 * through pt_gp_str(): labels come from users' files.  Data go in datablocks
 * of numbers.  The caller writes the header (pt_gp_header: a noenhanced
 * terminal) before, and runs the script; this writes the body only.
 *
 * Ownership: nothing is kept; the series and texts are read during the call.
 * Reference for the model: proptrend/trend.h (Kim et al. 2000, 2004, 2023).
 */
#ifndef PROPTREND_CLI_PLOT_JOINPOINT_H
#define PROPTREND_CLI_PLOT_JOINPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "proptrend/plot.h"
#include "proptrend/trend.h"

typedef struct cli_jp_series {
  const char *label;              /* legend text (from user files: quoted) */
  size_t k;                       /* periods */
  const double *period;
  const uint64_t *count, *total;  /* the observed rates count/total */
  const pt_jp_result *fit;        /* NULL: the observed rates only */
} cli_jp_series;

typedef struct cli_jp_text {
  const char *title, *xlabel, *ylabel;
  const char *fitted;             /* legend: "<label>: <fitted>" */
  const char *joinpoint;          /* legend of the joinpoint markers */
  const char *jump;               /* legend of the jump line (e.g. "Circular 124/2021") */
  size_t title_width;             /* the title wrapped at this many characters (0: not) */
} cli_jp_text;

/* Write the figure's body for ns series (1 to 8; one colour each) to g;
 * the axis stays within 0-100 %.
 * 0; EX_DATAERR for no series, more than 8, or a series without periods;
 * EX_OSERR out of memory.  Write errors are left in g (pt_gp_status). */
int cli_plot_joinpoint(pt_gp *g, const cli_jp_series *s, size_t ns, const cli_jp_text *tx);

#endif
