using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Email;

/// <summary>Email templates in the database, one per (name, language); the built-in "default" answers until a
/// template of that name is saved.</summary>
public sealed class TemplateStore
{
    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal TemplateStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }


    /// <summary>A template's sources, from the database, else the built-in one of that name, else null.</summary>
    public async Task<EmailTemplateSource?> GetAsync(string name, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = await _database.QueryAsync("SELECT name, language, subject, html, text FROM email_templates WHERE name = @n AND language = @l",
            r => new EmailTemplateSource(r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)), cancellationToken, ("n", name), ("l", language));
        return rows.Count > 0 ? rows[0] : DefaultTemplates.Get(name, language);
    }

    /// <summary>Every template: the database's, and the built-in ones not overridden.</summary>
    public async Task<IReadOnlyList<EmailTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _database.QueryAsync("SELECT name, language, subject, html, text, updated_at FROM email_templates ORDER BY name, language",
            r => new EmailTemplate(r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), false, r.Time(5)), cancellationToken);
        foreach (var language in new[] { "fr", "en" })
        {
            if (!stored.Any(t => t.Name == DefaultTemplates.Name && t.Language == language) && DefaultTemplates.Get(DefaultTemplates.Name, language) is { } builtIn)
            {
                stored.Add(new EmailTemplate(builtIn.Name, builtIn.Language, builtIn.Subject, builtIn.Html, builtIn.Text, true, null));
            }
        }

        return stored.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Language, StringComparer.Ordinal).ToList();
    }

    /// <summary>Creates or replaces a template (the caller validated it renders).</summary>
    public async Task SaveAsync(string name, string language, SaveTemplateRequest template, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(template);
        if (language is not ("fr" or "en"))
        {
            throw new ArgumentException($"Unknown language '{language}': use fr or en.", nameof(language));
        }

        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null, """
            INSERT INTO email_templates (name, language, subject, html, text, created_at, updated_at) VALUES (@n, @l, @s, @h, @t, @now, @now)
            ON CONFLICT (name, language) DO UPDATE SET subject = excluded.subject, html = excluded.html, text = excluded.text, updated_at = excluded.updated_at
            """, cancellationToken, ("n", name.Trim()), ("l", language), ("s", template.Subject), ("h", template.Html), ("t", template.Text), ("now", now));
    }
}
