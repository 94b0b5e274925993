using Municipal.Operations;

// ./municipal backup [target]  and  ./municipal restore <backup> [data folder]
var data = Environment.GetEnvironmentVariable("MUNICIPAL_DATA") ?? Path.GetFullPath(".data");
try
{
    switch (args)
    {
        case ["backup", var target]:
            Report("Backed up", await DataBackup.BackupAsync(data, Path.GetFullPath(target), TimeProvider.System), target);
            return 0;
        case ["restore", var backup]:
            Report("Restored", await DataBackup.RestoreAsync(Path.GetFullPath(backup), data), data);
            return 0;
        case ["restore", var backup, var into]:
            Report("Restored", await DataBackup.RestoreAsync(Path.GetFullPath(backup), Path.GetFullPath(into)), into);
            return 0;
        default:
            Console.Error.WriteLine("usage: backup <target folder> | restore <backup folder> [data folder]  (data folder: $MUNICIPAL_DATA or ./.data)");
            return 2;
    }
}
catch (OperationFailed failure)
{
    Console.Error.WriteLine(failure.Message);
    return 1;
}

static void Report(string what, DataBackup.Manifest manifest, string where) =>
    Console.WriteLine($"{what} {manifest.Files.Count} files ({manifest.Files.Sum(f => f.Bytes) / 1024} KiB, taken {manifest.TakenAt:u}) in {where}.");
