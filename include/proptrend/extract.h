/* proptrend/extract.h - "X/Y (P%)" figures out of report text.
 *
 * Finds every figure "X/Y" in UTF-8 text, in Vietnamese (1.273, 95,2%) or
 * English (1,273, 95.2%) number formats, with the percentage printed next to
 * it, the unit phrase after it (mapped to a group code through the labels),
 * the stage (keywords of its sentence, else of the lines back to the section
 * heading) and the year (the last "năm 2015", "2015:", "in 2015" before it on
 * its line).  Dates (27/4/2012, tháng 9/2012), document numbers
 * (23/TT-BCA, 06/2013/NĐ-CP) and decimals are not figures.
 *
 * Ownership: pt_extract() appends rows to a pt_table the caller owns
 * (pt_table_free()); rows whose group, stage or period could not be found
 * have an empty group/stage or the PT_ROW_NO_PERIOD flag, and a warning in
 * the diagnostics (never silently dropped); an unmapped unit phrase is kept
 * as the group with the PT_ROW_UNMAPPED flag.
 */
#ifndef PROPTREND_EXTRACT_H
#define PROPTREND_EXTRACT_H

#include <stddef.h>

#include "proptrend/labels.h"
#include "proptrend/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pt_stage_keyword {
  const char *phrase;   /* matched case-insensitively (Latin and Vietnamese letters) */
  const char *stage;
} pt_stage_keyword;

/* The default keywords: "đăng ký", "registered", "registration" ->
 * registered; "đạt tiêu chuẩn", "công nhận", "recognised", "recognized",
 * "recognition", "met the standard" -> recognized.  NULL-terminated. */
extern const pt_stage_keyword pt_default_stage_keywords[];

typedef struct pt_extract_opts {
  int numfmt;                          /* PT_NUMFMT_VI or _EN, or -1: detect */
  const pt_labels *labels;             /* phrase -> group code; may be NULL */
  const pt_stage_keyword *keywords;    /* NULL-terminated; NULL = defaults */
  const char *source_name;             /* for the source column NAME:LINE:COL */
} pt_extract_opts;

void pt_extract_opts_init(pt_extract_opts *o);

/* Number format of a text by its evidence: decimal commas before '%' and
 * dot-grouped thousands vote vi, the opposite votes en.  Returns a pt_numfmt. */
int pt_extract_detect_format(const char *text, size_t len);

/* Extract the figures of text into t (rows appended; t->has_reported and
 * t->has_source set).  Warnings (a figure without group, stage or year) go
 * to warn with line and column (code points, 1-based).  PT_SUCCESS or
 * PT_ENOMEM / PT_EDOM. */
int pt_extract(const char *text, size_t len, const pt_extract_opts *o, pt_table *t,
               pt_diags *warn);

#ifdef __cplusplus
}
#endif
#endif
