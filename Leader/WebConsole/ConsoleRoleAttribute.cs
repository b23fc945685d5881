using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>Endpoint metadata: the least role a console route needs (viewer when absent).</summary>
public sealed record ConsoleRole(OperatorRole Needed);
