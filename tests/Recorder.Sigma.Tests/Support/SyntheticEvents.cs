using Recorder.Sigma.Detection;

namespace Recorder.Sigma.Tests.Support;

/// <summary>
/// Varied events for a set of rules: for each rule, events built from its own selections (so many rules fire), with
/// random choices between alternatives, filler for wildcards, case changes, non-ASCII letters that fold to ASCII
/// ones, fields dropped; and plain benign process events in between.
/// </summary>
public static class SyntheticEvents
{
    private static readonly string[] Fillers = ["", "x", " ", @"C:\Windows\System32\", "/tmp/", " -arg ", "ı", "\u00e9", "123"];

    public static IEnumerable<TestEvent> For(IReadOnlyList<SigmaRule> rules, int seed, int perRule)
    {
        var random = new Random(seed);
        foreach (var rule in rules)
        {
            for (var i = 0; i < perRule; i++)
            {
                var e = Benign(random);
                Fill(rule.Detection.Root, e, random);
                Mutate(e, random);
                yield return e;
            }
            yield return Benign(random);
        }
    }

    public static TestEvent Benign(Random random)
    {
        string[] images = [@"C:\Windows\System32\svchost.exe", @"C:\Program Files\Google\Chrome\Application\chrome.exe", "/usr/bin/bash", @"C:\Windows\explorer.exe"];
        var image = images[random.Next(images.Length)];
        return new TestEvent(
            ("Image", image),
            ("CommandLine", image + " --type=renderer --field-trial-handle=" + random.Next()),
            ("ParentImage", images[random.Next(images.Length)]),
            ("User", @"CONTOSO\alice"),
            ("ProcessId", (long)random.Next(100, 60000)),
            ("IntegrityLevel", "Medium"));
    }

    /// <summary>Sets fields so that (a branch of) <paramref name="node"/> holds, where a value can be written down.</summary>
    private static void Fill(ConditionNode node, TestEvent e, Random random)
    {
        switch (node)
        {
            case SelectionNode selection: Fill(selection.Body, e, random); break;
            case AndNode and: foreach (var child in and.Children) Fill(child, e, random); break;
            case OrNode or: Fill(or.Children[random.Next(or.Children.Length)], e, random); break;
            case FieldNode field when field.All:
                e.Set(field.Field, string.Join(" ", field.Values.Select(v => Sample(v, random) ?? "")));
                break;
            case FieldNode field:
                if (Sample(field.Values[random.Next(field.Values.Length)], random) is { } value) e.Set(field.Field, value);
                break;
        }
    }

    private static string? Sample(ValueMatcher matcher, Random random) => matcher switch
    {
        StringValueMatcher text => string.Concat(text.Matcher.Pattern.Select(c => c switch
        {
            SigmaPattern.AnyRun => Fillers[random.Next(Fillers.Length)],
            SigmaPattern.AnyChar => "a",
            _ => c.ToString(),
        })),
        NumberValueMatcher number => number.Text,
        _ => null,
    };

    private static void Mutate(TestEvent e, Random random)
    {
        foreach (var (field, value) in e.Fields.ToList())
        {
            if (value.AsString is not { } text) continue;
            switch (random.Next(8))
            {
                case 0: e.Set(field, text.ToUpperInvariant()); break;
                case 1: e.Set(field, text.ToLowerInvariant()); break;
                case 2: e.Set(field, text.Replace('i', 'ı').Replace('s', 'ſ')); break;
                case 3: e.Set(field, text.Length > 3 ? text[1..^1] : text); break;
                case 4: e.Set(field, SigmaValue.FromStrings([text, "other"])); break;
            }
        }
    }
}
