namespace Recorder.Windows.EventLog.BinXml;

/// <summary>
/// A BinXML document parsed once and expanded per record: elements, attributes, literal text and the substitution
/// slots a template instance fills with its values.
/// </summary>
internal abstract class TemplateNode;

internal sealed class TemplateElement(string name, TemplateAttribute[] attributes, TemplateNode[] children) : TemplateNode
{
    public string Name { get; } = name;
    public TemplateAttribute[] Attributes { get; } = attributes;
    public TemplateNode[] Children { get; } = children;
}

internal sealed class TemplateAttribute(string name, TemplateNode[] value)
{
    public string Name { get; } = name;
    public TemplateNode[] Value { get; } = value;
}

internal sealed class TemplateText(string text) : TemplateNode
{
    public string Text { get; } = text;
}

/// <summary>Slot <see cref="Index"/> of the instance's values. An optional slot with no value drops its attribute.</summary>
internal sealed class TemplateSubstitution(int index, byte valueType, bool optional) : TemplateNode
{
    public int Index { get; } = index;
    public byte ValueType { get; } = valueType;
    public bool Optional { get; } = optional;
}

/// <summary>A template instance met outside a template (in a record or an embedded BinXML value): expanded where it stands.</summary>
internal sealed class TemplateInstanceReference(int definitionOffset, int valuesOffset) : TemplateNode
{
    public int DefinitionOffset { get; } = definitionOffset;
    public int ValuesOffset { get; } = valuesOffset;
}
