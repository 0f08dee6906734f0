using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace XhsGenerated;

/// <summary>Argument checks used by generated clients.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ArgumentGuard
{
    /// <summary>Throws when <paramref name="value"/> is null, empty or white space.</summary>
    /// <param name="value">The argument.</param>
    /// <param name="name">The argument's name, filled in by the compiler.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    public static void NotNullOrWhiteSpace([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name, $"'{name}' is required: pass a non-empty value.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"'{name}' is required: pass a value that is not empty or white space.", name);
        }
    }

    /// <summary>Throws when <paramref name="value"/> is outside [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    /// <param name="value">The argument; null passes.</param>
    /// <param name="minimum">The inclusive lower bound, or null for none.</param>
    /// <param name="maximum">The inclusive upper bound, or null for none.</param>
    /// <param name="name">The argument's name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is out of range.</exception>
    public static void InRange(long? value, long? minimum, long? maximum, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is not { } v)
        {
            return;
        }

        if (v < minimum || v > maximum)
        {
            var range = (minimum, maximum) switch
            {
                ({ } min, { } max) => string.Format(CultureInfo.InvariantCulture, "between {0} and {1}", min, max),
                ({ } min, null) => string.Format(CultureInfo.InvariantCulture, "at least {0}", min),
                (null, { } max) => string.Format(CultureInfo.InvariantCulture, "at most {0}", max),
                _ => "in range",
            };
            throw new ArgumentOutOfRangeException(name, v, $"'{name}' must be {range}.");
        }
    }
}
