using System.ComponentModel.DataAnnotations;
using CrmReco.Core.Storage;

namespace CrmReco.Api.Common;

/// <summary>The "CrmReco" configuration section (appsettings.json, environment variables CrmReco__X).</summary>
public sealed class ApiOptions
{
    public const string Section = "CrmReco";

    /// <summary>Older name of ConnectionStrings:CrmReco, still honoured (see CrmRecoConnection): "Data Source=FILE"
    /// (SQLite) or "Host=…" (PostgreSQL). Empty: $CRMRECO_DB, else the embedded default.</summary>
    public string? Database { get; set; }

    /// <summary>Run the worker's scheduled jobs inside the API process (a small estate runs one process).</summary>
    public bool HostJobs { get; set; }

    /// <summary>Load the sample exports, score them and create a demo login at start (`--demo`).</summary>
    public bool Demo { get; set; }

    /// <summary>Failed logins in a row, per account and client address, before that pair has to wait
    /// (<see cref="LoginBackoffSeconds"/>, doubled at each further failure). Nothing locks an account itself.</summary>
    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>The first wait after <see cref="MaxFailedLogins"/> failures of an account from one address.</summary>
    [Range(1, 3600)]
    public int LoginBackoffSeconds { get; set; } = 30;

    /// <summary>The longest wait of the login backoff.</summary>
    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A dashboard session ends after this many hours without a request (sliding).</summary>
    [Range(1, 720)]
    public int SessionIdleHours { get; set; } = 12;

    /// <summary>A dashboard session ends this many days after its login, however active (absolute cap).</summary>
    [Range(1, 365)]
    public int SessionMaxDays { get; set; } = 7;

    /// <summary>Largest request body of every endpoint but the upload, in kilobytes (JSON bodies are small;
    /// the login takes at most <see cref="Common.RequestLimits.LoginBodyBytes"/> bytes).</summary>
    [Range(1, 102_400)]
    public int MaxRequestBodyKilobytes { get; set; } = 1024;

    /// <summary>The reverse proxies whose X-Forwarded-For/-Proto are trusted; empty: the loopback addresses
    /// (Caddy on the same machine).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Login attempts allowed per client address and minute.</summary>
    [Range(1, 10_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Largest upload accepted by POST /api/imports, in megabytes.</summary>
    [Range(1, 10_000)]
    public int MaxUploadMegabytes { get; set; } = 512;

    /// <summary>Where uploaded exports are kept (one folder per upload), relative to the working directory.</summary>
    public string UploadFolder { get; set; } = "data/uploads";

    /// <summary>How often the report cache's warm-up checks whether the data changed (then computes the overview,
    /// the reports page and data health in the background); 0 disables it.</summary>
    [Range(0, 86_400)]
    public int ReportWarmupSeconds { get; set; } = 30;
}
