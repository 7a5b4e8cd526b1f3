package domain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads order JSON (the seed sample's shape) into an {@link Order}, or says exactly why it cannot.
 * Ids are kept to plain characters because they travel unencoded in the coordinator's callback URLs.
 */
public class OrderReader {

    static final Pattern ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    static final int MAX_ITEMS = 100;
    static final int MAX_QTY = 10_000;
    static final int MAX_TEXT = 1_000;

    static final int MAX_DEPTH = 16;

    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final int maxBytes;

    public OrderReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Order read(byte[] json) {
        if (json.length > maxBytes) {
            throw new InvalidOrderException("an order may have at most " + maxBytes + " bytes, this one has " + json.length);
        }
        requireUtf8(json);
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidOrderException("not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidOrderException("unreadable input: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidOrderException("an order must be a JSON object");
        }
        String orderId = id(root, "order_id");
        String customerId = text(root, "customer_id");
        String orderDate = date(root);
        return new Order(orderId, orderDate, customerId, items(root.get("items")));
    }

    /** JSON parsers guess UTF-16 and UTF-32 from the first bytes; orders must be UTF-8, and valid. */
    private static void requireUtf8(byte[] json) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new InvalidOrderException("not UTF-8 text");
        }
        if (json.length == 0) {
            throw new InvalidOrderException("empty input");
        }
        if (json.length > 1 && (json[0] == 0 || json[1] == 0)) {
            throw new InvalidOrderException("not UTF-8 text");
        }
    }

    private List<OrderItem> items(JsonNode items) {
        if (items == null || !items.isArray()) {
            throw new InvalidOrderException("items must be an array");
        }
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new InvalidOrderException("an order needs 1 to " + MAX_ITEMS + " items, not " + items.size());
        }
        List<OrderItem> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw new InvalidOrderException("items[" + i + "] must be an object");
            }
            result.add(item(item, "items[" + i + "]"));
        }
        return result;
    }

    private OrderItem item(JsonNode item, String where) {
        String itemId = id(item, "item_id", where);
        JsonNode description = item.get("description");
        if (description != null && !description.isNull() && !description.isTextual()) {
            throw new InvalidOrderException(where + ".description must be a string");
        }
        String text = description == null || description.isNull() ? "" : description.asText();
        if (text.length() > MAX_TEXT) {
            throw new InvalidOrderException(where + ".description is longer than " + MAX_TEXT + " characters");
        }
        return new OrderItem(itemId, quantity(item.get("qty"), where), text, price(item.get("unit_price"), where));
    }

    private static int quantity(JsonNode qty, String where) {
        if (qty == null || !qty.isNumber()) {
            throw new InvalidOrderException(where + ".qty must be a number");
        }
        BigDecimal value = qty.decimalValue();
        if (value.signum() <= 0 || value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(MAX_QTY)) > 0) {
            throw new InvalidOrderException(where + ".qty must be a whole number from 1 to " + MAX_QTY + ", not " + qty.asText());
        }
        return value.intValueExact();
    }

    private static BigDecimal price(JsonNode price, String where) {
        if (price == null || !price.isNumber()) {
            throw new InvalidOrderException(where + ".unit_price must be a number");
        }
        BigDecimal value = price.decimalValue();
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 2 || value.precision() - value.scale() > 9) {
            throw new InvalidOrderException(where + ".unit_price must be 0 or more with at most 2 decimals, not " + price.asText());
        }
        return value.setScale(2);
    }

    private static String date(JsonNode root) {
        String date = text(root, "order_date");
        try {
            OffsetDateTime.parse(date);
            return date;
        } catch (DateTimeParseException e) {
            throw new InvalidOrderException("order_date must be an ISO-8601 date-time with offset, not '" + date + "'");
        }
    }

    private static String id(JsonNode node, String field) {
        return id(node, field, null);
    }

    private static String id(JsonNode node, String field, String where) {
        String name = where == null ? field : where + "." + field;
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidOrderException(name + " is required");
        }
        if (!value.isTextual()) {
            throw new InvalidOrderException(name + " must be a string");
        }
        if (!ID.matcher(value.asText()).matches()) {
            throw new InvalidOrderException(name + " must be 1 to 64 letters, digits or '-'");
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw new InvalidOrderException(field + " is required");
        }
        if (!value.isTextual()) {
            throw new InvalidOrderException(field + " must be a string");
        }
        if (value.asText().length() > MAX_TEXT) {
            throw new InvalidOrderException(field + " is longer than " + MAX_TEXT + " characters");
        }
        return value.asText();
    }
}
