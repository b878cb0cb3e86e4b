/* CPU pinning. Pinning changes what fork costs (a child that starts on the
 * other CPU pays a migration and cold caches), so it is a condition every
 * result records. CPU_SET and friends are macros Swift cannot import. */
#define _GNU_SOURCE
#include "procbench.h"

#include <errno.h>
#include <sched.h>

static cpu_set_t original_mask;
static int original_saved;

int pb_cpu_allowed(long cpu) {
    cpu_set_t set;
    if (cpu < 0 || cpu >= CPU_SETSIZE) return 0;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_ISSET((int)cpu, &set) ? 1 : 0;
}

int pb_pin_to_cpu(long cpu) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) return EINVAL;
    if (!original_saved) {
        if (sched_getaffinity(0, sizeof original_mask, &original_mask) != 0) return errno;
        original_saved = 1;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET((int)cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
}

int pb_restore_affinity(void) {
    if (!original_saved) return 0;
    return sched_setaffinity(0, sizeof original_mask, &original_mask) == 0 ? 0 : errno;
}
