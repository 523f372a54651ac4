using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmReco.Core.Backup;

/// <summary>How the payload of a backup was made.</summary>
public static class BackupMethods
{
    /// <summary>SQLite's online backup API: a page-by-page copy, consistent while the application writes.</summary>
    public const string SqliteOnlineBackup = "sqlite-online-backup";

    /// <summary><c>pg_dump -Fc</c> of the schema, restored with <c>pg_restore</c>.</summary>
    public const string PgDump = "pg_dump";

    /// <summary>Every table through the COPY protocol (binary), when pg_dump is not installed; restored into the
    /// schema version the manifest names.</summary>
    public const string PostgresCopy = "postgres-copy";
}

/// <summary>The manifest.json of a backup archive: what it holds and how to check it.</summary>
/// <param name="Format">Always <see cref="CurrentFormat"/>.</param>
/// <param name="Provider">sqlite or postgresql: the kind of database it restores into.</param>
/// <param name="Method">One of <see cref="BackupMethods"/>.</param>
/// <param name="Tool">The tool and its version, e.g. "pg_dump (PostgreSQL) 16.4", or "SQLite 3.46.1".</param>
/// <param name="SchemaVersion">The database's schema version (schema_migrations) at backup time.</param>
/// <param name="Tables">Rows per table, counted in the same snapshot as the payload.</param>
/// <param name="Payload">The archive entry holding the data.</param>
/// <param name="PayloadBytes">Its length.</param>
/// <param name="PayloadSha256">Its SHA-256, lower-case hexadecimal.</param>
public sealed record BackupManifest(
    string Format,
    DateTimeOffset CreatedAt,
    string Provider,
    string Method,
    string Tool,
    int SchemaVersion,
    IReadOnlyDictionary<string, long> Tables,
    string Payload,
    long PayloadBytes,
    string PayloadSha256)
{
    public const string CurrentFormat = "crmreco-backup/1";

    /// <summary>The archive entry of the manifest.</summary>
    public const string EntryName = "manifest.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    [JsonIgnore]
    public long TotalRows => Tables.Values.Sum();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BackupManifest Parse(string json)
    {
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new BackupFormatException($"its {EntryName} is not valid JSON ({ex.Message}).", ex);
        }

        if (manifest is null || manifest.Format != CurrentFormat || manifest.Tables is null || string.IsNullOrEmpty(manifest.Payload) || string.IsNullOrEmpty(manifest.PayloadSha256))
        {
            throw new BackupFormatException($"its {EntryName} is not a {CurrentFormat} manifest.");
        }

        return manifest;
    }
}

/// <summary>A backup file that cannot be used: truncated, corrupted, or not a CrmReco backup. The message says which
/// and is meant for the person running the command.</summary>
public sealed class BackupFormatException : Exception
{
    public BackupFormatException()
    {
    }

    public BackupFormatException(string message)
        : base(message)
    {
    }

    public BackupFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
