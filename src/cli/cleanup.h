/* cleanup.h - temporary files and directories removed when a signal ends
 * the run.
 *
 * A fixed table of paths (no allocation, so the handler may read it while
 * the main program changes it).  The handler for SIGINT, SIGTERM and
 * SIGHUP unlinks every registered file, removes every registered
 * directory tree (open/getdents64/unlinkat only: async-signal-safe), then
 * restores the default action and re-raises the signal, so the parent
 * still sees "killed by SIGTERM".  A signal the run inherited as ignored
 * (nohup) stays ignored.  SIGXFSZ gets a handler that only returns, so a
 * write beyond RLIMIT_FSIZE fails with EFBIG and the ordinary error path
 * (exit 74) removes the temporary file.
 *
 * Ownership: the table holds copies of the paths; the caller keeps its
 * own strings.  Slots are process-wide; cli_cleanup_remove() after the
 * temporary file was renamed into place or removed.
 */
#ifndef PROPTREND_CLI_CLEANUP_H
#define PROPTREND_CLI_CLEANUP_H

#include <stddef.h>

/* Register path (is_dir: a whole tree) and install the handlers (once).
 * Returns a slot number >= 0, or -1 when the table is full or the path is
 * too long (then nothing is removed on a signal; the caller goes on). */
int cli_cleanup_add(const char *path, int is_dir);
/* Forget a slot (a negative slot is ignored). */
void cli_cleanup_remove(int slot);
/* Remove a directory tree without following symbolic links, with the
 * async-signal-safe walker the handler uses.  0, or -1 with errno. */
int cli_cleanup_rmtree(const char *path);

/* "PATH.tmp." into buf, PATH's last component cut (at a UTF-8 character)
 * so that the name with six more characters (mkstemp's, mkdtemp's
 * XXXXXX) stays within NAME_MAX: temporary names beside a 250-character
 * file name work.  -1 if buf is too small. */
int cli_tmp_prefix(const char *path, char *buf, size_t cap);

#endif
