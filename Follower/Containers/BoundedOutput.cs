using System.Text;
using Docker.DotNet;

namespace PryvBus.Follower.Containers;

/// <summary>Reads a container's output (stdout and stderr, interleaved) to its end, keeping only the first bytes: a chatty or hostile process cannot fill memory.</summary>
internal static class BoundedOutput
{
    public const int MaxBytes = 8 * 1024;

    public static async Task<string> ReadAsync(MultiplexedStream stream, CancellationToken ct)
    {
        var kept = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF)
            {
                break;
            }

            var room = MaxBytes - (int)kept.Length;
            if (room > 0)
            {
                kept.Write(buffer, 0, Math.Min(room, read.Count));
            }
        }

        return Encoding.UTF8.GetString(kept.ToArray());
    }

    /// <summary>The first <paramref name="lines"/> non-empty lines, control characters replaced, at most <paramref name="maxChars"/> characters.</summary>
    public static string FirstLines(string output, int lines = 5, int maxChars = 600)
    {
        var text = string.Join(" | ", output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).Take(lines));
        text = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > maxChars ? text[..maxChars] + "…" : text;
    }
}
