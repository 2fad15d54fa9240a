/* doc_sample.h - a sample review pack for the renderer tests (test_doc,
 * doc_demo): the bundled dataset's recognised rates, a 26-column change
 * table, audit lines with text that must be escaped, and one figure whose
 * SVG and PNG are written here.  Test-only; no statistic here is checked. */
#ifndef PT_DOC_SAMPLE_H
#define PT_DOC_SAMPLE_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc.h"

static const struct { const char *g, *en, *vi; long n[5], t[5]; } sample_rows[] = {
  { "residential_area", "Residential areas", "Khu dân cư", { 1118, 1201, 1120, 1160, 1199 }, { 1273, 1273, 1274, 1274, 1250 } },
  { "commune", "Communes, wards and townships", "Xã, phường, thị trấn", { 133, 134, 143, 138, 140 }, { 159, 159, 159, 159, 159 } },
  { "agency_enterprise", "Agencies and enterprises", "Cơ quan, doanh nghiệp", { 354, 388, 229, 331, 470 }, { 438, 425, 357, 362, 536 } },
  { "school", "Schools", "Nhà trường", { 544, 570, 582, 547, 560 }, { 576, 618, 616, 575, 616 } },
};

static uint32_t sample_crc(const unsigned char *p, size_t n, uint32_t c)
{
  c = ~c;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return ~c;
}

static void sample_be32(unsigned char *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = (unsigned char)v; }

static void sample_chunk(FILE *f, const char *type, const unsigned char *data, uint32_t n)
{
  unsigned char h[8];
  sample_be32(h, n);
  memcpy(h + 4, type, 4);
  fwrite(h, 1, 8, f);
  if (n) fwrite(data, 1, n, f);
  uint32_t c = sample_crc((const unsigned char *)type, 4, 0);
  c = sample_crc(data, n, c);
  sample_be32(h, c);
  fwrite(h, 1, 4, f);
}

/* A w x h RGB PNG (bars on white) at 300 dpi, zlib "stored" blocks: no libpng needed. */
static int sample_png(const char *path, unsigned w, unsigned h)
{
  size_t stride = 1 + 3 * (size_t)w, n = stride * h;
  unsigned char *raw = malloc(n), *z = malloc(n + n / 65535 * 5 + 64);
  if (!raw || !z) { free(raw); free(z); return -1; }
  for (unsigned y = 0; y < h; y++) {
    raw[y * stride] = 0;
    for (unsigned x = 0; x < w; x++) {
      unsigned char *px = raw + y * stride + 1 + 3 * x;
      /* eight bars on white with a frame */
      int bar = x > w / 10 && (x * 16 / w) % 2 == 1 && y > h / 5 + (x * 8 / w) * h / 20 && y < h - h / 10;
      int frame = x == w / 10 || y == h - h / 10;
      if (frame) { px[0] = px[1] = px[2] = 0; continue; }
      px[0] = bar ? 40 : 255; px[1] = bar ? 90 : 255; px[2] = bar ? 160 : 255;
    }
  }
  size_t zn = 0;
  z[zn++] = 0x78; z[zn++] = 0x01;
  for (size_t off = 0; off < n || off == 0;) {
    size_t len = n - off > 65535 ? 65535 : n - off;
    z[zn++] = off + len == n;
    z[zn++] = len & 0xFF; z[zn++] = len >> 8; z[zn++] = ~len & 0xFF; z[zn++] = (~len >> 8) & 0xFF;
    memcpy(z + zn, raw + off, len); zn += len; off += len;
    if (!len) break;
  }
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; i++) { a = (a + raw[i]) % 65521; b = (b + a) % 65521; }
  sample_be32(z + zn, b << 16 | a); zn += 4;
  free(raw);
  FILE *f = fopen(path, "wb");
  if (!f) { free(z); return -1; }
  fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
  unsigned char ihdr[13] = { 0 }, phys[9];
  sample_be32(ihdr, w); sample_be32(ihdr + 4, h);
  ihdr[8] = 8; ihdr[9] = 2;
  sample_chunk(f, "IHDR", ihdr, 13);
  sample_be32(phys, 11811); sample_be32(phys + 4, 11811); phys[8] = 1;   /* 300 dpi */
  sample_chunk(f, "pHYs", phys, 9);
  sample_chunk(f, "IDAT", z, (uint32_t)zn);
  free(z);
  sample_chunk(f, "IEND", NULL, 0);
  return fclose(f) ? -1 : 0;
}

static const char sample_svg[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<svg width=\"600\" height=\"300\" viewBox=\"0 0 600 300\" "
  "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
  "<script type=\"text/javascript\"><![CDATA[ gnuplot_svg.init(); ]]></script>\n"
  "<defs><linearGradient id=\"grad\"><stop offset=\"0\" stop-color=\"#2a5aa0\"/><stop offset=\"1\" stop-color=\"#8ab\"/></linearGradient>"
  "<path id=\"bar\" d=\"M0 0 h40 v-100 h-40 z\"/></defs>\n"
  "<rect x=\"0\" y=\"0\" width=\"600\" height=\"300\" fill=\"white\" onclick='gnuplot_svg.toggle(evt)'/>\n"
  "<script type=\"text/javascript\" xlink:href=\"gnuplot_svg.js\"/>\n"
  "<use xlink:href=\"#bar\" x=\"80\" y=\"260\" fill=\"url(#grad)\"/><use href=\"#bar\" x=\"200\" y=\"260\" fill=\"url(#grad)\"/>\n"
  "<text x=\"300\" y=\"30\" text-anchor=\"middle\" font-size=\"18\">Agencies &amp; enterprises, 2013\xe2\x80\x93" "2017</text>\n</svg>\n";

/* The sample document; figures/rates.{svg,png} are written into dir/figures. */
static cli_doc *sample_doc(const char *lang, const char *dir)
{
  int vi = !strcmp(lang, "vi");
  char path[4096], buf[512];
  snprintf(path, sizeof path, "%s/figures", dir);
  mkdir(path, 0777);
  snprintf(path, sizeof path, "%s/figures/rates.png", dir);
  if (sample_png(path, 900, 450)) return NULL;
  snprintf(path, sizeof path, "%s/figures/rates.svg", dir);
  FILE *f = fopen(path, "w");
  if (!f) return NULL;
  fputs(sample_svg, f);
  fclose(f);

  cli_doc *d = cli_doc_new(lang, vi ? "Báo cáo phân tích: Quảng Bình 2013–2017" : "Review pack: Quang Binh 2013–2017");
  if (!d) return NULL;
  cli_doc_heading(d, 2, vi ? "Phát hiện chính" : "Main findings");
  const char *finds[] = {
    vi ? "Bất thường: Cơ quan, doanh nghiệp – được công nhận năm 2015: 64,1% (229/357) so với 87,6% ở các năm khác"
       : "Anomaly: Agencies and enterprises recognised 2015: 64.1% (229/357) against 87.6% in the other years",
    vi ? "Xu hướng: Khu dân cư – đăng ký, 2013–2017: tăng (z = 9,61, p < 0,001)"
       : "Trend: Residential areas registered, 2013–2017: rising (z = 9.61, p < 0.001)",
  };
  cli_doc_bullets(d, 2, finds);
  cli_doc_heading(d, 2, vi ? "Dữ liệu" : "Data");
  cli_doc_para(d, vi ? "Đã đọc dữ liệu \"quangbinh.csv\": 20 dòng; ký tự đặc biệt <&>\"' và 100% {đúng} $5 #1 ~x ^y _z \\ giữ nguyên."
                     : "Read \"quangbinh.csv\": 20 rows; special characters <&>\"' and 100% {kept} $5 #1 ~x ^y _z \\ as they are.");

  /* the rates: text, period, int, proportion columns */
  cli_doc_heading(d, 2, vi ? "Tỷ lệ và khoảng tin cậy" : "Rates with confidence intervals");
  pt_column rc[] = {
    { vi ? "nhóm" : "group", 0, 0, PT_ROLE_TEXT }, { vi ? "năm" : "period", 0, 0, PT_ROLE_PERIOD },
    { vi ? "số đạt" : "count", 0, 0, PT_ROLE_NUMBER }, { vi ? "tổng số" : "total", 0, 0, PT_ROLE_NUMBER },
    { vi ? "tỷ lệ" : "p", 4, 0, PT_ROLE_PROPORTION }, { vi ? "cận dưới" : "lower", 4, 0, PT_ROLE_PROPORTION },
    { vi ? "cận trên" : "upper", 4, 0, PT_ROLE_PROPORTION }, { vi ? "phương pháp" : "method", 0, 0, PT_ROLE_TEXT },
  };
  pt_cell cells[20 * 8];
  size_t nr = 0;
  for (size_t g = 0; g < 4; g++)
    for (int y = 0; y < 5; y++, nr++) {
      double n = (double)sample_rows[g].t[y], p = sample_rows[g].n[y] / n, z = 1.959963984540054;
      double c = (p + z * z / (2 * n)) / (1 + z * z / n), h = z / (1 + z * z / n) * sqrt(p * (1 - p) / n + z * z / (4 * n * n));
      pt_cell *r = cells + nr * 8;
      r[0] = pt_cell_text(vi ? sample_rows[g].vi : sample_rows[g].en);
      r[1] = pt_cell_int(2013 + y); r[2] = pt_cell_int(sample_rows[g].n[y]); r[3] = pt_cell_int(sample_rows[g].t[y]);
      r[4] = pt_cell_real(p); r[5] = pt_cell_real(c - h); r[6] = pt_cell_real(c + h);
      r[7] = pt_cell_text("Wilson");
    }
  cli_doc_table(d, "rates", vi ? "Tỷ lệ được công nhận, khoảng tin cậy Wilson 95%" : "Recognised rates with 95% Wilson intervals",
                rc, 8, cells, nr);
  cli_doc_figure(d, "rates", vi ? "Tỷ lệ được công nhận theo năm" : "Recognised rates by year", sample_svg,
                 sizeof sample_svg - 1, "figures/rates.png");

  /* a wide table: 26 columns, as the change table */
  cli_doc_heading(d, 2, vi ? "Thay đổi qua các năm" : "Year-over-year changes");
  cli_doc_heading(d, 3, vi ? "Mọi chỉ số" : "Every statistic");
  static const char *const wide_en[] = { "group", "stage", "from", "to", "count_from", "count_to", "total_from", "total_to",
    "p_from", "p_to", "diff", "lower", "upper", "z", "p_value", "p_adjusted", "ratio", "ratio_lower", "ratio_upper",
    "odds_ratio", "or_lower", "or_upper", "fisher_p", "h", "nnt", "verdict" };
  static const char *const wide_vi[] = { "nhóm", "giai đoạn", "từ năm", "đến năm", "số đạt (năm đầu)", "số đạt (năm sau)",
    "tổng số (năm đầu)", "tổng số (năm sau)", "tỷ lệ (năm đầu)", "tỷ lệ (năm sau)", "chênh lệch", "cận dưới", "cận trên", "z",
    "giá trị p", "p hiệu chỉnh", "tỷ số", "tỷ số, cận dưới", "tỷ số, cận trên", "tỷ số chênh", "tỷ số chênh, cận dưới",
    "tỷ số chênh, cận trên", "p Fisher", "h Cohen", "NNT", "kết luận" };
  pt_column wc[26];
  for (int j = 0; j < 26; j++) {
    pt_col_role role = j < 2 || j == 25 ? PT_ROLE_TEXT : j < 4 ? PT_ROLE_PERIOD : j < 8 ? PT_ROLE_NUMBER
                     : j < 13 ? PT_ROLE_PROPORTION : j == 14 || j == 15 || j == 22 ? PT_ROLE_PVALUE : PT_ROLE_NUMBER;
    wc[j] = (pt_column){ vi ? wide_vi[j] : wide_en[j], role == PT_ROLE_PROPORTION ? 4 : 3, 0, role };
  }
  pt_cell w[16 * 26];
  size_t nw = 0;
  for (size_t g = 0; g < 4; g++)
    for (int y = 0; y < 4; y++, nw++) {
      pt_cell *r = w + nw * 26;
      double p0 = (double)sample_rows[g].n[y] / sample_rows[g].t[y], p1 = (double)sample_rows[g].n[y + 1] / sample_rows[g].t[y + 1];
      r[0] = pt_cell_text(vi ? sample_rows[g].vi : sample_rows[g].en);
      r[1] = pt_cell_text(vi ? "Được công nhận" : "Recognised");
      r[2] = pt_cell_int(2013 + y); r[3] = pt_cell_int(2014 + y);
      r[4] = pt_cell_int(sample_rows[g].n[y]); r[5] = pt_cell_int(sample_rows[g].n[y + 1]);
      r[6] = pt_cell_int(sample_rows[g].t[y]); r[7] = pt_cell_int(sample_rows[g].t[y + 1]);
      r[8] = pt_cell_real(p0); r[9] = pt_cell_real(p1); r[10] = pt_cell_real(p1 - p0);
      r[11] = pt_cell_real(p1 - p0 - 0.03); r[12] = pt_cell_real(p1 - p0 + 0.03);
      r[13] = pt_cell_real((p1 - p0) / 0.012);
      r[14] = pt_cell_real(g == 2 && y == 1 ? 7.461e-22 : 0.0143 * (y + 1));
      r[15] = pt_cell_real(g == 2 && y == 1 ? 2.9844e-21 : 0.0429 * (y + 1));
      for (int j = 16; j < 22; j++) r[j] = pt_cell_real(p1 / p0 + 0.01 * (j - 16));
      r[22] = y == 3 ? pt_cell_empty() : pt_cell_real(0.5 / (y + 2));
      r[23] = pt_cell_real(-0.000001); r[24] = pt_cell_real(1.0 / (p1 - p0 + 1e-3));
      r[25] = pt_cell_text(vi ? (y == 1 ? "giảm có ý nghĩa" : "không đổi") : (y == 1 ? "significant fall" : "no change"));
    }
  cli_doc_table(d, "change", vi ? "Thay đổi so với năm trước" : "Change against the previous year", wc, 26, w, nw);

  /* text that a spreadsheet or a page could misread */
  cli_doc_heading(d, 2, vi ? "Kiểm tra tính nhất quán" : "Consistency audit");
  pt_column ac[] = { { vi ? "quy tắc" : "rule", 0, 0, PT_ROLE_TEXT }, { vi ? "năm" : "period", 0, 0, PT_ROLE_PERIOD },
                     { vi ? "thông điệp" : "message", 0, 0, PT_ROLE_TEXT } };
  pt_cell a[4 * 3];
  const char *msgs[4][2] = {
    { "=1+1", "=HYPERLINK(\"http://example.invalid\")" }, { "-3", "- a leading minus" },
    { "+cmd", "+ a leading plus, then <b>bold</b> & \"quotes\"" },
    { "@sum", vi ? "tỷ lệ in 95,65% khớp 551/576 = 95,6597% chỉ khi cắt bỏ (làm tròn: 95,66%); một câu dài để kiểm tra xuống dòng"
                 : "reported 95.65% fits 551/576 = 95.6597% only if truncated (rounded: 95.66%); a long sentence to check wrapping" },
  };
  for (int i = 0; i < 4; i++) {
    a[i * 3] = pt_cell_text(msgs[i][0]); a[i * 3 + 1] = pt_cell_int(2013 + i); a[i * 3 + 2] = pt_cell_text(msgs[i][1]);
  }
  snprintf(buf, sizeof buf, "%s", vi ? "Các dòng kiểm tra" : "Audit lines");
  cli_doc_table(d, "audit", buf, ac, 3, a, 4);
  return d;
}

#endif
