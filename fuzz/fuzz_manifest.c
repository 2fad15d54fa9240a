/* fuzz_manifest.c - libFuzzer harness for the report directory's manifest
 * reader (src/cli/outdir.c, issue 19).  Each input becomes the
 * .proptrend-manifest of a directory holding "a" (bytes "x") and "sub/b"
 * (empty).  Property: no crash or sanitizer report, and the directory is
 * accepted as replaceable only if the input lists exactly those three
 * entries (any order, any hashes that match). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* one translation unit: the module and the cleanup table it uses */
#include "../src/cli/cleanup.c"
#include "../src/cli/outdir.c"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc; (void)argv;
  char d[] = "/tmp/fuzz_manifest.XXXXXX";
  if (!mkdtemp(d) || chdir(d) != 0 || mkdir("rep", 0777) != 0 || mkdir("rep/sub", 0777) != 0) abort();
  FILE *f = fopen("rep/a", "w");
  if (!f || fputs("x", f) < 0 || fclose(f) != 0) abort();
  f = fopen("rep/sub/b", "w");
  if (!f || fclose(f) != 0) abort();
  return 0;
}

/* Does the manifest hold line (a whole line)? */
static int has_line(const char *m, const char *line)
{
  size_t n = strlen(line);
  for (const char *p = m; (p = strstr(p, line)); p++)
    if ((p == m || p[-1] == '\n') && p[n] == '\n') return 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 8192) return 0;
  FILE *f = fopen("rep/" CLI_OUTDIR_MANIFEST, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
  cli_outdir od;
  int rc = cli_outdir_check(&od, "rep", NULL);
  if (rc == 0) {
    char *m = malloc(size + 1);
    if (!m) abort();
    memcpy(m, data, size);
    m[size] = '\0';
    /* FNV-1a 64 of "x" and of nothing */
    if (!has_line(m, "d sub") || !has_line(m, "f 1 af63f54c86021707 a") || !has_line(m, "f 0 cbf29ce484222325 sub/b"))
      abort();
    free(m);
    free(od.dir);
    old_free(&od);
  } else if (od.err[0] == '\0') abort();   /* every refusal says why */
  return 0;
}
