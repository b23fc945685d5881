using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// What a console session cookie carries (encrypted and signed with the leader's in-memory keys): the operator's name,
/// the session's own random id (what signing out revokes), the account's session stamp at sign-in, and when the session
/// ends, eight hours after sign-in (<see cref="ConsoleSessions"/>).
/// </summary>
internal sealed record ConsoleTicket(string Name, string SessionId, string Stamp, DateTimeOffset Expires)
{
    private const string SessionClaim = "pryvbus:session";
    private const string StampClaim = "pryvbus:stamp";

    /// <summary>The ticket of an authenticated cookie; null when it lacks a part (never issued by this leader).</summary>
    public static ConsoleTicket? Of(AuthenticateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var principal = result.Succeeded ? result.Principal : null;
        var name = principal?.Identity?.Name;
        var session = principal?.FindFirst(SessionClaim)?.Value;
        var stamp = principal?.FindFirst(StampClaim)?.Value;
        var expires = result.Properties?.ExpiresUtc;
        return name is null || session is null || stamp is null || expires is null ? null : new ConsoleTicket(name, session, stamp, expires.Value);
    }

    /// <summary>The ticket the console gate accepted for this request; null when no operator is signed in.</summary>
    public static ConsoleTicket? Current(HttpContext http) => http.Items.TryGetValue(typeof(ConsoleTicket), out var ticket) ? ticket as ConsoleTicket : null;

    public void Keep(HttpContext http) => http.Items[typeof(ConsoleTicket)] = this;

    public ClaimsPrincipal Principal() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, Name), new Claim(SessionClaim, SessionId), new Claim(StampClaim, Stamp)], ConsoleServices.Scheme));

    /// <summary>A session cookie (gone with the browser) whose ticket ends at <see cref="Expires"/> and is never extended.</summary>
    public AuthenticationProperties Properties(DateTimeOffset now) =>
        new() { IsPersistent = false, AllowRefresh = false, IssuedUtc = now, ExpiresUtc = Expires };
}
