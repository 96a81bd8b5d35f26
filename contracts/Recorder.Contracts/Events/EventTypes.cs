namespace Recorder.Contracts.Events;

/// <summary>
/// Stable dotted names of the event types Recorder records. These names appear in subscriptions, in
/// storage and in the journal: never rename one.
/// </summary>
public static class EventTypes
{
    public const string ProcessStart = "process.start";
    public const string ProcessExit = "process.exit";

    public const string FileCreate = "file.create";
    public const string FileWrite = "file.write";
    public const string FileRename = "file.rename";
    public const string FileDelete = "file.delete";
    public const string FileRead = "file.read";
    public const string FilePermission = "file.permission";
    public const string FileOwner = "file.owner";

    public const string NetworkConnect = "network.connect";
    public const string NetworkAccept = "network.accept";
    public const string NetworkBind = "network.bind";
    public const string NetworkListen = "network.listen";

    public const string ImageLoad = "image.load";
    public const string DriverLoad = "driver.load";
    public const string DriverUnload = "driver.unload";

    public const string RegistryKeyCreate = "registry.key_create";
    public const string RegistryKeyDelete = "registry.key_delete";
    public const string RegistryKeyRename = "registry.key_rename";
    public const string RegistryValueSet = "registry.value_set";
    public const string RegistryValueDelete = "registry.value_delete";

    public const string AuthSuccess = "auth.success";
    public const string AuthFailure = "auth.failure";
    public const string PrivilegeChange = "privilege.change";
    public const string SessionLogin = "session.login";
    public const string SessionLogout = "session.logout";

    public const string DnsQuery = "dns.query";
    public const string HttpHeader = "http.header";

    public const string RecorderLoss = "recorder.loss";
}
