using YamlDotNet.Core;

namespace Recorder.Sigma.Detection;

/// <summary>
/// The condition language: selection names, <c>and</c>, <c>or</c>, <c>not</c> (binding tightest, then <c>and</c>,
/// then <c>or</c>), parentheses, and <c>1 of</c>/<c>all of</c> a name pattern (<c>*</c> wildcards) or <c>them</c>
/// (every selection not starting with <c>_</c>). Keywords are case-insensitive. Aggregations (<c>| count() ...</c>)
/// and <c>near</c> are reported as unsupported constructs.
/// </summary>
internal sealed class ConditionParser
{
    private readonly IReadOnlyDictionary<string, SelectionNode> _selections;
    private readonly Mark _at;
    private readonly List<string> _tokens;
    private int _position;

    private ConditionParser(string condition, IReadOnlyDictionary<string, SelectionNode> selections, Mark at)
    {
        _selections = selections;
        _at = at;
        _tokens = Tokenize(condition);
    }

    public static ConditionNode Parse(string condition, IReadOnlyDictionary<string, SelectionNode> selections, Mark at)
    {
        var pipe = condition.IndexOf('|');
        if (pipe >= 0)
            throw new SigmaCompileException($"condition '{condition}' has an aggregation, which needs state across events",
                at, $"aggregation '{condition[pipe..].Trim()}'");
        var parser = new ConditionParser(condition, selections, at);
        if (parser._tokens.Any(t => IsKeyword(t, "near")))
            throw new SigmaCompileException($"condition '{condition}' uses 'near', which needs state across events", at, "aggregation 'near'");
        if (parser._tokens.Count == 0) throw new SigmaCompileException("condition is empty", at);
        var node = parser.ParseOr();
        if (parser._position < parser._tokens.Count)
            throw new SigmaCompileException($"condition '{condition}': unexpected '{parser._tokens[parser._position]}'", at);
        return node;
    }

    private ConditionNode ParseOr()
    {
        var children = new List<ConditionNode> { ParseAnd() };
        while (Accept("or")) children.Add(ParseAnd());
        return children.Count == 1 ? children[0] : new OrNode([.. children]);
    }

    private ConditionNode ParseAnd()
    {
        var children = new List<ConditionNode> { ParseNot() };
        while (Accept("and")) children.Add(ParseNot());
        return children.Count == 1 ? children[0] : new AndNode([.. children]);
    }

    private ConditionNode ParseNot() => Accept("not") ? new NotNode(ParseNot()) : ParsePrimary();

    private ConditionNode ParsePrimary()
    {
        var token = Next("a selection name, 'not', '(' or 'x of'");
        if (token == "(")
        {
            var inner = ParseOr();
            if (!Accept(")")) throw Error("a ')' is missing");
            return inner;
        }
        if (IsKeyword(token, "and") || IsKeyword(token, "or") || IsKeyword(token, "of") || token == ")")
            throw Error($"unexpected '{token}'");
        if (Peek() is { } next && IsKeyword(next, "of"))
        {
            _position++;
            var target = Next("a selection name pattern or 'them' after 'of'");
            var matched = Resolve(target);
            if (IsKeyword(token, "all")) return new AndNode(matched);
            if (token == "1" || IsKeyword(token, "any")) return new OrNode(matched);
            throw new SigmaCompileException($"'{token} of {target}': only '1 of' and 'all of' are defined", _at, $"quantifier '{token} of'");
        }
        return _selections.TryGetValue(token, out var selection)
            ? selection
            : throw Error($"'{token}' is not a selection of this rule's detection");
    }

    /// <summary>The selections a <c>1 of</c>/<c>all of</c> target names, in detection order.</summary>
    private ConditionNode[] Resolve(string target)
    {
        IEnumerable<SelectionNode> matched = IsKeyword(target, "them")
            ? _selections.Values.Where(s => !s.Name.StartsWith('_'))
            : _selections.Values.Where(s => NameMatches(target, s.Name));
        var nodes = matched.ToArray<ConditionNode>();
        return nodes.Length > 0 ? nodes : throw Error($"'of {target}' names no selection of this rule's detection");
    }

    private static bool NameMatches(string pattern, string name) =>
        new StringMatcher(SigmaPattern.Parse(pattern), cased: true).IsMatch(name);

    private bool Accept(string keyword)
    {
        if (Peek() is not { } token || !(token == keyword || IsKeyword(token, keyword))) return false;
        _position++;
        return true;
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string Next(string expected) =>
        _position < _tokens.Count ? _tokens[_position++] : throw Error($"expected {expected} at the end");

    private static bool IsKeyword(string token, string keyword) => token.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private SigmaCompileException Error(string message) =>
        new($"condition '{string.Join(' ', _tokens)}': {message}", _at);

    private static List<string> Tokenize(string condition)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= condition.Length; i++)
        {
            var c = i < condition.Length ? condition[i] : ' ';
            if (char.IsWhiteSpace(c) || c is '(' or ')')
            {
                if (start >= 0) tokens.Add(condition[start..i]);
                start = -1;
                if (c is '(' or ')') tokens.Add(c.ToString());
            }
            else if (start < 0) start = i;
        }
        return tokens;
    }
}
