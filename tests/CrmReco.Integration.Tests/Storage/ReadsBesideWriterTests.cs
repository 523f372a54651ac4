using System.Net;
using CrmReco.Integration.Tests.Api;
using Microsoft.Data.Sqlite;

namespace CrmReco.Integration.Tests.Storage;

/// <summary>Reads never write, never migrate and never wait for a writer: on SQLite (WAL) a command-line read and an
/// API read complete while another connection holds a write transaction open on the same file, and no connection
/// commits anything meanwhile (<c>PRAGMA data_version</c> of a watching connection is unchanged).</summary>
public sealed class ReadsBesideWriterTests
{
    [Fact]
    public async Task CliReads_WhileAnotherConnectionHoldsAWriteTransaction_CompleteAndCommitNothing()
    {
        var db = TestDatabases.NewSqlite();
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--db", db)).ExitCode);

        await using var watcher = await OpenAsync(db);
        await using var writer = await OpenAsync(db);
        await ExecuteAsync(writer, "BEGIN IMMEDIATE; UPDATE customers SET city = city WHERE code = (SELECT MIN(code) FROM customers);");
        var before = await DataVersionAsync(watcher);

        foreach (var verb in new[] { "status", "imports", "job list" })
        {
            var result = await CliRunner.RunAsync([.. verb.Split(' '), "--json", "--db", db]);
            Assert.True(result.ExitCode == 0, $"crmreco {verb} failed beside a writer: {result.StdErr}");
        }

        var rejects = await CliRunner.RunAsync("rejects", "1", "--json", "--db", db);
        Assert.Equal(0, rejects.ExitCode);
        Assert.Equal(before, await DataVersionAsync(watcher));
        await ExecuteAsync(writer, "ROLLBACK");
    }

    [Fact]
    public async Task ApiReads_WhileAnotherConnectionHoldsAWriteTransaction_AnswerAndCommitNothing()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: true);
        var (client, _) = await host.LoginAsync("viewer"); // the login writes (last login): before the writer starts

        await using var watcher = await OpenAsync(host.ConnectionString);
        await using var writer = await OpenAsync(host.ConnectionString);
        await ExecuteAsync(writer, "BEGIN IMMEDIATE; UPDATE customers SET city = city WHERE code = (SELECT MIN(code) FROM customers);");
        var before = await DataVersionAsync(watcher);

        foreach (var path in new[] { "/api/imports", "/api/customers?limit=5", "/api/segments", "/api/data-health", "/health/ready" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} beside a writer: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(before, await DataVersionAsync(watcher));
        await ExecuteAsync(writer, "ROLLBACK");
    }

    private static async Task<SqliteConnection> OpenAsync(string connectionString)
    {
        // No busy timeout: a test connection that had to wait would fail at once instead of hiding it.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> DataVersionAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
