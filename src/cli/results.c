/* results.c - the library's typed results written as tables: one path for
 * every subcommand (see cli.h). */
#include <config.h>

#include "cli.h"
#include "proptrend/error.h"

int cli_emit_records(const char *sub, const cli_common *cm, const char *input, const cli_records *r)
{
  cli_out out;
  const char *inputs[] = { input, NULL };
  int rc = cli_out_open(sub, &out, cm->output, inputs);
  if (rc) return rc;
  pt_emitter *e = pt_fields_emitter(cm->fmt, r->fields, r->nfields, r->has_area);
  if (!e) rc = EX_OSERR;
  for (size_t i = 0; i < r->n && !rc; i++) {
    const void *rec = (const char *)r->recs + i * r->stride;
    if (r->keep && !r->keep(rec, r->ctx)) continue;
    if (pt_fields_row(e, r->fields, r->nfields, r->has_area, rec) != PT_SUCCESS) rc = EX_OSERR;
  }
  return cli_emit_commit(sub, e, &out, rc);
}

int cli_lib_err(const char *sub, const char *input, int st)
{
  switch (st) {
  case PT_ENOMEM: cli_err(sub, "out of memory"); return EX_OSERR;
  case PT_EIO: cli_err(sub, "%s: read error", input); return EX_IOERR;
  default: cli_err(sub, "%s: %s", input, pt_strerror(st)); return EX_SOFTWARE;
  }
}
