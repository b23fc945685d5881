using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// The console's services: server-rendered Razor components, a session cookie (<c>__Host-</c> prefixed: Secure, Path=/,
/// no Domain; HttpOnly; SameSite=Strict; 8 hours, sliding), form tokens against cross-site requests, and keys that live
/// in memory only (a leader restart signs everyone out; nothing to leak from disk).
/// </summary>
public static class ConsoleServices
{
    public const string Scheme = "pryvbus-console";

    // removed when the console is plain HTML (wip/s23-console)
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The Razor console, until it is plain HTML (wip/s23-console).")]
    public static IServiceCollection AddPryvBusConsole(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRazorComponents();
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
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
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

        services.AddSingleton<IOperatorSignIn, AccountsSignIn>();
        services.AddSingleton<ConvergenceFeed>();
        return services;
    }
}
