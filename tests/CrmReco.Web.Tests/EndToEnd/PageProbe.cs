using Microsoft.Playwright;

namespace CrmReco.Web.Tests.EndToEnd;

/// <summary>A browser page that records console errors and failed requests (a 4xx/5xx answer or a network
/// failure), so a flow can assert it saw none.</summary>
public sealed class PageProbe : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    private PageProbe(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_problems)
                {
                    _problems.Add("console: " + message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_problems)
            {
                _problems.Add("page error: " + error);
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // The test's own navigation (GotoAsync) cancels what the previous page still had in flight.
            if (request.Failure?.Contains("ERR_ABORTED", StringComparison.Ordinal) == true)
            {
                return;
            }

            lock (_problems)
            {
                _problems.Add("request failed: " + request.Url + " " + request.Failure);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !Expected.Any(e => response.Url.Contains(e, StringComparison.Ordinal)))
            {
                lock (_problems)
                {
                    _problems.Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
                }
            }
        };
    }

    /// <summary>URL parts whose 4xx the flow provokes on purpose.</summary>
    public List<string> Expected { get; } = [];

    public IPage Page { get; }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public static async Task<PageProbe> OpenAsync(DashboardHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseUrl,
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        return new PageProbe(context, await context.NewPageAsync());
    }

    public async Task LoginAsync(string email, string password)
    {
        await Page.GotoAsync("/login");
        await Page.GetByLabel("Adresse e-mail").FillAsync(email);
        await Page.GetByLabel("Mot de passe").FillAsync(password);
        await Page.GetByTestId("submit").ClickAsync();
        await Page.GetByTestId("user").WaitForAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public async Task ScreenshotAsync(string name)
    {
        // Scrolled back to the top first: a full-page shot of a scrolled page draws the fixed app bar mid-page.
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        // The confirmations (toasts) gone: a shot shows the page, not what was just clicked.
        await Page.Locator(".mud-snackbar").First.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        // The window made as tall as the page, rather than a full-page shot: Chromium's full-page shot left the
        // frames below the window (the e-mail previews) blank.
        var window = Page.ViewportSize!;
        var height = await Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await Page.SetViewportSizeAsync(window.Width, Math.Max(window.Height, height));
        await Page.WaitForTimeoutAsync(300); // the frames paint
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardHost.ScreenshotFolder(), name + ".png") });
        await Page.SetViewportSizeAsync(window.Width, window.Height);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
