/* proptrend/labels.h - code -> Vietnamese / English label table
 * (datasets/labels.csv: kind,code,vi,en), for tables, figures, reports and
 * for mapping phrases of report text back to codes (proptrend extract).
 * Rows of kind "group_short" or "stage_short" give a short form of a
 * group's or stage's label, for the places a figure has little room
 * (a forest plot's row labels); files without them read as before.
 *
 * Labels are read in Unicode NFC (proptrend/utf8.h).
 *
 * Ownership: pt_labels_read() fills a pt_labels the caller frees with
 * pt_labels_free(); returned strings belong to the table.
 */
#ifndef PROPTREND_LABELS_H
#define PROPTREND_LABELS_H

#include <stddef.h>
#include <stdio.h>

#include "proptrend/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pt_label {
  char *kind;   /* "group", "stage", or "alias" (another phrase for a code) */
  char *code;
  char *vi;
  char *en;
} pt_label;

typedef struct pt_labels {
  pt_label *items;
  size_t n, cap;
} pt_labels;

void pt_labels_init(pt_labels *l);
void pt_labels_free(pt_labels *l);
/* Read kind,code,vi,en CSV (header row first); PT_SUCCESS, PT_EDATA (with a
 * diagnostic in d unless d is NULL), PT_EIO, PT_ENOMEM. */
int pt_labels_read(FILE *in, pt_labels *l, pt_diags *d);
/* Append a label (the strings are copied): e.g. kind "alias" to name a unit
 * phrase found in a text.  PT_SUCCESS, PT_EDOM (a NULL argument), PT_ENOMEM. */
int pt_labels_add(pt_labels *l, const char *kind, const char *code, const char *vi, const char *en);
/* The label of code in language lang ("vi" or "en"); the code itself when
 * there is none. */
const char *pt_labels_get(const pt_labels *l, const char *kind, const char *code,
                          const char *lang);
/* The short label (kind "<kind>_short") of code in lang, else the label
 * pt_labels_get gives; an empty short form counts as none. */
const char *pt_labels_get_short(const pt_labels *l, const char *kind, const char *code,
                                const char *lang);

#ifdef __cplusplus
}
#endif
#endif
