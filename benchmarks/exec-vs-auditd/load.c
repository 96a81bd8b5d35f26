/* Workloads of benchmarks/exec-vs-auditd/run.sh. Prints how many operations it completed.
     load exec  SECONDS RATE        fork + execve("/bin/true") + wait; RATE 0 = as fast as it goes
     load write SECONDS RATE FILE   open(O_WRONLY|O_CREAT|O_TRUNC) + write 64 bytes + close
   A paced loop sleeps to an absolute schedule (clock_nanosleep), so a late operation does not slow the next ones. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: load exec|write SECONDS RATE [FILE]\n"); return 2; }
    int exec_mode = strcmp(argv[1], "exec") == 0;
    double seconds = atof(argv[2]), rate = atof(argv[3]);
    const char *file = argc > 4 ? argv[4] : "/tmp/recorder-bench-write";
    char *const args[] = { "/bin/true", NULL };
    char *const env[] = { NULL };
    static const char data[64] = "recorder benchmark write\n";
    double start = now(), end = start + seconds;
    struct timespec next; clock_gettime(CLOCK_MONOTONIC, &next);
    long n = 0;
    while (now() < end) {
        if (exec_mode) {
            pid_t pid = fork();
            if (pid == 0) { execve(args[0], args, env); _exit(127); }
            if (pid > 0) waitpid(pid, NULL, 0);
        } else {
            int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd >= 0) { if (write(fd, data, sizeof data) < 0) perror("write"); close(fd); }
        }
        n++;
        if (rate > 0) {
            long step = (long)(1e9 / rate);
            next.tv_nsec += step;
            while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        }
    }
    printf("%ld %.3f\n", n, now() - start);
    return 0;
}
