/*
 * One timed process-creation operation per path.
 *
 * Between the creation call and the child's _exit or execve the child runs
 * only async-signal-safe code: clock_gettime (vDSO), a store to shared
 * memory, execve, _exit. Nothing here allocates or takes a lock in the child.
 */
#define _GNU_SOURCE
#include "procbench.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

#define PB_STACK_SIZE (256 * 1024)

/* struct pb_clone_args from linux/sched.h, spelled out: that header's CLONE_*
 * macros collide with glibc's <sched.h>. Layout per clone3(2), version 2. */
struct pb_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
    uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

int64_t pb_now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int fail(struct pb_failure *failure, int err, const char *what) {
    failure->err = err;
    failure->what = what;
    failure->wait_status = 0;
    return -1;
}

int pb_op_prepare(struct pb_op *op, struct pb_failure *failure) {
    op->shared = &op->local;
    op->probe_start = 0;
    op->aftermath_memory = NULL;
    op->aftermath_bytes = 0;
    op->aftermath_child_alive = 0;
    op->release_read = op->release_write = -1;
    op->stack = NULL;
    op->stack_size = 0;
    if (op->path == PB_PATH_CLONE || op->path == PB_PATH_CLONE3) {
        void *stack = mmap(NULL, PB_STACK_SIZE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (stack == MAP_FAILED) return fail(failure, errno, "mmap child stack");
        op->stack = stack;
        op->stack_size = PB_STACK_SIZE;
    }
    return 0;
}

/* Whether the child gets memory of its own, so that its stores reach us
 * only through a MAP_SHARED page. */
static int child_has_own_memory(const struct pb_op *op) {
    switch (op->path) {
    case PB_PATH_FORK: return 1;
    case PB_PATH_CLONE:
    case PB_PATH_CLONE3: return !(op->clone_flags & CLONE_VM);
    default: return 0;  /* vfork and posix_spawn share it until exec; a thread always */
    }
}

int pb_op_set_probe(struct pb_op *op, int probe, struct pb_failure *failure) {
    int mapped = op->shared != &op->local;
    if (probe && !mapped && child_has_own_memory(op)) {
        void *page = mmap(NULL, sizeof *op->shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED) return fail(failure, errno, "mmap shared page");
        op->shared = page;
    } else if (!probe && mapped) {
        if (munmap(op->shared, sizeof *op->shared) != 0) return fail(failure, errno, "munmap shared page");
        op->shared = &op->local;
    }
    op->probe_start = probe;
    return 0;
}

/* The child's whole life when it is a process: a timestamp, then _exit or
 * execve. Never returns. */
__attribute__((noreturn)) static void child_body(struct pb_op *op, int64_t t0) {
    if (op->isolated) {
        int step = pb_isolate(op, t0);
        if (step) {
            op->shared->child_errno = errno;
            op->shared->failed_step = step;
            _exit(126);
        }
    }
    if (op->exec_path == NULL) {
        if (op->probe_start) op->shared->child_start_ns = pb_now_ns();
        if (op->aftermath_child_alive) {
            /* Without its own copy of the write end, the child sees EOF if
             * the measuring process dies, instead of waiting for ever. */
            close(op->release_write);
            char byte;
            while (read(op->release_read, &byte, 1) < 0 && errno == EINTR) {}
        }
        _exit(0);
    }
    execve(op->exec_path, op->probe_start ? op->exec_argv_probe : op->exec_argv, op->exec_envp);
    op->shared->child_errno = errno;
    op->shared->failed_step = PB_STEP_EXEC;
    _exit(127);
}

static int clone_child(void *arg) {
    struct pb_op *op = arg;
    if (op->clone_flags & CLONE_THREAD) {
        /* A thread must leave with exit(2), not exit_group: returning makes
         * glibc's clone trampoline (and ours below) do exactly that. */
        if (op->probe_start) op->shared->child_start_ns = pb_now_ns();
        return 0;
    }
    child_body(op, op->t0);
}

static void *thread_main(void *arg) {
    struct pb_op *op = arg;
    if (op->probe_start) op->shared->child_start_ns = pb_now_ns();
    return NULL;
}

/* Waits for a CLONE_THREAD child: the kernel clears thread_tid and wakes the
 * futex when the thread exits (CLONE_CHILD_CLEARTID). */
static void wait_thread(struct pb_shared *shared) {
    int32_t tid;
    while ((tid = shared->thread_tid) != 0)
        syscall(SYS_futex, &shared->thread_tid, FUTEX_WAIT, tid, NULL, NULL, 0);
}

static int reap(pid_t pid, struct pb_op *op, struct rusage *usage, struct pb_failure *failure) {
    int status;
    pid_t r;
    do r = wait4(pid, &status, 0, usage);
    while (r < 0 && errno == EINTR);
    if (r < 0) return fail(failure, errno, "wait4");
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    if (WIFEXITED(status) && (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 126) &&
        op->shared->child_errno != 0)
        return fail(failure, op->shared->child_errno, pb_step_name(op->shared->failed_step));
    fail(failure, 0, "child did not exit 0");
    failure->wait_status = status;
    return -1;
}

#if defined(__x86_64__)
/* clone3 with a child stack: the child starts on a fresh stack with no frame
 * to return to, so it must call its function and exit from assembly. */
static long clone3_on_stack(struct pb_clone_args *args, int (*fn)(void *), void *arg) {
    long ret;
    register void *fn_reg __asm__("r12") = (void *)fn;
    register void *arg_reg __asm__("r13") = arg;
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "xor %%ebp, %%ebp\n\t"
        "mov %%r13, %%rdi\n\t"
        "call *%%r12\n\t"
        "mov %%eax, %%edi\n\t"
        "mov $60, %%eax\n\t" /* SYS_exit: leaves this thread only */
        "syscall\n\t"
        "hlt\n"
        "1:\n\t"
        : "=a"(ret)
        : "a"((long)SYS_clone3), "D"(args), "S"(sizeof *args), "r"(fn_reg), "r"(arg_reg)
        : "rcx", "r11", "memory");
    return ret;
}
#endif

static int run_clone3(struct pb_op *op, pid_t *pid, int *pidfd, struct pb_failure *failure) {
    struct pb_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = op->clone_flags;
    /* The tid slots point at scratch shared memory whatever the flags, so a
     * user's PARENT_SETTID or CHILD_SETTID has somewhere valid to write. */
    args.parent_tid = (uint64_t)(uintptr_t)&op->shared->thread_tid;
    args.child_tid = (uint64_t)(uintptr_t)&op->shared->thread_tid;
    if (op->clone_flags & CLONE_THREAD) {
        args.flags |= CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    } else {
        args.exit_signal = SIGCHLD;
    }
    if (op->clone_flags & CLONE_PIDFD) args.pidfd = (uint64_t)(uintptr_t)pidfd;
    if (op->cgroup_fd >= 0) {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)op->cgroup_fd;
    }
#if defined(__x86_64__)
    args.stack = (uint64_t)(uintptr_t)op->stack;
    args.stack_size = op->stack_size;
    long r = clone3_on_stack(&args, clone_child, op);
    /* The raw syscall returns -errno and leaves errno alone. */
    if (r < 0) return fail(failure, (int)-r, "clone3");
#else
    if (op->clone_flags & CLONE_VM) return fail(failure, ENOTSUP, "clone3 with CLONE_VM (x86_64 only)");
    long r = syscall(SYS_clone3, &args, sizeof args);
    if (r == 0) child_body(op, op->t0);
#endif
    if (r < 0) return fail(failure, errno, "clone3");
    *pid = (pid_t)r;
    return 0;
}

static int create(struct pb_op *op, pid_t *pid, int *pidfd, struct pb_failure *failure) {
    switch (op->path) {
    case PB_PATH_FORK:
        *pid = fork();
        if (*pid == 0) child_body(op, op->t0);
        if (*pid < 0) return fail(failure, errno, "fork");
        return 0;
    case PB_PATH_VFORK:
        *pid = vfork();
        if (*pid == 0) child_body(op, op->t0);
        if (*pid < 0) return fail(failure, errno, "vfork");
        return 0;
    case PB_PATH_CLONE: {
        int flags = (int)op->clone_flags;
        void *ptid = (op->clone_flags & CLONE_PIDFD) ? (void *)pidfd : (void *)&op->shared->thread_tid;
        if (op->clone_flags & CLONE_THREAD) {
            flags |= CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
        } else {
            flags |= SIGCHLD;
        }
        *pid = clone(clone_child, (char *)op->stack + op->stack_size, flags, op, ptid, NULL,
                     (void *)&op->shared->thread_tid);
        if (*pid < 0) return fail(failure, errno, "clone");
        return 0;
    }
    case PB_PATH_CLONE3:
        return run_clone3(op, pid, pidfd, failure);
    case PB_PATH_POSIX_SPAWN: {
        char *const *argv = op->probe_start ? op->exec_argv_probe : op->exec_argv;
        int err = posix_spawn(pid, op->exec_path, NULL, NULL, argv, op->exec_envp);
        if (err != 0) return fail(failure, err, "posix_spawn");
        return 0;
    }
    case PB_PATH_PTHREAD:
        break;
    }
    return fail(failure, EINVAL, "unknown path");
}

/* The exec target writes its CLOCK_MONOTONIC start time into the pipe. */
static int64_t read_target_start(int fd) {
    int64_t stamp = -1, value;
    while (read(fd, &value, sizeof value) == (ssize_t)sizeof value) stamp = value;
    return stamp;
}

static void no_usage(struct pb_sample *sample) {
    sample->minflt = sample->majflt = sample->nvcsw = sample->nivcsw = -1;
    sample->utime_us = sample->stime_us = -1;
}

static void record_usage(struct pb_sample *sample, const struct rusage *usage) {
    sample->minflt = usage->ru_minflt;
    sample->majflt = usage->ru_majflt;
    sample->nvcsw = usage->ru_nvcsw;
    sample->nivcsw = usage->ru_nivcsw;
    sample->utime_us = (int64_t)usage->ru_utime.tv_sec * 1000000 + usage->ru_utime.tv_usec;
    sample->stime_us = (int64_t)usage->ru_stime.tv_sec * 1000000 + usage->ru_stime.tv_usec;
}

/* aftermath=write: after fork the parent's pages are write-protected and
 * its next store to each faults. Timed apart from the operation. */
static void aftermath(struct pb_op *op, struct pb_sample *sample) {
    if (op->aftermath_memory == NULL) {
        sample->aftermath_ns = -1;
        return;
    }
    int64_t t0 = pb_now_ns();
    for (size_t at = 0; at < op->aftermath_bytes; at += 4096) op->aftermath_memory[at]++;
    sample->aftermath_ns = pb_now_ns() - t0;
}

int pb_op_run(struct pb_op *op, struct pb_sample *sample, struct pb_failure *failure) {
    op->shared->child_start_ns = -1;
    op->shared->child_errno = 0;
    op->shared->failed_step = 0;
    pid_t pid = -1;
    int pidfd = -1;
    struct rusage usage;

    if (op->path == PB_PATH_PTHREAD) {
        pthread_t thread;
        int64_t t0 = pb_now_ns();
        int err = pthread_create(&thread, NULL, thread_main, op);
        if (err != 0) return fail(failure, err, "pthread_create");
        err = pthread_join(thread, NULL);
        int64_t t1 = pb_now_ns();
        if (err != 0) return fail(failure, err, "pthread_join");
        sample->latency_ns = t1 - t0;
        sample->start_ns = op->probe_start ? op->shared->child_start_ns - t0 : -1;
        no_usage(sample);
        aftermath(op, sample);
        return 0;
    }

    int64_t t0 = pb_now_ns();
    op->t0 = t0;
    if (create(op, &pid, &pidfd, failure) != 0) return -1;
    int released = 1;
    if (op->aftermath_child_alive) {
        aftermath(op, sample);
        ssize_t sent;
        do sent = write(op->release_write, "", 1);
        while (sent < 0 && errno == EINTR);
        released = sent == 1;
        if (!released) fail(failure, errno, "write to release the child");
    }
    /* A child never released would block its reaping for ever: kill it. */
    if (!released) kill(pid, SIGKILL);
    int rc = 0;
    int thread = (op->clone_flags & CLONE_THREAD) != 0;
    if (thread)
        wait_thread(op->shared);
    else
        rc = reap(pid, op, &usage, failure);
    int64_t t1 = pb_now_ns();
    if (pidfd >= 0) close(pidfd);
    if (!released) return -1;  /* the write's failure, not the kill's status */
    if (rc != 0) return -1;

    if (op->aftermath_child_alive) {
        sample->latency_ns = t1 - t0 - sample->aftermath_ns;
    } else {
        sample->latency_ns = t1 - t0;
        aftermath(op, sample);
    }
    if (thread) no_usage(sample); else record_usage(sample, &usage);
    if (!op->probe_start) {
        sample->start_ns = -1;
    } else if (op->exec_path != NULL) {
        int64_t stamp = op->start_fd_read >= 0 ? read_target_start(op->start_fd_read) : -1;
        sample->start_ns = stamp < 0 ? -1 : stamp - t0;
    } else {
        int64_t stamp = op->shared->child_start_ns;
        sample->start_ns = stamp < 0 ? -1 : stamp - t0;
    }
    return 0;
}
