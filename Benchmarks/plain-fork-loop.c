/* The yardstick the benchmarks hold ProcBench against: the plainest fork
 * loop. A parent with SIZE MiB of written private memory forks N times
 * (child _exit(0), waitpid) after WARMUP untimed forks, pinned to CPU.
 * usage: plain-fork-loop SIZE_MIB N CPU [WARMUP] — prints the median µs. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static int compare(const void *a, const void *b) { long long x = *(const long long *)a, y = *(const long long *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
    size_t bytes = (size_t)atol(argv[1]) << 20;
    int n = atoi(argv[2]);
    cpu_set_t set; CPU_ZERO(&set); CPU_SET(atoi(argv[3]), &set); sched_setaffinity(0, sizeof set, &set);
    if (bytes) { char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); for (size_t i = 0; i < bytes; i += 4096) m[i] = 1; }
    long long *t = malloc(sizeof *t * n);
    int warmup = argc > 4 ? atoi(argv[4]) : 3;
    for (int i = -warmup; i < n; i++) {
        long long t0 = now();
        pid_t pid = fork();
        if (pid == 0) _exit(0);
        waitpid(pid, NULL, 0);
        if (i >= 0) t[i] = now() - t0;
    }
    qsort(t, n, sizeof *t, compare);
    printf("%.3f\n", (n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2.0) / 1000.0);
    return 0;
}
