/*
 * The measuring process's passes: timed batches, the start pass's reports,
 * and the counting pass. Output is written only after each batch.
 */
#define _GNU_SOURCE
#include "measure.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

void reply_error(int err, int wait_status, const char *what) {
    fprintf(replies, "error %d %d %s\n", err, wait_status, what);
    fflush(replies);
}

/* A child with memory of its own that fails execve (exit 127) or an
 * isolation step (exit 126) in the timing pass cannot say why: run one
 * operation with the shared page mapped to learn the errno and the step. */
static void diagnose_child_failure(struct pb_op *op, struct pb_failure *failure) {
    int code = WIFEXITED(failure->wait_status) ? WEXITSTATUS(failure->wait_status) : 0;
    if (op->probe_start || failure->err != 0 || (code != 126 && code != 127))
        return;
    struct pb_sample sample;
    struct pb_failure again = {0, NULL, 0};
    if (pb_op_set_probe(op, 1, &again) == 0 && pb_op_run(op, &sample, &again) != 0 && again.err != 0)
        *failure = again;
    pb_op_set_probe(op, 0, &again);
}

/* After a start pass: the last child's namespaces beside ours, so the
 * caller can check that every namespace asked for was really created. */
static void report_namespaces(const struct config *config) {
    for (int i = 0; i < PB_NS_SLOTS; i++)
        fprintf(replies, "v %s %llu %llu\n", pb_ns_name(i), (unsigned long long)config->own_ns[i],
               (unsigned long long)config->op.shared->ns_inodes[i]);
}

void run_batch(struct config *config, long count, struct pb_sample *samples) {
    struct pb_op *op = &config->op;
    struct pb_failure failure = {0, NULL, 0};
    long done = 0;
    int failed = 0;
    for (; done < count; done++) {
        if (pb_op_run(op, &samples[done], &failure) != 0) {
            failed = 1;
            break;
        }
        /* The container's step times, per operation of the start pass (not
         * a latency: this pass's figures already include the probe). */
        if (op->probe_start && config->isolation.timed_steps) {
            for (int step = 1; step < 16; step++) {
                if (op->shared->step_end_ns[step] > 0)
                    fprintf(replies, "t %ld %s %lld\n", done, pb_step_name(step), (long long)op->shared->step_end_ns[step]);
                op->shared->step_end_ns[step] = 0;
            }
        }
    }
    for (long i = 0; i < done; i++) {
        const struct pb_sample *x = &samples[i];
        fprintf(replies, "s %lld %lld %lld %lld %lld %lld %lld %lld %lld\n", (long long)x->latency_ns,
               (long long)x->start_ns, (long long)x->minflt, (long long)x->majflt, (long long)x->nvcsw,
               (long long)x->nivcsw, (long long)x->utime_us, (long long)x->stime_us,
               (long long)x->aftermath_ns);
    }
    if (failed) {
        diagnose_child_failure(op, &failure);
        reply_error(failure.err, failure.wait_status, failure.what);
    } else {
        if (op->probe_start && op->isolated) report_namespaces(config);
        fputs("end\n", replies);
        fflush(replies);
    }
}

/* The counting pass: counters open only here, so they never inflate a
 * latency (an inherited counter is copied into every child at fork). */
void count_batch(struct config *config, long count, struct pb_sample *samples) {
    int fds[MAX_EVENTS];
    for (int i = 0; i < config->event_count; i++) {
        fds[i] = pb_perf_open(&config->events[i], 1);
        if (fds[i] < 0) fprintf(replies, "e %d %d\n", i, -fds[i]);
    }
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    for (int i = 0; i < config->event_count; i++)
        if (fds[i] >= 0) pb_perf_enable(fds[i]);
    struct pb_failure failure = {0, NULL, 0};
    int failed = 0;
    for (long done = 0; done < count && !failed; done++)
        failed = pb_op_run(&config->op, &samples[0], &failure) != 0;
    for (int i = 0; i < config->event_count; i++)
        if (fds[i] >= 0) pb_perf_disable(fds[i]);
    getrusage(RUSAGE_SELF, &after);
    for (int i = 0; i < config->event_count; i++) {
        if (fds[i] < 0) continue;
        struct pb_count c;
        int err = pb_perf_read(fds[i], &c);
        if (err) fprintf(replies, "e %d %d\n", i, err);
        else fprintf(replies, "c %d %llu %llu %llu\n", i, (unsigned long long)c.value,
                    (unsigned long long)c.enabled_ns, (unsigned long long)c.running_ns);
        close(fds[i]);
    }
    fprintf(replies, "p %ld %ld\n", after.ru_minflt - before.ru_minflt, after.ru_majflt - before.ru_majflt);
    if (failed) {
        diagnose_child_failure(&config->op, &failure);
        reply_error(failure.err, failure.wait_status, failure.what);
    } else {
        fputs("end\n", replies);
        fflush(replies);
    }
}
