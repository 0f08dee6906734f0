using System;
using System.Buffers;
using System.ComponentModel;

namespace XhsGenerated.Serialization;

/// <summary>
/// Collects list items in a pooled buffer and hands them out as one exact-size array, so reading a
/// list allocates the array and nothing else. Dispose to return the buffer.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ListBuilder<T> : IDisposable
{
    private T[]? _buffer;
    private int _count;

    /// <summary>Adds an item.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<T>.Shared.Rent(16);
        }
        else if (_count == _buffer.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(_buffer.Length * 2);
            Array.Copy(_buffer, larger, _count);
            Return();
            _buffer = larger;
        }

        _buffer[_count++] = item;
    }

    /// <summary>The items so far, as a new array.</summary>
    /// <returns>An array of exactly the items added.</returns>
    public readonly T[] ToArray() => _count == 0 ? Array.Empty<T>() : _buffer.AsSpan(0, _count).ToArray();

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        Return();
        _buffer = null;
        _count = 0;
    }

    private readonly void Return()
    {
        if (_buffer is not null)
        {
            ArrayPool<T>.Shared.Return(_buffer, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}
