package routes;

import domain.Step;

/** Payment service: ProcessPayment (debit), its compensation ProcessRefund, and its completion SettlePayment. */
public class PaymentServiceRoutes extends ParticipantRoutes {

    @Override
    public void configure() {
        action(Step.PROCESS_PAYMENT, "debit the order total", "paymentRepository", "debit");
        compensation(Step.PROCESS_REFUND, "credit back the debit", "paymentRepository", "refund");
        completion(Step.SETTLE_PAYMENT, "the debit can no longer be refunded", "paymentRepository", "settle");
    }
}
