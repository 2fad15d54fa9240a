/* i18n.c - every fixed phrase of figures and reports, in English and
 * Vietnamese, kept in one place. */
#include <config.h>

#include <string.h>

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
  { "anom_intro", "Each period against the other periods of its series (leave-one-out); then each cell against its group and year (two-way GLM). Warning beyond 95%, alarm beyond 99.8%.",
                  "Mỗi năm so với các năm còn lại của chuỗi (loại trừ từng năm); sau đó mỗi ô so với nhóm và năm của nó (GLM hai chiều). Cảnh báo vượt 95%, báo động vượt 99,8%." },
  { "audit_intro", "Printed percentages against their counts (four rounding conventions, exact arithmetic), stage order and denominators, repeated and missing figures.",
                   "Tỷ lệ in trong báo cáo so với số liệu (bốn quy tắc làm tròn, tính chính xác), thứ tự giai đoạn và mẫu số, số liệu lặp lại và thiếu." },
  { "no_gnuplot", "gnuplot was not available: the figures are given as gnuplot scripts in figures/*.gp; render them with: gnuplot FILE.gp",
                  "Không có gnuplot: các hình được lưu dưới dạng tập lệnh gnuplot trong figures/*.gp; vẽ bằng lệnh: gnuplot FILE.gp" },
  { "none_found", "None.", "Không có." },
  { "tables_note", "Every table is also in tables/*.csv; LaTeX (booktabs) versions are in tables.tex.",
                   "Mọi bảng cũng có trong tables/*.csv; bản LaTeX (booktabs) trong tables.tex." },
  { NULL, NULL, NULL }
};

const char *cli_tr(const char *key, const char *lang)
{
  for (size_t i = 0; phrases[i].key; i++)
    if (!strcmp(phrases[i].key, key)) return lang && !strcmp(lang, "vi") ? phrases[i].vi : phrases[i].en;
  return key;
}
