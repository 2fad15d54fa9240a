/* cleanup.c - remove temporary files when a signal ends the run (see
 * cleanup.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

#define SLOTS 64

static struct {
  volatile sig_atomic_t used;
  int is_dir;
  char path[PATH_MAX];
} slots[SLOTS];

static const int fatal[] = { SIGINT, SIGTERM, SIGHUP };

/* The layout the kernel writes for getdents64(2). */
struct dent64 {
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
};

/* Remove name in dfd: a file, or a directory tree (depth-limited, so a
 * hostile tree cannot exhaust the stack of a signal handler). */
static int rm_at(int dfd, const char *name, int depth)
{
  if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT) return 0;
  if (errno != EISDIR && errno != EPERM) return -1;   /* Linux: EISDIR; POSIX: EPERM */
  if (depth > 16) return -1;
  int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[2048];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n <= 0) break;
    int removed = 0;
    for (long off = 0; off < n;) {
      struct dent64 *d = (struct dent64 *)(buf + off);
      off += d->reclen;
      if (!strcmp(d->name, ".") || !strcmp(d->name, "..")) continue;
      if (rm_at(fd, d->name, depth + 1) == 0) removed = 1;
    }
    /* entries moved by our own unlinks: read the directory again */
    if (removed) lseek(fd, 0, SEEK_SET);
    else break;
  }
  close(fd);
  return unlinkat(dfd, name, AT_REMOVEDIR);
}

int cli_cleanup_rmtree(const char *path)
{
  return rm_at(AT_FDCWD, path, 0);
}

static void on_fatal(int sig)
{
  for (int i = 0; i < SLOTS; i++) {
    if (!slots[i].used) continue;
    if (slots[i].is_dir) rm_at(AT_FDCWD, slots[i].path, 0);
    else unlink(slots[i].path);
  }
  signal(sig, SIG_DFL);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  sigprocmask(SIG_UNBLOCK, &s, NULL);
  raise(sig);
}

/* A write past RLIMIT_FSIZE then fails with EFBIG: the error path cleans. */
static void on_xfsz(int sig) { (void)sig; }

static void install(void)
{
  static int done;
  struct sigaction sa, old;
  if (done) return;
  done = 1;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaddset(&sa.sa_mask, fatal[i]);
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
    if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sa.sa_handler = on_fatal;
    sigaction(fatal[i], &sa, NULL);
  }
  if (sigaction(SIGXFSZ, NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
    sa.sa_handler = on_xfsz;
    sigaction(SIGXFSZ, &sa, NULL);
  }
}

/* Slot updates with the fatal signals blocked: the handler never sees a
 * half-copied path. */
static void block(sigset_t *old)
{
  sigset_t s;
  sigemptyset(&s);
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaddset(&s, fatal[i]);
  sigprocmask(SIG_BLOCK, &s, old);
}

int cli_cleanup_add(const char *path, int is_dir)
{
  size_t n = strlen(path);
  int slot = -1;
  sigset_t old;
  install();
  if (n >= PATH_MAX) return -1;
  block(&old);
  for (int i = 0; i < SLOTS && slot < 0; i++)
    if (!slots[i].used) {
      memcpy(slots[i].path, path, n + 1);
      slots[i].is_dir = is_dir;
      slots[i].used = 1;
      slot = i;
    }
  sigprocmask(SIG_SETMASK, &old, NULL);
  return slot;
}

void cli_cleanup_remove(int slot)
{
  if (slot >= 0 && slot < SLOTS) slots[slot].used = 0;
}

int cli_tmp_prefix(const char *path, char *buf, size_t cap)
{
  const char *slash = strrchr(path, '/');
  size_t dlen = slash ? (size_t)(slash - path) + 1 : 0, blen = strlen(path) - dlen;
  const size_t suffix = sizeof ".tmp.XXXXXX" - 1;
  if (blen + suffix > NAME_MAX) {
    blen = NAME_MAX - suffix;
    while (blen > 0 && ((unsigned char)path[dlen + blen] & 0xc0) == 0x80) blen--;
  }
  int n = snprintf(buf, cap, "%.*s.tmp.", (int)(dlen + blen), path);
  return n < 0 || (size_t)n + 7 > cap ? -1 : 0;
}
