using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// In front of every console route: reads the session cookie and checks the session on the server (<see cref="ConsoleSessions"/>:
/// its age, signed out or not, the account's session stamp) and the operator's role now (a disabled or demoted operator
/// is out at once), sends a browser without a session to the sign-in page, refuses a role
/// below the route's (<see cref="ConsoleRole"/>), and refuses any form posted without this browser's form token.
/// </summary>
internal static class ConsoleGate
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        SecurityHeaders.Add(http.Response);
        var metadata = http.GetEndpoint()?.Metadata;
        var anonymous = metadata?.GetMetadata<ConsoleAnonymous>() is not null;
        var signedIn = await CurrentOperatorAsync(http);
        if (signedIn is not null)
        {
            HttpActor.Set(http, signedIn);
        }

        if (HttpMethods.IsPost(http.Request.Method) && !await ValidFormAsync(http))
        {
            return ConsoleView.Message(http, "Form refused", "This form did not come from this console page (or it expired): reload the page and try again.", StatusCodes.Status400BadRequest, "/console");
        }

        if (anonymous)
        {
            return await next(context);
        }

        if (signedIn is null)
        {
            return HttpMethods.IsGet(http.Request.Method) ? Results.Redirect("/console/login") : Results.Unauthorized();
        }

        var needed = metadata?.GetMetadata<ConsoleRole>()?.Needed ?? OperatorRole.Viewer;
        if (!signedIn.Can(needed))
        {
            return ConsoleView.Message(http, "Not allowed", $"This needs the {needed.ToString().ToLowerInvariant()} role; you are {signedIn.Role.ToString().ToLowerInvariant()}.", StatusCodes.Status403Forbidden, "/console");
        }

        return await next(context);
    }

    private static async Task<Actor?> CurrentOperatorAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(ConsoleServices.Scheme);
        if (!result.Succeeded)
        {
            return null;
        }

        var ticket = ConsoleTicket.Of(result);
        var current = ticket is null ? null : http.RequestServices.GetRequiredService<ConsoleSessions>().Check(ticket);
        if (current is null)
        {
            await http.SignOutAsync(ConsoleServices.Scheme);
            return null;
        }

        // The form token is bound to the signed-in session: the principal must be the request's user before it is checked.
        http.User = result.Principal!;
        ticket!.Keep(http);
        return current with { Source = "console" };
    }

    private static async Task<bool> ValidFormAsync(HttpContext http)
    {
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Not a form post (no form content type): nothing to validate against.
            return false;
        }
    }
}
