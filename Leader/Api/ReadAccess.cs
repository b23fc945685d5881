using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Api;

/// <summary>
/// The read level of the API: <c>/status</c>, <c>/metrics</c> and the details of <c>/health</c> need
/// <c>http.statusKey</c>, the admin key, or an operator token of any role (viewer and up). Every presented key takes a permit of the client's budget before it is
/// compared (<see cref="KeyAttemptLimiter"/>); a right one gives it back, a wrong one is audited
/// (<see cref="FailedCredentials"/>).
/// </summary>
public static class ReadAccess
{
    /// <summary>Null when the request may read details; otherwise the refusal to send.</summary>
    public static async Task<IResult?> CheckAsync(HttpContext context, HttpSettings http, KeyAttemptLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(limiter);
        var presented = ApiKeys.Presented(context.Request);
        if (presented is null)
        {
            return ApiErrors.Unauthorized("present the status key (or the admin key): Authorization: Bearer <key>");
        }

        if (!limiter.TryAcquire(context))
        {
            return limiter.TooMany(context);
        }

        var admin = http.EffectiveAdminKey;
        var operators = context.RequestServices.GetService<OperatorDirectory>();
        if (http.StatusKey is null && admin is null && operators?.HasOperators != true)
        {
            limiter.Release(context);
            return ApiErrors.Forbidden("details are disabled: set http.statusKey (or the admin key, or add an operator)");
        }

        // All are compared, so the time taken does not tell which key a guess came close to.
        var status = ApiKeys.SameKey(http.StatusKey, presented);
        var isAdmin = ApiKeys.SameKey(admin, presented);
        var token = operators?.CheckToken(presented);
        if (status || isAdmin || token?.Actor is not null)
        {
            limiter.Release(context);
            return null;
        }

        await FailedCredentials.RecordAsync(context, limiter, FailedCredentials.What(token, "wrong key"));
        return ApiErrors.Forbidden("wrong key");
    }
}
