using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.Api;

/// <summary>Endpoint metadata: the least role an operator needs for the route (read by <see cref="AdminAccess"/>).</summary>
public sealed record RequiredOperatorRole(OperatorRole Role);
