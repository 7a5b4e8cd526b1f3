package domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionIdsTest {

    private static final String ORDER = "47063fe3-56d9-4c51-b91f-71929834ce03";

    @Test
    void idsAreRfc4122NameBasedUuidsInTheOidNameSpace() {
        // expected values from Python's uuid.uuid5(uuid.NAMESPACE_OID, order_id + kind)
        assertThat(TransactionIds.debit(ORDER)).isEqualTo("da952411-ac42-5484-a2c5-1ae4e940279b");
        assertThat(TransactionIds.credit(ORDER)).isEqualTo("a1afc7b9-feaa-58e7-be9e-8e916e6633a3");
        assertThat(TransactionIds.reservation(ORDER)).isEqualTo("81a61621-1774-5a6b-8c03-3e8f3b4f16ca");
    }

    @Test
    void differentOrdersGetDifferentIds() {
        assertThat(TransactionIds.debit("order-a")).isNotEqualTo(TransactionIds.debit("order-b"));
    }
}
