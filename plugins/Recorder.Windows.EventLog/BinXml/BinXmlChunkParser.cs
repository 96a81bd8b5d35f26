using System.Buffers.Binary;
using System.Text;

namespace Recorder.Windows.EventLog.BinXml;

/// <summary>
/// Parses the BinXML of one EVTX chunk. Name and template offsets are relative to the chunk, so names and template
/// definitions are parsed once per chunk and kept. Every read is bounds-checked; bad bytes throw
/// <see cref="BinXmlException"/> with the chunk-relative offset.
/// </summary>
internal sealed class BinXmlChunkParser
{
    private const int MaxDepth = 64;

    /// <summary>Most nodes one record may expand to: templates can refer to templates, and damaged ones must not multiply.</summary>
    private const int MaxExpandedNodes = 100_000;

    private int _expandedNodes;

    private readonly byte[] _chunk;
    private readonly Dictionary<int, string> _names = new();
    private readonly Dictionary<int, TemplateNode[]> _templates = new();

    public BinXmlChunkParser(byte[] chunk) => _chunk = chunk;

    /// <summary>Expands the BinXML of a record (bytes <paramref name="start"/> to <paramref name="end"/>) into its Event element.</summary>
    public XmlElementNode RenderRecord(int start, int end)
    {
        var document = new XmlElementNode("#document");
        _expandedNodes = 0;
        var pos = start;
        var nodes = ParseNodes(ref pos, end, depth: 0, untilEndElement: false);
        Expand(nodes, [], document, depth: 0);
        return document.Child("Event") ?? throw new BinXmlException(start, "the record's BinXML has no Event element");
    }

    // ---- parsing: BinXML tokens to template nodes ----

    private List<TemplateNode> ParseNodes(ref int pos, int limit, int depth, bool untilEndElement)
    {
        if (depth > MaxDepth) throw new BinXmlException(pos, $"elements nested deeper than {MaxDepth}");
        var nodes = new List<TemplateNode>();
        while (true)
        {
            Need(pos, 1, limit);
            var token = _chunk[pos];
            switch (token)
            {
                case 0x00: // end of fragment
                    if (untilEndElement) throw new BinXmlException(pos, "fragment ends inside an element");
                    pos++;
                    return nodes;
                case 0x04: // end element
                    if (!untilEndElement) throw new BinXmlException(pos, "end-element token outside an element");
                    pos++;
                    return nodes;
                case 0x01 or 0x41:
                    nodes.Add(ParseElement(ref pos, limit, depth + 1));
                    break;
                case 0x05 or 0x45:
                    nodes.Add(new TemplateText(ParseValueText(ref pos, limit)));
                    break;
                case 0x0d or 0x0e:
                    nodes.Add(ParseSubstitution(ref pos, limit));
                    break;
                case 0x07 or 0x47: // CDATA
                    pos++;
                    nodes.Add(new TemplateText(ReadCountedString(ref pos, limit)));
                    break;
                case 0x08 or 0x48: // character reference
                    Need(pos, 3, limit);
                    nodes.Add(new TemplateText(((char)BinaryPrimitives.ReadUInt16LittleEndian(_chunk.AsSpan(pos + 1))).ToString()));
                    pos += 3;
                    break;
                case 0x09 or 0x49: // entity reference
                    nodes.Add(new TemplateText(ParseEntity(ref pos, limit)));
                    break;
                case 0x0a: // processing instruction target, then its data: not part of an event's fields
                    Need(pos, 5, limit);
                    var targetOffset = ReadInt32(pos + 1);
                    pos += 5;
                    ReadName(targetOffset, ref pos, limit);
                    break;
                case 0x0b:
                    pos++;
                    ReadCountedString(ref pos, limit);
                    break;
                case 0x0c:
                    nodes.Add(ParseTemplateInstance(ref pos, limit));
                    break;
                case 0x0f: // fragment header: token, major and minor version, flags
                    Need(pos, 4, limit);
                    pos += 4;
                    break;
                default:
                    throw new BinXmlException(pos, $"unknown BinXML token 0x{token:x2}");
            }
        }
    }

    private TemplateElement ParseElement(ref int pos, int limit, int depth)
    {
        var token = _chunk[pos];
        // token, dependency id (2), data size (4), name offset (4)
        Need(pos, 11, limit);
        var nameOffset = ReadInt32(pos + 7);
        pos += 11;
        var name = ReadName(nameOffset, ref pos, limit);

        var attributes = Array.Empty<TemplateAttribute>();
        if ((token & 0x40) != 0)
        {
            Need(pos, 4, limit);
            pos += 4; // attribute list size
            var list = new List<TemplateAttribute>(2);
            while (true)
            {
                Need(pos, 5, limit);
                var attributeToken = _chunk[pos];
                if ((attributeToken & 0xbf) != 0x06) throw new BinXmlException(pos, $"expected an attribute, found token 0x{attributeToken:x2}");
                var attributeNameOffset = ReadInt32(pos + 1);
                pos += 5;
                var attributeName = ReadName(attributeNameOffset, ref pos, limit);
                list.Add(new TemplateAttribute(attributeName, ParseAttributeValue(ref pos, limit)));
                if ((attributeToken & 0x40) == 0) break;
            }
            attributes = list.ToArray();
        }

        Need(pos, 1, limit);
        switch (_chunk[pos])
        {
            case 0x02: // close start element: content follows up to the end-element token
                pos++;
                return new TemplateElement(name, attributes, ParseNodes(ref pos, limit, depth, untilEndElement: true).ToArray());
            case 0x03: // close empty element
                pos++;
                return new TemplateElement(name, attributes, []);
            default:
                throw new BinXmlException(pos, $"element <{name}> not closed (token 0x{_chunk[pos]:x2})");
        }
    }

    private TemplateNode[] ParseAttributeValue(ref int pos, int limit)
    {
        var value = new List<TemplateNode>(1);
        while (pos < limit)
        {
            switch (_chunk[pos])
            {
                case 0x05 or 0x45: value.Add(new TemplateText(ParseValueText(ref pos, limit))); break;
                case 0x0d or 0x0e: value.Add(ParseSubstitution(ref pos, limit)); break;
                case 0x08 or 0x48:
                    Need(pos, 3, limit);
                    value.Add(new TemplateText(((char)BinaryPrimitives.ReadUInt16LittleEndian(_chunk.AsSpan(pos + 1))).ToString()));
                    pos += 3;
                    break;
                case 0x09 or 0x49: value.Add(new TemplateText(ParseEntity(ref pos, limit))); break;
                default: return value.ToArray();
            }
        }
        return value.ToArray();
    }

    private string ParseValueText(ref int pos, int limit)
    {
        Need(pos, 2, limit);
        var type = _chunk[pos + 1];
        if (type != BinXmlValueType.WString) throw new BinXmlException(pos, $"value token of type 0x{type:x2} (only strings are written inline)");
        pos += 2;
        return ReadCountedString(ref pos, limit);
    }

    private TemplateSubstitution ParseSubstitution(ref int pos, int limit)
    {
        Need(pos, 4, limit);
        var substitution = new TemplateSubstitution(BinaryPrimitives.ReadUInt16LittleEndian(_chunk.AsSpan(pos + 1)), _chunk[pos + 3], _chunk[pos] == 0x0e);
        pos += 4;
        return substitution;
    }

    private string ParseEntity(ref int pos, int limit)
    {
        Need(pos, 5, limit);
        var nameOffset = ReadInt32(pos + 1);
        pos += 5;
        var name = ReadName(nameOffset, ref pos, limit);
        return name switch
        {
            "amp" => "&", "lt" => "<", "gt" => ">", "quot" => "\"", "apos" => "'",
            _ => "&" + name + ";",
        };
    }

    private TemplateInstanceReference ParseTemplateInstance(ref int pos, int limit)
    {
        // token, unknown (1), template id (4), definition offset (4); the definition may follow inline
        Need(pos, 10, limit);
        var definitionOffset = ReadInt32(pos + 6);
        pos += 10;
        if (definitionOffset == pos)
        {
            Need(pos, 24, limit);
            var dataSize = ReadInt32(pos + 20);
            if (dataSize < 0 || dataSize > limit - pos - 24) throw new BinXmlException(pos, $"template definition of {dataSize} bytes runs past its record");
            pos += 24 + dataSize;
        }
        var valuesOffset = pos;
        Need(pos, 4, limit);
        var count = ReadInt32(pos);
        if (count < 0 || count > (limit - pos - 4) / 4) throw new BinXmlException(pos, $"{count} template values do not fit in the record");
        long total = 0;
        for (var i = 0; i < count; i++) total += BinaryPrimitives.ReadUInt16LittleEndian(_chunk.AsSpan(pos + 4 + 4 * i));
        pos += 4 + 4 * count;
        if (total > limit - pos) throw new BinXmlException(pos, $"template values of {total} bytes run past the record");
        pos += (int)total;
        return new TemplateInstanceReference(definitionOffset, valuesOffset);
    }

    private TemplateNode[] Template(int definitionOffset)
    {
        if (_templates.TryGetValue(definitionOffset, out var cached)) return cached;
        if (definitionOffset < 0 || definitionOffset > _chunk.Length - 24) throw new BinXmlException(definitionOffset, "template definition outside the chunk");
        var dataSize = ReadInt32(definitionOffset + 20);
        var start = definitionOffset + 24;
        if (dataSize < 0 || dataSize > _chunk.Length - start) throw new BinXmlException(definitionOffset, $"template definition of {dataSize} bytes runs past the chunk");
        // Mark the template as being parsed so that a definition containing itself fails instead of recursing.
        _templates[definitionOffset] = [];
        var pos = start;
        var nodes = ParseNodes(ref pos, start + dataSize, depth: 0, untilEndElement: false).ToArray();
        _templates[definitionOffset] = nodes;
        return nodes;
    }

    // ---- expansion: template nodes and values to elements ----

    private readonly record struct Value(int Offset, int Size, byte Type);

    private void Expand(IReadOnlyList<TemplateNode> nodes, Value[] values, XmlElementNode parent, int depth)
    {
        if (depth > MaxDepth) throw new BinXmlException(0, $"templates nested deeper than {MaxDepth}");
        foreach (var node in nodes)
        {
            if (++_expandedNodes > MaxExpandedNodes) throw new BinXmlException(0, $"the record expands to more than {MaxExpandedNodes} nodes");
            switch (node)
            {
                case TemplateElement element:
                    var rendered = new XmlElementNode(element.Name);
                    foreach (var attribute in element.Attributes)
                    {
                        var text = AttributeText(attribute, values, out var present);
                        if (present) rendered.Attributes.Add(new(attribute.Name, text));
                    }
                    Expand(element.Children, values, rendered, depth);
                    parent.Children.Add(rendered);
                    break;
                case TemplateText text:
                    parent.Children.Add(text.Text);
                    break;
                case TemplateSubstitution substitution:
                    if (substitution.Index >= values.Length) break;
                    var value = values[substitution.Index];
                    if (value.Type == BinXmlValueType.Null) break;
                    if (value.Type == BinXmlValueType.BinXml)
                    {
                        // Parsing an embedded fragment costs its size: count it, so nested values cannot multiply work.
                        _expandedNodes += value.Size / 8;
                        var pos = value.Offset;
                        var embedded = ParseNodes(ref pos, value.Offset + value.Size, depth + 1, untilEndElement: false);
                        Expand(embedded, [], parent, depth + 1);
                    }
                    else
                    {
                        parent.Children.Add(FormatValue(value));
                    }
                    break;
                case TemplateInstanceReference instance:
                    Expand(Template(instance.DefinitionOffset), ReadValues(instance.ValuesOffset), parent, depth + 1);
                    break;
            }
        }
    }

    private string AttributeText(TemplateAttribute attribute, Value[] values, out bool present)
    {
        present = true;
        if (attribute.Value.Length == 1 && attribute.Value[0] is TemplateSubstitution only)
        {
            if (only.Index >= values.Length || values[only.Index].Type == BinXmlValueType.Null)
            {
                present = !only.Optional;
                return "";
            }
            return FormatValue(values[only.Index]);
        }
        var builder = new StringBuilder();
        foreach (var part in attribute.Value)
        {
            if (part is TemplateText text) builder.Append(text.Text);
            else if (part is TemplateSubstitution substitution && substitution.Index < values.Length)
                builder.Append(FormatValue(values[substitution.Index]));
        }
        return builder.ToString();
    }

    private string FormatValue(Value value)
    {
        try
        {
            return ValueFormatter.Format(value.Type, _chunk.AsSpan(value.Offset, value.Size));
        }
        catch (InvalidDataException e)
        {
            throw new BinXmlException(value.Offset, e.Message);
        }
    }

    private Value[] ReadValues(int offset)
    {
        // Bounds were checked when the template instance was parsed.
        var count = ReadInt32(offset);
        if (count == 0) return [];
        var values = new Value[count];
        var dataOffset = offset + 4 + 4 * count;
        for (var i = 0; i < count; i++)
        {
            var descriptor = offset + 4 + 4 * i;
            var size = BinaryPrimitives.ReadUInt16LittleEndian(_chunk.AsSpan(descriptor));
            values[i] = new Value(dataOffset, size, _chunk[descriptor + 2]);
            dataOffset += size;
        }
        return values;
    }

    // ---- primitives ----

    /// <summary>A name structure: next offset (4), hash (2), character count (2), UTF-16 characters, NUL (2). Inline when it sits at <paramref name="pos"/>.</summary>
    private string ReadName(int nameOffset, ref int pos, int limit)
    {
        if (nameOffset == pos)
        {
            var name = ReadNameAt(nameOffset, limit);
            pos += 10 + 2 * name.Length;
            return name;
        }
        return ReadNameAt(nameOffset, _chunk.Length);
    }

    private string ReadNameAt(int offset, int limit)
    {
        if (_names.TryGetValue(offset, out var cached)) return cached;
        if (offset < 0 || offset > limit - 8) throw new BinXmlException(offset, "name outside the chunk");
        var count = BinaryPrimitives.ReadUInt16LittleEndian(_chunk.AsSpan(offset + 6));
        if (offset + 10 + 2 * count > limit) throw new BinXmlException(offset, $"name of {count} characters runs past its data");
        var name = Encoding.Unicode.GetString(_chunk, offset + 8, 2 * count);
        _names[offset] = name;
        return name;
    }

    private string ReadCountedString(ref int pos, int limit)
    {
        Need(pos, 2, limit);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(_chunk.AsSpan(pos));
        Need(pos, 2 + 2 * count, limit);
        var text = Encoding.Unicode.GetString(_chunk, pos + 2, 2 * count);
        pos += 2 + 2 * count;
        return text;
    }

    private int ReadInt32(int offset) => BinaryPrimitives.ReadInt32LittleEndian(_chunk.AsSpan(offset));

    private void Need(int pos, int count, int limit)
    {
        if (pos < 0 || count > limit - pos || limit > _chunk.Length)
            throw new BinXmlException(pos, $"BinXML needs {count} bytes at chunk offset {pos}, past the end of its data");
    }
}

/// <summary>BinXML that cannot be read, at an offset within its chunk.</summary>
internal sealed class BinXmlException(int chunkOffset, string message) : Exception(message)
{
    public int ChunkOffset { get; } = chunkOffset;
}
