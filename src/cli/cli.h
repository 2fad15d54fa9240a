/* cli.h - what the proptrend subcommands share: messages, exit codes,
 * table-reading options, atomic output. */
#ifndef PROPTREND_CLI_H
#define PROPTREND_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "messages.h"
#include "proptrend/emit.h"
#include "proptrend/labels.h"
#include "proptrend/table.h"

/* A subcommand: argv[0] is its name. Returns the exit status. */
typedef int (*cli_main_fn)(int argc, char **argv);

typedef struct cli_command {
  const char *name;
  cli_main_fn fn;
  const char *summary;
} cli_command;

extern const cli_command cli_commands[];

/* The subcommands (one file each). */
int cmd_rates(int argc, char **argv);
int cmd_change(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_anomalies(int argc, char **argv);

/* "proptrend: SUB: message\n" on stderr. */
void cli_err(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Usage error: message plus "Try 'proptrend SUB --help'."; returns EX_USAGE. */
int cli_usage_err(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Options every analysis subcommand has (their table: cli_common_opts in
 * opts.c): --level, --format, --output, --lang and the table-reading
 * options. */
typedef struct cli_common {
  pt_load_opts lo;
  pt_format fmt;
  double level;
  const char *output;
  const char *lang;     /* "en" or "vi": the language of text sentences */
} cli_common;

void cli_common_init(cli_common *cm);
/* cli_parse's result after --help (exit 0), and the exit status of any of
 * its results. */
#define CLI_DONE 256
int cli_exit(int r);

/* Print diagnostics as NAME:LINE:COL: message (NAME:LINE:, NAME: when the
 * line or column is 0); cli_print_diag prints one with the line given. */
void cli_print_diag(const char *name, const pt_diag *g, unsigned long line);
void cli_print_diags(const char *name, const pt_diags *d);

/* Read FILE ("-" = stdin), print every diagnostic as FILE:LINE:COL: message.
 * Returns 0, EX_NOINPUT, EX_DATAERR, EX_IOERR or EX_OSERR. */
int cli_read_table(const char *sub, const char *path, const pt_load_opts *o, pt_table *t);
int cli_read_table_stream(const char *sub, const char *name, FILE *in, const pt_load_opts *o, pt_table *t);

/* The default --format: text on a terminal, csv otherwise. */
pt_format cli_default_format(void);

/* ---- Output (src/cli/output.c) ----------------------------------------
 * Output that never leaves a half-written file and never replaces what it
 * did not create: a regular file is written to a temporary file beside it
 * (beside the real file when the name is a symbolic link; the name is cut
 * so it stays within NAME_MAX) and renamed into place by cli_out_commit();
 * a character device, a FIFO or /dev/stdout is written in place, never
 * renamed over; a directory, a block device or a socket is refused (exit
 * 73), as is any file the process registered as an input (by device and
 * inode) and the bundled labels.  A new file gets 0666 less the umask; a
 * replaced one keeps its permissions.  Write or close errors (ENOSPC,
 * EFBIG) exit 74.  The temporary file is removed on SIGINT, SIGTERM,
 * SIGHUP (cleanup.h) and on SIGXFSZ (the write fails with EFBIG).
 *
 * Ownership: cli_out owns path and tmp until commit or abort; the input
 * registry copies the names it is given and lives for the process. */
typedef struct cli_out {
  FILE *f;
  char *path;    /* NULL for stdout; the name replaced (links resolved) */
  char *tmp;     /* NULL when written in place */
  int in_place;  /* a device, FIFO or stream: no rename */
  int slot;      /* cleanup slot of tmp, -1 */
  int pending;   /* registry slot of the target, -1 */
} cli_out;

/* inputs: NULL-terminated list of input paths the output must not
 * overwrite (registered as inputs); every input registered before is
 * checked too. */
int cli_out_open(const char *sub, cli_out *o, const char *path, const char *const *inputs);
int cli_out_commit(const char *sub, cli_out *o);   /* 0, EX_IOERR or EX_CANTCREAT */
void cli_out_abort(cli_out *o);
/* Write an emitter's table to output (NULL: stdout) atomically; 0 or an
 * exit status (message printed). */
int cli_write_table(const char *sub, pt_emitter *e, const char *output, const char *input);
/* Finish an output opened with cli_out_open: unless rc is already an error
 * (out of memory while building e), write e, free it, and commit; on any
 * error say so and abort (nothing left behind).  Returns the exit status. */
int cli_emit_commit(const char *sub, pt_emitter *e, cli_out *out, int rc);

/* Register an input of the run (path "-": standard input) by device and
 * inode; only regular files count.  Refused (EX_CANTCREAT, message
 * printed) when it is an output named by -o or open and not committed;
 * 0 otherwise.  cli_read_table, cli_read_labels and the text readers call
 * it; a command that opens a file itself calls it too. */
int cli_input_register(const char *sub, const char *path);
int cli_input_register_fd(const char *sub, int fd, const char *name);
/* Check an output named by -o before any input is read (cli_common_option
 * calls it): a directory, a missing parent, a block device or a socket is
 * refused at once (EX_CANTCREAT, message printed).  NULL or "-": stdout. */
int cli_output_declare(const char *sub, const char *path);
/* The names of the inputs registered so far (NULL-terminated; valid until
 * the next call). */
const char *const *cli_inputs(void);
/* A further check of each input as it is registered (report: not inside
 * the old report directory, see outdir.h): return 0, or an exit status
 * with a message in why.  fn NULL: none. */
struct stat;
typedef int (*cli_input_guard_fn)(void *ctx, const char *path, const struct stat *st, char *why, size_t cap);
void cli_input_guard(cli_input_guard_fn fn, void *ctx);


/* Typed results as a table: n records of stride bytes described by fields;
 * keep (may be NULL) chooses which are written. */
typedef struct cli_records {
  const pt_field *fields;
  size_t nfields;
  int has_area;
  const void *recs;
  size_t stride, n;
  int (*keep)(const void *rec, void *ctx);
  void *ctx;
} cli_records;
/* Write records to cm->output (stdout when NULL) in cm->fmt, atomically;
 * returns 0 or an exit status (message printed). */
int cli_emit_records(const char *sub, const cli_common *cm, const char *input, const cli_records *r);
/* The same for a table made in nparts parts (as --threads makes it), one
 * after the other; the columns are those of parts[0].  CSV, TSV and JSON
 * without a row filter are formatted on nparts threads (the same bytes). */
int cli_emit_parts(const char *sub, const cli_common *cm, const char *input, const cli_records *parts,
                   size_t nparts);
/* Sentences to cm->output (stdout when NULL), atomically: fn writes them in
 * lang, with the bundled labels in Vietnamese (lb NULL in English, where
 * the sentences name codes). */
typedef void (*cli_text_fn)(FILE *out, const char *lang, const pt_labels *lb, const void *ctx);
int cli_emit_text(const char *sub, const cli_common *cm, const char *input, cli_text_fn fn, const void *ctx);
/* A library status that is not about the data, as a message and an exit status. */
int cli_lib_err(const char *sub, const char *input, int st);

/* trend (src/cli/trend.c), shared with the report. */
#include "proptrend/analyses.h"
#include "proptrend/labels.h"
typedef struct cli_segment {
  const char *area, *group, *stage;
  int ok;                    /* the series has a fit: the numbers are defined */
  int joinpoints, segment;
  const char *selection, *weights;
  double from, to, apc, apc_lower, apc_upper, aapc, aapc_lower, aapc_upper;
  double criterion;          /* the selecting criterion at the chosen k (NaN: permutation) */
  int adjusted;              /* periods with a rate of 0 or 1 moved by half a unit */
  int has_jump;
  double jump_ratio, jump_lower, jump_upper;
  const char *tests, *note;  /* point into the buffers */
  char tests_buf[256], note_buf[160];
} cli_segment;
extern const pt_field *const cli_segment_fields;
extern const size_t cli_segment_nfields;
int cli_trend_segments(const pt_an_trends *tr, const pt_an_trend_opts *o, const char *lang, cli_segment **out,
                       size_t *n);
int cli_trend_run(const char *sub, const char *input, const pt_table *t, pt_an_trend_opts *o, pt_an_trends *tr);

/* anomalies (src/cli/anomalies.c), shared with the report and plot. */
int cli_anom_run(const char *sub, const char *input, const pt_table *t, const pt_an_anom_opts *o, pt_an_anoms *a);

/* The dispersion a run used for a stage, as a sentence (variance: pt_an_variance asked). */
void cli_disp_sentence(FILE *out, const pt_an_disp *d, int variance, const char *lang, const pt_labels *lb);
/* The sentences of the text format, shared with the report (lb NULL:
 * codes; else labels in lang). */
void cli_trend_sentences(FILE *out, const pt_an_trends *tr, const pt_an_trend_opts *o, const char *lang,
                         const pt_labels *lb);
void cli_change_sentences(FILE *out, const pt_an_changes *ch, const pt_an_change_opts *o, int has_area,
                          const char *lang, const pt_labels *lb);
void cli_jp_pair_sentences(FILE *out, const pt_an_jp_pairs *pp, const char *lang, const pt_labels *lb);
void cli_anom_sentences(FILE *out, const pt_an_anoms *a, const pt_an_anom_opts *o, int all, const char *lang,
                        const pt_labels *lb);

/* One finding, for the report's summary. */
void cli_trend_finding(FILE *out, const pt_an_trend *r, const pt_an_trend_opts *o, const char *lang,
                       const pt_labels *lb);
void cli_anom_reason(FILE *out, const pt_an_anom *a, double level, const char *lang, const pt_labels *lb);

/* Figures (src/cli/plot.c): the scripts drawn from the library's results,
 * so a figure shows exactly the numbers of the table beside it. */
enum { CLI_FIG_RATES = 0, CLI_FIG_CHANGE, CLI_FIG_CONTROL, CLI_FIG_FUNNEL, CLI_FIG_OC, CLI_FIG_JOINPOINT, CLI_FIG_N };
typedef struct cli_figure {
  const pt_table *t;
  const pt_labels *labels;
  const char *lang, *title, *style;
  double level;                     /* of the funnel's grid; the results carry their own */
  const pt_an_rates *rates;         /* rates: one per row, in table order */
  const pt_an_changes *changes;     /* change: year over year */
  const pt_an_anoms *limits;        /* control: the p-chart of every series */
  const pt_an_anoms *flags;         /* control: the flagging method; funnel: its units */
  const pt_an_trends *trends;       /* joinpoint: the series with their joinpoint fits */
  const char *stage, *group;        /* funnel: the cross-section */
  long period;
  int have_period;
  double target;
  uint64_t population;              /* oc */
  double p0, p1, alpha, beta;
  int width, height, size_given;   /* the layout size, 1/96 inch (pixels of a plain PNG) */
  int dpi;                          /* 0: pixels; else a print size: a PNG of dpi/96 times the pixels */
  int page;                         /* 0: every page (one PDF; a saved script's pages); k: page k */
} cli_figure;
void cli_figure_init(cli_figure *f);
int cli_figure_kind(const char *name);   /* CLI_FIG_*, or -1 */
const char *cli_figure_name(int kind);
/* The gnuplot script (out_name NULL: the figure to stdout), into *buf. */
int cli_figure_script(const cli_figure *f, int kind, const char *terminal, const char *out_name,
                      int check_terminal, char **buf, size_t *len);
/* The pages a figure needs (a panel figure or a forest plot grows by pages
 * of a bounded size); EX_DATAERR beyond the limit, with a message. */
int cli_figure_pages(const cli_figure *f, int kind, size_t *pages);
/* The caption of page `page` (1-based) of n: the full figure title (the
 * drawn one may be wrapped) and the panels' full titles. */
void cli_figure_caption(const cli_figure *f, int kind, size_t page, size_t n, char *buf, size_t cap);
/* The figure itself, drawn by gnuplot into *img. */
int cli_figure_image(const char *sub, const cli_figure *f, int kind, const char *terminal, const char *gnuplot,
                     char **img, size_t *len);

/* Bundled data: $PROPTREND_DATADIR, the installed pkgdatadir/datasets, or
 * the source tree's datasets/ (uninstalled builds).  NULL if not found. */
const char *cli_data_file(const char *name, char *buf, size_t cap);

#include "proptrend/extract.h"
#include "proptrend/labels.h"
/* A whole file (or standard input, "-") in memory, NUL-terminated, the
 * input registered (issue 19); at most CLI_SLURP_MAX bytes.  0 or an exit
 * status (message printed). */
#define CLI_SLURP_MAX ((size_t)256 << 20)
int cli_slurp(const char *sub, const char *path, char **out, size_t *len);
/* Read labels from path (NULL: the bundled labels.csv). */
int cli_read_labels(const char *sub, const char *path, pt_labels *l);
/* The text-extraction options, shared by extract, audit --text and report:
 *   --labels FILE, --period YEAR, -k/--stage-keyword PHRASE=STAGE (adds to
 *   the defaults), --no-default-keywords, --unit PHRASE=CODE (names an
 *   unmapped unit).  A command adds the option set cli_extract_opt_table
 *   (opts.h) over its cli_extract_opts; each value goes through
 *   cli_extract_option() with the code below. */
enum {
  CLI_OPT_LABELS = 1200,
  CLI_OPT_PERIOD,
  CLI_OPT_NO_DEFAULT_KW,
  CLI_OPT_UNIT
};

typedef struct cli_extract_opts {
  const char *labels_path;      /* NULL: the bundled labels.csv */
  int numfmt;                   /* -1: detect from the text */
  long period;                  /* 0: none */
  int no_default_keywords;
  pt_stage_keyword *keywords;   /* NULL-terminated (owned) */
  size_t nkw;
  char **units;                 /* PHRASE=CODE arguments, split in place (owned array) */
  size_t nunits;
} cli_extract_opts;

void cli_extract_opts_init(cli_extract_opts *x);
void cli_extract_opts_free(cli_extract_opts *x);
/* Handle getopt_long's result c with argument arg: 0 if handled, EX_USAGE
 * (message printed) or EX_OSERR on a bad value, -1 if c is not one of the
 * extraction options.  Keeps pointers into arg (argv lives on). */
int cli_extract_option(const char *sub, int c, char *arg, cli_extract_opts *x);
/* Extract the figures of a text file into t with the options x (NULL: the
 * defaults); its bare counts into counts unless NULL (pt_extract_opts.counts,
 * for the audit); warnings on stderr unless quiet. */
int cli_extract_text_with(const char *sub, const char *path, const cli_extract_opts *x, pt_table *t,
                          pt_table *counts, int quiet);
/* The same from a text already in memory (name for messages and sources). */
int cli_extract_buffer(const char *sub, const char *name, const char *text, size_t len, const cli_extract_opts *x,
                       pt_table *t, pt_table *counts, int quiet);


/* gnuplot: the program (option, $PROPTREND_GNUPLOT, configure's default),
 * and a run of a script with the figure collected from its stdout. */
const char *cli_gnuplot_program(const char *opt);
int cli_gnuplot_run(const char *sub, const char *prog, const char *script, size_t len,
                    char **out, size_t *outlen);
/* A fixed phrase in "en" or "vi" (src/cli/i18n.c). */
const char *cli_tr(const char *key, const char *lang);
/* Sentences: CLI_SAY and CLI_SAYS (messages.h). */
/* Text made of words and numbers only (the library's audit messages): in
 * Vietnamese every '.' between two digits becomes ','. */
void cli_say_numbers(FILE *f, const char *lang, const char *text);
/* The same in place, for numbers a caller formatted itself. */
void cli_numbers(char *s, const char *lang);
/* "p < 0.001" or "p = 0.014" (name: "p", "q"), in lang's decimal mark. */
void cli_fmt_p(char *buf, size_t cap, const char *name, double p, const char *lang);
/* A series for sentences: "[area ]group stage" as codes in English; in
 * Vietnamese the labels of lb, "[area ]Group \u2013 Stage" (stage NULL: the group). */
const char *cli_series(char *buf, size_t cap, const pt_labels *lb, const char *lang, const char *area,
                       const char *group, const char *stage);
/* 0 when every phrase's en and vi templates take the same conversions; else
 * -1 with the first offender described in bad. */
int cli_phrases_check(char *bad, size_t cap);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_sample_size(int argc, char **argv);
int cmd_adjust(int argc, char **argv);
int cmd_verify(int argc, char **argv);

#endif
