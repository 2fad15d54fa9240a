/* audit_text.h - the sentences of audit findings, in English or Vietnamese.
 *
 * The library's findings (proptrend/audit.h) carry a rule, a case and their
 * numbers; this is where they become words, for the audit command and the
 * report.  Ownership: the caller's buffer; nothing is kept. */
#ifndef PROPTREND_CLI_AUDIT_TEXT_H
#define PROPTREND_CLI_AUDIT_TEXT_H

#include <stddef.h>

#include <stdio.h>

#include "proptrend/audit.h"
#include "proptrend/emit.h"
#include "proptrend/labels.h"

/* Write the sentence of f into buf (at most cap bytes, always terminated)
 * in lang ("vi" for Vietnamese, anything else English).  Numbers are
 * written with '.' decimals, except printed percentages, which keep their
 * own mark; the caller converts (cli_say_numbers) for Vietnamese text. */
void cli_audit_sentence(char *buf, size_t cap, const pt_finding *f, const char *lang);

/* Findings as records for tables (columns in cli_audit_fields); the
 * message in lang, the rule and severity as names. */
typedef struct cli_audit_rec {
  const char *rule, *severity, *area, *group, *stage, *message;
  long period, line;
  int has_period, has_line;
  char msg[2048];
} cli_audit_rec;
extern const pt_field *const cli_audit_fields;
extern const size_t cli_audit_nfields;
/* 0 or EX_OSERR; *out (f->n records) is the caller's to free. */
int cli_audit_records(const pt_findings *f, const char *lang, cli_audit_rec **out);

/* A finding as "series period: sentence" (labels from lb when given). */
void cli_audit_finding(FILE *out, const pt_finding *x, const char *lang, const pt_labels *lb);
/* Every finding as `audit -f text` writes it (NAME:LINE: severity: [rule] ...),
 * then the total line. */
void cli_audit_lines(FILE *out, const char *name, const pt_findings *f, size_t nrows, const char *lang,
                     const pt_labels *lb);
/* Findings by severity; the total line ("audit: 0 errors, ... in N rows\n"). */
void cli_audit_counts(const pt_findings *f, size_t count[3]);
void cli_audit_total(char *buf, size_t cap, const pt_findings *f, size_t nrows, const char *lang);

#endif
