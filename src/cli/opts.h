/* opts.h - command-line options declared as data.
 *
 * Each subcommand lists its options once, as arrays of cli_opt (name, short
 * key, type, range or choices, where the value goes, help text); the
 * options every command shares (level, format, output, language) and the
 * table-reading options are declared once here and added as sets.  One
 * function, cli_parse(), runs getopt_long over all the sets, checks every
 * value (ranges, choices, numbers with strtod/strtol and their end), writes
 * the usage errors ("proptrend SUB: invalid --level "95": a number between
 * 0 and 1, e.g. 0.95") and --help, which is generated from the same arrays,
 * so an option cannot be accepted without being documented or the reverse.
 *
 * Ownership: the arrays are static; cli_parse() stores pointers to argv's
 * strings in the caller's struct, which must not outlive argv.
 */
#ifndef PROPTREND_CLI_OPTS_H
#define PROPTREND_CLI_OPTS_H

#include <stddef.h>

typedef enum cli_otype {
  CLI_O_FLAG = 0,   /* int set to 1 */
  CLI_O_STR,        /* const char * */
  CLI_O_INT,        /* int in [lmin, lmax] */
  CLI_O_LONG,       /* long in [lmin, lmax] */
  CLI_O_DOUBLE,     /* double in the range dmin..dmax (dopen: which ends are open) */
  CLI_O_CHOICE,     /* int: the index of the value in choices */
  CLI_O_FN,         /* fn(arg, dst): 0 or -1 (invalid) */
  CLI_O_OUTPUT,     /* const char *, an output file: checked at once (cli_output_declare) */
  CLI_O_HOOK        /* hook(sub, lmin, arg, dst): an option family handled by its own
                       function (the extraction options); 0 or an exit status */
} cli_otype;

enum { CLI_OPEN_LOW = 1u, CLI_OPEN_HIGH = 2u };

typedef struct cli_opt {
  const char *name;              /* long name, without "--" */
  int key;                       /* short option character, or 0 */
  cli_otype type;
  const char *meta;              /* the value's name in --help ("L"); NULL for flags */
  const char *help;              /* help text; '\n' starts a new line */
  size_t off;                    /* of the value in the set's struct */
  const char *what;              /* a valid value, for the error message */
  long lmin, lmax;
  double dmin, dmax;
  unsigned dopen;
  const char *const *choices;    /* NULL-terminated */
  int (*fn)(const char *arg, void *dst);
  int unknown;                   /* the error says "unknown --NAME" rather than "invalid" */
  int (*hook)(const char *sub, int code, char *arg, void *dst);
} cli_opt;

/* A set of options writing into one struct at offset base of the command's
 * options; title heads its part of --help (NULL: none). */
typedef struct cli_optset {
  const char *title;
  const cli_opt *opts;
  size_t n;
  size_t base;
} cli_optset;

typedef struct cli_spec {
  const char *sub;
  const char *usage;             /* "Usage: ..." and the description, as printed */
  const char *epilog;            /* after the options (NULL: none) */
  const cli_optset *sets;
  size_t nsets;
  int min_args, max_args;        /* operands; max < 0: any number */
  const char *missing;           /* the message when operands are missing */
} cli_spec;

/* Parse argv into opts (the command's struct).  Returns 0 with *first the
 * index of the first operand, CLI_DONE after --help, or an exit status
 * (EX_USAGE with the message printed, EX_IOERR). */
int cli_parse(const cli_spec *spec, int argc, char **argv, void *opts, int *first);
/* --help from the spec, to stdout. */
void cli_help(const cli_spec *spec);

/* The shared sets: common options (in a cli_common at base) and the
 * table-reading options (in a pt_load_opts at base). */
extern const cli_opt cli_common_opts[];
extern const size_t cli_common_nopts;
extern const cli_opt cli_table_opts[];
extern const size_t cli_table_nopts;
extern const cli_opt cli_help_opt[];

#define CLI_SET(title, arr, base) { title, arr, sizeof arr / sizeof arr[0], base }
#define CLI_COMMON_SET(T, m) { NULL, cli_common_opts, 0, offsetof(T, m) }   /* n 0: up to the NULL name */
#define CLI_TABLE_SET(T, m) { "Reading the table:", cli_table_opts, 0, offsetof(T, m.lo) }
#define CLI_HELP_SET { NULL, cli_help_opt, 0, 0 }

#define CLI_HOOK(nm, k, meta, T, m, code, hookfn, h) \
  { nm, k, CLI_O_HOOK, meta, h, offsetof(T, m), NULL, code, 0, 0, 0, 0, NULL, NULL, 0, hookfn }

/* Value parsers shared by several commands (CLI_O_FN): en or vi into a
 * const char *; a level 0 < L < 1 into a double. */
int cli_opt_lang(const char *arg, void *dst);
int cli_opt_level(const char *arg, void *dst);
int cli_opt_format(const char *arg, void *dst);   /* a pt_format by name */
/* Joinpoint options shared by trend and plot (src/cli/trend.c): a selection
 * into a pt_jp_select; a break of definition into a pt_jp_opts. */
int cli_opt_jp_select(const char *arg, void *dst);
int cli_opt_jump(const char *arg, void *dst);
/* The text-extraction options (src/cli/extract.c), into a cli_extract_opts. */
extern const cli_opt cli_extract_opt_table[];

/* Option-table entries. */
#define CLI_OUTPUT(nm, k, meta, T, m, h) { nm, k, CLI_O_OUTPUT, meta, h, offsetof(T, m), NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL }
#define CLI_FLAG(nm, k, T, m, h) { nm, k, CLI_O_FLAG, NULL, h, offsetof(T, m), NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL }
#define CLI_STR(nm, k, meta, T, m, h) { nm, k, CLI_O_STR, meta, h, offsetof(T, m), NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL }
#define CLI_INT(nm, k, meta, T, m, lo, hi, what, h) \
  { nm, k, CLI_O_INT, meta, h, offsetof(T, m), what, lo, hi, 0, 0, 0, NULL, NULL, 0, NULL }
#define CLI_LONG(nm, k, meta, T, m, lo, hi, what, h) \
  { nm, k, CLI_O_LONG, meta, h, offsetof(T, m), what, lo, hi, 0, 0, 0, NULL, NULL, 0, NULL }
#define CLI_DOUBLE(nm, k, meta, T, m, lo, hi, open, what, h) \
  { nm, k, CLI_O_DOUBLE, meta, h, offsetof(T, m), what, 0, 0, lo, hi, open, NULL, NULL, 0, NULL }
#define CLI_CHOICE(nm, k, meta, T, m, choices, what, h) \
  { nm, k, CLI_O_CHOICE, meta, h, offsetof(T, m), what, 0, 0, 0, 0, 0, choices, NULL, 0, NULL }
#define CLI_FN(nm, k, meta, T, m, fn, what, unknown, h) \
  { nm, k, CLI_O_FN, meta, h, offsetof(T, m), what, 0, 0, 0, 0, 0, NULL, fn, unknown, NULL }

#endif
