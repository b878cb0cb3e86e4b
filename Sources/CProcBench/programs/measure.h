/*
 * The measuring process's parts, shared by measure.c (arguments, set-up,
 * the command loop) and measure-passes.c (the timing, start and counting
 * passes). Internal to procbench-measure.
 */
#ifndef PROCBENCH_MEASURE_H
#define PROCBENCH_MEASURE_H

#include "procbench.h"

#include <stdint.h>
#include <stdio.h>

/* Small on purpose: the buffer is dirty memory that every fork copies
 * page-table entries for, and the parent's next store to it after a fork
 * faults, exactly as a plain timing loop's would. 2048 samples: 8 pages. */
#define MAX_BATCH 2048
#define MAX_EVENTS 32

struct config {
    struct pb_op op;
    long cpu;                 /* -1: not pinned */
    struct pb_parent_spec parent;
    int exec_start;           /* the exec target reports its start time */
    int aftermath;            /* 1: rewrite the parent memory after each operation; 2: while the child lives */
    int event_count;
    struct pb_event_attr events[MAX_EVENTS];
    struct pb_isolation_request isolation;
    struct pb_isolation_state isolation_state;
    uint64_t own_ns[PB_NS_SLOTS];  /* this process's namespace inodes */
};

/* The replies stream, on a descriptor no child inherits (measure.c). */
extern FILE *replies;

void reply_error(int err, int wait_status, const char *what);
/* The timing pass (probe off) or the start pass (probe on): count
 * operations, then one `s` line each and `end`, or the failure. */
void run_batch(struct config *config, long count, struct pb_sample *samples);
/* The counting pass: counters opened, count operations, their totals. */
void count_batch(struct config *config, long count, struct pb_sample *samples);

#endif
