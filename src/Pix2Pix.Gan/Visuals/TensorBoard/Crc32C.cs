namespace Pix2Pix.Gan.Visuals.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven, and TensorFlow's masked form of it that every
/// record of an event file carries. System.IO.Hashing has only the IEEE CRC-32, so this is ours.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;

    /// <summary>TensorFlow's <c>kMaskDelta</c> (<c>tensorflow/core/lib/hash/crc32c.h</c>).</summary>
    private const uint MaskDelta = 0xA282EAD8u;

    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>
    /// A CRC stored next to the data it covers is rotated right by 15 bits and offset, so that the CRC of data which
    /// itself holds CRCs stays well distributed (TensorFlow's <c>crc32c::Mask</c>).
    /// </summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
