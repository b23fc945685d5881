using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Api;

/// <summary>
/// Who may call an admin route: the admin key of the settings (the bootstrap credential, <see cref="Actor.AdminKey"/>) or
/// an operator's API token (<see cref="OperatorDirectory"/>), with at least the route's role
/// (<see cref="RequiredOperatorRole"/>). 401 without credentials; 403 for a wrong, revoked or disabled one, or a role
/// too low (naming the role needed, never the token). Every presented credential takes a permit of the client's
/// failed-key budget first (<see cref="KeyAttemptLimiter"/>); a failed one is audited (<see cref="FailedCredentials"/>).
/// </summary>
public static class AdminAccess
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var services = http.RequestServices;
        var adminKey = services.GetService<SettingsProvider>()?.Current.Http.EffectiveAdminKey;
        var directory = services.GetService<OperatorDirectory>();
        if (adminKey is null && directory?.HasOperators != true)
        {
            return ApiErrors.Forbidden("the admin API is disabled: set http.adminKey (or PRYVBUS_ADMIN_KEY), or add an operator with `pryvbus-leader users add`");
        }

        var presented = ApiKeys.Presented(http.Request);
        if (presented is null)
        {
            return ApiErrors.Unauthorized("present the admin key or an operator token: Authorization: Bearer <key>");
        }

        var limiter = services.GetRequiredService<KeyAttemptLimiter>();
        if (!limiter.TryAcquire(http))
        {
            return limiter.TooMany(http);
        }

        // Both are checked every time: how long it takes does not tell which one a guess came close to.
        var isAdminKey = ApiKeys.SameKey(adminKey, presented);
        var token = directory?.CheckToken(presented) ?? TokenCheck.Refused(null, "no operators");
        var actor = isAdminKey ? Actor.AdminKey : token.Actor;
        if (actor is null)
        {
            await FailedCredentials.RecordAsync(http, limiter, FailedCredentials.What(token, "wrong admin key or token"));
            return ApiErrors.Forbidden(token.TokenId is null ? "wrong admin key or operator token" : $"token {token.TokenId}: {token.Refusal}");
        }

        limiter.Release(http);
        HttpActor.Set(http, actor);
        var needed = http.GetEndpoint()?.Metadata.GetMetadata<RequiredOperatorRole>()?.Role ?? OperatorRole.Viewer;
        return actor.Can(needed)
            ? await next(context)
            : ApiErrors.Forbidden($"this route needs the {OperatorRoles.Name(needed)} role; {actor.Name} is {OperatorRoles.Name(actor.Role)}");
    }
}
