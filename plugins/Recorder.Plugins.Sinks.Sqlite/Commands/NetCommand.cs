using System.Net;
using Recorder.Contracts.Commands;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Commands;

/// <summary><c>recorder net</c>: network connections, accepts, binds and listens, newest first.</summary>
[Command("net", Placement = CommandPlacement.CliOrRunningHost)]
public sealed class NetCommand : IRecorderCommand
{
    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "net",
        Summary = "Network connections, accepts, binds and listens, newest first.",
        Options = StoreQuestion.Options(withLimit: true,
        [
            new() { Name = "process", Description = "Only this process (GUID)." },
            new() { Name = "remote", Description = "Only this remote address (IPv4 dotted or IPv6 compressed)." },
            .. QueryTime.Window(),
        ]),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(StoreQuestion.Answer(invocation, store =>
        {
            Guid? guid = null;
            if (invocation.GetText("process") is { } text)
                guid = Guid.TryParse(text, out var g) ? g : throw new ArgumentException($"--process: '{text}' is not a process GUID");
            var address = invocation.GetText("remote");
            if (address is not null && IPAddress.TryParse(address, out var ip)) address = ip.ToString();
            return new StoreQueries(store).Network(guid, address, StoreQuestion.Limit(invocation),
                QueryTime.Optional(invocation, "since"), QueryTime.Optional(invocation, "until"));
        }));
}
