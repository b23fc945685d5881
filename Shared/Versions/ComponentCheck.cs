namespace PryvBus.Shared.Versions;

/// <summary>A command run against a component's staged new files, in a throwaway container of its image, before they replace the live ones.</summary>
public sealed record ComponentCheck(IReadOnlyList<string> Command, int TimeoutSeconds);
