/* outdir.h - a report directory that replaces only what proptrend wrote.
 *
 * report -o DIR writes every file into a temporary directory beside DIR
 * and, when the run succeeded, puts it in DIR's place in one step
 * (renameat2 RENAME_EXCHANGE; rename when DIR is new), then removes the
 * old contents.  An existing DIR is replaced only if it holds a manifest,
 * .proptrend-manifest, written by an earlier report, and the manifest
 * lists exactly what is there: every directory, and every regular file
 * with its size and FNV-1a 64-bit hash of its bytes (Fowler, Noll and Vo,
 * IETF draft-eastlake-fnv; a check against edits and additions, not
 * against an adversary who writes manifests).  Anything else - a file not
 * listed, a changed or missing file, a symbolic link, no manifest in a
 * non-empty directory - is refused with EX_CANTCREAT and a message naming
 * the file.  An empty directory may be replaced.  So are never: "", "/",
 * ".", "..", a name ending in "/." or "/..", the working directory or one
 * of its ancestors, a mount point, a symbolic link.  A trailing slash is
 * allowed ("rep/").
 *
 * An input of the run must not lie inside the old contents (compared by
 * device and inode): cli_outdir_begin checks the inputs it is given, and
 * cli_outdir_guard, installed with cli_input_guard (cli.h), checks every
 * input the run registers later.  The check is made again at commit.
 *
 * The temporary directory is named DIR.tmp.XXXXXX (DIR's name cut to fit
 * NAME_MAX), created with the user's umask, registered for removal on
 * SIGINT, SIGTERM and SIGHUP (cleanup.h), and holds .proptrend-pid while
 * the run lasts: begin removes DIR.tmp.* directories of runs that no
 * longer exist (killed by SIGKILL).
 *
 * Functions return 0 or an exit status of <sysexits.h> (EX_CANTCREAT,
 * EX_IOERR, EX_OSERR) with a one-line message in od->err; they print
 * nothing.
 *
 * Ownership: a cli_outdir owns its strings and its list of the old
 * contents; cli_outdir_commit or cli_outdir_abort frees them (each may be
 * called once after a successful begin; abort after a failed begin or
 * commit is a no-op).  Paths returned through buf belong to the caller.
 */
#ifndef PROPTREND_CLI_OUTDIR_H
#define PROPTREND_CLI_OUTDIR_H

#include <limits.h>
#include <stddef.h>
#include <sys/stat.h>

#define CLI_OUTDIR_MANIFEST ".proptrend-manifest"

typedef struct cli_outdir_id {
  dev_t dev;
  ino_t ino;
  char *name;          /* relative to DIR */
} cli_outdir_id;

typedef struct cli_outdir {
  char *dir;           /* DIR without trailing slashes */
  char *tmp;           /* the temporary directory, NULL before begin */
  int replace;         /* DIR exists (verified) */
  int slot;            /* cleanup slot of tmp */
  cli_outdir_id *old;  /* what DIR holds now */
  size_t nold;
  char err[PATH_MAX + 256];
} cli_outdir;

/* Check DIR and the inputs (NULL-terminated paths, may be NULL) without
 * creating anything: call it before any work. */
int cli_outdir_check(cli_outdir *od, const char *dir, const char *const *inputs);
/* cli_outdir_check, then create the temporary directory. */
int cli_outdir_begin(cli_outdir *od, const char *dir, const char *const *inputs);
/* The temporary directory files are written into (valid until commit). */
const char *cli_outdir_tmp(const cli_outdir *od);
/* The path in the temporary directory for rel ("tables/rates.csv"),
 * creating the directories it lies in; 0 or an exit status. */
int cli_outdir_file(cli_outdir *od, const char *rel, char *buf, size_t cap);
/* 0 when the file st (named path) is not part of DIR's old contents;
 * otherwise EX_CANTCREAT with a message in why.  Signature of
 * cli_input_guard_fn (cli.h): ctx is the cli_outdir. */
int cli_outdir_guard(void *ctx, const char *path, const struct stat *st, char *why, size_t cap);
/* Write the manifest of what the temporary directory holds, verify DIR
 * again, put the new directory in its place and remove the old one. */
int cli_outdir_commit(cli_outdir *od);
/* Remove the temporary directory; DIR is left as it was. */
void cli_outdir_abort(cli_outdir *od);

#endif
