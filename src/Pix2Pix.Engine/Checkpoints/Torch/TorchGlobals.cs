namespace Pix2Pix.Engine.Checkpoints.Torch;

/// <summary>
/// The only Python globals a state-dict pickle may name, and what "calling" each means here: building a plain value.
/// Everything else — a model class (<c>torch.save(model)</c>), <c>os.system</c>, any function — is refused by name.
/// </summary>
internal static class TorchGlobals
{
    private const string SaveWeightsAlone = "In Python, save the weights alone: torch.save(net.state_dict(), path)";

    private static readonly Dictionary<string, TorchDType> Storages = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = TorchDType.Float32,
        ["DoubleStorage"] = TorchDType.Float64,
        ["HalfStorage"] = TorchDType.Float16,
        ["BFloat16Storage"] = TorchDType.BFloat16,
        ["LongStorage"] = TorchDType.Int64,
    };

    /// <summary>Class names whose pickled instances are plain attribute bags (pytorch_GAN_zoo's config).</summary>
    private static readonly HashSet<string> RecordClasses = new(StringComparer.Ordinal) { "BaseConfig" };

    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
    };

    /// <summary>The global <paramref name="module"/>.<paramref name="name"/> if a state dict may name it; otherwise an exception saying why not.</summary>
    /// <param name="allowRecords">Also allow the configuration classes checkpoints of whole models carry (pytorch_GAN_zoo's
    /// <c>BaseConfig</c>, any module): their instances become <see cref="PickleObject"/>s, plain attribute bags.</param>
    public static PickleGlobal Resolve(string module, string name, string file, string where, bool allowRecords = false)
    {
        string full = $"{module}.{name}";
        if (Functions.Contains(full) || (module == "torch" && Storages.ContainsKey(name)))
            return new PickleGlobal(module, name);
        if (allowRecords && RecordClasses.Contains(name))
            return new PickleGlobal(module, name, Record: true);
        if (module == "torch" && name.EndsWith("Storage", StringComparison.Ordinal))
            throw new CheckpointException($"Checkpoint '{file}' holds tensors stored as torch.{name} ({where}); only float32, float16, bfloat16, float64 and int64 tensors can be read. "
                + "In Python, convert them with .float() before saving.");
        if (module.StartsWith("torch.jit", StringComparison.Ordinal) || module.StartsWith("torch._C", StringComparison.Ordinal))
            throw new CheckpointException($"Checkpoint '{file}' refers to '{full}' ({where}): it is TorchScript, not a state dict. Nothing in it was run. {SaveWeightsAlone}.");
        bool looksLikeClass = name.Length > 0 && char.IsUpper(name[0]);
        throw new CheckpointException(looksLikeClass
            ? $"Checkpoint '{file}' holds a pickled Python object of class '{full}' ({where}), not a state dict of tensors: it was probably saved with torch.save(model). "
              + $"Nothing in it was run. {SaveWeightsAlone}."
            : $"Checkpoint '{file}' refers to the Python global '{full}' ({where}), which a state dict never contains; it was refused and nothing in the file was run. "
              + $"If the file is yours, {char.ToLowerInvariant(SaveWeightsAlone[0])}{SaveWeightsAlone[1..]}.");
    }

    /// <summary>The storage element type of a storage class global (<c>torch.FloatStorage</c> …).</summary>
    public static TorchDType StorageType(object? value, string file, string where) =>
        value is PickleGlobal { Module: "torch" } g && Storages.TryGetValue(g.Name, out TorchDType dtype)
            ? dtype
            : throw new CheckpointException($"Checkpoint '{file}' gives {RestrictedUnpickler.Describe(value)} as a storage type ({where}); the file is damaged or is not a state dict.");

    /// <summary>What calling <paramref name="function"/> with <paramref name="args"/> builds.</summary>
    public static object Call(PickleGlobal function, PickleTuple args, string file, string where)
    {
        object?[] a = args.Items;
        if (function.Record)
        {
            if (a.Length != 0)
                throw Fail(file, where, $"builds a {function} from {a.Length} arguments; a configuration object is built from none");
            return new PickleObject(function.ToString());
        }
        switch ($"{function.Module}.{function.Name}")
        {
            case "collections.OrderedDict":
                var dict = new PickleDict(ordered: true);
                if (a.Length == 1 && a[0] is PickleList pairs)
                {
                    foreach (object? pair in pairs.Items)
                    {
                        if (pair is not PickleTuple { Items.Length: 2 } kv)
                            throw Fail(file, where, "builds an OrderedDict from something other than (key, value) pairs");
                        dict.Items.Add(new(kv.Items[0], kv.Items[1]));
                    }
                }
                else if (a.Length != 0)
                {
                    throw Fail(file, where, $"builds an OrderedDict from {a.Length} arguments");
                }
                return dict;
            case "torch._utils._rebuild_tensor":
                Expect(a, 4, 4, function, file, where);
                return Tensor(a, file, where);
            case "torch._utils._rebuild_tensor_v2":
                Expect(a, 6, 7, function, file, where);
                return Tensor(a, file, where);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                Expect(a, 3, 4, function, file, where);
                return a[0] as TorchTensor ?? throw Fail(file, where, $"makes a parameter from {RestrictedUnpickler.Describe(a[0])} instead of a tensor");
            default:
                throw Fail(file, where, $"calls {function}, which only names a type of storage");
        }
    }

    private static void Expect(object?[] args, int least, int most, PickleGlobal function, string file, string where)
    {
        if (args.Length < least || args.Length > most)
            throw Fail(file, where, $"calls {function} with {args.Length} arguments instead of {least}" + (most > least ? $"–{most}" : ""));
    }

    private static TorchTensor Tensor(object?[] a, string file, string where)
    {
        if (a[0] is not TorchStorage storage)
            throw Fail(file, where, $"builds a tensor on {RestrictedUnpickler.Describe(a[0])} instead of a storage");
        long offset = a[1] as long? ?? throw Fail(file, where, $"gives a tensor the storage offset {RestrictedUnpickler.Describe(a[1])}");
        long[] size = Longs(a[2], "size", file, where);
        long[] stride = Longs(a[3], "stride", file, where);
        if (size.Length != stride.Length)
            throw Fail(file, where, $"gives a tensor {size.Length} sizes but {stride.Length} strides");
        long count = 1, last = offset;
        try
        {
            for (int i = 0; i < size.Length; i++)
            {
                if (size[i] < 0 || stride[i] < 0 || size[i] > int.MaxValue)
                    throw Fail(file, where, $"gives a tensor a negative or too large size or stride ([{string.Join(", ", size)}], strides [{string.Join(", ", stride)}])");
                count = checked(count * size[i]);
                if (size[i] > 0)
                    last = checked(last + (size[i] - 1) * stride[i]);
            }
        }
        catch (OverflowException)
        {
            throw Fail(file, where, $"gives a tensor sizes [{string.Join(", ", size)}] and strides [{string.Join(", ", stride)}] that overflow");
        }
        if (count > Array.MaxLength)
            throw Fail(file, where, $"holds a tensor of {count:N0} elements, more than one array can hold");
        long available = storage.ViewNumel;
        if (offset < 0 || (count > 0 && last >= available))
            throw Fail(file, where, $"places a tensor of shape [{string.Join(", ", size)}] at offset {offset} with strides [{string.Join(", ", stride)}] beyond the end of its {available}-element storage");
        return new TorchTensor(storage, offset, size.Select(s => (int)s).ToArray(), stride);
    }

    private static long[] Longs(object? value, string what, string file, string where)
    {
        if (value is not PickleTuple tuple || tuple.Items.Any(i => i is not long))
            throw Fail(file, where, $"gives a tensor the {what} {RestrictedUnpickler.Describe(value)} instead of a tuple of integers");
        if (tuple.Items.Length > 16)
            throw Fail(file, where, $"gives a tensor {tuple.Items.Length} dimensions; at most 16 are supported");
        return tuple.Items.Select(i => (long)i!).ToArray();
    }

    private static CheckpointException Fail(string file, string where, string problem) =>
        new($"Checkpoint '{file}' {problem} ({where}); the file is damaged or is not a state dict.");
}
