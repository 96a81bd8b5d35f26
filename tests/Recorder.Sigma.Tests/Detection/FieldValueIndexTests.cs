using Recorder.Sigma.Detection;

namespace Recorder.Sigma.Tests.Detection;

/// <summary>
/// A field condition's long value list, looked up through <see cref="FieldValueIndex"/>, gives the answers of
/// comparing every value: random lists of exact, prefix, suffix and other values against random texts, with the
/// letters that fold oddly (dotless i, long s, Kelvin sign) and a surrogate pair.
/// </summary>
public sealed class FieldValueIndexTests
{
    private static readonly string[] Pieces = ["a", "B", "i", "I", "\u0131", "s", "S", "\u017F", "k", "\u212A", "\\", ".exe", "\U00010400", "\U00010428", "-"];

    [Fact]
    public void Lookups_give_the_answers_of_comparing_every_value()
    {
        var random = new Random(7);
        for (var list = 0; list < 300; list++)
        {
            var values = Enumerable.Range(0, random.Next(1, 12)).Select(_ => RandomValue(random)).ToArray();
            var (index, others) = FieldValueIndex.Of(values);
            for (var round = 0; round < 50; round++)
            {
                var text = RandomText(random);
                var expected = values.Any(v => ((StringValueMatcher)v).Matcher.IsMatch(text));
                var actual = index is null
                    ? others.Any(v => ((StringValueMatcher)v).Matcher.IsMatch(text))
                    : index.Matches(text) || others.Any(v => ((StringValueMatcher)v).Matcher.IsMatch(text));
                Assert.True(expected == actual, $"'{text}' against [{string.Join(", ", values.Select(v => v.ToString()))}]");
            }
        }
    }

    private static ValueMatcher RandomValue(Random random)
    {
        var literal = RandomText(random, minPieces: 1);
        var pattern = random.Next(5) switch
        {
            0 => literal,
            1 => literal + SigmaPattern.AnyRun,
            2 => SigmaPattern.AnyRun + literal,
            3 => SigmaPattern.AnyRun + literal + SigmaPattern.AnyRun,
            _ => literal[..1] + SigmaPattern.AnyChar + literal,
        };
        return new StringValueMatcher(new StringMatcher(pattern, cased: random.Next(6) == 0));
    }

    private static string RandomText(Random random, int minPieces = 0) =>
        string.Concat(Enumerable.Range(0, random.Next(minPieces, 5)).Select(_ => Pieces[random.Next(Pieces.Length)]));
}
