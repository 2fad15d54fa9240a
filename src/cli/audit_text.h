/* audit_text.h - the sentences of audit findings, in English or Vietnamese.
 *
 * The library's findings (proptrend/audit.h) carry a rule, a case and their
 * numbers; this is where they become words, for the audit command and the
 * report.  Ownership: the caller's buffer; nothing is kept. */
#ifndef PROPTREND_CLI_AUDIT_TEXT_H
#define PROPTREND_CLI_AUDIT_TEXT_H

#include <stddef.h>

#include "proptrend/audit.h"

/* Write the sentence of f into buf (at most cap bytes, always terminated)
 * in lang ("vi" for Vietnamese, anything else English).  Numbers are
 * written with '.' decimals, except printed percentages, which keep their
 * own mark; the caller converts (cli_say_numbers) for Vietnamese text. */
void cli_audit_sentence(char *buf, size_t cap, const pt_finding *f, const char *lang);

#endif
