using Cronos;

namespace CrmReco.Hosting.Jobs;

/// <summary>A Cronos expression in a time zone (daylight saving handled by Cronos: a 02:30 run happens once on
/// both change days).</summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone, string text)
    {
        _expression = expression;
        Zone = zone;
        Text = text;
    }

    public TimeZoneInfo Zone { get; }

    public string Text { get; }

    /// <summary>Parses 5 fields (minute hour day month weekday) or 6 (seconds first).</summary>
    /// <exception cref="FormatException">A bad expression or an unknown time zone, with what was given.</exception>
    public static CronSchedule Parse(string cron, string timeZone)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            throw new FormatException("Cron is empty: give 5 fields (minute hour day month weekday), e.g. '0 3 * * *'.");
        }

        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron, format);
        }
        catch (CronFormatException ex)
        {
            throw new FormatException($"Cron '{cron}' is not a valid cron expression ({ex.Message}); expected 5 fields (minute hour day month weekday), e.g. '0 3 * * *', or 6 with seconds first.", ex);
        }

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new FormatException($"Time zone '{timeZone}' is unknown on this machine; use an IANA id such as 'Europe/Paris' or 'UTC'.", ex);
        }

        return new CronSchedule(expression, zone, cron);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if none (e.g. 30 February).</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone);

    public override string ToString() => $"{Text} ({Zone.Id})";
}
