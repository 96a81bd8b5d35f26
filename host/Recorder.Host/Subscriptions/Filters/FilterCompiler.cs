using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Recorder.Contracts.Events;
using YamlDotNet.RepresentationModel;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary>
/// Turns the <c>include:</c> / <c>exclude:</c> YAML of one subscription into <see cref="FilterTerm"/>s,
/// checking fields against the subscription's event types and operands against the field's type.
/// Reports every problem at the position of the node it concerns.
/// </summary>
/// <param name="matchedTypes">The known types the subscription's patterns select.</param>
/// <param name="errors">Where problems go.</param>
/// <param name="typesComplete">False when some pattern was wrong: a field of the type meant by a misspelt pattern
/// is then not reported as unknown (the pattern's error says what to fix first).</param>
internal sealed class FilterCompiler(IReadOnlyList<EventSchema> matchedTypes, ErrorList errors, bool typesComplete = true)
{
    private const string IgnoreCaseKey = "ignore_case";

    /// <summary>Type-specific fields the filters use, with their positions (for re-validation).</summary>
    public List<(string Field, int Line, int Column)> SpecificFields { get; } = new();

    /// <summary>Compiles a list of filters (or one filter written as a single mapping).</summary>
    public FilterTerm[][] CompileFilters(YamlNode node, string key)
    {
        var filters = new List<FilterTerm[]>();
        switch (node)
        {
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    if (item is YamlMappingNode mapping) filters.Add(CompileFilter(mapping));
                    else errors.Add(item, $"each {key} filter must be a mapping of field names to conditions, such as 'process.path: {{ begins_with: /usr/ }}', not {YamlNodes.Describe(item)}");
                }
                break;
            case YamlMappingNode mapping:
                filters.Add(CompileFilter(mapping));
                break;
            default:
                errors.Add(node, $"{key} must be a list of filters, not {YamlNodes.Describe(node)}");
                break;
        }
        return filters.ToArray();
    }

    private FilterTerm[] CompileFilter(YamlMappingNode mapping)
    {
        if (mapping.Children.Count == 0) errors.Add(mapping, "a filter needs at least one field condition");
        var terms = new List<FilterTerm>();
        foreach (var (field, fieldNode, condition) in YamlNodes.Entries(mapping, errors))
        {
            var schemaField = SubscriptionChecks.FindField(field, matchedTypes);
            if (schemaField is null)
            {
                if (typesComplete) errors.Add(fieldNode, SubscriptionChecks.UnknownFieldMessage(field, matchedTypes));
                else errors.MarkInvalid();
                continue;
            }
            if (!CommonFields.TryGetField(field, out _))
                SpecificFields.Add((field, (int)fieldNode.Start.Line, (int)fieldNode.Start.Column));
            CompileConditions(schemaField, fieldNode, condition, terms);
        }
        return terms.ToArray();
    }

    // `field: value` is `is`, `field: [a, b]` is `in`, `field: { op: value, ... }` ANDs the operators.
    private void CompileConditions(EventField field, YamlScalarNode fieldNode, YamlNode condition, List<FilterTerm> terms)
    {
        switch (condition)
        {
            case YamlScalarNode:
                AddTerm(field, fieldNode, "is", condition, ignoreCase: false, terms);
                break;
            case YamlSequenceNode:
                AddTerm(field, fieldNode, "in", condition, ignoreCase: false, terms);
                break;
            case YamlMappingNode mapping:
                var ignoreCase = false;
                var operators = new List<(string Name, YamlScalarNode Key, YamlNode Operand)>();
                foreach (var (name, key, operand) in YamlNodes.Entries(mapping, errors))
                {
                    if (name == IgnoreCaseKey)
                    {
                        ignoreCase = YamlNodes.Boolean(operand, IgnoreCaseKey, errors) ?? false;
                        if (!IsText(field.Type)) errors.Add(key, $"ignore_case applies to text fields; '{field.Name}' is {Describe(field.Type)}");
                    }
                    else operators.Add((name, key, operand));
                }
                if (operators.Count == 0) errors.Add(mapping, $"no operator for '{field.Name}'; use one of: {string.Join(", ", FilterOperators.Names)}");
                foreach (var (name, key, operand) in operators)
                {
                    if (!FilterOperators.TryParse(name, out _, out _))
                    {
                        errors.Add(key, $"unknown operator '{name}'{Suggestions.DidYouMean(name, FilterOperators.Names)}; operators are: {string.Join(", ", FilterOperators.Names)}");
                        continue;
                    }
                    AddTerm(field, key, name, operand, ignoreCase, terms);
                }
                break;
            default:
                errors.Add(condition, $"the condition on '{field.Name}' must be a value, a list or a mapping of operators");
                break;
        }
    }

    private void AddTerm(EventField field, YamlScalarNode at, string operatorName, YamlNode operandNode, bool ignoreCase, List<FilterTerm> terms)
    {
        FilterOperators.TryParse(operatorName, out var op, out var negated);
        var operands = Operands(operandNode, op, operatorName);
        if (operands is null) return;

        if (IncompatibleOperator(field, op, operatorName) is { } problem)
        {
            errors.Add(at, problem);
            return;
        }

        ValueTest? test;
        if (op == FilterOperator.Exists)
        {
            var exists = YamlNodes.Boolean(operands[0], "exists", errors);
            if (exists is null) return;
            (test, negated) = (ExistsTest.Instance, !exists.Value);
        }
        else test = field.Type switch
        {
            FieldType.String or FieldType.StringList => TextTest(op, operands, ignoreCase),
            FieldType.IpAddress => op is FilterOperator.Is or FilterOperator.In
                ? IpTest(operands)
                : TextTest(op, operands, ignoreCase),
            FieldType.Int64 => Int64Test(field, op, operands),
            FieldType.Double => DoubleTest(field, op, operands),
            FieldType.Timestamp => TimestampTest(op, operands),
            FieldType.Guid => GuidTest(operands),
            FieldType.Boolean => BooleanTest(operands),
            _ => null,
        };
        if (test is null) return;

        var text = operands.Count == 1 ? operands[0].Value! : "[" + string.Join(", ", operands.Select(o => o.Value)) + "]";
        if (ignoreCase) text += " (ignore case)";
        terms.Add(new FilterTerm(field.Name, field.Type, operatorName, negated, test, text, (int)at.Start.Line, (int)at.Start.Column));
    }

    // One value, or a list of values (any may match). Ordered comparisons and exists take exactly one.
    private List<YamlScalarNode>? Operands(YamlNode node, FilterOperator op, string operatorName)
    {
        var single = op is FilterOperator.LessThan or FilterOperator.GreaterThan or FilterOperator.LessOrEqual
            or FilterOperator.GreaterOrEqual or FilterOperator.Exists;
        var operands = new List<YamlScalarNode>();
        var ok = true;
        switch (node)
        {
            case YamlScalarNode scalar:
                operands.Add(scalar);
                break;
            case YamlSequenceNode sequence when !single:
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode s) operands.Add(s);
                    else { errors.Add(item, $"the values of '{operatorName}' must be plain values, not {YamlNodes.Describe(item)}"); ok = false; }
                }
                if (operands.Count == 0 && ok) { errors.Add(node, $"'{operatorName}' needs at least one value"); ok = false; }
                break;
            default:
                errors.Add(node, single
                    ? $"'{operatorName}' takes one value, not {YamlNodes.Describe(node)}"
                    : $"'{operatorName}' takes a value or a list of values, not {YamlNodes.Describe(node)}");
                return null;
        }
        foreach (var operand in operands)
        {
            if (!YamlNodes.IsNull(operand)) continue;
            errors.Add(operand, $"'{operatorName}' needs a value; to match a field that has none, use 'exists: false'");
            ok = false;
        }
        return ok ? operands : null;
    }

    private ValueTest? TextTest(FilterOperator op, List<YamlScalarNode> operands, bool ignoreCase)
    {
        var values = operands.Select(o => o.Value!).ToArray();
        switch (op)
        {
            case FilterOperator.Is or FilterOperator.In:
                return new TextEqualsTest(values, ignoreCase);
            case FilterOperator.Contains or FilterOperator.BeginsWith or FilterOperator.EndsWith:
                return new TextPartTest(op, values, ignoreCase);
            case FilterOperator.Regex:
                var patterns = new List<Regex>();
                foreach (var operand in operands)
                {
                    try { patterns.Add(RegexTest.Compile(operand.Value!, ignoreCase)); }
                    catch (ArgumentException ex) { errors.Add(operand, $"invalid regular expression '{operand.Value}': {ex.Message}"); }
                }
                return patterns.Count == operands.Count ? new RegexTest(patterns) : null;
            default:
                return null;
        }
    }

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>Parses every operand, reporting each bad one; null when any was bad.</summary>
    private List<T>? ParseEach<T>(List<YamlScalarNode> operands, TryParse<T> parse, string expected)
    {
        var values = new List<T>(operands.Count);
        foreach (var operand in operands)
        {
            if (parse(operand.Value!, out var value)) values.Add(value);
            else errors.Add(operand, $"'{operand.Value}' is not {expected}");
        }
        return values.Count == operands.Count ? values : null;
    }

    private ValueTest? IpTest(List<YamlScalarNode> operands) =>
        ParseEach<IPNetwork>(operands, IpAddressInTest.TryParseOperand, "an IP address or a CIDR range such as 10.0.0.0/8 (host bits must be zero)") is { } networks
            ? new IpAddressInTest(networks)
            : null;

    private ValueTest? Int64Test(EventField field, FilterOperator op, List<YamlScalarNode> operands)
    {
        var values = ParseEach(operands, (string text, out long value) =>
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value), $"a whole number, and '{field.Name}' is {Describe(field.Type)}");
        if (values is null) return null;
        return op is FilterOperator.Is or FilterOperator.In ? new Int64InTest(values) : new Int64CompareTest(op, values[0]);
    }

    private ValueTest? DoubleTest(EventField field, FilterOperator op, List<YamlScalarNode> operands)
    {
        var values = ParseEach(operands, (string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value), $"a number, and '{field.Name}' is {Describe(field.Type)}");
        if (values is null) return null;
        return op is FilterOperator.Is or FilterOperator.In ? new DoubleInTest(values) : new DoubleCompareTest(op, values[0]);
    }

    private ValueTest? TimestampTest(FilterOperator op, List<YamlScalarNode> operands)
    {
        var values = ParseEach(operands, (string text, out DateTime value) =>
        {
            var ok = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
            value = DateTime.SpecifyKind(value, DateTimeKind.Utc);
            return ok;
        }, "a time; write ISO 8601 such as 2026-01-31T08:00:00Z (UTC unless an offset is given)");
        if (values is null) return null;
        return op is FilterOperator.Is or FilterOperator.In ? new TimestampInTest(values) : new TimestampCompareTest(op, values[0]);
    }

    private ValueTest? GuidTest(List<YamlScalarNode> operands) =>
        ParseEach<Guid>(operands, Guid.TryParse, "a GUID") is { } values ? new GuidInTest(values) : null;

    private ValueTest? BooleanTest(List<YamlScalarNode> operands)
    {
        var values = new HashSet<bool>();
        foreach (var operand in operands)
            if (YamlNodes.Boolean(operand, "the value", errors) is { } value) values.Add(value);
            else return null;
        return values.Count == 2 ? ExistsTest.Instance : new BooleanIsTest(values.Single());
    }

    // Which operators make sense for which field types; null when the pair is fine.
    private static string? IncompatibleOperator(EventField field, FilterOperator op, string operatorName)
    {
        var ordered = op is FilterOperator.LessThan or FilterOperator.GreaterThan or FilterOperator.LessOrEqual or FilterOperator.GreaterOrEqual;
        var textual = op is FilterOperator.Contains or FilterOperator.BeginsWith or FilterOperator.EndsWith or FilterOperator.Regex;
        return field.Type switch
        {
            FieldType.String or FieldType.IpAddress or FieldType.StringList when ordered =>
                $"operator '{operatorName}' compares numbers and times; '{field.Name}' is {Describe(field.Type)}",
            FieldType.Int64 or FieldType.Double or FieldType.Timestamp when textual =>
                $"operator '{operatorName}' works on text; '{field.Name}' is {Describe(field.Type)} (use is, in, less_than, greater_than, less_or_equal, greater_or_equal)",
            FieldType.Guid or FieldType.Boolean when ordered || textual =>
                $"operator '{operatorName}' does not apply to '{field.Name}', which is {Describe(field.Type)}; use is, is_not, in, not_in or exists",
            _ => null,
        };
    }

    private static bool IsText(FieldType type) => type is FieldType.String or FieldType.IpAddress or FieldType.StringList;

    private static string Describe(FieldType type) => type switch
    {
        FieldType.String => "text",
        FieldType.Int64 => "a whole number",
        FieldType.Double => "a number",
        FieldType.Boolean => "true or false",
        FieldType.Timestamp => "a time",
        FieldType.Guid => "a GUID",
        FieldType.IpAddress => "an IP address",
        FieldType.StringList => "a list of texts (a condition matches when any element does)",
        _ => type.ToString(),
    };
}
