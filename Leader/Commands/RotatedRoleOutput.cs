namespace PryvBus.Leader.Commands;

/// <summary>A role stored after a rotation.</summary>
internal sealed record RotatedRoleOutput(string Role, long Serial);
