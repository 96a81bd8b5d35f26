using Recorder.Trust.Tests.Support;

namespace Recorder.Trust.Tests;

/// <summary>
/// Ownership and mode checks on real folders. These run as root (as the host does): root can hand a folder to
/// uid 65534 (nobody) and back.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PluginFolderSafetyTests : IDisposable
{
    private readonly TrustFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Tests_run_as_root()
    {
        Assert.True(UnixTestCalls.IsRoot, "the ownership tests need root, as the host does");
    }

    [Fact]
    public void Plugin_folder_writable_by_others_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.SetUnixFileMode(folder, (UnixFileMode)0x1FF); // 0777
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.UnsafePermissions);
        Assert.Contains("0777", message);
    }

    [Fact]
    public void Plugin_folder_writable_by_group_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.SetUnixFileMode(folder, (UnixFileMode)0x1FD); // 0775
        _fixture.AssertRefused(folder, PluginRefusalReason.UnsafePermissions);
    }

    [Fact]
    public void File_writable_by_others_inside_the_folder_is_refused()
    {
        var folder = _fixture.CreateSigned();
        var entry = Path.Combine(folder, PluginFolderBuilder.EntryAssembly);
        File.SetUnixFileMode(entry, (UnixFileMode)0x1B6); // 0666
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.UnsafePermissions);
        Assert.Contains(PluginFolderBuilder.EntryAssembly, message);
    }

    [Fact]
    public void Parent_folder_writable_by_others_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.SetUnixFileMode(_fixture.PluginsRoot, (UnixFileMode)0x1FF); // 0777, no sticky bit: anyone could swap the plugin folder
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.UnsafePermissions);
        Assert.Contains(_fixture.PluginsRoot, message);
    }

    [Fact]
    public void Sticky_world_writable_parent_is_accepted_because_others_cannot_rename_roots_folder()
    {
        var folder = _fixture.CreateSigned();
        File.SetUnixFileMode(_fixture.PluginsRoot, (UnixFileMode)0x3FF); // 1777, like /tmp
        Assert.True(_fixture.Verifier.Verify(folder).Accepted);
    }

    [Fact]
    public void Plugin_folder_owned_by_another_user_is_refused()
    {
        var folder = _fixture.CreateSigned();
        UnixTestCalls.Chown(folder, UnixTestCalls.Nobody, UnixTestCalls.Nobody);
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.UnsafeOwner);
        Assert.Contains("uid 65534", message);
    }

    [Fact]
    public void File_owned_by_another_user_is_refused()
    {
        var folder = _fixture.CreateSigned();
        UnixTestCalls.Chown(Path.Combine(folder, "runtimes", "linux-x64", "native", "libacme.so"), UnixTestCalls.Nobody, UnixTestCalls.Nobody);
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.UnsafeOwner);
        Assert.Contains("libacme.so", message);
    }

    [Fact]
    public void Parent_folder_owned_by_another_user_is_refused()
    {
        var folder = _fixture.CreateSigned();
        UnixTestCalls.Chown(_fixture.PluginsRoot, UnixTestCalls.Nobody, UnixTestCalls.Nobody);
        _fixture.AssertRefused(folder, PluginRefusalReason.UnsafeOwner);
    }

    [Fact]
    public void Ownership_checks_can_be_turned_off_only_explicitly()
    {
        Assert.True(new PluginVerifierOptions().RequireRootOwnership);
        using var relaxed = new TrustFixture(options: new PluginVerifierOptions { RequireRootOwnership = false });
        var folder = relaxed.CreateSigned();
        UnixTestCalls.Chown(folder, UnixTestCalls.Nobody, UnixTestCalls.Nobody);
        Assert.True(relaxed.Verifier.Verify(folder).Accepted);
    }

    [Fact]
    public void Staging_folder_writable_by_others_is_refused()
    {
        var folder = _fixture.CreateSigned();
        Directory.CreateDirectory(_fixture.StagingRoot);
        File.SetUnixFileMode(_fixture.StagingRoot, (UnixFileMode)0x1FF);
        var refusal = Assert.Throws<PluginRefusedException>(() => _fixture.Verifier.VerifyAndStage(folder, _fixture.StagingRoot));
        Assert.Equal(PluginRefusalReason.UnsafePermissions, refusal.Reason);
        Assert.Null(_fixture.Sequences.Get("acme.sinks.archive"));
    }
}
