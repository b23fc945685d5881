using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Api;
using PryvBus.Leader.WebConsole.Pages;

namespace PryvBus.Leader.WebConsole;

/// <summary>What a console page is shown with: the signed-in operator and a fresh form token of this browser.</summary>
internal static class ConsoleView
{
    public static ConsoleContext ContextOf(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var signedIn = http.Items.ContainsKey(typeof(Accounts.Actor)) ? HttpActor.Get(http) : null;
        return new ConsoleContext(signedIn, tokens.FormFieldName, tokens.RequestToken ?? string.Empty);
    }

    /// <summary>A short message page (a refusal or an outcome), never a stack trace.</summary>
    public static IResult Message(HttpContext http, string title, string message, int status, string? back = null) =>
        MessagePage.Show(ContextOf(http), title, message, status, back);
}
