using System.Net.Sockets;
using System.Text.Json;
using Recorder.Host.Commands;
using Recorder.Host.Status;

namespace Recorder.Cli.ContributedCommands;

/// <summary>Asks the running recorder of a data folder to run a plugin command (the control socket's <c>invoke</c>).</summary>
internal static class RunningRecorder
{
    // The request must be one line: the control protocol is one request line, one JSON answer.
    private static readonly JsonSerializerOptions RequestJson = new(ControlJson.Options) { WriteIndented = false };

    /// <summary>
    /// The running recorder's answer, or null when none is listening on <paramref name="socketPath"/> (or it
    /// cannot run this command, which is then said on <paramref name="error"/>): the caller answers locally.
    /// </summary>
    public static async Task<InvokeAnswer?> TryInvokeAsync(string socketPath, InvokeRequest request, TextWriter error)
    {
        if (!File.Exists(socketPath)) return null;
        string json;
        try
        {
            json = await ControlClient.SendAsync(socketPath, InvokeRequest.Verb + " " + JsonSerializer.Serialize(request, RequestJson), ControlServer.AnswerTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            return null; // a socket file left behind, or one this user may not open: no recorder to ask
        }
        catch (OperationCanceledException)
        {
            return new InvokeAnswer(1, "", $"recorder: the running recorder did not answer within {ControlServer.AnswerTimeout.TotalMinutes:0} minutes\n", "");
        }
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("error", out var refusal))
        {
            error.WriteLine($"recorder: the running recorder did not run '{string.Join(' ', request.Path)}' ({refusal.GetString()}); answering here");
            return null;
        }
        return document.RootElement.Deserialize<InvokeAnswer>(ControlJson.Options);
    }
}
