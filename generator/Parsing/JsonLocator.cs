using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis.Text;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// Finds where a JSON pointer (<c>/paths/~1a/get</c>) sits in a document's text, so diagnostics
/// point into the file. Scans the text once, on first use, and only on the diagnostic path. JSON
/// is indexed here; YAML by <see cref="YamlDocuments"/>.
/// </summary>
internal sealed class JsonLocator
{
    private readonly string _path;
    private readonly SourceText _text;
    private readonly Func<string, Dictionary<string, TextSpan>> _index;
    private Dictionary<string, TextSpan>? _spans;

    public JsonLocator(string path, SourceText text)
        : this(path, text, Index)
    {
    }

    /// <summary>A locator over another notation of the same tree (YAML): <paramref name="index"/> maps each JSON pointer to its span in the text.</summary>
    public JsonLocator(string path, SourceText text, Func<string, Dictionary<string, TextSpan>> index)
    {
        _path = path;
        _text = text;
        _index = index;
    }

    /// <summary>The span of the value at <paramref name="pointer"/>, or of its nearest existing parent.</summary>
    public FileLocation Locate(string pointer)
    {
        var spans = _spans ??= _index(_text.ToString());

        // OpenAPI.NET writes pointers as URI fragments: "#/info/title".
        var current = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        current = current.Length == 0 || current[0] != '/' ? "" : current;
        while (true)
        {
            if (spans.TryGetValue(current, out var span))
            {
                return At(span);
            }

            if (current.Length == 0)
            {
                return At(new TextSpan(0, 0));
            }

            current = current.Substring(0, current.LastIndexOf('/'));
        }
    }

    /// <summary>The location of a zero-based line and UTF-8 byte column, as <see cref="JsonException"/> reports.</summary>
    public FileLocation LocateLine(long line, long byteColumn)
    {
        if (line < 0 || line >= _text.Lines.Count)
        {
            return At(new TextSpan(_text.Length, 0));
        }

        var textLine = _text.Lines[(int)line];
        var lineText = _text.ToString(textLine.Span);
        var bytes = Encoding.UTF8.GetBytes(lineText);
        var column = Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Min(Math.Max(byteColumn, 0), bytes.Length));
        return At(new TextSpan(textLine.Start + column, 0));
    }

    private FileLocation At(TextSpan span)
    {
        var lines = _text.Lines.GetLinePositionSpan(span);
        return new FileLocation(_path, span.Start, span.Length, lines.Start.Line, lines.Start.Character, lines.End.Line, lines.End.Character);
    }

    private static Dictionary<string, TextSpan> Index(string text)
    {
        var spans = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        var offsets = new CharOffsets(bytes);

        // Each frame: the pointer of the container, the char offset where it started, the next array index.
        var frames = new Stack<(string Pointer, int Start, int NextIndex, bool IsArray)>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = Name(ref reader);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Push((ChildPointer(frames, ref pendingName), offsets.At(reader.TokenStartIndex), 0, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        var frame = frames.Pop();
                        spans[frame.Pointer] = TextSpan.FromBounds(frame.Start, offsets.At(reader.BytesConsumed));
                        break;
                    default:
                        var pointer = ChildPointer(frames, ref pendingName);
                        var start = offsets.At(reader.TokenStartIndex);
                        spans[pointer] = TextSpan.FromBounds(start, offsets.At(reader.BytesConsumed));
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A broken document still gets the locations found before the break.
        }

        return spans;
    }

    /// <summary>A property name; one that is not valid UTF-16 once unescaped (a lone surrogate) is taken as written.</summary>
    private static string Name(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
        }
    }

    private static string ChildPointer(Stack<(string Pointer, int Start, int NextIndex, bool IsArray)> frames, ref string? pendingName)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var parent = frames.Pop();
        string segment;
        if (parent.IsArray)
        {
            segment = parent.NextIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parent.NextIndex++;
        }
        else
        {
            segment = (pendingName ?? "").Replace("~", "~0").Replace("/", "~1");
            pendingName = null;
        }

        frames.Push(parent);
        return parent.Pointer + "/" + segment;
    }

    /// <summary>Turns UTF-8 byte offsets into char offsets; offsets must be asked in increasing order.</summary>
    private sealed class CharOffsets
    {
        private readonly byte[] _bytes;
        private int _byte;
        private int _char;

        public CharOffsets(byte[] bytes) => _bytes = bytes;

        public int At(long byteOffset)
        {
            var target = (int)byteOffset;
            if (target > _byte)
            {
                _char += Encoding.UTF8.GetCharCount(_bytes, _byte, target - _byte);
                _byte = target;
            }

            return _char;
        }
    }
}
