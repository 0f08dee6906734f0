using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace XhsGenerated.Http;

/// <summary>
/// One API call as a generated method describes it: method, path template, parameters. The token
/// is not here: the transport adds it to the copy it sends, so nothing a caller can see holds it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JustOneApiRequest
{
    private const string TokenName = "token";

    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly List<KeyValuePair<string, string>> _query = new();
    private readonly List<KeyValuePair<string, string>> _form = new();
    private readonly List<KeyValuePair<string, string>> _path = new();

    /// <summary>Creates a request.</summary>
    /// <param name="method">The HTTP method, upper case.</param>
    /// <param name="pathTemplate">The path, with <c>{name}</c> for path parameters.</param>
    /// <param name="operationId">The document's operation id, for messages and telemetry.</param>
    public JustOneApiRequest(string method, string pathTemplate, string operationId)
    {
        Method = method;
        PathTemplate = pathTemplate;
        OperationId = operationId;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path template.</summary>
    public string PathTemplate { get; }

    /// <summary>The operation id.</summary>
    public string OperationId { get; }

    /// <summary>Whether the parameters, the token included, travel in an <c>application/x-www-form-urlencoded</c> body.</summary>
    public bool SendAsForm { get; init; }

    /// <summary>Adds a query parameter.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="value">Its value.</param>
    public void AddQuery(string name, string value) => _query.Add(new(name, value));

    /// <inheritdoc cref="AddQuery(string, string)"/>
    public void AddQuery(string name, long value) => AddQuery(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc cref="AddQuery(string, string)"/>
    public void AddQuery(string name, double value) => AddQuery(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <inheritdoc cref="AddQuery(string, string)"/>
    public void AddQuery(string name, bool value) => AddQuery(name, value ? "true" : "false");

    /// <summary>Sets a path parameter.</summary>
    /// <param name="name">The parameter's name in the template.</param>
    /// <param name="value">Its value.</param>
    public void AddPath(string name, string value) => _path.Add(new(name, value));

    /// <inheritdoc cref="AddPath(string, string)"/>
    public void AddPath(string name, long value) => AddPath(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc cref="AddPath(string, string)"/>
    public void AddPath(string name, double value) => AddPath(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <inheritdoc cref="AddPath(string, string)"/>
    public void AddPath(string name, bool value) => AddPath(name, value ? "true" : "false");

    /// <summary>Adds a form field (<c>application/x-www-form-urlencoded</c> body); the token then travels in the body too.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="value">Its value.</param>
    public void AddForm(string name, string value) => _form.Add(new(name, value));

    /// <inheritdoc cref="AddForm(string, string)"/>
    public void AddForm(string name, long value) => AddForm(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc cref="AddForm(string, string)"/>
    public void AddForm(string name, double value) => AddForm(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <inheritdoc cref="AddForm(string, string)"/>
    public void AddForm(string name, bool value) => AddForm(name, value ? "true" : "false");

    /// <summary>Every parameter as sent (path, query, then form), the token never among them.</summary>
    internal IEnumerable<KeyValuePair<string, string>> Parameters => _path.Concat(_query).Concat(_form);

    /// <summary>The path with its parameters filled in and escaped.</summary>
    internal string Path
    {
        get
        {
            var path = PathTemplate;
            foreach (var parameter in _path)
            {
                path = path.Replace("{" + parameter.Key + "}", Uri.EscapeDataString(parameter.Value), StringComparison.Ordinal);
            }

            return path;
        }
    }

    /// <summary>The URL without the token, for logs and messages: <c>https://host/path?keyword=…</c>.</summary>
    internal string DisplayUrl(Uri baseAddress) => Url(baseAddress, token: null);

    /// <summary>Builds the message to send to <paramref name="baseAddress"/>, with the token.</summary>
    /// <param name="baseAddress">The endpoint.</param>
    /// <param name="token">The secret.</param>
    /// <param name="userAgent">The <c>User-Agent</c> header's value.</param>
    internal HttpRequestMessage ToHttpRequest(Uri baseAddress, string token, string userAgent)
    {
        var inBody = SendAsForm || _form.Count > 0;
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url(baseAddress, inBody ? null : token), UriKind.Absolute));
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        message.Headers.Accept.Add(JsonMediaType);
        if (inBody)
        {
            var fields = new List<KeyValuePair<string, string>>(_form.Count + 1) { new(TokenName, token) };
            fields.AddRange(_form);
            message.Content = new FormUrlEncodedContent(fields);
        }

        return message;
    }

    private string Url(Uri baseAddress, string? token)
    {
        var builder = new StringBuilder(128);
        builder.Append(baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        builder.Append(Path);
        var separator = '?';
        if (token is not null)
        {
            builder.Append(separator).Append(TokenName).Append('=').Append(Uri.EscapeDataString(token));
            separator = '&';
        }

        foreach (var parameter in _query)
        {
            // Encoded exactly once: '&', '#', '/', '?', '+', spaces, CJK and emoji all become %XX.
            builder.Append(separator).Append(Uri.EscapeDataString(parameter.Key)).Append('=').Append(Uri.EscapeDataString(parameter.Value));
            separator = '&';
        }

        return builder.ToString();
    }
}
