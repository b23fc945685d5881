using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Paths;

namespace PryvBus.Follower.Compose;

/// <summary>
/// The mask for what the compose tool prints: built from the files of the applied version that hold secrets (the
/// manifest's <c>secret</c> flags, the signed <c>secretFiles</c> of that version), read from the config root. The
/// compose step runs after the files are applied, so these are the files compose reads.
/// </summary>
internal static class AppliedSecrets
{
    public static OutputMask Mask(string configRoot)
    {
        var manifest = new ManifestStore(configRoot, new AtomicFileWriter(new FileSettings()), NullLogger.Instance).ReadApplied();
        var paths = manifest?.Files.Where(f => f.Value.Secret && ConfigPath.Problem(f.Key) is null).Select(f => Path.Combine(configRoot, f.Key)).ToList() ?? [];
        if (paths.Count == 0)
        {
            return OutputMask.None;
        }

        var contents = new List<byte[]>();
        long total = 0;
        foreach (var path in paths)
        {
            try
            {
                total += new FileInfo(path).Length;
                if (total > OutputMask.MaxIndexedChars * 4L)
                {
                    return OutputMask.WithholdAll;
                }

                contents.Add(File.ReadAllBytes(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable: compose cannot have read it either.
            }
        }

        return OutputMask.Of(contents);
    }
}
