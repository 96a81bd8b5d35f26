namespace Recorder.Host.Subscriptions;

/// <summary>"did you mean ...?" for misspelt keys, operators, fields and event types.</summary>
internal static class Suggestions
{
    /// <summary>The closest candidate within two edits, as <c>; did you mean 'x'?</c>, or empty.</summary>
    public static string DidYouMean(string written, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in candidates)
        {
            var distance = Distance(written, candidate, bestDistance);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best is null ? "" : $"; did you mean '{best}'?";
    }

    // Levenshtein distance, giving up once it reaches the limit.
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit) return limit;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin >= limit) return limit;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
