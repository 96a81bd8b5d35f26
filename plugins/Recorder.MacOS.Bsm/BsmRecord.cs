namespace Recorder.MacOS.Bsm;

/// <summary>
/// One audit record: its header, the tokens between header and trailer in trail order, and where it starts in the
/// trail. The accessors pick the tokens the event mapping uses.
/// </summary>
public sealed class BsmRecord(long offset, BsmHeaderToken header, IReadOnlyList<BsmToken> tokens, int skippedTokens)
{
    /// <summary>Byte offset of the header within the trail.</summary>
    public long Offset { get; } = offset;

    public BsmHeaderToken Header { get; } = header;

    /// <summary>The tokens after the header and before the trailer.</summary>
    public IReadOnlyList<BsmToken> Tokens { get; } = tokens;

    /// <summary>Tokens of a known layout that were stepped over (kept as <see cref="BsmSkippedToken"/>).</summary>
    public int SkippedTokens { get; } = skippedTokens;

    public ushort EventType => Header.EventType;
    public DateTime Time => Header.Time;

    /// <summary>The acting subject (subject32/64/_ex), not a process token naming a target.</summary>
    public BsmSubjectToken? Subject => Tokens.OfType<BsmSubjectToken>().FirstOrDefault(s => !s.IsProcessObject);

    public BsmReturnToken? Return => Tokens.OfType<BsmReturnToken>().FirstOrDefault();

    public IEnumerable<string> Paths => Tokens.OfType<BsmTextToken>().Where(t => t.Type == BsmTokenType.Path).Select(t => t.Value);

    public IEnumerable<string> Texts => Tokens.OfType<BsmTextToken>().Where(t => t.Type == BsmTokenType.Text).Select(t => t.Value);

    public IReadOnlyList<string>? ExecArgs =>
        Tokens.OfType<BsmExecStringsToken>().FirstOrDefault(t => t.Type == BsmTokenType.ExecArgs)?.Values;

    public IReadOnlyList<string>? ExecEnvironment =>
        Tokens.OfType<BsmExecStringsToken>().FirstOrDefault(t => t.Type == BsmTokenType.ExecEnv)?.Values;

    public IEnumerable<BsmArgToken> Args => Tokens.OfType<BsmArgToken>();

    public BsmAttrToken? Attr => Tokens.OfType<BsmAttrToken>().FirstOrDefault();

    public IEnumerable<BsmSocketToken> Sockets => Tokens.OfType<BsmSocketToken>();
}
