using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>One follower of a fleet: who it is, the root it writes and its settings file.</summary>
internal sealed record FleetMember(int Index, FollowerIdentity Identity, string Root, string ConfigPath);
