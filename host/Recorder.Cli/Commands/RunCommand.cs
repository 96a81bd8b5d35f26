using System.CommandLine;
using System.Runtime.InteropServices;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;

namespace Recorder.Cli.Commands;

/// <summary>`recorder run`: records until SIGTERM or Ctrl-C, then drains every queue and stops.</summary>
internal static class RunCommand
{
    public static Command Create(HostOptions hostOptions)
    {
        var debug = new Option<bool>("--debug") { Description = "Write debug messages to the log." };
        var command = new Command("run", "Run the recorder on the embedded defaults (or --config) until stopped.") { debug };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = hostOptions.Load(parseResult);
            if (configuration is null) return 2;
            var log = new HostLog(debug: parseResult.GetValue(debug));
            if (Environment.UserName != "root")
                log.Warn("recorder", "not running as root: kernel collectors and root-owned plugin checks will refuse to work");
            // Not disposed: a signal arriving after the clean stop (or while the registrations are being removed)
            // must find a live token source rather than crash the process with ObjectDisposedException.
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => RequestStop(context, stop));
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => RequestStop(context, stop));
            await using var host = new RecorderHost(configuration, log);
            try
            {
                await host.StartAsync(stop.Token);
            }
            catch (Exception ex)
            {
                log.Error("recorder", "failed to start", ex);
                return 1;
            }
            log.Info("recorder", $"recording; data in {configuration.DataDirectory}; `recorder status` shows what runs");
            // systemd (Type=notify): the unit counts as started only now that the lifecycle is running.
            var serviceManager = ServiceManagerNotifier.FromEnvironment();
            if (!serviceManager.Ready("recording")) log.Warn("recorder", $"could not tell the service manager that the recorder is ready (${ServiceManagerNotifier.SocketVariable})");
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
            log.Info("recorder", "stopping: draining queues");
            serviceManager.Stopping("draining queues");
            await host.StopAsync();
            log.Info("recorder", "stopped");
            return 0;
        });
        return command;
    }

    /// <summary>Turns a signal into a clean stop; the process then ends by returning from `run`, not by the signal.</summary>
    private static void RequestStop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        try { stop.Cancel(); }
        catch (ObjectDisposedException) { }
    }
}
