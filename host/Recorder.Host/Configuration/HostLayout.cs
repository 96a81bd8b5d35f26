namespace Recorder.Host.Configuration;

/// <summary>
/// Where things live by default: in a source checkout (found by walking up to <c>Recorder.sln</c>) the
/// recorder keeps everything inside the checkout, so that a fresh clone runs with one command; installed, it
/// uses the usual system folders.
/// </summary>
public sealed record HostLayout(
    string DataDirectory,
    IReadOnlyList<string> PluginDirectories,
    string TrustStoreDirectory,
    IReadOnlyList<string> SubscriptionDirectories,
    bool IsCheckout)
{
    /// <summary>The layout for the running binary.</summary>
    public static HostLayout Detect(string? startDirectory = null)
    {
        var root = FindCheckoutRoot(startDirectory ?? AppContext.BaseDirectory)
                   ?? FindCheckoutRoot(Environment.CurrentDirectory);
        if (root is not null)
        {
            var data = Path.Combine(root, "recorder-data");
            return new HostLayout(
                data,
                [Path.Combine(root, "artifacts", "plugins")],
                Path.Combine(root, "artifacts", "trust"),
                [Path.Combine(root, "manifests", "subscriptions"), Path.Combine(data, "subscriptions")],
                IsCheckout: true);
        }
        return new HostLayout(
            "/var/lib/recorder",
            ["/usr/lib/recorder/plugins"],
            "/etc/recorder/trust",
            ["/usr/share/recorder/subscriptions", "/etc/recorder/subscriptions"],
            IsCheckout: false);
    }

    /// <summary>The checkout root above <paramref name="directory"/>, or null.</summary>
    public static string? FindCheckoutRoot(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recorder.sln"))) return dir.FullName;
        return null;
    }
}
