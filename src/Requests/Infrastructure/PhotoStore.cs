using Microsoft.Extensions.Options;
using Municipal.Messaging.Persistence;

namespace Municipal.Requests.Infrastructure;

/// <summary>Configuration section <c>Requests:Photos</c>.</summary>
public sealed class PhotoOptions
{
    public const string Section = "Requests:Photos";

    /// <summary>Where photo files go. Default: <c>requests-photos</c> under <c>Database:DataDirectory</c> (or the service's <c>.data</c>).</summary>
    public string? Directory { get; set; }

    /// <summary>The largest photo accepted, in bytes (5 MB).</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;
}

/// <summary>Photos live as files outside the database, one folder per request; the database keeps their names.</summary>
public sealed class PhotoStore
{
    private readonly string _root;

    public PhotoStore(IOptions<PhotoOptions> photos, IOptions<DatabaseOptions> database, IHostEnvironment environment)
    {
        _root = Path.GetFullPath(photos.Value.Directory
            ?? Path.Combine(database.Value.DataDirectory ?? Path.Combine(environment.ContentRootPath, ".data"), "requests-photos"));
    }

    public string Root => _root;

    /// <param name="overwrite">Replace a file of that name (a retried message writing its photos again).</param>
    public async Task SaveAsync(Guid requestId, string fileName, Stream content, CancellationToken cancellationToken, bool overwrite = false)
    {
        var path = PathOf(requestId, fileName);
        var folder = Path.GetDirectoryName(path)!;
        var options = new FileStreamOptions
        {
            Mode = overwrite ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None,
            BufferSize = 81920, Options = FileOptions.Asynchronous,
        };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            // Photos may show people and homes: readable by the service's own user only, whatever the umask.
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        await content.CopyToAsync(file, cancellationToken);
    }

    public Stream? OpenRead(Guid requestId, string fileName)
    {
        var path = PathOf(requestId, fileName);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    public void Delete(Guid requestId, string fileName)
    {
        var path = PathOf(requestId, fileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string PathOf(Guid requestId, string fileName)
    {
        if (fileName.Contains('/') || fileName.Contains('\\') || fileName.Contains(".."))
        {
            throw new ArgumentException("A photo file name is a bare name.", nameof(fileName));
        }

        return Path.Combine(_root, requestId.ToString("N"), fileName);
    }
}
