using Spectre.Console;

namespace Xhs.Cli.Harvest;

/// <summary>The whole run's progress on standard error: a Spectre display on a terminal (the run, and the keywords in flight), one line per page otherwise.</summary>
internal static class HarvestProgress
{
    /// <summary>The rate in force, when it backs off below the ceiling after a 302: <c> (rate 6.3/s of 10, backing off after 302)</c>.</summary>
    private static string Rate(XhsGenerated.Http.JustOneApiTransport transport, double? ceiling)
        => transport.CurrentRequestsPerSecond is { } now && ceiling is { } max && now < max * 0.999
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (rate {now:0.#}/s of {max:0.#}, backing off after 302)")
            : "";

    public static async Task<HarvestSummary> RunAsync(HarvestRun run, XhsGenerated.Http.JustOneApiTransport transport, double? ceiling, CancellationToken stop, CancellationToken abort)
    {
        if (Console.IsErrorRedirected)
        {
            run.PageStored += (keyword, page, users) => Console.Error.WriteLine($"{UserWriter.ForTerminal(keyword)} page {page}: {users} users{Rate(transport, ceiling)}");
            return await run.RunAsync(_ => { }, stop, abort).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        HarvestSummary? summary = null;
        await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).StartAsync(async context =>
        {
            var total = context.AddTask("Pages stored", maxValue: run.TotalPages);
            var current = context.AddTask("In flight", maxValue: 1).IsIndeterminate();
            run.PageStored += (_, _, _) =>
            {
                total.Increment(1);
                current.Description = "In flight: " + Markup.Escape(UserWriter.ForTerminal(string.Join(", ", run.InFlight.Select(p => $"{p.Key} p{p.Value}").Take(4))) + Rate(transport, ceiling));
            };
            summary = await run.RunAsync(done => total.Value = done, stop, abort).ConfigureAwait(false);
            current.Description = "Done";
            current.StopTask();
        }).ConfigureAwait(false);
        return summary!;
    }
}
