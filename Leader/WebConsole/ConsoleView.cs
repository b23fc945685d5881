using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Api;

namespace PryvBus.Leader.WebConsole;

/// <summary>Renders a console page (a Razor component, server-side) with the signed-in operator and a fresh form token.</summary>
internal static class ConsoleView
{
    // removed when the console is plain HTML (wip/s23-console)
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The Razor console, until it is plain HTML (wip/s23-console).")]
    [UnconditionalSuppressMessage("Trimming", "IL2091", Justification = "The Razor console, until it is plain HTML (wip/s23-console).")]
    public static RazorComponentResult Page<TPage>(HttpContext http, object parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        var values = parameters.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(parameters));
        values["Context"] = ContextOf(http);
        return new RazorComponentResult<TPage>(values) { StatusCode = status };
    }

    public static ConsoleContext ContextOf(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var signedIn = http.Items.ContainsKey(typeof(Accounts.Actor)) ? HttpActor.Get(http) : null;
        return new ConsoleContext(signedIn, tokens.FormFieldName, tokens.RequestToken ?? string.Empty);
    }

    /// <summary>A short message page (a refusal or an outcome), never a stack trace.</summary>
    public static RazorComponentResult Message(HttpContext http, string title, string message, int status, string? back = null) =>
        Page<Pages.MessagePage>(http, new { Title = title, Message = message, Back = back }, status);
}
