namespace Recorder.Windows.EventLog.BinXml;

/// <summary>A rendered element: the small tree a record's BinXML expands to before its fields are picked out.</summary>
internal sealed class XmlElementNode(string name)
{
    public string Name { get; } = name;
    public List<KeyValuePair<string, string>> Attributes { get; } = new(2);

    /// <summary>Child <see cref="XmlElementNode"/>s and text strings, in document order.</summary>
    public List<object> Children { get; } = new(2);

    public string? Attribute(string name)
    {
        foreach (var pair in Attributes)
            if (pair.Key == name) return pair.Value;
        return null;
    }

    public XmlElementNode? Child(string name)
    {
        foreach (var child in Children)
            if (child is XmlElementNode element && element.Name == name) return element;
        return null;
    }

    /// <summary>The element's text content (its text children joined; child elements' text included).</summary>
    public string Text()
    {
        if (Children.Count == 1 && Children[0] is string only) return only;
        var builder = new System.Text.StringBuilder();
        AppendText(builder);
        return builder.ToString();
    }

    private void AppendText(System.Text.StringBuilder builder)
    {
        foreach (var child in Children)
        {
            if (child is string text) builder.Append(text);
            else ((XmlElementNode)child).AppendText(builder);
        }
    }
}
