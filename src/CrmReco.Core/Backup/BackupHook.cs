namespace CrmReco.Core.Backup;

/// <summary>The after-backup command: a copy off the server (rclone to object storage, scp…), or an encrypted copy
/// (age, gpg). Run with /bin/sh so the configuration can hold a pipeline; the new file is in $CRMRECO_BACKUP_FILE.</summary>
internal static class BackupHook
{
    public const string FileVariable = "CRMRECO_BACKUP_FILE";

    public static async Task RunAsync(BackupSettings settings, string file, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.AfterCommand))
        {
            return;
        }

        var timeout = settings.AfterCommandTimeout ?? TimeSpan.FromMinutes(30);
        var outcome = await ExternalProcess.RunAsync("/bin/sh", ["-c", settings.AfterCommand], new Dictionary<string, string?>(StringComparer.Ordinal) { [FileVariable] = file }, timeout, cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"the backup {file} was made, but the after-backup command failed (exit {outcome.ExitCode}): {outcome.Tail}");
        }
    }
}
