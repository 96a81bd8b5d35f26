namespace Recorder.Contracts.Events;

/// <summary>
/// The schemas of the <c>file.*</c> types: each starts with <c>file.path</c> and <c>file.target_path</c>; some add
/// fields of their own. Every instance has its own handles, so code that serves several file types uses the
/// handles of the schema it builds (<c>schema.Path</c>), never another type's.
/// </summary>
public class FileEventSchema : EventSchema
{
    internal FileEventSchema(string name, string description, params EventField[] extra) : base(name, description,
    [
        new("file.path", FieldType.String, "Path as the process used it, made absolute."),
        new("file.target_path", FieldType.String, "Resolved path when the path went through a symlink."),
        .. extra,
    ])
    {
        Path = Key<string?>("file.path");
        TargetPath = Key<string?>("file.target_path");
    }

    /// <summary><c>file.path</c>.</summary>
    public FieldKey<string?> Path { get; }
    /// <summary><c>file.target_path</c>.</summary>
    public FieldKey<string?> TargetPath { get; }
}

/// <summary>The schema of <c>file.rename</c>.</summary>
public sealed class FileRenameSchema : FileEventSchema
{
    internal FileRenameSchema() : base(EventTypes.FileRename, "A file was renamed or moved.",
        new EventField("file.old_path", FieldType.String, "Path before the rename."))
    {
        OldPath = Key<string?>("file.old_path");
    }

    /// <summary><c>file.old_path</c>.</summary>
    public FieldKey<string?> OldPath { get; }
}

/// <summary>The schema of <c>file.read</c>.</summary>
public sealed class FileReadSchema : FileEventSchema
{
    internal FileReadSchema() : base(EventTypes.FileRead, "A file was opened for reading (under a user-defined audit rule on Linux).",
        new EventField("file.rule_key", FieldType.String, "Key of the audit rule that selected the read."))
    {
        RuleKey = Key<string?>("file.rule_key");
    }

    /// <summary><c>file.rule_key</c>.</summary>
    public FieldKey<string?> RuleKey { get; }
}

/// <summary>The schema of <c>file.permission</c>.</summary>
public sealed class FilePermissionSchema : FileEventSchema
{
    internal FilePermissionSchema() : base(EventTypes.FilePermission, "A file's permission bits changed.",
        new EventField("file.mode", FieldType.String, "New mode, in octal."))
    {
        Mode = Key<string?>("file.mode");
    }

    /// <summary><c>file.mode</c>.</summary>
    public FieldKey<string?> Mode { get; }
}

/// <summary>The schema of <c>file.owner</c>.</summary>
public sealed class FileOwnerSchema : FileEventSchema
{
    internal FileOwnerSchema() : base(EventTypes.FileOwner, "A file's owner or group changed.",
        new EventField("file.owner_uid", FieldType.Int64, "New owner uid (absent if unchanged)."),
        new EventField("file.owner_gid", FieldType.Int64, "New group gid (absent if unchanged)."))
    {
        OwnerUid = Key<long?>("file.owner_uid");
        OwnerGid = Key<long?>("file.owner_gid");
    }

    /// <summary><c>file.owner_uid</c>.</summary>
    public FieldKey<long?> OwnerUid { get; }
    /// <summary><c>file.owner_gid</c>.</summary>
    public FieldKey<long?> OwnerGid { get; }
}
