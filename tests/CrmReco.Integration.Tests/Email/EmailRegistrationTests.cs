using CrmReco.Core;
using CrmReco.Core.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Email;

/// <summary>AddCrmRecoEmail as the API host calls it: once itself and once through AddCrmRecoJobs.</summary>
public sealed class EmailRegistrationTests
{
    [Fact]
    public void AddCrmRecoEmail_CalledTwice_SendsTheApiKeyOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Brevo:ApiKey"] = "xkeysib-test" }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddCrmRecoCore(TestDatabases.NewSqlite())
            .AddCrmRecoEmail()
            .AddCrmRecoEmail()
            .BuildServiceProvider();

        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(BrevoClient));

        Assert.Equal(["xkeysib-test"], client.DefaultRequestHeaders.GetValues("api-key"));
    }
}
