using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>
/// The value usage the values API and the console show, from a renderer kept across requests: its cache (a second one,
/// beside the pipeline's) reads again only the templates that changed since the last listing and renders again only
/// the files whose inputs changed, instead of every role from scratch on every request. Offline as
/// <see cref="ValueUsage.Of(LeaderSettings)"/> (no Redis, no state folder), with one generated stand-in per secret spec
/// kept as well, so that a file reading a secret is reused too. The renderer is dropped, and a new one started, when a
/// sensitive value changed: what it kept of the old one (rendered files, fingerprints) is not kept beyond that listing.
/// </summary>
public sealed class ValueUsages
{
    /// <summary>Stand-ins kept at most (specs edited again and again): beyond, they are generated anew.</summary>
    private const int MaxStandIns = 1024;

    private readonly ConcurrentDictionary<SecretSpec, string> _standIns = new();
    private readonly Lock _gate = new();
    private byte[] _sensitive = [];
    private TemplateRenderer _renderer = new();

    public ValueUsage Of(LeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sensitive = SensitiveDigest(settings);
        TemplateRenderer renderer;
        lock (_gate)
        {
            if (!_sensitive.AsSpan().SequenceEqual(sensitive))
            {
                (_sensitive, _renderer) = (sensitive, new TemplateRenderer());
            }

            renderer = _renderer;
        }

        return ValueUsage.Of(settings, renderer, s => SecretResolver.Offline(s, StandIn));
    }

    /// <summary>A digest of the sensitive values (names and values), to tell when one changed without keeping them.</summary>
    private static byte[] SensitiveDigest(LeaderSettings settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var value in settings.Platform.Values.Where(v => v.Sensitive).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value.Name + "\0" + value.Value.GetRawText() + "\0"));
        }

        return hash.GetHashAndReset();
    }

    private string StandIn(SecretSpec spec)
    {
        if (_standIns.TryGetValue(spec, out var known))
        {
            return known;
        }

        if (_standIns.Count >= MaxStandIns)
        {
            _standIns.Clear();
        }

        return _standIns.GetOrAdd(spec, SecretGenerator.Generate(spec));
    }
}
