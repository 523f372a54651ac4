using CrmReco.Core.Accounts;
using CrmReco.Core.Analytics;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Import;
using CrmReco.Core.Jobs;
using CrmReco.Core.Privacy;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Reports;
using CrmReco.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Core;

/// <summary>The one place where Core's services are wired: the database and the stores over it.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers one database (SQLite file or one <c>NpgsqlDataSource</c>, chosen by the connection string) and
    /// Core's stores and services as singletons over it, plus <see cref="TimeProvider.System"/> unless a clock is
    /// already registered. The connection string is asked for once, when the database is first resolved, so hosts
    /// may bind it from configuration.
    /// </summary>
    public static IServiceCollection AddCrmRecoCore(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CrmDatabase.Create(connectionString(sp)));
        services.TryAddSingleton(sp => new DatabaseSchema(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AccountStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DashboardQueries(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PrivacyService(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<DashboardQueries>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AnalyticsStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new RecommendationStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ReportQueries(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<DashboardQueries>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICrmQueries>(sp => new CrmQueries(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<IImportStore>(sp => new ImportStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DatabaseAnalytics(sp.GetRequiredService<ICrmQueries>(), sp.GetRequiredService<AnalyticsStore>()));
        services.TryAddSingleton(sp => new DatabaseRecommendations(sp.GetRequiredService<ICrmQueries>(), sp.GetRequiredService<RecommendationStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JobRunStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new RetentionStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton(sp => new RecommendationReviewStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DataHealthHistoryStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<DashboardQueries>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The same with a fixed connection string (the command line's <c>--db</c>, tests).</summary>
    public static IServiceCollection AddCrmRecoCore(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return services.AddCrmRecoCore(_ => connectionString);
    }
}
