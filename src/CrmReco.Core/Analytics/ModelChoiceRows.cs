using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Analytics;

/// <summary>Writes a run's <see cref="ModelChoice"/> (sql/*/008_model_choice.sql) inside the run's transaction.</summary>
internal static class ModelChoiceRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task SaveAsync(SqlDatabase database, DbConnection connection, DbTransaction transaction, long runId, AnalyticsResult result, CancellationToken cancellationToken)
    {
        if (result.ModelChoice is not { } choice || result.Lifetime is not { } model)
        {
            return;
        }

        object parameters = (object?)model.ParetoNbd ?? (object?)model.MbgNbd ?? model.BgNbd!;
        await SqlDatabase.ExecuteAsync(connection, transaction, """
            INSERT INTO analytics_model_choices (run_id, model, status, p_alive_method, boundary, reason, parameters, calibration_end, holdout_days, calibration_customers)
            VALUES (@run, @model, @status, @method, @boundary, @reason, @parameters, @calibration, @holdout, @customers)
            """, cancellationToken,
            ("run", runId), ("model", model.Code), ("status", choice.Status), ("method", choice.ProbabilityAliveMethod), ("boundary", choice.Boundary),
            ("reason", choice.Reason), ("parameters", JsonSerializer.Serialize(parameters, Json)),
            ("calibration", choice.CalibrationEnd is { } end ? AsDate(database, end) : null), ("holdout", choice.HoldoutDays), ("customers", choice.CalibrationCustomers));
        foreach (var c in choice.Candidates)
        {
            await SqlDatabase.ExecuteAsync(connection, transaction, """
                INSERT INTO analytics_model_candidates (run_id, model, mean_absolute_error, aggregate_error, predicted, actual, log_likelihood, boundary, error)
                VALUES (@run, @model, @mae, @aggregate, @predicted, @actual, @ll, @boundary, @error)
                """, cancellationToken,
                ("run", runId), ("model", c.Model), ("mae", Finite(c.MeanAbsoluteError)), ("aggregate", Finite(c.AggregateError)), ("predicted", Finite(c.Predicted)),
                ("actual", c.Actual), ("ll", Finite(c.LogLikelihood)), ("boundary", c.Boundary), ("error", c.Error));
        }
    }

    private static object AsDate(SqlDatabase database, DateOnly date) =>
        database.Provider == DatabaseProvider.Sqlite ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date;

    private static object? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
