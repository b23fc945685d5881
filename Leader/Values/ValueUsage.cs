using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>
/// Which templates (and so which roles) use each platform value, as <c>describe</c> shows it: every role rendered
/// offline (no Redis, secrets stood in for), nothing stored.
/// </summary>
public sealed class ValueUsage
{
    private readonly IReadOnlyList<RoleRender> _renders;

    private ValueUsage(IReadOnlyList<RoleRender> renders) => _renders = renders;

    public static ValueUsage Of(LeaderSettings settings) => Of(settings, new TemplateRenderer(), SecretResolver.Offline);

    /// <summary>
    /// The same with <paramref name="renderer"/>, which reuses what it rendered before, and each role's secrets from
    /// <paramref name="secrets"/> (<see cref="ValueUsages"/>).
    /// </summary>
    public static ValueUsage Of(LeaderSettings settings, TemplateRenderer renderer, Func<LeaderSettings, SecretResolver> secrets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(secrets);
        return new ValueUsage([.. settings.Roles().Select(role => renderer.Render(settings, role, secrets(settings)))]);
    }

    public IReadOnlyList<RoleRender> Renders => _renders;

    /// <summary>The template files using the value, sorted.</summary>
    public string[] Files(string name) => Of(_renders.Select(r => r.ValuesUsed), name);

    /// <summary>The roles whose templates use the value, sorted.</summary>
    public string[] Roles(string name) => [.. _renders.Where(r => r.ValuesUsed.ContainsKey(name)).Select(r => r.Role).Order(StringComparer.Ordinal)];

    /// <summary>The files using <paramref name="name"/> in any of <paramref name="usages"/> (values or secrets), sorted.</summary>
    public static string[] Of(IEnumerable<IReadOnlyDictionary<string, IReadOnlyCollection<string>>> usages, string name) =>
        usages.SelectMany(u => u.TryGetValue(name, out var files) ? files : Enumerable.Empty<string>()).Order(StringComparer.Ordinal).ToArray();
}
