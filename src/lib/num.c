/* num.c - strict number parsing (see proptrend/num.h). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proptrend/num.h"

static int is_blank(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static void trim(const char **s, size_t *len)
{
  while (*len > 0 && is_blank(**s)) { (*s)++; (*len)--; }
  while (*len > 0 && is_blank((*s)[*len - 1])) (*len)--;
}

/* Separators of each format: thousands (0 = none) and decimal mark. */
static void seps(pt_numfmt fmt, char *thou, char *dec)
{
  switch (fmt) {
  case PT_NUMFMT_VI: *thou = '.'; *dec = ','; break;
  case PT_NUMFMT_EN: *thou = ','; *dec = '.'; break;
  default:           *thou = 0;   *dec = '.'; break;
  }
}

/* Length of a valid integer part at s (digits, or 1-3 digits then groups of
 * "<thou>ddd"), 0 if none.  Stops before a decimal mark. */
static size_t int_part(const char *s, size_t len, char thou)
{
  size_t i = 0;
  while (i < len && is_digit(s[i])) i++;
  if (i == 0) return 0;
  if (!thou || i >= len || s[i] != thou) return i;
  if (i > 3) return 0;                 /* "1234.567" is not a grouping */
  while (i < len && s[i] == thou) {
    if (i + 4 > len) return 0;
    if (!is_digit(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3])) return 0;
    i += 4;
    if (i < len && is_digit(s[i])) return 0; /* group longer than 3 */
  }
  return i;
}

/* Parse s as a decimal under (thou, dec).  Returns 1 if the whole string is
 * valid, filling digits (without separators) and the number of decimals. */
static int decimal_form(const char *s, size_t len, char thou, char dec,
                        char *digits, size_t cap, size_t *ndig, int *scale)
{
  size_t ip = int_part(s, len, thou), i, n = 0;
  int sc = 0;
  if (ip == 0) return 0;
  for (i = 0; i < ip; i++)
    if (is_digit(s[i])) { if (n < cap) digits[n] = s[i]; n++; }
  if (ip < len) {
    if (s[ip] != dec || ip + 1 >= len) return 0;
    for (i = ip + 1; i < len; i++) {
      if (!is_digit(s[i])) return 0;
      if (n < cap) digits[n] = s[i];
      n++; sc++;
    }
  }
  *ndig = n; *scale = sc;
  return 1;
}

static int valid_elsewhere(const char *s, size_t len, pt_numfmt fmt)
{
  char buf[64]; size_t nd; int sc;
  for (int f = PT_NUMFMT_PLAIN; f <= PT_NUMFMT_EN; f++) {
    char t, d;
    if (f == (int)fmt) continue;
    seps((pt_numfmt)f, &t, &d);
    if (decimal_form(s, len, t, d, buf, sizeof buf, &nd, &sc)) return 1;
  }
  return 0;
}

static int only_number_chars(const char *s, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (!is_digit(s[i]) && s[i] != '.' && s[i] != ',') return 0;
  return len > 0;
}

/* A whole number as R's write.csv prints a large one: "1e+05", "1.25e+06"
 * (at most 15 significant digits, a '.' or the format's decimal mark, e+ or
 * E+ and 1 to 2 digits).  1 when s has that form (*err then says how it
 * reads), 0 when it is some other text. */
static int r_scientific(const char *s, size_t len, char dec, uint64_t max, uint64_t *out, pt_num_error *err)
{
  const char *e = NULL;
  for (size_t i = 0; i < len; i++) if (s[i] == 'e' || s[i] == 'E') { e = s + i; break; }
  if (!e || e == s || (size_t)(e - s) + 3 > len || e[1] != '+') return 0;
  size_t ne = len - (size_t)(e - s) - 2;
  if (ne < 1 || ne > 2) return 0;
  int ex = 0;
  for (size_t i = 0; i < ne; i++) { if (!is_digit(e[2 + i])) return 0; ex = ex * 10 + (e[2 + i] - '0'); }
  uint64_t m = 0;
  int frac = 0, seen_dec = 0, nd = 0;
  for (const char *p = s; p < e; p++) {
    if ((*p == '.' || *p == dec) && !seen_dec && p > s && p + 1 < e) { seen_dec = 1; continue; }
    if (!is_digit(*p)) return 0;
    if (++nd > 15) { *err = PT_NUM_RANGE; return 1; }
    m = m * 10 + (uint64_t)(*p - '0');
    frac += seen_dec;
  }
  if (ex < frac) { *err = PT_NUM_FRACTION; return 1; }
  for (int k = frac; k < ex; k++) {
    if (m > max / 10) { *err = PT_NUM_RANGE; return 1; }
    m *= 10;
  }
  if (m > max) { *err = PT_NUM_RANGE; return 1; }
  *out = m;
  *err = PT_NUM_OK;
  return 1;
}

/* 1..18 plain digits (nearly every count, total and year) read at once:
 * what the full parsers below return for them, without their passes. */
static int plain_digits(const char *s, size_t len, uint64_t *out)
{
  uint64_t v = 0;
  if (len == 0 || len > 18) return 0;
  for (size_t i = 0; i < len; i++) {
    unsigned d = (unsigned)(unsigned char)s[i] - '0';
    if (d > 9) return 0;
    v = v * 10 + d;
  }
  *out = v;
  return 1;
}

pt_num_error pt_num_parse_count(const char *s, size_t len, pt_numfmt fmt,
                                uint64_t max, uint64_t *out)
{
  char thou, dec, digits[64];
  size_t nd, i;
  int scale;
  uint64_t v = 0;
  pt_num_error rerr;

  if (plain_digits(s, len, &v)) {
    if (v > max) return PT_NUM_RANGE;
    *out = v;
    return PT_NUM_OK;
  }
  trim(&s, &len);
  if (len == 0) return PT_NUM_EMPTY;
  seps(fmt, &thou, &dec);
  if (r_scientific(s, len, dec, max, out, &rerr)) return rerr;
  if (s[0] == '-') {
    return only_number_chars(s + 1, len - 1) ? PT_NUM_NEGATIVE : PT_NUM_SYNTAX;
  }
  if (!only_number_chars(s, len)) return PT_NUM_SYNTAX;
  seps(fmt, &thou, &dec);
  if (!decimal_form(s, len, thou, dec, digits, sizeof digits, &nd, &scale))
    return valid_elsewhere(s, len, fmt) ? PT_NUM_AMBIGUOUS : PT_NUM_SYNTAX;
  if (nd > sizeof digits) return PT_NUM_RANGE;
  for (i = nd - (size_t)scale; i < nd; i++)
    if (digits[i] != '0') {
      /* "1.273" under PLAIN or EN is a whole number grouped in thousands
       * elsewhere: ambiguous, never read as a fraction or guessed. */
      if (int_part(s, len, '.') == len || int_part(s, len, ',') == len)
        return PT_NUM_AMBIGUOUS;
      return PT_NUM_FRACTION;
    }
  for (i = 0; i < nd - (size_t)scale; i++) {
    unsigned d = (unsigned)(digits[i] - '0');
    if (v > (max - d) / 10) return PT_NUM_RANGE;
    v = v * 10 + d;
  }
  *out = v;
  return PT_NUM_OK;
}

pt_num_error pt_num_parse_long(const char *s, size_t len, long min, long max,
                               long *out)
{
  int neg = 0;
  unsigned long v = 0, lim;
  size_t i = 0;
  uint64_t u;
  if (plain_digits(s, len, &u)) {
    if (u > (uint64_t)LONG_MAX || (long)u < min || (long)u > max) return PT_NUM_RANGE;
    *out = (long)u;
    return PT_NUM_OK;
  }
  trim(&s, &len);
  if (len == 0) return PT_NUM_EMPTY;
  if (s[0] == '-' || s[0] == '+') { neg = s[0] == '-'; i = 1; }
  if (i == len) return PT_NUM_SYNTAX;
  lim = neg ? (unsigned long)LONG_MAX + 1UL : (unsigned long)LONG_MAX;
  for (; i < len; i++) {
    if (!is_digit(s[i])) {
      return only_number_chars(s + i, len - i) ? PT_NUM_FRACTION : PT_NUM_SYNTAX;
    }
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (lim - d) / 10) return PT_NUM_RANGE;
    v = v * 10 + d;
  }
  long r = neg ? (v == (unsigned long)LONG_MAX + 1UL ? LONG_MIN : -(long)v) : (long)v;
  if (r < min || r > max) return PT_NUM_RANGE;
  *out = r;
  return PT_NUM_OK;
}

pt_num_error pt_num_parse_decimal(const char *s, size_t len, pt_numfmt fmt,
                                  pt_decimal *out)
{
  char thou, dec, digits[64];
  size_t nd;
  int scale;
  uint64_t v = 0;

  trim(&s, &len);
  if (len > 0 && s[len - 1] == '%') { len--; trim(&s, &len); }
  if (len == 0) return PT_NUM_EMPTY;
  if (s[0] == '-')
    return only_number_chars(s + 1, len - 1) ? PT_NUM_NEGATIVE : PT_NUM_SYNTAX;
  if (!only_number_chars(s, len)) return PT_NUM_SYNTAX;
  seps(fmt, &thou, &dec);
  if (!decimal_form(s, len, thou, dec, digits, sizeof digits, &nd, &scale))
    return valid_elsewhere(s, len, fmt) ? PT_NUM_AMBIGUOUS : PT_NUM_SYNTAX;
  if (nd > 18) return PT_NUM_RANGE;
  for (size_t i = 0; i < nd; i++) v = v * 10 + (uint64_t)(digits[i] - '0');
  out->mant = v;
  out->scale = scale;
  return PT_NUM_OK;
}

pt_num_error pt_num_parse_double(const char *s, double *out)
{
  char *end;
  double v;
  if (s == NULL) return PT_NUM_EMPTY;
  while (is_blank(*s)) s++;
  if (*s == '\0') return PT_NUM_EMPTY;
  errno = 0;
  v = strtod(s, &end);
  if (end == s) return PT_NUM_SYNTAX;
  while (is_blank(*end)) end++;
  if (*end != '\0') return PT_NUM_SYNTAX;
  if (errno == ERANGE || !isfinite(v)) return PT_NUM_RANGE;
  *out = v;
  return PT_NUM_OK;
}

const char *pt_num_strerror(pt_num_error e)
{
  switch (e) {
  case PT_NUM_OK: return "ok";
  case PT_NUM_EMPTY: return "empty";
  case PT_NUM_SYNTAX: return "not a number";
  case PT_NUM_NEGATIVE: return "negative";
  case PT_NUM_FRACTION: return "a fraction";
  case PT_NUM_RANGE: return "out of range";
  case PT_NUM_AMBIGUOUS: return "ambiguous under this number format";
  }
  return "unknown error";
}

int pt_numfmt_from_name(const char *name, pt_numfmt *out)
{
  static const struct { const char *name; pt_numfmt fmt; } tab[] = {
    { "plain", PT_NUMFMT_PLAIN }, { "vi", PT_NUMFMT_VI }, { "en", PT_NUMFMT_EN },
  };
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
    if (strcmp(name, tab[i].name) == 0) { *out = tab[i].fmt; return 0; }
  return -1;
}

const char *pt_numfmt_name(pt_numfmt fmt)
{
  switch (fmt) {
  case PT_NUMFMT_VI: return "vi";
  case PT_NUMFMT_EN: return "en";
  default: return "plain";
  }
}
