/* audit_text.c - audit findings as sentences (see audit_text.h).
 *
 * Each case's English and Vietnamese templates sit side by side in one
 * snprintf through TR(), so the compiler checks both against the same
 * arguments. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audit_text.h"

#define TR(en, vi_) (vi ? (vi_) : (en))

typedef unsigned long long ull;

/* A decimal at its scale with the given mark: 9566, 2, ',' -> "95,66". */
static const char *dec_str(char *buf, size_t cap, pt_decimal d, char mark)
{
  char digits[48];
  uint64_t v = d.mant;
  int n = 0, scale = d.scale < 0 ? 0 : d.scale;
  do { digits[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while ((v > 0 || n <= scale) && n < 40);
  size_t j = 0;
  for (int i = n - 1; i >= 0 && j + 2 < cap; i--) {
    buf[j++] = digits[i];
    if (i == scale && scale > 0) buf[j++] = mark;
  }
  buf[j] = '\0';
  return buf;
}

/* "56" or "55 to 57" ("55 đến 57"). */
static const char *range_str(char *buf, size_t cap, uint64_t lo, uint64_t hi, int vi)
{
  if (lo == hi) snprintf(buf, cap, "%llu", (ull)lo);
  else snprintf(buf, cap, TR("%llu to %llu", "%llu đến %llu"), (ull)lo, (ull)hi);
  return buf;
}

/* Append to buf (length *len) without overflowing. */
static void cat(char *buf, size_t cap, size_t *len, const char *s)
{
  size_t k = strlen(s);
  if (*len + k + 1 > cap) k = cap > *len + 1 ? cap - *len - 1 : 0;
  memcpy(buf + *len, s, k);
  *len += k;
  buf[*len] = '\0';
}

enum cite_what { CITE_COUNT, CITE_TOTAL, CITE_PCT, CITE_COUNT_PCT };

/* The cited figures joined by sep ("120 + 140 + 95"), "..." for those not kept. */
static const char *cites_str(char *buf, size_t cap, const pt_finding *f, enum cite_what w,
                             const char *sep, char mark)
{
  size_t len = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < f->ncites; k++) {
    const pt_audit_cite *c = &f->cites[k];
    char one[96], p[48];
    if (w == CITE_COUNT) snprintf(one, sizeof one, "%llu", (ull)c->count);
    else if (w == CITE_TOTAL) snprintf(one, sizeof one, "%llu", (ull)c->total);
    else if (w == CITE_PCT) snprintf(one, sizeof one, "%s%%", dec_str(p, sizeof p, c->pct, mark));
    else snprintf(one, sizeof one, "%llu (%s%%)", (ull)c->count, dec_str(p, sizeof p, c->pct, mark));
    if (k) cat(buf, cap, &len, sep);
    cat(buf, cap, &len, one);
  }
  if (f->ncited_all > f->ncites) { cat(buf, cap, &len, sep); cat(buf, cap, &len, "..."); }
  return buf;
}

/* "4, 5, 6" (distinct lines of the cited figures). */
static const char *lines_str(char *buf, size_t cap, const pt_finding *f, size_t *nlines)
{
  size_t len = 0, n = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < f->ncites; k++) {
    char one[32];
    if (k && f->cites[k].line == f->cites[k - 1].line) continue;
    snprintf(one, sizeof one, "%s%lu", n ? ", " : "", f->cites[k].line);
    cat(buf, cap, &len, one);
    n++;
  }
  *nlines = n;
  return buf;
}

static const char *conv_name(unsigned conv, int vi)
{
  switch (conv) {
  case PT_ROUND_HALF_EVEN: return TR("rounded half to even", "làm tròn về số chẵn");
  case PT_ROUND_TRUNC: return TR("truncated", "cắt bỏ");
  case PT_ROUND_CEIL: return TR("rounded up", "làm tròn lên");
  default: return TR("rounded", "làm tròn");
  }
}

static const char *habit_name(unsigned bits, int vi)
{
  if (bits == PT_ROUND_TRUNC) return TR("truncation", "cắt bỏ");
  if (bits == PT_ROUND_CEIL) return TR("rounding up", "làm tròn lên");
  return TR("rounding", "làm tròn");
}

static const char *fits_name(unsigned m, int vi)
{
  if (m & (PT_ROUND_HALF_UP | PT_ROUND_HALF_EVEN)) return TR("it fits rounding", "khớp làm tròn");
  if (m & PT_ROUND_TRUNC) return TR("it fits truncation", "khớp cắt bỏ");
  return TR("it fits rounding up", "khớp làm tròn lên");
}

static void unchecked(char *buf, size_t cap, const pt_finding *f, int vi)
{
  size_t n = f->tally[0];
  const char *s = n == 1 || vi ? "" : "s";
  unsigned long l = f->ref_line;
  switch (f->reason) {
  case PT_UNCHECKED_NO_UNIT:
    snprintf(buf, cap, TR("%zu figure%s with no unit: compared with no other figure (first on line %lu)",
                          "%zu số liệu%s không có đơn vị: không so sánh với số liệu nào khác (đầu tiên ở dòng %lu)"), n, s, l);
    break;
  case PT_UNCHECKED_NO_STAGE:
    snprintf(buf, cap, TR("%zu figure%s with no stage: not in the stage, series or missing-figure rules (first on line %lu)",
                          "%zu số liệu%s không có giai đoạn: không áp dụng các quy tắc giai đoạn, chuỗi và thiếu số liệu (đầu tiên ở dòng %lu)"), n, s, l);
    break;
  case PT_UNCHECKED_NO_YEAR:
    snprintf(buf, cap, TR("%zu figure%s with no year: compared within their paragraph only, not in the series rules (first on line %lu)",
                          "%zu số liệu%s không có năm: chỉ so sánh trong đoạn văn của nó, không áp dụng các quy tắc chuỗi (đầu tiên ở dòng %lu)"), n, s, l);
    break;
  case PT_UNCHECKED_NO_YEAR_LINE:
    snprintf(buf, cap, TR("%zu figure%s with no year: compared within their line only, not in the series rules (first on line %lu)",
                          "%zu số liệu%s không có năm: chỉ so sánh trong dòng của nó, không áp dụng các quy tắc chuỗi (đầu tiên ở dòng %lu)"), n, s, l);
    break;
  case PT_UNCHECKED_UNMAPPED:
    snprintf(buf, cap, TR("%zu figure%s whose unit has no code: compared by the unit's own words, not in the missing-figure rule (first on line %lu)",
                          "%zu số liệu%s có đơn vị không có mã: so sánh theo chính cụm từ chỉ đơn vị, không áp dụng quy tắc thiếu số liệu (đầu tiên ở dòng %lu)"), n, s, l);
    break;
  default:
    snprintf(buf, cap, TR("%zu figure%s with a count above the total, a total of 0, or no count or total: not compared with other figures (first on line %lu)",
                          "%zu số liệu%s có số đạt lớn hơn tổng số, tổng số bằng 0 hoặc thiếu số đạt hay tổng số: không so sánh với số liệu khác (đầu tiên ở dòng %lu)"), n, s, l);
  }
}

/* The sentences of the rules of real texts (several figures each). */
static void multi(char *buf, size_t cap, const pt_finding *f, int vi)
{
  char list[1024], lines[256], rng[96], p[48];
  size_t nl = 0;
  const char *rep = f->reported ? f->reported : "";
  switch (f->what) {
  case PT_AC_PARTS_COUNT:
    cites_str(list, sizeof list, f, CITE_COUNT, " + ", '.');
    lines_str(lines, sizeof lines, f, &nl);
    snprintf(buf, cap, TR("its parts (\"of which\") add up to %s = %llu (line%s %s), not to its count %llu",
                          "các phần (\"trong đó\") cộng lại %s = %llu (dòng%s %s), không bằng số đạt %llu"),
             list, (ull)f->count, nl == 1 || vi ? "" : "s", lines, (ull)f->ref_count);
    break;
  case PT_AC_PARTS_TOTAL:
    cites_str(list, sizeof list, f, CITE_TOTAL, " + ", '.');
    lines_str(lines, sizeof lines, f, &nl);
    snprintf(buf, cap, TR("the totals of its parts (\"of which\") add up to %s = %llu (line%s %s), not to its total %llu",
                          "tổng số của các phần (\"trong đó\") cộng lại %s = %llu (dòng%s %s), không bằng tổng số %llu"),
             list, (ull)f->total, nl == 1 || vi ? "" : "s", lines, (ull)f->ref_total);
    break;
  case PT_AC_OTHER_TOTAL:
    snprintf(buf, cap, TR("reported %s%% is not %llu/%llu but %llu/%llu, with the total of line %lu",
                          "tỷ lệ in %s%% không phải %llu/%llu mà là %llu/%llu, với tổng số ở dòng %lu"),
             rep, (ull)f->count, (ull)f->total, (ull)f->count, (ull)f->ref_total, f->ref_line);
    break;
  case PT_AC_OTHER_COUNT:
    snprintf(buf, cap, TR("reported %s%% is not %llu/%llu but %llu/%llu, with the count of line %lu",
                          "tỷ lệ in %s%% không phải %llu/%llu mà là %llu/%llu, với số đạt ở dòng %lu"),
             rep, (ull)f->count, (ull)f->total, (ull)f->ref_count, (ull)f->total, f->ref_line);
    break;
  case PT_AC_SHARED_TOTAL:
    cites_str(list, sizeof list, f, CITE_COUNT_PCT, ", ", f->mark ? f->mark : '.');
    lines_str(lines, sizeof lines, f, &nl);
    snprintf(buf, cap, TR("printed total %llu does not fit: %llu (%s%%) and the figures %s (line%s %s) all fit a total of %s",
                          "tổng số in %llu không khớp: %llu (%s%%) và các số liệu %s (dòng%s %s) đều khớp tổng số %s"),
             (ull)f->total, (ull)f->count, rep, list, nl == 1 || vi ? "" : "s", lines,
             range_str(rng, sizeof rng, f->lo, f->hi, vi));
    break;
  case PT_AC_IMPLIED_BASE:
    cites_str(list, sizeof list, f, CITE_TOTAL, ", ", '.');
    lines_str(lines, sizeof lines, f, &nl);
    snprintf(buf, cap, TR("%llu (%s%%) implies a total of %s, which none of the totals stated for this unit fits: %s (line%s %s)",
                          "%llu (%s%%) cho tổng số %s, không khớp tổng số nào đã nêu cho đơn vị này: %s (dòng%s %s)"),
             (ull)f->count, rep, range_str(rng, sizeof rng, f->lo, f->hi, vi), list, nl == 1 || vi ? "" : "s", lines);
    break;
  default:   /* PT_AC_BREAKDOWN */
    cites_str(list, sizeof list, f, CITE_PCT, " + ", f->mark ? f->mark : '.');
    lines_str(lines, sizeof lines, f, &nl);
    snprintf(buf, cap, TR("the percentages of one breakdown, %s (line%s %s), sum to %s%%: past 100%% beyond rounding",
                          "các tỷ lệ của cùng một cơ cấu, %s (dòng%s %s), cộng lại %s%%: vượt 100%% quá mức làm tròn"),
             list, nl == 1 || vi ? "" : "s", lines, dec_str(p, sizeof p, f->sum, f->mark ? f->mark : '.'));
  }
}

void cli_audit_sentence(char *buf, size_t cap, const pt_finding *f, const char *lang)
{
  int vi = lang && !strcmp(lang, "vi");
  char rv[48], tv[48];
  const char *rep = f->reported ? f->reported : "";
  double exact = f->total ? 100.0 * (double)f->count / (double)f->total : 0;
  if (!cap) return;
  switch (f->what) {
  case PT_AC_NOT_PERCENT:
    snprintf(buf, cap, TR("reported \"%s\" is not a percentage", "giá trị in \"%s\" không phải là tỷ lệ phần trăm"), rep);
    break;
  case PT_AC_PCT_TRUNC:
    snprintf(buf, cap, TR("reported %s%% fits %llu/%llu = %.6g%% only if truncated (rounded: %s%%)",
                          "tỷ lệ in %s%% khớp %llu/%llu = %.6g%% chỉ khi cắt bỏ (làm tròn: %s%%)"),
             rep, (ull)f->count, (ull)f->total, exact, dec_str(rv, sizeof rv, f->rounded, f->mark));
    break;
  case PT_AC_PCT_CEIL:
    snprintf(buf, cap, TR("reported %s%% fits %llu/%llu = %.6g%% only if rounded up (rounded: %s%%)",
                          "tỷ lệ in %s%% khớp %llu/%llu = %.6g%% chỉ khi làm tròn lên (làm tròn: %s%%)"),
             rep, (ull)f->count, (ull)f->total, exact, dec_str(rv, sizeof rv, f->rounded, f->mark));
    break;
  case PT_AC_PCT_BOUND:
    snprintf(buf, cap, TR("reported \"%s%%\" but %llu/%llu = %.6g%%, outside that bound",
                          "tỷ lệ in \"%s%%\" nhưng %llu/%llu = %.6g%%, nằm ngoài giới hạn đó"),
             rep, (ull)f->count, (ull)f->total, exact);
    break;
  case PT_AC_PCT_WRONG:
    snprintf(buf, cap, TR("reported %s%% but %llu/%llu = %.6g%%: %s%% rounded, %s%% truncated",
                          "tỷ lệ in %s%% nhưng %llu/%llu = %.6g%%: làm tròn là %s%%, cắt bỏ là %s%%"),
             rep, (ull)f->count, (ull)f->total, exact, dec_str(rv, sizeof rv, f->rounded, f->mark),
             dec_str(tv, sizeof tv, f->truncated, f->mark));
    break;
  case PT_AC_HABIT_NONE:
    snprintf(buf, cap, TR("%zu printed percentages: %zu fit rounding, %zu truncation, %zu rounding up; "
                          "no convention explains most of them",
                          "%zu tỷ lệ in: %zu khớp làm tròn, %zu khớp cắt bỏ, %zu khớp làm tròn lên; "
                          "không quy tắc nào giải thích phần lớn"),
             f->tally[0], f->tally[1], f->tally[2], f->tally[3]);
    break;
  case PT_AC_HABIT:
    snprintf(buf, cap, TR("%zu printed percentages: %zu fit rounding, %zu truncation, %zu rounding up; "
                          "the document's habit is %s",
                          "%zu tỷ lệ in: %zu khớp làm tròn, %zu khớp cắt bỏ, %zu khớp làm tròn lên; "
                          "thói quen của văn bản là %s"),
             f->tally[0], f->tally[1], f->tally[2], f->tally[3], habit_name(f->conv, vi));
    break;
  case PT_AC_HABIT_BREAK:
    snprintf(buf, cap, TR("reported %s%% breaks the document's habit (%s): %s", "tỷ lệ in %s%% khác thói quen của văn bản (%s): %s"),
             rep, habit_name(f->conv, vi), fits_name(f->fits, vi));
    break;
  case PT_AC_COUNT_EXCEEDS:
    snprintf(buf, cap, TR("count %llu exceeds total %llu", "số đạt %llu lớn hơn tổng số %llu"), (ull)f->count, (ull)f->total);
    break;
  case PT_AC_ZERO_TOTAL:
    snprintf(buf, cap, TR("total is 0 (count %llu)", "tổng số bằng 0 (số đạt %llu)"), (ull)f->count);
    break;
  case PT_AC_DUPLICATE:
    snprintf(buf, cap, TR("the same key appears on line %lu (%llu/%llu there, %llu/%llu here)",
                          "cùng khóa đã có ở dòng %lu (ở đó %llu/%llu, ở đây %llu/%llu)"),
             f->ref_line, (ull)f->ref_count, (ull)f->ref_total, (ull)f->count, (ull)f->total);
    break;
  case PT_AC_STAGE_ORDER:
    snprintf(buf, cap, TR("%s count %llu exceeds the earlier stage %s count %llu", "số %s %llu lớn hơn số của giai đoạn trước %s %llu"),
             f->stage ? f->stage : "", (ull)f->count, f->ref_stage ? f->ref_stage : "", (ull)f->ref_count);
    break;
  case PT_AC_STAGE_DENOM: {
    long long diff = (long long)f->total - (long long)f->ref_total;
    snprintf(buf, cap, TR("total %llu (%s) differs from %llu (%s) by %+lld units (%+.1f%%): rates of the two stages are not comparable",
                          "tổng số %llu (%s) khác %llu (%s) %+lld đơn vị (%+.1f%%): không so sánh được tỷ lệ của hai giai đoạn"),
             (ull)f->total, f->stage ? f->stage : "", (ull)f->ref_total, f->ref_stage ? f->ref_stage : "", diff,
             f->ref_total ? 100.0 * (double)diff / (double)f->ref_total : 0.0);
    break;
  }
  case PT_AC_PERIOD_DENOM: {
    double ch = f->ref_total ? ((double)f->total - (double)f->ref_total) / (double)f->ref_total : 0.0;
    snprintf(buf, cap, TR("total %llu in %ld against %llu in %ld (%+.1f%%, more than %g%%)",
                          "tổng số %llu năm %ld so với %llu năm %ld (%+.1f%%, quá %g%%)"),
             (ull)f->total, f->period, (ull)f->ref_total, f->ref_period, 100.0 * ch, 100.0 * f->threshold);
    break;
  }
  case PT_AC_REPEATED:
    snprintf(buf, cap, TR("same figure %llu/%llu as in %ld (possible copy-forward)", "cùng số liệu %llu/%llu như năm %ld (có thể chép lại từ năm trước)"),
             (ull)f->count, (ull)f->total, f->ref_period);
    break;
  case PT_AC_GAP:
    snprintf(buf, cap, TR("gap in the series: no figure for %ld between %ld and %ld", "chuỗi bị gián đoạn: không có số liệu năm %ld giữa %ld và %ld"),
             f->period, f->ref_period, f->ref_period2);
    break;
  case PT_AC_MISSING_PERIOD:
    snprintf(buf, cap, TR("no %s figure for %s in %ld, while other groups have one", "không có số liệu %s cho %s năm %ld, trong khi các nhóm khác có"),
             f->stage ? f->stage : "", f->group ? f->group : "", f->period);
    break;
  case PT_AC_MISSING_STAGE:
    snprintf(buf, cap, TR("group %s has no %s figures at all", "nhóm %s hoàn toàn không có số liệu %s"),
             f->group ? f->group : "", f->stage ? f->stage : "");
    break;
  case PT_AC_IMPOSSIBLE:
    snprintf(buf, cap, TR("no whole count of %llu units gives %s%% under any rounding convention",
                          "không có số nguyên nào trong %llu đơn vị cho %s%% theo bất kỳ quy tắc làm tròn nào"),
             (ull)f->total, rep);
    break;
  case PT_AC_IMPLIED_COUNT:
    snprintf(buf, cap, TR("count not given: %s%% of %llu is %llu (%s)", "không có số đạt: %s%% của %llu là %llu (%s)"),
             rep, (ull)f->total, (ull)f->lo, conv_name(f->conv, vi));
    break;
  case PT_AC_IMPLIED_COUNTS:
    snprintf(buf, cap, TR("count not given: %s%% of %llu is %llu to %llu (%s)", "không có số đạt: %s%% của %llu là từ %llu đến %llu (%s)"),
             rep, (ull)f->total, (ull)f->lo, (ull)f->hi, conv_name(f->conv, vi));
    break;
  case PT_AC_UNCHECKED:
    unchecked(buf, cap, f, vi);
    break;
  default:
    multi(buf, cap, f, vi);
  }
}
