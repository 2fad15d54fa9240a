/* gnuplot.c - run gnuplot without a shell: posix_spawnp, the script on its
 * standard input, the figure from its standard output, its messages from
 * standard error, all through pipes serviced with poll() so none can fill
 * up and stall the other. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

extern char **environ;

const char *cli_gnuplot_program(const char *opt)
{
  const char *env = getenv("PROPTREND_GNUPLOT");
  if (opt && *opt) return opt;
  if (env && *env) return env;
  return PT_GNUPLOT_DEFAULT;
}

static int grow(char **buf, size_t *cap, size_t need)
{
  if (need <= *cap) return 0;
  size_t nc = *cap ? *cap : 65536;
  while (nc < need) nc *= 2;
  char *nb = realloc(*buf, nc);
  if (!nb) return -1;
  *buf = nb;
  *cap = nc;
  return 0;
}

int cli_gnuplot_run(const char *sub, const char *prog, const char *script, size_t len,
                    char **out, size_t *outlen)
{
  int in[2] = { -1, -1 }, po[2] = { -1, -1 }, pe[2] = { -1, -1 }, rc = 0, st;
  posix_spawn_file_actions_t fa;
  pid_t pid;
  char *obuf = NULL, *ebuf = NULL;
  size_t ocap = 0, olen = 0, ecap = 0, elen = 0, written = 0;
  char *const argv[] = { (char *)prog, (char *)"-d", NULL };

  *out = NULL;
  *outlen = 0;
  if (pipe(in) || pipe(po) || pipe(pe)) {
    cli_err(sub, "cannot create pipes: %s", strerror(errno));
    rc = EX_OSERR;
    goto close_all;
  }
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, po[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
  int fds[6] = { in[0], in[1], po[0], po[1], pe[0], pe[1] };
  for (int i = 0; i < 6; i++) posix_spawn_file_actions_addclose(&fa, fds[i]);
  st = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (st != 0) {
    cli_err(sub, "cannot run gnuplot \"%s\": %s (install gnuplot-nox, or set --gnuplot or "
            "PROPTREND_GNUPLOT; --script-only writes the script without running it)",
            prog, strerror(st));
    rc = EX_UNAVAILABLE;
    goto close_all;
  }
  close(in[0]); in[0] = -1;
  close(po[1]); po[1] = -1;
  close(pe[1]); pe[1] = -1;
  fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
  if (len == 0) { close(in[1]); in[1] = -1; }

  while (in[1] >= 0 || po[0] >= 0 || pe[0] >= 0) {
    struct pollfd p[3];
    int np = 0, iw = -1, io = -1, ie = -1;
    if (in[1] >= 0) { p[np].fd = in[1]; p[np].events = POLLOUT; iw = np++; }
    if (po[0] >= 0) { p[np].fd = po[0]; p[np].events = POLLIN; io = np++; }
    if (pe[0] >= 0) { p[np].fd = pe[0]; p[np].events = POLLIN; ie = np++; }
    if (poll(p, (nfds_t)np, -1) < 0) {
      if (errno == EINTR) continue;
      rc = EX_OSERR;
      break;
    }
    if (iw >= 0 && (p[iw].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t w = write(in[1], script + written, len - written);
      if (w > 0) written += (size_t)w;
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == len) { close(in[1]); in[1] = -1; }
    }
    if (io >= 0 && (p[io].revents & (POLLIN | POLLHUP | POLLERR))) {
      if (grow(&obuf, &ocap, olen + 65536)) { rc = EX_OSERR; break; }
      ssize_t r = read(po[0], obuf + olen, ocap - olen);
      if (r > 0) olen += (size_t)r;
      else if (r == 0 || (errno != EAGAIN && errno != EINTR)) { close(po[0]); po[0] = -1; }
    }
    if (ie >= 0 && (p[ie].revents & (POLLIN | POLLHUP | POLLERR))) {
      char tmp[4096];
      ssize_t r = read(pe[0], tmp, sizeof tmp);
      if (r > 0) {
        if (elen < 16384 && !grow(&ebuf, &ecap, elen + (size_t)r + 1)) {
          memcpy(ebuf + elen, tmp, (size_t)r);
          elen += (size_t)r;
        }
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) { close(pe[0]); pe[0] = -1; }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (ebuf) ebuf[elen] = '\0';
  if (!rc) {
    if (WIFSIGNALED(status)) {
      cli_err(sub, "gnuplot was killed by signal %d%s%s", WTERMSIG(status), elen ? ": " : "", elen ? ebuf : "");
      rc = EX_SOFTWARE;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && olen == 0) {
      /* some spawn implementations (and valgrind) report a failed exec as
       * the child's exit status 127 instead of an error from posix_spawnp */
      cli_err(sub, "cannot run gnuplot \"%s\": not found or not executable (install gnuplot-nox, or set "
              "--gnuplot or PROPTREND_GNUPLOT; --script-only writes the script without running it)", prog);
      rc = EX_UNAVAILABLE;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      /* trim gnuplot's message to its last lines */
      while (elen && (ebuf[elen - 1] == '\n' || ebuf[elen - 1] == ' ')) ebuf[--elen] = '\0';
      cli_err(sub, "gnuplot failed (exit status %d)%s%s", WEXITSTATUS(status), elen ? ":\n" : "",
              elen ? ebuf : "");
      rc = WEXITSTATUS(status) == 3 ? EX_UNAVAILABLE : EX_SOFTWARE;
    } else if (olen == 0) {
      cli_err(sub, "gnuplot produced no figure%s%s", elen ? ":\n" : "", elen ? ebuf : "");
      rc = EX_SOFTWARE;
    }
  }
  free(ebuf);
  if (rc) { free(obuf); obuf = NULL; olen = 0; }
  *out = obuf;
  *outlen = olen;
close_all:
  for (int i = 0; i < 2; i++) {
    if (in[i] >= 0) close(in[i]);
    if (po[i] >= 0) close(po[i]);
    if (pe[i] >= 0) close(pe[i]);
  }
  return rc;
}
