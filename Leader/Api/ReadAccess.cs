using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Api;

/// <summary>
/// The read level of the API: <c>/status</c>, <c>/metrics</c> and the details of <c>/health</c> need
/// <c>http.statusKey</c> or the admin key. Every presented key takes a permit of the client's budget before it is
/// compared (<see cref="KeyAttemptLimiter"/>); a right one gives it back.
/// </summary>
public static class ReadAccess
{
    /// <summary>Null when the request may read details; otherwise the refusal to send.</summary>
    public static IResult? Check(HttpContext context, HttpSettings http, KeyAttemptLimiter limiter)
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
        if (http.StatusKey is null && admin is null)
        {
            limiter.Release(context);
            return ApiErrors.Forbidden("details are disabled: set http.statusKey (or the admin key)");
        }

        // Both are compared, so the time taken does not tell which key a guess came close to.
        var status = ApiKeys.SameKey(http.StatusKey, presented);
        var isAdmin = ApiKeys.SameKey(admin, presented);
        if (status || isAdmin)
        {
            limiter.Release(context);
            return null;
        }

        return ApiErrors.Forbidden("wrong key");
    }
}
