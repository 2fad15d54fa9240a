/* fields.c - result columns declared once (see proptrend/emit.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/emit.h"
#include "proptrend/error.h"

#define PT_FIELDS_MAX 64

static int shown(const pt_field *f, int has_area) { return has_area || !(f->flags & PT_FIELD_AREA); }

size_t pt_fields_columns(const pt_field *f, size_t nf, int has_area, pt_column *cols)
{
  size_t m = 0;
  for (size_t j = 0; j < nf; j++)
    if (shown(&f[j], has_area))
      cols[m++] = (pt_column){ f[j].name, f[j].decimals, f[j].significant, f[j].role };
  return m;
}

/* The cells as literals, not through the exported constructors: a table
 * of a million rows makes ten million cells. */
static pt_cell cell_of(const pt_field *f, const char *p)
{
  const pt_cell empty = { PT_CELL_EMPTY, NULL, 0, 0.0 };
  if (f->defined >= 0 && *(const int *)(const void *)(p - f->offset + f->defined) == 0) return empty;
  const void *v = p;
  switch (f->type) {
  case PT_FT_STR: { const char *s = *(const char *const *)v; return s ? (pt_cell){ PT_CELL_TEXT, s, 0, 0.0 } : empty; }
  case PT_FT_INT: return (pt_cell){ PT_CELL_INT, NULL, *(const int *)v, 0.0 };
  case PT_FT_LONG: return (pt_cell){ PT_CELL_INT, NULL, *(const long *)v, 0.0 };
  case PT_FT_U64: return (pt_cell){ PT_CELL_INT, NULL, (long long)*(const uint64_t *)v, 0.0 };
  case PT_FT_SIZE: return (pt_cell){ PT_CELL_INT, NULL, (long long)*(const size_t *)v, 0.0 };
  case PT_FT_DOUBLE: { double d = *(const double *)v; return isfinite(d) ? (pt_cell){ PT_CELL_REAL, NULL, 0, d } : empty; }
  case PT_FT_ENUM: { const char *s = f->names[*(const int *)v]; return s ? (pt_cell){ PT_CELL_TEXT, s, 0, 0.0 } : empty; }
  }
  return empty;
}

size_t pt_fields_cells(const pt_field *f, size_t nf, int has_area, const void *rec, pt_cell *cells)
{
  size_t m = 0;
  for (size_t j = 0; j < nf; j++)
    if (shown(&f[j], has_area)) cells[m++] = cell_of(&f[j], (const char *)rec + f[j].offset);
  return m;
}

pt_emitter *pt_fields_emitter(pt_format fmt, const pt_field *f, size_t nf, int has_area)
{
  pt_column cols[PT_FIELDS_MAX];
  if (nf > PT_FIELDS_MAX) return NULL;
  return pt_emitter_new(fmt, cols, pt_fields_columns(f, nf, has_area, cols));
}

int pt_fields_row(pt_emitter *e, const pt_field *f, size_t nf, int has_area, const void *rec)
{
  pt_cell cells[PT_FIELDS_MAX];
  if (nf > PT_FIELDS_MAX) return PT_EDOM;
  pt_fields_cells(f, nf, has_area, rec, cells);
  return pt_emitter_row(e, cells);
}
