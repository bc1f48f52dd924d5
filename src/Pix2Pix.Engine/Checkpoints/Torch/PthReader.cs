using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Pix2Pix.Engine.Checkpoints.Torch;

/// <summary>
/// Reads a state dict saved with <c>torch.save</c>: the zip format of PyTorch ≥ 1.6 and the legacy format before it
/// (which the authors' released models use). The pickle is read by <see cref="RestrictedUnpickler"/>; tensor bytes are
/// read straight from the file into float32 arrays. Peak memory is the tensors plus one storage's bytes when a tensor
/// needs converting or gathering.
/// </summary>
internal static class PthReader
{
    private const int MaxPickleBytes = 64 << 20;
    private const int FirstPickleRead = 1 << 20;
    private const long LegacyProtocol = 1001;
    private const string OptimizerHint = "an optimizer's state (torch.save(optimizer.state_dict())), not a network's weights";

    private static readonly BigInteger Magic = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);

    /// <summary>True when the stream starts like a PyTorch checkpoint (a zip archive, or a protocol-2 pickle).</summary>
    public static bool LooksLikePth(ReadOnlySpan<byte> head) =>
        (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        || (head.Length >= 2 && head[0] == 0x80 && head[1] <= 5);

    public static StateDict Read(Stream stream, string file) =>
        Reading(stream, file, allowRecords: false, loaded => Build(stream, Tensors(loaded.Root, file), loaded.Places, file));

    /// <summary>
    /// Checks the file's first bytes, unpickles it (zip or legacy format) and hands the result to <paramref name="build"/>;
    /// a file that ends early, while unpickling or while its storages are read, is reported as truncated.
    /// </summary>
    private static T Reading<T>(Stream stream, string file, bool allowRecords, Func<Loaded, T> build)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[4];
        stream.Position = 0;
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!LooksLikePth(head[..got]))
            throw new CheckpointException($"Checkpoint '{file}' is not a PyTorch checkpoint: it starts neither like a zip archive nor like a pickle. Check the path.");
        try
        {
            return build(head[0] == (byte)'P' ? ReadZip(stream, file, allowRecords) : ReadLegacy(stream, file, allowRecords));
        }
        catch (EndOfStreamException ex)
        {
            throw new CheckpointException($"Checkpoint '{file}' ended early; the file is truncated. Re-download or re-save it.", ex);
        }
    }

    /// <summary>
    /// Reads a checkpoint of a whole model, a dict whose entries are state dicts or plain values — pytorch_GAN_zoo's
    /// <c>{'config': BaseConfig, 'netG': …, 'netD': …, 'avgG': …}</c>: every entry that is a dict of tensors becomes a
    /// <see cref="StateDict"/>, the others (numbers, strings, lists, configuration objects as <see cref="PickleObject"/>)
    /// are returned as read. Configuration classes are only attribute bags; nothing in the file is run.
    /// </summary>
    public static TorchCheckpoint ReadCheckpoint(Stream stream, string file) =>
        Reading(stream, file, allowRecords: true, loaded =>
        {
            if (loaded.Root is not PickleDict root)
                throw new CheckpointException($"Checkpoint '{file}' holds {RestrictedUnpickler.Describe(loaded.Root)}, not a dict of a model's parts.");
            var stateDicts = new Dictionary<string, StateDict>(StringComparer.Ordinal);
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach ((object? key, object? value) in root.Items)
            {
                if (key is not string name)
                    throw new CheckpointException($"Checkpoint '{file}' has a top-level key that is {RestrictedUnpickler.Describe(key)}, not a string.");
                if (value is PickleDict d && d.Items.Count > 0 && d.Items.All(kv => kv.Value is TorchTensor))
                    stateDicts[name] = Build(stream, Tensors(d, file), loaded.Places, file);
                else
                    values[name] = value;
            }
            return new TorchCheckpoint(stateDicts, values);
        });

    private sealed record Loaded(object? Root, Dictionary<string, long> Places);

    private static Loaded ReadZip(Stream stream, string file, bool allowRecords)
    {
        Dictionary<string, ZipEntry> entries = ZipDirectory.Read(stream, file);
        if (entries.Keys.Any(n => n.EndsWith("/constants.pkl", StringComparison.Ordinal) || n.Contains("/code/", StringComparison.Ordinal)))
            throw new CheckpointException($"Checkpoint '{file}' is a TorchScript archive (torch.jit.save), not a state dict. Nothing in it was run. "
                + "In Python, save the weights alone: torch.save(net.state_dict(), path).");
        ZipEntry? pickle = entries.Values.FirstOrDefault(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal) && e.Name.Count(c => c == '/') == 1);
        if (pickle is null)
            throw new CheckpointException($"Checkpoint '{file}' is a zip archive without '<archive>/data.pkl', so it was not written by torch.save; check the path.");
        string prefix = pickle.Name[..^"data.pkl".Length];
        if (entries.TryGetValue(prefix + "byteorder", out ZipEntry? order))
        {
            string byteOrder = Encoding.ASCII.GetString(ZipDirectory.ReadSmall(stream, order, 16, file)).Trim();
            if (byteOrder != "little")
                throw new CheckpointException($"Checkpoint '{file}' was saved on a {byteOrder}-endian machine; only little-endian checkpoints can be read. "
                    + "Load and re-save it with torch.save on a little-endian machine (x86, ARM).");
        }
        byte[] data = ZipDirectory.ReadSmall(stream, pickle, MaxPickleBytes, file);
        var storages = new Dictionary<string, TorchStorage>(StringComparer.Ordinal);
        object? root = RestrictedUnpickler.Load(data, 0, file, pickle.Name, pid => ZipStorage(pid, storages, file, pickle.Name), allowRecords: allowRecords).Value;
        var places = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (TorchStorage storage in storages.Values)
        {
            string name = prefix + "data/" + storage.Key;
            if (!entries.TryGetValue(name, out ZipEntry? entry))
                throw new CheckpointException($"Checkpoint '{file}' refers to storage '{storage.Key}' but has no '{name}'; the file is damaged or truncated. Re-download or re-save it.");
            if (entry.Method != ZipDirectory.Stored)
                throw new CheckpointException($"Checkpoint '{file}' compresses '{name}'; torch.save stores tensor data uncompressed. Re-save it with torch.save.");
            long bytes = storage.Numel * storage.ElementSize;
            if (entry.Size != bytes)
                throw new CheckpointException($"Checkpoint '{file}' declares {storage.Numel} elements ({bytes} bytes) for storage '{storage.Key}' but '{name}' holds {entry.Size} bytes; the file is damaged.");
            places[storage.Key] = entry.DataOffset;
        }
        return new Loaded(root, places);
    }

    private static TorchStorage ZipStorage(PickleTuple pid, Dictionary<string, TorchStorage> storages, string file, string where)
    {
        object?[] p = pid.Items;
        if (p.Length != 5 || p[0] is not "storage" || p[2] is not string key || p[4] is not long numel || numel < 0)
            throw new CheckpointException($"Checkpoint '{file}' has a persistent id that is not (\"storage\", type, key, location, size) ({where}); the file is damaged or is not a state dict.");
        return Storage(key, TorchGlobals.StorageType(p[1], file, where), numel, storages, file, where);
    }

    private static TorchStorage Storage(string key, TorchDType dtype, long numel, Dictionary<string, TorchStorage> storages, string file, string where)
    {
        if (storages.TryGetValue(key, out TorchStorage? known))
        {
            if (known.DType != dtype || known.Numel != numel)
                throw new CheckpointException($"Checkpoint '{file}' describes storage '{key}' twice, differently ({where}); the file is damaged.");
            return known;
        }
        var storage = new TorchStorage(key, dtype, numel, 0, numel);
        storages.Add(key, storage);
        return storage;
    }

    private static Loaded ReadLegacy(Stream stream, string file, bool allowRecords)
    {
        int size = (int)Math.Min(stream.Length, FirstPickleRead);
        while (true)
        {
            byte[] buffer = ZipDirectory.ReadAt(stream, 0, size, file, "the pickles at the start of the file");
            bool partial = size < stream.Length;
            try
            {
                return ReadLegacy(stream, buffer, partial, file, allowRecords);
            }
            catch (PickleNeedsMoreBytesException)
            {
                if (size >= MaxPickleBytes)
                    throw new CheckpointException($"Checkpoint '{file}' has pickles longer than {MaxPickleBytes >> 20} MB; a state dict's are far smaller, so the file is damaged or is not a state dict.");
                size = (int)Math.Min(stream.Length, Math.Min(2L * size, MaxPickleBytes));
            }
        }
    }

    private static Loaded ReadLegacy(Stream stream, byte[] buffer, bool partial, string file, bool allowRecords)
    {
        object Refuse(PickleTuple pid) => throw new CheckpointException(
            $"Checkpoint '{file}' refers to a tensor storage outside its state dict pickle; the file is damaged or is not a torch.save file. Re-download or re-save it.");
        (object? magic, int at) = RestrictedUnpickler.Load(buffer, 0, file, "the magic number", Refuse, partial);
        if (magic is not BigInteger m || m != Magic)
            throw new CheckpointException($"Checkpoint '{file}' is a Python pickle but not a torch.save file (it does not start with PyTorch's magic number); check the path.");
        (object? protocol, at) = RestrictedUnpickler.Load(buffer, at, file, "the protocol version", Refuse, partial);
        if (protocol is not long p || p != LegacyProtocol)
            throw new CheckpointException($"Checkpoint '{file}' uses legacy format version {RestrictedUnpickler.Describe(protocol)}; only version {LegacyProtocol} can be read. Load and re-save it with a recent PyTorch.");
        (object? info, at) = RestrictedUnpickler.Load(buffer, at, file, "the system information", Refuse, partial);
        if (info is PickleDict d && d.Items.Any(kv => kv.Key is "little_endian" && kv.Value is false))
            throw new CheckpointException($"Checkpoint '{file}' was saved on a big-endian machine; only little-endian checkpoints can be read. "
                + "Load and re-save it with torch.save on a little-endian machine (x86, ARM).");

        var storages = new Dictionary<string, TorchStorage>(StringComparer.Ordinal);
        var views = new List<TorchStorage>();
        object? root;
        (root, at) = RestrictedUnpickler.Load(buffer, at, file, "the state dict pickle", pid => LegacyStorage(pid, storages, views, file), partial, allowRecords);
        (object? keyList, at) = RestrictedUnpickler.Load(buffer, at, file, "the list of storage keys", Refuse, partial);
        if (keyList is not PickleList keys || keys.Items.Any(k => k is not string))
            throw new CheckpointException($"Checkpoint '{file}' has {RestrictedUnpickler.Describe(keyList)} where the list of storage keys belongs; the file is damaged.");

        // the storages follow the pickles, in the order of the key list: an int64 element count, then the raw bytes
        var places = new Dictionary<string, long>(StringComparer.Ordinal);
        long position = at;
        foreach (string key in keys.Items.Cast<string>())
        {
            if (!storages.TryGetValue(key, out TorchStorage? storage))
                throw new CheckpointException($"Checkpoint '{file}' lists storage '{key}', which no tensor uses, so its size is unknown; the file is damaged.");
            byte[] count = ZipDirectory.ReadAt(stream, position, 8, file, $"storage '{key}'");
            long numel = BinaryPrimitives.ReadInt64LittleEndian(count);
            if (numel != storage.Numel)
                throw new CheckpointException($"Checkpoint '{file}' declares {numel} elements for storage '{key}' at byte {position} where its tensors expect {storage.Numel}; the file is damaged.");
            long bytes = numel * storage.ElementSize;
            if (bytes > stream.Length - position - 8)
                throw new CheckpointException($"Checkpoint '{file}' ends inside storage '{key}' ({bytes} bytes from byte {position + 8} of {stream.Length}); the file is truncated. Re-download or re-save it.");
            if (!places.TryAdd(key, position + 8))
                throw new CheckpointException($"Checkpoint '{file}' lists storage '{key}' twice; the file is damaged.");
            position += 8 + bytes;
        }
        foreach (TorchStorage storage in storages.Values.Where(s => !places.ContainsKey(s.Key)))
            throw new CheckpointException($"Checkpoint '{file}' uses storage '{storage.Key}' but does not hold its data; the file is damaged or truncated. Re-download or re-save it.");
        foreach (TorchStorage view in views)
        {
            TorchStorage rootStorage = storages[view.Key];
            if (view.ViewOffset < 0 || view.ViewNumel < 0 || view.ViewOffset > rootStorage.Numel - view.ViewNumel)
                throw new CheckpointException($"Checkpoint '{file}' has a view of {view.ViewNumel} elements at {view.ViewOffset} in the {rootStorage.Numel}-element storage '{view.Key}'; the file is damaged.");
        }
        return new Loaded(root, places);
    }

    private static TorchStorage LegacyStorage(PickleTuple pid, Dictionary<string, TorchStorage> storages, List<TorchStorage> views, string file)
    {
        const string Where = "the state dict pickle";
        object?[] p = pid.Items;
        if (p.Length != 6 || p[0] is not "storage" || p[2] is not string key || p[4] is not long numel || numel < 0)
            throw new CheckpointException($"Checkpoint '{file}' has a persistent id that is not (\"storage\", type, key, location, size, view) ({Where}); the file is damaged or is not a state dict.");
        TorchStorage storage = Storage(key, TorchGlobals.StorageType(p[1], file, Where), numel, storages, file, Where);
        if (p[5] is null)
            return storage;
        if (p[5] is not PickleTuple { Items: [string, long offset, long viewNumel] })
            throw new CheckpointException($"Checkpoint '{file}' has a storage view that is not (key, offset, size) ({Where}); the file is damaged.");
        var view = storage with { ViewOffset = offset, ViewNumel = viewNumel };
        views.Add(view);
        return view;
    }

    /// <summary>The (name, tensor) entries of a pickled state dict, with a DataParallel <c>module.</c> prefix removed.</summary>
    private static List<(string Name, TorchTensor Tensor)> Tensors(object? root, string file)
    {
        if (root is not PickleDict dict)
            throw new CheckpointException($"Checkpoint '{file}' holds {RestrictedUnpickler.Describe(root)}, not a state dict (a dict of tensors). "
                + "In Python, save the weights alone: torch.save(net.state_dict(), path).");
        var keys = dict.Items.Select(kv => kv.Key).ToList();
        if (keys.Contains("state") && keys.Contains("param_groups"))
            throw new CheckpointException($"Checkpoint '{file}' holds {OptimizerHint}. Give the file with the network's weights (latest_net_G.pth, not an optimizer file).");
        var tensors = new List<(string, TorchTensor)>(dict.Items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((object? key, object? value) in dict.Items)
        {
            if (key is not string name)
                throw new CheckpointException($"Checkpoint '{file}' has a state dict key that is {RestrictedUnpickler.Describe(key)}, not a string; the file is not a state dict.");
            if (value is PickleDict)
                throw new CheckpointException($"Checkpoint '{file}' holds nested dicts (entry '{name}' is a dict), not one network's state dict. "
                    + $"In Python, save each network on its own, e.g. torch.save(checkpoint['{name}'], '{name}.pth').");
            if (value is not TorchTensor tensor)
                throw new CheckpointException($"Checkpoint '{file}' has entry '{name}' that is {RestrictedUnpickler.Describe(value)}, not a tensor; a state dict holds only tensors. "
                    + "In Python, save the weights alone: torch.save(net.state_dict(), path).");
            if (!seen.Add(name))
                throw new CheckpointException($"Checkpoint '{file}' names '{name}' twice; the file is damaged.");
            tensors.Add((name, tensor));
        }
        const string DataParallel = "module.";
        if (tensors.Count > 0 && tensors.All(t => t.Item1.StartsWith(DataParallel, StringComparison.Ordinal)))
            tensors = tensors.Select(t => (t.Item1[DataParallel.Length..], t.Item2)).ToList();
        return tensors;
    }

    private static StateDict Build(Stream stream, List<(string Name, TorchTensor Tensor)> tensors, Dictionary<string, long> places, string file)
    {
        var result = new StateDict();
        foreach ((string name, TorchTensor tensor) in tensors)
        {
            long start = places[tensor.Storage.Key] + (tensor.Storage.ViewOffset + tensor.Offset) * tensor.Storage.ElementSize;
            if (tensor.Storage.DType == TorchDType.Int64)
                result.Add(name, new Int64Tensor(Gather<long>(stream, tensor, start, static (s, i) => BinaryPrimitives.ReadInt64LittleEndian(s[(8 * i)..])), tensor.Size));
            else
                result.Add(name, new Tensor(Floats(stream, tensor, start), tensor.Size));
        }
        return result;
    }

    private static float[] Floats(Stream stream, TorchTensor tensor, long start)
    {
        if (tensor.Storage.DType == TorchDType.Float32 && IsContiguous(tensor))
        {
            // the common case: read the bytes straight into the tensor's array
            float[] values = new float[Count(tensor)];
            stream.Position = start;
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }
        return tensor.Storage.DType switch
        {
            TorchDType.Float32 => Gather<float>(stream, tensor, start, static (s, i) => BinaryPrimitives.ReadSingleLittleEndian(s[(4 * i)..])),
            TorchDType.Float64 => Gather<float>(stream, tensor, start, static (s, i) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s[(8 * i)..])),
            TorchDType.Float16 => Gather<float>(stream, tensor, start, static (s, i) => (float)BinaryPrimitives.ReadHalfLittleEndian(s[(2 * i)..])),
            _ => Gather<float>(stream, tensor, start, static (s, i) => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]) << 16)),
        };
    }

    private delegate T ElementReader<T>(ReadOnlySpan<byte> bytes, int index);

    /// <summary>Reads the span of the storage a strided tensor covers and copies its elements out in row-major order.</summary>
    private static T[] Gather<T>(Stream stream, TorchTensor tensor, long start, ElementReader<T> read)
    {
        int count = Count(tensor);
        var values = new T[count];
        if (count == 0)
            return values;
        long extent = 1;
        for (int d = 0; d < tensor.Size.Length; d++)
            extent += (tensor.Size[d] - 1) * tensor.Stride[d];
        long bytes = extent * tensor.Storage.ElementSize;
        if (bytes > Array.MaxLength)
            throw new CheckpointException($"A tensor of shape [{string.Join(", ", tensor.Size)}] spans {bytes} bytes of its storage; strided tensors over 2 GB cannot be read. Save it contiguous (.contiguous()).");
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)bytes);
        try
        {
            stream.Position = start;
            stream.ReadExactly(buffer, 0, (int)bytes);
            ReadOnlySpan<byte> span = buffer.AsSpan(0, (int)bytes);
            int rank = tensor.Size.Length;
            Span<int> index = stackalloc int[Math.Max(rank, 1)];
            index.Clear();
            int offset = 0;
            for (int i = 0; i < count; i++)
            {
                values[i] = read(span, offset);
                for (int d = rank - 1; d >= 0; d--)
                {
                    offset += (int)tensor.Stride[d];
                    if (++index[d] < tensor.Size[d])
                        break;
                    offset -= (int)(tensor.Stride[d] * tensor.Size[d]);
                    index[d] = 0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return values;
    }

    private static int Count(TorchTensor tensor)
    {
        long count = 1;
        foreach (int s in tensor.Size)
            count *= s;
        return (int)count;
    }

    private static bool IsContiguous(TorchTensor tensor)
    {
        long expected = 1;
        for (int d = tensor.Size.Length - 1; d >= 0; d--)
        {
            if (tensor.Size[d] != 1 && tensor.Stride[d] != expected)
                return false;
            expected *= tensor.Size[d];
        }
        return true;
    }
}

/// <summary>A whole-model checkpoint: its state dicts by top-level key, and its other top-level values as read.</summary>
internal sealed record TorchCheckpoint(IReadOnlyDictionary<string, StateDict> StateDicts, IReadOnlyDictionary<string, object?> Values);
