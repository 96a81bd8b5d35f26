using Recorder.Linux.Audit.Auditd;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Linux.Audit.Tests.Auditd;

/// <summary>auditd.conf rewritten on real files, for each case of the policy, with auditd's control recorded.</summary>
public sealed class AuditdConfiguratorTests : IDisposable
{
    private static readonly Version Current = new(3, 0, 9);
    private static readonly Version Old = new(2, 4, 5);

    private readonly string _directory = Directory.CreateTempSubdirectory("recorder-auditd-").FullName;
    private readonly string _path;
    private readonly RecordingService _service = new();

    public AuditdConfiguratorTests() => _path = Path.Combine(_directory, "auditd.conf");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Head = "#\n# This file controls the configuration of the audit daemon\n#\n\nlocal_events = yes\n";
    private const string Tail = "log_file = /var/log/audit/audit.log\n##name = mydomain\nsome_future_key = kept as is\nflush = INCREMENTAL_ASYNC\n";

    private AuditdConfigResult Apply(string content, Version version, bool running = true)
    {
        File.WriteAllText(_path, content);
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        _service.Running = running;
        return new AuditdConfigurator(_service, _path).Apply(version);
    }

    [Fact]
    public void Nolog_becomes_raw_and_write_logs_no_is_added_after_it_keeping_everything_else()
    {
        var original = Head + "log_format = NOLOG\n" + Tail;

        var result = Apply(original, Current);

        Assert.Equal(Head + "log_format = RAW\nwrite_logs = NO\n" + Tail, File.ReadAllText(_path));
        Assert.Equal(["changed log_format from NOLOG to RAW", "added write_logs = NO"], result.Changes.Select(c => c.ToString()));
        Assert.Equal(original, File.ReadAllText(result.BackupPath!));
        Assert.True(result.Restarted);
        Assert.Equal(1, _service.Restarts);
    }

    [Fact]
    public void Nolog_with_write_logs_yes_becomes_raw_and_write_logs_keeps_its_value()
    {
        var result = Apply(Head + "write_logs = YES\nlog_format=nolog\n" + Tail, Current);

        Assert.Equal(Head + "write_logs = YES\nlog_format=RAW\n" + Tail, File.ReadAllText(_path));
        Assert.Equal(["changed log_format from nolog to RAW"], result.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Auditd_2_5_2_itself_already_gets_the_new_behaviour()
    {
        Apply(Head + "log_format = NOLOG\n", new Version(2, 5, 2));

        Assert.Equal(Head + "log_format = RAW\nwrite_logs = NO\n", File.ReadAllText(_path));
    }

    [Theory]
    [InlineData("log_format = ENRICHED\nwrite_logs = yes\n")]
    [InlineData("log_format = RAW\n")]
    [InlineData("")]
    public void A_file_that_already_suits_is_not_touched_and_auditd_is_not_restarted(string settings)
    {
        var content = Head + settings + Tail;
        File.WriteAllText(_path, content);
        var written = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(_path, written);

        var result = new AuditdConfigurator(_service, _path).Apply(Current);

        Assert.Empty(result.Changes);
        Assert.Null(result.BackupPath);
        Assert.False(File.Exists(_path + AuditdConfigurator.BackupSuffix));
        Assert.Equal(written, File.GetLastWriteTimeUtc(_path));
        Assert.Equal(0, _service.Restarts);
    }

    [Fact]
    public void Before_2_5_2_write_logs_is_removed_and_nolog_stays()
    {
        var result = Apply(Head + "log_format = NOLOG\nwrite_logs = no\n" + Tail, Old);

        Assert.Equal(Head + "log_format = NOLOG\n" + Tail, File.ReadAllText(_path));
        Assert.Equal(["removed write_logs = no"], result.Changes.Select(c => c.ToString()));
        Assert.True(result.Restarted);
    }

    [Fact]
    public void Before_2_5_2_a_file_without_write_logs_is_left_alone()
    {
        var result = Apply(Head + "log_format = NOLOG\n" + Tail, new Version(2, 5, 1));

        Assert.Empty(result.Changes);
        Assert.Equal(Head + "log_format = NOLOG\n" + Tail, File.ReadAllText(_path));
    }

    [Fact]
    public void A_stopped_auditd_is_not_started_but_the_file_is_still_fixed()
    {
        var result = Apply(Head + "log_format = NOLOG\n", Current, running: false);

        Assert.NotEmpty(result.Changes);
        Assert.False(result.Restarted);
        Assert.Equal(0, _service.Restarts);
    }

    [Fact]
    public void The_rewrite_keeps_the_mode_crlf_line_ends_and_leaves_no_temporary_file()
    {
        Apply("# crlf file\r\nlog_format = NOLOG\r\nflush = NONE\r\n", Current);

        Assert.Equal("# crlf file\r\nlog_format = RAW\r\nwrite_logs = NO\r\nflush = NONE\r\n", File.ReadAllText(_path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_path));
        Assert.Equal(["auditd.conf", "auditd.conf" + AuditdConfigurator.BackupSuffix], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void No_auditd_conf_means_nothing_to_do()
    {
        var result = new AuditdConfigurator(_service, Path.Combine(_directory, "missing.conf")).Apply(Current);

        Assert.False(result.FileFound);
        Assert.Equal(0, _service.Restarts);
    }

    [Fact]
    public void This_machines_auditd_conf_with_its_installed_version_needs_no_change()
    {
        if (!File.Exists(AuditdConfigurator.DefaultConfigPath)) return; // auditd not installed: nothing to compare
        File.Copy(AuditdConfigurator.DefaultConfigPath, _path);
        var service = new AuditdService();

        var result = new AuditdConfigurator(new RecordingService { Version = service.GetVersion() }, _path).Apply();

        Assert.Equal(new Version(3, 0, 9), result.AuditdVersion);
        Assert.Empty(result.Changes); // Debian's default is log_format = ENRICHED
        Assert.Equal(File.ReadAllText(AuditdConfigurator.DefaultConfigPath), File.ReadAllText(_path));
    }

    private sealed class RecordingService : IAuditdService
    {
        public bool Running { get; set; }
        public int Restarts { get; private set; }
        public Version? Version { get; init; } = Current;
        public bool IsInstalled => true;
        public bool IsRunning => Running;
        public Version? GetVersion() => Version;
        public void Restart() => Restarts++;
    }
}
