/*
 * The isolation steps a child takes between creation and _exit or execve:
 * the pillars of Linux containers (namespaces, cgroups, a new root). Only
 * async-signal-safe calls (mount, umount2, unshare, setns, chroot, chdir,
 * mkdir, open, write, stat and raw syscalls), and only into the child's own
 * private mount namespace, so nothing here touches the host's mounts.
 */
#define _GNU_SOURCE
#include "procbench.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const step_names[] = {
    "", "unshare", "setns", "cgroup.procs write", "uid/gid map", "private mounts",
    "tmpfs root", "pivot_root", "chroot", "mount proc", "execve",
};

const char *pb_step_name(int step) {
    return step > 0 && step < (int)(sizeof step_names / sizeof step_names[0]) ? step_names[step] : "step";
}

static const char *const ns_paths[PB_NS_SLOTS] = {
    "/proc/self/ns/user", "/proc/self/ns/mnt", "/proc/self/ns/pid", "/proc/self/ns/pid_for_children",
    "/proc/self/ns/net", "/proc/self/ns/uts", "/proc/self/ns/ipc", "/proc/self/ns/cgroup",
    "/proc/self/ns/time", "/proc/self/ns/time_for_children", "/",
};

#define ROOT_SLOT (PB_NS_SLOTS - 1)

const char *pb_ns_name(int slot) {
    return slot == ROOT_SLOT ? "root" : ns_paths[slot] + sizeof "/proc/self/ns/" - 1;
}

/* Device and inode, so two different roots never compare equal. */
uint64_t pb_identity(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? ((uint64_t)st.st_dev << 40) ^ (uint64_t)st.st_ino : 0;
}

static void record_namespaces(struct pb_shared *shared) {
    for (int i = 0; i < ROOT_SLOT; i++) shared->ns_inodes[i] = pb_identity(ns_paths[i]);
}

static void mark(struct pb_op *op, int step, int64_t t0) {
    if (op->isolation.timed_steps) op->shared->step_end_ns[step] = pb_now_ns() - t0;
}

static int write_all(int fd, const char *text) {
    size_t length = 0;
    while (text[length]) length++;
    return write(fd, text, length) == (ssize_t)length ? 0 : -1;
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = write_all(fd, text);
    close(fd);
    return rc;
}

/* The new root: a private tmpfs, the old root detached. */
static int pivot(struct pb_isolation *iso, struct pb_op *op, int64_t t0) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return PB_STEP_PRIVATE_MOUNTS;
    mark(op, PB_STEP_PRIVATE_MOUNTS, t0);
    if (mount("procbench-root", iso->root_dir, "tmpfs", 0, "size=4m,mode=0755") != 0) return PB_STEP_TMPFS_ROOT;
    if (mkdir(iso->old_root, 0700) != 0) return PB_STEP_TMPFS_ROOT;
    if (iso->bind_target) {
        int fd = open(iso->bind_point, O_CREAT | O_WRONLY | O_CLOEXEC, 0755);
        if (fd < 0) return PB_STEP_TMPFS_ROOT;
        close(fd);
        if (mount(iso->bind_target, iso->bind_point, NULL, MS_BIND, NULL) != 0) return PB_STEP_TMPFS_ROOT;
    }
    mark(op, PB_STEP_TMPFS_ROOT, t0);
    /* proc goes in before the old root leaves: in a user namespace the
     * kernel lets a new proc be mounted only while one is fully visible. */
    if (iso->mount_proc) {
        if (mkdir(iso->proc_point, 0555) != 0) return PB_STEP_MOUNT_PROC;
        if (mount("proc", iso->proc_point, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
            return PB_STEP_MOUNT_PROC;
        mark(op, PB_STEP_MOUNT_PROC, t0);
    }
    if (syscall(SYS_pivot_root, iso->root_dir, iso->old_root) != 0) return PB_STEP_PIVOT_ROOT;
    if (chdir("/") != 0) return PB_STEP_PIVOT_ROOT;
    if (umount2("/old", MNT_DETACH) != 0) return PB_STEP_PIVOT_ROOT;
    mark(op, PB_STEP_PIVOT_ROOT, t0);
    return 0;
}

int pb_isolate(struct pb_op *op, int64_t t0) {
    struct pb_isolation *iso = &op->isolation;
    if (iso->unshare_flags && unshare(iso->unshare_flags) != 0) return PB_STEP_UNSHARE;
    mark(op, PB_STEP_UNSHARE, t0);
    if (iso->uid_map && iso->gid_map) {
        /* setgroups must be denied before an unprivileged gid_map; it is
         * harmless for root, so always done. */
        if (write_file("/proc/self/setgroups", "deny") != 0) return PB_STEP_UID_MAP;
        if (write_file("/proc/self/uid_map", iso->uid_map) != 0) return PB_STEP_UID_MAP;
        if (write_file("/proc/self/gid_map", iso->gid_map) != 0) return PB_STEP_UID_MAP;
        mark(op, PB_STEP_UID_MAP, t0);
    }
    /* Without root, the namespace belongs to a user namespace its creator
     * owns: joining that first gives the capabilities to join the other. */
    if (iso->setns_user_fd >= 0 && setns(iso->setns_user_fd, CLONE_NEWUSER) != 0) return PB_STEP_SETNS;
    if (iso->setns_fd >= 0 && setns(iso->setns_fd, iso->setns_type) != 0) return PB_STEP_SETNS;
    if (op->probe_start) record_namespaces(op->shared);
    if (iso->cgroup_procs_fd >= 0 && write_all(iso->cgroup_procs_fd, "0") != 0) return PB_STEP_CGROUP;
    if (iso->root_dir) {
        int step = pivot(iso, op, t0);
        if (step) return step;
    }
    if (iso->chroot_dir) {
        if (chroot(iso->chroot_dir) != 0 || chdir("/") != 0) return PB_STEP_CHROOT;
        mark(op, PB_STEP_CHROOT, t0);
    }
    if (op->probe_start) op->shared->ns_inodes[ROOT_SLOT] = pb_identity("/");
    if (iso->mount_proc && !iso->root_dir) {
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return PB_STEP_PRIVATE_MOUNTS;
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return PB_STEP_MOUNT_PROC;
        mark(op, PB_STEP_MOUNT_PROC, t0);
    }
    return 0;
}
