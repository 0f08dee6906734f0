using System.Threading;
using System.Threading.Tasks;
using XhsGenerated.Scaling;

namespace XhsGenerated.Http.CallPath;

/// <summary><see cref="JustOneApiOptions.DailyCallBudget"/> before each request: one that would exceed the day's budget is not sent.</summary>
internal sealed class BudgetGate
{
    private readonly CallBudget _budget;

    public BudgetGate(CallBudget budget) => _budget = budget;

    /// <summary>Counts the attempt against the day, or refuses it.</summary>
    /// <exception cref="CallBudgetExceededException">The budget is spent.</exception>
    public async ValueTask ConsumeAsync<T>(Call<T> call, CancellationToken cancellationToken)
        where T : JustOneApiResponse
    {
        if (!await _budget.TryConsumeAsync(cancellationToken).ConfigureAwait(false))
        {
            throw call.Last = new CallBudgetExceededException(
                $"{call.Describe()} was not sent: it would exceed the daily call budget of {_budget.Budget} (JustOneApiOptions.DailyCallBudget). Raise it, or wait until 00:00 UTC.",
                call.Details(),
                _budget.Budget);
        }
    }
}
