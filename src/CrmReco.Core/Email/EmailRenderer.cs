using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace CrmReco.Core.Email;

/// <summary>One wine as the template sees it.</summary>
public sealed record EmailWine(string Article, string Label, int? Vintage, decimal? Price, string Reason);

/// <summary>What one email is rendered from.</summary>
public sealed record EmailModel(long CampaignId, string CampaignName, string CustomerCode, string? FirstName, string? LastName, string Language, IReadOnlyList<EmailWine> Wines);

/// <summary>A rendered email: what the preview shows is what the transport sends.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>Thrown when a template cannot be parsed or rendered, or drops a mandatory mention.</summary>
public sealed class TemplateRenderException(string message) : Exception(message);

/// <summary>Renders campaign emails from Liquid templates (Fluid): HTML escaped, text as is; strict variables, so a
/// typo in a template fails instead of printing nothing. Every email must carry the Loi Évin message and the
/// unsubscribe link, or rendering fails.</summary>
public sealed class EmailRenderer
{
    private static readonly FluidParser Parser = new();

    // Escapes what HTML needs (<, >, &, quotes) but keeps accents readable: French text stays French in the source.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly EmailOptions _options;
    private readonly string _unsubscribeSecret;

    public EmailRenderer(EmailOptions options, BrevoOptions brevo)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(brevo);
        _options = options;
        _unsubscribeSecret = options.UnsubscribeSecret is { Length: > 0 } s ? s : brevo.WebhookToken is { Length: > 0 } w ? w : "crmreco-development-unsubscribe";
    }

    /// <summary>Renders subject, HTML and text of one email.</summary>
    public async Task<RenderedEmail> RenderAsync(EmailTemplateSource template, string subject, EmailModel model)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(model);
        var culture = CultureInfo.GetCultureInfo(model.Language == "en" ? "en-GB" : "fr-FR");
        var options = new TemplateOptionsBuilder().WithStrictVariables(true).WithStrictFilters(true).WithCultureInfo(culture).Build();
        var unsubscribe = UnsubscribeUrl(model.CampaignId, model.CustomerCode);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["subject"] = subject,
            ["greeting"] = Greeting(model),
            ["customer"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = model.CustomerCode,
                ["first_name"] = model.FirstName ?? string.Empty,
                ["last_name"] = model.LastName ?? string.Empty,
            },
            ["wines"] = model.Wines.Select(w => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["article"] = w.Article,
                ["label"] = w.Label,
                ["vintage"] = w.Vintage is { } v && !w.Label.Contains(v.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) ? v.ToString(CultureInfo.InvariantCulture) : string.Empty,
                ["price"] = w.Price is { } p ? FormatPrice(p, model.Language) : string.Empty,
                ["reason"] = w.Reason,
                ["url"] = ShopUrl(w.Article, model),
            }).ToList(),
            ["estate"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = _options.EstateName, ["address"] = _options.EstateAddress },
            ["campaign"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = model.CampaignId, ["name"] = model.CampaignName },
            ["evin"] = DefaultTemplates.EvinMessage,
            ["unsubscribe_url"] = unsubscribe,
        };

        var renderedSubject = (await RenderPartAsync(template, "subject", subject, values, options, NullEncoder.Default)).Trim();
        var html = await RenderPartAsync(template, "HTML", template.Html, values, options, Html);
        var text = await RenderPartAsync(template, "text", template.Text, values, options, NullEncoder.Default);
        foreach (var (part, content, link) in new[] { ("HTML", html, Html.Encode(unsubscribe)), ("text", text, unsubscribe) })
        {
            if (!content.Contains(DefaultTemplates.EvinMessage, StringComparison.Ordinal) && !content.Contains(Html.Encode(DefaultTemplates.EvinMessage), StringComparison.Ordinal))
            {
                throw new TemplateRenderException($"Template '{template.Name}' ({template.Language}): the {part} part lacks the Loi Évin message (\"{DefaultTemplates.EvinMessage}\"): add {{{{ evin }}}}.");
            }

            if (!content.Contains(link, StringComparison.Ordinal) && !content.Contains(unsubscribe, StringComparison.Ordinal))
            {
                throw new TemplateRenderException($"Template '{template.Name}' ({template.Language}): the {part} part lacks the unsubscribe link: add {{{{ unsubscribe_url }}}}.");
            }
        }

        return new RenderedEmail(renderedSubject, html, text);
    }

    /// <summary>Checks a template against a sample customer: null when it renders, else the message.</summary>
    public async Task<string?> ValidateAsync(EmailTemplateSource template, string subject)
    {
        ArgumentNullException.ThrowIfNull(template);
        try
        {
            await RenderAsync(template, subject, new EmailModel(0, "test", "TEST", "Marie", "Durand", template.Language,
                [new EmailWine("RIESLING", "Riesling Grand Cru", 2022, 18.5m, "test")]));
            return null;
        }
        catch (TemplateRenderException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The signed unsubscribe token of a customer: "code.signature", so a link cannot be forged for another customer.</summary>
    public string UnsubscribeToken(string customerCode)
    {
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_unsubscribeSecret), Encoding.UTF8.GetBytes("unsubscribe:" + customerCode));
        return Base64Url(Encoding.UTF8.GetBytes(customerCode)) + "." + Base64Url(signature.AsSpan(0, 16).ToArray());
    }

    /// <summary>The customer code of a valid token, else null (constant-time comparison of the signature).</summary>
    public string? ReadUnsubscribeToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        try
        {
            var code = Encoding.UTF8.GetString(FromBase64Url(token[..dot]));
            var expected = Encoding.ASCII.GetBytes(UnsubscribeToken(code));
            return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token)) ? code : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string UnsubscribeUrl(long campaignId, string customerCode) => _options.UnsubscribeUrlPattern
        .Replace("{token}", Uri.EscapeDataString(UnsubscribeToken(customerCode)), StringComparison.Ordinal)
        .Replace("{customer}", Uri.EscapeDataString(customerCode), StringComparison.Ordinal)
        .Replace("{campaign}", campaignId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private string ShopUrl(string article, EmailModel model) => _options.ShopUrlPattern
        .Replace("{article}", Uri.EscapeDataString(article), StringComparison.Ordinal)
        .Replace("{customer}", Uri.EscapeDataString(model.CustomerCode), StringComparison.Ordinal)
        .Replace("{campaign}", model.CampaignId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static string Greeting(EmailModel model)
    {
        var name = model.FirstName is { Length: > 0 } first ? first.Trim() : null;
        return model.Language == "en"
            ? name is null ? "Hello," : $"Hello {name},"
            : name is null ? "Bonjour," : $"Bonjour {name},";
    }

    internal static string FormatPrice(decimal price, string language) => language == "en"
        ? string.Create(CultureInfo.InvariantCulture, $"€{price:0.00}")
        : price.ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")) + " €";

    private static async Task<string> RenderPartAsync(EmailTemplateSource template, string part, string source, Dictionary<string, object?> values, TemplateOptions options, TextEncoder encoder)
    {
        if (!Parser.TryParse(source, out var parsed, out var error))
        {
            throw new TemplateRenderException($"Template '{template.Name}' ({template.Language}): the {part} part does not parse: {error}");
        }

        var context = new TemplateContext(options);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, FluidValue.Create(value, options));
        }

        try
        {
            return await parsed.RenderAsync(context, encoder);
        }
        catch (Exception ex) when (ex is not OperationCanceledException) // Fluid throws several types for a bad template
        {
            throw new TemplateRenderException($"Template '{template.Name}' ({template.Language}): the {part} part fails to render: {ex.Message}");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
