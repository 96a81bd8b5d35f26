namespace Recorder.Host.Trust;

/// <summary>
/// Where the trust store, plugin bundles and host data live when no option says otherwise: inside a checkout
/// (found by <c>Recorder.sln</c> above the working folder or the executable) the build's development bundles and
/// trust store; on an installed machine the system paths.
/// </summary>
public static class TrustDefaults
{
    public static string? CheckoutRoot { get; } = FindCheckout(Environment.CurrentDirectory) ?? FindCheckout(AppContext.BaseDirectory);

    /// <summary><c>artifacts/trust</c> in a checkout (made by the build), else <c>/etc/recorder/trust</c>.</summary>
    public static string TrustDirectory => CheckoutRoot is { } root ? Path.Combine(root, "artifacts", "trust") : "/etc/recorder/trust";

    /// <summary><c>artifacts/plugins</c> in a checkout (made by the build), else <c>/opt/recorder/plugins</c>.</summary>
    public static string PluginsDirectory => CheckoutRoot is { } root ? Path.Combine(root, "artifacts", "plugins") : "/opt/recorder/plugins";

    /// <summary><c>recorder-data</c> in a checkout, else <c>/var/lib/recorder</c>.</summary>
    public static string DataDirectory => CheckoutRoot is { } root ? Path.Combine(root, "recorder-data") : "/var/lib/recorder";

    private static string? FindCheckout(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recorder.sln"))) return dir.FullName;
        return null;
    }
}
