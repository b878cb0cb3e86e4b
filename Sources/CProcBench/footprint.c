/* Reads the calling process's footprint from /proc/self: the figures every
 * result row carries, because fork's cost follows them. */
#define _GNU_SOURCE
#include "procbench.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads a whole /proc file into buf; returns its length or -1 with errno. */
static ssize_t read_file(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, buf + used, size - 1 - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { int err = errno; close(fd); errno = err; return -1; }
        if (n == 0 || used + (size_t)n >= size - 1) { used += (size_t)n; break; }
        used += (size_t)n;
    }
    close(fd);
    buf[used] = 0;
    return (ssize_t)used;
}

static long status_field(const char *status, const char *key) {
    const char *at = strstr(status, key);
    return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

/* Counts lines without holding the whole file: with parent= sweeps the maps
 * file can be larger than any fixed buffer. */
static long count_lines(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char chunk[8192];
    long lines = 0;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; i++) lines += chunk[i] == '\n';
    }
    close(fd);
    return lines;
}

static long count_fds(void) {
    DIR *dir = opendir("/proc/self/fd");
    if (!dir) return -1;
    long count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.') count++;
    closedir(dir);
    return count - 1;  /* the directory's own descriptor */
}

int pb_read_footprint(struct pb_footprint *footprint) {
    char status[8192];
    if (read_file("/proc/self/status", status, sizeof status) < 0) return errno;
    footprint->rss_kib = status_field(status, "VmRSS:");
    footprint->pte_kib = status_field(status, "VmPTE:");
    footprint->threads = status_field(status, "Threads:");
    footprint->maps = count_lines("/proc/self/maps");
    if (footprint->maps < 0) return errno;
    footprint->fds = count_fds();
    if (footprint->fds < 0) return errno;
    char rollup[4096];
    footprint->anon_huge_kib = read_file("/proc/self/smaps_rollup", rollup, sizeof rollup) < 0
        ? -1 : status_field(rollup, "AnonHugePages:");
    return 0;
}
