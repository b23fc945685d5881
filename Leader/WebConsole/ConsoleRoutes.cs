using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// The operator console under <c>/console</c>, served by the leader on the API's addresses (loopback by default):
/// sign-in, convergence (live), roles → history → a version's files → diffs, rollback and unpin, platform values (preview, save), reload, secrets, the audit trail. Every route
/// passes <see cref="ConsoleGate"/>.
/// </summary>
public static class ConsoleRoutes
{
    public static void MapConsole(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var console = app.MapGroup("/console").AddEndpointFilter(ConsoleGate.FilterAsync);
        SignInRoutes.Map(console);
        ConsoleAssets.Map(console);
        ConvergenceRoutes.Map(console);
        RoleRoutes.Map(console);
        ValueRoutes.Map(console);
        ReloadRoutes.Map(console);
        SecretRoutes.Map(console);
        AuditRoutes.Map(console);
    }

    internal static RouteHandlerBuilder Anonymous(this RouteHandlerBuilder route) => route.WithMetadata(ConsoleAnonymous.Instance);

    internal static RouteHandlerBuilder Needs(this RouteHandlerBuilder route, Accounts.OperatorRole role) => route.WithMetadata(new ConsoleRole(role));
}
