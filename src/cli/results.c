/* results.c - the library's typed results written as tables: one path for
 * every subcommand (see cli.h). */
#include <config.h>

#include "cli.h"
#include "proptrend/error.h"

#include <string.h>

int cli_emit_parts(const char *sub, const cli_common *cm, const char *input, const cli_records *parts,
                   size_t nparts)
{
  cli_out out;
  const char *inputs[] = { input, NULL };
  int rc = cli_out_open(sub, &out, cm->output, inputs);
  if (rc) return rc;
  const cli_records *r0 = &parts[0];
  pt_emitter *e = pt_fields_emitter(cm->fmt, r0->fields, r0->nfields, r0->has_area);
  /* csv, tsv, json: each row written as it is made, none kept */
  int st = e ? pt_emitter_stream(e, out.f) : PT_ENOMEM;
  for (size_t k = 0; k < nparts; k++) {
    const cli_records *r = &parts[k];
    for (size_t i = 0; i < r->n && st == PT_SUCCESS; i++) {
      const void *rec = (const char *)r->recs + i * r->stride;
      if (r->keep && !r->keep(rec, r->ctx)) continue;
      st = pt_fields_row(e, r0->fields, r0->nfields, r0->has_area, rec);
    }
  }
  if (st == PT_EIO) rc = EX_IOERR;
  else if (st != PT_SUCCESS) rc = EX_OSERR;
  return cli_emit_commit(sub, e, &out, rc);
}

int cli_emit_records(const char *sub, const cli_common *cm, const char *input, const cli_records *r)
{
  return cli_emit_parts(sub, cm, input, r, 1);
}

int cli_emit_text(const char *sub, const cli_common *cm, const char *input, cli_text_fn fn, const void *ctx)
{
  cli_out out;
  const char *inputs[] = { input, NULL };
  pt_labels lb;
  int vi = !strcmp(cm->lang, "vi"), rc;
  /* the output first: a bad -o is said before the labels are read */
  if ((rc = cli_out_open(sub, &out, cm->output, inputs))) return rc;
  if (vi && (rc = cli_read_labels(sub, NULL, &lb))) { cli_out_abort(&out); return rc; }
  fn(out.f, cm->lang, vi ? &lb : NULL, ctx);
  if (vi) pt_labels_free(&lb);
  return cli_out_commit(sub, &out);
}

int cli_lib_err(const char *sub, const char *input, int st)
{
  switch (st) {
  case PT_ENOMEM: cli_err(sub, "out of memory"); return EX_OSERR;
  case PT_EIO: cli_err(sub, "%s: read error", input); return EX_IOERR;
  default: cli_err(sub, "%s: %s", input, pt_strerror(st)); return EX_SOFTWARE;
  }
}

void cli_disp_sentence(FILE *out, const pt_an_disp *d, int variance, const char *lang, const pt_labels *lb)
{
  const char *stage = lb ? pt_labels_get(lb, "stage", d->stage, lang) : d->stage;
  const pt_dispersion *x = &d->d;
  const char *model = cli_tr(x->model == PT_DISP_MODEL_TREND ? "val_own_trend" : "val_own_mean", lang);
  if (d->laney) CLI_SAY(out, lang, S_LANEY, stage, d->sigma_z, d->nranges);
  else if (variance == PT_AN_VAR_BINOMIAL) CLI_SAY(out, lang, S_DISP_OFF, stage);
  else if (d->status == PT_EUNDEF) CLI_SAY(out, lang, S_DISP_FEW, stage);
  else if (x->method == PT_DISP_BINOMIAL) CLI_SAY(out, lang, S_DISP_BINOMIAL, stage, x->phi_raw, x->df);
  else if (x->method == PT_DISP_WILLIAMS)
    CLI_SAY(out, lang, S_DISP_WILLIAMS, stage, x->rho, x->phi, x->nbar, x->nseries, x->df, model, x->df);
  else CLI_SAY(out, lang, S_DISP_QUASI, stage, x->phi, x->nseries, x->df, model, x->df);
}
