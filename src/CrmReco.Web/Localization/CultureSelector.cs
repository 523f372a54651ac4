using System.Globalization;
using Microsoft.JSInterop;

namespace CrmReco.Web.Localization;

/// <summary>French by default (fr-FR: 1 234,56 €, 07/12/2026); English on request, remembered in the browser.
/// A change reloads the application so every text and format follows.</summary>
public sealed class CultureSelector(IJSRuntime js)
{
    public const string StorageKey = "crmreco.culture";
    public const string French = "fr-FR";
    public const string English = "en-GB";

    public static IReadOnlyList<string> Supported { get; } = [French, English];

    public async Task ApplyStoredCultureAsync()
    {
        string? stored = null;
        try
        {
            stored = await js.InvokeAsync<string?>("localStorage.getItem", StorageKey);
        }
        catch (JSException)
        {
            // storage disabled: French
        }

        Apply(Supported.Contains(stored, StringComparer.Ordinal) ? stored! : French);
    }

    public static void Apply(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        CultureInfo.DefaultThreadCurrentCulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public async Task ChooseAsync(string name)
    {
        await js.InvokeVoidAsync("localStorage.setItem", StorageKey, name);
    }
}
