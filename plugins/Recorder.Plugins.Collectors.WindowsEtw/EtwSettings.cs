namespace Recorder.Plugins.Collectors.WindowsEtw;

/// <summary>The live collector's options (the plugin's settings in recorder.yaml).</summary>
public sealed class EtwSettings
{
    /// <summary><c>session_name</c>: the kernel session's name (Windows 8+: a system logger beside any other).</summary>
    public string SessionName { get; set; } = "Recorder-ETW";

    /// <summary>
    /// <c>buffer_kb</c>: size of each ETW buffer. Published measurements lost 40–50 % of process starts in bursts with
    /// 32 KB buffers and none with 256 KB and a 20 ms flush.
    /// </summary>
    public int BufferKb { get; set; } = 256;

    /// <summary><c>flush_ms</c>: how often buffers are flushed to the consumer, so bursts do not wait in full buffers.</summary>
    public int FlushMs { get; set; } = 20;

    /// <summary><c>loss_poll_seconds</c>: how often the session's lost events and buffers are read into status and loss markers.</summary>
    public int LossPollSeconds { get; set; } = 1;
}
