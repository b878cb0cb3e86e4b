/*
 * The measuring process's side of isolation: what is prepared once before
 * timing and removed afterwards. Directories come from mkdtemp; mounts are
 * made only by children, inside their own private mount namespaces, so the
 * host's mount table never changes.
 */
#define _GNU_SOURCE
#include "procbench.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int failed(const char **what, const char *step) {
    if (what) *what = step;
    return errno;
}

static const char *ns_file(int type) {
    switch (type) {
    case CLONE_NEWUSER: return "user";
    case CLONE_NEWNS: return "mnt";
    case CLONE_NEWPID: return "pid_for_children";
    case CLONE_NEWNET: return "net";
    case CLONE_NEWUTS: return "uts";
    case CLONE_NEWIPC: return "ipc";
    case CLONE_NEWCGROUP: return "cgroup";
    default: return "time_for_children";
    }
}

/* A child that unshares the namespace and waits, so a descriptor for the
 * namespace can be opened and joined by every timed child. */
static int prepare_namespace(int type, int in_user, struct pb_op *op, struct pb_isolation_state *state,
                             const char **what) {
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) return failed(what, "pipe for setns");
    pid_t holder = fork();
    if (holder < 0) return failed(what, "fork namespace holder");
    if (holder == 0) {
        /* Dies with the measuring process, and holds none of its pipes. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(STDIN_FILENO);
        close(STDOUT_FILENO);
        int flags = type | (in_user && type != CLONE_NEWUSER ? CLONE_NEWUSER : 0);
        int32_t member = unshare(flags) == 0 ? (int32_t)getpid() : 0;
        /* A pid namespace has its ns file only once a process lives in it:
         * the holder's child, pid 1 there, holds it instead. */
        if (member && type == CLONE_NEWPID) {
            pid_t first = fork();
            if (first == 0) {
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                pause();
                _exit(0);
            }
            member = first > 0 ? (int32_t)first : 0;
        }
        if (write(ready[1], &member, sizeof member) != (ssize_t)sizeof member) _exit(1);
        pause();
        _exit(0);
    }
    state->holder = holder;
    close(ready[1]);
    int32_t member = 0;
    ssize_t got = read(ready[0], &member, sizeof member);
    close(ready[0]);
    if (got != (ssize_t)sizeof member || member == 0) {
        errno = EPERM;
        return failed(what, "unshare in the namespace holder");
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)member, type == CLONE_NEWPID ? "pid" : ns_file(type));
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return failed(what, "open the prepared namespace");
    op->isolation.setns_fd = fd;
    op->isolation.setns_type = type;
    if (in_user && type != CLONE_NEWUSER) {
        snprintf(path, sizeof path, "/proc/%d/ns/user", (int)member);
        op->isolation.setns_user_fd = open(path, O_RDONLY | O_CLOEXEC);
        if (op->isolation.setns_user_fd < 0) return failed(what, "open the prepared user namespace");
    }
    return 0;
}

static int copy_file(const char *from, const char *to) {
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
    if (out < 0) { close(in); return -1; }
    char buffer[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buffer, sizeof buffer)) > 0)
        if (write(out, buffer, (size_t)n) != n) { rc = -1; break; }
    if (n < 0) rc = -1;
    close(in);
    if (close(out) != 0) rc = -1;
    return rc;
}

static int prepare_cgroup(const struct pb_isolation_request *request, struct pb_op *op,
                          struct pb_isolation_state *state, const char **what) {
    snprintf(state->cgroup_dir, sizeof state->cgroup_dir, "%s/procbench-%d", request->cgroup_root, (int)getpid());
    if (mkdir(state->cgroup_dir, 0755) != 0) {
        state->cgroup_dir[0] = 0;
        return failed(what, "mkdir cgroup");
    }
    if (request->cgroup_into) {
        op->cgroup_fd = open(state->cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (op->cgroup_fd < 0) return failed(what, "open cgroup directory");
    } else {
        char procs[4200];
        snprintf(procs, sizeof procs, "%s/cgroup.procs", state->cgroup_dir);
        /* The child writes "0" (itself) before it execs. */
        op->isolation.cgroup_procs_fd = open(procs, O_WRONLY | O_CLOEXEC);
        if (op->isolation.cgroup_procs_fd < 0) return failed(what, "open cgroup.procs");
    }
    return 0;
}

int pb_isolation_setup(const struct pb_isolation_request *request, struct pb_op *op,
                       struct pb_isolation_state *state, const char **what) {
    memset(state, 0, sizeof *state);
    struct pb_isolation *iso = &op->isolation;
    iso->unshare_flags = request->unshare_flags;
    iso->mount_proc = request->mount_proc;
    iso->timed_steps = request->timed_steps;
    int err;
    if (request->setns_type &&
        (err = prepare_namespace(request->setns_type, request->setns_in_user, op, state, what)) != 0)
        return err;
    if (request->cgroup_root && (err = prepare_cgroup(request, op, state, what)) != 0) return err;
    if (request->map_ids) {
        snprintf(state->uid_map, sizeof state->uid_map, "0 %d 1", (int)geteuid());
        snprintf(state->gid_map, sizeof state->gid_map, "0 %d 1", (int)getegid());
        iso->uid_map = state->uid_map;
        iso->gid_map = state->gid_map;
    }
    if (request->pivot_root) {
        strcpy(state->root_dir, "/tmp/procbench-root-XXXXXX");
        if (!mkdtemp(state->root_dir)) { state->root_dir[0] = 0; return failed(what, "mkdtemp new root"); }
        snprintf(state->old_root, sizeof state->old_root, "%s/old", state->root_dir);
        snprintf(state->proc_point, sizeof state->proc_point, "%s/proc", state->root_dir);
        iso->root_dir = state->root_dir;
        iso->old_root = state->old_root;
        iso->proc_point = state->proc_point;
        if (request->exec_static) {
            snprintf(state->bind_point, sizeof state->bind_point, "%s/procbench-exec-static", state->root_dir);
            iso->bind_target = request->exec_static;
            iso->bind_point = state->bind_point;
        }
    }
    if (request->chroot) {
        strcpy(state->chroot_dir, "/tmp/procbench-chroot-XXXXXX");
        if (!mkdtemp(state->chroot_dir)) { state->chroot_dir[0] = 0; return failed(what, "mkdtemp chroot"); }
        iso->chroot_dir = state->chroot_dir;
        if (request->exec_static) {
            snprintf(state->chroot_target, sizeof state->chroot_target, "%s/procbench-exec-static", state->chroot_dir);
            if (copy_file(request->exec_static, state->chroot_target) != 0)
                return failed(what, "copy the static target into the chroot");
        }
        if (request->mount_proc) {
            char proc[80];
            snprintf(proc, sizeof proc, "%s/proc", state->chroot_dir);
            if (mkdir(proc, 0555) != 0) return failed(what, "mkdir proc in the chroot");
        }
    }
    op->isolated = iso->unshare_flags || iso->setns_fd >= 0 || iso->setns_user_fd >= 0 || iso->cgroup_procs_fd >= 0 || iso->root_dir ||
                   iso->chroot_dir || iso->mount_proc || iso->uid_map;
    return 0;
}

int pb_isolation_cleanup(struct pb_isolation_state *state) {
    int first = 0;
#define KEEP(expr) do { if ((expr) != 0 && !first) first = errno; } while (0)
    if (state->holder > 0) {
        kill(state->holder, SIGKILL);
        while (waitpid(state->holder, NULL, 0) < 0 && errno == EINTR) {}
        state->holder = 0;
    }
    if (state->root_dir[0]) KEEP(rmdir(state->root_dir));
    if (state->chroot_target[0]) KEEP(unlink(state->chroot_target));
    if (state->chroot_dir[0]) {
        char proc[80];
        snprintf(proc, sizeof proc, "%s/proc", state->chroot_dir);
        if (rmdir(proc) != 0 && errno != ENOENT && !first) first = errno;
        KEEP(rmdir(state->chroot_dir));
    }
    if (state->cgroup_dir[0]) KEEP(rmdir(state->cgroup_dir));
#undef KEEP
    return first;
}
