/* The baseline reader of the live benchmarks: becomes the kernel's audit daemon over netlink unicast, recv()s each
   record and throws it away, and prints how many records it received when sent SIGTERM. Used by
   benchmarks/Recorder.Benchmarks.Audit (live) and benchmarks/scripts/live-into-sqlite.sh. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static volatile sig_atomic_t stop;
static void on_term(int s) { (void)s; stop = 1; }
int main(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
    struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
    bind(fd, (struct sockaddr *)&addr, sizeof addr);
    int size = 8 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    struct { struct nlmsghdr h; struct audit_status s; } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req; req.h.nlmsg_type = AUDIT_SET; req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK; req.h.nlmsg_seq = 1;
    req.s.mask = AUDIT_STATUS_PID; req.s.pid = getpid();
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    sendto(fd, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel);
    struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = on_term; sigaction(SIGTERM, &sa, 0);
    static char buffer[16384];
    long records = 0;
    while (!stop) {
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n > 0 && ((struct nlmsghdr *)buffer)->nlmsg_type >= 1100) records++;
    }
    printf("%ld\n", records);
    return 0;
}
