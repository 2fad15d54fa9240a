/* proptrend/plot.h - writing gnuplot scripts that untrusted labels cannot
 * take over.
 *
 * Gnuplot runs commands from backquotes in double-quoted strings, from
 * system(), from file names starting with '<' or '|', expands @macros on
 * the raw line, and in 5.4.4 even executes the documented single-quote
 * doubling ('a'''''`cmd`'').  So: every string that comes from data is
 * written by pt_gp_quote() as a double-quoted string in which each ASCII
 * punctuation byte is an octal escape (\140 for a backquote, \100 for '@',
 * \042 for '"') and each control byte is a space; the raw line then holds
 * no quote, backquote, @ or $ from the data.  Data go in datablocks of
 * numbers only, closed by a terminator derived from their content.  Use
 * "noenhanced" terminals (pt_gp_header does), so no markup is interpreted.
 * The output file is never named in the script run by proptrend: gnuplot
 * writes to its standard output.
 *
 * Ownership: nothing here allocates; the writer writes only to the FILE* it
 * is given, and keeps no pointer to the strings it quotes.
 */
#ifndef PROPTREND_PLOT_H
#define PROPTREND_PLOT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Quote s for gnuplot into out (cap bytes, NUL-terminated).  Returns the
 * length the quoted string needs (without the NUL); output truncated at a
 * whole escape if cap is too small. */
size_t pt_gp_quote(const char *s, char *out, size_t cap);

/* The same for a string gnuplot reads as a format - explicit tic labels
 * (set xtics ("label" 1)), set format - where '%' starts a conversion
 * ("100%" is an error, "%s" prints a number): each '%' is written doubled,
 * so gnuplot shows the text verbatim.  Titles, keys and set label are not
 * formats: use pt_gp_quote there (a doubled '%' would show twice). */
size_t pt_gp_quote_fmt(const char *s, char *out, size_t cap);

/* Parse a string written by pt_gp_quote back (for tests): returns 0 and
 * the decoded text, -1 if q is not a well-formed quoted string. */
int pt_gp_unquote(const char *q, char *out, size_t cap);

typedef struct pt_gp {
  FILE *out;
  int err;
} pt_gp;

void pt_gp_init(pt_gp *g, FILE *out);
/* Script text of the caller's own (never data): printf-style. */
void pt_gp_raw(pt_gp *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A quoted, escaped string from data. */
void pt_gp_str(pt_gp *g, const char *s);
/* The same where gnuplot reads the string as a format (tic labels). */
void pt_gp_str_fmt(pt_gp *g, const char *s);
/* Terminal, size, font, UTF-8, and the output: a file name (escaped, with
 * "./" before relative names so '<' and '|' lose their meaning) or NULL for
 * standard output.  terminal: "pngcairo", "svg" or "pdfcairo". */
void pt_gp_header(pt_gp *g, const char *terminal, int width, int height, const char *output);
/* The same with a print resolution: dpi > 0 makes a PNG of width*dpi/96
 * by height*dpi/96 pixels with fonts and lines scaled alike (width and
 * height are then the layout size in 1/96 inch; PDF and SVG are drawn at
 * that true size whatever dpi is).  dpi 0: pixels, as pt_gp_header. */
void pt_gp_header_dpi(pt_gp *g, const char *terminal, int width, int height, int dpi, const char *output);
/* set output NAME (escaped, "./" before a relative name), e.g. between the
 * pages of a saved script. */
void pt_gp_output(pt_gp *g, const char *output);
/* A title wrapped at spaces into lines of at most width code points (a
 * longer word is broken), written as quoted lines joined by "\n", the
 * string expression gnuplot takes in set title, multiplot titles, set
 * label and tic labels (not in plot ... title).  Returns the number of lines; pt_gp_wrap_lines counts
 * them without writing. */
size_t pt_gp_str_wrap(pt_gp *g, const char *s, size_t width);
/* The same for a string gnuplot reads as a format (a wrapped tic label). */
size_t pt_gp_str_wrap_fmt(pt_gp *g, const char *s, size_t width);
size_t pt_gp_wrap_lines(const char *s, size_t width);
/* $name << EOD... with nrows rows of ncols numbers (NaN -> NaN). */
void pt_gp_datablock(pt_gp *g, const char *name, size_t nrows, size_t ncols, const double *v);
/* 0, or -1 if a write failed. */
int pt_gp_status(const pt_gp *g);

/* The Okabe-Ito colour-blind-safe palette, 8 colours "#RRGGBB". */
extern const char *const pt_okabe_ito[8];

#ifdef __cplusplus
}
#endif
#endif
