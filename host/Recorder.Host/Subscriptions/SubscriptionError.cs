namespace Recorder.Host.Subscriptions;

/// <summary>A problem in a subscription file, at a 1-based line and column (0 when the whole file is concerned).</summary>
/// <param name="File">The file's path as it was given.</param>
/// <param name="Line">1-based line, or 0.</param>
/// <param name="Column">1-based column, or 0.</param>
/// <param name="Message">What is wrong and, where it helps, what would be right.</param>
public sealed record SubscriptionError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler-style form <c>file:line:column: message</c>, understood by editors.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
