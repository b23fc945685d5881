using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Api;

/// <summary>
/// <c>GET /conf/{role}</c> (the seed's route): the role's current version for the follower whose key is presented.
/// No key: 401; an unknown key: 401, counted against the client (<see cref="KeyAttemptLimiter"/>) and audited
/// (<see cref="FailedCredentials"/>); a key of another role: 403.
/// </summary>
public static class ConfRoutes
{
    public static void MapConf(this IEndpointRouteBuilder app)
    {
        app.MapGet("/conf/{role}", async (string role, HttpContext context, KeyAttemptLimiter limiter, SettingsProvider settings, IConnectionMultiplexer redis) =>
        {
            var key = ApiKeys.Presented(context.Request);
            if (key is null)
            {
                return ApiErrors.Unauthorized("present your follower key: Authorization: Bearer <key>");
            }

            if (!limiter.TryAcquire(context))
            {
                return limiter.TooMany(context);
            }

            var current = settings.Current;
            var follower = ApiKeys.FollowerOf(current.Followers, key);
            if (follower is null)
            {
                // The permit stays taken: an unknown key is a guess.
                await FailedCredentials.RecordAsync(context, limiter, "unknown follower key");
                return ApiErrors.Unauthorized("unknown key");
            }

            limiter.Release(context);

            if (follower.Role != role)
            {
                return ApiErrors.Forbidden($"follower {follower.Id} may only read role {follower.Role}");
            }

            var version = await new VersionStore(redis, current.Keys, current.HistoryLength).ReadAsync(role);
            if (version is null)
            {
                return ApiErrors.NotFound($"role {role} has no version yet");
            }

            return Results.Json(
                new ConfAnswer(
                    role,
                    version.Generation,
                    version.Serial,
                    version.Sha256,
                    version.Meta.GetValueOrDefault(MetaFields.Signature(follower.Id)),

                    // The exact signed text of the role's reload actions and checks (signature format 3); null when none.
                    version.Meta.GetValueOrDefault(MetaFields.Components),
                    version.SecretFiles.Order(StringComparer.Ordinal),
                    version.Files.Where(f => !TemplateFiles.IsBinary(f.Value))
                        .ToDictionary(f => f.Key, f => System.Text.Encoding.UTF8.GetString(f.Value), StringComparer.Ordinal),
                    version.Files.Where(f => TemplateFiles.IsBinary(f.Value))
                        .ToDictionary(f => f.Key, f => Convert.ToBase64String(f.Value), StringComparer.Ordinal)),
                ApiJsonContext.Default.ConfAnswer);
        });
    }
}
