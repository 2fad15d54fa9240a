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
  { NULL, NULL, NULL }
};

const char *cli_tr(const char *key, const char *lang)
{
  for (size_t i = 0; phrases[i].key; i++)
    if (!strcmp(phrases[i].key, key)) return lang && !strcmp(lang, "vi") ? phrases[i].vi : phrases[i].en;
  return key;
}
