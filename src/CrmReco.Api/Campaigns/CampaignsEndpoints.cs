using System.Security.Claims;
using CrmReco.Api.Common;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Accounts;
using CrmReco.Core.Email;

namespace CrmReco.Api.Campaigns;

/// <summary>/api/campaigns: list, detail, preview and results for viewers; create, review, approve, send and
/// cancel for marketing (each write in the audit log). /api/templates: the Liquid templates.</summary>
public static class CampaignsEndpoints
{
    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/campaigns").WithTags("Campaigns").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List);
        group.MapGet("/{id:long}", Get);
        group.MapGet("/{id:long}/preview/{customer}", Preview);
        group.MapGet("/{id:long}/report", Report);
        group.MapPost("/{id:long}/preview/{customer}", PreviewDraft).RequireAuthorization(Roles.Marketing);
        group.MapGet("/pooled-report", PooledReport);
        group.MapPost("/", Create).RequireAuthorization(Roles.Marketing).Audited("campaign.create");
        group.MapPut("/{id:long}", Update).RequireAuthorization(Roles.Marketing).Audited("campaign.update");
        group.MapDelete("/{id:long}/recipients/{customer}", RemoveRecipient).RequireAuthorization(Roles.Marketing).Audited("campaign.remove-recipient");
        group.MapDelete("/{id:long}/recipients/{customer}/items/{rank}", RemoveItem).RequireAuthorization(Roles.Marketing).Audited("campaign.remove-item");
        group.MapPost("/{id:long}/approve", Approve).RequireAuthorization(Roles.Marketing).Audited("campaign.approve");
        group.MapPost("/{id:long}/send", Send).RequireAuthorization(Roles.Marketing).Audited("campaign.send");
        group.MapPost("/{id:long}/cancel", Cancel).RequireAuthorization(Roles.Marketing).Audited("campaign.cancel");

        var templates = app.MapGroup("/api/templates").WithTags("Campaigns").RequireAuthorization(Roles.Viewer);
        templates.MapGet("/", ListTemplates);
        templates.MapGet("/{name}/{language}", GetTemplate);
        templates.MapPut("/{name}/{language}", SaveTemplate).RequireAuthorization(Roles.Marketing).Audited("template.save");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CampaignSummary>>> List(CampaignStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Results<Ok<CampaignDetail>, ProblemHttpResult>> Get(long id, CampaignStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } detail ? TypedResults.Ok(detail) : Problems.NotFound($"No campaign {id}.");

    public static Task<Results<Ok<EmailPreview>, ProblemHttpResult>> Preview(long id, string customer, CampaignService campaigns, CancellationToken cancellationToken) =>
        Guard(async () => TypedResults.Ok(await campaigns.PreviewAsync(id, customer, cancellationToken)));

    /// <summary>The email of a recipient rendered with a template being edited (not saved): the editor's preview;
    /// 422 with the render error when it does not render.</summary>
    public static Task<Results<Ok<EmailPreview>, ProblemHttpResult>> PreviewDraft(long id, string customer, SaveTemplateRequest template, CampaignService campaigns, CancellationToken cancellationToken) =>
        Guard(async () => TypedResults.Ok(await campaigns.PreviewAsync(id, customer, template, cancellationToken)));

    /// <summary>Several campaigns pooled (a season): <c>?ids=3&amp;ids=5&amp;ids=8</c>.</summary>
    public static Task<Results<Ok<PooledCampaignReport>, ProblemHttpResult>> PooledReport(long[] ids, int? windowDays, CampaignReports reports, CancellationToken cancellationToken) =>
        Guard(async () => TypedResults.Ok(await reports.PooledReportAsync(ids, windowDays, cancellationToken)));

    public static Task<Results<Ok<CampaignReport>, ProblemHttpResult>> Report(long id, int? windowDays, CampaignReports reports, CancellationToken cancellationToken) =>
        Guard(async () => TypedResults.Ok(await reports.ReportAsync(id, windowDays, cancellationToken)));

    public static Task<Results<Ok<CampaignCreated>, ProblemHttpResult>> Create(CreateCampaignRequest request, ClaimsPrincipal user, CampaignService campaigns, CancellationToken cancellationToken) =>
        Guard(async () => TypedResults.Ok(await campaigns.CreateAsync(request, Audit.Actor(user), cancellationToken)));

    public static Task<Results<Ok<CampaignDetail>, ProblemHttpResult>> Update(long id, UpdateCampaignRequest request, CampaignService campaigns, CampaignStore store, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await campaigns.UpdateAsync(id, request, cancellationToken);
            return TypedResults.Ok((await store.GetAsync(id, cancellationToken))!);
        });

    public static Task<Results<NoContent, ProblemHttpResult>> RemoveRecipient(long id, string customer, CampaignService campaigns, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await campaigns.RemoveRecipientAsync(id, customer, cancellationToken);
            return TypedResults.NoContent();
        });

    public static Task<Results<NoContent, ProblemHttpResult>> RemoveItem(long id, string customer, int rank, CampaignService campaigns, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await campaigns.RemoveItemAsync(id, customer, rank, cancellationToken);
            return TypedResults.NoContent();
        });

    public static Task<Results<Ok<CampaignSummary>, ProblemHttpResult>> Approve(long id, ClaimsPrincipal user, CampaignService campaigns, CampaignStore store, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await campaigns.ApproveAsync(id, Audit.Actor(user), cancellationToken);
            return TypedResults.Ok((await store.GetSummaryAsync(id, cancellationToken))!);
        });

    /// <summary>Sends (or resumes) the campaign now; the request lasts as long as the send.</summary>
    public static Task<Results<Ok<CampaignSendResult>, ProblemHttpResult>> Send(long id, bool? now, CampaignSender sender, CancellationToken cancellationToken) =>
        Guard(async () => TypedResults.Ok(await sender.SendAsync(id, now ?? false, cancellationToken)));

    public static Task<Results<Ok<CampaignSummary>, ProblemHttpResult>> Cancel(long id, CampaignService campaigns, CampaignStore store, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await campaigns.CancelAsync(id, cancellationToken);
            return TypedResults.Ok((await store.GetSummaryAsync(id, cancellationToken))!);
        });

    public static async Task<Ok<IReadOnlyList<EmailTemplate>>> ListTemplates(TemplateStore templates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await templates.ListAsync(cancellationToken));

    public static async Task<Results<Ok<EmailTemplate>, ProblemHttpResult>> GetTemplate(string name, string language, TemplateStore templates, CancellationToken cancellationToken) =>
        (await templates.ListAsync(cancellationToken)).FirstOrDefault(t => t.Name == name && t.Language == language) is { } template
            ? TypedResults.Ok(template) : Problems.NotFound($"No template '{name}' in '{language}'.");

    /// <summary>Saves a template once it renders for a sample customer (with the Loi Évin message and the unsubscribe link).</summary>
    public static async Task<Results<Ok<EmailTemplate>, ProblemHttpResult>> SaveTemplate(string name, string language, SaveTemplateRequest request, TemplateStore templates, EmailRenderer renderer, CancellationToken cancellationToken)
    {
        if (language is not ("fr" or "en"))
        {
            return Problems.BadRequest($"Unknown language '{language}': use fr or en.");
        }

        if (await renderer.ValidateAsync(new EmailTemplateSource(name, language, request.Subject, request.Html, request.Text), request.Subject) is { } error)
        {
            return Problems.BadRequest(error);
        }

        await templates.SaveAsync(name, language, request, cancellationToken);
        return TypedResults.Ok((await templates.ListAsync(cancellationToken)).First(t => t.Name == name && t.Language == language));
    }

    private static async Task<Results<T, ProblemHttpResult>> Guard<T>(Func<Task<T>> action)
        where T : IResult
    {
        try
        {
            return await action();
        }
        catch (KeyNotFoundException ex)
        {
            return Problems.NotFound(ex.Message);
        }
        catch (CampaignStateException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Not in this state");
        }
        catch (TemplateRenderException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The template does not render");
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }
}
