using System.Text;
using Recorder.Linux.Audit.Parsing;
using Recorder.Linux.Audit.Rules;

namespace Recorder.Linux.Audit.Tests.Parsing;

/// <summary>The record parser's type names come from the same table as auditctl's <c>msgtype=</c> names.</summary>
public sealed class AuditRecordTypeNamesTests
{
    [Fact]
    public void Every_name_auditctl_knows_is_parsed_to_its_number_and_back()
    {
        Assert.NotEmpty(MessageTypeTable.All);
        foreach (var (name, number) in MessageTypeTable.All)
        {
            Assert.True(AuditRecordTypeNames.TryGetType(Encoding.ASCII.GetBytes(name), out var type), name);
            Assert.Equal(number, type);
            Assert.Equal(name, AuditRecordTypeNames.GetName(number));
        }
    }

    [Theory]
    [InlineData("APPARMOR_DENIED", 1503)] // AppArmor's records (Debian, Ubuntu) were unknown types to the parser before
    [InlineData("REPLACE", 1329)] // kernel types newer than audit-userspace 3.0.9's table
    [InlineData("MAC_OBJ_CONTEXTS", 1421)]
    [InlineData("UNKNOWN[1499]", 1499)] // auditd's spelling of a type it cannot name
    public void Names_beyond_auditctls_table_are_parsed(string name, int number)
    {
        Assert.True(AuditRecordTypeNames.TryGetType(Encoding.ASCII.GetBytes(name), out var type));
        Assert.Equal(number, type);
    }
}
