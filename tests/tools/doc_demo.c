/* doc_demo - writes the sample review pack (tests/tools/doc_sample.h) in
 * every format, for tests/cli/doc.sh to open with xelatex, LibreOffice and
 * Chromium.  Each NAME=FIG.svg adds a real figure (its PNG beside it,
 * FIG.png, copied into DIR/figures when it exists), to look at the
 * renderers with what the report draws.
 * Usage: doc_demo DIR en|vi [NAME=FIG.svg]... */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "doc_sample.h"

static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *s = NULL;
  size_t n = 0, cap = 0, got;
  do {
    if (n + 65536 > cap) {
      char *ns = realloc(s, cap = n + 65536 + 1);
      if (!ns) { free(s); fclose(f); return NULL; }
      s = ns;
    }
  } while ((got = fread(s + n, 1, 65536, f)) > 0 && (n += got));
  fclose(f);
  s[n] = '\0';
  *len = n;
  return s;
}

/* NAME=FIG.svg: the SVG inline, FIG.png copied to DIR/figures/NAME.png. */
static int add_figure(cli_doc *d, const char *dir, const char *arg)
{
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg) return -1;
  char name[64], png[4096], dst[4096], rel[128];
  snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
  size_t svglen, pnglen;
  char *svg = slurp(eq + 1, &svglen);
  if (!svg) return -1;
  snprintf(png, sizeof png, "%.*s.png", (int)(strlen(eq + 1) - 4), eq + 1);
  char *pd = slurp(png, &pnglen);
  if (pd) {
    snprintf(dst, sizeof dst, "%s/figures/%s.png", dir, name);
    FILE *f = fopen(dst, "wb");
    if (f) { fwrite(pd, 1, pnglen, f); fclose(f); }
    free(pd);
  }
  snprintf(rel, sizeof rel, "figures/%s.png", name);
  int rc = cli_doc_figure(d, name, name, svg, svglen, pd ? rel : NULL);
  free(svg);
  return rc;
}

int main(int argc, char **argv)
{
  if (argc < 3) { fprintf(stderr, "usage: doc_demo DIR en|vi [NAME=FIG.svg]...\n"); return 64; }
  cli_doc *d = sample_doc(argv[2], argv[1]);
  if (!d) { fprintf(stderr, "doc_demo: cannot build the sample in %s\n", argv[1]); return 70; }
  for (int i = 3; i < argc; i++)
    if (add_figure(d, argv[1], argv[i])) { fprintf(stderr, "doc_demo: %s: cannot add the figure\n", argv[i]); cli_doc_free(d); return 66; }
  char err[512];
  int rc = cli_doc_write(d, CLI_DOC_MD | CLI_DOC_HTML | CLI_DOC_TEX | CLI_DOC_DOCX | CLI_DOC_XLSX, argv[1], err, sizeof err);
  if (rc) fprintf(stderr, "doc_demo: %s\n", err);
  cli_doc_free(d);
  return rc;
}
