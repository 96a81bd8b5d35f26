using Tmds.Linux;

namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// Records through auditd: installs the recorder's plugin (<see cref="AudispdPlugin"/>), has auditd reload,
/// and reads the text lines the forwarder writes into a FIFO. Used when netlink is refused or not allowed.
/// auditd buffers for its plugins, so one thread reads and hands lines to the handler.
/// </summary>
public sealed unsafe class AudispdAuditSource : AuditSource
{
    private const int PollMilliseconds = 250;
    private const int BufferSize = 256 * 1024; // many lines; a single record is at most ~9 kB (enriched a bit more)

    private readonly AuditdService _auditd;
    private readonly string _pluginDirectory;
    private readonly string _fifoPath;
    private int _fd = -1;
    private Thread? _thread;
    private IAuditRecordHandler? _handler;
    private volatile bool _stopping;
    private int _stopped;

    private AudispdAuditSource(AuditdService auditd, string pluginDirectory, string fifoPath)
    {
        _auditd = auditd;
        _pluginDirectory = pluginDirectory;
        _fifoPath = fifoPath;
    }

    /// <inheritdoc />
    public override AuditSourceKind Kind => AuditSourceKind.Audispd;

    /// <summary>The plugin configuration file the source installed.</summary>
    public string ConfigurationPath => Path.Combine(_pluginDirectory, AudispdPlugin.ConfigurationFileName);

    /// <summary>
    /// Creates the FIFO, opens it, installs the plugin and makes auditd reload. Throws
    /// <see cref="InvalidOperationException"/> when auditd is not running or has no plugin folder.
    /// </summary>
    public static AudispdAuditSource Open(AuditdService auditd, string recorderDirectory)
    {
        if (!auditd.IsRunning) throw new InvalidOperationException("auditd is not running, so its plugin path cannot deliver records.");
        var pluginDirectory = auditd.PluginDirectory
            ?? throw new InvalidOperationException("auditd's plugin folder (plugin_dir in auditd.conf, or audispd.conf for auditd 2.x) does not exist.");
        Directory.CreateDirectory(recorderDirectory);
        var fifo = Path.Combine(recorderDirectory, AudispdPlugin.FifoFileName);
        var source = new AudispdAuditSource(auditd, pluginDirectory, fifo);
        try
        {
            source.OpenFifo();
            AudispdPlugin.Install(pluginDirectory, recorderDirectory);
            if (!auditd.Reload()) throw new InvalidOperationException("auditd stopped before it could load the recorder's plugin.");
            return source;
        }
        catch
        {
            source.Uninstall();
            source.CloseFifo();
            throw;
        }
    }

    /// <inheritdoc />
    public override void Start(IAuditRecordHandler handler)
    {
        if (_handler is not null) throw new InvalidOperationException("The source is already started.");
        _handler = handler;
        _thread = new Thread(ReadLoop) { IsBackground = true, Name = "audit-audispd-read" };
        _thread.Start();
    }

    /// <inheritdoc />
    public override void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        // Tell auditd first, so that the forwarder goes away before its reader does.
        Uninstall();
        _stopping = true;
        _thread?.Join();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => CloseFifo();

    private void OpenFifo()
    {
        if (File.Exists(_fifoPath)) File.Delete(_fifoPath);
        var path = System.Text.Encoding.UTF8.GetBytes(_fifoPath + "\0");
        fixed (byte* p = path)
        {
            if (LibC.mkfifo(p, 0x180 /* 0600 */) != 0) throw new IOException($"mkfifo {_fifoPath} failed: errno {LibC.errno}");
            // Read-write: opening never blocks, and the FIFO never reports end-of-file when the forwarder restarts.
            _fd = LibC.open(p, LibC.O_RDWR | LibC.O_CLOEXEC | LibC.O_NONBLOCK, 0);
        }
        if (_fd < 0) throw new IOException($"open {_fifoPath} failed: errno {LibC.errno}");
    }

    private void CloseFifo()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) LibC.close(fd);
        try { File.Delete(_fifoPath); } catch (IOException) { }
    }

    private void Uninstall()
    {
        if (AudispdPlugin.Remove(_pluginDirectory)) _auditd.Reload();
    }

    private void ReadLoop()
    {
        var handler = _handler!;
        var buffer = new byte[BufferSize];
        var filled = 0;
        var discarding = false; // inside a line longer than the buffer
        while (true)
        {
            var poll = new pollfd { fd = _fd, events = (short)LibC.POLLIN };
            var ready = LibC.poll(&poll, 1, PollMilliseconds);
            if (ready <= 0)
            {
                if (_stopping) break;
                Idle(handler);
                continue;
            }
            long count;
            fixed (byte* p = &buffer[filled])
                count = (long)LibC.read(_fd, p, buffer.Length - filled);
            if (count <= 0) continue; // EAGAIN/EINTR
            var data = buffer.AsSpan(0, filled + (int)count);
            var consumed = 0;
            while (true)
            {
                var newline = data[consumed..].IndexOf((byte)'\n');
                if (newline < 0) break;
                if (discarding) discarding = false;
                else if (newline > 0) DeliverLine(handler, data.Slice(consumed, newline));
                consumed += newline + 1;
            }
            EndBatch(handler);
            filled = data.Length - consumed;
            if (filled == buffer.Length)
            {
                // A line longer than the buffer cannot be a valid record: drop it up to its newline.
                Interlocked.Increment(ref Counters._malformedDatagrams);
                discarding = true;
                filled = 0;
            }
            else if (consumed > 0 && filled > 0)
            {
                data.Slice(consumed, filled).CopyTo(buffer);
            }
        }
        Idle(handler);
    }

    private void Idle(IAuditRecordHandler handler)
    {
        try { handler.OnIdle(); }
        catch (Exception ex) { HandlerFailed?.Invoke(ex); }
    }

    private void EndBatch(IAuditRecordHandler handler)
    {
        try { handler.OnBatchEnd(); }
        catch (Exception ex) { HandlerFailed?.Invoke(ex); }
    }
}
