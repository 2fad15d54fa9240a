/* results.c - the library's typed results written as tables: one path for
 * every subcommand (see cli.h). */
#include <config.h>

#include "cli.h"
#include "proptrend/error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- machine formats on several threads ----------------------------------
 *
 * A table made on several threads (rates --threads) is also written on them:
 * its rows are cut into chunks of CHUNK_ROWS, and in each round every thread
 * formats one chunk into memory (an emitter of rows only, on an
 * open_memstream), which this thread then appends in order to the table's
 * own streaming emitter.  Memory stays a chunk a thread; the bytes are those
 * of one thread (tests/cli/rates.sh compares them). */
#define CHUNK_ROWS 8192
#define MAX_FMT_THREADS 64

typedef struct fmt_chunk {
  const cli_records *r;     /* its part */
  size_t from, to;          /* rows of the part */
  size_t before;            /* rows of the table before it */
  const cli_records *r0;    /* the columns */
  pt_format fmt;
  char *text;
  size_t len;
  int st;
} fmt_chunk;

static void *chunk_format(void *arg)
{
  fmt_chunk *c = arg;
  FILE *m = open_memstream(&c->text, &c->len);
  pt_emitter *e = m ? pt_fields_emitter(c->fmt, c->r0->fields, c->r0->nfields, c->r0->has_area) : NULL;
  c->st = e ? pt_emitter_stream_rows(e, m, c->before) : PT_ENOMEM;
  for (size_t i = c->from; i < c->to && c->st == PT_SUCCESS; i++)
    c->st = pt_fields_row(e, c->r0->fields, c->r0->nfields, c->r0->has_area,
                          (const char *)c->r->recs + i * c->r->stride);
  if (c->st == PT_SUCCESS) c->st = pt_emitter_write(e, m);
  pt_emitter_free(e);
  if (m && fclose(m) && c->st == PT_SUCCESS) c->st = PT_ENOMEM;
  if (!m) c->text = NULL;
  return NULL;
}

/* Rows of parts through e on nthreads threads (no row filter); a status. */
static int emit_parallel(pt_emitter *e, pt_format fmt, const cli_records *parts, size_t nparts, int nthreads)
{
  fmt_chunk ch[MAX_FMT_THREADS];
  pthread_t tid[MAX_FMT_THREADS];
  size_t k = 0, at = 0, before = 0;
  int st = PT_SUCCESS;
  while (st == PT_SUCCESS && k < nparts) {
    int nc = 0;   /* this round's chunks */
    for (; nc < nthreads && k < nparts; nc++) {
      size_t to = at + CHUNK_ROWS < parts[k].n ? at + CHUNK_ROWS : parts[k].n;
      ch[nc] = (fmt_chunk){ &parts[k], at, to, before, &parts[0], fmt, NULL, 0, PT_SUCCESS };
      before += to - at;
      at = to;
      if (at == parts[k].n) { k++; at = 0; }
    }
    int started[MAX_FMT_THREADS] = { 0 };
    for (int j = 1; j < nc; j++) started[j] = pthread_create(&tid[j], NULL, chunk_format, &ch[j]) == 0;
    chunk_format(&ch[0]);
    for (int j = 1; j < nc; j++) {
      if (started[j]) pthread_join(tid[j], NULL);
      else chunk_format(&ch[j]);
    }
    for (int j = 0; j < nc; j++) {
      if (st == PT_SUCCESS) st = ch[j].st;
      if (st == PT_SUCCESS) st = pt_emitter_append(e, ch[j].text, ch[j].len, ch[j].to - ch[j].from);
      free(ch[j].text);
    }
  }
  return st;
}

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
  int machine = cm->fmt == PT_FMT_CSV || cm->fmt == PT_FMT_TSV || cm->fmt == PT_FMT_JSON, filtered = 0;
  for (size_t k = 0; k < nparts; k++) filtered |= parts[k].keep != NULL;
  if (nparts > 1 && machine && !filtered && r0->nfields <= 64) {
    if (st == PT_SUCCESS) st = emit_parallel(e, cm->fmt, parts, nparts, nparts > MAX_FMT_THREADS ? MAX_FMT_THREADS : (int)nparts);
    nparts = 0;
  }
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
