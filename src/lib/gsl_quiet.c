/* gsl_quiet.c - the library never aborts: GSL's handler is turned off. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include "internal.h"

/* Inside a held section (pt_gsl_hold) the handler was turned off at its
 * start: per-thread, so threads never write the shared handler per call. */
static _Thread_local int held;

void pt_gsl_quiet(void)
{
  /* Setting the handler is a single store; doing it on every call keeps the
   * guarantee even if the application installed GSL's default handler again.
   * But a store to one global from every thread on every interval makes the
   * cores fight over its cache line (5 % of `rates` on two threads), so a
   * loop over many calls holds it once instead. */
  if (!held) gsl_set_error_handler_off();
}

void pt_gsl_hold(int on)
{
  if (on && !held++) gsl_set_error_handler_off();
  else if (!on && held) held--;
}
