/* The yardstick for ProcBench's own overhead: the plainest fork loop.
 * usage: plain-fork-loop N CPU  — prints the median µs of N fork+_exit+waitpid. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static int compare(const void *a, const void *b) { long long x = *(const long long *)a, y = *(const long long *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
    int n = atoi(argv[1]);
    cpu_set_t set; CPU_ZERO(&set); CPU_SET(atoi(argv[2]), &set); sched_setaffinity(0, sizeof set, &set);
    long long *t = malloc(sizeof *t * n);
    for (int i = -200; i < n; i++) {  /* 200 warm-up iterations, as procbench is given */
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
