namespace Recorder.Trust;

/// <summary>Thrown by <see cref="PluginVerifier.VerifyAndStage"/> when a plugin must not be loaded.</summary>
public sealed class PluginRefusedException : Exception
{
    public PluginRefusedException(PluginRefusalReason reason, string pluginDirectory, string message, Exception? inner = null)
        : base($"plugin {pluginDirectory} refused ({reason.ToCode()}): {message}", inner)
    {
        Reason = reason;
        PluginDirectory = pluginDirectory;
        Detail = message;
    }

    public PluginRefusalReason Reason { get; }
    public string PluginDirectory { get; }

    /// <summary>The message without the plugin folder prefix.</summary>
    public string Detail { get; }
}
