/* labels.c - the label table (see proptrend/labels.h), read with libcsv. */
#include <config.h>

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "proptrend/error.h"
#include "proptrend/labels.h"
#include "proptrend/utf8.h"

void pt_labels_init(pt_labels *l) { memset(l, 0, sizeof *l); }

void pt_labels_free(pt_labels *l)
{
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].kind); free(l->items[i].code);
    free(l->items[i].vi); free(l->items[i].en);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}

typedef struct lstate {
  pt_labels *l;
  char *f[4];
  size_t nf;
  unsigned long rec;
  int oom, bad;
  pt_diags *d;
} lstate;

/* Fields are kept in NFC, so a labels file written decomposed (NFD) names
 * the same phrases as the composed text it is compared with. */
static void on_field(void *s, size_t len, void *p)
{
  lstate *st = p;
  if (st->nf < 4) {
    char *c;
    if (pt_utf8_nfc(s ? s : "", s ? len : 0, &c, NULL) != PT_SUCCESS) { st->oom = 1; return; }
    st->f[st->nf] = c;
  }
  st->nf++;
}

static void on_record(int c, void *p)
{
  lstate *st = p;
  (void)c;
  st->rec++;
  if (st->nf != 4) {
    if (!st->bad && st->d && pt_diag_add(st->d, st->rec, 0, "expected 4 fields (kind,code,vi,en), found %zu", st->nf))
      st->oom = 1;
    st->bad = 1;
  }
  else if (st->rec > 1 && !st->oom) {   /* skip the header */
    if (st->l->n == st->l->cap) {
      size_t nc = st->l->cap ? st->l->cap * 2 : 32;
      pt_label *ni = realloc(st->l->items, nc * sizeof *ni);
      if (!ni) st->oom = 1;
      else { st->l->items = ni; st->l->cap = nc; }
    }
    if (!st->oom) {
      pt_label *lb = &st->l->items[st->l->n++];
      lb->kind = st->f[0]; lb->code = st->f[1]; lb->vi = st->f[2]; lb->en = st->f[3];
      st->nf = 0;
      return;
    }
  }
  for (size_t i = 0; i < 4 && i < st->nf; i++) free(st->f[i]);
  st->nf = 0;
}

int pt_labels_read(FILE *in, pt_labels *l, pt_diags *d)
{
  struct csv_parser p;
  lstate st;
  char buf[4096];
  size_t n;
  if (!in || !l) return PT_EDOM;
  memset(&st, 0, sizeof st);
  st.l = l;
  st.d = d;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) return PT_ENOMEM;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (csv_parse(&p, buf, n, on_field, on_record, &st) != n) {
      if (d && pt_diag_add(d, st.rec + 1, 0, "malformed CSV: %s", csv_strerror(csv_error(&p)))) st.oom = 1;
      st.bad = 1;
      break;
    } else if (p.entry_pos > PT_FIELD_MAX) {   /* a runaway field: stop before it grows */
      if (d && pt_diag_add(d, st.rec + 1, st.nf + 1, "field is too long (more than %d bytes)", PT_FIELD_MAX))
        st.oom = 1;
      st.bad = 1;
      break;
    }
  if (!st.bad && csv_fini(&p, on_field, on_record, &st) != 0) {
    if (d && pt_diag_add(d, st.rec + 1, 0, "malformed CSV: unterminated quoted field")) st.oom = 1;
    st.bad = 1;
  }
  csv_free(&p);
  for (size_t i = 0; i < 4 && i < st.nf; i++) free(st.f[i]);
  if (ferror(in)) return PT_EIO;
  if (st.oom) return PT_ENOMEM;
  return st.bad ? PT_EDATA : PT_SUCCESS;
}

int pt_labels_add(pt_labels *l, const char *kind, const char *code, const char *vi, const char *en)
{
  if (!l || !kind || !code || !vi || !en) return PT_EDOM;
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 32;
    pt_label *ni = realloc(l->items, nc * sizeof *ni);
    if (!ni) return PT_ENOMEM;
    l->items = ni;
    l->cap = nc;
  }
  pt_label *b = &l->items[l->n];
  b->kind = strdup(kind); b->code = strdup(code); b->vi = strdup(vi); b->en = strdup(en);
  if (!b->kind || !b->code || !b->vi || !b->en) {
    free(b->kind); free(b->code); free(b->vi); free(b->en);
    return PT_ENOMEM;
  }
  l->n++;
  return PT_SUCCESS;
}

const char *pt_labels_get(const pt_labels *l, const char *kind, const char *code,
                          const char *lang)
{
  for (size_t i = 0; l && i < l->n; i++) {
    const pt_label *b = &l->items[i];
    if (strcmp(b->kind, kind) == 0 && strcmp(b->code, code) == 0)
      return strcmp(lang, "vi") == 0 ? b->vi : b->en;
  }
  return code;
}

const char *pt_labels_get_short(const pt_labels *l, const char *kind, const char *code,
                                const char *lang)
{
  char sk[64];
  if (kind && strlen(kind) + sizeof "_short" <= sizeof sk) {
    snprintf(sk, sizeof sk, "%s_short", kind);
    const char *s = pt_labels_get(l, sk, code, lang);
    if (s != code && s && *s) return s;
  }
  return pt_labels_get(l, kind, code, lang);
}
