namespace Recorder.Host.Status;

/// <summary>One line of <c>recorder status</c>: a domain, a name and a value, as operators of the product know them.</summary>
public sealed record StatusRow(string Domain, string Name, string Value);
