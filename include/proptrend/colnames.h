/* proptrend/colnames.h - the names people give the tidy columns and the
 * stages, in English and Vietnamese.
 *
 * A header or a stage name is compared after folding: ASCII case, the
 * Vietnamese diacritics (precomposed, NFC, or combining marks, NFD), đ/Đ
 * as d, a byte-order mark, and runs of spaces, '_' and '-' (one space).  So
 * "Số lượng đạt", "SO_LUONG_DAT" and the NFD spelling of "số lượng đạt"
 * are one name.  The names are those proptrend writes in its Vietnamese
 * tables (src/cli/i18n.c: nhóm, giai đoạn, năm, số đạt, tổng số, địa bàn,
 * tỷ lệ in) and common variants of provincial spreadsheets (tổng,
 * số lượng đạt, kỳ, kỳ báo cáo, ...).
 *
 * Ownership: nothing is allocated; the functions only read their arguments.
 */
#ifndef PROPTREND_COLNAMES_H
#define PROPTREND_COLNAMES_H

#include <stddef.h>

#include "proptrend/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 1 with *out set when header (len bytes of UTF-8) names a tidy column (its
 * English default name or an alias); 0 otherwise. */
int pt_col_match(const char *header, size_t len, pt_col *out);
/* 1 when the NUL-terminated header names column c, else 0 (for the
 * header matching of pt_table_read). */
int pt_col_is(const char *header, pt_col c);

/* Rank of a stage in the default stage order: 0 for registration
 * ("registered", "đăng ký ..."), 1 for recognition ("recognized",
 * "recognised", "đạt chuẩn", "đạt tiêu chuẩn ...", "được công nhận ...",
 * "công nhận ..."); -1 for any other stage.  A Vietnamese name matches when
 * it begins with one of these phrases as whole words ("Đăng ký phấn đấu và
 * ký cam kết" is registration; "Không đạt chuẩn" is not recognition). */
int pt_stage_rank(const char *stage);

/* The folded form of s (len bytes) in out (cap bytes, always terminated):
 * what the matching above compares.  Returns the length written. */
size_t pt_name_fold(const char *s, size_t len, char *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
