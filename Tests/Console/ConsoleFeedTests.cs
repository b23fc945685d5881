using System.Net;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Console;

/// <summary>
/// The live convergence feed (<c>/console/events/convergence</c>, server-sent events) lives no longer than its session,
/// and one operator holds at most four at once.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleFeedTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Feed = "/console/events/convergence";

    [Theory]
    [InlineData("removed")]
    [InlineData("signed out")]
    public async Task Feed_SessionEnds_StreamEnds(string how)
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var browser = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await browser.SignInAsync("val", ConsoleScenario.Password);
        await browser.GetAsync("/console");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var feed = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        feed.CopyCookiesFrom(browser);
        using var response = await feed.OpenAsync(Feed, deadline.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        (await NextDataAsync(reader, deadline.Token)).Should().Contain("\"followers\"");

        if (how == "removed")
        {
            await scenario.RemoveOperatorAsync("val");
        }
        else
        {
            await browser.PostAsync("/console/logout");
        }

        // A new version changes the rows: a feed that outlived its session would send them.
        await scenario.RenderGreetingAsync("second {{ GREETING }}");
        var rest = new List<string>();
        while (await NextDataAsync(reader, deadline.Token) is { } data)
        {
            rest.Add(data);
        }

        rest.Should().NotContain(d => d.Contains("\"followers\"", StringComparison.Ordinal), "no row after the session ended");
        rest.Should().ContainSingle().Which.Should().Contain("session has ended");
    }

    [Fact]
    public async Task Feed_FifthAtOnceForOneOperator_Refused429UntilOneCloses()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var val = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await val.SignInAsync("val", ConsoleScenario.Password);
        using var eve = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await eve.SignInAsync("eve", ConsoleScenario.Password);
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                open.Add(await val.OpenAsync(Feed));
            }

            using var fifth = await val.OpenAsync(Feed);
            using var others = await eve.OpenAsync(Feed);

            open.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
            fifth.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            others.StatusCode.Should().Be(HttpStatusCode.OK, "the limit is per operator");

            open[0].Dispose();
            await Wait.UntilAsync(
                async () =>
                {
                    var next = await val.OpenAsync(Feed);
                    if (next.StatusCode == HttpStatusCode.OK)
                    {
                        open[0] = next;
                        return true;
                    }

                    next.Dispose();
                    return false;
                },
                TimeSpan.FromSeconds(15),
                "a closed feed's place to be given back");
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    /// <summary>The data of the next event; null when the stream ended.</summary>
    private static async Task<string?> NextDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        return null;
    }
}
