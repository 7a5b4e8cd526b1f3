package domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderReaderTest {

    private final OrderReader reader = new OrderReader(10_000);

    @Test
    void readsTheSeedSampleShapeWithExactMoney() {
        Order order = reader.read(bytes("""
                {"order_id": "1ae4501d-ed92", "order_date": "2018-10-19T10:50:16+08:00", "customer_id": "c-1",
                 "unknown": "ignored",
                 "items": [{"item_id": "987", "qty": 1.0, "description": "Cart item 1", "unit_price": 19.99},
                           {"item_id": "3", "qty": 2.0, "description": "Cart item 3", "unit_price": 6.50},
                           {"item_id": "3", "qty": 1, "unit_price": 6.5}]}
                """));

        assertThat(order.total()).isEqualByComparingTo(new BigDecimal("39.49"));
        assertThat(order.quantitiesByItem()).containsEntry("3", 3).containsEntry("987", 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all                                             | not valid JSON",
        "[]                                                          | must be a JSON object",
        "{\"order_id\": \"a#b\"}                                     | order_id must be 1 to 64 letters",
        "{\"order_id\": \"a\", \"order_date\": \"yesterday\", \"customer_id\": \"c\", \"items\": []} | order_date must be an ISO-8601",
        "{\"order_id\": \"a\", \"order_date\": \"2018-10-19T10:50:16Z\", \"customer_id\": \"c\", \"items\": []} | 1 to 100 items",
        "{\"order_id\": \"a\", \"order_date\": \"2018-10-19T10:50:16Z\", \"customer_id\": \"c\", \"items\": [{\"item_id\": \"1\", \"qty\": 1.5, \"unit_price\": 1}]} | qty must be a whole number",
        "{\"order_id\": \"a\", \"order_date\": \"2018-10-19T10:50:16Z\", \"customer_id\": \"c\", \"items\": [{\"item_id\": \"1\", \"qty\": 1, \"unit_price\": 1.001}]} | at most 2 decimals",
        "{\"order_id\": \"a\", \"order_date\": \"2018-10-19T10:50:16Z\", \"items\": [{\"item_id\": \"1\", \"qty\": 1, \"unit_price\": 1}]} | customer_id is required",
    })
    void rejectsWhatCannotBeAnOrderAndSaysWhy(String json, String reason) {
        assertThatThrownBy(() -> reader.read(bytes(json))).isInstanceOf(InvalidOrderException.class).hasMessageContaining(reason);
    }

    @Test
    void rejectsInputOverTheSizeBound() {
        assertThatThrownBy(() -> reader.read(new byte[10_001])).hasMessageContaining("at most 10000 bytes");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
