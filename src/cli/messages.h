/* messages.h - every sentence template of the command, English and Vietnamese,
 * declared once and checked by the compiler.
 *
 * A message is a macro CLI_MSG_<ID> holding its two printf templates; the
 * list CLI_MESSAGES names every ID once, for the enum (CLI_M_<ID>) and the
 * table in i18n.c.  CLI_SAY(f, lang, ID, args) hands the arguments to printf
 * with both templates inside sizeof (never evaluated), so -Wformat checks
 * them against each language's conversions: a missing message is an
 * undeclared identifier, a wrong argument a format error, both builds fail.
 * Fixed words without conversions stay in the phrase table (cli_tr).
 */
#ifndef PROPTREND_CLI_MESSAGES_H
#define PROPTREND_CLI_MESSAGES_H

#include <stddef.h>
#include <stdio.h>

#define CLI_MSG_S_CHANGE_BODY \
  "%.1f%% \u2192 %.1f%%, %s pp (%g%% CI %s to %s)", \
  "%.1f%% \u2192 %.1f%%, %s điểm phần trăm (KTC %g%%: %s đến %s)"
#define CLI_MSG_S_CHANGE_TOTAL \
  "Differences: %s; p: %s test%s across %zu comparisons.\n", \
  "Chênh lệch: %s; p: kiểm định %s%s trên %zu so sánh.\n"
#define CLI_MSG_S_TREND_HEAD \
  "%s, %ld\u2013%ld (%zu periods): %s", \
  "%s, %ld\u2013%ld (%zu năm): %s"
#define CLI_MSG_S_TREND_CA \
  " (Cochran-Armitage z = %.2f, %s%s)", \
  " (Cochran-Armitage z = %.2f, %s%s)"
#define CLI_MSG_S_TREND_BREAK \
  "; but the periods differ (chi-square %s): look for a break, not a trend", \
  "; nhưng các năm khác nhau (khi bình phương %s): cần tìm điểm gãy, không phải xu hướng"
#define CLI_MSG_S_TREND_OR \
  "; odds ratio per period %.3f (%g%% CI %.3f to %.3f)", \
  "; tỷ số chênh mỗi năm %.3f (KTC %g%%: %.3f đến %.3f)"
#define CLI_MSG_S_TREND_APC \
  "; APC %.2f%% (%.2f to %.2f)", \
  "; phần trăm thay đổi hằng năm (APC) %.2f%% (%.2f đến %.2f)"
#define CLI_MSG_S_TREND_SHORT \
  "; only %zu periods: read with caution", \
  "; chỉ có %zu năm: cần thận trọng khi đọc"
#define CLI_MSG_S_JP_HEAD \
  "  joinpoints: %d (%s)", \
  "  điểm gãy: %d (%s)"
#define CLI_MSG_S_JP_TEST \
  "; %d vs %d: p = %.4f, %s at %.4f", \
  "; %d so với %d: p = %.4f, %s ở mức %.4f"
#define CLI_MSG_S_JP_SEG \
  "; %g\u2013%g APC %.2f%% (%.2f to %.2f)", \
  "; %g\u2013%g APC %.2f%% (%.2f đến %.2f)"
#define CLI_MSG_S_JP_AAPC \
  "; AAPC %g\u2013%g %.2f%% (%.2f to %.2f).\n", \
  "; AAPC %g\u2013%g %.2f%% (%.2f đến %.2f).\n"
#define CLI_MSG_S_JP_SHORT \
  "  joinpoints: not fitted: %zu periods; %d joinpoint(s) need %d.\n", \
  "  điểm gãy: không ước lượng: %zu năm; %d điểm gãy cần %d năm.\n"
#define CLI_MSG_S_JP_NOTE \
  "%zu periods; %ld joinpoint(s) need %d", \
  "%zu năm; %ld điểm gãy cần %d năm"
#define CLI_MSG_S_JP_FAIL \
  "  joinpoints: not fitted: %s.\n", \
  "  điểm gãy: không ước lượng: %s.\n"
#define CLI_MSG_S_ANOM_HEAD \
  "%s %ld: %.1f%% (%llu/%llu) against %.1f%% %s, ", \
  "%s %ld: %.1f%% (%llu/%llu) so với %.1f%% %s, "
#define CLI_MSG_S_ANOM_LOWER \
  "%.1f pp lower (%g%% CI %.1f to %.1f)", \
  "thấp hơn %.1f điểm phần trăm (KTC %g%%: %.1f đến %.1f)"
#define CLI_MSG_S_ANOM_HIGHER \
  "%.1f pp higher (%g%% CI %.1f to %.1f)", \
  "cao hơn %.1f điểm phần trăm (KTC %g%%: %.1f đến %.1f)"
#define CLI_MSG_S_ANOM_FLAG \
  ", %s (z = %.2f, %s)\n", \
  ", %s (z = %.2f, %s)\n"
#define CLI_MSG_S_ANOM_TOTAL \
  "anomalies (%s): %zu alarm%s, %zu warning%s among %zu points tested; q: Benjamini-Hochberg across all %zu tests.\n", \
  "điểm bất thường (%s): %zu báo động%s, %zu cảnh báo%s trong %zu điểm được kiểm định; q: Benjamini-Hochberg trên toàn bộ %zu kiểm định.\n"
#define CLI_MSG_S_ANOM_FEWOD \
  "%s %ld: %zu units, fewer than %d: no overdispersion estimate, so not tested\n", \
  "%s %ld: %zu đơn vị, ít hơn %d: không ước lượng được phương sai vượt trội, nên không kiểm định\n"
#define CLI_MSG_S_ANOM_TAU \
  "%s %ld: tau^2 = %.3g\n", \
  "%s %ld: tau^2 = %.3g\n"
#define CLI_MSG_S_ANOM_DISP \
  "%s: extra-binomial dispersion (Pearson chi-square / df) = %.2f%s\n", \
  "%s: độ phân tán ngoài nhị thức (khi bình phương Pearson / bậc tự do) = %.2f%s\n"
#define CLI_MSG_S_AUDIT_TOTAL \
  "audit: %zu error%s, %zu warning%s, %zu note%s in %zu rows\n", \
  "kiểm tra: %zu lỗi%s, %zu cảnh báo%s, %zu ghi chú%s trong %zu dòng\n"
#define CLI_MSG_S_VERIFY \
  "%s %ld: %llu of %llu re-inspected confirmed, %.1f%% (exact %.1f-%.1f%%, Wilson %.1f-%.1f%%); about %.0f of the %llu classified truly meet the standard (%llu-%llu); corrected rate %.1f%% (%.1f-%.1f%%) of %llu, against %.1f%% as classified.\n", \
  "%s %ld: %llu trong %llu đơn vị được kiểm tra lại đạt chuẩn, %.1f%% (chính xác %.1f-%.1f%%, Wilson %.1f-%.1f%%); khoảng %.0f trong %llu đơn vị được công nhận thực sự đạt chuẩn (%llu-%llu); tỷ lệ hiệu chỉnh %.1f%% (%.1f-%.1f%%) trên %llu, so với %.1f%% theo phân loại.\n"
#define CLI_MSG_S_VERIFY_NOTE \
  "Intervals at level %g; the exact ones are hypergeometric over the classified units; units not classified are counted as not meeting the standard.\n", \
  "Khoảng tin cậy mức %g; khoảng chính xác theo phân phối siêu bội trên các đơn vị được phân loại; các đơn vị không được phân loại được tính là không đạt chuẩn.\n"
#define CLI_MSG_S_SUM_ANOM \
  "Anomaly: %s\n", \
  "Bất thường: %s\n"
#define CLI_MSG_S_SUM_TREND \
  "Trend: %s\n", \
  "Xu hướng: %s\n"
#define CLI_MSG_S_SUM_AUDIT \
  "Audit: %s", \
  "Kiểm tra: %s"
#define CLI_MSG_S_SUM_EG \
  "; e.g. %s", \
  "; ví dụ: %s"
#define CLI_MSG_S_WRITTEN \
  "Report written to %s/ (%s)\n", \
  "Đã ghi báo cáo vào %s/ (%s)\n"
#define CLI_MSG_S_REP_PARTIAL \
  "Report written to %s/, but incomplete: %s\n", \
  "Đã ghi báo cáo vào %s/ nhưng chưa đầy đủ: %s\n"
#define CLI_MSG_S_REP_FAILED \
  "These parts could not be made and are missing from this report: %s.", \
  "Các phần sau không thực hiện được và không có trong báo cáo này: %s."
#define CLI_MSG_S_FROM_TEXT \
  "The text gave %zu figures; the %zu with a count, a total, a unit and a year are analysed; the audit of the text covers them all.", \
  "Văn bản có %zu số liệu; %zu số liệu có đủ số đạt, tổng số, đơn vị và năm được phân tích; phần kiểm tra văn bản xét tất cả."
#define CLI_MSG_S_DATA \
  "Read %s: %zu rows, %zu series, %zu groups, %zu stages, periods %ld to %ld.", \
  "Đã đọc %s: %zu dòng, %zu chuỗi số liệu, %zu nhóm, %zu giai đoạn, từ năm %ld đến %ld."
#define CLI_MSG_S_JP_PAIR_NONE \
  "  %s vs %s: not compared: %s\n", \
  "  %s so với %s: không so sánh: %s\n"
#define CLI_MSG_S_JP_CRIT \
  "; %s(%d) = %.4f", \
  "; %s(%d) = %.4f"
#define CLI_MSG_S_JP_JUMP \
  "; level ratio from %g: %.3f (%.3f to %.3f), APCs with the jump removed", \
  "; tỷ số mức từ %g: %.3f (%.3f đến %.3f), APC đã loại bước nhảy"
#define CLI_MSG_S_JP_ADJUSTED \
  "; %d period(s) with a rate of 0 or 100%% moved by half a unit", \
  "; %d năm có tỷ lệ 0 hoặc 100%% được điều chỉnh nửa đơn vị"
#define CLI_MSG_S_JP_PAIR \
  "  %s vs %s (%d joinpoints): parallel p = %.4f, coincident p = %.4f; AAPC difference %.2f (%.2f to %.2f)\n", \
  "  %s so với %s (%d điểm gãy): song song p = %.4f, trùng nhau p = %.4f; chênh lệch AAPC %.2f (%.2f đến %.2f)\n"

#define CLI_MSG_S_ANOM_FLAG_T \
  ", %s (t = %.2f, %s)\n", \
  ", %s (t = %.2f, %s)\n"
#define CLI_MSG_S_JP_BREAK \
  "A break of definition is declared from %ld (%s): every joinpoint model has a level shift there (the comparability ratio in the jump columns), so the step is not read as a trend.", \
  "Có thay đổi định nghĩa từ năm %ld (%s): mọi mô hình điểm gãy có một bước nhảy mức tại đó (tỷ số so sánh ở các cột jump), nên bước nhảy không bị hiểu là xu hướng."
#define CLI_MSG_S_SUM_DISP \
  "; year-to-year variation allowed for (variance x %.1f)", \
  "; đã tính biến động giữa các năm (phương sai x %.1f)"
#define CLI_MSG_S_ANOM_SCALED \
  "; its residuals scaled by it (quasi-binomial), tests on t with %.0f df", \
  "; phần dư được chia theo hệ số này (tựa nhị thức), kiểm định t với %.0f bậc tự do"
#define CLI_MSG_S_TREND_T \
  " (Cochran-Armitage allowing for the dispersion: t = %.2f on %.0f df, %s%s)", \
  " (Cochran-Armitage có tính độ phân tán: t = %.2f với %.0f bậc tự do, %s%s)"
#define CLI_MSG_S_DISP_WILLIAMS \
  "%s: variance allows for year-to-year variation beyond binomial sampling: intra-class correlation rho = %.4f (dispersion %.1f at the mean size of %.0f units), Williams' method pooled over %zu series (%.0f df), each series with %s; tests on t with %.0f df\n", \
  "%s: phương sai có tính đến biến động giữa các năm vượt quá sai số lấy mẫu nhị thức: hệ số tương quan nội lớp rho = %.4f (hệ số phân tán %.1f tại cỡ trung bình %.0f đơn vị), phương pháp Williams gộp %zu chuỗi (%.0f bậc tự do), mỗi chuỗi %s; kiểm định theo phân phối t với %.0f bậc tự do\n"
#define CLI_MSG_S_DISP_QUASI \
  "%s: variance multiplied by the quasi-binomial dispersion phi = %.2f (Pearson chi-square / df, pooled over %zu series, %.0f df, each series with %s); tests on t with %.0f df\n", \
  "%s: phương sai nhân với hệ số phân tán tựa nhị thức phi = %.2f (khi bình phương Pearson / bậc tự do, gộp %zu chuỗi, %.0f bậc tự do, mỗi chuỗi %s); kiểm định theo phân phối t với %.0f bậc tự do\n"
#define CLI_MSG_S_DISP_BINOMIAL \
  "%s: no variation beyond binomial sampling (Pearson chi-square / df = %.2f on %.0f df): binomial variance\n", \
  "%s: không có biến động vượt quá sai số lấy mẫu nhị thức (khi bình phương Pearson / bậc tự do = %.2f với %.0f bậc tự do): dùng phương sai nhị thức\n"
#define CLI_MSG_S_DISP_FEW \
  "%s: too few points to estimate the dispersion: binomial variance\n", \
  "%s: quá ít điểm để ước lượng độ phân tán: dùng phương sai nhị thức\n"
#define CLI_MSG_S_DISP_OFF \
  "%s: binomial variance (--variance binomial): variation beyond sampling is not allowed for\n", \
  "%s: phương sai nhị thức (--variance binomial): không tính biến động vượt quá sai số lấy mẫu\n"
#define CLI_MSG_S_LANEY \
  "%s: Laney p' chart, sigma_z = %.2f from %zu moving ranges\n", \
  "%s: biểu đồ p' của Laney, sigma_z = %.2f từ %zu khoảng biến thiên trượt\n"
#define CLI_MSG_S_FUNNEL_TAU \
  "%s: funnel limits include the between-unit variance tau^2 = %.3g (Spiegelhalter 2005), as there are %zu units (at least %d)\n", \
  "%s: giới hạn phễu gồm phương sai giữa các đơn vị tau^2 = %.3g (Spiegelhalter 2005), vì có %zu đơn vị (tối thiểu %d)\n"
#define CLI_MSG_S_FUNNEL_EXACT \
  "%s: exact binomial funnel limits: %zu units, fewer than the %d needed to estimate tau^2\n", \
  "%s: giới hạn phễu nhị thức chính xác: %zu đơn vị, ít hơn %d cần để ước lượng tau^2\n"
#define CLI_MSG_S_NESTED \
  "%s %ld: %.1f%% of the registered units were recognised (%.1f%% to %.1f%%)\n", \
  "%s %ld: %.1f%% số đơn vị đăng ký được công nhận (%.1f%% đến %.1f%%)\n"
#define CLI_MSG_S_NESTED_TOTALS \
  "%s %ld: the recognised stage counts %.0f units, the registered %.0f: the ratio is not a share of the registered units\n", \
  "%s %ld: giai đoạn công nhận tính trên %.0f đơn vị, giai đoạn đăng ký %.0f: tỷ số không phải là tỷ lệ trong số đơn vị đăng ký\n"
#define CLI_MSG_S_NESTED_EXCEEDS \
  "%s %ld: more units recognised (%.0f) than registered (%.0f): not a subset\n", \
  "%s %ld: số đơn vị công nhận (%.0f) nhiều hơn số đăng ký (%.0f): không phải tập con\n"
#define CLI_MSG_S_RG_BELOW \
  "the apparent rate is below the false-positive rate 1 - Sp: the adjustment is not identifiable (unclipped %.3f)\n", \
  "tỷ lệ quan sát thấp hơn tỷ lệ dương tính giả 1 - Sp: không xác định được giá trị hiệu chỉnh (chưa cắt %.3f)\n"
#define CLI_MSG_S_RG_ABOVE \
  "the apparent rate is above the sensitivity Se: the adjustment is not identifiable (unclipped %.3f)\n", \
  "tỷ lệ quan sát cao hơn độ nhạy Se: không xác định được giá trị hiệu chỉnh (chưa cắt %.3f)\n"

#define CLI_MESSAGES(X) \
  X(S_CHANGE_BODY) \
  X(S_CHANGE_TOTAL) \
  X(S_TREND_HEAD) \
  X(S_TREND_CA) \
  X(S_TREND_BREAK) \
  X(S_TREND_OR) \
  X(S_TREND_APC) \
  X(S_TREND_SHORT) \
  X(S_JP_HEAD) \
  X(S_JP_TEST) \
  X(S_JP_SEG) \
  X(S_JP_AAPC) \
  X(S_JP_SHORT) \
  X(S_JP_NOTE) \
  X(S_JP_FAIL) \
  X(S_ANOM_HEAD) \
  X(S_ANOM_LOWER) \
  X(S_ANOM_HIGHER) \
  X(S_ANOM_FLAG) \
  X(S_ANOM_TOTAL) \
  X(S_ANOM_FEWOD) \
  X(S_ANOM_TAU) \
  X(S_ANOM_DISP) \
  X(S_AUDIT_TOTAL) \
  X(S_VERIFY) \
  X(S_VERIFY_NOTE) \
  X(S_SUM_ANOM) \
  X(S_SUM_TREND) \
  X(S_SUM_AUDIT) \
  X(S_SUM_EG) \
  X(S_WRITTEN) \
  X(S_REP_PARTIAL) \
  X(S_REP_FAILED) \
  X(S_FROM_TEXT) \
  X(S_DATA) \
  X(S_JP_PAIR_NONE) \
  X(S_JP_CRIT) \
  X(S_JP_JUMP) \
  X(S_JP_ADJUSTED) \
  X(S_JP_PAIR) \
  X(S_ANOM_FLAG_T) \
  X(S_JP_BREAK) \
  X(S_SUM_DISP) \
  X(S_ANOM_SCALED) \
  X(S_TREND_T) \
  X(S_DISP_WILLIAMS) \
  X(S_DISP_QUASI) \
  X(S_DISP_BINOMIAL) \
  X(S_DISP_FEW) \
  X(S_DISP_OFF) \
  X(S_LANEY) \
  X(S_FUNNEL_TAU) \
  X(S_FUNNEL_EXACT) \
  X(S_NESTED) \
  X(S_NESTED_TOTALS) \
  X(S_NESTED_EXCEEDS) \
  X(S_RG_BELOW) \
  X(S_RG_ABOVE)

/* The message ids, and each id's template in either language. */
enum cli_msg {
#define CLI_MSG_ENUM_(id) CLI_M_##id,
  CLI_MESSAGES(CLI_MSG_ENUM_)
#undef CLI_MSG_ENUM_
  CLI_M_N
};
#define CLI_APPLY_(f, args) f args
#define CLI_EN_(en, vi) en
#define CLI_VI_(en, vi) vi
#define CLI_EN(id) CLI_APPLY_(CLI_EN_, (CLI_MSG_##id))
#define CLI_VI(id) CLI_APPLY_(CLI_VI_, (CLI_MSG_##id))

/* Write message id with its arguments to f (CLI_SAY) or buf (CLI_SAYS), in
 * lang; in Vietnamese what %f, %g and %e write gets a decimal comma. */
#define CLI_SAY(f, lang, id, ...)                                                   \
  ((void)sizeof(printf(CLI_EN(id), __VA_ARGS__)), (void)sizeof(printf(CLI_VI(id), __VA_ARGS__)), \
   cli_sayf((f), (lang), CLI_M_##id, __VA_ARGS__))
#define CLI_SAYS(buf, cap, lang, id, ...)                                           \
  ((void)sizeof(printf(CLI_EN(id), __VA_ARGS__)), (void)sizeof(printf(CLI_VI(id), __VA_ARGS__)), \
   cli_saysf((buf), (cap), (lang), CLI_M_##id, __VA_ARGS__))
void cli_sayf(FILE *f, const char *lang, enum cli_msg id, ...);
void cli_saysf(char *buf, size_t cap, const char *lang, enum cli_msg id, ...);

#endif
