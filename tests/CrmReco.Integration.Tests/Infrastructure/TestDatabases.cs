using Npgsql;

namespace CrmReco.Integration.Tests.Infrastructure;

/// <summary>A test that needs the real PostgreSQL started by test.sh (CRMRECO_TEST_PG). Skipped locally when
/// it is absent; in CI (CI=true) it runs and fails instead, so a missing database is never a silent pass.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabases.PostgresAdminConnectionString is null && !TestDatabases.IsCi)
        {
            Skip = "CRMRECO_TEST_PG is not set: run ./test.sh, which starts a throwaway PostgreSQL.";
        }
    }
}

/// <summary>As <see cref="PostgresFactAttribute"/>, for theories.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestDatabases.PostgresAdminConnectionString is null && !TestDatabases.IsCi)
        {
            Skip = "CRMRECO_TEST_PG is not set: run ./test.sh, which starts a throwaway PostgreSQL.";
        }
    }
}

/// <summary>Fresh, isolated databases: a new SQLite file or a new PostgreSQL database per call, so no test
/// shares seeded state with another.</summary>
public static class TestDatabases
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? PostgresAdminConnectionString => Environment.GetEnvironmentVariable("CRMRECO_TEST_PG") is { Length: > 0 } s ? s : null;

    /// <summary>A connection string to a new, empty SQLite database file in a temporary folder.</summary>
    public static string NewSqlite()
    {
        var dir = Path.Combine(Path.GetTempPath(), "crmreco-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "crmreco.db")}";
    }

    /// <summary>A connection string to a new, empty PostgreSQL database on the throwaway server.</summary>
    public static string NewPostgres()
    {
        var admin = PostgresAdminConnectionString
            ?? throw new InvalidOperationException("CRMRECO_TEST_PG is not set: run the tests through ./test.sh.");
        var name = "crmreco_t_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>A fresh database of the named provider ("sqlite" or "postgres"), for provider theories.</summary>
    public static string New(string provider) => provider switch
    {
        "sqlite" => NewSqlite(),
        "postgres" => NewPostgres(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

/// <summary>Theory data: every provider the tests must cover. PostgreSQL is included whenever it is configured,
/// and always in CI (where a missing server then fails the test instead of hiding it).</summary>
public static class Providers
{
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { "sqlite" };
            if (TestDatabases.PostgresAdminConnectionString is not null || TestDatabases.IsCi)
            {
                data.Add("postgres");
            }

            return data;
        }
    }
}
