using Recorder.Host.Platform;

namespace Recorder.Host.Configuration;

/// <summary>
/// Where things live by default. A recorder whose own binaries sit inside a source checkout (found by walking up
/// from them to <c>Recorder.sln</c>) keeps everything inside that checkout, so that a fresh clone runs with one
/// command; so does any recorder started with <c>RECORDER_CHECKOUT=&lt;checkout&gt;</c>. Otherwise it uses the
/// installed folders of its operating system (<see cref="IHostPlatform.InstalledLayout"/>). The working directory
/// never plays a part: an installed recorder typed inside someone's checkout must not trust that checkout's
/// development key.
/// </summary>
public sealed record HostLayout(
    string DataDirectory,
    IReadOnlyList<string> PluginDirectories,
    string TrustStoreDirectory,
    IReadOnlyList<string> SubscriptionDirectories,
    bool IsCheckout)
{
    /// <summary>Environment variable that puts a recorder into checkout mode for the checkout it names.</summary>
    public const string CheckoutVariable = "RECORDER_CHECKOUT";

    /// <summary>
    /// The administrator's configuration file of an installed recorder (<c>/etc/recorder/recorder.yaml</c>), read by
    /// every command when it exists and no --config is given, so that the service and `recorder status` agree. Null
    /// in a checkout (the embedded defaults, or --config).
    /// </summary>
    public string? ConfigurationFile { get; init; }

    /// <summary>Why this layout was chosen, for `recorder paths`.</summary>
    public string ChosenBy { get; init; } = "";

    /// <summary>The layout for the running binary: <see cref="CheckoutVariable"/>, else where the binary is.</summary>
    /// <exception cref="ConfigurationException"><see cref="CheckoutVariable"/> names a folder without Recorder.sln.</exception>
    public static HostLayout Detect() =>
        Detect(AppContext.BaseDirectory, Environment.GetEnvironmentVariable(CheckoutVariable));

    /// <summary>The layout for binaries in <paramref name="binaryDirectory"/>, or for the checkout <paramref name="checkoutOverride"/> when given.</summary>
    public static HostLayout Detect(string binaryDirectory, string? checkoutOverride = null)
    {
        if (!string.IsNullOrEmpty(checkoutOverride))
        {
            var root = Path.GetFullPath(checkoutOverride);
            if (!File.Exists(Path.Combine(root, "Recorder.sln")))
                throw new ConfigurationException(CheckoutVariable, 0, 0, $"{root} holds no Recorder.sln, so it is not a Recorder checkout");
            return ForCheckout(root) with { ChosenBy = $"checkout {root} (from {CheckoutVariable})" };
        }
        if (FindCheckoutRoot(binaryDirectory) is { } checkout)
            return ForCheckout(checkout) with { ChosenBy = $"checkout {checkout} (the recorder's binaries are inside it)" };
        var platform = HostPlatform.Current;
        return platform.InstalledLayout() with { ChosenBy = $"installed ({platform.Name})" };
    }

    /// <summary>The checkout root above <paramref name="directory"/>, or null.</summary>
    public static string? FindCheckoutRoot(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recorder.sln"))) return dir.FullName;
        return null;
    }

    private static HostLayout ForCheckout(string root)
    {
        var data = Path.Combine(root, "recorder-data");
        return new HostLayout(
            data,
            [Path.Combine(root, "artifacts", "plugins")],
            Path.Combine(root, "artifacts", "trust"),
            [Path.Combine(root, "manifests", "subscriptions"), Path.Combine(data, "subscriptions")],
            IsCheckout: true);
    }
}
