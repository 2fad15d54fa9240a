/* common.c - shared CLI plumbing (see cli.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "proptrend/error.h"
#include "proptrend/num.h"

static void vmsg(const char *sub, const char *fmt, va_list ap)
{
  fputs("proptrend: ", stderr);
  if (sub) fprintf(stderr, "%s: ", sub);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

void cli_err(const char *sub, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vmsg(sub, fmt, ap);
  va_end(ap);
}

int cli_usage_err(const char *sub, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vmsg(sub, fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try 'proptrend %s%s--help' for more information.\n", sub ? sub : "", sub ? " " : "");
  return EX_USAGE;
}


void cli_print_diag(const char *name, const pt_diag *g, unsigned long line)
{
  if (line && g->col) fprintf(stderr, "%s:%lu:%lu: %s\n", name, line, g->col, g->message);
  else if (line) fprintf(stderr, "%s:%lu: %s\n", name, line, g->message);
  else fprintf(stderr, "%s: %s\n", name, g->message);
}

void cli_print_diags(const char *name, const pt_diags *d)
{
  for (size_t i = 0; i < d->n; i++) cli_print_diag(name, &d->items[i], d->items[i].line);
  if (d->truncated) fprintf(stderr, "%s: too many errors; stopped after %zu\n", name, d->n);
}

int cli_read_table(const char *sub, const char *path, const pt_load_opts *o, pt_table *t)
{
  FILE *in;
  int rc = 0;
  const char *name = path;
  struct stat sb;

  if (strcmp(path, "-") == 0) {
    in = stdin;
    if ((rc = cli_input_register_fd(sub, STDIN_FILENO, "-"))) return rc;
  } else {
    in = fopen(path, "rb");
    if (!in) {
      cli_err(sub, "cannot open \"%s\": %s", path, strerror(errno));
      return EX_NOINPUT;
    }
    if (fstat(fileno(in), &sb) == 0 && S_ISDIR(sb.st_mode)) {
      cli_err(sub, "cannot read \"%s\": %s", path, strerror(EISDIR));
      fclose(in);
      return EX_NOINPUT;
    }
    if ((rc = cli_input_register_fd(sub, fileno(in), path))) { fclose(in); return rc; }
  }
  rc = cli_read_table_stream(sub, name, in, o, t);
  if (in != stdin) fclose(in);
  return rc;
}

/* The table of an open stream (a file, stdin, or a buffer the report
 * already holds), its diagnostics under name: one mapping of the reader's
 * statuses to exit codes.  On failure t is freed. */
int cli_read_table_stream(const char *sub, const char *name, FILE *in, const pt_load_opts *o, pt_table *t)
{
  pt_diags d;
  int rc = 0, st;
  pt_diags_init(&d);
  pt_table_init(t);
  st = pt_table_read(in, o, t, &d);
  cli_print_diags(name, &d);
  switch (st) {
  case PT_SUCCESS: break;
  case PT_EDATA: rc = EX_DATAERR; break;
  case PT_EIO: cli_err(sub, "error reading \"%s\": %s", name, strerror(errno)); rc = EX_IOERR; break;
  case PT_ENOMEM: cli_err(sub, "out of memory reading \"%s\"", name); rc = EX_OSERR; break;
  default: cli_err(sub, "reading \"%s\": %s", name, pt_strerror(st)); rc = EX_SOFTWARE; break;
  }
  pt_diags_free(&d);
  if (rc) pt_table_free(t);
  return rc;
}


pt_format cli_default_format(void)
{
  return isatty(STDOUT_FILENO) ? PT_FMT_TEXT : PT_FMT_CSV;
}


void cli_common_init(cli_common *cm)
{
  pt_load_opts_init(&cm->lo);
  cm->fmt = cli_default_format();
  cm->level = 0.95;
  cm->output = NULL;
  cm->lang = "en";
}


int cli_exit(int r) { return r == CLI_DONE ? 0 : r; }

int cli_slurp(const char *sub, const char *path, char **out, size_t *len)
{
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  size_t cap = 65536, n = 0;
  struct stat sb;
  char *b;
  if (!f) { cli_err(sub, "cannot open \"%s\": %s", path, strerror(errno)); return EX_NOINPUT; }
  if (f != stdin && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
    cli_err(sub, "cannot read \"%s\": %s", path, strerror(EISDIR));
    fclose(f);
    return EX_NOINPUT;
  }
  int reg = cli_input_register_fd(sub, fileno(f), path);   /* never an input overwritten (issue 19) */
  if (reg) { if (f != stdin) fclose(f); return reg; }
  if (!(b = malloc(cap + 1))) { if (f != stdin) fclose(f); return EX_OSERR; }
  for (;;) {
    size_t r = fread(b + n, 1, cap - n, f);
    n += r;
    if (n < cap) break;
    if (cap >= CLI_SLURP_MAX) {
      free(b);
      if (f != stdin) fclose(f);
      cli_err(sub, "\"%s\" is larger than %zu MiB", path, (size_t)(CLI_SLURP_MAX >> 20));
      return EX_DATAERR;
    }
    char *nb = realloc(b, cap * 2 + 1);
    if (!nb) { free(b); if (f != stdin) fclose(f); return EX_OSERR; }
    b = nb;
    cap *= 2;
  }
  int err = ferror(f);
  if (f != stdin) fclose(f);
  if (err) { free(b); cli_err(sub, "error reading \"%s\"", path); return EX_IOERR; }
  b[n] = '\0';
  *out = b;
  *len = n;
  return 0;
}
