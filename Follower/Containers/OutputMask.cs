using System.Text;

namespace PryvBus.Follower.Containers;

/// <summary>
/// Masks what a process run for a version (a check, the compose tool) may quote of the files that hold secrets, before
/// its output reaches the log or the status hash. A follower is told which files hold a secret (the signed
/// <c>secretFiles</c>: every file rendered with a secret or a sensitive value), never which part of them is the secret;
/// so every run of <see cref="MinRun"/> or more characters of the output that also appears in one of those files is
/// replaced by <see cref="Masked"/>, wherever the secret sits in the line and whatever surrounds it. It masks too much
/// (a path quoted by the file and by the output) rather than let a value through. Secrets shorter than
/// <see cref="MinRun"/> characters are not recognised. More secret content than <see cref="MaxIndexedChars"/>: the
/// output is withheld whole.
/// </summary>
public sealed class OutputMask
{
    public const int MinRun = 8;
    public const int MaxIndexedChars = 1 << 20;
    public const string Masked = "«masked»";
    public const string Withheld = "(output withheld: the files holding secrets are too large to mask it)";

    private readonly HashSet<ulong> _runs;
    private readonly bool _withhold;

    private OutputMask(HashSet<ulong> runs, bool withhold)
    {
        _runs = runs;
        _withhold = withhold;
    }

    /// <summary>A mask that changes nothing (no file holds a secret).</summary>
    public static OutputMask None { get; } = new([], false);

    /// <summary>A mask that withholds every output (the secret content is too large to index).</summary>
    public static OutputMask WithholdAll { get; } = new([], true);

    /// <param name="secretContents">The content of every file that holds a secret.</param>
    public static OutputMask Of(IEnumerable<byte[]> secretContents)
    {
        ArgumentNullException.ThrowIfNull(secretContents);
        var runs = new HashSet<ulong>();
        long total = 0;
        foreach (var content in secretContents)
        {
            var text = Encoding.UTF8.GetString(content);
            total += text.Length;
            if (total > MaxIndexedChars)
            {
                return WithholdAll;
            }

            for (var i = 0; i + MinRun <= text.Length; i++)
            {
                runs.Add(Hash(text.AsSpan(i, MinRun)));
            }
        }

        return new OutputMask(runs, false);
    }

    public string Mask(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_withhold)
        {
            return output.Length == 0 ? output : Withheld;
        }

        if (_runs.Count == 0 || output.Length < MinRun)
        {
            return output;
        }

        // Every character inside a run found in a secret file is covered; each stretch of covered characters becomes one mark.
        var coveredUntil = -1;
        var covered = new bool[output.Length];
        for (var i = 0; i + MinRun <= output.Length; i++)
        {
            if (_runs.Contains(Hash(output.AsSpan(i, MinRun))))
            {
                coveredUntil = i + MinRun;
            }

            covered[i] = i < coveredUntil;
        }

        for (var i = Math.Max(0, output.Length - MinRun + 1); i < output.Length; i++)
        {
            covered[i] = i < coveredUntil;
        }

        var result = new StringBuilder(output.Length);
        for (var i = 0; i < output.Length; i++)
        {
            if (!covered[i])
            {
                result.Append(output[i]);
            }
            else if (i == 0 || !covered[i - 1])
            {
                result.Append(Masked);
            }
        }

        return result.ToString();
    }

    /// <summary>FNV-1a over the characters: a collision only masks a little more.</summary>
    private static ulong Hash(ReadOnlySpan<char> run)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in run)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
