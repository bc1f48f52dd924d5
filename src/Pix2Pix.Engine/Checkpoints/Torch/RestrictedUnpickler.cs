using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Pix2Pix.Engine.Checkpoints.Torch;

/// <summary>
/// A pickle reader that only builds values: it knows the opcodes PyTorch's <c>torch.save</c> uses (protocol 2, and the
/// newer ones Python may emit) and resolves globals through <see cref="TorchGlobals"/>, which allows only what a state
/// dict needs. It never imports or calls anything; every problem is a <see cref="CheckpointException"/> naming the file,
/// the pickle and the byte offset.
/// </summary>
internal sealed class RestrictedUnpickler(byte[] data, int start, string file, string where, Func<PickleTuple, object> persistentLoad, bool partial, bool allowRecords)
{
    /// <summary>Most items on the stack or in the memo: far above any state dict, far below what could exhaust memory.</summary>
    private const int MaxItems = 4_000_000;
    private const int MaxLongBytes = 64;

    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos = start;

    /// <summary>
    /// Reads one pickle starting at <paramref name="start"/>; returns its value and the offset after its STOP. When
    /// <paramref name="partial"/> is set, <paramref name="data"/> is only the start of the file and running past its end
    /// throws <see cref="PickleNeedsMoreBytesException"/> so that the caller can read more and try again.
    /// </summary>
    public static (object? Value, int End) Load(byte[] data, int start, string file, string where, Func<PickleTuple, object> persistentLoad, bool partial = false, bool allowRecords = false)
    {
        var machine = new RestrictedUnpickler(data, start, file, where, persistentLoad, partial, allowRecords);
        object? value = machine.Run();
        return (value, machine._pos);
    }

    private object? Run()
    {
        while (true)
        {
            int at = _pos;
            byte op = ReadByte();
            switch (op)
            {
                case 0x80: ReadByte(); break;                                  // PROTO
                case 0x95: Take(8); break;                                     // FRAME (a length hint)
                case (byte)'.': return Stop(at);                               // STOP
                case (byte)'(': Mark(); break;                                 // MARK
                case (byte)')': Push(new PickleTuple([])); break;              // EMPTY_TUPLE
                case (byte)']': Push(new PickleList()); break;                 // EMPTY_LIST
                case (byte)'}': Push(new PickleDict(ordered: false)); break;   // EMPTY_DICT
                case (byte)'N': Push(null); break;                             // NONE
                case 0x88: Push(true); break;                                  // NEWTRUE
                case 0x89: Push(false); break;                                 // NEWFALSE
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;   // BININT
                case (byte)'K': Push((long)ReadByte()); break;                                        // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;  // BININT2
                case 0x8a: Push(ReadLong(ReadByte(), at)); break;                                      // LONG1
                case 0x8b: Push(ReadLong(ReadLength(4, at), at)); break;                               // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;           // BINFLOAT
                case (byte)'X': Push(Utf8(ReadLength(4, at), at)); break;                              // BINUNICODE
                case 0x8c: Push(Utf8(ReadByte(), at)); break;                                          // SHORT_BINUNICODE
                case 0x8d: Push(Utf8(ReadLength(8, at), at)); break;                                   // BINUNICODE8
                case (byte)'T': Push(Latin1(ReadLength(4, at))); break;                                // BINSTRING
                case (byte)'U': Push(Latin1(ReadByte())); break;                                       // SHORT_BINSTRING
                case (byte)'B': Push(Take(ReadLength(4, at)).ToArray()); break;                        // BINBYTES
                case (byte)'C': Push(Take(ReadByte()).ToArray()); break;                               // SHORT_BINBYTES
                case 0x8e: Push(Take(ReadLength(8, at)).ToArray()); break;                             // BINBYTES8
                case (byte)'c': Push(Global(ReadLine(at), ReadLine(at), at)); break;                   // GLOBAL
                case 0x93: StackGlobal(at); break;                                                     // STACK_GLOBAL
                case (byte)'q': Memo(ReadByte(), at); break;                                           // BINPUT
                case (byte)'r': Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at); break;     // LONG_BINPUT
                case 0x94: Memo(_memo.Count, at); break;                                               // MEMOIZE
                case (byte)'h': Push(Recall(ReadByte(), at)); break;                                   // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at)); break; // LONG_BINGET
                case (byte)'t': Push(new PickleTuple(PopToMark(at).ToArray())); break;                 // TUPLE
                case 0x85: Push(new PickleTuple([Pop(at)])); break;                                    // TUPLE1
                case 0x86: { object? b = Pop(at), a = Pop(at); Push(new PickleTuple([a, b])); break; } // TUPLE2
                case 0x87: { object? c = Pop(at), b = Pop(at), a = Pop(at); Push(new PickleTuple([a, b, c])); break; } // TUPLE3
                case (byte)'l': { var list = new PickleList(); list.Items.AddRange(PopToMark(at)); Push(list); break; } // LIST
                case (byte)'d': Push(DictFrom(PopToMark(at), new PickleDict(ordered: false), at)); break; // DICT
                case (byte)'a': { object? item = Pop(at); ListAt(Top(at), at).Items.Add(item); break; }  // APPEND
                case (byte)'e': { List<object?> items = PopToMark(at); ListAt(Top(at), at).Items.AddRange(items); break; } // APPENDS
                case (byte)'s': { object? v = Pop(at), k = Pop(at); DictAt(Top(at), at).Items.Add(new(k, v)); break; }  // SETITEM
                case (byte)'u': { List<object?> items = PopToMark(at); DictFrom(items, DictAt(Top(at), at), at); break; } // SETITEMS
                case (byte)'R': { object? args = Pop(at), callable = Pop(at); Push(Reduce(callable, args, at)); break; } // REDUCE
                case 0x81: { object? args = Pop(at), cls = Pop(at); Push(Reduce(cls, args, at)); break; }  // NEWOBJ
                case (byte)'b': { object? state = Pop(at); Build(Top(at), state, at); break; }             // BUILD
                case (byte)'Q': Push(persistentLoad(TupleAt(Pop(at), "a persistent id", at))); break;     // BINPERSID
                case (byte)'0': Pop(at); break;                                                            // POP
                case (byte)'1': PopToMark(at); break;                                                      // POP_MARK
                case (byte)'2': Push(Top(at)); break;                                                      // DUP
                default:
                    throw Fail(at, $"uses pickle opcode 0x{op:x2} ('{(op is >= 32 and < 127 ? (char)op : '?')}'), which a PyTorch state dict never contains; the file is damaged or is not a state dict");
            }
        }
    }

    private object? Stop(int at)
    {
        if (_stack.Count != 1 || _marks.Count != 0)
            throw Fail(at, $"ends its pickle with {_stack.Count} values on the stack instead of one; the file is damaged");
        return _stack[0];
    }

    private PickleGlobal Global(string module, string name, int at) => TorchGlobals.Resolve(module, name, file, $"{where} at byte {at}", allowRecords);

    private void StackGlobal(int at)
    {
        object? name = Pop(at), module = Pop(at);
        if (module is not string m || name is not string n)
            throw Fail(at, "names a global with values that are not strings; the file is damaged");
        Push(Global(m, n, at));
    }

    private object Reduce(object? callable, object? args, int at)
    {
        if (callable is not PickleGlobal global)
            throw Fail(at, $"calls {Describe(callable)}, which is not a function; the file is damaged");
        return TorchGlobals.Call(global, TupleAt(args, $"the arguments of {global}", at), file, $"{where} at byte {at}");
    }

    private void Build(object? target, object? state, int at)
    {
        // OrderedDict state dicts carry a `_metadata` attribute (per-module versions) and parameters may carry a state
        // dict of Python attributes; neither changes the tensors, so both are read and set aside.
        if (target is PickleDict or TorchTensor)
            return;
        if (target is PickleObject record)
        {
            record.State = state as PickleDict ?? throw Fail(at, $"sets the attributes of a {record.ClassName} from {Describe(state)} instead of a dict; the file is damaged");
            return;
        }
        throw Fail(at, $"sets the state of {Describe(target)}, which a state dict never does; the file is damaged or is not a state dict");
    }

    private PickleDict DictFrom(List<object?> items, PickleDict dict, int at)
    {
        if (items.Count % 2 != 0)
            throw Fail(at, "has a dict with a key but no value; the file is damaged");
        for (int i = 0; i < items.Count; i += 2)
            dict.Items.Add(new(items[i], items[i + 1]));
        return dict;
    }

    private PickleList ListAt(object? value, int at) =>
        value as PickleList ?? throw Fail(at, $"appends to {Describe(value)}, which is not a list; the file is damaged");

    private PickleDict DictAt(object? value, int at) =>
        value as PickleDict ?? throw Fail(at, $"sets an item of {Describe(value)}, which is not a dict; the file is damaged");

    private PickleTuple TupleAt(object? value, string what, int at) =>
        value as PickleTuple ?? throw Fail(at, $"gives {Describe(value)} as {what}, where a tuple belongs; the file is damaged");

    private void Memo(long index, int at)
    {
        if (_memo.Count >= MaxItems && !_memo.ContainsKey(index))
            throw Fail(at, $"stores more than {MaxItems:N0} memo entries; the file is damaged or is not a state dict");
        _memo[index] = Top(at);
    }

    private object? Recall(long index, int at) =>
        _memo.TryGetValue(index, out object? value) ? value : throw Fail(at, $"refers to memo entry {index}, which was never stored; the file is damaged");

    private void Mark()
    {
        if (_marks.Count >= MaxItems)
            throw Fail(_pos, $"opens more than {MaxItems:N0} nested groups; the file is damaged or is not a state dict");
        _marks.Push(_stack.Count);
    }

    private void Push(object? value)
    {
        if (_stack.Count >= MaxItems)
            throw Fail(_pos, $"puts more than {MaxItems:N0} values on the pickle stack; the file is damaged or is not a state dict");
        _stack.Add(value);
    }

    /// <summary>Pushes a pickled integer: as a long when it fits (every size and offset does), else as a BigInteger.</summary>
    private void Push(BigInteger value) => Push(value >= long.MinValue && value <= long.MaxValue ? (long)value : (object)value);

    private object? Pop(int at)
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() == _stack.Count))
            throw Fail(at, "takes a value from an empty pickle stack; the file is damaged");
        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Top(int at)
    {
        if (_stack.Count == 0)
            throw Fail(at, "reads the top of an empty pickle stack; the file is damaged");
        return _stack[^1];
    }

    private List<object?> PopToMark(int at)
    {
        if (_marks.Count == 0)
            throw Fail(at, "closes a group that was never opened (no MARK); the file is damaged");
        int mark = _marks.Pop();
        List<object?> items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private byte ReadByte()
    {
        if (_pos >= data.Length)
            throw Truncated(_pos, "ends in the middle of its pickle; the file is truncated. Re-download or re-save it");
        return data[_pos++];
    }

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > data.Length - _pos)
            throw Truncated(_pos, $"declares {count} bytes where only {data.Length - _pos} remain in its pickle; the file is truncated or damaged");
        var span = new ReadOnlySpan<byte>(data, _pos, (int)count);
        _pos += (int)count;
        return span;
    }

    private long ReadLength(int width, int at)
    {
        ReadOnlySpan<byte> bytes = Take(width);
        long length = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (length < 0 || length > data.Length - _pos)
            throw Truncated(at, $"declares a {length}-byte value where only {data.Length - _pos} bytes remain in its pickle; the file is truncated or damaged");
        return length;
    }

    private BigInteger ReadLong(long count, int at)
    {
        if (count > MaxLongBytes)
            throw Fail(at, $"holds a {count}-byte integer; a state dict never needs one that large, so the file is damaged");
        return new BigInteger(Take(count), isUnsigned: false, isBigEndian: false);
    }


    private string Utf8(long count, int at)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(count));
        }
        catch (DecoderFallbackException)
        {
            throw Fail(at, "holds a string that is not valid UTF-8; the file is damaged");
        }
    }

    private string Latin1(long count) => Encoding.Latin1.GetString(Take(count));

    private string ReadLine(int at)
    {
        int end = Array.IndexOf(data, (byte)'\n', _pos, Math.Min(data.Length - _pos, 256));
        if (end < 0 && data.Length - _pos < 256)
            throw Truncated(at, "ends in the middle of a global's name; the file is truncated. Re-download or re-save it");
        if (end < 0)
            throw Fail(at, "names a global without an end of line within 256 bytes; the file is damaged");
        string line = Encoding.ASCII.GetString(data, _pos, end - _pos);
        _pos = end + 1;
        return line;
    }

    private Exception Truncated(int at, string problem) => partial ? new PickleNeedsMoreBytesException() : Fail(at, problem);

    private CheckpointException Fail(int at, string problem) => new($"Checkpoint '{file}' {problem} ({where} at byte {at}).");

    /// <summary>A short description of a pickled value for error messages (never walks into it, so cycles are harmless).</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"the string '{(s.Length > 40 ? s[..40] + "…" : s)}'",
        long or BigInteger => $"the integer {value}",
        double d => $"the number {d}",
        bool b => b ? "True" : "False",
        byte[] bytes => $"{bytes.Length} bytes",
        PickleTuple t => $"a tuple of {t.Items.Length}",
        PickleList l => $"a list of {l.Items.Count}",
        PickleDict d => $"a dict of {d.Items.Count} entries",
        PickleGlobal g => $"the global {g}",
        TorchStorage => "a storage",
        TorchTensor => "a tensor",
        PickleObject o => $"an object of class {o.ClassName}",
        _ => value.GetType().Name,
    };
}

/// <summary>A pickle read from the start of a file ran past the bytes read so far: read more and try again.</summary>
internal sealed class PickleNeedsMoreBytesException : Exception
{
    public PickleNeedsMoreBytesException()
        : base("The pickle continues past the bytes read so far.")
    {
    }

    public PickleNeedsMoreBytesException(string message)
        : base(message)
    {
    }

    public PickleNeedsMoreBytesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
