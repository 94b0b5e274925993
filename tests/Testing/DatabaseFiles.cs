using System.Text;

namespace Municipal.Testing;

/// <summary>What a service's SQLite files hold, byte for byte: a live row, a free page or the write-ahead log.</summary>
public static class DatabaseFiles
{
    /// <summary>Whether <c>{database}.db</c> or its <c>-wal</c>/<c>-shm</c> in <paramref name="directory"/> hold the text (UTF-8).</summary>
    public static bool Hold(string directory, string database, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var file in Directory.GetFiles(directory, database + ".db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (copy.ToArray().AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
