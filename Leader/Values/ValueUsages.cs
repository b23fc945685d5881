using System.Collections.Concurrent;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>
/// The value usage the values API and the console show, from one renderer kept for the leader's life: a listing reads
/// again only the templates that changed since the last one and renders again only the files whose inputs changed
/// (<see cref="TemplateRenderer"/>'s cache, the one the pipeline's renders rely on), instead of every role from scratch
/// on every request. Offline as <see cref="ValueUsage.Of(LeaderSettings)"/> (no Redis, no state folder), with one
/// generated stand-in per secret spec kept as well, so that a file reading a secret is reused too.
/// </summary>
public sealed class ValueUsages
{
    /// <summary>Stand-ins kept at most (specs edited again and again): beyond, they are generated anew.</summary>
    private const int MaxStandIns = 1024;

    private readonly TemplateRenderer _renderer = new();
    private readonly ConcurrentDictionary<SecretSpec, string> _standIns = new();

    public ValueUsage Of(LeaderSettings settings) => ValueUsage.Of(settings, _renderer, s => SecretResolver.Offline(s, StandIn));

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
