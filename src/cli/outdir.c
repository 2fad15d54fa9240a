/* outdir.c - a report directory that replaces only what proptrend wrote
 * (see outdir.h). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cleanup.h"
#include "outdir.h"

#define PIDFILE ".proptrend-pid"
#define HEADER "proptrend-manifest 1\n"

static int fail(cli_outdir *od, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(cli_outdir *od, int rc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(od->err, sizeof od->err, fmt, ap);
  va_end(ap);
  return rc;
}

/* ---- the manifest --------------------------------------------------------- */

typedef struct entry {
  char type;           /* 'd' or 'f' */
  uint64_t size, hash;
  char *name;
  int seen;
} entry;

typedef struct entries {
  entry *v;
  size_t n, cap;
} entries;

static void entries_free(entries *e)
{
  for (size_t i = 0; i < e->n; i++) free(e->v[i].name);
  free(e->v);
  memset(e, 0, sizeof *e);
}

static int entries_add(entries *e, char type, uint64_t size, uint64_t hash, const char *name)
{
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 32;
    entry *v = realloc(e->v, cap * sizeof *v);
    if (!v) return -1;
    e->v = v;
    e->cap = cap;
  }
  char *copy = strdup(name);
  if (!copy) return -1;
  e->v[e->n++] = (entry){ type, size, hash, copy, 0 };
  return 0;
}

static entry *entries_find(entries *e, const char *name)
{
  for (size_t i = 0; i < e->n; i++)
    if (!strcmp(e->v[i].name, name)) return &e->v[i];
  return NULL;
}

/* FNV-1a, 64 bits, of a file's bytes; -1 if it cannot be read. */
static int hash_file(int dfd, const char *name, uint64_t *h)
{
  int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  unsigned char buf[65536];
  ssize_t n;
  if (fd < 0) return -1;
  *h = 14695981039346656037ULL;
  while ((n = read(fd, buf, sizeof buf)) > 0)
    for (ssize_t i = 0; i < n; i++) *h = (*h ^ buf[i]) * 1099511628211ULL;
  close(fd);
  return n < 0 ? -1 : 0;
}

/* Read DIR's manifest: 1 read, 0 none, -1 malformed or unreadable. */
static int read_manifest(int dfd, entries *e)
{
  int fd = openat(dfd, CLI_OUTDIR_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? 0 : -1;
  FILE *f = fdopen(fd, "r");
  if (!f) { close(fd); return -1; }
  char line[PATH_MAX + 64];
  int ok = fgets(line, sizeof line, f) && !strcmp(line, HEADER);
  while (ok && fgets(line, sizeof line, f)) {
    size_t len = strlen(line);
    uint64_t size = 0, hash = 0;
    int off = 0;
    if (len < 3 || line[len - 1] != '\n') { ok = 0; break; }
    line[len - 1] = '\0';
    if (line[0] == 'd' && line[1] == ' ') off = 2;
    else if (line[0] == 'f' && sscanf(line, "f %" SCNu64 " %16" SCNx64 " %n", &size, &hash, &off) == 2 && off > 0) {}
    else { ok = 0; break; }
    if (entries_add(e, line[0], size, hash, line + off)) ok = 0;
  }
  fclose(f);
  return ok ? 1 : -1;
}

/* ---- walking a directory ------------------------------------------------- */

typedef int (*visit_fn)(void *ctx, int dfd, const char *name, const char *rel, const struct stat *st);

/* Call fn for every entry under dfd (directories before their contents). */
static int walk(int dfd, const char *prefix, visit_fn fn, void *ctx, int depth)
{
  if (depth > 32) { errno = ELOOP; return -1; }
  int fd = dup(dfd);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) { if (fd >= 0) close(fd); return -1; }
  int rc = 0;
  for (struct dirent *de; !rc && (de = readdir(d));) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    char rel[PATH_MAX];
    struct stat st;
    snprintf(rel, sizeof rel, "%s%s%s", prefix, *prefix ? "/" : "", de->d_name);
    if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) { rc = -1; break; }
    rc = fn(ctx, dfd, de->d_name, rel, &st);
    if (!rc && S_ISDIR(st.st_mode)) {
      int sub = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) rc = -1;
      else { rc = walk(sub, rel, fn, ctx, depth + 1); close(sub); }
    }
  }
  closedir(d);
  return rc;
}

/* ---- verifying DIR ------------------------------------------------------- */

typedef struct verify_ctx {
  cli_outdir *od;
  entries *man;
  int have_manifest;
  int rc;
} verify_ctx;

static int remember_old(cli_outdir *od, const struct stat *st, const char *rel)
{
  cli_outdir_id *v = realloc(od->old, (od->nold + 1) * sizeof *v);
  if (!v) return -1;
  od->old = v;
  if (!(v[od->nold].name = strdup(rel))) return -1;
  v[od->nold].dev = st->st_dev;
  v[od->nold].ino = st->st_ino;
  od->nold++;
  return 0;
}

static int verify_one(void *p, int dfd, const char *name, const char *rel, const struct stat *st)
{
  verify_ctx *c = p;
  cli_outdir *od = c->od;
  if (remember_old(od, st, rel)) { c->rc = fail(od, EX_OSERR, "out of memory"); return -1; }
  if (!strcmp(rel, CLI_OUTDIR_MANIFEST) && S_ISREG(st->st_mode)) return 0;
  entry *e = c->have_manifest ? entries_find(c->man, rel) : NULL;
  const char *why = NULL;
  uint64_t h = 0;
  if (!c->have_manifest) why = "not a proptrend report (it has no " CLI_OUTDIR_MANIFEST ")";
  else if (!e) why = "not part of the proptrend report (not in its " CLI_OUTDIR_MANIFEST ")";
  else if (S_ISDIR(st->st_mode) ? e->type != 'd' : !S_ISREG(st->st_mode) || e->type != 'f') why = "not what its " CLI_OUTDIR_MANIFEST " lists";
  else if (e->type == 'f' && ((uint64_t)st->st_size != e->size || hash_file(dfd, name, &h) || h != e->hash))
    why = "changed since the report was written";
  if (why) {
    c->rc = fail(od, EX_CANTCREAT, "\"%s/%s\": %s; not replacing \"%s\"", od->dir, rel, why, od->dir);
    return -1;
  }
  e->seen = 1;
  return 0;
}

static void old_free(cli_outdir *od)
{
  for (size_t i = 0; i < od->nold; i++) free(od->old[i].name);
  free(od->old);
  od->old = NULL;
  od->nold = 0;
}

/* DIR holds exactly what its manifest lists (or nothing); od->old gets
 * the identity of everything in it. */
static int verify(cli_outdir *od)
{
  entries man = { 0 };
  verify_ctx c = { od, &man, 0, 0 };
  old_free(od);
  int dfd = open(od->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0) return fail(od, EX_CANTCREAT, "cannot read \"%s\": %s", od->dir, strerror(errno));
  c.have_manifest = read_manifest(dfd, &man);
  if (c.have_manifest < 0) {
    close(dfd);
    entries_free(&man);
    return fail(od, EX_CANTCREAT, "\"%s/%s\" is not a manifest proptrend can read; not replacing \"%s\"",
                od->dir, CLI_OUTDIR_MANIFEST, od->dir);
  }
  if (walk(dfd, "", verify_one, &c, 0) && !c.rc)
    c.rc = fail(od, EX_CANTCREAT, "cannot read \"%s\": %s", od->dir, strerror(errno));
  for (size_t i = 0; !c.rc && i < man.n; i++)
    if (!man.v[i].seen)
      c.rc = fail(od, EX_CANTCREAT, "\"%s/%s\" is listed in its %s but missing; not replacing \"%s\"", od->dir,
                  man.v[i].name, CLI_OUTDIR_MANIFEST, od->dir);
  close(dfd);
  entries_free(&man);
  return c.rc;
}

int cli_outdir_guard(void *ctx, const char *path, const struct stat *st, char *why, size_t cap)
{
  cli_outdir *od = ctx;
  for (size_t i = 0; i < od->nold; i++)
    if (od->old[i].dev == st->st_dev && od->old[i].ino == st->st_ino) {
      snprintf(why, cap, "the input \"%s\" is part of the earlier report \"%s\" (%s), which this run replaces; "
               "copy it elsewhere first", path, od->dir, od->old[i].name);
      return EX_CANTCREAT;
    }
  return 0;
}

static int check_inputs(cli_outdir *od, const char *const *inputs)
{
  struct stat st;
  for (const char *const *in = inputs; in && *in; in++) {
    if (!strcmp(*in, "-") ? fstat(STDIN_FILENO, &st) != 0 : stat(*in, &st) != 0) continue;
    if (cli_outdir_guard(od, *in, &st, od->err, sizeof od->err)) return EX_CANTCREAT;
  }
  return 0;
}

/* ---- the target ----------------------------------------------------------- */

/* parent of od->dir into buf; the last component's start in *base. */
static void split(const char *dir, char *parent, size_t cap, const char **base)
{
  const char *slash = strrchr(dir, '/');
  if (!slash) { snprintf(parent, cap, "."); *base = dir; }
  else if (slash == dir) { snprintf(parent, cap, "/"); *base = slash + 1; }
  else { snprintf(parent, cap, "%.*s", (int)(slash - dir), dir); *base = slash + 1; }
}

/* Is a the directory b or one of its ancestors? */
static int is_ancestor(const char *a, const char *b)
{
  char ra[PATH_MAX], rb[PATH_MAX];
  if (!realpath(a, ra) || !realpath(b, rb)) return 0;
  size_t n = strlen(ra);
  if (n == 1) return 1;   /* "/" */
  return !strncmp(ra, rb, n) && (rb[n] == '\0' || rb[n] == '/');
}

static int check_target(cli_outdir *od, const char *dir)
{
  char parent[PATH_MAX];
  const char *base;
  struct stat st, pst;
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  if (n == 0 || n >= PATH_MAX - 32) return fail(od, EX_CANTCREAT, "cannot create the report directory \"%s\"", dir);
  if (!(od->dir = strndup(dir, n))) return fail(od, EX_OSERR, "out of memory");
  split(od->dir, parent, sizeof parent, &base);
  if (!strcmp(od->dir, "/") || !*base || !strcmp(base, ".") || !strcmp(base, ".."))
    return fail(od, EX_CANTCREAT, "\"%s\" cannot be a report directory: name a new directory, e.g. \"%s/report\"", dir,
                od->dir);
  if (stat(parent, &pst) != 0 || !S_ISDIR(pst.st_mode))
    return fail(od, EX_CANTCREAT, "cannot create \"%s\": %s", od->dir, strerror(errno ? errno : ENOTDIR));
  if (access(parent, W_OK | X_OK) != 0)
    return fail(od, EX_CANTCREAT, "cannot create \"%s\": %s", od->dir, strerror(errno));
  if (lstat(od->dir, &st) != 0) {
    if (errno != ENOENT) return fail(od, EX_CANTCREAT, "cannot create \"%s\": %s", od->dir, strerror(errno));
    od->replace = 0;
    return 0;
  }
  if (S_ISLNK(st.st_mode))
    return fail(od, EX_CANTCREAT, "\"%s\" is a symbolic link: not replacing it (name the directory itself)", od->dir);
  if (!S_ISDIR(st.st_mode)) return fail(od, EX_CANTCREAT, "\"%s\" exists and is not a directory: not replacing it", od->dir);
  if (st.st_dev != pst.st_dev) return fail(od, EX_CANTCREAT, "\"%s\" is a mount point: not replacing it", od->dir);
  if (is_ancestor(od->dir, "."))
    return fail(od, EX_CANTCREAT, "\"%s\" holds the working directory: not replacing it", od->dir);
  od->replace = 1;
  return verify(od);
}

int cli_outdir_check(cli_outdir *od, const char *dir, const char *const *inputs)
{
  memset(od, 0, sizeof *od);
  od->slot = -1;
  int rc = check_target(od, dir);
  if (!rc) rc = check_inputs(od, inputs);
  if (rc) { free(od->dir); od->dir = NULL; old_free(od); }
  return rc;
}

/* ---- the temporary directory ---------------------------------------------- */

/* Remove DIR.tmp.* of runs that no longer exist (each holds its pid). */
static void clean_stale(const cli_outdir *od)
{
  char prefix[PATH_MAX], parent[PATH_MAX], p[PATH_MAX * 2];
  const char *pbase, *base;
  if (cli_tmp_prefix(od->dir, prefix, sizeof prefix)) return;
  split(prefix, parent, sizeof parent, &pbase);
  split(od->dir, p, sizeof p, &base);
  DIR *d = opendir(parent);
  if (!d) return;
  size_t plen = strlen(pbase);
  for (struct dirent *e; (e = readdir(d));) {
    if (strncmp(e->d_name, pbase, plen) || strlen(e->d_name) != plen + 6) continue;
    snprintf(p, sizeof p, "%s/%s/%s", parent, e->d_name, PIDFILE);
    FILE *f = fopen(p, "r");
    long pid = 0;
    if (!f) continue;
    int got = fscanf(f, "%ld", &pid) == 1;
    fclose(f);
    if (got && pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
      snprintf(p, sizeof p, "%s/%s", parent, e->d_name);
      cli_cleanup_rmtree(p);
    }
  }
  closedir(d);
}

int cli_outdir_begin(cli_outdir *od, const char *dir, const char *const *inputs)
{
  char t[PATH_MAX];
  int rc = cli_outdir_check(od, dir, inputs);
  if (rc) return rc;
  if (cli_tmp_prefix(od->dir, t, sizeof t)) { cli_outdir_abort(od); return fail(od, EX_CANTCREAT, "path too long"); }
  strcat(t, "XXXXXX");
  if (!(od->tmp = strdup(t))) { cli_outdir_abort(od); return fail(od, EX_OSERR, "out of memory"); }
  if (!mkdtemp(od->tmp)) {
    rc = fail(od, EX_CANTCREAT, "cannot create a directory beside \"%s\": %s", od->dir, strerror(errno));
    free(od->tmp);
    od->tmp = NULL;
    cli_outdir_abort(od);
    return rc;
  }
  od->slot = cli_cleanup_add(od->tmp, 1);
  mode_t m = umask(0);
  umask(m);
  chmod(od->tmp, 0777 & ~m);   /* mkdtemp made it 0700 */
  snprintf(t, sizeof t, "%s/%s", od->tmp, PIDFILE);
  FILE *pf = fopen(t, "w");
  if (pf) { fprintf(pf, "%ld\n", (long)getpid()); fclose(pf); }
  clean_stale(od);
  return 0;
}

const char *cli_outdir_tmp(const cli_outdir *od) { return od->tmp; }

int cli_outdir_file(cli_outdir *od, const char *rel, char *buf, size_t cap)
{
  if (!od->tmp) return fail(od, EX_SOFTWARE, "no report directory begun");
  if (!*rel || rel[0] == '/' || strstr(rel, "..") || strchr(rel, '\n'))
    return fail(od, EX_SOFTWARE, "\"%s\": not a name inside the report", rel);
  if ((size_t)snprintf(buf, cap, "%s/%s", od->tmp, rel) >= cap) return fail(od, EX_CANTCREAT, "path too long: %s", rel);
  for (char *s = buf + strlen(od->tmp) + 1; (s = strchr(s, '/')); s++) {
    *s = '\0';
    int bad = mkdir(buf, 0777) != 0 && errno != EEXIST;
    *s = '/';
    if (bad) return fail(od, EX_CANTCREAT, "cannot create \"%s\": %s", buf, strerror(errno));
  }
  return 0;
}

/* ---- commit and abort ------------------------------------------------------ */

typedef struct list_ctx {
  entries e;
  int bad;
} list_ctx;

static int list_one(void *p, int dfd, const char *name, const char *rel, const struct stat *st)
{
  list_ctx *c = p;
  uint64_t h = 0;
  if (strchr(rel, '\n')) { c->bad = EINVAL; return -1; }
  if (S_ISDIR(st->st_mode)) return entries_add(&c->e, 'd', 0, 0, rel) ? (c->bad = ENOMEM, -1) : 0;
  if (!S_ISREG(st->st_mode)) { c->bad = EINVAL; return -1; }
  if (hash_file(dfd, name, &h)) { c->bad = errno; return -1; }
  return entries_add(&c->e, 'f', (uint64_t)st->st_size, h, rel) ? (c->bad = ENOMEM, -1) : 0;
}

static int by_name(const void *a, const void *b) { return strcmp(((const entry *)a)->name, ((const entry *)b)->name); }

static int write_manifest(cli_outdir *od)
{
  list_ctx c = { { 0 }, 0 };
  int dfd = open(od->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return fail(od, EX_IOERR, "cannot read \"%s\": %s", od->tmp, strerror(errno));
  int rc = walk(dfd, "", list_one, &c, 0);
  close(dfd);
  if (rc) {
    entries_free(&c.e);
    return fail(od, EX_IOERR, "cannot list \"%s\": %s", od->tmp, strerror(c.bad ? c.bad : errno));
  }
  if (c.e.n) qsort(c.e.v, c.e.n, sizeof *c.e.v, by_name);
  char p[PATH_MAX];
  snprintf(p, sizeof p, "%s/%s", od->tmp, CLI_OUTDIR_MANIFEST);
  FILE *f = fopen(p, "w");
  if (f) {
    fputs(HEADER, f);
    for (size_t i = 0; i < c.e.n; i++) {
      if (c.e.v[i].type == 'd') fprintf(f, "d %s\n", c.e.v[i].name);
      else fprintf(f, "f %" PRIu64 " %016" PRIx64 " %s\n", c.e.v[i].size, c.e.v[i].hash, c.e.v[i].name);
    }
  }
  entries_free(&c.e);
  int bad = !f || fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
  int e = errno;
  if (f && fclose(f) != 0) bad = 1;
  return bad ? fail(od, EX_IOERR, "cannot write \"%s\": %s", p, strerror(e ? e : EIO)) : 0;
}

/* The old report into a fresh name beside it, the new one into place
 * (filesystems without RENAME_EXCHANGE). */
static int swap_by_rename(cli_outdir *od)
{
  char old[PATH_MAX];
  if (cli_tmp_prefix(od->dir, old, sizeof old)) return -1;
  strcat(old, "XXXXXX");
  if (!mkdtemp(old) || rename(od->dir, old) != 0) return -1;
  if (rename(od->tmp, od->dir) != 0) { int e = errno; rename(old, od->dir); errno = e; return -1; }
  memcpy(od->tmp, old, strlen(old) + 1);   /* same length: the old report is what tmp names now */
  return 0;
}

int cli_outdir_commit(cli_outdir *od)
{
  char p[PATH_MAX];
  int rc;
  if (!od->tmp) return fail(od, EX_SOFTWARE, "no report directory begun");
  snprintf(p, sizeof p, "%s/%s", od->tmp, PIDFILE);
  unlink(p);
  if ((rc = write_manifest(od))) { cli_outdir_abort(od); return rc; }
  if (od->replace) {
    /* what lies there may have changed while the report was computed */
    if ((rc = verify(od))) { cli_outdir_abort(od); return rc; }
    if (renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->dir, RENAME_EXCHANGE) != 0 &&
        ((errno != EINVAL && errno != ENOSYS) || swap_by_rename(od) != 0)) {
      rc = fail(od, EX_CANTCREAT, "cannot replace \"%s\": %s", od->dir, strerror(errno));
      cli_outdir_abort(od);
      return rc;
    }
  } else if (rename(od->tmp, od->dir) != 0) {
    rc = fail(od, EX_CANTCREAT, "cannot create \"%s\": %s", od->dir, strerror(errno));
    cli_outdir_abort(od);
    return rc;
  }
  cli_outdir_abort(od);   /* od->tmp now holds the old report (or nothing) */
  return 0;
}

void cli_outdir_abort(cli_outdir *od)
{
  if (od->tmp) cli_cleanup_rmtree(od->tmp);
  cli_cleanup_remove(od->slot);
  free(od->tmp);
  free(od->dir);
  old_free(od);
  od->tmp = od->dir = NULL;
  od->slot = -1;
}
