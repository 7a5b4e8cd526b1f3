package store;

import java.math.BigDecimal;

/** One line of the payments ledger: a Debit (positive) or a Credit (negative, or 0 when nothing was due). */
public record PaymentEntry(String transactionId, String orderId, String paymentType, BigDecimal amount,
                           String state, String transactionDate) {
}
