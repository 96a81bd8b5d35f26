using System.Text;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Tests.Parsing;

/// <summary>Values decoded through the cache of a record pool read exactly as decoded without it.</summary>
public class AuditTextCacheTests
{
    [Fact]
    public void Records_of_a_pool_read_every_value_exactly_even_when_thousands_of_values_share_the_cache()
    {
        var parser = new AuditRecordParser();
        var pool = new AuditRecordPool();
        // More distinct values than the cache has slots, each seen twice, hex-encoded (a space) and quoted.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 3000; i++)
            {
                var spaced = Convert.ToHexString(Encoding.UTF8.GetBytes($"/tmp/dir {i}/file"));
                var line = $"type=SYSCALL msg=audit(1700000000.000:{i}): arch=c000003e syscall=257 exe=\"/usr/bin/prog{i}\" cwd={spaced} key=\"k{i % 7}\"";
                var record = pool.Rent();
                Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(line), record, out _));
                Assert.Equal($"/usr/bin/prog{i}", record.GetText("exe"u8));
                Assert.Equal($"/tmp/dir {i}/file", record.GetText("cwd"u8));
                Assert.Equal($"k{i % 7}", record.GetText("key"u8));
                pool.Return(record);
            }
        }
    }

    [Fact]
    public void The_same_bytes_quoted_and_hex_encoded_decode_differently()
    {
        var cache = new AuditTextCache();
        Assert.Equal("41", cache.Decode("41"u8, quoted: true, encodable: true));
        Assert.Equal("A", cache.Decode("41"u8, quoted: false, encodable: true));
        Assert.Equal("41", cache.Decode("41"u8, quoted: true, encodable: true));
        Assert.Null(cache.Decode("(null)"u8, quoted: false, encodable: true));
    }
}
