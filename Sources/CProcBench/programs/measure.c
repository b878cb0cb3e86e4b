/*
 * procbench-measure: the measuring process.
 *
 * The Swift CLI starts it with the scenario as key=value arguments, reads its
 * footprint, then asks for batches of timed operations over a pipe:
 *
 *   -> ready rss_kib=N maps=N pte_kib=N          (or: error ERRNO 0 WHAT)
 *   <- run N                                     (the timing pass: no start probe)
 *   <- start N                                   (the start pass: the child records its start)
 *   -> s LAT START MINFLT MAJFLT NVCSW NIVCSW UTIME_US STIME_US AFTERMATH
 *                                                (per operation, in ns but for rusage; -1 unknown)
 *   -> end                                       (or: error ERRNO WAIT_STATUS WHAT)
 *   <- count N                                   (the counting pass, with event= counters)
 *   -> e INDEX ERRNO                             (an event that did not open)
 *   -> c INDEX VALUE ENABLED_NS RUNNING_NS       (an event's total over the N operations)
 *   -> p MINFLT MAJFLT                           (the measuring process's own faults over them)
 *   -> v NS OUR_INODE CHILD_INODE                (after a start batch with isolation: namespaces)
 *   -> t INDEX STEP NS                           (start pass, timed steps: when each step ended)
 *   -> end
 *   <- quit
 *   -> bye leftover=N                            (children not reaped: must be 0)
 *
 * It is built by the system C compiler, not linked by SwiftPM, so it carries
 * no Swift runtime: its mappings and RSS are those of a small C program.
 * Samples are kept in memory during a batch and written only after it, so
 * output never happens inside the timed loop.
 */
#define _GNU_SOURCE
#include "measure.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The protocol's streams, on descriptors no child inherits (see
 * move_protocol_streams). */
FILE *replies;
static FILE *commands;

#define MAX_ARGS 64
static char start_fd_text[16];
static char *exec_argv[MAX_ARGS + 2];
static char *exec_argv_probe[3];
static int extra_argc;  /* arg= words after argv[0], for external commands */


/* event=TYPE:CONFIG:CONFIG1:CONFIG2:EXCLUDE_USER:EXCLUDE_KERNEL:EXCLUDE_HV */
static int parse_event(const char *value, struct pb_event_attr *event) {
    unsigned long long type, config, config1, config2;
    int user, kernel, hv;
    if (sscanf(value, "%llu:%llx:%llx:%llx:%d:%d:%d", &type, &config, &config1, &config2, &user, &kernel,
               &hv) != 7)
        return -1;
    event->type = (uint32_t)type;
    event->config = config;
    event->config1 = config1;
    event->config2 = config2;
    event->exclude_user = user;
    event->exclude_kernel = kernel;
    event->exclude_hv = hv;
    return 0;
}

static int parse_args(int argc, char **argv, struct config *config) {
    memset(config, 0, sizeof *config);
    config->cpu = -1;
    config->op.start_fd_read = -1;
    config->op.cgroup_fd = -1;
    config->op.isolation.setns_fd = -1;
    config->op.isolation.setns_user_fd = -1;
    config->op.isolation.cgroup_procs_fd = -1;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) return -1;
        *eq = 0;
        const char *key = argv[i], *value = eq + 1;
        if (!strcmp(key, "path")) config->op.path = (pb_path)strtol(value, NULL, 10);
        else if (!strcmp(key, "flags")) config->op.clone_flags = strtoull(value, NULL, 0);
        else if (!strcmp(key, "exec")) config->op.exec_path = value;
        else if (!strcmp(key, "exec-start")) config->exec_start = atoi(value);
        else if (!strcmp(key, "cpu")) config->cpu = strtol(value, NULL, 10);
        else if (!strcmp(key, "parent-bytes")) config->parent.private_bytes = strtoull(value, NULL, 10);
        else if (!strcmp(key, "shared-bytes")) config->parent.shared_bytes = strtoull(value, NULL, 10);
        else if (!strcmp(key, "fragment-bytes")) config->parent.fragment_bytes = strtoull(value, NULL, 10);
        else if (!strcmp(key, "thp")) config->parent.thp = (pb_thp)atoi(value);
        else if (!strcmp(key, "madvise")) config->parent.advice = (pb_advice)atoi(value);
        else if (!strcmp(key, "fds")) config->parent.fds = strtol(value, NULL, 10);
        else if (!strcmp(key, "threads")) config->parent.threads = strtol(value, NULL, 10);
        else if (!strcmp(key, "aftermath")) config->aftermath = atoi(value);
        else if (!strcmp(key, "arg")) {
            if (extra_argc == MAX_ARGS) return -1;
            exec_argv[1 + extra_argc++] = (char *)value;
        } else if (!strcmp(key, "unshare")) config->isolation.unshare_flags = (int)strtol(value, NULL, 0);
        else if (!strcmp(key, "setns")) config->isolation.setns_type = (int)strtol(value, NULL, 0);
        else if (!strcmp(key, "setns-in-user")) config->isolation.setns_in_user = atoi(value);
        else if (!strcmp(key, "cgroup-root")) config->isolation.cgroup_root = value;
        else if (!strcmp(key, "cgroup-into")) config->isolation.cgroup_into = atoi(value);
        else if (!strcmp(key, "pivot-root")) config->isolation.pivot_root = atoi(value);
        else if (!strcmp(key, "chroot")) config->isolation.chroot = atoi(value);
        else if (!strcmp(key, "mount-proc")) config->isolation.mount_proc = atoi(value);
        else if (!strcmp(key, "map-ids")) config->isolation.map_ids = atoi(value);
        else if (!strcmp(key, "timed-steps")) config->isolation.timed_steps = atoi(value);
        else if (!strcmp(key, "event")) {
            if (config->event_count == MAX_EVENTS) return -1;
            if (parse_event(value, &config->events[config->event_count++]) != 0) return -1;
        } else return -1;
    }
    return 0;
}


static int set_up(struct config *config, const char **what) {
    if (config->cpu >= 0) {
        *what = "sched_setaffinity";
        int err = pb_pin_to_cpu(config->cpu);
        if (err) return err;
    }
    char *memory;
    int err = pb_parent_build(&config->parent, &memory, what);
    if (err) return err;
    struct pb_op *op = &config->op;
    /* In a new root the static target is at its top (bound or copied there). */
    if (op->exec_path && (config->isolation.pivot_root || config->isolation.chroot)) {
        config->isolation.exec_static = op->exec_path;
        op->exec_path = "/procbench-exec-static";
    }
    err = pb_isolation_setup(&config->isolation, op, &config->isolation_state, what);
    if (err) return err;
    /* Namespaces from clone flags are verified in the start pass too. */
    const uint64_t new_namespaces = 0x80ULL | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
                                    CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
    if ((op->path == PB_PATH_CLONE || op->path == PB_PATH_CLONE3) && (op->clone_flags & new_namespaces))
        op->isolated = 1;
    for (int i = 0; i < PB_NS_SLOTS - 1; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/ns/%s", pb_ns_name(i));
        config->own_ns[i] = pb_identity(path);
    }
    config->own_ns[PB_NS_SLOTS - 1] = pb_identity("/");
    if (op->exec_path) {
        exec_argv[0] = exec_argv_probe[0] = (char *)op->exec_path;
        if (config->exec_start) {
            int fds[2];
            *what = "pipe";
            if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return errno;
            /* The write end must survive execve; the read end must not. */
            int flags = fcntl(fds[1], F_GETFD);
            fcntl(fds[1], F_SETFD, flags & ~FD_CLOEXEC);
            op->start_fd_read = fds[0];
            snprintf(start_fd_text, sizeof start_fd_text, "%d", fds[1]);
            exec_argv_probe[1] = start_fd_text;
        }
        op->exec_argv = exec_argv;
        /* Only the static target takes the start descriptor; any other
         * program keeps its own arguments in the start pass too. */
        op->exec_argv_probe = config->exec_start ? exec_argv_probe : exec_argv;
        op->exec_envp = environ;
    }
    struct pb_failure failure;
    if (pb_op_prepare(op, &failure) != 0) {
        *what = failure.what;
        return failure.err;
    }
    if (config->aftermath) {
        op->aftermath_memory = memory;
        op->aftermath_bytes = memory ? (size_t)config->parent.private_bytes : 0;
    }
    if (config->aftermath == 2) {
        int fds[2];
        *what = "pipe to release the child";
        if (pipe2(fds, O_CLOEXEC) != 0) return errno;
        op->aftermath_child_alive = 1;
        op->release_read = fds[0];
        op->release_write = fds[1];
    }
    return 0;
}

/* Every child must have been reaped by the time the batch ends. */
static long leftover_children(void) {
    long left = 0;
    int status;
    while (waitpid(-1, &status, WNOHANG | __WALL) > 0) left++;
    return left;
}

/* The Swift side talks to us on stdin and stdout. A child that execs a
 * program (exec=/bin/echo, cmd=cat) must not inherit them, or it writes
 * into the replies or swallows the commands: move them to close-on-exec
 * descriptors and give 0 and 1 to /dev/null. */
static int move_protocol_streams(void) {
    int in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 10);
    int out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 10);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (in < 0 || out < 0 || null < 0) return -1;
    if (dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0) return -1;
    close(null);
    commands = fdopen(in, "r");
    replies = fdopen(out, "w");
    return commands && replies ? 0 : -1;
}

int main(int argc, char **argv) {
    if (move_protocol_streams() != 0) {
        printf("error %d 0 move the protocol streams\n", errno);
        return 1;
    }
    struct config config;
    if (parse_args(argc, argv, &config) != 0) {
        reply_error(EINVAL, 0, "bad argument");
        return 2;
    }
    const char *what = "";
    int err = set_up(&config, &what);
    if (err) {
        reply_error(err, 0, what);
        pb_isolation_cleanup(&config.isolation_state);  /* best effort: the set-up error is the one reported */
        return 1;
    }
    /* Touched now, so the footprint below is the one fork sees while timing. */
    struct pb_sample *samples = malloc(sizeof *samples * MAX_BATCH);
    if (!samples) {
        reply_error(ENOMEM, 0, "malloc samples");
        pb_isolation_cleanup(&config.isolation_state);
        return 1;
    }
    memset(samples, 0, sizeof *samples * MAX_BATCH);
    struct pb_footprint footprint;
    if ((err = pb_read_footprint(&footprint)) != 0) {
        reply_error(err, 0, "read /proc/self footprint");
        pb_isolation_cleanup(&config.isolation_state);
        return 1;
    }
    fprintf(replies, "ready rss_kib=%ld maps=%ld pte_kib=%ld fds=%ld threads=%ld anon_huge_kib=%ld\n",
           footprint.rss_kib, footprint.maps, footprint.pte_kib, footprint.fds, footprint.threads,
           footprint.anon_huge_kib);
    fflush(replies);

    char line[128];
    while (fgets(line, sizeof line, commands)) {
        long count;
        if (sscanf(line, "count %ld", &count) == 1 && count > 0) {
            struct pb_failure failure;
            if (pb_op_set_probe(&config.op, 0, &failure) != 0)
                reply_error(failure.err, 0, failure.what);
            else
                count_batch(&config, count, samples);
            continue;
        }
        int probe = -1;
        if (sscanf(line, "run %ld", &count) == 1) probe = 0;
        else if (sscanf(line, "start %ld", &count) == 1) probe = 1;
        if (probe >= 0 && count > 0 && count <= MAX_BATCH) {
            struct pb_failure failure;
            if (pb_op_set_probe(&config.op, probe, &failure) != 0) {
                reply_error(failure.err, 0, failure.what);
                continue;
            }
            run_batch(&config, count, samples);
        } else if (!strncmp(line, "quit", 4)) {
            break;
        } else {
            reply_error(EINVAL, 0, "bad command");
        }
    }
    int cleanup = pb_isolation_cleanup(&config.isolation_state);
    if (cleanup) fprintf(replies, "cleanup %d\n", cleanup);
    fprintf(replies, "bye leftover=%ld\n", leftover_children());
    fflush(replies);
    return 0;
}
