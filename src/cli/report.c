/* report.c - proptrend report: the review pack from one command.
 *
 * The analyses are the subcommands themselves, run in-process with their
 * outputs directed into a temporary directory beside DIR (the tables as
 * CSV, the figures), from which report.md, report.html (self-contained,
 * SVG inline) and tables.tex are composed.  The finished directory replaces DIR
 * in one atomic rename (RENAME_EXCHANGE when DIR exists), so an interrupted
 * run leaves the previous report as it was.
 */
#include <config.h>

#include <csv.h>
#include <dirent.h>
#include <libgen.h>
#include <signal.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "proptrend/error.h"

/* Paths are built from DIR, whose length is checked (< 1024) on entry, in
 * PATH_MAX buffers: the truncation warnings cannot know that. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static const char *const SUB = "report";

static void help(void)
{
  printf("Usage: proptrend report [OPTION]... [FILE]\n"
         "Write a review pack for the tidy table FILE (default: the bundled Quang Binh\n"
         "dataset) into DIR: report.md, report.html (one self-contained file, figures\n"
         "inline), tables.tex (booktabs), tables/*.csv and figures/*.{svg,png,gp}; and\n"
         "print the main findings, one line each.\n"
         "\n"
         "  -o, --output DIR      the report directory (default ./proptrend-report); it is\n"
         "                        replaced only when the new report is complete\n"
         "      --lang L          en (default) or vi\n"
         "      --format F,...    which of md, html, tex to write (default all three)\n"
         "  -t, --text REPORT     also extract and audit the figures of the report's text\n"
         "      --gnuplot PATH    the gnuplot program\n"
         "  -q, --quiet           no progress messages\n"
         "%s"
         "  -h, --help            display this help and exit\n",
         CLI_TABLE_HELP);
}

/* ---- small helpers --------------------------------------------------------- */

static int run_sub(int (*fn)(int, char **), ...)
{
  char *argv[40];
  int argc = 0;
  va_list ap;
  va_start(ap, fn);
  for (const char *a; argc < 39 && (a = va_arg(ap, const char *));) argv[argc++] = (char *)a;
  va_end(ap);
  argv[argc] = NULL;
  return fn(argc, argv);
}

static char *slurp_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *b = NULL;
  size_t cap = 0, n = 0;
  if (!f) return NULL;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      size_t nc = cap ? cap * 2 : 65536;
      char *nb = realloc(b, nc);
      if (!nb) { free(b); fclose(f); return NULL; }
      b = nb; cap = nc;
    }
    size_t r = fread(b + n, 1, cap - n - 1, f);
    n += r;
    if (r == 0) break;
  }
  fclose(f);
  b[n] = '\0';
  if (len) *len = n;
  return b;
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
  (void)sb; (void)flag; (void)ftw;
  return remove(p);
}

static void rm_rf(const char *path) { nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* ---- the document: markdown, HTML and LaTeX side by side ------------------- */

typedef struct doc {
  FILE *md, *html, *tex;
  const char *lang;
  const pt_labels *labels;   /* for group and stage cells in Vietnamese */
  int nfig;
} doc;

static void html_esc(FILE *f, const char *s)
{
  for (; *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
  }
}

static void tex_esc(FILE *f, const char *s)
{
  for (; *s; s++) {
    switch (*s) {
    case '\\': fputs("\\textbackslash{}", f); break;
    case '&': case '%': case '$': case '#': case '_': case '{': case '}': fputc('\\', f); fputc(*s, f); break;
    case '~': fputs("\\textasciitilde{}", f); break;
    case '^': fputs("\\textasciicircum{}", f); break;
    default: fputc(*s, f);
    }
  }
}

static void heading(doc *d, int level, const char *text)
{
  if (d->md) { for (int i = 0; i < level; i++) fputc('#', d->md); fprintf(d->md, " %s\n\n", text); }
  if (d->html) { fprintf(d->html, "<h%d>", level); html_esc(d->html, text); fprintf(d->html, "</h%d>\n", level); }
  if (d->tex && level > 1) { fputs(level == 2 ? "\\section*{" : "\\subsection*{", d->tex); tex_esc(d->tex, text); fputs("}\n", d->tex); }
}

static void para(doc *d, const char *text)
{
  if (d->md) fprintf(d->md, "%s\n\n", text);
  if (d->html) { fputs("<p>", d->html); html_esc(d->html, text); fputs("</p>\n", d->html); }
}

/* Each non-empty line of a text file as a bullet; lines matching skip
 * (a prefix) are left out.  Returns the number of bullets. */
static int bullets(doc *d, const char *path, const char *only_with)
{
  char *txt = slurp_file(path, NULL);
  int n = 0;
  if (!txt) return 0;
  for (char *line = strtok(txt, "\n"); line; line = strtok(NULL, "\n")) {
    if (!*line || (only_with && !strstr(line, only_with))) continue;
    if (!n && d->html) fputs("<ul>\n", d->html);
    if (d->md) fprintf(d->md, "- %s\n", line);
    if (d->html) { fputs("<li>", d->html); html_esc(d->html, line); fputs("</li>\n", d->html); }
    n++;
  }
  if (n && d->md) fputc('\n', d->md);
  if (n && d->html) fputs("</ul>\n", d->html);
  free(txt);
  return n;
}

/* A CSV table (read with libcsv) into the three formats. */
typedef struct ctab { char **cells; size_t n, cap, ncols, cur; int oom; } ctab;

static void ct_field(void *s, size_t len, void *p)
{
  ctab *t = p;
  if (t->n == t->cap) {
    size_t nc = t->cap ? t->cap * 2 : 256;
    char **ncells = realloc(t->cells, nc * sizeof *ncells);
    if (!ncells) { t->oom = 1; return; }
    t->cells = ncells; t->cap = nc;
  }
  char *c = malloc(len + 1);
  if (!c) { t->oom = 1; return; }
  memcpy(c, s, len);
  c[len] = '\0';
  t->cells[t->n++] = c;
  t->cur++;
}

static void ct_row(int c, void *p)
{
  ctab *t = p;
  (void)c;
  if (!t->ncols) t->ncols = t->cur;
  t->cur = 0;
}

static void ct_free(ctab *t)
{
  for (size_t i = 0; i < t->n; i++) free(t->cells[i]);
  free(t->cells);
}

static int table(doc *d, const char *csvpath)
{
  struct csv_parser p;
  ctab t;
  size_t len;
  char *data = slurp_file(csvpath, &len);
  memset(&t, 0, sizeof t);
  if (!data) { para(d, cli_tr("none_found", d->lang)); return 0; }
  csv_init(&p, 0);
  csv_parse(&p, data, len, ct_field, ct_row, &t);
  csv_fini(&p, ct_field, ct_row, &t);
  csv_free(&p);
  free(data);
  if (t.oom || !t.ncols || t.n % t.ncols) { ct_free(&t); return EX_OSERR; }
  size_t rows = t.n / t.ncols;
  if (rows <= 1) { para(d, cli_tr("none_found", d->lang)); ct_free(&t); return 0; }
  pt_column cols[64];
  size_t nc = t.ncols < 64 ? t.ncols : 64;
  int vi = !strcmp(d->lang, "vi");
  /* headers in the report's language; the CSV files keep their names */
  for (size_t j = 0; j < nc; j++) {
    char key[96];
    snprintf(key, sizeof key, "col_%s", t.cells[j]);
    const char *h = cli_tr(key, d->lang);
    cols[j] = (pt_column){ h == key ? t.cells[j] : h, -1, 0, 0 };
  }
  /* numbers: shorten long round-trip reals for reading (4 significant digits) */
  char **shown = calloc(t.n, sizeof *shown);
  if (!shown) { ct_free(&t); return EX_OSERR; }
  for (size_t i = t.ncols; i < t.n; i++) {
    char *end;
    const char *head = t.cells[i % t.ncols];
    double v = strtod(t.cells[i], &end);
    if (*t.cells[i] && !*end && strchr(t.cells[i], '.') && isfinite(v)) {
      shown[i] = malloc(32);
      if (shown[i]) {
        snprintf(shown[i], 32, "%.4g", v);
        if (vi) { char *dot = strchr(shown[i], '.'); if (dot) *dot = ','; }
      }
    } else if (vi && d->labels && (!strcmp(head, "group") || !strcmp(head, "stage"))) {
      const char *lab = pt_labels_get(d->labels, head, t.cells[i], "vi");
      if (lab != t.cells[i]) shown[i] = strdup(lab);
    } else if (vi && (!strcmp(head, "severity") || !strcmp(head, "direction") || !strcmp(head, "verdict") ||
                      !strcmp(head, "selection"))) {
      char key[96];
      snprintf(key, sizeof key, "val_%s", t.cells[i]);
      const char *v2 = cli_tr(key, d->lang);
      if (v2 != key) shown[i] = strdup(v2);
    }
  }
  for (int fmt = 0; fmt < 2; fmt++) {
    FILE *out = fmt == 0 ? d->md : d->tex;
    if (!out) continue;
    pt_emitter *e = pt_emitter_new(fmt == 0 ? PT_FMT_MARKDOWN : PT_FMT_LATEX, cols, nc);
    for (size_t r = 1; e && r < rows; r++) {
      pt_cell v[64];
      for (size_t j = 0; j < nc; j++) {
        size_t i = r * t.ncols + j;
        v[j] = pt_cell_text(shown[i] ? shown[i] : t.cells[i]);
      }
      pt_emitter_row(e, v);
    }
    if (e) pt_emitter_write(e, out);
    pt_emitter_free(e);
    fputc('\n', out);
  }
  if (d->html) {
    fputs("<table>\n<thead><tr>", d->html);
    for (size_t j = 0; j < nc; j++) { fputs("<th>", d->html); html_esc(d->html, cols[j].name); fputs("</th>", d->html); }
    fputs("</tr></thead>\n<tbody>\n", d->html);
    for (size_t r = 1; r < rows; r++) {
      fputs("<tr>", d->html);
      for (size_t j = 0; j < nc; j++) {
        size_t i = r * t.ncols + j;
        fputs("<td>", d->html);
        html_esc(d->html, shown[i] ? shown[i] : t.cells[i]);
        fputs("</td>", d->html);
      }
      fputs("</tr>\n", d->html);
    }
    fputs("</tbody>\n</table>\n", d->html);
  }
  for (size_t i = 0; i < t.n; i++) free(shown[i]);
  free(shown);
  ct_free(&t);
  return 0;
}

/* Copy an SVG with every id, and every reference to one, prefixed with the
 * figure's name: gnuplot numbers its ids (gpPt0, gnuplot_canvas, ...) the
 * same way in every figure, and one HTML page needs them unique. */
static void svg_prefixed(FILE *f, const char *svg, const char *prefix)
{
  static const char *const marks[] = { "id='", "id=\"", "href='#", "href=\"#", "url(#" };
  for (const char *p = svg; *p;) {
    size_t hit = 0;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0] && !hit; k++)
      if (!strncmp(p, marks[k], strlen(marks[k])) && (p == svg || !isalnum((unsigned char)p[-1]))) hit = strlen(marks[k]);
    if (hit) { fwrite(p, 1, hit, f); fprintf(f, "%s-", prefix); p += hit; }
    else fputc(*p++, f);
  }
}

/* A figure: markdown links the SVG; HTML inlines it (no external file). */
static void figure(doc *d, const char *dir, const char *name, const char *caption)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/figures/%s.svg", dir, name);
  char *svg = slurp_file(path, NULL);
  if (!svg) return;
  if (d->md) fprintf(d->md, "![%s](figures/%s.svg)\n\n", caption, name);
  if (d->html) {
    const char *start = strstr(svg, "<svg");
    fputs("<figure>\n", d->html);
    if (start) svg_prefixed(d->html, start, name);
    fputs("<figcaption>", d->html);
    html_esc(d->html, caption);
    fputs("</figcaption>\n</figure>\n", d->html);
  }
  free(svg);
  d->nfig++;
}

/* ---- the summary: the strongest findings, one line each -------------------- */

static double z_of(const char *line)
{
  const char *z = strstr(line, "(z = ");
  return z ? fabs(strtod(z + 5, NULL)) : 0.0;
}

static void summary(FILE *out, const char *tdir, const char *lang)
{
  char path[PATH_MAX], *txt, pat[64];
  /* two strongest alarms */
  snprintf(path, sizeof path, "%s/anomalies.txt", tdir);
  snprintf(pat, sizeof pat, ", %s (", cli_tr("w_alarm", lang));
  if ((txt = slurp_file(path, NULL))) {
    char *best[2] = { NULL, NULL };
    for (char *l = strtok(txt, "\n"); l; l = strtok(NULL, "\n")) {
      if (!strstr(l, pat)) continue;
      if (!best[0] || z_of(l) > z_of(best[0])) { best[1] = best[0]; best[0] = l; }
      else if (!best[1] || z_of(l) > z_of(best[1])) best[1] = l;
    }
    for (int i = 0; i < 2; i++) if (best[i]) cli_say(out, lang, "s_sum_anom", best[i]);
    free(txt);
  }
  /* trends with a verdict */
  snprintf(path, sizeof path, "%s/trend.txt", tdir);
  if ((txt = slurp_file(path, NULL))) {
    int k = 0;
    char rising[64], falling[64];
    snprintf(rising, sizeof rising, "): %s", cli_tr("rising", lang));
    snprintf(falling, sizeof falling, "): %s", cli_tr("falling", lang));
    for (char *l = strtok(txt, "\n"); l && k < 2; l = strtok(NULL, "\n")) {
      if (!strstr(l, rising) && !strstr(l, falling)) continue;
      char *semi = strchr(l, ';');
      if (semi) *semi = '\0';
      cli_say(out, lang, "s_sum_trend", l);
      k++;
    }
    free(txt);
  }
  /* the audit's count */
  snprintf(path, sizeof path, "%s/audit.txt", tdir);
  if ((txt = slurp_file(path, NULL))) {
    char *last = NULL, *first_warn = NULL, head[64], err[64], warn[64];
    snprintf(head, sizeof head, "%s", cli_tr("s_audit_total", lang));
    *strchr(head, ':') = '\0';   /* "audit" */
    snprintf(err, sizeof err, ": %s: ", cli_tr("w_error", lang));
    snprintf(warn, sizeof warn, ": %s: ", cli_tr("w_warning", lang));
    for (char *l = strtok(txt, "\n"); l; l = strtok(NULL, "\n")) {
      if (!strncmp(l, head, strlen(head)) && l[strlen(head)] == ':') last = l;
      else if (!first_warn && (strstr(l, err) || strstr(l, warn))) first_warn = l;
    }
    if (last) {
      cli_say(out, lang, "s_sum_audit", last + strlen(head) + 2);
      if (first_warn) {
        const char *m = strstr(first_warn, "] ");
        cli_say(out, lang, "s_sum_eg", m ? m + 2 : first_warn);
      }
      fputc('\n', out);
    }
    free(txt);
  }
}

/* ---- the command ----------------------------------------------------------- */

/* Remove DIR.tmp.* left by runs that were killed: each holds the pid of
 * its run, and a run that no longer exists will not finish it. */
static void clean_stale(const char *dir)
{
  char dcopy[PATH_MAX], bcopy[PATH_MAX], prefix[PATH_MAX], p[PATH_MAX * 2];
  snprintf(dcopy, sizeof dcopy, "%s", dir);
  snprintf(bcopy, sizeof bcopy, "%s", dir);
  const char *parent = dirname(dcopy), *base = basename(bcopy);
  snprintf(prefix, sizeof prefix, "%s.tmp.", base);
  DIR *dp = opendir(parent);
  if (!dp) return;
  for (struct dirent *e; (e = readdir(dp));) {
    if (strncmp(e->d_name, prefix, strlen(prefix)) || strlen(e->d_name) != strlen(prefix) + 6) continue;
    snprintf(p, sizeof p, "%s/%s/.proptrend-pid", parent, e->d_name);
    FILE *f = fopen(p, "r");
    long pid = 0;
    if (!f) continue;
    int got = fscanf(f, "%ld", &pid) == 1;
    fclose(f);
    if (got && pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
      snprintf(p, sizeof p, "%s/%s", parent, e->d_name);
      rm_rf(p);
    }
  }
  closedir(dp);
}

static int dir_is_replaceable(const char *dir)
{
  struct stat sb;
  char p[PATH_MAX];
  if (stat(dir, &sb) != 0) return errno == ENOENT ? 1 : -1;
  if (!S_ISDIR(sb.st_mode)) return -1;
  snprintf(p, sizeof p, "%s/report.md", dir);
  if (access(p, F_OK) == 0) return 2;     /* an earlier report */
  snprintf(p, sizeof p, "%s/report.html", dir);
  if (access(p, F_OK) == 0) return 2;
  return -1;                              /* someone's directory: hands off */
}

int cmd_report(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "output", required_argument, NULL, 'o' },
    { "lang", required_argument, NULL, 'L' },
    { "format", required_argument, NULL, 'F' },
    { "text", required_argument, NULL, 't' },
    { "gnuplot", required_argument, NULL, 'N' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    CLI_TABLE_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  const char *dir = "proptrend-report", *lang = "en", *text = NULL, *gnuplot = NULL;
  int want_md = 1, want_html = 1, want_tex = 1, quiet = 0, opt, rc = 0;
  pt_load_opts lo;
  char datafile[PATH_MAX];
  pt_load_opts_init(&lo);
  opterr = 0;
  optind = 1;
  while ((opt = getopt_long(argc, argv, ":o:t:qh", longopts, NULL)) != -1) {
    switch (opt) {
    case 'o': dir = optarg; break;
    case 'L':
      if (strcmp(optarg, "en") && strcmp(optarg, "vi")) return cli_usage_err(SUB, "invalid --lang \"%s\": en or vi", optarg);
      lang = optarg;
      break;
    case 'F': {
      want_md = strstr(optarg, "md") != NULL;
      want_html = strstr(optarg, "html") != NULL;
      want_tex = strstr(optarg, "tex") != NULL;
      char tmp[256];
      snprintf(tmp, sizeof tmp, "%s", optarg);
      for (char *tok = strtok(tmp, ","); tok; tok = strtok(NULL, ","))
        if (strcmp(tok, "md") && strcmp(tok, "html") && strcmp(tok, "tex"))
          return cli_usage_err(SUB, "invalid --format \"%s\": a list of md, html, tex", optarg);
      break;
    }
    case 't': text = optarg; break;
    case 'N': gnuplot = optarg; break;
    case 'q': quiet = 1; break;
    case 'h': help(); return fflush(stdout) == 0 ? 0 : EX_IOERR;
    case ':': return cli_usage_err(SUB, "option \"%s\" needs a value", argv[optind - 1]);
    case '?': return cli_usage_err(SUB, "unknown option \"%s\"", argv[optind - 1]);
    default:
      rc = cli_table_option(SUB, opt, optarg, &lo);
      if (rc) return rc > 0 ? rc : cli_usage_err(SUB, "unhandled option");
    }
  }
  if (optind + 1 < argc) return cli_usage_err(SUB, "too many arguments");
  const char *input = optind < argc ? argv[optind] : cli_data_file("quangbinh-antt-2013-2017.csv", datafile, sizeof datafile);
  if (!input) { cli_err(SUB, "cannot find the bundled dataset (set PROPTREND_DATADIR, or name FILE)"); return EX_NOINPUT; }
  if (strlen(dir) >= 1024 || strlen(input) >= 1024) return cli_usage_err(SUB, "path too long");
  int progress = !quiet && isatty(STDERR_FILENO);
#define PROGRESS(...) do { if (progress) { fprintf(stderr, "proptrend: report: " __VA_ARGS__); fputc('\n', stderr); } } while (0)

  /* read the table once ourselves, for its errors and the data section */
  pt_table t;
  if ((rc = cli_read_table(SUB, input, &lo, &t))) return rc;
  int repl = dir_is_replaceable(dir);
  if (repl < 0) {
    cli_err(SUB, "\"%s\" exists and is not a proptrend report (no report.md): not replacing it", dir);
    pt_table_free(&t);
    return EX_CANTCREAT;
  }
  char tdir[PATH_MAX], path[PATH_MAX], path2[PATH_MAX], txtdir[PATH_MAX];
  snprintf(tdir, sizeof tdir, "%s.tmp.XXXXXX", dir);
  if (!mkdtemp(tdir)) {
    cli_err(SUB, "cannot create a directory beside \"%s\": %s", dir, strerror(errno));
    pt_table_free(&t);
    return EX_CANTCREAT;
  }
  chmod(tdir, 0755);
  {
    char pidf[PATH_MAX];
    snprintf(pidf, sizeof pidf, "%s/.proptrend-pid", tdir);
    FILE *pf = fopen(pidf, "w");
    if (pf) { fprintf(pf, "%ld\n", (long)getpid()); fclose(pf); }
  }
  clean_stale(dir);
  snprintf(path, sizeof path, "%s/tables", tdir);
  snprintf(path2, sizeof path2, "%s/figures", tdir);
  snprintf(txtdir, sizeof txtdir, "%s/text", tdir);
  if (mkdir(path, 0755) || mkdir(path2, 0755) || mkdir(txtdir, 0755)) { rc = EX_CANTCREAT; goto fail; }

  /* the analyses: each subcommand writes its own files */
  static const struct { const char *name; int (*fn)(int, char **); const char *extra; } tabs[] = {
    { "rates", cmd_rates, NULL },
    { "change", cmd_change, NULL },
    { "trend", cmd_trend, NULL },
    { "anomalies", cmd_anomalies, NULL },
    { "anomalies-twoway", cmd_anomalies, "twoway" },
    { "audit", cmd_audit, NULL },
  };
  for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++) {
    char csv[PATH_MAX], txt[PATH_MAX];
    const char *sub = strncmp(tabs[k].name, "anomalies", 9) ? tabs[k].name : "anomalies";
    PROGRESS("%s", tabs[k].name);
    snprintf(csv, sizeof csv, "%s/tables/%s.csv", tdir, tabs[k].name);
    snprintf(txt, sizeof txt, "%s/%s.txt", txtdir, tabs[k].name);
    if (tabs[k].extra) {
      run_sub(tabs[k].fn, sub, "-m", tabs[k].extra, "-f", "csv", "-o", csv, "--lang", lang, input, (char *)NULL);
      run_sub(tabs[k].fn, sub, "-m", tabs[k].extra, "-f", "text", "-o", txt, "--lang", lang, input, (char *)NULL);
    } else {
      run_sub(tabs[k].fn, sub, "-f", "csv", "-o", csv, "--lang", lang, input, (char *)NULL);
      if (k > 0) run_sub(tabs[k].fn, sub, "-f", "text", "-o", txt, "--lang", lang, input, (char *)NULL);
    }
  }
  {
    /* joinpoints where the longest series allows them (3k + 2 periods), at most 2 */
    size_t longest = 0;
    size_t *ix = malloc((t.n ? t.n : 1) * sizeof *ix);
    if (ix && pt_table_order(&t, ix) == PT_SUCCESS)
      for (size_t i = 0, j; i < t.n; i = j) {
        for (j = i; j < t.n && pt_row_same_series(&t.rows[ix[i]], &t.rows[ix[j]]); j++) {}
        if (j - i > longest) longest = j - i;
      }
    free(ix);
    int jp = longest >= 2 ? (int)((longest - 2) / 3) : 0;
    if (jp > 2) jp = 2;
    if (jp >= 1) {
      char csv[PATH_MAX], n[8];
      PROGRESS("joinpoints");
      snprintf(csv, sizeof csv, "%s/tables/trend-segments.csv", tdir);
      snprintf(n, sizeof n, "%d", jp);
      run_sub(cmd_trend, "trend", "--joinpoints", n, "--table", "segments", "-f", "csv", "-o", csv, "--lang", lang,
              input, (char *)NULL);
    }
  }
  if (text) {
    char csv[PATH_MAX], txt[PATH_MAX];
    PROGRESS("audit of %s", text);
    snprintf(csv, sizeof csv, "%s/tables/audit-text.csv", tdir);
    snprintf(txt, sizeof txt, "%s/audit-text.txt", txtdir);
    run_sub(cmd_audit, "audit", "--text", text, "-f", "csv", "-o", csv, "--lang", lang, (char *)NULL);
    run_sub(cmd_audit, "audit", "--text", text, "-f", "text", "-o", txt, "--lang", lang, (char *)NULL);
  }

  /* figures: SVG (inlined in the HTML), PNG, and the script */
  static const char *const figs[] = { "rates", "change", "control" };
  int have_gnuplot = 1;
  for (size_t k = 0; k < sizeof figs / sizeof figs[0]; k++) {
    char svg[PATH_MAX], png[PATH_MAX], gp[PATH_MAX];
    PROGRESS("figure %s", figs[k]);
    snprintf(svg, sizeof svg, "%s/figures/%s.svg", tdir, figs[k]);
    snprintf(png, sizeof png, "%s/figures/%s.png", tdir, figs[k]);
    snprintf(gp, sizeof gp, "%s/figures/%s.gp", tdir, figs[k]);
    if (have_gnuplot) {
      int r = run_sub(cmd_plot, "plot", figs[k], "--lang", lang, "-o", svg, "--gnuplot",
                      cli_gnuplot_program(gnuplot), input, (char *)NULL);
      if (r == EX_UNAVAILABLE) have_gnuplot = 0;
      else if (r == 0) run_sub(cmd_plot, "plot", figs[k], "--lang", lang, "-o", png, "--script", gp, "--gnuplot",
                               cli_gnuplot_program(gnuplot), input, (char *)NULL);
    }
    if (!have_gnuplot)
      run_sub(cmd_plot, "plot", figs[k], "--lang", lang, "-o", png, "--script", gp, "--script-only", input, (char *)NULL);
  }

  /* compose the documents */
  PROGRESS("writing the report");
  doc d;
  memset(&d, 0, sizeof d);
  d.lang = lang;
  pt_labels labels;
  int have_labels = !strcmp(lang, "vi") && cli_read_labels(SUB, NULL, &labels) == 0;
  if (have_labels) d.labels = &labels;
  char mdp[PATH_MAX], htp[PATH_MAX], txp[PATH_MAX];
  snprintf(mdp, sizeof mdp, "%s/report.md", tdir);
  snprintf(htp, sizeof htp, "%s/report.html", tdir);
  snprintf(txp, sizeof txp, "%s/tables.tex", tdir);
  if ((want_md && !(d.md = fopen(mdp, "w"))) || (want_html && !(d.html = fopen(htp, "w"))) ||
      (want_tex && !(d.tex = fopen(txp, "w")))) { rc = EX_CANTCREAT; goto close_docs; }
  if (d.html)
    fprintf(d.html, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>%s</title>\n"
                    "<style>body{font-family:\"DejaVu Sans\",sans-serif;max-width:72em;margin:2em auto;padding:0 1em}"
                    "table{border-collapse:collapse;font-size:85%%}th,td{border:1px solid #ccc;padding:2px 6px}"
                    "figure{margin:1em 0}svg{max-width:100%%;height:auto}</style>\n</head>\n<body>\n",
            lang, cli_tr("report_title", lang));
  if (d.tex) fputs("% tables of the proptrend review pack; \\input{tables.tex} (needs booktabs)\n", d.tex);
  {
    const char *base = strrchr(input, '/');
    char title[PATH_MAX + 64];
    snprintf(title, sizeof title, "%s: %s", cli_tr("report_title", lang), base ? base + 1 : input);
    heading(&d, 1, title);
  }
  /* main findings */
  {
    char sumpath[PATH_MAX];
    snprintf(sumpath, sizeof sumpath, "%s/summary.txt", txtdir);
    FILE *sf = fopen(sumpath, "w");
    if (sf) { summary(sf, txtdir, lang); fclose(sf); }
    heading(&d, 2, cli_tr("sec_summary", lang));
    if (!bullets(&d, sumpath, NULL)) para(&d, cli_tr("none_found", lang));
  }
  /* data */
  {
    size_t nser = 0, ng = 0, ns = 0;
    long p0 = t.n ? t.rows[0].period : 0, p1 = p0;
    for (size_t i = 0; i < t.n; i++) {
      int sg = 0, ss = 0, sx = 0;
      for (size_t j = 0; j < i; j++) {
        sg |= !strcmp(t.rows[j].group, t.rows[i].group);
        ss |= !strcmp(t.rows[j].stage, t.rows[i].stage);
        sx |= pt_row_same_series(&t.rows[j], &t.rows[i]);
      }
      ng += !sg; ns += !ss; nser += !sx;
      if (t.rows[i].period < p0) p0 = t.rows[i].period;
      if (t.rows[i].period > p1) p1 = t.rows[i].period;
    }
    char line[PATH_MAX + 256];
    const char *base = strrchr(input, '/');
    cli_says(line, sizeof line, lang, "s_data", base ? base + 1 : input, t.n, nser, ng, ns, p0, p1);
    heading(&d, 2, cli_tr("sec_data", lang));
    para(&d, line);
    para(&d, cli_tr("tables_note", lang));
    if (!have_gnuplot) para(&d, cli_tr("no_gnuplot", lang));
  }
  struct { const char *sec, *intro, *csv, *txt, *fig, *note; } secs[] = {
    { "sec_rates", "rates_intro", "rates", NULL, "rates", NULL },
    { "sec_change", "change_intro", "change", "change", "change", NULL },
    { "sec_trend", "trend_intro", "trend", "trend", NULL, NULL },
    { "sec_trend", NULL, "trend-segments", NULL, NULL, "jp_intro" },   /* when a series is long enough */
    { "sec_anom", "anom_intro", "anomalies", "anomalies", "control", NULL },
    { "sec_anom", NULL, "anomalies-twoway", "anomalies-twoway", NULL, NULL },
    { "sec_audit", "audit_intro", "audit", "audit", NULL, NULL },
  };
  for (size_t k = 0; k < sizeof secs / sizeof secs[0]; k++) {
    snprintf(path, sizeof path, "%s/tables/%s.csv", tdir, secs[k].csv);
    if (secs[k].note && access(path, F_OK) != 0) continue;
    if (secs[k].intro) heading(&d, 2, cli_tr(secs[k].sec, lang));
    if (secs[k].note) para(&d, cli_tr(secs[k].note, lang));
    if (secs[k].intro) para(&d, cli_tr(secs[k].intro, lang));
    if (secs[k].fig && have_gnuplot) figure(&d, tdir, secs[k].fig, cli_tr(secs[k].sec, lang));
    if (secs[k].txt) {
      snprintf(path, sizeof path, "%s/%s.txt", txtdir, secs[k].txt);
      bullets(&d, path, NULL);
    }
    if (d.tex) { fputs("\\subsection*{", d.tex); tex_esc(d.tex, secs[k].csv); fputs("}\n", d.tex); }
    snprintf(path, sizeof path, "%s/tables/%s.csv", tdir, secs[k].csv);
    if ((rc = table(&d, path))) goto close_docs;
  }
  if (text) {
    heading(&d, 2, cli_tr("sec_audit_text", lang));
    snprintf(path, sizeof path, "%s/audit-text.txt", txtdir);
    bullets(&d, path, NULL);
  }
  heading(&d, 2, cli_tr("sec_methods", lang));
  {
    static const char *const refs[] = { "ref_rates", "ref_change", "ref_trend", "ref_anom", "ref_audit" };
    if (d.html) fputs("<ul>\n", d.html);
    for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++) {
      const char *ref = cli_tr(refs[k], lang);
      if (d.md) fprintf(d.md, "- %s\n", ref);
      if (d.html) { fputs("<li>", d.html); html_esc(d.html, ref); fputs("</li>\n", d.html); }
    }
    if (d.md) fputs("\n", d.md);
    if (d.html) fputs("</ul>\n", d.html);
  }
  if (d.html) fputs("</body>\n</html>\n", d.html);

close_docs:
  if (have_labels) pt_labels_free(&labels);
  {
    int bad = 0;
    if (d.md) bad |= fclose(d.md) != 0;
    if (d.html) bad |= fclose(d.html) != 0;
    if (d.tex) bad |= fclose(d.tex) != 0;
    if (!rc && bad) rc = EX_IOERR;
  }
  if (rc) goto fail;
  /* the summary, on stdout */
  snprintf(path, sizeof path, "%s/summary.txt", txtdir);
  char *sum = slurp_file(path, NULL);
  rm_rf(txtdir);
  snprintf(path, sizeof path, "%s/.proptrend-pid", tdir);
  unlink(path);
  /* into place: exchange with the old report atomically, then remove it */
  if (repl == 2) {
    if (renameat2(AT_FDCWD, tdir, AT_FDCWD, dir, RENAME_EXCHANGE) != 0) {
      cli_err(SUB, "cannot replace \"%s\": %s", dir, strerror(errno));
      free(sum);
      rc = EX_CANTCREAT;
      goto fail;
    }
    rm_rf(tdir);   /* now the old report */
  } else if (rename(tdir, dir) != 0) {
    cli_err(SUB, "cannot create \"%s\": %s", dir, strerror(errno));
    free(sum);
    rc = EX_CANTCREAT;
    goto fail;
  }
  if (sum) fputs(sum, stdout);
  cli_say(stdout, lang, "s_written", dir, want_md ? "report.md " : "", want_html ? "report.html " : "",
          want_tex ? "tables.tex" : "");
  free(sum);
  pt_table_free(&t);
  return fflush(stdout) == 0 ? 0 : EX_IOERR;
fail:
  rm_rf(tdir);
  pt_table_free(&t);
  if (rc == EX_CANTCREAT) cli_err(SUB, "could not write the report; \"%s\" is unchanged", dir);
  return rc;
}
