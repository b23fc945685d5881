using Microsoft.Playwright;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, installed by <c>./pryvbus.sh test</c>) driven by Playwright: headless,
/// no sandbox (tests run as root), no background networking (the machine's network is closed), a fresh profile. No
/// browser is ever downloaded. Screenshots go to <c>TestResults/console/</c> as the tests' artifacts.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder => Path.Combine(RepositoryRoot.Path, "TestResults", "console");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run ./pryvbus.sh test (it installs Debian's chromium)");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (its own cookies) on the leader's address.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout(30_000); // A deadline for slow, loaded machines, not a timing assertion.
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
