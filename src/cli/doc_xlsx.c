/* doc_xlsx.c - tables.xlsx with libxlsxwriter: one sheet per table, named
 * after it; the header row (in the report's language) bold and frozen;
 * numbers written as numbers, proportions with a percent format, periods
 * without separators; text always as a string, so a cell that begins with
 * '=', '+', '-' or '@' is shown and never evaluated as a formula. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <xlsxwriter.h>

#include "doc_impl.h"

#define MAX_FORMATS 32

typedef struct fmtcache {
  lxw_workbook *wb;
  struct { int role, decimals; lxw_format *f; } k[MAX_FORMATS];
  int n;
} fmtcache;

/* The number format of a column: "0.0%" for a proportion shown with one
 * decimal of percent, "0.000" for three decimals, General otherwise. */
static lxw_format *num_format(fmtcache *c, const pt_column *col)
{
  int role = col->role, dec = col->decimals;
  if (role == PT_ROLE_PVALUE || role == PT_ROLE_PERIOD || role == PT_ROLE_TEXT) dec = -1;
  if (role == PT_ROLE_PROPORTION) dec = dec >= 0 ? (dec - 2 < 1 ? 1 : dec - 2) : 1;
  if (role == PT_ROLE_NUMBER && (col->significant > 0 || dec > 10)) dec = -1;
  for (int i = 0; i < c->n; i++)
    if (c->k[i].role == role && c->k[i].decimals == dec) return c->k[i].f;
  if (role != PT_ROLE_PROPORTION && dec < 0) return NULL;
  lxw_format *f = workbook_add_format(c->wb);
  if (!f) return NULL;
  char spec[32] = "0";
  if (dec > 0) { strcat(spec, "."); for (int i = 0; i < dec && i < 10; i++) strcat(spec, "0"); }
  if (role == PT_ROLE_PROPORTION) strcat(spec, "%");
  format_set_num_format(f, spec);
  if (c->n < MAX_FORMATS) { c->k[c->n].role = role; c->k[c->n].decimals = dec; c->k[c->n].f = f; c->n++; }
  return f;
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ and
 * unique in the workbook (a "~2" suffix when two tables share a stem). */
static void sheet_name(lxw_workbook *wb, const char *stem, char *out, size_t cap)
{
  char base[32];
  size_t n = 0;
  for (const char *p = stem; *p && n < 28; p++) {
    if ((*p & 0xC0) == 0x80) continue;   /* stems are ASCII; drop the rest */
    base[n++] = (unsigned char)*p < 0x80 && !strchr("[]:*?/\\'", *p) ? *p : '_';
  }
  base[n] = '\0';
  if (!n) snprintf(base, sizeof base, "table");
  snprintf(out, cap, "%s", base);
  for (int k = 2; workbook_get_worksheet_by_name(wb, out) && k < 1000; k++) snprintf(out, cap, "%.27s~%d", base, k);
}

/* Printed, the sheet says what it is: the caption as the page header, the
 * header row on every page, A4, as wide as one page (landscape when wide). */
static lxw_error print_setup(const cli_doc *d, const doc_block *t, lxw_worksheet *ws)
{
  char cap[1024], head[256];
  doc_caption(d, t, 0, 1, cap, sizeof cap);
  size_t n = 2;
  memcpy(head, "&C", 2);
  /* '&' starts a code in a header: doubled; Excel allows 255 characters */
  const char *p = cap;
  for (; *p && n < 250; p++) {
    if (*p == '&') head[n++] = '&';
    head[n++] = *p;
  }
  if (*p) {   /* cut: not inside a character */
    while (n > 2 && ((unsigned char)head[n - 1] & 0xC0) == 0x80) n--;
    if (n > 2 && ((unsigned char)head[n - 1] & 0xC0) == 0xC0) n--;
  }
  head[n] = '\0';
  worksheet_set_paper(ws, 9);   /* A4 */
  if (t->ncols > 8) worksheet_set_landscape(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  lxw_error e = worksheet_repeat_rows(ws, 0, 0);
  return e ? e : worksheet_set_header(ws, head);
}

static int sheet(lxw_workbook *wb, fmtcache *fc, const cli_doc *d, const doc_block *t, lxw_format *bold)
{
  char name[40], buf[64];
  sheet_name(wb, t->name, name, sizeof name);
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  if (!ws) return -1;
  lxw_error e = LXW_NO_ERROR;
  for (size_t j = 0; j < t->ncols && !e; j++) {
    const pt_column *c = &t->cols[j];
    /* as wide as the header or the widest cell, within reason */
    size_t w = doc_u8len(c->name);
    for (size_t i = 0; i < t->nrows; i++) {
      size_t n = doc_u8len(doc_cell_text(d, c, &t->cells[i * t->ncols + j], buf, sizeof buf));
      if (n > w) w = n;
    }
    e = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, w < 8 ? 9.0 : w > 48 ? 50.0 : (double)w + 2.0, NULL);
    if (!e) e = worksheet_write_string(ws, 0, (lxw_col_t)j, c->name, bold);
  }
  for (size_t i = 0; i < t->nrows && !e; i++) {
    for (size_t j = 0; j < t->ncols && !e; j++) {
      const pt_cell *x = &t->cells[i * t->ncols + j];
      lxw_row_t r = (lxw_row_t)(i + 1);
      lxw_col_t col = (lxw_col_t)j;
      switch (x->kind) {
      case PT_CELL_TEXT: if (*x->text) e = worksheet_write_string(ws, r, col, x->text, NULL); break;
      case PT_CELL_INT: e = worksheet_write_number(ws, r, col, (double)x->i, num_format(fc, &t->cols[j])); break;
      case PT_CELL_REAL:
        if (x->r == x->r && x->r - x->r == 0) e = worksheet_write_number(ws, r, col, x->r, num_format(fc, &t->cols[j]));
        break;
      case PT_CELL_EMPTY: break;
      }
    }
  }
  if (!e) worksheet_freeze_panes(ws, 1, 0);
  if (!e) e = print_setup(d, t, ws);
  return e ? -1 : 0;
}

int doc_write_xlsx(const cli_doc *d, const char *path, char *err, size_t errcap)
{
  lxw_workbook *wb = workbook_new(path);
  if (!wb) { snprintf(err, errcap, "%s: cannot create", path); return EX_CANTCREAT; }
  /* a fixed creation time: the same tables give the same file */
  lxw_doc_properties props;
  memset(&props, 0, sizeof props);
  props.title = d->title;
  props.created = 1262304000;
  workbook_set_properties(wb, &props);
  fmtcache fc;
  memset(&fc, 0, sizeof fc);
  fc.wb = wb;
  lxw_format *bold = workbook_add_format(wb);
  if (bold) { format_set_bold(bold); format_set_text_wrap(bold); format_set_align(bold, LXW_ALIGN_VERTICAL_TOP); }
  int bad = !bold, ntab = 0;
  for (size_t k = 0; k < d->n && !bad; k++)
    if (d->b[k].kind == DOC_TABLE) { bad = sheet(wb, &fc, d, &d->b[k], bold) != 0; ntab++; }
  if (!bad && !ntab) bad = !workbook_add_worksheet(wb, NULL);   /* a workbook holds a sheet */
  lxw_error e = workbook_close(wb);
  if (bad || e) {
    snprintf(err, errcap, "%s: %s", path, e ? lxw_strerror(e) : "cannot write a sheet");
    return EX_IOERR;
  }
  return 0;
}
