namespace PryvBus.Follower.Containers;

/// <summary>A container of a component as Docker listed it (State is Docker's: running, exited, created, ...).</summary>
public sealed record LocatedContainer(string Id, string Name, string Component, string State);
