using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Recorder.Trust;

/// <summary>Reads which Recorder.Contracts version an assembly was compiled against, without loading it.</summary>
public static class ContractsReference
{
    public const string ContractsAssemblyName = "Recorder.Contracts";

    /// <summary>The referenced contracts version (major.minor.build), or null when the assembly does not reference the contracts.</summary>
    public static Version? Find(string assemblyPath)
    {
        try
        {
            return Read(assemblyPath);
        }
        catch (BadImageFormatException)
        {
            return null; // not a .NET assembly
        }
    }

    private static Version? Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) return null;
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, ContractsAssemblyName))
                return new Version(reference.Version.Major, reference.Version.Minor, Math.Max(reference.Version.Build, 0));
        }
        return null;
    }
}
