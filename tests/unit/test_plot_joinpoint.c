/* test_plot_joinpoint.c - the joinpoint figure's script (src/cli/
 * plot_joinpoint.c) run through the real gnuplot to SVG: well-formed
 * (tests/tools/xmlwf), hostile labels inert (no raw quote, backquote or @
 * from them in the script, no command run), the joinpoint and the jump
 * drawn, Vietnamese texts kept. */
#include <config.h>

#include <stdint.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot_joinpoint.h"
#include "proptrend/error.h"
#include "testutil.h"

/* 2013-2025, a bend at 2017 and the level x 0.8 from 2022 (the R fixtures'
 * sim-jump series) */
static const double T[13] = { 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025 };
static const uint64_t X[13] = { 567, 404, 711, 468, 497, 417, 365, 650, 390, 254, 253, 431, 249 };
static const uint64_t N[13] = { 1191, 856, 1482, 917, 929, 819, 705, 1310, 825, 681, 728, 1268, 721 };

static char dir[64];

static void fit(pt_jp_result *r, int jump)
{
  pt_jp_opts o;
  pt_jp_opts_init(&o);
  o.jump = jump;
  o.jump_at = 2022;
  ck_assert_int_eq(pt_trend_joinpoint(13, X, N, T, &o, r), PT_SUCCESS);
}

/* The script into a string; the caller frees it. */
static char *script(const cli_jp_series *s, size_t ns, const cli_jp_text *tx)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  pt_gp g;
  ck_assert_ptr_nonnull(f);
  pt_gp_init(&g, f);
  pt_gp_header(&g, "svg", 900, 600, NULL);
  ck_assert_int_eq(cli_plot_joinpoint(&g, s, ns, tx), 0);
  ck_assert_int_eq(pt_gp_status(&g), 0);
  fclose(f);
  return buf;
}

/* Run gnuplot on the script, the SVG to dir/name; its text returned. */
static char *render(const char *text, const char *name)
{
  char gp[128], svg[128], cmd[512];
  snprintf(gp, sizeof gp, "%s/%s.gp", dir, name);
  snprintf(svg, sizeof svg, "%s/%s.svg", dir, name);
  FILE *f = fopen(gp, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
  /* the paths are this test's own (mkdtemp), no data in the command */
  snprintf(cmd, sizeof cmd, "cd %s && gnuplot %s.gp > %s.svg 2> %s.err", dir, name, name, name);
  int st = system(cmd);
  ck_assert_msg(st == 0, "gnuplot failed (%d; apt-get install gnuplot-nox); see %s/%s.err", st, dir, name);
  snprintf(cmd, sizeof cmd, "%s/tests/tools/xmlwf %s", TOP_BUILDDIR, svg);
  ck_assert_msg(system(cmd) == 0, "%s is not well-formed XML", svg);
  f = fopen(svg, "r");
  ck_assert_ptr_nonnull(f);
  static char out[1 << 20];
  size_t n = fread(out, 1, sizeof out - 1, f);
  out[n] = '\0';
  fclose(f);
  ck_assert_uint_gt(n, 1000);
  return out;
}

START_TEST(test_jump_figure)
{
  pt_jp_result r;
  fit(&r, 1);
  ck_assert(r.k == 1 && r.has_jump);
  char pwned[128];
  snprintf(pwned, sizeof pwned, "%s/pwned", dir);
  char evil[512];
  snprintf(evil, sizeof evil, "Khu d\xc3\xa2n c\xc6\xb0 `touch %s` @m $x \"q\" '''''`touch %s`'", pwned, pwned);
  cli_jp_series s = { evil, 13, T, X, N, &r };
  cli_jp_text tx = { "\xc4\x90i\xe1\xbb\x83m g\xc3\xa3y \"An to\xc3\xa0n\" `id`", "N\xc4\x83m", "Ph\xe1\xba\xa7n tr\xc4\x83m",
                     "\xc6\xb0\xe1\xbb\x9b\x63 l\xc6\xb0\xe1\xbb\xa3ng", "\xc4\x91i\xe1\xbb\x83m g\xc3\xa3y",
                     "Th\xc3\xb4ng t\xc6\xb0 124/2021", 0 };
  char *text = script(&s, 1, &tx);
  /* nothing from the labels raw in the script */
  ck_assert_ptr_null(strstr(text, "`"));
  ck_assert_ptr_null(strstr(text, "@m"));
  ck_assert_ptr_null(strstr(text, "$x"));
  ck_assert_ptr_nonnull(strstr(text, "set arrow from 2022"));   /* the jump line */
  ck_assert_ptr_nonnull(strstr(text, "$jp0"));                  /* the joinpoint */
  const char *svg = render(text, "jump");
  ck_assert_msg(access(pwned, F_OK) != 0, "a label ran a command");
  ck_assert_ptr_nonnull(strstr(svg, "Khu d\xc3\xa2n c\xc6\xb0"));          /* the label, decoded */
  ck_assert_ptr_nonnull(strstr(svg, "Th\xc3\xb4ng t\xc6\xb0 124/2021"));   /* the jump's legend */
  ck_assert_ptr_nonnull(strstr(svg, "\xc4\x91i\xe1\xbb\x83m g\xc3\xa3y")); /* the joinpoints' legend */
  free(text);
}
END_TEST

/* two series, one observed only, English texts; no jump line without a jump */
START_TEST(test_two_series)
{
  pt_jp_result r;
  fit(&r, 0);
  cli_jp_series s[2] = { { "Residential areas", 13, T, X, N, &r }, { "Schools", 13, T, N, N, NULL } };
  cli_jp_text tx = { "Joinpoint model", "Year", "Percent", "fitted", "joinpoint", "break of definition", 0 };
  char *text = script(s, 2, &tx);
  ck_assert_ptr_null(strstr(text, "set arrow"));
  ck_assert_ptr_nonnull(strstr(text, "set yrange [0<*:*<100]"));   /* percentages within 0-100 */
  free(text);
  /* a title wrapped at 10 characters: quoted lines joined by a newline */
  tx.title_width = 10;
  text = script(s, 2, &tx);
  ck_assert_ptr_nonnull(strstr(text, "set title \"Joinpoint\".\"\\n\".\"model\""));
  free(text);
  tx.title_width = 0;
  text = script(s, 2, &tx);
  const char *svg = render(text, "two");
  ck_assert_ptr_nonnull(strstr(svg, "Residential areas: fitted"));
  ck_assert_ptr_nonnull(strstr(svg, "Schools"));
  ck_assert_ptr_null(strstr(svg, "break of definition"));
  free(text);
  /* the domain */
  pt_gp g;
  pt_gp_init(&g, stdout);
  ck_assert_int_eq(cli_plot_joinpoint(&g, s, 0, &tx), EX_DATAERR);
  s[1].k = 0;
  ck_assert_int_eq(cli_plot_joinpoint(&g, s, 2, &tx), EX_DATAERR);
}
END_TEST

int main(void)
{
  snprintf(dir, sizeof dir, "/tmp/pt-jpplot-XXXXXX");
  if (!mkdtemp(dir)) return 99;
  const TTest *tests[] = { test_jump_figure, test_two_series };
  int rc = run_tests("plot_joinpoint", tests, sizeof tests / sizeof tests[0], 120);
  if (!rc) {   /* keep the files of a failure for a look */
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) rc = 1;
  }
  return rc;
}
