using System.Text.Json;
using PryvBus.Leader.State;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Accounts;

/// <summary>
/// The users file (<c>users.json</c> in the state folder by default): read strictly (every entry checked, the file named
/// in the error), changed only under <c>users.lock</c> as a read-modify-write, written atomically with fsync and mode
/// 0600 (<see cref="StateFiles"/>). A file readable by group or others is refused: it holds password hashes.
/// </summary>
public static class UsersFile
{
    public const string FileName = "users.json";
    public const string LockFile = "users.lock";
    public const int MaxBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The file's content; an empty document when it does not exist.</summary>
    /// <exception cref="StateException">Unreadable, open to others, or not a valid users file (the message names the entry).</exception>
    public static UsersDocument Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return new UsersDocument();
            }

            if (CredentialFileMode.IsOpenToGroupOrOthers(path))
            {
                throw new StateException($"{path}: the users file is readable by group or others: chmod 600 {path}");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new UsersDocument();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"{path}: cannot read the users file ({ex.Message})", ex);
        }

        return Parse(bytes, path);
    }

    /// <exception cref="StateException">Not a valid users file.</exception>
    public static UsersDocument Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new StateException($"{path}: the users file is over {MaxBytes} bytes");
        }

        UsersDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, AccountsJsonContext.Default.UsersDocument);
        }
        catch (JsonException ex)
        {
            throw new StateException($"{path}: not a users file ({ex.Message})", ex);
        }

        return Check(document, path);
    }

    public static byte[] Serialize(UsersDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, AccountsJsonContext.Default.UsersDocument);

    /// <summary>Locked read-modify-write: <paramref name="change"/> edits the document read now; it is checked, then written.</summary>
    /// <exception cref="StateException">The lock, the file or the changed document is not usable.</exception>
    public static async Task<T> ChangeAsync<T>(string path, Func<UsersDocument, T> change)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(change);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        StateFiles.EnsureFolder(folder);
        using (await StateFiles.LockAsync(Path.Combine(folder, LockFile), LockTimeout))
        {
            StateFiles.RemoveStaleTemps(folder, Path.GetFileName(path));
            var document = Read(path);
            var result = change(document);
            Write(path, Check(document, path));
            return result;
        }
    }

    /// <summary>
    /// A restore's write, under the lock: the accounts replaced by <paramref name="replacement"/> when given, and every
    /// account left given a new session stamp in the same write (<see cref="SessionStamps.RenewAll"/>), so no console
    /// session signed in before the restore is valid after it, even under the stamps and hashes of a backup.
    /// </summary>
    /// <returns>How many accounts got a new stamp.</returns>
    public static Task<int> RestoreAsync(string path, UsersDocument? replacement) =>
        ChangeAsync(path, current =>
        {
            if (replacement is not null)
            {
                current.Users = replacement.Users;
            }

            return SessionStamps.RenewAll(current);
        });

    private static void Write(string path, UsersDocument document)
    {
        try
        {
            StateFiles.WriteAtomically(path, Serialize(document));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"{path}: cannot write the users file ({ex.Message})", ex);
        }
    }

    private static UsersDocument Check(UsersDocument? document, string path)
    {
        if (document is null || document.Format != UsersDocument.CurrentFormat)
        {
            throw new StateException($"{path}: unknown users file format {document?.Format} (this leader reads format {UsersDocument.CurrentFormat})");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        document.Users ??= [];
        for (var i = 0; i < document.Users.Count; i++)
        {
            var user = document.Users[i];
            var where = $"{path}: users[{i}]";
            if (user is null || !OperatorNames.IsValid(user.Name))
            {
                throw new StateException($"{where}: the name is not valid ({OperatorNames.Rule})");
            }

            if (!names.Add(user.Name))
            {
                throw new StateException($"{where}: the name '{user.Name}' appears twice");
            }

            if (!OperatorRoles.TryParse(user.Role, out _))
            {
                throw new StateException($"{where} ({user.Name}): role must be one of {string.Join(", ", OperatorRoles.Names)}");
            }

            if (user.PasswordHash is not null && !PasswordHash.IsWellFormed(user.PasswordHash))
            {
                throw new StateException($"{where} ({user.Name}): passwordHash is not a {PasswordHash.Scheme} hash (set it again with `users passwd {user.Name}`)");
            }

            user.Tokens ??= [];
            if (user.Tokens.Any(t => t is null || !ApiToken.IsId(t.Id) || !ApiToken.IsDigest(t.Sha256) || !ids.Add(t.Id)))
            {
                throw new StateException($"{where} ({user.Name}): a token has a malformed or duplicate id or digest");
            }
        }

        return document;
    }
}
