using System.Reflection;
using System.Runtime.InteropServices;

namespace Recorder.Plugins.Sinks.Kafka.Tests.Support;

/// <summary>
/// librdkafka's built-in mock cluster: real Kafka brokers speaking the protocol on loopback, inside librdkafka, with
/// fault injection (brokers down, errors pushed onto requests). Made on a handle of its own; the sink and the test
/// consumer connect to <see cref="Bootstraps"/> like to any cluster.
/// </summary>
public sealed class MockCluster : IDisposable
{
    /// <summary>ApiKey of Produce requests.</summary>
    public const short ProduceApi = 0;
    /// <summary>RD_KAFKA_RESP_ERR__TRANSPORT: the mock broker closes the connection.</summary>
    public const int TransportError = -195;
    /// <summary>RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.</summary>
    public const int NotLeaderForPartition = 6;
    /// <summary>RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.</summary>
    public const int RequestTimedOut = 7;
    /// <summary>RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.</summary>
    public const int NotEnoughReplicas = 19;

    private const string Library = "librdkafka";
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;

    static MockCluster() => NativeLibrary.SetDllImportResolver(typeof(MockCluster).Assembly, Resolve);

    public MockCluster(int brokers = 3)
    {
        Brokers = brokers;
        var conf = rd_kafka_conf_new();
        var error = new byte[512];
        // A minimal handle whose only job is to own the mock cluster.
        rd_kafka_conf_set(conf, "log_level", "3", error, error.Length);
        _handle = rd_kafka_new(0, conf, error, error.Length);
        if (_handle == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_new: " + System.Text.Encoding.UTF8.GetString(error).TrimEnd('\0'));
        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        Bootstraps = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    /// <summary>Number of brokers (ids 1..n).</summary>
    public int Brokers { get; }

    /// <summary>The brokers' addresses, for bootstrap.servers.</summary>
    public string Bootstraps { get; }

    public void CreateTopic(string topic, int partitions, int replication = 3) =>
        Check(rd_kafka_mock_topic_create(_cluster, topic, partitions, replication), "topic_create");

    public void BrokerDown(int id) => Check(rd_kafka_mock_broker_set_down(_cluster, id), "broker_set_down");

    public void BrokerUp(int id) => Check(rd_kafka_mock_broker_set_up(_cluster, id), "broker_set_up");

    public void AllBrokersDown()
    {
        for (var id = 1; id <= Brokers; id++) BrokerDown(id);
    }

    public void AllBrokersUp()
    {
        for (var id = 1; id <= Brokers; id++) BrokerUp(id);
    }

    /// <summary>The next <paramref name="errors"/>.Length requests of <paramref name="apiKey"/> fail with these errors, in order.</summary>
    public void PushRequestErrors(short apiKey, params int[] errors) =>
        rd_kafka_mock_push_request_errors_array(_cluster, apiKey, (nuint)errors.Length, errors);

    public void Dispose()
    {
        rd_kafka_mock_cluster_destroy(_cluster);
        rd_kafka_destroy(_handle);
    }

    private static void Check(int error, string call)
    {
        if (error != 0) throw new InvalidOperationException($"rd_kafka_mock_{call}: error {error}");
    }

    // The librdkafka that librdkafka.redist ships, copied beside the tests: the build for this C library (the plain
    // one needs libsasl2.so.3, which Debian 12 does not have; the centos8 build carries its own).
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return IntPtr.Zero;
        var folder = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64", "native");
        return NativeLibrary.TryLoad(Path.Combine(folder, "librdkafka.so"), out var handle) ? handle : NativeLibrary.Load(Path.Combine(folder, "centos8-librdkafka.so"));
    }

    [DllImport(Library)] private static extern IntPtr rd_kafka_conf_new();
    [DllImport(Library)] private static extern int rd_kafka_conf_set(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, byte[] errstr, nint errstrSize);
    [DllImport(Library)] private static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nint errstrSize);
    [DllImport(Library)] private static extern void rd_kafka_destroy(IntPtr rk);
    [DllImport(Library)] private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);
    [DllImport(Library)] private static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);
    [DllImport(Library)] private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);
    [DllImport(Library)] private static extern int rd_kafka_mock_topic_create(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);
    [DllImport(Library)] private static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);
    [DllImport(Library)] private static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);
    [DllImport(Library)] private static extern void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, nuint count, int[] errors);
}
