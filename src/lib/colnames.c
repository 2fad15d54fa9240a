/* colnames.c - English and Vietnamese names of the tidy columns and the
 * stages (see proptrend/colnames.h).  Folding removes the diacritics of
 * the Vietnamese alphabet (Unicode blocks Latin-1 Supplement, Latin
 * Extended-A and -B, Latin Extended Additional U+1EA0-U+1EF9, combining
 * marks U+0300-U+036F), so NFC and NFD spellings fold alike. */
#include <config.h>

#include <string.h>

#include "proptrend/colnames.h"

/* Base letters of U+00C0..U+00FF ('*' and '/' are × and ÷: kept as '?'). */
static const char latin1[] = "aaaaaaaceeeeiiiidnooooo?ouuuuytsaaaaaaaceeeeiiiidnooooo?ouuuuyty";

/* Base letter of a code point, 0 to drop it, or -1 when it has none (then
 * copied as it is). */
static int base_letter(unsigned cp)
{
  if (cp >= 0x300 && cp <= 0x36F) return 0;      /* combining marks (NFD) */
  if (cp == 0xFEFF || cp == 0x200B) return 0;    /* byte-order mark, zero-width space */
  if (cp == 0xA0) return ' ';
  if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
  if (cp == 0x102 || cp == 0x103) return 'a';    /* ă */
  if (cp == 0x110 || cp == 0x111) return 'd';    /* đ */
  if (cp == 0x128 || cp == 0x129) return 'i';    /* ĩ */
  if (cp == 0x168 || cp == 0x169) return 'u';    /* ũ */
  if (cp == 0x1A0 || cp == 0x1A1) return 'o';    /* ơ */
  if (cp == 0x1AF || cp == 0x1B0) return 'u';    /* ư */
  /* Latin Extended Additional, Vietnamese part: runs of one base letter */
  if (cp >= 0x1EA0 && cp <= 0x1EB7) return 'a';
  if (cp >= 0x1EB8 && cp <= 0x1EC7) return 'e';
  if (cp >= 0x1EC8 && cp <= 0x1ECB) return 'i';
  if (cp >= 0x1ECC && cp <= 0x1EE3) return 'o';
  if (cp >= 0x1EE4 && cp <= 0x1EF1) return 'u';
  if (cp >= 0x1EF2 && cp <= 0x1EF9) return 'y';
  return -1;
}

/* Decode one UTF-8 sequence at s (n bytes left): its length, or 1 for a
 * byte that starts none (then *cp is that byte). */
static size_t decode(const unsigned char *s, size_t n, unsigned *cp)
{
  size_t k = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (k == 0 || k > n) { *cp = s[0]; return 1; }
  unsigned v = k == 1 ? s[0] : k == 2 ? s[0] & 0x1Fu : k == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
  for (size_t i = 1; i < k; i++) {
    if ((s[i] & 0xC0) != 0x80) { *cp = s[0]; return 1; }
    v = v << 6 | (s[i] & 0x3Fu);
  }
  *cp = v;
  return k;
}

size_t pt_name_fold(const char *s, size_t len, char *out, size_t cap)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t o = 0, i = 0;
  int space = 1;   /* no leading space */
  if (!cap) return 0;
  while (i < len && o + 1 < cap) {
    unsigned cp;
    size_t k = decode(p + i, len - i, &cp);
    int b = cp < 0x80 ? (int)cp : base_letter(cp);
    if (b == 0) { i += k; continue; }
    if (b == ' ' || b == '_' || b == '-' || b == '\t') {
      if (!space) { out[o++] = ' '; space = 1; }
      i += k;
      continue;
    }
    space = 0;
    if (b > 0) {
      out[o++] = (char)(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
    } else {   /* no base letter: the bytes as they are */
      if (o + k + 1 > cap) break;
      memcpy(out + o, p + i, k);
      o += k;
    }
    i += k;
  }
  if (o && out[o - 1] == ' ') o--;
  out[o] = '\0';
  return o;
}

/* Folded names of each column: the default English name first.  Names that
 * could mean two columns ("số lượng": a count or the total?) are left out:
 * a wrong guess would read the wrong numbers silently. */
static const struct { pt_col col; const char *name; } aliases[] = {
  { PT_COL_AREA, "area" }, { PT_COL_AREA, "dia ban" }, { PT_COL_AREA, "dia phuong" },
  { PT_COL_GROUP, "group" }, { PT_COL_GROUP, "nhom" }, { PT_COL_GROUP, "nhom don vi" },
  { PT_COL_STAGE, "stage" }, { PT_COL_STAGE, "giai doan" },
  { PT_COL_PERIOD, "period" }, { PT_COL_PERIOD, "nam" }, { PT_COL_PERIOD, "ky" },
  { PT_COL_PERIOD, "ky bao cao" }, { PT_COL_PERIOD, "nam bao cao" },
  { PT_COL_COUNT, "count" }, { PT_COL_COUNT, "so dat" }, { PT_COL_COUNT, "so luong dat" },
  { PT_COL_COUNT, "so dat chuan" }, { PT_COL_COUNT, "so don vi dat" },
  { PT_COL_TOTAL, "total" }, { PT_COL_TOTAL, "tong so" }, { PT_COL_TOTAL, "tong" },
  { PT_COL_TOTAL, "tong so don vi" },
  { PT_COL_REPORTED, "reported" }, { PT_COL_REPORTED, "ty le in" }, { PT_COL_REPORTED, "ty le bao cao" },
  { PT_COL_SOURCE, "source" }, { PT_COL_SOURCE, "nguon" },
};

int pt_col_match(const char *header, size_t len, pt_col *out)
{
  char f[128];
  if (len > 4 * sizeof f) return 0;   /* no column name is this long */
  pt_name_fold(header, len, f, sizeof f);
  for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
    if (!strcmp(f, aliases[k].name)) { if (out) *out = aliases[k].col; return 1; }
  return 0;
}

int pt_col_is(const char *header, pt_col c)
{
  pt_col got;
  return pt_col_match(header, strlen(header), &got) && got == c;
}

/* Does folded s begin with phrase as whole words? */
static int begins(const char *s, const char *phrase)
{
  size_t n = strlen(phrase);
  if (strncmp(s, phrase, n)) return 0;
  char next = s[n];
  return next == '\0' || !((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') || (unsigned char)next >= 0x80);
}

int pt_stage_rank(const char *stage)
{
  static const char *const reg[] = { "registered", "registration", "dang ky" };
  static const char *const rec[] = { "recognized", "recognised", "recognition", "dat chuan", "dat tieu chuan",
                                     "duoc cong nhan", "cong nhan" };
  char f[256];
  if (!stage) return -1;
  pt_name_fold(stage, strlen(stage), f, sizeof f);
  /* codes and labels alike: "recognized", "Recognised as safe ...", "Đạt chuẩn" */
  for (size_t k = 0; k < sizeof reg / sizeof reg[0]; k++)
    if (begins(f, reg[k])) return 0;
  for (size_t k = 0; k < sizeof rec / sizeof rec[0]; k++)
    if (begins(f, rec[k])) return 1;
  return -1;
}
