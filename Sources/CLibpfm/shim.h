/* libpfm4 from Debian's libpfm4-dev: perf event names → perf_event_attr. */
#include <perfmon/pfmlib_perf_event.h>
