namespace Recorder.Contracts.Events;

/// <summary>The schema of <c>process.start</c>, with typed handles to its fields.</summary>
public sealed class ProcessStartSchema : EventSchema
{
    internal ProcessStartSchema() : base(EventTypes.ProcessStart, "A program was executed.",
    [
        new("process.argc", FieldType.Int64, "Number of arguments."),
        new("process.image_inode", FieldType.Int64, "Inode of the executed file."),
        new("process.exec_path", FieldType.String, "The file the exec named, absolute; for a failed exec (outcome failure) the program that was not started, while process.* is still the caller."),
    ])
    {
        Argc = Key<long?>("process.argc");
        ImageInode = Key<long?>("process.image_inode");
        ExecPath = Key<string?>("process.exec_path");
    }

    /// <summary><c>process.argc</c>.</summary>
    public FieldKey<long?> Argc { get; }
    /// <summary><c>process.image_inode</c>.</summary>
    public FieldKey<long?> ImageInode { get; }
    /// <summary><c>process.exec_path</c>.</summary>
    public FieldKey<string?> ExecPath { get; }
}

/// <summary>The schema of <c>process.exit</c>, with typed handles to its fields.</summary>
public sealed class ProcessExitSchema : EventSchema
{
    internal ProcessExitSchema() : base(EventTypes.ProcessExit, "A process exited.",
    [
        new("process.exit_code", FieldType.Int64, "Exit status."),
    ])
    {
        ExitCode = Key<long?>("process.exit_code");
    }

    /// <summary><c>process.exit_code</c>.</summary>
    public FieldKey<long?> ExitCode { get; }
}
