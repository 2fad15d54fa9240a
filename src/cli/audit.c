/* audit.c - proptrend audit: consistency rules over a tidy table, or over the
 * figures extracted from a report's text (--text). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit_text.h"
#include "cli.h"
#include "proptrend/audit.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static const char *const SUB = "audit";

static void help(void)
{
  printf("Usage: proptrend audit [OPTION]... FILE\n"
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
         "       and, with --text: parts-whole breakdown-sum unchecked\n"
         "\n"
         "  -t, --text REPORT     extract the figures of REPORT (see 'proptrend extract')\n"
         "                        and audit them, citing text lines: every figure, an\n"
         "                        unmapped unit keyed by its phrase, a figure with no\n"
         "                        year compared within its paragraph; what could not be\n"
         "                        checked is counted, by reason ('unchecked' notes)\n"
         "      --stages A,B,...  stage order, earliest first (default: registered\n"
         "                        before recognized when both are present)\n"
         "      --max-total-change R  period-denominator threshold (default 0.10)\n"
         "      --reported-format F   auto (default), plain, vi or en\n"
         "      --fail-on S       exit 1 when there is a finding of severity S or worse\n"
         "                        (error, warning or note); default: exit 0 whenever the\n"
         "                        audit ran\n"
         "  -f, --format F        text (default on a terminal), csv, tsv, markdown,\n"
         "                        latex, json\n"
         "  -o, --output FILE     write to FILE (complete or not at all)\n"
         "      --lang L          with -f text: sentences in en (default) or vi\n"
         "%s"
         "  -h, --help            display this help and exit\n"
         "\n"
         "CSV columns: rule,severity,[area,]group,stage,period,line,message\n",
         CLI_TABLE_HELP);
}

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

int cmd_audit(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "text", required_argument, NULL, 't' },
    { "stages", required_argument, NULL, 'S' },
    { "max-total-change", required_argument, NULL, 'M' },
    { "reported-format", required_argument, NULL, 'R' },
    { "fail-on", required_argument, NULL, 'F' },
    CLI_COMMON_LONGOPTS,
    { NULL, 0, NULL, 0 }
  };
  cli_common cm;
  pt_audit_opts ao;
  const char *text = NULL;
  char *stages_buf = NULL;
  const char **stages = NULL;
  pt_severity fail_on = PT_SEV_ERROR;
  int fail = 0, c, rc = 0;

  cli_common_init(&cm);
  pt_audit_opts_init(&ao);
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, CLI_SHORTOPTS("t:"), longopts, NULL)) != -1) {
    switch (c) {
    case 't': text = optarg; break;
    case 'S': {
      free(stages_buf);
      free(stages);
      stages_buf = strdup(optarg);
      size_t n = 1;
      for (const char *p = optarg; *p; p++) n += *p == ',';
      stages = calloc(n, sizeof *stages);
      if (!stages_buf || !stages) { cli_err(SUB, "out of memory"); rc = EX_OSERR; goto done; }
      n = 0;
      for (char *tok = strtok(stages_buf, ","); tok; tok = strtok(NULL, ",")) stages[n++] = tok;
      if (n < 2) { rc = cli_usage_err(SUB, "invalid --stages \"%s\": two or more stage names", optarg); goto done; }
      ao.stages = stages;
      ao.nstages = n;
      break;
    }
    case 'M': {
      double v;
      if (pt_num_parse_double(optarg, &v) != PT_NUM_OK || !(v > 0)) {
        rc = cli_usage_err(SUB, "invalid --max-total-change \"%s\": a positive fraction, e.g. 0.10", optarg);
        goto done;
      }
      ao.max_total_change = v;
      break;
    }
    case 'R': {
      pt_numfmt f;
      if (!strcmp(optarg, "auto")) ao.reported_fmt = -1;
      else if (pt_numfmt_from_name(optarg, &f) == 0) ao.reported_fmt = (int)f;
      else { rc = cli_usage_err(SUB, "invalid --reported-format \"%s\": auto, plain, vi or en", optarg); goto done; }
      break;
    }
    case 'F':
      if (parse_severity(optarg, &fail_on) != 0) {
        rc = cli_usage_err(SUB, "invalid --fail-on \"%s\": error, warning or note", optarg);
        goto done;
      }
      fail = 1;
      break;
    default:
      if ((rc = cli_common_option(SUB, c, argv, &cm, help))) { rc = cli_exit(rc); goto done; }
    }
  }
  if (optind + (text ? 0 : 1) != argc) {
    rc = cli_usage_err(SUB, text ? "FILE and --text exclude each other" :
                            optind == argc ? "missing FILE" : "too many arguments");
    goto done;
  }

  pt_table t;
  const char *input = text ? text : argv[optind];
  cm.lo.lenient = 1;
  if (text) rc = cli_extract_text(SUB, text, &cm.lo, &t, 0);
  else rc = cli_read_table(SUB, input, &cm.lo, &t);
  if (rc) goto done;

  pt_findings f;
  pt_findings_init(&f);
  char *body = NULL;
  if (text) {
    ao.extracted = 1;
    ao.text = body = read_again(text, &ao.text_len);
  }
  rc = pt_audit(&t, &ao, &f);
  free(body);
  if (rc != PT_SUCCESS) {
    cli_err(SUB, "%s", pt_strerror(rc));
    rc = EX_OSERR;
    pt_table_free(&t);
    goto done;
  }
  char msg[2048];
  size_t count[3] = { 0, 0, 0 };
  for (size_t i = 0; i < f.n; i++) count[f.items[i].severity]++;

  cli_out out;
  const char *inputs[] = { input, NULL };
  if ((rc = cli_out_open(SUB, &out, cm.output, inputs))) goto free_all;
  if (cm.fmt == PT_FMT_TEXT) {
    pt_labels lb;
    int vi = !strcmp(cm.lang, "vi");
    if (vi && (rc = cli_read_labels(SUB, NULL, &lb))) { cli_out_abort(&out); goto free_all; }
    for (size_t i = 0; i < f.n; i++) {
      const pt_finding *x = &f.items[i];
      if (x->line) fprintf(out.f, "%s:%lu: ", input, x->line);
      else fprintf(out.f, "%s: ", input);
      static const char *const sev_key[] = { "w_note", "w_warning", "w_error" };
      fprintf(out.f, "%s: [%s] ", x->severity <= PT_SEV_ERROR ? cli_tr(sev_key[x->severity], cm.lang)
                                                             : pt_severity_name(x->severity), pt_audit_rule_name(x->rule));
      int any = 0;
      char key[3 * PT_LABEL_MAX + 64] = "";
      if (x->group) cli_series(key, sizeof key, vi ? &lb : NULL, cm.lang, x->area, x->group, x->stage);
      else if (x->area || x->stage)
        snprintf(key, sizeof key, "%s%s%s", x->area ? x->area : "", x->area && x->stage ? " " : "", x->stage ? x->stage : "");
      if (*key) { fputs(key, out.f); any = 1; }
      if (x->has_period) { fprintf(out.f, "%s%ld", any ? " " : "", x->period); any = 1; }
      fputs(any ? ": " : "", out.f);
      cli_audit_sentence(msg, sizeof msg, x, cm.lang);
      cli_say_numbers(out.f, cm.lang, msg);   /* decimal commas in Vietnamese */
      fputc('\n', out.f);
    }
    if (vi) pt_labels_free(&lb);
    cli_say(out.f, cm.lang, "s_audit_total",
            count[PT_SEV_ERROR], count[PT_SEV_ERROR] == 1 || vi ? "" : "s",
            count[PT_SEV_WARNING], count[PT_SEV_WARNING] == 1 || vi ? "" : "s",
            count[PT_SEV_NOTE], count[PT_SEV_NOTE] == 1 || vi ? "" : "s", t.n);
  } else {
    pt_column cols[8];
    size_t nc = 0;
    cols[nc++] = (pt_column){ "rule", -1, 0, 0 };
    cols[nc++] = (pt_column){ "severity", -1, 0, 0 };
    if (t.has_area) cols[nc++] = (pt_column){ "area", -1, 0, 0 };
    cols[nc++] = (pt_column){ "group", -1, 0, 0 };
    cols[nc++] = (pt_column){ "stage", -1, 0, 0 };
    cols[nc++] = (pt_column){ "period", -1, 0, 0 };
    cols[nc++] = (pt_column){ "line", -1, 0, 0 };
    cols[nc++] = (pt_column){ "message", -1, 0, 0 };
    pt_emitter *e = pt_emitter_new(cm.fmt, cols, nc);
    if (!e) rc = EX_OSERR;
    for (size_t i = 0; i < f.n && !rc; i++) {
      const pt_finding *x = &f.items[i];
      pt_cell v[8];
      size_t k = 0;
      v[k++] = pt_cell_text(pt_audit_rule_name(x->rule));
      v[k++] = pt_cell_text(pt_severity_name(x->severity));
      if (t.has_area) v[k++] = pt_cell_text(x->area);
      v[k++] = pt_cell_text(x->group);
      v[k++] = pt_cell_text(x->stage);
      v[k++] = x->has_period ? pt_cell_int(x->period) : pt_cell_empty();
      v[k++] = x->line ? pt_cell_int((long long)x->line) : pt_cell_empty();
      cli_audit_sentence(msg, sizeof msg, x, cm.lang);
      v[k++] = pt_cell_text(msg);
      if (pt_emitter_row(e, v) != PT_SUCCESS) rc = EX_OSERR;
    }
    if (!rc && pt_emitter_write(e, out.f) != PT_SUCCESS) rc = EX_IOERR;
    if (rc) cli_err(SUB, rc == EX_IOERR ? "error writing output" : "out of memory");
    pt_emitter_free(e);
  }
  if (rc) cli_out_abort(&out);
  else rc = cli_out_commit(SUB, &out);
  if (!rc && fail)
    for (int s = fail_on; s <= PT_SEV_ERROR; s++)
      if (count[s]) rc = 1;

free_all:
  pt_findings_free(&f);
  pt_table_free(&t);
done:
  free(stages_buf);
  free(stages);
  return rc;
}
