using Recorder.Linux.Audit.Auditd;
using Recorder.Linux.Audit.Sources;
using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// Which folder the recorder's auditd plugin goes into: auditd 3.x's <c>/etc/audit/plugins.d</c> or the older
/// audispd's <c>/etc/audisp/plugins.d</c>, decided from the configuration files on disk (a folder standing for
/// <c>/</c>), not from which folders exist.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class AuditdPluginDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recorder-auditd-root-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Auditd_3_uses_its_plugin_dir_even_when_an_old_audisp_folder_is_left_over()
    {
        Write("etc/audit/auditd.conf", "log_file = /var/log/audit/audit.log\nplugin_dir = /etc/audit/plugins.d\n");
        var current = Folder("etc/audit/plugins.d");
        Folder("etc/audisp/plugins.d"); // left by the 2.x package before an upgrade

        Assert.Equal(current, Find());
    }

    [Fact]
    public void Auditd_2_with_a_separate_audispd_uses_audispds_plugin_dir_even_when_etc_audit_plugins_d_exists()
    {
        Write("etc/audit/auditd.conf", "log_file = /var/log/audit/audit.log\ndispatcher = /sbin/audispd\n");
        Write("etc/audisp/audispd.conf", "q_depth = 250\nplugin_dir = /etc/audisp/plugins.d/\n");
        var audisp = Folder("etc/audisp/plugins.d");
        Folder("etc/audit/plugins.d"); // nothing reads it under 2.x

        Assert.Equal(audisp, Find());
    }

    [Fact]
    public void Auditd_2_without_a_plugin_dir_setting_uses_audispds_default()
    {
        Write("etc/audit/auditd.conf", "dispatcher = /sbin/audispd\n");
        Write("etc/audisp/audispd.conf", "q_depth = 250\n");
        var audisp = Folder("etc/audisp/plugins.d");
        Folder("etc/audit/plugins.d");

        Assert.Equal(audisp, Find());
    }

    [Fact]
    public void A_plugin_dir_moved_elsewhere_is_followed()
    {
        Write("etc/audit/auditd.conf", "plugin_dir = /opt/audit/plugins\n");
        var moved = Folder("opt/audit/plugins");
        Folder("etc/audit/plugins.d");

        Assert.Equal(moved, Find());
    }

    [Fact]
    public void A_configured_folder_that_does_not_exist_is_no_folder_rather_than_another_one()
    {
        Write("etc/audit/auditd.conf", "plugin_dir = /etc/audit/plugins.d\n");
        Folder("etc/audisp/plugins.d"); // exists, but auditd 3.x does not read it

        Assert.Null(Find());
    }

    [Fact]
    public void Without_an_auditd_conf_the_existing_folder_is_used_preferring_auditd_3s()
    {
        var old = Folder("etc/audisp/plugins.d");
        Assert.Equal(old, Find());
        var current = Folder("etc/audit/plugins.d");
        Assert.Equal(current, Find());
    }

    [Fact]
    public void This_machines_auditd_reads_the_folder_found()
    {
        if (!File.Exists("/etc/audit/auditd.conf")) return; // no auditd here
        var found = new AuditdService().PluginDirectory;
        var configured = File.ReadAllLines("/etc/audit/auditd.conf")
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == "plugin_dir").Select(p => p[1].Trim()).FirstOrDefault();
        Assert.Equal(configured ?? "/etc/audit/plugins.d", found);
    }

    [KernelAuditFact]
    public void When_netlink_connects_the_recorders_plugin_is_removed_from_the_folder_auditd_reads_and_only_there()
    {
        // auditd 2.x layout: the recorder's plugin left in /etc/audisp/plugins.d by an earlier run, and a file with
        // the same name in /etc/audit/plugins.d that the recorder did not write.
        Write("etc/audit/auditd.conf", "dispatcher = /sbin/audispd\n");
        var audisp = Folder("etc/audisp/plugins.d");
        var other = Folder("etc/audit/plugins.d");
        var recorderFolder = Path.Combine(_root, "var/lib/recorder/audispd");
        var installed = AudispdPlugin.Install(audisp, recorderFolder);
        var foreign = Path.Combine(other, AudispdPlugin.ConfigurationFileName);
        File.WriteAllText(foreign, "active = yes\n");

        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        var auditd = new AuditdService { ConfigurationRoot = _root };
        var log = new List<string>();
        var selection = AuditSourceSelector.Open(new AuditSourceOptions { AllowMulticast = false }, auditd, log.Add);
        selection.Source.Dispose();

        Assert.Equal(AuditSourceKind.NetlinkUnicast, selection.Source.Kind);
        Assert.False(File.Exists(installed), "the recorder's plugin is removed from audispd's folder");
        Assert.Contains(log, l => l.Contains(audisp, StringComparison.Ordinal));
        Assert.True(File.Exists(foreign), "a file the recorder did not write stays");
    }

    private string? Find() => new AuditdPluginDirectory(_root).Find();

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_root, relative)).FullName;
}
