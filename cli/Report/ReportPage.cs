using System.Globalization;
using System.Net;
using System.Text;

namespace Xhs.Cli.Report;

/// <summary>
/// The report as one self-contained HTML file: CSS, a few lines of script and SVG charts drawn here,
/// nothing fetched. Every text from the API (names, keywords) is HTML-escaped where it lands. Each
/// chart is an <c>svg[data-chart]</c>, each series a <c>g[data-series]</c>, each point a
/// <c>circle[data-point]</c> and each heat-map cell a <c>rect[data-cell]</c>, so the page can be checked.
/// </summary>
internal static class ReportPage
{
    private static readonly string[] Palette = { "#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#db2777", "#65a30d", "#4f46e5", "#b45309" };

    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2937;background:#fff}
        h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #e5e7eb;padding-bottom:.3rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
        .muted{color:#6b7280}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:1rem}
        svg{background:#fafafa;border:1px solid #e5e7eb;border-radius:6px}svg text{font-size:11px;fill:#374151}
        .axis{stroke:#9ca3af;stroke-width:1}.grid{stroke:#e5e7eb;stroke-width:1}path.line{fill:none;stroke-width:2}
        .legend span{display:inline-block;margin:0 .8rem .3rem 0;cursor:pointer}.legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
        .off{opacity:.12}table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e5e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f4f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .k-new{color:#16a34a}.k-gone{color:#dc2626}.k-moved{color:#2563eb}.k-profile{color:#9333ea}
        """;

    private const string Script = """
        document.querySelectorAll('.legend span').forEach(function (item) {
          item.addEventListener('click', function () {
            var chart = document.getElementById(item.getAttribute('data-for'));
            var series = chart && chart.querySelector('g[data-series-index="' + item.getAttribute('data-index') + '"]');
            if (series) { series.classList.toggle('off'); item.classList.toggle('off'); }
          });
        });
        """;

    public static string Render(ReportData data, string database)
    {
        var html = new StringBuilder();
        var runs = data.Runs;
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>xhs report: ").Append(E(database)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>Creators over time</h1>\n<p class=\"muted\">").Append(E(database)).Append(": ").Append(runs.Count).Append(" finished run(s), from run ")
            .Append(runs[0].RunId).Append(" (").Append(E(runs[0].StartedAt)).Append(") to run ").Append(runs[^1].RunId).Append(" (").Append(E(runs[^1].StartedAt)).Append(").</p>\n");

        var labels = runs.Select(r => "#" + r.RunId.ToString(CultureInfo.InvariantCulture)).ToList();
        html.Append("<h2>Users per run</h2>\n<p class=\"muted\">Users found in each finished run, and how many were new or gone since the finished run before it.</p>\n");
        Chart(html, "chart-runs", "runs", null, labels, new[]
        {
            ("found", runs.Select(r => (double?)r.Found).ToList()),
            ("new", runs.Select(r => (double?)r.New).ToList()),
            ("gone", runs.Select(r => (double?)r.Gone).ToList()),
        }, ranks: false);

        html.Append("<h2>Rank of the top creators</h2>\n<p class=\"muted\">Under each keyword, the latest run's top creators and their rank in every run (1 is the top; a gap: not found that run).</p>\n<div class=\"charts\">\n");
        var index = 0;
        foreach (var (keyword, creators) in data.Ranks)
        {
            index++;
            html.Append("<div>\n<h3>").Append(E(keyword)).Append("</h3>\n");
            Chart(html, "chart-ranks-" + index.ToString(CultureInfo.InvariantCulture), "ranks", keyword, labels, creators.Select(c => (c.Name ?? c.UserId, c.Ranks.Select(r => (double?)r).ToList())).ToList(), ranks: true);
            html.Append("</div>\n");
        }

        html.Append("</div>\n<h2>Keyword overlap</h2>\n<p class=\"muted\">Latest run: the share of users two keywords have in common (Jaccard: shared ÷ either), for its largest keywords.</p>\n");
        HeatMap(html, data.HeatKeywords, data.Jaccard);

        html.Append("<h2>Latest changes</h2>\n<p class=\"muted\">");
        if (runs.Count < 2)
        {
            html.Append("One finished run so far: harvest again to see changes.");
        }
        else
        {
            html.Append("From run ").Append(runs[^2].RunId).Append(" to run ").Append(runs[^1].RunId).Append(": ").Append(data.ChangesTotal).Append(" change(s)")
                .Append(data.ChangesTotal > data.Changes.Count ? $", the first {data.Changes.Count} shown (xhs changes lists them all)" : "").Append('.');
        }

        html.Append("</p>\n<table data-table=\"changes\">\n<thead><tr><th>kind</th><th>keyword</th><th>user</th><th>name</th><th>from</th><th>to</th><th>field</th><th>old</th><th>new</th></tr></thead>\n<tbody>\n");
        foreach (var c in data.Changes)
        {
            html.Append("<tr data-change=\"").Append(E(c.Kind)).Append("\"><td class=\"k-").Append(E(c.Kind)).Append("\">").Append(E(c.Kind)).Append("</td><td>").Append(E(c.Keyword)).Append("</td><td>")
                .Append(E(c.UserId)).Append("</td><td>").Append(E(c.Name)).Append("</td><td class=\"n\">").Append(c.FromRank).Append("</td><td class=\"n\">").Append(c.ToRank)
                .Append("</td><td>").Append(E(c.Field)).Append("</td><td>").Append(E(c.Old)).Append("</td><td>").Append(E(c.New)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n<p class=\"muted\">Made by xhs report. Nothing on this page is fetched: it opens offline.</p>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A line chart: one series per entry, a point per run where it has a value (gaps break the line).</summary>
    private static void Chart(StringBuilder html, string id, string kind, string? keyword, IReadOnlyList<string> labels, IReadOnlyList<(string Name, List<double?> Values)> series, bool ranks)
    {
        const int width = 520, height = 240, left = 44, right = 12, top = 14, bottom = 28;
        var values = series.SelectMany(s => s.Values).OfType<double>().ToList();
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max());
        var min = ranks ? 1 : 0;
        double X(int i) => labels.Count == 1 ? left + (width - left - right) / 2.0 : left + i * (width - left - right) / (double)(labels.Count - 1);
        double Y(double v) => ranks
            ? top + (v - min) / Math.Max(1, max - min) * (height - top - bottom)
            : height - bottom - v / max * (height - top - bottom);

        html.Append("<div class=\"legend\">");
        for (var s = 0; s < series.Count; s++)
        {
            html.Append("<span data-for=\"").Append(id).Append("\" data-index=\"").Append(s).Append("\"><i style=\"background:").Append(Palette[s % Palette.Length]).Append("\"></i>").Append(E(series[s].Name)).Append("</span>");
        }

        html.Append("</div>\n<svg id=\"").Append(id).Append("\" data-chart=\"").Append(kind).Append('"');
        if (keyword is not null)
        {
            html.Append(" data-keyword=\"").Append(E(keyword)).Append('"');
        }

        html.Append(" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\">\n");
        foreach (var tick in new[] { min, ranks ? Math.Round((min + max) / 2) : (min + max) / 2, max }.Distinct())
        {
            html.Append("<line class=\"grid\" x1=\"").Append(left).Append("\" x2=\"").Append(width - right).Append("\" y1=\"").Append(F(Y(tick))).Append("\" y2=\"").Append(F(Y(tick))).Append("\"/>")
                .Append("<text x=\"").Append(left - 6).Append("\" y=\"").Append(F(Y(tick) + 4)).Append("\" text-anchor=\"end\">").Append(F(tick)).Append("</text>\n");
        }

        html.Append("<line class=\"axis\" x1=\"").Append(left).Append("\" x2=\"").Append(left).Append("\" y1=\"").Append(top).Append("\" y2=\"").Append(height - bottom).Append("\"/>\n");
        var step = Math.Max(1, labels.Count / 12);
        for (var i = 0; i < labels.Count; i += step)
        {
            html.Append("<text x=\"").Append(F(X(i))).Append("\" y=\"").Append(height - 10).Append("\" text-anchor=\"middle\">").Append(E(labels[i])).Append("</text>");
        }

        html.Append('\n');
        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            html.Append("<g data-series=\"").Append(E(series[s].Name)).Append("\" data-series-index=\"").Append(s).Append("\">");
            var path = new StringBuilder();
            var pen = false;
            for (var i = 0; i < series[s].Values.Count; i++)
            {
                if (series[s].Values[i] is { } v)
                {
                    path.Append(pen ? " L" : "M").Append(F(X(i))).Append(',').Append(F(Y(v)));
                    pen = true;
                }
                else
                {
                    pen = false;
                }
            }

            html.Append("<path class=\"line\" stroke=\"").Append(color).Append("\" d=\"").Append(path).Append("\"/>");
            for (var i = 0; i < series[s].Values.Count; i++)
            {
                if (series[s].Values[i] is { } v)
                {
                    html.Append("<circle data-point=\"").Append(E(labels[i])).Append("\" data-value=\"").Append(F(v)).Append("\" cx=\"").Append(F(X(i))).Append("\" cy=\"").Append(F(Y(v)))
                        .Append("\" r=\"3.5\" fill=\"").Append(color).Append("\"><title>").Append(E(series[s].Name)).Append(", run ").Append(E(labels[i])).Append(": ").Append(F(v)).Append("</title></circle>");
                }
            }

            html.Append("</g>\n");
        }

        html.Append("</svg>\n");
    }

    private static void HeatMap(StringBuilder html, IReadOnlyList<string> keywords, double[,] jaccard)
    {
        const int cell = 26, labelWidth = 150, labelHeight = 110;
        var size = keywords.Count;
        var width = labelWidth + size * cell + 10;
        var height = labelHeight + size * cell + 10;
        html.Append("<svg data-chart=\"overlap\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\">\n");
        for (var i = 0; i < size; i++)
        {
            html.Append("<text x=\"").Append(labelWidth - 6).Append("\" y=\"").Append(labelHeight + i * cell + cell / 2 + 4).Append("\" text-anchor=\"end\">").Append(E(Short(keywords[i]))).Append("</text>")
                .Append("<text transform=\"translate(").Append(labelWidth + i * cell + cell / 2 + 4).Append(',').Append(labelHeight - 6).Append(") rotate(-60)\">").Append(E(Short(keywords[i]))).Append("</text>\n");
        }

        for (var a = 0; a < size; a++)
        {
            for (var b = 0; b < size; b++)
            {
                var value = jaccard[a, b];
                html.Append("<rect data-cell=\"\" data-a=\"").Append(E(keywords[a])).Append("\" data-b=\"").Append(E(keywords[b])).Append("\" data-value=\"").Append(F(value))
                    .Append("\" x=\"").Append(labelWidth + b * cell).Append("\" y=\"").Append(labelHeight + a * cell).Append("\" width=\"").Append(cell - 2).Append("\" height=\"").Append(cell - 2)
                    .Append("\" fill=\"#2563eb\" fill-opacity=\"").Append(F(a == b ? 1 : 0.08 + 0.92 * Math.Min(1, value * 2))).Append("\"><title>").Append(E(keywords[a])).Append(" · ").Append(E(keywords[b]))
                    .Append(": ").Append(F(value)).Append("</title></rect>");
            }

            html.Append('\n');
        }

        html.Append("</svg>\n");
    }

    private static string Short(string text) => text.Length <= 14 ? text : text[..(char.IsHighSurrogate(text[12]) ? 12 : 13)] + "…";

    private static string F(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);

    /// <summary>Text escaped for HTML (element content and quoted attributes), with control characters removed.</summary>
    private static string E(string? text) => WebUtility.HtmlEncode(new string((text ?? "").Where(c => !char.IsControl(c) || c is '\t').ToArray()));
}
