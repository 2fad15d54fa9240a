/* report.c - proptrend report: the review pack in one process.
 *
 * The input (a tidy table, or a report's text told by its content) is read
 * once, with the reading options every command has; the library's analyses
 * run once on it with options parsed once; the tables (tables/NAME.csv), the
 * figures (drawn from the same results) and one document (doc.h: report.md,
 * report.html, report.tex, report.docx, tables.xlsx) are views of those
 * results, and the main findings are chosen from them (the largest |z|, the
 * verdicts), never from text.  The pack is built in a temporary directory
 * beside DIR, which replaces DIR in one atomic rename only when it is
 * complete; a section that fails is named in the pack and on stderr, and
 * the exit status says so.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "audit_text.h"
#include "doc.h"
#include "opts.h"
#include "outdir.h"
#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "proptrend/extract.h"
#include "proptrend/series.h"

/* Paths are built from DIR, whose length is checked (< 1024) on entry, in
 * PATH_MAX buffers: the truncation warnings cannot know that. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static const char *const SUB = "report";

/* ---- options ------------------------------------------------------------------ */

typedef struct rep_opts {
  const char *dir, *lang, *text, *gnuplot, *title;
  cli_extract_opts xo;       /* --labels (also the groups' and stages' names), --period, -k, --unit */
  unsigned formats;
  int quiet;
  int joinpoints;            /* -1: from the longest series */
  int variance;              /* pt_an_variance */
  double level;
  pt_load_opts lo;
} rep_opts;

static const struct { const char *name; unsigned bit; } format_names[] = {
  { "md", CLI_DOC_MD }, { "html", CLI_DOC_HTML }, { "tex", CLI_DOC_TEX }, { "docx", CLI_DOC_DOCX },
  { "xlsx", CLI_DOC_XLSX },
};

static int parse_formats(const char *arg, void *dst)
{
  char tmp[256];
  unsigned f = 0;
  if (strlen(arg) >= sizeof tmp) return -1;
  snprintf(tmp, sizeof tmp, "%s", arg);
  for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    size_t k = 0, n = sizeof format_names / sizeof format_names[0];
    while (k < n && strcmp(tok, format_names[k].name)) k++;
    if (k == n) return -1;
    f |= format_names[k].bit;
  }
  *(unsigned *)dst = f;
  return f ? 0 : -1;
}

static const cli_opt report_opts[] = {
  CLI_STR("output", 'o', "DIR", rep_opts, dir,
          "the report directory (default ./proptrend-report); it is\nreplaced only when the new report is complete"),
  CLI_FN("lang", 0, "L", rep_opts, lang, cli_opt_lang, "en or vi", 0, "en (default) or vi"),
  CLI_FN("format", 0, "F,...", rep_opts, formats, parse_formats, "a list of md, html, tex, docx, xlsx", 0,
         "which of md, html, tex, docx, xlsx to write (default all)"),
  CLI_STR("title", 0, "T", rep_opts, title, "the report's title"),
  CLI_STR("text", 't', "REPORT", rep_opts, text, "also extract and audit the figures of the report's text"),
  CLI_FN("level", 'l', "L", rep_opts, level, cli_opt_level, "a number between 0 and 1, e.g. 0.95", 0,
         "confidence level of every interval (default 0.95)"),
  CLI_INT("joinpoints", 0, "MAX", rep_opts, joinpoints, 0, PT_JP_MAX, NULL,
          "joinpoints allowed (default: as NCI's Joinpoint\nrecommends for the longest series: 0 below 7\n"
          "periods, 1 for 7-11, 2 for 12-16, 3 from 17 on)"),
  CLI_CHOICE("variance", 0, "V", rep_opts, variance, pt_an_variance_names, NULL,
             "williams (default), quasi or binomial: how flags and\ntrend verdicts allow for year-to-year variation"),
  CLI_STR("gnuplot", 0, "PATH", rep_opts, gnuplot, "the gnuplot program"),
  CLI_FLAG("quiet", 'q', rep_opts, quiet, "no progress messages"),
};
static const cli_optset report_sets[] = {
  CLI_SET(NULL, report_opts, 0), { "Reading the table:", cli_table_opts, 0, offsetof(rep_opts, lo) },
  { "Reading a report's text (FILE or --text; --labels also names the groups and stages):", cli_extract_opt_table, 0,
    offsetof(rep_opts, xo) },
  CLI_HELP_SET,
};
static const cli_spec report_spec = {
  "report",
  "Usage: proptrend report [OPTION]... [FILE]\n"
  "Write the review pack of FILE into DIR and print the main findings, one line\n"
  "each.  FILE is a tidy table ('-' for standard input; default: the bundled\n"
  "Quang Binh dataset) or the plain text of a review report, told apart by\n"
  "their content: from a text, the figures are extracted first (as by\n"
  "proptrend extract) and the text is audited too.  The pack: report.md,\n"
  "report.html (one self-contained file), report.tex (a complete document;\n"
  "tables.tex for \\input), report.docx, tables.xlsx, tables/*.csv and\n"
  "figures/*.{svg,png,gp}.\n",
  "Exit status: 0 when every section was written; 70 when an analysis or a\n"
  "figure failed (the pack is written and says which); 65 when FILE cannot be\n"
  "read (no pack is written).\n",
  report_sets, sizeof report_sets / sizeof report_sets[0], 0, 1, NULL,
};

static int parse_options(int argc, char **argv, rep_opts *o, int *first)
{
  memset(o, 0, sizeof *o);
  o->dir = "proptrend-report";
  o->lang = "en";
  o->formats = CLI_DOC_MD | CLI_DOC_HTML | CLI_DOC_TEX | CLI_DOC_DOCX | CLI_DOC_XLSX;
  o->joinpoints = -1;
  o->level = 0.95;
  pt_load_opts_init(&o->lo);
  cli_extract_opts_init(&o->xo);
  int rc = cli_parse(&report_spec, argc, argv, o, first);
  if (!rc && strlen(o->dir) >= 1024) return cli_usage_err(SUB, "path too long");
  return rc;
}

/* ---- the input: read once ----------------------------------------------------- */

/* Whether the first line names columns: at least three of the required
 * ones (by the names the options give), each standing alone between
 * separators.  The delimiter is not needed to see it, so a table read with
 * the wrong --delimiter is still a table and gets the reader's error. */
static int is_sep(const char *p, const char *start, const char *end)
{
  return p < start || p >= end || strchr(",;\t|\"\r ", *p);
}

static int looks_like_table(const char *buf, size_t len, const pt_load_opts *lo)
{
  const char *p = buf, *end = buf + len;
  if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
  const char *eol = memchr(p, '\n', (size_t)(end - p));
  const char *le = eol ? eol : end;
  int hits = 0;
  for (int c = PT_COL_GROUP; c <= PT_COL_TOTAL; c++) {
    const char *name = lo->colname[c] ? lo->colname[c] : pt_col_name((pt_col)c);
    size_t nl = strlen(name);
    for (const char *q = p; nl && q + nl <= le; q++)
      if (!memcmp(q, name, nl) && is_sep(q - 1, p, le) && is_sep(q + nl, p, le)) { hits++; break; }
  }
  return hits >= 3;
}

static int read_table_mem(const char *name, const char *buf, size_t len, const pt_load_opts *lo, pt_table *t)
{
  FILE *in = fmemopen((void *)(len ? buf : ""), len ? len : 1, "rb");
  if (!in) return EX_OSERR;
  if (!len) getc(in);   /* an empty input: the one byte "" lends is read away */
  int rc = cli_read_table_stream(SUB, name, in, lo, t);
  fclose(in);
  return rc;
}

static int extract_mem(const rep_opts *o, const char *name, const char *buf, size_t len, pt_table *t,
                       pt_table *counts)
{
  return cli_extract_buffer(SUB, name, buf, len, &o->xo, t, counts, 0);
}

/* The complete rows of an extracted table (a year, a unit and a total),
 * sharing the table's strings: the analyses need whole figures. */
static int complete_rows(const pt_table *all, pt_table *t)
{
  *t = *all;
  t->rows = malloc((all->n ? all->n : 1) * sizeof *t->rows);
  if (!t->rows) return EX_OSERR;
  t->n = 0;
  for (size_t i = 0; i < all->n; i++) {
    const pt_row *r = &all->rows[i];
    if (!(r->flags & (PT_ROW_NO_PERIOD | PT_ROW_UNMAPPED | PT_ROW_NO_COUNT | PT_ROW_NO_TOTAL | PT_ROW_ZERO_TOTAL |
                      PT_ROW_COUNT_EXCEEDS_TOTAL | PT_ROW_DUPLICATE)) &&
        r->group && *r->group && r->stage && *r->stage)
      t->rows[t->n++] = *r;
  }
  t->cap = t->n;
  return 0;
}

/* ---- the run ------------------------------------------------------------------ */

typedef struct rep {
  const rep_opts *o;
  const char *input;         /* as the user named it */
  int from_text;             /* the input is a report's text */
  pt_table all;              /* as read (an extracted text: every figure) */
  pt_table t;                /* what the analyses see */
  int t_shared;              /* t shares all's strings (from a text) */
  pt_labels labels;
  pt_an_rates_opts rates_o;
  pt_an_change_opts change_o;
  pt_an_trend_opts trend_o;
  pt_an_anom_opts anom_o, twoway_o;
  pt_an_rates rates;
  pt_an_changes changes;
  pt_an_trends trends;
  cli_segment *segs;
  size_t nseg;
  pt_an_anoms anoms, twoway, limits;
  pt_findings audit, audit_text;
  int have_audit_text;
  pt_table text_table;       /* --text: the figures of the text */
  pt_table counts, text_counts;  /* the bare counts of FILE (a text) and of --text, for the audit */
  char *body, *text_body;    /* the texts read (FILE when a text, --text), for the audit */
  size_t body_len, text_len;
  int have[8];               /* which analyses succeeded, by section */
  char failed[1024];         /* names of what failed, for the pack and stderr */
  int have_gnuplot, figure_failed;
  char tdir[PATH_MAX];
  const pt_label *brk;       /* a break of definition declared in the labels */
  cli_outdir od;             /* DIR: replaced only if it is a pack we wrote */
  int od_begun;
  cli_doc *doc;
  FILE *summary;             /* the main findings, one per line */
  char *sumbuf;
  size_t sumlen;
} rep;

enum { S_RATES, S_CHANGE, S_TREND, S_SEGMENTS, S_ANOM, S_TWOWAY, S_AUDIT, S_LIMITS };

static void progress(const rep *r, const char *what)
{
  if (!r->o->quiet && isatty(STDERR_FILENO)) fprintf(stderr, "proptrend: report: %s\n", what);
}

static void failed(rep *r, const char *what, const char *why)
{
  size_t u = strlen(r->failed);
  snprintf(r->failed + u, sizeof r->failed - u, "%s%s (%s)", u ? "; " : "", what, why);
  cli_err(SUB, "%s: %s", what, why);
}

/* An analysis that does not apply to these data (too short, nothing to
 * compare) leaves its section empty; any other failure is reported. */
static int ok_or_note(rep *r, const char *what, int st)
{
  if (st == PT_SUCCESS) return 1;
  if (st != PT_ESHORT) failed(r, what, pt_strerror(st));
  return 0;
}

/* Joinpoints as NCI's Joinpoint program recommends for the number of
 * periods (0 below 7, 1 for 7-11, 2 for 12-16, 3 for 17-21, ...; at most 3
 * here): fewer points cannot tell a bend from noise, and on five years the
 * weighted BIC would happily fit one with a single residual df. */
static int joinpoints_for(const rep *r)
{
  if (r->o->joinpoints >= 0) return r->o->joinpoints;
  pt_series s;
  if (pt_series_partition(&r->t, PT_KEY_SERIES, &s)) return 0;
  size_t longest = s.longest;
  pt_series_free(&s);
  int jp = longest >= 7 ? (int)((longest - 2) / 5) : 0;
  return jp > 3 ? 3 : jp;
}

/* A break of definition declared in the labels file (a row "break,YEAR,vi,en",
 * e.g. 2022 when Circular 124/2021 replaced 23/2012), inside the data's periods. */
static const pt_label *declared_break(const rep *r)
{
  long p0 = LONG_MAX, p1 = LONG_MIN;
  for (size_t i = 0; i < r->t.n; i++) {
    if (r->t.rows[i].period < p0) p0 = r->t.rows[i].period;
    if (r->t.rows[i].period > p1) p1 = r->t.rows[i].period;
  }
  for (size_t i = 0; i < r->labels.n; i++) {
    const pt_label *b = &r->labels.items[i];
    char *end;
    long y = strcmp(b->kind, "break") ? 0 : strtol(b->code, &end, 10);
    if (y && !*end && y > p0 && y <= p1) return b;
  }
  return NULL;
}

static void run_analyses(rep *r)
{
  const double level = r->o->level;
  pt_an_rates_opts_init(&r->rates_o);
  pt_an_change_opts_init(&r->change_o);
  pt_an_trend_opts_init(&r->trend_o);
  pt_an_anom_opts_init(&r->anom_o);
  r->rates_o.level = r->change_o.level = r->trend_o.level = r->anom_o.level = level;
  r->trend_o.variance = r->anom_o.variance = (pt_an_variance)r->o->variance;
  r->trend_o.jp.alpha = 1 - level;
  r->trend_o.jp.level = level;
  r->twoway_o = r->anom_o;
  r->twoway_o.method = PT_AN_TWOWAY;

  progress(r, "rates");
  r->have[S_RATES] = ok_or_note(r, "rates", pt_an_rates_run(&r->t, &r->rates_o, &r->rates));
  progress(r, "change");
  r->have[S_CHANGE] = ok_or_note(r, "change", pt_an_change_run(&r->t, &r->change_o, &r->changes));
  progress(r, "trend");
  r->trend_o.joinpoints = joinpoints_for(r);
  if (r->trend_o.joinpoints > 0 && (r->brk = declared_break(r))) {
    r->trend_o.jp.jump = 1;
    r->trend_o.jp.jump_at = strtod(r->brk->code, NULL);
  }
  r->have[S_TREND] = ok_or_note(r, "trend", pt_an_trend_run(&r->t, &r->trend_o, &r->trends));
  if (r->have[S_TREND] && r->trend_o.joinpoints > 0 && r->trends.jp_fitted) {
    r->have[S_SEGMENTS] = cli_trend_segments(&r->trends, &r->trend_o, r->o->lang, &r->segs, &r->nseg) == 0;
    if (!r->have[S_SEGMENTS]) failed(r, "joinpoints", "out of memory");
  }
  progress(r, "anomalies");
  r->have[S_ANOM] = ok_or_note(r, "anomalies", pt_an_anom_run(&r->t, &r->anom_o, &r->anoms));
  r->have[S_TWOWAY] = ok_or_note(r, "anomalies (two-way)", pt_an_anom_run(&r->t, &r->twoway_o, &r->twoway));
  pt_an_anom_opts lim = r->anom_o;
  lim.method = PT_AN_PCHART;
  r->have[S_LIMITS] = ok_or_note(r, "control limits", pt_an_anom_run(&r->t, &lim, &r->limits));
  progress(r, "audit");
  pt_audit_opts ao;
  pt_audit_opts_init(&ao);
  if (r->from_text) { ao.extracted = 1; ao.text = r->body; ao.text_len = r->body_len; ao.counts = &r->counts; }
  r->have[S_AUDIT] = ok_or_note(r, "audit", pt_audit(&r->all, &ao, &r->audit));
  if (r->o->text) {
    pt_audit_opts_init(&ao);
    ao.extracted = 1;
    ao.text = r->text_body;
    ao.text_len = r->text_len;
    ao.counts = &r->text_counts;
    r->have_audit_text = ok_or_note(r, "audit of the text", pt_audit(&r->text_table, &ao, &r->audit_text));
  }
}

/* ---- tables: CSV files and document tables from the same fields ------------------ */

static int write_csv(rep *r, const char *name, const cli_records *rec)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/tables/%s.csv", r->tdir, name);
  FILE *f = fopen(path, "w");
  if (!f) { failed(r, name, strerror(errno)); return -1; }
  pt_emitter *e = pt_fields_emitter(PT_FMT_CSV, rec->fields, rec->nfields, rec->has_area);
  int st = e ? PT_SUCCESS : PT_ENOMEM;
  for (size_t i = 0; !st && i < rec->n; i++) {
    const void *x = (const char *)rec->recs + i * rec->stride;
    if (!rec->keep || rec->keep(x, rec->ctx)) st = pt_fields_row(e, rec->fields, rec->nfields, rec->has_area, x);
  }
  if (!st) st = pt_emitter_write(e, f);
  pt_emitter_free(e);
  if (fclose(f) != 0 && !st) st = PT_EIO;
  if (st) { failed(r, name, pt_strerror(st)); return -1; }
  return 0;
}

/* A cell as the document shows it: codes as labels, enum values in the
 * report's language. */
static pt_cell display_cell(const rep *r, const pt_column *col, pt_cell c)
{
  if (c.kind != PT_CELL_TEXT) return c;
  if (!strcmp(col->name, "group") || !strcmp(col->name, "stage"))
    return pt_cell_text(pt_labels_get(&r->labels, col->name, c.text, r->o->lang));
  if (!strcmp(col->name, "severity") || !strcmp(col->name, "direction") || !strcmp(col->name, "verdict") ||
      !strcmp(col->name, "selection")) {
    char key[96];
    snprintf(key, sizeof key, "val_%s", c.text);
    const char *v = cli_tr(key, r->o->lang);
    if (v != key) return pt_cell_text(v);
  }
  return c;
}

static int doc_records(rep *r, const char *name, const char *caption, const cli_records *rec)
{
  pt_column cols[64], shown[64];
  size_t nc = pt_fields_columns(rec->fields, rec->nfields, rec->has_area, cols), nr = 0;
  pt_cell *cells = malloc((rec->n ? rec->n : 1) * nc * sizeof *cells);
  char (*keys)[96] = malloc(nc * sizeof *keys);
  if (!cells || !keys) { free(cells); free(keys); return -1; }
  for (size_t j = 0; j < nc; j++) {
    snprintf(keys[j], sizeof keys[j], "col_%s", cols[j].name);
    const char *h = cli_tr(keys[j], r->o->lang);
    shown[j] = cols[j];
    shown[j].name = h == keys[j] ? cols[j].name : h;
  }
  for (size_t i = 0; i < rec->n; i++) {
    const void *x = (const char *)rec->recs + i * rec->stride;
    if (rec->keep && !rec->keep(x, rec->ctx)) continue;
    pt_cell *row = cells + nr * nc;
    pt_fields_cells(rec->fields, rec->nfields, rec->has_area, x, row);
    for (size_t j = 0; j < nc; j++) row[j] = display_cell(r, &cols[j], row[j]);
    nr++;
  }
  int st = nr ? cli_doc_table(r->doc, name, caption, shown, nc, cells, nr) : cli_doc_para(r->doc, cli_tr("none_found", r->o->lang));
  free(cells);
  free(keys);
  return st;
}

static void table_out(rep *r, const char *name, const char *caption, const cli_records *rec)
{
  if (write_csv(r, name, rec) == 0 && doc_records(r, name, caption, rec)) failed(r, name, "out of memory");
}

/* ---- sentences as bullets ------------------------------------------------------------- */

typedef void (*sentences_fn)(FILE *out, rep *r, const void *ctx);

/* What fn writes, one bullet per line. */
static void bullets(rep *r, sentences_fn fn, const void *ctx)
{
  char *buf = NULL;
  size_t len = 0, n = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) { failed(r, "sentences", "out of memory"); return; }
  fn(m, r, ctx);
  if (fclose(m) != 0) { free(buf); failed(r, "sentences", "out of memory"); return; }
  const char **items = malloc((len / 2 + 1) * sizeof *items);
  if (!items) { free(buf); failed(r, "sentences", "out of memory"); return; }
  for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) items[n++] = l;
  if (n && cli_doc_bullets(r->doc, n, items)) failed(r, "sentences", "out of memory");
  free(items);
  free(buf);
}

static const pt_labels *sentence_labels(const rep *r) { return &r->labels; }

static void change_sentences(FILE *out, rep *r, const void *ctx)
{
  (void)ctx;
  cli_change_sentences(out, &r->changes, &r->change_o, r->t.has_area, r->o->lang, sentence_labels(r));
}

static void trend_sentences(FILE *out, rep *r, const void *ctx)
{
  (void)ctx;
  cli_trend_sentences(out, &r->trends, &r->trend_o, r->o->lang, sentence_labels(r));
}

static void anom_sentences(FILE *out, rep *r, const void *ctx)
{
  const pt_an_anoms *a = ctx;
  cli_anom_sentences(out, a, a == &r->twoway ? &r->twoway_o : &r->anom_o, 0, r->o->lang, sentence_labels(r));
}

static void audit_sentences(FILE *out, rep *r, const void *ctx)
{
  const pt_findings *f = ctx;
  const char *name = f == &r->audit_text ? r->o->text : r->input;
  cli_audit_lines(out, name, f, f == &r->audit_text ? r->text_table.n : r->all.n, r->o->lang, &r->labels);
}

/* ---- the main findings, from the typed results ------------------------------------------- */

/* Which of two flags leads: the more severe, then the larger |z|. */
static int stronger(const pt_an_anom *a, const pt_an_anom *b)
{
  if (!b) return 1;
  if (a->severity != b->severity) return a->severity > b->severity;
  return fabs(a->pt.z) > fabs(b->pt.z);
}

/* The strongest flags: alarms before warnings, largest |z| first. */
static void summary_anomalies(rep *r)
{
  const pt_an_anom *best[2] = { NULL, NULL };
  for (size_t i = 0; r->have[S_ANOM] && i < r->anoms.n; i++) {
    const pt_an_anom *a = &r->anoms.a[i];
    if (a->severity == PT_ANOM_NONE) continue;
    if (stronger(a, best[0])) { best[1] = best[0]; best[0] = a; }
    else if (stronger(a, best[1])) best[1] = a;
  }
  for (int k = 0; k < 2 && best[k]; k++) {
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m) return;
    cli_anom_reason(m, best[k], r->anom_o.level, r->o->lang, sentence_labels(r));
    fclose(m);
    if (len && line[len - 1] == '\n') line[len - 1] = '\0';
    if (best[k]->dispersion > 1) {
      /* the finding's caveat: the variance model it was judged under */
      char tail[128], *grown;
      CLI_SAYS(tail, sizeof tail, r->o->lang, S_SUM_DISP, best[k]->dispersion);
      if ((grown = realloc(line, strlen(line) + strlen(tail) + 1))) { line = grown; strcat(line, tail); }
    }
    CLI_SAY(r->summary, r->o->lang, S_SUM_ANOM, line);
    free(line);
  }
}

/* Trends with a verdict, strongest |z| first, each with its caveat. */
static void summary_trends(rep *r)
{
  const pt_an_trend *best[2] = { NULL, NULL };
  for (size_t i = 0; r->have[S_TREND] && i < r->trends.n; i++) {
    const pt_an_trend *t = &r->trends.s[i];
    if (t->verdict != PT_AN_RISING && t->verdict != PT_AN_FALLING) continue;
    if (!best[0] || fabs(t->test_stat) > fabs(best[0]->test_stat)) { best[1] = best[0]; best[0] = t; }
    else if (!best[1] || fabs(t->test_stat) > fabs(best[1]->test_stat)) best[1] = t;
  }
  for (int k = 0; k < 2 && best[k]; k++) {
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m) return;
    cli_trend_finding(m, best[k], &r->trend_o, r->o->lang, sentence_labels(r));
    fclose(m);
    CLI_SAY(r->summary, r->o->lang, S_SUM_TREND, line);
    free(line);
  }
}

static void summary_audit(rep *r, const pt_findings *f, size_t nrows)
{
  const pt_finding *eg = NULL;
  for (size_t i = 0; i < f->n; i++)
    if (f->items[i].severity >= PT_SEV_WARNING && (!eg || f->items[i].severity > eg->severity)) eg = &f->items[i];
  char line[512], *colon;
  cli_audit_total(line, sizeof line, f, nrows, r->o->lang);
  line[strcspn(line, "\n")] = '\0';
  colon = strchr(line, ':');
  CLI_SAY(r->summary, r->o->lang, S_SUM_AUDIT, colon ? colon + 2 : line);
  if (eg) {
    char *msg = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&msg, &len);
    if (m) {
      cli_audit_finding(m, eg, r->o->lang, &r->labels);
      if (fclose(m) == 0) CLI_SAY(r->summary, r->o->lang, S_SUM_EG, msg);
      free(msg);
    }
  }
  fputc('\n', r->summary);
}

static void summary(rep *r)
{
  summary_anomalies(r);
  summary_trends(r);
  if (r->have[S_AUDIT]) summary_audit(r, &r->audit, r->all.n);
}

/* ---- figures ------------------------------------------------------------------------------ */

static int write_bytes(const char *path, const char *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int bad = fwrite(data, 1, len, f) != len;
  return (fclose(f) != 0 || bad) ? -1 : 0;
}

/* One page of a figure: its SVG inlined in the page and its PNG for the
 * documents (figures/NAME.png, NAME-2.png, ...), captioned with the full
 * titles the drawn ones may wrap. */
static int figure_page(rep *r, cli_figure *f, int kind, size_t k, size_t pages)
{
  const char *name = cli_figure_name(kind);
  char path[PATH_MAX], png[PATH_MAX], id[64], cap[2048], *buf = NULL, *svg = NULL;
  size_t len = 0, svglen = 0;
  f->page = (int)k;
  if (k > 1) snprintf(id, sizeof id, "%s-%zu", name, k);
  else snprintf(id, sizeof id, "%s", name);
  int rc = cli_figure_image(SUB, f, kind, "svg", r->o->gnuplot, &svg, &svglen);
  if (rc == EX_UNAVAILABLE) { r->have_gnuplot = 0; free(svg); return rc; }
  if (!rc) rc = cli_figure_image(SUB, f, kind, "pngcairo", r->o->gnuplot, &buf, &len);
  snprintf(path, sizeof path, "%s/figures/%s.svg", r->tdir, id);
  if (!rc && write_bytes(path, svg, svglen)) rc = EX_CANTCREAT;
  snprintf(path, sizeof path, "%s/figures/%s.png", r->tdir, id);
  if (!rc && write_bytes(path, buf, len)) rc = EX_CANTCREAT;
  snprintf(png, sizeof png, "figures/%s.png", id);
  cli_figure_caption(f, kind, k, pages, cap, sizeof cap);
  if (!rc && cli_doc_figure(r->doc, id, cap, svg, svglen, png)) rc = EX_OSERR;
  free(svg);
  free(buf);
  return rc;
}

/* One figure: its script (every page), and with gnuplot each of its pages. */
static void figure(rep *r, int kind)
{
  const char *name = cli_figure_name(kind);
  cli_figure f;
  char path[PATH_MAX], png[PATH_MAX], *buf = NULL;
  size_t len = 0, pages = 1;
  cli_figure_init(&f);
  f.t = &r->t; f.labels = &r->labels; f.lang = r->o->lang; f.level = r->o->level;
  f.rates = &r->rates; f.changes = &r->changes; f.limits = &r->limits; f.flags = &r->anoms; f.trends = &r->trends;
  snprintf(png, sizeof png, "%s.png", name);
  snprintf(path, sizeof path, "%s/figures/%s.gp", r->tdir, name);
  if (cli_figure_script(&f, kind, "pngcairo", png, 0, &buf, &len) || write_bytes(path, buf, len)) {
    free(buf);
    failed(r, name, "cannot write the figure's script");
    r->figure_failed = 1;
    return;
  }
  free(buf);
  if (!r->have_gnuplot) return;
  progress(r, name);
  int rc = cli_figure_pages(&f, kind, &pages);
  for (size_t k = 1; !rc && k <= pages; k++) rc = figure_page(r, &f, kind, k, pages);
  if (rc == EX_UNAVAILABLE && !r->have_gnuplot) return;
  if (rc) { failed(r, name, "the figure could not be drawn"); r->figure_failed = 1; }
}

/* ---- the document ------------------------------------------------------------------------- */

static int keep_flagged(const void *rec, void *ctx)
{
  (void)ctx;
  return ((const pt_an_anom *)rec)->severity != PT_ANOM_NONE;
}

static void data_section(rep *r)
{
  const char *lang = r->o->lang;
  pt_series ser, grp, stg;
  size_t nser = 0, ng = 0, ns = 0;
  long p0 = r->t.n ? r->t.rows[0].period : 0, p1 = p0;
  if (!pt_series_partition(&r->t, PT_KEY_SERIES, &ser)) { nser = ser.n; pt_series_free(&ser); }
  if (!pt_series_partition(&r->t, PT_KEY_GROUP, &grp)) { ng = grp.n; pt_series_free(&grp); }
  if (!pt_series_partition(&r->t, PT_KEY_STAGE, &stg)) { ns = stg.n; pt_series_free(&stg); }
  for (size_t i = 0; i < r->t.n; i++) {
    if (r->t.rows[i].period < p0) p0 = r->t.rows[i].period;
    if (r->t.rows[i].period > p1) p1 = r->t.rows[i].period;
  }
  char line[PATH_MAX + 256];
  CLI_SAYS(line, sizeof line, lang, S_DATA, r->input, r->t.n, nser, ng, ns, p0, p1);
  cli_doc_heading(r->doc, 2, cli_tr("sec_data", lang));
  cli_doc_para(r->doc, line);
  if (r->from_text) {
    CLI_SAYS(line, sizeof line, lang, S_FROM_TEXT, r->all.n, r->t.n);
    cli_doc_para(r->doc, line);
  }
  cli_doc_para(r->doc, cli_tr("tables_note", lang));
}

/* An audit's sentences and its table (the CSV in English, as audit -f csv). */
static void audit_section(rep *r, const char *name, const pt_findings *f, int has_area)
{
  cli_audit_rec *ar = NULL;
  bullets(r, audit_sentences, f);
  if (cli_audit_records(f, r->o->lang, &ar)) { failed(r, name, "out of memory"); return; }
  cli_records rec = { cli_audit_fields, cli_audit_nfields, has_area, ar, sizeof *ar, f->n, NULL, NULL };
  table_out(r, name, cli_tr(f == &r->audit ? "sec_audit" : "sec_audit_text", r->o->lang), &rec);
  free(ar);
}

/* The joinpoint figure when a series has a fit (4 series a page). */
static int jp_drawable(const rep *r)
{
  size_t n = 0;
  for (size_t i = 0; i < r->trends.n; i++) n += r->trends.s[i].jp_status == PT_SUCCESS;
  return n >= 1;
}

/* The records of section k's table. */
static cli_records section_records(const rep *r, int k)
{
  const int A = r->t.has_area;
  switch (k) {
  case S_RATES: return (cli_records){ pt_an_rate_fields, pt_an_rate_nfields, A, r->rates.r, sizeof *r->rates.r, r->rates.n, NULL, NULL };
  case S_CHANGE:
    return (cli_records){ pt_an_change_fields, pt_an_change_nfields, A, r->changes.c, sizeof *r->changes.c, r->changes.n, NULL, NULL };
  case S_TREND: return (cli_records){ pt_an_trend_fields, pt_an_trend_nfields, A, r->trends.s, sizeof *r->trends.s, r->trends.n, NULL, NULL };
  case S_SEGMENTS: return (cli_records){ cli_segment_fields, cli_segment_nfields, A, r->segs, sizeof *r->segs, r->nseg, NULL, NULL };
  case S_ANOM: return (cli_records){ pt_an_anom_fields, pt_an_anom_nfields, A, r->anoms.a, sizeof *r->anoms.a, r->anoms.n, keep_flagged, NULL };
  default: return (cli_records){ pt_an_anom_fields, pt_an_anom_nfields, A, r->twoway.a, sizeof *r->twoway.a, r->twoway.n, keep_flagged, NULL };
  }
}

/* The analyses' sections, in order: heading (level 3: a part of the
 * section before), introduction, figure, sentences, table. */
static const struct {
  int have, level;
  const char *heading, *intro, *table;
  int figure;                 /* CLI_FIG_*, or -1 */
  sentences_fn sentences;     /* NULL: none */
} section_defs[] = {
  { S_RATES, 2, "sec_rates", "rates_intro", "rates", CLI_FIG_RATES, NULL },
  { S_CHANGE, 2, "sec_change", "change_intro", "change", CLI_FIG_CHANGE, change_sentences },
  { S_TREND, 2, "sec_trend", "trend_intro", "trend", -1, trend_sentences },
  { S_SEGMENTS, 3, "sec_segments", "jp_intro", "trend-segments", CLI_FIG_JOINPOINT, NULL },
  { S_ANOM, 2, "sec_anom", "anom_intro", "anomalies", CLI_FIG_CONTROL, anom_sentences },
  { S_TWOWAY, 3, "sec_twoway", NULL, "anomalies-twoway", -1, anom_sentences },
};

static void sections(rep *r)
{
  const char *lang = r->o->lang;
  for (size_t i = 0; i < sizeof section_defs / sizeof section_defs[0]; i++) {
    const int k = section_defs[i].have, top = section_defs[i].level == 2;
    if (!top && !r->have[k]) continue;   /* a part the data do not call for */
    const char *title = cli_tr(section_defs[i].heading, lang);
    cli_doc_heading(r->doc, section_defs[i].level, title);
    if (section_defs[i].intro) cli_doc_para(r->doc, cli_tr(section_defs[i].intro, lang));
    if (k == S_SEGMENTS && r->brk) {
      char line[1024];
      CLI_SAYS(line, sizeof line, lang, S_JP_BREAK, strtol(r->brk->code, NULL, 10), strcmp(lang, "vi") ? r->brk->en : r->brk->vi);
      cli_doc_para(r->doc, line);
    }
    if (!r->have[k]) { cli_doc_para(r->doc, cli_tr("none_found", lang)); continue; }
    if (section_defs[i].figure >= 0 && (section_defs[i].figure != CLI_FIG_CONTROL || r->have[S_LIMITS]) &&
        (section_defs[i].figure != CLI_FIG_JOINPOINT || jp_drawable(r)))
      figure(r, section_defs[i].figure);   /* captioned by its own full titles */
    if (section_defs[i].sentences) bullets(r, section_defs[i].sentences, k == S_TWOWAY ? (const void *)&r->twoway : &r->anoms);
    cli_records rec = section_records(r, k);
    table_out(r, section_defs[i].table, title, &rec);
  }
  cli_doc_heading(r->doc, 2, cli_tr("sec_audit", lang));
  cli_doc_para(r->doc, cli_tr("audit_intro", lang));
  if (r->have[S_AUDIT]) audit_section(r, "audit", &r->audit, r->all.has_area);
  if (r->have_audit_text) {
    cli_doc_heading(r->doc, 2, cli_tr("sec_audit_text", lang));
    audit_section(r, "audit-text", &r->audit_text, 0);
  }
}

static void methods(rep *r)
{
  static const char *const refs[] = { "ref_rates", "ref_change", "ref_trend", "ref_variance", "ref_anom", "ref_audit",
                                      "ref_jp_issue21" };
  const size_t n = sizeof refs / sizeof refs[0];
  const char *items[sizeof refs / sizeof refs[0]];
  for (size_t k = 0; k < n; k++)
    items[k] = !strcmp(refs[k], "ref_variance") && r->o->variance == PT_AN_VAR_BINOMIAL ? cli_tr("ref_variance_off", r->o->lang)
                                                                                      : cli_tr(refs[k], r->o->lang);
  cli_doc_heading(r->doc, 2, cli_tr("sec_methods", r->o->lang));
  cli_doc_bullets(r->doc, n, items);
}

/* The whole document; the findings go first but are chosen last, from the
 * results, so they are built into their own list and inserted. */
static int build_doc(rep *r)
{
  const char *lang = r->o->lang;
  char title[PATH_MAX + 64];
  if (r->o->title) snprintf(title, sizeof title, "%s", r->o->title);
  else snprintf(title, sizeof title, "%s: %s", cli_tr("report_title", lang), r->input);
  if (!(r->doc = cli_doc_new(lang, title))) return EX_OSERR;
  if (!(r->summary = open_memstream(&r->sumbuf, &r->sumlen))) return EX_OSERR;
  summary(r);
  if (fclose(r->summary) != 0) { r->summary = NULL; return EX_OSERR; }
  r->summary = NULL;
  cli_doc_heading(r->doc, 2, cli_tr("sec_summary", lang));
  {
    const char *items[16];
    size_t n = 0;
    char *copy = strdup(r->sumbuf ? r->sumbuf : "");
    if (!copy) return EX_OSERR;
    for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l && n < 16; l = strtok_r(NULL, "\n", &save)) items[n++] = l;
    if (n) cli_doc_bullets(r->doc, n, items);
    else cli_doc_para(r->doc, cli_tr("none_found", lang));
    free(copy);
  }
  data_section(r);
  sections(r);
  if (!r->have_gnuplot) cli_doc_para(r->doc, cli_tr("no_gnuplot", lang));
  if (*r->failed) {
    char line[1200];
    CLI_SAYS(line, sizeof line, lang, S_REP_FAILED, r->failed);
    cli_doc_heading(r->doc, 2, cli_tr("sec_problems", lang));
    cli_doc_para(r->doc, line);
  }
  methods(r);
  return 0;
}

/* ---- the directory ------------------------------------------------------------------------- */

/* The pack's temporary directory (outdir.h: beside DIR, removed on a
 * signal) and its two subdirectories. */
static int make_tdir(rep *r)
{
  char p[PATH_MAX];
  snprintf(r->tdir, sizeof r->tdir, "%s", cli_outdir_tmp(&r->od));
  snprintf(p, sizeof p, "%s/tables", r->tdir);
  if (mkdir(p, 0777)) return EX_CANTCREAT;
  snprintf(p, sizeof p, "%s/figures", r->tdir);
  if (mkdir(p, 0777)) return EX_CANTCREAT;
  return 0;
}

/* ---- the command ---------------------------------------------------------------------------- */

static int read_input(rep *r, const char *path)
{
  char *buf = NULL;
  size_t len = 0;
  int rc = cli_slurp(SUB, path, &buf, &len);
  if (rc) return rc;
  r->from_text = !looks_like_table(buf, len, &r->o->lo);
  if (r->from_text) {
    progress(r, "extracting the figures of the text");
    if (!(rc = extract_mem(r->o, r->input, buf, len, &r->all, &r->counts)) && !(rc = complete_rows(&r->all, &r->t))) {
      r->t_shared = 1;
      if (r->t.n == 0) {
        cli_err(SUB, "%s: no complete figure (count, total, unit and year) in the text", r->input);
        rc = EX_DATAERR;
      }
    }
  } else if (!(rc = read_table_mem(r->input, buf, len, &r->o->lo, &r->all))) {
    r->t = r->all;
  }
  if (!rc && r->from_text) { r->body = buf; r->body_len = len; }   /* for the audit's text rules */
  else free(buf);
  return rc;
}

static int read_text_option(rep *r)
{
  char *buf = NULL;
  size_t len = 0;
  int rc = cli_slurp(SUB, r->o->text, &buf, &len);
  if (!rc) rc = extract_mem(r->o, r->o->text, buf, len, &r->text_table, &r->text_counts);
  if (!rc) { r->text_body = buf; r->text_len = len; }
  else free(buf);
  return rc;
}

/* The findings and where the pack is, on stdout; 70 when a part is missing. */
static int announce(rep *r)
{
  const rep_opts *o = r->o;
  int rc = 0;
  if (r->sumbuf) fputs(r->sumbuf, stdout);
  if (*r->failed) {
    CLI_SAY(stdout, o->lang, S_REP_PARTIAL, o->dir, r->failed);
    rc = EX_SOFTWARE;
  } else {
    char files[256] = "";
    static const char *const names[] = { "report.md", "report.html", "report.tex", "report.docx", "tables.xlsx" };
    for (size_t k = 0; k < 5; k++)
      if (o->formats & format_names[k].bit) { if (*files) strcat(files, " "); strcat(files, names[k]); }
    CLI_SAY(stdout, o->lang, S_WRITTEN, o->dir, files);
  }
  if (fflush(stdout) != 0 && !rc) rc = EX_IOERR;
  return rc;
}

static void rep_free(rep *r)
{
  pt_an_rates_free(&r->rates);
  pt_an_change_free(&r->changes);
  pt_an_trend_free(&r->trends);
  free(r->segs);
  pt_an_anom_free(&r->anoms);
  pt_an_anom_free(&r->twoway);
  pt_an_anom_free(&r->limits);
  pt_findings_free(&r->audit);
  pt_findings_free(&r->audit_text);
  if (r->t_shared) free(r->t.rows);
  pt_table_free(&r->all);
  pt_table_free(&r->text_table);
  pt_table_free(&r->counts);
  pt_table_free(&r->text_counts);
  pt_labels_free(&r->labels);
  cli_doc_free(r->doc);
  free(r->body);
  free(r->text_body);
  free(r->sumbuf);
}

int cmd_report(int argc, char **argv)
{
  rep_opts o;
  rep r;
  char datafile[PATH_MAX], err[512];
  int first = 0, rc = parse_options(argc, argv, &o, &first);
  if (rc) { cli_extract_opts_free(&o.xo); return cli_exit(rc); }
  memset(&r, 0, sizeof r);
  r.o = &o;
  r.have_gnuplot = 1;
  pt_table_init(&r.all);
  pt_table_init(&r.text_table);
  pt_table_init(&r.counts);
  pt_table_init(&r.text_counts);
  pt_findings_init(&r.audit);
  pt_findings_init(&r.audit_text);
  const char *path = first < argc ? argv[first] : cli_data_file("quangbinh-antt-2013-2017.csv", datafile, sizeof datafile);
  if (!path) { cli_err(SUB, "cannot find the bundled dataset (set PROPTREND_DATADIR, or name FILE)"); return EX_NOINPUT; }
  r.input = first < argc ? (strcmp(path, "-") ? path : "stdin") : "quangbinh-antt-2013-2017.csv";
  /* DIR first: refused (73) before any input is read when it is not ours */
  const char *ins[] = { path, o.text, NULL };
  if ((rc = cli_outdir_begin(&r.od, o.dir, ins))) { cli_err(SUB, "%s", r.od.err); return rc; }
  r.od_begun = 1;
  cli_input_guard(cli_outdir_guard, &r.od);
  if ((rc = cli_read_labels(SUB, o.xo.labels_path, &r.labels))) goto done;
  if ((rc = read_input(&r, path)) || (o.text && (rc = read_text_option(&r)))) goto done;
  if ((rc = make_tdir(&r))) goto done;
  run_analyses(&r);
  progress(&r, "writing the report");
  if ((rc = build_doc(&r))) goto done;
  if ((rc = cli_doc_write(r.doc, o.formats, r.tdir, err, sizeof err))) { cli_err(SUB, "%s", err); goto done; }
  cli_input_guard(NULL, NULL);
  if ((rc = cli_outdir_commit(&r.od))) { cli_err(SUB, "%s", r.od.err); goto done; }
  r.od_begun = 0;
  rc = announce(&r);
done:
  cli_input_guard(NULL, NULL);
  if (r.od_begun) cli_outdir_abort(&r.od);
  if (rc == EX_CANTCREAT) cli_err(SUB, "could not write the report; \"%s\" is unchanged", o.dir);
  rep_free(&r);
  cli_extract_opts_free(&o.xo);
  return rc;
}
