/* i18n.c - every phrase the command writes for people (figure labels,
 * report headings, table headers of the review pack) in English and
 * Vietnamese, kept in one place, and the writing of the sentence templates
 * of messages.h (CLI_SAY), whose arguments the compiler checks against
 * both languages.  The library's
 * audit messages are the one exception: they are made in the library and
 * kept, in both languages, in its own table (src/lib/audit.c). */
#include <config.h>

#include <stdarg.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const struct { const char *key, *en, *vi; } phrases[] = {
  { "percent", "Percent", "Tỷ lệ (%)" },
  { "year", "Year", "Năm" },
  { "diff_pp", "Difference (percentage points)", "Chênh lệch (điểm phần trăm)" },
  { "units", "Units", "Số đơn vị" },
  { "target", "Target", "Mục tiêu" },
  { "limit95", "95% limits", "Giới hạn 95%" },
  { "limit998", "99.8% limits", "Giới hạn 99,8%" },
  { "expected", "Expected", "Kỳ vọng" },
  { "observed", "Observed", "Quan sát" },
  { "warning", "Warning", "Cảnh báo" },
  { "alarm", "Alarm", "Báo động" },
  { "rates_title", "Rates with 95% confidence intervals", "Tỷ lệ và khoảng tin cậy 95%" },
  { "change_title", "Year-over-year change", "Thay đổi so với năm trước" },
  { "control_title", "Control chart", "Biểu đồ kiểm soát" },
  { "funnel_title", "Funnel plot", "Biểu đồ phễu" },
  { "audit_title", "Printed against recomputed percentages", "Tỷ lệ in trong báo cáo và tỷ lệ tính lại" },
  { "printed", "Printed percentage", "Tỷ lệ in trong báo cáo" },
  { "recomputed", "Recomputed percentage", "Tỷ lệ tính lại" },
  { "oc_title", "LQAS operating characteristic", "Đường đặc trưng hoạt động LQAS" },
  { "failure_rate", "True failure rate of the lot (%)", "Tỷ lệ không đạt thực tế của lô (%)" },
  { "p_accept", "Probability of accepting the lot (%)", "Xác suất chấp nhận lô (%)" },
  { "oc_curve", "P(accept)", "P(chấp nhận)" },
  { "acceptable", "Acceptable", "Chấp nhận được" },
  { "unacceptable", "Unacceptable", "Không chấp nhận được" },
  { "mismatch", "Mismatch", "Không khớp" },
  { "consistent", "Consistent", "Khớp" },
  { "report_title", "Review pack", "Báo cáo phân tích" },
  { "sec_data", "Data", "Dữ liệu" },
  { "sec_rates", "Rates with confidence intervals", "Tỷ lệ và khoảng tin cậy" },
  { "sec_change", "Year-over-year changes", "Thay đổi qua các năm" },
  { "sec_trend", "Trends", "Xu hướng" },
  { "sec_anom", "Anomalies", "Điểm bất thường" },
  { "sec_audit", "Consistency audit", "Kiểm tra tính nhất quán" },
  { "sec_audit_text", "Audit of the report's text", "Kiểm tra văn bản báo cáo" },
  { "sec_methods", "Methods", "Phương pháp" },
  { "sec_summary", "Main findings", "Phát hiện chính" },
  { "rates_intro", "Proportion of each row with its 95% Wilson score interval.",
                   "Tỷ lệ của từng dòng với khoảng tin cậy Wilson 95%." },
  { "change_intro", "Each series against its previous period: difference (Newcombe interval), two-proportion z test, Holm-adjusted.",
                    "Mỗi chuỗi so với năm trước: chênh lệch (khoảng Newcombe), kiểm định z hai tỷ lệ, hiệu chỉnh Holm." },
  { "trend_intro", "Cochran-Armitage test, logistic trend and annual percent change for every series with 3 or more periods.",
                   "Kiểm định Cochran-Armitage, xu hướng logistic và phần trăm thay đổi hằng năm cho mỗi chuỗi có từ 3 năm trở lên." },
  { "jp_intro", "Joinpoint regression of ln p, weighted by the standard errors (weights n p / (1 - p)), with as many joinpoints as NCI's Joinpoint recommends for the longest series (1 for 7-11 periods, 2 for 12-16, 3 from 17 on), chosen by the weighted BIC (Kim et al. 2022): one row per segment with its annual percent change, and the average over the whole range (AAPC).",
                "Hồi quy điểm gãy của ln p, có trọng số theo sai số chuẩn (trọng số n p / (1 - p)), với số điểm gãy tối đa theo khuyến nghị của chương trình Joinpoint (NCI) cho chuỗi dài nhất (1 cho 7-11 năm, 2 cho 12-16, 3 từ 17 năm), chọn bằng BIC có trọng số (Kim và cộng sự 2022): mỗi đoạn một dòng với phần trăm thay đổi hằng năm, và mức trung bình trên toàn giai đoạn (AAPC)." },
  { "anom_intro", "Each period against the other periods of its series (leave-one-out); then each cell against its group and year (two-way GLM). Warning beyond 95%, alarm beyond 99.8%.",
                  "Mỗi năm so với các năm còn lại của chuỗi (loại trừ từng năm); sau đó mỗi ô so với nhóm và năm của nó (GLM hai chiều). Cảnh báo vượt 95%, báo động vượt 99,8%." },
  { "audit_intro", "Printed percentages against their counts (four rounding conventions, exact arithmetic), stage order and denominators, repeated and missing figures.",
                   "Tỷ lệ in trong báo cáo so với số liệu (bốn quy tắc làm tròn, tính chính xác), thứ tự giai đoạn và mẫu số, số liệu lặp lại và thiếu." },
  { "no_gnuplot", "gnuplot was not available: the figures are given as gnuplot scripts in figures/*.gp; render them with: gnuplot FILE.gp",
                  "Không có gnuplot: các hình được lưu dưới dạng tập lệnh gnuplot trong figures/*.gp; vẽ bằng lệnh: gnuplot FILE.gp" },
  { "none_found", "None.", "Không có." },
  { "ref_variance", "Variance: year-to-year variation beyond binomial sampling is estimated per stage, pooled over its series, by Williams' (1982) beta-binomial moments (each point's variance times 1 + rho (n - 1)); flags (leave-one-out prediction intervals, p-chart limits) and the trend verdict (a Cochran-Armitage score test with those weights) then use Student's t on its degrees of freedom; the funnel adds the between-unit variance tau^2 of Spiegelhalter (2005) when a cross-section has 10 units or more; the two-way model is quasi-binomial. Data without extra variation get the binomial results.",
                    "Phương sai: biến động giữa các năm vượt quá sai số lấy mẫu nhị thức được ước lượng cho từng giai đoạn, gộp các chuỗi của giai đoạn đó, bằng phương pháp mô-men beta-nhị thức của Williams (1982) (phương sai mỗi điểm nhân với 1 + rho (n - 1)); các cảnh báo (khoảng dự báo loại-một, giới hạn biểu đồ p) và kết luận xu hướng (kiểm định điểm Cochran-Armitage với các trọng số đó) dùng phân phối t Student với số bậc tự do tương ứng; biểu đồ phễu cộng phương sai giữa các đơn vị tau^2 của Spiegelhalter (2005) khi có từ 10 đơn vị; mô hình hai chiều là tựa nhị thức. Số liệu không có biến động thêm cho kết quả như nhị thức." },
  { "ref_variance_off", "Variance: binomial (--variance binomial): variation beyond sampling is not allowed for, so flags and verdicts can be far more frequent than their nominal rates.",
                        "Phương sai: nhị thức (--variance binomial): không tính biến động vượt quá sai số lấy mẫu, nên cảnh báo và kết luận có thể nhiều hơn nhiều so với tỷ lệ danh nghĩa." },
  { "tables_note", "Every table is also in tables/*.csv (for scripts), in tables.xlsx (one sheet each) and in tables.tex (for \\input); the whole report is also report.docx and report.tex.",
                   "Mọi bảng cũng có trong tables/*.csv (cho chương trình), tables.xlsx (mỗi bảng một trang tính) và tables.tex (để \\input); toàn bộ báo cáo còn có report.docx và report.tex." },
  /* ---- sentences (printf templates) ---- */
  { "Fisher's exact", "Fisher's exact", "chính xác Fisher" },
  { "two-proportion z", "two-proportion z", "z hai tỷ lệ" },
  { ", not adjusted", ", not adjusted", ", không hiệu chỉnh" },
  { ", Holm-adjusted", ", Holm-adjusted", ", hiệu chỉnh Holm" },
  { ", Benjamini-Hochberg-adjusted", ", Benjamini-Hochberg-adjusted", ", hiệu chỉnh Benjamini-Hochberg" },
  { ", Bonferroni-adjusted", ", Bonferroni-adjusted", ", hiệu chỉnh Bonferroni" },
  { "s_p_undef", ", p undefined", ", không xác định được p" },
  { "s_one_inc", ", one-sided, increasing", ", một phía, tăng" },
  { "s_one_dec", ", one-sided, decreasing", ", một phía, giảm" },
  { "s_trend_notest", " (no test: every unit, or none, met the standard in every period)",
                      " (không kiểm định: mọi đơn vị, hoặc không đơn vị nào, đạt chuẩn trong mọi năm)" },
  { "s_trend_apc_undef", "; APC undefined (a rate of 0, or of 100%% with binomial weights)",
                         "; không xác định được APC (tỷ lệ bằng 0, hoặc 100%% khi dùng trọng số nhị thức)" },
  { "s_jp_bic", "BIC", "BIC" },
  { "s_jp_perm", "permutation tests", "kiểm định hoán vị" },
  { "s_jp_rej", "rejected", "bác bỏ" },
  { "s_jp_kept", "not rejected", "không bác bỏ" },
  { "s_jp_toomany", "too many joinpoint placements for permutation tests: use --select bic, fewer --permutations or a smaller MAX",
                    "quá nhiều cách đặt điểm gãy cho kiểm định hoán vị: dùng --select bic, ít --permutations hơn hoặc MAX nhỏ hơn" },
  { "s_jp_note_zero", "a rate of 0", "có tỷ lệ bằng 0" },
  { "s_jp_zero", "  joinpoints: not fitted: a rate of 0 (ln 0).\n", "  điểm gãy: không ước lượng: có tỷ lệ bằng 0 (ln 0).\n" },
  { "rising", "rising", "tăng" },
  { "falling", "falling", "giảm" },
  { "no clear trend", "no clear trend", "không có xu hướng rõ ràng" },
  { "no variation", "no variation", "không biến động" },
  { "in the other years", "in the other years", "ở các năm khác" },
  { "on the centre line", "on the centre line", "trên đường trung tâm" },
  { "at the target", "at the target", "theo mục tiêu" },
  { "expected for its group and year", "expected for its group and year", "kỳ vọng theo nhóm và năm" },
  { "w_alarm", "alarm", "báo động" },
  { "w_warning", "warning", "cảnh báo" },
  { "w_noflag", "no flag", "không cảnh báo" },
  { "w_error", "error", "lỗi" },
  { "w_note", "note", "ghi chú" },
  { "s_anom_over", " (overdispersed: flags are more frequent than their nominal rate)",
                   " (phân tán vượt trội: cảnh báo xuất hiện nhiều hơn tỷ lệ danh nghĩa)" },
  /* ---- the review pack's summary, on stdout and in the report ---- */
  { "sec_segments", "Joinpoint segments", "Các đoạn xu hướng (joinpoint)" },
  { "sec_twoway", "Cells against their group and year (two-way)", "Ô số liệu so với nhóm và năm (mô hình hai chiều)" },
  { "sec_problems", "Problems", "Vấn đề" },
  /* ---- methods and references ---- */
  { "ref_rates", "Rates: Wilson (1927) score interval; other methods on request (Newcombe 1998; Brown, Cai & DasGupta 2001; Clopper & Pearson 1934; Blaker 2000).",
                 "Tỷ lệ: khoảng điểm Wilson (1927); các phương pháp khác theo yêu cầu (Newcombe 1998; Brown, Cai & DasGupta 2001; Clopper & Pearson 1934; Blaker 2000)." },
  { "ref_change", "Changes: Newcombe (1998) hybrid score interval for differences; two-proportion z test; Holm (1979) adjustment.",
                  "Thay đổi: khoảng điểm lai Newcombe (1998) cho chênh lệch; kiểm định z hai tỷ lệ; hiệu chỉnh Holm (1979)." },
  { "ref_trend", "Trends: Cochran (1954) and Armitage (1955) test; binomial GLM logistic trend with profile-likelihood intervals (Venables & Ripley 2002); annual percent change and joinpoint regression with permutation tests (Kim et al. 2000; Clegg et al. 2009 for the AAPC).",
                 "Xu hướng: kiểm định Cochran (1954) và Armitage (1955); xu hướng logistic bằng GLM nhị thức với khoảng hợp lý hồ sơ (Venables & Ripley 2002); phần trăm thay đổi hằng năm và hồi quy điểm gãy với kiểm định hoán vị (Kim và cộng sự 2000; Clegg và cộng sự 2009 cho AAPC)." },
  { "ref_anom", "Anomalies: leave-one-out two-proportion tests with Fisher's exact test for small counts; binomial GLM residuals (McCullagh & Nelder 1989); Benjamini & Hochberg (1995) q-values; funnel limits after Spiegelhalter (2005).",
                "Bất thường: kiểm định hai tỷ lệ loại trừ từng năm, kiểm định chính xác Fisher khi số nhỏ; phần dư GLM nhị thức (McCullagh & Nelder 1989); giá trị q Benjamini & Hochberg (1995); giới hạn phễu theo Spiegelhalter (2005)." },
  { "ref_audit", "Audit: exact integer check of printed percentages under rounding half-up, half-even, truncation and ceiling (after GRIM, Brown & Heathers 2017).",
                 "Kiểm tra: đối chiếu chính xác (số nguyên) tỷ lệ in trong báo cáo theo làm tròn lên từ nửa, làm tròn về số chẵn, cắt bỏ và làm tròn lên (theo GRIM, Brown & Heathers 2017)." },
  /* ---- column headers of the review pack's tables ---- */
  { "col_area", "area", "địa bàn" },
  { "col_group", "group", "nhóm" },
  { "col_stage", "stage", "giai đoạn" },
  { "col_period", "period", "năm" },
  { "col_count", "count", "số đạt" },
  { "col_total", "total", "tổng số" },
  { "col_p", "p", "tỷ lệ" },
  { "col_lower", "lower", "cận dưới" },
  { "col_upper", "upper", "cận trên" },
  { "col_method", "method", "phương pháp" },
  { "col_level", "level", "mức tin cậy" },
  { "col_from", "from", "từ năm" },
  { "col_to", "to", "đến năm" },
  { "col_diff", "diff", "chênh lệch" },
  { "col_z", "z", "z" },
  { "col_p_value", "p_value", "giá trị p" },
  { "col_p_adjusted", "p_adjusted", "p hiệu chỉnh" },
  { "col_q_value", "q_value", "giá trị q" },
  { "col_expected", "expected", "kỳ vọng" },
  { "col_severity", "severity", "mức độ" },
  { "col_direction", "direction", "hướng" },
  { "col_verdict", "verdict", "kết luận" },
  { "col_joinpoints", "joinpoints", "số điểm gãy" },
  { "col_selection", "selection", "cách chọn" },
  { "col_segment", "segment", "đoạn" },
  { "col_aapc", "aapc", "AAPC" },
  { "col_aapc_lower", "aapc_lower", "AAPC, cận dưới" },
  { "col_aapc_upper", "aapc_upper", "AAPC, cận trên" },
  { "col_tests", "tests", "kiểm định" },
  { "col_note", "note", "ghi chú" },
  { "col_n_periods", "n_periods", "số năm" },
  { "col_apc", "apc", "APC" },
  { "col_rule", "rule", "quy tắc" },
  { "col_message", "message", "nội dung" },
  { "col_line", "line", "dòng" },
  { "col_reported", "reported", "tỷ lệ in" },
  { "col_count_from", "count_from", "số đạt (năm đầu)" },
  { "col_count_to", "count_to", "số đạt (năm sau)" },
  { "col_total_from", "total_from", "tổng số (năm đầu)" },
  { "col_total_to", "total_to", "tổng số (năm sau)" },
  { "col_p_from", "p_from", "tỷ lệ (năm đầu)" },
  { "col_p_to", "p_to", "tỷ lệ (năm sau)" },
  { "col_diff_lower", "diff_lower", "chênh lệch, cận dưới" },
  { "col_diff_upper", "diff_upper", "chênh lệch, cận trên" },
  { "col_ratio", "ratio", "tỷ số" },
  { "col_ratio_lower", "ratio_lower", "tỷ số, cận dưới" },
  { "col_ratio_upper", "ratio_upper", "tỷ số, cận trên" },
  { "col_odds_ratio", "odds_ratio", "tỷ số chênh" },
  { "col_or_lower", "or_lower", "tỷ số chênh, cận dưới" },
  { "col_or_upper", "or_upper", "tỷ số chênh, cận trên" },
  { "col_fisher_p", "fisher_p", "p (Fisher)" },
  { "col_diff_method", "diff_method", "phương pháp chênh lệch" },
  { "col_ratio_method", "ratio_method", "phương pháp tỷ số" },
  { "col_or_method", "or_method", "phương pháp tỷ số chênh" },
  { "col_ca_chisq", "ca_chisq", "khi bình phương CA" },
  { "col_ca_z", "ca_z", "z CA" },
  { "col_ca_p", "ca_p", "p CA" },
  { "col_logit_slope", "logit_slope", "hệ số logit" },
  { "col_logit_se", "logit_se", "sai số chuẩn logit" },
  { "col_or_per_period", "or_per_period", "tỷ số chênh mỗi năm" },
  { "col_or_wald_lower", "or_wald_lower", "cận dưới Wald" },
  { "col_or_wald_upper", "or_wald_upper", "cận trên Wald" },
  { "col_or_profile_lower", "or_profile_lower", "cận dưới hồ sơ" },
  { "col_or_profile_upper", "or_profile_upper", "cận trên hồ sơ" },
  { "col_apc_lower", "apc_lower", "APC, cận dưới" },
  { "col_apc_upper", "apc_upper", "APC, cận trên" },
  { "col_homogeneity_chisq", "homogeneity_chisq", "khi bình phương đồng nhất" },
  { "col_homogeneity_p", "homogeneity_p", "p đồng nhất" },
  /* cell values of the review pack's tables */
  { "val_alarm", "alarm", "báo động" },
  { "val_warning", "warning", "cảnh báo" },
  { "val_none", "none", "không" },
  { "val_note", "note", "ghi chú" },
  { "val_error", "error", "lỗi" },
  { "val_drop", "drop", "giảm" },
  { "val_rise", "rise", "tăng" },
  { "val_rising", "rising", "tăng" },
  { "val_permutation", "permutation", "hoán vị" },
  { "val_falling", "falling", "giảm" },
  { "val_no clear trend", "no clear trend", "không có xu hướng rõ ràng" },
  { "val_no variation", "no variation", "không biến động" },
  /* joinpoint, issue 21: the figure's words, sentences for the weighted
   * fit, the jump and the pairwise comparison, and the methods' reference */
  { "jpfig_title", "Joinpoint model", "Mô hình hồi quy điểm gãy" },
  { "jpfig_fitted", "fitted", "ước lượng" },
  { "jpfig_joinpoint", "joinpoint", "điểm gãy" },
  { "jpfig_jump", "break of definition", "thay đổi định nghĩa" },
  { "different periods", "different periods", "các năm khác nhau" },
  { "series too short for the model", "series too short for the model", "chuỗi quá ngắn cho mô hình" },
  { "ref_jp_issue21", "Joinpoint: weighted least squares of ln p with standard-error weights n p/(1 - p); the number of joinpoints by the weighted BIC (Kim et al. 2022); two trends compared by the tests of parallelism and coincidence (Kim et al. 2004); a break of definition by the comparability-ratio (jump) model.",
                      "Điểm gãy: bình phương tối thiểu có trọng số của ln p với trọng số sai số chuẩn n p/(1 - p); số điểm gãy chọn bằng BIC có trọng số (Kim và cộng sự 2022); hai xu hướng so sánh bằng kiểm định song song và trùng nhau (Kim và cộng sự 2004); thay đổi định nghĩa bằng mô hình bước nhảy (tỷ số so sánh)." },
  /* ---- issue 16: the variance model (dispersion.h), nested stages, Rogan-Gladen with counts ---- */
  { "val_own_mean", "its own mean", "một mức trung bình riêng" },
  { "val_own_trend", "its own logistic trend", "một xu hướng logistic riêng" },
  { "s_logit_separated", "; odds ratio not estimable: the series is at 0% or 100% on one side of a period (separation)",
                         "; không ước lượng được tỷ số chênh: chuỗi ở mức 0% hoặc 100% về một phía của một năm (tách biệt hoàn toàn)" },
  { "s_anom_mirror", "  (only two periods were left to compare: their two flags are one comparison)\n",
                     "  (chỉ còn hai năm để so sánh: cảnh báo này và cảnh báo của năm kia là một phép so sánh)\n" },
  { "s_funnel_kinds", "a funnel compares units of one kind (the areas of one group and stage); this table has no area column, so its units would be groups of different kinds against one pooled target",
                      "biểu đồ phễu so sánh các đơn vị cùng loại (các địa bàn của một nhóm và giai đoạn); bảng này không có cột địa bàn nên các đơn vị sẽ là các nhóm khác loại so với một mục tiêu chung" },
  { "s_rg_uninformative", "Se + Sp <= 1: the classification carries no information; no adjustment\n",
                          "Se + Sp <= 1: phân loại không mang thông tin; không hiệu chỉnh\n" },
  /* figures: a series too short for its limits or its fit is still drawn */
  { "ctl_no_limits", "no control limits: fewer than 3 periods", "chưa có giới hạn kiểm soát: ít hơn 3 năm" },
  { "jpfig_no_fit", "no joinpoint fit", "không khớp được mô hình điểm gãy" },
  { NULL, NULL, NULL }
};

const char *cli_tr(const char *key, const char *lang)
{
  for (size_t i = 0; phrases[i].key; i++)
    if (!strcmp(phrases[i].key, key)) return lang && !strcmp(lang, "vi") ? phrases[i].vi : phrases[i].en;
  return key;
}

static int is_vi(const char *lang) { return lang && !strcmp(lang, "vi"); }

/* Vietnamese writes the decimal mark as a comma: a '.' between two digits
 * becomes ','. */
static void vi_decimals(char *s)
{
  for (size_t i = 1; s[i] && s[i + 1]; i++)
    if (s[i] == '.' && s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9') s[i] = ',';
}

/* Append to a growing string. */
typedef struct sbuf { char *s; size_t n, cap; int oom; } sbuf;
static void sb_put(sbuf *b, const char *t, size_t len)
{
  if (b->oom) return;
  if (b->n + len + 1 > b->cap) {
    size_t nc = (b->n + len + 1) * 2;
    char *ns = realloc(b->s, nc);
    if (!ns) { b->oom = 1; return; }
    b->s = ns; b->cap = nc;
  }
  memcpy(b->s + b->n, t, len);
  b->n += len;
  b->s[b->n] = '\0';
}

/* printf with the template of key, one conversion at a time, so that in
 * Vietnamese only what a floating conversion (%f, %g, %e) wrote gets the
 * decimal comma: labels, file names and other %s arguments stay as they
 * are.  Templates use flags, width and precision, and the l, ll and z
 * length modifiers; never '*'.  Each one-conversion spec is checked here,
 * by hand (its argument is fetched with the type its conversion names), so
 * the compiler's check of a literal format is switched off for it; the
 * templates themselves are checked by cli_phrases_check. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int cli_vsayf(char **out, const char *lang, const char *fmt, va_list ap)
{
  int vi = is_vi(lang);
  sbuf b = { NULL, 0, 0, 0 };
  sb_put(&b, "", 0);
  for (const char *p = fmt; *p && !b.oom;) {
    if (*p != '%') {
      const char *q = strchr(p, '%');
      size_t len = q ? (size_t)(q - p) : strlen(p);
      sb_put(&b, p, len);
      p += len;
      continue;
    }
    if (p[1] == '%') { sb_put(&b, "%", 1); p += 2; continue; }
    char spec[32], piece[512];
    size_t k = 0;
    int lmod = 0, zmod = 0;
    spec[k++] = *p++;
    while (*p && strchr("-+ #0123456789.", *p) && k < 20) spec[k++] = *p++;
    while (*p && strchr("lz", *p) && k < 24) { if (*p == 'l') lmod++; else zmod = 1; spec[k++] = *p++; }
    if (!*p) break;
    char conv = *p++;
    spec[k++] = conv;
    spec[k] = '\0';
    int len = 0;
    switch (conv) {
    case 'd': case 'i':
      len = zmod ? snprintf(piece, sizeof piece, spec, va_arg(ap, ssize_t))
          : lmod >= 2 ? snprintf(piece, sizeof piece, spec, va_arg(ap, long long))
          : lmod ? snprintf(piece, sizeof piece, spec, va_arg(ap, long)) : snprintf(piece, sizeof piece, spec, va_arg(ap, int));
      break;
    case 'u': case 'x':
      len = zmod ? snprintf(piece, sizeof piece, spec, va_arg(ap, size_t))
          : lmod >= 2 ? snprintf(piece, sizeof piece, spec, va_arg(ap, unsigned long long))
          : lmod ? snprintf(piece, sizeof piece, spec, va_arg(ap, unsigned long))
          : snprintf(piece, sizeof piece, spec, va_arg(ap, unsigned));
      break;
    case 'f': case 'g': case 'e':
      len = snprintf(piece, sizeof piece, spec, va_arg(ap, double));
      if (vi && len >= 0) vi_decimals(piece);
      break;
    case 's': {
      const char *a = va_arg(ap, const char *);
      sb_put(&b, a ? a : "", a ? strlen(a) : 0);
      continue;
    }
    default:
      free(b.s);
      return -1;   /* not a conversion the templates use */
    }
    if (len < 0) { free(b.s); return -1; }
    sb_put(&b, piece, (size_t)len < sizeof piece ? (size_t)len : sizeof piece - 1);
  }
  if (b.oom) { free(b.s); return -1; }
  *out = b.s;
  return (int)b.n;
}
#pragma GCC diagnostic pop

void cli_numbers(char *s, const char *lang)
{
  if (is_vi(lang)) vi_decimals(s);
}

void cli_say_numbers(FILE *f, const char *lang, const char *text)
{
  char *s = strdup(text);
  if (!s) return;
  cli_numbers(s, lang);
  fputs(s, f);
  free(s);
}

void cli_fmt_p(char *buf, size_t cap, const char *name, double p, const char *lang)
{
  if (p < 0.001) snprintf(buf, cap, "%s < 0.001", name);
  else snprintf(buf, cap, "%s = %.3f", name, p);
  cli_numbers(buf, lang);
}

static const struct { const char *key, *en, *vi; } messages[] = {
#define CLI_MSG_ROW_(id) { #id, CLI_EN(id), CLI_VI(id) },
  CLI_MESSAGES(CLI_MSG_ROW_)
#undef CLI_MSG_ROW_
};

static const char *template_of(enum cli_msg id, const char *lang)
{
  return (unsigned)id < CLI_M_N ? (is_vi(lang) ? messages[id].vi : messages[id].en) : "";
}

void cli_sayf(FILE *f, const char *lang, enum cli_msg id, ...)
{
  char *s = NULL;
  va_list ap;
  va_start(ap, id);
  if (cli_vsayf(&s, lang, template_of(id, lang), ap) >= 0) fputs(s, f);
  va_end(ap);
  free(s);
}

void cli_saysf(char *buf, size_t cap, const char *lang, enum cli_msg id, ...)
{
  char *s = NULL;
  va_list ap;
  va_start(ap, id);
  if (cli_vsayf(&s, lang, template_of(id, lang), ap) >= 0) snprintf(buf, cap, "%s", s);
  else if (cap) buf[0] = '\0';
  va_end(ap);
  free(s);
}

const char *cli_series(char *buf, size_t cap, const pt_labels *lb, const char *lang, const char *area,
                       const char *group, const char *stage)
{
  const char *a = area && *area ? area : NULL;
  if (lb)
    snprintf(buf, cap, "%s%s%s%s%s", a ? a : "", a ? " " : "", pt_labels_get(lb, "group", group, is_vi(lang) ? "vi" : "en"),
             stage ? " \u2013 " : "", stage ? pt_labels_get(lb, "stage", stage, is_vi(lang) ? "vi" : "en") : "");
  else
    snprintf(buf, cap, "%s%s%s%s%s", a ? a : "", a ? " " : "", group, stage ? " " : "", stage ? stage : "");
  return buf;
}

/* The conversions of a printf template, in order ("%.1f" -> 'f', "%zu" ->
 * 'u' with size 'z'), written as a string; "%%" is not one. */
static void conversions(const char *fmt, char *out, size_t cap)
{
  size_t j = 0;
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') continue;
    p++;
    if (*p == '%') continue;
    while (*p && strchr("-+ #0123456789.*", *p)) p++;
    while (*p && strchr("hlLqjzt", *p)) { if (j + 2 < cap) out[j++] = *p; p++; }
    if (*p && j + 2 < cap) { out[j++] = *p; out[j++] = ' '; }
    if (!*p) break;
  }
  out[j] = '\0';
}

/* The compiler checks each call against both templates (messages.h); this
 * checks the templates against each other, so a message that no call uses
 * yet cannot disagree either, and no fixed phrase holds a conversion. */
int cli_phrases_check(char *bad, size_t cap)
{
  for (size_t i = 0; i < CLI_M_N; i++) {
    char a[256], b[256];
    conversions(messages[i].en, a, sizeof a);
    conversions(messages[i].vi, b, sizeof b);
    if (strcmp(a, b)) { snprintf(bad, cap, "%s: en takes \"%s\", vi \"%s\"", messages[i].key, a, b); return -1; }
  }
  for (size_t i = 0; phrases[i].key; i++)
    if (!strncmp(phrases[i].key, "s_", 2) && (strstr(phrases[i].en, "%s") || strstr(phrases[i].en, "%d"))) {
      snprintf(bad, cap, "%s: a fixed phrase with a conversion (make it a message)", phrases[i].key);
      return -1;
    }
  return 0;
}
