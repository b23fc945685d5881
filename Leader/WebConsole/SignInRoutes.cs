using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Audit;
using PryvBus.Leader.WebConsole.Pages;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// <c>/console/login</c> and <c>/console/logout</c>. Failed sign-ins count against the client address like failed API
/// keys (<see cref="KeyAttemptLimiter"/>) and against the account (its lockout, in the accounts); every refusal shows
/// the same words, and is audited (<c>login.failed</c>) under the name typed only when it is an operator's. Signing in starts a session of <see cref="ConsoleSessions"/>; signing out ends it on the server.
/// </summary>
internal static class SignInRoutes
{
    /// <summary>The actor of a failed sign-in whose name is no operator's (a password typed into the name box, say).</summary>
    public const string UnknownName = "(unknown name)";

    private const int MaxField = 256;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/login", (HttpContext http) => LoginPage.Show(ConsoleView.ContextOf(http))).Anonymous();

        console.MapPost("/login", async (HttpContext http, IOperatorSignIn accounts, ConsoleSessions sessions, KeyAttemptLimiter limiter, IAuditTrail audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var name = form["name"].ToString();
            var password = form["password"].ToString();
            if (name.Length is 0 or > MaxField || password.Length is 0 or > MaxField)
            {
                return LoginPage.Show(ConsoleView.ContextOf(http), "Enter your operator name and password.", name.Length > MaxField ? null : name, StatusCodes.Status400BadRequest);
            }

            if (!limiter.TryAcquire(http))
            {
                return LoginPage.Show(ConsoleView.ContextOf(http), "Too many failed attempts from this address: wait a minute.", name, StatusCodes.Status429TooManyRequests);
            }

            var client = limiter.AddressOf(http);
            var outcome = await accounts.CheckPasswordAsync(name, password, client, http.RequestAborted);
            if (outcome.Operator is not { } signedIn)
            {
                // The trail is hash-chained and kept: what was typed is recorded only when it names an operator.
                var who = OperatorNames.IsValid(name) && accounts.Exists(name) ? name : UnknownName;
                await audit.RecordAsync(new AuditEntry("login.failed", new Actor(who, OperatorRole.Viewer, "console"), Detail: $"from {client}"));
                return LoginPage.Show(ConsoleView.ContextOf(http), outcome.Refusal ?? "Wrong operator name or password.", name, StatusCodes.Status401Unauthorized);
            }

            limiter.Release(http);
            var ticket = sessions.Start(signedIn, outcome.SessionStamp!);
            await http.SignInAsync(ConsoleServices.Scheme, ticket.Principal(), ticket.Properties(sessions.Now));
            await audit.RecordAsync(new AuditEntry("login", signedIn with { Source = "console" }));
            return Results.Redirect("/console");
        }).Anonymous();

        console.MapPost("/logout", async (HttpContext http, ConsoleSessions sessions, IAuditTrail audit) =>
        {
            if (ConsoleTicket.Current(http) is { } ticket)
            {
                // Ended on the server: a copy of the cookie is refused too, not only the browser's that is deleted here.
                sessions.End(ticket);
                await audit.RecordAsync(new AuditEntry("logout", HttpActor.Get(http)));
            }

            await http.SignOutAsync(ConsoleServices.Scheme);
            return Results.Redirect("/console/login");
        }).Anonymous();
    }
}
