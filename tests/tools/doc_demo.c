/* doc_demo - writes the sample review pack (tests/tools/doc_sample.h) in
 * every format, for tests/cli/doc.sh to open with xelatex, LibreOffice and
 * Chromium.  Usage: doc_demo DIR en|vi */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "doc.h"
#include "doc_sample.h"

int main(int argc, char **argv)
{
  if (argc != 3) { fprintf(stderr, "usage: doc_demo DIR en|vi\n"); return 64; }
  cli_doc *d = sample_doc(argv[2], argv[1]);
  if (!d) { fprintf(stderr, "doc_demo: cannot build the sample in %s\n", argv[1]); return 70; }
  char err[512];
  int rc = cli_doc_write(d, CLI_DOC_MD | CLI_DOC_HTML | CLI_DOC_TEX | CLI_DOC_DOCX | CLI_DOC_XLSX, argv[1], err, sizeof err);
  if (rc) fprintf(stderr, "doc_demo: %s\n", err);
  cli_doc_free(d);
  return rc;
}
