using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Recorder.Host.Status;

namespace Recorder.Cli.Commands;

/// <summary>`recorder status`: asks the running host for its rows (domain, name, value).</summary>
internal static class StatusCommand
{
    public static Command Create(HostOptions hostOptions)
    {
        var json = new Option<bool>("--json") { Description = "Print the full report as JSON, for machines." };
        var command = new Command("status", "Show what the running recorder does: plugins, subscriptions, sources, counters, health.") { json };
        command.SetAction(async parseResult =>
        {
            var configuration = hostOptions.Load(parseResult);
            if (configuration is null) return 2;
            string answer;
            try
            {
                answer = await ControlClient.SendAsync(configuration.ControlSocketPath, "status", TimeSpan.FromSeconds(15));
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                Console.Error.WriteLine($"recorder status: no recorder is running with data folder {configuration.DataDirectory} ({ex.Message})");
                return 3;
            }
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(answer);
                return 0;
            }
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                Console.Error.WriteLine("recorder status: " + error.GetString());
                return 1;
            }
            var rows = document.RootElement.GetProperty("rows").EnumerateArray()
                .Select(r => (Domain: r.GetProperty("domain").GetString() ?? "", Name: r.GetProperty("name").GetString() ?? "", Value: r.GetProperty("value").GetString() ?? ""))
                .ToArray();
            var domainWidth = Math.Min(40, rows.Select(r => r.Domain.Length).DefaultIfEmpty(6).Max());
            var nameWidth = Math.Min(40, rows.Select(r => r.Name.Length).DefaultIfEmpty(4).Max());
            Console.WriteLine($"{"DOMAIN".PadRight(domainWidth)}  {"NAME".PadRight(nameWidth)}  VALUE");
            foreach (var row in rows) Console.WriteLine($"{row.Domain.PadRight(domainWidth)}  {row.Name.PadRight(nameWidth)}  {row.Value}");
            return 0;
        });
        return command;
    }
}
