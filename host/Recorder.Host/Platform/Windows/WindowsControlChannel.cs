using System.IO.Pipes;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Cryptography;
using System.Security.Principal;
using System.Text;

namespace Recorder.Host.Platform;

/// <summary>
/// Windows: a named pipe whose ACL lets only Administrators and SYSTEM connect. The pipe name is derived from the
/// data folder path, so hosts with different data folders do not meet; the first instance is created with
/// FirstPipeInstance, so a process that squatted the name first makes the host fail instead of serving clients.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WindowsControlChannel : IControlChannel
{
    /// <summary>The pipe name for an address such as <c>C:\ProgramData\Recorder\data\recorder.sock</c>.</summary>
    public static string PipeName(string address)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(address).ToUpperInvariant()));
        return "recorder-control-" + Convert.ToHexStringLower(hash)[..16];
    }

    public IControlListener Listen(string address) => new Listener(PipeName(address));

    public async Task<Stream> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        var client = new NamedPipeClientStream(".", PipeName(address), PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Listener : IControlListener
    {
        private readonly string _name;
        private NamedPipeServerStream _waiting;

        public Listener(string name)
        {
            _name = name;
            _waiting = Create(firstInstance: true);
        }

        public async Task<Stream> AcceptAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _waiting.WaitForConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // A client that went away before the connection completed breaks this instance: wait on a fresh one next time.
                await _waiting.DisposeAsync().ConfigureAwait(false);
                _waiting = Create(firstInstance: false);
                throw;
            }
            var connected = _waiting;
            _waiting = Create(firstInstance: false);
            return connected;
        }

        public void Dispose() => _waiting.Dispose();

        private NamedPipeServerStream Create(bool firstInstance)
        {
            var security = new PipeSecurity();
            security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.BuiltinAdministratorsSid, null), PipeAccessRights.FullControl, AccessControlType.Allow));
            security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null), PipeAccessRights.FullControl, AccessControlType.Allow));
            var options = PipeOptions.Asynchronous | (firstInstance ? PipeOptions.FirstPipeInstance : PipeOptions.None);
            return NamedPipeServerStreamAcl.Create(_name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances,
                PipeTransmissionMode.Byte, options, inBufferSize: 0, outBufferSize: 0, security);
        }
    }
}
