using System.Text;
using Recorder.Linux.Audit.Replay;
using Recorder.Linux.Audit.Rules;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Fuzz;

/// <summary>
/// Audit logs (`recorder replay`) and rule files (`recorder rules register`) come from outside: mutated inputs
/// must be counted as malformed or refused, never crash the parser (see <see cref="MutationFuzzer"/>).
/// </summary>
public sealed class AuditParserFuzzTests
{
    [Fact]
    public void Mutated_audit_logs_are_replayed_or_counted_malformed_never_crash()
    {
        var runs = MutationFuzzer.Run("audit-log", input =>
        {
            var stats = new ReplayStats();
            foreach (var _ in new AuditLogReplayer().Replay(new MemoryStream(input), stats)) { }
        });
        Assert.True(runs > 10);
    }

    [Fact]
    public void Mutated_rule_files_are_parsed_or_refused_line_by_line_never_crash()
    {
        var runs = MutationFuzzer.Run("audit-rules", input =>
        {
            var text = Encoding.UTF8.GetString(input);
            AuditRuleParser.ParseFile(text, "fuzz.rules");
            foreach (var line in text.Split('\n'))
            {
                try
                {
                    var rule = AuditRuleParser.Parse(line);
                    AuditRuleEncoder.Decode(AuditRuleEncoder.Encode(rule)); // what parses must also encode
                }
                catch (AuditRuleSyntaxException) { }
            }
        });
        Assert.True(runs > 10);
    }
}
