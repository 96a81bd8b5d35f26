using System.Xml;
using Recorder.Windows.EventLog.BinXml;

namespace Recorder.Windows.EventLog;

/// <summary>
/// Parses the XML of one rendered event, the form a live event-log watcher delivers
/// (<c>EventRecord.ToXml()</c>) and <c>wevtutil</c> or <c>evtxexport</c> print, into the same
/// <see cref="WindowsEvent"/> the EVTX reader produces.
/// </summary>
public static class RenderedEventXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CheckCharacters = false,
    };

    /// <summary>The event in <paramref name="xml"/> (one &lt;Event&gt; element).</summary>
    public static WindowsEvent Parse(string xml) => ParseAll(new StringReader(xml)).FirstOrDefault()
        ?? throw new InvalidDataException("no <Event> element in the XML");

    /// <summary>Every &lt;Event&gt; element in <paramref name="text"/>, in order (a file of concatenated events, as evtxexport writes).</summary>
    public static IEnumerable<WindowsEvent> ParseAll(TextReader text)
    {
        using var reader = XmlReader.Create(text, Settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Event")
                yield return EventXml.ToWindowsEvent(ReadElement(reader));
        }
    }

    private static XmlElementNode ReadElement(XmlReader reader)
    {
        var element = new XmlElementNode(reader.LocalName);
        if (reader.HasAttributes)
        {
            while (reader.MoveToNextAttribute())
                if (reader.Prefix != "xmlns" && reader.LocalName != "xmlns") element.Attributes.Add(new(reader.LocalName, reader.Value));
            reader.MoveToElement();
        }
        if (reader.IsEmptyElement) return element;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element: element.Children.Add(ReadElement(reader)); break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace: element.Children.Add(reader.Value); break;
                case XmlNodeType.EndElement: return element;
            }
        }
        return element;
    }
}
