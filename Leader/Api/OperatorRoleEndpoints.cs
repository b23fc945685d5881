using Microsoft.AspNetCore.Builder;
using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.Api;

public static class OperatorRoleEndpoints
{
    /// <summary>
    /// The route needs at least <paramref name="role"/>. Under <c>/admin</c>, a route without it needs an authenticated
    /// operator of any role (viewer), and may check more in its handler (<see cref="HttpActor"/>).
    /// </summary>
    public static TBuilder RequireOperatorRole<TBuilder>(this TBuilder builder, OperatorRole role)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new RequiredOperatorRole(role));
    }
}
