/* perf_event_open and friends: Swift cannot call syscall or ioctl. */
#define _GNU_SOURCE
#include "procbench.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int pb_perf_open(const struct pb_event_attr *spec, int inherit) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = spec->type;
    attr.config = spec->config;
    attr.config1 = spec->config1;
    attr.config2 = spec->config2;
    attr.exclude_user = spec->exclude_user ? 1 : 0;
    attr.exclude_kernel = spec->exclude_kernel ? 1 : 0;
    attr.exclude_hv = spec->exclude_hv ? 1 : 0;
    attr.disabled = 1;
    attr.inherit = inherit ? 1 : 0;
    /* Scaled counts when the PMU multiplexes more events than it has. */
    attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (int)fd;
}

int pb_perf_enable(int fd) { return ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) == 0 ? 0 : errno; }
int pb_perf_disable(int fd) { return ioctl(fd, PERF_EVENT_IOC_DISABLE, 0) == 0 ? 0 : errno; }

int pb_perf_read(int fd, struct pb_count *count) {
    uint64_t values[3];
    ssize_t n;
    do n = read(fd, values, sizeof values);
    while (n < 0 && errno == EINTR);
    if (n < 0) return errno;
    if (n != (ssize_t)sizeof values) return EIO;
    count->value = values[0];
    count->enabled_ns = values[1];
    count->running_ns = values[2];
    return 0;
}
