/*
 * The static exec target (exec=static): the smallest program a child can
 * exec. Statically linked, so exec costs no dynamic loader. Its first act is
 * to read CLOCK_MONOTONIC and, when given a descriptor number, write the
 * stamp there, so the measuring process learns when the new program started.
 */
#include <stdint.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (argc > 1) {
        int fd = 0;
        for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++) fd = fd * 10 + (*p - '0');
        int64_t stamp = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
        if (write(fd, &stamp, sizeof stamp) != (ssize_t)sizeof stamp) _exit(3);
    }
    _exit(0);
}
