/* test_plot.c - the gnuplot string escaper: round trip, and no character
 * that gnuplot would act on left unescaped (property test over random
 * strings, and the known attack patterns). */
#include <config.h>

#include <stdlib.h>
#include <unistd.h>

#include "proptrend/error.h"
#include "proptrend/labels.h"
#include "proptrend/plot.h"
#include "testutil.h"

static void roundtrip(const char *s)
{
  char q[8192], back[4096], want[4096];
  size_t need = pt_gp_quote(s, q, sizeof q), j = 0;
  ck_assert_uint_lt(need, sizeof q);
  ck_assert_uint_eq(strlen(q), need);
  /* nothing gnuplot acts on, between the quotes */
  for (size_t i = 1; i + 1 < need; i++)
    ck_assert_msg(!strchr("\"`@$'\n\r", q[i]), "raw %c in %s", q[i], q);
  ck_assert_int_eq(pt_gp_unquote(q, back, sizeof back), 0);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    want[j++] = (*p < 0x20 || *p == 0x7f) ? ' ' : (char)*p;   /* control bytes become spaces */
  want[j] = '\0';
  ck_assert_str_eq(back, want);
}

START_TEST(test_attacks)
{
  static const char *const cases[] = {
    "`touch /tmp/pwned`", "system(\"id\")", "a\"; system(\"id\"); print \"", "a'''''`cmd`'",
    "@macro", "$data", "EOD", "|cat /etc/passwd", "<cat", "x\ny\rz\t", "\\\\\\", "Khu dân cư",
    "Đạt tiêu chuẩn \"An toàn về ANTT\"", "", "{/Symbol a}_2^3", "%s%n%p",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) roundtrip(cases[i]);
  char q[64];
  pt_gp_quote("a`b", q, sizeof q);
  ck_assert_str_eq(q, "\"a\\140b\"");
  /* punctuation before a digit: gnuplot reads "\0" and three more digits */
  pt_gp_quote("(5", q, sizeof q);
  ck_assert_str_eq(q, "\"\\0050" "5\"");
  roundtrip("(2015)");
  roundtrip("5%0 of 12/7-3,4");
  /* the decoder reads as gnuplot does: "\0505" is one escape, 0505 & 0xff */
  char back[16];
  ck_assert_int_eq(pt_gp_unquote("\"\\0505\"", back, sizeof back), 0);
  ck_assert_str_eq(back, "E");
  ck_assert_int_eq(pt_gp_unquote("\"\\1505\"", back, sizeof back), 0);
  ck_assert_str_eq(back, "h5");
}
END_TEST

/* The real parser: gnuplot prints every quoted string back unchanged.
 * Fails without gnuplot, as tests/cli/plot.sh does: make check needs it. */
START_TEST(test_gnuplot_reads_back)
{
  const char *gp = getenv("PROPTREND_GNUPLOT");
  if (!gp || !*gp) gp = PT_GNUPLOT_DEFAULT;
  ck_assert_msg(access(gp, X_OK) == 0, "no gnuplot at %s (apt-get install gnuplot-nox, or set PROPTREND_GNUPLOT)", gp);
  enum { NCASE = 300 };
  static char cases[NCASE][80];
  static const char *const fixed[] = { "(2015)", "5%0 of 12/7-3,4", "a`b", "system(\"id\")", "@x $y 'z'",
                                       "Khu dân cư (2015): 229/357", "{/Symbol a}_2^3", "[0]!1#2&3*4+5.6;7<8=9>" };
  size_t nf = sizeof fixed / sizeof fixed[0];
  unsigned long long s = 7;
  for (size_t i = 0; i < NCASE; i++) {
    if (i < nf) { snprintf(cases[i], sizeof cases[i], "%s", fixed[i]); continue; }
    size_t len = 1 + i % 60;
    for (size_t k = 0; k < len; k++) {
      s = s * 6364136223846793005ULL + 1;
      cases[i][k] = (char)(0x21 + (s >> 33) % 94);   /* printable ASCII, no space */
    }
    cases[i][len] = '\0';
  }
  char path[] = "/tmp/pt-gpXXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  FILE *f = fdopen(fd, "w");
  for (size_t i = 0; i < NCASE; i++) {
    char q[1024];
    pt_gp_quote(cases[i], q, sizeof q);
    fprintf(f, "print %s\n", q);
  }
  ck_assert_int_eq(fclose(f), 0);
  char cmd[256], line[1024];
  snprintf(cmd, sizeof cmd, "'%s' '%s' 2>&1", gp, path);   /* our own fixed path and program */
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  size_t i = 0;
  while (fgets(line, sizeof line, p)) {
    line[strcspn(line, "\n")] = '\0';
    ck_assert_msg(i < NCASE, "gnuplot printed more lines than asked: %s", line);
    ck_assert_msg(!strcmp(line, cases[i]), "gnuplot read %s back as %s", cases[i], line);
    i++;
  }
  ck_assert_int_eq(pclose(p), 0);
  unlink(path);
  ck_assert_uint_eq(i, NCASE);
}
END_TEST

START_TEST(test_random_property)
{
  unsigned long long s = 42;
  char buf[300];
  for (int it = 0; it < 5000; it++) {
    size_t len = 0, n;
    s = s * 6364136223846793005ULL + 1;
    n = (size_t)(s >> 56);
    for (size_t i = 0; i < n; i++) {
      s = s * 6364136223846793005ULL + 1;
      unsigned char c = (unsigned char)(s >> 33);
      if (c == 0) c = 'x';
      buf[len++] = (char)c;
    }
    buf[len] = '\0';
    roundtrip(buf);
  }
}
END_TEST

START_TEST(test_truncation_and_bad_input)
{
  char q[8], back[64];
  size_t need = pt_gp_quote("abc`def", q, sizeof q);
  ck_assert_uint_eq(need, 12);
  ck_assert(strlen(q) < sizeof q);
  ck_assert_int_eq(q[strlen(q) - 1], '"');              /* still closed */
  ck_assert_int_eq(pt_gp_unquote("\"a`b\"", back, sizeof back), -1);
  ck_assert_int_eq(pt_gp_unquote("\"a\\9xx\"", back, sizeof back), -1);
  ck_assert_int_eq(pt_gp_unquote("noquotes", back, sizeof back), -1);
}
END_TEST

/* issue 19: tic labels are formats to gnuplot ("100%" is an error, "%s"
 * prints a number); pt_gp_quote_fmt keeps them verbatim, read by the real
 * gnuplot from an SVG it draws. Titles stay with pt_gp_quote. */
START_TEST(test_gnuplot_tic_labels_verbatim)
{
  static const char *const labels[] = { "a%s b", "100%", "%", "%%d", "x%d%%", "5%-10% (2015)", "%.0f%%",
                                        "Khu d\xc3\xa2n c\xc6\xb0 95%", "%g%e%c%x" };
  const size_t nl = sizeof labels / sizeof labels[0];
  const char *gp = getenv("PROPTREND_GNUPLOT");
  if (!gp || !*gp) gp = PT_GNUPLOT_DEFAULT;
  ck_assert_msg(access(gp, X_OK) == 0, "no gnuplot at %s (apt-get install gnuplot-nox, or set PROPTREND_GNUPLOT)", gp);
  char path[] = "/tmp/pt-gpXXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  FILE *f = fdopen(fd, "w");
  pt_gp g;
  pt_gp_init(&g, f);
  pt_gp_raw(&g, "set term svg noenhanced\nset yrange [0:%zu]\nset ytics (", nl + 1);
  for (size_t i = 0; i < nl; i++) {
    pt_gp_str_fmt(&g, labels[i]);
    pt_gp_raw(&g, " %zu%s", i + 1, i + 1 < nl ? ", " : ")\nplot x title ");
  }
  pt_gp_str(&g, "k%s");
  pt_gp_raw(&g, "\n");
  ck_assert_int_eq(pt_gp_status(&g), 0);
  ck_assert_int_eq(fclose(f), 0);
  char cmd[256], line[4096], want[256];
  snprintf(cmd, sizeof cmd, "'%s' '%s' 2>&1", gp, path);   /* our own fixed path and program */
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  int seen[16] = { 0 }, key = 0;
  while (fgets(line, sizeof line, p)) {
    for (size_t i = 0; i < nl; i++) {
      snprintf(want, sizeof want, ">%s</text>", labels[i]);
      if (strstr(line, want)) seen[i] = 1;
    }
    if (strstr(line, ">k%s</text>")) key = 1;
    ck_assert_msg(!strstr(line, "ormat"), "gnuplot: %s", line);   /* "Bad format character" */
  }
  ck_assert_int_eq(pclose(p), 0);
  unlink(path);
  for (size_t i = 0; i < nl; i++) ck_assert_msg(seen[i], "tic label %s not drawn verbatim", labels[i]);
  ck_assert_msg(key, "key title k%%s not drawn verbatim");
  /* a cut never splits a doubled '%': whatever fits decodes to an even run */
  for (size_t cap = 1; cap < 40; cap++) {
    char q[64], back[64];
    pt_gp_quote_fmt("%%%%%%", q, cap);
    if (strlen(q) < 2 || q[strlen(q) - 1] != '"') continue;
    ck_assert_int_eq(pt_gp_unquote(q, back, sizeof back), 0);
    ck_assert_msg(strlen(back) % 2 == 0, "cap %zu: %s decodes to %s", cap, q, back);
  }
}
END_TEST

/* Wrapped titles: the lines, decoded and joined with spaces, are the text;
 * none is longer than the width (code points), breaks fall at spaces
 * unless a word is longer than a line. */
static void check_wrap(const char *s, size_t width)
{
  char *buf = NULL, text[4096] = "", piece[4096];
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert_ptr_nonnull(f);
  pt_gp g;
  pt_gp_init(&g, f);
  size_t lines = pt_gp_str_wrap(&g, s, width);
  ck_assert_int_eq(fclose(f), 0);
  ck_assert_uint_eq(lines, pt_gp_wrap_lines(s, width));
  size_t n = 0, longword = 0, w = 0;
  for (const char *p = s;; p++) {
    if (!*p || *p == ' ') { if (w > width) longword = 1; w = 0; if (!*p) break; }
    else w += ((unsigned char)*p & 0xc0) != 0x80;
  }
  for (char *q = buf, *e; *q; q = e) {
    ck_assert_int_eq(*q, '"');
    e = strchr(q + 1, '"');
    ck_assert_ptr_nonnull(e);
    e++;
    char quoted[4096];
    memcpy(quoted, q, (size_t)(e - q));
    quoted[e - q] = '\0';
    ck_assert_int_eq(pt_gp_unquote(quoted, piece, sizeof piece), 0);
    size_t cp = 0;
    for (const char *c = piece; *c; c++) cp += ((unsigned char)*c & 0xc0) != 0x80;
    ck_assert_msg(cp <= width, "line \"%s\" of %zu code points, width %zu", piece, cp, width);
    if (n++ && !longword) strcat(text, " ");
    strcat(text, piece);
    if (*e) {
      ck_assert_msg(!strncmp(e, ".\"\\n\".", 6), "lines joined by a newline: %s", e);
      e += 6;
    }
  }
  ck_assert_uint_eq(n, lines);
  if (!longword) ck_assert_str_eq(text, s);
  free(buf);
}

START_TEST(test_wrap)
{
  check_wrap("Communes, wards and townships, Recognised as safe in security and order", 40);
  check_wrap("Communes, wards and townships, Recognised as safe in security and order", 12);
  check_wrap("X\xc3\xa3, ph\xc6\xb0\xe1\xbb\x9dng, th\xe1\xbb\x8b tr\xe1\xba\xa5n, \xc4\x90\xe1\xba\xa1t ti\xc3\xaau chu\xe1\xba\xa9n", 9);
  check_wrap("short", 40);
  check_wrap("a b", 1);
  check_wrap("Supercalifragilistic expialidocious", 6);
  ck_assert_uint_eq(pt_gp_wrap_lines("aaaa bbbb cccc", 9), 2);
  ck_assert_uint_eq(pt_gp_wrap_lines("aaaa bbbb cccc", 14), 1);
  ck_assert_uint_eq(pt_gp_wrap_lines("aaaa bbbb cccc", 4), 3);
  ck_assert_uint_eq(pt_gp_wrap_lines("", 4), 1);
}
END_TEST

/* Print sizes: a 300 dpi PNG of the layout scaled, fonts and lines alike;
 * PDF at the true size. */
START_TEST(test_header_dpi)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  pt_gp g;
  pt_gp_init(&g, f);
  pt_gp_header_dpi(&g, "pngcairo", 605, 378, 300, NULL);
  pt_gp_header_dpi(&g, "pdfcairo", 605, 378, 300, NULL);
  pt_gp_header_dpi(&g, "pngcairo", 900, 600, 0, NULL);
  ck_assert_int_eq(fclose(f), 0);
  ck_assert_ptr_nonnull(strstr(buf, "pngcairo size 1891,1181 noenhanced font \"DejaVu Sans,10\" fontscale 3.125 linewidth 3.125 pointscale 3.125"));
  ck_assert_ptr_nonnull(strstr(buf, "pdfcairo size 6.30208in,3.9375in"));
  ck_assert_ptr_nonnull(strstr(buf, "pngcairo size 900,600 noenhanced font"));
  free(buf);
}
END_TEST

/* The short labels of a figure's crowded places: kind "<kind>_short" rows,
 * the full label where there is none (files without them read as before). */
START_TEST(test_short_labels)
{
  static const char csv[] = "kind,code,vi,en\n"
                            "stage,recognized,\"\xc4\x90\xe1\xba\xa1t ti\xc3\xaau chu\xe1\xba\xa9n\",Recognised as safe in security and order\n"
                            "stage_short,recognized,\xc4\x90\xe1\xba\xa1t chu\xe1\xba\xa9n,Recognised safe\n"
                            "stage,registered,\xc4\x90\xc4\x83ng k\xc3\xbd,Registered (pledged)\n"
                            "stage_short,empty,,\n";
  FILE *f = fmemopen((void *)csv, sizeof csv - 1, "r");
  pt_labels l;
  pt_labels_init(&l);
  ck_assert_int_eq(pt_labels_read(f, &l, NULL), PT_SUCCESS);
  fclose(f);
  ck_assert_str_eq(pt_labels_get_short(&l, "stage", "recognized", "en"), "Recognised safe");
  ck_assert_str_eq(pt_labels_get_short(&l, "stage", "recognized", "vi"), "\xc4\x90\xe1\xba\xa1t chu\xe1\xba\xa9n");
  ck_assert_str_eq(pt_labels_get(&l, "stage", "recognized", "en"), "Recognised as safe in security and order");
  ck_assert_str_eq(pt_labels_get_short(&l, "stage", "registered", "en"), "Registered (pledged)");
  ck_assert_str_eq(pt_labels_get_short(&l, "stage", "empty", "en"), "empty");   /* an empty short form: none */
  ck_assert_str_eq(pt_labels_get_short(&l, "stage", "unknown", "vi"), "unknown");
  ck_assert_str_eq(pt_labels_get_short(NULL, "group", "school", "en"), "school");
  pt_labels_free(&l);
}
END_TEST

int main(void)
{
  const TTest *tests[] = { test_attacks, test_gnuplot_reads_back, test_random_property, test_truncation_and_bad_input,
                           test_gnuplot_tic_labels_verbatim, test_wrap, test_header_dpi, test_short_labels };
  return run_tests("plot", tests, sizeof tests / sizeof tests[0], 120);
}
