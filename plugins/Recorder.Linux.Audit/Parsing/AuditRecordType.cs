namespace Recorder.Linux.Audit.Parsing;

/// <summary>
/// Numeric audit record types (linux/audit.h and libaudit's audit-records.h) that the parser, the assembler and
/// the normaliser care about. The full name table is in <see cref="AuditRecordTypeNames"/>.
/// </summary>
public static class AuditRecordType
{
    public const int Login = 1006;
    public const int UserAuth = 1100;
    public const int UserAcct = 1101;
    public const int CredAcq = 1103;
    public const int UserStart = 1105;
    public const int UserEnd = 1106;
    public const int UserAvc = 1107;
    public const int UserLogin = 1112;
    public const int UserLogout = 1113;
    public const int UserCmd = 1123;
    public const int DaemonStart = 1200;
    public const int Syscall = 1300;
    public const int Path = 1302;
    public const int ConfigChange = 1305;
    public const int Sockaddr = 1306;
    public const int Cwd = 1307;
    public const int Execve = 1309;
    public const int Eoe = 1320;
    public const int Proctitle = 1327;
    public const int KernModule = 1330;
    public const int Openat2 = 1337;
    public const int Avc = 1400;

    /// <summary>
    /// True for auditd's own records (DAEMON_START, DAEMON_END, ...: 1200–1299). They appear in its log files with
    /// serials from auditd's own counter, not the kernel's, so they take no part in gap counting.
    /// </summary>
    public static bool IsDaemonRecord(int type) => type is >= 1200 and < 1300;

    /// <summary>
    /// True for types that form an event on their own, without EOE: messages sent by user-space programs
    /// (1100–1299 user and daemon messages, 2100–2999 anomalies, roles, crypto, virt) and the 1000–1099 control
    /// range except LOGIN, which the kernel logs inside a syscall (SYSCALL and EOE follow on current kernels).
    /// Kernel records (1300 and up below 2100) always wait for EOE or the timeout: CONFIG_CHANGE, for one, is
    /// followed by the SYSCALL of the sendto that carried the rule on current kernels.
    /// </summary>
    public static bool IsSingleRecordEvent(int type) =>
        type is (>= 1100 and < 1300) or (>= 2100 and < 3000) || (type is >= 1000 and < 1100 && type != Login);
}
