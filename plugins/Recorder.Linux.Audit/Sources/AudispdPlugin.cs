namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// The recorder's auditd plugin: a configuration file in auditd's plugin folder that makes auditd start the
/// recorder's forwarder, which passes every record (one text line each) into a FIFO the recorder reads.
/// </summary>
/// <remarks>
/// The forwarder is a two-line shell program the recorder writes itself (<c>exec cat &gt; FIFO</c>): auditd
/// feeds plugins on stdin, and the FIFO lets the recorder come and go without auditd noticing.
/// </remarks>
public static class AudispdPlugin
{
    /// <summary>File name of the configuration in auditd's plugin folder.</summary>
    public const string ConfigurationFileName = "recorder.conf";

    /// <summary>First line of every file the recorder writes, so that only those are ever removed.</summary>
    public const string Marker = "# Installed by Recorder (linux-audit collector); removed when it stops or uses netlink.";

    /// <summary>The forwarder program's file name inside the recorder's audispd folder.</summary>
    public const string ForwarderFileName = "audisp-forward";

    /// <summary>The FIFO's file name inside the recorder's audispd folder.</summary>
    public const string FifoFileName = "audisp.fifo";

    /// <summary>Writes the forwarder and the plugin configuration; returns the configuration's path.</summary>
    public static string Install(string pluginDirectory, string recorderDirectory)
    {
        if (!Path.IsPathRooted(recorderDirectory) || recorderDirectory.Any(char.IsWhiteSpace))
            throw new ArgumentException($"The audispd folder '{recorderDirectory}' must be an absolute path without spaces (auditd splits plugin arguments on spaces).", nameof(recorderDirectory));
        Directory.CreateDirectory(recorderDirectory);
        SetMode(recorderDirectory, 0x1C0 /* 0700 */);

        var forwarder = Path.Combine(recorderDirectory, ForwarderFileName);
        WriteAtomically(forwarder,
            "#!/bin/sh\n" + Marker + "\n" +
            "# auditd writes one record per line on stdin; pass them to the recorder through its FIFO ($1).\n" +
            "exec cat > \"$1\"\n",
            0x1E8 /* 0750: auditd skips plugins whose program has any other mode */);

        var configuration = Path.Combine(pluginDirectory, ConfigurationFileName);
        WriteAtomically(configuration,
            Marker + "\n" +
            "active = yes\n" +
            "direction = out\n" +
            $"path = {forwarder}\n" +
            "type = always\n" +
            $"args = {Path.Combine(recorderDirectory, FifoFileName)}\n" +
            "format = string\n",
            0x1A0 /* 0640: auditd refuses plugin files others can write */);
        return configuration;
    }

    /// <summary>True when the recorder's configuration is in <paramref name="pluginDirectory"/>.</summary>
    public static bool IsInstalled(string pluginDirectory) => IsOurs(Path.Combine(pluginDirectory, ConfigurationFileName));

    /// <summary>Removes the configuration if the recorder wrote it. Returns true when a file was removed.</summary>
    public static bool Remove(string pluginDirectory)
    {
        var configuration = Path.Combine(pluginDirectory, ConfigurationFileName);
        if (!IsOurs(configuration)) return false;
        File.Delete(configuration);
        return true;
    }

    private static bool IsOurs(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine() == Marker;
        }
        catch (FileNotFoundException) { return false; }
        catch (DirectoryNotFoundException) { return false; }
    }

    private static void WriteAtomically(string path, string text, int mode)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        SetMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }

    private static unsafe void SetMode(string path, int mode)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            if (Tmds.Linux.LibC.chmod(p, (Tmds.Linux.mode_t)mode) != 0)
                throw new IOException($"chmod {path} failed: errno {Tmds.Linux.LibC.errno}");
    }
}
