using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmReco.Web.Auth;
using Microsoft.AspNetCore.Components;

namespace CrmReco.Web.Api;

/// <summary>The one door to the API: JSON over the same-origin HttpClient (the browser sends the session cookie),
/// the antiforgery token on every write, and a 401 anywhere but the login ends the session and opens /login.</summary>
public sealed class ApiHttp(HttpClient http, SessionState session, NavigationManager navigation)
{
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Client => http;

    public async Task<T> GetAsync<T>(string url, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    /// <summary>GET that answers null on 404 instead of throwing.</summary>
    public async Task<T?> FindAsync<T>(string url, CancellationToken cancellationToken = default)
        where T : class
    {
        try
        {
            return await GetAsync<T>(url, cancellationToken);
        }
        catch (ApiException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<TResponse> WriteAsync<TResponse>(HttpMethod method, string url, object? body, CancellationToken cancellationToken = default)
    {
        using var response = await WriteRawAsync(method, url, body is null ? null : JsonContent.Create(body, options: Json), cancellationToken);
        return (await response.Content.ReadFromJsonAsync<TResponse>(Json, cancellationToken))!;
    }

    public async Task WriteAsync(HttpMethod method, string url, object? body, CancellationToken cancellationToken = default)
    {
        using var response = await WriteRawAsync(method, url, body is null ? null : JsonContent.Create(body, options: Json), cancellationToken);
    }

    /// <summary>A write with its antiforgery token (fetched once per session when the login answer did not carry it).</summary>
    public async Task<HttpResponseMessage> WriteRawAsync(HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken = default, params int[] acceptedStatuses)
    {
        var token = session.AntiforgeryToken;
        if (token is null)
        {
            token = (await GetAsync<SessionInfo>("api/auth/antiforgery", cancellationToken)).AntiforgeryToken;
            session.AntiforgeryToken = token;
        }

        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add(AntiforgeryHeader, token);
        return await SendAsync(request, cancellationToken, acceptedStatuses);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default, params int[] acceptedStatuses)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException(0, ex.Message, ex);
        }
        finally
        {
            request.Dispose();
        }

        if (response.IsSuccessStatusCode || acceptedStatuses.Contains((int)response.StatusCode))
        {
            return response;
        }

        var status = (int)response.StatusCode;
        string? detail = null;
        try
        {
            detail = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            // the status says enough
        }

        response.Dispose();
        var loginCall = request.RequestUri?.OriginalString.Contains("api/auth/login", StringComparison.Ordinal) == true;
        if (status == (int)HttpStatusCode.Unauthorized && !loginCall && session.Current is not null)
        {
            session.End();
            navigation.NavigateTo(LoginRedirect.For(navigation), replace: true);
        }

        throw new ApiException(status, detail);
    }
}
