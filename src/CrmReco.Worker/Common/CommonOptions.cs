using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmReco.Core.Storage;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Common;

/// <summary>Options and output helpers shared by the verbs.</summary>
internal static class CommonOptions
{
    public const string DatabaseEnvironmentVariable = CrmDatabase.EnvironmentVariable;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Option<string?> Database() => new("--db")
    {
        Description = T("Option_Db", DatabaseEnvironmentVariable, CrmDatabase.DefaultConnectionString),
    };

    public static Option<bool> JsonOutput() => new("--json") { Description = T("Option_Json") };

    /// <summary>The connection string: the option, else the configuration's (ConnectionStrings:CrmReco…), else
    /// $CRMRECO_DB, else the embedded SQLite default.</summary>
    public static string ResolveDatabase(string? option) => CliConfiguration.Database(option);

    public static void WriteJson<T>(ParseResult parse, T value) => parse.Out().WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>A short, readable error on stderr and the usage exit code, instead of a stack trace; the message is
    /// already in the run's language (<see cref="CliText.T(string)"/>).</summary>
    public static int Fail(ParseResult parse, string message, int exitCode = 2)
    {
        parse.Err().WriteLine(T("Error_Line", message));
        return exitCode;
    }
}
