package view;

import domain.OrderStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The console's HTML building blocks: one page shell (styles inline, no CDN, so it works offline),
 * escaping, times a browser shows in its own zone, and statuses told by text and symbol as well as colour.
 */
public final class Html {

    private Html() {
    }

    /**
     * A whole page. With {@code refreshSeconds} above zero the browser reloads the same address (and
     * so the same filter) that often. A small inline script shows each time in the reader's zone.
     */
    static String page(String title, String body, int refreshSeconds) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n"
                + (refreshSeconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">\n" : "")
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>"
                + "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                + "a:focus,button:focus,input:focus,select:focus{outline:3px solid #1a5fb4;outline-offset:2px}"
                + ".skip{position:absolute;left:-999px}.skip:focus{left:1em;top:1em;background:#fff;padding:4px}"
                + ".counts{display:flex;gap:1em;flex-wrap:wrap;list-style:none;padding:0}"
                + ".counts a{display:block;border:1px solid #bbb;border-radius:6px;padding:6px 12px;text-decoration:none;color:inherit}"
                + ".counts a[aria-current]{border:3px solid #1a5fb4}.counts b{display:block;font-size:1.6em}"
                + ".error{white-space:pre-wrap;word-break:break-word;max-width:60em}"
                + ".step rect{fill:#eee;stroke:#999}.step text{font-size:13px}.NOT_RUN{opacity:.35}"
                + ".SUCCEEDED rect{fill:#c8efc8;stroke:#2a2}.FAILED rect{fill:#f7c6c6;stroke:#c22}"
                + ".SUCCEEDED,.COMPLETED{color:#176b17}.FAILED,.COMPENSATION_FAILED{color:#a11}.CANCELLED{color:#8a4b00}"
                + ".IN_PROGRESS,.COMPENSATING{color:#1a4f9c}"
                + "</style></head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<main id=\"main\">\n" + body
                + "\n</main>\n<script>document.querySelectorAll('time[datetime]').forEach(function(t){"
                + "var d=new Date(t.getAttribute('datetime'));if(!isNaN(d)){t.title=t.textContent;"
                + "t.textContent=d.toLocaleString();}});</script>\n</body></html>\n";
    }

    /** A short page saying why a request got {@code status}, with the way back. */
    public static String message(int status, String text) {
        return page("HTTP " + status, "<h1>HTTP " + status + "</h1>\n<p id=\"message\">" + escape(text)
                + "</p>\n<p><a href=\"/\">all orders</a></p>", 0);
    }

    /** An instant as stored (ISO-8601, UTC): readable UTC text, which the page's script turns into local time. */
    static String time(String instant) {
        if (instant == null) {
            return "";
        }
        String readable = instant.replace('T', ' ').replaceFirst("(\\.\\d{1,3})\\d*Z$", "$1Z").replace("Z", " UTC");
        return "<time datetime=\"" + escape(instant) + "\">" + escape(readable) + "</time>";
    }

    /** A status as text, with a symbol and a colour that repeat it. */
    static String status(OrderStatus status) {
        String symbol = switch (status) {
            case COMPLETED -> "✓";
            case CANCELLED -> "↩";
            case COMPENSATION_FAILED -> "✗";
            case IN_PROGRESS, COMPENSATING -> "…";
        };
        return "<span class=\"status " + status.name() + "\"><span aria-hidden=\"true\">" + symbol + " </span>" + status.name() + "</span>";
    }

    static String text(Object value) {
        return value == null ? "" : escape(value.toString());
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A query parameter value, percent-encoded. */
    static String param(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A path segment, percent-encoded (a space is %20 there, not +). */
    static String segment(String value) {
        return param(value).replace("+", "%20");
    }
}
