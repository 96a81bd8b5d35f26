namespace Recorder.Trust;

/// <summary>Parses names given on a command line or in MSBuild (<c>sink,enricher</c>, <c>linux;macos</c>, or repeated options).</summary>
public static class NameList
{
    public delegate bool Parser<T>(string name, out T value);

    /// <summary>The distinct values, in order; null when nothing was given.</summary>
    /// <exception cref="FormatException">A name is not allowed; the message names <paramref name="option"/>.</exception>
    public static List<T>? Parse<T>(IEnumerable<string>? values, string option, Parser<T> parse)
    {
        if (values is null) return null;
        var result = new List<T>();
        foreach (var value in values)
        foreach (var name in value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!parse(name, out var parsed)) throw new FormatException($"{option} '{name}' is not one of the allowed values");
            if (!result.Contains(parsed)) result.Add(parsed);
        }
        return result.Count == 0 ? null : result;
    }
}
