using PryvBus.Follower.Containers;

namespace PryvBus.Follower.Policy;

/// <summary>
/// Why the compose policy refuses a <c>pryv.yml</c>: the service (null for a top-level section), the rule it breaks as
/// written in the file, and how an operator allows it (a setting of this follower, never of the leader).
/// </summary>
public sealed record ComposeRefusal(string? Service, string Rule, string Allow)
{
    public override string ToString() =>
        $"{ComponentSelection.RootFile}: {(Service is null ? string.Empty : "service " + Service + ": ")}{Rule} is refused by this follower's compose policy ({Allow})";
}
