using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Common;

/// <summary>The API behind Caddy on the same machine (deploy/Caddyfile): the client's address and scheme come from
/// X-Forwarded-For/-Proto, trusted from the loopback proxy only, so a client reaching Kestrel some other way cannot
/// claim another address (the login rate limit is per address) or https. Over https (as forwarded), responses carry
/// HSTS and the cookies are marked Secure (their policy is SameAsRequest).</summary>
public static class ProxySetup
{
    public static IServiceCollection AddCrmRecoProxy(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _) || System.Net.IPNetwork.TryParse(p, out _)),
            "CrmReco:KnownProxies: each entry must be an IP address (127.0.0.1) or a network (10.0.0.0/24).");
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ApiOptions>>((o, api) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the local proxy by default: the defaults (all of 127.0.0.0/8) are narrowed to the two loopback
            // addresses; CrmReco:KnownProxies names others (a proxy on another machine).
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            if (api.Value.KnownProxies.Length == 0)
            {
                o.KnownProxies.Add(IPAddress.Loopback);
                o.KnownProxies.Add(IPAddress.IPv6Loopback);
            }

            foreach (var proxy in api.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
            }

            // Caddy appends the client to what it received: one hop is ours, anything before it is the client's say.
            o.ForwardLimit = 1;
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it (rate limits, cookies, HSTS, logs) sees the client.</summary>
    public static IApplicationBuilder UseCrmRecoProxy(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        // Only on https requests, and never for localhost (the default excluded hosts).
        app.UseHsts();
        return app;
    }
}
