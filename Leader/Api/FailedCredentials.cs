using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;

namespace PryvBus.Leader.Api;

/// <summary>
/// Records a presented credential that was compared and refused (<c>auth.failed</c>): what was wrong (the token id when
/// the value was shaped like a token, never the value), the client address through the trusted proxies, the route. Only
/// a guess that took a permit of the client's budget is recorded (<see cref="KeyAttemptLimiter"/>): a client over its
/// budget is refused before any comparison and adds nothing, so the trail grows no faster than guesses are allowed.
/// </summary>
public static class FailedCredentials
{
    public static Task RecordAsync(HttpContext http, KeyAttemptLimiter limiter, string what)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(limiter);
        var audit = http.RequestServices.GetService<IAuditTrail>();
        if (audit is null)
        {
            return Task.CompletedTask;
        }

        var detail = $"{what} from {limiter.AddressOf(http)} ({http.Request.Method} {http.Request.Path})";
        return audit.RecordAsync(new AuditEntry("auth.failed", new Actor("unknown", OperatorRole.Viewer, "api"), Detail: detail));
    }

    /// <summary>What was wrong with a refused credential: the token's id and why when it was shaped like one.</summary>
    public static string What(TokenCheck? token, string otherwise) =>
        token?.TokenId is null ? otherwise : $"token {token.TokenId}: {token.Refusal}";
}
