using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.Api;

/// <summary>The actor the admin filter authenticated for this request (the admin key when nothing more precise is known).</summary>
public static class HttpActor
{
    public static Actor Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[typeof(Actor)] as Actor ?? Actor.AdminKey;
    }

    public static void Set(HttpContext context, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[typeof(Actor)] = actor;
    }
}
