namespace Municipal.Testing;

/// <summary>A real picture for tests that go through the photo checks, which re-encode what they keep.</summary>
public static class TestPictures
{
    /// <summary>An 8×8 baseline JPEG.</summary>
    public static readonly byte[] SmallJpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcH" +
        "BwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAA" +
        "AAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCQBZhn/9k=");

    /// <summary>The small JPEG with bytes after its end marker, as a phone app may leave: each fill a different file.</summary>
    public static byte[] JpegWithTrailer(byte fill) => [.. SmallJpeg, .. Enumerable.Repeat(fill, 32)];
}
