namespace PryvBus.Follower.Settings;

/// <summary>Owner and modes of the files and folders the follower writes.</summary>
public sealed class FileSettings
{
    public const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode DefaultSecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DefaultDirectoryMode = DefaultFileMode
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Numeric owner of written files; null keeps the follower's own user.</summary>
    public int? OwnerUid { get; init; }

    /// <summary>Numeric group of written files; null keeps the follower's own group.</summary>
    public int? GroupGid { get; init; }

    public UnixFileMode FileMode { get; init; } = DefaultFileMode;

    /// <summary>Mode of the files the leader marks as holding secrets.</summary>
    public UnixFileMode SecretFileMode { get; init; } = DefaultSecretFileMode;

    public UnixFileMode DirectoryMode { get; init; } = DefaultDirectoryMode;

    public bool ChangesOwner => OwnerUid is not null || GroupGid is not null;
}
