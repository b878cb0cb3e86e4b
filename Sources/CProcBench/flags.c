/* The CLONE_* names ProcBench accepts, with values from the system headers
 * and fallbacks where Debian 12's headers lag behind the kernel. */
#define _GNU_SOURCE
#include "procbench.h"

#include <sched.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

struct pb_clone_flag {
    const char *name;
    uint64_t value;
    int clone3_only;
};

/* Ordered by value, so a canonical spec lists flags in this order. */
static const struct pb_clone_flag flag_table[] = {
    {"NEWTIME", CLONE_NEWTIME, 1},  /* shares bits with clone(2)'s exit signal */
    {"VM", CLONE_VM, 0},
    {"FS", CLONE_FS, 0},
    {"FILES", CLONE_FILES, 0},
    {"SIGHAND", CLONE_SIGHAND, 0},
    {"PIDFD", CLONE_PIDFD, 0},
    {"PTRACE", CLONE_PTRACE, 0},
    {"VFORK", CLONE_VFORK, 0},
    {"PARENT", CLONE_PARENT, 0},
    {"THREAD", CLONE_THREAD, 0},
    {"NEWNS", CLONE_NEWNS, 0},
    {"SYSVSEM", CLONE_SYSVSEM, 0},
    {"SETTLS", CLONE_SETTLS, 0},
    {"PARENT_SETTID", CLONE_PARENT_SETTID, 0},
    {"CHILD_CLEARTID", CLONE_CHILD_CLEARTID, 0},
    {"DETACHED", CLONE_DETACHED, 0},
    {"UNTRACED", CLONE_UNTRACED, 0},
    {"CHILD_SETTID", CLONE_CHILD_SETTID, 0},
    {"NEWCGROUP", CLONE_NEWCGROUP, 0},
    {"NEWUTS", CLONE_NEWUTS, 0},
    {"NEWIPC", CLONE_NEWIPC, 0},
    {"NEWUSER", CLONE_NEWUSER, 0},
    {"NEWPID", CLONE_NEWPID, 0},
    {"NEWNET", CLONE_NEWNET, 0},
    {"IO", CLONE_IO, 0},
    {"CLEAR_SIGHAND", CLONE_CLEAR_SIGHAND, 1},
    {"INTO_CGROUP", CLONE_INTO_CGROUP, 1},
};

size_t pb_clone_flag_count(void) { return sizeof flag_table / sizeof flag_table[0]; }
const char *pb_clone_flag_name(size_t index) { return flag_table[index].name; }
uint64_t pb_clone_flag_value(size_t index) { return flag_table[index].value; }
int pb_clone_flag_clone3_only(size_t index) { return flag_table[index].clone3_only; }
