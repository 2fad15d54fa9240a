/* gsl_quiet.c - the library never aborts: GSL's handler is turned off. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include "internal.h"

void pt_gsl_quiet(void)
{
  /* Setting the handler is a single store; doing it on every call keeps the
   * guarantee even if the application installed GSL's default handler again. */
  gsl_set_error_handler_off();
}
