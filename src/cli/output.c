/* output.c - outputs that never replace anything they did not create
 * (see cli.h, "Output").
 *
 * A regular file is written to a temporary file beside it (beside the real
 * file when the name is a symbolic link) and renamed into place; a
 * character device, a FIFO or a standard-stream link (/dev/stdout) is
 * written in place and never renamed over; a block device, a socket or a
 * directory is refused.  Every input the process reads is registered by
 * device and inode, and an output that is one of them is refused before
 * anything is written; the temporary file is removed on SIGINT, SIGTERM
 * and SIGHUP (cleanup.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "proptrend/error.h"

/* ---- the registry of inputs and pending outputs --------------------------- */

typedef struct ident {
  dev_t dev;
  ino_t ino;
  char *name;
} ident;

static ident *inputs;
static size_t ninputs, capinputs;
/* Outputs not yet committed: slot 0 is the one named by the last -o
 * (declared before any input is read), the others are open cli_outs. */
#define NPENDING 32
static ident pending[NPENDING];
static int pending_used[NPENDING];

static cli_input_guard_fn guard_fn;
static void *guard_ctx;

void cli_input_guard(cli_input_guard_fn fn, void *ctx)
{
  guard_fn = fn;
  guard_ctx = ctx;
}

static int same(const ident *a, const struct stat *st) { return a->dev == st->st_dev && a->ino == st->st_ino; }

static int refuse(const char *sub, const char *out)
{
  cli_err(sub, "refusing to overwrite the input \"%s\"", out);
  return EX_CANTCREAT;
}

static int remember_input(const char *sub, const struct stat *st, const char *name)
{
  for (size_t i = 0; i < ninputs; i++)
    if (same(&inputs[i], st)) return 0;
  if (ninputs == capinputs) {
    size_t cap = capinputs ? capinputs * 2 : 16;
    ident *n = realloc(inputs, cap * sizeof *n);
    if (!n) { cli_err(sub, "out of memory"); return EX_OSERR; }
    inputs = n;
    capinputs = cap;
  }
  char *copy = strdup(name);
  if (!copy) { cli_err(sub, "out of memory"); return EX_OSERR; }
  inputs[ninputs++] = (ident){ st->st_dev, st->st_ino, copy };
  return 0;
}

static int check_input(const char *sub, const struct stat *st, const char *name)
{
  for (int i = 0; i < NPENDING; i++)
    if (pending_used[i] && same(&pending[i], st)) return refuse(sub, pending[i].name);
  if (guard_fn) {
    char why[PATH_MAX + 256];
    int rc = guard_fn(guard_ctx, name, st, why, sizeof why);
    if (rc) { cli_err(sub, "%s", why); return rc; }
  }
  return remember_input(sub, st, name);
}

int cli_input_register_fd(const char *sub, int fd, const char *name)
{
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;   /* pipes and devices are not replaced */
  return check_input(sub, &st, name);
}

int cli_input_register(const char *sub, const char *path)
{
  if (!path) return 0;
  if (!strcmp(path, "-")) return cli_input_register_fd(sub, STDIN_FILENO, "-");
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;   /* the reader reports a missing file */
  return check_input(sub, &st, path);
}

const char *const *cli_inputs(void)
{
  static const char **list;
  const char **n = realloc(list, (ninputs + 1) * sizeof *n);
  if (!n) return NULL;
  list = n;
  for (size_t i = 0; i < ninputs; i++) list[i] = inputs[i].name;
  list[ninputs] = NULL;
  return list;
}

static int input_named(const struct stat *st)
{
  for (size_t i = 0; i < ninputs; i++)
    if (same(&inputs[i], st)) return 1;
  return 0;
}

/* The bundled labels: read by extract, audit and every Vietnamese text
 * without being named, so never a place to write to. */
static int is_bundled_labels(const struct stat *st)
{
  const char *dirs[3] = { getenv("PROPTREND_DATADIR"), PT_PKGDATADIR "/datasets", PT_SRCDIR "/datasets" };
  char p[PATH_MAX];
  struct stat ls;
  for (size_t i = 0; i < 3; i++) {
    if (!dirs[i] || !*dirs[i]) continue;
    snprintf(p, sizeof p, "%s/labels.csv", dirs[i]);
    if (stat(p, &ls) == 0 && ls.st_dev == st->st_dev && ls.st_ino == st->st_ino) return 1;
  }
  return 0;
}

static void pending_set(int i, const struct stat *st, const char *name)
{
  free(pending[i].name);
  pending[i] = (ident){ st->st_dev, st->st_ino, strdup(name) };
  pending_used[i] = pending[i].name != NULL;
}

static void pending_clear(int i)
{
  if (i < 0 || i >= NPENDING) return;
  /* the -o declared for this output is settled with it */
  if (i > 0 && pending_used[0] && pending_used[i] && pending[0].dev == pending[i].dev &&
      pending[0].ino == pending[i].ino)
    pending_clear(0);
  free(pending[i].name);
  pending[i].name = NULL;
  pending_used[i] = 0;
}

/* ---- where an output goes ------------------------------------------------ */

enum target_kind { T_NEW, T_REGULAR, T_IN_PLACE };

/* Does the directory of path lie in /proc (the /dev/stdout and /dev/fd/N
 * links end there)?  Then the name is a stream of ours, written in place. */
static int in_proc(const char *path)
{
  char d[PATH_MAX], r[PATH_MAX];
  snprintf(d, sizeof d, "%s", path);
  char *slash = strrchr(d, '/');
  if (!slash) return 0;
  if (slash == d) slash[1] = '\0'; else *slash = '\0';
  return realpath(d, r) && !strncmp(r, "/proc/", 6);
}

/* Follow symbolic links by hand (so a link into /proc is seen) to the
 * name that will be replaced; real gets that name. */
static int resolve(const char *sub, const char *path, char *real, size_t cap, struct stat *st, enum target_kind *kind)
{
  char cur[PATH_MAX];
  if (snprintf(cur, sizeof cur, "%s", path) >= (int)sizeof cur) {
    cli_err(sub, "cannot create \"%s\": %s", path, strerror(ENAMETOOLONG));
    return EX_CANTCREAT;
  }
  for (int hops = 0;; hops++) {
    if (in_proc(cur)) { *kind = T_IN_PLACE; break; }
    if (lstat(cur, st) != 0) {
      if (errno != ENOENT || hops > 0) {
        cli_err(sub, "cannot create \"%s\": %s", path, strerror(hops > 0 && errno == ENOENT ? ENOENT : errno));
        return EX_CANTCREAT;
      }
      *kind = T_NEW;
      break;
    }
    if (!S_ISLNK(st->st_mode)) { *kind = S_ISREG(st->st_mode) ? T_REGULAR : T_IN_PLACE; break; }
    if (hops >= 40) { cli_err(sub, "cannot create \"%s\": %s", path, strerror(ELOOP)); return EX_CANTCREAT; }
    char link[PATH_MAX], next[PATH_MAX * 2];
    ssize_t n = readlink(cur, link, sizeof link - 1);
    if (n < 0) { cli_err(sub, "cannot create \"%s\": %s", path, strerror(errno)); return EX_CANTCREAT; }
    link[n] = '\0';
    const char *slash = strrchr(cur, '/');
    if (link[0] == '/' || !slash) snprintf(next, sizeof next, "%s", link);
    else snprintf(next, sizeof next, "%.*s/%s", (int)(slash - cur), cur, link);
    if (strlen(next) >= sizeof cur) { cli_err(sub, "cannot create \"%s\": %s", path, strerror(ENAMETOOLONG)); return EX_CANTCREAT; }
    memcpy(cur, next, strlen(next) + 1);
  }
  if (*kind == T_IN_PLACE && stat(cur, st) != 0) {
    cli_err(sub, "cannot write \"%s\": %s", path, strerror(errno));
    return EX_CANTCREAT;
  }
  snprintf(real, cap, "%s", cur);
  return 0;
}

/* Kinds of file never written to, with the reason. */
static const char *unwritable(const struct stat *st)
{
  if (S_ISDIR(st->st_mode)) return "is a directory";
  if (S_ISBLK(st->st_mode)) return "is a block device: not writing a table onto a disk";
  if (S_ISSOCK(st->st_mode)) return "is a socket";
  return NULL;
}

/* The directory that will hold the new file must exist and be writable. */
static int parent_ok(const char *sub, const char *path, const char *real)
{
  char d[PATH_MAX];
  struct stat st;
  snprintf(d, sizeof d, "%s", real);
  char *slash = strrchr(d, '/');
  if (!slash) snprintf(d, sizeof d, ".");
  else if (slash == d) slash[1] = '\0';
  else *slash = '\0';
  if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
    int e = errno;
    cli_err(sub, "cannot create \"%s\": %s", path, strerror(access(d, F_OK) == 0 ? ENOTDIR : e));
    return EX_CANTCREAT;
  }
  if (access(d, W_OK | X_OK) != 0) {
    cli_err(sub, "cannot create \"%s\": %s", path, strerror(errno));
    return EX_CANTCREAT;
  }
  return 0;
}

/* Everything that can be said about an output before it is created. */
static int check_target(const char *sub, const char *path, char *real, size_t cap, struct stat *st,
                        enum target_kind *kind)
{
  size_t n = strlen(path);
  if (n == 0 || path[n - 1] == '/') {
    cli_err(sub, "cannot create \"%s\": %s", path, strerror(n ? EISDIR : ENOENT));
    return EX_CANTCREAT;
  }
  int rc = resolve(sub, path, real, cap, st, kind);
  if (rc) return rc;
  const char *why = *kind == T_NEW ? NULL : unwritable(st);
  if (why) { cli_err(sub, "cannot write \"%s\": it %s", path, why); return EX_CANTCREAT; }
  if (*kind == T_REGULAR && (input_named(st) || is_bundled_labels(st))) return refuse(sub, path);
  if (*kind != T_IN_PLACE) return parent_ok(sub, path, real);
  return 0;
}

int cli_output_declare(const char *sub, const char *path)
{
  char real[PATH_MAX];
  struct stat st;
  enum target_kind kind;
  pending_clear(0);
  if (!path || !strcmp(path, "-")) return 0;
  int rc = check_target(sub, path, real, sizeof real, &st, &kind);
  if (!rc && kind == T_REGULAR) pending_set(0, &st, path);
  return rc;
}

/* ---- open, commit, abort ------------------------------------------------ */

/* "BASE.tmp.XXXXXX" beside real (cleanup.h: within NAME_MAX). */
static char *temp_name(const char *real)
{
  size_t cap = strlen(real) + sizeof ".tmp.XXXXXX";
  char *t = malloc(cap);
  if (t && cli_tmp_prefix(real, t, cap) == 0) strcat(t, "XXXXXX");
  else { free(t); t = NULL; }
  return t;
}

static mode_t user_mode(void)
{
  mode_t m = umask(0);
  umask(m);
  return 0666 & ~m;
}

static int open_in_place(const char *sub, cli_out *o, const char *path, const struct stat *st)
{
  /* a regular file behind /dev/stdout: the shell opened it; add to it */
  int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (S_ISREG(st->st_mode) ? O_APPEND : 0));
  if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
    cli_err(sub, "cannot write \"%s\": %s", path, strerror(errno));
    if (fd >= 0) close(fd);
    cli_out_abort(o);
    return EX_CANTCREAT;
  }
  o->in_place = 1;
  return 0;
}

static int open_temp(const char *sub, cli_out *o, const char *path, const struct stat *st, enum target_kind kind)
{
  int fd = mkstemp(o->tmp);
  if (fd < 0) {
    cli_err(sub, "cannot create \"%s\": %s", path, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    cli_out_abort(o);
    return EX_CANTCREAT;
  }
  o->slot = cli_cleanup_add(o->tmp, 0);
  /* a replaced file keeps its permissions (and, for root, its owner); a
   * new one gets what the user's umask allows */
  if (kind == T_REGULAR) {
    fchmod(fd, st->st_mode & 0777);
    if (geteuid() == 0 && fchown(fd, st->st_uid, st->st_gid) != 0) { /* keep root's */ }
  } else fchmod(fd, user_mode());
  if (!(o->f = fdopen(fd, "w"))) {
    close(fd);
    cli_out_abort(o);
    cli_err(sub, "cannot create \"%s\": %s", path, strerror(errno));
    return EX_CANTCREAT;
  }
  return 0;
}

int cli_out_open(const char *sub, cli_out *o, const char *path, const char *const *inputs_)
{
  char real[PATH_MAX];
  struct stat st;
  enum target_kind kind;
  int rc;
  memset(o, 0, sizeof *o);
  o->slot = o->pending = -1;
  if (!path || strcmp(path, "-") == 0) { o->f = stdout; return 0; }
  for (const char *const *in = inputs_; in && *in; in++)
    if ((rc = cli_input_register(sub, *in))) return rc;
  if ((rc = check_target(sub, path, real, sizeof real, &st, &kind))) return rc;
  if (!(o->path = strdup(real))) { cli_err(sub, "out of memory"); return EX_OSERR; }
  if (kind == T_IN_PLACE) return open_in_place(sub, o, path, &st);
  if (!(o->tmp = temp_name(real))) { cli_out_abort(o); cli_err(sub, "out of memory"); return EX_OSERR; }
  if ((rc = open_temp(sub, o, path, &st, kind))) return rc;
  if (kind == T_REGULAR)
    for (int i = 1; i < NPENDING; i++)
      if (!pending_used[i]) { pending_set(i, &st, path); o->pending = i; break; }
  return 0;
}

/* Flush and close; 0 or the errno of the first failure. */
static int finish(FILE *f, int sync)
{
  int e = 0;
  if (fflush(f) != 0 || ferror(f)) e = errno ? errno : EIO;
  if (!e && sync && fsync(fileno(f)) != 0) e = errno;
  if (fclose(f) != 0 && !e) e = errno;
  return e;
}

int cli_out_commit(const char *sub, cli_out *o)
{
  if (o->f == stdout) {
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
      cli_err(sub, "error writing standard output: %s", strerror(errno ? errno : EIO));
      return EX_IOERR;
    }
    return 0;
  }
  errno = 0;
  int e = finish(o->f, !o->in_place);
  o->f = NULL;
  if (e) {
    cli_err(sub, "cannot write \"%s\": %s", o->path, strerror(e));
    cli_out_abort(o);
    return EX_IOERR;
  }
  if (!o->in_place && rename(o->tmp, o->path) != 0) {
    cli_err(sub, "cannot create \"%s\": %s", o->path, strerror(errno));
    cli_out_abort(o);
    return EX_CANTCREAT;
  }
  cli_cleanup_remove(o->slot);
  pending_clear(o->pending);
  free(o->tmp);
  free(o->path);
  memset(o, 0, sizeof *o);
  o->slot = o->pending = -1;
  return 0;
}

void cli_out_abort(cli_out *o)
{
  if (o->f && o->f != stdout) fclose(o->f);
  if (o->tmp) unlink(o->tmp);
  if (o->path) { cli_cleanup_remove(o->slot); pending_clear(o->pending); }
  free(o->tmp);
  free(o->path);
  memset(o, 0, sizeof *o);
  o->slot = o->pending = -1;
}

/* Write e to out and commit; a failed write names the output and why
 * (EFBIG beyond ulimit -f, ENOSPC). */
static int cli_emit_write(const char *sub, pt_emitter *e, cli_out *out)
{
  errno = 0;
  if (pt_emitter_write(e, out->f) != PT_SUCCESS) {
    int err = errno ? errno : EIO;
    cli_err(sub, "cannot write \"%s\": %s", out->path ? out->path : "standard output", strerror(err));
    cli_out_abort(out);
    return EX_IOERR;
  }
  return cli_out_commit(sub, out);
}

int cli_write_table(const char *sub, pt_emitter *e, const char *output, const char *input)
{
  cli_out out;
  const char *in[] = { input, NULL };
  int rc = cli_out_open(sub, &out, output, in);
  if (rc) return rc;
  return cli_emit_write(sub, e, &out);
}

int cli_emit_commit(const char *sub, pt_emitter *e, cli_out *out, int rc)
{
  if (!e && !rc) rc = EX_OSERR;
  if (!rc) rc = cli_emit_write(sub, e, out);
  else {
    cli_err(sub, rc == EX_IOERR ? "error writing output" : "out of memory");
    cli_out_abort(out);
  }
  pt_emitter_free(e);
  return rc;
}
