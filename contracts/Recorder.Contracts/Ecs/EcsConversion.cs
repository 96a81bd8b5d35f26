namespace Recorder.Contracts.Ecs;

/// <summary>How a Recorder value becomes the value its ECS field expects (the notes of <see cref="EcsMapping.Fields"/>).</summary>
internal enum EcsConversion : byte
{
    /// <summary>As is: numbers as numbers, text as text, lists as arrays.</summary>
    None,
    /// <summary>A number written as text: ECS ids (user.id, group.id, file.uid) are keywords.</summary>
    NumberAsText,
    /// <summary><c>sha256:hex</c> (possibly one of several joined by ';') to the bare hex.</summary>
    Sha256Hex,
    /// <summary><c>inet</c>/<c>inet6</c> to <c>ipv4</c>/<c>ipv6</c>.</summary>
    NetworkType,
    /// <summary>A numeric DNS RCODE to its name (NOERROR, NXDOMAIN, ...).</summary>
    DnsResponseCode,
    /// <summary>Answers joined by ';' to an array of <c>{"data": ...}</c> objects (<c>dns.answers</c>).</summary>
    DnsAnswers,
    /// <summary>One text to an array of one (<c>registry.data.strings</c>).</summary>
    TextArray,
    /// <summary>The ancestors' executables, command lines or users as an array.</summary>
    AncestorPaths,
    AncestorCommandLines,
    AncestorUserNames,
}
