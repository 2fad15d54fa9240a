/* error.c - status strings (see proptrend/error.h). */
#include <config.h>

#include "proptrend/error.h"

const char *pt_strerror(int status)
{
  switch (status) {
  case PT_SUCCESS: return "success";
  case PT_EDOM: return "argument outside the domain of the function";
  case PT_ENOMEM: return "out of memory";
  case PT_EIO: return "input/output error";
  case PT_EDATA: return "malformed input data";
  case PT_ENOCONV: return "iteration failed to converge";
  case PT_EUNDEF: return "statistic undefined for these data";
  case PT_EOVERFLOW: return "integer overflow";
  case PT_ESHORT: return "series too short for the model";
  }
  return "unknown status";
}
