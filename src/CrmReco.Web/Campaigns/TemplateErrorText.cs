using System.Text.Json;
using System.Text.RegularExpressions;
using CrmReco.Web.Api;
using CrmReco.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CrmReco.Web.Campaigns;

/// <summary>The API's template render errors (English, for logs and scripts) said in the user's language: the
/// missing Loi Évin message or unsubscribe link, a Liquid syntax error, a render failure, a blocked approval.</summary>
public static partial class TemplateErrorText
{
    /// <summary>The ProblemDetails "detail" of a failed call, or its raw text.</summary>
    public static string? DetailOf(ApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return DetailOf(error.Message);
    }

    public static string? DetailOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    /// <summary>The message in the current UI language (French by default).</summary>
    public static string Of(string? detail, IStringLocalizer<Strings> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(detail))
        {
            return text["TemplateError_Unknown"];
        }

        var blocked = Blocked().Match(detail);
        if (blocked.Success)
        {
            var rest = Of(blocked.Groups["rest"].Value, text);
            return blocked.Groups["customer"].Success ? text["TemplateError_BlockedFor", blocked.Groups["customer"].Value, rest] : text["TemplateError_Blocked", rest];
        }

        var part = Part().Match(detail);
        if (part.Success)
        {
            var partName = text["TemplatePart_" + part.Groups["part"].Value.ToLowerInvariant()].Value;
            var what = part.Groups["what"].Value;
            return what switch
            {
                _ when what.StartsWith("lacks the Loi", StringComparison.Ordinal) => text["TemplateError_Evin", partName],
                _ when what.StartsWith("lacks the unsubscribe", StringComparison.Ordinal) => text["TemplateError_Unsubscribe", partName],
                _ when what.StartsWith("does not parse: ", StringComparison.Ordinal) => text["TemplateError_Parse", partName, what["does not parse: ".Length..]],
                _ when what.StartsWith("fails to render: ", StringComparison.Ordinal) => text["TemplateError_Render", partName, what["fails to render: ".Length..]],
                _ => text["TemplateError_Other", detail],
            };
        }

        return detail.EndsWith("no longer exists.", StringComparison.Ordinal) ? text["TemplateError_Missing"] : text["TemplateError_Other", detail];
    }

    [GeneratedRegex(@"^Approval blocked(?: \(customer (?<customer>[^)]+)\))?: (?<rest>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Blocked();

    [GeneratedRegex(@"^Template '[^']*' \([a-z]+\): the (?<part>subject|HTML|text) part (?<what>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
