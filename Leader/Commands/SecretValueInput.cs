using System.Text;

namespace PryvBus.Leader.Commands;

/// <summary>
/// Where <c>secrets set</c> reads a value: standard input (piped) or a file, never the command line (which other users
/// of the machine see in the process list and which shells keep in their history). One final line break is dropped
/// (<c>echo</c> and editors add it); the value must be UTF-8 text, not empty, at most <see cref="MaxBytes"/> bytes.
/// </summary>
public static class SecretValueInput
{
    public const int MaxBytes = 64 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="input">Standard input when it is redirected, else null.</param>
    /// <param name="fromFile">The path given with <c>--from-file</c>, if any.</param>
    /// <exception cref="UsageException">No value, an empty or oversized one, or not UTF-8 text (never quoted).</exception>
    public static async Task<string> ReadAsync(TextReader? input, string? fromFile)
    {
        string text;
        if (fromFile is not null)
        {
            text = ReadFile(fromFile);
        }
        else if (input is not null)
        {
            var buffer = new char[MaxBytes + 2];
            var read = 0;
            int count;
            while (read < buffer.Length && (count = await input.ReadAsync(buffer.AsMemory(read))) > 0)
            {
                read += count;
            }

            text = new string(buffer, 0, read);
            Array.Clear(buffer);
            if (read == buffer.Length || StrictUtf8.GetByteCount(text) > MaxBytes + 2)
            {
                throw new UsageException($"the value on standard input is over {MaxBytes} bytes");
            }
        }
        else
        {
            throw new UsageException("pipe the value on standard input or give --from-file FILE (never on the command line)");
        }

        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        return text.Length == 0 ? throw new UsageException("the value is empty") : text;
    }

    private static string ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new UsageException($"--from-file {path}: no such file");
        }

        if (info.Length > MaxBytes + 2)
        {
            throw new UsageException($"--from-file {path}: over {MaxBytes} bytes");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--from-file {path}: cannot read ({ex.Message})");
        }

        try
        {
            return bytes.Length > MaxBytes + 2
                ? throw new UsageException($"--from-file {path}: over {MaxBytes} bytes")
                : StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new UsageException($"--from-file {path}: not UTF-8 text");
        }
        finally
        {
            Array.Clear(bytes);
        }
    }
}
