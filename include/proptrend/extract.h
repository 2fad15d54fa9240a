/* proptrend/extract.h - the figures of a report's text.
 *
 * Finds, in UTF-8 text (normalised to NFC first, so decomposed text gives
 * the same figures), the figures of the forms
 *   X/Y                 1.212/1.273 khu dân cư (95,2%)
 *   X of Y, X out of Y  905 of 1,012 clinics (89.4%); 130 out of 151 depots
 *   of the Y ..., X     Of the 64 ports inspected that year, 50 (78.1%) passed
 *                       (also "trong số Y ..., có X", "trong tổng số Y ...")
 *                       (also "Out of Y …", "Among the Y …", "Đối với Y …, có X",
 *                       and a list after it: "…, the majority totaling 71
 *                       improved, 21 … and 25 …")
 *   Y units …, of which X   "of whom", "trong đó" (X's clause names a stage),
 *                       "Of these, X" across a sentence or a paragraph
 *   Y units were inspected and X …
 *   X of the UNITs      the total an earlier "20 foster-care group homes"
 *   Z% (X/Y), Z% (X of Y), (Z%, X)
 *   X (Z%), X unit (tỷ lệ Z%), X unit (chiếm Z%), X unit, chiếm Z%
 *                       a count with its percentage and no total: the row has
 *                       total 0 and the PT_ROW_NO_TOTAL flag, the printed
 *                       percentage is kept in reported
 * in Vietnamese (1.273, 95,2%) or English (1,273, 95.2%) number formats.
 * Never figures: dates (27/4/2012, tháng 9/2012, 9-2019), document numbers
 * (23/TT-BCA, Thông tư 23/2012/TT-BCA, 06/2013/NĐ-CP), criteria (19/19 tiêu
 * chí, tiêu chí 19.2), decimals and ordinals (lần thứ 2, 3rd), days and
 * ranks ("Ngày 3/9", "xếp thứ 2/10"), durations ("3 năm"), shares of a split
 * ("a 70/30 split"), a plan's targets ("sẽ có 202 trường", a paragraph
 * opening with a deadline after a plan's words); an approximate count
 * ("hơn 117.000/134.110", "just over 900 of") is only a count with its
 * percentage.  A bound word stays with the printed percentage ("hơn 73",
 * "nearly 67", "xấp xỉ 31,5": the words of pt_bound_words in audit.h).
 *
 * Context of each figure:
 *  - year: a period mention of its sentence (the one right after it in its
 *    clause, else the last before it, else the first after it), else of its
 *    paragraph (a mention opening an earlier sentence: "Năm 2020, ...",
 *    "Trong năm học 2018-2019, ..."; else the paragraph's first sentence),
 *    else of its list's lead line, else of its section (a heading, a line
 *    that is only a period such as "Năm 2015:", or a later paragraph-opening
 *    mention of the section, whichever is last), else opts.default_period.
 *    A paragraph is a line; a section runs from a heading ("II. ", "5. ", "#")
 *    to the next.  Mentions: "năm 2015", "2015:", "in 2015", "year 2015",
 *    "cuối năm 2016", "tháng 6/2025", "9-2019", "đến hết tháng 6-2020",
 *    "đến 30/11/2012", "as of 2019", "FY 2019"; a school year "năm học
 *    2016-2017" or "2016–2017" (two consecutive years) is the period of its
 *    END year (results are counted at the end of the school year) and its
 *    label is kept in the source column: "NAME:LINE:COL (năm học 2016-2017)".
 *    Comparisons ("so với năm 2017", "so với cuối năm 2021", "compared with
 *    2019", "since 2015", "từ tháng 4/2016") and year ranges (2012 – 2017)
 *    are never a period.
 *  - stage: the first keyword after the figure in its clause (a clause ends
 *    at ';', at the sentence's end and at the next figure), else the last one
 *    before it in its clause, else the first of its sentence, else (list
 *    items only: lines starting with -, +, *, • or following a line that ends
 *    with ':') the first of the list's lead line, else the first of its
 *    section's heading ("1. Registration").  Never from another sentence
 *    otherwise; a keyword in an earlier clause of the sentence, or the one
 *    right after the previous figure of the clause (that figure's
 *    predicate), does not count; one before the clause's first figure counts
 *    for all its figures ("đạt tiêu chí 19.2 là 111/111 xã, 10/10 huyện").
 *    A keyword right after a negation ("chưa", "không", "not") does not
 *    count.
 *  - unit: the longest label (kind group or alias, Vietnamese or English,
 *    with English plurals) at the phrase after the figure; else the phrase
 *    normalised to its head noun and qualifier (at most five words, up to
 *    punctuation, a number or a verb such as "đạt", "được", "were",
 *    "passed"), kept as the group with PT_ROW_UNMAPPED and one warning per
 *    distinct unmapped unit.
 *
 * Bare counts: a count of a unit with neither a total nor a percentage
 * ("tổng số 360 trường học", "mầm non có 43 trường") is no figure, but it
 * may be the whole or a part of a "trong đó" / "of which" list.  When
 * opts.counts is set, each such count not used by a figure is appended
 * there as a row (group: its unit phrase; stage empty; period as a
 * figure's; PT_ROW_NO_TOTAL; no reported; source NAME:LINE:COL), for the
 * audit's parts-whole rule (pt_audit_opts.counts).  Not: years, ordinals,
 * changes ("tăng 12 trường"), approximate counts ("hơn 300"), criteria.
 *
 * Ownership: pt_extract() appends rows to a pt_table the caller owns
 * (pt_table_free()); rows whose group, stage or period could not be found
 * have an empty group/stage or the PT_ROW_NO_PERIOD flag, and a warning in
 * the diagnostics (never silently dropped).  Keyword and label strings stay
 * the caller's.
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
  const char *phrase;   /* matched case-insensitively (Latin and Vietnamese
                           letters), NFC, on word boundaries */
  const char *stage;
} pt_stage_keyword;

/* The default keywords (NULL-terminated): "đăng ký", "registered",
 * "registration", "signed up", "pledged" -> registered; "đạt chuẩn", "đạt
 * tiêu chuẩn", "đạt tiêu chí", "công nhận", "đạt danh hiệu", "recognised",
 * "recognized", "recognition", "met the standard", "meeting the standard",
 * "met the standards", "were rated", "passed", "accredited" -> recognized. */
extern const pt_stage_keyword pt_default_stage_keywords[];

typedef struct pt_extract_opts {
  int numfmt;                          /* PT_NUMFMT_VI or _EN, or -1: detect */
  const pt_labels *labels;             /* phrase -> group code; may be NULL */
  const pt_stage_keyword *keywords;    /* NULL-terminated, added to the
                                          defaults (a longer match wins); may
                                          be NULL */
  int default_keywords;                /* 1 (default): use the defaults too */
  long default_period;                 /* the year of figures whose text
                                          states none; 0 = none (flagged) */
  const char *source_name;             /* for the source column NAME:LINE:COL */
  pt_table *counts;                    /* NULL (default), or where the text's
                                          bare counts go (see below) */
} pt_extract_opts;

void pt_extract_opts_init(pt_extract_opts *o);

/* Number format of a text by its evidence: decimal commas before '%' and
 * dot-grouped thousands vote vi, the opposite votes en.  Returns a pt_numfmt. */
int pt_extract_detect_format(const char *text, size_t len);

/* Extract the figures of text into t (rows appended; t->has_reported and
 * t->has_source set).  Warnings (a figure without unit, stage or year; each
 * unmapped unit once) go to warn with line and column (code points of the
 * NFC text, 1-based).  PT_SUCCESS or PT_ENOMEM / PT_EDOM.  Time and memory
 * linear in len (times log of the number of figures). */
int pt_extract(const char *text, size_t len, const pt_extract_opts *o, pt_table *t,
               pt_diags *warn);

#ifdef __cplusplus
}
#endif
#endif
