/*
 * The measuring parent's state: what fork has to copy. Everything here runs
 * once, before timing. Every page is written, so it is really there (and
 * the footprint read afterwards shows it).
 */
#define _GNU_SOURCE
#include "procbench.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif

#define PAGE 4096ULL

static int failed(const char **what, const char *step) {
    if (what) *what = step;
    return errno;
}

static void touch(char *memory, unsigned long long bytes) {
    for (unsigned long long at = 0; at < bytes; at += PAGE) memory[at] = 1;
}

static int build_private(const struct pb_parent_spec *spec, char **out, const char **what) {
    unsigned long long bytes = spec->private_bytes;
    char *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return failed(what, "mmap parent memory");
    if (spec->thp == PB_THP_ON && madvise(memory, bytes, MADV_HUGEPAGE) != 0)
        return failed(what, "madvise MADV_HUGEPAGE");
    if (spec->thp == PB_THP_OFF && madvise(memory, bytes, MADV_NOHUGEPAGE) != 0)
        return failed(what, "madvise MADV_NOHUGEPAGE");
    touch(memory, bytes);
    if (spec->advice == PB_ADVICE_DONTFORK && madvise(memory, bytes, MADV_DONTFORK) != 0)
        return failed(what, "madvise MADV_DONTFORK");
    if (spec->advice == PB_ADVICE_WIPEONFORK && madvise(memory, bytes, MADV_WIPEONFORK) != 0)
        return failed(what, "madvise MADV_WIPEONFORK");
    /* Fragmented: every other chunk read-only, so no two neighbours merge
     * into one mapping. The bytes stay the same; the mappings multiply. */
    if (spec->fragment_bytes)
        for (unsigned long long at = spec->fragment_bytes; at < bytes; at += 2 * spec->fragment_bytes) {
            unsigned long long length = bytes - at < spec->fragment_bytes ? bytes - at : spec->fragment_bytes;
            if (mprotect(memory + at, length, PROT_READ) != 0) return failed(what, "mprotect fragment");
        }
    *out = memory;
    return 0;
}

static int open_fds(long count, const char **what) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return failed(what, "getrlimit RLIMIT_NOFILE");
    rlim_t needed = (rlim_t)count + 64;
    if (limit.rlim_cur < needed) {
        limit.rlim_cur = needed;
        if (limit.rlim_max < needed) limit.rlim_max = needed;  /* raising the hard limit needs root */
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return failed(what, "setrlimit RLIMIT_NOFILE (fds= above the hard limit needs root)");
    }
    for (long i = 0; i < count; i++)
        if (open("/dev/null", O_RDONLY) < 0) return failed(what, "open /dev/null for fds=");
    return 0;
}

/* An idle thread: blocked for good on a pipe nobody writes to. */
static void *idle(void *arg) {
    char byte;
    while (read((int)(long)arg, &byte, 1) < 0 && errno == EINTR) {}
    return NULL;
}

static int start_threads(long count, const char **what) {
    int fds[2];
    if (count > 0 && pipe2(fds, O_CLOEXEC) != 0) return failed(what, "pipe for threads=");
    for (long i = 0; i < count; i++) {
        pthread_t thread;
        int err = pthread_create(&thread, NULL, idle, (void *)(long)fds[0]);
        if (err) {
            if (what) *what = "pthread_create for threads=";
            return err;
        }
    }
    return 0;
}

int pb_parent_build(const struct pb_parent_spec *spec, char **memory, const char **what) {
    if (memory) *memory = NULL;
    char *private_memory = NULL;
    int err;
    if (spec->private_bytes && (err = build_private(spec, &private_memory, what)) != 0) return err;
    if (spec->shared_bytes) {
        char *shared = mmap(NULL, spec->shared_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (shared == MAP_FAILED) return failed(what, "mmap shared= memory");
        touch(shared, spec->shared_bytes);
    }
    if ((err = open_fds(spec->fds, what)) != 0) return err;
    if ((err = start_threads(spec->threads, what)) != 0) return err;
    if (memory) *memory = private_memory;
    return 0;
}
