package app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Input that must never start a saga, each with the reason the app must give. */
final class HostileCorpus {

    /** One hostile input; {@code queueable} is false where SQS itself cannot carry the bytes. */
    record Case(String name, byte[] body, String reason, boolean queueable) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String DATE = "\"order_date\": \"2018-10-19T10:50:16+08:00\"";
    private static final String CUSTOMER = "\"customer_id\": \"c-1\"";
    private static final String ITEM = "{\"item_id\": \"1\", \"qty\": 1, \"description\": \"d\", \"unit_price\": 1.00}";

    private HostileCorpus() {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(raw("empty", new byte[0], "empty input", false));
        cases.add(text("blank", "   \n ", "must be a JSON object"));
        cases.add(text("not-json", "hello world", "not valid JSON"));
        cases.add(text("truncated", "{\"order_id\": \"abc\", \"items\": [", "not valid JSON"));
        cases.add(text("trailing-garbage", order("\"ok-1\"", CUSTOMER, DATE, "[" + ITEM + "]") + " xyz", "not valid JSON"));
        cases.add(text("array", "[1, 2, 3]", "must be a JSON object"));
        cases.add(text("string", "\"an order\"", "must be a JSON object"));
        cases.add(text("duplicate-key", "{\"order_id\": \"a\", \"order_id\": \"b\"}", "Duplicate field"));
        cases.add(text("missing-order-id", "{" + CUSTOMER + ", " + DATE + ", \"items\": [" + ITEM + "]}", "order_id is required"));
        cases.add(text("null-order-id", order("null", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id is required"));
        cases.add(text("object-order-id", order("{\"a\": 1}", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be a string"));
        cases.add(text("number-order-id", order("12345", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be a string"));
        cases.add(text("hash-in-id", order("\"a#b\"", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be 1 to 64 letters"));
        cases.add(text("ampersand-in-id", order("\"a&b=c\"", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be 1 to 64 letters"));
        cases.add(text("comma-in-id", order("\"a,b\"", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be 1 to 64 letters"));
        cases.add(text("space-in-id", order("\"a b\"", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be 1 to 64 letters"));
        cases.add(text("path-traversal-id", order("\"../../etc/passwd\"", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be 1 to 64 letters"));
        cases.add(text("non-ascii-id", order("\"ordér-1\"", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be 1 to 64 letters"));
        cases.add(text("long-id", order("\"" + "a".repeat(65) + "\"", CUSTOMER, DATE, "[" + ITEM + "]"), "order_id must be 1 to 64 letters"));
        cases.add(text("missing-customer", order("\"ok-2\"", "\"x\": 1", DATE, "[" + ITEM + "]"), "customer_id is required"));
        cases.add(text("number-customer", order("\"ok-3\"", "\"customer_id\": 7", DATE, "[" + ITEM + "]"), "customer_id must be a string"));
        cases.add(text("missing-items", order("\"ok-4\"", CUSTOMER, DATE, "null"), "items must be an array"));
        cases.add(text("object-items", order("\"ok-5\"", CUSTOMER, DATE, "{\"a\": 1}"), "items must be an array"));
        cases.add(text("no-items", order("\"ok-6\"", CUSTOMER, DATE, "[]"), "an order needs 1 to 100 items, not 0"));
        cases.add(text("thousands-of-items", order("\"ok-7\"", CUSTOMER, DATE, "[" + String.join(",", java.util.Collections.nCopies(5000, ITEM)) + "]"),
                "an order needs 1 to 100 items, not 5000"));
        cases.add(text("item-not-object", order("\"ok-8\"", CUSTOMER, DATE, "[42]"), "items[0] must be an object"));
        cases.add(text("missing-item-id", order("\"ok-9\"", CUSTOMER, DATE, "[{\"qty\": 1, \"unit_price\": 1}]"), "items[0].item_id is required"));
        cases.add(text("negative-qty", order("\"ok-10\"", CUSTOMER, DATE, item("-1", "1.00")), "items[0].qty must be a whole number"));
        cases.add(text("fractional-qty", order("\"ok-11\"", CUSTOMER, DATE, item("1.5", "1.00")), "items[0].qty must be a whole number"));
        cases.add(text("huge-qty", order("\"ok-12\"", CUSTOMER, DATE, item("1e12", "1.00")), "items[0].qty must be a whole number"));
        cases.add(text("string-qty", order("\"ok-13\"", CUSTOMER, DATE, item("\"2\"", "1.00")), "items[0].qty must be a number"));
        cases.add(text("negative-price", order("\"ok-14\"", CUSTOMER, DATE, item("1", "-5")), "unit_price must be 0 or more"));
        cases.add(text("three-decimals", order("\"ok-15\"", CUSTOMER, DATE, item("1", "1.999")), "at most 2 decimals"));
        cases.add(text("nan-price", order("\"ok-16\"", CUSTOMER, DATE, item("1", "NaN")), "not valid JSON"));
        cases.add(text("infinite-price", order("\"ok-17\"", CUSTOMER, DATE, item("1", "Infinity")), "not valid JSON"));
        cases.add(text("bad-date", order("\"ok-18\"", CUSTOMER, "\"order_date\": \"yesterday\"", "[" + ITEM + "]"), "order_date must be an ISO-8601"));
        cases.add(text("date-without-offset", order("\"ok-19\"", CUSTOMER, "\"order_date\": \"2018-10-19T10:50:16\"", "[" + ITEM + "]"),
                "order_date must be an ISO-8601"));
        cases.add(text("null-date", order("\"ok-20\"", CUSTOMER, "\"order_date\": null", "[" + ITEM + "]"), "order_date is required"));
        cases.add(text("long-description", order("\"ok-21\"", CUSTOMER, DATE,
                "[{\"item_id\": \"1\", \"qty\": 1, \"description\": \"" + "x".repeat(2000) + "\", \"unit_price\": 1}]"),
                "items[0].description is longer than 1000"));
        cases.add(text("deep-nesting", "{\"order_id\": " + "[".repeat(500) + "]".repeat(500) + "}", "nesting depth"));
        cases.add(raw("megabytes", ("{\"order_id\": \"big\", \"customer_id\": \"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                "at most 1048576 bytes", false));
        cases.add(raw("invalid-utf8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, "not UTF-8 text", false));
        cases.add(raw("utf16", order("\"ok-22\"", CUSTOMER, DATE, "[" + ITEM + "]").getBytes(StandardCharsets.UTF_16LE), "not UTF-8 text", false));
        return cases;
    }

    private static String order(String id, String customer, String date, String items) {
        return "{\"order_id\": " + id + ", " + customer + ", " + date + ", \"items\": " + items + "}";
    }

    private static String item(String qty, String price) {
        return "[{\"item_id\": \"1\", \"qty\": " + qty + ", \"description\": \"d\", \"unit_price\": " + price + "}]";
    }

    private static Case text(String name, String body, String reason) {
        return new Case(name, body.getBytes(StandardCharsets.UTF_8), reason, true);
    }

    private static Case raw(String name, byte[] body, String reason, boolean queueable) {
        return new Case(name, body, reason, queueable);
    }
}
