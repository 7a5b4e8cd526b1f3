package routes;

import domain.Step;

/** Order service: ProcessOrder, its compensation UpdateOrderStatus, and its completion CompleteOrder. */
public class OrderServiceRoutes extends ParticipantRoutes {

    @Override
    public void configure() {
        action(Step.PROCESS_ORDER, "store the order IN_PROGRESS", "orderRepository", "create");
        compensation(Step.UPDATE_ORDER_STATUS, "the order is cancelled", "orderRepository", "cancel");
        completion(Step.COMPLETE_ORDER, "the order is complete", "orderRepository", "complete");
    }
}
