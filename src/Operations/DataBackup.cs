using Microsoft.Data.Sqlite;
using System.Security.Cryptography;
using System.Text.Json;

namespace Municipal.Operations;

/// <summary>
/// Backs up and restores what the services keep on the embedded defaults: every service's SQLite database and the
/// request photos, from one data folder (<c>.data/</c> by default). A database is copied with SQLite's online backup
/// (a consistent copy of the committed state, the write-ahead log included, while the services run); copying only the
/// <c>*.db</c> files would lose what is still in the <c>-wal</c> file. The databases are copied first and the photos
/// after them: a photo file is written before its row is committed, so every photo a backed-up row names is there.
/// On SQL Server the databases are backed up by the server (<c>BACKUP DATABASE</c>); this covers the photos only.
/// </summary>
public static class DataBackup
{
    public const string ManifestName = "manifest.json";
    public const string PhotosFolder = "requests-photos";

    /// <summary>The databases of the four services, as <c>AddServiceDatabase</c> names their files.</summary>
    public static readonly string[] Databases = ["communitiesdb", "schedulingdb", "requestsdb", "notificationsdb"];

    public sealed record Manifest(DateTimeOffset TakenAt, IReadOnlyList<FileEntry> Files);

    public sealed record FileEntry(string Path, long Bytes, string Sha256);

    /// <summary>Backs up <paramref name="dataDirectory"/> into <paramref name="target"/>, a folder that must be new or empty.</summary>
    public static async Task<Manifest> BackupAsync(string dataDirectory, string target, TimeProvider time, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new OperationFailed($"There is no data folder at {dataDirectory}.");
        }

        RequireEmpty(target);
        CreatePrivateDirectory(target);
        var files = new List<FileEntry>();
        foreach (var name in Databases)
        {
            var source = Path.Combine(dataDirectory, name + ".db");
            if (!File.Exists(source))
            {
                continue;
            }

            var copy = Path.Combine(target, name + ".db");
            BackupDatabase(source, copy);
            files.Add(await EntryAsync(target, copy, cancellationToken));
        }

        if (files.Count == 0)
        {
            throw new OperationFailed($"{dataDirectory} holds none of the services' databases ({string.Join(", ", Databases.Select(d => d + ".db"))}).");
        }

        var photos = Path.Combine(dataDirectory, PhotosFolder);
        if (Directory.Exists(photos))
        {
            foreach (var file in Directory.EnumerateFiles(photos, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var copy = Path.Combine(target, Path.GetRelativePath(dataDirectory, file));
                CreatePrivateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
                MakePrivate(copy);
                files.Add(await EntryAsync(target, copy, cancellationToken));
            }
        }

        var manifest = new Manifest(time.GetUtcNow(), files);
        var manifestPath = Path.Combine(target, ManifestName);
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest, JsonOptions), cancellationToken);
        MakePrivate(manifestPath);
        return manifest;
    }

    /// <summary>
    /// Restores a backup into <paramref name="dataDirectory"/>, a folder that must be new or empty (stop the system
    /// first and move the old data aside). Every file is checked against the manifest before anything is written.
    /// </summary>
    public static async Task<Manifest> RestoreAsync(string backup, string dataDirectory, CancellationToken cancellationToken = default)
    {
        var manifestPath = Path.Combine(backup, ManifestName);
        if (!File.Exists(manifestPath))
        {
            throw new OperationFailed($"{backup} is not a backup: it has no {ManifestName}.");
        }

        var manifest = JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(manifestPath, cancellationToken), JsonOptions)
            ?? throw new OperationFailed($"{manifestPath} is empty.");
        foreach (var entry in manifest.Files)
        {
            var file = Path.Combine(backup, entry.Path);
            if (entry.Path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(entry.Path))
            {
                throw new OperationFailed($"The manifest names a path outside the backup: {entry.Path}.");
            }

            if (!File.Exists(file) || (await EntryAsync(backup, file, cancellationToken)).Sha256 != entry.Sha256)
            {
                throw new OperationFailed($"{entry.Path} is missing from the backup or does not match its manifest: nothing was restored.");
            }
        }

        RequireEmpty(dataDirectory);
        CreatePrivateDirectory(dataDirectory);
        foreach (var entry in manifest.Files)
        {
            var destination = Path.Combine(dataDirectory, entry.Path);
            CreatePrivateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(backup, entry.Path), destination);
            MakePrivate(destination);
        }

        return manifest;
    }

    private static void BackupDatabase(string source, string copy)
    {
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
        using (var command = to.CreateCommand())
        {
            // The copy stands alone: one file, no write-ahead log beside it.
            command.CommandText = "PRAGMA journal_mode=DELETE;";
            command.ExecuteNonQuery();
        }

        to.Close();
        MakePrivate(copy);
    }

    private static async Task<FileEntry> EntryAsync(string root, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new FileEntry(Path.GetRelativePath(root, file).Replace('\\', '/'), stream.Length, Convert.ToHexStringLower(hash));
    }

    private static void RequireEmpty(string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new OperationFailed($"{folder} is not empty: give a new folder.");
        }
    }

    private static void CreatePrivateDirectory(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        // The mode applies to the last folder only: create each missing one on the way.
        var full = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
        {
            CreatePrivateDirectory(parent);
        }

        Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    // Backups hold personal data: readable by their owner only.
    private static void MakePrivate(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>A backup or restore that could not be done, with what to do about it.</summary>
public sealed class OperationFailed(string message) : Exception(message);
