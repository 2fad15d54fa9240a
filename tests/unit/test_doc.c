/* test_doc.c - the document model and its renderers (src/cli/doc*.c): how a
 * cell reads (percent, p-values, decimal comma), how a wide table is cut,
 * escaping, and the five files of the sample pack in English and Vietnamese,
 * the docx and xlsx read back member by member with libzip. */
#include <config.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
#include <zip.h>

#include "testutil.h"
#include "doc_impl.h"
#include "doc_sample.h"

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *s = malloc((size_t)n + 1);
  ck_assert(s && fread(s, 1, (size_t)n, f) == (size_t)n);
  s[n] = '\0';
  fclose(f);
  return s;
}

static char *slurp_in(const char *dir, const char *file)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return slurp(path);
}

/* A member of a zip file, NUL-terminated; NULL when absent. */
static char *member(const char *zpath, const char *name, size_t *len)
{
  int err = 0;
  zip_t *z = zip_open(zpath, ZIP_RDONLY, &err);
  ck_assert_msg(z != NULL, "%s is no zip file (libzip error %d)", zpath, err);
  zip_stat_t st;
  char *s = NULL;
  if (zip_stat(z, name, 0, &st) == 0) {
    zip_file_t *f = zip_fopen(z, name, 0);
    ck_assert(f != NULL);
    s = malloc(st.size + 1);
    ck_assert(s && zip_fread(f, s, st.size) == (zip_int64_t)st.size);
    s[st.size] = '\0';
    if (len) *len = st.size;
    zip_fclose(f);
  }
  zip_close(z);
  return s;
}

static size_t count(const char *s, const char *pat)
{
  size_t n = 0;
  for (const char *p = s; (p = strstr(p, pat)); p += strlen(pat)) n++;
  return n;
}

#define HAS(s, pat) ck_assert_msg(strstr((s), (pat)) != NULL, "missing: %s", (pat))
#define HASNT(s, pat) ck_assert_msg(strstr((s), (pat)) == NULL, "unexpected: %s", (pat))

static char *tmpdir(void)
{
  static char t[256];
  snprintf(t, sizeof t, "%s/proptrend-doc.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  ck_assert(mkdtemp(t) != NULL);
  return t;
}

static void rmtree(const char *dir)
{
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);   /* our own mkdtemp name: no quote in it */
  ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_cells)
{
  char b[64];
  cli_doc *en = cli_doc_new("en", "t"), *vi = cli_doc_new("vi", "t");
  pt_column prop = { "p", 4, 0, PT_ROLE_PROPORTION }, pv = { "p", 0, 3, PT_ROLE_PVALUE },
            num = { "z", 3, 0, PT_ROLE_NUMBER }, sig = { "q", -1, 3, PT_ROLE_NUMBER }, yr = { "y", 0, 0, PT_ROLE_PERIOD };
  pt_cell c = pt_cell_real(0.952141);
  ck_assert_str_eq(doc_cell_text(en, &prop, &c, b, sizeof b), "95.21%");
  ck_assert_str_eq(doc_cell_text(vi, &prop, &c, b, sizeof b), "95,21%");
  c = pt_cell_real(-0.271403);
  ck_assert_str_eq(doc_cell_text(vi, &prop, &c, b, sizeof b), "-27,14%");
  c = pt_cell_real(7.461e-22);
  ck_assert_str_eq(doc_cell_text(en, &pv, &c, b, sizeof b), "< 0.001");
  ck_assert_str_eq(doc_cell_text(vi, &pv, &c, b, sizeof b), "< 0,001");
  c = pt_cell_real(0.01432);
  ck_assert_str_eq(doc_cell_text(vi, &pv, &c, b, sizeof b), "0,014");
  c = pt_cell_real(-1e-7);
  ck_assert_str_eq(doc_cell_text(en, &num, &c, b, sizeof b), "0.000");   /* no sign on a zero */
  c = pt_cell_real(12345.678);
  ck_assert_str_eq(doc_cell_text(vi, &sig, &c, b, sizeof b), "1,23e+04");
  c = pt_cell_real(NAN);
  ck_assert_str_eq(doc_cell_text(en, &num, &c, b, sizeof b), "");
  c = pt_cell_int(2015);
  ck_assert_str_eq(doc_cell_text(vi, &yr, &c, b, sizeof b), "2015");
  c = pt_cell_text("Khu dân cư");
  ck_assert_str_eq(doc_cell_text(vi, &num, &c, b, sizeof b), "Khu dân cư");
  cli_doc_free(en);
  cli_doc_free(vi);
}
END_TEST

/* The 26-column change table: cut into parts within the budget, each
 * repeating the key, every other column in exactly one part. */
START_TEST(test_layout)
{
  char *dir = tmpdir();
  cli_doc *d = sample_doc("vi", dir);
  ck_assert(d != NULL);
  const doc_block *wide = NULL, *rates = NULL;
  for (size_t k = 0; k < d->n; k++)
    if (d->b[k].kind == DOC_TABLE) { if (!strcmp(d->b[k].name, "change")) wide = &d->b[k]; else if (!rates) rates = &d->b[k]; }
  ck_assert(wide && rates && wide->ncols == 26);
  doc_layout l;
  ck_assert_int_eq(doc_layout_make(d, wide, 90, 1.5, &l), 0);
  ck_assert_int_eq(l.nkey, 4);   /* group, stage, from, to */
  ck_assert_uint_gt(l.nparts, 1);
  size_t seen[26] = { 0 }, idx[26];
  for (size_t p = 0; p < l.nparts; p++) {
    size_t n = doc_layout_cols(&l, p, idx, 26);
    double w = 0, share = 0;
    for (size_t k = 0; k < n; k++) { w += l.width[idx[k]]; share += doc_layout_share(&l, p, idx[k], 90); seen[idx[k]]++; }
    ck_assert_msg(w <= 90 || n == l.nkey + 1, "part %zu is %g characters wide", p, w);
    ck_assert(share <= 1.0 + 1e-12);
    for (size_t k = 0; k < l.nkey; k++) ck_assert_uint_eq(idx[k], k);
  }
  for (size_t j = 0; j < 26; j++) ck_assert_uint_eq(seen[j], j < l.nkey ? l.nparts : 1);
  doc_layout_free(&l);
  ck_assert_int_eq(doc_layout_make(d, rates, 90, 1.5, &l), 0);
  ck_assert_uint_eq(l.nparts, 1);
  doc_layout_free(&l);
  cli_doc_free(d);
  rmtree(dir);
}
END_TEST

START_TEST(test_xml_escape)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  doc_xml_esc(f, "a<b>&\"'\x01\xff\xc3\xa9\xe1\xbb\x87\xed\xa0\x80z");
  fclose(f);
  ck_assert_str_eq(buf, "a&lt;b&gt;&amp;&quot;&apos;\xEF\xBF\xBD\xEF\xBF\xBD\xc3\xa9\xe1\xbb\x87\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz");
  free(buf);
}
END_TEST

/* The caller's strings are copied: changing them afterwards changes nothing. */
START_TEST(test_copies)
{
  char *dir = tmpdir();
  char head[] = "Original heading", cell[] = "original cell", col[] = "column";
  cli_doc *d = cli_doc_new("en", "Copies");
  ck_assert_int_eq(cli_doc_heading(d, 2, head), 0);
  pt_column c = { col, 0, 0, PT_ROLE_TEXT };
  pt_cell x = pt_cell_text(cell);
  ck_assert_int_eq(cli_doc_table(d, "t", "caption", &c, 1, &x, 1), 0);
  memset(head, 'X', sizeof head - 1);
  memset(cell, 'X', sizeof cell - 1);
  memset(col, 'X', sizeof col - 1);
  char err[256];
  ck_assert_int_eq(cli_doc_write(d, CLI_DOC_MD, dir, err, sizeof err), 0);
  char *md = slurp_in(dir, "report.md");
  HAS(md, "## Original heading");
  HAS(md, "| original cell |");
  HAS(md, "| column |");
  free(md);
  cli_doc_free(d);
  rmtree(dir);
}
END_TEST

START_TEST(test_unwritable)
{
  cli_doc *d = cli_doc_new("en", "x");
  char err[512];
  int rc = cli_doc_write(d, CLI_DOC_HTML, "/nonexistent/dir", err, sizeof err);
  ck_assert_int_eq(rc, EX_CANTCREAT);
  HAS(err, "/nonexistent/dir/report.html");
  rc = cli_doc_write(d, CLI_DOC_DOCX, "/nonexistent/dir", err, sizeof err);
  ck_assert_int_eq(rc, EX_CANTCREAT);
  HAS(err, "report.docx");
  cli_doc_free(d);
}
END_TEST

static void check_md(const char *md, int vi)
{
  HAS(md, vi ? "# Báo cáo phân tích" : "# Review pack");
  HAS(md, "<&>\"'");   /* no tag, no entity: as it is */
  HAS(md, "\\_z \\\\");
  HAS(md, "then \\<b>bold\\</b> & \"quotes\"");   /* a tag is shown, not read */
  HAS(md, vi ? "| nhóm | năm | số đạt |" : "| group | period | count |");
  HAS(md, "\n|:---|---:|---:|");
  HAS(md, vi ? "| 87,82% |" : "| 87.82% |");
  HAS(md, vi ? "| < 0,001 |" : "| < 0.001 |");
  HAS(md, "](figures/rates.svg)");
  HASNT(md, "e-22");
}

static void check_html(const char *h, int vi)
{
  HAS(h, vi ? "<html lang=\"vi\">" : "<html lang=\"en\">");
  HAS(h, "&lt;&amp;&gt;&quot;&apos;");
  HAS(h, "<nav class=\"toc\">");
  /* every heading has an id the contents links to */
  for (const char *p = h; (p = strstr(p, "<h2 id=\"")); p += 8) {
    char want[64];
    int n = (int)strcspn(p + 8, "\"");
    snprintf(want, sizeof want, "href=\"#%.*s\"", n, p + 8);
    HAS(h, want);
  }
  HAS(h, vi ? ">87,82%<" : ">87.82%<");
  HAS(h, vi ? ">&lt; 0,001<" : ">&lt; 0.001<");
  HAS(h, vi ? "(phần 2/" : "(part 2/");
  /* the SVG inline, its ids prefixed by the figure's name, no script */
  HAS(h, "<svg width=\"600\"");
  HAS(h, "id=\"rates-grad\"");
  HAS(h, "url(#rates-grad)");
  HAS(h, "xlink:href=\"#rates-bar\"");
  HAS(h, " href=\"#rates-bar\"");
  HASNT(h, "<script");
  HASNT(h, "onclick");
  HAS(h, "fill=\"white\" />");
  HASNT(h, "<?xml");
  HAS(h, "position:sticky");
}

static void check_tex(const char *t, const char *frag, int vi)
{
  ck_assert_msg(!strncmp(t, "% !TEX program = xelatex\n", 25), "first line");
  HAS(t, "\\setmainfont{DejaVu Serif}");
  HAS(t, "\\begin{document}");
  HAS(t, "\\end{document}");
  HAS(t, "\\tableofcontents");
  HAS(t, "<\\&>\"' ");
  HAS(t, "100\\% \\{");
  HAS(t, "\\$5 \\#1 \\textasciitilde{}x \\textasciicircum{}y \\_\\allowbreak{}z \\textbackslash{}");
  HAS(t, vi ? "87,82\\%" : "87.82\\%");
  HAS(t, "\\includegraphics[width=\\linewidth");
  HAS(t, ">{\\raggedleft\\arraybackslash}p{");
  ck_assert_uint_eq(count(t, "\\begin{landscape}"), 1);   /* the change table only */
  /* a caption and a label for every longtable */
  size_t n = count(t, "\\begin{longtable}");
  ck_assert_uint_ge(n, 4);
  ck_assert_uint_eq(count(t, "\\caption{"), n + 1);   /* + the figure */
  ck_assert_uint_eq(count(t, "\\label{tab:"), n);
  if (vi) HAS(t, "\\renewcommand{\\tablename}{Bảng}");
  /* tables.tex: the same tables, no preamble */
  HASNT(frag, "\\documentclass");
  HASNT(frag, "\\section");
  ck_assert_uint_eq(count(frag, "\\begin{longtable}"), n);
}

static void check_docx(const char *path, const char *dir, int vi)
{
  char *doc = member(path, "word/document.xml", NULL), *rels = member(path, "word/_rels/document.xml.rels", NULL);
  char *ct = member(path, "[Content_Types].xml", NULL), *styles = member(path, "word/styles.xml", NULL);
  ck_assert(doc && rels && ct && styles);
  ck_assert_uint_eq(count(doc, "<w:pStyle w:val=\"Heading1\"/>"), 5);
  ck_assert_uint_eq(count(doc, "<w:pStyle w:val=\"Heading2\"/>"), 1);
  size_t ntbl = count(doc, "<w:tbl>");
  ck_assert_uint_ge(ntbl, 4);
  ck_assert_uint_eq(count(doc, "<w:pStyle w:val=\"Caption\"/>"), ntbl + 1);
  ck_assert_uint_eq(count(doc, "<w:tblHeader/>"), ntbl);
  HAS(doc, vi ? "Bảng 1: Tỷ lệ được công nhận" : "Table 1: Recognised rates");
  HAS(doc, vi ? "Hình 1: " : "Figure 1: ");
  HAS(doc, "&lt;&amp;&gt;&quot;&apos;");
  HAS(doc, vi ? ">87,82%<" : ">87.82%<");
  HAS(doc, "<w:jc w:val=\"right\"/>");
  HAS(doc, "r:embed=\"rIdImg1\"");
  /* the 26-column table on landscape pages of its own section, the rest portrait */
  ck_assert_uint_eq(count(doc, "w:orient=\"landscape\""), 1);
  ck_assert_uint_eq(count(doc, "<w:sectPr>"), 3);
  HAS(rels, "Target=\"media/image1.png\"");
  HAS(ct, "wordprocessingml.document.main+xml");
  HAS(styles, "w:name w:val=\"heading 1\"");
  HAS(styles, vi ? "w:val=\"vi-VN\"" : "w:val=\"en-GB\"");
  /* the PNG as it is, at its 300 dpi size: 900 px = 3 in = 2743200 EMU */
  size_t plen = 0;
  char *png = member(path, "word/media/image1.png", &plen), *orig = slurp_in(dir, "figures/rates.png");
  struct stat st;
  char p[4096];
  snprintf(p, sizeof p, "%s/figures/rates.png", dir);
  ck_assert(png && stat(p, &st) == 0 && (off_t)plen == st.st_size && !memcmp(png, orig, plen));
  HAS(doc, "<wp:extent cx=\"2743200\" cy=\"1371600\"/>");
  free(doc); free(rels); free(ct); free(styles); free(png); free(orig);
}

static void check_xlsx(const char *path, int vi)
{
  char *wb = member(path, "xl/workbook.xml", NULL), *sst = member(path, "xl/sharedStrings.xml", NULL);
  char *st = member(path, "xl/styles.xml", NULL), *s1 = member(path, "xl/worksheets/sheet1.xml", NULL);
  char *s3 = member(path, "xl/worksheets/sheet3.xml", NULL), *s4 = member(path, "xl/worksheets/sheet4.xml", NULL);
  ck_assert(wb && sst && st && s1 && s3);
  ck_assert(s4 == NULL);   /* one sheet per table */
  HAS(wb, "name=\"rates\"");
  HAS(wb, "name=\"change\"");
  HAS(wb, "name=\"audit\"");
  HAS(sst, vi ? "số đạt" : "count");
  /* numbers are numbers: the count 1118 of the first row in C2, not a string */
  const char *c2 = strstr(s1, "<c r=\"C2\"");
  ck_assert(c2 != NULL);
  const char *end = strstr(c2, "</c>");
  ck_assert(end && !memmem(c2, (size_t)(end - c2), "t=\"s\"", 5));
  ck_assert(memmem(c2, (size_t)(end - c2), "<v>1118</v>", 11) != NULL);
  HAS(st, "formatCode=\"0.00%\"");
  HAS(s1, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>");
  /* text that looks like a formula is a string, never a formula */
  HAS(sst, "<t>=1+1</t>");
  HAS(sst, "<t>@sum</t>");
  HAS(sst, "<t>-3</t>");
  HASNT(s3, "<f>");
  HAS(s1, vi ? "<oddHeader>&amp;CBảng 1: Tỷ lệ được công nhận" : "<oddHeader>&amp;CTable 1: Recognised rates");
  const char *a2 = strstr(s3, "<c r=\"A2\"");
  ck_assert(a2 && !strncmp(strstr(a2, "t=\""), "t=\"s\"", 5));
  free(wb); free(sst); free(st); free(s1); free(s3);
}

static void render(const char *lang)
{
  char *dir = tmpdir(), err[512], path[4096];
  int vi = !strcmp(lang, "vi");
  cli_doc *d = sample_doc(lang, dir);
  ck_assert(d != NULL);
  int rc = cli_doc_write(d, CLI_DOC_MD | CLI_DOC_HTML | CLI_DOC_TEX | CLI_DOC_DOCX | CLI_DOC_XLSX, dir, err, sizeof err);
  ck_assert_msg(rc == 0, "cli_doc_write: %d %s", rc, err);
  char *s = slurp_in(dir, "report.md");
  check_md(s, vi);
  free(s);
  s = slurp_in(dir, "report.html");
  check_html(s, vi);
  free(s);
  s = slurp_in(dir, "report.tex");
  char *frag = slurp_in(dir, "tables.tex");
  check_tex(s, frag, vi);
  free(s);
  free(frag);
  snprintf(path, sizeof path, "%s/report.docx", dir);
  check_docx(path, dir, vi);
  snprintf(path, sizeof path, "%s/tables.xlsx", dir);
  check_xlsx(path, vi);
  /* the same document gives the same files */
  char *a = slurp_in(dir, "report.html"), dir2[256];
  snprintf(dir2, sizeof dir2, "%s", tmpdir());
  ck_assert_int_eq(cli_doc_write(d, CLI_DOC_HTML | CLI_DOC_DOCX, dir2, err, sizeof err), 0);
  char *b = slurp_in(dir2, "report.html");
  ck_assert_str_eq(a, b);
  free(a); free(b);
  size_t l1, l2;
  snprintf(path, sizeof path, "%s/report.docx", dir2);
  char *x1 = member(path, "word/document.xml", &l1);
  snprintf(path, sizeof path, "%s/report.docx", dir);
  char *x2 = member(path, "word/document.xml", &l2);
  ck_assert(l1 == l2 && !memcmp(x1, x2, l1));
  free(x1); free(x2);
  cli_doc_free(d);
  rmtree(dir2);
  rmtree(dir);
}

START_TEST(test_render_en) { render("en"); }
END_TEST

START_TEST(test_render_vi) { render("vi"); }
END_TEST

int main(void)
{
  const TTest *tests[] = {
    test_cells, test_layout, test_xml_escape, test_copies, test_unwritable, test_render_en, test_render_vi,
  };
  return run_tests("doc", tests, sizeof tests / sizeof tests[0], 0);
}
