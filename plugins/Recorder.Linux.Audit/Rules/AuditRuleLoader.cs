using Recorder.Linux.Audit.Netlink;

namespace Recorder.Linux.Audit.Rules;

/// <summary>The kernel refused a rule: which rule (its text) and the errno.</summary>
public sealed class AuditRuleLoadException : Exception
{
    public AuditRuleLoadException(AuditRule rule, int errno, Exception? inner = null)
        : base($"the kernel refused the rule '{rule}': {AuditNetlinkException.ErrnoName(errno)} ({System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)})", inner)
    {
        Rule = rule;
        Errno = errno;
    }

    public AuditRule Rule { get; }

    /// <summary>The positive errno the kernel answered (EINVAL = 22 for a field/operator it does not accept).</summary>
    public int Errno { get; }

    public string ErrnoName => AuditNetlinkException.ErrnoName(Errno);
}

/// <summary>What <see cref="AuditRuleLoader.LoadAll"/> did.</summary>
/// <param name="Loaded">Rules this call added (delete exactly these to undo it).</param>
/// <param name="AlreadyPresent">Rules the kernel already had (EEXIST), loaded by someone else: not ours to delete.</param>
public sealed record AuditRuleLoadResult(IReadOnlyList<AuditRule> Loaded, IReadOnlyList<AuditRule> AlreadyPresent);

/// <summary>Loads and removes rule sets over an <see cref="AuditControlSocket"/>, all or nothing.</summary>
public static class AuditRuleLoader
{
    /// <summary>
    /// Adds the rules in order. If the kernel refuses one, the rules added by this call are deleted again and
    /// <see cref="AuditRuleLoadException"/> names the refused rule and the errno.
    /// </summary>
    public static AuditRuleLoadResult LoadAll(AuditControlSocket control, IReadOnlyList<AuditRule> rules)
    {
        var loaded = new List<AuditRule>(rules.Count);
        var present = new List<AuditRule>();
        foreach (var rule in rules)
        {
            try
            {
                control.AddRule(AuditRuleEncoder.Encode(rule));
                loaded.Add(rule);
            }
            catch (AuditNetlinkException error) when (error.Errno == 17) // EEXIST: an identical rule is loaded already
            {
                present.Add(rule);
            }
            catch (AuditNetlinkException error)
            {
                DeleteAll(control, loaded);
                throw new AuditRuleLoadException(rule, error.Errno, error);
            }
        }
        return new AuditRuleLoadResult(loaded, present);
    }

    /// <summary>Deletes the rules, ignoring those the kernel no longer has. Returns how many it deleted.</summary>
    public static int DeleteAll(AuditControlSocket control, IReadOnlyList<AuditRule> rules)
    {
        var deleted = 0;
        foreach (var rule in rules)
        {
            try
            {
                // The kernel stores a prepended (-A) rule without the prepend flag; delete it by that form.
                control.DeleteRule(AuditRuleEncoder.Encode(rule.WithCommand(AuditRuleCommand.Append)));
                deleted++;
            }
            catch (AuditNetlinkException error) when (error.Errno == 2) // ENOENT: already gone
            {
            }
        }
        return deleted;
    }
}
