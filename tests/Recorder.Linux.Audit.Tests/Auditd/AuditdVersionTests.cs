using Recorder.Linux.Audit.Auditd;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Linux.Audit.Tests.Auditd;

public sealed class AuditdVersionTests
{
    [Theory]
    [InlineData("auditctl version 3.0.9\n", "3.0.9")]
    [InlineData("1:3.0.9-1", "3.0.9")]
    [InlineData("2.4.5", "2.4.5")]
    [InlineData("1:2.8.2-1ubuntu1.1", "2.8.2")]
    public void Versions_are_read_from_auditctl_and_package_managers(string text, string expected)
    {
        Assert.Equal(Version.Parse(expected), AuditdVersion.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("auditctl: command not found")]
    public void No_version_gives_null(string text) => Assert.Null(AuditdVersion.Parse(text));

    [Fact]
    public void The_installed_auditd_is_detected()
    {
        if (!new AuditdService().IsInstalled) return; // nothing installed to detect
        Assert.Equal(new Version(3, 0, 9), AuditdVersion.Detect());
    }
}
