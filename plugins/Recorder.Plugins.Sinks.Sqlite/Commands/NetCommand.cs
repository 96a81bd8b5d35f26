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
        Example = """
              $ recorder net --remote 127.0.0.1
              time                          type             transport  local           remote           pid    process              user
              2026-11-24T22:55:33.8870000Z  network.accept   tcp        127.0.0.1:8080  127.0.0.1:35192  29999  /usr/bin/python3.11  root
              2026-11-24T22:55:33.8830000Z  network.connect  tcp                        127.0.0.1:8080   29999  /usr/bin/python3.11  root
            """,
        Summary = "Network connections, accepts, binds and listens, newest first.",
        Options = StoreQuestion.Options(withLimit: true, wholeEvents: true,
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
