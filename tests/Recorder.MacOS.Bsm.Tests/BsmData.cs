using Recorder.Tests.Shared;

namespace Recorder.MacOS.Bsm.Tests;

/// <summary>The real trails and reference tokens in ../shared/data/macos-bsm.</summary>
internal static class BsmData
{
    public static string Root => Path.Combine(RepoPaths.SharedData, "macos-bsm");
    public static string Plaso(string name) => Path.Combine(Root, "plaso", name);
    public static string Reference(string name) => Path.Combine(Root, "openbsm", "reference", name);
    public static string AppleTrail => Plaso("apple.bsm");
    public static string OpenBsmTrail => Plaso("openbsm.bsm");
    public static string ExecveLongArgs => Path.Combine(Root, "openbsm", "samples", "execve-long-args.trail");

    public static (List<BsmRecord> Records, BsmTrailStatistics Statistics) ReadTrail(string path) => ReadTrail(File.ReadAllBytes(path));

    public static (List<BsmRecord> Records, BsmTrailStatistics Statistics) ReadTrail(byte[] bytes)
    {
        var statistics = new BsmTrailStatistics();
        var records = BsmTrailReader.Read(new MemoryStream(bytes), statistics).ToList();
        return (records, statistics);
    }

    public static BsmToken Token(string name)
    {
        var bytes = File.ReadAllBytes(Reference(name));
        var token = BsmRecordDecoder.DecodeToken(bytes, out var length);
        Assert.Equal(bytes.Length, length);
        return token;
    }
}
