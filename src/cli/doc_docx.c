/* doc_docx.c - report.docx: WordprocessingML (ECMA-376 / ISO 29500) in a zip
 * container written with libzip.  Headings use Word's built-in "heading N"
 * styles (so Word's navigation pane and table of contents see them), tables
 * are native w:tbl with a caption paragraph above each and a header row
 * repeated across pages, figures are the report's PNGs embedded inline. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <zip.h>

#include "doc_impl.h"

/* A4 with 2 cm margins: the text is 9638 twips (17 cm) wide; 635 EMU a twip. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN 1134
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define EMU_PER_TWIP 635LL
/* Characters of 9 pt type on the 17 cm line (DejaVu Serif, the widest a
 * converter may substitute, ~0.19 cm a digit), and a cell's 2 x 1 mm margins. */
#define DOCX_BUDGET 85.0
#define DOCX_PAD 1.5
/* A table that would need more than two portrait parts goes on landscape
 * pages of its own section: 25.7 cm of line. */
#define TEXT_W_LANDSCAPE (PAGE_H - 2 * MARGIN)
#define DOCX_BUDGET_LANDSCAPE (DOCX_BUDGET * TEXT_W_LANDSCAPE / TEXT_W)

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static const char content_types[] = XML_HEAD
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Default Extension=\"png\" ContentType=\"image/png\"/>"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
  "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
  "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
  "</Types>\n";

static const char root_rels[] = XML_HEAD
  "<Relationships xmlns=\"" NS_REL "\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
  "</Relationships>\n";

/* A paragraph style: id, Word's built-in name, run properties, paragraph properties. */
#define PSTYLE(id, name, ppr, rpr) \
  "<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/><w:basedOn w:val=\"Normal\"/>" \
  "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>" ppr "</w:pPr><w:rPr>" rpr "</w:rPr></w:style>"

/* styles_a, the document's language, styles_b */
static const char styles_a[] = XML_HEAD
  "<w:styles xmlns:w=\"" NS_W "\">"
  "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>"
  "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"";
static const char styles_b[] = "\"/></w:rPr></w:rPrDefault>"
  "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
  "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
  PSTYLE("Title", "Title", "<w:spacing w:after=\"240\"/>", "<w:b/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/>")
  PSTYLE("Heading1", "heading 1", "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>",
         "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>")
  PSTYLE("Heading2", "heading 2", "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/>",
         "<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>")
  PSTYLE("Caption", "caption", "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"80\"/>",
         "<w:b/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>")
  PSTYLE("ListBullet", "List Bullet", "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/>", "")
  PSTYLE("TableText", "Table Text", "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
         "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>")
  "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
  "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"57\" w:type=\"dxa\"/>"
  "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
  "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>"
  "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
  "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
  "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>"
  "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/></w:tblBorders></w:tblPr></w:style>"
  "</w:styles>\n";

static const char numbering[] = XML_HEAD
  "<w:numbering xmlns:w=\"" NS_W "\"><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xE2\x80\xA2\"/><w:lvlJc w:val=\"left\"/>"
  "<w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
  "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>\n";

/* ---- the parts written into memory ----------------------------------------- */

typedef struct membuf { char *buf; size_t len; FILE *f; } membuf;

static int part_open(membuf *p) { p->buf = NULL; p->len = 0; p->f = open_memstream(&p->buf, &p->len); return p->f ? 0 : -1; }
static int part_close(membuf *p) { int bad = ferror(p->f); return (fclose(p->f) || bad) ? -1 : 0; }

static void para(FILE *f, const char *style, const char *jc, int bold, const char *text)
{
  fputs("<w:p>", f);
  if (style || jc) {
    fputs("<w:pPr>", f);
    if (style) fprintf(f, "<w:pStyle w:val=\"%s\"/>", style);
    if (jc) fprintf(f, "<w:jc w:val=\"%s\"/>", jc);
    fputs("</w:pPr>", f);
  }
  if (*text) {
    fputs(bold ? "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" : "<w:r><w:t xml:space=\"preserve\">", f);
    doc_xml_esc(f, text);
    fputs("</w:t></w:r>", f);
  }
  fputs("</w:p>\n", f);
}

static void cell(FILE *f, int width, int header, int right, const char *text)
{
  fprintf(f, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>%s</w:tcPr>", width,
          header ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7EBEF\"/>" : "");
  para(f, "TableText", right ? "right" : NULL, header, text);
  fputs("</w:tc>", f);
}

/* The end of a section: a paragraph holding the section's page setup. */
static void section(FILE *f, int landscape, int in_para)
{
  if (in_para) fputs("<w:p><w:pPr>", f);
  if (landscape)
    fprintf(f, "<w:sectPr><w:pgSz w:w=\"%d\" w:h=\"%d\" w:orient=\"landscape\"/>", PAGE_H, PAGE_W);
  else
    fprintf(f, "<w:sectPr><w:pgSz w:w=\"%d\" w:h=\"%d\"/>", PAGE_W, PAGE_H);
  fprintf(f, "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"709\" w:footer=\"709\" "
             "w:gutter=\"0\"/></w:sectPr>", MARGIN, MARGIN, MARGIN, MARGIN);
  if (in_para) fputs("</w:pPr></w:p>\n", f);
}

static int docx_table(const cli_doc *d, const doc_block *t, FILE *f)
{
  char cap[1024], buf[64];
  size_t idx[4096];
  int w[4096];
  doc_layout l;
  double budget = DOCX_BUDGET, textw = TEXT_W;
  if (doc_layout_make(d, t, budget, DOCX_PAD, &l)) return EX_OSERR;
  int landscape = l.nparts > 2;
  if (landscape) {
    doc_layout_free(&l);
    budget = DOCX_BUDGET_LANDSCAPE;
    textw = TEXT_W_LANDSCAPE;
    if (doc_layout_make(d, t, budget, DOCX_PAD, &l)) return EX_OSERR;
    section(f, 0, 1);   /* the portrait pages so far end here */
  }
  for (size_t part = 0; part < l.nparts; part++) {
    size_t n = doc_layout_cols(&l, part, idx, sizeof idx / sizeof idx[0]);
    int total = 0;
    for (size_t k = 0; k < n; k++) total += w[k] = (int)(textw * doc_layout_share(&l, part, idx[k], budget));
    doc_caption(d, t, part, l.nparts, cap, sizeof cap);
    para(f, "Caption", NULL, 0, cap);
    fprintf(f, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
               "<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" "
               "w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>", total);
    for (size_t k = 0; k < n; k++) fprintf(f, "<w:gridCol w:w=\"%d\"/>", w[k]);
    fputs("</w:tblGrid>\n<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>", f);
    for (size_t k = 0; k < n; k++) cell(f, w[k], 1, doc_col_numeric(&t->cols[idx[k]]), t->cols[idx[k]].name);
    fputs("</w:tr>\n", f);
    for (size_t i = 0; i < t->nrows; i++) {
      fputs("<w:tr><w:trPr><w:cantSplit/></w:trPr>", f);
      for (size_t k = 0; k < n; k++) {
        const pt_column *c = &t->cols[idx[k]];
        cell(f, w[k], 0, doc_col_numeric(c), doc_cell_text(d, c, &t->cells[i * t->ncols + idx[k]], buf, sizeof buf));
      }
      fputs("</w:tr>\n", f);
    }
    fputs("</w:tbl>\n", f);
    /* Word joins two adjacent tables into one; the last paragraph of a
     * landscape table ends its section */
    if (landscape && part + 1 == l.nparts) section(f, 1, 1);
    else para(f, NULL, NULL, 0, "");
  }
  doc_layout_free(&l);
  return 0;
}

/* ---- figures ------------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* Pixel size and, from the pHYs chunk when there is one, dots per inch (0: unknown). */
static int png_size(const char *path, uint32_t *w, uint32_t *h, double *dpi)
{
  unsigned char b[33];
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  int ok = fread(b, 1, 33, f) == 33 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8) && !memcmp(b + 12, "IHDR", 4);
  *dpi = 0;
  if (ok) {
    *w = be32(b + 16);
    *h = be32(b + 20);
    unsigned char c[8];
    /* chunks up to the image data: pHYs must come before IDAT */
    while (fread(c, 1, 8, f) == 8 && memcmp(c + 4, "IDAT", 4)) {
      uint32_t len = be32(c);
      if (!memcmp(c + 4, "pHYs", 4) && len == 9) {
        unsigned char ph[9];
        if (fread(ph, 1, 9, f) == 9 && ph[8] == 1 && be32(ph) > 0) {
          /* pixels per metre: 300 dpi is stored as 11811 (299.9994 dpi) */
          *dpi = be32(ph) * 0.0254;
          if (fabs(*dpi - floor(*dpi + 0.5)) < 0.05) *dpi = floor(*dpi + 0.5);
        }
        break;
      }
      if (fseek(f, (long)len + 4, SEEK_CUR)) break;
    }
  }
  fclose(f);
  return ok && *w > 0 && *h > 0 ? 0 : -1;
}

/* The picture inline, at its printed size when the PNG says it (pHYs),
 * never wider than the text nor taller than 60% of it; else the text's width. */
static void drawing(FILE *f, int id, uint32_t pw, uint32_t ph, double dpi)
{
  long long maxw = (long long)TEXT_W * EMU_PER_TWIP, maxh = (long long)(PAGE_H - 2 * MARGIN) * EMU_PER_TWIP * 6 / 10;
  long long cx = dpi > 0 ? (long long)(pw / dpi * 914400.0) : maxw;
  if (cx > maxw) cx = maxw;
  long long cy = (long long)((double)cx * ph / pw);
  if (cy > maxh) { cx = (long long)((double)cx * maxh / cy); cy = maxh; }
  fprintf(f, "<w:p><w:pPr><w:keepNext/><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing>"
             "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"%lld\" cy=\"%lld\"/>"
             "<wp:docPr id=\"%d\" name=\"Figure %d\"/><wp:cNvGraphicFramePr>"
             "<a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/>"
             "</wp:cNvGraphicFramePr><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
             "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
             "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
             "<pic:nvPicPr><pic:cNvPr id=\"%d\" name=\"image%d.png\"/><pic:cNvPicPr/></pic:nvPicPr>"
             "<pic:blipFill><a:blip r:embed=\"rIdImg%d\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
             "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"%lld\" cy=\"%lld\"/></a:xfrm>"
             "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
             "</wp:inline></w:drawing></w:r></w:p>\n",
          cx, cy, id, id, id, id, id, cx, cy);
}

/* ---- the document -------------------------------------------------------------- */

typedef struct pack {
  membuf doc, rels, core, styles;
  char **png;      /* full paths of the embedded PNGs, image1.png ... */
  int npng;
} pack;

static int body(const cli_doc *d, const char *dir, pack *p)
{
  FILE *f = p->doc.f;
  char cap[1024];
  fputs(XML_HEAD "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" "
        "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>\n", f);
  para(f, "Title", NULL, 0, d->title);
  for (size_t k = 0; k < d->n; k++) {
    const doc_block *b = &d->b[k];
    switch (b->kind) {
    case DOC_HEADING: para(f, b->level == 2 ? "Heading1" : "Heading2", NULL, 0, b->text); break;
    case DOC_PARA: para(f, NULL, NULL, 0, b->text); break;
    case DOC_BULLETS: for (size_t i = 0; i < b->nitems; i++) para(f, "ListBullet", NULL, 0, b->items[i]); break;
    case DOC_TABLE: if (docx_table(d, b, f)) return EX_OSERR; break;
    case DOC_FIGURE: {
      uint32_t pw, ph;
      double dpi;
      size_t need = strlen(dir) + strlen(b->png ? b->png : "") + 2;
      char *path = b->png ? malloc(need) : NULL;
      if (b->png && !path) return EX_OSERR;
      if (path) snprintf(path, need, "%s/%s", dir, b->png);
      if (path && png_size(path, &pw, &ph, &dpi) == 0) {
        char **np = realloc(p->png, (size_t)(p->npng + 1) * sizeof *np);
        if (!np) { free(path); return EX_OSERR; }
        p->png = np;
        p->png[p->npng++] = path;
        drawing(f, p->npng, pw, ph, dpi);
      } else {
        free(path);   /* no PNG (gnuplot absent): the caption stays */
      }
      doc_caption(d, b, 0, 1, cap, sizeof cap);
      para(f, "Caption", "center", 0, cap);
      break;
    }
    }
  }
  section(f, 0, 0);
  fputs("</w:body></w:document>\n", f);
  FILE *r = p->rels.f;
  fputs(XML_HEAD "<Relationships xmlns=\"" NS_REL "\">"
        "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rIdNum\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>", r);
  for (int i = 1; i <= p->npng; i++)
    fprintf(r, "<Relationship Id=\"rIdImg%d\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" "
               "Target=\"media/image%d.png\"/>", i, i);
  fputs("</Relationships>\n", r);
  fputs(XML_HEAD "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>", p->core.f);
  doc_xml_esc(p->core.f, d->title);
  fprintf(p->core.f, "</dc:title><dc:language>%s</dc:language></cp:coreProperties>\n", d->vi ? "vi-VN" : "en-GB");
  fprintf(p->styles.f, "%s%s%s", styles_a, d->vi ? "vi-VN" : "en-GB", styles_b);
  return 0;
}

/* One member; its data must live until zip_close. A fixed time keeps the
 * file the same from run to run. */
static int add(zip_t *z, const char *name, zip_source_t *src)
{
  if (!src) return -1;
  zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
  if (i < 0) { zip_source_free(src); return -1; }
  return zip_file_set_mtime(z, (zip_uint64_t)i, 1262304000, 0);
}

static int zip_all(const cli_doc *d, const char *path, pack *p, char *err, size_t errcap)
{
  (void)d;
  /* libzip writes only at zip_close: find out now that the file cannot be made */
  FILE *probe = fopen(path, "wb");
  if (!probe) { snprintf(err, errcap, "%s: %s", path, strerror(errno)); return EX_CANTCREAT; }
  fclose(probe);
  int zerr = 0;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!z) { snprintf(err, errcap, "%s: cannot create (libzip error %d)", path, zerr); return EX_CANTCREAT; }
  int bad = add(z, "[Content_Types].xml", zip_source_buffer(z, content_types, sizeof content_types - 1, 0)) ||
            add(z, "_rels/.rels", zip_source_buffer(z, root_rels, sizeof root_rels - 1, 0)) ||
            add(z, "docProps/core.xml", zip_source_buffer(z, p->core.buf, p->core.len, 0)) ||
            add(z, "word/document.xml", zip_source_buffer(z, p->doc.buf, p->doc.len, 0)) ||
            add(z, "word/styles.xml", zip_source_buffer(z, p->styles.buf, p->styles.len, 0)) ||
            add(z, "word/numbering.xml", zip_source_buffer(z, numbering, sizeof numbering - 1, 0)) ||
            add(z, "word/_rels/document.xml.rels", zip_source_buffer(z, p->rels.buf, p->rels.len, 0));
  for (int i = 0; i < p->npng && !bad; i++) {
    char name[64];
    snprintf(name, sizeof name, "word/media/image%d.png", i + 1);
    bad = add(z, name, zip_source_file(z, p->png[i], 0, 0));
  }
  if (bad) {
    snprintf(err, errcap, "%s: %s", path, zip_strerror(z));
    zip_discard(z);
    return EX_IOERR;
  }
  if (zip_close(z) != 0) {
    snprintf(err, errcap, "%s: %s", path, zip_strerror(z));
    zip_discard(z);
    return EX_IOERR;
  }
  return 0;
}

int doc_write_docx(const cli_doc *d, const char *dir, const char *path, char *err, size_t errcap)
{
  pack p;
  memset(&p, 0, sizeof p);
  int rc = 0;
  if (part_open(&p.doc) || part_open(&p.rels) || part_open(&p.core) || part_open(&p.styles)) rc = EX_OSERR;
  if (!rc) rc = body(d, dir, &p);
  int c1 = p.doc.f ? part_close(&p.doc) : 0, c2 = p.rels.f ? part_close(&p.rels) : 0,
      c3 = p.core.f ? part_close(&p.core) : 0, c4 = p.styles.f ? part_close(&p.styles) : 0;
  if (!rc && (c1 || c2 || c3 || c4)) rc = EX_OSERR;
  if (rc) snprintf(err, errcap, "%s: out of memory", path);
  else rc = zip_all(d, path, &p, err, errcap);
  free(p.doc.buf); free(p.rels.buf); free(p.core.buf); free(p.styles.buf);
  for (int i = 0; i < p.npng; i++) free(p.png[i]);
  free(p.png);
  return rc;
}
