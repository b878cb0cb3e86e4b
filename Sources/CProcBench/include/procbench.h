/*
 * ProcBench's C layer: everything that runs between a process-creation call
 * and the child's _exit or execve. Swift cannot call vfork, clone, syscall or
 * ioctl, and must never run in a forked child, so these primitives live here
 * and are driven by the measuring process (programs/measure.c), a small C
 * program whose own footprint stays tiny so it does not inflate fork's cost.
 *
 * Swift imports this header only for the clone flag table.
 */
#ifndef PROCBENCH_H
#define PROCBENCH_H

#include <stddef.h>
#include <stdint.h>

/* Nullability for Swift's importer; gcc builds the measuring process too. */
#if defined(__clang__)
#define PB_NULLABLE _Nullable
#define PB_ASSUME_NONNULL_BEGIN _Pragma("clang assume_nonnull begin")
#define PB_ASSUME_NONNULL_END _Pragma("clang assume_nonnull end")
#else
#define PB_NULLABLE
#define PB_ASSUME_NONNULL_BEGIN
#define PB_ASSUME_NONNULL_END
#endif

PB_ASSUME_NONNULL_BEGIN

/* ---- Clone flags by name (shared by the Swift spec parser and the C side) */

/* Number of entries in the clone flag table. */
size_t pb_clone_flag_count(void);
/* Name without the CLONE_ prefix, e.g. "VM". */
const char *pb_clone_flag_name(size_t index);
uint64_t pb_clone_flag_value(size_t index);
/* 1 if only clone3(2) can pass the flag (it does not fit in clone(2)'s int). */
int pb_clone_flag_clone3_only(size_t index);

/* ---- The calling process's footprint: what fork has to copy */

struct pb_footprint {
    long rss_kib;   /* VmRSS */
    long maps;      /* lines of /proc/self/maps */
    long pte_kib;   /* VmPTE: page tables */
    long fds;       /* entries of /proc/self/fd */
    long threads;   /* Threads: */
    long anon_huge_kib; /* AnonHugePages of /proc/self/smaps_rollup: THP obtained */
};

/* Returns 0, or an errno value. */
int pb_read_footprint(struct pb_footprint *footprint);

/* ---- The parent's state, set up before timing (never inside the loop) */

typedef enum { PB_THP_UNCHANGED = 0, PB_THP_ON = 1, PB_THP_OFF = 2 } pb_thp;
typedef enum { PB_ADVICE_NONE = 0, PB_ADVICE_DONTFORK = 1, PB_ADVICE_WIPEONFORK = 2 } pb_advice;

struct pb_parent_spec {
    unsigned long long private_bytes;  /* written page by page */
    unsigned long long shared_bytes;   /* MAP_SHARED, written page by page */
    pb_thp thp;
    pb_advice advice;
    /* Nonzero: the private memory as alternating read-only/read-write
     * mappings of this many bytes each, so mappings cost apart from bytes. */
    unsigned long long fragment_bytes;
    long fds;      /* extra open descriptors */
    long threads;  /* extra idle threads */
};

/* Builds the state; returns 0, or an errno with *what naming the step.
 * *memory receives the private memory (for aftermath=write). */
int pb_parent_build(const struct pb_parent_spec *spec, char *PB_NULLABLE *PB_NULLABLE memory,
                    const char *PB_NULLABLE *PB_NULLABLE what);

/* ---- CPU pinning (the measuring process, or the Swift process for the
 *      `process` path). Returns 0 or an errno value. */

/* 1 if this process may run on the CPU, else 0. */
int pb_cpu_allowed(long cpu);
/* Pins the calling thread to one CPU, remembering the mask it had first. */
int pb_pin_to_cpu(long cpu);
/* Restores the mask remembered by the first pb_pin_to_cpu. */
int pb_restore_affinity(void);

/* ---- Creation paths */

typedef enum {
    PB_PATH_FORK = 0,
    PB_PATH_VFORK = 1,
    PB_PATH_CLONE = 2,
    PB_PATH_CLONE3 = 3,
    PB_PATH_POSIX_SPAWN = 4,
    PB_PATH_PTHREAD = 5,
} pb_path;

/* Memory shared between the measuring process and its children. The child
 * writes its first timestamp and, when execve fails, the errno. */
#define PB_NS_SLOTS 11  /* ten /proc/self/ns entries, then "root": the root directory */
struct pb_shared {
    volatile int64_t child_start_ns;
    volatile int32_t child_errno;
    volatile int32_t thread_tid;  /* CLONE_PARENT_SETTID / CLONE_CHILD_CLEARTID */
    volatile int32_t failed_step; /* pb_step that failed in the child */
    /* Start pass: the child's namespace inodes, in pb_ns_names order. */
    volatile uint64_t ns_inodes[PB_NS_SLOTS];
    /* container: when each step ended, ns after the create call. */
    volatile int64_t step_end_ns[16];
};

/* Isolation steps the child takes before it _exits or execs. */
typedef enum {
    PB_STEP_UNSHARE = 1, PB_STEP_SETNS, PB_STEP_CGROUP, PB_STEP_UID_MAP, PB_STEP_PRIVATE_MOUNTS,
    PB_STEP_TMPFS_ROOT, PB_STEP_PIVOT_ROOT, PB_STEP_CHROOT, PB_STEP_MOUNT_PROC, PB_STEP_EXEC,
} pb_step;

/* The step's name, for failure messages. */
const char *pb_step_name(int step);
/* /proc/self/ns entry names, then "root": PB_NS_SLOTS of them. */
const char *pb_ns_name(int slot);
/* A path's device and inode in one number; 0 if it cannot be read. */
uint64_t pb_identity(const char *path);

struct pb_isolation {
    int unshare_flags;            /* unshare(2) in the child */
    int setns_fd, setns_type;     /* setns(2) into a prepared namespace; -1: none */
    int setns_user_fd;            /* joined first: the user namespace owning it; -1: none */
    int cgroup_procs_fd;          /* the child writes "0" to this cgroup.procs; -1: none */
    const char *PB_NULLABLE root_dir; /* pivot_root onto a tmpfs mounted here (new mount ns) */
    const char *PB_NULLABLE old_root; /* root_dir/old */
    const char *PB_NULLABLE proc_point; /* root_dir/proc */
    const char *PB_NULLABLE bind_target; /* exec target bind-mounted into the new root */
    const char *PB_NULLABLE bind_point;  /* root_dir/procbench-exec-static */
    const char *PB_NULLABLE chroot_dir;  /* chroot here */
    int mount_proc;               /* mount a proc on /proc (after a new pid namespace) */
    /* container: the child maps itself, e.g. "0 0 1" (root inside is the
     * creator outside); NULL: no mapping written. */
    const char *PB_NULLABLE uid_map;
    const char *PB_NULLABLE gid_map;
    int timed_steps;              /* container: record each step's end */
};

/* One operation: everything is prepared before the timed loop. */
struct pb_op {
    pb_path path;
    uint64_t clone_flags;          /* without the exit signal */
    const char *PB_NULLABLE exec_path; /* NULL: the child calls _exit(0) */
    char *PB_NULLABLE const *PB_NULLABLE exec_argv;
    /* argv that asks the static target to report its start on the pipe */
    char *PB_NULLABLE const *PB_NULLABLE exec_argv_probe;
    char *PB_NULLABLE const *PB_NULLABLE exec_envp;
    int start_fd_read;             /* the exec target writes its start here; -1 if none */
    /* 1: the child records when it started. Off in the timing pass, because
     * that store (a fault on the shared page in a forked child) or the
     * target's write(2) would be part of the latency being measured. */
    int probe_start;
    struct pb_isolation isolation;
    int isolated;                  /* any isolation step to take */
    int64_t t0;                    /* the current operation's start, for the child's step times */
    int cgroup_fd;                 /* clone3 CLONE_INTO_CGROUP target; -1: none */
    /* aftermath=write: memory the parent rewrites after each operation. */
    char *PB_NULLABLE aftermath_memory;
    size_t aftermath_bytes;
    /* aftermath=write-child-alive: the parent rewrites while the child still
     * lives (blocked reading release_read until the parent writes a byte to
     * release_write); the rewrite is timed apart and not in the latency. */
    int aftermath_child_alive;
    int release_read, release_write;
    /* Where the child writes: &local when the child shares our memory or
     * nothing needs reporting; a MAP_SHARED page during the start pass for
     * children with memory of their own. Not mapped in the timing pass,
     * because every extra shared mapping is work for fork (measured here:
     * two such mappings add about 3 % to a fork of a small process). */
    struct pb_shared *shared;
    struct pb_shared local;
    void *PB_NULLABLE stack;         /* child stack for clone/clone3 */
    size_t stack_size;
};

/* The outcome of one timed operation. */
struct pb_sample {
    int64_t latency_ns;  /* create + child runs + reap */
    int64_t start_ns;    /* create call to the child's first instruction; -1 unknown */
    /* The child's rusage from wait4; -1 when there is no child process to
     * reap (threads). Nearly free, so always collected. */
    int64_t minflt, majflt, nvcsw, nivcsw, utime_us, stime_us;
    /* Time the parent took to rewrite its memory after the operation
     * (aftermath=write); -1 when not asked. Never part of latency_ns. */
    int64_t aftermath_ns;
};

/* Failure of one operation: err is an errno value, what names the step. */
struct pb_failure {
    int err;
    const char *what;
    int wait_status;     /* raw status when the child did not exit 0 */
};

/* What the measuring process prepares, once, for the isolation steps. */
struct pb_isolation_request {
    int unshare_flags;
    int setns_type;                 /* CLONE_NEW* of a namespace to prepare and join; 0: none */
    int setns_in_user;              /* prepare it inside a new user namespace, joined first (not root) */
    const char *PB_NULLABLE cgroup_root; /* a cgroup v2 mount: a cgroup is made under it */
    int cgroup_into;                /* 1: clone3 CLONE_INTO_CGROUP; 0: the child writes cgroup.procs */
    int pivot_root, chroot, mount_proc, map_ids, timed_steps;
    const char *PB_NULLABLE exec_static; /* the static target, to place in a new root */
};

/* What must be undone afterwards. */
struct pb_isolation_state {
    int holder;                      /* pid holding the prepared namespace; 0: none */
    char root_dir[64], old_root[80], proc_point[80], bind_point[96];
    char chroot_dir[64], chroot_target[96];
    char cgroup_dir[4096];
    char uid_map[32], gid_map[32];
};

/* Prepares directories, the namespace to join and the cgroup; fills
 * op->isolation. Returns 0 or an errno with *what naming the step. */
int pb_isolation_setup(const struct pb_isolation_request *request, struct pb_op *op,
                       struct pb_isolation_state *state, const char *PB_NULLABLE *PB_NULLABLE what);
/* Removes what setup made: the holder, directories, the cgroup. Returns 0
 * or the first errno. */
int pb_isolation_cleanup(struct pb_isolation_state *state);

/* Runs the isolation steps in the child: async-signal-safe calls only.
 * Returns 0, or the failing pb_step with errno set. */
int pb_isolate(struct pb_op *op, int64_t t0);

/* Prepares the operation and, for clone paths, allocates the child stack. */
int pb_op_prepare(struct pb_op *op, struct pb_failure *failure);
/* Turns the start probe on (the start pass) or off (the timing pass),
 * mapping or unmapping the shared page when the child needs one. */
int pb_op_set_probe(struct pb_op *op, int probe, struct pb_failure *failure);
/* Runs one operation. Returns 0, or -1 with *failure filled in. */
int pb_op_run(struct pb_op *op, struct pb_sample *sample, struct pb_failure *failure);

int64_t pb_now_ns(void);

/* ---- Perf counters (perf_event_open), encoded by libpfm4 on the Swift
 *      side and passed here as raw attributes, so the measuring process
 *      does not carry libpfm4's mappings. */

struct pb_event_attr {
    uint32_t type;
    uint64_t config, config1, config2;
    int exclude_user, exclude_kernel, exclude_hv;
};

/* Opens a counter on the calling process, disabled, optionally inherited by
 * its children (their counts are added when they exit). Returns a
 * descriptor, or -errno. */
int pb_perf_open(const struct pb_event_attr *attr, int inherit);

struct pb_count {
    uint64_t value, enabled_ns, running_ns;
};

/* Each returns 0 or an errno value. */
int pb_perf_enable(int fd);
int pb_perf_disable(int fd);
int pb_perf_read(int fd, struct pb_count *count);

PB_ASSUME_NONNULL_END

#endif
