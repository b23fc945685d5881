using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Api;

public static class ApiEndpoints
{
    /// <summary>Every route of the leader's HTTP API, with JSON errors and no stack traces.</summary>
    public static WebApplication MapPryvBusApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            var bad = context.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException;
            context.Response.StatusCode = bad ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new ErrorAnswer(bad ? "malformed request" : "internal error (see the leader's log)"), ApiJsonContext.Default.ErrorAnswer);
        }));
        app.UseStatusCodePages(async context =>
        {
            if (!context.HttpContext.Response.HasStarted && context.HttpContext.Response.ContentLength is null)
            {
                await context.HttpContext.Response.WriteAsJsonAsync(new ErrorAnswer($"HTTP {context.HttpContext.Response.StatusCode}"), ApiJsonContext.Default.ErrorAnswer);
            }
        });
        // /metrics names every follower and role: the read level, like /status.
        app.Use(async (context, next) =>
        {
            var services = context.RequestServices;
            if (context.Request.Path.StartsWithSegments("/metrics")
                && await ReadAccess.CheckAsync(context, services.GetRequiredService<SettingsProvider>().Current.Http, services.GetRequiredService<KeyAttemptLimiter>()) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapConf();
        app.MapStatus();
        app.MapAdmin();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<LeaderMetrics>().Registry);
        return app;
    }
}
