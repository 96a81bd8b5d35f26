using Recorder.Plugins.Enrichers.Process.Paths;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>Paths as used and as resolved, for writes made by real processes.</summary>
public sealed class PathTests : IDisposable
{
    // Resolved, so that expectations hold when the temp folder itself lives behind a symlink.
    private readonly string _dir = PathNormalizer.ResolveSymlinks(Directory.CreateTempSubdirectory("recorder-paths-").FullName)!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_write_through_a_symlink_records_the_path_used_and_the_resolved_target()
    {
        File.WriteAllText(Path.Combine(_dir, "real.txt"), "");
        File.CreateSymbolicLink(Path.Combine(_dir, "link.txt"), "real.txt");
        using var writer = RealProcess.StartBash("echo written > link.txt", _dir);
        await writer.WaitForExitAsync();
        Assert.Equal("written\n", File.ReadAllText(Path.Combine(_dir, "real.txt")));

        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        // What the collector sends: the writer's pid, its cwd, and the path made absolute against the cwd.
        var e = FileWrite(writer.Id, Path.Combine(_dir, "link.txt"));
        chain.Enrich(e);
        Assert.Equal(Path.Combine(_dir, "link.txt"), e["file.path"]);
        Assert.Equal(Path.Combine(_dir, "real.txt"), e["file.target_path"]);
    }

    [Fact]
    public async Task A_symlink_created_after_the_path_was_cached_shows_once_the_cache_entry_expires()
    {
        var path = Path.Combine(_dir, "swap.txt");
        File.WriteAllText(Path.Combine(_dir, "other.txt"), "");
        File.WriteAllText(path, "");
        using var services = new TestPluginServices(new ProcessEnricherOptions { PathCacheMilliseconds = 200 });
        await using var chain = await EnricherChain.StartAsync(services);
        Assert.Null(chain.Enrich(FileWrite(Environment.ProcessId, path))["file.target_path"]);

        File.Delete(path);
        File.CreateSymbolicLink(path, "other.txt");
        await Task.Delay(300);
        Assert.Equal(Path.Combine(_dir, "other.txt"), chain.Enrich(FileWrite(Environment.ProcessId, path))["file.target_path"]);
    }

    [Fact]
    public async Task A_relative_path_is_made_absolute_against_the_cwd_and_a_plain_file_gets_no_target()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "plain.txt"), "");
        var e = FileWrite(Environment.ProcessId, "./sub/../plain.txt");
        chain.Enrich(e);
        Assert.Equal(Path.Combine(_dir, "plain.txt"), e["file.path"]);
        Assert.Null(e["file.target_path"]);
    }

    [Fact]
    public async Task Dot_dot_after_a_directory_symlink_resolves_as_the_kernel_does_not_lexically()
    {
        // dir/jump -> dir/far/deep ; "jump/../x" is far/x for the kernel, dir/x lexically.
        Directory.CreateDirectory(Path.Combine(_dir, "far", "deep"));
        File.WriteAllText(Path.Combine(_dir, "far", "x"), "");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "jump"), Path.Combine(_dir, "far", "deep"));
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        var e = FileWrite(Environment.ProcessId, Path.Combine(_dir, "jump") + "/../x");
        chain.Enrich(e);
        Assert.Equal(Path.Combine(_dir, "x"), e["file.path"]);
        Assert.Equal(Path.Combine(_dir, "far", "x"), e["file.target_path"]);
    }

    [Fact]
    public async Task A_deleted_file_behind_a_symlinked_directory_still_gets_its_resolved_directory()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "alias"), Path.Combine(_dir, "real"));
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        var e = new RecorderEvent(EventSchemas.FileDelete) { Time = DateTime.UtcNow };
        e.Process.Pid = Environment.ProcessId;
        e["file.path"] = Path.Combine(_dir, "alias", "gone.txt");
        chain.Enrich(e);
        Assert.Equal(Path.Combine(_dir, "real", "gone.txt"), e["file.target_path"]);
    }

    [Theory]
    [InlineData("/a/b/c", "/", "/a/b/c")]
    [InlineData("/a//b/./c/", "/", "/a/b/c")]
    [InlineData("/a/b/../../..", "/", "/")]
    [InlineData("c/d", "/a/b", "/a/b/c/d")]
    [InlineData("../d", "/a/b", "/a/d")]
    [InlineData("x", null, "x")]
    [InlineData("/a/.hidden/..b/c", "/", "/a/.hidden/..b/c")]
    [InlineData("/a/b/.", "/", "/a/b")]
    [InlineData("/", "/", "/")]
    public void Lexical_normalisation(string path, string? cwd, string expected) =>
        Assert.Equal(expected, PathNormalizer.MakeAbsolute(path, cwd));

    private RecorderEvent FileWrite(int pid, string path)
    {
        var e = new RecorderEvent(EventSchemas.FileWrite) { Time = DateTime.UtcNow };
        e.Process.Pid = pid;
        e.Process.WorkingDirectory = _dir;
        e["file.path"] = path;
        return e;
    }
}
