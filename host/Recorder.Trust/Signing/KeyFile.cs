using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>
/// A key file: optional <c># comment</c> and <c>name: value</c> header lines, then one PEM block.
/// The headers carry the key id (and, in the trust store, the scope) next to the key itself, so one file
/// is all an operator copies. OpenSSL reads these files too: it skips text before the PEM block.
/// </summary>
public sealed class KeyFile
{
    private KeyFile(string path, string label, string pem, IReadOnlyList<KeyFileHeader> headers)
    {
        Path = path;
        Label = label;
        Pem = pem;
        Headers = headers;
    }

    public string Path { get; }

    /// <summary>The PEM label, e.g. <c>PUBLIC KEY</c> or <c>PRIVATE KEY</c>.</summary>
    public string Label { get; }

    /// <summary>The PEM block alone.</summary>
    public string Pem { get; }

    public IReadOnlyList<KeyFileHeader> Headers { get; }

    /// <summary>The value of the one header with this name, or null; a repeated header is an error.</summary>
    public string? SingleHeader(string name)
    {
        KeyFileHeader? found = null;
        foreach (var header in Headers)
        {
            if (header.Name != name) continue;
            if (found is not null) throw new KeyFileException(Path, header.Line, $"'{name}' is given twice");
            found = header;
        }
        return found?.Value;
    }

    /// <summary>Reads and splits a key file (at most 64 KiB). Errors name the file and line.</summary>
    public static KeyFile Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new KeyFileException(path, null, "does not exist");
        if (info.Length > 64 * 1024) throw new KeyFileException(path, null, "is larger than 64 KiB; not a key file");
        return Parse(path, File.ReadAllText(path));
    }

    public static KeyFile Parse(string path, string text)
    {
        var lines = text.Split('\n');
        var headers = new List<KeyFileHeader>();
        var begin = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.StartsWith("-----BEGIN ", StringComparison.Ordinal)) { begin = i; break; }
            if (line.Length == 0 || line[0] == '#') continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new KeyFileException(path, i + 1, $"expected 'name: value', a '#' comment or a PEM block, found '{Truncate(line)}'");
            headers.Add(new KeyFileHeader(line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim(), i + 1));
        }
        if (begin < 0) throw new KeyFileException(path, null, "holds no PEM block (-----BEGIN ...-----)");

        var pemText = string.Join('\n', lines[begin..]);
        if (!PemEncoding.TryFind(pemText, out var fields))
            throw new KeyFileException(path, begin + 1, "holds a PEM block that cannot be read");
        var rest = pemText[fields.Location.End..];
        if (rest.Trim().Length != 0)
            throw new KeyFileException(path, null, "has text after the PEM block; a key file holds one key");
        return new KeyFile(path, pemText[fields.Label].ToString(), pemText[fields.Location].ToString(), headers);
    }

    /// <summary>Imports the PEM block as a P-256 key; anything else is refused.</summary>
    public ECDsa ImportP256()
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(Pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new KeyFileException(Path, null, $"holds no ECDSA key that can be read ({e.Message})");
        }
        if (!SigningKey.IsP256(key))
        {
            key.Dispose();
            throw new KeyFileException(Path, null, "holds a key that is not ECDSA P-256 (the only algorithm defined: ecdsa-p256-sha256)");
        }
        return key;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

/// <summary>A <c>name: value</c> line before a key file's PEM block.</summary>
public sealed record KeyFileHeader(string Name, string Value, int Line);

/// <summary>A key file that cannot be used; names the file and, when known, the line.</summary>
public sealed class KeyFileException(string path, int? line, string message)
    : Exception(line is null ? $"{path}: {message}" : $"{path}:{line}: {message}")
{
    public string FilePath { get; } = path;
    public int? Line { get; } = line;
}
