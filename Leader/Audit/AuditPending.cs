using System.Text;
using System.Text.Json;
using PryvBus.Leader.State;

namespace PryvBus.Leader.Audit;

/// <summary>
/// Entries that could not reach Redis, kept in <c>audit-pending.jsonl</c> in the state folder (mode 0600, one JSON
/// entry per line, fsynced, under <c>audit.lock</c>) and appended to the stream, oldest first and with their own times,
/// by the next record that reaches Redis. Bounded: past <see cref="MaxEntries"/> the newest are dropped (and counted).
/// </summary>
public static class AuditPending
{
    public const string FileName = "audit-pending.jsonl";
    public const string LockFile = "audit.lock";
    public const int MaxEntries = 10_000;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public static async Task AddAsync(string stateDirectory, AuditRecord draft)
    {
        StateFiles.EnsureFolder(stateDirectory);
        using (await StateFiles.LockAsync(Path.Combine(stateDirectory, LockFile), LockTimeout))
        {
            var path = Path.Combine(stateDirectory, FileName);
            if (File.Exists(path) && File.ReadLines(path).Count() >= MaxEntries)
            {
                throw new IOException($"{path} already holds {MaxEntries} entries");
            }

            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = StateFiles.PrivateFile,
            });
            stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(draft, AuditJsonContext.Default.AuditRecord) + "\n"));
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Hands every pending entry, oldest first, to <paramref name="append"/>, then empties the file (under the lock).</summary>
    /// <returns>How many were appended.</returns>
    public static async Task<int> FlushAsync(string stateDirectory, Func<AuditRecord, Task> append)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        using (await StateFiles.LockAsync(Path.Combine(stateDirectory, LockFile), LockTimeout))
        {
            if (!File.Exists(path))
            {
                return 0;
            }

            var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
            var done = 0;
            try
            {
                foreach (var line in lines)
                {
                    // A line that does not parse (a crash mid-write) is dropped: the others still go.
                    if (Parse(line) is { } draft)
                    {
                        await append(draft);
                    }

                    done++;
                }
            }
            finally
            {
                if (done == lines.Count)
                {
                    File.Delete(path);
                }
                else
                {
                    StateFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(string.Concat(lines.Skip(done).Select(l => l + "\n"))));
                }
            }

            return done;
        }
    }

    private static AuditRecord? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, AuditJsonContext.Default.AuditRecord) is { Action.Length: > 0, Actor.Length: > 0 } draft ? draft : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
