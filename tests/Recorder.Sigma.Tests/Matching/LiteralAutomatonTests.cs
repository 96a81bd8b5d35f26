using Recorder.Sigma.Matching;

namespace Recorder.Sigma.Tests.Matching;

/// <summary>
/// The literal automaton reports exactly the literals that occur in an ASCII text, case-insensitively, whichever way
/// it is built: a small set (searched for with a vectorised prefilter first), and a set too large for 16-bit states
/// (split over several automata, most states deep); and scanning two texts at once changes nothing.
/// </summary>
public sealed class LiteralAutomatonTests
{
    private const string Alphabet = "abcdeABCDE\\. -";

    [Fact]
    public void A_small_literal_set_reports_what_occurs() => AssertReportsWhatOccurs(literalCount: 20, literalLength: 3, seed: 1);

    [Fact]
    public void A_literal_set_over_the_state_limit_is_split_and_reports_what_occurs()
    {
        var literals = RandomLiterals(12_000, 10, 14, new Random(2));
        var firstOutputId = 0;
        Assert.True(LiteralAutomaton.Create(literals, ref firstOutputId).Count > 1);
        AssertReportsWhatOccurs(literals, new Random(3));
    }

    [Fact]
    public void A_large_literal_set_with_deep_states_reports_what_occurs() => AssertReportsWhatOccurs(literalCount: 3_000, literalLength: 9, seed: 4);

    [Fact]
    public void Scanning_two_texts_at_once_reports_what_scanning_each_does()
    {
        var random = new Random(5);
        var literalsA = RandomLiterals(2_000, 1, 10, random);
        var literalsB = RandomLiterals(200, 2, 6, random).Select(l => (l.Literal, l.Value + literalsA.Count)).ToList();
        var firstOutputId = 0;
        var a = LiteralAutomaton.Create(literalsA, ref firstOutputId).Single();
        var b = LiteralAutomaton.Create(literalsB, ref firstOutputId).Single();
        for (var round = 0; round < 300; round++)
        {
            var textA = RandomText(literalsA, random);
            var textB = RandomText(literalsB, random);
            var separately = new CollectingSink();
            a.Scan(textA, ref separately);
            b.Scan(textB, ref separately);
            var together = new CollectingSink();
            LiteralAutomaton.ScanPair(a, textA, b, textB, ref together);
            Assert.True(separately.Values.SetEquals(together.Values), $"texts '{textA}' and '{textB}'");
        }
    }

    private static void AssertReportsWhatOccurs(int literalCount, int literalLength, int seed)
    {
        var random = new Random(seed);
        AssertReportsWhatOccurs(RandomLiterals(literalCount, 1, literalLength, random), random);
    }

    private static void AssertReportsWhatOccurs(List<(string Literal, int Value)> literals, Random random)
    {
        var firstOutputId = 0;
        var automata = LiteralAutomaton.Create(literals, ref firstOutputId);
        for (var round = 0; round < 300; round++)
        {
            var text = RandomText(literals, random);
            var sink = new CollectingSink();
            foreach (var automaton in automata) automaton.Scan(text, ref sink);
            var expected = literals.Where(l => text.Contains(l.Literal, StringComparison.OrdinalIgnoreCase)).Select(l => l.Value).ToHashSet();
            Assert.True(expected.SetEquals(sink.Values), $"text '{text}': expected {expected.Count} literals, found {sink.Values.Count}");
        }
    }

    /// <summary>A text made of pieces of literals, so that many occur, partly overlapping, in both cases.</summary>
    private static string RandomText(List<(string Literal, int Value)> literals, Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ =>
        {
            var literal = literals[random.Next(literals.Count)].Literal;
            var piece = literal[random.Next(literal.Length)..];
            return random.Next(2) == 0 ? piece.ToUpperInvariant() : piece + Alphabet[random.Next(Alphabet.Length)];
        }));

    private static List<(string Literal, int Value)> RandomLiterals(int count, int minLength, int maxLength, Random random) =>
        Enumerable.Range(0, count)
            .Select(value => (new string(Enumerable.Range(0, random.Next(minLength, maxLength + 1)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray()), value))
            .ToList();

    private struct CollectingSink() : ILiteralSink
    {
        private readonly HashSet<int> _outputIds = [];

        public HashSet<int> Values { get; } = [];

        public bool FirstSighting(int outputId) => _outputIds.Add(outputId);

        public void Found(int value) => Values.Add(value);
    }
}
