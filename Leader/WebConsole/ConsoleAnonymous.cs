namespace PryvBus.Leader.WebConsole;

/// <summary>Endpoint metadata: the route is open before signing in (the sign-in page and the console's assets).</summary>
public sealed class ConsoleAnonymous
{
    public static ConsoleAnonymous Instance { get; } = new();
}
