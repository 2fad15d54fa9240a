/* test_outdir.c - the report directory module (src/cli/outdir.c): it
 * replaces only a directory whose manifest matches what is there, names
 * the file that stops it, keeps inputs out of what it removes, and leaves
 * no temporary directory behind (commit, abort, SIGTERM, a killed run). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "cleanup.h"
#include "outdir.h"
#include "testutil.h"

/* Each test runs in a fresh scratch directory (Check forks per test). */
static char scratch[PATH_MAX];

static void leave_scratch(void)
{
  if (chdir("/") == 0) cli_cleanup_rmtree(scratch);
}

static void enter_scratch(void)
{
  atexit(leave_scratch);
  snprintf(scratch, sizeof scratch, "%s/test_outdir.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  ck_assert_ptr_nonnull(mkdtemp(scratch));
  ck_assert_int_eq(chdir(scratch), 0);
}

static void put(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  ck_assert_int_eq(fclose(f), 0);
}

static int exists(const char *path)
{
  struct stat st;
  return lstat(path, &st) == 0;
}

/* How many entries of the working directory start with prefix. */
static int count_prefixed(const char *prefix)
{
  DIR *d = opendir(".");
  int n = 0;
  ck_assert_ptr_nonnull(d);
  for (struct dirent *e; (e = readdir(d));) n += !strncmp(e->d_name, prefix, strlen(prefix));
  closedir(d);
  return n;
}

/* A report of one file into dir: what report will do through the module. */
static int write_report(const char *dir, const char *content, const char *const *inputs)
{
  cli_outdir od;
  char p[PATH_MAX];
  int rc = cli_outdir_begin(&od, dir, inputs);
  if (rc) return rc;
  ck_assert_int_eq(cli_outdir_file(&od, "tables/rates.csv", p, sizeof p), 0);
  put(p, content);
  ck_assert_int_eq(cli_outdir_file(&od, "report.md", p, sizeof p), 0);
  put(p, "# report\n");
  return cli_outdir_commit(&od);
}

static char *slurp(const char *path)
{
  static char buf[4096];
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

START_TEST(test_new_then_replace)
{
  enter_scratch();
  umask(027);
  ck_assert_int_eq(write_report("rep", "one\n", NULL), 0);
  ck_assert_str_eq(slurp("rep/tables/rates.csv"), "one\n");
  struct stat st;
  ck_assert_int_eq(stat("rep", &st), 0);
  ck_assert_int_eq(st.st_mode & 0777, 0750);   /* the umask, not a forced 0755 */
  char *m = slurp("rep/" CLI_OUTDIR_MANIFEST);
  ck_assert_ptr_nonnull(m);
  ck_assert_ptr_nonnull(strstr(m, "d tables\n"));
  ck_assert_ptr_nonnull(strstr(m, " tables/rates.csv\n"));
  ck_assert_ptr_null(strstr(m, ".proptrend-pid"));
  /* a second run replaces its own report, trailing slash and all */
  ck_assert_int_eq(write_report("rep/", "two\n", NULL), 0);
  ck_assert_str_eq(slurp("rep/tables/rates.csv"), "two\n");
  ck_assert_int_eq(count_prefixed("rep."), 0);
}
END_TEST

/* Anything the manifest does not account for stops the run, named. */
static void refused_because(void (*spoil)(void), const char *named)
{
  cli_outdir od;
  enter_scratch();
  ck_assert_int_eq(write_report("rep", "one\n", NULL), 0);
  spoil();
  ck_assert_int_eq(cli_outdir_begin(&od, "rep", NULL), EX_CANTCREAT);
  ck_assert_msg(strstr(od.err, named) != NULL, "message \"%s\" names %s", od.err, named);
  cli_outdir_abort(&od);
  ck_assert_str_eq(slurp("rep/report.md"), "# report\n");   /* untouched */
  ck_assert_int_eq(count_prefixed("rep."), 0);
}

static void add_thesis(void) { put("rep/thesis.docx", "years of work"); }
static void edit_table(void) { put("rep/tables/rates.csv", "ONE\n"); }   /* same size, other bytes */
static void drop_table(void) { ck_assert_int_eq(unlink("rep/tables/rates.csv"), 0); }
static void add_dir(void) { ck_assert_int_eq(mkdir("rep/notes", 0777), 0); }
static void add_link(void) { ck_assert_int_eq(symlink("/etc/passwd", "rep/tables/link"), 0); }
static void bad_manifest(void) { put("rep/" CLI_OUTDIR_MANIFEST, "not a manifest\n"); }

START_TEST(test_foreign_file) { refused_because(add_thesis, "rep/thesis.docx"); }
END_TEST
START_TEST(test_changed_file) { refused_because(edit_table, "rep/tables/rates.csv"); }
END_TEST
START_TEST(test_missing_file) { refused_because(drop_table, "rep/tables/rates.csv"); }
END_TEST
START_TEST(test_foreign_dir) { refused_because(add_dir, "rep/notes"); }
END_TEST
START_TEST(test_foreign_link) { refused_because(add_link, "rep/tables/link"); }
END_TEST
START_TEST(test_bad_manifest) { refused_because(bad_manifest, CLI_OUTDIR_MANIFEST); }
END_TEST

/* A project folder with a report.md in it is not a report (issue 19). */
START_TEST(test_no_manifest)
{
  cli_outdir od;
  enter_scratch();
  ck_assert_int_eq(mkdir("proj", 0777), 0);
  put("proj/report.md", "my own notes");
  put("proj/thesis.tex", "\\chapter{}");
  ck_assert_int_eq(cli_outdir_begin(&od, "proj", NULL), EX_CANTCREAT);
  ck_assert_ptr_nonnull(strstr(od.err, "proj/"));
  ck_assert_ptr_nonnull(strstr(od.err, CLI_OUTDIR_MANIFEST));
  ck_assert_str_eq(slurp("proj/thesis.tex"), "\\chapter{}");
  /* an empty directory holds nothing to lose */
  ck_assert_int_eq(mkdir("empty", 0777), 0);
  ck_assert_int_eq(write_report("empty", "x\n", NULL), 0);
  ck_assert_str_eq(slurp("empty/tables/rates.csv"), "x\n");
}
END_TEST

START_TEST(test_impossible_targets)
{
  static const char *const bad[] = { "", "/", ".", "..", "./", "sub/.", "sub/..", "file", "link", "nodir/rep" };
  char up[PATH_MAX];
  cli_outdir od;
  enter_scratch();
  ck_assert_int_eq(mkdir("sub", 0777), 0);
  put("file", "x");
  ck_assert_int_eq(symlink("sub", "link"), 0);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ck_assert_msg(cli_outdir_check(&od, bad[i], NULL) == EX_CANTCREAT, "\"%s\" refused", bad[i]);
    ck_assert_msg(od.err[0] != '\0', "\"%s\": a message", bad[i]);
  }
  /* the working directory itself, by another name */
  snprintf(up, sizeof up, "../%s", strrchr(scratch, '/') + 1);
  ck_assert_int_eq(cli_outdir_check(&od, up, NULL), EX_CANTCREAT);
  ck_assert_int_eq(count_prefixed("sub."), 0);
  ck_assert_int_eq(count_prefixed(".."), 1);   /* nothing created beside */
}
END_TEST

/* report -o rep rep/mydata.csv: the input would be removed with rep. */
START_TEST(test_input_inside)
{
  cli_outdir od;
  struct stat st;
  char why[PATH_MAX + 256];
  enter_scratch();
  ck_assert_int_eq(write_report("rep", "one\n", NULL), 0);
  const char *const inside[] = { "elsewhere.csv", "rep/tables/rates.csv", NULL };
  put("elsewhere.csv", "x");
  ck_assert_int_eq(cli_outdir_begin(&od, "rep", inside), EX_CANTCREAT);
  ck_assert_ptr_nonnull(strstr(od.err, "rep/tables/rates.csv"));
  ck_assert_int_eq(count_prefixed("rep."), 0);
  /* by inode, under any name: a hard link outside */
  ck_assert_int_eq(link("rep/tables/rates.csv", "alias.csv"), 0);
  const char *const alias[] = { "alias.csv", NULL };
  ck_assert_int_eq(cli_outdir_begin(&od, "rep", alias), EX_CANTCREAT);
  /* the guard for inputs registered later */
  const char *const none[] = { "elsewhere.csv", NULL };
  ck_assert_int_eq(cli_outdir_begin(&od, "rep", none), 0);
  ck_assert_int_eq(stat("rep/report.md", &st), 0);
  ck_assert_int_eq(cli_outdir_guard(&od, "rep/report.md", &st, why, sizeof why), EX_CANTCREAT);
  ck_assert_ptr_nonnull(strstr(why, "rep/report.md"));
  ck_assert_int_eq(stat("elsewhere.csv", &st), 0);
  ck_assert_int_eq(cli_outdir_guard(&od, "elsewhere.csv", &st, why, sizeof why), 0);
  cli_outdir_abort(&od);
  ck_assert_int_eq(count_prefixed("rep."), 0);
}
END_TEST

/* Someone adds a file while the report is computed: commit refuses. */
START_TEST(test_changed_before_commit)
{
  cli_outdir od;
  char p[PATH_MAX];
  enter_scratch();
  ck_assert_int_eq(write_report("rep", "one\n", NULL), 0);
  ck_assert_int_eq(cli_outdir_begin(&od, "rep", NULL), 0);
  ck_assert_int_eq(cli_outdir_file(&od, "report.md", p, sizeof p), 0);
  put(p, "new");
  put("rep/late.txt", "written meanwhile");
  ck_assert_int_eq(cli_outdir_commit(&od), EX_CANTCREAT);
  ck_assert_str_eq(slurp("rep/late.txt"), "written meanwhile");
  ck_assert_str_eq(slurp("rep/report.md"), "# report\n");
  ck_assert_int_eq(count_prefixed("rep."), 0);
}
END_TEST

START_TEST(test_long_name)
{
  char name[251];
  memset(name, 'r', 250);
  name[250] = '\0';
  enter_scratch();
  ck_assert_int_eq(write_report(name, "one\n", NULL), 0);
  ck_assert_int_eq(write_report(name, "two\n", NULL), 0);
  ck_assert_int_eq(count_prefixed(name), 1);
}
END_TEST

START_TEST(test_sigterm_and_stale)
{
  enter_scratch();
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    cli_outdir od;
    char p[PATH_MAX];
    if (cli_outdir_begin(&od, "rep", NULL) || cli_outdir_file(&od, "tables/a.csv", p, sizeof p)) _exit(1);
    put(p, "half");
    raise(SIGTERM);
    _exit(2);
  }
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "died of SIGTERM (status %d)", status);
  ck_assert_int_eq(count_prefixed("rep"), 0);
  /* a run killed with SIGKILL leaves its directory; the next run removes it */
  ck_assert_int_eq(mkdir("rep.tmp.AbCdEf", 0777), 0);
  put("rep.tmp.AbCdEf/.proptrend-pid", "999999999\n");   /* above pid_max: not running */
  ck_assert_int_eq(mkdir("rep.tmp.LiVe00", 0777), 0);
  put("rep.tmp.LiVe00/.proptrend-pid", "1\n");           /* init: running */
  ck_assert_int_eq(write_report("rep", "one\n", NULL), 0);
  ck_assert(!exists("rep.tmp.AbCdEf"));
  ck_assert(exists("rep.tmp.LiVe00"));
}
END_TEST

int main(void)
{
  const TTest *tests[] = {
    test_new_then_replace, test_foreign_file, test_changed_file, test_missing_file, test_foreign_dir,
    test_foreign_link, test_bad_manifest, test_no_manifest, test_impossible_targets, test_input_inside,
    test_changed_before_commit, test_long_name, test_sigterm_and_stale,
  };
  return run_tests("outdir", tests, sizeof tests / sizeof tests[0], 0);
}
