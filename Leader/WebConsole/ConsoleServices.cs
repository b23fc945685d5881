using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// The console's services (its pages are plain HTML written by <see cref="Pages.ConsoleHtml"/>): a session cookie (<c>__Host-</c> prefixed: Secure, Path=/,
/// no Domain; HttpOnly; SameSite=Strict; 8 hours from sign-in, never extended, checked on the server: <see cref="ConsoleSessions"/>), form tokens against cross-site requests, and keys that live
/// in memory only (a leader restart signs everyone out; nothing to leak from disk).
/// </summary>
public static class ConsoleServices
{
    public const string Scheme = "pryvbus-console";

    public static IServiceCollection AddPryvBusConsole(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(options =>
        {
            // The form cookie alone grants nothing (it must pair with the page's token and the session): Secure when the
            // request is (the framework refuses Always over plain HTTP, which loopback addresses use by default).
            options.Cookie.Name = "pryvbus-form";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "form-token";
            options.HeaderName = null;
        });
        services.AddAuthentication(Scheme).AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "__Host-pryvbus-session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = ConsoleSessions.Lifetime;
            options.SlidingExpiration = false;
            // The gate decides (a redirect for pages); the handler never redirects on its own.
            options.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            options.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        // The keys are the ephemeral provider's: no key manager may write a key ring to disk, and the framework's hosted
        // service that warms the (unused) default key ring at start is not run (it wrote a key under $HOME and loaded the
        // XML stack: ConsoleKeysTests).
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new MemoryKeyRepository());
        foreach (var warmUp in services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToArray())
        {
            services.Remove(warmUp);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IOperatorSignIn, AccountsSignIn>();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<ConvergenceFeed>();
        services.AddSingleton<FeedStreams>();
        return services;
    }
}
