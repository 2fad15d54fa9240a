/* audit.c - proptrend audit: consistency rules over a tidy table, or over the
 * figures extracted from a report's text (--text). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit_text.h"
#include "cli.h"
#include "opts.h"
#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static const char *const SUB = "audit";

/* The text again, for the rules that need its paragraphs and "of which"
 * (the figures come from cli_extract_text).  Standard input cannot be read
 * twice: then NULL, and figures with no year are compared within their line. */
static char *read_again(const char *path, size_t *len)
{
  FILE *f;
  char *b = NULL;
  long n;
  if (!strcmp(path, "-") || !(f = fopen(path, "rb"))) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (b = malloc((size_t)n + 1)) && fread(b, 1, (size_t)n, f) == (size_t)n) {
    b[n] = '\0';
    *len = (size_t)n;
  } else {
    free(b);
    b = NULL;
  }
  fclose(f);
  return b;
}

static int parse_severity(const char *s, pt_severity *out)
{
  if (!strcmp(s, "error")) *out = PT_SEV_ERROR;
  else if (!strcmp(s, "warning")) *out = PT_SEV_WARNING;
  else if (!strcmp(s, "note")) *out = PT_SEV_NOTE;
  else return -1;
  return 0;
}

/* ---- findings as records and sentences (shared with the report) --------------------- */

#define AR(m, nm, ty, role, def) { nm, ty, offsetof(cli_audit_rec, m), -1, 0, role, def, NULL, 0 }
static const pt_field audit_fields[] = {
  AR(rule, "rule", PT_FT_STR, PT_ROLE_TEXT, -1),
  AR(severity, "severity", PT_FT_STR, PT_ROLE_TEXT, -1),
  { "area", PT_FT_STR, offsetof(cli_audit_rec, area), -1, 0, PT_ROLE_TEXT, -1, NULL, PT_FIELD_AREA },
  AR(group, "group", PT_FT_STR, PT_ROLE_TEXT, -1),
  AR(stage, "stage", PT_FT_STR, PT_ROLE_TEXT, -1),
  AR(period, "period", PT_FT_LONG, PT_ROLE_PERIOD, (long)offsetof(cli_audit_rec, has_period)),
  AR(line, "line", PT_FT_LONG, PT_ROLE_NUMBER, (long)offsetof(cli_audit_rec, has_line)),
  AR(message, "message", PT_FT_STR, PT_ROLE_TEXT, -1),
};
const pt_field *const cli_audit_fields = audit_fields;
const size_t cli_audit_nfields = sizeof audit_fields / sizeof audit_fields[0];

int cli_audit_records(const pt_findings *f, const char *lang, cli_audit_rec **out)
{
  cli_audit_rec *v = calloc(f->n ? f->n : 1, sizeof *v);
  if (!v) return EX_OSERR;
  for (size_t i = 0; i < f->n; i++) {
    const pt_finding *x = &f->items[i];
    cli_audit_rec *r = &v[i];
    r->rule = pt_audit_rule_name(x->rule);
    r->severity = pt_severity_name(x->severity);
    r->area = x->area; r->group = x->group; r->stage = x->stage;
    r->period = x->period; r->has_period = x->has_period;
    r->line = (long)x->line; r->has_line = x->line != 0;
    cli_audit_sentence(r->msg, sizeof r->msg, x, lang);
    r->message = r->msg;
  }
  *out = v;
  return 0;
}

void cli_audit_finding(FILE *out, const pt_finding *x, const char *lang, const pt_labels *lb)
{
  char key[3 * PT_LABEL_MAX + 64] = "", msg[2048];
  if (x->group) cli_series(key, sizeof key, lb, lang, x->area, x->group, x->stage);
  else if (x->area || x->stage)
    snprintf(key, sizeof key, "%s%s%s", x->area ? x->area : "", x->area && x->stage ? " " : "", x->stage ? x->stage : "");
  fputs(key, out);
  if (x->has_period) fprintf(out, "%s%ld", *key ? " " : "", x->period);
  fputs(*key || x->has_period ? ": " : "", out);
  cli_audit_sentence(msg, sizeof msg, x, lang);
  cli_say_numbers(out, lang, msg);   /* decimal commas in Vietnamese */
}

void cli_audit_counts(const pt_findings *f, size_t count[3])
{
  count[0] = count[1] = count[2] = 0;
  for (size_t i = 0; i < f->n; i++) count[f->items[i].severity]++;
}

void cli_audit_total(char *buf, size_t cap, const pt_findings *f, size_t nrows, const char *lang)
{
  size_t c[3];
  int vi = !strcmp(lang, "vi");
  cli_audit_counts(f, c);
  CLI_SAYS(buf, cap, lang, S_AUDIT_TOTAL, c[PT_SEV_ERROR], c[PT_SEV_ERROR] == 1 || vi ? "" : "s", c[PT_SEV_WARNING],
           c[PT_SEV_WARNING] == 1 || vi ? "" : "s", c[PT_SEV_NOTE], c[PT_SEV_NOTE] == 1 || vi ? "" : "s", nrows);
}

void cli_audit_lines(FILE *out, const char *name, const pt_findings *f, size_t nrows, const char *lang,
                     const pt_labels *lb)
{
  static const char *const sev_key[] = { "w_note", "w_warning", "w_error" };
  char total[256];
  for (size_t i = 0; i < f->n; i++) {
    const pt_finding *x = &f->items[i];
    if (x->line) fprintf(out, "%s:%lu: ", name, x->line);
    else fprintf(out, "%s: ", name);
    fprintf(out, "%s: [%s] ", cli_tr(sev_key[x->severity], lang), pt_audit_rule_name(x->rule));
    cli_audit_finding(out, x, lang, lb);
    fputc('\n', out);
  }
  cli_audit_total(total, sizeof total, f, nrows, lang);
  fputs(total, out);
}

/* ---- options ---------------------------------------------------------------------- */

typedef struct stage_list {
  char *buf;
  const char **names;
  size_t n;
} stage_list;

typedef struct audit_args {
  cli_common cm;
  cli_extract_opts xo;
  pt_audit_opts ao;
  const char *text;
  stage_list stages;
  int fail;
  pt_severity fail_on;
} audit_args;

/* "A,B,...": two or more stage names, earliest first. */
static int parse_stages(const char *arg, void *dst)
{
  stage_list *l = dst;
  size_t n = 1;
  for (const char *p = arg; *p; p++) n += *p == ',';
  free(l->buf);
  free(l->names);
  l->buf = strdup(arg);
  l->names = calloc(n, sizeof *l->names);
  l->n = 0;
  if (!l->buf || !l->names) return -1;
  for (char *save = NULL, *tok = strtok_r(l->buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) l->names[l->n++] = tok;
  return l->n < 2 ? -1 : 0;
}

static int parse_repfmt(const char *arg, void *dst)
{
  pt_numfmt f;
  if (!strcmp(arg, "auto")) *(int *)dst = -1;
  else if (pt_numfmt_from_name(arg, &f) == 0) *(int *)dst = (int)f;
  else return -1;
  return 0;
}

static int parse_fail_on(const char *arg, void *dst)
{
  audit_args *a = (audit_args *)((char *)dst - offsetof(audit_args, fail_on));
  if (parse_severity(arg, &a->fail_on)) return -1;
  a->fail = 1;
  return 0;
}

static const cli_opt audit_opts[] = {
  CLI_STR("text", 't', "REPORT", audit_args, text,
          "extract the figures of REPORT (see 'proptrend extract')\nand audit them, citing text lines: every figure, an\n"
          "unmapped unit keyed by its phrase, a figure with no\nyear compared within its paragraph; what could not be\n"
          "checked is counted, by reason ('unchecked' notes)"),
  CLI_FN("stages", 0, "A,B,...", audit_args, stages, parse_stages, "two or more stage names", 0,
         "stage order, earliest first (default: registered\nbefore recognized, in English or Vietnamese names)"),
  CLI_DOUBLE("max-total-change", 0, "R", audit_args, ao.max_total_change, 0, 1e300, CLI_OPEN_LOW,
             "a positive fraction, e.g. 0.10", "period-denominator threshold (default 0.10)"),
  CLI_FN("reported-format", 0, "F", audit_args, ao.reported_fmt, parse_repfmt, "auto, plain, vi or en", 0,
         "auto (default), plain, vi or en"),
  CLI_FN("fail-on", 0, "S", audit_args, fail_on, parse_fail_on, "error, warning or note", 0,
         "exit 1 when there is a finding of severity S or worse\n(error, warning or note); default: exit 0 whenever the\naudit ran"),
};
static const cli_optset audit_sets[] = {
  CLI_SET(NULL, audit_opts, 0), CLI_COMMON_SET(audit_args, cm), CLI_TABLE_SET(audit_args, cm),
  { "Reading a report's text (--text):", cli_extract_opt_table, 0, offsetof(audit_args, xo) }, CLI_HELP_SET,
};
static const cli_spec audit_spec = {
  "audit",
  "Usage: proptrend audit [OPTION]... FILE\n"
  "       proptrend audit [OPTION]... --text REPORT.txt\n"
  "Check the figures of a tidy table (or of a report's text) for consistency:\n"
  "printed percentages against their counts under every rounding convention,\n"
  "the document's own rounding habit, impossible values, stage order and\n"
  "denominators, repeated and missing figures.  The table is read leniently:\n"
  "what 'rates' refuses (count > total, total 0, duplicate keys, a percentage\n"
  "without a count) becomes a finding.\n"
  "\n"
  "Rules: pct-mismatch convention count-exceeds-total zero-total duplicate-key\n"
  "       stage-order stage-denominator period-denominator repeated-figure\n"
  "       missing impossible-percentage other-base shared-total implied-base\n"
  "       and, with --text: parts-whole breakdown-sum unchecked\n",
  "CSV columns: rule,severity,[area,]group,stage,period,line,message\n",
  audit_sets, sizeof audit_sets / sizeof audit_sets[0], 0, 1, "missing FILE",
};

typedef struct audit_text_ctx {
  const char *input;
  const pt_findings *f;
  size_t nrows;
} audit_text_ctx;

static void audit_text(FILE *out, const char *lang, const pt_labels *lb, const void *ctx)
{
  const audit_text_ctx *c = ctx;
  cli_audit_lines(out, c->input, c->f, c->nrows, lang, lb);
}

static int audit_emit(const audit_args *a, const char *input, const pt_table *t, const pt_findings *f)
{
  if (a->cm.fmt == PT_FMT_TEXT) {
    audit_text_ctx tc = { input, f, t->n };
    return cli_emit_text(SUB, &a->cm, input, audit_text, &tc);
  }
  cli_audit_rec *recs = NULL;
  int rc = cli_audit_records(f, a->cm.lang, &recs);
  if (!rc) {
    cli_records r = { cli_audit_fields, cli_audit_nfields, t->has_area, recs, sizeof *recs, f->n, NULL, NULL };
    rc = cli_emit_records(SUB, &a->cm, input, &r);
  }
  free(recs);
  return rc;
}

/* extract's own table: every row's source is "NAME:LINE:COL".  Its rows
 * are audited as the text's figures (audit --text), so that `extract |
 * audit` and `audit --text` agree. */
static int extracted_table(const pt_table *t)
{
  if (!t->n) return 0;
  for (size_t i = 0; i < t->n; i++) {
    const char *s = t->rows[i].source, *p;
    unsigned long line, col;
    char tail;
    if (!s || !(p = strrchr(s, ':'))) return 0;
    while (p > s && p[-1] >= '0' && p[-1] <= '9') p--;   /* back over LINE to its ':' */
    if (p == s || p[-1] != ':' || sscanf(p, "%lu:%lu%c", &line, &col, &tail) < 2 || !line || !col) return 0;
  }
  return 1;
}

/* extract's table carries no flags: a group that is no group code of the
 * labels (--labels, else the bundled file) is a unit phrase extract could
 * not map, flagged as audit --text flags it (--unit's codes are not known
 * here, so the pipeline may check less, never more). */
static int flag_unmapped(const audit_args *a, pt_table *t)
{
  pt_labels lb;
  int rc = cli_read_labels(SUB, a->xo.labels_path, &lb);
  if (rc) return rc;
  for (size_t i = 0; i < t->n; i++) {
    pt_row *r = &t->rows[i];
    size_t k = 0;
    while (k < lb.n && !(strcmp(lb.items[k].kind, "group") == 0 && strcmp(lb.items[k].code, r->group) == 0)) k++;
    if (*r->group && k == lb.n) r->flags |= PT_ROW_UNMAPPED;
  }
  pt_labels_free(&lb);
  return 0;
}

/* The audit of a table, with a text's body for the rules that need it. */
static int audit_run(audit_args *a, const char *input, pt_table *t, pt_findings *f)
{
  char *body = NULL;
  pt_table counts;   /* the text's bare counts: parts a "trong đó" list may hold */
  a->cm.lo.lenient = 1;
  pt_table_init(&counts);
  int rc = a->text ? cli_extract_text_with(SUB, a->text, &a->xo, t, &counts, 0) : cli_read_table(SUB, input, &a->cm.lo, t);
  if (rc) return rc;
  if (a->stages.n) { a->ao.stages = a->stages.names; a->ao.nstages = a->stages.n; }
  if (!a->text && extracted_table(t)) {
    a->ao.extracted = 1;
    if ((rc = flag_unmapped(a, t))) { pt_table_free(t); return rc; }
  }
  if (a->text) {
    a->ao.extracted = 1;
    a->ao.text = body = read_again(a->text, &a->ao.text_len);
    a->ao.counts = &counts;
  }
  int st = pt_audit(t, &a->ao, f);
  a->ao.counts = NULL;
  pt_table_free(&counts);
  free(body);
  return st ? cli_lib_err(SUB, input, st) : 0;
}

int cmd_audit(int argc, char **argv)
{
  audit_args a;
  pt_table t;
  pt_findings f;
  int first = 0, rc;
  memset(&a, 0, sizeof a);
  cli_common_init(&a.cm);
  cli_extract_opts_init(&a.xo);
  pt_audit_opts_init(&a.ao);
  a.fail_on = PT_SEV_ERROR;
  pt_table_init(&t);
  pt_findings_init(&f);
  if ((rc = cli_parse(&audit_spec, argc, argv, &a, &first))) goto done;
  if (first + (a.text ? 0 : 1) != argc) {
    rc = cli_usage_err(SUB, a.text ? "FILE and --text exclude each other" : "too many arguments");
    goto done;
  }
  const char *input = a.text ? a.text : argv[first];
  if (!(rc = audit_run(&a, input, &t, &f)) && !(rc = audit_emit(&a, input, &t, &f)) && a.fail) {
    size_t c[3];
    cli_audit_counts(&f, c);
    for (int s = a.fail_on; s <= PT_SEV_ERROR; s++) if (c[s]) rc = 1;
  }
done:
  pt_findings_free(&f);
  pt_table_free(&t);
  cli_extract_opts_free(&a.xo);
  free(a.stages.buf);
  free(a.stages.names);
  return cli_exit(rc);
}
